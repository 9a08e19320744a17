"""The event store: articles, their events and event clusters in an embedded DuckDB file."""

from peristiwa.store.db import (
    DEFAULT_DB,
    NotAStore,
    Store,
    StoreError,
    StoreLocked,
    open_store,
)
from peristiwa.store.export import export
from peristiwa.store.ingest import IngestStats, ingest, recode
from peristiwa.store.query import (
    EventFilter,
    QueryError,
    dyad_series,
    find_clusters,
    find_events,
    iter_events,
)

__all__ = [
    "DEFAULT_DB",
    "NotAStore",
    "Store",
    "StoreError",
    "StoreLocked",
    "open_store",
    "export",
    "IngestStats",
    "ingest",
    "recode",
    "EventFilter",
    "QueryError",
    "dyad_series",
    "find_clusters",
    "find_events",
    "iter_events",
]
