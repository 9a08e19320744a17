"""The crawl tables inside the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from peristiwa.crawl.fetch import Fetched
from peristiwa.crawl.storage import CrawlStorage
from peristiwa.store import open_store


def _fetched(url: str, body: bytes | None = b"<html>isi</html>", **kw) -> Fetched:
    headers = {"content-type": "text/html; charset=utf-8", "etag": '"e1"',
               "last-modified": "Tue, 04 Jun 2024 05:46:40 GMT"}
    return Fetched(url, url, kw.pop("outcome", "ok"), kw.pop("status", 200), body, headers,
                   dt.datetime(2024, 6, 4, 5, 0), **kw)


def test_pages_round_trip_and_known(tmp_path: Path):
    with open_store(tmp_path / "s.duckdb") as store:
        cs = CrawlStorage(store.con)
        body = b"<html>" + b"Kabar baik dari desa. " * 200 + b"</html>"
        cs.save_page(_fetched("https://k.test/1", body), "stored", feed_url="https://k.test/rss",
                     outlet="Kabar", charset="utf-8", article_id="k.test-1")
        cs.save_page(_fetched("https://k.test/2", None, outcome="http-error", status=404),
                     "http-error", feed_url=None, outlet=None)
        page = cs.page("https://k.test/1")
        assert page is not None and page.body == body and page.charset == "utf-8"
        assert page.article_id == "k.test-1" and page.outlet == "Kabar"
        assert cs.page("https://k.test/2") is None
        assert [p.url for p in cs.pages()] == ["https://k.test/1"]
        assert cs.known(["https://k.test/1", "https://k.test/2", "https://k.test/3"]) == {
            "https://k.test/1", "https://k.test/2"}
        assert cs.known([]) == set()
    # the store still opens (and is still a peristiwa store) with the crawl tables in it
    with open_store(tmp_path / "s.duckdb", read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM raw_pages").fetchall()[0][0] == 2


def test_known_includes_urls_of_stored_articles(tmp_path: Path):
    with open_store(tmp_path / "s.duckdb") as store:
        store.con.execute(
            "INSERT INTO articles (article_id, url, text_hash, norm_hash, text, ingested_at, "
            "coded_at) VALUES ('a', 'https://k.test/dari-berkas', 'h', 'n', 't', now(), now())")
        assert CrawlStorage(store.con).known(["https://k.test/dari-berkas"]) == {
            "https://k.test/dari-berkas"}


def test_feed_validators_are_kept_only_when_asked(tmp_path: Path):
    with open_store(tmp_path / "s.duckdb") as store:
        cs = CrawlStorage(store.con)
        assert cs.feed_state("https://k.test/rss").etag is None
        cs.save_feed("https://k.test/rss", _fetched("https://k.test/rss"), outlet="Kabar",
                     items=3, validators=False)
        state = cs.feed_state("https://k.test/rss")
        assert state.etag is None and state.last_polled == dt.datetime(2024, 6, 4, 5, 0)
        cs.save_feed("https://k.test/rss", _fetched("https://k.test/rss"), outlet="Kabar",
                     items=3, validators=True)
        assert cs.feed_state("https://k.test/rss").etag == '"e1"'
        # a 304 keeps the validators it was asked with
        cs.save_feed("https://k.test/rss", _fetched("https://k.test/rss", None,
                                                    outcome="not-modified", status=304),
                     outlet="Kabar", items=0, validators=True)
        state = cs.feed_state("https://k.test/rss")
        assert state.etag == '"e1"' and state.last_modified.endswith("GMT")


def test_ensure_tables_is_idempotent(tmp_path: Path):
    with open_store(tmp_path / "s.duckdb") as store:
        CrawlStorage(store.con)
        CrawlStorage(store.con)
        names = {r[0] for r in store.con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"raw_pages", "feed_state"} <= names
