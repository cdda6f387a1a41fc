"""The pipeline: one function, :func:`run_pipeline`, owns the order of the stages and writes every table of a run folder.

Stages, in order, with the parameters that change their tables:

=============  ===================================  ==========================================================
stage          parameters                           run-folder tables
=============  ===================================  ==========================================================
corpus         corpus_dirs, sample_limit,           documents, paragraphs, sentences, removed, captions,
               keep_near_duplicates, follow_links,  load_problems
               max_article_mb
entities       gazetteer, recogniser                entity_mentions, entity_counts, entity_cooccurrence,
                                                    entity_surfaces
discovery      (discovery_sample), recogniser       entity_candidates
themes         lexicon, threshold                   paragraph_themes, sentence_themes, theme_summary
amounts        (the gazetteer, for partners)        amounts
topics         unit, model, n_topics, k_values ...  topics, doc_topics, topic_quality, topic_words, topic_vocabulary
compare        compare_by, compare_target,          keyness, keyness_parts, kwic, collocates
               compare_reference, kwic_terms ...
exports        (none)                               entity_network.gexf / .graphml, dtm.mtx, dtm_terms.txt,
                                                    dtm_documents.txt (see analysis.exports)
=============  ===================================  ==========================================================

How a run goes:

1. The corpus folders are listed and every file hashed. Each stage gets a key:
   the sha256 of its code, its parameters and the keys of what it reads.
2. A stage whose key matches the one recorded in the run folder
   (``tables/pipeline.json``) is done already; one whose key is in the
   corpus-level cache is copied from there.
3. For the rest, the per-article stages (:mod:`analysis.pipeline.articles`)
   run on the articles whose results are not cached, in batches, in this
   process or on Dask workers (:mod:`analysis.pipeline.execute`); each batch's
   results are written to the cache as they arrive.
4. The corpus-level stages assemble the run tables from the cached
   per-article results (:mod:`analysis.pipeline.assemble`), fit the topic
   models (:mod:`analysis.pipeline.topic_stage`), write CSV (and Parquet for
   large tables), and store them in the cache.

So a notebook that calls :func:`run_pipeline` after the report did finds its
tables at once, a rerun on the same corpus copies every table from the cache,
and a rerun with one new article processes that article only.

Example:
    >>> tables = run_pipeline("", corpus_dirs=["seeds"], stages=["corpus"], scheduler="synchronous")
    >>> len(tables.read("documents"))
    5
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis import config
from analysis.corpus import LoadProblem, _unique_id, article_files, read_metadata_sidecar
from analysis.pipeline.cache import CorpusCache
from analysis.pipeline.errors import PipelineError
from analysis.pipeline.fingerprint import STAGE_SOURCES, digest, file_digest, source_digest, stage_versions
from analysis.tables import RunTables

log = logging.getLogger(__name__)

STAGE_ORDER = ("corpus", "entities", "discovery", "themes", "amounts", "topics", "compare", "exports")
# Defaults of every parameter that changes a table; the notebooks' parameters cells declare the same values
# (tests/test_pipeline.py checks that they agree).
DEFAULTS = {
    "corpus_dirs": ["seeds", "data/raw"],
    "sample_limit": 0,
    "keep_near_duplicates": False,
    "follow_links": False,
    "max_article_mb": 5.0,
    "gazetteer": "data/lexicons/entities.csv",
    "recogniser": "auto",
    "lexicon": "data/lexicons/themes.yaml",
    "threshold": 3.0,
    "unit": "paragraphs",
    "model": "nmf",
    "n_topics": 4,
    "k_values": [3, 4, 5, 6, 8],
    "min_df": 2,
    "max_df": 0.5,
    "ngram_max": 1,
    "random_state": 0,
    "n_seeds": 5,
    "stemming": False,
    "phrases": True,
    "topic_refit_share": 0.0,
    "compare_by": "outlet",
    "compare_target": "",
    "compare_reference": "",
    "kwic_terms": [],
    "kwic_window": 8,
    "collocation_window": 5,
}
STAGE_PARAMS = {
    "corpus": ("corpus_dirs", "sample_limit", "keep_near_duplicates", "follow_links", "max_article_mb"),
    "entities": ("gazetteer", "recogniser"),
    "discovery": (),
    "themes": ("lexicon", "threshold"),
    "amounts": (),
    "topics": (
        "unit",
        "model",
        "n_topics",
        "k_values",
        "min_df",
        "max_df",
        "ngram_max",
        "random_state",
        "n_seeds",
        "stemming",
        "phrases",
        "topic_refit_share",
    ),
    "compare": ("compare_by", "compare_target", "compare_reference", "kwic_terms", "kwic_window", "collocation_window"),
    "exports": (),
}
STAGE_INPUTS = {
    "corpus": (),
    "entities": ("corpus",),
    "discovery": ("corpus", "entities"),
    "themes": ("corpus",),
    "amounts": ("corpus", "entities"),
    "topics": ("corpus", "entities"),
    "compare": ("corpus", "entities"),
    "exports": ("corpus", "entities"),
}
# The per-article stages whose results each corpus-level stage reads.
ARTICLE_NEEDS = {
    "corpus": ("text",),
    "entities": ("text", "entities"),
    "discovery": ("text", "entities"),
    "themes": ("text", "themes"),
    "amounts": ("text", "amounts"),
    "topics": ("text", "entities"),
    "compare": ("text", "entities"),
    "exports": ("text", "entities"),
}
# Corpus-level modules and data files each stage's key also hashes.
STAGE_FILES = {
    "discovery": (config.DISCOVERY_IGNORE, config.TITLES),
    "topics": (config.STOPWORDS_ADD, config.STOPWORDS_REMOVE),
    "compare": (config.STOPWORDS_ADD, config.STOPWORDS_REMOVE),
    "exports": (config.STOPWORDS_ADD, config.STOPWORDS_REMOVE),
}
STATE_FILE = "pipeline.json"
# In the cache folder: the sha256 of each article file seen, with its size, modification time and inode.
HASHES_FILE = "file-hashes.json"
ARTICLE_STAGES = tuple(STAGE_SOURCES)


@dataclass
class ListedFile:
    """An article file of the corpus folders: where it is, its ``doc_id``, the sha256 of its bytes, its sidecar values."""

    path: Path
    doc_id: str
    key: str
    size: int
    overrides: dict[str, str] = field(default_factory=dict)


@dataclass
class Listing:
    files: list[ListedFile]
    problems: list[LoadProblem]


def resolve_params(params: dict) -> dict:
    """The defaults updated with ``params``; an unknown name raises :class:`PipelineError`."""
    unknown = sorted(set(params) - set(DEFAULTS))
    if unknown:
        raise PipelineError(f"unknown pipeline parameter(s) {', '.join(unknown)}; known: {', '.join(DEFAULTS)}")
    resolved = {**DEFAULTS, **params}
    resolved["corpus_dirs"] = [str(d) for d in resolved["corpus_dirs"]]
    return resolved


def list_corpus(
    folders: Sequence[str | os.PathLike[str]], *, hashes: Path | None = None, follow_links: bool = False, max_bytes: int | None = None
) -> Listing:
    """Every article file of ``folders`` with its ``doc_id``, sha256 and sidecar values; problems of the listing and sidecars.

    Args:
        folders: the corpus folders.
        hashes: a file that remembers each article's sha256 with its size, modification time and inode, so that
            a file whose three are unchanged is not read again (as git's index does); None reads every file.
        follow_links: read symbolic links whose target is outside the corpus folders (see
            :func:`analysis.corpus.article_files`).
        max_bytes: a larger file is not read, and is reported (None reads any size).
    """
    problems: list[LoadProblem] = []
    known = _read_hashes(hashes)
    remembered = {}
    taken: set[str] = set()
    files = []
    for path, info in article_files(folders, problems, follow_links=follow_links):
        if max_bytes is not None and info.st_size > max_bytes:
            problems.append(
                LoadProblem(
                    path,
                    "skipped",
                    f"{info.st_size / 1e6:,.1f} MB, more than max_article_mb = {max_bytes / 1e6:g}: "
                    "not read (raise max_article_mb to read it)",
                )
            )
            continue
        doc_id = _unique_id(path, taken)
        taken.add(doc_id)
        name = str(path)
        signature = [info.st_size, info.st_mtime_ns, info.st_ino]
        entry = known.get(name)
        if entry is not None and entry[:3] == signature:
            sha, size = entry[3], info.st_size
        else:
            try:
                data = path.read_bytes()
            except OSError as err:
                problems.append(LoadProblem(path, "skipped", err.strerror or str(err)))
                continue
            sha, size = hashlib.sha256(data).hexdigest(), len(data)
        remembered[name] = [*signature, sha]
        if doc_id != path.stem:
            problems.append(LoadProblem(path, "warning", f"another file is named {path.stem}; this one is {doc_id}"))
        files.append(ListedFile(path, doc_id, sha, size))
    if hashes is not None and remembered != {k: known.get(k) for k in remembered}:
        _write_hashes(hashes, {**known, **remembered})
    for folder in folders:
        root = config.resolve(folder)
        sidecar = root / config.METADATA_FILENAME
        if not sidecar.exists():
            continue
        rows, messages = read_metadata_sidecar(sidecar)
        problems += [LoadProblem(sidecar, "warning", m) for m in messages]
        in_folder = [f for f in files if f.path.parent == root]
        for name, values in rows.items():
            matched = [f for f in in_folder if name in (f.path.name, f.path.stem, f.doc_id)]
            for f in matched:
                f.overrides = values
            if not matched:
                problems.append(LoadProblem(sidecar, "warning", f"{name}: named in the sidecar but no such article was read"))
    return Listing(files, problems)


def _read_hashes(path: Path | None) -> dict[str, list]:
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
    except (OSError, ValueError):
        return {}


def _write_hashes(path: Path, hashes: dict[str, list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(hashes, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def stage_keys(params: dict, listing: Listing, versions: dict[str, str]) -> dict[str, str]:
    """The key of every stage: what its tables depend on, hashed."""
    code = source_digest()
    corpus = digest(
        {
            "text": versions["text"],
            "code": code,
            "limit": params["sample_limit"],
            "files": [(str(f.path), f.doc_id, f.key, f.overrides) for f in listing.files],
            "problems": [str(p) for p in listing.problems],
        }
    )
    keys = {"corpus": corpus}
    for stage in STAGE_ORDER[1:]:
        keys[stage] = digest(
            {
                "stage": stage,
                "inputs": [keys[s] for s in STAGE_INPUTS[stage]],
                "params": {p: params[p] for p in STAGE_PARAMS[stage]},
                "articles": [versions[s] for s in ARTICLE_NEEDS[stage] if s in versions],
                "files": [file_digest(Path(f)) for f in STAGE_FILES.get(stage, ())],
                "code": code,
            }
        )
    return keys


@dataclass
class Plan:
    """What a run starts from: its parameters, the stage versions, the corpus listing and every stage's key."""

    params: dict
    versions: dict[str, str]
    listing: Listing
    keys: dict[str, str]


def plan_run(params: dict, *, use_cache: bool = True, cache_dir: Path | None = None) -> Plan:
    """List and hash the corpus and compute every stage's key, without computing anything else.

    Raises:
        PipelineError: an unknown parameter, or a gazetteer or lexicon that does not exist.
    """
    params = resolve_params(params)
    gazetteer, lexicon = config.resolve(params["gazetteer"]), config.resolve(params["lexicon"])
    for label, path in (("gazetteer", gazetteer), ("lexicon", lexicon)):
        if not path.is_file():
            raise PipelineError(f"the {label} {path} does not exist")
    listing = list_corpus(
        params["corpus_dirs"],
        hashes=(cache_dir or config.CACHE_DIR) / HASHES_FILE if use_cache else None,
        follow_links=bool(params["follow_links"]),
        max_bytes=int(float(params["max_article_mb"]) * 1e6),
    )
    params["recogniser"] = use_recogniser(params["recogniser"], sum(f.size for f in listing.files))
    versions = stage_versions(gazetteer=gazetteer, lexicon=lexicon, recogniser=params["recogniser"])
    return Plan(params, versions, listing, stage_keys(params, listing, versions))


RECOGNISER_AUTO_BYTES = 5_000_000  # "auto" runs the name recogniser on corpora up to this size (about 3,000 articles)


def use_recogniser(value, corpus_bytes: int) -> bool:
    """Whether the entities stage runs the name recogniser: true, false, or "auto" (on for a corpus of at most
    :data:`RECOGNISER_AUTO_BYTES`, where it costs seconds; off above, where it would multiply the per-article time).

    Raises:
        PipelineError: any other value.
    """
    if value == "auto":
        return corpus_bytes <= RECOGNISER_AUTO_BYTES
    if isinstance(value, bool):
        return value
    raise PipelineError(f'recogniser must be true, false or "auto", not {value!r}')


def _with_inputs(stages: Iterable[str]) -> list[str]:
    wanted = set()
    for stage in stages:
        if stage not in STAGE_INPUTS:
            raise PipelineError(f"unknown stage {stage!r}; stages are {', '.join(STAGE_ORDER)}")
        wanted |= {stage, *STAGE_INPUTS[stage]}
    return [s for s in STAGE_ORDER if s in wanted]


def run_pipeline(
    run_dir: str | os.PathLike[str] = "",
    *,
    stages: Iterable[str] = STAGE_ORDER,
    scheduler: str | None = None,
    workers: int | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    progress: bool = False,
    plan: Plan | None = None,
    **params,
) -> RunTables:
    """Compute the tables of ``stages`` (and of the stages they read) into ``run_dir/tables``.

    Args:
        run_dir: the run folder; ``""`` is ``reports/interactive``.
        stages: which stages' tables are wanted (see the module docstring).
        scheduler: where per-article work runs (see :func:`analysis.pipeline.execute.executor`).
        workers: worker processes of a local Dask cluster (default: one per core).
        use_cache: False computes everything again and leaves the cache alone.
        cache_dir: the cache folder (default ``cache/`` in the project, or ``NEWS_ANALYSIS_CACHE``).
        progress: show a progress bar over the articles.
        plan: the run's :func:`plan_run`, when the caller has it already (the parameters are then the plan's).
        params: pipeline parameters (:data:`DEFAULTS` lists them).

    Returns:
        :class:`analysis.tables.RunTables` reading the run folder's tables.

    Raises:
        PipelineError: an unknown parameter or stage.
        EmptyCorpus: the corpus folders hold no readable article.
    """
    started = time.perf_counter()
    wanted = _with_inputs(stages)
    tables_dir = config.run_paths(run_dir)["tables"]
    state_path = tables_dir / STATE_FILE
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    plan = plan or plan_run(params, use_cache=use_cache, cache_dir=cache_dir)
    params, versions, listing, keys = plan.params, plan.versions, plan.listing, plan.keys
    gazetteer, lexicon = config.resolve(params["gazetteer"]), config.resolve(params["lexicon"])
    listed = time.perf_counter()

    stages_state = state.get("stages", {})
    todo = [s for s in wanted if stages_state.get(s, {}).get("key") != keys[s] or not _tables_present(tables_dir, stages_state.get(s))]
    if not todo:
        return RunTables(tables_dir)

    with tempfile.TemporaryDirectory(prefix="news-analysis-cache-") as scratch:
        root = (cache_dir or config.CACHE_DIR) if use_cache else Path(scratch)
        corpus_cache = CorpusCache(root)
        restored = {}
        for stage in todo:
            files = corpus_cache.restore(stage, keys[stage], tables_dir) if use_cache else None
            if files is not None:
                restored[stage] = [p.name for p in files]
        compute = [s for s in todo if s not in restored]
        record = {s: {"key": keys[s], "tables": restored[s], "from": "cache"} for s in restored}
        info = {}
        if compute:
            # Imported here: a run whose tables are all in place (a notebook after the report) needs none of the stages' code.
            from analysis.pipeline import assemble
            from analysis.pipeline.articles import Resources
            from analysis.pipeline.cache import ArticleCache
            from analysis.pipeline.plan import run_articles

            per_article = sorted({a for s in compute for a in ARTICLE_NEEDS[s]}, key=ARTICLE_STAGES.index)
            caches = {s: ArticleCache(root, s, versions[s]) for s in ARTICLE_STAGES}
            resources = Resources(str(gazetteer), str(lexicon), tuple(sorted(versions.items())), bool(params["recogniser"]))
            phase = time.perf_counter()
            selection, info = run_articles(listing, params, caches, per_article, resources, scheduler, workers, progress)
            info["articles_seconds"] = round(time.perf_counter() - phase, 2)
            builder = assemble.Builder(tables_dir, selection, caches, params, corpus_cache if use_cache else None)
            for stage in compute:
                phase = time.perf_counter()
                written = builder.build(stage, executor_options={"scheduler": scheduler, "workers": workers})
                if use_cache:
                    corpus_cache.store(stage, keys[stage], written)
                record[stage] = {
                    "key": keys[stage],
                    "tables": [p.name for p in written],
                    "from": "computed",
                    "seconds": round(time.perf_counter() - phase, 2),
                }
    info["listing_seconds"] = round(listed - started, 2)
    stages_state = _without_stale(tables_dir, stages_state, record)
    state = {
        "stages": {**stages_state, **record},
        "parameters": params,
        "last_run": {**info, "seconds": round(time.perf_counter() - started, 2)},
    }
    tmp = state_path.with_name(f".{state_path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True, default=str), encoding="utf-8")
    os.replace(tmp, state_path)
    return RunTables(tables_dir)


def _without_stale(tables_dir: Path, stages_state: dict, record: dict) -> dict:
    """The run folder's earlier stages, less those whose inputs this call changed, with their tables removed.

    A call that recomputes the corpus with other parameters (``sample_limit: 3``) and asks only for the themes
    would otherwise leave the entity tables of the earlier corpus beside the new documents. Such a stage is
    computed again by the next call that asks for it.
    """
    changed = {s for s, entry in record.items() if stages_state.get(s, {}).get("key") != entry["key"]}
    kept = {}
    for stage, entry in stages_state.items():
        if stage not in record and changed & set(_with_inputs([stage])) - {stage}:
            for name in entry.get("tables", []):
                (tables_dir / name).unlink(missing_ok=True)
        else:
            kept[stage] = entry
    return kept


def _tables_present(tables_dir: Path, entry: dict | None) -> bool:
    return bool(entry) and all((tables_dir / name).exists() for name in entry.get("tables", []))
