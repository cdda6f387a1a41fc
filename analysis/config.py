"""Every path the project uses, built from the package's own location.

Notebooks and modules never spell a path themselves: they ask this module.
Relative paths given as notebook parameters ("seeds", "data/raw") are resolved
against the project root with :func:`resolve`, so a notebook behaves the same
whether papermill runs it from the project root or JupyterLab opens it from
``notebooks/``.

Set the environment variable ``NEWS_ANALYSIS_ROOT`` to point the package at
another checkout (for example a copy of the project with a larger corpus).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("NEWS_ANALYSIS_ROOT", Path(__file__).resolve().parents[1])).resolve()

SEEDS_DIR = PROJECT_ROOT / "seeds"
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
LEXICONS_DIR = DATA_DIR / "lexicons"
MODELS_DIR = DATA_DIR / "models"  # trained models shipped with the package, each with its model card
NER_DATA = PROJECT_ROOT.parent / "shared" / "ner" / "train.txt"  # the training data of the name recogniser (not in the project)
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
PARAMS_DIR = NOTEBOOKS_DIR / "params"
REPORTS_DIR = PROJECT_ROOT / "reports"
LATEST_LINK = REPORTS_DIR / "latest"
# Where a notebook writes when it is run by hand, without a run folder.
INTERACTIVE_RUN_DIR = REPORTS_DIR / "interactive"
# The pipeline's content-addressed cache of per-article and corpus-level results (see analysis.pipeline.cache);
# NEWS_ANALYSIS_CACHE puts it elsewhere (a faster disk, or one shared by several checkouts of the same version).
CACHE_DIR = Path(os.environ.get("NEWS_ANALYSIS_CACHE", PROJECT_ROOT / "cache")).resolve()

METADATA_FILENAME = "metadata.csv"

STOPWORDS_ADD = LEXICONS_DIR / "stopwords_add.txt"
STOPWORDS_REMOVE = LEXICONS_DIR / "stopwords_remove.txt"
ABBREVIATIONS = LEXICONS_DIR / "abbreviations.txt"
OUTLETS = LEXICONS_DIR / "outlets.csv"
ENTITIES = LEXICONS_DIR / "entities.csv"
TITLES = LEXICONS_DIR / "titles.txt"
DISCOVERY_IGNORE = LEXICONS_DIR / "discovery_ignore.txt"
THEMES = LEXICONS_DIR / "themes.yaml"
STATES = LEXICONS_DIR / "states.csv"
REDUPLICATIONS = LEXICONS_DIR / "reduplications.txt"

# The Jupyter kernel that `make` installs into the project's virtual
# environment; notebooks name it so that they always run with the venv's
# interpreter, whatever other kernels the machine has.
KERNEL_NAME = "news-analysis"


def resolve(path: str | os.PathLike[str]) -> Path:
    """Return ``path`` as an absolute path, relative ones taken from the project root.

    Args:
        path: an absolute path, or one relative to the project root.

    Returns:
        The absolute, normalised path.

    Example:
        >>> resolve("seeds") == SEEDS_DIR
        True
    """
    p = Path(path).expanduser()
    return (p if p.is_absolute() else PROJECT_ROOT / p).resolve()


def file_stamp(path: Path) -> tuple[int, int]:
    """A file's modification time and size, ``(0, 0)`` when it is missing: the part of a cache key that notices an edit."""
    try:
        stat = Path(path).stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


def run_paths(run_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """The folders of one run: its root, ``tables/``, ``figures/`` and ``notebooks/``.

    Empty ``run_dir`` means the interactive folder used when a notebook is run
    by hand. The folders are created when missing.
    """
    root = resolve(run_dir) if str(run_dir) else INTERACTIVE_RUN_DIR
    paths = {
        "root": root,
        "tables": root / "tables",
        "figures": root / "figures",
        "notebooks": root / "notebooks",
    }
    for p in paths.values():
        p.mkdir(parents=True, exist_ok=True)
    return paths
