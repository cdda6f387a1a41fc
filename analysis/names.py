"""One mention table from two finders: the gazetteer's aliases and the trained name recogniser, merged within an article.

The rules, applied to one article in text order:

1. Where the recogniser's span and a gazetteer mention cover the same words,
   the mention keeps the gazetteer's canonical name and type, ``source``
   ``both``. Where they overlap otherwise, the gazetteer wins ("Presiden Rusia
   Vladimir Putin" tagged as one span is still Russia and Putin), so every
   alias group of the gazetteer keeps its mentions; a name that holds a
   gazetteer name ("Bank Indonesia") is added to the gazetteer to be counted.
2. A gazetteer mention the recogniser did not find is ``gazetteer``; a name
   only the recogniser found is ``model``, under a normalised name: spacing
   collapsed, an enclitic dropped ("Jokowinya" is "Jokowi"), the capitals of
   its first appearance in the article.
3. "Full Name (ACRONYM)" is one mention: the acronym in brackets is dropped,
   the pair is kept as an alias to offer the researcher, and the acronym
   alone later in the article counts as the full name.
4. A person's one-word name ("Widodo", "Joko") that is a word of a longer
   person's name already seen in the article is that person.

Types use the gazetteer's words: person, organization, place (and other).

Example:
    >>> text = "Komisi Pemberantasan Korupsi (KPK) memeriksa Budi Santoso. KPK lalu menahan Santoso."
    >>> span = lambda words, kind, after=0: (1, text.index(words, after), text.index(words, after) + len(words), kind)
    >>> found = [span("Komisi Pemberantasan Korupsi", "ORG"), span("KPK", "ORG"), span("Budi Santoso", "PER"),
    ...          span("KPK", "ORG", 40), span("Santoso", "PER", 60)]
    >>> rows, aliases = merge_article({1: text}, [], found)
    >>> [(r.entity, r.surface) for r in rows]
    [('Komisi Pemberantasan Korupsi', 'Komisi Pemberantasan Korupsi'), ('Budi Santoso', 'Budi Santoso'), ('Komisi Pemberantasan Korupsi', 'KPK'), ('Budi Santoso', 'Santoso')]
    >>> aliases
    [('Komisi Pemberantasan Korupsi', 'KPK')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pandas as pd

from analysis.entities import ENCLITICS

MODEL_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}
_OPEN = re.compile(r"\s*\(\s*$")
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&.-]{1,9}")


class Mention(NamedTuple):
    para_id: int
    entity: str
    type: str
    surface: str
    start: int
    end: int
    source: str  # "gazetteer", "model" or "both"


@lru_cache(maxsize=65_536)
def _clean(surface: str) -> str:
    """The surface with single spaces and without a final enclitic, its capitals kept."""
    words = surface.split()
    if words:
        for enclitic in ENCLITICS:
            if words[-1].lower().endswith(enclitic) and len(words[-1]) > len(enclitic) + 2:
                words[-1] = words[-1][: -len(enclitic)]
                break
    return " ".join(words)


@lru_cache(maxsize=65_536)
def name_key(surface: str) -> str:
    """How two writings of one unknown name are told the same: case folded, single spaces, no enclitic."""
    return _clean(surface).casefold()


def merge_article(
    texts: dict[int, str], gazetteer: Iterable[tuple], model: Iterable[tuple[int, int, int, str]]
) -> tuple[list[Mention], list[tuple[str, str]]]:
    """Merge one article's gazetteer mentions and recogniser spans.

    Args:
        texts: each paragraph's text, by para_id.
        gazetteer: ``(para_id, entity, type, surface, start, end)`` (what :func:`analysis.entities.article_mentions` gives).
        model: ``(para_id, start, end, TYPE)`` of the recogniser's spans, TYPE one of PER, ORG, LOC.

    Returns:
        ``(mentions, aliases)``: the merged mentions in text order, and the ``(full name, acronym)`` pairs seen.
    """
    gaz = sorted((p, s, e, ent, kind, surf) for p, ent, kind, surf, s, e in gazetteer)
    spans = sorted(model)
    merged: list[tuple[int, int, int, str, str, str, str]] = []  # para, start, end, entity, type, surface, source
    used: set[int] = set()  # gazetteer mentions matched or overruled
    starts = [(g[0], g[1]) for g in gaz]
    for p, s, e, kind in spans:
        text = texts[p]
        # The gazetteer's mentions of a paragraph never overlap one another, so only the one starting last
        # before s can reach into the span from the left.
        first = bisect_left(starts, (p, s))
        if first and gaz[first - 1][0] == p and gaz[first - 1][2] > s:
            first -= 1
        inside = []
        for i in range(first, len(gaz)):
            if gaz[i][0] != p or gaz[i][1] >= e:
                break
            inside.append(i)
        if not inside:
            merged.append((p, s, e, "", MODEL_TYPES.get(kind, kind), text[s:e], "model"))
            continue
        same = [i for i in inside if gaz[i][1] == s and gaz[i][2] == e]
        if same:
            g = gaz[same[0]]
            merged.append((p, s, e, g[3], g[4], g[5], "both"))
            used.add(same[0])
    merged += [(g[0], g[1], g[2], g[3], g[4], g[5], "gazetteer") for i, g in enumerate(gaz) if i not in used]
    merged.sort()

    mentions: list[Mention] = []
    aliases: list[tuple[str, str]] = []
    acronyms: dict[str, tuple[str, str]] = {}  # acronym -> (entity, type) of its full name
    display: dict[str, str] = {}  # name_key -> the capitals of its first appearance
    persons: list[str] = []  # full names of persons seen, most recent last
    for p, s, e, entity, kind, surface, source in merged:
        text = texts[p]
        if mentions and mentions[-1].para_id == p and _OPEN.fullmatch(text[mentions[-1].end : s]) and text[e:].lstrip().startswith(")"):
            full = mentions[-1]
            if _ACRONYM.fullmatch(surface) and surface != full.surface:
                acronyms.setdefault(surface, (full.entity, full.type))
                if (full.entity, surface) not in aliases and full.entity != surface:
                    aliases.append((full.entity, surface))
                continue  # "Full Name (ACRONYM)": one mention
        if not entity:
            if surface in acronyms:
                entity, kind = acronyms[surface]
            else:
                key = name_key(surface)
                entity = display.setdefault(key, _clean(surface))
                if kind == "person" and " " not in entity:
                    longer = [full for full in reversed(persons) if entity.casefold() in full.casefold().split()]
                    if longer:
                        entity = longer[0]
        if kind == "person" and " " in entity:
            persons.append(entity)
        mentions.append(Mention(p, entity, kind, surface, s, e, source))
    return mentions, aliases


CANDIDATE_COLUMNS = ["candidate", "count", "documents", "example", "type", "forms"]


def names_to_add(mentions, *, ignore: Iterable[str] = (), paragraphs=None) -> pd.DataFrame:
    """The names only the recogniser found, as rows to consider for the gazetteer: the most mentioned first.

    Args:
        mentions: the ``entity_mentions`` table (with its ``source`` column).
        ignore: words never suggested (``data/lexicons/discovery_ignore.txt``: currency codes, common acronyms).
        paragraphs: doc_id, para_id, text, for an example of each name (the paragraph of its first mention).

    Returns:
        The ``entity_candidates`` table: candidate (the name), count, documents, example, type, forms (the written
        forms, the name first, ``|``-separated as ``entities.csv`` wants aliases).
    """
    import pandas as pd

    found = mentions[mentions["source"] == "model"] if "source" in mentions else mentions.iloc[0:0]
    skip = {w.casefold() for w in ignore}
    found = found[~found["entity"].str.casefold().isin(skip) & ~found["surface"].str.casefold().isin(skip)]
    if found.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    found = found.sort_values(["doc_id", "para_id", "start"], kind="stable")
    texts = {} if paragraphs is None else dict(zip(zip(paragraphs["doc_id"], paragraphs["para_id"]), paragraphs["text"]))
    rows = []
    for (entity, kind), group in found.groupby(["entity", "type"], sort=True):
        forms = [entity] + sorted(set(group["surface"]) - {entity})
        first = group.iloc[0]
        rows.append(
            (entity, len(group), group["doc_id"].nunique(), texts.get((first["doc_id"], first["para_id"]), ""), kind, "|".join(forms))
        )
    table = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    return table.sort_values(["count", "documents", "candidate"], ascending=[False, False, True], ignore_index=True)
