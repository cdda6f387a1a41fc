"""Find sums of money and percentages in sentences, with their value, currency, hedge and the year they refer to.

An amount counts only if it carries a currency ("USD 3,5 miliar", "28 miliar
dolar AS", "Rp1.250") or a percent marker ("17,9 persen", "5%"): a bare number
is never an amount, so years, durations ("20 tahun"), counts ("300 kontrak"),
dates ("12/10/2023") and times ("17:54") are left alone. Nor is a bare year
after a time word with a currency word after it ("sepanjang 2023 rupiah
melemah ...").

Rules, in the order they apply:

- **Numbers.** Both separators are read in either role. With a dot and a comma,
  the one written last is the decimal mark ("1.250,75" and "1,250.75" are
  1250.75). A separator repeated ("1.250.000") groups thousands. A single
  separator followed by exactly three digits groups thousands ("1.250",
  "1,250" and "Rp3.061 triliun" are 1250, 1250 and 3061 trillion), unless
  the whole part is 0 ("0,250"); any other single separator is a decimal
  mark ("3,5", "1.5", "17,9"). A magnitude word does not change this, so
  "1.250 miliar" is 1250 billion, as Indonesian budget news writes it.
- **Magnitudes** multiply: ribu/rb, juta/jt, miliar/milyar, triliun, thousand,
  million/mn/mln, billion/bn, trillion/tn, ratus/hundred; two may follow each
  other ("3 ribu triliun"). The one-letter forms count only after a currency
  sign or code: k, m, b, T, and M, which is a billion after Rp or IDR
  ("Rp5 M", Indonesian *miliar*) and a million after any other currency ("$5M").
- **Currencies** are read before the number (US$, $, USD, Rp, IDR, €, £, ₽, ₸
  and other ISO codes) or after the number and its magnitude ("dolar AS",
  "dollars", "rubel", "yuan", "tenge", "som", "rupiah", "euro", "pound" and
  the ISO codes), and reported as ISO 4217 codes. A lone "$" or "dolar" is
  the US dollar.
- **Vague amounts** ("jutaan dolar", "puluhan miliar rupiah", "millions of
  dollars") have no value and the qualifier ``vague``; without a currency or
  percent marker they are nothing ("puluhan ribu mahasiswa").
- **Ranges** ("USD 3-4 miliar", "antara 5 dan 7 persen") are one amount worth
  the midpoint, qualified ``approximate``. "dari 5 hingga 7 persen" is a
  change, not a range: only "7 persen" is an amount there.
- **Qualifiers**: ``target`` when a target word (target, menargetkan,
  ditargetkan, sasaran) stands anywhere earlier in the amount's clause or
  within two words after it; else ``vague``; else a hedge just before the
  amount, with at most two filler words between ("hampir mencapai rekor"):
  ``approximate`` (hampir, sekitar, nearly, about ...), ``more_than`` (lebih
  dari, di atas, over, at least ...), ``less_than`` (kurang dari, di bawah,
  under, up to ...); else ``approximate`` for a range; else "".
- **Years and periods** come from time expressions of the same text: "tahun
  2023", "pada 2025", "Juli 2023", "in 2023", "tahun lalu"/"last year"
  (publication year - 1), "tahun ini"/"this year", "tahun depan"/"next year",
  "dua tahun lalu"; a period ("paruh pertama", "semester pertama" -> H1,
  "kuartal ketiga"/"Q3" -> Q3, "9 bulan pertama"/"first nine months" -> 9M)
  takes the year written right after it ("9 bulan pertama tahun 2024").
  Relative years need the publication date; without it they stay ``None``.
  Each amount takes, in this order: the nearest expression before it in its
  phrase (a clause, also cut at "dan", "serta", "tetapi", "and", "but" ...),
  unless the amount just before it already took that expression as its own
  and this amount has one after it; the first expression after it in its
  phrase (before the next amount); the nearest expression before it in the
  text; the nearest after it. This is proximity, not a parse: in "diluncurkan
  pada tahun 2013 dan telah mendanai sekitar US$900 miliar" the amount gets
  2013.

Example:
    >>> [(a.text, a.value, a.currency, a.qualifier) for a in extract_amounts("Omzet naik 17,9 persen menjadi hampir USD 3,5 miliar.")]
    [('17,9 persen', 17.9, '', ''), ('USD 3,5 miliar', 3500000000.0, 'USD', 'approximate')]
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

import pandas as pd

# --- Numbers.
# Digits grouped in thousands ("1.250", "1,250,000", "1.250,75"), or plain with an optional decimal part ("3,5", "1250.75").
_DIGITS = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
NUMBER_WORDS = {
    "satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5", "enam": "6", "tujuh": "7", "delapan": "8",
    "sembilan": "9", "sepuluh": "10", "sebelas": "11", "setengah": "0.5", "seratus": "100", "seribu": "1000",
    "sejuta": "1e6", "semiliar": "1e9", "setriliun": "1e12",
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "half a": "0.5",
}
# Plurals that say "a lot" without a number: kept as vague amounts when a currency or percent marker follows.
VAGUE_WORDS = (
    "belasan", "puluhan", "ratusan", "ribuan", "jutaan", "miliaran", "milyaran", "triliunan",
    "tens of", "dozens of", "hundreds of", "thousands of", "millions of", "billions of", "trillions of",
)


def _words(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# The core of an amount: digits (or a range of two, "3-4", "antara 5 dan 7"), a number word, or a vague plural.
# Digits next to other digits, separators, slashes or colons are parts of dates and times ("12/10/2023", "17:54").
AMOUNT_CORE = re.compile(
    rf"(?<![\d.,/:])(?P<a>{_DIGITS})"
    rf"(?:\s*[-\u2013\u2014]\s*(?P<b>{_DIGITS})|\s+(?:dan|and|hingga|sampai|to)\s+(?P<b2>{_DIGITS}))?"
    r"(?![\d/:]|[.,]\d)"
    rf"|(?<![^\W_])(?P<word>{_words(NUMBER_WORDS)})(?![^\W_])"
    rf"|(?<![^\W_])(?P<vague>{_words(VAGUE_WORDS)})(?![^\W_])",
    re.IGNORECASE,
)
# "antara 5 dan 7 persen", "between 5 and 7 percent": what makes "5 dan 7" one range.
RANGE_OPENER = re.compile(r"(?:\bantara|\bbetween)\s+$", re.IGNORECASE)
MINUS = "-\u2212"
# A time word before a bare year: "sepanjang 2023 rupiah melemah" says when, not how much.
YEAR_CUE = re.compile(
    r"(?<![^\W_])(?:pada|tahun|sejak|sepanjang|selama|hingga|sampai|awal|akhir|pertengahan|in|since|during|until|by|throughout)\s+$",
    re.IGNORECASE,
)
BARE_YEAR = re.compile(r"(?:19|20)\d{2}")

# --- Magnitudes, after the number: words any case; one-letter forms as written, and only after a currency sign or code.
MAGNITUDE = re.compile(
    r"\s*(?:(?P<word>ribu|rb|ratus|juta|jt|miliar|milyar|triliun|trilyun|hundred|thousand|million|mln|mn|billion|bn|trillion|tn)"
    r"(?:s\s+of)?|(?-i:(?P<letter>[kKmMbBT])))(?![^\W_])",
    re.IGNORECASE,
)
MAGNITUDES = {
    "ribu": "1e3", "rb": "1e3", "ratus": "1e2", "juta": "1e6", "jt": "1e6", "miliar": "1e9", "milyar": "1e9",
    "triliun": "1e12", "trilyun": "1e12", "hundred": "1e2", "thousand": "1e3", "million": "1e6", "mln": "1e6",
    "mn": "1e6", "billion": "1e9", "bn": "1e9", "trillion": "1e12", "tn": "1e12",
    "k": "1e3", "K": "1e3", "m": "1e6", "M": "1e6", "b": "1e9", "B": "1e9", "T": "1e12",
}
RUPIAH_M = "1e9"  # "Rp5 M" is five miliar

# --- Percent markers, after the number (and its magnitude, if any).
PERCENT = re.compile(
    r"\s*(?:%|(?:persen|percent|per\s+cent|pct)(?:\s+poin|\s+points?)?|percentage\s+points?)(?![^\W_])",
    re.IGNORECASE,
)

# --- Currencies: (ISO 4217 code, pattern), specific before general ("dolar Singapura" before "dolar").
ISO_CODES = (
    "USD", "IDR", "EUR", "GBP", "RUB", "CNY", "KZT", "KGS", "JPY", "SGD", "AUD", "HKD", "CAD", "CHF", "INR", "MYR", "UZS", "TJS", "SAR",
)
CODE_ALIASES = {"RMB": "CNY"}
CURRENCY_BEFORE_FORMS = [
    ("USD", r"US\s?\$|U\.S\.\s?\$"), ("HKD", r"HK\$"), ("SGD", r"S\$"), ("AUD", r"A\$"), ("CAD", r"C\$"), ("USD", r"\$"),
    ("IDR", r"Rp\.?|RP\.?"), ("EUR", "\u20ac"), ("GBP", "\u00a3"), ("RUB", "\u20bd"), ("KZT", "\u20b8"),
    *[(code, code) for code in ISO_CODES], *[(alias, alias) for alias in CODE_ALIASES],
]
_DOLLAR = r"dol{1,2}ars?"
CURRENCY_AFTER_FORMS = [
    ("USD", rf"{_DOLLAR}\s+(?:Amerika\s+Serikat|Amerika|(?-i:AS|US))(?![^\W_])"),
    ("SGD", rf"{_DOLLAR}\s+Singapura|Singapore\s+dollars?"),
    ("AUD", rf"{_DOLLAR}\s+Australia|Australian\s+dollars?"),
    ("HKD", rf"{_DOLLAR}\s+Hong\s*Kong|Hong\s+Kong\s+dollars?"),
    ("CAD", rf"{_DOLLAR}\s+Kanada|Canadian\s+dollars?"),
    ("USD", rf"(?:US|U\.S\.|American)\s+dollars?|{_DOLLAR}"),
    ("RUB", r"rubel|rubles?|roubles?"), ("CNY", r"yuan|renminbi"), ("KZT", r"tenge"), ("KGS", r"soms?"),
    ("IDR", r"rupiah"), ("EUR", r"euros?"), ("GBP", r"pounds?(?:\s+sterling)?|poundsterling|sterling"), ("JPY", r"yen"),
    *[(code, f"(?-i:{code})") for code in ISO_CODES], *[(alias, f"(?-i:{alias})") for alias in CODE_ALIASES],
    ("EUR", "\u20ac"), ("GBP", "\u00a3"), ("RUB", "\u20bd"), ("KZT", "\u20b8"),
]


def _named(forms: list[tuple[str, str]]) -> str:
    return "|".join(f"(?P<{code}_{i}>{pattern})" for i, (code, pattern) in enumerate(forms))


# A currency ending where the number starts: "USD 3,5", "US$900", "Rp1.250", "Rp. 1.250". Case as written.
CURRENCY_BEFORE = re.compile(rf"(?<![^\W_])(?:{_named(CURRENCY_BEFORE_FORMS)})[ \t]{{0,2}}$")
# A currency after the number: "28 miliar dolar AS", "Jutaan Dolar", "500 juta rubel". Words any case, codes as written.
# One followed by a number is that number's ("2024 USD 5": "USD 5").
CURRENCY_AFTER = re.compile(rf"\s*(?:{_named(CURRENCY_AFTER_FORMS)})(?![^\W_])(?!\s{{0,2}}\d)", re.IGNORECASE)
CURRENCY_LOOKBACK = 16  # characters before a number searched for its currency

# --- Qualifiers.
# A hedge just before the amount, with at most two filler words between it and the amount.
_FILLERS = (
    r"mencapai|capai|sebesar|senilai|sejumlah|menjadi|angka|nilai|rekor|total|hanya|yang|"
    r"of|to|at|a|the|record|total|reach|reached|reaching|worth|just|only"
)
QUALIFIER = re.compile(
    r"(?<![^\W_])(?:"
    r"(?P<approximate>hampir|nyaris|sekitar|sekira|kira-kira|kurang\s+lebih|lebih\s+kurang"
    r"|almost|nearly|around|about|approximately|roughly|circa)"
    r"|(?P<more_than>lebih\s+dari(?:pada)?|di\s+atas|melebihi|setidaknya|sedikitnya|paling\s+sedikit"
    r"|more\s+than|over|above|at\s+least|upwards\s+of)"
    r"|(?P<less_than>kurang\s+dari|di\s+bawah|tidak\s+sampai|paling\s+banyak|less\s+than|under|below|fewer\s+than|up\s+to)"
    rf")\s+(?:(?:{_FILLERS})\s+){{0,2}}$",
    re.IGNORECASE,
)
_TARGET_WORDS = r"menargetkan|ditargetkan|targetkan|targetnya|target|targets|targeted|targeting|sasaran"
TARGET = re.compile(rf"(?<![^\W_])(?:{_TARGET_WORDS})(?![^\W_])", re.IGNORECASE)
# A target word as the first or second word after the amount ("USD 30 miliar yang ditargetkan").
TARGET_AFTER = re.compile(rf"^\s*(?:[^\W\d_][\w-]*\s+)?(?:{_TARGET_WORDS})(?![^\W_])", re.IGNORECASE)

# --- Clauses: target words and hedges are looked for within the amount's clause, years first within its phrase.
# A comma between digits is a decimal mark or a thousands separator, not a clause break.
CLAUSE_BREAK = re.compile(r"[;:!?()\[\]\"\u201c\u201d]|(?<!\d),|,(?!\d)|\.(?=\s)|\s[-\u2013\u2014]{1,2}\s")
PHRASE_BREAK = re.compile(
    CLAUSE_BREAK.pattern + r"|(?<![^\W_])(?:dan|serta|tetapi|namun|sedangkan|sementara|and|but|while|whereas)(?![^\W_])",
    re.IGNORECASE,
)

# --- Time expressions.
# A year of 1900-2099, not part of a date ("12/10/2023", "2023-10-12") or a longer number; "tahun" before it belongs to it.
YEAR = re.compile(
    r"(?:(?<![^\W_])(?:tahun|thn\.?)\s+)?(?<![\d.,/:\-\u2013])(?P<year>(?:19|20)\d{2})(?![\d]|[.,/:\-\u2013]\d)", re.IGNORECASE
)
COUNT_WORDS = {w: i for i, w in enumerate("satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas".split(), start=1)}
COUNT_WORDS |= {w: i for i, w in enumerate("one two three four five six seven eight nine ten eleven".split(), start=1)}
_COUNT = r"\d{1,2}|" + "|".join(COUNT_WORDS)
# "tahun lalu", "dua tahun lalu", "setahun lalu", "tahun ini", "tahun depan", "last year", "two years ago".
RELATIVE_YEAR = re.compile(
    rf"(?<![^\W_])(?:(?P<n>{_COUNT})\s+|(?P<se>se))?tahun\s+(?P<rel>ini|lalu|yang\s+lalu|kemarin|depan|mendatang)(?![^\W_])"
    r"|(?<![^\W_])(?P<en>this|last|next)\s+year(?![^\W_])"
    rf"|(?<![^\W_])(?P<ago>{_COUNT}|a)\s+years?\s+ago(?![^\W_])",
    re.IGNORECASE,
)
RELATIVE_OFFSETS = {"ini": 0, "this": 0, "lalu": -1, "yang lalu": -1, "kemarin": -1, "last": -1, "depan": 1, "mendatang": 1, "next": 1}
PERIOD = re.compile(
    r"(?<![^\W_])(?:"
    r"(?P<H1>paruh\s+pertama|semester\s+(?:pertama|I|1)|first\s+half|(?-i:H1|1H))"
    r"|(?P<H2>paruh\s+kedua|semester\s+(?:kedua|II|2)|second\s+half|(?-i:H2|2H))"
    r"|(?:kuartal|kwartal|triwulan)\s+(?P<qid>pertama|kedua|ketiga|keempat|I{1,3}|IV|[1-4])"
    r"|(?P<qen>first|second|third|fourth)\s+quarter"
    r"|(?-i:Q(?P<qn>[1-4]))"
    rf"|(?P<months>{_COUNT})\s+bulan\s+pertama"
    rf"|first\s+(?P<men>{_COUNT})\s+months"
    r")(?![^\W_])",
    re.IGNORECASE,
)
QUARTERS = {
    "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1": 1, "2": 2, "3": 3, "4": 4,
}
# Between a period and its year: "paruh pertama tahun ini", "first half of 2024", "Q3 2023".
PERIOD_TO_YEAR = re.compile(r"\s*,?\s*(?:(?:of|in)\s+(?:the\s+)?)?", re.IGNORECASE)

AMOUNT_COLUMNS = [
    "doc_id", "para_id", "kind", "value", "currency", "qualifier", "year", "partners", "text",
    "period", "sent_id", "start", "end", "sentence", "partners_from",
]
PARTNER_TYPES = ("place",)
PARTNER_SEPARATOR = "; "


class Amount(NamedTuple):
    """One sum of money or percentage: ``start``/``end`` are offsets into the text searched, ``text`` what is written there."""

    start: int
    end: int
    kind: str  # "money" | "percent"
    value: float | None  # in base units (3.5e9 for "USD 3,5 miliar"); None for vague amounts
    currency: str  # ISO 4217 code; "" for a percentage
    qualifier: str  # "" | "approximate" | "more_than" | "less_than" | "target" | "vague"
    year: int | None
    period: str  # "" | "H1" | "H2" | "Q1".."Q4" | "9M" (first nine months) ...
    text: str


class TimeRef(NamedTuple):
    """A time expression: the year and period it names (either may be unknown), at ``start``/``end``."""

    start: int
    end: int
    year: int | None
    period: str


def parse_number(text: str) -> float | None:
    """The value of a number written with Indonesian or English separators (see the module docstring).

    Args:
        text: digits with optional ``.`` and ``,`` ("3,5", "1.250", "1,250.75").

    Returns:
        The value, or None when the separators make no sense ("1.25.3").

    Example:
        >>> [parse_number(s) for s in ("3,5", "1.250", "1,250", "1.250,75", "1,250.75", "1.250.000", "0,250", "1.5")]
        [3.5, 1250.0, 1250.0, 1250.75, 1250.75, 1250000.0, 0.25, 1.5]
    """
    number = _decimal(text)
    return None if number is None else float(number)


def _decimal(text: str) -> Decimal | None:
    seps = [c for c in text if c in ".,"]
    if not seps:
        return Decimal(text)
    last = max(text.rfind("."), text.rfind(","))
    if len(set(seps)) == 2:  # the separator written last is the decimal mark
        whole, fraction = text[:last], text[last + 1 :]
        groups = re.split(r"[.,]", whole)
        if text[last] in whole or not _grouped(groups):
            return None
        return Decimal("".join(groups) + "." + fraction)
    groups = text.split(seps[0])
    if len(groups) > 2:  # one separator repeated: thousands
        return Decimal("".join(groups)) if _grouped(groups) else None
    whole, fraction = groups
    if len(fraction) == 3 and whole != "0":
        return Decimal(whole + fraction)
    return Decimal(whole + "." + fraction)


def _grouped(groups: list[str]) -> bool:
    """True if ``groups`` are thousands groups: 1-3 digits, then exactly 3 each."""
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def time_expressions(text: str, *, published: dt.date | None = None) -> list[TimeRef]:
    """The years and periods named in ``text``, in text order.

    Args:
        text: a sentence.
        published: the publication date, for "tahun ini", "tahun lalu", "last year".

    Returns:
        One :class:`TimeRef` per expression; a period joined to the year written
        right after it ("9 bulan pertama tahun 2024" is one expression).

    Example:
        >>> time_expressions("Pada paruh pertama tahun ini dan pada tahun 2022.", published=dt.date(2023, 10, 12))
        [TimeRef(start=5, end=28, year=2023, period='H1'), TimeRef(start=38, end=48, year=2022, period='')]
    """
    years = [TimeRef(m.start(), m.end(), int(m["year"]), "") for m in YEAR.finditer(text)]
    for m in RELATIVE_YEAR.finditer(text):
        offset = _relative_offset(m)
        if offset is not None:
            years.append(TimeRef(m.start(), m.end(), published.year + offset if published else None, ""))
    years = _without_overlaps(years)
    by_start = {ref.start: ref for ref in years}
    found, joined = [], set()
    for m in PERIOD.finditer(text):
        period = _period(m)
        if period is None:
            continue
        year = by_start.get(PERIOD_TO_YEAR.match(text, m.end()).end())
        if year is not None:
            joined.add(year)
            found.append(TimeRef(m.start(), year.end, year.year, period))
        else:
            found.append(TimeRef(m.start(), m.end(), None, period))
    return _without_overlaps(found + [ref for ref in years if ref not in joined])


def _relative_offset(m: re.Match) -> int | None:
    """Years from publication that a RELATIVE_YEAR match means; None for a duration ("20 tahun ini")."""
    if m["ago"]:
        word = m["ago"].lower()
        return -(1 if word == "a" else _count(word))
    if m["en"]:
        return RELATIVE_OFFSETS[m["en"].lower()]
    rel = " ".join(m["rel"].lower().split())
    step = RELATIVE_OFFSETS[rel]
    if m["n"]:
        return None if step == 0 else step * _count(m["n"].lower())
    return step


def _count(word: str) -> int:
    return int(word) if word.isdigit() else COUNT_WORDS[word]


def _period(m: re.Match) -> str | None:
    if m["H1"]:
        return "H1"
    if m["H2"]:
        return "H2"
    quarter = m["qid"] or m["qen"] or m["qn"]
    if quarter:
        return f"Q{QUARTERS[quarter.lower()]}"
    months = _count((m["months"] or m["men"]).lower())
    return f"{months}M" if 1 <= months <= 11 else None


def _without_overlaps(refs: list) -> list:
    """``refs`` (anything with start/end) in text order, dropping any that overlaps one kept before it (longest first at a tie)."""
    kept, reach = [], -1
    for ref in sorted(refs, key=lambda r: (r.start, -r.end)):
        if ref.start >= reach:
            kept.append(ref)
            reach = ref.end
    return kept


def extract_amounts(text: str, *, published: dt.date | None = None) -> list[Amount]:
    """The sums of money and percentages in one sentence, with value, currency, qualifier, year and period.

    Args:
        text: a sentence (years are taken from the whole text, so pass one
            sentence at a time, as :func:`amounts_table` does).
        published: the publication date, for relative years ("tahun lalu").

    Returns:
        One :class:`Amount` per amount, in text order (rules in the module docstring).

    Example:
        >>> a = extract_amounts("Omzet tumbuh 37 persen tahun lalu hingga hampir USD 3,5 miliar.", published=dt.date(2023, 10, 12))
        >>> [(x.kind, x.value, x.currency, x.qualifier, x.year) for x in a]
        [('percent', 37.0, '', '', 2022), ('money', 3500000000.0, 'USD', 'approximate', 2022)]
    """
    found = _find_amounts(text)
    if not found:
        return []
    spans = [(a.start, a.end) for a, _ in found]
    clauses = _breaks(CLAUSE_BREAK, text, spans)
    phrases = _breaks(PHRASE_BREAK, text, spans)
    times = [t for t in time_expressions(text, published=published) if not any(s < t.end and t.start < e for s, e in spans)]
    years = _attach_times(found, times, phrases, len(text))
    amounts = []
    for (amount, is_range), time in zip(found, years):
        qualifier = _qualifier(text, amount, is_range, clauses)
        amounts.append(amount._replace(qualifier=qualifier, year=time.year if time else None, period=time.period if time else ""))
    return amounts


def _find_amounts(text: str) -> list[tuple[Amount, bool]]:
    """Every amount with its span, kind, value and currency (qualifier and year not yet set), and whether it is a range."""
    found: list[tuple[Amount, bool]] = []
    pos = 0
    while (m := AMOUNT_CORE.search(text, pos)) is not None:
        pos = m.end()
        start, end, is_range = m.start(), m.end(), False
        vague = bool(m["vague"])
        if m["word"]:
            number: Decimal | None = Decimal(NUMBER_WORDS[" ".join(m["word"].lower().split())])
        elif vague:
            number = None
        else:
            number = _decimal(m["a"])
            if m["b"] or (m["b2"] and RANGE_OPENER.search(text, max(0, start - 12), start)):
                high = _decimal(m["b"] or m["b2"])
                number = None if number is None or high is None else (number + high) / 2
                is_range = True
            elif m["b2"]:  # "dari 5 hingga 7 persen": a change, not a range; look at "7" on its own
                end = m.end("a")
                pos = m.start("b2")
            if number is None:
                continue
            if start and text[start - 1] in MINUS and (start == 1 or text[start - 2].isspace() or text[start - 2] == "("):
                number, start = -number, start - 1
        prefix = CURRENCY_BEFORE.search(text, max(0, start - CURRENCY_LOOKBACK, found[-1][0].end if found else 0), start)
        if start and text[start - 1].isalpha() and not (prefix and prefix.end() == start):
            continue  # glued to a word that is not a currency ("B20", "COVID19")
        before = _code(prefix) if prefix else ""
        multiplier, end = _magnitudes(text, end, before)
        if (unit := PERCENT.match(text, end)) is not None:
            kind, currency, start_at, end = "percent", "", start, unit.end()
        else:
            after = CURRENCY_AFTER.match(text, end)
            if before:
                kind, currency, start_at = "money", before, prefix.start()
                if after and _code(after) == before:
                    end = after.end()
            elif after and not (multiplier == 1 and m["a"] and not is_range and _looks_like_year(text, m)):
                kind, currency, start_at, end = "money", _code(after), start, after.end()
            else:
                continue
        value = None if vague or number is None else float(number * multiplier)
        qualifier = "vague" if vague else ""
        found.append((Amount(start_at, end, kind, value, currency, qualifier, None, "", text[start_at:end]), is_range))
        pos = max(pos, end)
    return found


def _looks_like_year(text: str, core: re.Match) -> bool:
    """True for a bare year after a time word ("sepanjang 2023 rupiah ..."), which a currency word after it does not make money."""
    return bool(BARE_YEAR.fullmatch(core["a"]) and YEAR_CUE.search(text, max(0, core.start() - 20), core.start()))


def _code(m: re.Match) -> str:
    code = m.lastgroup.rsplit("_", 1)[0]
    return CODE_ALIASES.get(code, code)


def _magnitudes(text: str, pos: int, currency: str) -> tuple[Decimal, int]:
    """The product of up to two magnitude words at ``pos``, and where they end."""
    multiplier = Decimal(1)
    for _ in range(2):
        m = MAGNITUDE.match(text, pos)
        if m is None:
            break
        if m["letter"]:
            if not currency:
                break
            factor = RUPIAH_M if m["letter"] == "M" and currency == "IDR" else MAGNITUDES[m["letter"]]
        else:
            factor = MAGNITUDES[m["word"].lower()]
        multiplier *= Decimal(factor)
        pos = m.end()
    return multiplier, pos


def _breaks(pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Start offsets of the clauses (or phrases) of ``text``: 0, then the end of every break outside an amount."""
    starts = [0]
    for m in pattern.finditer(text):
        if not any(s <= m.start() < e for s, e in spans):
            starts.append(m.end())
    return starts


