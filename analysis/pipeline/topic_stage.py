"""The topic stage: one document-term matrix, the sweep over k with its stability runs in parallel, and the two models at ``n_topics``.

Sizes stay bounded on a large corpus:

- the sweep (every model, k and seed) is fitted on at most
  :data:`SWEEP_MAX_UNITS` units, drawn with the run's ``random_state``: it is
  there to compare numbers of topics, and the comparison needs a sample, not
  the archive;
- the two final models are fitted on at most :data:`FIT_MAX_UNITS` units; the
  topics of the other units are estimated with the fitted topics held fixed
  (folding in, for LDA; solving against them, for NMF), in time linear in the corpus;
- coherence of the final topics is measured on the whole matrix.

Below those sizes (the seeds, a class sample, a few thousand articles) every
fit sees every unit, and the tables are those of the plain functions of
:mod:`analysis.topics`.

**Scheduled runs** (``topic_refit_share`` above 0, as in the ``larger``
configuration): a fitted model is kept in the cache with its vocabulary and
phrases. When the corpus has changed by at most that share of the articles it
was fitted on (new ones plus removed ones), the next run keeps its topics and
infers those of the new articles only, so topic 3 is still topic 3 next week
and the run costs what the new articles cost; beyond that share it refits.
The ``topic_vocabulary`` table says how many articles were fitted and how many
inferred. With ``topic_refit_share: 0`` (the default) every change refits, and
the tables depend on the corpus alone.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer

from analysis import config
from analysis.pipeline.execute import executor
from analysis.pipeline.fingerprint import digest, file_digest, source_digest
from analysis.segment import load_stopwords
from analysis.topic_models import fit_model, fit_terms, lda_fold_in, nmf_transform, quality_table, sweep_tasks, top_term_weights, top_terms
from analysis.topics import (
    MODELS,
    Matrix,
    doc_topics_table,
    make_units,
    npmi_coherence,
    prepare_tokens,
    sample_rows,
    stability,
    topics_by_article,
    unit_inputs,
    unit_words,
    vectorize,
    with_entity_tokens,
)

SWEEP_MAX_UNITS = 10_000
FIT_MAX_UNITS = 200_000
# Word tokens below which the topic stage runs in this process: its sweep then takes a few seconds, less than a
# local cluster costs to start.
PARALLEL_MIN_TOKENS = 200_000
STORE = "topic-model"
# The tables a fit gives, which a reused model keeps.
FIT_TABLES = ("topics", "topic_quality", "topic_words", "topic_phrases", "topic_vocabulary")

log = logging.getLogger(__name__)


def normalised(weights: np.ndarray) -> np.ndarray:
    """Rows summing to 1 (rows of zeros stay zeros), as float32."""
    sums = weights.sum(axis=1, keepdims=True)
    return np.divide(weights, sums, out=np.zeros_like(weights), where=sums > 0).astype(np.float32)


def final_fit(task: tuple[str, int, int], fit_matrix: Matrix, matrix: Matrix, same: bool) -> dict:
    """Fit one final model on ``fit_matrix``: its top words and word weights, the topic weights of every unit of ``matrix``,
    and what estimating those of new units later needs (the topics; the LDA prior or the NMF TF-IDF weights)."""
    model, k, seed = task
    fitted = fit_model(fit_matrix, model, k, random_state=seed)
    if model == "lda":
        weights = fitted.fitted_weights_ if same else fitted.transform(matrix.counts)
        state = {"components": fitted.components_, "alpha": fitted.alpha_}
    else:
        tfidf = fit_matrix.tfidf()
        weights = fitted.transform(matrix.weighted("nmf", tfidf))
        state = {"components": fitted.components_, "idf": tfidf.idf_}
    return {
        "terms": top_terms(fitted, fit_matrix),
        "words": top_term_weights(fitted, fit_matrix),
        "weights": normalised(weights),
        "state": state,
    }


def build_topics(builder, *, scheduler: str | None = None, workers: int | None = None) -> list[Path]:
    """Compute and write the topic tables of a run (see :mod:`analysis.pipeline.run` for the list)."""
    p = builder.params
    store_key = digest(
        {
            "params": {n: p[n] for n in TOPIC_PARAMS},
            "code": source_digest(),
            "stopwords": [file_digest(Path(f)) for f in STOPWORD_FILES],
            "text": builder.caches["text"].folder.name,
            "entities": builder.caches["entities"].folder.name,
        }
    )
    share = float(p.get("topic_refit_share", 0) or 0)
    if builder.memo is not None and share > 0:
        saved = load_model(builder.memo, store_key)
        if saved is not None:
            new = [key for key in builder.doc_of if key not in saved["covered"]]
            removed = saved["fitted"] - set(builder.doc_of)
            if len(new) + len(removed) <= share * len(saved["fitted"]):
                return _update(builder, saved, new, store_key)
            log.info(
                "topics: %d new and %d removed articles, more than %.0f%% of the %d fitted: refitting",
                len(new),
                len(removed),
                100 * share,
                len(saved["fitted"]),
            )
    tables, saved = _fit(builder, scheduler, workers)
    if builder.memo is not None and share > 0:
        save_model(builder.memo, store_key, saved)
    return _write(builder, tables, saved)


def topic_task(task: tuple[str, tuple], sweep_matrix: Matrix, fit_matrix: Matrix, matrix: Matrix, same: bool):
    """One task of the topic stage on a worker: a sweep fit (its top words) or a final model (:func:`final_fit`)."""
    kind, spec = task
    return fit_terms(spec, sweep_matrix) if kind == "sweep" else final_fit(spec, fit_matrix, matrix, same)


def _fit(builder, scheduler, workers) -> tuple[dict[str, pd.DataFrame], dict]:
    p = builder.params
    started = time.perf_counter()
    units = _units(builder, list(builder.doc_of))
    tokens = sum(builder.selection.articles[key][10] or 0 for key in builder.doc_of)
    with executor(scheduler, workers=workers, small=tokens < PARALLEL_MIN_TOKENS) as ex:
        inputs = unit_inputs(
            units,
            stopwords=load_stopwords(),
            use_stemming=p["stemming"],
            use_phrases=p["phrases"],
            min_df=p["min_df"],
            max_df=p["max_df"],
            ngram_max=p["ngram_max"],
            map_chunks=ex.ordered_map if ex.client else None,
        )
        del units
        log.info("topics: %d units, %d words in the vocabulary (%.1f s)", *inputs.matrix.counts.shape, time.perf_counter() - started)
        matrix, seed, k = inputs.matrix, int(p["random_state"]), int(p["n_topics"])
        n_units = matrix.counts.shape[0]
        sweep_rows = sample_rows(n_units, SWEEP_MAX_UNITS, seed)
        fit_rows = sample_rows(n_units, FIT_MAX_UNITS, seed)
        sweep_matrix = matrix if len(sweep_rows) == n_units else matrix.rows(sweep_rows)
        fit_matrix = matrix if len(fit_rows) == n_units else matrix.rows(fit_rows)
        ks = sorted(set(int(x) for x in p["k_values"]) | {k})
        # The two final models first, then the sweep's fits, the largest k first: the longest tasks start first.
        sweep = sorted(sweep_tasks(ks, random_state=seed, n_seeds=int(p["n_seeds"])), key=lambda t: (-t[1], t[0], t[2]))
        tasks = [("final", (m, k, seed)) for m in MODELS] + [("sweep", t) for t in sweep]
        results = {tasks[i]: r for i, r in ex.map(topic_task, tasks, sweep_matrix, fit_matrix, matrix, len(fit_rows) == n_units)}
        log.info(
            "topics: %d sweep fits on %d units, two models at k=%d on %d units (%.1f s)",
            len(sweep),
            len(sweep_rows),
            k,
            len(fit_rows),
            time.perf_counter() - started,
        )
    runs = {spec: results[("sweep", spec)] for spec in sweep}
    fits = {m: results[("final", (m, k, seed))] for m in MODELS}

    quality = quality_table({t: terms for t, terms in runs.items() if t[1] in set(int(x) for x in p["k_values"])}, sweep_matrix)
    topics, words = [], []
    for model in MODELS:
        terms = fits[model]["terms"]
        others = [runs[(model, k, s)] for s in range(seed + 1, seed + max(int(p["n_seeds"]), 1))]
        topics.append(
            pd.DataFrame(
                {
                    "model": model,
                    "topic_id": range(k),
                    "label": [" / ".join(t[:3]) for t in terms],
                    "terms": [" ".join(t) for t in terms],
                    "coherence": np.round(npmi_coherence(terms, matrix), 4),
                    "stability": stability([terms, *others]),
                }
            )
        )
        words.append(fits[model]["words"].assign(model=model)[["model", "topic_id", "term", "weight"]])
    chosen = fits[p["model"]]
    report = inputs.sizes | {"sweep_units": len(sweep_rows), "fit_units": len(fit_rows)}
    tables = {
        "topics": pd.concat(topics, ignore_index=True),
        "topic_quality": quality,
        "topic_words": pd.concat(words, ignore_index=True),
        "topic_phrases": pd.DataFrame(sorted("_".join(ph) for ph in inputs.phrases), columns=["phrase"]),
        "topic_vocabulary": pd.DataFrame(list(report.items()), columns=["measure", "value"]),
    }
    key_of = {doc: key for key, doc in builder.doc_of.items()}
    units = inputs.units.assign(key=inputs.units["doc_id"].map(key_of))
    saved = {
        "tables": tables,
        "vocabulary": list(matrix.vocabulary),
        "phrases": sorted(inputs.phrases),
        "model": p["model"],
        "state": chosen["state"],
        "fitted": set(builder.doc_of),
        "covered": set(builder.doc_of),
        "rows": _unit_rows(units, chosen["weights"], p["model"]),
        "means": _article_means(units, chosen["weights"]),
    }
    return tables, saved


def _units(builder, keys: list[str]) -> pd.DataFrame:
    """The modelling units of the articles ``keys`` (see :func:`analysis.topics.make_units`)."""
    unit = builder.params["unit"]
    paragraphs = builder.frame("text", "paragraphs", ["para_id", "kind", "text"], keys=keys)
    sentences = builder.frame("text", "sentences", keys=keys) if unit == "windows" else None
    mentions = builder.frame("entities", "mentions", ["para_id", "entity", "start", "end"], keys=keys)
    paragraphs, sentences = with_entity_tokens(paragraphs, mentions, sentences)
    return make_units(paragraphs, sentences, unit=unit)


def _unit_rows(units: pd.DataFrame, weights: np.ndarray, model: str) -> pd.DataFrame:
    """doc_topics rows keyed by article key (key, para_id, topic_id, weight, model)."""
    rows = doc_topics_table(units.assign(doc_id=units["key"]), weights, model=model)
    return rows.rename(columns={"doc_id": "key"})


def _article_means(units: pd.DataFrame, weights: np.ndarray) -> pd.DataFrame:
    """Mean topic weight of each article's units, keyed by article key (key, topic_id, weight)."""
    by_article = topics_by_article(units.assign(doc_id=units["key"]), weights.astype(np.float64))
    means = by_article.T.stack().rename("weight").reset_index().rename(columns={"doc_id": "key", "level_1": "topic_id"})
    return means.round({"weight": 4})


