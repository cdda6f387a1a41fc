"""Assign themes to paragraphs and sentences with the rules of the codebook, keeping the evidence of every assignment.

A dictionary method that stays explainable: the codebook
(``data/lexicons/themes.yaml``, read by :mod:`analysis.codebook`) lists, for
each theme, cues (lists of terms) and rules that combine them. A rule is met in
a sentence when each of its cues has a term in that sentence (within ``within``
words of each other when it says so), none of its ``without`` cues has one,
and its condition holds for the paragraph:

- ``state``: the paragraph or the article's headline names a state actor
  (``states.csv``) other than the corpus's own country (``home:`` in the
  codebook), or the paragraph has a foreign word ("asing") or says "between
  states" in words ("bilateral", "kedua negara");
- ``between_states``: it names two different states, or one and a word such
  as "asing" (foreign), or says "between states" in words;
- ``foreign_state``: the sentence itself names a state other than the
  corpus's own, or has a foreign word: "investor dari China" is foreign
  investment in Indonesian news, "investasi di Indonesia" is not;
- ``states_with_headline``: as ``between_states``, with the states of the
  article's headline counted together with the paragraph's ("Jerman Ancam
  Embargo Senjata ke Israel" over "... tidak memasok senjata").

A paragraph's score for a theme is the sum of the weights of the rules it
meets, each counted once, in any of its sentences; a sentence's score is that
of the rules met in it. A unit is assigned a theme when its score reaches the
threshold (3 by default). So a decisive rule (weight 3) carries a paragraph
whatever its length; supporting rules (weight 1 or 2) add up; and a paragraph
passes when one of its sentences is decisive. The evidence column names each
rule met and the terms that met it: ``deal on a weapon system: membeli +
sistem rudal [Russia, Turkey]``.

Example:
    >>> book = load_codebook()
    >>> score_text("Turki membeli sistem rudal S-400 dari Rusia.", book)["military_cooperation"]
    ThemeScore(score=3.0, evidence='deal on a weapon system: membeli + sistem rudal [Russia, Turkey]')
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
import pandas as pd

from analysis import config
from analysis.codebook import Codebook, Rule, Theme, ThemeLexiconError, case_sensitive, codebook_files, load_codebook, load_states
from analysis.entities import EntityMatcher, enclitic_follows, fold
from analysis.morphology import RootFinder, lexicalised_reduplications, unreduplicate
from analysis.segment import _WORD_TOKEN, count_words, sentence_splitter

DEFAULT_THRESHOLD = 3.0
_DOUBLED_TERM = re.compile(r"([^\W\d_]{2,})-\1", re.IGNORECASE)

__all__ = [
    "DEFAULT_THRESHOLD",
    "Codebook",
    "ThemeLexiconError",
    "ThemeMatcher",
    "ThemeScore",
    "assign",
    "evidence_sentences",
    "load_codebook",
    "rules_frame",
    "score_article",
    "score_corpus",
    "score_text",
    "score_units",
    "theme_summary",
    "themes_for",
    "themes_frame",
]


@dataclass(frozen=True)
class ThemeScore:
    score: float
    evidence: str  # the rules met, strongest first: "rule: term + term [states]"


class ThemeMatcher:
    """Every term of a codebook in two Aho-Corasick automata (lower-cased and as written) and a root finder.

    :meth:`find` gives the term matches of a text; :meth:`score_paragraph`
    applies the rules to them.
    """

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        self.themes = {t.id: t for t in codebook.themes}
        self._automaton = ahocorasick.Automaton()
        roots: set[str] = set()
        terms = {t for theme in codebook.themes for t in (*theme.terms, *theme.exceptions)}
        terms |= set(codebook.interstate) | set(codebook.foreign) | set(codebook.exceptions)
        for term in sorted(terms):
            if term.startswith("~"):
                roots.add(term[1:].lower())
                continue
            key, prefix = term.rstrip("*"), term.endswith("*")
            # A case-sensitive term keeps the positions of its capitals: the text must have capitals there.
            capitals = tuple(i for i, ch in enumerate(key) if ch.isupper()) if case_sensitive(key) else ()
            low = key.lower()
            self._automaton.add_word(low, (*self._automaton.get(low, ()), (len(low), term, prefix, capitals)))
        if len(self._automaton):
            self._automaton.make_automaton()
        self._roots = RootFinder(roots)
        # For each term, the (theme, cue) pairs it belongs to and the themes it is an exception of.
        self.cues_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.exception_of: dict[str, list[str]] = defaultdict(list)
        for theme in codebook.themes:
            for cue, cue_terms in theme.cues.items():
                for term in cue_terms:
                    self.cues_of[term].append((theme.id, cue))
            for term in theme.exceptions:
                self.exception_of[term].append(theme.id)
        gazetteer = load_states(codebook.states) if codebook.states else None
        self._states = EntityMatcher(gazetteer.entities, titles=()) if gazetteer else None
        self._counts_as = gazetteer.counts_as if gazetteer else {}
        # Doubled words the codebook lists as terms ("negara-negara") are matched as written, not as their half.
        self._keep = lexicalised_reduplications() | {t.lower() for t in terms if _DOUBLED_TERM.fullmatch(t)}
        self._interstate = frozenset(codebook.interstate)
        self._foreign = frozenset(codebook.foreign)
        self._shared_exceptions = frozenset(codebook.exceptions)
        self.home = frozenset(codebook.home)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, stop, term)`` of every term of the codebook found in ``text``, in text order (they may overlap)."""
        plain, offsets = unreduplicate(text, self._keep)
        low = fold(plain)
        n = len(low)
        found: list[tuple[int, int, str]] = []
        if len(self._automaton):
            for end, claims in self._automaton.iter(low):
                for length, term, prefix, capitals in claims:
                    start, stop = end + 1 - length, end + 1
                    if capitals and not all(plain[start + i].isupper() for i in capitals):
                        continue  # "ICC" is not "icc"; "MoU" matches "MOU" and "MoU"
                    if start and (low[start - 1].isalnum() or (low[start - 1] == "-" and start > 1 and low[start - 2].isalnum())):
                        continue  # inside a word, or the second half of a hyphenated word
                    if prefix:  # the match runs to the end of the word ("perdagang*" covers "perdagangannya")
                        while stop < n and low[stop].isalnum():
                            stop += 1
                    elif stop < n and low[stop].isalnum() and not enclitic_follows(low, stop):
                        continue
                    if stop + 1 < n and low[stop] == "-" and low[stop + 1].isalnum():
                        continue  # the first half of a hyphenated word: "tiba-tiba" (suddenly) is not "tiba" (arrive)
                    found.append((start, stop, term))
        found += [(start, stop, "~" + root) for start, stop, root in self._roots.find(low)]
        if offsets is not None:  # back to positions in ``text``
            found = [(offsets[start], offsets[stop - 1] + 1, term) for start, stop, term in found]
        found.sort()
        return found

    def states_in(self, text: str) -> tuple[set[str], bool, bool]:
        """The state actors named in ``text``, and whether it has an ``interstate`` and a ``foreign`` word.

        A name of states.csv's kind ``other`` ("dolar AS", "Bank Indonesia") holds a state's name but counts as
        none; an interstate or foreign word inside a codebook-wide exception ("tidak asing") does not count.
        """
        states = {self._counts_as[m.entity] for m in self._states.find(text)} - {""} if self._states else set()
        found = self.find(text)
        blocked = [(s, e, t) for s, e, t in found if t in self._shared_exceptions]
        words = {t for s, e, t in found if not any(s < be and bs < e and t != bt for bs, be, bt in blocked)}
        return states, bool(words & self._interstate), bool(words & self._foreign)

    def score_paragraph(
        self, text: str, sentences: list[tuple[int, int, int]] | None = None, *, title: str = ""
    ) -> tuple[dict[str, ThemeScore], dict[int, dict[str, ThemeScore]]]:
        """The paragraph's scores and its sentences' scores, for the themes whose rules it meets.

        Args:
            text: the paragraph.
            sentences: ``(sent_id, start, end)`` offsets into ``text``; default: the paragraph as one sentence 1.
            title: the article's headline: a ``state`` condition also holds when the headline names a state.

        Returns:
            ``(paragraph_scores, {sent_id: sentence_scores})``, each ``{theme: ThemeScore}``.
        """
        found = self.find(text)
        if not found:
            return {}, {}
        sentences = sentences or [(1, 0, len(text))]
        context = _Context(self, text, title)
        para: dict[str, ThemeScore] = {}
        per_sentence: dict[int, dict[str, ThemeScore]] = defaultdict(dict)
        by_theme = _cue_hits(self, found)
        for tid in sorted(by_theme):
            theme, hits = self.themes[tid], by_theme[tid]
            rules = [r for r in theme.rules if all(c in hits for c in r.cues)]
            if not rules:
                continue
            met: dict[str, tuple[Rule, str]] = {}
            for sent_id, start, end in sentences:
                in_sentence: list[tuple[Rule, str]] = []
                for rule in rules:
                    terms = _rule_terms(rule, hits, start, end, context)
                    if terms is None or not context.holds(rule.condition, start, end):
                        continue
                    evidence = rule.name + ": " + " + ".join(terms) + context.detail(rule.condition, start, end)
                    in_sentence.append((rule, evidence))
                    met.setdefault(rule.name, (rule, evidence))
                if in_sentence:
                    per_sentence[sent_id][theme.id] = _score(in_sentence)
            if met:
                para[theme.id] = _score(list(met.values()))
        return para, dict(per_sentence)


