"""A content-addressed cache of per-article results and of corpus-level tables, as Parquet files under ``cache/``.

Per-article results of one stage version live in packs::

    cache/articles/<stage>-<version>/<pack>/
        index.json          the article keys the pack covers, and the sha256 and row count of each file
        <table>.parquet     the rows of those articles, one file per table of the stage

An article's key is the sha256 of its bytes, and the folder name carries the
stage's version (:mod:`analysis.pipeline.fingerprint`), so a result is found
again only for the same bytes read by the same code with the same lexicons.
A pack is written into a temporary folder and renamed into place, so a run
that is killed leaves no half-written pack. A pack whose index cannot be read,
or whose files do not match the sha256 the index records, is reported,
removed, and its articles are computed again.

Corpus-level results (the run-folder tables a stage computed from the whole
corpus: the corpus tables, the entity counts, the topic models ...) are stored
under ``cache/corpus/<stage>-<key>/``, the key hashing the stage's code, its
parameters and the keys of every article it read; a rerun on an unchanged
corpus copies them instead of computing them.

Example:
    >>> import tempfile
    >>> from analysis.pipeline.articles import SCHEMAS, to_arrow
    >>> cache = ArticleCache(Path(tempfile.mkdtemp()), "entities", "v1")
    >>> rows = [("k1", 1, "Russia", "place", "Rusia", 0, 5, "gazetteer")]
    >>> pack = cache.write_pack({"k1": ""}, {"mentions": to_arrow(rows, SCHEMAS["entities"]["mentions"])})
    >>> cache.load_index()["k1"] == {"": pack}
    True
    >>> cache.table("mentions", ["k1"])["surface"].to_pylist()
    ['Rusia']
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import logging
import os
import shutil
import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

log = logging.getLogger(__name__)

INDEX = "index.json"


class CorruptEntry(ValueError):
    """A cache entry that cannot be used: its index is unreadable or a file does not match its recorded sha256."""


def _write_parquet(table: pa.Table, path: Path) -> dict:
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    data = sink.getvalue()
    path.write_bytes(data)
    return {"sha256": hashlib.sha256(data).hexdigest(), "rows": table.num_rows}


def _read_parquet(path: Path, expected: dict, columns: list[str] | None = None) -> pa.Table:
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != expected["sha256"]:
        raise CorruptEntry(f"{path}: content does not match its recorded sha256")
    try:
        table = pq.read_table(pa.BufferReader(data), columns=columns)
    except (pa.ArrowException, OSError) as err:
        raise CorruptEntry(f"{path}: not a readable Parquet file ({err})") from err
    if table.num_rows != expected["rows"]:
        raise CorruptEntry(f"{path}: {table.num_rows} rows, the index says {expected['rows']}")
    return table


def _publish_folder(tmp: Path, final: Path) -> None:
    """Rename a finished temporary folder into place; if another run wrote the same entry first, keep that one."""
    try:
        os.rename(tmp, final)
    except OSError:
        if (final / INDEX).exists():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            shutil.rmtree(final, ignore_errors=True)
            os.rename(tmp, final)


class ArticleCache:
    """The packs of one per-article stage at one version.

    Args:
        root: the cache folder (``cache/``).
        stage: the stage's name.
        version: the stage's version; only packs of this version are read.
    """

    def __init__(self, root: Path, stage: str, version: str):
        self.folder = root / "articles" / f"{stage}-{version[:24]}"
        self._indexes: dict[str, dict] = {}
        self.index: dict[str, dict[str, str]] | None = None  # key -> {variant: pack}, once loaded
        self._verified: set[str] = set()  # packs checked (or written) by this process

    def packs(self) -> list[str]:
        """The names of the finished packs, sorted."""
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith("."))

    def _index(self, pack: str) -> dict:
        if pack not in self._indexes:
            path = self.folder / pack / INDEX
            try:
                index = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(index.get("keys"), dict) or not isinstance(index.get("files"), dict):
                    raise ValueError("keys or files missing")
            except (OSError, ValueError) as err:
                raise CorruptEntry(f"{path}: unreadable index ({err})") from err
            self._indexes[pack] = index
        return self._indexes[pack]

    def load_index(self, needed: set[str] | None = None) -> dict[str, dict[str, str]]:
        """``key -> {variant: pack}`` for every article the valid packs cover.

        The variant is what else than the article's bytes a result depends on
        (the publication date, for amounts); ``""`` for most stages.

        A pack with any needed article is verified (its index read, its files
        hashed); one that fails is logged as a warning and removed, so that its
        articles are computed again.
        """
        found: dict[str, dict[str, str]] = {}
        for pack in self.packs():
            try:
                index = self._index(pack)
                if needed is None or needed.intersection(index["keys"]):
                    self.verify(pack)
            except CorruptEntry as err:
                log.warning("cache entry ignored and removed, its articles are computed again: %s", err)
                self.remove(pack)
                continue
            for key, variant in index["keys"].items():
                found.setdefault(key, {}).setdefault(variant, pack)
        self.index = found
        return found

    def verify(self, pack: str) -> None:
        """Raise :class:`CorruptEntry` unless every file of ``pack`` matches its recorded sha256 and row count."""
        if pack in self._verified:
            return
        index = self._index(pack)
        for name, expected in index["files"].items():
            path = self.folder / pack / name
            if not path.exists():
                raise CorruptEntry(f"{path}: missing")
            _read_parquet(path, expected, columns=[])
        self._verified.add(pack)

    def remove(self, pack: str) -> None:
        shutil.rmtree(self.folder / pack, ignore_errors=True)
        self._indexes.pop(pack, None)
        self._verified.discard(pack)

    def write_pack(self, keys: dict[str, str], tables: dict[str, pa.Table]) -> str:
        """Store the rows of the articles ``keys`` (``key -> variant``), one Parquet file per table; returns the pack's name."""
        name = hashlib.sha256("\n".join(f"{k}\t{v}" for k, v in sorted(keys.items())).encode()).hexdigest()[:32]
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{name}.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        files = {f"{table}.parquet": _write_parquet(data, tmp / f"{table}.parquet") for table, data in tables.items()}
        (tmp / INDEX).write_text(json.dumps({"keys": keys, "files": files}, sort_keys=True), encoding="utf-8")
        _publish_folder(tmp, self.folder / name)
        self._indexes.pop(name, None)
        self._verified.add(name)
        if self.index is not None:
            for key, variant in keys.items():
                self.index.setdefault(key, {})[variant] = name
        return name

    def lookup(self, key: str, variant: str = "") -> str | None:
        """The pack that holds the results of ``key`` for ``variant``, or None."""
        if self.index is None:
            self.load_index({key})
        return self.index.get(key, {}).get(variant)

    def packs_of(self, wanted: dict[str, str]) -> dict[str, list[str]]:
        """``pack -> keys`` for the articles ``wanted`` (``key -> variant``) that the cache holds, packs sorted."""
        if self.index is None:
            self.load_index(set(wanted))
        grouped: dict[str, list[str]] = {}
        for key, variant in wanted.items():
            pack = self.index.get(key, {}).get(variant)
            if pack is not None:
                grouped.setdefault(pack, []).append(key)
        return dict(sorted(grouped.items()))

    def table(self, table: str, wanted, columns: list[str] | None = None) -> pa.Table | None:
        """The rows of ``table`` for the articles ``wanted`` (``key -> variant``, or keys of variant ``""``), pack after pack."""
        if not isinstance(wanted, dict):
            wanted = dict.fromkeys(wanted, "")
        parts = []
        for pack, keys in self.packs_of(wanted).items():
            part = self.read(table, [pack], columns if columns is None or "key" in columns else ["key", *columns])
            parts.append(part.filter(pc.is_in(part["key"], value_set=pa.array(keys, type=pa.string()))))
        return pa.concat_tables(parts) if parts else None

    def rows(self, table: str, keys) -> dict[str, tuple]:
        """``key -> row`` (without the key) of a table with one row per article, such as the text stage's ``articles``."""
        found = self.table(table, keys)
        if found is None:
            return {}
        columns = [found[name].to_pylist() for name in found.column_names]
        return {row[0]: row[1:] for row in zip(*columns)}

    def article_text(self, pack: str, keys: set[str]) -> dict[str, dict]:
        """The cached text of the articles ``keys`` of ``pack``: their paragraphs and sentences rows and the date found."""
        texts: dict[str, dict] = {key: {"paragraphs": [], "sentences": [], "date": ""} for key in keys}
        for name in ("paragraphs", "sentences"):
            part = self.read(name, [pack])
            columns = [part[c].to_pylist() for c in part.column_names]
            for row in zip(*columns):
                if row[0] in texts:
                    texts[row[0]][name].append(row[1:])
        articles = self.read("articles", [pack], ["key", "date"])
        for key, date in zip(articles["key"].to_pylist(), articles["date"].to_pylist()):
            if key in texts:
                texts[key]["date"] = date
        return texts

    def read(self, table: str, packs: list[str], columns: list[str] | None = None) -> pa.Table:
        """The rows of ``table`` in ``packs``, concatenated (the caller filters them to the articles it wants)."""
        parts = []
        for pack in packs:
            index = self._index(pack)
            parts.append(_read_parquet(self.folder / pack / f"{table}.parquet", index["files"][f"{table}.parquet"], columns))
        if not parts:
            return None
        return pa.concat_tables(parts)


