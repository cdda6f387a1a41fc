"""Benchmark: load, clean and segment a corpus scaled up from the seeds; prints time, throughput and peak memory.

Each size runs in a fresh process, so peak memory (max RSS) is that size's own.
Linear scaling shows as a steady articles/s across sizes.

    .venv/bin/python benchmarks/bench_corpus.py               # 1,000, 2,000 and 4,000 articles
    .venv/bin/python benchmarks/bench_corpus.py --sizes 10000
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis import config


def make_corpus(folder: Path, n: int) -> int:
    """Write ``n`` articles cycling through the seeds, each made unique by one extra sentence; returns bytes written."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(config.SEEDS_DIR.glob("*.txt"))]
    total = 0
    for i in range(n):
        text = seeds[i % len(seeds)] + f"\nArtikel salinan nomor {i} untuk uji kecepatan.\n"
        path = folder / f"bench_{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def run_one(n: int) -> None:
    from analysis.corpus import load_corpus
    from analysis.tables import build_corpus_tables

    with tempfile.TemporaryDirectory() as tmp:
        size = make_corpus(Path(tmp), n)
        start = time.perf_counter()
        corpus = load_corpus([tmp])
        loaded = time.perf_counter()
        tables = build_corpus_tables(corpus)
        done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{n:>7,} articles  {size / 1e6:7.1f} MB  load {loaded - start:6.2f} s  clean+segment {done - loaded:6.2f} s  "
        f"{n / (done - start):7.0f} articles/s  {size / 1e6 / (done - start):5.2f} MB/s  "
        f"{len(tables.paragraphs):>8,} paragraphs  peak RSS {peak_mb:6.0f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one)
        return
    for n in args.sizes:
        subprocess.run([sys.executable, __file__, "--one", str(n)], check=True)


if __name__ == "__main__":
    main()
