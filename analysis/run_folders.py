"""Run folders of a configuration: created with a timestamp, locked while a run writes, published by an atomic
rename of ``latest``, and the failed ones pruned.

``reports/<configuration>/`` holds one folder per run (``20261202T121813Z``), ``latest`` (a symbolic link to
the last good run) and ``.report.lock``, which a run holds from start to end.

Each run folder has a ``manifest.json`` whose ``status`` is ``running`` from the start, ``failed`` (with the
stage and the error) when something went wrong, and ``ok`` only once :func:`missing_outputs` finds every file the
run promises. A run that could not even record its failure (a full disk) is left saying ``running``, never ``ok``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path


class ReportBusy(RuntimeError):
    """Another run of the same configuration holds its lock; nothing was done."""


LOCK_FILE = ".report.lock"


@contextlib.contextmanager
def report_lock(folder: Path, *, wait: bool = False, on_wait: Callable[[str], None] | None = None):
    """Hold ``folder/.report.lock`` for a run, so that two runs of one configuration never interleave.

    The lock is an exclusive ``flock``: the system releases it when the process ends, however it ends (even by
    ``kill -9``), so a killed run never leaves a stale lock. The file holds the holder's pid and start time, for
    the message the second run gives.

    Args:
        folder: the configuration's folder of run folders.
        wait: when another run holds the lock, wait for it to end (``on_wait`` is told who holds it, once)
            instead of raising :class:`ReportBusy`.

    Raises:
        ReportBusy: another run holds the lock, and ``wait`` is False.
    """
    import fcntl

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK_FILE, "a+", encoding="utf-8")
    except OSError as err:
        raise OSError(
            err.errno,
            f"cannot write in the reports folder {folder} ({err.strerror or err}); nothing was done, "
            "the published report (latest) not changed",
        ) from err
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            if not wait:
                raise ReportBusy(
                    f"another report of {folder.name} is running ({holder}); nothing was done (without --no-wait, the command waits for it)"
                ) from None
            if on_wait is not None:
                on_wait(f"waiting for another report of {folder.name} to finish ({holder})")
            fcntl.flock(handle, fcntl.LOCK_EX)  # blocks until the holder ends, however it ends
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}, started {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}\n")
            handle.flush()
        except OSError:
            pass  # a full disk: the lock holds all the same, only the second run's message lacks the pid
        yield
    finally:
        handle.close()  # closing releases the lock


def new_run_dir(reports_dir: Path) -> Path:
    """Create ``reports_dir/<UTC timestamp>`` (a suffix is added if two runs start in the same second)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    reports_dir.mkdir(parents=True, exist_ok=True)
    for n in range(1, 100):
        run_dir = reports_dir / (stamp if n == 1 else f"{stamp}-{n}")
        try:
            run_dir.mkdir()
            return run_dir
        except FileExistsError:
            continue
    raise RuntimeError(f"could not create a run folder in {reports_dir}")


KEEP_FAILED = 3  # failed run folders kept per configuration, the newest, for inspection


def prune_failed(folder: Path, *, keep: int = KEEP_FAILED, published: Path | None = None) -> list[Path]:
    """Remove the run folders of ``folder`` that did not succeed (failed, or killed while running), but the newest
    ``keep`` of them; returns those removed. Successful runs are never removed, nor the one ``published`` names.

    Run under the configuration's lock (:func:`report_lock`), so no other run of it is running.
    """
    unfinished = []
    for run in sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink() and p.name[:1].isdigit()):
        try:
            status = json.loads((run / "manifest.json").read_text(encoding="utf-8")).get("status")
        except (OSError, ValueError):
            status = None  # killed before its manifest was written
        if status != "ok" and (published is None or run.resolve() != published.resolve()):
            unfinished.append(run)
    removed = unfinished[: max(len(unfinished) - keep, 0)]
    for run in removed:
        shutil.rmtree(run, ignore_errors=True)
    return removed


def write_manifest(run_dir: Path, manifest: dict) -> None:
    """Write ``manifest.json`` whole or not at all (a temporary file renamed over it)."""
    tmp = run_dir / "manifest.json.tmp"
    try:
        tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, run_dir / "manifest.json")
    finally:
        tmp.unlink(missing_ok=True)


TABLES_OF_EVERY_RUN = ("documents.csv", "load_problems.csv", "changes.csv", "pipeline.json", "spreadsheet/README.txt")


def missing_outputs(run_dir: Path, notebooks: list[str]) -> list[str]:
    """The files a finished run promises that its folder lacks (paths relative to it), empty when it is whole:
    every executed notebook and its HTML, ``report.html``, every table the pipeline's stages recorded in
    ``tables/pipeline.json``, and the spreadsheet copies' folder. A file of no bytes counts as missing (a write the disk cut short)."""
    expected = ["report.html", *(f"notebooks/{n}" for n in notebooks), *(f"notebooks/{Path(n).stem}.html" for n in notebooks)]
    expected += [f"tables/{name}" for name in TABLES_OF_EVERY_RUN]
    try:
        state = json.loads((run_dir / "tables" / "pipeline.json").read_text(encoding="utf-8"))
        expected += [f"tables/{name}" for stage in state.get("stages", {}).values() for name in stage.get("tables", [])]
    except (OSError, ValueError):
        pass  # pipeline.json itself is then reported missing or empty
    missing = []
    for name in dict.fromkeys(expected):
        path = run_dir / name
        if not path.is_file() or path.stat().st_size == 0:
            missing.append(name)
    return missing


def publish(run_dir: Path, latest: Path) -> None:
    """Point ``latest`` at ``run_dir`` with one atomic rename (a relative symbolic link)."""
    tmp = latest.with_name(f".{latest.name}.{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(os.path.relpath(run_dir, latest.parent), target_is_directory=True)
    os.replace(tmp, latest)
