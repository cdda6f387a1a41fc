"""What each parameter of the notebooks may be, checked before any work starts.

:func:`check_parameters` runs on the merged parameters of a report (the
configuration's YAML and the ``-p`` overrides) before the pipeline or any
notebook: a bad value stops the command at once with the parameter, the
value and what is allowed, instead of failing in notebook 04 after three
notebooks ran. Every parameter a notebook declares has a rule in
:data:`RULES` (a test checks it), so a new parameter cannot be added without
saying what it accepts.

>>> try:
...     check_parameters({"model": "xyz", "k_values": [1], "top_n": 10})
... except BadParameters as err:
...     print(err)
2 bad parameters:
  model = 'xyz': one of 'lda', 'nmf'
  k_values = [1]: a non-empty list of whole numbers of at least 2
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis import config
from analysis.choices import ENTITY_TYPES, TOPIC_MODELS, TOPIC_UNITS

DEFAULT_PARAMS = "seeds"


class BadParameters(ValueError):
    """One or more parameters have values they cannot take; the message lists each with what is allowed."""


@dataclass(frozen=True)
class Rule:
    """``accepts(value)`` says whether a value is allowed; ``allowed`` says so in words."""

    accepts: Callable[[Any], bool]
    allowed: str


def _whole(value, low: int | None = None, high: int | None = None) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and (low is None or value >= low) and (high is None or value <= high)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def whole(low: int, high: int | None = None) -> Rule:
    words = f"a whole number from {low} to {high}" if high is not None else f"a whole number of at least {low}"
    return Rule(lambda v: _whole(v, low, high), words)


def share(*, zero: bool) -> Rule:
    return Rule(lambda v: _number(v) and (0 <= v if zero else 0 < v) and v <= 1, f"a number {'from 0' if zero else 'above 0'} up to 1")


def one_of(*choices) -> Rule:
    return Rule(
        lambda v: any(v is c if isinstance(c, bool) else (not isinstance(v, bool) and v == c) for c in choices),
        "one of " + ", ".join(repr(c) if not isinstance(c, bool) else str(c).lower() for c in choices),
    )


def strings(*, empty: bool = True, choices: tuple[str, ...] | None = None) -> Rule:
    def accepts(value) -> bool:
        return (
            isinstance(value, list)
            and (empty or bool(value))
            and all(isinstance(v, str) and v.strip() for v in value)
            and (choices is None or all(v in choices for v in value))
        )

    what = f"a list of {', '.join(repr(c) for c in choices)}" if choices else "a list of words or names"
    return Rule(accepts, what + ("" if empty else " (not empty)"))


def text() -> Rule:
    return Rule(lambda v: isinstance(v, str), "a string")


def existing_file() -> Rule:
    return Rule(
        lambda v: isinstance(v, str) and bool(v) and config.resolve(v).is_file(),
        "an existing file (relative to the project root, or absolute)",
    )


def optional_file() -> Rule:
    return Rule(lambda v: isinstance(v, str) and (not v or config.resolve(v).is_file()), 'an existing file, or "" for none')


def folders() -> Rule:
    return Rule(
        lambda v: isinstance(v, list) and bool(v) and all(isinstance(f, str) and config.resolve(f).is_dir() for f in v),
        "a non-empty list of existing folders (relative to the project root, or absolute)",
    )


BOOLEAN = Rule(lambda v: isinstance(v, bool), "true or false")

RULES: dict[str, Rule] = {
    "run_dir": text(),
    "corpus_dirs": folders(),
    "sample_limit": whole(0),
    "keep_near_duplicates": BOOLEAN,
    "follow_links": BOOLEAN,
    "max_article_mb": Rule(lambda v: _number(v) and v > 0, "a number of megabytes above 0"),
    "gazetteer": existing_file(),
    "recogniser": one_of(True, False, "auto"),
    "top_n": whole(1, 200),
    "types": strings(empty=False, choices=ENTITY_TYPES),
    "min_count": whole(1),
    "min_dated": whole(1),
    "context_entities": strings(),
    "lexicon": existing_file(),
    "threshold": Rule(lambda v: _number(v) and v > 0, "a number above 0"),
    "themes": strings(empty=False),
    "labels": optional_file(),
    "unit": one_of(*TOPIC_UNITS),
    "model": one_of(*TOPIC_MODELS),
    "n_topics": whole(2, 200),
    "k_values": Rule(
        lambda v: isinstance(v, list) and bool(v) and all(_whole(k, 2, 200) for k in v), "a non-empty list of whole numbers of at least 2"
    ),
    "min_df": whole(1),
    "max_df": share(zero=False),
    "ngram_max": whole(1, 3),
    "random_state": whole(0),
    "n_seeds": whole(1, 50),
    "stemming": BOOLEAN,
    "phrases": BOOLEAN,
    "topic_refit_share": share(zero=True),
    "compare_by": one_of("outlet", "period"),
    "compare_target": text(),
    "compare_reference": text(),
    "kwic_terms": strings(),
    "kwic_window": whole(1, 100),
    "collocation_window": whole(1, 100),
    "min_articles": whole(1),
    "min_tokens": whole(1),
}


def problems(params: dict[str, Any]) -> list[str]:
    """One line per bad value: ``name = value: what is allowed``. Parameters without a rule are not judged here
    (the report names parameters that no notebook declares)."""
    found = [
        f"{name} = {value!r}: {RULES[name].allowed}" for name, value in params.items() if name in RULES and not RULES[name].accepts(value)
    ]
    if not found and {"n_topics", "k_values"} <= params.keys() and params["n_topics"] not in params["k_values"]:
        found.append(
            f"n_topics = {params['n_topics']!r}: one of k_values {params['k_values']!r} (the charted model is chosen from the sweep)"
        )
    return found


def check_parameters(params: dict[str, Any], *, known_only: bool = False) -> None:
    """Raise :class:`BadParameters` naming every bad value of ``params`` and what it may be.

    Args:
        known_only: also refuse a parameter without a rule. Every parameter of the package's notebooks has one, so
            this names a misspelling without reading the notebooks (the command line checks so before importing
            anything heavy; :func:`analysis.report.run_report` checks the names against the notebooks it runs).

    Raises:
        BadParameters: a value that is not allowed, or with ``known_only`` a parameter no notebook has.
    """
    unknown = sorted(set(params) - set(RULES)) if known_only else []
    if unknown:
        raise BadParameters(f"no notebook has the parameter(s) {', '.join(unknown)}; check the spelling (see papermill --help-notebook)")
    found = problems(params)
    if found:
        raise BadParameters(f"{len(found)} bad parameter{'s' if len(found) > 1 else ''}:\n  " + "\n  ".join(found))


def load_params(name_or_path: str | os.PathLike[str] = DEFAULT_PARAMS) -> dict[str, Any]:
    """Read a named run configuration: ``seeds`` means ``notebooks/params/seeds.yaml``; a path is read as is."""
    path = Path(name_or_path)
    if not path.suffix:
        path = config.PARAMS_DIR / f"{name_or_path}.yaml"
    path = config.resolve(path)
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in config.PARAMS_DIR.glob("*.yaml")))
        raise FileNotFoundError(f"run configuration {path} not found (known: {known})")
    params = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(params, dict):
        raise ValueError(f"{path}: a run configuration must be a mapping of parameter names to values")
    return params
