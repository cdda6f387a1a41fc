"""The name recogniser: its features, its loading errors, the shipped model against a fixed table, and the trainer."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from analysis import config
from analysis.ner import (
    CARD, FEATURE_VERSION, MODEL, ModelError, NameRecogniser, load_gazetteer, sentence_features, short_shape, spans_of, tokens_of,
    windows, word_shape,
)
from analysis.ner_train import read_conll, score, split, train, vocabulary


@pytest.mark.parametrize(
    ("word", "shape", "short"),
    [("Jakarta", "Xxxx", "Xx"), ("KPK", "XXX", "X"), ("rupiah", "xxx", "x"), ("2023", "dd", "d"), (",", "punct", ","),
     ("iPhone", "mixed", "xXx"), ("Jokowi-JK", "mixed", "Xx-X"), ("29/10/2013", "mixed", "d/d/d")],
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
    [(["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
     (["O", "I-ORG", "I-ORG"], [(1, 3, "ORG")]),  # an I- without its B- opens an entity
     (["B-PER", "B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "PER"), (2, 3, "LOC")]),
     (["O", "O"], [])],
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


# The shipped model on sentences of our own: what it must keep finding.
REGRESSION = [
    ("Presiden Joko Widodo bertemu Perdana Menteri Anthony Albanese di Istana Bogor, Jawa Barat.",
     [("Joko Widodo", "PER"), ("Anthony Albanese", "PER"), ("Istana Bogor", "LOC"), ("Jawa Barat", "LOC")]),
    ("Ketua Umum PDI Perjuangan Megawati Soekarnoputri hadir di Jakarta.",
     [("PDI Perjuangan", "ORG"), ("Megawati Soekarnoputri", "PER"), ("Jakarta", "LOC")]),
    ("Vladimir Putin tiba di Bishkek, Kyrgyzstan, pada Kamis.", [("Vladimir Putin", "PER"), ("Bishkek", "LOC"), ("Kyrgyzstan", "LOC")]),
    ("Bank Indonesia menaikkan suku bunga acuan.", [("Bank Indonesia", "ORG")]),
    ("Harga beras naik di pasar tradisional.", []),
]


@pytest.mark.parametrize(("text", "expected"), REGRESSION)
def test_shipped_model_regression_table(text, expected):
    found = NameRecogniser.load().find(text)
    assert [(s.surface, s.type) for s in found] == expected
    assert all(text[s.start:s.end] == s.surface for s in found)


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
    assert len(sentences) == 10 and sentences[0] == (["Presiden", "Joko", "Widodo", "tiba", "di", "Jakarta", "."],
                                                     ["O", "B-PER", "I-PER", "O", "O", "B-LOC", "O"])
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
