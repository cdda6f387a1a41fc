"""Compute the tables, run the notebooks into a new run folder with papermill, write its manifest, and publish it.

A run writes into ``reports/<configuration>/<UTC timestamp>/`` and publishes
``reports/<configuration>/latest`` (and, for the default configuration,
``reports/latest``), so a class exercise never replaces the scheduled report.
First the pipeline (:func:`analysis.pipeline.run_pipeline`) computes every
table, reusing what the cache holds; then the notebooks, which only read those tables, chart them and
narrate, run side by side (one per core). An executed notebook whose source,
parameters, tables and code are those of a cached one is copied from the cache
instead of run again, so a rerun on an unchanged corpus costs seconds. When
every notebook has succeeded, the run is compared with the previous good one
(``tables/changes.csv``), ``report.html`` and the notebooks' HTML are written,
and only then does ``latest`` move to it (an atomic rename of a symbolic
link). A failed run never replaces the last good report: its folder
stays for inspection, with the failed executed notebook and a manifest that
says which stage, notebook and cell failed.

Example (from the project root)::

    python -m analysis report                      # the seeds, notebooks/params/seeds.yaml
    python -m analysis report -p sample_limit 2    # override a parameter
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import errno
import hashlib
import json
import logging
import os
import platform
import queue
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat
import papermill as pm
from papermill.parameterize import parameterize_notebook

from analysis import config
from analysis.corpus import article_paths
from analysis.parameters import DEFAULT_PARAMS, check_parameters, load_params
from analysis.pipeline import DEFAULTS as PIPELINE_DEFAULTS
from analysis.pipeline import run_pipeline
from analysis.pipeline.cache import CorpusCache
from analysis.pipeline.execute import default_workers
from analysis.pipeline.fingerprint import digest, file_digest, source_digest
from analysis.pipeline.run import STATE_FILE, plan_run
from analysis.prose import counted
from analysis.publish import build_html_report, compare_runs, export_notebooks_html
from analysis.run_folders import missing_outputs, new_run_dir, prune_failed, publish, report_lock, write_manifest
from analysis.spreadsheet import spreadsheet_copies
from analysis.tables import write_tables

# The notebooks of a report, in the order they run.
NOTEBOOKS = ("01_corpus.ipynb", "02_entities.ipynb", "03_themes.ipynb", "04_topics.ipynb", "05_compare.ipynb")
# Packages whose versions the manifest records.
RECORDED_PACKAGES = (
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "nltk",
    "scikit-learn",
    "papermill",
    "jupyterlab",
    "ipykernel",
    "nbclient",
    "pyyaml",
    "stopwordsiso",
    "pyahocorasick",
    "PySastrawi",
    "scipy",
    "tomotopy",
    "dask",
    "distributed",
    "pyarrow",
)


def on_terminal() -> bool:
    """Whether progress bars can be drawn: standard error is a terminal (not a cron mail, a log file or a pipe)."""
    return sys.stderr.isatty()


def say(line: str) -> None:
    """One line of a report's progress on standard output, flushed at once so that a log shows it as it happens."""
    print(line, flush=True)


def kernel_manager(kernel: str):
    """A kernel manager that talks to its kernel over local IPC sockets: nothing is listening on the network, and the
    kernel has no reason to warn that it runs over unencrypted TCP.

    Each manager has its own connection file in the temporary folder, and its sockets are named after it
    (``<file>-ipc-<n>``): short enough for the socket path limit, and never shared by two kernels.
    The kernel's shutdown removes both.
    """
    from jupyter_client.manager import AsyncKernelManager

    connection = Path(tempfile.gettempdir()) / f"news-kernel-{uuid.uuid4().hex[:16]}.json"
    return AsyncKernelManager(kernel_name=kernel, transport="ipc", connection_file=str(connection))


class ReportFailed(RuntimeError):
    """The pipeline, a notebook or the publishing failed; the message names the stage (and a notebook's cell)."""


@dataclass(frozen=True)
class RunResult:
    run_dir: Path
    manifest: dict[str, Any]


