"""Trials of what the report promises under hostile conditions: a corpus of bad files, a full or read-only disk,
kills at any point. Whatever happens, every bad input is named, the rest is analysed, the inputs are unchanged
and the published report stays whole.

Slow (each trial runs whole reports); ``pytest -m reliability`` runs them apart, and ``make test`` runs them with
the rest.
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
from conftest import tree_digest

from analysis import config
from analysis.report import run_report
from analysis.tables import read_table

pytestmark = pytest.mark.reliability

REPORT = (
    "import sys; from pathlib import Path; from analysis.report import run_report\n"
    "run_report('seeds', overrides={'corpus_dirs': ['seeds']}, reports_dir=Path(sys.argv[1]), progress=False,"
    " use_cache=sys.argv[2] == 'cache')\n"
)


def start_report(reports: Path, *, cache: bool = True) -> subprocess.Popen:
    """A report in a process group of its own, so that a kill reaches its workers too (its kernels, in sessions of
    their own, exit when they see their parent gone)."""
    return subprocess.Popen(
        [sys.executable, "-c", REPORT, str(reports), "cache" if cache else "no-cache"],
        cwd=config.PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def published(reports: Path) -> Path:
    """The run that ``seeds/latest`` points at, checked to be whole: status ok, report and every table there."""
    latest = (reports / "seeds" / "latest").resolve(strict=True)
    manifest = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok" and (latest / "report.html").stat().st_size > 100_000
    tables = {p.name for p in (latest / "tables").glob("*.csv")}
    assert {"documents.csv", "entity_counts.csv", "theme_summary.csv", "topics.csv", "changes.csv"} <= tables
    assert len(list((latest / "notebooks").glob("*.html"))) == 5
    return latest


SEEDS = sorted(config.SEEDS_DIR.glob("*.txt"))
ENGLISH = (
    "Russian President Vladimir Putin arrived in Astana on Thursday for talks with President Kassym-Jomart Tokayev, and the two "
    "leaders discussed trade, energy and security cooperation at the palace, officials said.\n"
    "It was the third visit of the Russian leader to the country this year, which has been a close ally of Moscow.\n"
)
STORY = "Presiden Vladimir Putin tiba di Bishkek pada Kamis (12/10/2023).\nIa bertemu Presiden Sadyr Japarov di istana.\n"


def hostile_corpus(folder: Path, outside: Path) -> None:
    """Two seed articles among every kind of bad file, odd name and damaged sidecar a corpus folder may hold."""
    folder.mkdir(parents=True)

    def put(name: str, data: bytes | str) -> None:
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    put("a_seed.txt", SEEDS[0].read_bytes())
    put("b_seed.txt", SEEDS[1].read_bytes())
    put("empty.txt", b"")
    put("whitespace.txt", b"  \n\n\t \r\n")
    put("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    put("nul_bytes.txt", STORY.replace(" di ", " di\x00 ", 1))
    put("latin1.txt", "Caf\u00e9 di Moskow \x81 menjual teh, kata Putin di Astana.\n".encode("latin-1"))
    put("cp1252.txt", "Putin berkata \u201ckerja sama\u201d dengan Kazakhstan \u2013 di Astana.\n".encode("cp1252"))
    put("utf16_bom.txt", SEEDS[2].read_text(encoding="utf-8").encode("utf-16"))
    put("utf16_no_bom.txt", STORY.replace("Bishkek", "Osh").encode("utf-16-le"))
    put("utf8_bom.txt", b"\xef\xbb\xbf" + STORY.replace("Bishkek", "Astana").encode("utf-8"))
    put("invalid_utf8.txt", SEEDS[3].read_bytes().replace(b"Putin", b"Put\xffin", 1))
    put("duplicate.txt", SEEDS[0].read_bytes())
    put("boilerplate_only.txt", "Baca juga: Putin tiba di Astana\nADVERTISEMENT\nSCROLL TO CONTINUE WITH CONTENT\n")
    put("english.txt", ENGLISH)
    put("spasi dan \u00fcn\u00efc\u00f6d\u00e9 #1 [draft] $x$.txt", SEEDS[4].read_bytes())
    put("-dash-first.txt", STORY.replace("Bishkek", "Kant"))
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "outside.txt").symlink_to(outside)
    (folder / "x.txt").mkdir()
    put("notes.md", "# notes\n")
    put("page.html", "<html><body><p>Putin</p></body></html>")
    put("draft.docx", b"PK\x03\x04" + b"\x00" * 30)
    put("saved_page.txt", "<!DOCTYPE html>\n<html><head><title>Putin</title></head><body><p>" + STORY + "</p></body></html>")
    put(
        "one_long_line.txt", "Putin " + "Rusia dan Kazakhstan membahas perdagangan senilai USD 3,5 miliar, " * 15_000
    )  # 1 MB, no line break
    put("no_spaces.txt", "Putin tiba di Astana.\n" + "a" * 300_000 + "\n")
    put("too_big.txt", "Putin tiba di Astana dan bertemu Tokayev.\n" * 150_000)  # 6.3 MB, over max_article_mb = 5
    put(
        "metadata.csv",
        "file,date,source,colour\n"
        "a_seed.txt,2023-10-12,Liputan6,red\n"
        "b_seed.txt,31/02/2023\n"  # a short row with an impossible date
        "missing.txt,2023-01-01,X,blue,extra\n"  # a file that is not there, and a cell too many
        "../../etc/passwd,2023-01-01,X,\n"  # a path out of the folder
        ",2023-01-01,X,\n",
    )  # no file name


# (file, level in load_problems.csv or None for no row, what the message says, whether the article is analysed)
BAD_FILES = [
    ("empty.txt", "skipped", "the file is empty", False),
    ("whitespace.txt", "skipped", "holds only whitespace", False),
    ("binary.txt", "skipped", "binary content", False),
    ("nul_bytes.txt", "warning", "1 NUL byte removed", True),
    ("latin1.txt", "warning", "read as latin-1", True),
    ("cp1252.txt", "warning", "read as cp1252", True),
    ("utf16_bom.txt", "warning", "read as UTF-16", True),
    ("utf16_no_bom.txt", "warning", "read as UTF-16-LE", True),
    ("utf8_bom.txt", "warning", "byte-order mark", True),
    ("invalid_utf8.txt", "warning", "not UTF-8", True),
    ("duplicate.txt", "warning", "same text as a_seed; analysed once", False),
    ("boilerplate_only.txt", "warning", "nothing left after cleaning", True),
    ("english.txt", "warning", "looks like English", True),
    ("spasi dan \u00fcn\u00efc\u00f6d\u00e9 #1 [draft] $x$.txt", None, "", True),
    ("-dash-first.txt", None, "", True),
    ("loop.txt", "skipped", "a broken symbolic link", False),
    ("outside.txt", "skipped", "outside the corpus folders: not read", False),
    ("x.txt", "skipped", "a folder, although its name ends in .txt", False),
    ("notes.md", "skipped", "not read: a .md file", False),
    ("page.html", "skipped", "not read: a .html file", False),
    ("draft.docx", "skipped", "export it as plain text", False),
    ("saved_page.txt", "skipped", "an HTML page, not plain text", False),
    ("one_long_line.txt", None, "", True),
    ("no_spaces.txt", None, "", True),
    ("too_big.txt", "skipped", "6.3 MB, more than max_article_mb = 5", False),
    ("metadata.csv", "warning", "unknown columns ignored: colour", None),
    ("metadata.csv", "warning", "row 3 (b_seed.txt): fewer cells than the 4 columns", None),
    ("metadata.csv", "warning", "row 3 (b_seed.txt): date '31/02/2023' is not YYYY-MM-DD", None),
    ("metadata.csv", "warning", "row 4 (missing.txt): 1 more cell(s) than the 4 columns", None),
    ("metadata.csv", "warning", "missing.txt: named in the sidecar but no such article was read", None),
    ("metadata.csv", "warning", "../../etc/passwd: named in the sidecar but no such article was read", None),
    ("metadata.csv", "warning", "row 6: empty 'file'; row ignored", None),
]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """One whole report on the hostile corpus, with the folder's digests before and after."""
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside" / "passwd.txt"
    outside.parent.mkdir()
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    corpus = base / "raw"
    hostile_corpus(corpus, outside)
    before = tree_digest(corpus)
    overrides = {"corpus_dirs": [str(corpus)], "k_values": [2, 3], "n_topics": 2, "n_seeds": 2}
    result = run_report("seeds", overrides=overrides, reports_dir=base / "reports", progress=False)
    return corpus, result.run_dir, before, tree_digest(corpus)


