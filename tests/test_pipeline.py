"""The pipeline: tables equal to the library functions', a cache that is used only when it is right, and Dask runs equal to in-process ones."""

from __future__ import annotations

import json
import logging
import shutil

import pandas as pd
import pytest

from analysis import config
from analysis.amounts import amounts_table
from analysis.entities import EntityMatcher, find_mentions, load_gazetteer
from analysis.pipeline import DEFAULTS, PipelineError, run_pipeline
from analysis.pipeline.fingerprint import stage_versions
from analysis.themes import assign, load_codebook, score_corpus, theme_summary

ARTICLE_STAGES = ["corpus", "entities", "themes", "amounts"]


@pytest.fixture()
def corpus(tmp_path):
    """A copy of the seed corpus that a test may add to or change."""
    folder = tmp_path / "corpus"
    shutil.copytree(config.SEEDS_DIR, folder)
    return folder


def run(tmp_path, name, folder, **kwargs):
    kwargs.setdefault("stages", ARTICLE_STAGES)
    kwargs.setdefault("scheduler", "synchronous")
    tables = run_pipeline(tmp_path / name, corpus_dirs=[str(folder)], cache_dir=tmp_path / "cache", **kwargs)
    state = json.loads((tables.dir / "pipeline.json").read_text(encoding="utf-8"))
    return tables, state


def packs(tmp_path, stage):
    folders = list((tmp_path / "cache" / "articles").glob(f"{stage}-*"))
    return sorted(p.name for f in folders for p in f.iterdir())


def test_tables_equal_those_of_the_library_functions(tmp_path, seed_tables):
    tables, _ = run(tmp_path, "run", config.SEEDS_DIR)
    for name in ("documents", "paragraphs", "sentences", "removed", "captions"):
        pd.testing.assert_frame_equal(tables.read(name), getattr(seed_tables, name), check_dtype=False)
    from analysis.ner import NameRecogniser

    mentions = find_mentions(
        seed_tables.paragraphs, EntityMatcher(load_gazetteer()), recogniser=NameRecogniser.load(), sentences=seed_tables.sentences
    )
    pd.testing.assert_frame_equal(tables.entity_mentions, mentions, check_dtype=False)
    themes = load_codebook()
    paragraph_scores, sentence_scores = score_corpus(seed_tables.paragraphs, seed_tables.sentences, themes)
    paragraph_themes = assign(paragraph_scores)
    pd.testing.assert_frame_equal(tables.paragraph_themes, paragraph_themes.drop(columns="n_words"), check_dtype=False)
    sentence_themes = assign(sentence_scores)
    pd.testing.assert_frame_equal(tables.sentence_themes, sentence_themes.drop(columns="n_words"), check_dtype=False)
    pd.testing.assert_frame_equal(tables.theme_summary, theme_summary(paragraph_themes, seed_tables.paragraphs, themes), check_dtype=False)
    expected = amounts_table(seed_tables.sentences, seed_tables.documents, mentions)
    pd.testing.assert_frame_equal(tables.amounts, expected, check_dtype=False)


def test_the_recogniser_adds_names_and_equals_the_library(tmp_path, seed_tables):
    from analysis.ner import NameRecogniser

    tables, _ = run(tmp_path, "run", config.SEEDS_DIR)
    expected = find_mentions(
        seed_tables.paragraphs, EntityMatcher(load_gazetteer()), recogniser=NameRecogniser.load(), sentences=seed_tables.sentences
    )
    pd.testing.assert_frame_equal(tables.entity_mentions, expected, check_dtype=False)
    sources = set(tables.entity_mentions["source"])
    assert sources == {"gazetteer", "model", "both"}
    gazetteer_only, _ = run(tmp_path, "plain", config.SEEDS_DIR, recogniser=False)
    assert set(gazetteer_only.entity_mentions["source"]) == {"gazetteer"}
    # the recogniser reads body paragraphs only: no name comes from a headline
    kinds = seed_tables.paragraphs.set_index(["doc_id", "para_id"])["kind"]
    model = tables.entity_mentions[tables.entity_mentions["source"] == "model"]
    assert all(kinds[(d, p)] == "body" for d, p in zip(model["doc_id"], model["para_id"]))
    default = stage_versions(gazetteer=config.ENTITIES, lexicon=config.THEMES)
    assert stage_versions(gazetteer=config.ENTITIES, lexicon=config.THEMES, recogniser=True)["entities"] != default["entities"]
    # every alias group the gazetteer merges keeps its mentions
    with_model = tables.entity_mentions[tables.entity_mentions["source"] != "model"].groupby("entity").size()
    assert with_model.equals(gazetteer_only.entity_mentions.groupby("entity").size())


