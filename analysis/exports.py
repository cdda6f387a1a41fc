"""Files for other tools: the entity network for Gephi or Cytoscape, the document-term matrix for R or Python.

- ``entity_network.gexf`` and ``entity_network.graphml``: one node per entity
  (its ``type``, its ``mentions`` and the ``articles`` that name it), one edge
  per pair named in the same paragraph, ``weight`` = those paragraphs
  (networkx writes both).
- ``dtm.mtx`` (Matrix Market, the counts of each word in each article),
  ``dtm_terms.txt`` (the columns, one word a line) and ``dtm_documents.txt``
  (the rows, one ``doc_id`` a line). Words are those of keyness
  (:func:`analysis.keyness.words_of`), stopwords left out, kept when they occur
  in at least ``min_df`` articles. In R::

      m <- Matrix::readMM("dtm.mtx")
      dimnames(m) <- list(readLines("dtm_documents.txt"), readLines("dtm_terms.txt"))

Example:
    >>> pairs = pd.DataFrame({"entity_a": ["China"], "entity_b": ["Russia"], "paragraphs": [3]})
    >>> counts = pd.DataFrame({"doc_id": ["a", "a", "b"], "entity": ["China", "Russia", "Russia"], "type": "place", "count": [2, 1, 4]})
    >>> graph = entity_network(pairs, counts)
    >>> sorted(graph.nodes(data="mentions")), graph.edges["China", "Russia"]["weight"]
    ([('China', 2), ('Russia', 5)], 3)
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pandas as pd
from scipy import io as scipy_io
from scipy import sparse

from analysis.keyness import words_of

NETWORK_FILES = ("entity_network.gexf", "entity_network.graphml")
MATRIX_FILES = ("dtm.mtx", "dtm_terms.txt", "dtm_documents.txt")


def entity_network(cooccurrence: pd.DataFrame, counts: pd.DataFrame) -> nx.Graph:
    """The entities as a graph: nodes in name order with ``type``, ``mentions`` and ``articles``; edges weighted by paragraphs."""
    graph = nx.Graph()
    totals = counts.groupby(["entity", "type"], as_index=False).agg(mentions=("count", "sum"), articles=("doc_id", "nunique"))
    for row in totals.sort_values("entity").itertuples(index=False):
        graph.add_node(row.entity, type=row.type, mentions=int(row.mentions), articles=int(row.articles))
    for row in cooccurrence.sort_values(["entity_a", "entity_b"]).itertuples(index=False):
        graph.add_edge(row.entity_a, row.entity_b, weight=int(row.paragraphs))
    return graph


def write_network(graph: nx.Graph, folder: Path) -> list[Path]:
    """Write ``graph`` as GEXF and GraphML into ``folder`` (the GEXF without its date of writing, so that two runs write the same file)."""
    gexf, graphml = (folder / name for name in NETWORK_FILES)
    text = "\n".join(nx.generate_gexf(graph))
    gexf.write_text(re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1) + "\n", encoding="utf-8")
    nx.write_graphml(graph, graphml)
    return [gexf, graphml]


def document_term_matrix(
    paragraphs: pd.DataFrame, stopwords: frozenset[str] = frozenset(), *, min_df: int = 2
) -> tuple[sparse.csr_matrix, list[str], list[str]]:
    """Counts of each word (columns, in alphabetical order) in the body paragraphs of each article (rows, by ``doc_id``)."""
    from sklearn.feature_extraction.text import CountVectorizer

    body = paragraphs[paragraphs["kind"] == "body"]
    texts = body.groupby("doc_id")["text"].apply(" ".join).sort_index()
    if texts.empty:
        return sparse.csr_matrix((0, 0), dtype="int64"), [], []
    vectorizer = CountVectorizer(analyzer=lambda text: words_of(text, stopwords), min_df=min(min_df, len(texts)), dtype="int64")
    matrix = vectorizer.fit_transform(texts.tolist())
    return matrix.tocsr(), vectorizer.get_feature_names_out().tolist(), list(texts.index)


def write_matrix(matrix: sparse.csr_matrix, terms: list[str], documents: list[str], folder: Path) -> list[Path]:
    """Write the matrix (Matrix Market) and its row and column names into ``folder``."""
    mtx, term_file, doc_file = (folder / name for name in MATRIX_FILES)
    scipy_io.mmwrite(
        mtx, matrix, comment="counts of each word (column) in each article (row); see dtm_terms.txt, dtm_documents.txt", field="integer"
    )
    term_file.write_text("".join(f"{t}\n" for t in terms), encoding="utf-8")
    doc_file.write_text("".join(f"{d}\n" for d in documents), encoding="utf-8")
    return [mtx, term_file, doc_file]
