"""Fixtures for the store tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from peristiwa.store import open_store

SHARED = Path(__file__).parents[2] / ".." / "shared"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture
def store(db_path: Path):
    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared (seeds, corpus) is not here")
    return SHARED.resolve()


@pytest.fixture(scope="session")
def coder():
    """The real coder (its lexicon is loaded once)."""
    from peristiwa.coder import Coder

    return Coder()


@pytest.fixture
def filled(store, coder):
    """A store holding storehelp.SAMPLE, coded by the real coder."""
    from peristiwa.store import ingest

    from .storehelp import SAMPLE

    ingest(store, SAMPLE, coder)
    return store