def _update(builder, saved: dict, new: list[str], store_key: str) -> list[Path]:
    """Keep the saved model's topics and infer those of the ``new`` articles only."""
    p = builder.params
    started = time.perf_counter()
    if new:
        units = _units(builder, new)
        tokens = prepare_tokens(
            stopwords=load_stopwords(),
            use_stemming=p["stemming"],
            phrases=set(map(tuple, saved["phrases"])),
            words=unit_words(units["text"]),
        )
        counts = vectorize(tokens, ngram_max=p["ngram_max"], vocabulary=saved["vocabulary"])
        if saved["model"] == "lda":
            weights = lda_fold_in(counts.counts, saved["state"]["components"], saved["state"]["alpha"])
        else:
            tfidf = TfidfTransformer(sublinear_tf=True)
            tfidf.idf_ = saved["state"]["idf"]
            weights = nmf_transform(saved["state"]["components"], counts.weighted("nmf", tfidf))
        units = units.assign(key=units["doc_id"].map({d: k for k, d in builder.doc_of.items()}))
        weights = normalised(weights)
        saved["rows"] = pd.concat([saved["rows"], _unit_rows(units, weights, saved["model"])], ignore_index=True)
        saved["means"] = pd.concat([saved["means"], _article_means(units, weights)], ignore_index=True)
        saved["covered"] |= set(new)
        save_model(builder.memo, store_key, saved)
    log.info("topics: the saved model's topics kept; %d new articles inferred (%.1f s)", len(new), time.perf_counter() - started)
    return _write(builder, saved["tables"], saved)