def _unit(breaks: list[int], pos: int) -> int:
    """Which clause (or phrase) the offset ``pos`` falls in."""
    return bisect_right(breaks, pos) - 1


def _qualifier(text: str, amount: Amount, is_range: bool, clauses: list[int]) -> str:
    clause = _unit(clauses, amount.start)
    clause_start = clauses[clause]
    clause_end = clauses[clause + 1] if clause + 1 < len(clauses) else len(text)
    if TARGET.search(text, clause_start, amount.start) or TARGET_AFTER.match(text[amount.end : clause_end]):
        return "target"
    if amount.qualifier:
        return amount.qualifier
    if (hedge := QUALIFIER.search(text, clause_start, amount.start)) is not None:
        return hedge.lastgroup
    return "approximate" if is_range else ""


def _attach_times(found: list[tuple[Amount, bool]], times: list[TimeRef], phrases: list[int], n: int) -> list[TimeRef | None]:
    """The time expression each amount refers to (see "Years and periods" in the module docstring)."""
    chosen: list[TimeRef | None] = []
    took_after: list[bool] = []
    for i, (amount, _) in enumerate(found):
        phrase = _unit(phrases, amount.start)
        phrase_end = phrases[phrase + 1] if phrase + 1 < len(phrases) else n
        previous = found[i - 1][0] if i and _unit(phrases, found[i - 1][0].start) == phrase else None
        following = found[i + 1][0].start if i + 1 < len(found) else n
        before = [t for t in times if t.end <= amount.start and _unit(phrases, t.start) == phrase]
        after = [t for t in times if amount.end <= t.start < min(phrase_end, following)]
        pick, is_after = None, False
        if before:
            pick = before[-1]
            claimed = previous is not None and took_after[i - 1] and chosen[i - 1] == pick
            if claimed and after:
                pick, is_after = after[0], True
        elif after:
            pick, is_after = after[0], True
        else:
            earlier = [t for t in times if t.end <= amount.start]
            later = [t for t in times if t.start >= amount.end]
            pick = earlier[-1] if earlier else (later[0] if later else None)
        chosen.append(pick)
        took_after.append(is_after)
    return chosen


