"""The corpus tables of a run folder: columns, determinism, and a round trip through CSV."""

from __future__ import annotations

import pandas as pd

from analysis.corpus import load_corpus
from analysis.tables import COLUMNS, CorpusTables, build_corpus_tables


def test_columns_follow_the_contract(seed_tables):
    for name, columns in COLUMNS.items():
        assert list(getattr(seed_tables, name).columns) == columns, name


def test_seed_tables_at_a_glance(seed_tables):
    docs = seed_tables.documents
    assert len(docs) == 5 and (docs["duplicate_of"] == "").all()
    assert (docs["n_paragraphs"] > 0).all() and (docs["n_tokens"] > 300).all()
    assert set(seed_tables.paragraphs["kind"]) == {"title", "heading", "body"}
    assert set(seed_tables.removed["rule"]) >= {"advertisement", "related_link", "widget", "source_footer", "byline", "caption", "dateline"}
    assert len(seed_tables.captions) == len(seed_tables.removed.query("rule == 'caption'"))
    assert seed_tables.load_problems.empty
    # no paragraph still holds page furniture
    furniture = seed_tables.paragraphs["text"].str.contains(
        r"ADVERTISEMENT|Advertisement|Baca [Jj]uga|\[iklan|sosmed-|Foto:|Komentar \(", regex=True
    )
    assert not furniture.any(), seed_tables.paragraphs[furniture]


def test_duplicates_are_listed_but_not_analysed(tmp_path):
    (tmp_path / "a.txt").write_text("Putin tiba di Bishkek.\nIa bertemu Japarov.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Putin tiba di Bishkek.\r\nIa bertemu Japarov.", encoding="utf-8")
    tables = build_corpus_tables(load_corpus([tmp_path]))
    docs = tables.documents.set_index("doc_id")
    assert docs.loc["b", "duplicate_of"] == "a" and pd.isna(docs.loc["b", "n_paragraphs"])
    assert set(tables.paragraphs["doc_id"]) == {"a"}


def test_two_builds_give_identical_tables(seed_corpus, seed_tables):
    again = build_corpus_tables(seed_corpus)
    for name in COLUMNS:
        pd.testing.assert_frame_equal(getattr(again, name), getattr(seed_tables, name))


def test_write_and_read_back(tmp_path, seed_tables):
    seed_tables.write(tmp_path)
    back = CorpusTables.read(tmp_path)
    for name in ("documents", "paragraphs", "removed", "captions", "sentences"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(seed_tables, name), check_dtype=False)
    assert back.documents.loc[0, "date"] == "2023-10-12"  # dates stay text, not parsed
