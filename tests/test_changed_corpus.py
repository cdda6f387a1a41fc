"""The report on a corpus that is not the seeds (ten articles mixed from them, with outlets and dates): every comparison of
lesson 5 is drawn, what the notebooks state agrees with the run's tables, and no interpretation written for the seeds shows."""

import csv
import json

import pytest

from analysis import config
from analysis.report import run_report
from analysis.tables import read_table

OUTLETS = ["Kompas"] * 4 + ["Tempo"] * 4 + ["Detik"] * 2
DATES = ["2024-01-02", "2024-01-03", "2024-01-10", "2024-01-24", "2024-02-06", "2024-02-07", "2024-02-20", "2024-03-05", "", "2024-03-12"]


def mixed_corpus(folder):
    """Ten articles, each the first half of one seed's lines and the second half of the next's, with outlets and dates."""
    seeds = [p.read_text(encoding="utf-8").splitlines() for p in sorted(config.SEEDS_DIR.glob("*.txt"))]
    folder.mkdir()
    rows = []
    for i, (outlet, date) in enumerate(zip(OUTLETS, DATES)):
        first, second = seeds[i % 5], seeds[(i + 1 + i // 5) % 5]
        lines = first[: len(first) // 2] + second[len(second) // 2 :]
        (folder / f"article_{i:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        rows.append({"file": f"article_{i:02d}.txt", "source": outlet, "date": date})
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "source", "date"])
        writer.writeheader()
        writer.writerows(rows)
    return folder


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("lesson5")
    return run_report(
        "seeds", overrides={"corpus_dirs": [str(mixed_corpus(base / "corpus"))]}, reports_dir=base / "reports", progress=False
    )


def markdown_outputs(path):
    """The prose a notebook computed (figure captions left out)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        "".join(o["data"]["text/markdown"])
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {}) and "caption_of" not in o.get("metadata", {})
    ]


def test_every_comparison_is_drawn_on_a_corpus_with_outlets_and_dates(mixed_run):
    figures = {p.stem for p in (mixed_run.run_dir / "figures").glob("05_*.png")}
    assert figures == {
        "05_entities_over_time",
        "05_themes_over_time",
        "05_entities_by_outlet",
        "05_themes_by_outlet",
        "05_topics_by_outlet",
        "05_keyness",
    }
    assert {"02_mentions_over_time.png", "03_themes_over_time.png"} <= {p.name for p in (mixed_run.run_dir / "figures").iterdir()}
    tables = mixed_run.run_dir / "tables"
    key = read_table(tables / "keyness.csv")
    assert list(key.columns) == ["word", "target", "reference", "per_1000_target", "per_1000_reference", "g2", "chi2", "p", "log_ratio"]
    assert len(key) > 50 and (key["g2"].diff().dropna() <= 0).all()
    concordance = read_table(tables / "kwic.csv")
    assert len(concordance) > 20 and concordance["article"].str.contains("Kompas|Tempo|Detik").all()
    assert not concordance["article"].str.contains("article_").any()  # labels, not file names: every article has an outlet


def test_what_lesson_5_states_agrees_with_the_tables(mixed_run):
    said = markdown_outputs(mixed_run.run_dir / "notebooks" / "05_compare.ipynb")
    documents = read_table(mixed_run.run_dir / "tables" / "documents.csv")
    assert said[0].startswith(f"This run compares **{len(documents)} articles**")
    assert f"{(documents['date'].fillna('') != '').sum()} with a known date" in said[0]
    key = read_table(mixed_run.run_dir / "tables" / "keyness.csv")
    keyness_line = next(s for s in said if "word tokens" in s)
    assert keyness_line.startswith("**Kompas** (4 articles,") and f"{len(key):,} words tested" in keyness_line
    concordance = read_table(mixed_run.run_dir / "tables" / "kwic.csv")
    terms_line = next(s for s in said if s.startswith("Terms read in context"))
    for term, n in concordance["term"].value_counts().items():
        assert f"*{term}* ({n:,} occurrence" in terms_line


def all_markdown(run_dir):
    return {p.stem: markdown_outputs(p) for p in sorted((run_dir / "notebooks").glob("*.ipynb"))}


def test_interpretations_of_the_seeds_show_only_on_the_seeds(mixed_run, tmp_path):
    said = all_markdown(mixed_run.run_dir)
    assert not [s for lines in said.values() for s in lines if s.startswith("*On the seed corpus:*")]
    seeds = run_report("seeds", overrides={"corpus_dirs": ["seeds"]}, reports_dir=tmp_path / "reports", progress=False)
    shown = {name: [s for s in lines if s.startswith("*On the seed corpus:*")] for name, lines in all_markdown(seeds.run_dir).items()}
    assert all(shown[name] for name in ("01_corpus", "02_entities", "03_themes", "04_topics")), shown


def test_stated_figures_agree_with_the_tables(mixed_run):
    tables = mixed_run.run_dir / "tables"
    said = all_markdown(mixed_run.run_dir)
    documents = read_table(tables / "documents.csv")
    lengths = documents["n_tokens"].dropna()
    assert any(
        f"the longest article has {int(lengths.max()):,} word tokens and the shortest {int(lengths.min()):,}" in s
        for s in said["01_corpus"]
    )
    surfaces = read_table(tables / "entity_surfaces.csv")
    alias = next(s for s in said["02_entities"] if " is written " in s)
    entity = alias.split("**")[1]
    for surface, count in surfaces[surfaces["entity"] == entity][["surface", "count"]].itertuples(index=False):
        assert f"*{surface}* {count:,} time" in alias
    pairs = read_table(tables / "entity_cooccurrence.csv").head(3)
    strongest = next(s for s in said["02_entities"] if s.startswith("The strongest pairs"))
    assert all(f"{a} with {b} ({n:,} paragraph" in strongest for a, b, n in pairs.itertuples(index=False))
    quality = read_table(tables / "topic_quality.csv")
    best = quality.sort_values(["stability", "coherence", "k"], ascending=[False, False, True], kind="mergesort").iloc[0]
    sweep = next(s for s in said["04_topics"] if s.startswith("In this run the most stable"))
    assert f"{best['model'].upper()} at k = {int(best['k'])} (stability {best['stability']:.2f}" in sweep


def test_a_two_article_corpus_gets_sentences_instead_of_degenerate_charts(tmp_path):
    corpus = tmp_path / "two"
    corpus.mkdir()
    for path in sorted(config.SEEDS_DIR.glob("*.txt"))[:2]:
        (corpus / path.name).write_bytes(path.read_bytes())
    result = run_report(
        "seeds",
        overrides={"corpus_dirs": [str(corpus)], "n_topics": 15, "k_values": [5, 15], "n_seeds": 2},
        reports_dir=tmp_path / "reports",
        progress=False,
    )
    figures = {p.stem for p in (result.run_dir / "figures").glob("*.png")}
    assert not figures & {
        "04_topic_top_words",
        "04_topics_by_article",
        "04_topics_vs_themes",
        "02_mentions_over_time",
        "03_themes_over_time",
        "05_entities_over_time",
        "05_entities_by_outlet",
        "05_topics_by_outlet",
    }
    said = all_markdown(result.run_dir)
    assert any("**k = 15 is more than that**" in s for s in said["04_topics"])
    assert any("fewer than `min_dated` = 3" in s for s in said["02_entities"] + said["03_themes"] + said["05_compare"])
    assert any("there is nothing to compare by outlet" in s for s in said["05_compare"])
