"""A trained recogniser of person, organisation and place names (PER, ORG, LOC) in Indonesian text.

A linear-chain CRF (CRFsuite, through python-crfsuite) over the features of
:mod:`analysis.ner_features`, which need no part-of-speech tagger.
``python -m analysis.ner_train`` (``make model``) trains it on the Indonesian
NER data beside the project and writes ``data/models/ner-id.crfsuite`` with
its model card (``ner-id.json``, ``MODEL_CARD.md``). Tagging reads the
model's weights into arrays (:mod:`analysis.crf`): the same labels as
CRFsuite's own tagger, many sentences decoded at once.

Example:
    >>> recogniser = NameRecogniser.load()
    >>> [(s.surface, s.type) for s in recogniser.find("Presiden Joko Widodo bertemu Perdana Menteri Anthony Albanese di Istana Bogor.")]
    [('Joko Widodo', 'PER'), ('Anthony Albanese', 'PER'), ('Istana Bogor', 'LOC')]
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain
from pathlib import Path
from typing import NamedTuple

import numpy as np

from analysis import config
from analysis.crf import LinearChainCRF, viterbi
from analysis.ner_features import FEATURE_VERSION, OWN, TOKEN_PIECES, WORD_CACHE_LIMIT, Gazetteer, load_gazetteer, word_values

MODEL = config.MODELS_DIR / "ner-id.crfsuite"
CARD = MODEL.with_suffix(".json")
TYPES = ("PER", "ORG", "LOC")


class ModelError(RuntimeError):
    """The name recogniser's model is missing or was made for other features; the message says what to do."""


class Span(NamedTuple):
    """A name found in a text: character offsets, the type (PER, ORG, LOC) and the words as written."""

    start: int
    end: int
    type: str
    surface: str


# --- the model


_NEIGHBOURS = (-2, -1, 1, 2)
_EDGE = 0  # the table row of the sentence's edge


