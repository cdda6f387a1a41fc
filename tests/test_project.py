"""Project invariants: dependency lists agree, versions are pinned, notebooks are clean and parameterised."""

from __future__ import annotations

import ast
import re
import tomllib

import nbformat
import papermill
import pytest
import yaml

from analysis import config

ROOT = config.PROJECT_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _declared() -> list[str]:
    """Every requirement of the package, its tests and its lab (the extras ``dev`` and ``lab``)."""
    project = _pyproject()["project"]
    return project["dependencies"] + project["optional-dependencies"]["dev"] + project["optional-dependencies"]["lab"]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[_name(name)] = version
    return pins


def test_environment_yml_lists_the_same_packages_and_versions_as_pyproject_and_constraints():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge", "nodefaults"]
    listed = {}
    for dep in env["dependencies"]:
        for requirement in dep["pip"] if isinstance(dep, dict) else [dep]:
            if requirement == "-e .":
                continue
            name, _, version = requirement.partition("==")
            if _name(name) not in ("python", "pip"):
                listed[_name(name)] = version
    assert "-e ." in next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]  # the project itself, editable
    assert set(listed) == {_name(r) for r in _declared()}
    pins = _pins()
    assert {n: v for n, v in listed.items() if v != pins.get(n)} == {}, "environment.yml and constraints.txt differ"


def test_every_module_the_package_imports_is_declared():
    import sys
    from importlib.metadata import packages_distributions

    distributions = packages_distributions()
    declared = {_name(r) for r in _pyproject()["project"]["dependencies"]}
    undeclared = {}
    for path in (ROOT / "analysis").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top == "analysis":
                    continue
                if not {_name(d) for d in distributions.get(top, [top])} & declared:
                    undeclared.setdefault(top, path.relative_to(ROOT).as_posix())
    assert undeclared == {}, "imported by the package but not in pyproject.toml's dependencies"


def test_constraints_pin_every_dependency():
    pins = _pins()
    for requirement in _declared():
        assert pins.get(_name(requirement)), f"{_name(requirement)} has no exact version in constraints.txt"


NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb")) + sorted((config.NOTEBOOKS_DIR / "workbooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean_and_parameterised(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "clear the outputs before committing"
    assert nb.metadata["kernelspec"]["name"] == config.KERNEL_NAME
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    for node in ast.parse(tagged[0].source).body:
        # literals with a type annotation only: a computed value would not be recomputed by papermill
        assert isinstance(node, ast.AnnAssign), ast.unparse(node)
        ast.literal_eval(node.value)
    for line in tagged[0].source.splitlines():
        assert "#" in line, f"parameter without a comment: {line}"
    # papermill --help-notebook must read every parameter with its help text
    inferred = papermill.inspect_notebook(str(path))
    assert len(inferred) == len(tagged[0].source.splitlines())
    assert all(p["help"] for p in inferred.values())


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme


def test_seeds_are_the_five_articles():
    assert len(list(config.SEEDS_DIR.glob("*.txt"))) == 5


@pytest.mark.parametrize("path", sorted(config.PARAMS_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_run_configurations_name_real_parameters(path):
    """A typo in a run configuration would be silently ignored: every key must be a parameter of some notebook."""
    declared = set()
    for notebook in NOTEBOOKS:
        declared |= set(papermill.inspect_notebook(str(notebook)))
    params = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(params) <= declared, set(params) - declared


def test_the_command_line_has_a_version_plain_help_and_documented_exit_codes(capsys, tmp_path):
    from analysis import __version__
    from analysis.__main__ import BUSY, main
    from analysis.run_folders import report_lock

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip().endswith(__version__)
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    shown = capsys.readouterr().out
    assert "exit codes:" in shown and "3  another report" in shown and "``" not in shown and ":mod:" not in shown
    scripts = _pyproject()["project"]["scripts"]
    assert scripts["news-analysis"] == "analysis.__main__:main"
    with report_lock(tmp_path / "seeds"):  # another run holds the configuration's lock
        assert main(["report", "--quiet", "--no-wait", "--reports", str(tmp_path), "-p", "corpus_dirs", "[seeds]"]) == BUSY
    assert "report not started: another report of seeds is running" in capsys.readouterr().err


def _workflow(name: str) -> dict:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key on as true
    return workflow


def test_the_test_workflow_runs_make_test_on_every_push_and_pull_request():
    workflow = _workflow("test.yml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(step.get("run", "").startswith("make test") for step in steps)
    setup = next(step for step in steps if step.get("uses") == "./.github/actions/setup")
    assert setup["with"]["chromium"] == "true"  # the browser test runs, not skipped
    weekly = [step for job in _workflow("weekly-report.yml")["jobs"].values() for step in job["steps"]]
    assert {"uses": "./.github/actions/setup"} in weekly and any(step.get("run") == "make report" for step in weekly)
    action = yaml.safe_load((ROOT / ".github" / "actions" / "setup" / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite" and action["runs"]["steps"][0]["with"]["cache"] == "pip"


def test_the_pre_commit_configuration_clears_notebooks_and_runs_ruff():
    config_file = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"] for repo in config_file["repos"] for hook in repo["hooks"]}
    assert {"nbstripout", "ruff-check", "ruff-format", "workbooks"} <= hooks
    ruff = next(repo for repo in config_file["repos"] if "ruff" in repo["repo"])
    assert ruff["rev"].lstrip("v") == _pins()["ruff"]  # the same ruff as make lint
