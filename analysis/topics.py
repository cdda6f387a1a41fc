"""Topic models a researcher can check: LDA and NMF with NPMI coherence, diversity and stability across seeds.

The pipeline, each step a function:

1. :func:`make_units` turns paragraphs into modelling units (paragraphs,
   whole articles, or windows of sentences);
2. :func:`prepare_tokens` lower-cases, drops stopwords, numbers, punctuation
   and short tokens, optionally stems with Sastrawi and joins frequent
   two-word terms found by NLTK's collocation finder ("kerja_sama");
3. :func:`vectorize` builds a sparse document-term matrix with scikit-learn;
4. :func:`fit_model` fits ``lda`` (tomotopy's Gibbs sampler on counts) or
   ``nmf`` (NMF on TF-IDF);
5. :func:`npmi_coherence`, :func:`topic_diversity` and :func:`stability`
   measure quality; :func:`sweep` does it for several numbers of topics.

Coherence is NPMI over *document* co-occurrence: two top words co-occur when
they appear in the same unit, and P(w) is the share of units containing w.

Example:
    >>> units = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "para_id": [1, 1, 1, 1], "unit_id": ["a:1", "b:1", "c:1", "d:1"],
    ...     "text": ["minyak gas ekspor minyak", "gas minyak energi", "sanksi barat sanksi", "sanksi bank barat"]})
    >>> tokens = prepare_tokens(units["text"], stopwords=frozenset())
    >>> matrix = vectorize(tokens, min_df=1, max_df=1.0)
    >>> model = fit_model(matrix, "nmf", 2, random_state=0)
    >>> sorted(sorted(t[:2]) for t in top_terms(model, matrix, 2))
    [['barat', 'sanksi'], ['gas', 'minyak']]
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from analysis.segment import words as word_tokens

MODELS = ("lda", "nmf")
UNITS = ("paragraphs", "articles", "windows")
TOP_N = 10
MIN_TOKEN_LENGTH = 3
# Words that join phrases rather than belong to them: a two-word term never starts or ends with one.
CONNECTORS = frozenset("dan di ke dari yang untuk dengan pada dalam atau serta oleh bagi the of and in to for on a an by with".split())
# Gibbs sampling sweeps of an LDA fit, and of the inference of topics for units it was not fitted on.
LDA_ITERATIONS = 200
INFER_ITERATIONS = 50
NMF_MAX_ITER = 500
# Phrases are found in at most this many units (a fixed sample), which is plenty for frequent two-word terms.
PHRASE_MAX_UNITS = 20_000


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


def make_units(paragraphs: pd.DataFrame, sentences: pd.DataFrame | None = None, *, unit: str = "paragraphs", window: int = 3) -> pd.DataFrame:
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
    vectorizer = CountVectorizer(analyzer="word", tokenizer=_identity, preprocessor=_identity, token_pattern=None, lowercase=False,
                                 min_df=1 if vocabulary is not None else min_df, max_df=1.0 if vocabulary is not None else max_df,
                                 ngram_range=(1, ngram_max), dtype=np.int32, vocabulary=None if vocabulary is None else list(vocabulary))
    counts = vectorizer.transform(token_lists) if vocabulary is not None else vectorizer.fit_transform(token_lists)
    return Matrix(counts.tocsr(), vectorizer.get_feature_names_out())


class TomotopyLDA:
    """LDA by collapsed Gibbs sampling with tomotopy, behind the interface of a scikit-learn estimator.

    ``fit`` takes the count matrix (each unit's words repeated by their count);
    ``components_`` holds the topic-word distributions in the matrix's
    vocabulary order; ``fitted_weights_`` the topic distributions of the units
    it was fitted on; ``transform`` infers those of any units. One sampler
    thread per model, so that a fixed seed gives the same model every time;
    models run in parallel across processes instead.
    """

    def __init__(self, n_topics: int, *, random_state: int = 0, iterations: int = LDA_ITERATIONS, alpha: float = 0.1, eta: float = 0.01):
        self.n_topics, self.random_state, self.iterations, self.alpha, self.eta = n_topics, random_state, iterations, alpha, eta

    @staticmethod
    def _docs(counts: sparse.csr_matrix, vocabulary: np.ndarray):
        for i in range(counts.shape[0]):
            start, end = counts.indptr[i], counts.indptr[i + 1]
            yield i, np.repeat(vocabulary[counts.indices[start:end]], counts.data[start:end]).tolist()

    def fit(self, counts: sparse.csr_matrix, vocabulary: np.ndarray) -> TomotopyLDA:
        import tomotopy as tp

        model = tp.LDAModel(k=self.n_topics, alpha=self.alpha, eta=self.eta, seed=self.random_state)
        rows = []
        for i, words in self._docs(counts, vocabulary):
            if words:
                model.add_doc(words)
                rows.append(i)
        model.train(self.iterations, workers=1)
        index = {w: j for j, w in enumerate(vocabulary)}
        order = [index[w] for w in model.used_vocabs]
        self.components_ = np.zeros((self.n_topics, len(vocabulary)))
        for t in range(self.n_topics):
            self.components_[t, order] = model.get_topic_word_dist(t)
        self.fitted_weights_ = np.zeros((counts.shape[0], self.n_topics))
        for row, doc in zip(rows, model.docs):
            self.fitted_weights_[row] = doc.get_topic_dist()
        self._model, self._vocabulary = model, vocabulary
        return self

    def to_bytes(self) -> bytes:
        """The fitted sampler as bytes (tomotopy's own format), to infer topics for new units later (:meth:`from_bytes`)."""
        return self._model.saves(full=False)

    @classmethod
    def from_bytes(cls, data: bytes, vocabulary: np.ndarray) -> TomotopyLDA:
        """A model read back from :meth:`to_bytes`, ready to :meth:`transform` units over ``vocabulary``."""
        import tomotopy as tp

        fitted = cls.__new__(cls)
        fitted._model, fitted._vocabulary = tp.LDAModel.loads(data), vocabulary
        fitted.n_topics = fitted._model.k
        return fitted

    def transform(self, counts: sparse.csr_matrix) -> np.ndarray:
        """Topic distributions inferred for the units of ``counts`` (rows with no known word stay 0)."""
        weights = np.zeros((counts.shape[0], self.n_topics))
        rows, docs = [], []
        for i, words in self._docs(counts, self._vocabulary):
            if words:
                rows.append(i)
                docs.append(self._model.make_doc(words))
        if docs:
            inferred, _ = self._model.infer(docs, iterations=INFER_ITERATIONS, workers=1)
            for row, doc in zip(rows, inferred):
                weights[row] = doc.get_topic_dist() if hasattr(doc, "get_topic_dist") else doc
        return weights


def nmf_transform(components: np.ndarray, weighted: sparse.csr_matrix) -> np.ndarray:
    """The unit-topic weights of TF-IDF rows against fitted NMF topics (``components_``), as ``NMF.transform`` solves them."""
    from sklearn.decomposition import non_negative_factorization

    weights, _, _ = non_negative_factorization(
        weighted, H=components, n_components=components.shape[0], init="custom", update_H=False, beta_loss="frobenius", max_iter=NMF_MAX_ITER,
    )
    return weights


def fit_model(matrix: Matrix, model: str, n_topics: int, *, random_state: int = 0):
    """Fit ``lda`` (tomotopy's Gibbs sampler on counts) or ``nmf`` (scikit-learn, on TF-IDF); deterministic for a given ``random_state``."""
    if model == "lda":
        return TomotopyLDA(n_topics, random_state=random_state).fit(matrix.counts, matrix.vocabulary)
    if model == "nmf":
        # A random start, not the SVD-based "nndsvda": that one ignores the seed, and would make every model look stable.
        estimator = NMF(n_components=n_topics, init="random", beta_loss="frobenius", max_iter=NMF_MAX_ITER, random_state=random_state)
        return estimator.fit(matrix.weighted(model))
    raise ValueError(f"model must be one of {', '.join(MODELS)}, not {model!r}")


def top_terms(fitted, matrix: Matrix, n: int = TOP_N) -> list[list[str]]:
    """The ``n`` heaviest words of each topic, heaviest first (ties broken alphabetically)."""
    terms = []
    for weights in fitted.components_:
        order = sorted(range(len(weights)), key=lambda i: (-weights[i], matrix.vocabulary[i]))[:n]
        terms.append([str(matrix.vocabulary[i]) for i in order])
    return terms


def unit_topics(fitted, matrix: Matrix, model: str) -> np.ndarray:
    """Topic weights of every unit, each row summing to 1 (rows with no words stay 0)."""
    weights = fitted.transform(matrix.weighted(model))
    sums = weights.sum(axis=1, keepdims=True)
    return np.divide(weights, sums, out=np.zeros_like(weights), where=sums > 0)


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


@dataclass
class TopicModel:
    """One fitted model with its quality figures."""

    model: str
    n_topics: int
    fitted: object
    terms: list[list[str]]
    coherence: list[float]
    stability: list[float]

    @property
    def labels(self) -> list[str]:
        """An automatic label per topic: its three heaviest words."""
        return [" / ".join(t[:3]) for t in self.terms]

    def topics_table(self) -> pd.DataFrame:
        """Rows of ``topics.csv``: model, topic_id, label, terms, coherence, stability."""
        return pd.DataFrame(
            {
                "model": self.model, "topic_id": range(self.n_topics), "label": self.labels,
                "terms": [" ".join(t) for t in self.terms], "coherence": np.round(self.coherence, 4), "stability": self.stability,
            }
        )


def fit_with_quality(matrix: Matrix, model: str, n_topics: int, *, random_state: int = 0, n_seeds: int = 5, top_n: int = TOP_N) -> TopicModel:
    """Fit with ``n_seeds`` seeds (``random_state``, ``random_state + 1`` ...); keep the first, measure coherence and stability."""
    runs, first = [], None
    for seed in range(random_state, random_state + max(n_seeds, 1)):
        fitted = fit_model(matrix, model, n_topics, random_state=seed)
        runs.append(top_terms(fitted, matrix, top_n))
        if first is None:
            first = fitted
    return TopicModel(model, n_topics, first, runs[0], npmi_coherence(runs[0], matrix), stability(runs))


def fit_terms(task: tuple[str, int, int], matrix: Matrix, top_n: int = TOP_N) -> list[list[str]]:
    """The top words of one fit: ``task`` is ``(model, k, seed)``. The unit of work of a sweep, run in parallel by the pipeline."""
    model, k, seed = task
    return top_terms(fit_model(matrix, model, k, random_state=seed), matrix, top_n)


def sweep_tasks(ks: list[int], *, models: tuple[str, ...] = MODELS, random_state: int = 0, n_seeds: int = 5) -> list[tuple[str, int, int]]:
    """Every ``(model, k, seed)`` fit of a sweep: ``n_seeds`` seeds from ``random_state`` for each model and k."""
    return [(m, k, seed) for m in models for k in ks for seed in range(random_state, random_state + max(n_seeds, 1))]


def quality_table(runs: dict[tuple[str, int, int], list[list[str]]], matrix: Matrix) -> pd.DataFrame:
    """The ``topic_quality.csv`` table (model, k, coherence, diversity, stability) from the top words of every fit of a sweep.

    For each model and k, coherence and diversity are those of the first seed's topics, and stability
    compares them with the other seeds' topics (:func:`stability`).
    """
    rows = []
    for model, k in dict.fromkeys((m, k) for m, k, _ in sorted(runs, key=lambda t: (MODELS.index(t[0]) if t[0] in MODELS else 9, t[1], t[2]))):
        seeds = [runs[t] for t in sorted(t for t in runs if t[:2] == (model, k))]
        rows.append((model, k, round(float(np.nanmean(npmi_coherence(seeds[0], matrix))), 4), round(topic_diversity(seeds[0]), 4),
                     round(float(np.nanmean(stability(seeds))), 4)))
    return pd.DataFrame(rows, columns=["model", "k", "coherence", "diversity", "stability"])


def sweep(matrix: Matrix, ks: list[int], *, models: tuple[str, ...] = MODELS, random_state: int = 0, n_seeds: int = 5) -> pd.DataFrame:
    """Quality for every model and number of topics: the ``topic_quality.csv`` table (model, k, coherence, diversity, stability)."""
    tasks = sweep_tasks(ks, models=models, random_state=random_state, n_seeds=n_seeds)
    return quality_table({task: fit_terms(task, matrix) for task in tasks}, matrix)


def doc_topics_table(units: pd.DataFrame, weights: np.ndarray, *, model: str, min_weight: float = 0.01) -> pd.DataFrame:
    """Rows of ``doc_topics.csv``: doc_id, para_id, topic_id, weight (weights below ``min_weight`` left out), model."""
    rows, cols = np.nonzero(weights >= min_weight)
    frame = pd.DataFrame(
        {"doc_id": units["doc_id"].to_numpy()[rows], "para_id": units["para_id"].to_numpy()[rows], "topic_id": cols,
         "weight": weights[rows, cols].round(4), "model": model}
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
    joined = dominant.merge(paragraph_themes[["doc_id", "para_id", "theme"]], on=["doc_id", "para_id"], how="left").fillna({"theme": "(no theme)"})
    return pd.crosstab(joined["topic_id"], joined["theme"])


def topic_article_table(topic_articles: pd.DataFrame) -> pd.DataFrame:
    """The ``topic_articles.csv`` table (doc_id, topic_id, weight) as a topic x article table, for the heatmap."""
    return topic_articles.pivot(index="topic_id", columns="doc_id", values="weight").fillna(0.0)


def vocabulary_report(token_lists: list[list[str]], matrix: Matrix) -> dict[str, int]:
    """Sizes for the notebook to print: units, tokens, distinct words before and after the document-frequency limits."""
    counter = Counter(w for tokens in token_lists for w in tokens)
    return {"units": len(token_lists), "tokens": sum(counter.values()), "distinct_words": len(counter), "vocabulary": len(matrix.vocabulary)}


def top_term_weights(fitted, matrix: Matrix, n: int = TOP_N) -> pd.DataFrame:
    """topic_id, term, weight (normalised within each topic) for the ``n`` heaviest words of each topic, for charts."""
    rows = []
    for topic_id, (weights, terms) in enumerate(zip(fitted.components_, top_terms(fitted, matrix, n))):
        total = weights.sum() or 1.0
        index = {w: i for i, w in enumerate(matrix.vocabulary)}
        rows += [(topic_id, term, float(weights[index[term]] / total)) for term in terms]
    return pd.DataFrame(rows, columns=["topic_id", "term", "weight"])


@dataclass
class TopicInputs:
    units: pd.DataFrame
    tokens: list[list[str]]
    matrix: Matrix
    phrases: set[tuple[str, str]]


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
) -> TopicInputs:
    """Units, their tokens and the document-term matrix, in one call (see the module docstring for each step)."""
    units = make_units(paragraphs, sentences, unit=unit)
    words = unit_words(units["text"])
    phrases: set[tuple[str, str]] = set()
    if use_phrases:  # frequent two-word terms are frequent in a sample too
        sample = sample_rows(len(words), PHRASE_MAX_UNITS, 0)
        phrases = find_phrases(prepare_tokens(stopwords=frozenset(), words=[words[i] for i in sample]), stopwords=stopwords)
    tokens = prepare_tokens(stopwords=stopwords, use_stemming=use_stemming, phrases=phrases, words=words)
    return TopicInputs(units, tokens, vectorize(tokens, min_df=min_df, max_df=max_df, ngram_max=ngram_max), phrases)


def sample_rows(n: int, limit: int, seed: int) -> np.ndarray:
    """``limit`` row numbers of ``n`` drawn without replacement with ``seed``, sorted; all rows when ``n <= limit``."""
    if n <= limit:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))
