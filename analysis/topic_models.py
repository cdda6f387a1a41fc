"""Topic models: LDA (tomotopy's collapsed Gibbs sampler) and NMF (scikit-learn), fitted and measured across seeds and numbers of topics.

:func:`fit_model` fits one model on a :class:`analysis.topics.Matrix`;
:func:`top_terms` reads its topics; :func:`fit_with_quality` and :func:`sweep`
fit several seeds and numbers of topics and measure them with the functions of
:mod:`analysis.topics`. :func:`fit_terms` is one fit of a sweep, the unit of
work the pipeline runs in parallel.

Example:
    >>> import pandas as pd
    >>> from analysis.topics import prepare_tokens, vectorize
    >>> texts = ["minyak gas ekspor minyak", "gas minyak energi", "sanksi barat sanksi", "sanksi bank barat"]
    >>> matrix = vectorize(prepare_tokens(texts, stopwords=frozenset()), min_df=1, max_df=1.0)
    >>> model = fit_model(matrix, "nmf", 2, random_state=0)
    >>> sorted(sorted(t[:2]) for t in top_terms(model, matrix, 2))
    [['barat', 'sanksi'], ['gas', 'minyak']]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import NMF

from analysis.topics import MODELS, TOP_N, Matrix, npmi_coherence, stability, topic_diversity

# Gibbs sampling sweeps of an LDA fit, and iterations of the fold-in that estimates the topics of units it was not fitted on.
LDA_ITERATIONS = 200
FOLD_IN_ITERATIONS = 30
NMF_MAX_ITER = 500


class TomotopyLDA:
    """LDA by collapsed Gibbs sampling with tomotopy, behind the interface of a scikit-learn estimator.

    ``fit`` takes the count matrix (each unit's words repeated by their count);
    ``components_`` holds the topic-word distributions in the matrix's
    vocabulary order and ``alpha_`` the document-topic prior tomotopy learned;
    ``fitted_weights_`` the topic distributions of the units it was fitted on.
    ``transform`` estimates those of any units with the topics held fixed
    (:func:`lda_fold_in`). One sampler thread per model, so that a fixed seed
    gives the same model every time; models run in parallel across processes instead.
    """

    def __init__(self, n_topics: int, *, random_state: int = 0, iterations: int = LDA_ITERATIONS, alpha: float = 0.1, eta: float = 0.01):
        self.n_topics, self.random_state, self.iterations, self.alpha, self.eta = n_topics, random_state, iterations, alpha, eta

    def fit(self, counts: sparse.csr_matrix, vocabulary: np.ndarray) -> TomotopyLDA:
        import tomotopy as tp

        model = tp.LDAModel(k=self.n_topics, alpha=self.alpha, eta=self.eta, seed=self.random_state)
        rows = []
        for i in range(counts.shape[0]):
            start, end = counts.indptr[i], counts.indptr[i + 1]
            if end > start:
                model.add_doc(np.repeat(vocabulary[counts.indices[start:end]], counts.data[start:end]).tolist())
                rows.append(i)
        model.train(self.iterations, workers=1)
        index = {w: j for j, w in enumerate(vocabulary)}
        order = [index[w] for w in model.used_vocabs]
        self.components_ = np.zeros((self.n_topics, len(vocabulary)))
        for t in range(self.n_topics):
            self.components_[t, order] = model.get_topic_word_dist(t)
        self.alpha_ = np.asarray(model.alpha, dtype=np.float64)
        self.fitted_weights_ = np.zeros((counts.shape[0], self.n_topics))
        for row, doc in zip(rows, model.docs):
            self.fitted_weights_[row] = doc.get_topic_dist()
        return self

    def transform(self, counts: sparse.csr_matrix) -> np.ndarray:
        """Topic distributions of the units of ``counts`` with the fitted topics held fixed (rows with no known word stay 0)."""
        return lda_fold_in(counts, self.components_, self.alpha_)


def lda_fold_in(
    counts: sparse.csr_matrix, components: np.ndarray, alpha: np.ndarray, *, iterations: int = FOLD_IN_ITERATIONS, chunk: int = 50_000
) -> np.ndarray:
    """Topic distributions of new units under fixed LDA topics, by expectation-maximisation ("folding in").

    Each unit's distribution starts uniform; each iteration assigns every word
    occurrence to the topics in proportion to theta_k * phi_kw and sets theta to
    the expected topic counts plus the prior ``alpha``, normalised, which is the
    form of tomotopy's own document-topic distributions. The units are independent
    of each other, so they are computed a chunk at a time, in numpy, in time
    linear in the number of word occurrences: far faster than sampling each unit
    again, and the same result for a unit whatever else is folded in with it.

    Args:
        counts: the units' word counts over the model's vocabulary.
        components: the topic-word distributions (k x vocabulary).
        alpha: the document-topic prior (k values).
    """
    phi = np.asarray(components, dtype=np.float64)
    k = phi.shape[0]
    alpha = np.broadcast_to(np.asarray(alpha, dtype=np.float64), (k,))
    weights = np.zeros((counts.shape[0], k))
    for lo in range(0, counts.shape[0], chunk):
        block = counts[lo : lo + chunk].tocoo()
        if not block.nnz:
            continue
        rows, cols, values = block.row, block.col, block.data.astype(np.float64)
        theta = np.full((block.shape[0], k), 1.0 / k)
        phi_w = phi[:, cols].T  # one row per word occurrence: the topics' probabilities of its word
        for _ in range(iterations):
            share = values / np.maximum((theta[rows] * phi_w).sum(axis=1), 1e-300)
            expected = theta * (sparse.csr_matrix((share, (rows, cols)), shape=block.shape) @ phi.T)
            theta = expected + alpha
            theta /= theta.sum(axis=1, keepdims=True)
        empty = np.asarray(block.sum(axis=1)).ravel() == 0
        theta[empty] = 0.0
        weights[lo : lo + block.shape[0]] = theta
    return weights


def nmf_transform(components: np.ndarray, weighted: sparse.csr_matrix) -> np.ndarray:
    """The unit-topic weights of TF-IDF rows against fitted NMF topics (``components_``), as ``NMF.transform`` solves them."""
    from sklearn.decomposition import non_negative_factorization

    weights, _, _ = non_negative_factorization(
        weighted,
        H=components,
        n_components=components.shape[0],
        init="custom",
        update_H=False,
        beta_loss="frobenius",
        max_iter=NMF_MAX_ITER,
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
                "model": self.model,
                "topic_id": range(self.n_topics),
                "label": self.labels,
                "terms": [" ".join(t) for t in self.terms],
                "coherence": np.round(self.coherence, 4),
                "stability": self.stability,
            }
        )


def fit_with_quality(
    matrix: Matrix, model: str, n_topics: int, *, random_state: int = 0, n_seeds: int = 5, top_n: int = TOP_N
) -> TopicModel:
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
    for model, k in dict.fromkeys(
        (m, k) for m, k, _ in sorted(runs, key=lambda t: (MODELS.index(t[0]) if t[0] in MODELS else 9, t[1], t[2]))
    ):
        seeds = [runs[t] for t in sorted(t for t in runs if t[:2] == (model, k))]
        rows.append(
            (
                model,
                k,
                round(float(np.nanmean(npmi_coherence(seeds[0], matrix))), 4),
                round(topic_diversity(seeds[0]), 4),
                round(float(np.nanmean(stability(seeds))), 4),
            )
        )
    return pd.DataFrame(rows, columns=["model", "k", "coherence", "diversity", "stability"])


def sweep(matrix: Matrix, ks: list[int], *, models: tuple[str, ...] = MODELS, random_state: int = 0, n_seeds: int = 5) -> pd.DataFrame:
    """Quality for every model and number of topics: the ``topic_quality.csv`` table (model, k, coherence, diversity, stability)."""
    tasks = sweep_tasks(ks, models=models, random_state=random_state, n_seeds=n_seeds)
    return quality_table({task: fit_terms(task, matrix) for task in tasks}, matrix)


def top_term_weights(fitted, matrix: Matrix, n: int = TOP_N) -> pd.DataFrame:
    """topic_id, term, weight (normalised within each topic) for the ``n`` heaviest words of each topic, for charts."""
    rows = []
    for topic_id, (weights, terms) in enumerate(zip(fitted.components_, top_terms(fitted, matrix, n))):
        total = weights.sum() or 1.0
        index = {w: i for i, w in enumerate(matrix.vocabulary)}
        rows += [(topic_id, term, float(weights[index[term]] / total)) for term in terms]
    return pd.DataFrame(rows, columns=["topic_id", "term", "weight"])
