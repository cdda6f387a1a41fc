"""Near-duplicates: edited copies of the seeds are found, counted once as the earliest, and kept when asked."""

import shutil

import numpy as np
import pytest

import analysis.duplicates as duplicates
from analysis import config
from analysis.duplicates import near_duplicates, signature, similarity
from analysis.pipeline import run_pipeline
from analysis.segment import words

SEEDS = sorted(config.SEEDS_DIR.glob("*.txt"))


def edited(text: str) -> str:
    """A syndicated copy: a new first line, a sentence added, one paragraph dropped, a few words changed."""
    lines = [line for line in text.splitlines() if line.strip()]
    lines = ["Dikutip ulang dari kantor berita mitra kami"] + lines[:3] + lines[4:] + ["Artikel ini telah tayang ulang."]
    return "\n".join(lines).replace("Putin", "Vladimir Putin", 2) + "\n"


def test_edited_copies_are_similar_and_different_articles_are_not():
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    seeds = [signature(words(t)) for t in texts]
    copies = [signature(words(edited(t))) for t in texts]
    assert all(similarity(s, c) >= 0.8 for s, c in zip(seeds, copies))
    assert max(similarity(a, b) for i, a in enumerate(seeds) for b in seeds[i + 1 :]) < 0.3
    assert similarity(signature([]), signature([])) == 0.0  # an empty text is like nothing
    assert signature(words(texts[0])).dtype == np.uint64 and (signature(words(texts[0])) == signature(words(texts[0]))).all()


def test_a_group_is_counted_as_its_earliest_article():
    base = words(SEEDS[0].read_text(encoding="utf-8"))
    sigs = np.stack(
        [signature(base), signature(base + ["tambahan"]), signature(base[:-3]), signature(words(SEEDS[1].read_text(encoding="utf-8")))]
    )
    found = near_duplicates(["a", "b", "c", "d"], sigs, order=["c", "a", "b", "d"])
    assert set(found) == {"a", "b"} and found["a"][0] == found["b"][0] == "c" and found["a"][1] >= 0.8
    assert near_duplicates(["a", "b"], sigs[[0, 3]]) == {}


def test_a_thousand_copies_cost_a_thousand_comparisons(monkeypatch):
    calls = []
    monkeypatch.setattr(duplicates, "similarity", lambda a, b: calls.append(1) or float(np.mean(a == b)))
    sig = signature(words(SEEDS[0].read_text(encoding="utf-8")))
    found = near_duplicates([f"c{i:04d}" for i in range(1000)], np.stack([sig] * 1000))
    assert len(found) == 999 and {v[0] for v in found.values()} == {"c0000"}
    assert len(calls) == 999  # each copy is compared once: with the first article of its first bucket, whose group it joins


@pytest.fixture
def copied(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in SEEDS:
        shutil.copy(path, corpus / path.name)
    (corpus / "zz_copy.txt").write_text(edited(SEEDS[0].read_text(encoding="utf-8")), encoding="utf-8")
    # The copy appeared first: the seed's dateline says 2023-10-12, the sidecar dates the copy a day earlier.
    (corpus / "metadata.csv").write_text("file,date\nzz_copy.txt,2023-10-11\n", encoding="utf-8")
    return corpus


def test_the_pipeline_flags_a_copy_and_counts_the_group_once(copied, tmp_path):
    seed = SEEDS[0].stem
    tables = run_pipeline(
        tmp_path / "run", corpus_dirs=[str(copied)], stages=["entities"], cache_dir=tmp_path / "cache", scheduler="synchronous"
    )
    docs = tables.documents.set_index("doc_id")
    assert docs.loc[seed, "near_duplicate_of"] == "zz_copy" and docs.loc[seed, "similarity"] >= 0.8
    assert docs.loc["zz_copy", "near_duplicate_of"] == "" and np.isnan(docs.loc["zz_copy", "similarity"])
    assert seed not in set(tables.paragraphs["doc_id"]) and seed not in set(tables.entity_counts["doc_id"])
    assert docs["n_paragraphs"].notna().sum() == 5
    problem = tables.load_problems[tables.load_problems["file"].str.endswith(SEEDS[0].name)]["message"].tolist()
    assert problem == [
        f"shares most of its text with zz_copy (similarity {docs.loc[seed, 'similarity']:.2f}); "
        "analysed once (keep_near_duplicates keeps both)"
    ]


def test_keep_near_duplicates_analyses_both(copied, tmp_path):
    tables = run_pipeline(
        tmp_path / "run",
        corpus_dirs=[str(copied)],
        stages=["corpus"],
        cache_dir=tmp_path / "cache",
        scheduler="synchronous",
        keep_near_duplicates=True,
    )
    docs = tables.documents.set_index("doc_id")
    assert docs.loc[SEEDS[0].stem, "near_duplicate_of"] == "zz_copy" and docs["n_paragraphs"].notna().sum() == 6
    assert SEEDS[0].stem in set(tables.paragraphs["doc_id"])
