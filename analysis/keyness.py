"""Keyness: the words one part of the corpus uses more (or less) than another, with the statistics corpus linguists use.

For each word, the 2x2 table of its count and the other words' count in the
target part and in the reference part gives:

- ``g2``: the log-likelihood ratio G2 (Dunning 1993) of the whole table, divided
  by Williams' correction q (Williams 1976), signed + when the word is
  relatively more frequent in the target and - when less;
- ``chi2``: Pearson's chi-square with Yates' continuity correction;
- ``p``: the chance of a G2 that large if the two parts used the word alike
  (chi-square with one degree of freedom);
- ``log_ratio``: the effect size, log2 of the ratio of relative frequencies
  (Hardie 2014), with a zero count taken as 0.5; 1 means twice as frequent.

G2 and chi-square say how sure the difference is, the log ratio how big it is:
a frequent word can be very significant with a small effect.

Example:
    >>> table = keyness({"rusia": 30, "dan": 50}, {"rusia": 5, "dan": 60}, total_target=1000, total_reference=1200, min_count=1)
    >>> table[["word", "target", "reference"]].values.tolist()
    [['rusia', 30, 5], ['dan', 50, 60]]
    >>> round(float(table.loc[0, "g2"]), 2), round(float(table.loc[0, "log_ratio"]), 2)
    (24.67, 2.85)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import xlogy
from scipy.stats import chi2 as chi2_distribution

COLUMNS = ["word", "target", "reference", "per_1000_target", "per_1000_reference", "g2", "chi2", "p", "log_ratio"]
WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)  # a word has a letter first: numbers are left out


def words_of(text: str, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``text`` in lower case (a letter first, inner hyphens and apostrophes kept), stopwords left out."""
    return [w for w in (m.group().lower() for m in WORD.finditer(text)) if w not in stopwords]


def word_counts(texts: Iterable[str], stopwords: frozenset[str] = frozenset()) -> Counter:
    """How often each word occurs in ``texts`` (see :func:`words_of`)."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(words_of(text, stopwords))
    return counts


def log_likelihood(a, b, total_a, total_b) -> np.ndarray:
    """G2 of each 2x2 table (``a`` of ``total_a`` tokens against ``b`` of ``total_b``), with Williams' correction, unsigned."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    n = float(total_a + total_b)
    observed = [a, b, total_a - a, total_b - b]
    rows = [a + b, a + b, n - a - b, n - a - b]
    columns = [total_a, total_b, total_a, total_b]
    g2 = 2 * sum(xlogy(o, o) - xlogy(o, r * c / n) for o, r, c in zip(observed, rows, columns))
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1 + (n / (a + b) + n / (n - a - b) - 1) * (n / total_a + n / total_b - 1) / (6 * n)
    return np.where(np.isfinite(q), g2 / q, 0.0)


