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


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = _pyproject()["project"]
    declared = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            listed |= {_name(r) for r in dep["pip"]}
        elif _name(dep) not in ("python", "pip"):
            listed.add(_name(dep))
    assert listed == declared


def test_constraints_pin_every_dependency():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[_name(name)] = version
    project = _pyproject()["project"]
    for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
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
