"""Corpus-level stages: the run-folder tables, assembled from the cached per-article results and computed over the whole corpus.

Each table is read from the cache one at a time (not every table of the corpus
in memory at once), given the ``doc_id`` of each article, sorted by ``doc_id``
and position (a stable sort, so rows keep their order within an article) and
written as CSV, with a Parquet copy when it is large
(:func:`analysis.tables.write_run_table`).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import config
from analysis.clean import outlet_groups, repeated_across_articles
from analysis.compare import comparison_tables
from analysis.discovery import discover_candidates
from analysis.entities import cooccurrence, count_mentions, surface_counts
from analysis.exports import document_term_matrix, entity_network, write_matrix, write_network
from analysis.labels import article_labels
from analysis.names import CANDIDATE_COLUMNS, names_to_add
from analysis.pipeline.cache import CorpusCache
from analysis.pipeline.fingerprint import digest, file_digest, source_digest
from analysis.resources import REPEATED_ACROSS
from analysis.segment import load_stopwords, read_word_list
from analysis.tables import COLUMNS, read_table, write_run_table
from analysis.themes import assign, load_codebook, theme_summary

log = logging.getLogger(__name__)

# Discovery reads at most this many articles, those with the smallest content keys: it proposes names for a
# researcher to check, and the frequent missing names show up in a sample of this size. The sample changes only
# when an article with a smaller key arrives, so a weekly run seldom computes it again.
DISCOVERY_MAX_ARTICLES = 2_000


class Builder:
    """Builds the tables of each corpus-level stage into ``tables_dir`` from the cache.

    Args:
        tables_dir: the run folder's ``tables/``.
        selection: the articles of the run (:class:`analysis.pipeline.run.Selection`).
        caches: the per-article caches by stage.
        params: the pipeline's parameters.
    """

    def __init__(self, tables_dir: Path, selection, caches, params: dict, memo: CorpusCache | None = None):
        self.dir = tables_dir
        self.selection = selection
        self.caches = caches
        self.params = params
        self.memo = memo  # where a stage that reads a sample keeps its result under the sample's key
        analysed = selection.analysed
        self.doc_of = {f.key: f.doc_id for f in analysed}
        # The publication date each article's amounts were computed with: the sidecar's, else the one in the text.
        self.dates = {f.key: f.overrides.get("date", selection.articles[f.key][6]) for f in analysed}
        self._keys = pa.array(list(self.doc_of), type=pa.string())
        self._docs = pa.array(list(self.doc_of.values()), type=pa.string())
        self._furniture: pd.DataFrame | None = None

    def furniture(self) -> pd.DataFrame:
        """The paragraphs that :func:`analysis.clean.repeated_across_articles` finds to be an outlet's furniture (computed once)."""
        if self._furniture is None:
            paragraphs = self.frame("text", "paragraphs", ["para_id", "kind", "text", "line_no", "n_words"], keep_furniture=True)
            analysed = self.selection.analysed
            sources = [f.overrides.get("source", self.selection.articles[f.key][4]) for f in analysed]
            groups = outlet_groups([f.doc_id for f in analysed], sources, [f.path.parent for f in analysed])
            self._furniture = repeated_across_articles(paragraphs, groups)
        return self._furniture

    def build(self, stage: str, *, executor_options: dict | None = None) -> list[Path]:
        """Compute and write the tables of ``stage``; returns the paths written."""
        if stage == "topics":
            from analysis.pipeline.topic_stage import build_topics

            return build_topics(self, **(executor_options or {}))
        return getattr(self, f"_{stage}")()

    def frame(
        self,
        stage: str,
        table: str,
        columns: list[str] | None = None,
        sort: list[str] | None = None,
        keys: list[str] | None = None,
        *,
        keep_furniture: bool = False,
    ) -> pd.DataFrame:
        """A per-article table of the cache for the analysed articles (or those of ``keys``), ``doc_id`` in place of the key, sorted.

        Rows of the paragraphs that are an outlet's furniture (:meth:`furniture`) are left out, unless ``keep_furniture``.
        """
        keys = list(self.doc_of) if keys is None else keys
        found = self.caches[stage].table(table, {k: self.dates[k] for k in keys} if stage == "amounts" else keys, columns)
        if found is None:
            from analysis.pipeline.articles import SCHEMAS

            found = SCHEMAS[stage][table].empty_table()
            if columns is not None:
                found = found.select(["key", *[c for c in columns if c != "key"]])
        doc_id = pc.take(self._docs, pc.index_in(found["key"], value_set=self._keys))
        found = found.drop_columns(["key"]).add_column(0, "doc_id", doc_id)
        order = pc.sort_indices(found, sort_keys=[(c, "ascending") for c in (sort or ["doc_id"])])
        frame = found.take(order).to_pandas()
        if keep_furniture or table in ("removed", "captions") or "para_id" not in frame:
            return frame
        drop = self.furniture()
        if drop.empty:
            return frame
        hit = pd.MultiIndex.from_frame(frame[["doc_id", "para_id"]]).isin(pd.MultiIndex.from_frame(drop[["doc_id", "para_id"]]))
        return frame[~hit].reset_index(drop=True)

    def write(self, **frames: pd.DataFrame) -> list[Path]:
        written = []
        for name, frame in frames.items():
            written += write_run_table(self.dir, name, frame)
        return written

    # --- corpus

    def _corpus(self) -> list[Path]:
        sel = self.selection
        docs = []
        for f in sorted((f for f in sel.files if not sel.articles[f.key][2]), key=lambda f: f.doc_id):
            encoding, _, _, _, source, title, date, url, city, n_paragraphs, n_tokens, date_source = sel.articles[f.key]
            meta = {"source": source, "title": title, "date": date, "url": url, "city": city, "date_source": date_source, **f.overrides}
            if "date" in f.overrides:
                meta["date_source"] = "sidecar" if f.overrides["date"] else ""
            duplicate = sel.duplicate_of.get(f.doc_id, "")
            near, similarity = sel.near_duplicate_of.get(f.doc_id, ("", None))
            counted = not duplicate and (not near or sel.keep_near_duplicates)
            docs.append(
                {
                    "doc_id": f.doc_id,
                    "source": meta["source"],
                    "title": meta["title"],
                    "date": meta["date"],
                    "url": meta["url"],
                    "n_paragraphs": n_paragraphs if counted else None,
                    "n_tokens": n_tokens if counted else None,
                    "duplicate_of": duplicate,
                    "city": meta["city"],
                    "file": str(f.path),
                    "encoding": encoding,
                    "date_source": meta["date_source"],
                    "near_duplicate_of": near,
                    "similarity": similarity,
                }
            )
        documents = pd.DataFrame(docs, columns=COLUMNS["documents"]).astype(
            {"n_paragraphs": "Int64", "n_tokens": "Int64", "similarity": "float64"}
        )
        furniture = self.furniture()
        if not furniture.empty:  # the counts leave out the furniture's paragraphs and words
            sizes = self.frame("text", "paragraphs", ["para_id", "n_words"], keep_furniture=True)
            sizes = sizes.merge(furniture[["doc_id", "para_id"]], on=["doc_id", "para_id"])
            less = sizes.groupby("doc_id").agg(n=("para_id", "size"), words=("n_words", "sum"))
            fewer = documents["doc_id"].map(less["n"]).fillna(0).astype("Int64")
            documents["n_paragraphs"] -= fewer
            documents["n_tokens"] -= documents["doc_id"].map(less["words"]).fillna(0).astype("Int64")
        emptied = [
            (f, "warning", "nothing left after cleaning: every line was boilerplate or page furniture (see removed.csv)")
            for f, n in zip(documents["file"], documents["n_paragraphs"])
            if not pd.isna(n) and n == 0
        ]
        problems = pd.DataFrame(
            sorted([(str(p.path), p.level, p.message) for p in sel.problems] + emptied), columns=COLUMNS["load_problems"]
        )
        paragraphs = self.frame("text", "paragraphs", sort=["doc_id", "para_id"])[COLUMNS["paragraphs"]]
        documents["label"] = documents["doc_id"].map(article_labels(documents, paragraphs))
        written = self.write(documents=documents, load_problems=problems)
        written += self.write(paragraphs=paragraphs)
        written += self.write(sentences=self.frame("text", "sentences")[COLUMNS["sentences"]])
        removed = self.frame("text", "removed", sort=["doc_id", "line_no", "rule"])[COLUMNS["removed"]]
        if not furniture.empty:
            extra = furniture.assign(rule=REPEATED_ACROSS)[["doc_id", "line_no", "rule", "text"]].reindex(columns=COLUMNS["removed"])
            removed = pd.concat([removed, extra], ignore_index=True).sort_values(["doc_id", "line_no", "rule"], ignore_index=True)
        written += self.write(removed=removed)
        written += self.write(captions=self.frame("text", "captions", sort=["doc_id", "line_no"])[COLUMNS["captions"]])
        return written

    # --- entities and discovery

    def mentions(self) -> pd.DataFrame:
        return self.frame("entities", "mentions")

    def _entities(self) -> list[Path]:
        mentions = self.mentions()
        return self.write(
            entity_mentions=mentions,
            entity_counts=count_mentions(mentions),
            entity_cooccurrence=cooccurrence(mentions),
            entity_surfaces=surface_counts(mentions),
        )

    def _discovery(self) -> list[Path]:
        sample = sorted(self.doc_of)[:DISCOVERY_MAX_ARTICLES]
        key = digest(
            {
                "sample": [(k, self.doc_of[k]) for k in sample],
                "versions": {s: c.folder.name for s, c in self.caches.items()},
                "code": source_digest(),
                "files": [file_digest(f) for f in (config.DISCOVERY_IGNORE, config.TITLES)],
            }
        )
        if self.memo is not None and (found := self.memo.restore("discovery-sample", key, self.dir)) is not None:
            return found
        keep = set(self.doc_of[k] for k in sample)
        paragraphs = self._subset(self.frame("text", "paragraphs", ["para_id", "kind", "text"]), keep)
        mentions = self._subset(self.mentions(), keep)
        if self.params.get("recogniser"):  # the recogniser's names that the gazetteer lacks, typed, with their forms
            candidates = names_to_add(mentions, ignore=read_word_list(config.DISCOVERY_IGNORE), paragraphs=paragraphs)
        else:  # runs of capitalised words that no gazetteer name covers
            sentences = self._subset(self.frame("text", "sentences"), keep)
            candidates = discover_candidates(sentences, paragraphs, mentions, stopwords=load_stopwords(), min_count=1)
            candidates = candidates.assign(type="", forms=candidates["candidate"])
        written = self.write(entity_candidates=candidates[CANDIDATE_COLUMNS])
        if self.memo is not None:
            self.memo.store("discovery-sample", key, written)
        return written

    @staticmethod
    def _subset(frame: pd.DataFrame, doc_ids: set[str]) -> pd.DataFrame:
        return frame if frame["doc_id"].nunique() <= len(doc_ids) else frame[frame["doc_id"].isin(doc_ids)].reset_index(drop=True)

    # --- themes and amounts

    def _themes(self) -> list[Path]:
        threshold = float(self.params["threshold"])
        themes = load_codebook(config.resolve(self.params["lexicon"]))
        paragraph_scores = self.frame("themes", "paragraph_scores")
        paragraph_themes = assign(paragraph_scores.drop(columns="n_words"), threshold)
        sentence_themes = assign(self.frame("themes", "sentence_scores").drop(columns="n_words"), threshold)
        sizes = self.frame("text", "paragraphs", ["para_id", "n_words"])
        return self.write(
            paragraph_themes=paragraph_themes[["doc_id", "para_id", "theme", "score", "evidence"]],
            sentence_themes=sentence_themes[["doc_id", "para_id", "sent_id", "theme", "score", "evidence"]],
            theme_summary=theme_summary(paragraph_themes, sizes, themes),
            paragraph_scores=paragraph_scores,
        )

    # --- comparisons

    def _compare(self) -> list[Path]:
        p = self.params
        tables = comparison_tables(
            read_table(self.dir / "documents.csv"),
            self.frame("text", "paragraphs", ["para_id", "kind", "text"]),
            surface_counts(self.mentions()),
            by=p["compare_by"],
            target=p["compare_target"],
            reference=p["compare_reference"],
            terms=p["kwic_terms"],
            kwic_window=int(p["kwic_window"]),
            collocation_window=int(p["collocation_window"]),
            stopwords=load_stopwords(),
        )
        return self.write(**tables)

    def _exports(self) -> list[Path]:
        network = entity_network(read_table(self.dir / "entity_cooccurrence.csv"), read_table(self.dir / "entity_counts.csv"))
        matrix = document_term_matrix(self.frame("text", "paragraphs", ["para_id", "kind", "text"]), load_stopwords())
        return write_network(network, self.dir) + write_matrix(*matrix, self.dir)

    def _amounts(self) -> list[Path]:
        amounts = self.frame("amounts", "amounts", sort=["doc_id", "para_id", "start"])
        return self.write(amounts=amounts.astype({"value": "float64", "year": "Int64"}))
