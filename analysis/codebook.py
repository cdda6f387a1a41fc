"""The theme codebook (``data/lexicons/themes.yaml``): what each theme is, the cues that signal it, the rules that assign it.

A codebook is data a researcher edits and defends; this module reads it and
says exactly what is wrong when it cannot be used. Its parts:

- **cues**: named lists of terms ("deal": membeli, pembelian, ~jual ...),
  shared at the top of the file or a theme's own;
- **rules** of each theme: the cues that must all occur in one sentence,
  optionally within a few words of each other, optionally not with another cue
  in that sentence, optionally only when the paragraph names states; each rule
  has a weight, and a paragraph's score for a theme is the sum of the weights
  of the rules it meets (see :mod:`analysis.themes`);
- **except**: phrases that cancel a theme's cue they overlap ("perdagangan
  orang" is trafficking, not trade; "gencatan senjata" is a ceasefire);
- **states**: the gazetteer of state actors, the words that say "between
  states" by themselves (``interstate``) or with one state (``foreign``), and
  the corpus's own country (``home``), which does not make a sentence foreign.

Terms are matched in lower case on word boundaries, with an enclitic allowed
after them ("perdagangannya") and plural reduplications read as their half
("senjata-senjata"); a term with a capital letter and no digit matches only
as written ("ICC", "Patriot"; "F-35" matches "f-35" too); a trailing ``*`` matches any ending; ``~root`` (one word)
matches every word whose PySastrawi stem is the root ("~ekspor": mengekspor,
diekspor, ekspornya).

Example:
    >>> book = load_codebook()
    >>> [t.id for t in book.themes][:3]
    ['icc_warrant', 'trade', 'military_cooperation']
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis import config
from analysis.entities import Entity

REQUIRED_THEMES = ("icc_warrant", "trade", "military_cooperation")
CONDITIONS = ("", "state", "between_states", "foreign_state", "states_with_headline")
DEFAULT_WEIGHT = 3.0
_RULE_KEYS = {"name", "all", "within", "without", "weight", "condition"}
_THEME_KEYS = {"id", "label", "description", "cues", "rules", "terms", "except"}
_TOP_KEYS = {"themes", "cues", "except", "states", "interstate", "foreign", "home"}
_TERM_OK = re.compile(r"^~?[^\s*~]+(?: [^\s*~]+)*\*?$")


class ThemeLexiconError(ValueError):
    """The codebook cannot be used; the message names the file, the themes and the entries at fault."""


@dataclass(frozen=True)
class Rule:
    """Assign a theme when every cue of ``cues`` occurs in one sentence (see the module docstring)."""

    name: str
    cues: tuple[str, ...]
    weight: float = DEFAULT_WEIGHT
    within: int | None = None  # the cues' matches lie within this many words of each other
    without: tuple[str, ...] = ()  # cues that must not occur in that sentence
    condition: str = ""  # "state", "between_states", "foreign_state" or "states_with_headline" (see analysis.themes)


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    cues: dict[str, tuple[str, ...]]  # every cue its rules read, shared ones included
    rules: tuple[Rule, ...]
    exceptions: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """Every term of the theme's cues, once, in codebook order."""
        return tuple(dict.fromkeys(t for cue in self.cues.values() for t in cue))


@dataclass(frozen=True)
class Codebook:
    themes: tuple[Theme, ...]
    path: Path
    states: Path | None = None  # the state actors (states.csv)
    interstate: tuple[str, ...] = ()  # words that say "between states" by themselves ("bilateral", "kedua negara")
    foreign: tuple[str, ...] = ()  # words that, with one state named, say so ("asing", "luar negeri")
    home: tuple[str, ...] = ()  # the states of the corpus's own country, which "foreign_state" does not count
    exceptions: tuple[str, ...] = ()  # the codebook-wide exceptions (also applied to the interstate and foreign words)
    files: tuple[Path, ...] = field(default=())  # every file the codebook reads, itself first

    def __iter__(self) -> Iterator[Theme]:
        return iter(self.themes)

    def __len__(self) -> int:
        return len(self.themes)

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (PyYAML would keep the last silently)."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ThemeLexiconError(f"line {key_node.start_mark.line + 1}: {key!r} is given twice")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def normalise_term(term: str) -> str:
    """A term with single spaces, as the matcher reads it (one with a capital letter matches only as written)."""
    return " ".join(term.split())