@pytest.mark.parametrize(("name", "level", "message", "analysed"), BAD_FILES, ids=[f"{n}:{m[:40]}" for n, _, m, _ in BAD_FILES])
def test_each_bad_file_is_named_with_its_problem(hostile_run, name, level, message, analysed):
    corpus, run, _, _ = hostile_run
    problems = read_table(run / "tables" / "load_problems.csv")
    mine = problems[problems["file"] == str(corpus / name)]
    if level is None:
        assert mine.empty, mine
    else:
        assert [m for lvl, m in zip(mine["level"], mine["message"]) if lvl == level and message in m], mine.to_dict("records")
    if analysed is not None:
        documents = read_table(run / "tables" / "documents.csv")
        counted = documents[documents["n_paragraphs"].notna()]
        assert (str(corpus / name) in set(counted["file"])) is analysed


def test_the_rest_of_a_hostile_corpus_is_analysed_and_published(hostile_run):
    corpus, run, before, after = hostile_run
    assert after == before  # no input was changed, moved or removed
    assert published(run.parent.parent) == run.resolve()
    counts = read_table(run / "tables" / "entity_counts.csv")
    for seed in ("a_seed", "b_seed"):
        assert counts.loc[counts["doc_id"] == seed, "count"].sum() > 20, seed  # the good articles are fully analysed
    documents = read_table(run / "tables" / "documents.csv").set_index("doc_id")
    assert documents.loc["a_seed", ["date", "source", "date_source"]].tolist() == ["2023-10-12", "Liputan6", "sidecar"]
    assert documents.loc["one_long_line", "n_tokens"] > 100_000  # a megabyte with no line break is read, in bounded pieces
    assert read_table(run / "tables" / "amounts.csv")["doc_id"].eq("one_long_line").sum() >= 15_000
    assert {str(corpus / name) for name, level, _, _ in BAD_FILES if level} == set(read_table(run / "tables" / "load_problems.csv")["file"])


