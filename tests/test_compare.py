"""Comparisons: keyness statistics against hand computations, keyword in context, collocates, periods, article labels."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from analysis.keyness import chi_square_yates, choose_parts, keyness, log_likelihood, log_ratio, word_counts, words_of
from analysis.kwic import collocates, kwic, term_pattern
from analysis.labels import article_labels, short_title
from analysis.timeline import choose_period, per_period, undated


def test_a_2x2_table_computed_by_hand():
    # "perang" 10 times in 100 tokens of the target, 2 times in 100 of the reference.
    observed, expected = [10, 2, 90, 98], [6, 6, 94, 94]  # rows 12 and 188 tokens, columns 100 and 100, N = 200
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected))
    q = 1 + (200 / 12 + 200 / 188 - 1) * (200 / 100 + 200 / 100 - 1) / (6 * 200)
    assert log_likelihood(10, 2, 100, 100) == pytest.approx(g2 / q)
    assert g2 / q == pytest.approx(5.9152, abs=1e-4)
    assert chi_square_yates(10, 2, 100, 100) == pytest.approx(200 * (abs(10 * 98 - 2 * 90) - 100) ** 2 / (12 * 188 * 100 * 100))
    assert chi_square_yates(10, 2, 100, 100) == pytest.approx(4.3440, abs=1e-4)
    assert log_ratio(10, 2, 100, 100) == pytest.approx(math.log2(5))
    assert log_ratio(0, 5, 100, 100) == pytest.approx(math.log2(0.1))  # a zero count is taken as 0.5


@pytest.mark.parametrize(("a", "b", "n1", "n2"), [(30, 5, 1000, 1200), (1, 40, 5000, 800), (7, 7, 300, 300), (0, 12, 900, 1500)])
def test_the_statistics_agree_with_scipy(a, b, n1, n2):
    table = np.array([[a, b], [n1 - a, n2 - b]])
    g2 = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
    n = n1 + n2
    rows, cols = (a + b, n - a - b), (n1, n2)
    q = 1 + (n / rows[0] + n / rows[1] - 1) * (n / cols[0] + n / cols[1] - 1) / (6 * n)
    assert log_likelihood(a, b, n1, n2) == pytest.approx(g2 / q)
    assert chi_square_yates(a, b, n1, n2) == pytest.approx(chi2_contingency(table, correction=True)[0])


def test_keyness_signs_sorts_and_filters():
    target = {"rusia": 30, "dan": 50, "kremlin": 4, "langka": 1}
    reference = {"rusia": 5, "dan": 60, "kremlin": 0, "jakarta": 20}
    table = keyness(target, reference, min_count=3)
    assert table["word"].tolist() == ["rusia", "kremlin", "dan", "jakarta"]  # "langka" is too rare
    assert (table.set_index("word").loc[["rusia", "kremlin"], "g2"] > 0).all()
    assert table.set_index("word").loc["jakarta", "g2"] < 0 and table.set_index("word").loc["jakarta", "target"] == 0
    assert table["per_1000_target"].iloc[0] == pytest.approx(1000 * 30 / 85)
    assert keyness({}, reference).empty


def test_words_leave_out_numbers_punctuation_and_stopwords():
    assert words_of("Putin, 17,9 persen dan kerja-sama Rusia's", frozenset({"dan"})) == ["putin", "persen", "kerja-sama", "rusia's"]
    assert word_counts(["Rusia dan Rusia", "rusia"]) == {"rusia": 3, "dan": 1}


def documents_frame():
    return pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d", "e"],
            "source": ["Kompas", "Kompas", "Tempo", "", "Kompas"],
            "date": ["2024-01-05", "2024-02-10", "2024-03-01", "", "2024-02-11"],
            "duplicate_of": ["", "", "", "", "b"],
            "n_paragraphs": [3, 4, 2, 5, None],
        }
    )


def test_parts_by_outlet_and_by_period():
    docs = documents_frame()
    parts = choose_parts(docs, "outlet")
    assert (parts.target, parts.reference, parts.target_name) == (["a", "b"], ["c", "d"], "Kompas")  # e is a duplicate
    assert choose_parts(docs, "outlet", "Tempo", "Kompas").reference == ["a", "b"]
    assert choose_parts(docs, "outlet", "Detik").reason == "no article in Detik"
    period = choose_parts(docs, "period", "2024-02..2024-03")
    assert (period.target, period.reference) == (["b", "c"], ["a"])  # d has no date
    assert choose_parts(docs, "period", "2024-01", "2024-03").reference == ["c"]
    with pytest.raises(ValueError, match="outlet' or 'period"):
        choose_parts(docs, "topic")


PARAGRAPHS = pd.DataFrame(
    {
        "doc_id": ["a", "a", "b"],
        "para_id": [1, 2, 1],
        "text": [
            "Rusia mengirim rudal dan senjata ke perbatasan.",
            "Senjatanya tiba. Kerja   sama militer berlanjut.",
            "Pabrik senjata Rusia membuat rudal baru; rudal itu diuji.",
        ],
    }
)


def test_kwic_for_any_term_with_context_and_endings():
    table = kwic(PARAGRAPHS, ["senjata*", "kerja sama"], window=2)
    assert table["match"].tolist() == ["senjata", "Senjatanya", "senjata", "Kerja   sama"]
    assert table.iloc[0][["left", "right"]].tolist() == ["rudal dan", "ke perbatasan"]
    assert table.iloc[1]["left"] == "" and table.iloc[3]["term"] == "kerja sama"
    assert all(
        PARAGRAPHS.set_index(["doc_id", "para_id"]).loc[(r.doc_id, r.para_id), "text"][r.start : r.end] == r.match
        for r in table.itertuples()
    )
    assert kwic(PARAGRAPHS, ["senjata"])["match"].str.lower().tolist() == ["senjata", "senjata"]  # whole words only
    with pytest.raises(ValueError, match="empty term"):
        term_pattern("  ")


def test_collocates_are_the_words_near_the_term():
    table = collocates(PARAGRAPHS, "rudal", window=1, min_count=1).set_index("word")
    assert table.loc["baru", "target"] == 1 and table.loc["itu", "target"] == 1  # "rudal baru", "rudal itu"
    assert "rudal" not in table.index  # the term itself is not its own collocate
    assert table.loc["perbatasan", "target"] == 0


def test_periods_are_complete_and_rates_break_where_there_is_no_article():
    docs = pd.DataFrame({"doc_id": list("abcde"), "date": ["2024-01-01", "2024-01-17", "2024-01-17", "", "bad date"]})
    counts = pd.DataFrame({"x": [1, 4, 2]}, index=["a", "b", "c"])
    table = per_period(docs, counts, period="week")
    assert table.index[0] == pd.Timestamp("2024-01-01") and len(table) == 3  # weeks of 1, 8 and 15 January
    assert table["articles"].tolist() == [1, 0, 2] and table["x"].tolist() == [1, 0, 6]
    assert np.isnan(table["x_rate"].iloc[1]) and table["x_rate"].iloc[2] == 3
    shares = per_period(docs, counts.assign(n=[2, 4, 4]), period="week", per="n")
    assert shares["x_rate"].tolist()[::2] == [0.5, 0.75] and "n_rate" not in shares
    assert undated(docs) == 2 and choose_period(docs) == "day"
    long = pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020-01-01", "2024-01-01"]})
    assert choose_period(long) == "month" and len(per_period(long)) == 49
    assert choose_period(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2024-01-01", "2024-04-01"]})) == "week"
    assert per_period(docs.assign(date="")).empty


def test_labels_are_readable_unique_and_fall_back_to_the_file_name():
    docs = pd.DataFrame(
        {
            "doc_id": ["1", "2", "3"],
            "source": ["Kompas", "Kompas", ""],
            "date": ["2024-01-05"] * 2 + [""],
            "title": ["Harga beras naik", "Harga beras naik", ""],
            "file": ["r/1.txt", "r/2.txt", "r/catatan rapat.txt"],
        }
    )
    assert article_labels(docs).tolist() == [
        "Kompas · 2024-01-05 · Harga beras naik",
        "Kompas · 2024-01-05 · Harga beras naik (2)",
        "catatan rapat",
    ]
    assert short_title("satu dua tiga", words=2) == "satu dua…" and short_title("satu") == "satu"
    assert short_title("Presiden Rusia Vladimir Putin melakukan", chars=20) == "Presiden Rusia…"  # cut at a space


def test_the_compare_stage_tables():
    from analysis.compare import comparison_tables, default_terms

    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "source": ["Kompas", "Tempo"],
            "date": ["", ""],
            "title": ["", ""],
            "file": ["a.txt", "b.txt"],
            "duplicate_of": ["", ""],
            "n_paragraphs": [2, 1],
        }
    )
    paragraphs = PARAGRAPHS.assign(kind="body")
    surfaces = pd.DataFrame(
        {"entity": ["Russia", "Russia", "Xi"], "type": "place", "surface": ["Rusia", "Rusianya", "Xi"], "count": [3, 1, 2]}
    )
    assert default_terms(surfaces) == ["Rusia", "Xi"] and default_terms(surfaces.iloc[:0]) == []
    tables = comparison_tables(docs, paragraphs, surfaces, terms=["rudal"], collocation_window=1)
    parts = tables["keyness_parts"].set_index("part")
    assert parts.loc["target", "name"] == "Kompas" and parts.loc["reference", "articles"] == 1 and parts.loc["target", "tokens"] == 13
    assert tables["kwic"]["article"].tolist() == [
        "Kompas · Rusia mengirim rudal dan senjata…",
        "Tempo · Pabrik senjata Rusia membuat rudal…",
        "Tempo · Pabrik senjata Rusia membuat rudal…",
    ]
    assert list(tables["collocates"].columns) == [
        "term",
        "word",
        "target",
        "reference",
        "per_1000_target",
        "per_1000_reference",
        "g2",
        "chi2",
        "p",
        "log_ratio",
    ]
    assert tables["collocates"].empty  # no word is seen three times in so little text
    none = comparison_tables(docs, paragraphs, surfaces, by="period")
    assert none["keyness"].empty and none["keyness_parts"]["reason"].tolist() == ["no article has a date"] * 2
