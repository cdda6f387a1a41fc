"""Exports for other tools: the entity network (GEXF, GraphML) and the document-term matrix (Matrix Market) read back."""

import networkx as nx
import pandas as pd
from scipy import io as scipy_io

from analysis.exports import MATRIX_FILES, NETWORK_FILES, document_term_matrix, entity_network, write_matrix, write_network
from analysis.pipeline import run_pipeline

PAIRS = pd.DataFrame({"entity_a": ["China", "China"], "entity_b": ["Russia", "Xi & Co <b>"], "paragraphs": [3, 1]})
COUNTS = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "entity": ["China", "Russia", "Russia", "Xi & Co <b>"], "type": "place",
                       "count": [2, 1, 4, 1]})


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
    paragraphs = pd.DataFrame({"doc_id": ["b", "a", "a", "c"], "para_id": [1, 1, 2, 1], "kind": ["body", "body", "heading", "body"],
                               "text": ["Rusia dan Rusia lagi", "Rusia mengirim rudal", "Judul Rudal", "Harga rudal naik"]})
    matrix, terms, documents = document_term_matrix(paragraphs, frozenset({"dan"}))
    assert documents == ["a", "b", "c"] and terms == ["rudal", "rusia"]  # words in two articles at least; headings left out
    assert matrix.toarray().tolist() == [[1, 1], [0, 2], [1, 0]]
    written = write_matrix(matrix, terms, documents, tmp_path)
    assert [p.name for p in written] == list(MATRIX_FILES)
    assert (scipy_io.mmread(written[0]).toarray() == matrix.toarray()).all()
    assert written[1].read_text(encoding="utf-8").splitlines() == terms and written[2].read_text(encoding="utf-8").splitlines() == documents


def test_the_pipeline_writes_the_exports(tmp_path):
    tables = run_pipeline(tmp_path / "run", corpus_dirs=["seeds"], stages=["exports"], cache_dir=tmp_path / "cache", scheduler="synchronous")
    graph = nx.read_graphml(tables.dir / "entity_network.graphml")
    assert graph.number_of_nodes() == tables.entity_counts["entity"].nunique()
    matrix = scipy_io.mmread(tables.dir / "dtm.mtx")
    assert matrix.shape[0] == 5 and matrix.shape[1] == len((tables.dir / "dtm_terms.txt").read_text(encoding="utf-8").splitlines())
