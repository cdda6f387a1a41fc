"""Keyword in context and collocations for any term.

A term is one or more words, matched whole and in any case; a final ``*``
matches any ending (``senjata*`` finds senjata, senjatanya). :func:`kwic`
lists every occurrence with the words around it (the concordance of AntConc
or quanteda's ``kwic``); :func:`collocates` finds the words that occur near
the term more often than elsewhere, by the log-likelihood of
:mod:`analysis.keyness` (the words within ``window`` words of an occurrence
against the rest of the corpus).

Example:
    >>> paragraphs = pd.DataFrame({"doc_id": ["a", "b"], "para_id": [1, 1],
    ...                            "text": ["Putin bertemu Xi di Beijing.", "Kunjungan Putin ke Astana."]})
    >>> kwic(paragraphs, ["putin"], window=2)[["left", "match", "right"]].values.tolist()
    [['', 'Putin', 'bertemu Xi'], ['Kunjungan', 'Putin', 'ke Astana']]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

import pandas as pd

from analysis.keyness import COLUMNS as KEYNESS_COLUMNS
from analysis.keyness import WORD, keyness, word_counts

KWIC_COLUMNS = ["term", "doc_id", "para_id", "start", "end", "left", "match", "right"]
_WORD = re.compile(r"\w+(?:[-']\w+)*", re.UNICODE)


def term_pattern(term: str) -> re.Pattern:
    """The regular expression of a term: its words whole, any case, spaces between them free, a final ``*`` any ending."""
    words = term.strip().split()
    if not words:
        raise ValueError("an empty term: give one or more words")
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") and len(w) > 1 else re.escape(w) for w in words]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def kwic(paragraphs: pd.DataFrame, terms: Sequence[str], *, window: int = 8) -> pd.DataFrame:
    """Every occurrence of each term, with ``window`` words on each side (within its paragraph).

    Args:
        paragraphs: ``doc_id``, ``para_id``, ``text`` (the run's ``paragraphs`` table).
        terms: the terms to find (see :func:`term_pattern`).
        window: words of context on each side.

    Returns:
        One row per occurrence (see :data:`KWIC_COLUMNS`), by term, then article and position.
    """
    rows = []
    patterns = [(term, term_pattern(term)) for term in terms]
    for doc_id, para_id, text in paragraphs[["doc_id", "para_id", "text"]].itertuples(index=False):
        found = [(term, m) for term, pattern in patterns for m in pattern.finditer(text)]
        if not found:
            continue
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]  # once per paragraph: linear in its length
        starts, ends = [w[0] for w in words], [w[1] for w in words]
        for term, m in found:
            before = bisect_right(ends, m.start())  # the words that end before the match
            after = bisect_left(starts, m.end())  # the first word that starts after it
            left = [w for _, _, w in words[max(0, before - window) : before]] if window else []
            right = [w for _, _, w in words[after : after + window]] if window else []
            rows.append((term, doc_id, para_id, m.start(), m.end(), " ".join(left), m.group(), " ".join(right)))
    table = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    order = {term: i for i, term in enumerate(terms)}
    return (
        table.assign(_order=table["term"].map(order))
        .sort_values(["_order", "doc_id", "para_id", "start"], kind="mergesort")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def collocates(
    paragraphs: pd.DataFrame,
    term: str,
    *,
    window: int = 5,
    min_count: int = 3,
    stopwords: frozenset[str] = frozenset(),
    totals: Counter | None = None,
) -> pd.DataFrame:
    """The words found within ``window`` words of ``term`` more (``g2`` > 0) or less often than in the rest of the corpus.

    The words of the term itself are not counted. ``totals`` (the word counts of all ``paragraphs``, from
    :func:`analysis.keyness.word_counts`) saves reading every paragraph again when several terms are asked:
    only the paragraphs that hold the term are read. Returns the table of :func:`analysis.keyness.keyness`
    (``target`` = near the term, ``reference`` = everywhere else), the strongest collocates first.
    """
    pattern = term_pattern(term)
    totals = word_counts(paragraphs["text"], stopwords) if totals is None else totals
    near: Counter = Counter()
    inside_words: Counter = Counter()
    for text in paragraphs["text"]:
        spans = [m.span() for m in pattern.finditer(text)]
        if not spans:
            continue
        words = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]  # as keyness reads words
        inside, k = [], 0  # the words inside an occurrence (both lists are in text order)
        for i, (s, e, _) in enumerate(words):
            while k < len(spans) and spans[k][1] <= s:
                k += 1
            if k < len(spans) and spans[k][0] <= s and e <= spans[k][1]:
                inside.append(i)
        close: set[int] = set()
        for i in inside:
            close.update(range(max(0, i - window), min(len(words), i + window + 1)))
        inside_set = set(inside)
        for i, (_, _, w) in enumerate(words):
            if w in stopwords:
                continue
            if i in inside_set:
                inside_words[w] += 1
            elif i in close:
                near[w] += 1
    if not near:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    elsewhere = totals - near - inside_words
    return keyness(near, elsewhere, min_count=min_count)
