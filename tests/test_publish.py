"""The HTML report: article text escaped, code folded, nothing remote; and what changed between two runs."""

from __future__ import annotations

import json
import re

import nbformat
import pandas as pd

from analysis.publish import build_html_report, compare_runs, notebook_section, readable_changes

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def write_tables(folder, documents, counts, themes):
    folder.mkdir(parents=True)
    pd.DataFrame({"doc_id": documents}).to_csv(folder / "documents.csv", index=False)
    pd.DataFrame(counts, columns=["doc_id", "entity", "type", "count"]).to_csv(folder / "entity_counts.csv", index=False)
    pd.DataFrame(themes, columns=["doc_id", "theme", "share_paragraphs"]).to_csv(folder / "theme_summary.csv", index=False)
    return folder


def test_compare_runs(tmp_path):
    before = write_tables(
        tmp_path / "a",
        ["d1", "d2"],
        [("d1", "Russia", "place", 5), ("d2", "China", "place", 3)],
        [("d1", "trade", 0.5), ("d2", "trade", 0.1), ("d1", "energy", 0.2), ("d2", "energy", 0.2)],
    )
    after = write_tables(
        tmp_path / "b",
        ["d2", "d3"],
        [("d2", "China", "place", 3), ("d3", "China", "place", 4), ("d3", "ICC", "organization", 1)],
        [("d2", "trade", 0.1), ("d3", "trade", 0.3), ("d2", "energy", 0.2), ("d3", "energy", 0.2)],
    )
    changes = compare_runs(after, before)
    rows = changes.values.tolist()
    assert rows[:2] == [["articles", "d3", 0, 1, 1, "added"], ["articles", "d1", 1, 0, -1, "removed"]]
    entities = changes[changes["section"] == "entities"].set_index("item")
    assert entities["change"].to_dict() == {"Russia": -5, "China": 4, "ICC": 1}
    assert entities.loc["ICC", "note"].startswith("new since the last run") and entities.loc["Russia", "note"].startswith("no longer")
    themes = changes[changes["section"] == "themes"].set_index("item")["change"].to_dict()
    assert themes == {"trade": -0.1}  # 0.3 -> 0.2; energy did not move
    assert compare_runs(after, None).empty
    shown = readable_changes(changes).set_index("item")
    assert shown.loc["Russia", ["before", "after", "change"]].tolist() == ["5", "0", "-5"]
    assert shown.loc["trade", ["before", "after", "change"]].tolist() == ["30.0%", "20.0%", "-10.0 points"]


def test_a_change_of_configuration_is_named_as_such(tmp_path):
    before = write_tables(tmp_path / "a", ["d1", "d2", "d3"], [("d1", "Russia", "place", 5)], [("d1", "trade", 0.5)])
    after = write_tables(tmp_path / "b", ["d1"], [("d1", "Russia", "place", 5)], [("d1", "trade", 0.5)])
    changes = compare_runs(after, before, parameters=({"sample_limit": 0, "run_dir": "x"}, {"sample_limit": 1, "run_dir": "y"}))
    assert changes.iloc[0][["section", "item", "note"]].tolist() == ["configuration", "sample_limit", "0 -> 1"]
    removed = changes[changes["section"] == "articles"]
    assert set(removed["note"]) == {"after the change of sample_limit"}  # not "removed": the sample changed


def fake_notebook(path):
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("tables.paragraphs")
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=f"paragraph: {EVIL}\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": EVIL, "text/html": f"<div>{EVIL}</div>"}, execution_count=1),
        nbformat.v4.new_output(
            "execute_result", data={"text/html": "<table><tr><td>&lt;script&gt;</td></tr></table>", "text/plain": "t"}, execution_count=2
        ),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# 9. A lesson\nSee [the corpus](01_corpus.ipynb)."), code]
    nbformat.write(nb, path)
    return path


