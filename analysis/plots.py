"""Charts of the notebooks: each function takes run tables and returns a matplotlib Figure.

Figures are saved with :func:`save_figure` as PNG (for the report) and SVG
(for print and slides), with fixed metadata so that two runs on the same
corpus write the same files.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator

from analysis.alt_text import describe
from analysis.labels import UNKNOWN
from analysis.prose import figure_caption
from analysis.tables import analysed_documents

# SVG text stays text (smaller files, selectable in print), in the fonts of the reader's system.
plt.rcParams.update(
    {"svg.hashsalt": "news-analysis", "svg.fonttype": "none", "figure.dpi": 100, "savefig.dpi": 120, "savefig.bbox": "tight"}
)
sns.set_theme(style="whitegrid", context="notebook")
# Text on a chart is literal: an outlet, title, file name or word with two dollar signs ("$\\foo$ berita", "US$5 vs
# US$6") would otherwise be read as mathtext, and fail to draw or draw as a formula. The charts use no mathtext.
plt.rcParams["text.parse_math"] = False


def tidy(fig: plt.Figure) -> None:
    """Lay the figure out tightly. Where long labels leave no room for that, matplotlib's warning is not shown: the
    figure is saved with a tight bounding box (:func:`save_figure`), which includes every label anyway."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Tight layout not applied", category=UserWarning)
        fig.tight_layout()


def save_figure(
    fig: plt.Figure, figures_dir: Path, name: str, *, caption: str = "", tables: tuple[str, ...] | list[str] = (), show: bool = True
) -> list[Path]:
    """Save ``fig`` as ``<name>.png`` and ``<name>.svg`` in ``figures_dir``; returns both paths.

    In a notebook (``show``), the saved PNG is what the cell displays, followed by its caption: ``caption`` (what the
    chart shows) and the run tables it draws (``tables``, CSV names in ``tables/``). The image output carries both, and
    the alt text that :func:`analysis.alt_text.describe` reads off the figure, in its ``figure`` metadata; the report
    numbers the figures and turns that into ``<figure>``, ``alt`` and ``<figcaption>``. The figure is then closed, so
    that the inline backend does not draw it again.
    """
    figures_dir.mkdir(parents=True, exist_ok=True)
    paths = [figures_dir / f"{name}.png", figures_dir / f"{name}.svg"]
    # The tight box (the axes with the legends and labels outside them) is measured once, for both files.
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(plt.rcParams["savefig.pad_inches"])
    fig.savefig(paths[0], metadata={"Software": None}, bbox_inches=box)
    fig.savefig(paths[1], metadata={"Date": None, "Creator": None}, bbox_inches=box)
    if show and _in_notebook():
        from IPython.display import Image, Markdown, display

        about = {"name": name, "caption": caption, "tables": list(tables), "alt": describe(fig)}
        display(Image(data=paths[0].read_bytes(), format="png"), metadata={"figure": about})
        if caption or tables:
            display(Markdown(f"*{figure_caption(caption, tables)}*"), metadata={"caption_of": name})
        plt.close(fig)
    return paths


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and shell.__class__.__name__ == "ZMQInteractiveShell"


MAX_ARTICLE_COLUMNS = 40
# Bars of a category chart (sources, partners): beyond this, the smallest are grouped.
MAX_BARS = 20
MAX_PARTNERS = 8
MAX_LABELLED_POINTS = 40


def widest_columns(table: pd.DataFrame, limit: int = MAX_ARTICLE_COLUMNS) -> tuple[pd.DataFrame, str]:
    """At most ``limit`` article columns (those with the largest totals), and a note for the title when some were left out."""
    if table.shape[1] <= limit:
        return table, ""
    keep = table.sum(axis=0).sort_values(ascending=False, kind="mergesort").index[:limit]
    return table[sorted(keep)], f" ({limit} of {table.shape[1]:,} articles)"


def article_names(doc_ids, names: pd.Series | None = None) -> list[str]:
    """The readable label of each article (``names``: ``documents.label`` by ``doc_id``), its ``doc_id`` when it has none."""
    return [str(names.get(d, d) if names is not None else d) for d in doc_ids]


