"""Lesson 5 on a corpus with outlets and dates: every comparison is drawn, and what its text states agrees with the tables."""

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
        lines = first[: len(first) // 2] + second[len(second) // 2:]
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
    return run_report("seeds", overrides={"corpus_dirs": [str(mixed_corpus(base / "corpus"))]}, reports_dir=base / "reports", progress=False)


def markdown_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(o["data"]["text/markdown"]) for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
            if "text/markdown" in o.get("data", {})]


def test_every_comparison_is_drawn_on_a_corpus_with_outlets_and_dates(mixed_run):
    figures = {p.stem for p in (mixed_run.run_dir / "figures").glob("05_*.png")}
    assert figures == {"05_entities_over_time", "05_themes_over_time", "05_entities_by_outlet", "05_themes_by_outlet",
                       "05_topics_by_outlet", "05_keyness"}
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
