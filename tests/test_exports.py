"""Exports for other tools: the entity network (GEXF, GraphML) and the document-term matrix (Matrix Market) read back."""

import networkx as nx
import pandas as pd
from scipy import io as scipy_io

from analysis.exports import MATRIX_FILES, NETWORK_FILES, document_term_matrix, entity_network, write_matrix, write_network
from analysis.pipeline import run_pipeline

PAIRS = pd.DataFrame({"entity_a": ["China", "China"], "entity_b": ["Russia", "Xi & Co <b>"], "paragraphs": [3, 1]})
COUNTS = pd.DataFrame(
    {"doc_id": ["a", "a", "b", "b"], "entity": ["China", "Russia", "Russia", "Xi & Co <b>"], "type": "place", "count": [2, 1, 4, 1]}
)


def test_the_network_reads_back_in_both_formats(tmp_path):
    graph = entity_network(PAIRS, COUNTS)
    gexf, graphml = write_network(graph, tmp_path)
    assert [p.name for p in (gexf, graphml)] == list(NETWORK_FILES)
    assert "lastmodifieddate" not in gexf.read_text(encoding="utf-8")  # two runs write the same file
    for read in (nx.read_gexf(gexf), nx.read_graphml(graphml)):
        assert sorted(read.nodes) == ["China", "Russia", "Xi & Co <b>"]
        assert read.edges["China", "Russia"]["weight"] == 3
        assert read.nodes["Russia"]["mentions"] == 5 and read.nodes["Russia"]["articles"] == 2


def test_the_matrix_counts_words_per_article(tmp_path):
    paragraphs = pd.DataFrame(
        {
            "doc_id": ["b", "a", "a", "c"],
            "para_id": [1, 1, 2, 1],
            "kind": ["body", "body", "heading", "body"],
            "text": ["Rusia dan Rusia lagi", "Rusia mengirim rudal", "Judul Rudal", "Harga rudal naik"],
        }
    )
    matrix, terms, documents = document_term_matrix(paragraphs, frozenset({"dan"}))
    assert documents == ["a", "b", "c"] and terms == ["rudal", "rusia"]  # words in two articles at least; headings left out
    assert matrix.toarray().tolist() == [[1, 1], [0, 2], [1, 0]]
    written = write_matrix(matrix, terms, documents, tmp_path)
    assert [p.name for p in written] == list(MATRIX_FILES)
    assert (scipy_io.mmread(written[0]).toarray() == matrix.toarray()).all()
    assert written[1].read_text(encoding="utf-8").splitlines() == terms and written[2].read_text(encoding="utf-8").splitlines() == documents


def test_the_pipeline_writes_the_exports(tmp_path):
    tables = run_pipeline(
        tmp_path / "run", corpus_dirs=["seeds"], stages=["exports"], cache_dir=tmp_path / "cache", scheduler="synchronous"
    )
    graph = nx.read_graphml(tables.dir / "entity_network.graphml")
    assert graph.number_of_nodes() == tables.entity_counts["entity"].nunique()
    matrix = scipy_io.mmread(tables.dir / "dtm.mtx")
    assert matrix.shape[0] == 5 and matrix.shape[1] == len((tables.dir / "dtm_terms.txt").read_text(encoding="utf-8").splitlines())


def test_spreadsheet_copies_stream_and_skip_what_a_sheet_cannot_hold(tmp_path, monkeypatch):
    import csv

    from analysis import spreadsheet

    tables = tmp_path / "tables"
    tables.mkdir()
    rows = [["doc_id", "text", "change"], ["a", "@Kremlin:\nmenolak", "-3"], ["b", "+62 21 555", "+1.5"], ["c", "\t=1+1", "x"]]
    with (tables / "small.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    (tables / "big.csv").write_text("n\n" + "".join(f"{i}\n" for i in range(10)), encoding="utf-8")
    before = (tables / "small.csv").read_bytes()
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 5)
    written, too_long = spreadsheet.spreadsheet_copies(tables)
    assert [p.name for p in written] == ["small.csv"] and too_long == ["big.csv"]
    assert (tables / "small.csv").read_bytes() == before  # the table itself is untouched
    assert (tables / "spreadsheet" / "small.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    with (tables / "spreadsheet" / "small.csv").open(encoding="utf-8-sig", newline="") as handle:
        copied = list(csv.reader(handle))
    assert copied == [["doc_id", "text", "change"], ["a", "'@Kremlin:\nmenolak", "-3"], ["b", "'+62 21 555", "+1.5"], ["c", "'\t=1+1", "x"]]
    assert "big.csv" in (tables / "spreadsheet" / "README.txt").read_text(encoding="utf-8")