def _slanted(ax) -> None:
    """Column labels slanted, aligned at their end, so that long article labels stay readable."""
    plt.setp(ax.get_xticklabels(), rotation=40, ha="right", rotation_mode="anchor")


def article_heatmap(
    table: pd.DataFrame, *, title: str, label: str, cmap: str, fmt: str, names: pd.Series | None = None, vmin: float | None = None
) -> plt.Figure:
    """Heatmap with one row per article and one column per item (entity, theme, topic), from ``table`` (items as rows,
    ``doc_id`` as columns). At most :data:`MAX_ARTICLE_COLUMNS` articles are drawn, those with the largest totals, and
    the title says so; rows grow downwards, so a chart of many articles stays as wide as the page and legible."""
    table, note = widest_columns(table)
    shown = table.T
    shown.index = article_names(shown.index, names)
    cells = shown.shape[0] * shown.shape[1]
    # Columns share at most 9 inches, so that the chart fits the report's page at half its size or more.
    fig, ax = plt.subplots(figsize=(min(0.75 * shown.shape[1], 9) + 6, 0.34 * shown.shape[0] + 2.2))
    sns.heatmap(shown, annot=cells <= 160, fmt=fmt, cmap=cmap, vmin=vmin, ax=ax, cbar_kws={"label": label, "shrink": 0.8})
    ax.set(title=title + note, xlabel="", ylabel="")
    _slanted(ax)
    tidy(fig)
    return fig


def _names_of(documents: pd.DataFrame) -> pd.Series | None:
    return documents.set_index("doc_id")["label"] if "label" in documents else None


def articles_by_source_and_date(documents: pd.DataFrame) -> plt.Figure:
    """Two panels: articles per source outlet, and articles per publication month (undated counted apart)."""
    docs = analysed_documents(documents)
    sources = docs["source"].replace("", UNKNOWN).value_counts().sort_index()
    if len(sources) > MAX_BARS:  # the outlets with most articles, the rest as one bar
        kept = sources.sort_values(ascending=False, kind="mergesort").index[: MAX_BARS - 1]
        sources = pd.concat([sources[sorted(kept)], pd.Series({f"{len(sources) - len(kept)} other sources": sources.drop(kept).sum()})])
    dates = pd.to_datetime(docs["date"].replace("", None), format="%Y-%m-%d", errors="coerce")
    months = dates.dt.to_period("M").astype(str).where(dates.notna(), UNKNOWN).value_counts().sort_index()

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    sns.barplot(x=sources.values, y=sources.index, ax=left, color="#4C72B0", orient="h")
    left.set(title="Articles by source", xlabel="articles", ylabel="")
    sns.barplot(x=months.index, y=months.values, ax=right, color="#55A868")
    right.set(title="Articles by publication month", xlabel="", ylabel="articles")
    right.tick_params(axis="x", rotation=45)
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    right.yaxis.set_major_locator(MaxNLocator(integer=True))
    tidy(fig)
    return fig


def tokens_per_article(documents: pd.DataFrame, *, max_bars: int = 40) -> plt.Figure:
    """Word tokens per article after cleaning: one bar per article, or a histogram beyond ``max_bars`` articles."""
    docs = analysed_documents(documents).sort_values("doc_id")
    tokens = docs["n_tokens"].astype(float).to_numpy()
    if len(docs) > max_bars:
        fig, ax = plt.subplots(figsize=(8, 4))
        sns.histplot(x=tokens, ax=ax, color="#8172B2", bins=40)
        ax.set(title=f"Word tokens per article after cleaning ({len(docs):,} articles)", xlabel="word tokens", ylabel="articles")
        tidy(fig)
        return fig
    names = _names_of(documents)
    labels = (
        article_names(docs["doc_id"], names)
        if names is not None
        else [f"{d}  {s or UNKNOWN}" for d, s in zip(docs["doc_id"], docs["source"])]
    )
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(docs) + 1.2))
    sns.barplot(x=tokens, y=labels, ax=ax, color="#8172B2", orient="h")
    ax.set(title="Word tokens per article after cleaning", xlabel="word tokens", ylabel="")
    tidy(fig)
    return fig


