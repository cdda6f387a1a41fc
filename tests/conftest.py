"""Shared fixtures: the seed corpus loaded and cleaned once per test session."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from analysis import config
from analysis.corpus import load_corpus
from analysis.tables import build_corpus_tables

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