def ensure_kernel(name: str = config.KERNEL_NAME) -> str:
    """Make sure the Jupyter kernel ``name`` runs this interpreter (``sys.executable``); install it if not.

    The kernel is installed into this environment's prefix, so notebooks run
    with the project's virtual environment whatever kernels the machine has.
    """
    from ipykernel.kernelspec import install
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    # Search this environment's kernels first, before any of the user's or the machine's.
    own = str(Path(sys.prefix) / "share" / "jupyter")
    searched = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if own not in searched:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([own, *filter(None, searched)])
    try:
        spec = KernelSpecManager().get_kernel_spec(name)
        if Path(spec.argv[0]).resolve() == Path(sys.executable).resolve():
            return name
    except NoSuchKernel:
        pass
    install(kernel_name=name, display_name=f"Python ({name})", prefix=sys.prefix)
    return name


def run_files(run_dir: Path, params: dict[str, Any]) -> list[Path]:
    """The corpus files a run read: those of its ``documents.csv`` (so a sample of three lists three); before that
    table exists, every article file of the corpus folders."""
    documents = run_dir / "tables" / "documents.csv"
    if documents.exists():
        with documents.open(encoding="utf-8", newline="") as handle:
            return [Path(row["file"]) for row in csv.DictReader(handle)]
    return article_paths(params.get("corpus_dirs", []), follow_links=bool(params.get("follow_links")))


def corpus_files(run_dir: Path, params: dict[str, Any]) -> list[dict[str, str]]:
    """The corpus files a run read (:func:`run_files`), with their sha256, for the manifest."""
    files = []
    for path in run_files(run_dir, params):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as err:
            digest = f"unreadable: {err.strerror or err}"
        try:
            shown = str(path.relative_to(config.PROJECT_ROOT))
        except ValueError:
            shown = str(path)
        files.append({"path": shown, "sha256": digest})
    return files


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    return versions


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=config.PROJECT_ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def notebook_key(source: Path, params: dict[str, Any], stage_keys: dict[str, str]) -> str:
    """What an executed notebook depends on: its source, its parameters (but the run folder), the tables (by the keys
    of the stages that wrote them), the code and the package versions."""
    return digest(
        {
            "notebook": file_digest(source),
            "parameters": {k: v for k, v in params.items() if k != "run_dir"},
            "tables": dict(sorted(stage_keys.items())),
            "code": source_digest(),
            "packages": package_versions(),
        }
    )


class KernelPool:
    """Kernels started ahead of the notebooks (while the pipeline runs), each warmed with the imports every notebook makes.

    :meth:`take` hands out one kernel manager per notebook (None if its kernel could not start: the notebook
    then starts its own); :meth:`close` shuts every kernel down.
    """

    WARMUP = "import pandas\nfrom analysis import config, plots\nfrom analysis.pipeline import run_pipeline\n"

    def __init__(self, kernel: str, n: int, ahead: int):
        self._kernel = kernel
        self._ready: queue.Queue = queue.Queue()
        self._managers: list = []
        self._lock = threading.Lock()
        self._to_start = n
        for _ in range(min(n, ahead)):  # at most ``ahead`` at once: each takes a core to warm up, and memory
            self._start_one()

    def _start_one(self) -> None:
        with self._lock:
            if self._to_start <= 0:
                return
            self._to_start -= 1
        threading.Thread(target=self._start, args=(self._kernel,), daemon=True).start()

    def _start(self, kernel: str) -> None:
        km = kernel_manager(kernel)
        try:
            asyncio.run(self._boot(km))
        except Exception as err:  # the notebook will start a kernel of its own and report what goes wrong
            logging.getLogger(__name__).warning("could not start a kernel ahead: %s: %s", type(err).__name__, err)
            self._ready.put(None)
            return
        with self._lock:
            self._managers.append(km)
        self._ready.put(km)

    async def _boot(self, km) -> None:
        await km.start_kernel()
        client = km.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            client.execute(self.WARMUP, silent=True, store_history=False)  # no output, no execution count
        finally:
            client.stop_channels()

    def take(self):
        """A started kernel's manager (None if it could not start); the next kernel starts warming up meanwhile."""
        km = self._ready.get()
        self._start_one()
        return km

    def close(self) -> None:
        with self._lock:
            managers, self._managers = self._managers, []
        for km in managers:
            try:
                asyncio.run(km.shutdown_kernel(now=True))
            except Exception:  # already dead (a notebook that killed its kernel)
                pass


def _reuse_notebook(path: Path, params: dict[str, Any]) -> None:
    """Make a cached executed notebook this run's: its injected parameters and papermill metadata name this run folder."""
    fresh = parameterize_notebook(nbformat.read(path, as_version=4), params)
    fresh.metadata.setdefault("papermill", {}).update(parameters=params, output_path=str(path))
    nbformat.write(fresh, path)