def _published(value) -> dt.date | None:
    """A ``documents.date`` cell as a date; None when empty or not a YYYY-MM-DD date."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def amounts_table(sentences: pd.DataFrame, documents: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Every amount of every sentence, with its year from the document's date and the places named beside it.

    Args:
        sentences: the ``sentences.csv`` table (doc_id, para_id, sent_id, start, end, text).
        documents: the ``documents.csv`` table (doc_id, date as YYYY-MM-DD or "").
        mentions: the ``entity_mentions.csv`` table (doc_id, para_id, entity, type, start, end).

    Returns:
        doc_id, para_id, kind, value, currency, qualifier, year (Int64),
        partners (the places named in the same sentence, in order of first
        mention, joined with "; "; when the sentence names none, those of its
        paragraph), text, then period, sent_id, start, end (offsets into the
        paragraph), sentence and partners_from ("sentence", "paragraph" or "");
        sorted by doc_id, para_id, start.

    Example:
        >>> sents = pd.DataFrame({"doc_id": ["d"], "para_id": [1], "sent_id": [1], "start": [0], "end": [38],
        ...                       "text": ["Ekspor ke Rusia naik 5 persen pada 2023."]})
        >>> docs = pd.DataFrame({"doc_id": ["d"], "date": [""]})
        >>> ments = pd.DataFrame({"doc_id": ["d"], "para_id": [1], "entity": ["Russia"], "type": ["place"], "start": [10], "end": [15]})
        >>> amounts_table(sents, docs, ments)[["kind", "value", "year", "partners", "text"]].values.tolist()
        [['percent', 5.0, 2023, 'Russia', '5 persen']]
    """
    published = {doc_id: _published(date) for doc_id, date in zip(documents["doc_id"], documents["date"])}
    places: dict[tuple, list[tuple[int, int, str]]] = defaultdict(list)
    chosen = mentions[mentions["type"].isin(PARTNER_TYPES)]
    for doc_id, para_id, start, end, entity in zip(chosen["doc_id"], chosen["para_id"], chosen["start"], chosen["end"], chosen["entity"]):
        places[(doc_id, para_id)].append((int(start), int(end), entity))
    starts = {}
    for key, found in places.items():
        found.sort()
        starts[key] = [s for s, _, _ in found]

    rows = []
    columns = ("doc_id", "para_id", "sent_id", "start", "end", "text")
    for doc_id, para_id, sent_id, s_start, s_end, sentence in zip(*(sentences[c] for c in columns)):
        amounts = extract_amounts(sentence, published=published.get(doc_id))
        if not amounts:
            continue
        key = (doc_id, para_id)
        paragraph_places = places.get(key, [])
        lo = bisect_left(starts.get(key, []), s_start)
        hi = bisect_left(starts.get(key, []), s_end)
        partners = dict.fromkeys(entity for start, end, entity in paragraph_places[lo:hi] if end <= s_end)
        scope = "sentence" if partners else ""
        if not partners and paragraph_places:
            # "Omzet perdagangan kami tumbuh ...": the partner is often named in the sentence before.
            partners, scope = dict.fromkeys(entity for _, _, entity in paragraph_places), "paragraph"
        for a in amounts:
            rows.append(
                (doc_id, para_id, a.kind, a.value, a.currency, a.qualifier, a.year, PARTNER_SEPARATOR.join(partners), a.text,
                 a.period, sent_id, s_start + a.start, s_start + a.end, sentence, scope)
            )
    frame = pd.DataFrame(rows, columns=AMOUNT_COLUMNS)
    frame = frame.astype({"value": "float64", "year": "Int64"})
    return frame.sort_values(["doc_id", "para_id", "start"], kind="mergesort", ignore_index=True)
