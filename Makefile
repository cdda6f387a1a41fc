# Self-documenting: `make help` lists the targets and their `## ` comments.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KERNEL := news-analysis

.DEFAULT_GOAL := help
.PHONY: help setup report test lint lab lock clean clean-cache model workbooks

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed; run e.g. 'make $(MAKECMDGOALS) PYTHON=python3.11'"; exit 1; }
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev,lab]'
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))"
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the project with the pinned versions of constraints.txt

report: $(STAMP) ## compute the tables, run every notebook into reports/<configuration>/<timestamp>/, publish its latest (PARAMS=name QUIET=1 WORKERS=n SCHEDULER=addr NO_CACHE=1 REPORTS=dir)
	$(PY) -m analysis report $(if $(PARAMS),--params $(PARAMS),) $(if $(QUIET),--quiet,) $(if $(WORKERS),--workers $(WORKERS),) \
	  $(if $(SCHEDULER),--scheduler $(SCHEDULER),) $(if $(NO_CACHE),--no-cache,) $(if $(REPORTS),--reports $(REPORTS),)

test: lint ## lint, then run the test suite (it executes the notebooks too)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## ruff: the lint rules and the format of pyproject.toml, on analysis/, tests/ and benchmarks/
	$(VENV)/bin/ruff check
	$(VENV)/bin/ruff format --check

model: $(STAMP) ## train the name recogniser on ../shared/ner/train.txt into data/models/ (deterministic; writes its model card)
	$(PY) -m analysis.ner_train

# JupyterLab listens on this machine only; --allow-root is added only when the user is root (containers, class servers).
LAB_ARGS ?=
lab: $(STAMP) ## start JupyterLab on localhost with the project's kernel (LAB_ARGS="--port=8890 --no-browser" for more)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 --MappingKernelManager.default_kernel_name=$(KERNEL) \
	  $(if $(filter 0,$(shell id -u)),--allow-root,) $(LAB_ARGS)

workbooks: $(STAMP) ## write notebooks/workbooks/: the lessons without their answers, for students (a test checks they are current)
	$(PY) -m analysis.workbooks

lock: ## re-resolve the newest allowed versions and rewrite constraints.txt
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet '.[dev,lab]'
	(echo "# Exact versions for reproducible runs; regenerate with 'make lock'."; \
	 .venv-lock/bin/pip freeze --exclude-editable | grep -v '^news-analysis') > constraints.txt
	rm -rf .venv-lock build

clean: ## remove the virtual environment and build files (reports/ and cache/ are kept)
	rm -rf $(VENV) .pytest_cache build *.egg-info

clean-cache: ## remove the pipeline's cache of per-article results, tables and executed notebooks (cache/)
	rm -rf cache
