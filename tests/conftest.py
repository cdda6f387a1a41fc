"""Shared fixtures: the seed corpus loaded and cleaned once per test session."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pytest

# Tests never read or fill the project's cache: they get one of their own (kernels that papermill starts inherit it).
os.environ["NEWS_ANALYSIS_CACHE"] = tempfile.mkdtemp(prefix="news-analysis-test-cache-")

from analysis import config  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.tables import build_corpus_tables  # noqa: E402

SHARED_SEEDS = config.PROJECT_ROOT.parent / "shared" / "seeds"


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by relative path."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def seed_corpus():
    return load_corpus([config.SEEDS_DIR])


@pytest.fixture(scope="session")
def seed_tables(seed_corpus):
    return build_corpus_tables(seed_corpus)


@pytest.fixture(scope="session")
def seed_digest():
    return tree_digest(config.SEEDS_DIR)
