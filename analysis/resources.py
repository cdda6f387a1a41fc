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
    # When set, every pattern needs one of these strings in the line, as written: a line without any is not tried.
    needs: tuple[str, ...] = ()

    def matches(self, line: str) -> bool:
        if self.needs and not any(n in line for n in self.needs):
            return False
        return any(p.search(line) for p in self.patterns)


def union(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One pattern that matches where any of ``patterns`` does, each keeping its own case rule."""
    return re.compile("|".join(("(?i:" if p.flags & re.IGNORECASE else "(?-i:") + p.pattern + ")" for p in patterns))


def _rx(*patterns: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, flags) for p in patterns)


# A date as a line may show it: "30 Desember 2022", "Kamis, 12/10/2023", "2023-10-12",
# optionally followed by a time and a time zone ("17:54 WIB", "| 10:15 WIB", "• 06:05").
_DATE_AT = (
    r"((senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,?\s*)?"
    r"(\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})"
    r"(\s*[,|\u00b7\u2022-]?\s*\d{1,2}[:.]\d{2}(\s*(wib|wita|wit|utc|gmt))?)?"
)

# --- Line rules, tried in this order; the first that matches names the removal.
# Every pattern must match a whole line of page furniture and never an ordinary sentence:
# tests/test_clean.py has both kinds of rows.
ADVERTISEMENT = LineRule(
    "advertisement",
    "advertisement markers and placeholders",
    _rx(
        r"^-*\s*(advertisements?|iklan|sponsored|ads?|promoted|paid content|konten bersponsor)\s*-*$",
        r"^\[\s*(iklan|ads?|advert\w*)[\w\s-]*\]$",  # [iklan_2], [ads], [advertisement]
        r"^(advertisement\s*-\s*)?scroll (to|untuk) (continue|resume|lanjut|melanjutkan)\w*( with content| membaca| content)?$",
        r"^(lanjutkan|continue) (membaca|reading)( di bawah ini)?:?$",
    ),
)

RELATED_LINK = LineRule(
    "related_link",
    "links to other articles of the site",
    _rx(
        r"^\(?\s*baca( juga)?\s*:",  # "Baca juga: ...", "Baca: ...", "(Baca juga: ...)"
        r"^baca juga\b",  # "Baca Juga" alone, or followed by a headline
        r"^(simak|lihat|tonton|saksikan) juga\s*(:.*|[\"'].*)?$",
        # "Tonton juga video "..." di sini:", "Simak juga Video '...':", "Saksikan Video Pilihan Berikut Ini:"
        r"^(simak|tonton|saksikan|lihat)\s+(juga\s+)?(video|foto|infografis|galeri)\b\s*\S.{0,200}(?<![.!?])$",  # not a sentence
        r"^(video|foto|infografis)\s*:\s*.{1,150}$",  # "VIDEO: Detik-detik ...", a link to a video page
        r"^(artikel|berita) (terkait|lainnya|pilihan)\s*(:.*)?$",
        r"^pilihan editor\s*:",
        r"^(related|read also|read more|see also|also read)\s*(:.*)?$",
        r"^baca (selengkapnya|berita selengkapnya|artikel selengkapnya)\s*(:.*|di .{0,60})?$",
        r"^baca artikel \S+.{0,200}selengkapnya\b.*$",  # detik: Baca artikel detiknews, "..." selengkapnya https://...
        r"^(artikel|berita) selanjutnya\b.{0,200}$",  # CNBC Indonesia's next-article link
        r"^(halaman|page) (selanjutnya|berikutnya|sebelumnya|next)\b.{0,100}$|^(selanjutnya|next|berikutnya)\s*(>+|\u00bb)?$",
        r"^(simak|baca|cek) (berita|artikel|informasi) (lainnya|lain|terkait|menarik)\b.{0,160}$",  # Bisnis, Tribunnews
        r"^baca berita (tanpa|dengan sedikit) iklan\b.{0,120}$",  # Kompas.com+
        r"^(klik|click) (di sini|disini|here)\b.{0,120}$",
    ),
)

WIDGET = LineRule(
    "widget",
    "share buttons, icons, counters and other page furniture",
    (
        # icon names written into the text: sosmed-whatsapp-white, copy-link-circle,
        # more-vertical, zoom-in-whitePerbesar (lower case, hyphenated, at most a camel-case tail)
        re.compile(r"^(?=.{3,60}$)(?=[^-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)+(?:[A-Z][a-z]+)?$"),
        *_rx(
            r"^(comment|comments|share|bagikan|bagikan artikel ini|tweet|salin( tautan| link)?|copy link|bookmark|"
            r"simpan|print|cetak|perbesar|zoom|like|suka|follow|ikuti kami|lihat foto|lihat video)$",
            r"^(waktu baca|reading time|baca dalam)\s*:?\s*\d+\s*(menit|min(ute)?s?)$",
            r"^\d+\s*(menit|min) (baca|read)$",
            r"^\d{1,4}$",  # lone counters
            r"^[\u00b7\u2022\u2023\u25cf\u25aa*|/\-\u2013\u2014]+$",  # lone bullets and separators
            r"^(share|bagikan)\s*(on|ke|artikel)?\s*:?\s*(facebook|twitter|x|whatsapp|telegram|line)?$",
            r"^\[gambas:[^\]]*\]$",  # detik's embedded-video placeholder
            # embedded media left as a placeholder: "[video.1]", "[embed]", "[Instagram]", "[poll id=3]"
            r"^\[\s*(video|embed|youtube|instagram|twitter|tweet|tiktok|facebook|image|img|gambar|foto|photo|poll|polling|"
            r"infografis|iframe|audio|podcast)\b[^\]]{0,60}\]$",
            r"^(loading|memuat)\s*\.{0,3}$",  # Sindonews' lazy-load marker
            r"^(tags?|topik|topics?)\s*:.{0,200}$",
        ),
    ),
)

SOURCE_FOOTER = LineRule(
    "source_footer",
    "source links, comment counters, copyright and follow-us lines at the foot of a page",
    _rx(
        r"^(sumber|source)\s*:\s*https?://\S+$",
        r"^(tautan|link) sumber$|^source link$",
        r"^(komentar|comments?)\s*\(\d+\)$",
        r"^artikel ini (telah )?(tayang|terbit)\b",
        r"^(copyright|hak cipta)\s*(\u00a9|\(c\)|\d{4})|^\u00a9|^hak cipta dilindungi undang-undang",
        r"^(simak|ikuti|follow|baca|dapatkan)\b.{0,80}\b(google news|whatsapp channel|saluran whatsapp|telegram)\b.{0,40}$",
        r"^dapatkan (update|informasi|berita)\b.{0,120}$",
        r"^(cek|simak|ikuti) (berita|update|artikel)\b.{0,100}\b(google news|whatsapp|wa channel|telegram)\b.{0,60}$",
        r"^(download|unduh) (aplikasi|app)\b.{0,120}(?<!\.)$",
        # ANTARA's notice against crawling, and syndication and translation notes
        r"^dilarang (keras )?mengambil konten\b.{0,200}$",
        r"^(artikel|berita|tulisan) ini (telah |sudah )?(diterjemahkan|merupakan terjemahan|disadur|dialihbahasakan)\b.{0,200}$",
        r"^(diterjemahkan|disadur|dialihbahasakan|alih bahasa|terjemahan)\s*(oleh|dari|:)\s*[^.!?]{1,100}$",
        r"^(artikel|berita) ini (telah |sudah )?(terbit|tayang|dimuat|dipublikasikan)\b.{0,200}$",
        r"^(sumber|source)\s*:\s*[^.!?]{1,80}$",  # "sumber : Anadolu Agency", a source credit standing alone
    ),
)

BYLINE = LineRule(
    "byline",
    "author and translator credits",
    (
        # "Huyen Le (Menurut Reuters )": a short name, then the agency in parentheses.
        re.compile(r"^[A-Z][\w'.-]*(\s+[A-Z][\w'.-]*){0,3}\s*\(\s*(?i:menurut|sumber|source|according to|via|dari)\s+[^)]{1,60}\)$"),
        # "Penulis: Andi", "Editor: Budi", "Red: Fernan Rahadi", "Oleh: Ahmad" (the colon is required:
        # "Penulis novel itu hadir." is a sentence)
        re.compile(
            r"^(penulis|editor|reporter|pewarta|penerjemah|penyunting|writer|author|editing by|red|rep|oleh|kontributor|fotografer|"
            r"redaktur|penanggung jawab)\s*:\s*[^?]{1,120}$",
            re.IGNORECASE,
        ),  # "Reporter: Apakah ...?" is an interview
        re.compile(r"^laporan (wartawan|reporter|koresponden) [\w. ]{1,40}(,\s*[\w. ]{1,40})?$", re.IGNORECASE),
        # "(Tribunnews.com/Hasanudin)", "(kompas/abc)": the initials that close many Indonesian stories.
        re.compile(r"^\(\s*[\w.]+(\s*/\s*[\w. ]+)+\s*\)$"),
        # "(bbn)", "(*)", "(ant/rol)", "[ded]", "(aal )" in tokenised text
        re.compile(r"^[(\[]\s*(\*|[a-z]{2,5}(\s*/\s*[a-z]{2,5})*)\s*[)\]]$"),
        # "Reza Gunadha | Suara.com"
        re.compile(r"^[A-Z][\w'.-]*(\s+[A-Z][\w'.-]*){0,3}\s*\|\s*[\w-]+(\.[a-z]{2,})+$", re.IGNORECASE),
    ),
)

TIMESTAMP = LineRule(
    "timestamp",
    "a publication time standing on its own line (kept as metadata)",
    _rx(
        rf"^{_DATE_AT}$",
        rf"^(diperbarui|updated|published|dipublikasikan|terbit|posted)\s*:?\s*{_DATE_AT}$",
        rf"^[\w.]+\s*-\s*{_DATE_AT}$",  # "Kompas.com - 17/10/2023, 10:15 WIB"
        rf"^{_DATE_AT}\s*[\u00b7\u2022|]\s*(waktu baca|reading time)\s*\d+\s*(menit|min)$",
    ),
)

LINE_RULES: tuple[LineRule, ...] = (ADVERTISEMENT, RELATED_LINK, WIDGET, SOURCE_FOOTER, BYLINE, TIMESTAMP)
# Every line rule is anchored at the start of the line, so one ``match`` of the union of all of them
# tells whether any rule applies: most lines are story text, and this is the one test they pass through.
assert all(p.pattern.startswith("^") for rule in LINE_RULES for p in rule.patterns), "line rules must start with ^"
ANY_LINE_RULE = union(tuple(p for rule in LINE_RULES for p in rule.patterns))

# --- Photo captions: moved to captions.csv rather than thrown away.
# "(Reuters/AFP)", "(ant/rol)" close a story's text: two agencies or initials credit the text, not a photo.
TEXT_CREDIT = re.compile(
    r"\(\s*(reuters|afp|ap|antara|anadolu|xinhua|sputnik|bbc|cnn|[a-z]{2,4})\s*/\s*(reuters|afp|ap|antara|anadolu|xinhua|sputnik|bbc|cnn|[a-z]{2,4})\s*\)\s*$",
    re.IGNORECASE,
)
CAPTION_MAX_WORDS = 60
CAPTION = LineRule(
    "caption",
    "photo captions with a credit (moved to the captions table)",
    (
        # "... pada 29 Juli. Foto: AFP", "... Foto: REUTERS/Wu Hong/Pool"
        re.compile(r"(^|[.!?\"'\s])(foto|photo|gambar|image)\s*:\s*[^.!?]{1,80}$", re.IGNORECASE),
        # "... 27 November. (Sumber: RIA Novosti) |"
        re.compile(r"\(\s*(sumber|foto|source|photo|credit)\s*:\s*[^)]{1,80}\)\s*\|?$", re.IGNORECASE),
        # "(ANTARA FOTO/Sigid Kurniawan)", "(REUTERS/Kim Kyung-Hoon)", "(Sputnik/Kremlin via AP)" closing a caption
        re.compile(
            r"\(\s*(antara foto|antara|foto|reuters|afp|ap|ap photo|getty images|sputnik|xinhua|anadolu|epa|ho|kompas\.com|kompas|"
            r"tribunnews(\.com)?|tribun|tempo|detikcom|detik|idn times|liputan6(\.com)?|kumparan|suara\.com|cnn indonesia|"
            r"cnbc indonesia|republika|okezone|sindonews|viva|merdeka(\.com)?|bisnis|istimewa|dok|dokumentasi|shutterstock|freepik|"
            r"unsplash|pexels|pixabay|instagram|twitter|youtube|tangkapan layar)\s*/[^)]{1,80}\)\s*$",
            re.IGNORECASE,
        ),
        re.compile(r"\(\s*dok\.?\s[^)]{1,60}\)\s*$", re.IGNORECASE),  # "(DOK. KEMENLU RI)"
        re.compile(r"\bANTARA FOTO/[^.]{1,60}\.?$"),  # "ANTARA FOTO/Sigid Kurniawan/aww."
    ),
    needs=(":", ")", "/"),
)
MASTHEAD = "masthead"

REPEATED = "repeated_line"
# A line in many articles of one outlet is its furniture (clean.repeated_across_articles): at least this many
# articles, and this share of the outlet's articles; lines longer than this many words, and lines with a
# quotation, a reporting verb or a year, are story text and never counted.
REPEATED_ACROSS = "repeated_across_articles"
REPEATED_MIN_ARTICLES = 5
REPEATED_MIN_SHARE = 0.02
REPEATED_MAX_WORDS = 30
QUOTED_OR_REPORTED = (
    r"(?i)[\"\u201c\u201d]|\b(?:kata|ujar|ungkap|jelas|tutur|tegas|ucap|imbuh|sebut|terang|tambah|papar|menurut)(?:nya)?\b|"
    r"\b(?:mengatakan|menyatakan|menegaskan|menjelaskan|mengungkapkan|menambahkan|said|says)\b|"
    r"\b(?:19|20)\d\d\b"  # a year: background that wire stories repeat ("pecah pada 7 Oktober 2023"), not furniture
)
DATELINE = "dateline"

# --- Headings: short lines that do not end like a sentence; the headline may be longer and end in ? ! ... or a quote.
HEADING_MAX_WORDS = 15
TITLE_MAX_WORDS = 25
# A dateline is looked for in the first body paragraphs: captions may stand between the headline and the lead.
DATELINE_SEARCH = 3
SENTENCE_END = ".!?\u2026:;,"
CLOSING_MARKS = "\"')]\u201d\u2019"

# --- Normalisation
QUOTE_MAP = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
    }
)
WHITESPACE = re.compile(r"[ \t\f\v]+")

# --- Datelines at the start of the first paragraph, and where they name an outlet.
# "Liputan6.com, Bishkek - ...", "TRIBUNNEWS.COM -- ...", "REPUBLIKA.CO.ID, JAKARTA -- ..."
# The second and third forms must name an outlet of data/lexicons/outlets.csv (checked in clean.py),
# so that "Presiden Rusia, Vladimir Putin - yang ..." is not read as a dateline.
_DOMAIN = r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z]{2,})+"
_CITY = r"[A-Z][A-Za-z'\u00c0-\u024f]+(?:[ -][A-Z][A-Za-z'\u00c0-\u024f]+){0,2}"
# A dash with a space on at least one side ("KOMPAS.com - ", "KOMPAS.com- ", "CNN Indonesia - - " in tokenised text).
_DASH = r"(?:\s+[-\u2013\u2014](?:\s?[-\u2013\u2014])?\s*|[-\u2013\u2014]{1,2}\s+)"
DATELINE_DOMAIN = re.compile(rf"^(?P<outlet>{_DOMAIN})(?:\s*,\s*(?P<city>{_CITY}))?{_DASH}")
DATELINES_NAMED = (
    # "JAKARTA, KOMPAS.com - ...", "Jakarta, CNN Indonesia -- ..."
    re.compile(rf"^(?P<city>{_CITY})\s*,\s*(?P<outlet>{_DOMAIN}|[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?){_DASH}"),
    # "Jakarta (ANTARA) - ..."
    re.compile(rf"^(?P<city>{_CITY})\s*\((?P<outlet>[A-Za-z][\w. ]{{1,30}})\){_DASH}"),
    # "Rimanews - ...", "VIVA - ...": an outlet's name alone
    re.compile(rf"^(?P<outlet>[A-Z][A-Za-z0-9]+(?: [A-Z][A-Za-z]+)?){_DASH}"),
)
# "JAKARTA - ...": a city alone, in capitals (detik, Okezone); mixed case would catch "Putin - yang ...".
DATELINE_CITY = re.compile(rf"^(?P<city>[A-Z]{{3,}}(?:[ -][A-Z]{{3,}}){{0,2}}){_DASH}")

URL = re.compile(r"https?://[^\s<>\"')]+")
SOURCE_URL = re.compile(r"^(?:sumber|source)\s*:\s*(?P<url>https?://\S+)$", re.IGNORECASE)

# --- Dates. Month names in Indonesian and English.
MONTHS = {
    "januari": 1,
    "jan": 1,
    "january": 1,
    "februari": 2,
    "feb": 2,
    "pebruari": 2,
    "february": 2,
    "maret": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "aug": 8,
    "august": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "october": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "desember": 12,
    "des": 12,
    "dec": 12,
    "december": 12,
}
DAYS = (
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "jum'at",
    "sabtu",
    "minggu",
    "ahad",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_DAY = "(?:" + "|".join(DAYS) + ")"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "Kamis (12/10/2023)": the weekday and date that open Indonesian agency-style news; the only form
# read from the first paragraph (a date in running text is often a past event, not the publication).
DATELINE_DATE = re.compile(rf"\b{_DAY}\s*\(\s*(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}})\s*\)", re.IGNORECASE)
# Dates on a timestamp line: "30 Desember 2022 17:54 WIB", "Jumat, 30 Des 2022", "17/10/2023, 10:15", "2023-10-12"
DATE_PATTERNS = (
    DATELINE_DATE,
    re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<mname>{_MONTH})\.?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\b"),
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
)
