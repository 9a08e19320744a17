"""The store's tables and their versioned migrations.

Each migration takes a database from version N-1 to N inside one transaction. A new
database runs them all; an older one runs the ones it lacks when it is opened for writing.
Never edit a released migration: add a new one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

__all__ = ["APP", "META_TABLE", "SCHEMA_VERSION", "MIGRATIONS", "Migration", "EVENT_COLUMNS"]

log = logging.getLogger(__name__)

APP = "peristiwa"
META_TABLE = "peristiwa_meta"

# The event record's flat columns (peristiwa.output.CSV_COLUMNS) and their SQL types.
EVENT_COLUMNS: list[tuple[str, str]] = [
    ("event_id", "VARCHAR NOT NULL"),
    ("doc_id", "VARCHAR NOT NULL"),  # = articles.article_id
    ("url", "VARCHAR"),
    ("outlet", "VARCHAR"),
    ("published", "DATE"),
    ("date", "VARCHAR"),  # ISO as coded: YYYY-MM-DD, YYYY-MM or YYYY
    ("date_precision", "VARCHAR"),
    ("date_basis", "VARCHAR"),
    ("source_text", "VARCHAR"),
    ("source_name", "VARCHAR"),
    ("source_code", "VARCHAR"),
    ("source_country", "VARCHAR"),
    ("source_agent", "VARCHAR"),
    ("source_start", "INTEGER"),
    ("source_end", "INTEGER"),
    ("target_text", "VARCHAR"),
    ("target_name", "VARCHAR"),
    ("target_code", "VARCHAR"),
    ("target_country", "VARCHAR"),
    ("target_agent", "VARCHAR"),
    ("target_start", "INTEGER"),
    ("target_end", "INTEGER"),
    ("cameo", "VARCHAR NOT NULL"),
    ("root", "VARCHAR NOT NULL"),
    ("quad_class", "TINYINT"),
    ("goldstein", "DOUBLE"),
    ("plover", "VARCHAR"),
    ("mode", "VARCHAR"),
    ("trigger_text", "VARCHAR"),
    ("trigger_start", "INTEGER"),
    ("trigger_end", "INTEGER"),
    ("location_name", "VARCHAR"),
    ("location_country", "VARCHAR"),
    ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"),
    ("sentence", "VARCHAR"),
    ("sentence_start", "INTEGER"),
    ("sentence_end", "INTEGER"),
    ("confidence", "DOUBLE"),
    ("rule", "VARCHAR"),
    ("seq", "INTEGER"),  # order of the event in its article
    ("date_start", "DATE"),  # the event date as a day range (a month covers its days)
    ("date_end", "DATE"),
    ("day", "DATE"),  # date_start, or the publication date when the date is unknown
]

_V1 = [
    f"CREATE TABLE {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
    """CREATE TABLE articles (
        article_id VARCHAR PRIMARY KEY,
        outlet VARCHAR,
        url VARCHAR,
        title VARCHAR,
        published DATE,
        dateline VARCHAR,
        path VARCHAR,
        text_hash VARCHAR NOT NULL,
        norm_hash VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        num_events INTEGER NOT NULL DEFAULT 0,
        ingested_at TIMESTAMP NOT NULL,
        coded_at TIMESTAMP NOT NULL
    )""",
    # Exact copies (same normalised text, another id): not stored or coded again, but
    # remembered so a syndicated story still counts every outlet that carried it.
    """CREATE TABLE article_copies (
        article_id VARCHAR PRIMARY KEY,
        copy_of VARCHAR NOT NULL,
        outlet VARCHAR,
        url VARCHAR,
        title VARCHAR,
        published DATE,
        ingested_at TIMESTAMP NOT NULL
    )""",
    "CREATE TABLE events ({})".format(", ".join(f"{n} {t}" for n, t in EVENT_COLUMNS)),
]

_V2 = [
    # Near-duplicate articles (MinHash/LSH) form stories.
    "ALTER TABLE articles ADD COLUMN story_id VARCHAR",
    "ALTER TABLE articles ADD COLUMN story_similarity DOUBLE",
    "ALTER TABLE articles ADD COLUMN signature BLOB",
    """CREATE TABLE article_bands (
        article_id VARCHAR NOT NULL, band SMALLINT NOT NULL, bucket BIGINT NOT NULL
    )""",
    # Event clusters: one row per real-world event, members link its event records.
    "ALTER TABLE events ADD COLUMN block VARCHAR",
    """CREATE TABLE clusters (
        cluster_id VARCHAR NOT NULL,
        block VARCHAR NOT NULL,
        root VARCHAR NOT NULL,
        cameo VARCHAR NOT NULL,
        quad_class TINYINT,
        goldstein DOUBLE,
        country_a VARCHAR,
        country_b VARCHAR,
        source_code VARCHAR,
        source_country VARCHAR,
        source_agent VARCHAR,
        source_name VARCHAR,
        target_code VARCHAR,
        target_country VARCHAR,
        target_agent VARCHAR,
        target_name VARCHAR,
        date VARCHAR,
        date_precision VARCHAR,
        day DATE,
        date_min DATE,
        date_max DATE,
        first_seen DATE,
        last_seen DATE,
        num_events INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        num_stories INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        location_name VARCHAR,
        location_country VARCHAR,
        location_lat DOUBLE,
        location_lon DOUBLE,
        doc_id VARCHAR,
        url VARCHAR,
        sentence VARCHAR,
        updated_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE cluster_members (
        cluster_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, doc_id VARCHAR NOT NULL
    )""",
    # Blocks whose clusters are stale; written in the same transaction as their events,
    # so a killed run leaves them to be reclustered by the next one.
    "CREATE TABLE dirty_blocks (block VARCHAR PRIMARY KEY)",
]


def _v2_data(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the v2 columns for rows a v1 store already holds."""
    from peristiwa.store.dedup import backfill_stories
    from peristiwa.store.recluster import backfill_blocks

    backfill_stories(con)
    backfill_blocks(con)


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: SQL statements, then an optional Python data step."""

    version: int
    summary: str
    statements: list[str]
    data: Callable[[duckdb.DuckDBPyConnection], None] | None = None


MIGRATIONS: list[Migration] = [
    Migration(1, "articles, copies and events", _V1),
    Migration(2, "near-duplicate stories and event clusters", _V2, _v2_data),
]

SCHEMA_VERSION = MIGRATIONS[-1].version
