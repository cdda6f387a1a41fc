"""Per-article work of a run: which articles the run analyses, which of their results are missing from the cache, and computing them.

:func:`run_articles` chooses the articles (the first ``sample_limit`` readable
ones, if there is a limit), marks duplicates, and makes sure that every
per-article result the run needs is in the cache: the missing ones are
computed in batches (:func:`analysis.pipeline.articles.process_batch`) in this
process or on Dask workers, and each batch's results are written to the cache
as they arrive. A batch reads its files only when it is submitted, so memory
follows the batch, not the corpus.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from tqdm.auto import tqdm

from analysis import config
from analysis.corpus import EmptyCorpus, LoadProblem
from analysis.duplicates import near_duplicates
from analysis.pipeline.articles import ArticleJob, process_batch
from analysis.pipeline.cache import ArticleCache
from analysis.pipeline.errors import PipelineError
from analysis.pipeline.execute import MIN_PARALLEL_BYTES, executor

if TYPE_CHECKING:
    from analysis.pipeline.run import ListedFile

# Articles per batch: enough to amortise a task's overhead, few enough to spread over the workers and keep memory small.
BATCH_ARTICLES = (20, 400)
BATCH_BYTES = 1_500_000


@dataclass
class Selection:
    """The articles a run analyses, in ``doc_id`` order, with what the text stage found about each."""

    files: list[ListedFile]  # every selected file, readable or not, in listing order
    articles: dict[str, tuple]  # key -> the text stage's ``articles`` row (without the key)
    duplicate_of: dict[str, str]  # doc_id -> the doc_id of the first file with the same text
    problems: list[LoadProblem]
    near_duplicate_of: dict[str, tuple[str, float]] = field(default_factory=dict)  # doc_id -> (its group's article, similarity)
    keep_near_duplicates: bool = False

    @property
    def analysed(self) -> list[ListedFile]:
        """The readable files, by ``doc_id``, without duplicates and (unless they are kept) near-duplicates."""
        dropped = {} if self.keep_near_duplicates else self.near_duplicate_of
        return sorted(
            (f for f in self.files if not self.articles[f.key][2] and f.doc_id not in self.duplicate_of and f.doc_id not in dropped),
            key=lambda f: f.doc_id,
        )


def run_articles(listing, params, caches, stages, resources, scheduler, workers, progress) -> tuple[Selection, dict]:
    """Make sure every per-article result the run needs is in the cache; returns the selection and what was done."""
    limit = params["sample_limit"] or 0
    files = listing.files
    chosen = files if not limit else files[:limit]
    position = len(chosen)
    done = {"articles_processed": 0, "bytes_processed": 0, "executor": "none needed"}
    while True:
        _process(chosen, stages, caches, resources, scheduler, workers, progress, done)
        text = caches["text"].rows("articles", {f.key for f in chosen})
        readable = sum(1 for f in chosen if not text[f.key][2])
        if not limit or readable >= limit or position >= len(files):
            break
        extra = files[position : position + (limit - readable)]
        position += len(extra)
        chosen = chosen + extra
    problems = list(listing.problems)
    duplicate_of: dict[str, str] = {}
    first: dict[str, str] = {}
    for f in chosen:
        row = text[f.key]
        warning, skipped, dedup = row[1], row[2], row[3]
        if skipped:
            problems.append(LoadProblem(f.path, "skipped", skipped))
            continue
        if warning:
            problems.append(LoadProblem(f.path, "warning", warning))
        if dedup in first:
            duplicate_of[f.doc_id] = first[dedup]
            problems.append(LoadProblem(f.path, "warning", f"same text as {first[dedup]}; analysed once"))
        else:
            first[dedup] = f.doc_id
    near = find_near_duplicates([f for f in chosen if not text[f.key][2] and f.doc_id not in duplicate_of], text, caches["text"])
    keep = bool(params.get("keep_near_duplicates"))
    for f in chosen:
        if f.doc_id in near:
            original, score = near[f.doc_id]
            what = "kept, as keep_near_duplicates asks" if keep else "analysed once (keep_near_duplicates keeps both)"
            problems.append(LoadProblem(f.path, "warning", f"shares most of its text with {original} (similarity {score:.2f}); {what}"))
    selection = Selection(chosen, text, duplicate_of, problems, near, keep)
    if not selection.analysed:
        where = ", ".join(str(config.resolve(d)) for d in params["corpus_dirs"])
        skipped = f"; {len(problems)} problems, see the problems table" if problems else ""
        raise EmptyCorpus(f"no readable .txt article in {where}{skipped}")
    # Downstream stages run on the analysed articles only (not on duplicates and unreadable files).
    downstream = [s for s in stages if s != "text"]
    if downstream:
        _process(selection.analysed, downstream, caches, resources, scheduler, workers, progress, done)
    return selection, done


def find_near_duplicates(files, text: dict, cache) -> dict[str, tuple[str, float]]:
    """The near-duplicates among ``files`` (:func:`analysis.duplicates.near_duplicates`), from the signatures the text
    stage cached; a group is counted as its earliest article (by the sidecar's date or the text's, then ``doc_id``)."""
    if len(files) < 2:
        return {}
    found = cache.rows("signature", [f.key for f in files])
    signed = [f for f in files if found.get(f.key, (None,))[0]]
    if len(signed) < 2:
        return {}
    signatures = np.stack([np.frombuffer(found[f.key][0], dtype=np.uint64) for f in signed])
    date = {f.doc_id: f.overrides.get("date", text[f.key][6]) or "9999" for f in signed}
    order = sorted(date, key=lambda d: (date[d], d))
    return near_duplicates([f.doc_id for f in signed], signatures, order=order)


def _process(files, stages, caches, resources, scheduler, workers, progress, done) -> None:
    """Compute the missing per-article results of ``stages`` for ``files`` and write them to the cache."""
    unique = list({f.key: f for f in files}.values())
    needed = {f.key for f in unique}
    for s in {"text", *stages}:
        caches[s].load_index(needed)
    text = caches["text"]
    cached_text = text.rows("articles", [k for k in needed if text.lookup(k)]) if "amounts" in stages else {}
    jobs_new, jobs_cached = [], {}
    for f in unique:
        date = f.overrides.get("date")
        missing = []
        for s in stages:
            if s == "amounts":
                found = f.key in cached_text and caches[s].lookup(f.key, date if date is not None else cached_text[f.key][6])
            else:
                found = caches[s].lookup(f.key)
            if not found:
                missing.append(s)
        if not missing:
            continue
        pack = text.lookup(f.key)
        if pack is not None:
            jobs_cached.setdefault(pack, []).append((f, tuple(missing), date))
        else:
            jobs_new.append((f, tuple(missing) if "text" in missing else ("text", *missing), date))
    total = len(jobs_new) + sum(len(v) for v in jobs_cached.values())
    if not total:
        return
    work_bytes = sum(f.size for f, _, _ in jobs_new) + sum(f.size for group in jobs_cached.values() for f, _, _ in group)
    batches = _batches(jobs_new, jobs_cached)
    with executor(scheduler, workers=workers, small=work_bytes < MIN_PARALLEL_BYTES) as ex:
        done["executor"] = ex.description
        bar = tqdm(total=total, desc="articles", unit="article", disable=not progress)
        for _, result in ex.map(process_batch, _materialise(batches, caches["text"]), resources):
            for stage, tables in result.tables.items():
                keys = {k: result.dates.get(k, "") if stage == "amounts" else "" for k in result.keys[stage]}
                caches[stage].write_pack(keys, tables)
            bar.update(result.articles)
            done["articles_processed"] += result.articles
            done["bytes_processed"] += result.bytes
        bar.close()


def _batches(jobs_new, jobs_cached) -> list[tuple[str, list]]:
    """Group jobs into batches: new articles by size, cached-text articles by the pack that holds their text."""
    batches = []
    current, size = [], 0
    for job in jobs_new:
        current.append(job)
        size += job[0].size
        if len(current) >= BATCH_ARTICLES[1] or (len(current) >= BATCH_ARTICLES[0] and size >= BATCH_BYTES):
            batches.append(("new", current))
            current, size = [], 0
    if current:
        batches.append(("new", current))
    for pack, group in sorted(jobs_cached.items()):
        for i in range(0, len(group), BATCH_ARTICLES[1]):
            batches.append((pack, group[i : i + BATCH_ARTICLES[1]]))
    return batches


def _materialise(batches, text_cache: ArticleCache):
    """Each batch's jobs, with the bytes read (new articles) or the cached text rows attached, read only when submitted."""
    for source, group in batches:
        if source == "new":
            yield [ArticleJob(f.key, stages, data=_read_unchanged(f), date=date) for f, stages, date in group]
        else:
            text = text_cache.article_text(source, {f.key for f, _, _ in group})
            yield [ArticleJob(f.key, stages, text=text[f.key], date=date) for f, stages, date in group]


def _read_unchanged(f) -> bytes:
    """The file's bytes, which must still be those that were hashed when the corpus was listed."""
    data = f.path.read_bytes()
    if hashlib.sha256(data).hexdigest() != f.key:
        raise PipelineError(f"{f.path} changed while the run was reading the corpus; run the report again")
    return data
