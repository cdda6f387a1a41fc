"""Near-duplicates: articles that share most of their text (syndicated copies, lightly edited reposts).

Each article's text is cut into *shingles*, the runs of five consecutive words
(lower case), and summarised by a MinHash signature of 64 values
(:func:`signature`). Two signatures agree in a position with probability
equal to the Jaccard similarity of the two shingle sets, so the share of
agreeing positions estimates it (a standard error of about 0.05, measured on
edited real articles). Signatures are computed
per article, in the text stage, with numpy; the comparison runs once per
corpus.

Candidates come from locality-sensitive hashing: the signature is cut into 16
bands of 4 values, and two articles with an equal band are compared. Each
article is compared only with the first article of each of its buckets, so
the work stays linear even when a thousand copies of one story arrive.
Copies join the group of the article they match; a group is counted once, as
its earliest article (by date, then ``doc_id``).

Example:
    >>> words = "Presiden Rusia Vladimir Putin tiba di Astana untuk kunjungan kenegaraan dua hari pada Rabu pagi".split()
    >>> a, b, c = signature(words), signature(words + ["Ia", "disambut", "Tokayev"]), signature("Harga beras naik lagi".split())
    >>> similarity(a, b) > 0.6, similarity(a, c) < 0.2
    (True, True)
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

HASHES = 64
SHINGLE = 5  # words per shingle
BANDS = 16  # HASHES / BANDS values per band
THRESHOLD = 0.8  # estimated Jaccard similarity from which an article counts as a copy
_BITS = 6  # 2**6 = HASHES bins
_EMPTY = np.full(HASHES, np.iinfo(np.uint64).max, dtype=np.uint64)


def _mix(x: np.ndarray) -> np.ndarray:
    """A 64-bit finaliser (splitmix64's): every input bit changes about half of the output bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def signature(words: Sequence[str]) -> np.ndarray:
    """The MinHash signature (:data:`HASHES` unsigned 64-bit values) of a text's words, over their 5-word shingles.

    One permutation hashing (Li, Owen and Zhang 2012): each shingle is hashed once, the top six bits of the
    hash choose one of the 64 bins, and a bin keeps its smallest hash. A bin no shingle fell in takes its
    value from the next filled bin to its right, shifted by the distance (densification, Shrivastava 2017), so
    that every position of two signatures can be compared. Words are compared in lower case. Fewer than five
    words are one shingle; no word at all gives the empty signature, which is similar to nothing.
    """
    if not words:
        return _EMPTY.copy()
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, map(str.lower, words))), dtype=np.uint64, count=len(words))
    width = min(SHINGLE, len(hashes))
    shingles = np.zeros(len(hashes) - width + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(width):  # a polynomial hash of the shingle's words, in 64-bit arithmetic
            shingles = shingles * np.uint64(1_000_003) + hashes[i : len(hashes) - width + 1 + i]
        values = np.sort(_mix(np.unique(shingles)))
        bins = values >> np.uint64(64 - _BITS)
        first = np.searchsorted(bins, np.arange(HASHES, dtype=np.uint64))  # sorted, so a bin's first value is its smallest
        filled = np.flatnonzero((first < len(values)) & (bins[np.minimum(first, len(values) - 1)] == np.arange(HASHES, dtype=np.uint64)))
        found = np.empty(HASHES, dtype=np.uint64)
        found[filled] = values[first[filled]]
        source = filled[np.searchsorted(filled, np.arange(HASHES)) % len(filled)]  # the next filled bin, wrapping round
        distance = ((source - np.arange(HASHES)) % HASHES).astype(np.uint64)
        return found[source] + distance * np.uint64(0x9E3779B97F4A7C15)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures' shingle sets (0 when either text had no words)."""
    if (a == _EMPTY).all() or (b == _EMPTY).all():
        return 0.0
    return float(np.mean(a == b))


def near_duplicates(
    doc_ids: Sequence[str], signatures: np.ndarray, *, order: Sequence[str] | None = None, threshold: float = THRESHOLD
) -> dict[str, tuple[str, float]]:
    """The articles that copy another: ``doc_id -> (the doc_id its group is counted as, estimated similarity)``.

    Args:
        doc_ids: the articles, one per row of ``signatures``.
        signatures: ``(articles, HASHES)`` from :func:`signature`.
        order: the articles from the one to keep first (default: ``doc_ids`` sorted); a group is counted as
            its first article in this order.
        threshold: the smallest estimated similarity of a copy.
    """
    rank = {d: i for i, d in enumerate(order if order is not None else sorted(doc_ids))}
    index = sorted(range(len(doc_ids)), key=lambda i: rank[doc_ids[i]])
    parent = list(range(len(doc_ids)))
    best: dict[int, float] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows = HASHES // BANDS
    buckets: list[dict[bytes, int]] = [{} for _ in range(BANDS)]
    for i in index:  # the first article of a bucket (in keeping order) stands for it
        sig = signatures[i]
        if (sig == _EMPTY).all():
            continue
        for band in range(BANDS):
            key = sig[band * rows : (band + 1) * rows].tobytes()
            first = buckets[band].setdefault(key, i)
            if first == i or root(first) == root(i):  # its own bucket, or a group it has joined already
                continue
            score = similarity(sig, signatures[first])
            if score >= threshold:
                a, b = root(i), root(first)
                if a != b:
                    keep, drop = (a, b) if rank[doc_ids[a]] < rank[doc_ids[b]] else (b, a)
                    parent[drop] = keep
                best[i] = max(best.get(i, 0.0), score)
    found = {}
    for i in index:
        top = root(i)
        if top != i:
            score = best[i] if i in best else similarity(signatures[i], signatures[top])
            found[doc_ids[i]] = (doc_ids[top], round(score, 3))
    return dict(sorted(found.items()))
