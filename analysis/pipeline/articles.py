"""Per-article stages: one article's bytes (or its cached text) in, that article's rows out, with no state shared between articles.

Four stages run on each article, in this order:

- ``text``: decode, clean with an audit, metadata from the text, paragraphs,
  sentences and word counts (:func:`text_stage`);
- ``entities``: gazetteer mentions with short forms resolved in the article, and, when the
  ``recogniser`` parameter is on, the trained recogniser's names merged with them (:mod:`analysis.names`);
- ``themes``: theme scores of every paragraph and sentence (all scores: the
  threshold is applied to the whole corpus later, so changing it costs nothing);
- ``amounts``: money and percentages, with the places named beside them.

Rows carry the article's content key (the sha256 of its bytes) instead of its
``doc_id``: the same text under another file name reuses its results, and the
pipeline adds the ``doc_id`` when it assembles the corpus tables. Because every
stage is a pure function of one article, the pipeline can cache each
article's results and run the articles on any number of processes or machines
(:func:`process_batch` is what a Dask worker calls).

Example:
    >>> rows = text_stage("Judul Berita\\nLiputan6.com, Bishkek - Putin tiba di Bishkek. Ia disambut.\\n".encode())
    >>> [r[1:4] for r in rows["paragraphs"]], [r[4] for r in rows["sentences"]]
    ([('title', 'Judul Berita', 1), ('body', 'Putin tiba di Bishkek. Ia disambut.', 2)], ['Judul Berita', 'Putin tiba di Bishkek.', 'Ia disambut.'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from analysis.amounts import PARTNER_TYPES, _published, article_amounts
from analysis.clean import clean_lines, dedup_key, normalized_lines
from analysis.corpus import UnreadableFile, decode_bytes, extract_metadata
from analysis.duplicates import signature
from analysis.entities import EntityMatcher, article_mentions, load_gazetteer, recogniser_spans
from analysis.language import language_warning
from analysis.segment import sentence_splitter, words
from analysis.themes import ThemeMatcher, load_codebook, score_article

STAGES = ("text", "entities", "themes", "amounts")
_S, _I, _F = pa.string(), pa.int32(), pa.float64()
# The tables each stage writes, one row per item, every table keyed by the article's content key.
SCHEMAS: dict[str, dict[str, pa.Schema]] = {
    "text": {
        "articles": pa.schema(
            [
                ("key", _S),
                ("encoding", _S),
                ("warning", _S),
                ("skipped", _S),
                ("dedup", _S),
                ("source", _S),
                ("title", _S),
                ("date", _S),
                ("url", _S),
                ("city", _S),
                ("n_paragraphs", _I),
                ("n_tokens", _I),
                ("date_source", _S),
            ]
        ),
        "paragraphs": pa.schema([("key", _S), ("para_id", _I), ("kind", _S), ("text", _S), ("line_no", _I), ("n_words", _I)]),
        "sentences": pa.schema([("key", _S), ("para_id", _I), ("sent_id", _I), ("start", _I), ("end", _I), ("text", _S)]),
        "removed": pa.schema([("key", _S), ("line_no", _I), ("rule", _S), ("text", _S)]),
        "captions": pa.schema([("key", _S), ("line_no", _I), ("text", _S)]),
        "signature": pa.schema([("key", _S), ("minhash", pa.binary())]),  # of the body text, for near-duplicates
    },
    "entities": {
        "mentions": pa.schema(
            [("key", _S), ("para_id", _I), ("entity", _S), ("type", _S), ("surface", _S), ("start", _I), ("end", _I), ("source", _S)]
        ),
    },
    "themes": {
        "paragraph_scores": pa.schema([("key", _S), ("para_id", _I), ("theme", _S), ("score", _F), ("evidence", _S), ("n_words", _I)]),
        "sentence_scores": pa.schema(
            [("key", _S), ("para_id", _I), ("sent_id", _I), ("theme", _S), ("score", _F), ("evidence", _S), ("n_words", _I)]
        ),
    },
    "amounts": {
        "amounts": pa.schema(
            [
                ("key", _S),
                ("para_id", _I),
                ("kind", _S),
                ("value", _F),
                ("currency", _S),
                ("qualifier", _S),
                ("year", _I),
                ("partners", _S),
                ("text", _S),
                ("period", _S),
                ("sent_id", _I),
                ("start", _I),
                ("end", _I),
                ("sentence", _S),
                ("partners_from", _S),
                ("per", _S),
                ("change", _S),
            ]
        ),
    },
}


def text_stage(data: bytes) -> dict[str, list[tuple]]:
    """Decode and clean one article, find its metadata, split it into paragraphs and sentences, and sign its body
    text for near-duplicate detection (:func:`analysis.duplicates.signature`).

    Returns:
        Rows without the key, in the column order of :data:`SCHEMAS` ``["text"]``.
        A file that holds no text gets one ``articles`` row whose ``skipped``
        says why, and no other rows.
    """
    try:
        text, encoding, warning = decode_bytes(data)
    except UnreadableFile as err:
        return {
            "articles": [("", "", str(err), "", "", "", "", "", "", 0, 0, "")],
            "paragraphs": [],
            "sentences": [],
            "removed": [],
            "captions": [],
            "signature": [],
        }
    lines = normalized_lines(text)
    cleaned = clean_lines("", lines)
    meta = extract_metadata(cleaned)
    dedup = dedup_key(lines)
    splitter = sentence_splitter()
    paragraphs, sentences, n_tokens, body = [], [], 0, []
    for p in cleaned.paragraphs:
        found = words(p.text)
        n_words = len(found)
        n_tokens += n_words
        if p.kind == "body":
            body += found
        paragraphs.append((p.para_id, p.kind, p.text, p.line_no, n_words))
        for sent_id, (start, end, sentence) in enumerate(splitter.split(p.text), start=1):
            sentences.append((p.para_id, sent_id, start, end, sentence))
    warning = "; ".join(filter(None, [warning, language_warning(body)]))
    article = (
        encoding,
        warning,
        "",
        dedup,
        meta["source"],
        meta["title"],
        meta["date"],
        meta["url"],
        meta["city"],
        len(paragraphs),
        n_tokens,
        meta["date_source"],
    )
    return {
        "articles": [article],
        "paragraphs": paragraphs,
        "sentences": sentences,
        "removed": [(r.line_no, r.rule, r.text) for r in cleaned.removed],
        "captions": [(c.line_no, c.text) for c in cleaned.captions],
        "signature": [(signature(body).tobytes(),)],
    }


@dataclass
class ArticleJob:
    """One article's work: which stages to compute, and what they start from.

    ``data`` is the file's bytes; when the text stage is cached it may be None
    and ``text`` holds the cached ``paragraphs`` and ``sentences`` rows (without
    the key) and the ``date`` found in the text. ``date`` is the sidecar's
    date when ``metadata.csv`` gives one (``""`` when it clears it), else None.
    """

    key: str
    stages: tuple[str, ...]
    data: bytes | None = None
    text: dict | None = None
    date: str | None = None


@dataclass
class BatchResult:
    """What :func:`process_batch` returns: Arrow tables per stage, and the publication date each article's amounts used."""

    tables: dict[str, dict[str, pa.Table]] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)  # stage -> the articles it was computed for
    dates: dict[str, str] = field(default_factory=dict)
    articles: int = 0
    bytes: int = 0


