"""The name recogniser: its features, its loading errors, the shipped model against a fixed table, and the trainer."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from analysis import config
from analysis.ner import CARD, MODEL, ModelError, NameRecogniser
from analysis.ner_features import (
    FEATURE_VERSION,
    load_gazetteer,
    sentence_features,
    short_shape,
    spans_of,
    tokens_of,
    windows,
    word_shape,
)
from analysis.ner_train import read_conll, score, split, train, vocabulary


@pytest.mark.parametrize(
    ("word", "shape", "short"),
    [
        ("Jakarta", "Xxxx", "Xx"),
        ("KPK", "XXX", "X"),
        ("rupiah", "xxx", "x"),
        ("2023", "dd", "d"),
        (",", "punct", ","),
        ("iPhone", "mixed", "xXx"),
        ("Jokowi-JK", "mixed", "Xx-X"),
        ("29/10/2013", "mixed", "d/d/d"),
    ],
)
def test_word_shapes(word, shape, short):
    assert (word_shape(word), short_shape(word)) == (shape, short)


def test_sentence_features():
    words = ["Presiden", "Joko", "Widodo", "tiba", "di", "Tiongkok", "."]
    features = sentence_features(words, load_gazetteer(), frozenset({"tiba", "di"}))
    joko = set(features[1])
    assert {"w=joko", "prevtitle", "capnotfirst=True", "-1:w=presiden", "+1:w=widodo", "shape=Xxxx", "cls=<Xxxx>"} <= joko
    assert "prev2title" in features[2] and "-2:BOS" in features[0] and "+2:EOS" in features[5]
    assert "cls=tiba" in features[3]  # a frequent word is its own class
    assert "gaz=B-LOC" in features[5]  # Tiongkok is a place of the gazetteer
    assert "first=True" in features[0] and "titleword" in features[0]


def test_gazetteer_marks_names_longest_first():
    tags = load_gazetteer().tags(["Presiden", "Amerika", "Serikat", "dan", "Amerika", "Latin"])
    assert tags[1:3] == ["B-LOC", "I-LOC"] and tags[3] == "O" and tags[4:6] == ["B-LOC", "I-LOC"]


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["O", "I-ORG", "I-ORG"], [(1, 3, "ORG")]),  # an I- without its B- opens an entity
        (["B-PER", "B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "PER"), (2, 3, "LOC")]),
        (["O", "O"], []),
    ],
)
def test_spans_of_iob2(tags, spans):
    assert spans_of(tags) == spans


def test_windows_around_candidates():
    words = ["Kemarin", "pagi", "hujan", "turun", "deras", "di", "kota", "sebelum", "Presiden", "Joko", "Widodo", "tiba", "."]
    assert windows(words, ["O"] * len(words)) == [(0, 3), (6, 13)]
    assert windows(["harga", "beras", "naik"], ["O"] * 3) == []  # nothing capitalised: nothing to tag


def test_windowed_tags_equal_whole_sentence_tags_on_the_table():
    recogniser = NameRecogniser.load()
    for text, _ in REGRESSION:
        words = [t for _, _, t in tokens_of(text)]
        whole = list(recogniser.tagger.tag(sentence_features(words, recogniser.gazetteer, recogniser.vocab)))
        assert recogniser.tag(words) == whole


def test_tokens_keep_offsets_and_inner_punctuation():
    text = "Jokowi-JK ke St. Petersburg, 12/10."
    assert [t for _, _, t in tokens_of(text)] == ["Jokowi-JK", "ke", "St", ".", "Petersburg", ",", "12/10", "."]
    assert all(text[s:e] == t for s, e, t in tokens_of(text))


def crfsuite_spans(recogniser, words):
    """The names CRFsuite's own tagger finds, stretch by stretch as the package tags (the reference for the arrays)."""
    gaz, tags = recogniser.gazetteer.tags(words), ["O"] * len(words)
    for a, b in windows(words, gaz):
        tags[a:b] = recogniser.tagger.tag(sentence_features(words, recogniser.gazetteer, recogniser.vocab, gaz=gaz, only=range(a, b)))
    return spans_of(tags)


def seed_sentences() -> list[list[str]]:
    from analysis.pipeline.articles import text_stage

    return [
        [t for _, _, t in tokens_of(s[4])]
        for path in sorted(config.SEEDS_DIR.glob("*.txt"))
        for s in text_stage(path.read_bytes())["sentences"]
    ]


