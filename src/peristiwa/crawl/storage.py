"""The crawl's own tables in the store: raw pages (compressed) and the state of each feed.

PROPOSED MIGRATION: the store owns the schema, so ``CRAWL_DDL`` is meant to become a
versioned migration in ``peristiwa.store.schema``. Until then ``ensure_tables`` creates the
tables with ``CREATE TABLE IF NOT EXISTS``; the migration should keep ``IF NOT EXISTS`` so a
store that crawled before it upgrades cleanly.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import duckdb

from peristiwa.crawl.fetch import Fetched

__all__ = ["CRAWL_DDL", "CrawlStorage", "FeedState", "StoredPage", "ensure_tables"]

log = logging.getLogger(__name__)

CRAWL_DDL = [
    # One row per article URL a feed listed and we fetched, whatever came of it, so it is
    # not fetched again; the raw body is kept gzipped for re-extraction without fetching.
    """CREATE TABLE IF NOT EXISTS raw_pages (
        url VARCHAR PRIMARY KEY,
        final_url VARCHAR,
        feed_url VARCHAR,
        outlet VARCHAR,
        fetched_at TIMESTAMP NOT NULL,
        status SMALLINT NOT NULL,
        outcome VARCHAR NOT NULL,
        content_type VARCHAR,
        charset VARCHAR,
        etag VARCHAR,
        last_modified VARCHAR,
        size INTEGER,
        article_id VARCHAR,
        raw BLOB
    )""",
    # Conditional GET validators of each feed or sitemap, and how its last poll went.
    """CREATE TABLE IF NOT EXISTS feed_state (
        url VARCHAR PRIMARY KEY,
        outlet VARCHAR,
        etag VARCHAR,
        last_modified VARCHAR,
        last_polled TIMESTAMP,
        last_status SMALLINT,
        last_outcome VARCHAR,
        last_items INTEGER
    )""",
]

# A page with one of these outcomes is stored with its body, for later re-extraction.
_KEEP_BODY = {"ok", "no-article", "stored", "copy", "known", "code-failed"}


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the crawl tables if the store lacks them."""
    for stmt in CRAWL_DDL:
        con.execute(stmt)


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the last poll of a feed left: its validators and when it was polled."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredPage:
    """A raw page as stored: enough to extract its article again without fetching."""

    url: str
    final_url: str | None
    outlet: str | None
    fetched_at: dt.datetime
    charset: str | None
    article_id: str | None
    body: bytes


class CrawlStorage:
    """Reads and writes the crawl tables on an open store connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        ensure_tables(con)

    def known(self, urls: Iterable[str]) -> set[str]:
        """Which of the URLs were fetched before, or are the URL of a stored article."""
        wanted = sorted(set(urls))
        if not wanted:
            return set()
        rows = self.con.execute(
            "SELECT url FROM raw_pages WHERE url IN (SELECT unnest(?::VARCHAR[])) "
            "UNION SELECT url FROM articles WHERE url IN (SELECT unnest(?::VARCHAR[]))",
            [wanted, wanted]).fetchall()
        return {r[0] for r in rows}

    def save_page(self, fetched: Fetched, outcome: str, *, feed_url: str | None,
                  outlet: str | None, charset: str | None = None,
                  article_id: str | None = None) -> None:
        """Record a fetched page (the body gzipped when it is an HTML page)."""
        body = fetched.body if outcome in _KEEP_BODY else None
        self.con.execute(
            "INSERT OR REPLACE INTO raw_pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [fetched.url, fetched.final_url, feed_url, outlet, fetched.fetched_at,
             fetched.status, outcome, fetched.content_type, charset, fetched.etag,
             fetched.last_modified, len(fetched.body) if fetched.body is not None else None,
             article_id, gzip.compress(body, 6) if body is not None else None])

    def page(self, url: str) -> StoredPage | None:
        """The stored raw page of a URL, decompressed; None without a stored body."""
        rows = self.con.execute(
            "SELECT url, final_url, outlet, fetched_at, charset, article_id, raw "
            "FROM raw_pages WHERE url = ? AND raw IS NOT NULL", [url]).fetchall()
        return _page(rows[0]) if rows else None

    def pages(self) -> Iterator[StoredPage]:
        """Every stored raw page, in URL order (for re-extraction)."""
        last = ""
        while True:
            rows = self.con.execute(
                "SELECT url, final_url, outlet, fetched_at, charset, article_id, raw "
                "FROM raw_pages WHERE raw IS NOT NULL AND url > ? ORDER BY url LIMIT 100",
                [last]).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield from (_page(r) for r in rows)

    def feed_state(self, url: str) -> FeedState:
        """The validators the last poll of a feed saved (empty for a new feed)."""
        rows = self.con.execute(
            "SELECT etag, last_modified, last_polled FROM feed_state WHERE url = ?",
            [url]).fetchall()
        return FeedState(url, *rows[0]) if rows else FeedState(url)

    def save_feed(self, url: str, fetched: Fetched, *, outlet: str | None, items: int | None,
                  validators: bool) -> None:
        """Record a poll of a feed; its validators only when all it listed was handled."""
        old = self.feed_state(url)
        etag, modified = old.etag, old.last_modified
        if validators and fetched.outcome == "ok":
            etag, modified = fetched.etag, fetched.last_modified
        self.con.execute(
            "INSERT OR REPLACE INTO feed_state VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [url, outlet, etag, modified, fetched.fetched_at, fetched.status, fetched.outcome,
             items])


def _page(row: tuple) -> StoredPage:
    return StoredPage(row[0], row[1], row[2], row[3], row[4], row[5], gzip.decompress(row[6]))