DESTINATION_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})  # errors of writing a copy; reading never gives them


class CorpusCache:
    """Corpus-level results: the run-folder files a stage wrote, stored under the stage's key and copied back on a hit."""

    def __init__(self, root: Path):
        self.folder = root / "corpus"

    def has(self, stage: str, key: str) -> bool:
        """Whether an entry is stored for ``stage`` and ``key`` (not checked: :meth:`restore` checks it)."""
        return (self.folder / f"{stage}-{key[:32]}" / INDEX).exists()

    def restore(self, stage: str, key: str, dest: Path) -> list[Path] | None:
        """Copy the files stored for ``stage`` and ``key`` into ``dest``; None when there are none or they are damaged."""
        entry = self.folder / f"{stage}-{key[:32]}"
        if not (entry / INDEX).exists():
            return None
        try:
            index = json.loads((entry / INDEX).read_text(encoding="utf-8"))
            copied = []
            for name, expected in sorted(index["files"].items()):
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                copied.append(_copy_checked(entry / _flat(name), dest / name, expected))
        except OSError as err:
            if err.errno in DESTINATION_FULL:  # the run folder's disk, not the entry: the entry stays for the next run
                raise
            log.warning("cache entry ignored and removed, it is computed again: %s: %s", entry, err)
            shutil.rmtree(entry, ignore_errors=True)
            return None
        except (ValueError, KeyError, CorruptEntry) as err:
            log.warning("cache entry ignored and removed, it is computed again: %s: %s", entry, err)
            shutil.rmtree(entry, ignore_errors=True)
            return None
        return copied

    def store(self, stage: str, key: str, files: list[Path], base: Path | None = None) -> None:
        """Keep a copy of ``files`` under the stage's key, named by their path relative to ``base`` (default: their name)."""
        entry = self.folder / f"{stage}-{key[:32]}"
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{entry.name}.{os.getpid()}.{threading.get_ident()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        index = {}
        for path in files:
            name = path.relative_to(base).as_posix() if base else path.name
            index[name] = _copy_checked(path, tmp / _flat(name), None, record=True)
        (tmp / INDEX).write_text(json.dumps({"files": index}, sort_keys=True), encoding="utf-8")
        _publish_folder(tmp, entry)


def _flat(name: str) -> str:
    """The file name inside an entry for a relative path ("figures/a.png" is stored as "figures__a.png")."""
    return name.replace("/", "__")


def _copy_checked(source: Path, dest: Path, expected: dict | None, *, record: bool = False):
    """Copy ``source`` to ``dest`` hashing it on the way; check it against ``expected``, or return its record."""
    digest = hashlib.sha256()
    size = 0
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with source.open("rb") as src, tmp.open("wb") as out:
        while chunk := src.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if expected is not None and (digest.hexdigest() != expected["sha256"] or size != expected["bytes"]):
        tmp.unlink()
        raise CorruptEntry(f"{source}: content does not match its recorded sha256")
    os.replace(tmp, dest)
    return {"sha256": digest.hexdigest(), "bytes": size} if record else dest
