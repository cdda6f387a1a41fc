"""Turn a loaded corpus into the tables of a run folder, and read them back.

These tables are the contract between stages: the entity, theme and topic
notebooks read ``paragraphs.csv`` and ``sentences.csv`` rather than cleaning
again, and every row keeps the ``doc_id`` and ``para_id`` it came from.

=================  ==============================================================
file               columns
=================  ==============================================================
documents.csv      doc_id, source, title, date, url, n_paragraphs, n_tokens,
                   duplicate_of, city, file, encoding, date_source,
                   near_duplicate_of, similarity, label (outlet, date and a
                   short title, for charts: analysis.labels)
paragraphs.csv     doc_id, para_id, kind, text, line_no
sentences.csv      doc_id, para_id, sent_id, start, end, text
removed.csv        doc_id, line_no, rule, text
captions.csv       doc_id, line_no, text
load_problems.csv  file, level, message
=================  ==============================================================

Example:
    >>> from analysis.corpus import load_corpus
    >>> tables = build_corpus_tables(load_corpus(["seeds"]))
    >>> tables.documents.loc[0, ["doc_id", "source", "date"]].tolist()
    ['000_0375a09f782309bd', 'Liputan6', '2023-10-12']
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from analysis.clean import clean_document, outlet_groups, repeated_across_articles
from analysis.corpus import Corpus, apply_overrides, extract_metadata, load_corpus
from analysis.labels import article_labels
from analysis.resources import REPEATED_ACROSS
from analysis.segment import count_words, sentence_splitter, tokenize

COLUMNS = {
    "documents": [
        "doc_id",
        "source",
        "title",
        "date",
        "url",
        "n_paragraphs",
        "n_tokens",
        "duplicate_of",
        "city",
        "file",
        "encoding",
        "date_source",
        "near_duplicate_of",
        "similarity",
        "label",
    ],
    "paragraphs": ["doc_id", "para_id", "kind", "text", "line_no"],
    "sentences": ["doc_id", "para_id", "sent_id", "start", "end", "text"],
    "removed": ["doc_id", "line_no", "rule", "text"],
    "captions": ["doc_id", "line_no", "text"],
    "load_problems": ["file", "level", "message"],
}
# Columns read back as text whatever they look like ("2023-10-12", "000_...").
TEXT_COLUMNS = {
    "doc_id",
    "source",
    "title",
    "date",
    "date_source",
    "url",
    "duplicate_of",
    "city",
    "file",
    "encoding",
    "kind",
    "text",
    "rule",
    "level",
    "message",
    "entity",
    "type",
    "surface",
    "forms",
    "entity_a",
    "entity_b",
    "candidate",
    "example",
    "theme",
    "evidence",
    "currency",
    "qualifier",
    "partners",
    "period",
    "sentence",
    "partners_from",
    "per",
    "change",
    "model",
    "label",
    "terms",
    "term",
    "phrase",
    "measure",
    "section",
    "item",
    "near_duplicate_of",
    "word",
    "left",
    "match",
    "right",
    "article",
    "name",
    "part",
    "reason",
}
# Whole numbers that may be missing (a duplicate's counts, an amount without a year): read as nullable integers.
NULLABLE_INT_COLUMNS = ("n_paragraphs", "n_tokens", "year")


@dataclass
class CorpusTables:
    """The corpus stage's tables, one DataFrame each (see the module docstring)."""

    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    removed: pd.DataFrame
    captions: pd.DataFrame
    load_problems: pd.DataFrame

    def write(self, tables_dir: Path) -> list[Path]:
        """Write every table as ``<name>.csv`` into ``tables_dir``; returns the paths written."""
        return write_tables(tables_dir, **{f.name: getattr(self, f.name) for f in fields(self)})

    @classmethod
    def read(cls, tables_dir: Path) -> CorpusTables:
        """Read the tables that :meth:`write` wrote."""
        return cls(**{f.name: read_table(tables_dir / f"{f.name}.csv") for f in fields(cls)})


def write_tables(tables_dir: Path, **frames: pd.DataFrame) -> list[Path]:
    """Write each frame as ``<name>.csv`` in ``tables_dir`` (UTF-8, no index, ``\n`` line ends); returns the paths."""
    tables_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames.items():
        path = tables_dir / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    return written


# A table with at least this many rows also gets a Parquet copy, which notebooks read faster and by column.
PARQUET_MIN_ROWS = 50_000


def write_run_table(tables_dir: Path, name: str, frame: pd.DataFrame) -> list[Path]:
    """Write ``frame`` as ``<name>.csv`` (and ``<name>.parquet`` when it is large); returns the paths written.

    A Parquet copy left by an earlier, larger run of the same folder is removed, so the two never disagree.
    """
    written = write_tables(tables_dir, **{name: frame})
    parquet = tables_dir / f"{name}.parquet"
    if len(frame) >= PARQUET_MIN_ROWS:
        frame.to_parquet(parquet, index=False, compression="zstd")
        written.append(parquet)
    elif parquet.exists():
        parquet.unlink()
    return written


