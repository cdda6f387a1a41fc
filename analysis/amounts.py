"""Find sums of money and percentages in sentences, with their value, currency, hedge, direction, unit and the year they refer to.

An amount counts only if it carries a currency ("USD 3,5 miliar", "28 miliar
dolar AS", "Rp1.250") or a percent marker ("17,9 persen", "5%"): a bare number
is never an amount, so years, durations ("20 tahun"), counts ("300 kontrak"),
dates ("12/10/2023") and times ("17:54") are left alone. Nor is a year written
as money: a plain four-digit number of 1900-2099 (no separator, no magnitude,
not a range) with a currency only after it, as a separate word, says when,
not how much ("Pada Oktober 2024 dolar AS menguat", "Di 2024 rupiah stabil",
"sepanjang 2023 rupiah melemah"; changed: a time word before it used to be
needed), unless a price word stands just before it ("seharga 2000 rupiah",
"sebesar", "senilai", "worth" ...) or a unit after it ("2000 dolar AS per
ons"). A currency sign or code written before it keeps it money ("Rp2024",
"$2024").

Rules, in the order they apply:

- **Numbers.** Both separators are read in either role. With a dot and a comma,
  the one written last is the decimal mark ("1.250,75" and "1,250.75" are
  1250.75). A separator repeated ("1.250.000") groups thousands. A single
  separator followed by any number of digits other than three is a decimal
  mark ("3,5", "1.5", "17,9"). A single separator followed by exactly three
  digits depends on what follows the number (changed: it used to group
  thousands everywhere, so "6,875 persen" was 6875):

  - before a percent marker it is a decimal mark ("6,875 persen" is 6.875,
    "2,125%" is 2.125);
  - before an Indonesian magnitude word (ribu, juta, miliar, triliun, ratus),
    or after Rp/IDR before a one-letter one, a comma is a decimal mark and a
    dot groups thousands, as Indonesian writes them ("Rp 1,125 triliun" is
    1.125 trillion, "US$ 2,345 miliar" 2.345 billion, but "Rp3.061 triliun"
    is still 3061 trillion and "1.250 miliar" 1250 billion, as Indonesian
    budget news writes them);
  - before an English magnitude word (thousand, million, billion, trillion,
    bn ...) or another one-letter one, either is a decimal mark ("US$1.250
    billion" is 1.25 billion);
  - otherwise it groups thousands ("Rp1.250" is 1250, "Rp15.750" 15750,
    "$1,250" 1250), and so does any separator after a whole part of 0
    ("0,250" is 0.25).
- **Number words** are read whole, Indonesian and English, compounds included:
  "dua puluh lima" is 25, "lima belas" 15, "seratus dua puluh" 120, "satu
  setengah" 1.5, "twenty-five" 25, "dua ratus lima puluh juta" 250 million,
  "dua juta lima ratus ribu" 2.5 million, "tiga ribu triliun" 3000 trillion.
  Words that do not make one number ("dua tiga persen", "five twenty") are no
  amount at all, never part of one (changed: "dua puluh lima persen" was 5).
- **Magnitudes** multiply: ribu/rb, juta/jt, miliar/milyar, triliun, thousand,
  million/mn/mln, billion/bn, trillion/tn, ratus/hundred; two may follow each
  other ("3 ribu triliun"). The one-letter forms count only after a currency
  sign or code: k, m, b, T, and M, which is a billion after Rp or IDR
  ("Rp5 M", Indonesian *miliar*) and a million after any other currency ("$5M").
- **Signs.** A minus sign ("-2,1 persen") or "minus"/"negatif"/"negative" just
  before the number makes the value negative (and the change ``down``).
- **Currencies** are read before the number (US$, $, USD, Rp, IDR, RM, €, £,
  ¥, ₩, ₽, ₸ and other ISO codes) or after the number and its magnitude
  ("dolar AS", "dollars", "rubel", "yuan", "yen", "tenge", "som", "rupiah",
  "ringgit", "won", "euro", "pound" and the ISO codes), and reported as
  ISO 4217 codes. A lone "$" or "dolar" is the US dollar, "¥" the yen.
- **Vague amounts** ("jutaan dolar", "puluhan miliar rupiah", "millions of
  dollars", "US$70-an", "Rp 5 jutaan") have no value and the qualifier
  ``vague``; without a currency or percent marker they are nothing
  ("puluhan ribu mahasiswa").
- **Ranges** ("USD 3-4 miliar", "antara 5 dan 7 persen", "Rp20-30 juta") are
  two amounts with the same span, the low end qualified ``range_low`` and the
  high end ``range_high``. "dari 5 hingga 7 persen" is a change, not a range:
  only "7 persen" is an amount there.
- **Units** (``per``): an amount followed by "per" or "/" and a unit is a rate
  or a unit price, not a total: "Rp15.750 per dolar AS" and "Rp15.750/US$"
  (``per`` "USD": a currency unit is given as its ISO code, so this is an
  exchange rate), "80 dolar AS per barel" (``per`` "barel"), "Rp80.000/kg",
  "5 persen per tahun"; other units are lower-cased words. A date after
  "per" ("per 31 Desember", "per Oktober", "per akhir Juni") means "as of"
  and is no unit. The unit is part of the amount's text. **Charts and sums of
  totals must leave out the rows whose** ``per`` **is not empty.**
- **Qualifiers**: ``target`` when a target word (target, menargetkan,
  ditargetkan, sasaran) stands anywhere earlier in the amount's clause, or as
  the first or second word after it unless that word compares with the
  target ("105 persen dari target", "Rp 1.800 triliun melebihi target": dari,
  melebihi, atas, bawah, of, above, below, than ... are not targets); else
  ``vague``; else a hedge just before the amount, with at most two filler
  words between ("hampir mencapai rekor"): ``approximate`` (hampir, sekitar,
  nearly, about ...), ``more_than`` (lebih dari, di atas, over, at least ...),
  ``less_than`` (kurang dari, di bawah, under, up to ...); else
  ``range_low`` or ``range_high`` for the ends of a range; else "". Clauses end at punctuation and at
  the contrasting words namun, tetapi, tapi, sedangkan, sementara, padahal,
  but, while, whereas, however ("Target 5,2 persen namun realisasi 4,8
  persen": only 5,2 is a target).
- **Direction** (``change``): ``up`` or ``down`` when a change word stands just
  before the amount, with at most three filler words between (sebesar,
  sekitar, hampir, lebih dari, by, about, nearly ...): naik, meningkat,
  tumbuh, bertambah, melonjak, menguat, kenaikan, rose, grew, up ... are
  ``up``; turun, menurun, merosot, anjlok, terkontraksi, melemah, penurunan,
  fell, declined, down ... are ``down``; a sign (above) is ``down``; else "".
  The amount is then the size of the change and its value stays as written.
  A change *to* a level ("naik ke 6,875 persen", "naik menjadi USD 5
  miliar", "rose to $5bn") is no change: the amount is the new level.
- **Years and periods** come from time expressions of the same text: "tahun
  2023", "pada 2025", "Juli 2023", "in 2023", "tahun lalu"/"last year"
  (publication year - 1), "tahun ini"/"this year", "tahun depan"/"next year",
  "dua tahun lalu"; a period ("paruh pertama", "semester pertama"/"semester
  I" -> H1, "kuartal ketiga"/"kuartal III"/"Q3" -> Q3, "9 bulan
  pertama"/"first nine months" -> 9M; changed: three and six months are Q1
  and H1, no longer 3M and 6M)
  takes the year written right after it ("9 bulan pertama tahun 2024"), also
  joined by a hyphen or slash ("kuartal III-2024", "Q3-2024", "semester
  II/2023"). Compact forms carry their year: "1H24" (H1 2024), "3Q24" (Q3
  2024), "9M24" (9M 2024); two-digit years are 20xx. A month range is a
  period: "Januari-September 2024" is 9M, "Januari-Juni" H1, "Juli-September"
  Q3, "Januari-Desember" just the year.
  Relative years need the publication date; without it they stay ``None``.
  Each amount takes, in this order: the nearest expression before it in its
  phrase (a clause, also cut at "dan", "serta", "and" ...), unless the amount
  just before it already took that expression as its own and this amount has
  one after it; the first expression after it in its phrase (before the next
  amount); the nearest expression before it in the text; the nearest after
  it. This is proximity, not a parse: in "diluncurkan pada tahun 2013 dan
  telah mendanai sekitar US$900 miliar" the amount gets 2013.
- **Comparison bases** are no amount's year. A time expression introduced by
  a comparison word (dibandingkan, dibanding, dari, ketimbang, daripada,
  than, compared with, from, versus, with "periode yang sama"/"the same
  period of" allowed between) is the base of a change and is given to no
  amount. An amount so introduced ("naik 10% dari Rp 4,5 triliun pada 2023")
  is a base amount: the expression right after it in its phrase (before the
  next amount) is its own and no other amount's; without one its year is
  ``None`` ("turun dari 5 persen menjadi 3 persen pada 2024": 5 persen has
  no year). Any other amount left without a year (or with a period and no
  year) in a text whose base is relative to publication ("dibandingkan
  tahun lalu") gets the publication year: "Penjualan naik 12 persen
  dibandingkan tahun lalu" is this year's growth. With an absolute base the
  year stays ``None`` ("Laba Rp 5 triliun, naik 10% dari Rp 4,5 triliun pada
  2023": Rp 5 triliun and 10% have no year, Rp 4,5 triliun is 2023's).

Example:
    >>> found = extract_amounts("Omzet naik 17,9 persen menjadi hampir USD 3,5 miliar.")
    >>> [(a.text, a.value, a.currency, a.qualifier, a.change) for a in found]
    [('17,9 persen', 17.9, '', '', 'up'), ('USD 3,5 miliar', 3500000000.0, 'USD', 'approximate', '')]
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

import ahocorasick
import pandas as pd

# --- Numbers.
# Digits grouped in thousands ("1.250", "1,250,000", "1.250,75"), or plain with an optional decimal part ("3,5", "1250.75").
_DIGITS = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
# Number words that start a number or follow one as its units: their values.
NUMBER_WORDS = {
    "satu": "1",
    "dua": "2",
    "tiga": "3",
    "empat": "4",
    "lima": "5",
    "enam": "6",
    "tujuh": "7",
    "delapan": "8",
    "sembilan": "9",
    "sepuluh": "10",
    "sebelas": "11",
    "setengah": "0.5",
    "seratus": "100",
    "seribu": "1000",
    "sejuta": "1e6",
    "semiliar": "1e9",
    "setriliun": "1e12",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
    "half a": "0.5",
}
# Words that multiply the number words before them within a number: "dua puluh", "lima belas" (5 + 10), "dua ratus".
NUMBER_WORD_FACTORS = {"belas": "10", "puluh": "10", "ratus": "100", "hundred": "100"}
# Magnitude words inside a number of words ("dua ribu lima ratus"); at its end they are read as MAGNITUDE.
NUMBER_WORD_SCALES = {
    "ribu": "1e3",
    "juta": "1e6",
    "miliar": "1e9",
    "milyar": "1e9",
    "triliun": "1e12",
    "thousand": "1e3",
    "million": "1e6",
    "billion": "1e9",
    "trillion": "1e12",
}
# Plurals that say "a lot" without a number: kept as vague amounts when a currency or percent marker follows.
VAGUE_WORDS = (
    "belasan",
    "puluhan",
    "ratusan",
    "ribuan",
    "jutaan",
    "miliaran",
    "milyaran",
    "triliunan",
    "tens of",
    "dozens of",
    "hundreds of",
    "thousands of",
    "millions of",
    "billions of",
    "trillions of",
)


def _words(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_NUMBER_WORD = rf"(?:{_words(NUMBER_WORDS)})(?![^\W_])"
_ANY_NUMBER_WORD = rf"(?:{_words([*NUMBER_WORDS, *NUMBER_WORD_FACTORS, *NUMBER_WORD_SCALES])})(?![^\W_])"
# The core of an amount: digits (or a range of two, "3-4", "antara 5 dan 7"), number words, or a vague plural.
# Digits next to other digits, separators, slashes or colons are parts of dates and times ("12/10/2023", "17:54");
# a slash followed by a word is a unit ("Rp80.000/kg").
AMOUNT_CORE = re.compile(
    rf"(?<![\d.,/:])(?P<a>{_DIGITS})"
    rf"(?:\s*[-\u2013\u2014]\s*(?P<b>{_DIGITS})|\s+(?:dan|and|hingga|sampai|to)\s+(?P<b2>{_DIGITS}))?"
    r"(?![\d:]|/\d|[.,]\d)"
    rf"|(?<![^\W_])(?P<word>{_NUMBER_WORD}(?:[ \t-]+{_ANY_NUMBER_WORD})*)"
    rf"|(?<![^\W_])(?P<vague>{_words(VAGUE_WORDS)})(?![^\W_])",
    re.IGNORECASE,
)
NUMBER_WORD = re.compile(_ANY_NUMBER_WORD, re.IGNORECASE)
# "antara 5 dan 7 persen", "between 5 and 7 percent": what makes "5 dan 7" one range.
RANGE_OPENER = re.compile(r"(?:\bantara|\bbetween)\s+$", re.IGNORECASE)
MINUS = "-\u2212"
# A sign word just before the number: "minus 2,1 persen", "tumbuh negatif 2,1 persen".
SIGN_WORD = re.compile(r"(?<![^\W_])(?:minus|negatif|negative)\s+$", re.IGNORECASE)
# "-an" on a number says "some seventy": "US$70-an".
VAGUE_SUFFIX = re.compile(r"-an(?![^\W_])", re.IGNORECASE)
# A plain year, which a currency word after it does not make money ("Pada Oktober 2024 dolar AS menguat") ...
BARE_YEAR = re.compile(r"(?:19|20)\d{2}")
# ... unless a price word stands just before it ("seharga 2000 rupiah").
PRICE_CUE = re.compile(
    r"(?<![^\W_])(?:sebesar|senilai|seharga|sejumlah|harga(?:nya)?|hanya|cuma|worth|costs?|costing|priced\s+at|paid)\s+$",
    re.IGNORECASE,
)

# --- Magnitudes, after the number: words any case; one-letter forms as written, and only after a currency sign or code.
# "-an"/"an" on a magnitude word makes the amount vague ("Rp 5 jutaan").
MAGNITUDE = re.compile(
    r"\s*(?:(?P<word>ribu|rb|ratus|juta|jt|miliar|milyar|triliun|trilyun|hundred|thousand|million|mln|mn|billion|bn|trillion|tn)"
    r"(?:(?P<an>-?an)|s\s+of)?|(?-i:(?P<letter>[kKmMbBT])))(?![^\W_])",
    re.IGNORECASE,
)
MAGNITUDES = {
    "ribu": "1e3",
    "rb": "1e3",
    "ratus": "1e2",
    "juta": "1e6",
    "jt": "1e6",
    "miliar": "1e9",
    "milyar": "1e9",
    "triliun": "1e12",
    "trilyun": "1e12",
    "hundred": "1e2",
    "thousand": "1e3",
    "million": "1e6",
    "mln": "1e6",
    "mn": "1e6",
    "billion": "1e9",
    "bn": "1e9",
    "trillion": "1e12",
    "tn": "1e12",
    "k": "1e3",
    "K": "1e3",
    "m": "1e6",
    "M": "1e6",
    "b": "1e9",
    "B": "1e9",
    "T": "1e12",
}
RUPIAH_M = "1e9"  # "Rp5 M" is five miliar
INDONESIAN_MAGNITUDES = {"ribu", "rb", "ratus", "juta", "jt", "miliar", "milyar", "triliun", "trilyun"}
# A single separator before exactly three digits that is nevertheless a decimal mark (see "Numbers" in the docstring):
DECIMAL_BEFORE_INDONESIAN_MAGNITUDE = ","  # "Rp 1,125 triliun"; "Rp3.061 triliun" is 3061 triliun
DECIMAL_BEFORE_ENGLISH_MAGNITUDE = ".,"  # "US$1.250 billion"
DECIMAL_BEFORE_PERCENT = ".,"  # "6,875 persen", "2.125%"

# --- Percent markers, after the number (and its magnitude, if any).
PERCENT = re.compile(
    r"\s*(?:%|(?:persen|percent|per\s+cent|pct)(?:\s+poin|\s+points?)?|percentage\s+points?)(?![^\W_])",
    re.IGNORECASE,
)

# --- Currencies: (ISO 4217 code, pattern), specific before general ("dolar Singapura" before "dolar").
ISO_CODES = (
    "USD",
    "IDR",
    "EUR",
    "GBP",
    "RUB",
    "CNY",
    "KZT",
    "KGS",
    "JPY",
    "SGD",
    "AUD",
    "HKD",
    "CAD",
    "CHF",
    "INR",
    "MYR",
    "KRW",
    "UZS",
    "TJS",
    "SAR",
)
CODE_ALIASES = {"RMB": "CNY"}
# Currency signs, written before or after the number ("€5", "5 €").
CURRENCY_SIGNS = [
    ("EUR", "\u20ac"),
    ("GBP", "\u00a3"),
    ("JPY", "\u00a5"),
    ("KRW", "\u20a9"),
    ("RUB", "\u20bd"),
    ("KZT", "\u20b8"),
]
CURRENCY_BEFORE_FORMS = [
    ("USD", r"US\s?\$|U\.S\.\s?\$"),
    ("HKD", r"HK\$"),
    ("SGD", r"S\$"),
    ("AUD", r"A\$"),
    ("CAD", r"C\$"),
    ("USD", r"\$"),
    ("IDR", r"Rp\.?|RP\.?"),
    ("MYR", r"RM"),
    *CURRENCY_SIGNS,
    *[(code, code) for code in ISO_CODES],
    *[(alias, alias) for alias in CODE_ALIASES],
]
_DOLLAR = r"dol{1,2}ars?"
CURRENCY_AFTER_FORMS = [
    ("USD", rf"{_DOLLAR}\s+(?:Amerika\s+Serikat|Amerika|(?-i:AS|US))(?![^\W_])"),
    ("SGD", rf"{_DOLLAR}\s+Singapura|Singapore\s+dollars?"),
    ("AUD", rf"{_DOLLAR}\s+Australia|Australian\s+dollars?"),
    ("HKD", rf"{_DOLLAR}\s+Hong\s*Kong|Hong\s+Kong\s+dollars?"),
    ("CAD", rf"{_DOLLAR}\s+Kanada|Canadian\s+dollars?"),
    ("USD", rf"(?:US|U\.S\.|American)\s+dollars?|{_DOLLAR}"),
    ("RUB", r"rubel|rubles?|roubles?"),
    ("CNY", r"yuan|renminbi"),
    ("KZT", r"tenge"),
    ("KGS", r"soms?"),
    ("IDR", r"rupiah"),
    ("EUR", r"euros?"),
    ("GBP", r"pounds?(?:\s+sterling)?|poundsterling|sterling"),
    ("JPY", r"yen"),
    ("MYR", r"ringgit"),
    ("KRW", r"won"),
    *[(code, f"(?-i:{code})") for code in ISO_CODES],
    *[(alias, f"(?-i:{alias})") for alias in CODE_ALIASES],
    *CURRENCY_SIGNS,
]


def _named(forms: list[tuple[str, str]]) -> str:
    return "|".join(f"(?P<{code}_{i}>{pattern})" for i, (code, pattern) in enumerate(forms))


# A currency ending where the number starts: "USD 3,5", "US$900", "Rp1.250", "Rp. 1.250". Case as written.
CURRENCY_BEFORE = re.compile(rf"(?<![^\W_])(?:{_named(CURRENCY_BEFORE_FORMS)})[ \t]{{0,2}}$")
# A currency after the number: "28 miliar dolar AS", "Jutaan Dolar", "500 juta rubel". Words any case, codes as written.
# One followed by a number is that number's ("2024 USD 5": "USD 5").
CURRENCY_AFTER = re.compile(rf"\s*(?:{_named(CURRENCY_AFTER_FORMS)})(?![^\W_])(?!\s{{0,2}}\d)", re.IGNORECASE)
CURRENCY_LOOKBACK = 16  # characters before a number searched for its currency
# Every percent marker and currency form above contains one of these words, lower-cased: a sentence without any
# of them holds no amount, and one Aho-Corasick pass tells, much faster than the regular expressions would.
# A currency form added above needs its word here (tests/test_amounts.py checks every form).
MARKER_WORDS = (
    "%",
    "persen",
    "percent",
    "cent",
    "pct",
    "$",
    "rp",
    "rm",
    "dol",
    "rubel",
    "ruble",
    "rouble",
    "yuan",
    "renminbi",
    "tenge",
    "som",
    "rupiah",
    "euro",
    "pound",
    "sterling",
    "yen",
    "ringgit",
    "won",
    "\u20ac",
    "\u00a3",
    "\u00a5",
    "\u20a9",
    "\u20bd",
    "\u20b8",
    *(code.lower() for code in (*ISO_CODES, *CODE_ALIASES)),
)
_MARKER_WORDS = ahocorasick.Automaton()
for _word in MARKER_WORDS:
    _MARKER_WORDS.add_word(_word, _word)
_MARKER_WORDS.make_automaton()


# What a currency or percent marker may be glued to on its left in an amount ("5 jutadolar"): the end of a number
# word, a magnitude or a vague word. After any other letter, a marker word is inside another word ("termasuk").
_GLUED_AFTER = tuple(sorted({*NUMBER_WORDS, *NUMBER_WORD_FACTORS, *NUMBER_WORD_SCALES, *MAGNITUDES, *VAGUE_WORDS, "an"}))


def has_marker(text: str) -> bool:
    """False when ``text`` holds none of :data:`MARKER_WORDS` where an amount could use it, so that it holds no amount."""
    low = text.lower()
    for end, word in _MARKER_WORDS.iter(low):
        start = end - len(word) + 1
        if not (start and word[0].isalpha() and low[start - 1].isalpha()) or low.endswith(_GLUED_AFTER, 0, start):
            return True
    return False


# --- Units: "per dolar AS", "/US$", "per barel", "/kg".
PER_LEAD = re.compile(r"[ \t]*/[ \t]*|\s+per\s+", re.IGNORECASE)
# A currency sign or code as the unit ("/US$", "per USD 1"); a currency word is read with CURRENCY_AFTER.
PER_CURRENCY = re.compile(rf"(?:{_named(CURRENCY_BEFORE_FORMS)})(?:[ \t]?1(?![\d.,]))?(?![^\W_])")
MONTHS = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "pebruari": 2,
    "february": 2,
    "feb": 2,
    "maret": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "agustus": 8,
    "august": 8,
    "agu": 8,
    "agt": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}
# Any other word is the unit, unless it is a date ("per 31 Desember", "per akhir Juni": as of) or an article.
PER_UNIT = re.compile(
    rf"(?!(?:{_words(MONTHS)}|akhir|awal|pertengahan|tanggal|hari\s+ini|saat\s+ini|end|the|a|an)(?![^\W_]))"
    r"(?P<unit>[^\W\d_][\w-]*)",
    re.IGNORECASE,
)

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
# Words that compare an amount with a target rather than make it one ("105 persen dari target", "melebihi target").
_AGAINST = r"dari|daripada|melebihi|melampaui|atas|bawah|terhadap|of|above|below|over|under|than|exceeding|exceeded|beat|versus|vs"
# A target word as the first or second word after the amount ("USD 30 miliar yang ditargetkan"), not after a comparison.
TARGET_AFTER = re.compile(rf"^\s*(?:(?!(?:{_AGAINST})(?![^\W_]))[^\W\d_][\w-]*\s+)?(?:{_TARGET_WORDS})(?![^\W_])", re.IGNORECASE)

# --- Direction: a change word just before the amount, with at most three filler words between.
_UP = (
    r"naik|menaik|meningkat|peningkatan|kenaikan|tumbuh|bertumbuh|bertambah|melonjak|lonjakan|melesat|melambung|menguat|"
    r"penguatan|rose|rise|rises|risen|rising|grew|grow|grows|growing|increased|increases|increase|jumped|surged|climbed|gained|up"
)
_DOWN = (
    r"turun|menurun|penurunan|merosot|anjlok|terkontraksi|berkontraksi|kontraksi|minus|negatif|melemah|pelemahan|susut|"
    r"menyusut|fell|fall|falls|falling|declined|declines|decline|dropped|drops|drop|slumped|plunged|shrank|contracted|"
    r"decreased|decreases|decrease|negative|down"
)
_CHANGE_FILLERS = (
    r"sebesar|sekitar|sekira|hampir|nyaris|kira-kira|lebih\s+dari|kurang\s+dari|tipis|hanya|cuma|lagi|tajam|"
    r"by|about|around|nearly|almost|some|roughly|approximately|more\s+than|less\s+than|over|just|only|another|sharply|slightly"
)
CHANGE = re.compile(rf"(?<![^\W_])(?:(?P<up>{_UP})|(?P<down>{_DOWN}))\s+(?:(?:{_CHANGE_FILLERS})\s+){{0,3}}$", re.IGNORECASE)

# --- Clauses: target words and hedges are looked for within the amount's clause, years first within its phrase.
# A comma between digits is a decimal mark or a thousands separator, not a clause break; contrasting words are.
CLAUSE_BREAK = re.compile(
    r"[;:!?()\[\]\"\u201c\u201d]|(?<!\d),|,(?!\d)|\.(?=\s)|\s[-\u2013\u2014]{1,2}\s"
    r"|(?<![^\W_])(?:namun|tetapi|tapi|sedangkan|sementara|padahal|but|while|whereas|however)(?![^\W_])",
    re.IGNORECASE,
)
PHRASE_BREAK = re.compile(CLAUSE_BREAK.pattern + r"|(?<![^\W_])(?:dan|serta|and)(?![^\W_])", re.IGNORECASE)

# --- Comparison bases: "dibandingkan tahun lalu", "dari Rp 4,5 triliun", "than last year", "compared with 2023".
_COMPARE = (
    r"dibandingkan(?:\s+dengan)?|dibanding(?:\s+dengan)?|ketimbang|daripada|(?<!lebih\s)(?<!kurang\s)(?<!mulai\s)dari"
    r"|compared\s+(?:with|to)|(?<!more\s)(?<!less\s)(?<!rather\s)(?<!fewer\s)than|from|versus|vs\.?"
)
BASE_TIME = re.compile(
    rf"(?<![^\W_])(?:{_COMPARE})\s+(?:(?:periode|masa|bulan|yang|sama|the|same|period|month|of|in)\s+){{0,4}}$", re.IGNORECASE
)
BASE_AMOUNT = re.compile(rf"(?<![^\W_])(?:{_COMPARE})\s+(?:(?:sekitar|hampir|about|around|nearly)\s+)?$", re.IGNORECASE)
BASE_LOOKBACK = 60  # characters before a time expression or amount searched for its comparison word

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
_MONTH = _words(MONTHS)
PERIOD = re.compile(
    r"(?<![^\W_])(?:"
    r"(?P<H1>paruh\s+pertama|semester\s+(?:pertama|I|1)|first\s+half|(?-i:H1|1H))"
    r"|(?P<H2>paruh\s+kedua|semester\s+(?:kedua|II|2)|second\s+half|(?-i:H2|2H))"
    r"|(?:kuartal|kwartal|triwulan)\s+(?P<qid>pertama|kedua|ketiga|keempat|I{1,3}|IV|[1-4])"
    r"|(?P<qen>first|second|third|fourth)\s+quarter"
    r"|(?-i:Q(?P<qn>[1-4]))"
    rf"|(?P<months>{_COUNT})\s+bulan\s+pertama"
    rf"|first\s+(?P<men>{_COUNT})\s+months"
    rf"|(?P<m1>{_MONTH})\s*(?:[-\u2013]|\s(?:hingga|sampai|s/d|s\.d\.?|to|through|until)\s)\s*(?P<m2>{_MONTH})"
    r"|(?-i:(?:(?P<ch>[12])H|(?P<cq>[1-4])Q|(?P<cm>[1-9]|1[01])M)(?P<cy>(?:19|20)?\d{2}))"
    r")(?![^\W_])",
    re.IGNORECASE,
)
QUARTERS = {
    "pertama": 1,
    "kedua": 2,
    "ketiga": 3,
    "keempat": 4,
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
}
# Between a period and its year: "paruh pertama tahun ini", "first half of 2024", "Q3 2023".
PERIOD_TO_YEAR = re.compile(r"\s*,?\s*(?:(?:of|in)\s+(?:the\s+)?)?", re.IGNORECASE)
# A year joined to its period by a hyphen or slash: "kuartal III-2024", "semester II/2023", "Q3-2024".
PERIOD_JOINED_YEAR = re.compile(r"[-/\u2013](?P<year>(?:19|20)\d{2})(?![\d]|[.,/:\-\u2013]\d)")

AMOUNT_COLUMNS = [
    "doc_id",
    "para_id",
    "kind",
    "value",
    "currency",
    "qualifier",
    "year",
    "partners",
    "text",
    "period",
    "sent_id",
    "start",
    "end",
    "sentence",
    "partners_from",
    "per",
    "change",
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
    qualifier: str  # "" | "approximate" | "more_than" | "less_than" | "target" | "vague" | "range_low" | "range_high"
    year: int | None
    period: str  # "" | "H1" | "H2" | "Q1".."Q4" | "9M" (first nine months) ...
    text: str
    per: str = ""  # the unit of a rate or unit price: "USD" (ISO code for a currency), "barel", "kg" ...; "" for a total
    change: str = ""  # "up" | "down" when the amount is the size of a change; ""


class TimeRef(NamedTuple):
    """A time expression: the year and period it names (either may be unknown), at ``start``/``end``."""

    start: int
    end: int
    year: int | None
    period: str


def parse_number(text: str, *, decimal: str = "") -> float | None:
    """The value of a number written with Indonesian or English separators (see the module docstring).

    Args:
        text: digits with optional ``.`` and ``,`` ("3,5", "1.250", "1,250.75").
        decimal: the separators that, written once, are a decimal mark even before
            exactly three digits: "," before an Indonesian magnitude word, ".,"
            before an English one or a percent marker, "" (thousands) otherwise.

    Returns:
        The value, or None when the separators make no sense ("1.25.3").

    Example:
        >>> [parse_number(s) for s in ("3,5", "1.250", "1,250", "1.250,75", "1,250.75", "1.250.000", "0,250", "1.5")]
        [3.5, 1250.0, 1250.0, 1250.75, 1250.75, 1250000.0, 0.25, 1.5]
        >>> [parse_number("6,875", decimal=".,"), parse_number("1,125", decimal=","), parse_number("3.061", decimal=",")]
        [6.875, 1.125, 3061.0]
    """
    number = _decimal(text, decimal)
    return None if number is None else float(number)


def _decimal(text: str, decimal: str = "") -> Decimal | None:
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
    if len(fraction) == 3 and whole != "0" and seps[0] not in decimal:
        return Decimal(whole + fraction)
    return Decimal(whole + "." + fraction)


def _grouped(groups: list[str]) -> bool:
    """True if ``groups`` are thousands groups: 1-3 digits, then exactly 3 each."""
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def parse_number_words(text: str) -> float | None:
    """The value of a number written in words, Indonesian or English; None unless the words make one number.

    Args:
        text: number words ("dua puluh lima", "seratus dua puluh", "twenty-five").

    Returns:
        The value, or None for words that do not make one number ("dua tiga").

    Example:
        >>> [parse_number_words(s) for s in ("dua puluh lima", "lima belas", "dua ratus lima puluh juta", "satu setengah", "dua tiga")]
        [25.0, 15.0, 250000000.0, 1.5, None]
    """
    number = _word_number([w.lower() for w in NUMBER_WORD.findall(text)])
    return None if number is None else float(number)


def _word_number(words: list[str]) -> Decimal | None:
    """The value of lower-cased number words: groups below a thousand ("dua ratus lima puluh") times their scales."""
    total, group = Decimal(0), Decimal(0)
    small: Decimal | None = None  # units (or English tens and teens) not yet multiplied
    last_scale = None
    for word in words:
        if word in NUMBER_WORD_FACTORS:
            if small is None or small >= 10 or small != small.to_integral_value():
                return None  # "puluh" after nothing, "dua puluh puluh", "setengah ratus"
            factor = Decimal(NUMBER_WORD_FACTORS[word])
            if word == "belas":
                if group % 100 or small == 0:
                    return None
                group += factor + small
            else:
                if group % (factor * 10):
                    return None  # "lima puluh dua ratus"
                group += factor * small
            small = None
        elif word in NUMBER_WORD_SCALES:
            scale = Decimal(NUMBER_WORD_SCALES[word])
            value = group + (small or 0)
            if last_scale is not None and scale >= last_scale and not value:  # "tiga ribu triliun": all so far
                total = total * scale
            elif value and (last_scale is None or scale < last_scale):
                total += value * scale
            else:
                return None  # "juta" after nothing, "dua juta lima miliar"
            group, small, last_scale = Decimal(0), None, scale
        else:
            value = Decimal(NUMBER_WORDS[" ".join(word.split())])
            if value >= 1000:  # "seribu", "sejuta": a scale of one
                if group or small is not None or (last_scale is not None and value >= last_scale):
                    return None
                total, last_scale = total + value, value
            elif value == 100:  # "seratus"
                if group or small is not None:
                    return None
                group = value
            elif small is None:
                if value == Decimal("0.5") and (group or total):
                    return None
                small = value
            elif value < 10 and small >= 20 and small % 10 == 0 and small < 100:  # "twenty five"
                small += value
            elif value == Decimal("0.5") and 1 <= small < 10:  # "satu setengah"
                small += value
            else:
                return None  # "dua tiga", "five twenty"
    return total + group + (small or 0)


def time_expressions(text: str, *, published: dt.date | None = None) -> list[TimeRef]:
    """The years and periods named in ``text``, in text order.

    Args:
        text: a sentence.
        published: the publication date, for "tahun ini", "tahun lalu", "last year".

    Returns:
        One :class:`TimeRef` per expression; a period joined to the year written
        right after it ("9 bulan pertama tahun 2024", "kuartal III-2024" are one
        expression) or carrying its own ("3Q24").

    Example:
        >>> time_expressions("Pada paruh pertama tahun ini dan pada tahun 2022.", published=dt.date(2023, 10, 12))
        [TimeRef(start=5, end=28, year=2023, period='H1'), TimeRef(start=38, end=48, year=2022, period='')]
        >>> [(r.year, r.period) for r in time_expressions("kuartal III-2024, 1H24 dan Januari-September 2024")]
        [(2024, 'Q3'), (2024, 'H1'), (2024, '9M')]
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
        if m["cy"]:  # "3Q24"
            found.append(TimeRef(m.start(), m.end(), _full_year(m["cy"]), period))
        elif (glued := PERIOD_JOINED_YEAR.match(text, m.end())) is not None:  # "kuartal III-2024"
            found.append(TimeRef(m.start(), glued.end(), int(glued["year"]), period))
        elif (year := by_start.get(PERIOD_TO_YEAR.match(text, m.end()).end())) is not None:
            joined.add(year)
            found.append(TimeRef(m.start(), year.end, year.year, period))
        else:
            found.append(TimeRef(m.start(), m.end(), None, period))
    return _without_overlaps(found + [ref for ref in years if ref not in joined])