def removals_by_rule(removed: pd.DataFrame, documents: pd.DataFrame, *, max_bars: int = 40) -> plt.Figure:
    """Stacked bars: how many lines each cleaning rule removed from each article.

    Beyond ``max_bars`` articles the bars are per source outlet instead, as
    lines removed per article, so that a large corpus still gives a readable chart.
    """
    if documents["doc_id"].nunique() > max_bars:
        source = documents.set_index("doc_id")["source"].replace("", UNKNOWN)
        per_source = analysed_documents(documents)["source"].replace("", UNKNOWN).value_counts()
        counts = removed.assign(row=removed["doc_id"].map(source)).pivot_table(
            index="row", columns="rule", values="line_no", aggfunc="count", fill_value=0
        )
        counts = counts.div(per_source.reindex(counts.index), axis=0)
        title, xlabel = "Lines removed by cleaning, per article, by source and rule", "lines removed per article"
    else:
        names = dict(zip(documents["doc_id"], article_names(documents["doc_id"], _names_of(documents))))
        counts = removed.assign(row=removed["doc_id"].map(lambda d: names.get(d, d))).pivot_table(
            index="row", columns="rule", values="line_no", aggfunc="count", fill_value=0
        )
        title, xlabel = "Lines removed by cleaning, per article and rule", "lines removed"
    counts = counts.reindex(sorted(counts.columns), axis=1).sort_index()
    fig, ax = plt.subplots(figsize=(9, 0.45 * max(len(counts), 1) + 1.6))
    if counts.empty:
        ax.text(0.5, 0.5, "nothing was removed", ha="center", va="center", transform=ax.transAxes)
    else:
        counts.plot.barh(stacked=True, ax=ax, colormap="tab10", width=0.75)
        ax.legend(title="rule", bbox_to_anchor=(1.01, 1), loc="upper left")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(title=title, xlabel=xlabel, ylabel="")
    ax.invert_yaxis()
    tidy(fig)
    return fig


# --- Entities ----------------------------------------------------------------


def top_entities_by_type(counts: pd.DataFrame, *, types: list[str], top_n: int = 10, min_count: int = 1) -> plt.Figure:
    """One panel per entity type: the ``top_n`` most mentioned entities over the corpus, all on one scale of mentions."""
    totals = counts.groupby(["type", "entity"], as_index=False)["count"].sum()
    totals = totals[totals["count"] >= min_count]
    fig, axes = plt.subplots(1, len(types), figsize=(3.6 * len(types), 0.32 * top_n + 1.8), squeeze=False, sharex=True)
    for ax, kind in zip(axes[0], types):
        top = totals[totals["type"] == kind].sort_values(["count", "entity"], ascending=[False, True]).head(top_n)
        if top.empty:
            ax.text(0.5, 0.5, f"no {kind} mentioned", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            continue
        sns.barplot(data=top, x="count", y="entity", ax=ax, color="#4C72B0", orient="h")
        ax.set(title=kind, xlabel="mentions", ylabel="")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.suptitle("Most mentioned entities, by type")
    tidy(fig)
    return fig


MAX_FORMS = 6
OTHER_FORMS = "(other forms)"


def alias_resolution(surfaces: pd.DataFrame, entities: list[str], *, max_forms: int = MAX_FORMS) -> plt.Figure:
    """Stacked bars: for each entity, how many mentions each of its written forms contributed.

    An entity's ``max_forms`` commonest forms get a segment each, commonest first, with the form written on
    it; the rest of its forms (a large corpus writes a country in dozens of ways, in capitals, with
    enclitics ...) are summed as one grey segment. One bar series per rank, so the chart costs the same
    however many forms the corpus has.
    """
    data = surfaces[surfaces["entity"].isin(entities)].sort_values(["entity", "count", "surface"], ascending=[True, False, True])
    slot = data.groupby("entity").cumcount().clip(upper=max_forms)
    data = data.assign(slot=slot.to_numpy(), label=data["surface"].where(slot < max_forms, OTHER_FORMS))
    per = data.groupby(["entity", "slot"]).agg(count=("count", "sum"), label=("label", "first"))
    counts = per["count"].unstack(fill_value=0)
    labels = per["label"].unstack(fill_value="")
    order = counts.sum(axis=1).sort_values(ascending=False).index
    counts, labels = counts.loc[order], labels.loc[order]
    fig, ax = plt.subplots(figsize=(9, 0.55 * max(len(counts), 1) + 1.6))
    left = pd.Series(0.0, index=counts.index)
    palette = sns.color_palette("tab10", n_colors=max_forms)
    room = 0.06 * max(float(counts.sum(axis=1).max()), 1.0)  # a segment this wide has room for its label
    for rank in counts.columns:
        values = counts[rank]
        colour = "lightgrey" if rank == max_forms else palette[rank % len(palette)]
        bars = ax.barh(counts.index, values, left=left, color=colour, edgecolor="white")
        for bar, value, label in zip(bars, values, labels[rank]):
            if value >= max(3, room):
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, label, ha="center", va="center", fontsize=8)
        left += values
    ax.set(title="One entity, many names: mentions by written form, commonest first", xlabel="mentions", ylabel="")
    ax.invert_yaxis()
    tidy(fig)
    return fig


