"""Clean one article: normalise its text, remove page furniture line by line, and keep an audit.

The unit of cleaning is the line of the raw file. Each line is normalised
(:func:`normalize_line`), then tried against the named rules of
:mod:`analysis.resources` in order. A line that a rule matches is removed and
recorded in the audit with its line number and the rule's name; a photo
caption is also kept in a captions list. What is left becomes paragraphs of
kind ``title`` (a headline the file starts with), ``heading`` (a short line
that does not end like a sentence) or ``body``. The dateline at the start of
the first body paragraph ("Liputan6.com, Bishkek - ") is cut and kept as
metadata, and its removal is audited too. Nothing disappears silently.

Example:
    >>> doc = clean_document("d1", "Baca juga: Berita lain\\nPutin tiba di Bishkek.\\nAdvertisement")
    >>> [p.text for p in doc.paragraphs]
    ['Putin tiba di Bishkek.']
    >>> [(r.line_no, r.rule) for r in doc.removed]
    [(1, 'related_link'), (3, 'advertisement')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

import bisect
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from analysis import resources as R
from analysis.outlets import is_outlet

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# What normalisation changes, found first so that text without any of it is left alone: the characters of the
# quote map, and white space other than a single space (R.WHITESPACE, without the matches that change nothing).
_MAPPED = re.compile("[" + "".join(re.escape(chr(c)) for c in R.QUOTE_MAP) + "]")
_SPACES = re.compile(r"[ \t\f\v]{2,}|[\t\f\v]")


def _mapped(m: re.Match) -> str:
    return R.QUOTE_MAP[ord(m.group())]


@dataclass(frozen=True)
class Paragraph:
    """A kept line: ``kind`` is ``title``, ``heading`` or ``body``; ``line_no`` is 1-based in the raw file."""

    para_id: int
    kind: str
    text: str
    line_no: int


@dataclass(frozen=True)
class Removal:
    """One removed line (or, for a dateline, the removed start of a line)."""

    line_no: int
    rule: str
    text: str


@dataclass
class CleanedDocument:
    """The result of :func:`clean_document`, with the metadata found on the way."""

    doc_id: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    captions: list[Removal] = field(default_factory=list)
    dateline_outlet: str = ""
    dateline_city: str = ""
    timestamps: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    leads_tried: int = 0  # body paragraphs tried for a dateline (the first few, after any captions above the lead)
    dateline_done: bool = False

    @property
    def title(self) -> str:
        return next((p.text for p in self.paragraphs if p.kind == "title"), "")

    @property
    def first_body(self) -> str:
        return next((p.text for p in self.paragraphs if p.kind == "body"), "")


def normalize_line(line: str) -> str:
    """Unicode NFC, straight quotes, ordinary spaces, no zero-width characters, single spaces.

    Example:
        >>> normalize_line("\\u201cRusia\\u00a0adalah  tetangga\\u201d ")
        '"Rusia adalah tetangga"'
    """
    line = unicodedata.normalize("NFC", line).translate(R.QUOTE_MAP)
    return R.WHITESPACE.sub(" ", line).strip()


def split_lines(text: str) -> list[str]:
    """Split on any line break (``\\n``, ``\\r\\n`` or ``\\r``), so line numbers match an editor's."""
    return _LINE_BREAK.split(text)