def _execute(
    name: str,
    *,
    notebooks_dir: Path,
    run_dir: Path,
    params: dict[str, Any],
    kernel: str,
    progress: bool,
    cache: CorpusCache | None,
    key: str,
    pool: KernelPool | None,
) -> dict[str, Any]:
    """Run one notebook into the run folder (or copy it from the cache); returns its manifest entry. Never raises."""
    source = notebooks_dir / name
    out = run_dir / "notebooks" / name
    started = time.perf_counter()
    entry: dict[str, Any] = {"notebook": name, "parameters": params}
    stage = f"notebook-{Path(name).stem}"
    if cache is not None and cache.restore(stage, key, run_dir) is not None:
        _reuse_notebook(out, params)
        export_notebooks_html([out])
        return {**entry, "status": "ok", "cached": True, "seconds": round(time.perf_counter() - started, 2)}
    try:
        km = (pool.take() if pool is not None else None) or kernel_manager(kernel)
        pm.execute_notebook(str(source), str(out), parameters=params, kernel_name=kernel, progress_bar=progress, km=km)
        export_notebooks_html([out])
    except Exception as err:  # a failing cell, a dead kernel, a timeout: all leave the last good report alone
        cell = getattr(err, "exec_count", None)
        error = f"{err.ename}: {err.evalue}" if isinstance(err, pm.PapermillExecutionError) else f"{type(err).__name__}: {err}"
        return {**entry, "status": "failed", "seconds": round(time.perf_counter() - started, 2), "cell": cell, "error": error}
    if cache is not None:
        prefix = Path(name).stem.split("_", 1)[0] + "_"
        figures = sorted((run_dir / "figures").glob(f"{prefix}*"))
        cache.store(stage, key, [out, out.with_suffix(".html"), *figures], base=run_dir)
    return {**entry, "status": "ok", "cached": False, "seconds": round(time.perf_counter() - started, 2)}