def case_sensitive(term: str) -> bool:
    """True for a term matched only as written: one with a capital letter and no digit ("ICC", "Patriot"; not "F-35")."""
    return any(ch.isupper() for ch in term) and not any(ch.isdigit() for ch in term)


def term_problem(term) -> str | None:
    """Why ``term`` cannot be a codebook term, or None."""
    if not isinstance(term, str):
        return f"{term!r} is not text (YAML reads no/yes/on/off as true/false); quote it"
    key = normalise_term(term)
    if not key.strip("*~"):
        return "an empty term"
    if key.startswith("~") and " " in key:
        return f"{term!r}: a ~root term is one word"
    if not _TERM_OK.match(key):
        return f"{term!r}: only a trailing * and a leading ~ are understood"
    if key.startswith("~") and key.endswith("*"):
        return f"{term!r}: a term is either ~root or prefix*, not both"
    return None


def _terms(value, where: str, problems: list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        problems.append(f"{where}: expected a list of terms")
        return ()
    terms: dict[str, None] = {}
    for term in value:
        problem = term_problem(term)
        if problem:
            problems.append(f"{where}: {problem}")
        elif normalise_term(term) in terms:
            problems.append(f"{where}: {term!r} is listed twice")
        else:
            terms[normalise_term(term)] = None
    return tuple(terms)


def _weight(value, where: str, problems: list[str]) -> float:
    if value is None:
        return DEFAULT_WEIGHT
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or value <= 0:
        problems.append(f"{where}: weight {value!r}; use a positive number")
        return DEFAULT_WEIGHT
    return float(value)


def _cue_names(entries, prefix: str, key: str, where: str, cues: dict, problems: list[str], anonymous: dict) -> list[str]:
    """The cue names of a rule's ``all`` or ``without`` list; a list of terms written in the rule becomes a cue of its own."""
    names: list[str] = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, list):
            anonymous[f"{prefix}{len(names) + 1}"] = _terms(entry, f"{where}, inline {key!r} cue", problems)
            names.append(f"{prefix}{len(names) + 1}")
        elif isinstance(entry, str) and entry in cues:
            names.append(entry)
        else:
            problems.append(f"{where}: {key!r} names unknown cue {entry!r}; define it under 'cues:' or write its terms as a list")
    return names


def _rule(item, where: str, cues: dict, problems: list[str], anonymous: dict) -> Rule | None:
    if not isinstance(item, dict):
        problems.append(f"{where}: a rule must be a mapping with 'all:'")
        return None
    unknown = sorted(set(item) - _RULE_KEYS)
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(map(str, unknown))}; a rule has {', '.join(sorted(_RULE_KEYS))}")
    name = str(item.get("name") or "").strip()
    if not name:
        problems.append(f"{where}: missing name")
    where = f"{where} ({name})" if name else where
    needed = item.get("all")
    if needed is None:
        problems.append(f"{where}: missing 'all:' (the cues that must occur together)")
        return None
    names = _cue_names(needed, f"{name or where}#", "all", where, cues, problems, anonymous)
    excluded = _cue_names(item.get("without") or [], f"{name or where}#not", "without", where, cues, problems, anonymous)
    within = item.get("within")
    if within is not None and (not isinstance(within, int) or isinstance(within, bool) or within < 1):
        problems.append(f"{where}: within {within!r}; use a whole number of words, 1 or more")
        within = None
    condition = item.get("condition") or ""
    if condition not in CONDITIONS:
        problems.append(f"{where}: condition {condition!r}; use one of {', '.join(c for c in CONDITIONS if c)}")
        condition = ""
    return Rule(name, tuple(names), _weight(item.get("weight"), where, problems), within, tuple(excluded), condition)


