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
import io
import logging
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis import config
from analysis import resources as R
from analysis.clean import CleanedDocument, dedup_key, normalized_lines
from analysis.outlets import outlet_name

log = logging.getLogger(__name__)

ARTICLE_SUFFIX = ".txt"
METADATA_FIELDS = ("source", "title", "date", "url", "city")
# Share of control characters above which a decoded file is taken for binary.
BINARY_CONTROL_SHARE = 0.05
# Up to 3 NUL bytes, or one per 1,000 characters, are removed from a text (a database export); more means a binary file.
STRAY_NULS, STRAY_NUL_SHARE = 3, 0.001


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
    overrides: dict[Path, dict[str, str]] = field(default_factory=dict)  # sidecar values by article path

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


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|p|span|a|script|style|meta|link|br|table|tr|td|li|ul|ol|h[1-6]|article|section|"
    r"nav|footer|header|img|figure|iframe|form|input|button)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)
# A text whose markup makes up this share of its characters (with at least HTML_MIN_TAGS tags) is a page, not an article
# that quotes a tag or two.
HTML_TAG_SHARE = 0.2
HTML_MIN_TAGS = 10


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page saved as text: it starts like one (``<!DOCTYPE html>``, ``<html>``), or tags
    make up a fifth of it.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Putin tiba</p></body></html>")
    True
    >>> looks_like_html("Warganet menulis <script>alert(1)</script> di kolom komentar.")
    False
    """
    if _HTML_START.match(text[:5000]):
        return True
    tags = _HTML_TAG.findall(text)
    return len(tags) >= HTML_MIN_TAGS and sum(map(len, tags)) > HTML_TAG_SHARE * len(text)


def _is_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    return len(_CONTROL.findall(text)) > BINARY_CONTROL_SHARE * max(len(text), 1)


# A valid UTF-8 multi-byte sequence: if a file that fails to decode has some, it is UTF-8 with a few bad bytes.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _looks_utf16(data: bytes) -> str:
    """``utf-16-le`` or ``utf-16-be`` when every other byte is NUL, as in UTF-16 text saved without a byte-order mark."""
    sample = data[:4000]
    if len(sample) >= 4:
        if sample[1::2].count(0) > 0.4 * len(sample[1::2]) and sample[0::2].count(0) < 0.1 * len(sample[0::2]):
            return "utf-16-le"
        if sample[0::2].count(0) > 0.4 * len(sample[0::2]) and sample[1::2].count(0) < 0.1 * len(sample[1::2]):
            return "utf-16-be"
    return ""


def decode_bytes(data: bytes) -> tuple[str, str, str]:
    """Decode an article's bytes.

    UTF-8 is expected. A byte-order mark (UTF-8 or UTF-16) is honoured, UTF-16
    without a mark is recognised by its NUL bytes, a UTF-8 file with a few bad
    bytes keeps its UTF-8 and has them replaced by U+FFFD, and a file with no
    UTF-8 at all is read as cp1252 (else latin-1). All but plain UTF-8 come
    with a warning.

    Returns:
        ``(text, encoding, warning)``; ``warning`` is empty for plain UTF-8.

    Raises:
        UnreadableFile: when the bytes are empty, blank or binary.
    """
    if not data:
        raise UnreadableFile("the file is empty")
    if not data.strip():
        raise UnreadableFile("the file holds only whitespace")
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _looks_utf16(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
        bad = text.count("\ufffd")
        encoding, warning = utf16, f"read as {utf16.upper()}; UTF-8 is expected" + (f"; {bad} undecodable bytes replaced" if bad else "")
    elif data.startswith(b"\xef\xbb\xbf"):
        text, encoding, warning = (
            data[3:].decode("utf-8", errors="replace"),
            "utf-8-sig",
            "UTF-8 with a byte-order mark; the mark was ignored",
        )
    else:
        try:
            text, encoding, warning = data.decode("utf-8"), "utf-8", ""
        except UnicodeDecodeError as err:
            if b"\x00" in data:
                raise UnreadableFile("binary content (NUL bytes), not a text article") from err
            if _UTF8_MULTIBYTE.search(data):
                text = data.decode("utf-8", errors="replace")
                encoding = "utf-8"
                warning = f"{text.count(chr(0xFFFD))} bytes are not valid UTF-8 (first at byte {err.start}); replaced by \ufffd"
            else:
                try:
                    text, encoding = data.decode("cp1252"), "cp1252"
                except UnicodeDecodeError:
                    text, encoding = data.decode("latin-1"), "latin-1"
                warning = f"not UTF-8 (byte {err.start}); read as {encoding}, check accented letters"
    stray = text.count("\x00")
    if stray and stray <= max(
        STRAY_NULS, STRAY_NUL_SHARE * len(text)
    ):  # a text with a few NUL bytes (a database export): they go, the text stays
        text = text.replace("\x00", "")
        warning = "; ".join(filter(None, [warning, f"{stray} NUL byte{'s' if stray > 1 else ''} removed"]))
    if _is_binary(text):
        raise UnreadableFile("binary content (control characters), not a text article")
    if not text.strip():
        raise UnreadableFile("the file holds only whitespace")
    if looks_like_html(text):
        raise UnreadableFile(
            "an HTML page, not plain text: not read; save the article's text as .txt (or extract it, e.g. with trafilatura)"
        )
    return text, encoding, warning


def read_article_file(path: Path, doc_id: str | None = None) -> tuple[Article, str]:
    """Read one article file. Returns the article and a warning (empty when there is none)."""
    data = path.read_bytes()
    text, encoding, warning = decode_bytes(data)
    article = Article(doc_id or path.stem, path, text, encoding, hashlib.sha256(data).hexdigest())
    return article, warning


# What to do with a file that is not a .txt article, by its suffix.
CONVERT_HINTS = {
    ".html": "save the article's text as .txt (or extract it, e.g. with trafilatura)",
    ".htm": "save the article's text as .txt",
    ".docx": "export it as plain text (.txt, UTF-8)",
    ".doc": "export it as plain text (.txt, UTF-8)",
    ".odt": "export it as plain text (.txt, UTF-8)",
    ".rtf": "export it as plain text (.txt, UTF-8)",
    ".pdf": "extract its text into a .txt file",
    ".md": "rename it to .txt if it is the article's plain text",
    ".json": "write each article's text to its own .txt file",
    ".csv": "write each article's text to its own .txt file",
}


def _quietly_ignored(name: str) -> bool:
    """Files of a corpus folder that are not articles and need no word: hidden files, office lock files, the metadata
    sidecar and a folder's README."""
    lower = name.lower()
    return (
        lower.startswith((".", "~$"))
        or lower == config.METADATA_FILENAME
        or (lower.startswith("readme") and not lower.endswith(ARTICLE_SUFFIX))
    )


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def article_files(
    folders: Iterable[str | os.PathLike[str]], problems: list[LoadProblem] | None = None, *, follow_links: bool = False
) -> list[tuple[Path, os.stat_result]]:
    """The ``*.txt`` files of ``folders`` (not recursive) with their ``stat``, folder by folder, sorted by name.

    A folder that does not exist is passed over: ``data/raw/`` may not have
    been created yet. What is not read is reported in ``problems`` when a list is given:
    a folder that cannot be listed; a ``.txt`` name that is not a regular file (a folder, a broken link);
    a symbolic link whose target lies outside the corpus folders, unless ``follow_links``
    (so that a link to ``/etc/passwd`` is never published); and any other file, with what to do with it
    (hidden files, the metadata sidecar and a README are passed over without a word).
    """
    files: list[tuple[Path, os.stat_result]] = []
    roots = [config.resolve(folder) for folder in folders]
    real_roots = [root.resolve() for root in roots if root.is_dir()]

    def report(path: Path, message: str) -> None:
        if problems is not None:
            problems.append(LoadProblem(path, "skipped", message))

    for root in roots:
        if not root.is_dir():
            continue
        try:
            with os.scandir(root) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            report(root, f"cannot list the folder: {err.strerror or err}")
            continue
        for entry in entries:
            path = root / entry.name
            lower = entry.name.lower()
            if not lower.endswith(ARTICLE_SUFFIX) or lower == ARTICLE_SUFFIX:
                if _quietly_ignored(entry.name):
                    continue
                if entry.is_dir():
                    report(path, "a folder: subfolders are not read; add it to corpus_dirs to analyse its articles")
                else:
                    suffix = Path(lower).suffix
                    hint = CONVERT_HINTS.get(suffix, "only .txt files are read; save the article as plain text (.txt)")
                    report(path, f"not read: {'a ' + suffix + ' file' if suffix else 'no .txt suffix'}; {hint}")
                continue
            if entry.is_symlink() and not follow_links:
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):  # a broken link or a loop
                    report(path, "a broken symbolic link (its target is missing, or the link points at itself): not read")
                    continue
                if not _inside(target, real_roots):
                    report(path, f"a symbolic link to {target}, outside the corpus folders: not read (follow_links reads it)")
                    continue
            try:
                info = entry.stat()  # follows a symbolic link, as reading the file will
            except OSError:  # a broken link or a loop, followed because follow_links
                report(path, "a broken symbolic link (its target is missing, or the link points at itself): not read")
                continue
            if stat.S_ISREG(info.st_mode):
                files.append((path, info))
            elif stat.S_ISDIR(info.st_mode):
                report(path, "a folder, although its name ends in .txt: subfolders are not read")
            else:
                report(path, "not a regular file (a device or a pipe): not read")
    return files


