"""The tables behind lesson 5's comparisons: by outlet (themes, entities, topics), over time, keyness and words in
context (:func:`comparison_tables`, the pipeline's ``compare`` stage), from the run's tables.

Every function leaves duplicates (and near-duplicates) out, and takes an outlet
into a comparison only when it has at least ``min_articles`` articles: a share
computed on one article is a fact about that article, not about the outlet.

Example:
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "source": ["Kompas", "Kompas", "Tempo"], "n_paragraphs": [2, 6, 4],
    ...                      "n_tokens": [100, 300, 200]})
    >>> counts = pd.DataFrame({"doc_id": ["a", "b", "c"], "entity": ["China"] * 3, "count": [1, 3, 4]})
    >>> entity_rates_by_outlet(docs, counts, min_articles=1).round(1).to_dict()
    {'China': {'Kompas': 10.0, 'Tempo': 20.0}}
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from analysis.keyness import COLUMNS as KEYNESS_COLUMNS
from analysis.keyness import choose_parts, keyness, words_of
from analysis.kwic import collocates, kwic
from analysis.labels import UNKNOWN, article_labels
from analysis.tables import analysed_documents


def analysed(documents: pd.DataFrame) -> pd.DataFrame:
    """The articles counted once (:func:`analysis.tables.analysed_documents`): duplicates and dropped near-duplicates left out."""
    return analysed_documents(documents)


def outlet_articles(documents: pd.DataFrame, *, min_articles: int = 2) -> pd.Series:
    """Articles per outlet (an unknown outlet as ``(unknown)``), for the outlets with at least ``min_articles``, most first."""
    outlets = analysed(documents)["source"].fillna("").replace("", UNKNOWN)
    counts = outlets.value_counts().sort_index()
    counts = counts.sort_values(ascending=False, kind="mergesort")
    return counts[counts >= min_articles]


def _outlet_of(documents: pd.DataFrame) -> pd.Series:
    docs = analysed(documents)
    return pd.Series(docs["source"].fillna("").replace("", UNKNOWN).to_numpy(), index=docs["doc_id"].to_numpy())


def entity_rates_by_outlet(documents: pd.DataFrame, counts: pd.DataFrame, *, top_n: int = 10, min_articles: int = 2) -> pd.DataFrame:
    """Mentions per 1,000 word tokens of the ``top_n`` most mentioned entities (columns), per outlet (rows)."""
    outlets = outlet_articles(documents, min_articles=min_articles)
    outlet_of = _outlet_of(documents)
    docs = analysed(documents)
    tokens = docs.assign(outlet=outlet_of.reindex(docs["doc_id"]).to_numpy()).groupby("outlet")["n_tokens"].sum()
    data = counts[counts["doc_id"].isin(outlet_of.index)].assign(outlet=lambda d: d["doc_id"].map(outlet_of))
    data = data[data["outlet"].isin(outlets.index)]
    if data.empty:
        return pd.DataFrame()
    totals = data.groupby("entity")["count"].sum()
    top = totals.sort_index().sort_values(ascending=False, kind="mergesort").index[:top_n]
    table = data[data["entity"].isin(top)].pivot_table(index="outlet", columns="entity", values="count", aggfunc="sum", fill_value=0)
    table = table.reindex(index=outlets.index, columns=list(top), fill_value=0)
    return table.astype(float).div(tokens.reindex(table.index).astype(float), axis=0) * 1000


def theme_shares_by_outlet(
    documents: pd.DataFrame, summary: pd.DataFrame, *, min_articles: int = 2, themes: list[str] | None = None
) -> pd.DataFrame:
    """The share of each outlet's paragraphs (rows) that carry each theme (columns), 0 to 1."""
    outlets = outlet_articles(documents, min_articles=min_articles)
    outlet_of = _outlet_of(documents)
    docs = analysed(documents)
    paragraphs = docs.assign(outlet=outlet_of.reindex(docs["doc_id"]).to_numpy()).groupby("outlet")["n_paragraphs"].sum()
    data = summary[summary["doc_id"].isin(outlet_of.index)].assign(outlet=lambda d: d["doc_id"].map(outlet_of))
    table = data.pivot_table(index="outlet", columns="theme", values="paragraphs", aggfunc="sum", fill_value=0)
    table = table.reindex(index=outlets.index, columns=themes or sorted(table.columns), fill_value=0)
    return table.astype(float).div(paragraphs.reindex(table.index).astype(float), axis=0)


