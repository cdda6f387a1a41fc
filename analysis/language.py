"""A cheap check of an article's language: common Indonesian function words against common English ones.

The lexicons, the cleaning rules and the amount patterns are Indonesian; an English article is analysed all the
same, but its themes and amounts are mostly missed. :func:`language_warning` says so, for ``load_problems.csv``.
The two word lists hold words that are frequent in news and do not occur as words in the other language.

>>> language_warning("Russian President Vladimir Putin arrived in Astana on Thursday for talks with the "
...                  "president of Kazakhstan, and the two leaders discussed trade and security at the palace".split())
'looks like English (11 common English words, 0 Indonesian): the lexicons are Indonesian, so most themes and amounts will be missed'
>>> language_warning("Presiden Rusia Vladimir Putin tiba di Astana pada Kamis untuk bertemu dengan Presiden Tokayev "
...                  "yang juga membahas perdagangan dan keamanan di istana".split())
''
"""

from __future__ import annotations

INDONESIAN = frozenset(
    "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke karena oleh ada bahwa atau telah sudah kata "
    "saat lebih para tersebut menjadi dapat bisa masih serta namun hingga kami kita mereka ia dia sebagai adalah".split()
)
ENGLISH = frozenset(
    "the of and to in is that for on with was as are by it from at be this has have said an which were been "
    "their its would will who not but after also than".split()
)
MIN_ENGLISH = 8  # fewer English function words than this: too short to tell


def language_warning(words: list[str]) -> str:
    """A warning when ``words`` (an article's body words) read as English rather than Indonesian, else ``""``."""
    english = indonesian = 0
    for word in words:
        lower = word.lower()
        english += lower in ENGLISH
        indonesian += lower in INDONESIAN
    if english >= MIN_ENGLISH and english > 2 * indonesian:
        return (
            f"looks like English ({english:,} common English words, {indonesian:,} Indonesian): the lexicons are Indonesian, "
            "so most themes and amounts will be missed"
        )
    return ""