def entity_heatmap(rates: pd.DataFrame, *, top_n: int = 20, names: pd.Series | None = None) -> plt.Figure:
    """Heatmap of mentions per 1,000 tokens: the articles (``names``: their labels) against the ``top_n`` entities by mean rate."""
    top = rates.loc[rates.mean(axis=1).sort_values(ascending=False).index[:top_n]]
    top.index = [str(e) for e in top.index]
    return article_heatmap(
        top, title="Entity mentions per 1,000 tokens, by article", label="mentions per 1,000 tokens", cmap="Blues", fmt=".1f", names=names
    )


def cooccurrence_heatmap(pairs: pd.DataFrame, *, top_n: int = 15) -> plt.Figure:
    """Heatmap of how many paragraphs name both entities, for the ``top_n`` entities with most pairings."""
    both = pd.concat([pairs.rename(columns={"entity_a": "x", "entity_b": "y"}), pairs.rename(columns={"entity_a": "y", "entity_b": "x"})])
    matrix = both.pivot_table(index="x", columns="y", values="paragraphs", aggfunc="sum", fill_value=0)
    keep = matrix.sum(axis=1).sort_values(ascending=False).index[:top_n]
    matrix = matrix.loc[keep, keep]
    fig, ax = plt.subplots(figsize=(0.5 * len(keep) + 4, 0.45 * len(keep) + 2))
    mask = pd.DataFrame(False, index=matrix.index, columns=matrix.columns)
    for i in range(len(keep)):
        mask.iloc[i, i:] = True  # show each pair once, below the diagonal
    sns.heatmap(matrix, mask=mask.to_numpy(), annot=True, fmt="d", cmap="Oranges", ax=ax, cbar_kws={"label": "paragraphs naming both"})
    ax.set(title="Which entities are named in the same paragraph", xlabel="", ylabel="")
    tidy(fig)
    return fig


# --- Themes and amounts ----------------------------------------------------------


def theme_shares(
    summary: pd.DataFrame,
    labels: dict[str, str],
    *,
    measure: str = "share_paragraphs",
    themes: list[str] | None = None,
    names: pd.Series | None = None,
) -> plt.Figure:
    """Heatmap of the share of each article's paragraphs (or tokens) that carry each theme: one row per article
    (``names``: the articles' labels), one column per theme."""
    data = summary if themes is None else summary[summary["theme"].isin(themes)]
    table = data.pivot(index="theme", columns="doc_id", values=measure)
    table = table.reindex([t for t in (themes or labels) if t in table.index])  # the lexicon's order, not the alphabet's
    table.index = [labels.get(t, t) for t in table.index]
    return article_heatmap(
        table * 100,
        title="Themes by article",
        cmap="Greens",
        fmt=".0f",
        names=names,
        vmin=0,
        label="% of the article's " + ("paragraphs" if measure == "share_paragraphs" else "word tokens"),
    )