def test_nothing_from_outside_the_corpus_reaches_the_run(hostile_run):
    _, run, _, _ = hostile_run
    for path in [run / "report.html", *run.glob("tables/*.csv"), *run.glob("notebooks/*.html")]:
        assert "root:x:0:0" not in path.read_text(encoding="utf-8", errors="replace"), path


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


@pytest.fixture
def small_disk(tmp_path):
    """A 64 MB tmpfs for the reports folder, where the test may mount one (root on Linux); skipped elsewhere."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("mounting a small disk needs root (the patched-write trials below cover the same code)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(disk: Path, leave: int) -> Path:
    """Write a file that takes all of ``disk`` but about ``leave`` bytes."""
    filler = disk / "filler.bin"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * (1 << 20))
                handle.flush()
        except OSError:
            pass
    os.truncate(filler, max(filler.stat().st_size - leave, 0))
    return filler


def run_cli(reports: Path) -> subprocess.CompletedProcess:
    """``python -m analysis report`` on the seeds, writing to ``reports``."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--quiet", "--reports", str(reports), "-p", "corpus_dirs", "[seeds]"],
        cwd=config.PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def newest_run(reports: Path) -> Path:
    return sorted((reports / "seeds").glob("2*"))[-1]


def test_a_full_disk_fails_with_a_clear_message_and_leaves_latest(small_disk):
    first = run_report("seeds", overrides={"corpus_dirs": ["seeds"]}, reports_dir=small_disk, progress=False).run_dir
    filler = fill(small_disk, leave=256 * 1024)  # room for the lock and the manifest, not for the tables
    cached = {p.name for p in (config.CACHE_DIR / "corpus").iterdir()}
    result = run_cli(small_disk)
    assert cached <= {p.name for p in (config.CACHE_DIR / "corpus").iterdir()}  # a full run folder is not a damaged cache
    assert result.returncode == 1, result.stderr
    assert "No space left on device" in result.stderr and "is full: free some space" in result.stderr, result.stderr
    assert "the published report (latest) not changed" in result.stderr
    assert published(small_disk) == first.resolve()
    failed = newest_run(small_disk)
    assert failed != first
    manifest = json.loads((failed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] in ("failed", "running") and manifest["status"] != "ok"
    filler.unlink()
    after = run_report("seeds", overrides={"corpus_dirs": ["seeds"]}, reports_dir=small_disk, progress=False).run_dir
    assert published(small_disk) == after.resolve()


def test_a_read_only_reports_folder_fails_with_a_clear_message(small_disk):
    first = run_report("seeds", overrides={"corpus_dirs": ["seeds"]}, reports_dir=small_disk, progress=False).run_dir
    assert not subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True).returncode
    try:
        result = run_cli(small_disk)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], capture_output=True)
    assert result.returncode == 1
    assert "cannot write in the reports folder" in result.stderr and "Read-only file system" in result.stderr, result.stderr
    assert "nothing was done" in result.stderr
    assert published(small_disk) == first.resolve() and newest_run(small_disk) == first


