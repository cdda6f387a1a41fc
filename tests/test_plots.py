"""Charts: each returns a figure for the seeds, and stays readable on a large corpus."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import plots


@pytest.fixture()
def large_corpus():
    n = 120
    documents = pd.DataFrame(
        {
            "doc_id": [f"doc{i:04d}" for i in range(n)],
            "source": [["Kompas", "detik", ""][i % 3] for i in range(n)],
            "date": [f"2024-0{1 + i % 9}-01" if i % 4 else "" for i in range(n)],
            "n_tokens": [300 + i for i in range(n)],
            "duplicate_of": [""] * n,
        }
    )
    removed = pd.DataFrame(
        {"doc_id": [f"doc{i:04d}" for i in range(n)] * 2, "line_no": range(2 * n), "rule": ["advertisement", "widget"] * n}
    )
    return documents, removed


def test_seed_charts(seed_tables, tmp_path):
    figures = [
        plots.articles_by_source_and_date(seed_tables.documents),
        plots.tokens_per_article(seed_tables.documents),
        plots.removals_by_rule(seed_tables.removed, seed_tables.documents),
    ]
    rows = [len(fig.axes[0].patches) for fig in figures]
    assert rows[0] == 4  # Liputan6, Tribunnews, Báo Quốc tế and (unknown)
    assert rows[1] == 5  # one bar per article
    paths = plots.save_figure(figures[2], tmp_path, "removals")
    assert [p.suffix for p in paths] == [".png", ".svg"] and all(p.stat().st_size > 1000 for p in paths)
    plt.close("all")


def test_large_corpus_charts_aggregate(large_corpus):
    documents, removed = large_corpus
    by_rule = plots.removals_by_rule(removed, documents)
    labels = [t.get_text() for t in by_rule.axes[0].get_yticklabels()]
    assert labels == ["(unknown)", "Kompas", "detik"]  # per source, not 120 bars
    widths = sorted({round(p.get_width(), 6) for p in by_rule.axes[0].patches})
    assert widths == [1.0]  # one advertisement and one widget line per article
    histogram = plots.tokens_per_article(documents)
    assert "120 articles" in histogram.axes[0].get_title()
    plt.close("all")


def test_svg_is_the_same_twice(seed_tables, tmp_path):
    for folder in ("a", "b"):
        plots.save_figure(plots.tokens_per_article(seed_tables.documents), tmp_path / folder, "t")
    assert (tmp_path / "a" / "t.svg").read_bytes() == (tmp_path / "b" / "t.svg").read_bytes()
    plt.close("all")


def test_trade_figures_keep_annual_partial_year_and_target_figures_apart():
    amounts = pd.DataFrame(
        {
            "kind": ["money", "money", "money", "money", "percent"],
            "value": [28e9, 30e9, 20e9, 9e11, 17.9],
            "currency": ["USD", "USD", "USD", "USD", ""],
            "qualifier": ["", "target", "more_than", "approximate", ""],
            "year": pd.array([2023, 2025, 2024, 2013, 2023], dtype="Int64"),
            "period": ["", "", "9M", "", "H1"],
            "partners": ["Kazakhstan; Russia", "Kazakhstan; Russia", "Kazakhstan; Russia", "", "Russia; Kyrgyzstan"],
        }
    )
    fig = plots.trade_figures(amounts)
    annual, partial, target = fig.axes
    assert [ax.get_title() for ax in fig.axes] == ["Annual figures (1)", "Part of a year (H1, Q3, 9M...) (1)", "Targets (1)"]
    assert [len(ax.collections) for ax in fig.axes] == [1, 1, 1]  # no partner, or a percentage: not drawn
    assert annual.collections[0].get_offsets()[0].tolist() == [2023, 28]
    assert partial.collections[0].get_offsets()[0].tolist() == [2024, 20]
    points = target.collections[0]
    assert points.get_facecolors().size == 0 or points.get_facecolors()[0][3] == 0  # the target is hollow
    assert annual.get_shared_y_axes().joined(annual, target) and annual.get_ylim() == target.get_ylim()  # one scale
    assert any(t.get_text() == "Kazakhstan\u2013Russia" for t in target.get_legend().get_texts())
    assert plots.trade_kind("target", "H1") == "target" and plots.trade_kind("more_than", "9M") == "partial"
    plt.close("all")


def test_article_heatmaps_stay_drawable_on_a_large_corpus():
    import numpy as np

    by_article = pd.DataFrame(np.random.default_rng(0).random((4, 5000)), columns=[f"doc{i:05d}" for i in range(5000)])
    fig = plots.topic_article_heatmap(by_article, list("abcd"))
    assert fig.get_figwidth() < 14 and fig.get_figheight() < 20 and "40 of 5,000 articles" in fig.axes[0].get_title()
    wide = plots.entity_heatmap(pd.DataFrame(np.random.default_rng(1).random((30, 500)), index=[f"entity{i}" for i in range(30)]), top_n=30)
    assert wide.get_figwidth() <= 15  # 30 entities and 40 articles still fit a page
    plt.close("all")


def test_trade_figures_with_many_partners_keep_the_most_frequent():
    # On 10,000 real articles the partners outnumbered the palette and the chart failed (KeyError: 'United States & China').
    partners = [f"Country{i:02d}; Russia" for i in range(15) for _ in range(15 - i)] + ["Indonesia"]
    amounts = pd.DataFrame(
        {
            "kind": "money",
            "value": 1e9,
            "currency": "USD",
            "qualifier": "",
            "year": pd.array([2020] * len(partners), dtype="Int64"),
            "period": "",
            "partners": partners,
        }
    )
    fig = plots.trade_figures(amounts)
    legend = [t.get_text() for t in fig.axes[-1].get_legend().get_texts()]
    assert legend[: plots.MAX_PARTNERS] == [f"Country{i:02d}\u2013Russia" for i in range(plots.MAX_PARTNERS)]
    assert "Indonesia" not in legend and "of 16" in fig.get_suptitle()
    assert not fig.axes[0].texts  # too many points to label each one
    plt.close("all")


def test_many_sources_are_grouped():
    documents = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(60)], "source": [f"outlet{i % 30:02d}" for i in range(60)], "date": "", "duplicate_of": ""}
    )
    fig = plots.articles_by_source_and_date(documents)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == plots.MAX_BARS and labels[-1] == "11 other sources"
    plt.close("all")


def test_alias_resolution_sums_the_rarer_forms():
    surfaces = pd.DataFrame({"entity": "Indonesia", "type": "place", "surface": [f"form{i}" for i in range(10)], "count": range(10, 0, -1)})
    fig = plots.alias_resolution(surfaces, ["Indonesia"], max_forms=3)
    widths = sorted(round(p.get_width()) for p in fig.axes[0].patches if p.get_width())
    assert widths == [8, 9, 10, sum(range(1, 8))]  # three forms of their own, the other seven as one
    plt.close("all")


def test_trade_figures_name_only_the_places_the_text_names():
    # On a corpus about Indonesia's economy the legend read "Russia–Indonesia": a place the articles never named.
    amounts = pd.DataFrame(
        {
            "kind": "money",
            "value": [5e9, 7e9],
            "currency": "USD",
            "qualifier": "",
            "period": "",
            "year": pd.array([2019, 2019], dtype="Int64"),
            "partners": ["Indonesia", "China; Indonesia"],
        }
    )
    legend = [t.get_text() for t in plots.trade_figures(amounts).axes[-1].get_legend().get_texts()]
    assert legend[:2] == ["China\u2013Indonesia", "Indonesia"] and not any("Russia" in text for text in legend)
    plt.close("all")


def test_dollar_signs_from_the_corpus_are_drawn_as_written(tmp_path):
    names = ["$\\foo$ berita", "Harga $x^2$ naik", "Outlet $ Satu", "US$5 vs US$6"]
    documents = pd.DataFrame(
        {
            "doc_id": names,
            "source": names,
            "date": ["2023-10-12"] * 4,
            "n_paragraphs": [3] * 4,
            "n_tokens": [100, 200, 300, 400],
            "duplicate_of": [""] * 4,
        }
    )
    for fig in (plots.articles_by_source_and_date(documents), plots.tokens_per_article(documents)):
        plots.save_figure(fig, tmp_path, "dollars", show=False)  # mathtext would fail here on "$\foo$"
        drawn = {t.get_text() for ax in fig.axes for t in ax.get_yticklabels() + ax.get_xticklabels()}
        assert any(name in label for name in names for label in drawn), drawn  # as written, not as a formula
    pairs = pd.DataFrame({"entity_a": ["$\\foo$", "Harga $x^2$"], "entity_b": ["Outlet $ Satu", "$\\foo$"], "paragraphs": [3, 2]})
    plots.save_figure(plots.cooccurrence_heatmap(pairs, top_n=5), tmp_path, "pairs", show=False)  # entity names, drawn unescaped
    assert plt.rcParams["text.parse_math"] is False
