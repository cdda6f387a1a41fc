"""Benchmark: fit LDA and NMF on a corpus scaled up from the seeds, and gensim's LDA on the same matrix for comparison.

Builds ``--articles`` articles (default 10,000) by cycling through the cleaned
seed articles, each with a sentence of its own, models paragraphs as the
notebook does, and prints for each fit its time and the process's peak
resident memory (max RSS). Each fit runs in a fresh process, so its peak is
its own (the corpus and matrix are rebuilt there first; that baseline is printed too).

scikit-learn's LDA runs online (mini-batch) learning, as the notebook does
above 20,000 units; gensim's LdaModel runs with the same number of topics,
passes and batch size, single-threaded like scikit-learn's n_jobs=1, so the
ratio compares like with like. gensim is an optional dependency:
``.venv/bin/pip install -e '.[bench]'``.

    .venv/bin/python benchmarks/bench_topics.py
    .venv/bin/python benchmarks/bench_topics.py --articles 2000 --topics 10
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

from analysis import config
from analysis.corpus import load_corpus
from analysis.segment import load_stopwords
from analysis.tables import build_corpus_tables
from analysis.topic_models import fit_model, top_terms
from analysis.topics import npmi_coherence, topic_inputs


def scaled_tables(n_articles: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Paragraphs and sentences of ``n_articles`` articles cycling through the seeds, each with one sentence of its own."""
    seeds = build_corpus_tables(load_corpus([config.SEEDS_DIR]))
    docs = sorted(seeds.paragraphs["doc_id"].unique())
    paras, sents = [], []
    for i in range(n_articles):
        source = docs[i % len(docs)]
        doc_id = f"bench_{i:06d}"
        p = seeds.paragraphs[seeds.paragraphs["doc_id"] == source].assign(doc_id=doc_id)
        s = seeds.sentences[seeds.sentences["doc_id"] == source].assign(doc_id=doc_id)
        extra = f"Salinan nomor {i} membahas kerja sama Rusia dengan mitra {['Kazakhstan', 'Kyrgyzstan', 'Tiongkok'][i % 3]}."
        paras += [p, pd.DataFrame({"doc_id": [doc_id], "para_id": [len(p) + 1], "kind": ["body"], "text": [extra], "line_no": [0]})]
        sents += [
            s,
            pd.DataFrame({"doc_id": [doc_id], "para_id": [len(p) + 1], "sent_id": [1], "start": [0], "end": [len(extra)], "text": [extra]}),
        ]
    return pd.concat(paras, ignore_index=True), pd.concat(sents, ignore_index=True)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fit_one(which: str, args: argparse.Namespace) -> None:
    """Build the matrix, then fit one model; print time and peak memory on one line."""
    paragraphs, sentences = scaled_tables(args.articles)
    start = time.perf_counter()
    matrix = topic_inputs(paragraphs, sentences, stopwords=load_stopwords(), min_df=5, max_df=0.5).matrix
    prepared, baseline = time.perf_counter() - start, rss_mb()
    if which == "matrix":
        print(
            f"{args.articles:,} articles, {matrix.counts.shape[0]:,} paragraph units, {len(matrix.vocabulary):,} words, "
            f"{matrix.counts.nnz:,} non-zero cells; k={args.topics}, {args.passes} passes"
        )
        print(f"{'tokens, phrases, matrix':<30} {prepared:8.2f} s   peak RSS {baseline:7.0f} MB")
        return
    start = time.perf_counter()
    if which == "sklearn-lda":
        from sklearn.decomposition import LatentDirichletAllocation

        fitted = LatentDirichletAllocation(
            n_components=args.topics, learning_method="online", batch_size=4096, max_iter=args.passes, random_state=0, n_jobs=1
        ).fit(matrix.counts)
        terms = top_terms(fitted, matrix)
        label = "scikit-learn LDA (online)"
    elif which == "sklearn-nmf":
        terms = top_terms(fit_model(matrix, "nmf", args.topics, random_state=0), matrix)
        label = "scikit-learn NMF (TF-IDF)"
    else:
        from gensim.matutils import Sparse2Corpus
        from gensim.models import LdaModel

        id2word = dict(enumerate(matrix.vocabulary))
        model = LdaModel(
            Sparse2Corpus(matrix.counts, documents_columns=False),
            num_topics=args.topics,
            id2word=id2word,
            passes=args.passes,
            chunksize=4096,
            random_state=0,
            update_every=1,
            eval_every=None,
        )
        terms = [[id2word[i] for i, _ in model.get_topic_terms(t, topn=10)] for t in range(args.topics)]
        label = "gensim LdaModel (online)"
    seconds = time.perf_counter() - start
    print(
        f"{label:<30} {seconds:8.2f} s   peak RSS {rss_mb():7.0f} MB (+{rss_mb() - baseline:.0f})   "
        f"mean NPMI {np.mean(npmi_coherence(terms, matrix)):.3f}   SECONDS={seconds:.3f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--topics", type=int, default=10)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        fit_one(args.only, args)
        return
    seconds = {}
    for which in ("matrix", "sklearn-lda", "sklearn-nmf", "gensim-lda"):
        if which == "gensim-lda" and importlib.util.find_spec("gensim") is None:
            print("gensim is not installed: .venv/bin/pip install -e '.[bench]' to compare")
            break
        cmd = [
            sys.executable,
            __file__,
            "--only",
            which,
            "--articles",
            str(args.articles),
            "--topics",
            str(args.topics),
            "--passes",
            str(args.passes),
        ]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        print(out.split("   SECONDS=")[0].rstrip(), flush=True)
        if "SECONDS=" in out:
            seconds[which] = float(out.rsplit("SECONDS=", 1)[1])
    if {"sklearn-lda", "gensim-lda"} <= set(seconds):
        print(f"time ratio scikit-learn LDA / gensim LDA: {seconds['sklearn-lda'] / seconds['gensim-lda']:.2f}")


if __name__ == "__main__":
    main()
