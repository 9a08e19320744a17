"""``peristiwa crawl`` through click's CliRunner, and once as a real process stopped by Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from peristiwa.cli_crawl import crawl

from .site import ARTICLES, Site, news_page

FAST = ["--delay", "0", "--timeout", "1"]


def _small_feed(site: Site) -> str:
    items = "".join(f"<item><title>{p}</title><link>{site.url(p)}</link></item>"
                    for p in ["/berita/menlu-bertemu", "/berita/kecaman", "/hilang"])
    body = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Kecil</title>{items}"
            "</channel></rss>").encode()
    site.routes["/kecil.xml"] = lambda h: h.conditional(body, "application/rss+xml", '"k1"',
                                                        1717480000)
    return site.url("/kecil.xml")


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_crawl_once(site: Site, tmp_path: Path):
    db = tmp_path / "berita.duckdb"
    feed = _small_feed(site)
    result = CliRunner().invoke(crawl, [feed, "--db", str(db), *FAST,
                                        "--contact", "mailto:tim@contoh.test"])
    assert result.exit_code == 0, result.output
    assert "articles stored: 2" in result.output and "1 http-error" in result.output
    assert _rows(db, "SELECT count(*) FROM articles") == [(2,)]
    assert _rows(db, "SELECT count(*) FROM events") >= [(2,)]
    agent = site.requests("/kecil.xml")[0].headers["user-agent"]
    assert agent.startswith("peristiwa/") and agent.endswith("(+mailto:tim@contoh.test)")
    again = CliRunner().invoke(crawl, [feed, "--db", str(db), *FAST])
    assert again.exit_code == 0 and "1 unchanged" in again.output
    assert "articles stored: 0" in again.output


def test_sources_file_names_the_outlet_and_max_stops(site: Site, tmp_path: Path):
    db = tmp_path / "berita.duckdb"
    src = tmp_path / "sumber.tsv"
    src.write_text(f"# media\nKoran Uji\t{_small_feed(site)}\n", encoding="utf-8")
    result = CliRunner().invoke(crawl, ["--sources", str(src), "--db", str(db), "--max", "1",
                                        *FAST])
    assert result.exit_code == 0, result.output
    assert _rows(db, "SELECT outlet FROM articles") == [("Koran Uji",)]


@pytest.mark.parametrize("args, message", [
    ([], "give one or more FEED_URLs"),
    (["ftp://127.0.0.1/rss"], "is not an http(s) URL"),
    (["http://127.0.0.1/rss", "--every", "15"], "not an interval"),
    (["--sources", "tidak-ada.tsv"], "does not exist"),
])
def test_usage_errors(args: list[str], message: str, tmp_path: Path):
    result = CliRunner().invoke(crawl, [*args, "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x.duckdb").exists()


def test_unreadable_feed_fails(site: Site, tmp_path: Path):
    result = CliRunner().invoke(crawl, [site.url("/tidak-ada.xml"), "--db",
                                        str(tmp_path / "x.duckdb"), *FAST])
    assert result.exit_code == 1
    assert "1 failed" in result.output


def test_not_a_store_is_refused(site: Site, tmp_path: Path):
    other = tmp_path / "lain.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE milik_orang_lain (x INTEGER)")
    con.close()
    result = CliRunner().invoke(crawl, [_small_feed(site), "--db", str(other), *FAST])
    assert result.exit_code == 2 and "not a peristiwa store" in result.output
    assert site.paths() == []


def test_every_keeps_polling_until_ctrl_c(site: Site, tmp_path: Path):
    db = tmp_path / "berita.duckdb"
    feed = _small_feed(site)
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from peristiwa.cli_crawl import crawl; crawl()", feed,
         "--db", str(db), "--every", "1s", *FAST],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 30
        while len(site.requests("/kecil.xml")) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(site.requests("/kecil.xml")) >= 2, "the feed was not polled twice"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "stopped after" in out and "2 articles stored" in out
    assert "Traceback" not in err
    assert site.requests("/kecil.xml")[1].headers["if-none-match"] == '"k1"'
    assert _rows(db, "SELECT count(*) FROM articles") == [(2,)]


def _slow_first_article(site: Site) -> tuple[str, threading.Event]:
    """A feed whose first article takes a moment to serve; the event is set meanwhile."""
    serving = threading.Event()
    page = news_page(*ARTICLES["/berita/menlu-bertemu"]).encode()

    def slow(h) -> None:
        serving.set()
        time.sleep(1.0)  # the crawler is waiting for this page when Ctrl-C comes
        h.reply(200, page)

    site.routes["/berita/pelan"] = slow
    items = "".join(f"<item><title>{p}</title><link>{site.url(p)}</link></item>"
                    for p in ["/berita/pelan", "/berita/kecaman", "/berita/arsip"])
    body = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Pelan</title>{items}"
            "</channel></rss>").encode()
    site.routes["/pelan.xml"] = lambda h: h.reply(200, body, "application/rss+xml")
    return site.url("/pelan.xml"), serving


def _crawl_process(feed: str, db: Path, *extra: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.Popen(
        [sys.executable, "-c", "from peristiwa.cli_crawl import crawl; crawl()", feed,
         "--db", str(db), "--delay", "0", "--timeout", "5", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _interrupt(proc: subprocess.Popen, serving: threading.Event, times: int
               ) -> tuple[str, str]:
    try:
        assert serving.wait(60), "the crawler never asked for the first article"
        for _ in range(times):
            proc.send_signal(signal.SIGINT)
            time.sleep(0.2)
        return proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_ctrl_c_mid_article_finishes_it_then_stops(site: Site, tmp_path: Path):
    db = tmp_path / "berita.duckdb"
    feed, serving = _slow_first_article(site)
    proc = _crawl_process(feed, db, "--every", "15m")
    out, err = _interrupt(proc, serving, 1)
    assert proc.returncode == 0, err
    assert "stopped after 1 polls: 1 articles stored" in out
    assert "Traceback" not in err
    # the article being fetched was finished and stored; nothing was asked after it
    assert site.paths()[-1] == "/berita/pelan"
    assert "/berita/kecaman" not in site.paths()
    assert _rows(db, "SELECT url FROM articles") == [(site.url("/berita/pelan"),)]
    assert _rows(db, "SELECT count(*) FROM events") > [(0,)]


def test_a_second_ctrl_c_aborts_at_once_and_leaves_the_store_sound(site: Site,
                                                                   tmp_path: Path):
    db = tmp_path / "berita.duckdb"
    feed, serving = _slow_first_article(site)
    proc = _crawl_process(feed, db)
    out, err = _interrupt(proc, serving, 2)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert "/berita/kecaman" not in site.paths()
    assert _rows(db, "SELECT count(*) FROM articles") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM raw_pages") == [(0,)]
