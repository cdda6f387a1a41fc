"""Find named entities with an editable gazetteer: one Aho-Corasick pass per text, aliases resolved to one name.

The gazetteer (``data/lexicons/entities.csv``) has one row per entity: its
canonical name, its type (person, place, organization, other), its aliases
separated by ``|`` (other languages and spellings, acronyms), its short forms
("Xi", "Lavrov"), an optional ``match_case`` flag and notes.

Matching rules, in the order they apply:

- every alias, and the canonical name, is a pattern; aliases written without
  lower-case letters (acronyms: ``ICC``, ``AS``, ``CIS``), short forms and
  rows flagged ``match_case`` match case-sensitively, so "as" and "cis" in
  ordinary words never count; the others match whatever the case;
- a match must start and end on a word boundary; an Indonesian enclitic
  (``-nya``, ``-lah``, ``-kah``, ``-pun``) may follow, so "Rusianya" counts
  Rusia, and "Kyrgyzstan-Rusia" counts both;
- overlapping matches are resolved longest first ("Angkatan Udara Rusia" is
  the air force, not Russia);
- a short form counts only in an article that names its entity in full
  somewhere (by an alias or the canonical name); when two such entities share
  it, the nearest full mention before it wins;
- titles are not part of any alias, so "Presiden Xi" and "Bapak Xi" match "Xi".

Example:
    >>> matcher = EntityMatcher(load_gazetteer())
    >>> [(m.entity, m.surface) for m in matcher.find("Tiongkok dan Kirgizstan, anggota CSTO, bukan anggota ICC.")]
    [('China', 'Tiongkok'), ('Kyrgyzstan', 'Kirgizstan'), ('CSTO', 'CSTO'), ('ICC', 'ICC')]
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import ahocorasick
import pandas as pd

from analysis import config
from analysis.choices import ENTITY_TYPES
from analysis.segment import load_stopwords, read_word_list

TYPES = ENTITY_TYPES
ENCLITICS = ("nya", "lah", "kah", "pun")
GAZETTEER_COLUMNS = ("entity", "type", "aliases", "short_forms", "match_case", "notes")
TRUE_WORDS = {"yes", "y", "true", "1", "ya"}
FALSE_WORDS = {"", "no", "n", "false", "0", "tidak"}


class GazetteerError(ValueError):
    """The gazetteer has rows that cannot be used; the message lists them all."""


@dataclass(frozen=True)
class Entity:
    name: str
    type: str
    aliases: tuple[str, ...]
    short_forms: tuple[str, ...] = ()
    match_case: bool = False
    notes: str = ""


class Match(NamedTuple):
    """One mention: ``start``/``end`` are offsets into the text searched."""

    start: int
    end: int
    entity: str
    type: str
    surface: str
    short_form: bool = False


def _split(cell: str | None) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in (cell or "").split("|"):
        part = " ".join(part.split())
        if part:
            seen.setdefault(part)
    return tuple(seen)


def load_gazetteer(path: Path | str = config.ENTITIES) -> list[Entity]:
    """Read and validate the gazetteer.

    Raises:
        GazetteerError: naming every bad row: an empty name, an unknown type, an
            alias (or name) claimed by two entities, a short form that is another
            entity's alias, a missing column.
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("entity", "type", "aliases") if c not in (reader.fieldnames or [])]
        if missing:
            raise GazetteerError(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(GAZETTEER_COLUMNS)}")
        rows = list(enumerate(reader, start=2))
    problems: list[str] = []
    entities: list[tuple[int, Entity]] = []
    owner: dict[str, tuple[str, int]] = {}
    names: dict[str, int] = {}
    for line, row in rows:
        name = " ".join((row.get("entity") or "").split())
        kind = (row.get("type") or "").strip().lower()
        if not name:
            problems.append(f"row {line}: empty entity name")
            continue
        if kind not in TYPES:
            problems.append(f"row {line} ({name}): unknown type {kind!r}; use one of {', '.join(TYPES)}")
        aliases = _split("|".join([name, row.get("aliases") or ""]))
        for alias in aliases:
            other, other_line = owner.setdefault(alias.casefold(), (name, line))
            if other != name:
                problems.append(f"rows {other_line} and {line}: alias {alias!r} is claimed by both {other!r} and {name!r}")
        if name.casefold() in names:
            problems.append(f"rows {names[name.casefold()]} and {line}: entity {name!r} is listed twice; merge the rows")
        names.setdefault(name.casefold(), line)
        flag = (row.get("match_case") or "").strip().lower()
        if flag not in TRUE_WORDS | FALSE_WORDS:
            problems.append(f"row {line} ({name}): match_case {flag!r} is neither yes nor no")
        match_case = flag in TRUE_WORDS
        entities.append((line, Entity(name, kind, aliases, _split(row.get("short_forms")), match_case, (row.get("notes") or "").strip())))
    for line, entity in entities:
        for short in entity.short_forms:
            other = owner.get(short.casefold())
            if other and other[0] != entity.name:
                problems.append(f"row {line} ({entity.name}): short form {short!r} is an alias of {other[0]!r} (row {other[1]})")
    if problems:
        raise GazetteerError(f"{path}: " + "; ".join(problems))
    return [entity for _, entity in entities]


