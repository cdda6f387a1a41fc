"""A trained linear-chain CRF as arrays: attribute weights summed into label scores, Viterbi over many sequences at once.

CRFsuite (through python-crfsuite) trains the name recogniser. Tagging with it
costs a Python call per sequence and a string per attribute of every token.
The same model read into numpy does the same arithmetic with far less work:
the weights of a word's attributes are summed once per distinct word
(:meth:`LinearChainCRF.score`), the scores of a token are then a few array
additions, and one batched Viterbi (:func:`viterbi`) decodes every window of
an article together. The labels are the ones CRFsuite gives (a test compares
the two on the held-out sentences).

Example:
    >>> import numpy as np
    >>> crf = LinearChainCRF(["O", "B-PER"], {("cap", "B-PER"): 2.0, ("bias", "O"): 1.0}, {("B-PER", "B-PER"): -5.0})
    >>> emissions = np.array([crf.score(["bias", "cap"]), crf.score(["bias", "cap"]), crf.score(["bias"])])
    >>> [crf.labels[i] for i in viterbi(emissions, np.array([3]), crf.transitions)]
    ['B-PER', 'O', 'O']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np


class LinearChainCRF:
    """The weights of a first-order CRF: one row of label scores per attribute, and a label-to-label transition matrix."""

    def __init__(
        self, labels: Sequence[str], state_features: Mapping[tuple[str, str], float], transitions: Mapping[tuple[str, str], float]
    ) -> None:
        self.labels = list(labels)
        index = {label: i for i, label in enumerate(self.labels)}
        self.index: dict[str, int] = {}  # attribute -> its row of ``weights``; row 0 is zeros
        for attribute, _ in state_features:
            self.index.setdefault(attribute, len(self.index) + 1)
        self.weights = np.zeros((len(self.index) + 1, len(self.labels)))
        for (attribute, label), weight in state_features.items():
            self.weights[self.index[attribute], index[label]] += weight
        self.transitions = np.zeros((len(self.labels), len(self.labels)))
        for (source, target), weight in transitions.items():
            self.transitions[index[source], index[target]] = weight

    @classmethod
    def from_tagger(cls, tagger) -> LinearChainCRF:
        """The weights of an open ``pycrfsuite.Tagger`` (read from its dump, six decimals)."""
        info = tagger.info()
        labels = sorted(info.labels, key=lambda label: int(info.labels[label]))
        return cls(labels, info.state_features, info.transitions)

    def score(self, attributes: Iterable[str]) -> np.ndarray:
        """The summed label scores of these attributes (attributes the model has no weight for add nothing)."""
        return self.score_groups([attributes])[0]

    def score_groups(self, groups: Sequence[Iterable[str]]) -> np.ndarray:
        """One row of summed label scores per group of attributes, ``(groups, labels)``, in one array operation."""
        get, rows, bounds = self.index.get, [], []
        for attributes in groups:
            bounds.append(len(rows))
            rows.append(0)
            rows += [i for i in map(get, attributes) if i is not None]
        return np.add.reduceat(self.weights[rows], bounds, axis=0)

    def sum_rows(self, rows: Sequence[int | None], bounds: Sequence[int]) -> np.ndarray:
        """The summed weights of each group of ``rows`` (None: no weight), a group starting at each of ``bounds``.

        One sparse product, ``(groups, attributes) @ weights``, however many groups.
        """
        from scipy.sparse import csr_matrix

        indptr = np.append(np.asarray(bounds, dtype=np.int64), len(rows))
        indices = np.array([0 if r is None else r for r in rows], dtype=np.int64)
        picks = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(bounds), len(self.weights)))
        return np.asarray(picks @ self.weights)

    def values(self) -> dict[str, dict[str, int]]:
        """The attributes written ``name=value`` as ``{name: {value: row}}`` (the name is what comes before the first ``=``)."""
        found: dict[str, dict[str, int]] = {}
        for attribute, row in self.index.items():
            name, equals, value = attribute.partition("=")
            if equals:
                found.setdefault(name, {})[value] = row
        return found


def viterbi(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """The best label sequence of each stretch of ``emissions``, all stretches decoded together.

    Args:
        emissions: ``(tokens, labels)`` state scores of the stretches one after another.
        lengths: the tokens of each stretch (each at least 1; they sum to ``len(emissions)``).
        transitions: ``(labels, labels)`` scores of going from the row's label to the column's.

    Returns:
        The label index of every token, in the order of ``emissions``. Ties go to the lower label index, as in
        CRFsuite. The stretches are processed longest first, so step *t* touches only the stretches longer
        than *t* and the work is proportional to the tokens.
    """
    count = len(lengths)
    if not count:
        return np.zeros(0, dtype=np.intp)
    order = np.argsort(-lengths, kind="stable")
    ordered = lengths[order]
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    starts = offsets[order]
    longest = int(ordered[0])
    active = np.searchsorted(-ordered, -np.arange(longest), side="left")  # active[t]: stretches longer than t
    scores = emissions[starts].copy()
    back = []
    for t in range(1, longest):
        k = active[t]
        total = scores[:k, :, None] + transitions[None, :, :]
        back.append(total.argmax(axis=1))
        scores[:k] = total.max(axis=1) + emissions[starts[:k] + t]
    current = scores.argmax(axis=1)
    path = np.empty((count, longest), dtype=np.intp)
    for t in range(longest - 1, 0, -1):
        k = active[t]
        path[:k, t] = current[:k]
        current[:k] = back[t - 1][np.arange(k), current[:k]]
    path[:, 0] = current
    rank = np.empty(count, dtype=np.intp)
    rank[order] = np.arange(count)
    step = np.arange(int(lengths.sum())) - np.repeat(offsets, lengths)
    return path[np.repeat(rank, lengths), step]
