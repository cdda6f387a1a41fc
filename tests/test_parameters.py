"""Every parameter is checked before any work: a bad value stops the report at once, named with what it may be."""

from __future__ import annotations

import ast
import functools

import papermill as pm
import pytest

from analysis import config, report
from analysis.__main__ import main
from analysis.parameters import RULES, BadParameters, check_parameters, problems


def test_every_notebook_parameter_has_a_rule_and_its_default_passes():
    for name in report.NOTEBOOKS:
        declared = pm.inspect_notebook(str(config.NOTEBOOKS_DIR / name))
        assert set(declared) <= set(RULES), (name, set(declared) - set(RULES))
    defaults = {
        name: ast.literal_eval(value["default"])
        for nb in report.NOTEBOOKS
        for name, value in pm.inspect_notebook(str(config.NOTEBOOKS_DIR / nb)).items()
    }
    assert problems(defaults) == []


@pytest.mark.parametrize("configuration", ["seeds", "larger", "teaching"])
def test_the_shipped_configurations_pass(configuration):
    check_parameters(report.load_params(configuration))


@pytest.mark.parametrize(
    "name, value, allowed",
    [
        ("model", "xyz", "one of 'lda', 'nmf'"),
        ("k_values", [1], "a non-empty list of whole numbers of at least 2"),
        ("k_values", [], "a non-empty list of whole numbers of at least 2"),
        ("threshold", -1, "a number above 0"),
        ("corpus_dirs", ["no/such/folder"], "a non-empty list of existing folders"),
        ("sample_limit", -3, "a whole number of at least 0"),
        ("sample_limit", 2.5, "a whole number of at least 0"),
        ("recogniser", "yes", "one of true, false, 'auto'"),
        ("keep_near_duplicates", "no", "true or false"),
        ("max_df", 1.5, "a number above 0 up to 1"),
        ("unit", "sentences", "one of 'paragraphs', 'articles', 'windows'"),
        ("types", ["people"], "a list of 'person', 'place', 'organization', 'other'"),
        ("gazetteer", "data/lexicons/missing.csv", "an existing file"),
        ("n_topics", True, "a whole number from 2 to 200"),
    ],
)
def test_a_bad_value_is_named_with_what_is_allowed(name, value, allowed):
    with pytest.raises(BadParameters) as err:
        check_parameters({name: value})
    assert f"{name} = {value!r}: {allowed}" in str(err.value)


def test_n_topics_must_come_from_the_sweep():
    assert problems({"n_topics": 7, "k_values": [3, 4]}) == [
        "n_topics = 7: one of k_values [3, 4] (the charted model is chosen from the sweep)"
    ]


def test_the_command_stops_before_any_work(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(report, "run_report", functools.partial(report.run_report, reports_dir=tmp_path / "reports"))
    # a usage error: nothing ran
    assert main(["report", "-p", "model", "xyz", "-p", "k_values", "[1]", "-p", "threshold", "-1", "-p", "corpus_dirs", "[nowhere]"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("report failed: 4 bad parameters:") and "model = 'xyz'" in err and "corpus_dirs = ['nowhere']" in err
    assert not (tmp_path / "reports").exists()  # no run folder, no pipeline, no notebook


def test_a_bad_parameter_is_named_before_anything_heavy_is_imported():
    import subprocess
    import sys

    code = (
        "import sys; from analysis.__main__ import main\n"
        "code = main(['report', '-p', 'model', 'xyz'])\n"
        "print(code, sorted(m for m in ('pandas', 'papermill', 'sklearn', 'nbformat', 'analysis.report') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=config.PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "2 []", done.stdout + done.stderr  # so the command answers in a fraction of a second
    assert "model = 'xyz': one of 'lda', 'nmf'" in done.stderr


def test_every_notebook_declares_the_parameters_of_the_stages_it_reads():
    """A notebook that left out a parameter of a stage it reads would recompute that stage with the default, and
    overwrite the run folder's tables that the other notebooks show (``-p threshold 2`` undone by lesson 4)."""
    import json
    import re

    from analysis.pipeline.run import STAGE_PARAMS, _with_inputs

    for name in report.NOTEBOOKS:
        path = config.NOTEBOOKS_DIR / name
        source = "".join(
            "".join(c["source"])
            for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code" and "answer" not in c["metadata"].get("tags", [])
        )  # answers run in scratch folders
        calls = re.findall(r"run_pipeline\((.*?)stages=\[([^\]]*)\]", source, re.DOTALL)
        assert calls, name
        declared = set(pm.inspect_notebook(str(path)))
        for arguments, stages in calls:
            needed = {p for stage in _with_inputs(re.findall(r'"(\w+)"', stages)) for p in STAGE_PARAMS[stage]}
            assert needed <= declared, (name, sorted(needed - declared))
            passed = set(re.findall(r"(\w+)=\1\b", arguments))
            assert needed <= passed, (name, "declared but not passed to run_pipeline", sorted(needed - passed))