def _is_acronym(alias: str) -> bool:
    return any(ch.isalpha() for ch in alias) and not any(ch.islower() for ch in alias)


def fold(text: str) -> str:
    """Lower-case ``text`` without changing its length, so offsets stay valid."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class EntityMatcher:
    """Two Aho-Corasick automata over every alias and short form of a gazetteer.

    One holds the patterns that match whatever the case, lower-cased, and reads
    the lower-cased text; the other holds those that must match as written
    (acronyms, short forms, ``match_case`` rows) and reads the text as it is.
    Keeping "AS" out of the first automaton matters for speed too: lower-cased,
    it would hit inside every "atas" and "keamanan".
    """

    def __init__(self, entities: Iterable[Entity], *, titles: Iterable[str] | None = None):
        self.entities = {e.name: e for e in entities}
        # Words that may stand before a short form without making it part of a longer name:
        # titles ("Presiden Xi") and function words ("Menurut Lavrov, ...").
        self.titles = {t.lower() for t in (read_word_list(config.TITLES) if titles is None else titles)} | load_stopwords()
        self.automata = (ahocorasick.Automaton(), ahocorasick.Automaton())  # (folded, exact)
        self.n_patterns = 0
        self.short_form_claimants: dict[str, set[str]] = defaultdict(set)
        folded, exact = self.automata
        for entity in self.entities.values():
            for alias in entity.aliases:
                if _is_acronym(alias):
                    self._add(exact, alias, entity.name, False)
                elif entity.match_case:
                    for form in _exact_forms(alias):
                        self._add(exact, form, entity.name, False)
                else:
                    self._add(folded, fold(alias), entity.name, False)
            for short in entity.short_forms:
                for form in _exact_forms(short):
                    self._add(exact, form, entity.name, True)
                    self.short_form_claimants[form].add(entity.name)
        for automaton in self.automata:
            if len(automaton):
                automaton.make_automaton()

    def _add(self, automaton: ahocorasick.Automaton, key: str, name: str, short: bool) -> None:
        automaton.add_word(key, (*automaton.get(key, ()), (len(key), name, short)))
        self.n_patterns += 1

    def find(self, text: str) -> list[Match]:
        """All mentions in ``text``, longest first, no two overlapping; short forms not yet licensed."""
        n = len(text)
        found = []
        for automaton, haystack in zip(self.automata, (fold(text), text)):
            if not len(automaton):
                continue
            for end, claims in automaton.iter(haystack):
                stop = end + 1
                for length, name, short in claims:
                    start = stop - length
                    # A word boundary on both sides: letter-letter or digit-digit is one word ("USD3,5" is two).
                    if start:
                        left, first = text[start - 1], text[start]
                        if (left.isalpha() and first.isalpha()) or (left.isdigit() and first.isdigit()):
                            continue
                    if stop < n:
                        last, right = text[stop - 1], text[stop]
                        if ((last.isalpha() and right.isalpha()) or (last.isdigit() and right.isdigit())) and not enclitic_follows(
                            text, stop
                        ):
                            continue
                    if short and self._part_of_longer_name(text, start, stop):
                        continue
                    found.append((start, stop, name, short))
        if len(found) > 1:
            found.sort(key=lambda m: (m[0], m[0] - m[1], m[3], m[2]))
        matches, reach = [], 0
        for start, stop, name, short in found:
            if start >= reach:
                matches.append(Match(start, stop, name, self.entities[name].type, text[start:stop], short))
                reach = stop
        return matches

    def _part_of_longer_name(self, text: str, start: int, stop: int) -> bool:
        """True when a short form is glued to another capitalised name: "Wang" in "Wang Wenbin", "Khan" in "Imran Khan".

        A title or a function word before it ("Presiden Xi", "Bapak Wang",
        "Menurut Lavrov") does not count as a name.
        """
        after = _NEXT_WORD.match(text, stop)
        if after and after.group(1)[0].isupper():
            return True
        before = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
        return bool(before and before.group(1)[0].isupper() and before.group(1).lower() not in self.titles)


_NEXT_WORD = re.compile(r" ([^\W\d_][\w'-]*)")
_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w'-]*) $")


def _exact_forms(pattern: str) -> tuple[str, ...]:
    """A case-sensitive pattern as written and, from four letters on, in capitals for ALL-CAPS headlines ("LAVROV")."""
    upper = pattern.upper()
    return (pattern, upper) if len(pattern) >= 4 and upper != pattern else (pattern,)


def enclitic_follows(text: str, stop: int) -> bool:
    """True if an enclitic ("-nya", "-lah", "-kah", "-pun", any case) and then a word boundary follow ``stop``."""
    for enclitic in ENCLITICS:
        after = stop + len(enclitic)
        if text[stop:after].lower() == enclitic and (after == len(text) or not text[after].isalnum()):
            return True
    return False


MENTION_COLUMNS = ["doc_id", "para_id", "entity", "type", "surface", "start", "end", "source"]


def find_mentions(
    paragraphs: pd.DataFrame, matcher: EntityMatcher, *, recogniser=None, sentences: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Mentions in every paragraph, with short forms resolved within each article.

    Args:
        paragraphs: the ``paragraphs.csv`` table (doc_id, para_id, kind, text), cleaned text only.
        matcher: an :class:`EntityMatcher`.
        recogniser: a :class:`analysis.ner.NameRecogniser` to find the names the gazetteer lacks too (it reads
            ``sentences``, the ``sentences.csv`` table); None for the gazetteer alone.

    Returns:
        The ``entity_mentions.csv`` table: doc_id, para_id, entity, type, surface, start, end (offsets into the
        paragraph text), source (gazetteer, model or both), in text order.
    """
    by_doc = dict(list(sentences.groupby("doc_id"))) if recogniser is not None and sentences is not None else {}
    rows: list[tuple] = []
    for doc_id, group in paragraphs.groupby("doc_id", sort=True):
        sents = by_doc.get(doc_id)
        found = article_mentions(
            zip(group["para_id"], group["text"]),
            matcher,
            recogniser=recogniser,
            sentences=None if sents is None else sents[["para_id", "sent_id", "start", "end", "text"]].itertuples(index=False, name=None),
            kinds=dict(zip(group["para_id"], group["kind"])) if "kind" in group else None,
        )
        rows += [(doc_id, *row) for row in found]
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def article_mentions(
    paragraphs, matcher: EntityMatcher, *, recogniser=None, sentences=None, kinds: dict | None = None, spans: list[tuple] | None = None
) -> list[tuple]:
    """The mentions of one article, ``(para_id, entity, type, surface, start, end, source)`` in text order.

    Args:
        paragraphs: ``(para_id, text)`` of each of the article's paragraphs, in order.
        matcher: an :class:`EntityMatcher`.
        recogniser: a :class:`analysis.ner.NameRecogniser`, or None for the gazetteer alone.
        sentences: ``(para_id, sent_id, start, end, text)`` of the article's sentences, which the recogniser reads.
        kinds: each paragraph's kind: the recogniser reads body paragraphs only (headlines and headings are in
            title case, which it would take for names).
        spans: the recogniser's names in this article, from :func:`recogniser_spans` (for many articles at
            once); then ``recogniser``, ``sentences`` and ``kinds`` are not needed.
    """
    texts, found = {}, []
    for para_id, text in paragraphs:
        texts[para_id] = text
        found += [(para_id, m) for m in matcher.find(text)]
    kept = drop_bracketed_repeats(resolve_short_forms(found, matcher), texts)
    gazetteer = [(para_id, m.entity, m.type, m.surface, m.start, m.end) for para_id, m in kept]
    if spans is None and recogniser is not None:
        spans = recogniser_spans(recogniser, [(sentences or (), kinds)])[0]
    if spans is None:
        return [(*row, "gazetteer") for row in gazetteer]
    from analysis.names import merge_article

    mentions, _ = merge_article(texts, gazetteer, spans)
    return [tuple(m) for m in mentions]


