"""The inputs and the measures of topic models: units, tokens, the document-term matrix, coherence, diversity, stability.

The steps, each a function (the models themselves are in :mod:`analysis.topic_models`):

1. :func:`make_units` turns paragraphs into modelling units (paragraphs,
   whole articles, or windows of sentences);
2. :func:`prepare_tokens` lower-cases, drops stopwords, numbers, punctuation
   and short tokens, optionally stems with Sastrawi and joins frequent
   two-word terms found by NLTK's collocation finder ("kerja_sama");
3. :func:`vectorize` builds a sparse document-term matrix with scikit-learn
   (:func:`count_matrix` builds the same one a chunk of units at a time);
4. :func:`analysis.topic_models.fit_model` fits ``lda`` (tomotopy's Gibbs
   sampler on counts) or ``nmf`` (NMF on TF-IDF);
5. :func:`npmi_coherence`, :func:`topic_diversity` and :func:`stability`
   measure quality; :func:`analysis.topic_models.sweep` does it for several numbers of topics.

Coherence is NPMI over *document* co-occurrence: two top words co-occur when
they appear in the same unit, and P(w) is the share of units containing w.

Example:
    >>> units = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "para_id": [1, 1, 1, 1], "unit_id": ["a:1", "b:1", "c:1", "d:1"],
    ...     "text": ["minyak gas ekspor minyak", "gas minyak energi", "sanksi barat sanksi", "sanksi bank barat"]})
    >>> tokens = prepare_tokens(units["text"], stopwords=frozenset())
    >>> matrix = vectorize(tokens, min_df=1, max_df=1.0)
    >>> matrix.counts.shape, list(matrix.vocabulary[:3])
    ((4, 7), ['bank', 'barat', 'ekspor'])
"""

from __future__ import annotations

import math
import numbers
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from analysis.choices import TOPIC_MODELS, TOPIC_UNITS
from analysis.segment import words as word_tokens

MODELS = TOPIC_MODELS
UNITS = TOPIC_UNITS
TOP_N = 10
MIN_TOKEN_LENGTH = 3
# Words that join phrases rather than belong to them: a two-word term never starts or ends with one.
CONNECTORS = frozenset("dan di ke dari yang untuk dengan pada dalam atau serta oleh bagi the of and in to for on a an by with".split())
# Phrases are found in at most this many units (a fixed sample), which is plenty for frequent two-word terms.
PHRASE_MAX_UNITS = 20_000
# Units tokenised at a time when the matrix of a corpus is built.
CHUNK_UNITS = 50_000


@dataclass
class Matrix:
    """A sparse document-term matrix with its vocabulary and the weighting the model was fitted on."""

    counts: sparse.csr_matrix
    vocabulary: np.ndarray

    def weighted(self, model: str, tfidf: TfidfTransformer | None = None) -> sparse.csr_matrix:
        """Counts for LDA, TF-IDF for NMF (with the document frequencies of ``tfidf`` when given, else of these counts)."""
        if model == "lda":
            return self.counts
        return (tfidf or self.tfidf()).transform(self.counts)

    def tfidf(self) -> TfidfTransformer:
        """The TF-IDF weighting fitted on these counts (sublinear term frequencies)."""
        return TfidfTransformer(sublinear_tf=True).fit(self.counts)

    def rows(self, index: np.ndarray) -> Matrix:
        """The matrix of the units ``index`` only, with the same vocabulary."""
        return Matrix(self.counts[index], self.vocabulary)

    @property
    def nbytes(self) -> int:
        return self.counts.data.nbytes + self.counts.indices.nbytes + self.counts.indptr.nbytes + self.vocabulary.nbytes


def entity_token(entity: str) -> str:
    """The one word that stands for an entity in the topic models: "Vladimir Putin" -> ``vladimir_putin``."""
    return re.sub(r"\W+", "_", entity.lower()).strip("_")


def _replaced(text: str, spans: list[tuple[int, int, str]]) -> str:
    pieces, last = [], 0
    for start, end, token in spans:
        if start >= last:
            pieces += [text[last:start], token]
            last = end
    return "".join(pieces) + text[last:]