class RunTables:
    """The tables of a run folder, read on demand (Parquet when there is a copy, else CSV) and kept once read.

    Example:
        >>> from analysis.pipeline import run_pipeline
        >>> tables = run_pipeline("", corpus_dirs=["seeds"], stages=["corpus"])
        >>> tables.documents["source"].tolist()[:2]
        ['Liputan6', 'Tribunnews']
    """

    def __init__(self, tables_dir: Path):
        self.dir = Path(tables_dir)
        self._frames: dict[str, pd.DataFrame] = {}

    def read(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """The table ``name`` (``documents``, ``paragraphs`` ...), or only its ``columns``."""
        if columns is None and name in self._frames:
            return self._frames[name]
        parquet = self.dir / f"{name}.parquet"
        if parquet.exists():
            frame = pd.read_parquet(parquet, columns=columns)
        else:
            frame = read_table(self.dir / f"{name}.csv")
            frame = frame[columns] if columns is not None else frame
        if columns is None:
            self._frames[name] = frame
        return frame

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        if not (self.dir / f"{name}.csv").exists():
            raise AttributeError(f"the run folder {self.dir} has no table {name!r}")
        return self.read(name)

    def exists(self, name: str) -> bool:
        return (self.dir / f"{name}.csv").exists()

    def count(self, name: str) -> int:
        """The number of rows of ``name``, without reading a large table."""
        parquet = self.dir / f"{name}.parquet"
        if parquet.exists():
            import pyarrow.parquet as pq

            return pq.read_metadata(parquet).num_rows
        return len(self.read(name))

    def head(self, name: str, n: int = 5) -> pd.DataFrame:
        """The first ``n`` rows of ``name``."""
        parquet = self.dir / f"{name}.parquet"
        if parquet.exists() and name not in self._frames:
            import pyarrow.parquet as pq

            file = pq.ParquetFile(parquet)
            first = next(file.iter_batches(batch_size=n), None) if n > 0 else None
            return file.schema_arrow.empty_table().to_pandas() if first is None else first.to_pandas().head(n)
        return self.read(name).head(n)

    def rows(self, name: str, values, column: str = "doc_id") -> pd.DataFrame:
        """The rows of ``name`` whose ``column`` is one of ``values`` (the articles ``values``, by default),
        read from Parquet with a filter when the table is large."""
        wanted = list(dict.fromkeys(values))
        parquet = self.dir / f"{name}.parquet"
        if parquet.exists() and name not in self._frames:
            return pd.read_parquet(parquet, filters=[(column, "in", wanted)]) if wanted else self.head(name, 0)
        frame = self.read(name)
        return frame[frame[column].isin(wanted)].reset_index(drop=True)


def corpus_tables(tables_dir: Path, corpus_dirs: Sequence[str | os.PathLike[str]], *, sample_limit: int = 0) -> CorpusTables:
    """The corpus tables of a run: read from ``tables_dir`` when the corpus notebook wrote them, else built and written.

    This lets every notebook run on its own: in a report the first notebook
    has already cleaned the corpus and later ones read its tables; run alone,
    a later notebook cleans the corpus itself.
    """
    if (tables_dir / "paragraphs.csv").exists():
        return CorpusTables.read(tables_dir)
    corpus = load_corpus(corpus_dirs, limit=sample_limit or None).require_articles(corpus_dirs)
    tables = build_corpus_tables(corpus)
    tables.write(tables_dir)
    return tables


def read_table(path: Path) -> pd.DataFrame:
    """Read a run table: text columns as strings (empty cells as ``""``), empty numeric cells as missing, counts as integers."""
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), [])
    numeric = {c: [""] for c in header if c not in TEXT_COLUMNS}
    frame = pd.read_csv(path, dtype={c: str for c in TEXT_COLUMNS}, keep_default_na=False, na_values=numeric)
    for col in NULLABLE_INT_COLUMNS:
        if col in frame:
            frame[col] = frame[col].astype("Int64")
    return frame


