"""The topic stage: one document-term matrix, the sweep over k with its stability runs in parallel, and the two models at ``n_topics``.

Sizes stay bounded on a large corpus:

- the sweep (every model, k and seed) is fitted on at most
  :data:`SWEEP_MAX_UNITS` units, drawn with the run's ``random_state``: it is
  there to compare numbers of topics, and the comparison needs a sample, not
  the archive;
- the two final models are fitted on at most :data:`FIT_MAX_UNITS` units; the
  topics of the other units are inferred with the fitted model (LDA) or solved
  against its topics (NMF), which costs time linear in the corpus;
- coherence of the final topics is measured on the whole matrix.

Below those sizes (the seeds, a class sample, a few thousand articles) every
fit sees every unit, and the tables are those of the plain functions of
:mod:`analysis.topics`.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.pipeline.execute import executor
from analysis.segment import load_stopwords
from analysis.topics import (
    MODELS, Matrix, doc_topics_table, fit_model, fit_terms, npmi_coherence, quality_table, sample_rows, stability, sweep_tasks,
    top_term_weights, top_terms, topic_inputs, topics_by_article, vocabulary_report,
)

SWEEP_MAX_UNITS = 10_000
FIT_MAX_UNITS = 200_000
# Fits times tokens below which the sweep runs in this process: about five seconds of fitting (an LDA fit goes
# through some 50,000 tokens a second at 200 sweeps), more than a local cluster costs to start.
PARALLEL_MIN_WORK = 300_000

log = logging.getLogger(__name__)


def final_fit(task: tuple[str, int, int], fit_matrix: Matrix, matrix: Matrix, same: bool) -> dict:
    """Fit one final model on ``fit_matrix``; its top words, word weights and the topic weights of every unit of ``matrix``."""
    model, k, seed = task
    fitted = fit_model(fit_matrix, model, k, random_state=seed)
    if model == "lda" and same:
        weights = fitted.fitted_weights_
    else:
        weights = fitted.transform(matrix.weighted(model))
    sums = weights.sum(axis=1, keepdims=True)
    weights = np.divide(weights, sums, out=np.zeros_like(weights), where=sums > 0)
    return {"terms": top_terms(fitted, fit_matrix), "words": top_term_weights(fitted, fit_matrix), "weights": weights.astype(np.float32)}


def build_topics(builder, *, scheduler: str | None = None, workers: int | None = None) -> list[Path]:
    """Compute and write the topic tables of a run (see :mod:`analysis.pipeline.run` for the list)."""
    p = builder.params
    started = time.perf_counter()
    paragraphs = builder.frame("text", "paragraphs", ["para_id", "kind", "text"])
    sentences = builder.frame("text", "sentences") if p["unit"] == "windows" else None
    inputs = topic_inputs(
        paragraphs, sentences, stopwords=load_stopwords(), unit=p["unit"], use_stemming=p["stemming"], use_phrases=p["phrases"],
        min_df=p["min_df"], max_df=p["max_df"], ngram_max=p["ngram_max"],
    )
    del paragraphs, sentences
    log.info("topics: %d units, %d words in the vocabulary (%.1f s)", *inputs.matrix.counts.shape, time.perf_counter() - started)
    matrix, seed, k = inputs.matrix, int(p["random_state"]), int(p["n_topics"])
    n_units = matrix.counts.shape[0]
    sweep_rows = sample_rows(n_units, SWEEP_MAX_UNITS, seed)
    fit_rows = sample_rows(n_units, FIT_MAX_UNITS, seed)
    sweep_matrix = matrix if len(sweep_rows) == n_units else matrix.rows(sweep_rows)
    fit_matrix = matrix if len(fit_rows) == n_units else matrix.rows(fit_rows)
    ks = sorted(set(int(x) for x in p["k_values"]) | {k})
    tasks = sweep_tasks(ks, random_state=seed, n_seeds=int(p["n_seeds"]))
    work = len(tasks) * int(sweep_matrix.counts.sum()) + 2 * int(fit_matrix.counts.sum())
    with executor(scheduler, workers=workers, small=work < PARALLEL_MIN_WORK) as ex:
        runs = {tasks[i]: terms for i, terms in ex.map(fit_terms, tasks, sweep_matrix)}
        log.info("topics: %d sweep fits on %d units (%.1f s)", len(tasks), len(sweep_rows), time.perf_counter() - started)
        finals = [(m, k, seed) for m in MODELS]
        fits = {finals[i][0]: result for i, result in ex.map(final_fit, finals, fit_matrix, matrix, len(fit_rows) == n_units)}
        log.info("topics: the two models at k=%d on %d units (%.1f s)", k, len(fit_rows), time.perf_counter() - started)

    quality = quality_table({t: terms for t, terms in runs.items() if t[1] in set(int(x) for x in p["k_values"])}, sweep_matrix)
    topics, words = [], []
    for model in MODELS:
        terms = fits[model]["terms"]
        others = [runs[(model, k, s)] for s in range(seed + 1, seed + max(int(p["n_seeds"]), 1))]
        topics.append(pd.DataFrame({
            "model": model, "topic_id": range(k), "label": [" / ".join(t[:3]) for t in terms], "terms": [" ".join(t) for t in terms],
            "coherence": np.round(npmi_coherence(terms, matrix), 4), "stability": stability([terms, *others]),
        }))
        words.append(fits[model]["words"].assign(model=model)[["model", "topic_id", "term", "weight"]])
    chosen = fits[p["model"]]["weights"].astype(np.float64)
    by_article = topics_by_article(inputs.units, chosen)
    articles = by_article.T.stack().rename("weight").reset_index().rename(columns={"level_1": "topic_id"})
    report = vocabulary_report(inputs.tokens, matrix) | {"sweep_units": len(sweep_rows), "fit_units": len(fit_rows)}
    return builder.write(
        topics=pd.concat(topics, ignore_index=True),
        doc_topics=doc_topics_table(inputs.units, chosen, model=p["model"]),
        topic_quality=quality,
        topic_words=pd.concat(words, ignore_index=True),
        topic_articles=articles[["doc_id", "topic_id", "weight"]].round({"weight": 4}),
        topic_vocabulary=pd.DataFrame(list(report.items()), columns=["measure", "value"]),
        topic_phrases=pd.DataFrame(sorted("_".join(ph) for ph in inputs.phrases), columns=["phrase"]),
    )
