"""Charts of comparisons: over time (a real date axis, gaps left open), by outlet (with each outlet's article count),
and keyness (the top words each way).

Text from the corpus (outlets, words, entities) is drawn as written: :mod:`analysis.plots` switches matplotlib's
mathtext off (``text.parse_math``), so a ``$`` is a dollar sign, not the start of a formula.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from analysis.plots import tidy
from analysis.prose import counted
from analysis.timeline import LABELS as PERIOD_LABELS


def _empty(message: str, size=(8, 2.5)) -> plt.Figure:
    fig, ax = plt.subplots(figsize=size)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, wrap=True)
    ax.set_axis_off()
    return fig


def rates_over_time(
    table: pd.DataFrame,
    columns: list[str],
    *,
    period: str,
    undated: int,
    total: int,
    title: str,
    ylabel: str,
    labels: dict[str, str] | None = None,
) -> plt.Figure:
    """One line per column of ``table`` (a :func:`analysis.timeline.per_period` table), its ``<column>_rate``
    values on a date axis, broken where a period has no article; the bars below count the articles."""
    if table.empty:
        return _empty("no article has a date: nothing to draw over time")
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 5.2), sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    for column in columns:
        top.plot(table.index, table[f"{column}_rate"], marker="o", markersize=4, label=str((labels or {}).get(column, column)))
    top.set(title=f"{title}, per {PERIOD_LABELS[period]}", ylabel=ylabel)
    top.set_ylim(bottom=0)
    if columns:
        top.legend(bbox_to_anchor=(1.01, 1), loc="upper left", fontsize="small")
    width = {"day": 0.8, "week": 5, "month": 25}[period]
    bottom.bar(table.index, table["articles"], width=width, color="0.6", align="edge" if period != "day" else "center")
    bottom.set(ylabel="articles")
    bottom.yaxis.get_major_locator().set_params(integer=True)
    locator = mdates.AutoDateLocator()
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    dated = int(table["articles"].sum())
    left_out = "none is left out" if not undated else f"{counted(undated, 'undated article is', 'undated articles are')} left out"
    fig.text(
        0.01,
        -0.02,
        f"{dated:,} of {counted(total, 'article')} dated; {left_out}. A gap in a line is a period without articles.",
        fontsize="small",
        ha="left",
    )
    tidy(fig)
    return fig


def by_outlet(values: pd.DataFrame, articles: pd.Series, *, title: str, value_label: str, percent: bool = False) -> plt.Figure:
    """Heatmap of ``values`` (outlets as rows, items as columns), each outlet labelled with its number of articles."""
    if values.empty:
        return _empty("nothing to compare by outlet")
    shown = values.copy()
    shown.index = [f"{str(o)} ({int(articles.get(o, 0)):,} art.)" for o in shown.index]
    shown.columns = [str(c) for c in shown.columns]
    fig, ax = plt.subplots(figsize=(min(0.7 * shown.shape[1] + 4, 12), 0.45 * len(shown) + 1.8))  # fits the report page
    sns.heatmap(
        shown * (100 if percent else 1),
        annot=shown.size <= 120,
        fmt=".0f" if percent else ".1f",
        cmap="Blues",
        vmin=0,
        ax=ax,
        cbar_kws={"label": value_label},
    )
    ax.set(title=title, xlabel="", ylabel="")
    ax.tick_params(axis="x", labelrotation=40)
    plt.setp(ax.get_xticklabels(), ha="right")
    tidy(fig)
    return fig


def keyness_chart(table: pd.DataFrame, *, target: str, reference: str, top_n: int = 15) -> plt.Figure:
    """The ``top_n`` words most key for each side: signed G2 (Williams-corrected), target to the right."""
    if table.empty:
        return _empty("no word is frequent enough in the two parts to compare")
    over = table[table["g2"] > 0].head(top_n)
    under = table[table["g2"] < 0].sort_values("g2", kind="mergesort").head(top_n)
    fig, axes = plt.subplots(1, 2, figsize=(11, 0.32 * max(len(over), len(under), 3) + 1.6), sharex=True)  # one scale for both sides
    for ax, part, name, colour in ((axes[0], over, target, "#2b6cb0"), (axes[1], under, reference, "#c05621")):
        if part.empty:
            ax.text(0.5, 0.5, "no word", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            continue
        ax.barh([str(w) for w in part["word"]][::-1], part["g2"].abs()[::-1], color=colour)
        ax.set(title=f"more frequent in {str(name)}", xlabel="log-likelihood G2 (Williams)")
    tidy(fig)
    return fig