def with_entity_tokens(
    paragraphs: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """``paragraphs`` (and ``sentences``) with every mention written as its entity's token (:func:`entity_token`).

    So "China" and "Tiongkok", or "Putin" and "Vladimir Putin", are one word of a topic, and a name is one word
    rather than several.
    """
    if mentions.empty:
        return paragraphs, sentences
    spans: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    for doc_id, para_id, entity, start, end in mentions[["doc_id", "para_id", "entity", "start", "end"]].itertuples(index=False):
        spans.setdefault((doc_id, para_id), []).append((start, end, " " + entity_token(entity) + " "))
    for found in spans.values():
        found.sort()
    texts = [_replaced(t, spans.get((d, p), [])) for d, p, t in zip(paragraphs["doc_id"], paragraphs["para_id"], paragraphs["text"])]
    paragraphs = paragraphs.assign(text=texts)
    if sentences is not None:
        rows = []
        for d, p, s, e, t in sentences[["doc_id", "para_id", "start", "end", "text"]].itertuples(index=False):
            inside = [(a - s, b - s, tok) for a, b, tok in spans.get((d, p), []) if s <= a and b <= e]
            rows.append(_replaced(t, inside) if inside else t)
        sentences = sentences.assign(text=rows)
    return paragraphs, sentences


def make_units(
    paragraphs: pd.DataFrame, sentences: pd.DataFrame | None = None, *, unit: str = "paragraphs", window: int = 3
) -> pd.DataFrame:
    """The texts to model: body and heading paragraphs, whole articles, or windows of ``window`` sentences.

    Returns:
        doc_id, para_id (the first paragraph of the unit), unit_id, text.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    body = paragraphs[paragraphs["kind"] != "title"]
    if unit == "paragraphs":
        units = body[["doc_id", "para_id", "text"]].copy()
        units["unit_id"] = units["doc_id"] + ":" + units["para_id"].astype(str)
    elif unit == "articles":
        units = body.groupby("doc_id", as_index=False).agg(para_id=("para_id", "min"), text=("text", " ".join))
        units["unit_id"] = units["doc_id"]
    else:
        if sentences is None:
            raise ValueError("unit='windows' needs the sentences table")
        rows = []
        for doc_id, group in sentences.merge(body[["doc_id", "para_id"]]).groupby("doc_id", sort=True):
            texts, paras = group["text"].tolist(), group["para_id"].tolist()
            for i in range(0, len(texts), window):
                rows.append((doc_id, paras[i], f"{doc_id}:w{i // window + 1}", " ".join(texts[i : i + window])))
        units = pd.DataFrame(rows, columns=["doc_id", "para_id", "unit_id", "text"])
    return units[["doc_id", "para_id", "unit_id", "text"]].reset_index(drop=True)


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Sastrawi stem of an Indonesian word ("perdagangan" -> "dagang"), cached."""
    return _stemmer().stem(word) or word


def find_phrases(token_lists: list[list[str]], *, stopwords: frozenset[str], min_count: int = 3, top: int = 50) -> set[tuple[str, str]]:
    """Frequent two-word terms ("kerja sama", "luar negeri", "omzet perdagangan") by NLTK's log-likelihood ratio.

    The finder reads the lower-cased words before stopwords are removed, so
    that a term with a stopword in it ("kerja sama") is found; pairs of two
    stopwords, pairs with a connecting word ("dan", "di", "of"), and pairs seen
    fewer than ``min_count`` times are not kept.
    """
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder  # importing nltk takes half a second

    finder = BigramCollocationFinder.from_documents(token_lists)
    finder.apply_freq_filter(min_count)
    finder.apply_ngram_filter(
        lambda a, b: (a in stopwords and b in stopwords) or a in CONNECTORS or b in CONNECTORS or not (a.isalpha() and b.isalpha())
    )
    return set(finder.nbest(BigramAssocMeasures.likelihood_ratio, top))


def unit_words(texts) -> list[list[str]]:
    """The lower-cased words of each text that are made of letters (and inner hyphens): the first step of :func:`prepare_tokens`."""
    return [[t.lower() for t in word_tokens(text) if t.isalpha() or "-" in t and t.replace("-", "").isalpha()] for text in texts]


def prepare_tokens(
    texts=None,
    *,
    stopwords: frozenset[str],
    use_stemming: bool = False,
    phrases: set[tuple[str, str]] | None = None,
    words: list[list[str]] | None = None,
) -> list[list[str]]:
    """Model tokens of each text: lower-cased words of letters only, no stopwords, at least three letters.

    Args:
        texts: the unit texts.
        stopwords: lower-cased words to drop (stopwords, page furniture).
        use_stemming: replace each word by its Sastrawi stem.
        phrases: two-word terms to join with "_" before stopwords are dropped.
        words: the texts' :func:`unit_words`, when they have been computed already (``texts`` is then not read).
    """
    result = []
    for seq in unit_words(texts) if words is None else words:
        if phrases:
            joined, i = [], 0
            while i < len(seq):
                if i + 1 < len(seq) and (seq[i], seq[i + 1]) in phrases:
                    joined.append(f"{seq[i]}_{seq[i + 1]}")
                    i += 2
                else:
                    joined.append(seq[i])
                    i += 1
            seq = joined
        kept = [w for w in seq if "_" in w or (w not in stopwords and len(w) >= MIN_TOKEN_LENGTH)]
        if use_stemming:
            kept = [w if "_" in w else stem(w) for w in kept]
            kept = [w for w in kept if "_" in w or (w not in stopwords and len(w) >= MIN_TOKEN_LENGTH)]
        result.append(kept)
    return result


def _identity(tokens):
    return tokens


def vectorize(
    token_lists: list[list[str]], *, min_df: float | int = 2, max_df: float | int = 0.5, ngram_max: int = 1, vocabulary=None
) -> Matrix:
    """A sparse count matrix over the tokens, with scikit-learn's document-frequency limits.

    ``min_df`` drops words in fewer units (rare words cannot form a topic);
    ``max_df`` drops words in more than that share of units (they are in every topic).
    A ``vocabulary`` given (a fitted model's) is used as it is, and the limits do not apply.
    """
    vectorizer = CountVectorizer(
        analyzer="word",
        tokenizer=_identity,
        preprocessor=_identity,
        token_pattern=None,
        lowercase=False,
        min_df=1 if vocabulary is not None else min_df,
        max_df=1.0 if vocabulary is not None else max_df,
        ngram_range=(1, ngram_max),
        dtype=np.int32,
        vocabulary=None if vocabulary is None else list(vocabulary),
    )
    counts = vectorizer.transform(token_lists) if vocabulary is not None else vectorizer.fit_transform(token_lists)
    return Matrix(counts.tocsr(), vectorizer.get_feature_names_out())


def npmi_coherence(topics: list[list[str]], matrix: Matrix) -> list[float]:
    """Mean NPMI of the pairs of each topic's words, over unit co-occurrence.

    NPMI(a, b) = log(P(a, b) / (P(a) P(b))) / -log P(a, b), with P the share of
    units that contain the word(s); -1 when a and b never occur together, 1
    when they always do. A topic of words that do not occur together scores
    near -1; one of words that do, near 1.
    """
    index = {w: i for i, w in enumerate(matrix.vocabulary)}
    present = (matrix.counts > 0).astype(np.float64).tocsc()
    n_units = present.shape[0]
    scores = []
    for words in topics:
        cols = [index[w] for w in words if w in index]
        sub = present[:, cols]
        together = (sub.T @ sub).toarray()
        p = np.diag(together) / n_units
        values = []
        for i, j in combinations(range(len(cols)), 2):
            p_ij = together[i, j] / n_units
            if p_ij == 0:
                values.append(-1.0)
            elif p_ij == 1:
                values.append(1.0)
            else:
                values.append(math.log(p_ij / (p[i] * p[j])) / -math.log(p_ij))
        scores.append(float(np.mean(values)) if values else float("nan"))
    return scores


def topic_diversity(topics: list[list[str]]) -> float:
    """The share of unique words among all topics' top words: 1 when no word is in two topics."""
    words = [w for topic in topics for w in topic]
    return len(set(words)) / len(words) if words else float("nan")


def best_match_similarity(reference: list[list[str]], other: list[list[str]]) -> list[float]:
    """For each reference topic, the highest Jaccard similarity of its word set with any topic of ``other``."""
    sets = [set(t) for t in other]
    return [max(len(set(t) & s) / len(set(t) | s) for s in sets) for t in reference]


def stability(runs: list[list[list[str]]]) -> list[float]:
    """Per topic of the first run, its mean best-match similarity with the topics of every other run.

    Identical runs give 1 for every topic; topics that change with the seed score low.
    """
    if len(runs) < 2:
        return [float("nan")] * len(runs[0])
    per_run = np.array([best_match_similarity(runs[0], other) for other in runs[1:]])
    return per_run.mean(axis=0).round(4).tolist()


def doc_topics_table(units: pd.DataFrame, weights: np.ndarray, *, model: str, min_weight: float = 0.01) -> pd.DataFrame:
    """Rows of ``doc_topics.csv``: doc_id, para_id, topic_id, weight (weights below ``min_weight`` left out), model."""
    rows, cols = np.nonzero(weights >= min_weight)
    frame = pd.DataFrame(
        {
            "doc_id": units["doc_id"].to_numpy()[rows],
            "para_id": units["para_id"].to_numpy()[rows],
            "topic_id": cols,
            "weight": weights[rows, cols].round(4),
            "model": model,
        }
    )
    return frame.sort_values(["doc_id", "para_id", "topic_id"], ignore_index=True)


def topics_by_article(units: pd.DataFrame, weights: np.ndarray) -> pd.DataFrame:
    """Mean topic weight of each article's units: a topic x article table."""
    frame = pd.DataFrame(weights, columns=range(weights.shape[1]))
    frame["doc_id"] = units["doc_id"].to_numpy()
    return frame.groupby("doc_id").mean().T


def topics_vs_themes(doc_topics: pd.DataFrame, paragraph_themes: pd.DataFrame) -> pd.DataFrame:
    """How many paragraphs of each dominant topic carry each theme (paragraph units only).

    Args:
        doc_topics: the ``doc_topics.csv`` table (doc_id, para_id, topic_id, weight); each unit's heaviest topic is its dominant one.
        paragraph_themes: the ``paragraph_themes.csv`` table; paragraphs with no theme count as "(no theme)".
    """
    heaviest = doc_topics.sort_values(["doc_id", "para_id", "weight", "topic_id"], ascending=[True, True, False, True], kind="mergesort")
    dominant = heaviest.drop_duplicates(["doc_id", "para_id"])[["doc_id", "para_id", "topic_id"]]
    joined = dominant.merge(paragraph_themes[["doc_id", "para_id", "theme"]], on=["doc_id", "para_id"], how="left").fillna(
        {"theme": "(no theme)"}
    )
    return pd.crosstab(joined["topic_id"], joined["theme"])


def topic_article_table(topic_articles: pd.DataFrame) -> pd.DataFrame:
    """The ``topic_articles.csv`` table (doc_id, topic_id, weight) as a topic x article table, for the heatmap."""
    return topic_articles.pivot(index="topic_id", columns="doc_id", values="weight").fillna(0.0)


def vocabulary_report(token_lists: list[list[str]], matrix: Matrix) -> dict[str, int]:
    """Sizes for the notebook to print: units, tokens, distinct words before and after the document-frequency limits."""
    counter = Counter(w for tokens in token_lists for w in tokens)
    return {
        "units": len(token_lists),
        "tokens": sum(counter.values()),
        "distinct_words": len(counter),
        "vocabulary": len(matrix.vocabulary),
    }


UNITS_PER_TOPIC = 10  # fewest units, and fewest vocabulary words, per topic for a model worth reading


def supported_topics(units: int, vocabulary: int, *, per_topic: int = UNITS_PER_TOPIC) -> int:
    """The largest number of topics the data supports: ``per_topic`` units and ``per_topic`` vocabulary words per topic.

    Beyond it, topics are fitted to a handful of paragraphs or words each and come out as one-word topics that are
    "stable" only because there is nothing else to find.

    Example:
        >>> supported_topics(109, 262), supported_topics(40, 1000), supported_topics(5, 10)
        (10, 4, 0)
    """
    return min(units, vocabulary) // per_topic


@dataclass
class EncodedChunk:
    """The token lists of a chunk of units as integers: the chunk's own terms, each unit's term ids, one after another."""

    terms: list[str]
    ids: np.ndarray  # int32, every unit's features in order
    lengths: np.ndarray  # int32, features per unit
    tokens: int  # word tokens (unigrams) of the chunk
    unigrams: np.ndarray  # the ids of the terms that occur as single words


def encode_chunk(token_lists: list[list[str]], ngram_max: int = 1) -> EncodedChunk:
    """A chunk's token lists (and their n-grams up to ``ngram_max``, as "a b") as integers; it runs anywhere, on any chunk."""
    index: dict[str, int] = {}
    rows, lengths, single = [], [], set()
    tokens = 0
    for unit in token_lists:
        tokens += len(unit)
        features = (
            unit
            if ngram_max == 1
            else [*unit, *(" ".join(unit[i : i + n]) for n in range(2, ngram_max + 1) for i in range(len(unit) - n + 1))]
        )
        row = [index.setdefault(t, len(index)) for t in features]
        if ngram_max > 1:
            single.update(row[: len(unit)])
        rows += row
        lengths.append(len(row))
    unigrams = np.arange(len(index), dtype=np.int32) if ngram_max == 1 else np.array(sorted(single), dtype=np.int32)
    return EncodedChunk(list(index), np.array(rows, dtype=np.int32), np.array(lengths, dtype=np.int32), tokens, unigrams)


def count_matrix(chunks, *, min_df: float | int = 2, max_df: float | int = 0.5, ngram_max: int = 1) -> tuple[Matrix, dict[str, int]]:
    """The matrix :func:`vectorize` builds, from the units a chunk at a time, keeping integer ids only.

    The same document-frequency limits as scikit-learn's ``CountVectorizer`` (an integer is a number of
    units, a float a share of them) and the same vocabulary order, so the matrix is the same; but the token
    lists of a large corpus never have to be in memory all at once.

    Args:
        chunks: an iterable, in unit order, of lists of token lists, or of :class:`EncodedChunk` (made anywhere).

    Returns:
        ``(matrix, sizes)``: sizes are units, tokens and distinct words, as :func:`vocabulary_report` gives them.

    Example:
        >>> tokens = [["gas", "minyak"], ["gas", "sanksi"], ["sanksi", "barat"]]
        >>> matrix, sizes = count_matrix([tokens[:2], tokens[2:]], min_df=2, max_df=1.0)
        >>> list(matrix.vocabulary), matrix.counts.toarray().tolist(), sizes
        (['gas', 'sanksi'], [[1, 0], [1, 1], [0, 1]], {'units': 3, 'tokens': 6, 'distinct_words': 4})
    """
    ids: dict[str, int] = {}
    single: list[np.ndarray] = []
    parts, lengths = [], []
    n_tokens = 0
    for chunk in chunks:
        encoded = chunk if isinstance(chunk, EncodedChunk) else encode_chunk(chunk, ngram_max)
        to_global = np.array([ids.setdefault(t, len(ids)) for t in encoded.terms], dtype=np.int64)
        parts.append(to_global[encoded.ids] if len(encoded.ids) else np.zeros(0, dtype=np.int64))
        lengths.append(encoded.lengths)
        single.append(to_global[encoded.unigrams])
        n_tokens += encoded.tokens
    lengths = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int32)
    n_units, n_ids = len(lengths), len(ids)
    flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    unit = np.repeat(np.arange(n_units, dtype=np.int64), lengths)
    df = np.bincount(np.unique(unit * max(n_ids, 1) + flat) % max(n_ids, 1), minlength=n_ids)
    high = max_df if isinstance(max_df, numbers.Integral) else max_df * n_units
    low = min_df if isinstance(min_df, numbers.Integral) else min_df * n_units
    if high < low:
        raise ValueError("max_df corresponds to < documents than min_df")
    terms = np.array(list(ids), dtype=object)
    kept = np.flatnonzero((df >= low) & (df <= high))
    if not len(kept):
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    kept = kept[np.argsort(terms[kept].astype(str), kind="stable")]  # the vocabulary in alphabetical order, as scikit-learn has it
    column = np.full(n_ids, -1, dtype=np.int64)
    column[kept] = np.arange(len(kept))
    mask = column[flat] >= 0
    counts = sparse.coo_matrix(
        (np.ones(int(mask.sum()), dtype=np.int32), (unit[mask], column[flat][mask])), shape=(n_units, len(kept))
    ).tocsr()
    counts.sum_duplicates()
    distinct = len(np.unique(np.concatenate(single))) if single else 0
    return Matrix(counts, terms[kept]), {"units": n_units, "tokens": n_tokens, "distinct_words": distinct}


