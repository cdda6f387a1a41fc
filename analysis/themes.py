"""Score paragraphs and sentences for themes with a weighted dictionary, keeping the matched terms as evidence.

A dictionary method in the tradition of LIWC: ``data/lexicons/themes.yaml``
lists, for each theme, weighted terms and phrases; a trailing ``*`` matches any
ending. For one text and one theme the score is

    score = sum over matched terms of weight * (1 + ln(count))  /  sqrt(max(words, 25) / 25)

- repeating a term adds less and less (the logarithm), so one word said five
  times does not outweigh five different words of the theme;
- a text longer than 25 words has its score divided by the square root of its
  length in units of 25 words, so that a long paragraph does not collect a
  theme from scattered words.

A text is assigned a theme when its score reaches a threshold (a notebook
parameter; 3 by default): a weight-3 term alone, a weight-2 term repeated, or
two terms together. One weak word in passing is never enough. A hyphenated
word is a word of its own ("tiba-tiba", suddenly, is not "tiba", to arrive). Terms of one
theme do not overlap (the longer wins), but one phrase may count for two themes.

Example:
    >>> lexicon = load_themes()
    >>> scores = score_text("Surat perintah penangkapan ICC masih berlaku.", lexicon)
    >>> round(scores["icc_warrant"].score, 2), scores["icc_warrant"].evidence
    (4.0, 'icc; surat perintah penangkapan')
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import pandas as pd
import yaml

from analysis import config
from analysis.entities import enclitic_follows, fold
from analysis.segment import count_words

DEFAULT_THRESHOLD = 3.0
REFERENCE_WORDS = 25
REQUIRED_THEMES = ("icc_warrant", "trade", "military_cooperation")


class ThemeLexiconError(ValueError):
    """The theme lexicon cannot be used; the message names the themes and terms at fault."""


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    terms: dict[str, float]


@dataclass(frozen=True)
class ThemeScore:
    score: float
    evidence: str  # matched terms, strongest first, "term×count" when repeated


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


def load_themes(path: Path | str = config.THEMES, *, required: tuple[str, ...] = REQUIRED_THEMES) -> list[Theme]:
    """Read and validate the theme lexicon.

    Raises:
        ThemeLexiconError: naming every problem: a missing field, a duplicate id
            or term, a weight that is not a positive number, a required theme absent.
    """
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
    except ThemeLexiconError as err:
        raise ThemeLexiconError(f"{path}: {err}") from None
    except yaml.YAMLError as err:
        raise ThemeLexiconError(f"{path}: not valid YAML: {err}") from None
    problems: list[str] = []
    themes: list[Theme] = []
    items = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ThemeLexiconError(f"{path}: expected a top-level 'themes:' list")
    for i, item in enumerate(items, start=1):
        where = f"theme {i} ({item.get('id', '?') if isinstance(item, dict) else '?'})"
        if not isinstance(item, dict):
            problems.append(f"{where}: not a mapping")
            continue
        missing = [k for k in ("id", "label", "description", "terms") if not item.get(k)]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        if not isinstance(item["terms"], dict):
            problems.append(f"{where}: 'terms' must map each term to its weight")
            continue
        terms: dict[str, float] = {}
        for term, weight in item["terms"].items():
            key = " ".join(str(term).lower().split())
            if not isinstance(term, str):
                problems.append(f"{where}: term {term!r} is not text (YAML reads no/yes/on/off as true/false); quote it")
            elif not isinstance(weight, (int, float)) or isinstance(weight, bool) or not math.isfinite(weight) or weight <= 0:
                problems.append(f"{where}: term {term!r} has weight {weight!r}; use a positive number")
            elif "*" in key.rstrip("*") or key.endswith("**"):
                problems.append(f"{where}: term {term!r} has a * that is not at its end; only a trailing * is understood")
            elif key in terms or not key.strip("*"):
                problems.append(f"{where}: term {term!r} is empty or listed twice")
            else:
                terms[key] = float(weight)
        themes.append(Theme(str(item["id"]), str(item["label"]), " ".join(str(item["description"]).split()), terms))
    ids = Counter(t.id for t in themes)
    problems += [f"theme id {i!r} is used {n} times" for i, n in ids.items() if n > 1]
    problems += [f"required theme {r!r} is missing" for r in required if r not in ids]
    if problems:
        raise ThemeLexiconError(f"{path}: " + "; ".join(problems))
    return themes


class ThemeMatcher:
    """One Aho-Corasick automaton over every term of every theme, on lower-cased text."""

    def __init__(self, themes: list[Theme]):
        self.themes = {t.id: t for t in themes}
        self._automaton = ahocorasick.Automaton()
        for theme in themes:
            for term, weight in theme.terms.items():
                key, prefix = term.rstrip("*"), term.endswith("*")
                self._automaton.add_word(key, (*self._automaton.get(key, ()), (len(key), theme.id, term, weight, prefix)))
        self._automaton.make_automaton()

    def spans(self, text: str) -> list[tuple[int, int, str, str]]:
        """``(start, stop, theme, term)`` of every counted match, in text order; within a theme, overlapping terms resolve longest first."""
        low = fold(text)
        n = len(low)
        per_theme: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for end, claims in self._automaton.iter(low):
            for length, theme, term, _, prefix in claims:
                start, stop = end + 1 - length, end + 1
                if start and (low[start - 1].isalnum() or (low[start - 1] == "-" and start > 1 and low[start - 2].isalnum())):
                    continue  # inside a word, or the second half of a hyphenated word ("tiba-tiba")
                if prefix:  # the match runs to the end of the word ("perdagang*" covers "perdagangannya")
                    while stop < n and low[stop].isalnum():
                        stop += 1
                elif stop < n and low[stop].isalnum() and not enclitic_follows(low, stop):
                    continue
                if stop + 1 < n and low[stop] == "-" and low[stop + 1].isalnum():
                    continue  # the first half of a hyphenated word: "tiba-tiba" (suddenly) is not "tiba" (arrive)
                per_theme[theme].append((start, stop, term))
        kept: list[tuple[int, int, str, str]] = []
        for theme, found in per_theme.items():
            found.sort(key=lambda s: (s[0], s[0] - s[1]))
            reach = 0
            for start, stop, term in found:
                if start >= reach:
                    kept.append((start, stop, theme, term))
                    reach = stop
        kept.sort()
        return kept

    def matches(self, text: str) -> dict[str, Counter[str]]:
        """Matched terms per theme with their counts (the counts of :meth:`spans`)."""
        return _counts(self.spans(text))


def _counts(spans) -> dict[str, Counter[str]]:
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for _, _, theme, term in spans:
        found[theme][term] += 1
    return dict(found)


def _score(counts: Counter[str], weights: dict[str, float], n_words: int) -> ThemeScore:
    raw = sum(weights[t] * (1 + math.log(c)) for t, c in counts.items())
    score = raw / math.sqrt(max(n_words, REFERENCE_WORDS) / REFERENCE_WORDS)
    ordered = sorted(counts.items(), key=lambda tc: (-weights[tc[0]] * (1 + math.log(tc[1])), tc[0]))
    evidence = "; ".join(t if c == 1 else f"{t}\u00d7{c}" for t, c in ordered)
    return ThemeScore(round(score, 3), evidence)


def score_text(text: str, themes: list[Theme] | ThemeMatcher) -> dict[str, ThemeScore]:
    """Scores of ``text`` for the themes it has any term of."""
    matcher = themes if isinstance(themes, ThemeMatcher) else ThemeMatcher(themes)
    n_words = count_words(text)
    return {tid: _score(c, matcher.themes[tid].terms, n_words) for tid, c in matcher.matches(text).items()}


def score_article(
    paragraphs: list[tuple[int, str, int]], sentences: list[tuple[int, int, int, int]], matcher: ThemeMatcher
) -> tuple[list[tuple], list[tuple]]:
    """Scores of one article's paragraphs and sentences, from one pass of the automaton over each paragraph.

    Args:
        paragraphs: ``(para_id, text, n_words)`` of each paragraph (``n_words`` as :func:`count_words` counts).
        sentences: ``(para_id, sent_id, start, end)`` of each sentence, offsets into its paragraph.
        matcher: a :class:`ThemeMatcher`.

    Returns:
        ``(paragraph_rows, sentence_rows)``: ``(para_id, theme, score, evidence, n_words)`` and
        ``(para_id, sent_id, theme, score, evidence, n_words)``, one row per unit and theme with a
        matched term, themes in alphabetical order. A sentence's terms are those of its paragraph
        that lie inside it.
    """
    by_para: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for para_id, sent_id, start, end in sentences:
        by_para[para_id].append((sent_id, start, end))
    para_rows, sent_rows = [], []
    for para_id, text, n_words in paragraphs:
        spans = matcher.spans(text)
        if spans:
            for tid, counts in sorted(_counts(spans).items()):
                s = _score(counts, matcher.themes[tid].terms, n_words)
                para_rows.append((para_id, tid, s.score, s.evidence, n_words))
        for sent_id, start, end in by_para.get(para_id, ()):
            inside = [sp for sp in spans if start <= sp[0] and sp[1] <= end]
            if inside:
                n_words = count_words(text[start:end])
                for tid, counts in sorted(_counts(inside).items()):
                    s = _score(counts, matcher.themes[tid].terms, n_words)
                    sent_rows.append((para_id, sent_id, tid, s.score, s.evidence, n_words))
    return para_rows, sent_rows


def score_units(units: pd.DataFrame, themes: list[Theme], *, keys: list[str]) -> pd.DataFrame:
    """Score every row of ``units`` (paragraphs or sentences) for every theme it has a term of.

    Returns:
        ``keys`` + theme, score, evidence, n_words: one row per unit and
        theme with at least one matched term, whatever the score.
    """
    matcher = ThemeMatcher(themes)
    rows = []
    for row in units[keys + ["text"]].itertuples(index=False):
        text = row[-1]
        n_words = count_words(text)
        for tid, counts in sorted(matcher.matches(text).items()):
            s = _score(counts, matcher.themes[tid].terms, n_words)
            rows.append((*row[:-1], tid, s.score, s.evidence, n_words))
    return pd.DataFrame(rows, columns=[*keys, "theme", "score", "evidence", "n_words"])


def assign(scores: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """The rows of :func:`score_units` whose score reaches ``threshold``, strongest first within each unit."""
    keys = [c for c in scores.columns if c not in ("theme", "score", "evidence", "n_words")]
    kept = scores[scores["score"] >= threshold]
    return kept.sort_values([*keys, "score", "theme"], ascending=[True] * len(keys) + [False, True], ignore_index=True)


def theme_summary(paragraph_themes: pd.DataFrame, paragraphs: pd.DataFrame, themes: list[Theme]) -> pd.DataFrame:
    """Per article and theme: the share of its paragraphs and of its word tokens that carry the theme.

    Every (article, theme) pair is listed, zeros included, so that an absent theme shows as absent.
    ``paragraphs`` needs doc_id, para_id and either ``n_words`` (word tokens per paragraph) or ``text``.

    Returns:
        doc_id, theme, paragraphs, share_paragraphs, tokens, share_tokens.
    """
    if "n_words" in paragraphs:
        sizes = paragraphs[["doc_id", "para_id"]].assign(tokens=paragraphs["n_words"].to_numpy())
    else:
        sizes = paragraphs[["doc_id", "para_id"]].assign(tokens=[count_words(t) for t in paragraphs["text"]])
    totals = sizes.groupby("doc_id").agg(n_paragraphs=("para_id", "size"), n_tokens=("tokens", "sum"))
    hits = paragraph_themes[["doc_id", "para_id", "theme"]].merge(sizes, on=["doc_id", "para_id"])
    per = hits.groupby(["doc_id", "theme"]).agg(paragraphs=("para_id", "size"), tokens=("tokens", "sum"))
    grid = pd.MultiIndex.from_product([totals.index, [t.id for t in themes]], names=["doc_id", "theme"])
    summary = per.reindex(grid, fill_value=0).reset_index().merge(totals, on="doc_id")
    summary["share_paragraphs"] = (summary["paragraphs"] / summary["n_paragraphs"]).round(4)
    summary["share_tokens"] = (summary["tokens"] / summary["n_tokens"].where(summary["n_tokens"] > 0)).fillna(0).round(4)
    return summary[["doc_id", "theme", "paragraphs", "share_paragraphs", "tokens", "share_tokens"]]


def evidence_sentences(sentence_themes: pd.DataFrame, sentences: pd.DataFrame, theme: str, *, limit: int = 10) -> pd.DataFrame:
    """The highest-scoring sentences of ``theme``, with their text and the terms that matched."""
    rows = sentence_themes[sentence_themes["theme"] == theme].merge(sentences, on=["doc_id", "para_id", "sent_id"])
    rows = rows.sort_values(["score", "doc_id", "para_id", "sent_id"], ascending=[False, True, True, True])
    return rows[["doc_id", "para_id", "sent_id", "score", "evidence", "text"]].head(limit).reset_index(drop=True)


def themes_frame(themes: list[Theme]) -> pd.DataFrame:
    """The lexicon as a table, for a notebook to show."""
    return pd.DataFrame(
        [(t.id, t.label, len(t.terms), t.description) for t in themes], columns=["theme", "label", "terms", "description"]
    )


def themes_for(tables_dir: Path, paragraphs: pd.DataFrame, lexicon: Path | str = config.THEMES, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """The run's ``paragraph_themes.csv`` if the themes notebook wrote it, else the themes assigned now with ``lexicon``."""
    from analysis.tables import read_table

    path = tables_dir / "paragraph_themes.csv"
    if path.exists():
        return read_table(path)
    return assign(score_units(paragraphs, load_themes(lexicon), keys=["doc_id", "para_id"]), threshold)