def build_corpus_tables(corpus: Corpus, *, skip_rules: tuple[str, ...] = ()) -> CorpusTables:
    """Clean every unique article of ``corpus``, segment it, and gather the run tables.

    Args:
        corpus: what :func:`analysis.corpus.load_corpus` read.
        skip_rules: cleaning rules to switch off (see :func:`analysis.clean.clean_document`).

    Returns:
        A :class:`CorpusTables`, sorted by document and position, so that two
        runs on the same corpus give identical tables.
    """
    docs, paras, removed, captions = [], [], [], []
    for article in corpus.articles:
        cleaned = clean_document(article.doc_id, article.text, skip_rules=skip_rules)
        meta = apply_overrides(article, extract_metadata(cleaned), corpus.overrides)
        analysed = not article.duplicate_of
        docs.append(
            {
                "doc_id": article.doc_id,
                **meta,
                "n_paragraphs": len(cleaned.paragraphs) if analysed else None,
                "n_tokens": sum(count_words(p.text) for p in cleaned.paragraphs) if analysed else None,
                "duplicate_of": article.duplicate_of,
                "file": str(article.path),
                "encoding": article.encoding,
                "near_duplicate_of": "",  # near-duplicates are found by the pipeline (analysis.pipeline.plan)
            }
        )
        if not analysed:
            continue
        paras += [
            {"doc_id": article.doc_id, "para_id": p.para_id, "kind": p.kind, "text": p.text, "line_no": p.line_no}
            for p in cleaned.paragraphs
        ]
        removed += [{"doc_id": article.doc_id, "line_no": r.line_no, "rule": r.rule, "text": r.text} for r in cleaned.removed]
        captions += [{"doc_id": article.doc_id, "line_no": c.line_no, "text": c.text} for c in cleaned.captions]

    documents = _frame(docs, "documents").astype({"n_paragraphs": "Int64", "n_tokens": "Int64", "similarity": "float64"})
    paragraphs = _frame(paras, "paragraphs").sort_values(["doc_id", "para_id"], ignore_index=True)
    groups = outlet_groups(documents["doc_id"], documents["source"], [Path(f).parent for f in documents["file"]])
    furniture = repeated_across_articles(paragraphs.assign(n_words=[count_words(t) for t in paragraphs["text"]]), groups)
    if not furniture.empty:  # an outlet's furniture: removed, audited, and left out of the counts
        drop = pd.MultiIndex.from_frame(paragraphs[["doc_id", "para_id"]]).isin(pd.MultiIndex.from_frame(furniture[["doc_id", "para_id"]]))
        less = paragraphs[drop].assign(words=[count_words(t) for t in paragraphs.loc[drop, "text"]]).groupby("doc_id")
        documents["n_paragraphs"] -= documents["doc_id"].map(less.size()).fillna(0).astype("Int64")
        documents["n_tokens"] -= documents["doc_id"].map(less["words"].sum()).fillna(0).astype("Int64")
        paragraphs = paragraphs[~drop].reset_index(drop=True)
        removed += [{"doc_id": r.doc_id, "line_no": r.line_no, "rule": REPEATED_ACROSS, "text": r.text} for r in furniture.itertuples()]
    documents["label"] = documents["doc_id"].map(article_labels(documents, paragraphs))
    return CorpusTables(
        documents=documents.sort_values("doc_id", ignore_index=True),
        paragraphs=paragraphs,
        sentences=split_sentences(paragraphs),
        removed=_frame(removed, "removed").sort_values(["doc_id", "line_no", "rule"], ignore_index=True),
        captions=_frame(captions, "captions").sort_values(["doc_id", "line_no"], ignore_index=True),
        load_problems=corpus.problems_table(),
    )


def split_sentences(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Sentences of every paragraph, with offsets into the paragraph text."""
    splitter = sentence_splitter()
    rows = []
    for doc_id, para_id, text in paragraphs[["doc_id", "para_id", "text"]].itertuples(index=False):
        for sent_id, (start, end, sentence) in enumerate(splitter.split(text), start=1):
            rows.append({"doc_id": doc_id, "para_id": para_id, "sent_id": sent_id, "start": start, "end": end, "text": sentence})
    return _frame(rows, "sentences")


def tokens_table(paragraphs: pd.DataFrame, stopwords: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Every token of every paragraph, with offsets into the paragraph text.

    Columns: doc_id, para_id, token_id, start, end, token, is_word (letters or
    digits, not punctuation), is_stop (in ``stopwords``, compared lower-cased).
    Not written to the run folder (it is the largest table by far); later
    stages call this function on ``paragraphs.csv``.

    Example:
        >>> paras = pd.DataFrame({"doc_id": ["d"], "para_id": [1], "text": ["Putin dan Xi."]})
        >>> tokens_table(paras, frozenset({"dan"}))[["token", "is_word", "is_stop"]].values.tolist()
        [['Putin', True, False], ['dan', True, True], ['Xi', True, False], ['.', False, False]]
    """
    rows = []
    for doc_id, para_id, text in paragraphs[["doc_id", "para_id", "text"]].itertuples(index=False):
        for token_id, (start, end, token) in enumerate(tokenize(text), start=1):
            rows.append((doc_id, para_id, token_id, start, end, token))
    frame = pd.DataFrame(rows, columns=["doc_id", "para_id", "token_id", "start", "end", "token"])
    frame["is_word"] = frame["token"].str.contains(r"\w", regex=True)
    frame["is_stop"] = frame["token"].str.lower().isin(stopwords)
    return frame


def analysed_documents(documents: pd.DataFrame) -> pd.DataFrame:
    """The articles a run analyses: those whose paragraphs are counted. Duplicates, and near-duplicates unless the run
    keeps them, are listed in ``documents`` (``duplicate_of``, ``near_duplicate_of``) with no counts. A table without
    counts (made by hand) keeps the rows that are not marked as duplicates."""
    if "n_paragraphs" in documents:
        return documents[documents["n_paragraphs"].notna()]
    return documents[documents["duplicate_of"].fillna("") == ""] if "duplicate_of" in documents else documents


def _frame(rows: list[dict], name: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS[name])
