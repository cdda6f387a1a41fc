"""Load the articles of one or more corpus folders, read-only, with a clear word on every file that cannot be used.

Every ``*.txt`` file of the folders is read, in folder order then by name.
UTF-8 is expected; UTF-8 with a byte-order mark, UTF-16 and legacy encodings
(cp1252, then latin-1) are read with a warning. An empty or binary file is
skipped with a message naming it, and loading goes on. Two files whose text is
the same after normalisation are flagged: the later one gets ``duplicate_of``
and is not analysed again. The files themselves are only ever opened for
reading.

Metadata (outlet, date, title, url, dateline city) is taken from the text by
:func:`extract_metadata` and can be supplied or overridden by a
``metadata.csv`` sidecar in a corpus folder (see :func:`read_metadata_sidecar`).

Example:
    >>> corpus = load_corpus(["seeds"], limit=2)
    >>> [a.doc_id for a in corpus.articles]
    ['000_0375a09f782309bd', '001_fd7004517a8b4e06']
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from analysis import config
from analysis import resources as R
from analysis.clean import CleanedDocument, normalize_text

log = logging.getLogger(__name__)

ARTICLE_SUFFIX = ".txt"
METADATA_FIELDS = ("source", "title", "date", "url", "city")
# Share of control characters above which a decoded file is taken for binary.
BINARY_CONTROL_SHARE = 0.05


@dataclass
class Article:
    """One article file as read: its text is decoded but otherwise untouched."""

    doc_id: str
    path: Path
    text: str
    encoding: str
    sha256: str
    duplicate_of: str = ""


@dataclass(frozen=True)
class LoadProblem:
    """Something the loader has to tell about a file: ``level`` is ``warning`` (read anyway) or ``skipped``."""

    path: Path
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.path}: {self.message}"


@dataclass
class Corpus:
    """The articles read from the corpus folders, the problems met, and the metadata sidecars' rows."""

    articles: list[Article] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    overrides: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def unique(self) -> list[Article]:
        """The articles to analyse: all but the duplicates."""
        return [a for a in self.articles if not a.duplicate_of]

    def require_articles(self, folders: Sequence[str | os.PathLike[str]]) -> Corpus:
        """Return the corpus, or raise :class:`EmptyCorpus` naming ``folders`` when it holds no article."""
        if not self.unique:
            where = ", ".join(str(config.resolve(f)) for f in folders)
            skipped = f"; {len(self.problems)} files skipped, see the problems table" if self.problems else ""
            raise EmptyCorpus(f"no readable .txt article in {where}{skipped}")
        return self

    def problems_table(self):
        """The problems as a DataFrame (file, level, message) for a notebook to show."""
        import pandas as pd

        rows = [{"file": str(p.path), "level": p.level, "message": p.message} for p in self.problems]
        return pd.DataFrame(rows, columns=["file", "level", "message"])


class EmptyCorpus(ValueError):
    """Raised by :meth:`Corpus.require_articles` when no article could be read."""


class UnreadableFile(ValueError):
    """Raised by :func:`read_article_file` for a file that holds no usable text."""


def _is_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > BINARY_CONTROL_SHARE * max(len(text), 1)


