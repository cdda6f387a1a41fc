"""A trained recogniser of person, organisation and place names (PER, ORG, LOC) in Indonesian text.

A linear-chain CRF (CRFsuite, through python-crfsuite) over features that need
no part-of-speech tagger: the word and its neighbours (two on each side),
word shape and case, prefixes and suffixes, the position in the sentence, a
title word before it ("Presiden", "Ketua Umum", "Bapak"), a frequent-word class,
and whether the gazetteers (``entities.csv``, ``states.csv``) name it.
``python -m analysis.ner_train`` (``make model``) trains it on the Indonesian
NER data beside the project and writes ``data/models/ner-id.crfsuite`` with
its model card (``ner-id.json``, ``MODEL_CARD.md``).

Example:
    >>> recogniser = NameRecogniser.load()
    >>> [(s.surface, s.type) for s in recogniser.find("Presiden Joko Widodo bertemu Perdana Menteri Anthony Albanese di Istana Bogor.")]
    [('Joko Widodo', 'PER'), ('Anthony Albanese', 'PER'), ('Istana Bogor', 'LOC')]
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from analysis import config

FEATURE_VERSION = 1  # bump when the features change: a model trained on other features is refused
MODEL = config.MODELS_DIR / "ner-id.crfsuite"
CARD = MODEL.with_suffix(".json")
TYPES = ("PER", "ORG", "LOC")
_TOKEN = re.compile(r"\w+(?:[-'./]\w+)*|[^\w\s]", re.UNICODE)

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


class ModelError(RuntimeError):
    """The name recogniser's model is missing or was made for other features; the message says what to do."""


class Span(NamedTuple):
    """A name found in a text: character offsets, the type (PER, ORG, LOC) and the words as written."""

    start: int
    end: int
    type: str
    surface: str


