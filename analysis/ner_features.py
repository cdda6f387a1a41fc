"""What the name recogniser reads: its tokens, the gazetteers' names, and the features of each word.

The features need no part-of-speech tagger: the word and its neighbours (two
on each side), word shape and case, prefixes and suffixes, the position in
the sentence, a title word before it ("Presiden", "Ketua Umum", "Bapak"), a
frequent-word class, and whether the gazetteers (``entities.csv``,
``states.csv``) name it. :func:`sentence_features` writes them as CRFsuite
attribute strings, which training uses; :class:`analysis.ner.NameRecogniser`
adds up the same attributes' weights from arrays.

Example:
    >>> [f for f in sentence_features(["Presiden", "Jokowi"], None, frozenset())[1] if f.startswith(("w=", "-1:w=", "prev"))]
    ['w=jokowi', 'prevtitle', '-1:w=presiden']
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from analysis import config

FEATURE_VERSION = 1  # bump when the features change: a model trained on other features is refused
_TOKEN = re.compile(r"\w+(?:[-'./]\w+)*|[^\w\s]", re.UNICODE)
TOKEN_PIECES = re.compile(f"({_TOKEN.pattern})")  # split on it: the gaps (whitespace) and the tokens in turn

# A token right after one of these is very often a person's name (titles stay outside the span).
TITLE_WORDS = frozenset(
    """
    presiden wapres wakil menteri menko mendagri menkeu menlu menhan menkumham ketua ketum umum gubernur wagub bupati wabup
    wali walikota kota camat lurah direktur dirut utama kepala sekjen sekretaris jenderal jendral komisaris deputi dirjen
    bapak ibu pak bu tuan nyonya saudara sdr sdri mas mbak bung dr drs dra prof profesor ir h hj kh haji hajjah ustaz ustad
    ustadz kiai kyai syekh habib gus romo pastor pendeta paus imam kapolri wakapolri kapolda kapolres kapolsek kabareskrim
    panglima kasad kasal kasau pangdam danrem dandim komandan letjen mayjen brigjen irjen komjen kombes akbp kompol kolonel
    letkol mayor kapten letnan laksamana marsekal jaksa hakim jubir dubes konsul raja ratu pangeran putri sultan perdana
    kanselir senator anggota pendiri ceo presdir pemimpin pengacara rektor dekan peneliti pengamat analis ekonom politisi
    mantan calon capres cawapres caleg cagub kandidat pelatih manajer mr mrs ms sir dato datuk tun
    """.split()
)
_GAZ_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC", "other": "OTHER"}
_STATE_TYPES = {"country": "LOC", "economy": "LOC", "bloc": "ORG", "government": "GOV"}


def tokens_of(text: str) -> list[tuple[int, int, str]]:
    """The tokens the recogniser reads, ``(start, end, token)``: words (with inner hyphens, dots, slashes) and punctuation."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


# --- gazetteer membership


class Gazetteer:
    """Names of the gazetteers as token tuples, matched longest first (case-folded, or as written for match_case rows)."""

    def __init__(self) -> None:
        self.folded: dict[tuple[str, ...], str] = {}
        self.exact: dict[tuple[str, ...], str] = {}
        self.longest: dict[str, int] = {}  # a name's first word (folded) -> the most words of a name starting with it
        self.max_len = 0

    def add(self, name: str, kind: str, match_case: bool) -> None:
        words = tuple(t for _, _, t in tokens_of(name))
        if not words:
            return
        (self.exact if match_case else self.folded).setdefault(words if match_case else tuple(w.lower() for w in words), kind)
        first = words[0].lower()
        self.longest[first] = max(self.longest.get(first, 0), len(words))
        self.max_len = max(self.max_len, len(words))

    def tags(self, words: Sequence[str]) -> list[str]:
        """``B-TYPE`` / ``I-TYPE`` / ``O`` for each word of a sentence, from a greedy longest match."""
        tags = ["O"] * len(words)
        for i, size, kind in self.marks(words):
            tags[i : i + size] = ["B-" + kind] + ["I-" + kind] * (size - 1)
        return tags

    def marks(self, words: Sequence[str], int_ends: Sequence[int] | None = None) -> list[tuple[int, int, str]]:
        """``(first word, words, TYPE)`` of each name, matched greedily from the left, the longest first.

        ``int_ends`` (for words of many sentences one after another) gives where each word's sentence ends:
        a name never runs over it. Only a word that starts some name is tried.
        """
        lowered = list(map(str.lower, words))
        longest, exact, folded = self.longest, self.exact, self.folded
        found, free, n = [], 0, len(words)
        for i in np.flatnonzero(np.fromiter(map(longest.__contains__, lowered), dtype=bool, count=n)).tolist():
            if i < free:
                continue
            stop = n if int_ends is None else int(int_ends[i])
            for size in range(min(longest[lowered[i]], stop - i), 0, -1):
                kind = exact.get(tuple(words[i : i + size])) or folded.get(tuple(lowered[i : i + size]))
                if kind:
                    found.append((i, size, kind))
                    free = i + size
                    break
        return found


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(line for line in handle if not line.startswith("#"))


