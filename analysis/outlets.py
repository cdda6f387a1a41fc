"""Name news outlets from a dateline ("TRIBUNNEWS.COM") or a URL, with the editable table ``data/lexicons/outlets.csv``.

Example:
    >>> outlet_name("TRIBUNNEWS.COM"), outlet_name("https://www.example.org/a/b"), is_outlet("ANTARA")
    ('Tribunnews', 'example.org', True)
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from analysis import config


@lru_cache(maxsize=4)
def load_outlets(path: Path = config.OUTLETS) -> dict[str, str]:
    """The outlet names of ``outlets.csv``, keyed by lower-case domain or name (the key column and the name itself)."""
    outlets: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("key") and row.get("outlet"):
                outlets[row["key"].strip().lower()] = row["outlet"].strip()
                outlets.setdefault(row["outlet"].strip().lower(), row["outlet"].strip())
    return outlets


def _key(name_or_url: str) -> str:
    key = urlparse(name_or_url).hostname if "://" in name_or_url else name_or_url
    return (key or "").strip().lower().removeprefix("www.")


def is_outlet(name: str) -> bool:
    """True when ``name`` is an outlet of the table, by domain ("kompas.com") or by name ("CNN Indonesia")."""
    return lookup(name) != ""


def lookup(name_or_url: str) -> str:
    """The outlet's name if the table knows it, also for subdomains ("news.detik.com"), else ``""``."""
    key = _key(name_or_url)
    outlets = load_outlets()
    if key in outlets:
        return outlets[key]
    parts = key.split(".")
    for i in range(1, len(parts) - 1):
        if ".".join(parts[i:]) in outlets:
            return outlets[".".join(parts[i:])]
    return ""


def outlet_name(name_or_url: str) -> str:
    """The outlet for a dateline name or a URL; one the table does not know is returned as its domain."""
    if not name_or_url:
        return ""
    return lookup(name_or_url) or (_key(name_or_url) if "://" in name_or_url or "." in name_or_url else name_or_url)