def failing_writes(monkeypatch, names: set[str]):
    """A disk that fills up as ``report.html`` is written: from then on, every ``Path.write_text`` of a file called
    one of ``names`` raises ENOSPC."""
    import errno

    write_text = Path.write_text
    full = []

    def write(self, *args, **kwargs):
        if self.name == "report.html":
            full.append(True)
        if full and self.name in names:
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write)


@pytest.mark.parametrize("unwritable", [{"report.html"}, {"report.html", "manifest.json.tmp"}], ids=["report", "report-and-manifest"])
def test_a_run_whose_report_cannot_be_written_is_never_ok(tmp_path, monkeypatch, unwritable):
    from analysis.report import ReportFailed

    reports = tmp_path / "reports"
    first = run_report("seeds", overrides={"corpus_dirs": ["seeds"]}, reports_dir=reports, progress=False).run_dir
    failing_writes(monkeypatch, unwritable)
    with pytest.raises(ReportFailed, match="No space left on device") as failure:
        run_report("seeds", overrides={"corpus_dirs": ["seeds"]}, reports_dir=reports, progress=False)
    monkeypatch.undo()
    message = str(failure.value)
    assert "building the report failed" in message and "is full" in message and "latest) not changed" in message
    assert published(reports) == first.resolve()
    failed = newest_run(reports)
    manifest = json.loads((failed / "manifest.json").read_text(encoding="utf-8"))
    assert not (failed / "report.html").exists()
    if "manifest.json.tmp" in unwritable:
        assert manifest["status"] == "running" and "manifest could not be updated either" in message
    else:
        assert manifest["status"] == "failed" and manifest["failed"]["stage"] == "report"
        assert "No space left on device" in manifest["failed"]["error"]


def test_dollar_signs_in_a_file_name_title_and_outlet_do_not_break_the_report(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    (corpus / "a_seed.txt").write_bytes(SEEDS[0].read_bytes())
    (corpus / "$\\foo$ berita.txt").write_text("Harga $x^2$ Naik di Bishkek\n" + STORY, encoding="utf-8")
    (corpus / "metadata.csv").write_text("file,source\n$\\foo$ berita.txt,Outlet $ Satu\n", encoding="utf-8")
    overrides = {"corpus_dirs": [str(corpus)], "k_values": [2, 3], "n_topics": 2, "n_seeds": 2}
    run = run_report("seeds", overrides=overrides, reports_dir=tmp_path / "reports", progress=False).run_dir
    documents = read_table(run / "tables" / "documents.csv").set_index("doc_id")
    assert documents.loc["$\\foo$ berita", "source"] == "Outlet $ Satu"
    assert "$\\foo$" in (run / "report.html").read_text(encoding="utf-8") and published(run.parent.parent) == run.resolve()
