"""Topic models: NPMI by hand, diversity, stability, determinism, clean vocabularies, units and the topic tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from analysis.segment import load_stopwords
from analysis.topic_models import fit_model, fit_with_quality, sweep, top_terms, unit_topics
from analysis.topics import (
    Matrix,
    best_match_similarity,
    count_matrix,
    doc_topics_table,
    find_phrases,
    make_units,
    npmi_coherence,
    prepare_tokens,
    stability,
    topic_diversity,
    topics_vs_themes,
    vectorize,
)


def matrix_of(rows: list[list[str]]) -> Matrix:
    vocabulary = sorted({w for r in rows for w in r})
    index = {w: i for i, w in enumerate(vocabulary)}
    data = sparse.lil_matrix((len(rows), len(vocabulary)), dtype=np.int32)
    for i, r in enumerate(rows):
        for w in r:
            data[i, index[w]] += 1
    return Matrix(data.tocsr(), np.array(vocabulary))


def test_npmi_against_a_hand_computed_example():
    # four units; a and b together in two of them, a alone in one, c only with d
    m = matrix_of([["a", "b"], ["a", "b", "c"], ["a", "d"], ["c", "d"]])
    p_a, p_b, p_ab = 3 / 4, 2 / 4, 2 / 4
    expected_ab = math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)  # = log(4/3) / log(2) = 0.415
    assert npmi_coherence([["a", "b"]], m)[0] == pytest.approx(expected_ab)
    assert npmi_coherence([["b", "d"]], m)[0] == -1.0  # never together
    # a topic of three words averages its three pairs
    p_c, p_d, p_cd, p_ac, p_ad = 2 / 4, 2 / 4, 1 / 4, 1 / 4, 1 / 4
    pair = lambda pxy, px, py: math.log(pxy / (px * py)) / -math.log(pxy)  # noqa: E731
    expected = np.mean([pair(p_cd, p_c, p_d), pair(p_ac, p_a, p_c), pair(p_ad, p_a, p_d)])
    assert npmi_coherence([["c", "d", "a"]], m)[0] == pytest.approx(expected)


def test_diversity():
    assert topic_diversity([["a", "b"], ["c", "d"]]) == 1.0
    assert topic_diversity([["a", "b"], ["a", "c"]]) == 0.75


def test_stability_of_identical_models_is_one():
    topics = [["a", "b", "c"], ["d", "e", "f"]]
    assert stability([topics, topics, [list(reversed(t)) for t in reversed(topics)]]) == [1.0, 1.0]
    assert best_match_similarity([["a", "b"]], [["a", "c"], ["x", "y"]]) == [pytest.approx(1 / 3)]


@pytest.fixture(scope="module")
def seed_model_inputs(seed_tables):
    units = make_units(seed_tables.paragraphs, seed_tables.sentences)
    stopwords = load_stopwords()
    raw = prepare_tokens(units["text"], stopwords=frozenset())
    phrases = find_phrases(raw, stopwords=stopwords)
    tokens = prepare_tokens(units["text"], stopwords=stopwords, phrases=phrases)
    return units, tokens, vectorize(tokens, min_df=2, max_df=0.5), stopwords


@pytest.mark.parametrize("model", ["lda", "nmf"])
def test_fixed_seed_is_deterministic(seed_model_inputs, model):
    _, _, matrix, _ = seed_model_inputs
    first = top_terms(fit_model(matrix, model, 4, random_state=7), matrix)
    second = top_terms(fit_model(matrix, model, 4, random_state=7), matrix)
    assert first == second


@pytest.mark.parametrize("model", ["lda", "nmf"])
def test_top_words_are_clean(seed_model_inputs, model):
    _, _, matrix, stopwords = seed_model_inputs
    fitted = fit_with_quality(matrix, model, 5, n_seeds=2)
    boilerplate = {"advertisement", "baca", "juga", "foto", "komentar", "sumber", "iklan", "sosmed", "whatsapp"}
    for terms in fitted.terms:
        for term in terms:
            for part in term.split("_"):
                assert not any(ch.isdigit() for ch in part), term
                assert part.isalpha() or "-" in part, term
            assert "_" in term or term not in stopwords, term
            assert term not in boilerplate, term
    table = fitted.topics_table()
    assert table.columns.tolist() == ["model", "topic_id", "label", "terms", "coherence", "stability"]
    assert table["coherence"].between(-1, 1).all() and table["stability"].between(0, 1).all()


def test_phrases_join_two_word_terms(seed_model_inputs):
    _, tokens, _, _ = seed_model_inputs
    flat = {w for t in tokens for w in t}
    assert {"kerja_sama", "luar_negeri", "omzet_perdagangan"} & flat
    assert not any(w.startswith(("dan_", "di_")) or w.endswith(("_dan", "_di")) for w in flat)


def test_stemming_is_optional(seed_tables):
    stemmed = prepare_tokens(["Perdagangan dan berdagang ekspor"], stopwords=load_stopwords(), use_stemming=True)
    plain = prepare_tokens(["Perdagangan dan berdagang ekspor"], stopwords=load_stopwords())
    assert stemmed == [["dagang", "dagang", "ekspor"]] and plain == [["perdagangan", "berdagang", "ekspor"]]


def test_units(seed_tables):
    paragraphs = make_units(seed_tables.paragraphs)
    assert "title" not in set(seed_tables.paragraphs.merge(paragraphs[["doc_id", "para_id"]])["kind"])
    articles = make_units(seed_tables.paragraphs, unit="articles")
    assert len(articles) == 5 and articles["unit_id"].tolist() == sorted(seed_tables.documents["doc_id"])
    windows = make_units(seed_tables.paragraphs, seed_tables.sentences, unit="windows", window=3)
    assert len(articles) < len(windows) < len(seed_tables.sentences)
    with pytest.raises(ValueError, match="unit must be one of"):
        make_units(seed_tables.paragraphs, unit="pages")


def test_sweep_and_tables(seed_model_inputs, seed_tables):
    units, _, matrix, _ = seed_model_inputs
    quality = sweep(matrix, [3, 4], n_seeds=2)
    assert quality.columns.tolist() == ["model", "k", "coherence", "diversity", "stability"]
    assert quality[["model", "k"]].values.tolist() == [["lda", 3], ["lda", 4], ["nmf", 3], ["nmf", 4]]
    fitted = fit_model(matrix, "nmf", 3, random_state=0)
    weights = unit_topics(fitted, matrix, "nmf")
    assert np.allclose(weights[weights.sum(axis=1) > 0].sum(axis=1), 1)
    doc_topics = doc_topics_table(units, weights, model="nmf")
    assert doc_topics.columns.tolist()[:4] == ["doc_id", "para_id", "topic_id", "weight"] and (doc_topics["weight"] >= 0.01).all()
    themes = pd.DataFrame({"doc_id": [units["doc_id"][0]], "para_id": [units["para_id"][0]], "theme": ["trade"]})
    crosstab = topics_vs_themes(doc_topics, themes)
    assert crosstab.values.sum() == int((weights.sum(axis=1) > 0).sum())
    assert crosstab.loc[int(weights[0].argmax()), "trade"] == 1


@pytest.mark.parametrize(("min_df", "max_df", "ngram_max"), [(2, 0.5, 1), (1, 1.0, 1), (0.01, 30, 1), (2, 0.5, 2)])
def test_count_matrix_is_the_matrix_of_scikit_learn(seed_model_inputs, min_df, max_df, ngram_max):
    _, tokens, _, _ = seed_model_inputs
    expected = vectorize(tokens, min_df=min_df, max_df=max_df, ngram_max=ngram_max)
    chunks = [tokens[i : i + 7] for i in range(0, len(tokens), 7)]
    matrix, sizes = count_matrix(chunks, min_df=min_df, max_df=max_df, ngram_max=ngram_max)
    assert matrix.vocabulary.tolist() == expected.vocabulary.tolist()
    assert (matrix.counts != expected.counts).nnz == 0 and matrix.counts.dtype == expected.counts.dtype
    assert sizes["units"] == len(tokens) and sizes["tokens"] == sum(map(len, tokens))


def test_count_matrix_refuses_limits_that_leave_nothing():
    with pytest.raises(ValueError, match="max_df corresponds to < documents than min_df"):
        count_matrix([[["a"], ["b"]]], min_df=2, max_df=1)
    with pytest.raises(ValueError, match="no terms remain"):
        count_matrix([[["a"], ["b"]]], min_df=2, max_df=1.0)


def test_lda_fold_in_agrees_with_the_sampler_and_ignores_its_batch(seed_model_inputs):
    from analysis.topic_models import TomotopyLDA, lda_fold_in

    _, _, matrix, _ = seed_model_inputs
    lda = TomotopyLDA(4, random_state=0).fit(matrix.counts, matrix.vocabulary)
    folded = lda.transform(matrix.counts)
    rows = matrix.counts.getnnz(axis=1) > 0
    assert np.allclose(folded[rows].sum(axis=1), 1) and not folded[~rows].any()
    agreement = (folded[rows].argmax(axis=1) == lda.fitted_weights_[rows].argmax(axis=1)).mean()
    assert agreement > 0.7, agreement  # the same topics as the Gibbs sampler gave the fitted units, for most units
    assert np.allclose(lda_fold_in(matrix.counts, lda.components_, lda.alpha_, chunk=7), folded)  # a unit's topics, whatever the batch


def test_mentions_become_one_token_per_entity(seed_tables):
    from analysis.entities import EntityMatcher, find_mentions, load_gazetteer
    from analysis.topics import entity_token, with_entity_tokens

    assert entity_token("Vladimir Putin") == "vladimir_putin" and entity_token("Nagorno-Karabakh") == "nagorno_karabakh"
    paragraphs = pd.DataFrame(
        {
            "doc_id": ["a", "a"],
            "para_id": [1, 2],
            "kind": ["body", "body"],
            "text": ["Putin bertemu Xi di Tiongkok.", "China dan Rusia dekat."],
        }
    )
    mentions = find_mentions(paragraphs, EntityMatcher(load_gazetteer()))
    sentences = pd.DataFrame(
        {"doc_id": ["a"], "para_id": [1], "sent_id": [1], "start": [0], "end": [29], "text": ["Putin bertemu Xi di Tiongkok."]}
    )
    replaced, sents = with_entity_tokens(paragraphs, mentions, sentences)
    assert replaced["text"].str.split().tolist() == [
        ["vladimir_putin", "bertemu", "Xi", "di", "china", "."],  # a short form alone is no mention
        ["china", "dan", "russia", "dekat."],
    ]
    assert sents["text"].iloc[0].split() == replaced["text"].iloc[0].split()