def article_paths(
    folders: Iterable[str | os.PathLike[str]], problems: list[LoadProblem] | None = None, *, follow_links: bool = False
) -> list[Path]:
    """The paths of :func:`article_files`."""
    return [path for path, _ in article_files(folders, problems, follow_links=follow_links)]


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
        metadata_files: sidecars that apply to the articles of every folder. By
            default each folder's own ``metadata.csv`` applies to that folder's articles only.

    Returns:
        A :class:`Corpus`. Problems are also logged as warnings.
    """
    corpus = Corpus()
    by_text: dict[str, str] = {}
    ids: set[str] = set()
    listing: list[LoadProblem] = []
    paths = article_paths(folders, listing)
    for problem in listing:
        _problem(corpus, problem.path, problem.level, problem.message)
    for path in paths:
        if limit and len(corpus.articles) >= limit:
            break
        doc_id = _unique_id(path, ids)
        try:
            article, warning = read_article_file(path, doc_id)
        except (UnreadableFile, OSError) as err:
            _problem(corpus, path, "skipped", getattr(err, "strerror", None) or str(err))
            continue
        if doc_id != path.stem:
            _problem(corpus, path, "warning", f"another file is named {path.stem}; this one is {doc_id}")
        if warning:
            _problem(corpus, path, "warning", warning)
        key = dedup_key(normalized_lines(article.text))
        if key in by_text:
            article.duplicate_of = by_text[key]
            _problem(corpus, path, "warning", f"same text as {article.duplicate_of}; analysed once")
        else:
            by_text[key] = doc_id
        ids.add(doc_id)
        corpus.articles.append(article)

    if metadata_files is None:
        sidecars = [(config.resolve(f) / config.METADATA_FILENAME, config.resolve(f)) for f in folders]
    else:
        sidecars = [(config.resolve(f), None) for f in metadata_files]
    for sidecar, folder in sidecars:
        if not sidecar.exists():
            continue
        rows, problems = read_metadata_sidecar(sidecar)
        for message in problems:
            _problem(corpus, sidecar, "warning", message)
        articles = [a for a in corpus.articles if folder is None or a.path.parent == folder]
        for name, values in rows.items():
            matched = [a for a in articles if name in (a.path.name, a.path.stem, a.doc_id)]
            for article in matched:
                corpus.overrides[article.path] = values
            if not matched and not limit:
                _problem(corpus, sidecar, "warning", f"{name}: named in the sidecar but no such article was read")
    return corpus


def _unique_id(path: Path, taken: set[str]) -> str:
    """The file's stem, or, when another folder had a file of that name, one prefixed with the folder."""
    stem = path.name.rsplit(".", 1)[0] if "." in path.name[1:] else path.name
    doc_id, n = stem, 1
    while doc_id in taken:
        n += 1
        doc_id = f"{path.parent.name}-{stem}" + (f"-{n - 1}" if n > 2 else "")
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
    overrides what was found in the text, an empty cell leaves it alone, and a
    cell holding ``-`` clears it (for a date the text gave wrongly). The file
    may be in any encoding :func:`decode_bytes` reads, as spreadsheets often
    save CSV in cp1252.

    Returns:
        ``(rows, problems)``: the overrides by file name, and messages about
        what was ignored (each names the row and the problem).
    """
    try:
        text, _, warning = decode_bytes(path.read_bytes())
    except (OSError, UnreadableFile) as err:
        return {}, [f"cannot read the sidecar: {getattr(err, 'strerror', None) or err}; sidecar ignored"]
    problems = [warning] if warning else []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    if "file" not in columns:
        return {}, [f"no 'file' column (columns are {', '.join(columns) or 'none'}); sidecar ignored"]
    unknown = [c for c in columns if c not in ("file", *METADATA_FIELDS)]
    if unknown:
        problems.append(f"unknown columns ignored: {', '.join(unknown)} (known: file, {', '.join(METADATA_FIELDS)})")
    rows: dict[str, dict[str, str]] = {}
    for row in reader:
        line_no = reader.line_num
        name = (row.get("file") or "").strip()
        if None in row:
            problems.append(
                f"row {line_no} ({name or 'no file'}): {len(row[None])} more cell(s) than the {len(columns)} columns of the header; "
                "the extra cells ignored"
            )
        elif any(value is None for value in row.values()):
            problems.append(
                f"row {line_no} ({name or 'no file'}): fewer cells than the {len(columns)} columns of the header; "
                "the missing ones left as the text gives them"
            )
        if not name:
            problems.append(f"row {line_no}: empty 'file'; row ignored")
            continue
        values = {k: (row.get(k) or "").strip() for k in METADATA_FIELDS if (row.get(k) or "").strip()}
        if values.get("date", "-") != "-" and parse_iso_date(values["date"]) is None:
            problems.append(f"row {line_no} ({name}): date {values['date']!r} is not YYYY-MM-DD; date ignored")
            del values["date"]
        rows[name] = {k: "" if v == "-" else v for k, v in values.items()}
    return rows, problems


def parse_iso_date(value: str) -> str | None:
    """``value`` if it is a valid YYYY-MM-DD date, else None."""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def find_date(text: str, patterns=R.DATE_PATTERNS) -> str:
    """The first full date in ``text`` as YYYY-MM-DD, or ``""``.

    Recognises "Kamis (12/10/2023)" (day/month/year, the Indonesian order),
    "30 Desember 2022 17:54 WIB", "17/10/2023" and "2023-10-12". Dates without
    a year ("Jumat (13/10)") are not completed: what cannot be found stays empty.

    Example:
        >>> find_date("tiba pada Kamis (12/10/2023)."), find_date("30 Desember 2022 17:54 WIB")
        ('2023-10-12', '2022-12-30')
    """
    found: list[tuple[int, str]] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            month = int(groups["m"]) if groups.get("m") else R.MONTHS[groups["mname"].lower()]
            try:
                found.append((m.start(), dt.date(int(groups["y"]), month, int(groups["d"])).isoformat()))
            except ValueError:
                continue
    return min(found)[1] if found else ""


def extract_metadata(cleaned: CleanedDocument) -> dict[str, str]:
    """Metadata found in a cleaned article: source, title, date and where the date came from, url, dateline city.

    The outlet comes from the dateline, else from the source footer's URL. The
    date comes from a timestamp line (``date_source`` "timestamp"); else from a
    weekday and date of the form "Kamis (12/10/2023)" in the lead, the first
    body paragraph ("lead": the agency convention for the day of the news);
    else from one in a photo caption above the lead ("caption"). A date in
    running text is never used: it is often a past event. Anything not found
    is ``""``.
    """
    url = cleaned.urls[0] if cleaned.urls else ""
    date, source = next((d for d in map(find_date, cleaned.timestamps) if d), ""), "timestamp"
    if not date:
        date, source = find_date(cleaned.first_body, (R.DATELINE_DATE,)), "lead"
    if not date:
        date, source = next((d for d in (find_date(c.text, (R.DATELINE_DATE,)) for c in cleaned.captions) if d), ""), "caption"
    return {
        "source": outlet_name(cleaned.dateline_outlet) or outlet_name(url),
        "title": cleaned.title,
        "date": date,
        "date_source": source if date else "",
        "url": url,
        "city": cleaned.dateline_city,
    }


def apply_overrides(article: Article, found: dict[str, str], overrides: dict[Path, dict[str, str]]) -> dict[str, str]:
    """``found`` updated with the sidecar values for ``article`` (a sidecar date has ``date_source`` "sidecar")."""
    given = overrides.get(article.path, {})
    return {**found, **given, **({"date_source": "sidecar" if given["date"] else ""} if "date" in given else {})}