def test_a_rerun_on_the_same_corpus_computes_nothing(tmp_path, corpus):
    first, state = run(tmp_path, "a", corpus)
    assert state["last_run"]["articles_processed"] == 5
    second, state = run(tmp_path, "b", corpus)
    assert "articles_processed" not in state["last_run"]  # every table came from the corpus-level cache
    assert {entry["from"] for entry in state["stages"].values()} == {"cache"}
    for name in sorted(p.name for p in first.dir.glob("*.csv")):
        assert (first.dir / name).read_bytes() == (second.dir / name).read_bytes(), name


def test_a_notebook_after_the_report_finds_its_tables(tmp_path, corpus):
    run(tmp_path, "run", corpus)
    tables = tmp_path / "run" / "tables"
    before = {p.name: p.stat().st_mtime_ns for p in tables.iterdir()}
    run(tmp_path, "run", corpus, stages=["themes"])
    assert {p.name: p.stat().st_mtime_ns for p in tables.iterdir()} == before  # nothing computed, copied or written
    run(tmp_path, "run", corpus, stages=["themes"], threshold=2.0)
    assert (tables / "paragraph_themes.csv").stat().st_mtime_ns != before["paragraph_themes.csv"]
    assert (tables / "paragraphs.csv").stat().st_mtime_ns == before["paragraphs.csv"]