class _Context:
    """The states of one paragraph, looked up once and only when a rule with a condition asks."""

    def __init__(self, matcher: ThemeMatcher, text: str, title: str = ""):
        self.matcher, self.text, self.title = matcher, text, title
        self._found: tuple[set[str], bool, bool] | None = None
        self._title_states: set[str] | None = None
        self._sentences: dict[tuple[int, int], tuple[set[str], bool]] = {}
        self._words: list[int] | None = None

    def _states(self) -> tuple[set[str], bool, bool]:
        if self._found is None:
            self._found = self.matcher.states_in(self.text)
        return self._found

    def _sentence(self, start: int, end: int) -> tuple[set[str], bool]:
        """The states of the sentence other than the home states, and whether it has a foreign word."""
        if (start, end) not in self._sentences:
            states, _, foreign = self.matcher.states_in(self.text[start:end])
            self._sentences[(start, end)] = (states - self.matcher.home, foreign)
        return self._sentences[(start, end)]

    def holds(self, condition: str, start: int = 0, end: int | None = None) -> bool:
        if not condition:
            return True
        if condition == "foreign_state":
            others, foreign = self._sentence(start, len(self.text) if end is None else end)
            return bool(others) or foreign
        states, interstate, foreign = self._states()
        if condition == "states_with_headline":
            states = states | self._headline_states()
        if condition == "state":
            return bool(states - self.matcher.home) or interstate or foreign or bool(self._headline_states() - self.matcher.home)
        return len(states) >= 2 or interstate or (len(states) == 1 and foreign)

    def _headline_states(self) -> set[str]:
        if self._title_states is None:
            self._title_states = self.matcher.states_in(self.title)[0] if self.title else set()
        return self._title_states

    def detail(self, condition: str, start: int = 0, end: int | None = None) -> str:
        if not condition:
            return ""
        if condition == "foreign_state":
            others, foreign = self._sentence(start, len(self.text) if end is None else end)
            return " [" + ", ".join(sorted(others)[:4] or ["foreign"]) + "]"
        states, interstate, foreign = self._states()
        if condition == "states_with_headline":
            states = states | self._headline_states()
        if condition == "state" and not (states - self.matcher.home or interstate or foreign):
            return " [headline: " + ", ".join(sorted(self._headline_states() - self.matcher.home)[:4]) + "]"
        shown = sorted(states)[:4] + (["between states"] if interstate else []) + (["foreign"] if foreign and not interstate else [])
        return " [" + ", ".join(shown) + "]"

    def word_index(self, offset: int) -> int:
        if self._words is None:
            self._words = [m.start() for m in _WORD_TOKEN.finditer(self.text)]
        return bisect.bisect_right(self._words, offset)