def _theme(item, i: int, shared: dict, shared_exceptions: tuple[str, ...], problems: list[str]) -> Theme | None:
    where = f"theme {i} ({item.get('id', '?') if isinstance(item, dict) else '?'})"
    if not isinstance(item, dict):
        problems.append(f"{where}: not a mapping")
        return None
    missing = [k for k in ("id", "label", "description") if not item.get(k)]
    if not (item.get("rules") or item.get("terms")):
        missing.append("rules (or terms)")
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
        return None
    unknown = sorted(set(item) - _THEME_KEYS)
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(map(str, unknown))}")
    own = item.get("cues") or {}
    if not isinstance(own, dict):
        problems.append(f"{where}: 'cues' must map each cue name to its terms")
        own = {}
    cues = dict(shared)
    for name, terms in own.items():
        cues[str(name)] = _terms(terms, f"{where}, cue {name!r}", problems)
    rules: list[Rule] = []
    anonymous: dict[str, tuple[str, ...]] = {}
    for j, rule in enumerate(item.get("rules") or [], start=1):
        made = _rule(rule, f"{where}, rule {j}", cues, problems, anonymous)
        if made:
            rules.append(made)
    terms = item.get("terms") or {}
    if not isinstance(terms, dict):
        problems.append(f"{where}: 'terms' must map each term to its weight")
        terms = {}
    for term, weight in terms.items():  # shorthand: a term alone is a rule of its own
        problem = term_problem(term)
        if problem:
            problems.append(f"{where}: term {problem}")
            continue
        key = normalise_term(term)
        if key in anonymous:
            problems.append(f"{where}: term {term!r} is listed twice")
            continue
        anonymous[key] = (key,)
        rules.append(Rule(key, (key,), _weight(weight, f"{where}: term {term!r} has", problems)))
    names = Counter(r.name for r in rules)
    problems += [f"{where}: rule name {n!r} is used {c} times" for n, c in names.items() if c > 1]
    used = {c for r in rules for c in (*r.cues, *r.without)}
    cues = {name: terms for name, terms in {**cues, **anonymous}.items() if name in used}
    exceptions = tuple(
        dict.fromkeys((*shared_exceptions, *(_terms(item["except"], f"{where}, except", problems) if item.get("except") else ())))
    )
    return Theme(str(item["id"]), str(item["label"]), " ".join(str(item["description"]).split()), cues, tuple(rules), exceptions)


def load_codebook(path: Path | str = config.THEMES, *, required: tuple[str, ...] = REQUIRED_THEMES) -> Codebook:
    """Read and validate the codebook.

    Raises:
        ThemeLexiconError: naming every problem: a missing field, an unknown cue
            or condition, a term the matcher cannot read, a weight that is not a
            positive number, a duplicate id, a required theme absent, a states
            gazetteer that does not exist.
    """
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
    except ThemeLexiconError as err:
        raise ThemeLexiconError(f"{path}: {err}") from None
    except (yaml.YAMLError, TypeError) as err:  # TypeError: a list or mapping used as a key
        raise ThemeLexiconError(f"{path}: not valid YAML for a codebook: {err}") from None
    items = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ThemeLexiconError(f"{path}: expected a top-level 'themes:' list")
    problems: list[str] = []
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        problems.append(f"unknown top-level key(s) {', '.join(map(str, unknown))}; a codebook has {', '.join(sorted(_TOP_KEYS))}")
    shared_raw = data.get("cues") or {}
    if not isinstance(shared_raw, dict):
        problems.append("'cues' must map each cue name to its terms")
        shared_raw = {}
    shared = {str(name): _terms(terms, f"cue {name!r}", problems) for name, terms in shared_raw.items()}
    shared_exceptions = _terms(data["except"], "except", problems) if data.get("except") else ()
    themes = [t for t in (_theme(item, i, shared, shared_exceptions, problems) for i, item in enumerate(items, start=1)) if t]
    ids = Counter(t.id for t in themes)
    problems += [f"theme id {i!r} is used {n} times" for i, n in ids.items() if n > 1]
    problems += [f"required theme {r!r} is missing" for r in required if r not in ids]
    states = None
    if data.get("states"):
        states = next((p for p in (path.parent / data["states"], config.LEXICONS_DIR / data["states"]) if p.exists()), None)
        if states is None:
            problems.append(f"states: {data['states']!r} is neither beside the codebook nor in {config.LEXICONS_DIR}")
    interstate = _terms(data["interstate"], "interstate", problems) if data.get("interstate") else ()
    foreign = _terms(data["foreign"], "foreign", problems) if data.get("foreign") else ()
    home = data.get("home") or []
    home = tuple(str(h) for h in (home if isinstance(home, list) else [home]))
    conditional = [f"{t.id}/{r.name}" for t in themes for r in t.rules if r.condition]
    if conditional and states is None and not problems:
        problems.append(f"rules {', '.join(conditional)} have a condition on states, but no 'states:' gazetteer is given")
    if problems:
        raise ThemeLexiconError(f"{path}: " + "; ".join(problems))
    files = (path, *((states,) if states else ()), config.REDUPLICATIONS)
    if states is not None and home and not problems:
        known = set(load_states(states).counts_as.values())
        problems += [f"home: {h!r} is not a state of {states.name}" for h in home if h not in known]
        if problems:
            raise ThemeLexiconError(f"{path}: " + "; ".join(problems))
    return Codebook(tuple(themes), path, states, interstate, foreign, home, shared_exceptions, files)