def run_report(
    params_name: str | os.PathLike[str] = DEFAULT_PARAMS,
    *,
    overrides: dict[str, Any] | None = None,
    notebooks: tuple[str, ...] = NOTEBOOKS,
    notebooks_dir: Path = config.NOTEBOOKS_DIR,
    reports_dir: Path = config.REPORTS_DIR,
    progress: bool = True,
    scheduler: str | None = None,
    workers: int | None = None,
    use_cache: bool = True,
    wait: bool = False,
) -> RunResult:
    """Compute the tables, execute ``notebooks`` into a new run folder, and publish it as ``reports_dir/latest``.

    Args:
        params_name: a named run configuration (``seeds``) or a YAML path.
        overrides: parameters that replace the configuration's values.
        notebooks: notebook file names in ``notebooks_dir``.
        reports_dir: where run folders and the ``latest`` link live.
        progress: say what happens: one line for the tables, one per notebook and a summary, with progress bars
            only when standard error is a terminal. False prints nothing.
        scheduler: where the pipeline's per-article work runs (see :func:`analysis.pipeline.execute.executor`).
        workers: worker processes, for the pipeline's local cluster and for running notebooks side by side
            (default: one per core).
        use_cache: False recomputes every table and reruns every notebook, and leaves the cache alone.
        wait: when another run of the configuration holds its lock, wait for it to end (saying so when ``progress``)
            instead of raising :class:`analysis.run_folders.ReportBusy`.

    Returns:
        The run folder and its manifest.

    Raises:
        ValueError: a parameter no notebook declares, or a value a parameter cannot take
            (:class:`analysis.parameters.BadParameters`); nothing has run.
        ReportFailed: the pipeline or a notebook failed. The run folder, with the
            failed notebook and the manifest, stays; ``latest`` is left as it was.
    """
    params = {**load_params(params_name), **(overrides or {})}
    declared = {name: pm.inspect_notebook(str(notebooks_dir / name)) for name in notebooks}
    unknown = sorted(set(params) - {"run_dir"} - {p for d in declared.values() for p in d})
    if unknown:
        raise ValueError(f"no notebook has the parameter(s) {', '.join(unknown)}; check the spelling (see papermill --help-notebook)")
    check_parameters(params)  # before any work: a bad value is named with what it may be
    kernel = ensure_kernel()
    configuration = configuration_name(params_name)
    with report_lock(reports_dir / configuration, wait=wait, on_wait=say if progress else None):  # one run of a configuration at a time
        try:
            run_dir = new_run_dir(reports_dir / configuration)
            params["run_dir"] = str(run_dir)
            manifest: dict[str, Any] = {
                "run": run_dir.name,
                "status": "running",
                "started_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "configuration": str(params_name),
                "parameters": params,
                "git_commit": git_commit(),
                "packages": package_versions(),
                "notebooks": [],
            }
            for sub in ("notebooks", "figures", "tables"):
                (run_dir / sub).mkdir(parents=True, exist_ok=True)
            write_manifest(run_dir, manifest)  # "running": a run killed from here on is never taken for a finished one
        except OSError as err:
            raise ReportFailed(
                f"cannot start a run folder in {reports_dir / configuration}: {err.strerror or err}{_hint(err)}\n"
                "nothing was done; the published report (latest) not changed"
            ) from err

        started = time.perf_counter()
        bars = progress and on_terminal()
        pipeline_params = {k: v for k, v in params.items() if k in PIPELINE_DEFAULTS}
        nb_params = {name: {k: v for k, v in params.items() if k in declared[name]} for name in notebooks}
        cache = CorpusCache(config.CACHE_DIR) if use_cache else None
        pool = None
        try:
            # The notebooks' keys are known before the pipeline runs: kernels for those not in the cache start now, beside it.
            plan = plan_run(pipeline_params, use_cache=use_cache)
            keys = {name: notebook_key(notebooks_dir / name, nb_params[name], plan.keys) for name in notebooks}
            misses = [name for name in notebooks if cache is None or not cache.has(f"notebook-{Path(name).stem}", keys[name])]
            pool = KernelPool(kernel, len(misses), ahead=min(len(misses), workers or default_workers())) if misses else None
            run_pipeline(run_dir, scheduler=scheduler, workers=workers, use_cache=use_cache, progress=bars, plan=plan)
        except Exception as err:
            if pool is not None:
                pool.close()
            manifest["pipeline"] = {
                "status": "failed",
                "seconds": round(time.perf_counter() - started, 2),
                "error": f"{type(err).__name__}: {err}",
            }
            note = _finish(run_dir, manifest, "failed", stage="pipeline", error=err)
            raise ReportFailed(
                f"the pipeline failed with {type(err).__name__}: {err}{_hint(err)}\nrun folder kept at {run_dir}{note}; "
                "the published report (latest) not changed"
            ) from err
        state = json.loads((run_dir / "tables" / STATE_FILE).read_text(encoding="utf-8"))
        manifest["pipeline"] = {"status": "ok", "seconds": round(time.perf_counter() - started, 2), **state.get("last_run", {})}
        if progress:
            say(pipeline_line(manifest["pipeline"], len(run_files(run_dir, params))))

        jobs = min(len(notebooks), workers or default_workers())
        try:
            with ThreadPoolExecutor(max_workers=max(jobs, 1)) as threads:
                futures = {
                    name: threads.submit(
                        _execute,
                        name,
                        notebooks_dir=notebooks_dir,
                        run_dir=run_dir,
                        params=nb_params[name],
                        kernel=kernel,
                        progress=bars and jobs == 1,
                        cache=cache,
                        key=keys[name],
                        pool=pool if name in misses else None,
                    )
                    for name in notebooks
                }
                for future in as_completed(futures.values()):
                    if progress:
                        say(notebook_line(future.result()))
        finally:
            if pool is not None:
                pool.close()
        manifest["notebooks"] = [futures[name].result() for name in notebooks]
        failed = [entry for entry in manifest["notebooks"] if entry["status"] != "ok"]
        if failed:
            first = failed[0]
            note = _finish(run_dir, manifest, "failed", stage=first["notebook"], error=first["error"])
            where = f"in cell {first['cell']}" if first.get("cell") is not None else "(no cell number: the kernel or papermill failed)"
            raise ReportFailed(
                f"{first['notebook']} failed {where} with {first['error']}\n"
                f"executed notebook kept at {run_dir / 'notebooks' / first['notebook']}{note}; the published report (latest) not changed"
            )
        latest = reports_dir / configuration / config.LATEST_LINK.name
        try:
            previous = latest.resolve() / "tables" if latest.exists() else None
            before = json.loads((previous.parent / "manifest.json").read_text(encoding="utf-8")).get("parameters", {}) if previous else {}
            changes = compare_runs(run_dir / "tables", previous, parameters=(before, params))
            write_tables(run_dir / "tables", changes=changes)
            manifest["previous_run"] = previous.parent.name if previous else ""
            manifest["corpus_files"] = corpus_files(run_dir, params)
            spreadsheet_copies(run_dir / "tables")
            build_html_report(run_dir, changes, manifest={**manifest, "status": "ok"})
            missing = missing_outputs(run_dir, list(notebooks))
            if missing:
                raise FileNotFoundError(f"{len(missing)} file(s) the run promises are missing or empty: {', '.join(missing[:5])}")
            _finish(run_dir, manifest, "ok")  # only now, with every notebook, table and report.html there
        except Exception as err:
            note = _finish(run_dir, manifest, "failed", stage="report", error=err)
            raise ReportFailed(
                f"building the report failed with {type(err).__name__}: {err}{_hint(err)}\nrun folder kept at {run_dir}{note}; "
                "the published report (latest) not changed"
            ) from err
        publish(run_dir, latest)
        prune_failed(reports_dir / configuration, published=run_dir)
        if configuration == DEFAULT_PARAMS:  # reports/latest: the default configuration's report, where the README points
            publish(run_dir, reports_dir / config.LATEST_LINK.name)
        return RunResult(run_dir, manifest)


