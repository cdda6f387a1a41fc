"""Near-duplicates: articles that share most of their text (syndicated copies, lightly edited reposts).

Each article's text is cut into *shingles*, the runs of five consecutive words
(lower case), and summarised by a MinHash signature: for each of 64 hash
functions, the smallest hash of any shingle. Two signatures agree in a
position with probability equal to the Jaccard similarity of the two shingle
sets, so the share of agreeing positions estimates it (within about 0.05).
Signatures are computed per article, in the text stage, with numpy; the
comparison runs once per corpus.

Candidates come from locality-sensitive hashing: the signature is cut into 16
bands of 4 values, and two articles with an equal band are compared. Each
article is compared only with the first article of each of its buckets, so
the work stays linear even when a thousand copies of one story arrive.
Copies join the group of the article they match; a group is counted once, as
its earliest article (by date, then ``doc_id``).

Example:
    >>> text = "Presiden Rusia Vladimir Putin tiba di Astana untuk kunjungan kenegaraan dua hari pada Rabu pagi."
    >>> a, b, c = signature(text), signature(text + " Ia disambut Presiden Tokayev."), signature("Harga beras naik lagi di pasar.")
    >>> similarity(a, b) > 0.6, similarity(a, c) < 0.2
    (True, True)
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np

HASHES = 64
SHINGLE = 5  # words per shingle
BANDS = 16  # HASHES / BANDS values per band
THRESHOLD = 0.8  # estimated Jaccard similarity from which an article counts as a copy
_WORD = re.compile(r"\w+", re.UNICODE)
_SEEDS = np.random.default_rng(20240601).integers(1, 2**63, size=HASHES, dtype=np.uint64)
_EMPTY = np.full(HASHES, np.iinfo(np.uint64).max, dtype=np.uint64)


def _mix(x: np.ndarray) -> np.ndarray:
    """A 64-bit finaliser (splitmix64's): every input bit changes about half of the output bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def signature(text: str) -> np.ndarray:
    """The MinHash signature of ``text`` (:data:`HASHES` unsigned 64-bit values) over its word 5-gram shingles.

    A text of fewer than five words is one shingle; a text without words gets the empty signature, which is
    similar to nothing.
    """
    words = [w.lower().encode("utf-8") for w in _WORD.findall(text)]
    if not words:
        return _EMPTY.copy()
    hashes = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))
    width = min(SHINGLE, len(hashes))
    shingles = np.zeros(len(hashes) - width + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(width):  # a polynomial hash of the shingle's words, in 64-bit arithmetic
            shingles = shingles * np.uint64(1_000_003) + hashes[i : len(hashes) - width + 1 + i]
        return _mix(np.unique(shingles)[None, :] ^ _SEEDS[:, None]).min(axis=1)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures' shingle sets (0 when either text had no words)."""
    if (a == _EMPTY).all() or (b == _EMPTY).all():
        return 0.0
    return float(np.mean(a == b))


def near_duplicates(doc_ids: Sequence[str], signatures: np.ndarray, *, order: Sequence[str] | None = None,
                    threshold: float = THRESHOLD) -> dict[str, tuple[str, float]]:
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
            if first == i:
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
            found[doc_ids[i]] = (doc_ids[top], round(best.get(i, similarity(signatures[i], signatures[top])), 3))
    return dict(sorted(found.items()))