@dataclass(frozen=True)
class Resources:
    """The lexicons the stages read, and their fingerprints as the client saw them (a worker checks its own against them)."""

    gazetteer: str
    lexicon: str
    versions: tuple[tuple[str, str], ...]
    recogniser: bool = False  # the entities stage also runs the trained name recogniser


_MATCHERS: dict[tuple[str, str, str], object] = {}


def _matcher(kind: str, path: str, version: str = ""):
    """The worker's entity or theme matcher for ``path``, built once per process and stage version (an edited
    lexicon has a new version, so a long-lived process builds its matcher again)."""
    if (kind, path, version) not in _MATCHERS:
        _MATCHERS[(kind, path, version)] = EntityMatcher(load_gazetteer(path)) if kind == "entities" else ThemeMatcher(load_codebook(path))
    return _MATCHERS[(kind, path, version)]


def _recogniser():
    """The worker's name recogniser, loaded once per process."""
    from analysis.ner import NameRecogniser

    return NameRecogniser.load()


def check_resources(resources: Resources) -> None:
    """Raise when this process's lexicons or code differ from the client's: a remote worker must run the same checkout."""
    from analysis.pipeline.fingerprint import stage_versions

    mine = stage_versions(gazetteer=Path(resources.gazetteer), lexicon=Path(resources.lexicon), recogniser=resources.recogniser)
    theirs = dict(resources.versions)
    differ = sorted(stage for stage, version in theirs.items() if mine.get(stage) != version)
    if differ:
        raise RuntimeError(
            f"this worker's code or lexicons differ from the client's for the stage(s) {', '.join(differ)}: "
            "run the workers from the same checkout (see README, 'Running on a Dask cluster')"
        )