def chi_square_yates(a, b, total_a, total_b) -> np.ndarray:
    """Pearson's chi-square of each 2x2 table with Yates' continuity correction."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    n = float(total_a + total_b)
    c, d = total_a - a, total_b - b
    difference = np.maximum(np.abs(a * d - b * c) - n / 2, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = n * difference**2 / ((a + b) * (c + d) * total_a * total_b)
    return np.nan_to_num(value)


def log_ratio(a, b, total_a, total_b) -> np.ndarray:
    """log2 of the ratio of relative frequencies, a zero count taken as 0.5 (Hardie's Log Ratio)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.log2((np.where(a > 0, a, 0.5) / total_a) / (np.where(b > 0, b, 0.5) / total_b))


def keyness(
    target: Mapping[str, int],
    reference: Mapping[str, int],
    *,
    total_target: int | None = None,
    total_reference: int | None = None,
    min_count: int = 5,
) -> pd.DataFrame:
    """The keyness of every word seen at least ``min_count`` times in the two parts together.

    Args:
        target, reference: word counts of the two parts.
        total_target, total_reference: their sizes in tokens (default: the sums of the counts).
        min_count: rarer words are left out (their tests mean little).

    Returns:
        One row per word (see :data:`COLUMNS`), the target's most key words first (``g2`` descending), ties
        by word.
    """
    total_target = int(sum(target.values()) if total_target is None else total_target)
    total_reference = int(sum(reference.values()) if total_reference is None else total_reference)
    words = sorted(w for w in set(target) | set(reference) if target.get(w, 0) + reference.get(w, 0) >= min_count)
    if not words or not total_target or not total_reference:
        return pd.DataFrame(columns=COLUMNS)
    a = np.array([target.get(w, 0) for w in words])
    b = np.array([reference.get(w, 0) for w in words])
    sign = np.where(a / total_target >= b / total_reference, 1.0, -1.0)
    g2 = log_likelihood(a, b, total_target, total_reference)
    table = pd.DataFrame(
        {
            "word": words,
            "target": a,
            "reference": b,
            "per_1000_target": 1000 * a / total_target,
            "per_1000_reference": 1000 * b / total_reference,
            "g2": sign * g2,
            "chi2": chi_square_yates(a, b, total_target, total_reference),
            "p": chi2_distribution.sf(g2, 1),
            "log_ratio": log_ratio(a, b, total_target, total_reference),
        }
    )
    return table.sort_values(["g2", "word"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


@dataclass(frozen=True)
class Parts:
    """Two sets of articles to compare, and how a reader should name them."""

    target: list[str]
    reference: list[str]
    target_name: str
    reference_name: str
    reason: str = ""  # why there is nothing to compare (empty when both parts have articles)


def _in_period(dates: pd.Series, spec: str) -> pd.Series:
    """Whether each date falls in ``spec``: ``2023``, ``2023-10``, ``2023-10-12`` or ``2023-01..2023-06`` (inclusive)."""
    start, _, end = spec.partition("..")
    end = end or start
    text = dates.fillna("").astype(str)
    return (text >= start.strip()) & (text.str[: len(end.strip())] <= end.strip()) & (text != "")


def choose_parts(documents: pd.DataFrame, by: str = "outlet", target: str = "", reference: str = "") -> Parts:
    """The articles of the two parts a comparison needs.

    Args:
        documents: the run's ``documents`` table (articles without counted paragraphs, the duplicates, are left out).
        by: ``"outlet"`` (the ``source`` column) or ``"period"`` (the ``date`` column).
        target: an outlet, or a period (``2023``, ``2023-10``, ``2023-01..2023-06``); empty: the outlet with the
            most articles (by outlet), or the later half of the dated articles (by period).
        reference: the same kind of value; empty: every other article (by period: every other dated article).
    """
    docs = documents[documents["n_paragraphs"].notna()] if "n_paragraphs" in documents else documents
    if by == "outlet":
        outlets = docs["source"].fillna("").astype(str)
        named = outlets[outlets != ""]
        if named.empty:
            return Parts([], [], target or "?", reference or "the rest", "no article has a known outlet")
        target = target or named.value_counts().sort_index().sort_values(ascending=False, kind="mergesort").index[0]
        in_target = outlets == target
        in_reference = (outlets == reference) if reference else ~in_target
        names = (target, reference or "the other outlets")
    elif by == "period":
        dated = docs[docs["date"].fillna("").astype(str) != ""]
        if dated.empty:
            return Parts([], [], target or "?", reference or "the rest", "no article has a date")
        if not target:
            middle = sorted(dated["date"].astype(str))[len(dated) // 2]
            target = f"{middle}..9999"
        in_target = _in_period(docs["date"], target)
        dated_mask = docs["date"].fillna("").astype(str) != ""
        in_reference = _in_period(docs["date"], reference) if reference else dated_mask & ~in_target
        names = (target.replace("..9999", " and later"), reference or "the other dated articles")
    else:
        raise ValueError(f"compare by {by!r}: use 'outlet' or 'period'")
    parts = Parts(sorted(docs.loc[in_target, "doc_id"]), sorted(docs.loc[in_reference & ~in_target, "doc_id"]), *names)
    missing = [name for name, ids in ((parts.target_name, parts.target), (parts.reference_name, parts.reference)) if not ids]
    if missing:
        return Parts(parts.target, parts.reference, *names, reason=f"no article in {' or '.join(missing)}")
    return parts