def recogniser_spans(recogniser, articles: list[tuple]) -> list[list[tuple[int, int, int, str]]]:
    """The recogniser's names in the body sentences of each article, ``(para_id, start, end, TYPE)``, all tagged in one call.

    Args:
        recogniser: a :class:`analysis.ner.NameRecogniser`.
        articles: ``(sentences, kinds)`` of each article, as :func:`article_mentions` takes them (``kinds``
            None: every paragraph is read).
    """
    body = [
        [(para_id, start, text) for para_id, _, start, _, text in sentences if kinds is None or kinds.get(para_id) == "body"]
        for sentences, kinds in articles
    ]
    found = iter(recogniser.find_all([text for sentences in body for _, _, text in sentences]))
    return [
        [(para_id, start + s.start, start + s.end, s.type) for para_id, start, _ in sentences for s in next(found)] for sentences in body
    ]


_OPEN = re.compile(r"\s*\(\s*$")
_CLOSE = re.compile(r"^\s*\)")


def drop_bracketed_repeats(found: list[tuple[int, Match]], texts: dict[int, str]) -> list[tuple[int, Match]]:
    """One mention for "Full Name (ACRONYM)": a mention in brackets right after a mention of the same entity is dropped.

    "Pengadilan Kriminal Internasional (ICC)" names the court once, not twice.
    """
    kept: list[tuple[int, Match]] = []
    for para_id, m in found:
        if kept:
            prev_para, prev = kept[-1]
            text = texts[para_id]
            if (
                prev_para == para_id
                and prev.entity == m.entity
                and _OPEN.fullmatch(text[prev.end : m.start])
                and _CLOSE.match(text[m.end :])
            ):
                continue
        kept.append((para_id, m))
    return kept


