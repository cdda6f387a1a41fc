"""Trials of what the report promises under hostile conditions: killed at any point, the published report stays whole.

Slow (each trial starts a report in its own process); ``pytest -m reliability`` runs them apart, and
``make test`` runs them with the rest.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import config
from analysis.report import run_report

pytestmark = pytest.mark.reliability

REPORT = ("import sys; from pathlib import Path; from analysis.report import run_report\n"
          "run_report('seeds', overrides={'corpus_dirs': ['seeds']}, reports_dir=Path(sys.argv[1]), progress=False,"
          " use_cache=sys.argv[2] == 'cache')\n")


def start_report(reports: Path, *, cache: bool = True) -> subprocess.Popen:
    """A report in a process group of its own, so that a kill reaches its workers too (its kernels, in sessions of
    their own, exit when they see their parent gone)."""
    return subprocess.Popen([sys.executable, "-c", REPORT, str(reports), "cache" if cache else "no-cache"], cwd=config.PROJECT_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def published(reports: Path) -> Path:
    """The run that ``seeds/latest`` points at, checked to be whole: status ok, report and every table there."""
    latest = (reports / "seeds" / "latest").resolve(strict=True)
    manifest = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok" and (latest / "report.html").stat().st_size > 100_000
    tables = {p.name for p in (latest / "tables").glob("*.csv")}
    assert {"documents.csv", "entity_counts.csv", "theme_summary.csv", "topics.csv", "changes.csv"} <= tables
    assert len(list((latest / "notebooks").glob("*.html"))) == 5
    return latest


def test_killed_at_random_points_the_published_report_stays_whole_and_the_next_run_succeeds(tmp_path):
    reports = tmp_path / "reports"
    first = run_report("seeds", overrides={"corpus_dirs": ["seeds"]}, reports_dir=reports, progress=False).run_dir
    assert published(reports) == first.resolve()
    rng = random.Random(14)
    outcomes = []
    for trial in range(10):
        cache = trial != 9  # the last trial runs every notebook, so that the kill lands among running kernels
        process = start_report(reports, cache=cache)
        delay = rng.uniform(0.3, 9.0)
        try:
            process.wait(timeout=delay)
            outcomes.append("finished")
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            outcomes.append(f"killed at {delay:.1f} s")
        published(reports)  # whatever the moment, latest is a whole earlier (or the new) run
    assert sum(o.startswith("killed") for o in outcomes) >= 5, outcomes
    after = run_report("seeds", overrides={"corpus_dirs": ["seeds"]}, reports_dir=reports, progress=False).run_dir
    assert published(reports) == after.resolve()


def test_a_killed_kernel_fails_the_run_and_leaves_the_report(tmp_path):
    reports = tmp_path / "reports"
    run_report("seeds", overrides={"corpus_dirs": ["seeds"]}, reports_dir=reports, progress=False)
    before = published(reports)
    process = start_report(reports, cache=False)
    killed = 0
    deadline = time.monotonic() + 240
    while process.poll() is None and time.monotonic() < deadline:  # every kernel the run starts dies
        found = subprocess.run(["pgrep", "-P", str(process.pid), "-f", "ipykernel_launcher"], capture_output=True, text=True).stdout.split()
        for pid in found:
            try:
                os.kill(int(pid), signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        time.sleep(0.1)
    assert process.wait(timeout=300) != 0 and killed  # the run fails, naming the notebook (see test_report)
    assert published(reports) == before
    failed = sorted(p for p in (reports / "seeds").glob("2*") if p.resolve() != before)[-1]
    assert json.loads((failed / "manifest.json").read_text(encoding="utf-8"))["status"] == "failed"
