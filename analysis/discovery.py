"""Suggest names the gazetteer lacks: runs of capitalised words inside sentences, scored by frequency and collocation.

A candidate is a run of capitalised tokens that does not start a sentence and
is not made only of gazetteer mentions. Leading titles ("Presiden", "Bapak")
and known mentions are stripped; lower-case words, days and months break a
run. Single words that the corpus
more often writes in lower case are dropped (they are ordinary words
capitalised for emphasis). Multi-word candidates get NLTK's log-likelihood
ratio for their weakest adjacent pair, which separates names ("Sadyr Japarov")
from chance neighbours. Only body paragraphs are read: headings are written in
title case and would suggest every word.

The result is a table for a researcher to read and copy into
``data/lexicons/entities.csv``; nothing is added automatically. Phrases that
are not names go into ``data/lexicons/discovery_ignore.txt`` and are not
suggested again.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict

import pandas as pd

from analysis import config
from analysis import resources as R
from analysis.segment import read_word_list, tokenize

_WORD = re.compile(r"^[^\W\d_][\w'-]*$")
CANDIDATE_COLUMNS = ["candidate", "count", "documents", "example", "words", "llr"]
_DAYS = frozenset(R.DAYS)


_BRACKET_AFTER = re.compile(r"\s*\(\s*([^()\s][^()]{0,40}?)\s*\)")


def _capitalised(token: str) -> bool:
    return bool(_WORD.match(token)) and token[0].isupper()


def candidate_runs(
    sentence: str,
    offset: int,
    masked: list[tuple[int, int]],
    *,
    stop: set[str],
    titles: set[str],
    ignore: set[str] = frozenset(),
    tokens: list[tuple[int, int, str]] | None = None,
) -> list[str]:
    """Capitalised runs of one sentence; ``offset`` places the sentence in its paragraph, ``masked`` are known mentions there.

    A known mention may sit inside a run ("Carnegie Russia Eurasia Center",
    "Dewan Keamanan Rusia"), but a run made only of known mentions is not a
    candidate, and known mentions, titles and ignored words are stripped from its start.

    Example:
        >>> candidate_runs("Putin bertemu Presiden Sadyr Japarov di Bishkek.", 0, [], stop={"di"}, titles={"presiden"})
        ['Sadyr Japarov', 'Bishkek']
    """
    runs: list[list[tuple[str, bool]]] = [[]]
    first_word = True
    for start, end, token in tokenize(sentence) if tokens is None else tokens:
        is_word = any(ch.isalnum() for ch in token)
        at_start, first_word = first_word and is_word, first_word and not is_word
        low = token.lower()
        if at_start or not _capitalised(token) or low in _DAYS or low in R.MONTHS or (low in stop and not runs[-1]):
            if runs[-1]:
                runs.append([])
            continue
        known = any(start + offset < m_end and m_start < end + offset for m_start, m_end in masked)
        runs[-1].append((token, known))
    found = []
    for run in runs:
        while run and (run[0][1] or run[0][0].lower() in titles or run[0][0] in ignore):
            run.pop(0)
        while run and run[-1][0].lower() in stop:
            run.pop()
        if any(not known for _, known in run):
            found.append(" ".join(token for token, _ in run))
    return found


def _overlapping(spans: list[tuple[int, int]], starts: list[int], longest: int, low: int, high: int) -> list[tuple[int, int]]:
    """The spans (sorted, with their ``starts``; none longer than ``longest``) that overlap ``[low, high)``: found by
    bisection, so that a paragraph of many sentences and mentions costs time in proportion to them, not their product."""
    first = bisect.bisect_left(starts, low - longest)
    last = bisect.bisect_left(starts, high)
    return [span for span in spans[first:last] if span[1] > low]


def discover_candidates(
    sentences: pd.DataFrame,
    paragraphs: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    stopwords: frozenset[str],
    min_count: int = 1,
) -> pd.DataFrame:
    """Names worth adding to the gazetteer.

    Args:
        sentences: ``sentences.csv`` (doc_id, para_id, sent_id, start, text).
        paragraphs: ``paragraphs.csv``; only ``body`` paragraphs are read.
        mentions: ``entity_mentions.csv``; what the gazetteer already finds is skipped.
        stopwords: lower-cased stopwords (they break or trim a run).
        min_count: keep candidates seen at least this often.

    Returns:
        The ``entity_candidates.csv`` table: candidate, count, documents,
        example (the first sentence it occurs in), words, llr (NLTK
        log-likelihood ratio of its weakest adjacent pair; empty for one word),
        most frequent first.
    """
    titles = {t.lower() for t in read_word_list(config.TITLES)}
    ignore = set(read_word_list(config.DISCOVERY_IGNORE))
    stop = set(stopwords) - titles
    body = paragraphs.loc[paragraphs["kind"] == "body", ["doc_id", "para_id"]]
    sents = sentences.merge(body, on=["doc_id", "para_id"]).sort_values(["doc_id", "para_id", "sent_id"])
    spans = defaultdict(list)
    texts = dict(zip(zip(paragraphs["doc_id"], paragraphs["para_id"]), paragraphs["text"])) if "text" in paragraphs else {}
    for doc_id, para_id, start, end in mentions[["doc_id", "para_id", "start", "end"]].itertuples(index=False):
        spans[(doc_id, para_id)].append((start, end))
        bracket = _BRACKET_AFTER.match(texts.get((doc_id, para_id), ""), end)
        if bracket:  # "Full Name (ACRONYM)": the acronym is the mention's, counted once, and no candidate
            spans[(doc_id, para_id)].append(bracket.span(1))

    counts: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    example: dict[str, str] = {}
    case: Counter[tuple[str, bool]] = Counter()
    token_stream: list[str] = []
    for key in spans:
        spans[key].sort()
    starts = {key: [m_start for m_start, _ in found] for key, found in spans.items()}
    longest = {key: max(m_end - m_start for m_start, m_end in found) for key, found in spans.items()}
    for doc_id, para_id, start, text in sents[["doc_id", "para_id", "start", "text"]].itertuples(index=False):
        key = (doc_id, para_id)
        masked = _overlapping(spans[key], starts[key], longest[key], start, start + len(text)) if key in starts else []
        tokens = tokenize(text)
        words = [t for _, _, t in tokens if any(ch.isalnum() for ch in t)]
        token_stream += [w.lower() for w in words] + ["\u2029"]  # a sentence break no bigram crosses
        for w in words[1:]:
            case[(w.lower(), w[0].isupper())] += 1
        for run in candidate_runs(text, start, masked, stop=stop, titles=titles, ignore=ignore, tokens=tokens):
            counts[run] += 1
            docs[run].add(doc_id)
            example.setdefault(run, text)

    from nltk.metrics import BigramAssocMeasures  # importing nltk takes half a second

    # NLTK's log-likelihood ratio for the adjacent pairs of the candidates only: the counts are those of
    # BigramCollocationFinder.from_words(token_stream), without scoring every bigram of the corpus.
    unigrams, n_words = Counter(token_stream), len(token_stream)
    needed = {(a.lower(), b.lower()) for cand in counts for a, b in zip(cand.split(), cand.split()[1:])}
    bigrams = Counter(pair for pair in zip(token_stream, token_stream[1:]) if pair in needed)
    llr = {(a, b): BigramAssocMeasures.likelihood_ratio(bigrams[(a, b)], (unigrams[a], unigrams[b]), n_words) for a, b in needed}
    rows = []
    for cand, n in counts.items():
        words = cand.split()
        if n < min_count or cand in ignore:
            continue
        if len(words) == 1 and case[(cand.lower(), False)] > case[(cand.lower(), True)]:
            continue
        pairs = [llr.get((a.lower(), b.lower()), math.nan) for a, b in zip(words, words[1:])]
        rows.append((cand, n, len(docs[cand]), example[cand], len(words), round(min(pairs), 2) if pairs else math.nan))
    frame = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    frame["_llr"] = frame["llr"].fillna(-1.0)
    frame = frame.sort_values(["count", "documents", "_llr", "candidate"], ascending=[False, False, False, True], ignore_index=True)
    return frame.drop(columns="_llr")