def test_one_new_article_is_the_only_one_processed(tmp_path, corpus):
    run(tmp_path, "a", corpus)
    first, second = (
        (corpus / name).read_text(encoding="utf-8").splitlines() for name in ("000_0375a09f782309bd.txt", "002_158d66d5944f3519.txt")
    )
    (corpus / "new.txt").write_text(
        "\n".join(first[: len(first) // 3] + second[-len(second) // 3 :]), encoding="utf-8"
    )  # not a copy of either
    tables, state = run(tmp_path, "b", corpus)
    assert state["last_run"]["articles_processed"] == 1
    assert len(tables.documents) == 6 and "new" in set(tables.paragraphs["doc_id"])


def test_the_same_text_under_another_name_reuses_its_results(tmp_path, corpus):
    run(tmp_path, "a", corpus)
    (corpus / "000_0375a09f782309bd.txt").rename(corpus / "renamed.txt")
    tables, state = run(tmp_path, "b", corpus)
    assert state["last_run"]["articles_processed"] == 0
    assert "renamed" in set(tables.documents["doc_id"])


def test_editing_the_theme_lexicon_recomputes_themes_and_nothing_else(tmp_path, corpus):
    run(tmp_path, "a", corpus)
    before = {stage: packs(tmp_path, stage) for stage in ("text", "entities", "themes", "amounts")}
    lexicon = tmp_path / "themes.yaml"
    lexicon.write_text(config.THEMES.read_text(encoding="utf-8").replace("omzet perdagangan,", "omzet dagang,"), encoding="utf-8")
    assert lexicon.read_text(encoding="utf-8") != config.THEMES.read_text(encoding="utf-8")
    tables, state = run(tmp_path, "b", corpus, lexicon=str(lexicon))
    after = {stage: packs(tmp_path, stage) for stage in before}
    assert after["text"] == before["text"] and after["entities"] == before["entities"] and after["amounts"] == before["amounts"]
    assert len(after["themes"]) == 2 * len(before["themes"])  # the old version's packs and the new one's
    assert state["stages"]["corpus"]["from"] == "cache" and state["stages"]["themes"]["from"] == "computed"
    assert state["last_run"]["articles_processed"] == 5  # the themes of every article, from its cached text


def test_stage_versions_follow_their_inputs(tmp_path):
    default = stage_versions(gazetteer=config.ENTITIES, lexicon=config.THEMES)
    lexicon = tmp_path / "themes.yaml"
    lexicon.write_text(config.THEMES.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    edited = stage_versions(gazetteer=config.ENTITIES, lexicon=lexicon)
    assert edited["themes"] != default["themes"]
    assert {s: edited[s] for s in ("text", "entities", "amounts")} == {s: default[s] for s in ("text", "entities", "amounts")}
    gazetteer = tmp_path / "entities.csv"
    gazetteer.write_text(config.ENTITIES.read_text(encoding="utf-8") + "Osh,place,,,,\n", encoding="utf-8")
    other = stage_versions(gazetteer=gazetteer, lexicon=config.THEMES)
    assert other["entities"] != default["entities"] and other["amounts"] != default["amounts"]  # amounts read the places
    assert other["text"] == default["text"] and other["themes"] == default["themes"]
    # the codebook's states gazetteer is part of the themes version
    (tmp_path / "codebook").mkdir()
    codebook = tmp_path / "codebook" / "themes.yaml"
    codebook.write_text(config.THEMES.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "codebook" / "states.csv").write_text(config.STATES.read_text(encoding="utf-8"), encoding="utf-8")
    copied = stage_versions(gazetteer=config.ENTITIES, lexicon=codebook)
    (tmp_path / "codebook" / "states.csv").write_text(
        config.STATES.read_text(encoding="utf-8") + "Atlantis,country,Atlantis,,,\n", encoding="utf-8"
    )
    assert stage_versions(gazetteer=config.ENTITIES, lexicon=codebook)["themes"] != copied["themes"]


def test_a_sidecar_date_recomputes_the_amounts_of_that_article(tmp_path, corpus):
    first, _ = run(tmp_path, "a", corpus)
    (corpus / "metadata.csv").write_text("file,date\n000_0375a09f782309bd.txt,2024-10-12\n", encoding="utf-8")
    second, state = run(tmp_path, "b", corpus)
    assert state["last_run"]["articles_processed"] == 1  # "tahun lalu" now means 2023
    years = lambda t: t.amounts.query("doc_id == '000_0375a09f782309bd'")["year"].dropna().tolist()  # noqa: E731
    assert 2022 in years(first) and 2023 in years(second) and 2022 not in years(second)


def test_a_corrupt_pack_is_recomputed(tmp_path, corpus, caplog):
    first, _ = run(tmp_path, "a", corpus)
    [pack] = [p for p in (tmp_path / "cache" / "articles").glob("text-*/*") if p.is_dir()]
    damaged = pack / "paragraphs.parquet"
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    shutil.rmtree(tmp_path / "cache" / "corpus")  # so that the corpus tables are assembled from the packs again
    with caplog.at_level(logging.WARNING):
        second, state = run(tmp_path, "b", corpus)
    assert "does not match its recorded sha256" in caplog.text
    assert state["last_run"]["articles_processed"] == 5
    assert (first.dir / "paragraphs.csv").read_bytes() == (second.dir / "paragraphs.csv").read_bytes()


def test_a_partial_pack_is_ignored(tmp_path, corpus):
    run(tmp_path, "a", corpus)
    [pack] = [p for p in (tmp_path / "cache" / "articles").glob("entities-*/*") if p.is_dir()]
    (pack / "index.json").unlink()  # as a run killed before it finished writing would leave it
    shutil.rmtree(tmp_path / "cache" / "corpus")
    tables, state = run(tmp_path, "b", corpus)
    assert state["last_run"]["articles_processed"] == 5
    assert len(tables.entity_mentions) > 400


def test_a_damaged_corpus_level_entry_is_recomputed(tmp_path, corpus, caplog):
    first, _ = run(tmp_path, "a", corpus)
    [entry] = (tmp_path / "cache" / "corpus").glob("amounts-*")
    (entry / "amounts.csv").write_text("doc_id\nforged\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        second, state = run(tmp_path, "b", corpus)
    assert "content does not match" in caplog.text and state["stages"]["amounts"]["from"] == "computed"
    assert (first.dir / "amounts.csv").read_bytes() == (second.dir / "amounts.csv").read_bytes()


def test_without_the_cache_nothing_is_written_to_it(tmp_path, corpus):
    tables, state = run(tmp_path, "a", corpus, use_cache=False)
    assert not (tmp_path / "cache").exists() and state["last_run"]["articles_processed"] == 5
    assert len(tables.documents) == 5


def test_a_sample_counts_readable_articles(tmp_path, corpus):
    (corpus / "0000_empty.txt").write_bytes(b"")
    tables, _ = run(tmp_path, "a", corpus, sample_limit=2, stages=["corpus"])
    assert tables.documents["doc_id"].tolist() == ["000_0375a09f782309bd", "001_fd7004517a8b4e06"]
    assert tables.load_problems["message"].tolist() == ["the file is empty"]


def test_unknown_parameters_and_missing_lexicons_are_named(tmp_path):
    with pytest.raises(PipelineError, match="unknown pipeline parameter.*treshold"):
        run_pipeline(tmp_path / "x", treshold=2)
    with pytest.raises(PipelineError, match="the lexicon .*nothing.yaml does not exist"):
        run_pipeline(tmp_path / "x", lexicon="nothing.yaml")


def test_notebooks_declare_the_pipeline_defaults():
    import papermill

    for path in sorted(config.NOTEBOOKS_DIR.glob("*.ipynb")):
        declared = papermill.inspect_notebook(str(path))
        for name, spec in declared.items():
            if name in DEFAULTS:
                assert eval(spec["default"]) == DEFAULTS[name], f"{path.name}: {name}"  # noqa: S307 (literals of the parameters cell)


def test_a_two_worker_dask_cluster_gives_the_tables_of_the_synchronous_run(tmp_path, corpus):
    for i in range(6):  # enough articles for several batches
        text = (corpus / "002_158d66d5944f3519.txt").read_text(encoding="utf-8")
        (corpus / f"copy{i}.txt").write_text(text.replace("Kazakhstan", f"Kazakhstan {i}"), encoding="utf-8")
    import analysis.pipeline.plan as plan

    old = plan.BATCH_ARTICLES
    plan.BATCH_ARTICLES = (1, 3)  # batches of three articles, so that both workers get some
    try:
        local, state = run(
            tmp_path,
            "local",
            corpus,
            scheduler="local",
            workers=2,
            use_cache=False,
            stages=ARTICLE_STAGES + ["topics"],
            k_values=[2, 3],
            n_topics=2,
            n_seeds=2,
        )
    finally:
        plan.BATCH_ARTICLES = old
    assert state["last_run"]["executor"] == "a local Dask cluster of 2 worker processes"
    alone, _ = run(tmp_path, "alone", corpus, use_cache=False, stages=ARTICLE_STAGES + ["topics"], k_values=[2, 3], n_topics=2, n_seeds=2)
    names = sorted(p.name for p in alone.dir.glob("*.csv"))
    assert names == sorted(p.name for p in local.dir.glob("*.csv")) and len(names) > 15
    for name in names:
        assert (alone.dir / name).read_bytes() == (local.dir / name).read_bytes(), name


def mixed(corpus, first: str, second: str) -> str:
    """A new article, not a near-duplicate of any: the first half of one seed's lines and the second half of another's."""
    a, b = ((corpus / f"{name}.txt").read_text(encoding="utf-8").splitlines() for name in (first, second))
    return "\n".join(a[: len(a) // 2] + b[len(b) // 2 :]) + "\n"


def test_a_scheduled_run_keeps_its_topics_for_a_few_new_articles(tmp_path, corpus):
    small = {"stages": ["topics"], "k_values": [2, 3], "n_topics": 2, "n_seeds": 2, "topic_refit_share": 0.25}
    first, _ = run(tmp_path, "a", corpus, **small)
    (corpus / "new1.txt").write_text(mixed(corpus, "001_fd7004517a8b4e06", "003_6b736f0b0c07c482"), encoding="utf-8")
    second, _ = run(tmp_path, "b", corpus, **small)
    measures = lambda t: dict(zip(t.topic_vocabulary["measure"], t.topic_vocabulary["value"]))  # noqa: E731
    assert measures(second)["fitted_articles"] == 5 and measures(second)["inferred_articles"] == 1
    assert (first.dir / "topics.csv").read_bytes() == (second.dir / "topics.csv").read_bytes()  # the same topics, numbered the same
    assert "new1" in set(second.doc_topics["doc_id"]) and "new1" in set(second.topic_articles["doc_id"])
    kept = second.doc_topics[second.doc_topics["doc_id"] != "new1"].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, first.doc_topics)
    (corpus / "new2.txt").write_text(mixed(corpus, "001_fd7004517a8b4e06", "004_3f1231850dda2433"), encoding="utf-8")
    third, _ = run(tmp_path, "c", corpus, **small)  # 2 new of 5 fitted is more than a quarter: refit
    assert measures(third)["fitted_articles"] == 7 and measures(third)["inferred_articles"] == 0
    refit, _ = run(tmp_path, "d", corpus, use_cache=False, **small)
    for name in ("topics", "doc_topics", "topic_quality"):
        assert (third.dir / f"{name}.csv").read_bytes() == (refit.dir / f"{name}.csv").read_bytes(), name


def test_by_default_every_change_refits(tmp_path, corpus):
    small = {"stages": ["topics"], "k_values": [2, 3], "n_topics": 2, "n_seeds": 2}
    run(tmp_path, "a", corpus, **small)
    (corpus / "new1.txt").write_text((corpus / "001_fd7004517a8b4e06.txt").read_text(encoding="utf-8") + "\nTambahan.", encoding="utf-8")
    second, _ = run(tmp_path, "b", corpus, **small)
    refit, _ = run(tmp_path, "c", corpus, use_cache=False, **small)
    assert (second.dir / "doc_topics.csv").read_bytes() == (refit.dir / "doc_topics.csv").read_bytes()


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(tmp_path, corpus):
    from analysis.pipeline.run import list_corpus

    hashes = tmp_path / "hashes.json"
    first = {f.doc_id: f.key for f in list_corpus([corpus], hashes=hashes).files}
    remembered = json.loads(hashes.read_text(encoding="utf-8"))
    path = str(corpus / "000_0375a09f782309bd.txt")
    remembered[path][3] = "0" * 64  # what a stale entry would say: seen only if the file is not read again
    hashes.write_text(json.dumps(remembered), encoding="utf-8")
    assert list_corpus([corpus], hashes=hashes).files[0].key == "0" * 64
    (corpus / "000_0375a09f782309bd.txt").write_text("Teks baru.\n", encoding="utf-8")
    changed = {f.doc_id: f.key for f in list_corpus([corpus], hashes=hashes).files}
    assert changed["000_0375a09f782309bd"] not in (first["000_0375a09f782309bd"], "0" * 64)
    assert {k: v for k, v in changed.items() if k != "000_0375a09f782309bd"} == {
        k: v for k, v in first.items() if k != "000_0375a09f782309bd"
    }


def test_the_recogniser_is_automatic_by_corpus_size():
    from analysis.pipeline.run import RECOGNISER_AUTO_BYTES, use_recogniser

    assert use_recogniser("auto", RECOGNISER_AUTO_BYTES) and not use_recogniser("auto", RECOGNISER_AUTO_BYTES + 1)
    assert use_recogniser(True, 10**9) and not use_recogniser(False, 10)
    with pytest.raises(PipelineError, match="recogniser must be true, false or"):
        use_recogniser("sometimes", 10)


def test_a_codebook_edited_in_the_same_process_is_read_again(tmp_path, corpus):
    lexicon = tmp_path / "themes.yaml"
    lexicon.write_text(config.THEMES.read_text(encoding="utf-8"), encoding="utf-8")
    before, _ = run(tmp_path, "a", corpus, lexicon=str(lexicon))
    assert (before.paragraph_themes["theme"] == "icc_warrant").any()
    lexicon.write_text(
        config.THEMES.read_text(encoding="utf-8")
        .replace("mahkamah pidana internasional, pengadilan pidana internasional,", "zzz, yyy,")
        .replace(" ICC,", " XXX,"),
        encoding="utf-8",
    )
    after, _ = run(tmp_path, "b", corpus, lexicon=str(lexicon))  # synchronous: the same process, a new matcher
    assert len(after.paragraph_themes[after.paragraph_themes["theme"] == "icc_warrant"]) < len(
        before.paragraph_themes[before.paragraph_themes["theme"] == "icc_warrant"]
    )


def test_an_article_over_the_size_limit_is_named_and_not_read(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes((config.SEEDS_DIR / "000_0375a09f782309bd.txt").read_bytes())
    (corpus / "huge.txt").write_text("Judul\n\n" + "kata " * 240_000, encoding="utf-8")  # 1.2 MB
    tables = run_pipeline(tmp_path / "run", corpus_dirs=[str(corpus)], stages=["corpus"], max_article_mb=1, scheduler="synchronous")
    assert tables.documents["doc_id"].tolist() == ["a"]
    problems = tables.load_problems.set_index(tables.load_problems["file"].str.rsplit("/", n=1).str[-1])
    assert problems.loc["huge.txt", "message"] == "1.2 MB, more than max_article_mb = 1: not read (raise max_article_mb to read it)"