@dataclass
class NameRecogniser:
    """A trained CRF and what its features need: the frequent-word vocabulary and the gazetteers.

    ``tagger`` is the CRFsuite model; tagging uses its weights read into arrays (:mod:`analysis.crf`), which give
    the same labels with the features of each distinct word summed once (kept for up to :data:`WORD_CACHE_LIMIT`
    words).
    """

    tagger: object
    vocab: frozenset[str]
    card: dict
    gazetteer: Gazetteer | None

    def __post_init__(self) -> None:
        crf = self.crf = LinearChainCRF.from_tagger(self.tagger)
        self._outside = crf.labels.index("O")
        # The scores of a word's place: first, last, capitalised after the first, and a title word one or two
        # words before, all 32 combinations (bits 1, 2, 4, 8, 16).
        self._position = np.array(
            [
                crf.score(
                    [
                        f"first={bool(code & 1)}",
                        f"last={bool(code & 2)}",
                        f"capnotfirst={bool(code & 4)}",
                        *(["prevtitle"] if code & 8 else []),
                        *(["prev2title"] if code & 16 else []),
                    ]
                )
                for code in range(32)
            ]
        )
        values = crf.values()  # feature name -> value -> the attribute's row of weights
        self._values = {
            **values,
            **{slot: [values.get(f"{d:+d}:{name}" if slot else name, {}) for name in OWN] for slot, d in enumerate((0, *_NEIGHBOURS))},
        }
        self._bias, self._titleword = crf.index.get("bias"), crf.index.get("titleword")
        self._kinds = np.array([TYPES.index(label[2:]) if label != "O" else -1 for label in crf.labels])
        self._begins = np.array([label.startswith("B-") for label in crf.labels])
        self._pairs = _Pairs(crf)
        self._lock = threading.Lock()
        self._clear()

    @classmethod
    def load(cls, model: Path = MODEL, *, entities: Path = config.ENTITIES, states: Path = config.STATES) -> NameRecogniser:
        """Open ``model`` and its card (the ``.json`` beside it).

        Raises:
            ModelError: the model or its card is missing or unreadable, or was trained for other features.
        """
        model, entities, states = Path(model), Path(entities), Path(states)
        return _load(model, entities, states, tuple(config.file_stamp(p) for p in (model, model.with_suffix(".json"), entities, states)))

    def tag(self, words: Sequence[str]) -> list[str]:
        """IOB2 tags of the words of one sentence (see :meth:`tag_all`)."""
        return self.tag_all([words])[0]

    def tag_all(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags of the words of each sentence, all sentences decoded together.

        Only the stretches around a capitalised word or a gazetteer name (:data:`WINDOW` words on each side)
        are tagged; the rest is ``O``. On the held-out sentences this gives the same names as tagging the whole
        sentence, reading a part of the words (both figures are in the model card).
        """
        tags = [["O"] * len(words) for words in sentences]
        lengths = np.fromiter(map(len, sentences), dtype=np.intp, count=len(sentences))
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        which, first, stop, kinds = self._names(list(chain.from_iterable(sentences)), lengths)
        for n, a, b, kind in zip(which.tolist(), (first - starts[which]).tolist(), (stop - starts[which]).tolist(), kinds):
            tags[n][a:b] = ["B-" + kind] + ["I-" + kind] * (b - a - 1)
        return tags

    def find(self, text: str) -> list[Span]:
        """The names in ``text`` (one sentence or paragraph), with character offsets."""
        return self.find_all([text])[0]

    def find_all(self, texts: Sequence[str]) -> list[list[Span]]:
        """The names in each text (the sentences of many articles, say), with character offsets in that text.

        One call for many texts is much faster than one call per text: the texts are read as one (joined by
        line breaks, which no token crosses), and the arrays built and decoded once.
        """
        found: list[list[Span]] = [[] for _ in texts]
        if not texts:
            return found
        pieces = TOKEN_PIECES.split("\n".join(texts))  # whitespace, token, whitespace, token, ..., whitespace
        ends = np.fromiter(accumulate(map(len, pieces)), dtype=np.int64, count=len(pieces))  # where each piece ends
        token_start, token_end = ends[0:-1:2], ends[1::2]
        text_start = np.concatenate([[0], np.cumsum([len(t) + 1 for t in texts])[:-1]])
        lengths = np.bincount(np.searchsorted(text_start, token_start, side="right") - 1, minlength=len(texts))
        which, first, stop, kinds = self._names(pieces[1::2], lengths)
        begin, end = token_start[first] - text_start[which], token_end[stop - 1] - text_start[which]
        for n, a, b, kind in zip(which.tolist(), begin.tolist(), end.tolist(), kinds):
            found[n].append(Span(a, b, kind, texts[n][a:b]))
        return found

    # --- tagging with the weights as arrays

    def _clear(self) -> None:
        self._plain: dict[str, int] = {}  # a word outside the gazetteers -> its table row
        self._tagged: dict[tuple[str, str], int] = {}  # (word, gazetteer tag) -> its table row
        self._table = np.zeros((1024, 1 + len(_NEIGHBOURS), len(self.crf.labels)))  # own scores, then one per neighbour
        self._title = np.zeros(1024, dtype=bool)  # a title word
        self._capital = np.zeros(1024, dtype=bool)  # starts with a capital
        self._opens = np.zeros(1024, dtype=bool)  # capitalised or in a gazetteer: a tagged stretch is around it
        self._pair = np.full(1024, -1, dtype=np.intp)  # the word's number in the model's word pairs, -1 if none
        # Row _EDGE stands for the sentence's edge: what "no word" two or one before (BOS) or after (EOS) gives.
        self._table[_EDGE, 1:] = [self.crf.score([f"{d:+d}:{'BOS' if d < 0 else 'EOS'}"]) for d in _NEIGHBOURS]

    def _add(self, keys: Sequence[tuple[str, str]]) -> None:
        """Table rows for new (word, gazetteer tag) pairs: each one's feature scores as its own and as each neighbour's."""
        first = 1 + len(self._plain) + len(self._tagged)
        while first + len(keys) > len(self._table):
            for name in ("_table", "_title", "_capital", "_opens", "_pair"):
                old = getattr(self, name)
                setattr(self, name, np.concatenate([old, np.full_like(old, -1 if name == "_pair" else 0)]))
        values, pairs, vocab = self._values, self._pairs.words, self.vocab
        own_slot, near_slots = values[0], [values[slot] for slot in range(1, 1 + len(_NEIGHBOURS))]
        rest_names = {}  # a feature name's values, looked up once per name
        suffixes = [values.get(f"{d:+d}:suf3", {}) if abs(d) == 1 else None for d in _NEIGHBOURS]
        rows, bounds, flags = [], [], []  # the weight rows of each key's five groups: own, then one per neighbour
        for word, gaz in keys:
            own, rest, is_title = word_values(word, gaz, word.lower() in vocab)
            bounds.append(len(rows))
            rows += [self._bias, self._titleword if is_title else None]
            rows += [v.get(x) for v, x in zip(own_slot, own)]
            for name, x in rest:
                found = rest_names.get(name)
                if found is None:
                    found = rest_names[name] = values.get(name, {})
                rows.append(found.get(x))
            for near, suffix in zip(near_slots, suffixes):
                bounds.append(len(rows))
                rows += [v.get(x) for v, x in zip(near, own)]
                if suffix is not None:
                    rows.append(suffix.get(own[0][-3:]))
            capital = word[:1].isupper()
            flags.append((is_title, capital, capital or gaz != "O", pairs.get(own[0], -1)))
        end = first + len(keys)
        for name, column in zip(("_title", "_capital", "_opens", "_pair"), zip(*flags)):
            getattr(self, name)[first:end] = column
        self._plain.update((word, row) for row, (word, gaz) in enumerate(keys, start=first) if gaz == "O")
        self._tagged.update((key, row) for row, key in enumerate(keys, start=first) if key[1] != "O")
        self._table[first:end] = self.crf.sum_rows(rows, bounds).reshape(len(keys), 1 + len(_NEIGHBOURS), -1)

    def _rows(self, words: list[str], ends: np.ndarray) -> list[int]:
        """The table row of every word (``words``: the sentences one after another; ``ends``: where each word's sentence ends)."""
        rows = list(map(self._plain.get, words))
        tagged = []
        if self.gazetteer is not None:
            for i, size, kind in self.gazetteer.marks(words, int_ends=ends):
                tagged += [(j, (words[j], ("B-" if j == i else "I-") + kind)) for j in range(i, i + size)]
        missing = {key for _, key in tagged if key not in self._tagged}
        if None in rows:
            missing |= {(word, "O") for word, row in zip(words, rows) if row is None}
        if len(self._plain) + len(self._tagged) + len(missing) > WORD_CACHE_LIMIT:  # start again with these words only
            self._clear()
            rows = [None] * len(words)
            missing = {(w, "O") for w in words} | {key for _, key in tagged}
        if missing:
            self._add(sorted(missing))
            rows = [self._plain[w] if row is None else row for w, row in zip(words, rows)]
        for j, key in tagged:
            rows[j] = self._tagged[key]
        return rows

    def _names(self, words: list[str], lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        """Every name in the sentences (``words``: the sentences one after another, ``lengths`` words each):
        its sentence, its first word and its last word + 1 (as positions in ``words``), and its TYPE.

        The state scores are those of :func:`sentence_features`' attributes, added from the table: a word's
        own row, each neighbour's row for its offset (or the sentence edge), the position in the sentence, a
        title word one or two words before, and the word pairs around it.
        """
        nothing = (np.zeros(0, dtype=np.intp),) * 3 + ([],)
        if not words:
            return nothing
        index = np.arange(len(words))
        ends = np.repeat(np.cumsum(lengths), lengths)
        pos, rem = index - (ends - np.repeat(lengths, lengths)), ends - index - 1
        with self._lock:  # rows are added and the table grown (or emptied) by one caller at a time
            ids = np.array(self._rows(words, ends))
            table, title, capital, opens, pair = self._table, self._title, self._capital, self._opens, self._pair
        start = opens[ids]
        marked = start.copy()
        for d in (1, 2):
            marked[d:] |= start[:-d] & (pos[d:] >= d)
            marked[:-d] |= start[d:] & (rem[:-d] >= d)
        at = np.flatnonzero(marked)  # the tagged words, stretch after stretch
        if not at.size:
            return nothing
        p, r, here = pos[at], rem[at], ids[at]
        first = (p == 0) | np.concatenate([[True], at[1:] != at[:-1] + 1])
        emissions = table[here, 0]
        code = (p == 0) * 1 + (r == 0) * 2 + ((p > 0) & capital[here]) * 4
        for slot, d in enumerate(_NEIGHBOURS, start=1):
            inside = (p >= -d) if d < 0 else (r >= d)
            neighbour = np.where(inside, ids[np.clip(at + d, 0, len(ids) - 1)], _EDGE)  # the edge row holds BOS / EOS
            emissions += table[neighbour, slot]
            if d < 0:
                code += title[neighbour] * (8 if d == -1 else 16)
        emissions += self._position[code]
        mine = pair[here]
        emissions += self._pairs.scores(pair[ids[np.maximum(at - 1, 0)]], mine, p > 0, left=True)
        emissions += self._pairs.scores(mine, pair[ids[np.minimum(at + 1, len(ids) - 1)]], r > 0, left=False)
        stretches = np.diff(np.append(np.flatnonzero(first), len(at)))
        labels = viterbi(emissions, stretches, self.crf.transitions)
        a, b, kinds = self._label_spans(labels, first)
        sentence = np.repeat(np.arange(len(lengths)), lengths)
        return sentence[at[a]], at[a], at[b - 1] + 1, kinds

    def _label_spans(self, labels: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """The entities in label indices, read as :func:`spans_of` reads IOB2, a new stretch starting wherever
        ``first`` is set: the positions of their first and last + 1 labels, and their TYPEs."""
        named = labels != self._outside
        kind = self._kinds[labels]
        begins = named & (
            self._begins[labels] | first | ~np.concatenate([[False], named[:-1]]) | (kind != np.concatenate([[-1], kind[:-1]]))
        )
        carries_on = np.concatenate([named[1:] & ~begins[1:], [False]])
        a, b = np.flatnonzero(begins), np.flatnonzero(named & ~carries_on) + 1
        return a, b, [TYPES[k] for k in kind[a].tolist()]


class _Pairs:
    """The model's word-pair attributes (``-1|0:w=a|b``, ``0|+1:w=a|b``) as sorted integer codes, looked up in arrays."""

    def __init__(self, crf: LinearChainCRF) -> None:
        self.words: dict[str, int] = {}
        found: dict[bool, list[tuple[int, int]]] = {True: [], False: []}
        for attribute, row in crf.index.items():
            for left, prefix in ((True, "-1|0:w="), (False, "0|+1:w=")):
                if attribute.startswith(prefix):
                    a, b = _split_pair(attribute[len(prefix) :])
                    ids = [self.words.setdefault(w, len(self.words)) for w in (a, b)]
                    found[left].append((ids[0], ids[1], row))
        self.size = max(len(self.words), 1)
        self.codes, self.rows = {}, {}
        for left, items in found.items():
            codes = np.array([x * self.size + y for x, y, _ in items], dtype=np.int64)
            order = np.argsort(codes)
            self.codes[left], self.rows[left] = codes[order], np.array([row for _, _, row in items], dtype=np.intp)[order]
        self.weights = crf.weights

    def scores(self, a: np.ndarray, b: np.ndarray, valid: np.ndarray, *, left: bool) -> np.ndarray:
        """The scores of the pairs (word number ``a``, word number ``b``) where ``valid``; zeros elsewhere."""
        codes, rows = self.codes[left], self.rows[left]
        code = np.where(valid & (a >= 0) & (b >= 0), a.astype(np.int64) * self.size + b, -1)
        if not codes.size:
            return np.zeros((len(a), self.weights.shape[1]))
        at = np.minimum(np.searchsorted(codes, code), len(codes) - 1)
        hit = (codes[at] == code) & (code >= 0)
        return np.where(hit[:, None], self.weights[np.where(hit, rows[at], 0)], 0.0)


def _split_pair(text: str) -> tuple[str, str]:
    """``"a|b"`` as ``(a, b)``; a token is either ``|`` itself or has no ``|`` in it, so the split is unambiguous."""
    for i, ch in enumerate(text):
        if ch == "|":
            a, b = text[:i], text[i + 1 :]
            if a and b and (a == "|" or "|" not in a) and (b == "|" or "|" not in b):
                return a, b
    raise ValueError(f"not a word pair: {text!r}")


@lru_cache(maxsize=4)
def _load(model: Path, entities: Path, states: Path, stamps: tuple = ()) -> NameRecogniser:
    """The recogniser of these files; ``stamps`` (their modification times and sizes) make a retrained model load again."""
    import pycrfsuite

    card_path = model.with_suffix(".json")
    if not model.exists() or not card_path.exists():
        raise ModelError(
            f"{model}: the name recogniser's model (or its card {card_path.name}) is missing; run `make model`, "
            "which trains it from ../shared/ner/train.txt"
        )
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise ModelError(f"{card_path}: not a readable model card: {err}") from None
    if card.get("feature_version") != FEATURE_VERSION:
        raise ModelError(
            f"{model}: trained for features version {card.get('feature_version')!r}, this package computes version "
            f"{FEATURE_VERSION}; run `make model` to train it again"
        )
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(model))
    except (OSError, ValueError) as err:
        raise ModelError(f"{model}: CRFsuite cannot open it ({err}); run `make model`") from None
    gazetteer = load_gazetteer(entities, states, stamps[2:]) if card.get("features", {}).get("gazetteer", True) else None
    return NameRecogniser(tagger, frozenset(card.get("vocabulary", [])), card, gazetteer)