@lru_cache(maxsize=4)
def load_gazetteer(entities: Path = config.ENTITIES, states: Path = config.STATES, stamps: tuple = ()) -> Gazetteer:
    """The names of ``entities.csv`` (aliases; short forms as written) and ``states.csv`` (names), with their type.

    ``stamps`` (the files' modification times) is part of the cache key only: edited files are read again.
    """
    gazetteer = Gazetteer()
    for row in _rows(entities):
        kind = _GAZ_TYPES.get((row.get("type") or "").strip())
        if not kind:
            continue
        case = (row.get("match_case") or "").strip().lower() in ("yes", "y", "true", "1")
        for name in [row["entity"], *(row.get("aliases") or "").split("|")]:
            if name.strip():
                gazetteer.add(name.strip(), kind, case)
        for short in (row.get("short_forms") or "").split("|"):
            if short.strip():
                gazetteer.add(short.strip(), kind, True)
    for row in _rows(states):
        kind = _STATE_TYPES.get((row.get("kind") or "").strip())
        if not kind:
            continue
        case = (row.get("match_case") or "").strip().lower() in ("yes", "y", "true", "1")
        for name in (row.get("names") or "").split("|"):
            if name.strip():
                gazetteer.add(name.strip(), kind, case)
    return gazetteer


# --- features


def word_shape(word: str) -> str:
    """``Xxxx``, ``XXX``, ``xxx``, ``dd``, ``punct`` or ``mixed`` (iPhone, PDI-P, G20)."""
    if word.isdigit():
        return "dd"
    if word.isalpha():
        if word.isupper():
            return "XXX"
        if word.islower():
            return "xxx"
        if word[0].isupper() and word[1:].islower():
            return "Xxxx"
        return "mixed"
    return "punct" if not any(c.isalnum() for c in word) else "mixed"


def short_shape(word: str) -> str:
    """The characters' classes with runs collapsed: ``Jokowi-JK`` -> ``Xx-X``, at most 8 long."""
    out: list[str] = []
    for c in word:
        s = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out)[:8]


_WORD_CACHE: dict[tuple[str, str, bool], tuple] = {}
WORD_CACHE_LIMIT = 200_000


OWN = ("w", "title", "upper", "shape", "cls", "gaz")  # the features a word gives itself and its neighbours


_TEXT = {True: "True", False: "False"}
_AFFIXES = tuple((k, f"pre{k}", f"suf{k}") for k in range(1, 5))


def word_values(word: str, gaz: str, frequent: bool) -> tuple[tuple[str, ...], list[tuple[str, str]], bool]:
    """The values of one word's features: those of :data:`OWN` (in that order), the rest as ``(name, value)``,
    and whether it is a title word. ``frequent``: the word is in the model's vocabulary."""
    lw = word.lower()
    shape = word_shape(word)
    text = _TEXT
    own = (lw, text[word.istitle()], text[word.isupper()], shape, lw if frequent else f"<{shape}>", gaz)
    rest = [
        ("digit", text[word.isdigit()]),
        ("hyphen", text["-" in word]),
        ("dot", text["." in word]),
        ("hasdigit", text[not word.isalpha() and any(ch.isdigit() for ch in word)]),
        ("len", str(min(len(word), 8))),
        ("sshape", short_shape(word)),
    ]
    for k, prefix, suffix in _AFFIXES:
        if len(lw) < k:
            break
        rest += [(prefix, lw[:k]), (suffix, lw[-k:])]
    return own, rest, lw.rstrip(".") in TITLE_WORDS


