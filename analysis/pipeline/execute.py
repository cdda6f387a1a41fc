"""Where the per-article work runs: in this process, on a local Dask cluster (one worker process per core), or on an existing one.

The choice, in order:

- ``scheduler="synchronous"``: every batch in this process, one after the
  other (what the unit tests use, and what a small job gets);
- ``scheduler="tcp://host:8786"`` (or the environment variable
  :data:`SCHEDULER_ENV`): the workers of an existing Dask cluster; they must run
  the same checkout of the package (each batch checks its code and lexicons);
- otherwise (``"local"``, or the default ``"auto"``) a ``LocalCluster`` with
  ``workers`` worker processes, one thread each (text work is pure Python, so
  processes, not threads, use the cores). ``"auto"`` runs in this process when
  the caller says the job is small (for articles: less than
  :data:`MIN_PARALLEL_BYTES` of text), where starting a cluster (about two
  seconds) would cost more than it saves.

:meth:`Executor.map` keeps a bounded number of batches in flight and yields
results as they complete, so that memory follows the batch, not the corpus.

Example:
    >>> with executor("synchronous") as ex:
    ...     sorted(result for _, result in ex.map(abs, [-2, 1]))
    [1, 2]
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)

SCHEDULER_ENV = "NEWS_ANALYSIS_SCHEDULER"
WORKERS_ENV = "NEWS_ANALYSIS_WORKERS"
# Below this much text to process, "auto" stays in this process.
MIN_PARALLEL_BYTES = 4_000_000


def default_workers() -> int:
    """One worker per core (``os.sched_getaffinity`` where it exists), or :data:`WORKERS_ENV`."""
    if os.environ.get(WORKERS_ENV, "").strip():
        return max(1, int(os.environ[WORKERS_ENV]))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class Executor:
    """Runs a function over items; see the module docstring for where."""

    def __init__(self, client=None, description: str = "in this process", n_workers: int = 1):
        self.client = client
        self.description = description
        self.n_workers = n_workers

    def map(self, fn: Callable, items: Iterable, *args: Any, in_flight: int | None = None) -> Iterator[tuple[int, Any]]:
        """Yield ``(index, fn(item, *args))`` for every item, in the order they finish.

        Items are produced lazily (a generator can read a batch's files only
        when the batch is submitted), and at most ``in_flight`` (default: two
        per worker) are submitted at once.
        """
        if self.client is None:
            for i, item in enumerate(items):
                yield i, fn(item, *args)
            return
        from distributed import as_completed

        limit = in_flight or 2 * self.n_workers
        iterator = enumerate(items)
        pending = {}
        scattered: dict[int, Any] = {}  # an argument passed twice is sent once
        for a in args:
            if _large(a) and id(a) not in scattered:
                scattered[id(a)] = self.client.scatter(a, broadcast=True, hash=False)
        shared = [scattered.get(id(a), a) for a in args]
        completed = as_completed()
        for i, item in iterator:
            future = self.client.submit(fn, item, *shared, pure=False)
            pending[future] = i
            completed.add(future)
            if len(pending) >= limit:
                break
        for future in completed:
            i = pending.pop(future)
            result = future.result()
            future.release()
            yield i, result
            nxt = next(iterator, None)
            if nxt is not None:
                j, item = nxt
                new = self.client.submit(fn, item, *shared, pure=False)
                pending[new] = j
                completed.add(new)

    def ordered_map(self, fn: Callable, items: Iterable, *args: Any) -> Iterator[Any]:
        """``fn(item, *args)`` for every item, in the order of the items (as :meth:`map` computes them)."""
        done, following = {}, 0
        for i, result in self.map(fn, items, *args):
            done[i] = result
            while following in done:
                yield done.pop(following)
                following += 1


def _large(value: Any) -> bool:
    """Whether an argument shared by every task is worth scattering once to the workers (a matrix, not a small settings object)."""
    return hasattr(value, "nbytes") and getattr(value, "nbytes", 0) > 1_000_000


@contextmanager
def executor(scheduler: str | None = None, *, workers: int | None = None, small: bool = False) -> Iterator[Executor]:
    """An :class:`Executor`; a local cluster it starts is closed on exit.

    Args:
        scheduler: ``"auto"`` (default), ``"synchronous"``, ``"local"``, or a Dask scheduler address;
            None reads :data:`SCHEDULER_ENV`.
        workers: worker processes of a local cluster (default: one per core).
        small: the job is too small to be worth a cluster (``"auto"`` then runs it in this process).
    """
    scheduler = scheduler or os.environ.get(SCHEDULER_ENV, "").strip() or "auto"
    n = workers or default_workers()
    if scheduler == "synchronous" or (scheduler == "auto" and (n == 1 or small)):
        yield Executor()
        return
    from distributed import Client, LocalCluster

    for name in ("distributed", "tornado"):  # the scheduler and client log every worker's start and stop at INFO
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger(name).level))
    if scheduler in ("auto", "local"):
        try:
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR)
        except Exception as err:  # the worker processes could not start (in a script read from stdin, they cannot import it)
            if scheduler == "local":
                raise
            log.warning("could not start a local Dask cluster (%s: %s); running in this process", type(err).__name__, err)
            yield Executor()
            return
        client = Client(cluster)
        log.info("local Dask cluster: %d worker processes", n)
        try:
            yield Executor(client, f"a local Dask cluster of {n} worker processes", n)
        finally:
            client.close()
            cluster.close()
        return
    client = Client(scheduler, timeout="30s")
    try:
        n_remote = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values()))
        log.info("Dask cluster at %s: %d threads", scheduler, n_remote)
        yield Executor(client, f"the Dask cluster at {scheduler}", n_remote)
    finally:
        client.close()
