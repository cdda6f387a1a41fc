"""Split cleaned paragraphs into sentences and tokens with character offsets, and load stopwords.

Sentences come from NLTK's Punkt, trained without supervision on the corpus
itself (no download: the trainer is plain Python) and told a list of
Indonesian and English abbreviations from ``data/lexicons/abbreviations.txt``,
so that "St. Petersburg" or "Dr. Ali" do not end a sentence. Tokens come from
one regular expression that keeps Indonesian reduplications ("anak-anak") and
numbers with separators ("3,5", "1.250") whole. Offsets are into the paragraph
text, so every later table can point back at the words it came from.

Example:
    >>> splitter = train_sentence_splitter(["Putin tiba di St. Petersburg. Dia senang."])
    >>> [text for _, _, text in splitter.split("Putin di St. Petersburg pada Juli. Xi setuju.")]
    ['Putin di St. Petersburg pada Juli.', 'Xi setuju.']
    >>> [t for _, _, t in tokenize("Omzet tumbuh 17,9 persen.")]
    ['Omzet', 'tumbuh', '17,9', 'persen', '.']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import stopwordsiso
from nltk.tokenize import RegexpTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer

from analysis import config

# A currency sign written against its number ("Rp1.250", "US$900"), numbers with
# thousands or decimal separators, words (with inner hyphens or apostrophes),
# then any other single non-space character.
TOKEN_PATTERN = r"(?:Rp|RP|US\$|S\$|A\$|HK\$)(?=\d)|\d+(?:[.,]\d+)+|\w+(?:[-']\w+)*|[^\w\s]"
_TOKENIZER = RegexpTokenizer(TOKEN_PATTERN)
_WORD = re.compile(r"\w")

# Punkt learns from at most this many characters; more adds little and costs time.
TRAINING_CHARS = 1_000_000


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


class SentenceSplitter:
    """A trained Punkt model; :meth:`split` returns ``(start, end, text)`` per sentence."""

    def __init__(self, params: PunktParameters):
        self._tokenizer = PunktSentenceTokenizer(params)
        self.abbreviations = frozenset(params.abbrev_types)

    def split(self, text: str) -> list[tuple[int, int, str]]:
        spans: list[list[int]] = []
        for start, end in self._tokenizer.span_tokenize(text):
            # '"Kami siap!" kata Putin.': a sentence cannot begin in lower case, so join it to the one before.
            if spans and text[start].islower():
                spans[-1][1] = end
            else:
                spans.append([start, end])
        return [(s, e, text[s:e]) for s, e in spans]


def train_sentence_splitter(
    texts: Iterable[str], *, abbreviations: Iterable[str] | None = None
) -> SentenceSplitter:
    """Train Punkt on ``texts`` (up to :data:`TRAINING_CHARS` characters) and add known abbreviations.

    Args:
        texts: paragraph texts of the corpus.
        abbreviations: abbreviations without their final period ("st", "dr",
            "a.n"); by default those in ``data/lexicons/abbreviations.txt``.
    """
    if abbreviations is None:
        abbreviations = read_word_list(config.ABBREVIATIONS)
    chunks, size = [], 0
    for text in texts:
        if size >= TRAINING_CHARS:
            break
        chunks.append(text)
        size += len(text)
    trainer = PunktTrainer()
    trainer.train("\n\n".join(chunks), finalize=False)
    trainer.finalize_training()
    params = trainer.get_params()
    params.abbrev_types.update(a.lower().rstrip(".") for a in abbreviations)
    return SentenceSplitter(params)


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Tokens of ``text`` as ``(start, end, token)``, punctuation included."""
    return [(s, e, text[s:e]) for s, e in _TOKENIZER.span_tokenize(text)]


def words(text: str) -> list[str]:
    """The word and number tokens of ``text``, punctuation left out."""
    return [t for _, _, t in tokenize(text) if _WORD.search(t)]


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
