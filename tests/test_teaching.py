"""The lessons as course material: outcomes, time to run, graded exercises with hints and folded answers, a
sentence after every table, and workbooks generated from the lessons that execute without the answers."""

from __future__ import annotations

import json

import papermill as pm
import pytest

from analysis import config, report
from analysis.workbooks import ANSWER, EXERCISE, WORKBOOKS_DIR, tags, workbook

LESSONS = [config.NOTEBOOKS_DIR / name for name in report.NOTEBOOKS]


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_lesson_opens_with_outcomes_and_its_time_and_has_three_exercises_with_hints_and_answers(path):
    nb = cells(path)
    opening = text(nb[0])
    assert "## Learning outcomes" in opening and "After this lesson you can" in opening, path.name
    assert "**Time to run**" in "".join(text(c) for c in nb[:3]), path.name
    exercises = [i for i, c in enumerate(nb) if EXERCISE in tags(c)]
    assert len(exercises) >= 3, path.name
    for i in exercises:
        assert text(nb[i]).startswith("### Exercise") and "<details><summary>Hint</summary>" in text(nb[i]), text(nb[i])[:80]
        answer = nb[i + 1]
        assert ANSWER in tags(answer) and text(answer).startswith("<details><summary>Answer</summary>"), text(nb[i])[:80]
    for c in nb:
        if ANSWER in tags(c) and c["cell_type"] == "code":
            assert c["metadata"].get("jupyter", {}).get("source_hidden"), "an answer's code is folded in JupyterLab"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_the_workbook_is_the_lesson_without_its_answers(path):
    committed = json.loads((WORKBOOKS_DIR / path.name).read_text(encoding="utf-8"))
    assert committed == workbook(json.loads(path.read_text(encoding="utf-8")), path.name), "run make workbooks"
    assert not [c for c in committed["cells"] if ANSWER in tags(c)]
    assert "Answer</summary>" not in json.dumps(committed)
    assert len([c for c in committed["cells"] if EXERCISE in tags(c)]) >= 3
    assert "students' copy" in text(committed["cells"][0])


@pytest.fixture(scope="module")
def executed_workbooks(tmp_path_factory):
    """Every workbook run on the seeds, as the report would run the lesson."""
    out = tmp_path_factory.mktemp("workbooks")
    run_dir = out / "run"
    done = {}
    for path in LESSONS:
        target = out / path.name
        pm.execute_notebook(
            str(WORKBOOKS_DIR / path.name),
            str(target),
            parameters={"corpus_dirs": ["seeds"], "run_dir": str(run_dir)},
            kernel_name=config.KERNEL_NAME,
            progress_bar=False,
            cwd=str(config.NOTEBOOKS_DIR),
        )
        done[path.name] = json.loads(target.read_text(encoding="utf-8"))["cells"]
    return done


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_workbook_runs_and_every_table_it_shows_is_read_in_the_next_cell(executed_workbooks, path):
    nb = executed_workbooks[path.name]
    assert not [o for c in nb for o in c.get("outputs", []) if o.get("output_type") == "error"]

    def shows_table(c) -> bool:
        return any("<table" in "".join(o.get("data", {}).get("text/html", "")) for o in c.get("outputs", []))

    def reads(c) -> bool:  # prose, or a cell that writes computed prose (Markdown or printed sentences) and nothing else
        if c["cell_type"] == "markdown":
            return True
        outputs = c.get("outputs", [])
        return (
            bool(outputs)
            and not shows_table(c)
            and all(o.get("output_type") == "stream" or set(o.get("data", {})) <= {"text/markdown", "text/plain"} for o in outputs)
        )

    unread = [text(c)[:60] for i, c in enumerate(nb) if shows_table(c) and (i + 1 == len(nb) or not reads(nb[i + 1]))]
    assert not unread, unread


def test_a_lesson_with_other_parameters_recomputes_instead_of_reusing_the_run_folder(tmp_path):
    from analysis.pipeline import run_pipeline

    run = str(tmp_path / "run")
    run_pipeline(run, corpus_dirs=["seeds"], stages=["entities"], scheduler="synchronous")
    sample = run_pipeline(run, corpus_dirs=["seeds"], sample_limit=3, stages=["entities"], scheduler="synchronous")
    assert len(sample.documents) == 3
    assert set(sample.entity_mentions["doc_id"]) <= set(sample.documents["doc_id"])
    again = run_pipeline(run, corpus_dirs=["seeds"], stages=["themes"], scheduler="synchronous")
    assert len(again.documents) == 5 and not again.exists("entity_mentions")  # the 3 articles' entities are gone, not left stale
    entities = run_pipeline(run, corpus_dirs=["seeds"], stages=["entities"], scheduler="synchronous")
    assert entities.entity_mentions["doc_id"].nunique() == 5