def test_article_text_is_escaped_and_code_folded(tmp_path):
    anchor, title, body, _ = notebook_section(fake_notebook(tmp_path / "09_lesson.ipynb"))
    assert (anchor, title) == ("09_lesson", "9. A lesson")
    assert "<script" not in body and "onerror=alert" not in body.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert '<details class="code"><summary>Show code</summary><pre>tables.paragraphs</pre></details>' in body
    assert 'href="#01_corpus"' in body  # links between notebooks become links within the report
    assert "<table><tbody><tr><td>&lt;script&gt;</td></tr></tbody></table>" in body  # a table output is kept as a table


def test_report_is_self_contained(tmp_path):
    (tmp_path / "notebooks").mkdir()
    fake_notebook(tmp_path / "notebooks" / "09_lesson.ipynb")
    manifest = {
        "run": "20260101T000000Z",
        "status": "ok",
        "parameters": {"corpus_dirs": [EVIL]},
        "notebooks": [{"notebook": "09_lesson.ipynb", "seconds": 1.0}],
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    changes = pd.DataFrame([("articles", EVIL, 0, 1, 1, "added")], columns=["section", "item", "before", "after", "change", "note"])
    page = build_html_report(tmp_path, changes).read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert not re.search(r'(src|href)="(https?:)?//', page)  # no remote scripts, styles or fonts
    assert 'href="#09_lesson"' in page and 'id="changes"' in page
    assert (tmp_path / "notebooks" / "09_lesson.html").exists()
    exported = (tmp_path / "notebooks" / "09_lesson.html").read_text(encoding="utf-8")
    assert not re.search(r'<script[^>]+src="https?://', exported) and "cdnjs" not in exported and 'src=""' not in exported
    assert '<script>alert("x")' not in exported and "<img src=x onerror" not in exported  # escaped text only


def test_tables_keep_only_table_markup(seed_tables):
    from analysis.sanitise import table_html

    pandas_table = seed_tables.documents.head(2)._repr_html_()
    cleaned = table_html(pandas_table)
    assert "<style scoped>" in pandas_table and cleaned.count("<table") == 1 and "<style" not in cleaned
    assert seed_tables.documents["doc_id"].iloc[0] in cleaned and 'class="dataframe"' in cleaned
    for hostile, kept in [
        ("<table><tr><td><svg/onload=alert(1)>x</td></tr></table>", "x"),
        ('<table><tr><td><img src="https://x/y.png">y</td></tr></table>', "y"),
        ("<table><tr><td><form action=x><input></form>z</td></tr></table>", "z"),
        ('<table><tr><td style="background:url(javascript:a)" onclick="b()"><a href="javascript:c">w</a></td></tr></table>', "w"),
        ("<table><tr><td>&lt;script&gt;alert(1)&lt;/script&gt;</td></tr></table>", "&lt;script&gt;"),
    ]:
        cleaned = table_html(hostile)
        assert kept in cleaned, hostile
        assert not re.search(r"<(svg|img|form|input|a|script)\b|on\w+=|javascript:|url\(", cleaned), cleaned
    assert table_html("<div>no table</div>") is None


def test_markdown_keeps_prose_tags_and_drops_the_rest():
    from analysis.sanitise import markdown_html

    authored = "**Answer**\n\n<details><summary>Show</summary>\n\n42 <iframe src=x></iframe><img src=x onerror=alert(1)>\n\n</details>"
    shown = markdown_html(authored, raw_html=True)
    assert "<details><summary>Show</summary>" in shown and "42" in shown and not re.search(r"<(iframe|img)|onerror", shown)
    quoted = markdown_html("Artikel menulis <details open>x</details> dan $$\\href{javascript:alert(1)}{klik}$$")
    assert "&lt;details open&gt;" in quoted and "<details" not in quoted and 'href="javascript' not in quoted


def figure_notebook(path):
    """A lesson with two sections, a computed Markdown paragraph, a warning on stderr and two charts with captions."""
    nb = nbformat.v4.new_notebook()
    png = "iVBORw0KGgo="  # the report embeds it as it is

    def chart(name, caption, tables, alt):
        return [
            nbformat.v4.new_output(
                "display_data",
                data={"image/png": png + name, "text/plain": "<Image>"},
                metadata={"figure": {"name": name, "caption": caption, "tables": tables, "alt": alt}},
            ),
            nbformat.v4.new_output(
                "display_data", data={"text/markdown": f"*{caption}*", "text/plain": "<Markdown>"}, metadata={"caption_of": name}
            ),
        ]

    code = nbformat.v4.new_code_cell("plots.save_figure(...)")
    code.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="/home/someone/analysis/plots.py:1: UserWarning: x\n"),
        nbformat.v4.new_output(
            "display_data", data={"text/markdown": f"**5 articles**, {EVIL}", "text/plain": "<IPython.core.display.Markdown object>"}
        ),
        *chart("a", "Articles per outlet", ["documents.csv"], 'Bar chart "Articles"'),
        *chart("b", f"Key words of {EVIL}", ["keyness.csv"], f"Bar chart {EVIL}"),
    ]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 9. A lesson\n## Loading the articles\ntext\n### A detail"),
        code,
        nbformat.v4.new_markdown_cell("## Loading the articles\nthe same heading again"),
    ]
    nbformat.write(nb, path)
    return path