def _write(builder, tables: dict[str, pd.DataFrame], saved: dict) -> list[Path]:
    """The run's topic tables: the fit's, with the unit and article weights of the run's articles under their doc_id."""
    doc_of = builder.doc_of
    rows = saved["rows"][saved["rows"]["key"].isin(doc_of)]
    doc_topics = rows.assign(doc_id=rows["key"].map(doc_of))[["doc_id", "para_id", "topic_id", "weight", "model"]]
    means = saved["means"][saved["means"]["key"].isin(doc_of)]
    articles = means.assign(doc_id=means["key"].map(doc_of))[["doc_id", "topic_id", "weight"]]
    fitted = sum(1 for k in doc_of if k in saved["fitted"])
    vocabulary = pd.concat(
        [
            tables["topic_vocabulary"],
            pd.DataFrame([("fitted_articles", fitted), ("inferred_articles", len(doc_of) - fitted)], columns=["measure", "value"]),
        ],
        ignore_index=True,
    )
    return builder.write(
        topics=tables["topics"],
        doc_topics=doc_topics.sort_values(["doc_id", "para_id", "topic_id"], ignore_index=True),
        topic_quality=tables["topic_quality"],
        topic_words=tables["topic_words"],
        topic_articles=articles.sort_values(["doc_id", "topic_id"], ignore_index=True),
        topic_vocabulary=vocabulary,
        topic_phrases=tables["topic_phrases"],
    )