def _word_features(word: str, gaz: str, frequent: bool) -> tuple:
    """What one word contributes, computed once per distinct (word, gazetteer tag): its own features, the rest of
    its features, what it gives each neighbour (``"-1:w=..."``, its own features and, next to it, its last three
    letters), and whether it is a title word."""
    own_values, rest_values, is_title = word_values(word, gaz, frequent)
    own = tuple(f"{name}={value}" for name, value in zip(OWN, own_values))
    rest = [f"{name}={value}" for name, value in rest_values]
    suffix = own_values[0][-3:]
    near = {d: [f"{d:+d}:{x}" for x in own] + ([f"{d:+d}:suf3={suffix}"] if abs(d) == 1 else []) for d in (-2, -1, 1, 2)}
    return own, rest, near, is_title


def sentence_features(
    words: Sequence[str],
    gazetteer: Gazetteer | None,
    vocab: frozenset[str],
    *,
    gaz: list[str] | None = None,
    only: range | None = None,
) -> list[list[str]]:
    """The features of each word of a sentence, as CRFsuite attribute strings (``"w=putin"``, ``"-1:shape=Xxxx"``).

    ``gaz`` gives the gazetteer tags when the caller has them; ``only`` limits the result to those positions
    (their features still read the whole sentence around them). What a word contributes is remembered across
    sentences, so the cost per word is mostly joining lists.
    """
    n = len(words)
    if gaz is None:
        gaz = gazetteer.tags(words) if gazetteer is not None else ["O"] * n
    if len(_WORD_CACHE) > WORD_CACHE_LIMIT:
        _WORD_CACHE.clear()
    parts = []
    for w, g in zip(words, gaz):
        key = (w, g, w.lower() in vocab)
        part = _WORD_CACHE.get(key)
        if part is None:
            part = _WORD_CACHE[key] = _word_features(*key)
        parts.append(part)
    lower = [w.lower() for w in words]
    features = []
    for i in only if only is not None else range(n):
        w, lw = words[i], lower[i]
        own, rest, _, is_title = parts[i]
        f = ["bias", *own, *rest, f"first={i == 0}", f"last={i == n - 1}", f"capnotfirst={i > 0 and w[:1].isupper()}"]
        if i > 0 and parts[i - 1][3]:
            f.append("prevtitle")
        if i > 1 and parts[i - 2][3]:
            f.append("prev2title")
        if is_title:
            f.append("titleword")
        for d in (-2, -1, 1, 2):
            j = i + d
            if j < 0:
                f.append(f"{d:+d}:BOS")
            elif j >= n:
                f.append(f"{d:+d}:EOS")
            else:
                f += parts[j][2][d]
        if i > 0:
            f.append(f"-1|0:w={lower[i - 1]}|{lw}")
        if i < n - 1:
            f.append(f"0|+1:w={lw}|{lower[i + 1]}")
        features.append(f)
    return features


WINDOW = 2  # words tagged on each side of a capitalised word or a gazetteer name


def windows(words: Sequence[str], gaz: Sequence[str], pad: int = WINDOW) -> list[tuple[int, int]]:
    """``(start, stop)`` stretches of a sentence that can hold a name: each capitalised or gazetteer word, ``pad`` words around it."""
    found: list[list[int]] = []
    for i, (w, g) in enumerate(zip(words, gaz)):
        if w[:1].isupper() or g != "O":
            start, stop = max(0, i - pad), min(len(words), i + pad + 1)
            if found and start <= found[-1][1]:
                found[-1][1] = max(found[-1][1], stop)
            else:
                found.append([start, stop])
    return [(a, b) for a, b in found]


def spans_of(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(first, last + 1, type)`` of every entity in IOB2 tags (an ``I-`` without its ``B-`` opens an entity too)."""
    found, start, kind = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != kind):
            if start is not None:
                found.append((start, i, kind))
            start, kind = (i, tag[2:]) if tag != "O" else (None, None)
    return found