def resolve_short_forms(found: list[tuple[int, Match]], matcher: EntityMatcher) -> list[tuple[int, Match]]:
    """Keep a short form only if its entity is named in full in the same article (``found`` is one article's matches)."""
    full = [(para_id, m.start, m.entity) for para_id, m in found if not m.short_form]
    named = {entity for _, _, entity in full}
    claimants = matcher.short_form_claimants
    kept = []
    for para_id, m in found:
        if not m.short_form:
            kept.append((para_id, m))
            continue
        options = claimants[m.surface] & named
        if not options:
            continue
        if len(options) > 1:
            before = [f for f in full if f[2] in options and (f[0], f[1]) < (para_id, m.start)]
            chosen = max(before)[2] if before else min(f for f in full if f[2] in options)[2]
        else:
            chosen = options.pop()
        kept.append((para_id, m._replace(entity=chosen, type=matcher.entities[chosen].type)))
    return kept


def count_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """The ``entity_counts.csv`` table: doc_id, entity, type, count; most mentioned first within each article."""
    counts = mentions.groupby(["doc_id", "entity", "type"], as_index=False).size().rename(columns={"size": "count"})
    return counts.sort_values(["doc_id", "count", "entity"], ascending=[True, False, True], ignore_index=True)


def cooccurrence(mentions: pd.DataFrame) -> pd.DataFrame:
    """The ``entity_cooccurrence.csv`` table: entity_a < entity_b, and how many paragraphs name both."""
    named = mentions[["doc_id", "para_id", "entity"]].drop_duplicates()
    both = named.merge(named, on=["doc_id", "para_id"], suffixes=("_a", "_b"))
    both = both[both["entity_a"] < both["entity_b"]]
    frame = both.groupby(["entity_a", "entity_b"], as_index=False).size().rename(columns={"size": "paragraphs"})
    frame = frame.astype({"entity_a": object, "entity_b": object, "paragraphs": "int64"})
    return frame.sort_values(["paragraphs", "entity_a", "entity_b"], ascending=[False, True, True], ignore_index=True)


