"""Benchmark: entity matching on a corpus scaled up from the seeds, against the raw Aho-Corasick matcher.

Builds ``--articles`` articles (default 10,000) from the cleaned seed paragraphs
and a gazetteer of at least ``--aliases`` patterns (default 2,000: the shipped
gazetteer plus generated entities), then prints

- the raw matcher's throughput: the matcher's own two pyahocorasick automata
  iterated over the same paragraphs (lower-cased and as written), with no
  work per hit (the ceiling);
- ``find_mentions``' throughput: both automata, word boundaries, overlap
  resolution, short forms and the DataFrame of mentions;
- their ratio, and the process's peak memory.

    .venv/bin/python benchmarks/bench_entities.py
    .venv/bin/python benchmarks/bench_entities.py --articles 2000
"""

from __future__ import annotations

import argparse
import resource
import time

import pandas as pd

from analysis import config
from analysis.corpus import load_corpus
from analysis.entities import Entity, EntityMatcher, find_mentions, load_gazetteer
from analysis.tables import build_corpus_tables


def scaled_paragraphs(n_articles: int) -> pd.DataFrame:
    """``n_articles`` articles cycling through the cleaned seed articles, each with one sentence of its own."""
    seeds = build_corpus_tables(load_corpus([config.SEEDS_DIR])).paragraphs
    by_doc = [group[["para_id", "kind", "text"]] for _, group in seeds.groupby("doc_id")]
    frames = []
    for i in range(n_articles):
        frame = by_doc[i % len(by_doc)].assign(doc_id=f"bench_{i:06d}")
        extra = pd.DataFrame(
            {
                "doc_id": [frame["doc_id"].iloc[0]],
                "para_id": [len(frame) + 1],
                "kind": ["body"],
                "text": [f"Artikel salinan nomor {i} menyebut Rusia dan Tiongkok sekali lagi."],
            }
        )
        frames += [frame, extra]
    return pd.concat(frames, ignore_index=True)[["doc_id", "para_id", "kind", "text"]]


def scaled_gazetteer(n_aliases: int) -> list[Entity]:
    """The shipped gazetteer plus generated entities with three aliases each, up to ``n_aliases`` patterns."""
    entities = load_gazetteer()
    count = sum(len(e.aliases) + len(e.short_forms) for e in entities)
    i = 0
    while count < n_aliases:
        entities.append(Entity(f"Sintetis Tokoh {i}", "person", (f"Sintetis Tokoh {i}", f"Tokoh Sintetis Nomor {i}", f"STN{i}")))
        count += 3
        i += 1
    return entities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--aliases", type=int, default=2_000)
    args = parser.parse_args()

    paragraphs = scaled_paragraphs(args.articles)
    texts = paragraphs["text"].tolist()
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    entities = scaled_gazetteer(args.aliases)

    start = time.perf_counter()
    matcher = EntityMatcher(entities)
    build = time.perf_counter() - start
    print(
        f"corpus: {args.articles:,} articles, {len(texts):,} paragraphs, {megabytes:.1f} MB; "
        f"gazetteer: {len(entities):,} entities, {matcher.n_patterns:,} patterns (built in {build:.2f} s)"
    )

    # The ceiling: the same two automata, iterated over the same texts, with no work per hit.
    folded, exact = matcher.automata
    start = time.perf_counter()
    raw_hits = 0
    for text in texts:
        raw_hits += sum(1 for _ in folded.iter(text.lower())) + sum(1 for _ in exact.iter(text))
    raw_seconds = time.perf_counter() - start

    start = time.perf_counter()
    mentions = find_mentions(paragraphs, matcher)
    full_seconds = time.perf_counter() - start

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"raw automata iter      : {raw_seconds:7.2f} s  {megabytes / raw_seconds:7.1f} MB/s  {raw_hits:>10,} raw hits")
    print(f"find_mentions          : {full_seconds:7.2f} s  {megabytes / full_seconds:7.1f} MB/s  {len(mentions):>10,} mentions")
    print(f"ratio find_mentions / raw time: {full_seconds / raw_seconds:.1f}x; peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