def decode_bytes(data: bytes) -> tuple[str, str, str]:
    """Decode an article's bytes.

    Returns:
        ``(text, encoding, warning)``; ``warning`` is empty for plain UTF-8.

    Raises:
        UnreadableFile: when the bytes are empty, blank or binary.
    """
    if not data.strip():
        raise UnreadableFile("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding, warning = data.decode("utf-16"), "utf-16", "read as UTF-16 (byte-order mark found); UTF-8 is expected"
    elif data.startswith(b"\xef\xbb\xbf"):
        text, encoding, warning = data[3:].decode("utf-8", errors="replace"), "utf-8-sig", "UTF-8 with a byte-order mark; the mark was ignored"
    else:
        try:
            text, encoding, warning = data.decode("utf-8"), "utf-8", ""
        except UnicodeDecodeError as err:
            if b"\x00" in data:
                raise UnreadableFile("binary content (NUL bytes), not a text article") from err
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "latin-1"
            warning = f"not valid UTF-8 (byte {err.start}); read as {encoding}, check accented letters"
    if _is_binary(text):
        raise UnreadableFile("binary content (control characters), not a text article")
    if not text.strip():
        raise UnreadableFile("the file holds only whitespace")
    return text, encoding, warning


def read_article_file(path: Path, doc_id: str | None = None) -> tuple[Article, str]:
    """Read one article file. Returns the article and a warning (empty when there is none)."""
    data = path.read_bytes()
    text, encoding, warning = decode_bytes(data)
    article = Article(doc_id or path.stem, path, text, encoding, hashlib.sha256(data).hexdigest())
    return article, warning


def article_paths(folders: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The ``*.txt`` files of ``folders`` (not recursive), folder by folder, sorted by name.

    A folder that does not exist is passed over: ``data/raw/`` may not have been created yet.
    """
    paths: list[Path] = []
    for folder in folders:
        root = config.resolve(folder)
        if root.is_dir():
            paths.extend(sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() == ARTICLE_SUFFIX))
    return paths


def load_corpus(
    folders: Sequence[str | os.PathLike[str]],
    *,
    limit: int | None = None,
    metadata_files: Sequence[str | os.PathLike[str]] | None = None,
) -> Corpus:
    """Read every article of ``folders``, flag duplicates, and collect the problems met.

    Args:
        folders: corpus folders, absolute or relative to the project root.
        limit: read at most this many articles (a sample for lessons and tests); None or 0 reads all.
        metadata_files: metadata sidecars to apply; by default ``metadata.csv`` in each folder.

    Returns:
        A :class:`Corpus`. Problems are also logged as warnings.
    """
    corpus = Corpus()
    by_text: dict[str, str] = {}
    ids: set[str] = set()
    for path in article_paths(folders):
        if limit and len(corpus.articles) >= limit:
            break
        doc_id = _unique_id(path, ids)
        try:
            article, warning = read_article_file(path, doc_id)
        except (UnreadableFile, OSError) as err:
            _problem(corpus, path, "skipped", str(err))
            continue
        if doc_id != path.stem:
            _problem(corpus, path, "warning", f"another file is named {path.stem}; this one is {doc_id}")
        if warning:
            _problem(corpus, path, "warning", warning)
        key = hashlib.sha256(normalize_text(article.text).casefold().encode()).hexdigest()
        if key in by_text:
            article.duplicate_of = by_text[key]
            _problem(corpus, path, "warning", f"same text as {article.duplicate_of}; analysed once")
        else:
            by_text[key] = doc_id
        ids.add(doc_id)
        corpus.articles.append(article)
    if metadata_files is None:
        metadata_files = [config.resolve(f) / config.METADATA_FILENAME for f in folders]
    for sidecar in metadata_files:
        sidecar = config.resolve(sidecar)
        if sidecar.exists():
            rows, problems = read_metadata_sidecar(sidecar)
            corpus.overrides.update(rows)
            for message in problems:
                _problem(corpus, sidecar, "warning", message)
    known = {a.doc_id for a in corpus.articles} | {a.path.name for a in corpus.articles}
    for key in sorted(set(corpus.overrides) - known):
        if not limit:
            _problem(corpus, Path(key), "warning", "named in a metadata sidecar but no such article was read")
    return corpus


def _unique_id(path: Path, taken: set[str]) -> str:
    """The file's stem, or, when another folder had a file of that name, one prefixed with the folder."""
    doc_id, n = path.stem, 1
    while doc_id in taken:
        n += 1
        doc_id = f"{path.parent.name}-{path.stem}" + (f"-{n - 1}" if n > 2 else "")
    return doc_id


def _problem(corpus: Corpus, path: Path, level: str, message: str) -> None:
    problem = LoadProblem(path, level, message)
    corpus.problems.append(problem)
    log.warning("%s", problem)


# --- Metadata -----------------------------------------------------------------


def read_metadata_sidecar(path: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Read a ``metadata.csv`` sidecar.

    The file has a ``file`` column (the article's file name or doc_id) and any
    of the columns ``source, title, date, url, city``. A non-empty cell
    overrides what was found in the text; an empty cell leaves it alone.

    Returns:
        ``(rows, problems)``: the overrides by file name, and messages about
        rows that were ignored (each names the row and the problem).
    """
    rows: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        if "file" not in columns:
            return {}, [f"no 'file' column (columns are {', '.join(columns) or 'none'}); sidecar ignored"]
        unknown = [c for c in columns if c not in ("file", *METADATA_FIELDS)]
        if unknown:
            problems.append(f"unknown columns ignored: {', '.join(unknown)} (known: file, {', '.join(METADATA_FIELDS)})")
        for line_no, row in enumerate(reader, start=2):
            name = (row.get("file") or "").strip()
            if not name:
                problems.append(f"row {line_no}: empty 'file'; row ignored")
                continue
            values = {k: (row.get(k) or "").strip() for k in METADATA_FIELDS if (row.get(k) or "").strip()}
            if "date" in values and parse_iso_date(values["date"]) is None:
                problems.append(f"row {line_no} ({name}): date {values['date']!r} is not YYYY-MM-DD; date ignored")
                del values["date"]
            rows[name] = values
    return rows, problems


def parse_iso_date(value: str) -> str | None:
    """``value`` if it is a valid YYYY-MM-DD date, else None."""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str:
    """The first full date in ``text`` as YYYY-MM-DD, or ``""``.

    Recognises "Kamis (12/10/2023)" (day/month/year, the Indonesian order) and
    "30 Desember 2022 17:54 WIB". Dates without a year ("Jumat (13/10)") are
    not completed: what cannot be found stays empty.

    Example:
        >>> find_date("tiba pada Kamis (12/10/2023)."), find_date("30 Desember 2022 17:54 WIB")
        ('2023-10-12', '2022-12-30')
    """
    found: list[tuple[int, str]] = []
    for pattern in R.DATE_PATTERNS:
        for m in pattern.finditer(text):
            month = int(m.group("m")) if "m" in m.groupdict() and m.group("m") else R.MONTHS[m.group("mname").lower()]
            try:
                found.append((m.start(), dt.date(int(m.group("y")), month, int(m.group("d"))).isoformat()))
            except ValueError:
                continue
    return min(found)[1] if found else ""


@lru_cache(maxsize=4)
def load_outlets(path: Path = config.OUTLETS) -> dict[str, str]:
    """The outlet names of ``data/lexicons/outlets.csv``, keyed by lower-case domain or name."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["key"].strip().lower(): row["outlet"].strip() for row in csv.DictReader(handle) if row.get("key")}


def outlet_name(name_or_url: str) -> str:
    """The outlet for a dateline name ("TRIBUNNEWS.COM") or a URL; unknown ones are returned as their domain.

    Example:
        >>> outlet_name("TRIBUNNEWS.COM"), outlet_name("https://www.example.org/a/b")
        ('Tribunnews', 'example.org')
    """
    if not name_or_url:
        return ""
    key = urlparse(name_or_url).hostname if "://" in name_or_url else name_or_url
    key = (key or "").lower().removeprefix("www.")
    outlets = load_outlets()
    if key in outlets:
        return outlets[key]
    # "news.liputan6.com" -> "liputan6.com"
    parts = key.split(".")
    for i in range(1, len(parts) - 1):
        if ".".join(parts[i:]) in outlets:
            return outlets[".".join(parts[i:])]
    return key if "://" in name_or_url or "." in key else name_or_url


def extract_metadata(cleaned: CleanedDocument) -> dict[str, str]:
    """Metadata found in a cleaned article: source, title, date, url and dateline city.

    The outlet comes from the dateline, else from the source footer's URL; the
    date from a timestamp line, else from the first full date of the first
    body paragraph (for agency-style datelines, the date of the event
    reported, which is as close to publication as the text gets). Anything not
    found is ``""``.
    """
    url = cleaned.urls[0] if cleaned.urls else ""
    date = next((d for d in map(find_date, cleaned.timestamps) if d), "") or find_date(cleaned.first_body)
    return {
        "source": outlet_name(cleaned.dateline_outlet) or outlet_name(url),
        "title": cleaned.title,
        "date": date,
        "url": url,
        "city": cleaned.dateline_city,
    }


def apply_overrides(article: Article, found: dict[str, str], overrides: dict[str, dict[str, str]]) -> dict[str, str]:
    """``found`` updated with the sidecar row for ``article`` (matched by file name, then doc_id)."""
    row = overrides.get(article.path.name) or overrides.get(article.doc_id) or {}
    return {**found, **row}