def surface_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """How often each surface form was written, per entity: what counting strings would have counted."""
    counts = mentions.groupby(["entity", "type", "surface"], as_index=False).size().rename(columns={"size": "count"})
    return counts.sort_values(["entity", "count", "surface"], ascending=[True, False, True], ignore_index=True)


def per_thousand_tokens(counts: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """An entity x article table of mentions per 1,000 word tokens (articles as columns)."""
    tokens = documents.set_index("doc_id")["n_tokens"].astype(float)
    table = counts.pivot_table(index="entity", columns="doc_id", values="count", aggfunc="sum", fill_value=0)
    return table.div(tokens.reindex(table.columns), axis=1) * 1000


def keyword_in_context(
    paragraphs: pd.DataFrame, mentions: pd.DataFrame, entity: str, *, width: int = 60, limit: int | None = 20
) -> pd.DataFrame:
    """Keyword in context: each mention of ``entity`` with ``width`` characters of text on either side.

    Returns:
        doc_id, para_id, left, mention, right; right-aligned ``left`` makes the
        mentions line up when printed.
    """
    text = paragraphs.set_index(["doc_id", "para_id"])["text"]
    rows = []
    for m in mentions[mentions["entity"] == entity].head(limit).itertuples():
        para = text[(m.doc_id, m.para_id)]
        left = para[max(0, m.start - width) : m.start]
        rows.append(
            (
                m.doc_id,
                m.para_id,
                ("\u2026" if m.start > width else "") + left,
                para[m.start : m.end],
                para[m.end : m.end + width] + ("\u2026" if m.end + width < len(para) else ""),
            )
        )
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "left", "mention", "right"])


def resolution_gain(surfaces: pd.DataFrame) -> pd.DataFrame:
    """Per entity: how many written forms it had, what counting its commonest form alone finds, and what resolution finds.

    Returns:
        entity, type, forms, commonest_form, naive_count, resolved_count,
        missed_share (the share of mentions a count of one string misses),
        entities with several forms first.
    """
    rows = []
    for (entity, kind), group in surfaces.groupby(["entity", "type"]):
        group = group.sort_values(["count", "surface"], ascending=[False, True])
        resolved = int(group["count"].sum())
        naive = int(group["count"].iloc[0])
        rows.append((entity, kind, len(group), group["surface"].iloc[0], naive, resolved, round(1 - naive / resolved, 3)))
    frame = pd.DataFrame(rows, columns=["entity", "type", "forms", "commonest_form", "naive_count", "resolved_count", "missed_share"])
    return frame.sort_values(["forms", "resolved_count", "entity"], ascending=[False, False, True], ignore_index=True)


def gazetteer_frame(entities: Iterable[Entity]) -> pd.DataFrame:
    """The gazetteer as a table, for a notebook to show."""
    return pd.DataFrame(
        [(e.name, e.type, " | ".join(e.aliases[1:]), " | ".join(e.short_forms)) for e in entities],
        columns=["entity", "type", "aliases", "short_forms"],
    )


def mentions_for(tables_dir: Path, paragraphs: pd.DataFrame, gazetteer: Path | str = config.ENTITIES) -> pd.DataFrame:
    """The run's ``entity_mentions.csv`` if the entities notebook wrote it, else the mentions found now with ``gazetteer``.

    Later notebooks use this so that they run on their own as well as after the entities notebook.
    """
    from analysis.tables import read_table

    path = tables_dir / "entity_mentions.csv"
    if path.exists():
        return read_table(path)
    return find_mentions(paragraphs, EntityMatcher(load_gazetteer(gazetteer)))