# --- the saved model, in the corpus-level cache


TOPIC_PARAMS = ("unit", "model", "n_topics", "k_values", "min_df", "max_df", "ngram_max", "random_state", "n_seeds", "stemming", "phrases")


STOPWORD_FILES = (config.STOPWORDS_ADD, config.STOPWORDS_REMOVE)


def save_model(memo, key: str, saved: dict) -> None:
    """Keep a fitted model, its tables and its per-article weights in the cache under ``key`` (the topic parameters)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        meta = {
            "vocabulary": saved["vocabulary"],
            "phrases": [list(ph) for ph in saved["phrases"]],
            "model": saved["model"],
            "fitted": sorted(saved["fitted"]),
            "covered": sorted(saved["covered"]),
        }
        (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        np.savez(folder / "state.npz", **saved["state"])
        for name, table in saved["tables"].items():
            table.to_parquet(folder / f"{name}.parquet", index=False)
        saved["rows"].to_parquet(folder / "rows.parquet", index=False)
        saved["means"].to_parquet(folder / "means.parquet", index=False)
        memo.store(STORE, key, sorted(folder.iterdir()))


def load_model(memo, key: str) -> dict | None:
    """The model :func:`save_model` kept under ``key``, or None."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if memo.restore(STORE, key, folder) is None:
            return None
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        with np.load(folder / "state.npz") as data:
            state = {name: data[name] for name in data.files}
        return {
            "tables": {name: pd.read_parquet(folder / f"{name}.parquet") for name in FIT_TABLES},
            "vocabulary": meta["vocabulary"],
            "phrases": [tuple(ph) for ph in meta["phrases"]],
            "model": meta["model"],
            "state": state,
            "fitted": set(meta["fitted"]),
            "covered": set(meta["covered"]),
            "rows": pd.read_parquet(folder / "rows.parquet"),
            "means": pd.read_parquet(folder / "means.parquet"),
        }
