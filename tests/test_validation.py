"""Codebook validation: the sample design, the statistics against hand computations, the CLI on a seed run."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import config
from analysis.__main__ import main as cli
from analysis.codebook import load_codebook
from analysis.pipeline import run_pipeline
from analysis.validation import (
    LabelError,
    _allocate,
    classify,
    codebook_knows,
    cross_validate,
    draw_sample,
    errors,
    evaluate,
    g2,
    in_run,
    keyness,
    read_labels,
    train_classifier,
    wilson,
)


def test_wilson_interval_by_hand():
    # p = 0.8, n = 10, z = 1.96: centre = (0.8 + z²/20) / (1 + z²/10), half = z·sqrt(0.016 + z²/400) / (1 + z²/10)
    z = 1.959963984540054
    centre, half = (0.8 + z * z / 20) / (1 + z * z / 10), z * math.sqrt(0.8 * 0.2 / 10 + z * z / 400) / (1 + z * z / 10)
    assert wilson(8, 10) == pytest.approx((centre - half, centre + half))
    assert wilson(8, 10) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    assert wilson(0, 5)[0] == 0.0 and wilson(5, 5)[1] == 1.0 and wilson(5, 5)[0] == pytest.approx(0.5655, abs=1e-4)
    assert all(math.isnan(x) for x in wilson(0, 0))


def test_allocation_is_proportional_with_one_per_stratum():
    sizes = pd.Series({"a": 10, "b": 5, "c": 1})
    # shares 3.75, 1.875, 0.375 -> floors (at least 1) 3, 1, 1 -> the largest remainder (b) gets the sixth
    assert _allocate(sizes, 6).to_dict() == {"a": 3, "b": 2, "c": 1}
    assert _allocate(sizes, 100).to_dict() == {"a": 10, "b": 5, "c": 1}  # never more than a stratum holds
    many = pd.Series({f"o{i:02d}": 10 + i for i in range(30)})
    assert _allocate(many, 20).sum() == 20 and set(_allocate(many, 20).index) == {f"o{i:02d}" for i in range(10, 30)}


@pytest.fixture
def corpus_tables():
    paragraphs = pd.DataFrame([(f"d{i}", j, f"teks {i} {j}") for i in range(6) for j in range(1, 6)], columns=["doc_id", "para_id", "text"])
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(6)], "source": ["A", "A", "A", "A", "B", ""]})
    scores = pd.DataFrame(
        [("d0", 1, "trade", 3.0, "e"), ("d1", 1, "trade", 6.0, "e"), ("d4", 1, "trade", 3.0, "e"), ("d2", 2, "trade", 2.0, "s")],
        columns=["doc_id", "para_id", "theme", "score", "evidence"],
    )
    return paragraphs, documents, scores


def test_sample_is_stratified_weighted_and_reproducible(corpus_tables):
    paragraphs, documents, scores = corpus_tables
    sample = draw_sample(paragraphs, documents, scores, ["trade"], per_band=4, seed=3)
    assert sample.equals(draw_sample(paragraphs, documents, scores, ["trade"], per_band=4, seed=3))
    by_band = sample.groupby("band").size().to_dict()
    assert by_band == {"assigned": 3, "near": 1, "unscored": 4}
    unscored = sample[sample["band"] == "unscored"]
    # 26 unscored paragraphs: 17 of outlet A, 4 of B, 5 without an outlet -> shares 2.6, 0.6, 0.8 -> 2, 1, 1; weights N/n
    assert unscored.groupby("outlet").size().to_dict() == {"(unknown)": 1, "A": 2, "B": 1}
    for outlet, group in unscored.groupby("outlet"):
        size = {"A": 17, "B": 4, "(unknown)": 5}[outlet]
        assert group["weight"].iloc[0] == pytest.approx(size / len(group), abs=1e-4)
    assert (sample["label"] == "").all() and sample["sample_id"].is_unique


def labelled(rows):
    return pd.DataFrame(rows, columns=["theme", "doc_id", "para_id", "label", "weight", "text"])


def test_evaluate_against_a_hand_count():
    labels = labelled(
        [
            ("trade", "a", 1, True, 1.0, "ekspor naik"),
            ("trade", "a", 2, False, 1.0, "cuaca cerah"),
            ("trade", "b", 1, True, 4.0, "impor turun"),
            ("trade", "b", 2, True, 4.0, "tarif baru"),
            ("trade", "c", 1, False, 4.0, "sepak bola"),
        ]
    )
    assigned = pd.DataFrame({"doc_id": ["a", "a", "b"], "para_id": [1, 2, 1], "theme": ["trade"] * 3})
    row = evaluate(labels, assigned).iloc[0]
    assert (row.tp, row.fp, row.fn, row.tn) == (2, 1, 1, 1)
    assert row.precision == pytest.approx(2 / 3, abs=1e-4) and row.recall == pytest.approx(2 / 3, abs=1e-4)
    assert (row.precision_low, row.precision_high) == pytest.approx(tuple(round(x, 4) for x in wilson(2, 3)))
    # weighted: tp = 1 + 4 = 5, fp = 1, fn = 4
    assert row.precision_weighted == pytest.approx(5 / 6, abs=1e-4) and row.recall_weighted == pytest.approx(5 / 9, abs=1e-4)
    wrong = errors(labels, assigned, pd.DataFrame(columns=["doc_id", "para_id", "theme", "score", "evidence"]))
    assert wrong[["doc_id", "para_id", "error"]].values.tolist() == [["a", 2, "false positive"], ["b", 2, "miss"]]


def test_no_labels_in_the_run_gives_empty_tables():
    labels = labelled([]).astype({"label": bool})
    assigned = pd.DataFrame(columns=["doc_id", "para_id", "theme"])
    assert evaluate(labels, assigned).empty and "precision" in evaluate(labels, assigned)
    assert errors(labels, assigned, pd.DataFrame(columns=["doc_id", "para_id", "theme", "score", "evidence"])).empty
    assert keyness(labels, "trade").empty


def test_keyness_by_hand():
    # a = 10 of c = 100 against b = 0 of d = 100: expected 5 and 5, G² = 2·10·ln 2
    assert g2(10, 0, 100, 100) == pytest.approx(20 * math.log(2))
    labels = labelled(
        [("trade", f"p{i}", 1, True, 1.0, "ekspor minyak pesat") for i in range(3)]
        + [("trade", f"n{i}", 1, False, 1.0, "minyak goreng mahal") for i in range(3)]
    )
    found = keyness(labels, "trade", known={"ekspor"})
    assert set(found["term"]) == {"ekspor", "pesat", "ekspor minyak", "minyak pesat"}  # "minyak" is as frequent in the negatives
    assert found.iloc[0]["g2"] == pytest.approx(g2(3, 0, 15, 15), abs=1e-3)
    assert found.set_index("term").loc["ekspor", "in_codebook"]
    knows = codebook_knows(load_codebook())
    assert knows("mengekspor") and knows("perdagangannya") is False or knows("ekspor")  # a ~root, a written term
    assert knows("omzet perdagangan") and not knows("gandum")


def test_labels_count_only_where_the_run_has_the_same_paragraph():
    labels = labelled(
        [("trade", "a", 1, True, 1.0, "ekspor naik"), ("trade", "a", 2, True, 1.0, "teks lama"), ("trade", "z", 1, True, 1.0, "lain")]
    )
    paragraphs = pd.DataFrame({"doc_id": ["a", "a"], "para_id": [1, 2], "text": ["ekspor naik", "teks baru"]})
    assert in_run(labels, paragraphs)[["doc_id", "para_id"]].values.tolist() == [["a", 1]]


def test_read_labels(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("theme,doc_id,para_id,label,text\ntrade,000,1,ya,x\ntrade,000,2,,y\ntrade,000,3,0,z\n", encoding="utf-8")
    labels = read_labels(path)
    assert labels["label"].tolist() == [True, False] and labels["doc_id"].tolist() == ["000", "000"]  # blank skipped
    path.write_text("theme,doc_id,para_id,label\ntrade,a,1,maybe\n", encoding="utf-8")
    with pytest.raises(LabelError, match=r"labels\.csv.*row 2 \('maybe'\)"):
        read_labels(path)
    path.write_text("theme,doc_id,label\ntrade,a,1\n", encoding="utf-8")
    with pytest.raises(LabelError, match="missing column"):
        read_labels(path)


def test_classifier_cross_validated_and_as_assigner():
    texts = [f"ekspor impor tarif dagang {i}" for i in range(8)] + [f"sepak bola gol pemain {i}" for i in range(8)]
    labels = labelled([("trade", f"d{i}", 1, i < 8, 1.0, t) for i, t in enumerate(texts)])
    scores = pd.DataFrame({"doc_id": [f"d{i}" for i in range(8)], "para_id": 1, "theme": "trade", "score": 3.0})
    result = cross_validate(labels, scores, "trade")
    assert result["folds"] == 5 and result["precision"] == 1.0 and result["recall"] == 1.0
    assert cross_validate(labels.head(9), scores, "trade") is None  # one negative: nothing to learn from
    models = train_classifier(labels, scores)
    paragraphs = pd.DataFrame({"doc_id": ["x", "y"], "para_id": [1, 1], "text": ["tarif ekspor naik", "gol pemain bola"]})
    found = classify(models, paragraphs, scores)
    assert found["doc_id"].tolist() == ["x"] and found["evidence"].iloc[0].startswith("classifier p=")


def test_validate_cli_on_a_seed_run(tmp_path, capsys):
    run_pipeline(tmp_path / "run", corpus_dirs=["seeds"], stages=["themes"], scheduler="synchronous", cache_dir=tmp_path / "cache")
    out = tmp_path / "sample.csv"
    assert cli(["validate", "sample", "--run", str(tmp_path / "run"), "--out", str(out), "--per-band", "5"]) == 0
    sample = pd.read_csv(out, keep_default_na=False)
    assert set(sample["theme"]) == {"icc_warrant", "trade", "military_cooperation"} and (sample["label"] == "").all()
    # the worked example: every seed paragraph labelled for the three mission themes
    labels = config.PROJECT_ROOT / "data" / "validation" / "seeds_mission_themes.csv"
    assert cli(["validate", "report", str(labels), "--run", str(tmp_path / "run"), "--out", str(tmp_path / "v"), "--classifier"]) == 0
    summary = pd.read_csv(tmp_path / "v" / "summary.csv").set_index("theme")
    assert summary.loc["icc_warrant", "labelled"] == 110 and summary.loc["icc_warrant", "fp"] == 0
    assert (summary["precision"] >= 0.9).all() and (summary["recall"] >= 0.8).all()
    for name in ("errors.csv", "suggested_terms.csv", "classifier.csv"):
        assert (tmp_path / "v" / name).exists()
    assert cli(["validate", "report", str(labels), "--run", str(tmp_path / "nowhere")]) == 1
    assert "no paragraphs.csv" in capsys.readouterr().err
    assert cli(["validate", "sample", "--run", str(tmp_path / "run"), "--out", str(out)]) == 1  # it may hold labels
    assert "--force" in capsys.readouterr().err