def _cue_hits(matcher: ThemeMatcher, found: list[tuple[int, int, str]]) -> dict[str, dict[str, list[tuple[int, int, str]]]]:
    """Per theme and cue, its term matches in text order, without those that overlap one of the theme's exceptions."""
    hits: dict[str, dict[str, list[tuple[int, int, str]]]] = defaultdict(lambda: defaultdict(list))
    blocked: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for s, e, term in found:
        for tid in matcher.exception_of.get(term, ()):
            blocked[tid].append((s, e, term))
        for tid, cue in matcher.cues_of.get(term, ()):
            hits[tid][cue].append((s, e, term))
    for tid, spans in blocked.items():
        if tid in hits:  # an exception cancels the other terms it overlaps; listed as a cue term itself, it still counts
            cues = {
                cue: [h for h in found_ if not any(h[0] < be and bs < h[1] and h[2] != bt for bs, be, bt in spans)]
                for cue, found_ in hits[tid].items()
            }
            hits[tid] = {cue: found_ for cue, found_ in cues.items() if found_}
    return hits


def _inside(spans: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """The matches of ``spans`` (sorted by start) that lie in ``[start, end)``: a bisection, so long paragraphs stay linear."""
    first = bisect.bisect_left(spans, (start,))
    last = bisect.bisect_left(spans, (end,))
    return [h for h in spans[first:last] if h[1] <= end]


def _rule_terms(rule: Rule, hits: dict, start: int, end: int, context: _Context) -> list[str] | None:
    """The terms with which ``rule`` is met in the sentence ``[start, end)``, or None."""
    inside = {}
    for cue in rule.cues:
        spans = _inside(hits.get(cue, []), start, end)
        if not spans:
            return None
        inside[cue] = spans
    for cue in rule.without:
        if _inside(hits.get(cue, []), start, end):
            return None
    if rule.within is None or len(rule.cues) < 2:
        return [_shown(inside[cue][0], context) for cue in dict.fromkeys(rule.cues)]
    window = _closest(inside, rule.cues, context)
    if window is None or window[0] > rule.within:
        return None
    return [_shown(span, context) for span in window[1]]


def _closest(inside: dict, cues: tuple[str, ...], context: _Context):
    """The smallest window (in words) holding one match of every cue, with those matches: ``(width, spans)``."""
    events = sorted((context.word_index(s), cue, (s, e, t)) for cue in dict.fromkeys(cues) for s, e, t in inside[cue])
    need, best, latest = len(set(cues)), None, {}
    for position, cue, span in events:
        latest[cue] = (position, span)
        if len(latest) == need:
            first = min(p for p, _ in latest.values())
            width = position - first
            if best is None or width < best[0]:
                best = (width, [s for _, s in sorted(latest.values())])
    return best


def _shown(span: tuple[int, int, str], context: _Context) -> str:
    """A match as the evidence shows it: the words of the text (a root or prefix term shows the word it matched)."""
    return " ".join(context.text[span[0] : span[1]].split()).lower()


def _score(met: list[tuple[Rule, str]]) -> ThemeScore:
    met = sorted(met, key=lambda re_: (-re_[0].weight, re_[0].name))
    return ThemeScore(round(sum(r.weight for r, _ in met), 3), "; ".join(e for _, e in met))


@lru_cache(maxsize=8)
def _matcher_cached(path: Path, stamps: tuple) -> ThemeMatcher:
    return ThemeMatcher(load_codebook(path, required=()))


def _matcher_for(path: Path) -> ThemeMatcher:
    """The matcher of the codebook at ``path``, built again when the codebook or a file it reads has changed."""
    stamps = tuple((str(f), *config.file_stamp(f)) for f in codebook_files(path))
    return _matcher_cached(path, stamps)


_LAST: list = [None, None]  # the codebook last given as an object, and its matcher


def _as_matcher(codebook: Codebook | ThemeMatcher | Path | str | None) -> ThemeMatcher:
    if isinstance(codebook, ThemeMatcher):
        return codebook
    if isinstance(codebook, Codebook):
        if _LAST[0] is not codebook:
            _LAST[:] = [codebook, ThemeMatcher(codebook)]
        return _LAST[1]
    return _matcher_for(Path(codebook or config.THEMES))


def score_text(text: str, codebook: Codebook | ThemeMatcher | None = None) -> dict[str, ThemeScore]:
    """Scores of ``text`` taken as one paragraph, split into sentences, for the themes whose rules it meets."""
    matcher = _as_matcher(codebook)
    sentences = [(i, s, e) for i, (s, e, _) in enumerate(sentence_splitter().split(text), start=1)]
    return matcher.score_paragraph(text, sentences)[0]


def score_article(
    paragraphs: list[tuple[int, str, int]], sentences: list[tuple[int, int, int, int]], matcher: ThemeMatcher, *, title: str = ""
) -> tuple[list[tuple], list[tuple]]:
    """Scores of one article's paragraphs and sentences.

    Args:
        paragraphs: ``(para_id, text, n_words)`` of each paragraph to score (``n_words`` as :func:`count_words` counts).
        sentences: ``(para_id, sent_id, start, end)`` of each sentence, offsets into its paragraph.
        matcher: a :class:`ThemeMatcher`.
        title: the article's headline, which a ``state`` condition also reads.

    Returns:
        ``(paragraph_rows, sentence_rows)``: ``(para_id, theme, score, evidence, n_words)`` and
        ``(para_id, sent_id, theme, score, evidence, n_words)``, one row per unit and theme whose rules it
        meets, themes in alphabetical order.
    """
    by_para: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for para_id, sent_id, start, end in sentences:
        by_para[para_id].append((sent_id, start, end))
    para_rows, sent_rows = [], []
    for para_id, text, n_words in paragraphs:
        spans = by_para.get(para_id) or [(1, 0, len(text))]
        para, per_sentence = matcher.score_paragraph(text, spans, title=title)
        for tid in sorted(para):
            para_rows.append((para_id, tid, para[tid].score, para[tid].evidence, n_words))
        for sent_id, start, end in spans:
            scores = per_sentence.get(sent_id)
            if scores:
                sent_words = count_words(text[start:end])
                for tid in sorted(scores):
                    sent_rows.append((para_id, sent_id, tid, scores[tid].score, scores[tid].evidence, sent_words))
    return para_rows, sent_rows


def score_corpus(
    paragraphs: pd.DataFrame, sentences: pd.DataFrame, codebook: Codebook | ThemeMatcher | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score every paragraph and sentence of a corpus as the pipeline does: article by article, with its headline.

    Args:
        paragraphs: doc_id, para_id, kind, text (the ``paragraphs`` table).
        sentences: doc_id, para_id, sent_id, start, end (the ``sentences`` table; offsets into the paragraph).

    Returns:
        ``(paragraph_scores, sentence_scores)``: doc_id, para_id (, sent_id), theme, score, evidence, n_words.
    """
    matcher = _as_matcher(codebook)
    by_doc = {doc: g for doc, g in sentences.groupby("doc_id", sort=False)}
    para_rows, sent_rows = [], []
    for doc_id, group in paragraphs.groupby("doc_id", sort=True):
        units = [(r.para_id, r.text, count_words(r.text)) for r in group.itertuples()]
        title = next((r.text for r in group.itertuples() if r.kind == "title"), "")
        spans = by_doc.get(doc_id)
        spans = [] if spans is None else list(spans[["para_id", "sent_id", "start", "end"]].itertuples(index=False, name=None))
        para, sent = score_article(units, spans, matcher, title=title)
        para_rows += [(doc_id, *r) for r in para]
        sent_rows += [(doc_id, *r) for r in sent]
    columns = ["theme", "score", "evidence", "n_words"]
    return (
        pd.DataFrame(para_rows, columns=["doc_id", "para_id", *columns]),
        pd.DataFrame(sent_rows, columns=["doc_id", "para_id", "sent_id", *columns]),
    )


def score_units(units: pd.DataFrame, codebook: Codebook | ThemeMatcher | None = None, *, keys: list[str]) -> pd.DataFrame:
    """Score every row of ``units`` (paragraphs or sentences) on its own, split into sentences as :func:`score_text` does.

    Without the article's headline, a ``state`` condition reads the unit alone; :func:`score_corpus` scores
    a corpus as the pipeline does.

    Returns:
        ``keys`` + theme, score, evidence, n_words: one row per unit and theme whose rules it meets.
    """
    matcher = _as_matcher(codebook)
    splitter = sentence_splitter()
    rows = []
    for row in units[keys + ["text"]].itertuples(index=False):
        text = row[-1]
        sentences = [(i, s, e) for i, (s, e, _) in enumerate(splitter.split(text), start=1)]
        scores = matcher.score_paragraph(text, sentences)[0]
        n_words = count_words(text) if scores else 0
        for tid in sorted(scores):
            rows.append((*row[:-1], tid, scores[tid].score, scores[tid].evidence, n_words))
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


def themes_frame(codebook: Codebook) -> pd.DataFrame:
    """The codebook as a table, for a notebook to show: each theme with its number of rules and terms."""
    return pd.DataFrame(
        [(t.id, t.label, len(t.rules), len(t.terms), t.description) for t in codebook.themes],
        columns=["theme", "label", "rules", "terms", "description"],
    )


def rules_frame(codebook: Codebook, theme: str) -> pd.DataFrame:
    """One theme's rules as a table: the cues each needs, its window, what it excludes, its condition and weight."""
    rows = [(r.name, " & ".join(r.cues), r.within or "", ", ".join(r.without), r.condition, r.weight) for r in codebook.theme(theme).rules]
    return pd.DataFrame(rows, columns=["rule", "cues", "within", "without", "condition", "weight"])


def themes_for(
    tables_dir: Path, paragraphs: pd.DataFrame, lexicon: Path | str = config.THEMES, threshold: float = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """The run's ``paragraph_themes.csv`` if the themes notebook wrote it, else the themes assigned now with ``lexicon``."""
    from analysis.tables import read_table

    path = tables_dir / "paragraph_themes.csv"
    if path.exists():
        return read_table(path)
    return assign(score_units(paragraphs, _as_matcher(lexicon), keys=["doc_id", "para_id"]), threshold)