def pipeline_line(entry: dict[str, Any], articles: int) -> str:
    """The progress line for the pipeline: ``tables: 5 of 1,000 articles analysed, the others from the cache, in 3.6 s``."""
    done = entry.get("articles_processed", 0)
    if done >= articles:
        return f"tables: {counted(articles, 'article')} analysed in {entry['seconds']:.1f} s"
    return f"tables: {done:,} of {counted(articles, 'article')} analysed, the others from the cache, in {entry['seconds']:.1f} s"


def notebook_line(entry: dict[str, Any]) -> str:
    """The progress line for one notebook: ``01_corpus.ipynb: ok in 3.0 s`` (or from the cache, or failed in cell 7)."""
    if entry["status"] != "ok":
        where = f" in cell {entry['cell']}" if entry.get("cell") is not None else ""
        return f"{entry['notebook']}: failed{where} after {entry['seconds']:.1f} s"
    return f"{entry['notebook']}: ok{' (from the cache)' if entry.get('cached') else ''} in {entry['seconds']:.1f} s"


def summary_line(result: RunResult, seconds: float) -> str:
    """The closing line of a report run: ``report ok: 5 articles, 5 notebooks (2 from the cache) in 14 s; published as seeds/latest``."""
    entries = result.manifest["notebooks"]
    cached = sum(1 for entry in entries if entry.get("cached"))
    articles = len(result.manifest.get("corpus_files", []))
    return (
        f"report ok: {articles:,} article{'s' if articles != 1 else ''}, {len(entries)} notebooks ({cached} from the cache) in {seconds:.0f} s; "
        f"written to {result.run_dir.name}, published as {result.run_dir.parent.name}/latest"
    )


def configuration_name(params_name: str | os.PathLike[str]) -> str:
    """The folder a configuration publishes to: its name (``seeds``), or the stem of its YAML file."""
    return Path(params_name).stem or DEFAULT_PARAMS


def _finish(run_dir: Path, manifest: dict[str, Any], status: str, *, stage: str = "", error: BaseException | str = "") -> str:
    """Record how the run ended in its manifest: ``ok``, or ``failed`` with the stage and the error.

    Returns an empty string, or, when the manifest itself could not be written (a full disk), a note for the
    message saying so: the manifest on disk then still says ``running``, never ``ok``.
    """
    manifest["status"] = status
    manifest["finished_utc"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if stage:
        manifest["failed"] = {"stage": stage, "error": error if isinstance(error, str) else f"{type(error).__name__}: {error}"}
    if "corpus_files" not in manifest:
        manifest["corpus_files"] = corpus_files(run_dir, manifest["parameters"])
    try:
        write_manifest(run_dir, manifest)
    except OSError as err:
        return f" (its manifest could not be updated either: {err.strerror or err}; it says the run is still running)"
    return ""


def _hint(err: BaseException) -> str:
    """What to do about an error of the file system (``err`` or one it was raised from), when a user can act on it."""
    codes, cause = set(), err
    while cause is not None and len(codes) < 20:
        codes.add(getattr(cause, "errno", None))
        cause = cause.__cause__ or cause.__context__
    code = next((c for c in codes if c), None)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "\nthe disk (or quota) that holds the reports folder is full: free some space, then run again"
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "\nthe reports folder cannot be written: check its permissions, or that its disk is not mounted read-only"
    return ""
