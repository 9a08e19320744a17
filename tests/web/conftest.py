"""Fixtures for the web tests: the real coder, a fictional-world store, the seeds' store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from peristiwa.store import Store, open_store
from peristiwa.store.ingest import ArticleCoder
from peristiwa.web import create_app

from .webhelp import build_seeds, build_world

SHARED = Path(__file__).parents[2] / ".." / "shared"


@pytest.fixture(scope="session")
def coder() -> ArticleCoder:
    """The real coder (its lexicon is loaded once)."""
    from peristiwa.coder import Coder

    return Coder()


@pytest.fixture(scope="session")
def world_db(tmp_path_factory: pytest.TempPathFactory, coder: ArticleCoder) -> Path:
    """The fictional world coded by the real coder into a store (written once, then read)."""
    return build_world(tmp_path_factory.mktemp("world") / "world.duckdb", coder)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared (seeds) is not here")
    return SHARED.resolve()


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, shared: Path,
             coder: ArticleCoder) -> Path:
    """The five real seed articles coded by the real coder into a store."""
    return build_seeds(tmp_path_factory.mktemp("seeds") / "seeds.duckdb", shared, coder)


@pytest.fixture(scope="module")
def world_store(world_db: Path) -> Iterator[Store]:
    store = open_store(world_db, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(world_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(world_store)) as c:
        yield c