def process_batch(jobs: list[ArticleJob], resources: Resources) -> BatchResult:
    """Run the requested stages on each article of ``jobs``; the function a Dask worker calls.

    Returns:
        A :class:`BatchResult`: per stage, its tables with the rows of every
        article of the batch (an article with no rows still counts as done).
    """
    check_resources(resources)
    rows: dict[str, dict[str, list[tuple]]] = {stage: {name: [] for name in SCHEMAS[stage]} for stage in STAGES}
    result = BatchResult()
    texts = []
    for job in jobs:
        result.articles += 1
        result.bytes += len(job.data or b"")
        if job.data is not None:
            text = text_stage(job.data)
            found_date = text["articles"][0][6]
            skipped = bool(text["articles"][0][2])
        else:
            text, found_date, skipped = job.text, job.text["date"], False
        if "text" in job.stages:
            for name, table_rows in text.items():
                if name in SCHEMAS["text"]:
                    rows["text"][name] += [(job.key, *r) for r in table_rows]
        if not skipped:
            texts.append((job, text, found_date))
    # The recogniser tags the body sentences of the whole batch in one call (far faster than one per article).
    named = (
        [(job.key, text) for job, text, _ in texts if "entities" in job.stages or "amounts" in job.stages] if resources.recogniser else []
    )
    found = (
        recogniser_spans(_recogniser(), [(text["sentences"], {r[0]: r[1] for r in text["paragraphs"]}) for _, text in named])
        if named
        else []
    )
    spans = {key: article_spans for (key, _), article_spans in zip(named, found)}
    for job, text, found_date in texts:
        paragraphs = [(r[0], r[2]) for r in text["paragraphs"]]
        mentions = None
        if "entities" in job.stages or "amounts" in job.stages:
            mentions = article_mentions(
                paragraphs,
                _matcher("entities", resources.gazetteer, dict(resources.versions).get("entities", "")),
                spans=spans.get(job.key),
            )
        if "entities" in job.stages:
            rows["entities"]["mentions"] += [(job.key, *m) for m in mentions]
        if "themes" in job.stages:
            para_scores, sent_scores = score_article(
                [(r[0], r[2], r[4]) for r in text["paragraphs"]],
                [s[:4] for s in text["sentences"]],
                _matcher("themes", resources.lexicon, dict(resources.versions).get("themes", "")),
                title=next((r[2] for r in text["paragraphs"] if r[1] == "title"), ""),
            )
            rows["themes"]["paragraph_scores"] += [(job.key, *r) for r in para_scores]
            rows["themes"]["sentence_scores"] += [(job.key, *r) for r in sent_scores]
        if "amounts" in job.stages:
            date = job.date if job.date is not None else found_date
            places: dict[int, list[tuple[int, int, str]]] = {}
            for para_id, entity, kind, _, start, end, _ in mentions:
                if kind in PARTNER_TYPES:
                    places.setdefault(para_id, []).append((start, end, entity))
            found = article_amounts(text["sentences"], _published(date), places)
            rows["amounts"]["amounts"] += [(job.key, *r) for r in found]
            result.dates[job.key] = date
    for job in jobs:
        for stage in job.stages:
            result.keys.setdefault(stage, []).append(job.key)
    for stage in result.keys:
        result.tables[stage] = {name: to_arrow(table_rows, SCHEMAS[stage][name]) for name, table_rows in rows[stage].items()}
    return result


def to_arrow(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    """Rows (tuples in the order of ``schema``) as an Arrow table; None stays null."""
    columns = list(zip(*rows)) if rows else [[] for _ in schema]
    return pa.table([pa.array(col, type=f.type) for col, f in zip(columns, schema)], schema=schema)
