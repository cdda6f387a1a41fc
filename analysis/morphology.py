"""Indonesian word forms for the codebook matcher: reduplicated plurals, and words that share a root.

Two things make a dictionary of Indonesian terms miss what a reader sees:

- **Reduplication.** A plural is often the word said twice ("senjata-senjata",
  weapons; "negara-negaranya"). :func:`unreduplicate` turns such a word into its
  base, so that "senjata" matches it. Some doubled words mean
  something else than their half ("tiba-tiba", suddenly, is not "tiba", to
  arrive; "mata-mata" is a spy): those are listed in
  ``data/lexicons/reduplications.txt`` and left alone.
- **Affixes.** "mengekspor", "diekspor", "ekspornya" all have the root
  "ekspor". A codebook term written ``~ekspor`` matches every word whose
  PySastrawi stem is "ekspor" (:class:`RootFinder`). Stemming is slow (about
  0.3 ms a word), so only words that contain the root's letters are stemmed,
  each distinct word once per process.

Example:
    >>> unreduplicate("negara-negara sahabat dan tiba-tiba")[0]
    'negara sahabat dan tiba-tiba'
    >>> finder = RootFinder(["ekspor"])
    >>> [(text[s:e], root) for text in ["Rusia mengekspor minyak"] for s, e, root in finder.find(text)]
    [('mengekspor', 'ekspor')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import ahocorasick

from analysis import config
from analysis.segment import read_word_list

# A doubled word: the same letters on both sides of a hyphen, the second half perhaps with an enclitic ("negara-negaranya").
_DOUBLED = re.compile(r"\b([^\W\d_]{2,})-(\1)(?=(?:nya|lah|kah|pun|ku|mu)?\b)", re.IGNORECASE)
_WORD_AROUND = re.compile(r"[^\W_]+")
# Consonants that the nasal prefix meN-/peN- swallows: tulis -> menulis, kirim -> mengirim, pasok -> memasok, sewa -> menyewa.
_NASAL_DROPS = "ktps"
STEM_CACHE_LIMIT = 200_000


def lexicalised_reduplications(path: Path = config.REDUPLICATIONS) -> frozenset[str]:
    """Doubled words whose meaning is not the plural of their half (``reduplications.txt``), lower case; read again when the file changes."""
    return _read_reduplications(path, config.file_stamp(path))


@lru_cache(maxsize=4)
def _read_reduplications(path: Path, stamp: tuple[int, int]) -> frozenset[str]:
    return frozenset(w.lower() for w in read_word_list(path))


def unreduplicate(text: str, keep: frozenset[str] | None = None) -> tuple[str, list[int] | None]:
    """``text`` with every plural reduplication written once ("negara-negara sahabat" -> "negara sahabat").

    Returns:
        ``(plain, offsets)``: ``offsets[i]`` is the position in ``text`` of character ``i`` of ``plain``
        (one more entry for the end), or None when nothing changed. Words in ``keep`` (default:
        :func:`lexicalised_reduplications`) are left as they are.
    """
    if "-" not in text:
        return text, None
    keep = lexicalised_reduplications() if keep is None else keep
    pieces, offsets, last = [], [], 0
    for m in _DOUBLED.finditer(text):
        if m.group(0).lower() in keep:
            continue
        cut = m.start(2)  # the first copy and the hyphen go; the second copy (and its enclitic) stays
        pieces.append(text[last : m.start()])
        offsets.extend(range(last, m.start()))
        last = cut
    if not pieces:
        return text, None
    pieces.append(text[last:])
    offsets.extend(range(last, len(text) + 1))
    return "".join(pieces), offsets


class RootFinder:
    """Find the words of a text whose PySastrawi stem is one of ``roots``.

    An Aho-Corasick automaton finds the words that could be derived from a root
    (they contain the root, or the root without a first consonant that a nasal
    prefix swallows: "memasok" holds "asok" of "pasok"); only those are stemmed.
    """

    def __init__(self, roots: Iterable[str]):
        self.roots = frozenset(r.lower() for r in roots)
        self._automaton = ahocorasick.Automaton()
        for root in self.roots:
            cores = {root} | ({root[1:]} if root[0] in _NASAL_DROPS and len(root) > 3 else set())
            for core in cores:
                self._automaton.add_word(core, core)
        if self.roots:
            self._automaton.make_automaton()
        self._stems: dict[str, str] = {}

    def find(self, low: str) -> list[tuple[int, int, str]]:
        """``(start, stop, root)`` of every word of the lower-cased ``low`` whose stem is a root, in text order."""
        if not self.roots:
            return []
        found: dict[int, tuple[int, int, str]] = {}
        word_end = -1  # the end of the last word expanded: hits inside it are that word again
        for end, _ in self._automaton.iter(low):
            if end < word_end:
                continue
            start, stop = end, end + 1
            while start and low[start - 1].isalnum():
                start -= 1
            while stop < len(low) and low[stop].isalnum():
                stop += 1
            word_end = stop
            if start in found:
                continue
            stem = self.stem(low[start:stop])
            if stem in self.roots:
                found[start] = (start, stop, stem)
        return [found[s] for s in sorted(found)]

    def stem(self, word: str) -> str:
        """The PySastrawi stem of a lower-case word, remembered (up to :data:`STEM_CACHE_LIMIT` words)."""
        stem = self._stems.get(word)
        if stem is None:
            if len(self._stems) >= STEM_CACHE_LIMIT:
                self._stems.clear()
            stem = self._stems[word] = _stemmer().stem(word) if word.isalpha() else word
        return stem


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


def words_in(text: str) -> list[str]:
    """The words of ``text`` (letters and digits), lower case: how a codebook term is split for checking."""
    return [w.lower() for w in _WORD_AROUND.findall(text)]