def topic_prevalence_by_outlet(
    documents: pd.DataFrame, topic_articles: pd.DataFrame, labels: dict[int, str], *, min_articles: int = 2
) -> pd.DataFrame:
    """The mean weight of each topic (columns, by label) in the articles of each outlet (rows), 0 to 1."""
    outlets = outlet_articles(documents, min_articles=min_articles)
    outlet_of = _outlet_of(documents)
    weights = topic_articles.pivot_table(index="doc_id", columns="topic_id", values="weight", aggfunc="sum", fill_value=0)
    weights = weights.reindex(outlet_of.index, fill_value=0)
    table = weights.groupby(outlet_of.reindex(weights.index).to_numpy()).mean().reindex(outlets.index)
    table.columns = [labels.get(t, f"topic {t}") for t in table.columns]
    return table.astype(float)


def entity_counts_wide(counts: pd.DataFrame, entities: list[str]) -> pd.DataFrame:
    """Mentions of ``entities`` per article: articles as rows (by ``doc_id``), entities as columns."""
    table = counts[counts["entity"].isin(entities)].pivot_table(
        index="doc_id", columns="entity", values="count", aggfunc="sum", fill_value=0
    )
    return table.reindex(columns=entities, fill_value=0)


def theme_paragraphs_wide(documents: pd.DataFrame, summary: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
    """Paragraphs of each theme per article, and the article's ``paragraphs`` (to divide by)."""
    table = summary[summary["theme"].isin(themes)].pivot_table(
        index="doc_id", columns="theme", values="paragraphs", aggfunc="sum", fill_value=0
    )
    table = table.reindex(columns=themes, fill_value=0)
    docs = analysed(documents).set_index("doc_id")
    table = table.reindex(docs.index, fill_value=0)
    table["paragraphs"] = docs["n_paragraphs"].fillna(0).astype(float)
    return table


PARTS_COLUMNS = ["part", "name", "articles", "tokens", "reason"]


def default_terms(surfaces: pd.DataFrame, n: int = 2) -> list[str]:
    """The commonest written form of each of the ``n`` most mentioned entities (``entity_surfaces`` rows)."""
    if surfaces.empty:
        return []
    totals = surfaces.groupby("entity")["count"].sum().sort_index().sort_values(ascending=False, kind="mergesort")
    commonest = surfaces.sort_values(["entity", "count", "surface"], ascending=[True, False, True], kind="mergesort").drop_duplicates(
        "entity"
    )
    return commonest.set_index("entity").reindex(totals.index[:n])["surface"].tolist()


def comparison_tables(
    documents: pd.DataFrame,
    paragraphs: pd.DataFrame,
    surfaces: pd.DataFrame,
    *,
    by: str = "outlet",
    target: str = "",
    reference: str = "",
    terms: list[str] | None = None,
    kwic_window: int = 8,
    collocation_window: int = 5,
    stopwords: frozenset[str] = frozenset(),
) -> dict[str, pd.DataFrame]:
    """The tables of the pipeline's ``compare`` stage, from the body paragraphs of the analysed articles.

    Returns:
        ``keyness`` (the target part against the reference, :func:`analysis.keyness.keyness`), ``keyness_parts``
        (each part's name, articles and word tokens, and why there is no comparison when there is none),
        ``kwic`` (every occurrence of each term, with the article's label) and ``collocates`` (per term).
        ``terms`` empty: :func:`default_terms`.
    """
    body = paragraphs[paragraphs["kind"] == "body"]
    parts = choose_parts(documents, by, target, reference)
    part_of = {**dict.fromkeys(parts.reference, 1), **dict.fromkeys(parts.target, 0)}
    counts = [Counter(), Counter(), Counter()]  # target, reference, neither: every word is read once
    for doc_id, text in zip(body["doc_id"], body["text"]):
        counts[part_of.get(doc_id, 2)].update(words_of(text, stopwords))
    key = keyness(counts[0], counts[1]) if not parts.reason else keyness({}, {})
    sides = pd.DataFrame(
        [
            ("target", parts.target_name, len(parts.target), sum(counts[0].values()), parts.reason),
            ("reference", parts.reference_name, len(parts.reference), sum(counts[1].values()), parts.reason),
        ],
        columns=PARTS_COLUMNS,
    )
    terms = list(terms) if terms else default_terms(surfaces)
    concordance = kwic(body, terms, window=kwic_window)
    labels = documents.set_index("doc_id")["label"] if "label" in documents else article_labels(documents, paragraphs)
    concordance.insert(2, "article", concordance["doc_id"].map(labels))
    totals = counts[0] + counts[1] + counts[2]
    near = [collocates(body, term, window=collocation_window, stopwords=stopwords, totals=totals).assign(term=term) for term in terms]
    near = pd.concat(near, ignore_index=True) if near else pd.DataFrame(columns=[*KEYNESS_COLUMNS, "term"])
    return {"keyness": key, "keyness_parts": sides, "kwic": concordance, "collocates": near[["term", *KEYNESS_COLUMNS]]}