def tokens_chunk(
    texts: list[str], stopwords: frozenset[str], use_stemming: bool, phrases: set[tuple[str, str]], ngram_max: int
) -> EncodedChunk:
    """One chunk of :func:`topic_inputs`: the model tokens of ``texts``, encoded (what a Dask worker computes)."""
    return encode_chunk(prepare_tokens(texts, stopwords=stopwords, use_stemming=use_stemming, phrases=phrases), ngram_max)


@dataclass
class TopicInputs:
    units: pd.DataFrame
    matrix: Matrix
    phrases: set[tuple[str, str]]
    sizes: dict[str, int]  # units, tokens, distinct words and vocabulary: what vocabulary_report gives


def topic_inputs(
    paragraphs: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    stopwords: frozenset[str],
    unit: str = "paragraphs",
    use_stemming: bool = False,
    use_phrases: bool = True,
    min_df: float | int = 2,
    max_df: float | int = 0.5,
    ngram_max: int = 1,
    map_chunks=None,
) -> TopicInputs:
    """Units, their phrases and the document-term matrix, in one call (see the module docstring for each step).

    The units are tokenised :data:`CHUNK_UNITS` at a time and only the matrix is kept, so memory follows the
    matrix, not the token lists. ``map_chunks(fn, chunks, *args)``, when given, computes the chunks (in order),
    for example on Dask workers; by default they are computed here, one after the other.
    """
    return unit_inputs(
        make_units(paragraphs, sentences, unit=unit),
        stopwords=stopwords,
        use_stemming=use_stemming,
        use_phrases=use_phrases,
        min_df=min_df,
        max_df=max_df,
        ngram_max=ngram_max,
        map_chunks=map_chunks,
    )


