"""Split cleaned paragraphs into sentences and tokens with character offsets, and load stopwords.

Sentences come from a rule-based splitter that depends on nothing but the
text in front of it and the abbreviation list ``data/lexicons/abbreviations.txt``:
the same paragraph is split the same way whatever else the corpus holds, which
lets the pipeline cache each article's sentences on their own. A sentence ends
at ``.``, ``!``, ``?`` or an ellipsis (with any closing quotes or brackets),
followed by white space and a word that starts in upper case, a digit or an
opening quote, unless the word before the period is a known abbreviation
("St.", "Dr.", "Jl."), an initial ("B.") or a dotted short form ("D.C.",
"a.l.", "M.Si."), or the number of a list item at the start ("1. Perjanjian
..."). Abbreviations that close a phrase ("PT Antam Tbk.", "dll.") are not on
the list: after them, as after any word, an upper-case word starts a new
sentence. A sentence never starts in lower case, so '"Kami siap!" kata Putin.'
is one sentence.

Tokens come from one regular expression that keeps Indonesian reduplications
("anak-anak") and numbers with separators ("3,5", "1.250") whole. Offsets are
into the paragraph text, so every later table can point back at the words it
came from.

Example:
    >>> splitter = sentence_splitter()
    >>> [text for _, _, text in splitter.split("Putin di St. Petersburg pada Juli. Xi setuju.")]
    ['Putin di St. Petersburg pada Juli.', 'Xi setuju.']
    >>> [t for _, _, t in tokenize("Omzet tumbuh 17,9 persen.")]
    ['Omzet', 'tumbuh', '17,9', 'persen', '.']
    >>> count_words("Omzet tumbuh 17,9 persen.")
    4
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import stopwordsiso

from analysis import config

# A currency sign written against its number ("Rp1.250", "US$900"), numbers with
# thousands or decimal separators, words (with inner hyphens or apostrophes),
# then any other single non-space character.
_WORD_TOKENS = r"(?:Rp|RP|US\$|S\$|A\$|HK\$)(?=\d)|\d+(?:[.,]\d+)+|\w+(?:[-']\w+)*"
TOKEN_PATTERN = _WORD_TOKENS + r"|[^\w\s]"
_TOKEN = re.compile(TOKEN_PATTERN)
# The same alternatives without punctuation: a punctuation token never starts where a word token could.
_WORD_TOKEN = re.compile(_WORD_TOKENS)

# A candidate sentence end: terminal marks, closing quotes or brackets, white space, then what follows.
_BOUNDARY = re.compile(r"(?:[.!?]+|\u2026)(?: ?[\"')\]\u201d\u2019])*(?=\s+(?P<next>\S))")
# What may open a sentence after the white space: an upper-case letter or a digit, perhaps behind opening quotes.
_OPENER = re.compile(r"[\"'(\[\u201c\u2018]*\w")
# "D.C", "a.l", "M.Si", "Ph.D", "s.d": letters with inner periods, a short form rather than a sentence end.
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
# White space that ends the word before a period, and the opening marks that may stand before that word.
_SPACE_CHARS = " \t\n\r\f\v\u00a0\u2028\u2029"
_OPENING = "\"'(["


def read_word_list(path: Path) -> list[str]:
    """Words from a lexicon text file: one per line, ``#`` starts a comment, blank lines ignored."""
    if not path.exists():
        return []
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


# The longest sentence the splitter returns. Longer runs without a sentence end (a page pasted as one line, a table
# flattened into text) are cut at the last space before the limit, so that the work on each sentence (themes, amounts,
# names) stays bounded and the whole is linear in the text's length. News sentences are far shorter.
MAX_SENTENCE_CHARS = 1000