def normalized_lines(text: str) -> list[str]:
    """Every line of ``text`` as :func:`normalize_line` makes it, empty ones included (the index + 1 is the line number).

    The whole text is normalised at once, which gives the same lines as normalising them one by one, faster.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _MAPPED.search(text):
        text = _MAPPED.sub(_mapped, text)  # as text.translate(R.QUOTE_MAP), touching only the characters it maps
    if "  " in text or "\t" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    return [line.strip() for line in split_lines(text)]


def normalize_text(text: str) -> str:
    """Normalise every line of ``text`` and drop empty lines at both ends."""
    return "\n".join(normalized_lines(text)).strip()


def dedup_key(lines: list[str]) -> str:
    """The sha256 that two copies of one article share: of the normalised text, case-folded, white space collapsed."""
    return hashlib.sha256(" ".join(" ".join(lines).casefold().split()).encode("utf-8")).hexdigest()


def match_rule(line: str, *, skip_rules: Iterable[str] = ()) -> str | None:
    """Name of the first line rule that matches a normalised ``line``, or None.

    Example:
        >>> match_rule("ADVERTISEMENT"), match_rule("Putin tiba di Bishkek.")
        ('advertisement', None)
    """
    if R.ANY_LINE_RULE.match(line) is None:
        return None
    skip = set(skip_rules)
    for rule in R.LINE_RULES:
        if rule.name not in skip and rule.matches(line):
            return rule.name
    return None


def is_caption(line: str) -> bool:
    """True for a photo caption with a credit ("... Foto: AFP", "... (Sumber: RIA Novosti) |").

    Not a paragraph of more than :data:`analysis.resources.CAPTION_MAX_WORDS` words, and not a story's closing
    text credit of two agencies or initials ("... pekan depan. (Reuters/AFP)").
    """
    if R.TEXT_CREDIT.search(line) or len(line.split()) > R.CAPTION_MAX_WORDS:
        return False
    return R.CAPTION.matches(line)


def is_heading(line: str) -> bool:
    """True for a short line that does not end like a sentence.

    Example:
        >>> is_heading("China Jadi Tujuan Putin Berikutnya"), is_heading("Putin tiba di Bishkek.")
        (True, False)
    """
    words = line.split()
    if not words or len(words) > R.HEADING_MAX_WORDS:
        return False
    if not (line[0].isupper() or line[0].isdigit()):
        return False
    if line[-1] in R.CLOSING_MARKS:  # a line ending in a quote is speech, not a heading
        return False
    return line[-1] not in R.SENTENCE_END and any(ch.isalpha() for ch in line)


def split_dateline(line: str, *, first: bool = True) -> tuple[str, str, str, str]:
    """Cut a dateline from the start of a paragraph.

    A dateline names the outlet by its domain ("Liputan6.com, Bishkek -"), or by
    a name the outlets table knows ("Jakarta (ANTARA) -"), or is a city in
    capitals ("JAKARTA -"). Anything else is left alone: "Presiden Rusia,
    Vladimir Putin - yang ..." is a sentence, not a dateline.

    Args:
        line: a body paragraph.
        first: the article's first body paragraph. A later one (after captions above the lead) must name an
            outlet: a city alone in capitals is not enough there.

    Returns:
        ``(dateline, outlet, city, rest)``; ``dateline`` is empty when the line has none.

    Example:
        >>> split_dateline("Liputan6.com, Bishkek - Vladimir Putin tiba.")
        ('Liputan6.com, Bishkek -', 'Liputan6.com', 'Bishkek', 'Vladimir Putin tiba.')
    """
    candidates = [R.DATELINE_DOMAIN.match(line)]
    candidates += [m for m in (p.match(line) for p in R.DATELINES_NAMED) if m and is_outlet(m.group("outlet"))]
    if first:
        candidates.append(R.DATELINE_CITY.match(line))
    for m in candidates:
        if m and len(line) > m.end():
            outlet = m.groupdict().get("outlet") or ""
            return m.group(0).strip(), outlet, m.groupdict().get("city") or "", line[m.end() :].strip()
    return "", "", "", line


def clean_document(doc_id: str, text: str, *, skip_rules: Iterable[str] = ()) -> CleanedDocument:
    """Clean one article's raw text into paragraphs, an audit of removals and captions.

    Args:
        doc_id: the article's identifier, copied into the result.
        text: the decoded raw text of the file.
        skip_rules: names of rules to switch off (``"caption"``, ``"repeated_line"``,
            ``"dateline"``, ``"masthead"`` and the names in :data:`analysis.resources.LINE_RULES`).

    Returns:
        A :class:`CleanedDocument`.
    """
    return clean_lines(doc_id, normalized_lines(text), skip_rules=skip_rules)


def clean_lines(doc_id: str, lines: list[str], *, skip_rules: Iterable[str] = ()) -> CleanedDocument:
    """:func:`clean_document` on lines already normalised by :func:`normalized_lines`."""
    skip = set(skip_rules)
    doc = CleanedDocument(doc_id)
    seen: set[str] = set()
    for line_no, line in enumerate(lines, start=1):
        if not line:
            continue
        rule = match_rule(line, skip_rules=skip)
        if rule is None and R.MASTHEAD not in skip and not doc.paragraphs and is_outlet(line):
            rule = R.MASTHEAD  # "CNN Indonesia" alone above the headline
        elif rule is None and R.REPEATED not in skip and line in seen:
            rule = R.REPEATED
        elif rule is None and "caption" not in skip and is_caption(line):
            rule = "caption"
            doc.captions.append(Removal(line_no, rule, line))
        seen.add(line)
        if rule is not None:
            doc.removed.append(Removal(line_no, rule, line))
            _note_metadata(doc, rule, line)
            continue
        _keep(doc, line_no, line, skip)
    return doc


def _note_metadata(doc: CleanedDocument, rule: str, line: str) -> None:
    if rule == "timestamp":
        doc.timestamps.append(line)
    elif rule == "source_footer":
        doc.urls.extend(R.URL.findall(line))


def is_title(line: str) -> bool:
    """True for a headline: the first line, short, capitalised, not ending like a plain sentence.

    A headline may end in "?", "!", "..." or a closing quote ("Kenapa Ekspor Kita Turun?"), but not in a
    single period, and has at most :data:`analysis.resources.TITLE_MAX_WORDS` words.

    Example:
        >>> is_title("Apa Isi Dialog Trump dan Xi Jinping?"), is_title("Putin tiba di Bishkek.")
        (True, False)
    """
    words = line.split()
    camel = len(line) > 1 and line[0].islower() and line[1].isupper()  # "iPhone 16 Dilarang Dijual", "eFishery ..."
    if not words or len(words) > R.TITLE_MAX_WORDS or not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'" or camel):
        return False
    if line.endswith(".") and not line.endswith(("...", "\u2026")):
        return False
    return line[-1] not in ",;:" and any(ch.isalpha() for ch in line)


def _keep(doc: CleanedDocument, line_no: int, line: str, skip: set[str]) -> None:
    if not doc.paragraphs and is_title(line):
        kind = "title"
    elif is_heading(line):
        kind = "heading"
    else:
        kind = "body"
    if kind == "body" and not doc.dateline_done and R.DATELINE not in skip:
        doc.leads_tried += 1
        dateline, outlet, city, rest = split_dateline(line, first=doc.leads_tried == 1)
        if dateline:
            doc.dateline_done = True
            _captions_above_lead(doc)
            doc.removed.append(Removal(line_no, R.DATELINE, dateline))
            doc.dateline_outlet, doc.dateline_city, line = outlet, city, rest
        elif doc.leads_tried >= R.DATELINE_SEARCH:
            doc.dateline_done = True
    doc.paragraphs.append(Paragraph(len(doc.paragraphs) + 1, kind, line, line_no))


def _captions_above_lead(doc: CleanedDocument) -> None:
    """The lines kept between the headline and a lead that opens with a dateline: photo captions and kickers.

    A page puts the picture and its caption between the headline and the dateline ("JAKARTA, KOMPAS.com -");
    those lines move to the captions, audited with the rule ``caption``.
    """
    above = [p for p in doc.paragraphs if p.kind != "title"]
    if not above or any(len(p.text.split()) > R.CAPTION_MAX_WORDS for p in above):
        return  # a long paragraph above the dateline is story text, not a caption
    doc.paragraphs = [p for p in doc.paragraphs if p.kind == "title"]
    for p in above:
        removal = Removal(p.line_no, "caption", p.text)
        bisect.insort(doc.removed, removal, key=lambda r: r.line_no)
        bisect.insort(doc.captions, removal, key=lambda r: r.line_no)


def outlet_groups(doc_ids, sources, folders) -> dict[str, str]:
    """The group each article's furniture is counted in: its outlet, or its folder when the text names no outlet."""
    return {d: s if s else f"folder:{f}" for d, s, f in zip(doc_ids, sources, folders)}