def tokens_of(text: str) -> list[tuple[int, int, str]]:
    """The tokens the recogniser reads, ``(start, end, token)``: words (with inner hyphens, dots, slashes) and punctuation."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


# --- gazetteer membership


class Gazetteer:
    """Names of the gazetteers as token tuples, matched longest first (case-folded, or as written for match_case rows)."""

    def __init__(self) -> None:
        self.folded: dict[tuple[str, ...], str] = {}
        self.exact: dict[tuple[str, ...], str] = {}
        self.max_len = 0

    def add(self, name: str, kind: str, match_case: bool) -> None:
        words = tuple(t for _, _, t in tokens_of(name))
        if not words:
            return
        (self.exact if match_case else self.folded).setdefault(words if match_case else tuple(w.lower() for w in words), kind)
        self.max_len = max(self.max_len, len(words))

    def tags(self, words: Sequence[str]) -> list[str]:
        """``B-TYPE`` / ``I-TYPE`` / ``O`` for each word, from a greedy longest match."""
        n, tags = len(words), ["O"] * len(words)
        lowered = [w.lower() for w in words]
        i = 0
        while i < n:
            for size in range(min(self.max_len, n - i), 0, -1):
                kind = self.exact.get(tuple(words[i:i + size])) or self.folded.get(tuple(lowered[i:i + size]))
                if kind:
                    tags[i:i + size] = ["B-" + kind] + ["I-" + kind] * (size - 1)
                    i += size
                    break
            else:
                i += 1
        return tags


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
_WORD_CACHE_LIMIT = 200_000


def _word_features(word: str, gaz: str, frequent: bool) -> tuple:
    """What one word contributes, computed once per distinct (word, gazetteer tag): its own features, the rest of
    its features, and what it gives each neighbour (``"-1:w=..."``)."""
    lw = word.lower()
    shape = word_shape(word)
    own = (f"w={lw}", f"title={word.istitle()}", f"upper={word.isupper()}", f"shape={shape}",
           f"cls={lw if frequent else '<' + shape + '>'}", f"gaz={gaz}")
    rest = [f"digit={word.isdigit()}", f"hyphen={'-' in word}", f"dot={'.' in word}",
            f"hasdigit={any(ch.isdigit() for ch in word)}", f"len={min(len(word), 8)}", f"sshape={short_shape(word)}"]
    for k in range(1, 5):
        if len(lw) >= k:
            rest += [f"pre{k}={lw[:k]}", f"suf{k}={lw[-k:]}"]
    near = {d: [f"{d:+d}:{x}" for x in own] + ([f"{d:+d}:suf3={lw[-3:]}"] if abs(d) == 1 else []) for d in (-2, -1, 1, 2)}
    return own, rest, near, lw.rstrip(".") in TITLE_WORDS


def sentence_features(
    words: Sequence[str], gazetteer: Gazetteer | None, vocab: frozenset[str], *, gaz: list[str] | None = None,
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
    if len(_WORD_CACHE) > _WORD_CACHE_LIMIT:
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


# --- the model


@dataclass
class NameRecogniser:
    """A trained CRF and what its features need: the frequent-word vocabulary and the gazetteers."""

    tagger: object
    vocab: frozenset[str]
    card: dict
    gazetteer: Gazetteer | None

    @classmethod
    def load(cls, model: Path = MODEL, *, entities: Path = config.ENTITIES, states: Path = config.STATES) -> NameRecogniser:
        """Open ``model`` and its card (the ``.json`` beside it).

        Raises:
            ModelError: the model or its card is missing or unreadable, or was trained for other features.
        """
        model, entities, states = Path(model), Path(entities), Path(states)
        return _load(model, entities, states, tuple(config.file_stamp(p) for p in (model, model.with_suffix(".json"), entities, states)))

    def tag(self, words: Sequence[str]) -> list[str]:
        """IOB2 tags of the words of one sentence.

        Only the stretches around a capitalised word or a gazetteer name (:data:`WINDOW` words on each side)
        are tagged; the rest is ``O``. On the held-out sentences this gives the same names as tagging the whole
        sentence, reading a part of the words (both figures are in the model card).
        """
        n = len(words)
        if not n:
            return []
        gaz = self.gazetteer.tags(words) if self.gazetteer is not None else ["O"] * n
        tags = ["O"] * n
        for start, stop in windows(words, gaz):
            features = sentence_features(words, self.gazetteer, self.vocab, gaz=gaz, only=range(start, stop))
            tags[start:stop] = self.tagger.tag(features)
        return tags

    def find(self, text: str) -> list[Span]:
        """The names in ``text`` (one sentence or paragraph), with character offsets."""
        tokens = tokens_of(text)
        tags = self.tag([t for _, _, t in tokens])
        return [Span(tokens[a][0], tokens[b - 1][1], kind, text[tokens[a][0]:tokens[b - 1][1]]) for a, b, kind in spans_of(tags)]


@lru_cache(maxsize=4)
def _load(model: Path, entities: Path, states: Path, stamps: tuple = ()) -> NameRecogniser:
    """The recogniser of these files; ``stamps`` (their modification times and sizes) make a retrained model load again."""
    import pycrfsuite

    card_path = model.with_suffix(".json")
    if not model.exists() or not card_path.exists():
        raise ModelError(f"{model}: the name recogniser's model (or its card {card_path.name}) is missing; run `make model`, "
                         "which trains it from ../shared/ner/train.txt")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise ModelError(f"{card_path}: not a readable model card: {err}") from None
    if card.get("feature_version") != FEATURE_VERSION:
        raise ModelError(f"{model}: trained for features version {card.get('feature_version')!r}, this package computes version "
                         f"{FEATURE_VERSION}; run `make model` to train it again")
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(model))
    except (OSError, ValueError) as err:
        raise ModelError(f"{model}: CRFsuite cannot open it ({err}); run `make model`") from None
    gazetteer = load_gazetteer(entities, states, stamps[2:]) if card.get("features", {}).get("gazetteer", True) else None
    return NameRecogniser(tagger, frozenset(card.get("vocabulary", [])), card, gazetteer)
