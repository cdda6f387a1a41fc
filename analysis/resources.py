"""Regular expressions and word lists the loader and the cleaner share, kept as data in one place.

Each cleaning rule is a name, a one-line description and a list of patterns
matched against a whole, normalised line. The rule names are what the audit
table ``removed.csv`` records, so a researcher can see which rule removed what
and switch a rule off (``clean_document(..., skip_rules={"widget"})``).

The patterns are written for news sites in general, not for the five seed
files: another outlet's advertisement marker or related-article link should
be caught too. Add a pattern here, and a test row in ``tests/test_clean.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LineRule:
    """A named cleaning rule: a line matching any of ``patterns`` is removed."""

    name: str
    description: str
    patterns: tuple[re.Pattern[str], ...]

    def matches(self, line: str) -> bool:
        return any(p.search(line) for p in self.patterns)


def _rx(*patterns: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, flags) for p in patterns)


# --- Line rules, tried in this order; the first that matches names the removal.
ADVERTISEMENT = LineRule(
    "advertisement",
    "advertisement markers and placeholders",
    _rx(
        r"^-*\s*(advertisements?|iklan|sponsored|ads?|promoted|paid content|konten bersponsor)\s*-*$",
        r"^\[\s*(iklan|ads?|advert\w*)[\w\s-]*\]$",  # [iklan_2], [ads], [advertisement]
        r"^scroll (to|untuk) (continue|lanjut)\w*( with content| membaca)?$",
        r"^(lanjutkan|continue) (membaca|reading)( di bawah ini)?:?$",
    ),
)

RELATED_LINK = LineRule(
    "related_link",
    "links to other articles of the site",
    _rx(
        r"^(baca|simak|lihat|tonton|saksikan) juga\b",  # "Baca juga: ...", "Baca Juga"
        r"^(artikel|berita) (terkait|lainnya|pilihan)\b",
        r"^(related|read also|read more|see also|also read)\b\s*:?",
        r"^(baca|simak) (selengkapnya|berita \w+)\s*:",
    ),
)

WIDGET = LineRule(
    "widget",
    "share buttons, icons, counters and other page furniture",
    _rx(
        # icon names written into the text: sosmed-whatsapp-white, copy-link-circle,
        # more-vertical, zoom-in-whitePerbesar
        r"^[a-z0-9]+(-[a-z0-9]+)+[A-Za-z]*$",
        r"^(comment|comments|share|bagikan|tweet|salin( tautan| link)?|copy link|bookmark|"
        r"simpan|print|cetak|perbesar|zoom|like|suka|follow|ikuti kami)$",
        r"^(waktu baca|reading time|baca dalam)\s*:?\s*\d+\s*(menit|min(ute)?s?)$",
        r"^\d+\s*(menit|min) (baca|read)$",
        r"^\d{1,4}$",  # lone counters
        r"^[\u00b7\u2022\u2023\u25cf\u25aa*|/\-\u2013\u2014]+$",  # lone bullets and separators
        r"^(share|bagikan)\s*(on|ke|artikel)?\s*:?\s*(facebook|twitter|x|whatsapp|telegram|line)?$",
    ),
)

SOURCE_FOOTER = LineRule(
    "source_footer",
    "source links, comment counters and copyright lines at the foot of a page",
    _rx(
        r"^(sumber|source)\s*:\s*https?://\S+$",
        r"^(tautan|link) sumber$|^source link$",
        r"^(komentar|comments?)\s*\(\d+\)$",
        r"^artikel ini (telah )?(tayang|terbit)\b",
        r"^(copyright|hak cipta)\b|^\u00a9",
        r"^simak (berita|artikel) \w+ (di|melalui) google news\b",
    ),
)

BYLINE = LineRule(
    "byline",
    "author and translator credits",
    (
        # "Huyen Le (Menurut Reuters )": a short name, then the agency in parentheses.
        re.compile(
            r"^[A-Z][\w'.-]*(\s+[A-Z][\w'.-]*){0,3}\s*\(\s*(menurut|sumber|source|according to|via|dari)\s+[^)]{1,60}\)$",
            re.IGNORECASE,
        ),
        re.compile(r"^(penulis|editor|reporter|pewarta|penerjemah|penyunting|writer|author|editing by|laporan wartawan)\b\s*:?.{0,80}$", re.IGNORECASE),
        # "(Tribunnews.com/Hasanudin)", "(kompas/abc)": the initials that close many Indonesian stories.
        re.compile(r"^\(\s*[\w.]+(\s*/\s*[\w. ]+)+\s*\)$"),
    ),
)

TIMESTAMP = LineRule(
    "timestamp",
    "a publication time standing on its own line (kept as metadata)",
    _rx(
        r"^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)?,?\s*\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}"
        r"(\s*[,|-]?\s*\d{1,2}[:.]\d{2}(\s*(wib|wita|wit|utc|gmt))?)?$",
        r"^(diperbarui|updated|published|dipublikasikan|terbit)\b.{0,60}\d{4}.{0,20}$",
    ),
)

LINE_RULES: tuple[LineRule, ...] = (ADVERTISEMENT, RELATED_LINK, WIDGET, SOURCE_FOOTER, BYLINE, TIMESTAMP)

# --- Photo captions: moved to captions.csv rather than thrown away.
CAPTION = LineRule(
    "caption",
    "photo captions with a credit (moved to the captions table)",
    (
        # "... pada 29 Juli. Foto: AFP", "... Foto: REUTERS/Wu Hong/Pool"
        re.compile(r"(^|[.!?\"'\s])(foto|photo|gambar|image)\s*:\s*[^.!?]{1,80}$", re.IGNORECASE),
        # "... 27 November. (Sumber: RIA Novosti) |"
        re.compile(r"\(\s*(sumber|foto|source|photo|credit)\s*:\s*[^)]{1,80}\)\s*\|?$", re.IGNORECASE),
        # "(ANTARA FOTO/Sigid Kurniawan)", "(REUTERS/Kim Kyung-Hoon)" closing a caption
        re.compile(r"\(\s*(antara foto|foto|reuters|afp|ap photo|getty images)\s*/[^)]{1,80}\)\s*$", re.IGNORECASE),
    ),
)

REPEATED = "repeated_line"
DATELINE = "dateline"

# --- Headings: short lines that do not end like a sentence.
HEADING_MAX_WORDS = 15
SENTENCE_END = ".!?\u2026:;,"
CLOSING_MARKS = "\"')]\u201d\u2019"

# --- Normalisation
QUOTE_MAP = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
    }
)
WHITESPACE = re.compile(r"[ \t\f\v]+")

# --- Datelines at the start of the first paragraph, and where they name an outlet.
# "Liputan6.com, Bishkek - ...", "TRIBUNNEWS.COM -- ...", "REPUBLIKA.CO.ID, JAKARTA -- ..."
_DOMAIN = r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z]{2,})+"
_CITY = r"[A-Z][A-Za-z'\u00c0-\u024f]+(?:[ -][A-Z][A-Za-z'\u00c0-\u024f]+){0,2}"
_DASH = r"\s+[-\u2013\u2014]{1,2}\s*"
DATELINES = (
    re.compile(rf"^(?P<outlet>{_DOMAIN})(?:\s*,\s*(?P<city>{_CITY}))?{_DASH}"),
    # "JAKARTA, KOMPAS.com - ...", "Jakarta, CNN Indonesia -- ..."
    re.compile(rf"^(?P<city>{_CITY})\s*,\s*(?P<outlet>{_DOMAIN}|[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?){_DASH}"),
    # "Jakarta (ANTARA) - ..."
    re.compile(rf"^(?P<city>{_CITY})\s*\((?P<outlet>[A-Za-z][\w. ]{{1,30}})\){_DASH}"),
)

URL = re.compile(r"https?://[^\s<>\"')]+")
SOURCE_URL = re.compile(r"^(?:sumber|source)\s*:\s*(?P<url>https?://\S+)$", re.IGNORECASE)

# --- Dates. Month names in Indonesian and English.
MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_DAY = r"(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_PATTERNS = (
    # "Kamis (12/10/2023)", "(12/10/2023)"
    re.compile(rf"(?:\b{_DAY}\s*)?\(\s*(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}})\s*\)", re.IGNORECASE),
    # "30 Desember 2022 17:54 WIB", "Jumat, 30 Des 2022"
    re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<mname>{_MONTH})\.?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
)
