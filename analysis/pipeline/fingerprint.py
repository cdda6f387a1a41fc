"""Fingerprints: the sha256 of everything that changes a stage's output, so that a cached result is used only when it is still right.

A stage's version hashes the package version, the Python version, the source
of the modules the stage runs, the lexicon files it reads and its parameters,
and the versions of the stages it reads from. Editing ``themes.yaml`` changes
the themes version and nothing else; editing ``clean.py`` changes every
version, because every stage reads the cleaned text.

Example:
    >>> versions = stage_versions(gazetteer=config.ENTITIES, lexicon=config.THEMES)
    >>> sorted(versions), len(versions["text"])
    (['amounts', 'entities', 'text', 'themes'], 64)
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from analysis import __version__, config
from analysis.codebook import codebook_files

PACKAGE_DIR = Path(__file__).resolve().parents[1]

# The modules each per-article stage runs, relative to the package, and the lexicon files it reads.
STAGE_SOURCES = {
    "text": ("clean.py", "resources.py", "corpus.py", "outlets.py", "segment.py", "duplicates.py"),
    "entities": ("entities.py", "names.py", "ner.py", "ner_features.py", "crf.py"),
    "themes": ("themes.py", "codebook.py", "morphology.py", "entities.py"),
    "amounts": ("amounts.py",),
}
COMMON_SOURCES = ("pipeline/articles.py", "pipeline/fingerprint.py")
TEXT_FILES = (config.OUTLETS, config.ABBREVIATIONS)
ENTITY_FILES = (config.TITLES, config.STOPWORDS_ADD, config.STOPWORDS_REMOVE)


@lru_cache(maxsize=256)
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes (``"missing"`` for a file that does not exist), remembered while the file is unchanged."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return _file_digest(path, stat.st_size, stat.st_mtime_ns)


def digest(value) -> str:
    """sha256 of a JSON-serialisable value, keys sorted, so that equal values give equal digests."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _sources(names: tuple[str, ...]) -> dict[str, str]:
    return {name: file_digest(PACKAGE_DIR / name) for name in names + COMMON_SOURCES}


def _files(paths) -> dict[str, str]:
    return {Path(p).name: file_digest(Path(p)) for p in paths}


def environment() -> dict[str, str]:
    """What every version includes: the package and Python versions, and the libraries whose behaviour the stages use."""
    libraries = {}
    for name in ("pyahocorasick", "stopwordsiso", "PySastrawi", "python-crfsuite"):
        try:
            libraries[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libraries[name] = ""
    return {"package": __version__, "python": "{}.{}".format(*sys.version_info[:2]), **libraries}


def stage_versions(*, gazetteer: Path, lexicon: Path, recogniser: bool = False) -> dict[str, str]:
    """The version of each per-article stage for this checkout and these lexicons.

    Args:
        gazetteer: the entity gazetteer the entities stage reads.
        lexicon: the theme lexicon the themes stage reads.
        recogniser: whether the entities stage also runs the trained name recogniser (its model file is then hashed too).
    """
    env = environment()
    text = digest({"env": env, "sources": _sources(STAGE_SOURCES["text"]), "files": _files(TEXT_FILES)})
    entity_files = (
        gazetteer,
        *ENTITY_FILES,
        *((config.MODELS_DIR / "ner-id.crfsuite", config.MODELS_DIR / "ner-id.json", config.STATES) if recogniser else ()),
    )
    entities = digest(
        {"text": text, "sources": _sources(STAGE_SOURCES["entities"]), "files": _files(entity_files), "recogniser": recogniser}
    )
    themes = digest({"text": text, "sources": _sources(STAGE_SOURCES["themes"]), "files": _files(codebook_files(lexicon))})
    amounts = digest({"entities": entities, "sources": _sources(STAGE_SOURCES["amounts"])})
    return {"text": text, "entities": entities, "themes": themes, "amounts": amounts}


def source_digest() -> str:
    """sha256 of every module of the package: what a corpus-level stage's result also depends on."""
    return digest(
        {"env": environment(), "sources": {str(p.relative_to(PACKAGE_DIR)): file_digest(p) for p in sorted(PACKAGE_DIR.rglob("*.py"))}}
    )