QUALIFIER_MARKERS = {
    "": ("o", "exact"),
    "approximate": ("D", "approximate (hampir, sekitar)"),
    "more_than": ("^", "more than (lebih dari)"),
    "less_than": ("v", "less than (kurang dari)"),
    "target": ("s", "target (menargetkan)"),
    "range_low": ("<", "low end of a range (20-30)"),
    "range_high": (">", "high end of a range (20-30)"),
}


TRADE_PANELS = (("annual", "Annual figures"), ("partial", "Part of a year (H1, Q3, 9M...)"), ("target", "Targets"))


def trade_kind(qualifier: str, period: str) -> str:
    """Which panel of :func:`trade_figures` an amount belongs to: ``target`` (a promise), ``partial`` (a part of a
    year, whatever its qualifier) or ``annual``."""
    if qualifier == "target":
        return "target"
    return "partial" if period else "annual"


def trade_figures(amounts: pd.DataFrame, *, currency: str = "USD") -> plt.Figure:
    """Money amounts in ``currency`` by the year they refer to, in three panels on one scale: annual figures, figures
    for part of a year, and targets; one colour per partner, the qualifier ("more than", "about") as the marker.

    Only amounts with a year and a place beside them are drawn, and no price
    or rate (a ``per`` unit); a colour is the set of places named beside the amount ("Kazakhstan–Russia"; one place
    alone when only one is named), never a place the text did not name. Keeping the three apart stops a nine-month figure reading as a
    fall from the year before, and a promise reading as a result; no currency is converted.
    """
    data = amounts[(amounts["kind"] == "money") & (amounts["currency"] == currency) & amounts["year"].notna() & amounts["value"].notna()]
    data = data[data["partners"].fillna("") != ""]
    if "per" in data:  # prices and rates ("80 dolar per barel") are not totals
        data = data[data["per"].fillna("") == ""]
    data = data.copy()
    if data.empty:
        fig, ax = plt.subplots(figsize=(9, 2.5))
        ax.text(0.5, 0.5, f"no {currency} amount with a year and a partner", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    data["partner"] = ["\u2013".join(sorted(parts.split("; "))) for parts in data["partners"]]
    data["panel"] = [trade_kind(q, p) for q, p in zip(data["qualifier"].fillna(""), data["period"].fillna(""))]
    partners = data["partner"].value_counts().sort_index().sort_values(ascending=False, kind="mergesort")
    note = ""
    if len(partners) > MAX_PARTNERS:  # the partners with most figures; a note says how many were left out
        note = f"; the {MAX_PARTNERS} partners with most figures, of {len(partners)}"
        data = data[data["partner"].isin(partners.index[:MAX_PARTNERS])]
    palette = dict(zip(sorted(data["partner"].unique()), sns.color_palette("tab10")))
    labelled = len(data) <= MAX_LABELLED_POINTS
    fig, axes = plt.subplots(1, len(TRADE_PANELS), figsize=(13, 4.6), sharex=True, sharey=True)
    for ax, (panel, title) in zip(axes, TRADE_PANELS):
        shown = data[data["panel"] == panel]
        ax.set(title=f"{title} ({len(shown)})", xlabel="year referred to")
        if shown.empty:
            ax.text(0.5, 0.5, "none in this run", ha="center", va="center", transform=ax.transAxes, color="grey")
        # Points, not lines: figures of different scope joined by a line would read as a trend.
        for row in shown.sort_values(["partner", "year", "value"]).itertuples():
            marker, _ = QUALIFIER_MARKERS.get(row.qualifier, ("o", row.qualifier))
            hollow = panel == "target"
            ax.scatter(
                int(row.year),
                row.value / 1e9,
                marker=marker,
                s=80,
                zorder=3,
                facecolors="none" if hollow else palette[row.partner],
                edgecolors=palette[row.partner],
                linewidths=1.8,
            )
            if labelled:
                label = f"{row.value / 1e9:g}" + (f" ({row.period})" if row.period else "")
                ax.annotate(label, (int(row.year), row.value / 1e9), textcoords="offset points", xytext=(7, 4), fontsize=8)
    handles = [plt.Line2D([], [], color=c, linewidth=3, label=p) for p, c in palette.items()]
    handles += [
        plt.Line2D([], [], color="grey", marker=m, linestyle="", markerfacecolor="grey", label=text)
        for q, (m, text) in QUALIFIER_MARKERS.items()
        if q in set(data["qualifier"]) and q != "target"
    ]
    axes[-1].legend(handles=handles, bbox_to_anchor=(1.02, 1), loc="upper left", fontsize=9)
    years = data["year"].astype(int)
    axes[0].set_xlim(years.min() - 0.6, years.max() + 0.6)
    axes[0].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0].set(ylabel=f"{currency} billion")
    axes[0].set_ylim(bottom=0)
    fig.suptitle(f"Trade figures in the coverage ({currency} billion, by the year they refer to{note})")
    tidy(fig)
    return fig