def test_arrays_tag_as_crfsuite_does_on_every_seed_sentence():
    recogniser = NameRecogniser.load()
    sentences = seed_sentences()
    assert len(sentences) > 100
    fast = recogniser.tag_all(sentences)
    assert [spans_of(tags) for tags in fast] == [crfsuite_spans(recogniser, words) for words in sentences]
    assert sum(len(spans_of(tags)) for tags in fast) > 100  # the comparison covers many names


@pytest.mark.skipif(not config.NER_DATA.exists(), reason="the NER data ../shared/ner/train.txt is not here")
def test_arrays_tag_as_crfsuite_does_on_the_ner_data():
    recogniser = NameRecogniser.load()
    sentences = [words for words, _ in read_conll(config.NER_DATA)]
    assert [spans_of(tags) for tags in recogniser.tag_all(sentences)] == [crfsuite_spans(recogniser, w) for w in sentences]


def test_one_call_for_many_texts_finds_what_one_call_each_finds():
    recogniser = NameRecogniser.load()
    texts = [text for text, _ in REGRESSION] + ["", "   ", "Menurut\nJoko Widodo, harga naik.", "Presiden   Jokowi  di Solo."]
    together = recogniser.find_all(texts)
    assert together == [recogniser.find(text) for text in texts]
    assert all(text[s.start : s.end] == s.surface for text, found in zip(texts, together) for s in found)
    assert [s.surface for s in together[-1]] == ["Jokowi", "Solo"] and together[5] == together[6] == []
    assert recogniser.find_all([]) == []


def test_a_full_word_table_starts_again_with_the_same_results(monkeypatch):
    import analysis.ner as ner

    recogniser = NameRecogniser.load()
    sentences = seed_sentences()[:60]
    expected = recogniser.tag_all(sentences)
    small = NameRecogniser(recogniser.tagger, recogniser.vocab, recogniser.card, recogniser.gazetteer)
    monkeypatch.setattr(ner, "WORD_CACHE_LIMIT", 300)
    cleared = []
    monkeypatch.setattr(small, "_clear", lambda: (cleared.append(1), NameRecogniser._clear(small)))
    assert [small.tag_all(sentences[i : i + 3]) for i in range(0, 60, 3)] == [expected[i : i + 3] for i in range(0, 60, 3)]
    assert cleared and len(small._plain) + len(small._tagged) <= 300 + 3 * max(map(len, sentences))


def test_gazetteer_names_never_run_across_sentences():
    gazetteer = load_gazetteer()
    words = ["ke", "Amerika", "Serikat", "Amerika", "Serikat"]
    assert gazetteer.marks(words) == [(1, 2, "LOC"), (3, 2, "LOC")]
    assert gazetteer.marks(words, int_ends=[2, 2, 3, 5, 5]) == [(1, 1, "LOC"), (3, 2, "LOC")]  # "Amerika" | "Serikat ..."


def test_viterbi_finds_the_best_path_of_every_stretch():
    import itertools

    import numpy as np

    from analysis.crf import viterbi

    rng = np.random.default_rng(7)
    transitions = rng.normal(size=(3, 3))
    lengths = np.array([1, 4, 2, 3, 4])
    emissions = rng.normal(size=(int(lengths.sum()), 3))
    found = viterbi(emissions, lengths, transitions)
    at = 0
    for n in lengths:
        e = emissions[at : at + n]
        best = max(
            itertools.product(range(3), repeat=n),
            key=lambda p: sum(e[t, p[t]] for t in range(n)) + sum(transitions[p[t - 1], p[t]] for t in range(1, n)),
        )
        assert tuple(found[at : at + n]) == best
        at += n


@pytest.mark.parametrize(("text", "pair"), [("a|b", ("a", "b")), ("||b", ("|", "b")), ("a||", ("a", "|")), ("|||", ("|", "|"))])
def test_word_pairs_of_the_model_read_back(text, pair):
    from analysis.ner import _split_pair

    assert _split_pair(text) == pair


