"""Counts over time done properly: periods chosen from the span, every period present, rates per article of the period.

:func:`choose_period` picks days for a corpus of at most a month, weeks up to
about half a year, months beyond. :func:`per_period` counts the dated articles
of every period between the first and the last (empty periods included, so a
chart shows the gap instead of a line across it) and, for any per-article
counts given (mentions of an entity, paragraphs of a theme, topic weight),
their sum and their rate: per article of the period, or per another count
(the share of paragraphs, say). Undated articles are
counted apart (:func:`undated`), for the caption.

Example:
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "date": ["2024-01-01", "2024-01-03", "2024-01-03", ""]})
    >>> counts = pd.DataFrame({"doc_id": ["a", "b", "c"], "putin": [2, 1, 3]}).set_index("doc_id")
    >>> table = per_period(docs, counts)
    >>> table[["articles", "putin", "putin_rate"]].values.tolist()
    [[1.0, 2.0, 2.0], [0.0, 0.0, nan], [2.0, 4.0, 2.0]]
    >>> choose_period(docs), undated(docs)
    ('day', 1)
"""

from __future__ import annotations

import pandas as pd

FREQUENCIES = {"day": "D", "week": "W-MON", "month": "MS"}  # a week starts on Monday
LABELS = {"day": "day", "week": "week (from Monday)", "month": "month"}


def article_dates(documents: pd.DataFrame) -> pd.Series:
    """Each article's date as a Timestamp, by ``doc_id`` (NaT when the article has none or it cannot be read)."""
    dates = pd.to_datetime(documents["date"].fillna("").astype(str).replace("", None), errors="coerce", format="mixed")
    return pd.Series(dates.to_numpy(), index=documents["doc_id"].to_numpy(), name="date")


def undated(documents: pd.DataFrame) -> int:
    """How many articles have no usable date."""
    return int(article_dates(documents).isna().sum())


def choose_period(documents: pd.DataFrame) -> str:
    """``day``, ``week`` or ``month``, from the span of the dated articles (``day`` when fewer than two are dated)."""
    dates = article_dates(documents).dropna()
    if len(dates) < 2:
        return "day"
    span = (dates.max() - dates.min()).days
    return "day" if span <= 31 else "week" if span <= 200 else "month"


def per_period(
    documents: pd.DataFrame, counts: pd.DataFrame | None = None, *, period: str | None = None, per: str | None = None
) -> pd.DataFrame:
    """Dated articles per period and, for each column of ``counts``, its total and its rate in the period.

    Args:
        documents: ``doc_id`` and ``date`` of the articles to count (leave duplicates out before).
        counts: per-article values indexed by ``doc_id`` (an article missing from it counts 0).
        period: ``day``, ``week`` or ``month``; default :func:`choose_period`.
        per: a column of ``counts`` to divide by (``paragraphs``, say, for the share of paragraphs); default:
            the period's articles.

    Returns:
        One row per period from the first dated article's to the last's (index: the period's first day), with
        ``articles``, then each column of ``counts`` and ``<column>_rate`` (NaN where the period has no
        article, so a line chart breaks there). Empty when no article is dated.
    """
    period = period or choose_period(documents)
    dates = article_dates(documents).dropna()
    columns = [c for c in (counts.columns if counts is not None else []) if c != per]
    if dates.empty:
        return pd.DataFrame(columns=["articles", *columns, *(f"{c}_rate" for c in columns)])
    starts = dates.dt.to_period({"day": "D", "week": "W-SUN", "month": "M"}[period]).dt.start_time
    index = pd.date_range(starts.min(), starts.max(), freq=FREQUENCIES[period], name="period")
    table = pd.DataFrame({"articles": starts.value_counts().reindex(index, fill_value=0).astype(float)})
    if counts is not None:
        values = counts.reindex(dates.index).fillna(0)
        sums = values.groupby(starts.to_numpy()).sum().reindex(index, fill_value=0).astype(float)
        for column in columns:
            table[column] = sums[column]
        base = sums[per] if per else table["articles"]
        for column in columns:
            table[f"{column}_rate"] = (sums[column] / base).where(base > 0)
    return table