def test_sections_get_anchors_and_figures_numbers_captions_and_alt_text(tmp_path):
    from analysis.publish import Figures

    figures = Figures()
    anchor, title, body, sections = notebook_section(figure_notebook(tmp_path / "09_lesson.ipynb"), figures)
    assert sections == [
        ("09_lesson-loading-the-articles", "Loading the articles"),
        ("09_lesson-loading-the-articles-2", "Loading the articles"),
    ]
    assert 'id="09_lesson-a-detail"' in body  # third-level headings get anchors too, but stay out of the contents
    assert [(n, a) for n, a, _ in figures.entries] == [(1, "figure-1"), (2, "figure-2")]
    assert '<img alt="Bar chart &quot;Articles&quot;"' in body
    assert '<figcaption><a href="#figure-1">Figure 1</a>. Articles per outlet. Drawn from <code>documents.csv</code>.</figcaption>' in body
    assert body.count("<figcaption>") == 2 and "<em>Articles per outlet</em>" not in body  # the Markdown caption is replaced
    assert "<strong>5 articles</strong>" in body and "IPython.core.display" not in body  # computed prose is rendered
    assert "UserWarning" not in body and "/home/someone" not in body  # warnings stay in the notebook's own HTML
    assert "<script" not in body and "onerror=alert" not in body.replace("onerror=alert(1)&gt;", "")


def test_the_report_lists_sections_and_figures_and_its_links_resolve(tmp_path):
    (tmp_path / "notebooks").mkdir()
    figure_notebook(tmp_path / "notebooks" / "09_lesson.ipynb")
    manifest = {
        "run": "20260101T000000Z",
        "status": "ok",
        "parameters": {"run_dir": "/home/someone/reports/x", "sample_limit": 0},
        "notebooks": [{"notebook": "09_lesson.ipynb", "seconds": 1.0}],
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    page = build_html_report(tmp_path, pd.DataFrame(columns=["section", "item", "before", "after", "change", "note"])).read_text(
        encoding="utf-8"
    )
    assert '<a href="#09_lesson-loading-the-articles">Loading the articles</a>' in page
    assert "<summary>Figures (2)</summary>" in page and '<a href="#figure-2">Figure 2</a>' in page
    assert set(re.findall(r'href="#([^"]+)"', page)) <= set(re.findall(r'id="([^"]+)"', page))
    assert "/home/someone" not in page  # the run folder's absolute path is not shown
    exported = (tmp_path / "notebooks" / "09_lesson.html").read_text(encoding="utf-8")
    assert 'alt="Bar chart &quot;Articles&quot;"' in exported
    assert "onerror=" not in exported.replace("onerror=alert(1)&gt;", "")  # article text in computed Markdown stays text