# The shipped model on sentences of our own: what it must keep finding.
REGRESSION = [
    (
        "Presiden Joko Widodo bertemu Perdana Menteri Anthony Albanese di Istana Bogor, Jawa Barat.",
        [("Joko Widodo", "PER"), ("Anthony Albanese", "PER"), ("Istana Bogor", "LOC"), ("Jawa Barat", "LOC")],
    ),
    (
        "Ketua Umum PDI Perjuangan Megawati Soekarnoputri hadir di Jakarta.",
        [("PDI Perjuangan", "ORG"), ("Megawati Soekarnoputri", "PER"), ("Jakarta", "LOC")],
    ),
    ("Vladimir Putin tiba di Bishkek, Kyrgyzstan, pada Kamis.", [("Vladimir Putin", "PER"), ("Bishkek", "LOC"), ("Kyrgyzstan", "LOC")]),
    ("Bank Indonesia menaikkan suku bunga acuan.", [("Bank Indonesia", "ORG")]),
    ("Harga beras naik di pasar tradisional.", []),
]


@pytest.mark.parametrize(("text", "expected"), REGRESSION)
def test_shipped_model_regression_table(text, expected):
    found = NameRecogniser.load().find(text)
    assert [(s.surface, s.type) for s in found] == expected
    assert all(text[s.start : s.end] == s.surface for s in found)


def test_shipped_model_matches_its_card():
    card = json.loads(CARD.read_text(encoding="utf-8"))
    assert card["feature_version"] == FEATURE_VERSION
    assert card["model_sha256"] == hashlib.sha256(MODEL.read_bytes()).hexdigest() and card["model_bytes"] == MODEL.stat().st_size
    assert card["validation"]["untyped"]["f1"] >= 0.80 and card["validation"]["typed"]["f1"] >= 0.70
    assert "MIT" in card["data"]["licence"] and "khairunnisaor" in card["data"]["licence"]
    assert "MIT" in (config.MODELS_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_loading_errors_say_what_to_do(tmp_path):
    with pytest.raises(ModelError, match="missing; run `make model`"):
        NameRecogniser.load(tmp_path / "none.crfsuite")
    shutil.copy(MODEL, tmp_path / "m.crfsuite")
    card = json.loads(CARD.read_text(encoding="utf-8"))
    (tmp_path / "m.json").write_text(json.dumps({**card, "feature_version": FEATURE_VERSION + 1}), encoding="utf-8")
    with pytest.raises(ModelError, match="trained for features version"):
        NameRecogniser.load(tmp_path / "m.crfsuite")
    (tmp_path / "bad.crfsuite").write_bytes(b"not a model")
    (tmp_path / "bad.json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelError, match="CRFsuite cannot open it"):
        NameRecogniser.load(tmp_path / "bad.crfsuite")


CONLL = """Presiden PROPN O
Joko PROPN B-PER
Widodo PROPN I-PER
tiba VERB O
di ADP O
Jakarta PROPN B-LOC
. PUNCT O

{lines}"""


def test_trainer_reads_splits_scores_and_is_deterministic(tmp_path):
    path = tmp_path / "train.txt"
    more = "\n\n".join(f"Menteri PROPN O\nBudi{i} PROPN B-PER\nke ADP O\nBandung PROPN B-LOC\n. PUNCT O" for i in range(9))
    path.write_text(CONLL.format(lines=more).replace("\n", "\r\n"), encoding="utf-8")
    sentences = read_conll(path)
    assert len(sentences) == 10 and sentences[0] == (
        ["Presiden", "Joko", "Widodo", "tiba", "di", "Jakarta", "."],
        ["O", "B-PER", "I-PER", "O", "O", "B-LOC", "O"],
    )
    training, held_out = split(sentences)
    assert (len(training), len(held_out)) == (8, 2) and held_out[0] is sentences[4]
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    figures = score(gold, [["B-PER", "I-PER", "O", "B-ORG"]])
    assert figures["untyped"]["f1"] == 1.0 and figures["typed"]["f1"] == 0.5 and figures["LOC"]["recall"] == 0.0
    first, second = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    vocab = vocabulary(training)
    train(training, vocab, first)
    train(training, vocab, second)
    assert first.read_bytes() == second.read_bytes()


def test_make_model_says_when_the_data_is_absent(tmp_path, capsys):
    from analysis.ner_train import main

    assert main(["--data", str(tmp_path / "none.txt"), "--out", str(tmp_path)]) == 1
    assert "../shared/ner/" in capsys.readouterr().err
