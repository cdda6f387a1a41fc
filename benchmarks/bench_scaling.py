"""Does any kind of text make a stage slower than linear? Each stage's time on one odd article, at two sizes.

Each shape of article is built at ``--size`` bytes and at four times that, beside the five seeds, and every
stage of the pipeline is timed on it alone (in this process, nothing cached). A stage that is linear in
its input takes about 4x as long on the larger article; the script prints the ratio of each stage, and
flags any above ``--limit`` (default 6: 4x plus the noise of a shared machine). Shapes:

- ``one_line``: a whole article on one line, sentences with full stops;
- ``no_sentence_end``: one line of words with no full stop at all;
- ``no_spaces``: one "word" with no space;
- ``many_paragraphs``: many short distinct paragraphs;
- ``numbers``: one line dense with amounts (``12 persen``, ``3 miliar``).

Example::

    python benchmarks/bench_scaling.py --size 250000
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from analysis import config
from analysis.pipeline import run_pipeline
from analysis.pipeline.run import STAGE_ORDER


def _vocabulary() -> list[str]:
    words = {w for p in sorted(config.SEEDS_DIR.glob("*.txt")) for w in p.read_text(encoding="utf-8").split()}
    return sorted(w.strip(".,!?;:\"'()") for w in words if w.strip(".,!?;:\"'()"))


def _words(rng: random.Random, vocabulary: list[str], n_bytes: int, stops: bool) -> str:
    out, size = [], 0
    while size < n_bytes:
        word = rng.choice(vocabulary) + ("." if stops and rng.random() < 0.06 else "")
        out.append(word)
        size += len(word) + 1
    return " ".join(out)


def article(shape: str, n_bytes: int, seed: int = 0) -> str:
    """The text of one article of ``shape`` and about ``n_bytes`` bytes."""
    rng, vocabulary = random.Random(seed), _vocabulary()
    body = {
        "one_line": lambda: _words(rng, vocabulary, n_bytes, True),
        "no_sentence_end": lambda: _words(rng, vocabulary, n_bytes, False),
        "no_spaces": lambda: "a" * n_bytes,
        "many_paragraphs": lambda: "\n\n".join(_words(rng, vocabulary, 400, True) + f" nomor {i}." for i in range(n_bytes // 400)),
        "numbers": lambda: " ".join(
            f"{rng.randint(1, 10**6)}{rng.choice([' persen', ' miliar', ',5', ' dolar AS'])}" for _ in range(n_bytes // 12)
        ),
    }[shape]()
    return "Judul artikel\n\n" + body + "\n"


def stage_times(shape: str, n_bytes: int, work: Path, repeats: int) -> dict[str, float]:
    corpus = work / f"{shape}-{n_bytes}"
    corpus.mkdir(parents=True)
    (corpus / "odd.txt").write_text(article(shape, n_bytes), encoding="utf-8")
    for seed in sorted(config.SEEDS_DIR.glob("*.txt")):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    times: dict[str, list[float]] = {stage: [] for stage in STAGE_ORDER}
    for repeat in range(repeats):
        run = work / f"run-{shape}-{n_bytes}-{repeat}"
        for stage in STAGE_ORDER:
            started = time.perf_counter()
            run_pipeline(run, corpus_dirs=[str(corpus)], stages=[stage], scheduler="synchronous", use_cache=False, recogniser=False)
            times[stage].append(time.perf_counter() - started)
    return {stage: statistics.median(values) for stage, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=250_000, help="bytes of the smaller odd article (default %(default)s)")
    parser.add_argument("--shapes", nargs="*", default=["one_line", "no_sentence_end", "no_spaces", "many_paragraphs", "numbers"])
    parser.add_argument("--repeats", type=int, default=1, help="runs of each size; the median is kept")
    parser.add_argument("--limit", type=float, default=6.0, help="flag a stage whose time grows more than this for 4x the input")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-scaling-"))
    flagged = []
    try:
        print(f"{'shape':<16} {'stage':<10} {args.size:>10,} B  {4 * args.size:>10,} B  ratio")
        for shape in args.shapes:
            small = stage_times(shape, args.size, work, args.repeats)
            large = stage_times(shape, 4 * args.size, work, args.repeats)
            for stage in STAGE_ORDER:
                ratio = large[stage] / max(small[stage], 1e-3)
                mark = "  <- super-linear?" if ratio > args.limit and large[stage] > 1 else ""
                print(f"{shape:<16} {stage:<10} {small[stage]:>10.2f} s  {large[stage]:>10.2f} s  {ratio:5.1f}{mark}", flush=True)
                if mark:
                    flagged.append((shape, stage))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("no stage grew faster than its input" if not flagged else f"flagged: {flagged}")


if __name__ == "__main__":
    main()