def unit_inputs(
    units: pd.DataFrame,
    *,
    stopwords: frozenset[str],
    use_stemming: bool = False,
    use_phrases: bool = True,
    min_df: float | int = 2,
    max_df: float | int = 0.5,
    ngram_max: int = 1,
    map_chunks=None,
) -> TopicInputs:
    """:func:`topic_inputs` for units already made (:func:`make_units`); the units' text is not kept in the result."""
    texts = units["text"]
    phrases: set[tuple[str, str]] = set()
    if use_phrases:  # frequent two-word terms are frequent in a sample too
        sample = unit_words(texts.iloc[sample_rows(len(texts), PHRASE_MAX_UNITS, 0)])
        phrases = find_phrases(prepare_tokens(stopwords=frozenset(), words=sample), stopwords=stopwords)
    settings = (stopwords, use_stemming, phrases, ngram_max)
    chunks = (texts.iloc[i : i + CHUNK_UNITS].tolist() for i in range(0, len(texts), CHUNK_UNITS))
    encoded = map_chunks(tokens_chunk, chunks, *settings) if map_chunks else (tokens_chunk(c, *settings) for c in chunks)
    matrix, sizes = count_matrix(encoded, min_df=min_df, max_df=max_df, ngram_max=ngram_max)
    return TopicInputs(units.drop(columns="text"), matrix, phrases, {**sizes, "vocabulary": len(matrix.vocabulary)})


def sample_rows(n: int, limit: int, seed: int) -> np.ndarray:
    """``limit`` row numbers of ``n`` drawn without replacement with ``seed``, sorted; all rows when ``n <= limit``."""
    if n <= limit:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))
