"""How tables and charts read: numbers without scientific notation or NaN, and alt text read off the figure."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from analysis.alt_text import describe
from analysis.readable import frame_html, number, series_html


def cells(markup: str) -> list[str]:
    return [re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<t[dh](?:\s[^>]*)?>(.*?)</t[dh]>", markup, re.DOTALL)]


def test_numbers_read_as_a_reader_writes_them():
    assert [number(v) for v in (3.5e9, 17.9, 0.83912, 2023.0, 12345.0, 123.456, -0.5, 0.0, float("nan"), None, 1e-30)] == [
        "3,500,000,000",
        "17.9",
        "0.839",
        "2023",
        "12,345",
        "123.5",
        "-0.5",
        "0",
        "",
        "",
        "<0.001",
    ]


def test_a_table_has_blanks_for_missing_values_and_no_row_numbers():
    frame = pd.DataFrame(
        {"n_paragraphs": [25.0, np.nan], "value": [3.5e9, 1.79e1], "city": ["Bishkek", None], "date": pd.to_datetime(["2023-10-12", None])}
    )
    shown = cells(frame_html(frame))
    assert shown == ["n_paragraphs", "value", "city", "date", "25", "3,500,000,000", "Bishkek", "2023-10-12", "", "17.9", "", ""]
    assert "NaN" not in frame_html(frame) and "e+" not in frame_html(frame)
    named = frame.set_index("city")
    assert cells(frame_html(named))[:1] == [""] and "Bishkek" in cells(frame_html(named))  # a meaningful index stays


def test_a_series_is_a_table_not_text_with_a_dtype():
    counts = pd.Series(["body", "body", "heading"], name="kind").value_counts()
    markup = series_html(counts)
    assert "dtype:" not in markup and cells(markup) == ["", "count", "kind", "", "body", "2", "heading", "1"]


def test_alt_text_names_the_kind_the_title_and_what_the_axes_hold():
    fig, ax = plt.subplots()
    sns.heatmap(pd.DataFrame([[1, 2], [3, 4]], index=["Russia", "China"], columns=["a1", "a2"]), ax=ax)
    ax.set(title="Mentions per article")
    text = describe(fig)
    assert text.startswith('Heatmap "Mentions per article"') and "Russia, China" in text and "colorbar" not in text
    fig, axes = plt.subplots(1, 2)
    axes[0].plot([2020, 2021, 2022], [1.5, 2.5, 4.0])
    axes[0].set(title="one", ylabel="USD billion")
    axes[1].scatter([1, 2], [3, 4])
    axes[1].set(title="two")
    text = describe(fig)
    assert text.startswith("2 panels.") and 'Line chart "one": x axis from 2020 to 2022; USD billion from 1.5 to 4 (y axis).' in text
    assert 'Scatter plot "two"' in text
    plt.close("all")
