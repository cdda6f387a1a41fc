"""Turn a finished run folder into a readable, offline HTML report, and say what changed since the previous run.

``report.html`` is one self-contained file: a title page with the run's
metadata, a table of contents, then each notebook's prose, charts (embedded as
PNG data) and tables, with the code folded away under "Show code". It loads
nothing from the network and runs no script. Every piece of text that comes
from the articles or the notebooks' outputs is HTML-escaped, and the HTML kept
of tables and Markdown passes the allow-list of :mod:`analysis.sanitise` (nh3),
so an article that contains ``<script>`` shows that text instead of running it. Each executed notebook is also written
as HTML under ``notebooks/``, without its remote MathJax and require.js.

:func:`compare_runs` compares the tables of two runs of one configuration:
the parameters that changed, articles added and removed, the entities whose
counts moved most (with their rates per 1,000 tokens, and whether they are
new), and the theme shares that changed. The result is ``tables/changes.csv``
and a section of the report (:func:`readable_changes`: whole numbers,
percentages).
"""

from __future__ import annotations

import html
import json
import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

import nbformat
import pandas as pd
from nbconvert import HTMLExporter

from analysis.prose import figure_caption
from analysis.sanitise import markdown_html, table_html
from analysis.tables import read_table

CHANGE_COLUMNS = ["section", "item", "before", "after", "change", "note"]
TOP_ENTITY_CHANGES = 10
_NOTEBOOK_LINK = re.compile(r'href="(\d\d_[\w-]+)\.ipynb"')

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.5; }
h1 { font-size: 1.9rem; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .85rem; display: block; overflow-x: auto; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
figure { margin: 1.2rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { font-size: .9rem; color: #444; margin-top: .3rem; }
h2 a.anchor, h3 a.anchor { color: inherit; text-decoration: none; }
nav.toc ol ol { font-size: .92rem; } nav.toc details { margin: .5rem 0; }
pre { background: #f7f7f7; padding: .6rem; overflow-x: auto; font-size: .8rem; white-space: pre-wrap; }
details.code summary { cursor: pointer; color: #555; font-size: .85rem; }
nav.toc { background: #f7f7f7; padding: .5rem 1.5rem; border-radius: 4px; }
.meta td:first-child { font-weight: 600; white-space: nowrap; }
section.notebook { margin-top: 3rem; }
"""


def compare_runs(current: Path, previous: Path | None, *, parameters: tuple[dict, dict] | None = None) -> pd.DataFrame:
    """What changed between the tables of two runs (``tables/`` folders); empty when there is no previous run.

    Args:
        current, previous: the two runs' ``tables/`` folders (``previous`` None: no earlier run).
        parameters: the previous and the current run's parameters; each one that differs is a ``configuration`` row,
            first, so that articles a new sample leaves out read as a change of configuration, not as articles removed.

    Returns:
        section (configuration, articles, entities, themes), item, before, after, change, note.
        Articles: one row per article added (before 0, after 1) or removed, ``item`` its label.
        Entities: the :data:`TOP_ENTITY_CHANGES` entities whose total mentions changed most, with their mentions per
        1,000 word tokens of each run in ``note``; ``new since the last run`` or ``no longer mentioned``.
        Themes: every theme whose mean share of paragraphs per article changed (0 to 1).
    """
    if previous is None or not (previous / "documents.csv").exists():
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    rows = []
    changed = []
    if parameters is not None:
        before_p, after_p = ({k: v for k, v in p.items() if k != "run_dir"} for p in parameters)
        changed = sorted(k for k in set(before_p) | set(after_p) if before_p.get(k) != after_p.get(k))
        rows += [
            (
                "configuration",
                k,
                None,
                None,
                None,
                f"{json.dumps(before_p.get(k), ensure_ascii=False)} -> {json.dumps(after_p.get(k), ensure_ascii=False)}",
            )
            for k in changed
        ]
    why = f"after the change of {', '.join(changed)}" if changed else ""
    docs = {name: read_table(folder / "documents.csv") for name, folder in (("before", previous), ("after", current))}
    label = {**_labels(docs["before"]), **_labels(docs["after"])}
    before_docs, after_docs = set(docs["before"]["doc_id"]), set(docs["after"]["doc_id"])
    rows += [("articles", label[d], 0, 1, 1, why or "added") for d in sorted(after_docs - before_docs)]
    rows += [("articles", label[d], 1, 0, -1, why or "removed") for d in sorted(before_docs - after_docs)]
    tokens = {name: float(frame["n_tokens"].fillna(0).sum()) if "n_tokens" in frame else 0.0 for name, frame in docs.items()}

    def totals(folder: Path, name: str, key: str, value: str, how: str) -> pd.Series:
        path = folder / name
        if not path.exists():
            return pd.Series(dtype=float)
        return read_table(path).groupby(key)[value].agg(how)

    for section, name, key, value, how in (
        ("entities", "entity_counts.csv", "entity", "count", "sum"),
        ("themes", "theme_summary.csv", "theme", "share_paragraphs", "mean"),
    ):
        before, after = totals(previous, name, key, value, how), totals(current, name, key, value, how)
        both = pd.concat([before.rename("before"), after.rename("after")], axis=1).fillna(0)
        both["change"] = both["after"] - both["before"]
        both = both[both["change"].round(6) != 0]
        both = both.reindex(both["change"].abs().sort_values(ascending=False, kind="mergesort").index)
        if section == "entities":
            both = both.head(TOP_ENTITY_CHANGES)
            for item, r in both.iterrows():
                rates = (
                    f"{1000 * r.before / tokens['before']:.2f} -> {1000 * r.after / tokens['after']:.2f} per 1,000 tokens"
                    if tokens["before"] and tokens["after"]
                    else ""
                )
                status = "new since the last run; " if r.before == 0 else "no longer mentioned; " if r.after == 0 else ""
                rows.append((section, item, int(r.before), int(r.after), int(r.change), status + rates))
        else:
            rows += [(section, item, round(r.before, 4), round(r.after, 4), round(r.change, 4), "") for item, r in both.iterrows()]
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def _labels(documents: pd.DataFrame) -> dict[str, str]:
    if "label" in documents:
        return {d: f"{label} ({d})" if label != d else d for d, label in zip(documents["doc_id"], documents["label"].fillna(""))}
    return {d: d for d in documents["doc_id"]}


def readable_changes(changes: pd.DataFrame) -> pd.DataFrame:
    """The changes as a reader should see them: counts as whole numbers, theme shares as percentages, no NaN."""

    def show(section: str, value) -> str:
        if value is None or pd.isna(value):
            return ""
        if section == "themes":
            return f"{100 * float(value):.1f}%"
        return f"{int(value):,}"

    out = changes.copy()
    for column in ("before", "after", "change"):
        out[column] = [show(s, v) for s, v in zip(changes["section"], changes[column])]
    themes = changes["section"] == "themes"
    out.loc[themes, "change"] = [f"{100 * float(v):+.1f} points" for v in changes.loc[themes, "change"]]
    out["note"] = changes["note"].fillna("")
    return out


_REMOTE_OR_EMPTY_SCRIPT = re.compile(
    r'<script[^>]*\ssrc=""[^>]*>\s*</script>|<script[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*?</script>', re.DOTALL
)


def _without_active_html(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose HTML outputs are tables cleaned by :func:`analysis.sanitise.table_html` or dropped (the
    plain-text form stays), and whose Markdown outputs are HTML rendered with any raw HTML in them escaped."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:  # computed prose may quote articles: rendered here, with raw HTML escaped
                data["text/html"] = markdown_html(data.pop("text/markdown"))
                continue
            if "text/html" in data:
                table = table_html(data["text/html"])
                if table is None:
                    del data["text/html"]
                else:
                    data["text/html"] = table
    return nb


class Figures:
    """The report's figures, numbered in the order they appear: ``(number, anchor, caption)`` of each, for the list of figures."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, str, str]] = []

    def add(self, image: str, about: dict) -> str:
        """A numbered ``<figure>`` for a PNG output (base64 ``image``) and its ``figure`` metadata (see :func:`analysis.plots.save_figure`)."""
        number = len(self.entries) + 1
        anchor = f"figure-{number}"
        caption = figure_caption(about.get("caption", ""), about.get("tables", []))
        self.entries.append((number, anchor, caption))
        alt = html.escape(about.get("alt") or about.get("caption") or "A chart", quote=True)
        shown = _markdown_inline(caption)
        return (
            f'<figure id="{anchor}"><img alt="{alt}" src="data:image/png;base64,{image}">'
            f'<figcaption><a href="#{anchor}">Figure {number}</a>.{" " + shown if shown else ""}</figcaption></figure>'
        )


def _markdown_inline(text: str) -> str:
    """Markdown of one paragraph as inline HTML (raw HTML escaped)."""
    rendered = markdown_html(text).strip()
    return rendered[3:-4] if rendered.startswith("<p>") and rendered.endswith("</p>") else rendered


def _outputs_html(cell, figures: Figures) -> list[str]:
    """What a reader sees of a code cell's outputs: printed text, tables, Markdown, numbered figures.

    Warnings and other text on standard error are left out (the notebook's own HTML keeps them), and so is a
    figure's Markdown caption, which the numbered ``<figcaption>`` replaces.
    """
    parts = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") != "stderr":
                parts.append(f'<pre class="output">{html.escape(output.get("text", ""))}</pre>')
        elif kind in ("display_data", "execute_result"):
            data, meta = output.get("data", {}), output.get("metadata", {})
            if "caption_of" in meta:
                continue
            if "image/png" in data:
                parts.append(figures.add(data["image/png"].strip(), meta.get("figure", {})))
            elif "text/html" in data and table_html(data["text/html"]) is not None:
                parts.append(table_html(data["text/html"]))
            elif "text/markdown" in data:
                parts.append(markdown_html(data["text/markdown"]))
            elif "text/plain" in data:
                parts.append(f'<pre class="output">{html.escape(data["text/plain"])}</pre>')
        elif kind == "error":
            parts.append(f'<pre class="output">{html.escape(output.get("ename", ""))}: {html.escape(output.get("evalue", ""))}</pre>')
    return parts


_HEADING = re.compile(r"<h([1-3])>(.*?)</h\1>", re.DOTALL)


def _anchor(prefix: str, text: str, taken: set[str]) -> str:
    """A unique, readable id: the notebook's name and the heading's words (``03_themes-trade-figures``)."""
    words = re.sub(r"[^\w]+", "-", re.sub(r"<[^>]+>", "", html.unescape(text)).lower()).strip("-") or "section"
    anchor, n = f"{prefix}-{words}", 2
    while anchor in taken:
        anchor, n = f"{prefix}-{words}-{n}", n + 1
    taken.add(anchor)
    return anchor


def notebook_section(path: Path, figures: Figures | None = None) -> tuple[str, str, str, list[tuple[str, str]]]:
    """``(anchor, title, html, sections)`` of one executed notebook: prose, outputs, and code folded away.

    Every heading gets an id; ``sections`` lists the second-level ones as ``(anchor, text)`` for the table of contents.
    """
    figures = figures if figures is not None else Figures()
    nb = nbformat.read(path, as_version=4)
    anchor = path.stem
    title = path.stem
    parts: list[str] = []
    sections: list[tuple[str, str]] = []
    taken: set[str] = {anchor}

    def with_ids(match: re.Match) -> str:
        level, inner = match.group(1), match.group(2)
        if level == "1":
            return f"<h1>{inner}</h1>"
        section = _anchor(anchor, inner, taken)
        if level == "2":
            sections.append((section, inner))
        return f'<h{level} id="{section}"><a class="anchor" href="#{section}">{inner}</a></h{level}>'

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if title == path.stem and cell.source.lstrip().startswith("# "):
                title = cell.source.lstrip()[2:].splitlines()[0].strip()
            parts.append(_HEADING.sub(with_ids, _NOTEBOOK_LINK.sub(r'href="#\1"', markdown_html(cell.source, raw_html=True))))
        elif cell.cell_type == "code":
            tags = cell.metadata.get("tags", [])
            label = "Show parameters" if "parameters" in tags or "injected-parameters" in tags else "Show code"
            parts.append(f'<details class="code"><summary>{label}</summary><pre>{html.escape(cell.source)}</pre></details>')
            parts += _outputs_html(cell, figures)
    return anchor, title, f'<section class="notebook" id="{anchor}">\n' + "\n".join(parts) + "\n</section>", sections


def _title_page(manifest: dict, n_changes: int) -> str:
    meta = [
        ("Run", manifest.get("run", "")),
        ("Status", manifest.get("status", "")),
        ("Started (UTC)", manifest.get("started_utc", "")),
        ("Finished (UTC)", manifest.get("finished_utc", "")),
        ("Configuration", manifest.get("configuration", "")),
        ("Git commit", manifest.get("git_commit", "") or "(not a git checkout)"),
        ("Corpus files", str(len(manifest.get("corpus_files", [])))),
        ("Parameters", json.dumps({k: v for k, v in manifest.get("parameters", {}).items() if k != "run_dir"}, ensure_ascii=False)),
        ("Notebooks", ", ".join(f"{n['notebook']} ({n.get('seconds', '?')} s)" for n in manifest.get("notebooks", []))),
        ("Packages", ", ".join(f"{k} {v}" for k, v in manifest.get("packages", {}).items())),
        ("Changes since the previous run", str(n_changes)),
    ]
    rows = "\n".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>" for k, v in meta)
    return f'<table class="meta">{rows}</table>'


def build_html_report(run_dir: Path, changes: pd.DataFrame, *, title: str = "News coverage report", manifest: dict | None = None) -> Path:
    """Write ``report.html`` and ``notebooks/*.html`` for a run folder whose notebooks have all run; returns the report's path.

    ``manifest`` is the run's manifest as its title page should show it (default: the folder's ``manifest.json``).
    """
    if manifest is None:
        manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    notebooks = [run_dir / "notebooks" / n["notebook"] for n in manifest.get("notebooks", [])]
    figures = Figures()
    sections = [notebook_section(p, figures) for p in notebooks]
    export_notebooks_html([p for p in notebooks if not p.with_suffix(".html").exists()])
    toc = "\n".join(
        f'<li><a href="#{a}">{html.escape(t)}</a> <small>(<a href="notebooks/{a}.html">the notebook with its code</a>)</small>'
        + (("<ol>" + "".join(f'<li><a href="#{s}">{text}</a></li>' for s, text in subs) + "</ol>") if subs else "")
        + "</li>"
        for a, t, _, subs in sections
    )
    figure_list = "\n".join(f'<li><a href="#{a}">Figure {n}</a>. {_markdown_inline(c)}</li>' for n, a, c in figures.entries)
    if changes.empty:
        changes_html = "<p>No earlier successful run to compare with, or nothing changed.</p>"
    else:
        changes_html = readable_changes(changes).to_html(index=False, escape=True, border=0)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}: {html.escape(manifest.get("run", ""))}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{html.escape(title)}</h1>
<p>Generated from the notebooks of this run folder. Code is folded under "Show code"; every chart and table can be traced to
the CSV tables in <code>tables/</code> and the executed notebooks in <code>notebooks/</code>.</p>
{_title_page(manifest, len(changes))}
</header>
<nav class="toc"><h2>Contents</h2><ol>
<li><a href="#changes">What changed since the previous run</a></li>
{toc}
</ol>
<details><summary>Figures ({len(figures.entries)})</summary><ol class="figures">
{figure_list}
</ol></details></nav>
<section id="changes"><h2>What changed since the previous run</h2>
{changes_html}
</section>
{"".join(s for _, _, s, _ in sections)}
</body>
</html>
"""
    path = run_dir / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


_ALT = re.compile(r'\salt="[^"]*"')


def _with_alt_text(body: str, nb: nbformat.NotebookNode) -> str:
    """The exported HTML with each chart's alt text (from its ``figure`` metadata) on its ``<img>``, in place of
    nbconvert's "No description has been provided for this image"."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            alt = output.get("metadata", {}).get("figure", {}).get("alt")
            image = output.get("data", {}).get("image/png", "").strip()
            where = body.find(f'src="data:image/png;base64,{image}"') if alt and image else -1
            start = body.rfind("<img", 0, where)
            if where < 0 or start < 0:
                continue
            tag = body[start:where]
            tag = _ALT.sub("", tag) + f' alt="{html.escape(alt, quote=True)}" '
            body = body[:start] + tag + body[where:]
    return body


@lru_cache(maxsize=1)
def _html_exporter() -> HTMLExporter:
    """One exporter for the process: loading its templates takes longer than exporting a notebook."""
    exporter = HTMLExporter(template_name="lab")
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    exporter.log.setLevel(logging.ERROR)  # nbconvert warns that images lack alt text: _with_alt_text adds it afterwards
    return exporter


_EXPORT_LOCK = threading.Lock()


def export_notebooks_html(notebooks: list[Path]) -> list[Path]:
    """Each executed notebook as HTML beside it, with no remote MathJax or require.js."""
    with _EXPORT_LOCK:  # notebooks finish side by side; the exporter and its templates are shared
        exporter = _html_exporter()
    written = []
    for path in notebooks:
        nb = _without_active_html(nbformat.read(path, as_version=4))
        with _EXPORT_LOCK:
            body, _ = exporter.from_notebook_node(nb)
        body = _REMOTE_OR_EMPTY_SCRIPT.sub("", body)  # the lab template's mermaid loader, and the blanked MathJax/require.js tags
        body = _with_alt_text(body, nb)
        out = path.with_suffix(".html")
        out.write_text(body, encoding="utf-8")
        written.append(out)
    return written