# --- Topics ----------------------------------------------------------------------


def topic_top_words(weights: pd.DataFrame, labels: list[str], *, columns: int = 3) -> plt.Figure:
    """One small bar chart per topic: its heaviest words and their weight in the topic, all on one scale of weight."""
    n_topics = weights["topic_id"].nunique()
    rows = math.ceil(n_topics / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 2.9 * rows), squeeze=False, sharex=True)
    for ax, (topic_id, group) in zip(axes.flat, weights.groupby("topic_id")):
        ax.barh(group["term"], group["weight"], color=sns.color_palette("tab10")[topic_id % 10])
        ax.invert_yaxis()
        ax.set_title(f"{topic_id}: {labels[topic_id]}", fontsize=10)
        ax.tick_params(axis="both", labelsize=8, labelbottom=True)  # each panel keeps its scale's labels
    for ax in list(axes.flat)[n_topics:]:
        ax.set_axis_off()
    fig.suptitle("Top words per topic (weight within the topic)")
    tidy(fig)
    return fig


def topic_article_heatmap(by_article: pd.DataFrame, labels: list[str], names: pd.Series | None = None) -> plt.Figure:
    """Heatmap of the mean topic weight of each article's units (``names``: the articles' labels), one row per article."""
    table = by_article.copy()
    table.index = [str(f"{i}: {labels[i]}") for i in table.index]
    return article_heatmap(table, title="Topics by article", label="mean topic weight", cmap="Purples", fmt=".2f", names=names, vmin=0)


def topic_quality(quality: pd.DataFrame, *, chosen: tuple[str, int] | None = None) -> plt.Figure:
    """Three panels against the number of topics: NPMI coherence, diversity and stability, one line per model."""
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for ax, measure in zip(axes, ["coherence", "diversity", "stability"]):
        sns.lineplot(data=quality, x="k", y=measure, hue="model", marker="o", ax=ax)
        ax.set(title=measure, xlabel="number of topics (k)", ylabel="")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if chosen is not None:
            ax.axvline(chosen[1], color="grey", linestyle=":", linewidth=1)
    fig.suptitle("Topic quality against k" + (f" (chosen: {chosen[0]}, k={chosen[1]})" if chosen else ""))
    tidy(fig)
    return fig


def topics_themes_heatmap(crosstab: pd.DataFrame, labels: list[str], theme_labels: dict[str, str]) -> plt.Figure:
    """Heatmap of paragraphs by dominant topic (rows) and assigned theme (columns)."""
    table = crosstab.copy()
    table.index = [f"{i}: {labels[i]}" for i in table.index]
    table.columns = [theme_labels.get(c, c) for c in table.columns]
    fig, ax = plt.subplots(figsize=(0.9 * table.shape[1] + 6, 0.5 * len(table) + 2.4))
    sns.heatmap(table, annot=True, fmt="d", cmap="Blues", ax=ax, cbar_kws={"label": "paragraphs"})
    ax.set(title="Topics (dominant per paragraph) against themes (dictionary)", xlabel="", ylabel="")
    ax.tick_params(axis="x", rotation=40)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    tidy(fig)
    return fig
