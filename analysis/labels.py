"""Readable names for articles in charts and tables: outlet, date and a short title, never a hash.

The title is the article's own (``documents.title``, or a paragraph of kind
``title``), else the first words of its first body paragraph (its lead; a
heading inside the article names a section, not the article), else the file
name without ``.txt``. Labels are unique: a repeated one gets
`` (2)``, `` (3)`` ... in ``doc_id`` order.

Example:
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["Liputan6", ""], "date": ["2023-10-12", ""],
    ...                      "title": ["", ""], "file": ["x/putin.txt", "x/b.txt"]})
    >>> paras = pd.DataFrame({"doc_id": ["a"], "para_id": [1], "kind": ["body"],
    ...                       "text": ["Presiden Rusia Vladimir Putin melakukan lawatan dua hari ke Kyrgyzstan."]})
    >>> article_labels(docs, paras).tolist()
    ['Liputan6 · 2023-10-12 · Presiden Rusia Vladimir Putin…', 'b']
"""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd

UNKNOWN = "(unknown)"  # how a missing outlet is shown
TITLE_WORDS = 5  # words of the first paragraph used when an article has no title
TITLE_CHARS = 36


def short_title(text: str, *, words: int = TITLE_WORDS, chars: int = TITLE_CHARS) -> str:
    """The first words of ``text``: at most ``words`` of them and ``chars`` characters (cut at a space), with … when cut."""
    parts = " ".join(str(text).split()).split(" ")
    kept: list[str] = []
    for word in parts[:words]:
        if kept and len(" ".join([*kept, word])) > chars:
            break
        kept.append(word)
    short = " ".join(kept)[:chars]
    return short + ("…" if short != " ".join(parts) else "")


def article_labels(documents: pd.DataFrame, paragraphs: pd.DataFrame | None = None) -> pd.Series:
    """One label per article, indexed by ``doc_id`` (see the module's description)."""
    leads: dict[str, str] = {}
    if paragraphs is not None and len(paragraphs):
        ordered = paragraphs.sort_values(["doc_id", "para_id"], kind="mergesort")
        for kind in ("body", "title"):  # a title wins over the first body paragraph
            first = ordered[ordered["kind"] == kind].drop_duplicates("doc_id")
            leads.update(zip(first["doc_id"], first["text"]))
    labels = []
    for row in documents.sort_values("doc_id").itertuples(index=False):
        title = str(getattr(row, "title", "") or "").strip() or leads.get(row.doc_id, "")
        named = [str(v).strip() for v in (getattr(row, "source", ""), getattr(row, "date", "")) if isinstance(v, str) and v.strip()]
        if title:
            named.append(short_title(title))
        if not named or not title:
            stem = PurePath(str(getattr(row, "file", "") or row.doc_id)).stem or row.doc_id
            named.append(stem)
        labels.append(" · ".join(named))
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return pd.Series(unique, index=documents.sort_values("doc_id")["doc_id"].to_numpy(), name="label")
