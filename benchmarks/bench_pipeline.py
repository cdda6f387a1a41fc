"""Benchmark the pipeline and the report on real Indonesian news: throughput per stage, memory, cache, scaling.

Reads the 21,913 articles of ``../shared/benchcorpus/clickid-2019.tar.gz`` (beside the project) when the
archive is there, and says so and stops when it is not: the texts are the publishers' and are never copied
into the project. It unpacks them into ``benchmarks/output/`` (ignored by git) and builds corpora of the
sizes asked for; above 21,913 the real articles are repeated, copy r > 0 of an article with its paragraphs
shuffled (a fixed seed) and `` #r`` after its title, so that the text stays real.

For each size it prints, with every figure measured in this run on this machine:

- the anchor: a bare ``re`` ``\\w+`` tokenizer over the same texts, in one process;
- each per-article stage in one process (text = decode, clean, metadata, sentences; entities; themes;
  amounts): MB/s and the ratio to the anchor; and the same with the trained name recogniser in the
  entities stage (the pipeline's ``recogniser`` parameter), as a ratio of the time without it;
- the per-article stages together, with the cache empty, on the local Dask cluster (one worker per core):
  MB/s and the ratio to the anchor, cluster start included;
- the report of the ``larger`` configuration on the corpus (as ``make report PARAMS=larger`` with the
  articles in ``data/raw/``): cold (empty cache), warm (nothing changed), and with one article added;
  wall time, the peak memory of the whole process tree and of its largest process, report.html's size;
- between the two largest sizes, the scaling of the cold report (1.0 is linear).

It also measures the report on the seeds against papermill running four trivial notebooks (the floor),
and tomotopy's LDA (what the pipeline uses) against scikit-learn's online LDA on the same matrix.

    .venv/bin/python benchmarks/bench_pipeline.py                     # 1,000 and 10,000 articles
    .venv/bin/python benchmarks/bench_pipeline.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

from analysis import config

ARCHIVE = config.PROJECT_ROOT.parent / "shared" / "benchcorpus" / "clickid-2019.tar.gz"
WORK = config.PROJECT_ROOT / "benchmarks" / "output" / "bench-pipeline"
REAL_ARTICLES = 21_913


def unpack(work: Path) -> Path:
    """The folder of the real articles, unpacked once."""
    folder = work / "clickid-2019"
    if not (folder.is_dir() and len(list(folder.glob("*.txt"))) == REAL_ARTICLES):
        work.mkdir(parents=True, exist_ok=True)
        with tarfile.open(ARCHIVE) as tar:
            tar.extractall(work, filter="data")
    return folder


def build_corpus(real: Path, n: int, work: Path) -> Path:
    """A folder of ``n`` articles: the real ones, then repeated copies with shuffled paragraphs and a marked title."""
    folder = work / f"corpus-{n}"
    if folder.is_dir() and len(list(folder.iterdir())) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    sources = sorted(real.glob("*.txt"))
    for i in range(n):
        copy, source = divmod(i, len(sources))
        path = sources[source]
        if copy == 0:
            shutil.copyfile(path, folder / path.name)
            continue
        title, *paragraphs = path.read_text(encoding="utf-8").split("\n")
        random.Random(copy * 1_000_003 + source).shuffle(paragraphs)
        (folder / f"r{copy:02d}_{path.name}").write_text("\n".join([f"{title} #{copy}", *paragraphs]), encoding="utf-8")
    return folder


def megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir()) / 1e6


# --- measurements, each in a process of its own (python bench_pipeline.py --one NAME ARGS...)


def one_anchor(folder: str) -> dict:
    """The bare tokenizer: ``re.findall(r"\\w+")`` over every text, after reading them all."""
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in sorted(Path(folder).iterdir())]
    pattern = re.compile(r"\w+")
    started = time.perf_counter()
    words = sum(len(pattern.findall(t)) for t in texts)
    seconds = time.perf_counter() - started
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    return {"seconds": seconds, "mb_per_s": size / seconds, "words": words}


def one_stages(folder: str, limit: str) -> dict:
    """Each per-article stage in this process, on the first ``limit`` articles."""
    from analysis import config as cfg
    from analysis.amounts import PARTNER_TYPES, article_amounts
    from analysis.entities import EntityMatcher, article_mentions, load_gazetteer, recogniser_spans
    from analysis.pipeline.articles import text_stage
    from analysis.pipeline.plan import BATCH_ARTICLES
    from analysis.themes import ThemeMatcher, load_codebook, score_article

    paths = sorted(Path(folder).iterdir())[: int(limit)]
    datas = [p.read_bytes() for p in paths]
    size = sum(map(len, datas)) / 1e6
    from analysis.ner import NameRecogniser

    entities, themes = EntityMatcher(load_gazetteer(cfg.ENTITIES)), ThemeMatcher(load_codebook(cfg.THEMES))
    recogniser = NameRecogniser.load()
    seconds = dict.fromkeys(("text", "entities", "themes", "amounts", "names"), 0.0)
    texts = []
    for data in datas:
        t0 = time.perf_counter()
        text = text_stage(data)
        t1 = time.perf_counter()
        paragraphs = [(r[0], r[2]) for r in text["paragraphs"]]
        mentions = article_mentions(paragraphs, entities)
        t2 = time.perf_counter()
        score_article([(r[0], r[2], r[4]) for r in text["paragraphs"]], [s[:4] for s in text["sentences"]], themes)
        t3 = time.perf_counter()
        places: dict[int, list] = {}
        for para_id, entity, kind, _, start, end, _ in mentions:
            if kind in PARTNER_TYPES:
                places.setdefault(para_id, []).append((start, end, entity))
        article_amounts(text["sentences"], None, places)
        t4 = time.perf_counter()
        for name, value in zip(seconds, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            seconds[name] += value
        texts.append(text)
    # The entities stage with the name recogniser (the pipeline's recogniser parameter), in the pipeline's batches
    # (the recogniser tags a batch's sentences in one call), less the gazetteer alone.
    started = time.perf_counter()
    for i in range(0, len(texts), BATCH_ARTICLES[1]):
        batch = texts[i : i + BATCH_ARTICLES[1]]
        spans = recogniser_spans(recogniser, [(t["sentences"], {r[0]: r[1] for r in t["paragraphs"]}) for t in batch])
        for text, found in zip(batch, spans):
            article_mentions([(r[0], r[2]) for r in text["paragraphs"]], entities, spans=found)
    seconds["names"] = time.perf_counter() - started - seconds["entities"]
    return {"mb": size, "seconds": seconds}


def one_pipeline(folder: str, cache: str) -> dict:
    """The per-article stages and their tables, cold, with the default executor (a local cluster for a large corpus)."""
    from analysis.pipeline import run_pipeline

    shutil.rmtree(cache, ignore_errors=True)
    with tempfile.TemporaryDirectory() as run:
        started = time.perf_counter()
        tables = run_pipeline(
            run, corpus_dirs=[folder], stages=["corpus", "entities", "themes", "amounts"], cache_dir=Path(cache), recogniser=False
        )
        seconds = time.perf_counter() - started
        state = json.loads((tables.dir / "pipeline.json").read_text(encoding="utf-8"))
    return {"seconds": seconds, **state["last_run"], "stages": {s: e.get("seconds") for s, e in state["stages"].items()}}


def one_report(folder: str, reports: str, config_name: str) -> dict:
    """One report run (the cache is the environment's NEWS_ANALYSIS_CACHE)."""
    from analysis.report import run_report

    started = time.perf_counter()
    result = run_report(config_name, overrides={"corpus_dirs": [folder]}, reports_dir=Path(reports), progress=False)
    seconds = time.perf_counter() - started
    m = result.manifest
    stages = json.loads((result.run_dir / "tables" / "pipeline.json").read_text(encoding="utf-8"))["stages"]
    return {
        "seconds": seconds,
        "pipeline": m["pipeline"],
        "notebooks": {n["notebook"]: [n["seconds"], n.get("cached")] for n in m["notebooks"]},
        "stages": {s: [e.get("from"), e.get("seconds")] for s, e in stages.items()},
        "report_kb": (result.run_dir / "report.html").stat().st_size / 1e3,
    }


def one_floor() -> dict:
    """Papermill running four trivial notebooks, one after the other in one process: the floor of any four-notebook report."""
    import nbformat
    import papermill as pm

    from analysis.report import ensure_kernel

    kernel = ensure_kernel()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(4):
            nb = nbformat.v4.new_notebook()
            nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
            params = nbformat.v4.new_code_cell("x = 1")
            params.metadata["tags"] = ["parameters"]
            nb.cells = [params, nbformat.v4.new_code_cell("x + 1")]
            nbformat.write(nb, folder / f"{i}.ipynb")
        started = time.perf_counter()
        for i in range(4):
            pm.execute_notebook(
                str(folder / f"{i}.ipynb"), str(folder / f"out{i}.ipynb"), parameters={"x": 2}, kernel_name=kernel, progress_bar=False
            )
        return {"seconds": time.perf_counter() - started}


def one_lda(folder: str, cache: str) -> dict:
    """tomotopy's LDA (the pipeline's) against scikit-learn's online LDA, k=20, on the same matrix of the corpus's paragraphs."""
    import numpy as np
    from sklearn.decomposition import LatentDirichletAllocation

    from analysis.pipeline import run_pipeline
    from analysis.segment import load_stopwords
    from analysis.topic_models import TomotopyLDA, top_terms
    from analysis.topics import npmi_coherence, topic_inputs

    with tempfile.TemporaryDirectory() as run:
        tables = run_pipeline(run, corpus_dirs=[folder], stages=["corpus"], cache_dir=Path(cache))
        inputs = topic_inputs(tables.paragraphs, None, stopwords=load_stopwords(), min_df=5, max_df=0.4)
    matrix = inputs.matrix
    out = {"units": matrix.counts.shape[0], "vocabulary": matrix.counts.shape[1], "tokens": int(matrix.counts.sum())}
    started = time.perf_counter()
    tomotopy = TomotopyLDA(20, random_state=0).fit(matrix.counts, matrix.vocabulary)
    out["tomotopy"] = {
        "seconds": time.perf_counter() - started,
        "npmi": float(np.mean(npmi_coherence(top_terms(tomotopy, matrix), matrix))),
    }
    started = time.perf_counter()
    sklearn = LatentDirichletAllocation(20, learning_method="online", batch_size=4096, max_iter=10, random_state=0, n_jobs=1).fit(
        matrix.counts
    )
    out["sklearn_online"] = {
        "seconds": time.perf_counter() - started,
        "npmi": float(np.mean(npmi_coherence(top_terms(sklearn, matrix), matrix))),
    }
    return out


def measure(name: str, *args: str, env: dict | None = None) -> dict:
    """Run ``one_<name>`` in a fresh process, sampling the memory of its process tree; its result with wall and peak RSS."""
    import psutil

    out = Path(tempfile.mkstemp(suffix=".json")[1])
    cmd = [sys.executable, __file__, "--one", name, str(out), *args]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = {"tree": 0, "process": 0}

    def sample() -> None:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                sizes = []
                for p in [root, *root.children(recursive=True)]:
                    try:
                        sizes.append(p.memory_info().rss)
                    except psutil.Error:
                        pass
                peak["tree"] = max(peak["tree"], sum(sizes))
                peak["process"] = max(peak["process"], max(sizes, default=0))
            except psutil.Error:
                pass
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{err[-3000:]}")
    result = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return {
        **result,
        "wall": time.perf_counter() - started,
        "peak_tree_mb": peak["tree"] / 2**20,
        "peak_process_mb": peak["process"] / 2**20,
    }


def report_series(folder: Path, work: Path, config_name: str) -> dict:
    """The report cold, warm, and with one article added (the article is removed again afterwards)."""
    cache, reports = work / f"cache-report-{folder.name}", work / f"reports-{folder.name}"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(reports, ignore_errors=True)
    env = {"NEWS_ANALYSIS_CACHE": str(cache)}
    cold = measure("report", str(folder), str(reports), config_name, env=env)
    warm = measure("report", str(folder), str(reports), config_name, env=env)
    added = folder / "zz_added_article.txt"
    source = sorted(folder.glob("*.txt"))[0]
    added.write_text(source.read_text(encoding="utf-8").replace("\n", "\nTambahan untuk uji.\n", 1) + "\n", encoding="utf-8")
    try:
        plus_one = measure("report", str(folder), str(reports), config_name, env=env)
    finally:
        added.unlink()
    return {"cold": cold, "warm": warm, "plus_one": plus_one}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--work", type=Path, default=WORK, help="scratch folder (default: %(default)s)")
    parser.add_argument("--stage-sample", type=int, default=2_000, help="articles for the one-process stage figures")
    parser.add_argument("--no-report", action="store_true", help="leave out the report runs (the slow part)")
    parser.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        name, out, *rest = args.one
        Path(out).write_text(json.dumps(globals()[f"one_{name}"](*rest)), encoding="utf-8")
        return
    if not ARCHIVE.exists():
        print(f"benchmark corpus not found at {ARCHIVE}: nothing to measure (see ../shared/benchcorpus/README.md)")
        return
    real = unpack(args.work)
    print(f"benchmark corpus: {ARCHIVE} ({REAL_ARTICLES:,} real articles), work folder {args.work}; {os.cpu_count()} cores")
    reports = {}
    for n in args.sizes:
        folder = build_corpus(real, n, args.work)
        size = megabytes(folder)
        anchor = measure("anchor", str(folder))
        print(f"\n== {n:,} articles, {size:.1f} MB")
        print(f"anchor: bare re \\w+ tokenizer, one process: {anchor['mb_per_s']:.1f} MB/s")
        stages = measure("stages", str(folder), str(min(n, args.stage_sample)))
        names = stages["seconds"].pop("names")
        total = sum(stages["seconds"].values())
        for stage, seconds in stages["seconds"].items():
            rate = stages["mb"] / seconds
            print(f"  {stage:9s} one process {rate:6.1f} MB/s  ({anchor['mb_per_s'] / rate:4.1f}x the anchor's time)")
        print(
            f"  together  one process {stages['mb'] / total:6.2f} MB/s  ({anchor['mb_per_s'] * total / stages['mb']:4.1f}x)"
            f"  [{stages['mb']:.1f} MB sample]"
        )
        print(
            f"  with the name recogniser: {stages['mb'] / (total + names):6.2f} MB/s, {(total + names) / total:.2f}x the time "
            f"without it (the recogniser alone {stages['mb'] / names:.2f} MB/s)"
        )
        cold = measure("pipeline", str(folder), str(args.work / f"cache-pipeline-{n}"))
        rate = size / cold["articles_seconds"]
        print(
            f"per-article stages, cache empty, {cold['executor']}: {cold['articles_seconds']:.1f} s, {rate:.2f} MB/s "
            f"({anchor['mb_per_s'] / rate:.1f}x the anchor's time); with the corpus tables {cold['seconds']:.1f} s, "
            f"peak RSS {cold['peak_tree_mb']:.0f} MB (tree), {cold['peak_process_mb']:.0f} MB (largest process)"
        )
        print(f"  corpus-level stages (s): {cold['stages']}")
        if not args.no_report:
            series = report_series(folder, args.work, "larger")
            reports[n] = series
            c, w, p = series["cold"], series["warm"], series["plus_one"]
            print(
                f"report (larger), cold: {c['wall']:.1f} s, peak RSS {c['peak_tree_mb']:.0f} MB tree / {c['peak_process_mb']:.0f} MB process, "
                f"report.html {c['report_kb']:.0f} kB"
            )
            print(f"  pipeline {c['pipeline']['seconds']:.1f} s; stages {c['stages']}; notebooks {c['notebooks']}")
            print(f"report, nothing changed: {w['wall']:.1f} s = {100 * w['wall'] / c['wall']:.1f}% of cold")
            print(f"report, one article added: {p['wall']:.1f} s = {100 * p['wall'] / c['wall']:.1f}% of cold; stages {p['stages']}")
    if len(reports) >= 2:
        small, large = sorted(reports)[-2:]
        slope = (reports[large]["cold"]["wall"] / reports[small]["cold"]["wall"]) / (large / small)
        print(
            f"\nscaling {small:,} -> {large:,}: cold report time x{reports[large]['cold']['wall'] / reports[small]['cold']['wall']:.2f} "
            f"for x{large / small:.0f} the articles: {slope:.2f} of linear"
        )
    floor = measure("floor")
    seeds = report_series_seeds(args.work)
    print(
        f"\nseeds: papermill floor (4 trivial notebooks, one process) {floor['wall']:.1f} s; make report cold {seeds['cold']['wall']:.1f} s "
        f"= {seeds['cold']['wall'] / floor['wall']:.1f}x; warm {seeds['warm']['wall']:.1f} s = {seeds['warm']['wall'] / floor['wall']:.1f}x"
    )
    lda_folder = build_corpus(real, min(max(args.sizes), 10_000), args.work)
    lda = measure("lda", str(lda_folder), str(args.work / f"cache-pipeline-{min(max(args.sizes), 10_000)}"))
    print(
        f"LDA k=20 on {lda['units']:,} paragraphs ({lda['tokens']:,} tokens, {lda['vocabulary']:,} words): tomotopy "
        f"{lda['tomotopy']['seconds']:.1f} s, NPMI {lda['tomotopy']['npmi']:.3f}; scikit-learn online {lda['sklearn_online']['seconds']:.1f} s, "
        f"NPMI {lda['sklearn_online']['npmi']:.3f}"
    )


def report_series_seeds(work: Path) -> dict:
    """The report of the seeds (the default configuration), cold and warm, with a cache of its own."""
    cache, reports = work / "cache-seeds", work / "reports-seeds"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(reports, ignore_errors=True)
    env = {"NEWS_ANALYSIS_CACHE": str(cache)}
    return {run: measure("report", str(config.SEEDS_DIR), str(reports), "seeds", env=env) for run in ("cold", "warm")}


if __name__ == "__main__":
    main()