def _pieces(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` cut into pieces of at most ``limit`` characters, at the last white space before the limit
    (exactly at the limit when a piece has none)."""
    pieces = []
    while end - start > limit:
        cut = max(text.rfind(c, start + 1, start + limit) for c in _SPACE_CHARS)
        cut = cut if cut > start else start + limit
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


class SentenceSplitter:
    """A rule-based sentence splitter; :meth:`split` returns ``(start, end, text)`` per sentence, none longer than
    :data:`MAX_SENTENCE_CHARS`.

    Args:
        abbreviations: lower-cased abbreviations without their final period
            ("st", "dr", "a.n"); a period after one of them ends no sentence.
    """

    def __init__(self, abbreviations: Iterable[str]):
        self.abbreviations = frozenset(a.lower().rstrip(".") for a in abbreviations)

    def _ends_sentence(self, text: str, m: re.Match, start: int) -> bool:
        opener = _OPENER.match(text, m.start("next"))
        if opener is None or text[opener.end() - 1].islower():
            return False
        marks = m.group(0).rstrip(" \"')]\u201d\u2019")
        if marks != ".":
            return True  # "!", "?", "...", an ellipsis
        # The word before the period: after the last white space of the 40 characters before it, behind opening quotes.
        end = m.start()
        low = max(0, end - 40)
        begin = max(text.rfind(c, low, end) for c in _SPACE_CHARS) + 1 or low
        first = begin
        while first < end and text[first] in _OPENING:
            first += 1
        word = text[first:end]
        if not word:
            return True
        if word.lower() in self.abbreviations:
            return False
        if word.isdigit() and begin == start:
            return False  # "1. Perjanjian antara ...": the number of a list item
        if len(word) == 1 and word.isalpha() and word.isupper():
            return False  # an initial: "Susilo B. Yudhoyono"
        return _DOTTED.fullmatch(word) is None

    def split(self, text: str) -> list[tuple[int, int, str]]:
        spans: list[tuple[int, int]] = []
        start = 0
        for m in _BOUNDARY.finditer(text):
            if self._ends_sentence(text, m, start):
                spans.append((start, m.end()))
                start = m.start("next")
        if start < len(text.rstrip()):
            spans.append((start, len(text.rstrip())))
        result = []
        for s, e in spans:
            while s < e and text[s].isspace():
                s += 1
            for piece_start, piece_end in _pieces(text, s, e) if e - s > MAX_SENTENCE_CHARS else [(s, e)] if s < e else []:
                result.append((piece_start, piece_end, text[piece_start:piece_end]))
        return result


@lru_cache(maxsize=4)
def _splitter(path: Path) -> SentenceSplitter:
    return SentenceSplitter(read_word_list(path))


def sentence_splitter(abbreviations: Path | None = None) -> SentenceSplitter:
    """The sentence splitter with the abbreviations of ``abbreviations`` (default ``data/lexicons/abbreviations.txt``)."""
    return _splitter(abbreviations or config.ABBREVIATIONS)


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Tokens of ``text`` as ``(start, end, token)``, punctuation included."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def words(text: str) -> list[str]:
    """The word and number tokens of ``text``, punctuation left out."""
    return _WORD_TOKEN.findall(text)


def count_words(text: str) -> int:
    """How many word and number tokens ``text`` has (``len(words(text))``, without building the list)."""
    return len(_WORD_TOKEN.findall(text))


@lru_cache(maxsize=4)
def _stopwords(add: Path, remove: Path) -> frozenset[str]:
    base = set(stopwordsiso.stopwords("id"))
    base |= {w.lower() for w in read_word_list(add)}
    base -= {w.lower() for w in read_word_list(remove)}
    return frozenset(base)


def load_stopwords(*, add: Path | None = None, remove: Path | None = None) -> frozenset[str]:
    """Indonesian stopwords from the stopwords-iso package, with the project's additions and removals.

    Args:
        add: a word list of extra stopwords (default ``data/lexicons/stopwords_add.txt``).
        remove: a word list of words that must not be stopwords
            (default ``data/lexicons/stopwords_remove.txt``).

    Returns:
        Lower-cased stopwords.
    """
    return _stopwords(add or config.STOPWORDS_ADD, remove or config.STOPWORDS_REMOVE)