STATE_KINDS = ("country", "bloc", "economy", "government", "other")  # "other": a name that holds a state's but is none
TRUE_WORDS = {"yes", "y", "true", "1", "x"}


@dataclass(frozen=True)
class StateGazetteer:
    """The state actors of ``states.csv`` as entities to match, and the state each row counts as."""

    entities: tuple[Entity, ...]
    counts_as: dict[str, str]


def load_states(path: Path | str = config.STATES) -> StateGazetteer:
    """Read and validate the state actors (``data/lexicons/states.csv``; lines starting with # are comments).

    Raises:
        ThemeLexiconError: naming every bad row: a missing column, an empty or repeated state, an unknown kind,
            a ``counts_as`` that is not a state of the file, a name claimed by two states.
    """
    path = Path(path)
    try:
        lines = [line for line in path.read_text(encoding="utf-8-sig").splitlines() if not line.startswith("#")]
    except OSError as err:
        raise ThemeLexiconError(f"{path}: cannot be read: {err}") from None
    reader = csv.DictReader(lines)
    columns = ("state", "kind", "names", "match_case", "counts_as")
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise ThemeLexiconError(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(columns)}, notes")
    rows = list(reader)
    problems: list[str] = []
    names = {(r.get("state") or "").strip() for r in rows}
    seen: set[str] = set()
    owner: dict[str, str] = {}
    entities, counts_as = [], {}
    for i, row in enumerate(rows, start=1):
        state, kind = (row.get("state") or "").strip(), (row.get("kind") or "").strip()
        where = f"row {i} ({state or '?'})"
        if not state or state in seen:
            problems.append(f"{where}: the state is empty or listed twice")
            continue
        seen.add(state)
        if kind not in STATE_KINDS:
            problems.append(f"{where}: kind {kind!r}; use one of {', '.join(STATE_KINDS)}")
        target = (row.get("counts_as") or "").strip() or state
        if kind != "other" and target not in names:
            problems.append(f"{where}: counts_as {target!r} is not a state of the file")
        forms = tuple(dict.fromkeys(" ".join(n.split()) for n in (row.get("names") or "").split("|") if n.strip()))
        if not forms:
            problems.append(f"{where}: no names")
        for form in forms:
            other = owner.setdefault(form.casefold(), target)
            if other != target:
                problems.append(f"{where}: name {form!r} is also a name of {other!r}")
        counts_as[state] = "" if kind == "other" else target
        entities.append(Entity(state, kind, forms, (), (row.get("match_case") or "").strip().lower() in TRUE_WORDS))
    if problems:
        raise ThemeLexiconError(f"{path}: " + "; ".join(problems))
    return StateGazetteer(tuple(entities), counts_as)


def codebook_files(path: Path | str = config.THEMES) -> tuple[Path, ...]:
    """The files whose content decides what the codebook at ``path`` matches (for the cache's fingerprints)."""
    try:
        return load_codebook(path, required=()).files
    except (ThemeLexiconError, OSError):
        return (Path(path), config.REDUPLICATIONS)