def repeated_across_articles(paragraphs, sources) -> pd.DataFrame:
    """Paragraphs that are the furniture of an outlet: the same short line in many of its articles.

    A line counts when at least :data:`analysis.resources.REPEATED_MIN_ARTICLES` articles of one outlet,
    and at least :data:`analysis.resources.REPEATED_MIN_SHARE` of that outlet's articles, have it, case and
    spacing aside. Guards keep what is text: titles, lines of more than
    :data:`analysis.resources.REPEATED_MAX_WORDS` words, and lines with a quotation, a reporting verb
    ("kata", "ujarnya", "menurutnya") or a year are never counted, so a quoted sentence or a background
    sentence that several stories repeat stays.

    Args:
        paragraphs: doc_id, para_id, kind, text, line_no, n_words (the text stage's paragraphs).
        sources: the outlet of each doc_id (a mapping or a Series): the ``source`` of ``documents``, or, for an
            article that names none, its folder (:func:`outlet_groups`), so unknown outlets are not pooled.

    Returns:
        doc_id, para_id, line_no, text of the paragraphs to remove, sorted.
    """
    import pandas as pd

    columns = ["doc_id", "para_id", "line_no", "text"]
    if paragraphs.empty:
        return pd.DataFrame(columns=columns)
    short = paragraphs[(paragraphs["kind"] != "title") & (paragraphs["n_words"] <= R.REPEATED_MAX_WORDS)]
    short = short[~short["text"].str.contains(R.QUOTED_OR_REPORTED, regex=True)]
    if short.empty:
        return pd.DataFrame(columns=columns)
    source = short["doc_id"].map(sources).fillna("")
    key = short["text"].str.casefold().str.split().str.join(" ")
    frame = short.assign(source=source.to_numpy(), key=key.to_numpy())
    per_source = pd.Series(sources).reindex(paragraphs["doc_id"].unique()).fillna("").value_counts()
    articles = frame.groupby(["source", "key"])["doc_id"].nunique().rename("articles").reset_index()
    needed = articles["source"].map(lambda s: max(R.REPEATED_MIN_ARTICLES, math.ceil(R.REPEATED_MIN_SHARE * per_source.get(s, 0))))
    boiler = articles[articles["articles"] >= needed][["source", "key"]]
    found = frame.merge(boiler, on=["source", "key"])[columns]
    return found.sort_values(["doc_id", "para_id"], ignore_index=True)