def _full_year(digits: str) -> int:
    """A year written with four digits, or two ("24" is 2024)."""
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


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
    """The period a PERIOD match names ("H1", "Q3", "9M"), or None when it names none (a year's months, "20 bulan")."""
    if m["H1"] or m["ch"] == "1":
        return "H1"
    if m["H2"] or m["ch"] == "2":
        return "H2"
    quarter = m["qid"] or m["qen"] or m["qn"] or m["cq"]
    if quarter:
        return f"Q{QUARTERS[quarter.lower()]}"
    if m["m1"]:
        return _months_period(MONTHS[m["m1"].lower()], MONTHS[m["m2"].lower()])
    return _months_period(1, _count((m["months"] or m["men"] or m["cm"]).lower()))


def _months_period(first: int, last: int) -> str | None:
    """The period from month ``first`` to month ``last``: a half or quarter by name, else "9M" for January-September."""
    names = {(1, 6): "H1", (7, 12): "H2", (1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4"}
    if (first, last) in names:
        return names[first, last]
    return f"{last}M" if first == 1 and 1 <= last <= 11 else None


def _without_overlaps(refs: list) -> list:
    """``refs`` (anything with start/end) in text order, dropping any that overlaps one kept before it (longest first at a tie)."""
    kept, reach = [], -1
    for ref in sorted(refs, key=lambda r: (r.start, -r.end)):
        if ref.start >= reach:
            kept.append(ref)
            reach = ref.end
    return kept


def extract_amounts(text: str, *, published: dt.date | None = None) -> list[Amount]:
    """The sums of money and percentages in one sentence, with value, currency, qualifier, year, period, unit and direction.

    Args:
        text: a sentence (years are taken from the whole text, so pass one
            sentence at a time, as :func:`amounts_table` does).
        published: the publication date, for relative years ("tahun lalu").

    Returns:
        One :class:`Amount` per amount, in text order (rules in the module docstring).

    Example:
        >>> a = extract_amounts("Omzet tumbuh 37 persen tahun lalu hingga hampir USD 3,5 miliar.", published=dt.date(2023, 10, 12))
        >>> [(x.kind, x.value, x.currency, x.qualifier, x.year, x.change) for x in a]
        [('percent', 37.0, '', '', 2022, 'up'), ('money', 3500000000.0, 'USD', 'approximate', 2022, '')]
        >>> [(x.text, x.value, x.per) for x in extract_amounts("Rupiah ditutup di level Rp15.750 per dolar AS.")]
        [('Rp15.750 per dolar AS', 15750.0, 'USD')]
    """
    if not has_marker(text):
        return []
    found = _find_amounts(text)
    if not found:
        return []
    spans = [(a.start, a.end) for a, _ in found]
    clauses = _breaks(CLAUSE_BREAK, text, spans)
    phrases = _breaks(PHRASE_BREAK, text, spans)
    times = [t for t in time_expressions(text, published=published) if not any(s < t.end and t.start < e for s, e in spans)]
    years = _attach_times(text, found, times, phrases, published)
    amounts = []
    for i, ((amount, range_end), time) in enumerate(zip(found, years)):
        qualifier = _qualifier(text, amount, range_end, clauses)
        previous_end = found[i - 1][0].end if i else 0
        change = amount.change or _change(text, amount, max(clauses[_unit(clauses, amount.start)], previous_end))
        amounts.append(
            amount._replace(qualifier=qualifier, year=time.year if time else None, period=time.period if time else "", change=change)
        )
    return amounts


def _find_amounts(text: str) -> list[tuple[Amount, str]]:
    """Every amount with its span, kind, value, currency, unit and sign (qualifier and year not yet set), and which end of a range it is."""
    found: list[tuple[Amount, str]] = []
    pos = 0
    while (m := AMOUNT_CORE.search(text, pos)) is not None:
        pos = m.end()
        start, end, is_range = m.start(), m.end(), False
        vague = bool(m["vague"])
        digits: list[str] = []  # the numbers written in digits: one, or the two ends of a range
        number: Decimal | None = None
        if m["word"]:
            number = _word_number([w.lower() for w in NUMBER_WORD.findall(m["word"])])
            if number is None:
                continue  # words that make no one number ("dua tiga persen"): no amount rather than a wrong one
        elif not vague:
            digits = [m["a"]]
            if m["b"] or (m["b2"] and RANGE_OPENER.search(text, max(0, start - 12), start)):
                digits.append(m["b"] or m["b2"])
                is_range = True
            elif m["b2"]:  # "dari 5 hingga 7 persen": a change, not a range; look at "7" on its own
                end = m.end("a")
                pos = m.start("b2")
            if (suffix := VAGUE_SUFFIX.match(text, end)) is not None:  # "US$70-an"
                vague, end = True, suffix.end()
        negative = False
        if digits and start and text[start - 1] in MINUS and (start == 1 or text[start - 2].isspace() or text[start - 2] == "("):
            negative, start = True, start - 1
        elif (sign := SIGN_WORD.search(text, max(0, start - 10), start)) is not None:
            negative, start = True, sign.start()
        prefix = CURRENCY_BEFORE.search(text, max(0, start - CURRENCY_LOOKBACK, found[-1][0].end if found else 0), start)
        if start and text[start - 1].isalpha() and not (prefix and prefix.end() == start):
            continue  # glued to a word that is not a currency ("B20", "COVID19")
        before = _code(prefix) if prefix else ""
        multiplier, end, decimal, vague_magnitude = _magnitudes(text, end, before)
        vague = vague or vague_magnitude
        if (unit := PERCENT.match(text, end)) is not None:
            kind, currency, start_at, end, decimal = "percent", "", start, unit.end(), DECIMAL_BEFORE_PERCENT
        else:
            after = CURRENCY_AFTER.match(text, end)
            if before:
                kind, currency, start_at = "money", before, prefix.start()
                if after and _code(after) == before:
                    end = after.end()
            elif after and not (multiplier == 1 and not vague and not is_range and _looks_like_year(text, m, digits, after.end())):
                kind, currency, start_at, end = "money", _code(after), start, after.end()
            else:
                continue
        numbers = [number]
        if digits:
            numbers = [_decimal(d, decimal) for d in digits]
            if None in numbers:
                continue
            numbers = sorted(numbers) if is_range else numbers
        per, end = _per(text, end)
        ends = ("range_low", "range_high") if is_range and len(numbers) == 2 else ("",)
        for number, range_end in zip(numbers, ends):  # a range is two amounts: its low end and its high end
            if negative and number is not None:
                number = -number
            value = None if vague or number is None else float(number * multiplier)
            amount = Amount(start_at, end, kind, value, currency, "vague" if vague else "", None, "", text[start_at:end], per)
            found.append((amount._replace(change="down" if negative else ""), range_end))
        pos = max(pos, end)
    return found


def _looks_like_year(text: str, core: re.Match, digits: list[str], currency_end: int) -> bool:
    """True for a plain year with a currency word after it ("Pada Oktober 2024 dolar AS ..."), which says when, not how much.

    A price word before it ("seharga 2000 rupiah") or a unit after the currency ("2000 dolar AS per ons") keeps it money.
    """
    return (
        len(digits) == 1
        and BARE_YEAR.fullmatch(digits[0]) is not None
        and text[core.end() : core.end() + 1].isspace()
        and PRICE_CUE.search(text, max(0, core.start() - 20), core.start()) is None
        and not _per(text, currency_end)[0]
    )


def _code(m: re.Match) -> str:
    code = m.lastgroup.rsplit("_", 1)[0]
    return CODE_ALIASES.get(code, code)


def _magnitudes(text: str, pos: int, currency: str) -> tuple[Decimal, int, str, bool]:
    """The product of up to two magnitude words at ``pos``, where they end, the decimal marks they imply, and whether vague."""
    multiplier, decimal, vague = Decimal(1), "", False
    for _ in range(2):
        m = MAGNITUDE.match(text, pos)
        if m is None:
            break
        if m["letter"]:
            if not currency:
                break
            factor = RUPIAH_M if m["letter"] == "M" and currency == "IDR" else MAGNITUDES[m["letter"]]
            indonesian = currency == "IDR"
        else:
            factor = MAGNITUDES[m["word"].lower()]
            indonesian = m["word"].lower() in INDONESIAN_MAGNITUDES
            vague = vague or bool(m["an"])
        if not decimal:  # the first magnitude decides
            decimal = DECIMAL_BEFORE_INDONESIAN_MAGNITUDE if indonesian else DECIMAL_BEFORE_ENGLISH_MAGNITUDE
        multiplier *= Decimal(factor)
        pos = m.end()
    return multiplier, pos, decimal, vague


def _per(text: str, pos: int) -> tuple[str, int]:
    """The unit after an amount ending at ``pos`` ("per dolar AS" is "USD", "/kg" is "kg") and where it ends; ("", pos) if none."""
    lead = PER_LEAD.match(text, pos)
    if lead is None:
        return "", pos
    if (m := PER_CURRENCY.match(text, lead.end())) is not None or (m := CURRENCY_AFTER.match(text, lead.end())) is not None:
        return _code(m), m.end()
    if (m := PER_UNIT.match(text, lead.end())) is not None:
        return m["unit"].lower(), m.end()
    return "", pos


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


def _qualifier(text: str, amount: Amount, range_end: str, clauses: list[int]) -> str:
    clause = _unit(clauses, amount.start)
    clause_start = clauses[clause]
    clause_end = clauses[clause + 1] if clause + 1 < len(clauses) else len(text)
    if TARGET.search(text, clause_start, amount.start) or TARGET_AFTER.match(text[amount.end : clause_end]):
        return "target"
    if amount.qualifier:
        return amount.qualifier
    if (hedge := QUALIFIER.search(text, clause_start, amount.start)) is not None:
        return hedge.lastgroup
    return range_end


def _change(text: str, amount: Amount, since: int) -> str:
    """The direction ("up", "down" or "") of a change word just before ``amount``, looked for after offset ``since``."""
    m = CHANGE.search(text, since, amount.start)
    return "" if m is None else m.lastgroup


def _attach_times(
    text: str, found: list[tuple[Amount, bool]], times: list[TimeRef], phrases: list[int], published: dt.date | None
) -> list[TimeRef | None]:
    """The time expression each amount refers to (see "Years and periods" and "Comparison bases" in the module docstring)."""
    n = len(text)
    bases = [t for t in times if BASE_TIME.search(text, max(0, t.start - BASE_LOOKBACK), t.start)]
    pool = [t for t in times if t not in bases]
    # A base amount ("dari Rp 4,5 triliun pada 2023") owns the expression right after it in its phrase.
    own: dict[int, TimeRef | None] = {}
    for i, (amount, _) in enumerate(found):
        if BASE_AMOUNT.search(text, max(0, amount.start - BASE_LOOKBACK), amount.start):
            phrase = _unit(phrases, amount.start)
            limit = min(phrases[phrase + 1] if phrase + 1 < len(phrases) else n, found[i + 1][0].start if i + 1 < len(found) else n)
            after = [t for t in pool if amount.end <= t.start < limit]
            own[i] = after[0] if after else None
    bases += [t for t in own.values() if t is not None]
    pool = [t for t in pool if t not in bases]
    chosen = _nearest_times(found, pool, phrases, n)
    for i, time in own.items():
        chosen[i] = time
    if published is not None and any(RELATIVE_YEAR.search(text, t.start, t.end) for t in bases):
        # compared with last year: the amount is this year's
        for i, time in enumerate(chosen):
            if i not in own and (time is None or time.year is None):
                chosen[i] = TimeRef(-1, -1, published.year, time.period if time else "")
    return chosen


def _nearest_times(found: list[tuple[Amount, bool]], times: list[TimeRef], phrases: list[int], n: int) -> list[TimeRef | None]:
    """The time expression each amount is nearest to (see "Years and periods" in the module docstring)."""
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
        paragraph), sentence, partners_from ("sentence", "paragraph" or ""),
        per (the unit of a rate or unit price, "" for a total: leave rows with
        a ``per`` out of any chart or sum of totals) and change ("up", "down"
        or ""); sorted by doc_id, para_id, start.

    Example:
        >>> sents = pd.DataFrame({"doc_id": ["d"], "para_id": [1], "sent_id": [1], "start": [0], "end": [38],
        ...                       "text": ["Ekspor ke Rusia naik 5 persen pada 2023."]})
        >>> docs = pd.DataFrame({"doc_id": ["d"], "date": [""]})
        >>> ments = pd.DataFrame({"doc_id": ["d"], "para_id": [1], "entity": ["Russia"], "type": ["place"], "start": [10], "end": [15]})
        >>> amounts_table(sents, docs, ments)[["kind", "value", "year", "partners", "text"]].values.tolist()
        [['percent', 5.0, 2023, 'Russia', '5 persen']]
    """
    published = {doc_id: _published(date) for doc_id, date in zip(documents["doc_id"], documents["date"])}
    places: dict[str, dict[int, list[tuple[int, int, str]]]] = defaultdict(lambda: defaultdict(list))
    chosen = mentions[mentions["type"].isin(PARTNER_TYPES)]
    for doc_id, para_id, start, end, entity in zip(chosen["doc_id"], chosen["para_id"], chosen["start"], chosen["end"], chosen["entity"]):
        places[doc_id][para_id].append((int(start), int(end), entity))
    rows = []
    columns = ("doc_id", "para_id", "sent_id", "start", "end", "text")
    for doc_id, group in sentences.groupby("doc_id", sort=True):
        found = article_amounts(zip(*(group[c] for c in columns[1:])), published.get(doc_id), places.get(doc_id, {}))
        rows += [(doc_id, *row) for row in found]
    frame = pd.DataFrame(rows, columns=AMOUNT_COLUMNS)
    frame = frame.astype({"value": "float64", "year": "Int64"})
    return frame.sort_values(["doc_id", "para_id", "start"], kind="mergesort", ignore_index=True)


def article_amounts(sentences, published: dt.date | None, places: dict[int, list[tuple[int, int, str]]]) -> list[tuple]:
    """The amounts of one article: the rows of :func:`amounts_table` without their ``doc_id``.

    Args:
        sentences: ``(para_id, sent_id, start, end, text)`` of each sentence, offsets into its paragraph.
        published: the article's publication date, for relative years; None when unknown.
        places: the places named in each paragraph, ``para_id -> [(start, end, entity), ...]``.

    Returns:
        Tuples in the column order of :data:`AMOUNT_COLUMNS` after ``doc_id``, in text order.
    """
    starts = {para_id: [s for s, _, _ in sorted(found)] for para_id, found in places.items()}
    ordered = {para_id: sorted(found) for para_id, found in places.items()}
    rows = []
    for para_id, sent_id, s_start, s_end, sentence in sentences:
        amounts = extract_amounts(sentence, published=published)
        if not amounts:
            continue
        paragraph_places = ordered.get(para_id, [])
        lo = bisect_left(starts.get(para_id, []), s_start)
        hi = bisect_left(starts.get(para_id, []), s_end)
        partners = dict.fromkeys(entity for start, end, entity in paragraph_places[lo:hi] if end <= s_end)
        scope = "sentence" if partners else ""
        if not partners and paragraph_places:
            # "Omzet perdagangan kami tumbuh ...": the partner is often named in the sentence before.
            partners, scope = dict.fromkeys(entity for _, _, entity in paragraph_places), "paragraph"
        for a in amounts:
            rows.append(
                (
                    para_id,
                    a.kind,
                    a.value,
                    a.currency,
                    a.qualifier,
                    a.year,
                    PARTNER_SEPARATOR.join(partners),
                    a.text,
                    a.period,
                    sent_id,
                    s_start + a.start,
                    s_start + a.end,
                    sentence,
                    scope,
                    a.per,
                    a.change,
                )
            )
    rows.sort(key=lambda r: (r[0], r[10]))
    return rows
