"""The whole crawl against the local news site: what ends up in the store, what is fetched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from peristiwa.crawl import Crawler, FeedSource
from peristiwa.crawl.pages import article_id, decode_html, page_article
from peristiwa.crawl.storage import CrawlStorage
from peristiwa.records import Article
from peristiwa.store import open_store
from peristiwa.store.ingest import ingest

from .conftest import fast_config
from .site import ARTICLES, NEVER_FETCHED, Site, add_news_routes, news_page, start, stop

STORED = ["/berita/menlu-bertemu", "/berita/sempat-gagal", "/berita/kode-lama",
          "/lama/artikel", "/berita/kecaman", "/berita/tanpa-header", "/berita/peta-situs",
          "/berita/arsip"]


def sources(site: Site) -> list[FeedSource]:
    return [FeedSource(site.url("/rss.xml"), "Kabar Contoh"), FeedSource(site.url("/atom.xml")),
            FeedSource(site.url("/sitemap.xml"), "Kabar Contoh")]


def make_crawler(site: Site, store, coder, **kw) -> Crawler:
    return Crawler(store, coder, kw.pop("feeds", None) or sources(site), config=fast_config(),
                   **kw)


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(tmp_path / "crawl.duckdb")
    yield s
    s.close()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, coder):
    """One poll of all three feeds (shared by the tests that only look at the result)."""
    site = Site()
    add_news_routes(site)
    server, _ = start(site)
    store = open_store(tmp_path_factory.mktemp("crawled") / "crawl.duckdb")
    try:
        stats = make_crawler(site, store, coder).run()
        yield site, store, stats
    finally:
        store.close()
        stop(server, site)


def _articles(store) -> dict[str, tuple]:
    rows = store.con.execute("SELECT url, article_id, outlet, title, text, num_events "
                             "FROM articles").fetchall()
    return {r[0]: r[1:] for r in rows}


def test_the_right_articles_are_stored(crawled):
    site, store, stats = crawled
    got = _articles(store)
    # /lama/artikel is stored under the page it redirects to.
    expected = {site.url(p if p != "/lama/artikel" else "/berita/pindah") for p in STORED}
    assert set(got) == expected
    assert stats.new == len(STORED)
    assert got[site.url("/berita/pindah")][0] == article_id(site.url("/lama/artikel"))
    # outlet from the sources list, else the page's own site name
    assert {v[1] for v in got.values()} == {"Kabar Contoh"}
    assert got[site.url("/berita/kecaman")][2] == "Filipina Kecam China soal Insiden di Laut"


def test_events_are_coded(crawled):
    site, store, _ = crawled
    rows = store.con.execute(
        "SELECT a.url, e.source_country, e.target_country, e.root FROM events e "
        "JOIN articles a ON a.article_id = e.doc_id").fetchall()
    found = {(url.removeprefix(site.base), src, tgt, root) for url, src, tgt, root in rows}
    for want in [("/berita/menlu-bertemu", "IDN", "JPN", "04"),
                 ("/berita/kecaman", "PHL", "CHN", "11"),
                 ("/berita/sempat-gagal", "MYS", "SGP", "05"),
                 ("/berita/kode-lama", "FRA", "VNM", "04"),
                 ("/berita/pindah", "THA", "KHM", "04")]:
        assert want in found
    assert store.count("clusters") > 0  # clusters updated after the poll


def test_page_furniture_is_not_in_the_text(crawled):
    site, store, _ = crawled
    text = _articles(store)[site.url("/berita/menlu-bertemu")][3]
    assert text.startswith("Menteri Luar Negeri Indonesia bertemu")
    for junk in ["Baca Juga", "Harga Cabai", "Bagikan", "WhatsApp", "Komentar", "Semoga",
                 "Indeks Berita", "Pedoman Media", "Tim Voli", "KABARCONTOH"]:
        assert junk not in text


def test_wrong_charset_pages_are_decoded_by_their_meta(crawled):
    site, store, _ = crawled
    got = _articles(store)
    assert "“Kami datang sebagai sahabat lama,” kata juru bicara Istana Élysée" in \
        got[site.url("/berita/kode-lama")][3]
    assert "Sebuah kafé rakyat" in got[site.url("/berita/tanpa-header")][3]
    charsets = dict(store.con.execute("SELECT url, charset FROM raw_pages").fetchall())
    assert charsets[site.url("/berita/kode-lama")] == "cp1252"


def test_forbidden_and_skipped_pages_are_never_requested(crawled):
    site, _, stats = crawled
    paths = site.paths()
    for path in NEVER_FETCHED:
        assert path not in paths
    assert stats.pages["robots"] == 3  # /rahasia/dokumen, ?cetak=1, the redirect to /rahasia/
    assert paths.count("/berita/menlu-bertemu") == 1  # also in Atom (utm) and the sitemap


def test_failures_are_retried_only_when_worth_it(crawled):
    site, store, stats = crawled
    assert len(site.requests("/lambat")) == 2  # timed out, retried once, given up
    assert len(site.requests("/berita/sempat-gagal")) == 2  # 500, then 200
    assert len(site.requests("/hilang")) == 1  # 404: not retried
    assert len(site.requests("/putar-a")) == 1 and len(site.requests("/putar-b")) == 1
    outcomes = dict(store.con.execute("SELECT url, outcome FROM raw_pages").fetchall())
    assert outcomes[site.url("/hilang")] == "http-error"
    assert outcomes[site.url("/putar-a")] == "redirect-loop"
    assert outcomes[site.url("/raksasa")] == "too-large"
    assert outcomes[site.url("/raksasa-panjang")] == "too-large"
    assert outcomes[site.url("/unduhan/laporan")] == "wrong-type"
    assert outcomes[site.url("/kosong")] == "no-article"
    assert site.url("/lambat") not in outcomes  # transient: tried again on a later poll
    assert stats.pages["network-error"] == 1


def test_raw_pages_are_kept_compressed(crawled):
    site, store, _ = crawled
    page = CrawlStorage(store.con).page(site.url("/berita/peta-situs"))  # sent gzip-encoded
    assert page is not None and page.body.startswith(b"<!DOCTYPE html>")
    assert page.article_id == article_id(site.url("/berita/peta-situs"))
    size, stored = store.con.execute(
        "SELECT size, octet_length(raw) FROM raw_pages WHERE url = ?",
        [site.url("/berita/menlu-bertemu")]).fetchall()[0]
    assert 0 < stored < size
    assert CrawlStorage(store.con).page(site.url("/hilang")) is None


def test_raw_pages_keep_url_and_fetch_time(crawled):
    site, store, _ = crawled
    url, final, fetched_at, outcome = store.con.execute(
        "SELECT url, final_url, fetched_at, outcome FROM raw_pages WHERE url = ?",
        [site.url("/lama/artikel")]).fetchall()[0]
    assert final == site.url("/berita/pindah") and outcome == "stored"
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # stored as UTC
    assert dt.timedelta(0) <= now - fetched_at < dt.timedelta(minutes=10)


def test_stored_raw_pages_are_re_extracted_without_fetching(crawled):
    site, store, _ = crawled
    before = len(site.paths())
    texts = dict(store.con.execute("SELECT article_id, text FROM articles").fetchall())
    again = 0
    for page in CrawlStorage(store.con).pages():
        if page.article_id not in texts:
            continue
        html, _ = decode_html(page.body, page.charset)
        art = page_article(html, doc_id=page.article_id, url=page.final_url or page.url,
                           outlet=page.outlet)
        assert art is not None and art.text == texts[page.article_id]
        again += 1
    assert again == len(STORED)  # every stored article, the cp1252 ones included
    assert len(site.paths()) == before


def test_charset_from_the_header_alone(site, store, coder):
    # windows-1252 bytes, said so only by the Content-Type header: no <meta charset>
    paras = ["KABARCONTOH.TEST, MAKASSAR -- Sebuah kafé baru dibuka di pelabuhan lama dan "
             "ramai dikunjungi warga sejak hari pertama, kata pengelolanya kepada wartawan.",
             "Menu andalannya “kopi susu” yang diseduh dengan gula aren dari desa sekitar.",
             "Pengelola berencana membuka cabang kedua tahun depan."]
    html = news_page("Kafé Baru di Pelabuhan", paras).replace('<meta charset="utf-8">', "")
    page = html.encode("cp1252")
    assert b"charset" not in page
    site.routes["/berita/header-saja"] = lambda h: h.reply(
        200, page, "text/html; charset=windows-1252")
    body = (f"<rss version='2.0'><channel><title>K</title><item><link>"
            f"{site.url('/berita/header-saja')}</link></item></channel></rss>").encode()
    site.routes["/satu.xml"] = lambda h: h.reply(200, body, "application/rss+xml")
    stats = make_crawler(site, store, coder, feeds=[FeedSource(site.url("/satu.xml"))]).run()
    assert stats.new == 1
    text = store.con.execute("SELECT text FROM articles").fetchall()[0][0]
    assert "Sebuah kafé baru" in text and "“kopi susu”" in text
    assert store.con.execute("SELECT charset FROM raw_pages").fetchall() == [("cp1252",)]


def test_a_url_stored_by_ingest_is_not_fetched(site, store, coder):
    title, paras = ARTICLES["/berita/kecaman"]
    ingest(store, [Article(doc_id="dari-berkas", text=" ".join(paras), title=title,
                           url=site.url("/berita/kecaman"))], coder)
    links = ["/berita/kecaman", "/berita/arsip"]
    items = "".join(f"<item><link>{site.url(p)}</link></item>" for p in links)
    body = f"<rss version='2.0'><channel><title>K</title>{items}</channel></rss>".encode()
    site.routes["/dua.xml"] = lambda h: h.reply(200, body, "application/rss+xml")
    stats = make_crawler(site, store, coder, feeds=[FeedSource(site.url("/dua.xml"))]).run()
    assert (stats.known, stats.new) == (1, 1)
    assert "/berita/kecaman" not in site.paths() and "/berita/arsip" in site.paths()


def test_second_poll_gets_304_and_fetches_nothing(site, store, coder):
    crawler = make_crawler(site, store, coder)
    crawler.run()
    before = len(site.paths())
    stats = crawler.run()
    new_paths = site.paths()[before:]
    assert stats.new == 0 and stats.fetched == 0
    assert stats.feeds_unchanged == 4  # rss, atom and the two child sitemaps
    assert sorted(new_paths) == sorted(["/rss.xml", "/atom.xml", "/sitemap.xml",
                                        "/sitemap-berita.xml", "/sitemap-lama.xml.gz"])
    rss = site.requests("/rss.xml")[-1].headers
    assert rss["if-none-match"] == '"rss-1"'
    atom = site.requests("/atom.xml")[-1].headers  # no ETag there: If-Modified-Since
    assert "if-none-match" not in atom and atom["if-modified-since"].endswith("GMT")


def test_a_changed_feed_fetches_only_its_new_link(site, store, coder):
    feeds = [FeedSource(site.url("/rss.xml"))]
    make_crawler(site, store, coder, feeds=feeds).run()
    site.feed_version = 2
    before = len(site.paths())
    stats = make_crawler(site, store, coder, feeds=feeds).run()  # a new run: state from store
    new_paths = site.paths()[before:]
    assert stats.new == 1 and stats.known == 11
    # known pages and permanent failures are not asked again; /lambat (transient) is
    assert [p for p in new_paths if p not in ("/robots.txt", "/rss.xml")] == \
        ["/lambat", "/lambat", "/berita/baru"]


def test_max_stops_early_and_the_next_poll_finishes(site, store, coder):
    feeds = [FeedSource(site.url("/rss.xml"))]
    stats = make_crawler(site, store, coder, feeds=feeds, max_articles=1).run(every=0.01)
    assert stats.new == 1 and stats.polls == 1  # --max ends the run, --every or not
    assert "/berita/sempat-gagal" not in site.paths()
    # The feed's ETag was not kept, so the next poll is not a 304 and finishes the rest.
    stats = make_crawler(site, store, coder, feeds=feeds).run()
    assert stats.feeds_unchanged == 0 and stats.new == 3


def test_ctrl_c_stops_after_the_current_article(site, store, coder):
    site.interrupt_on = "/berita/menlu-bertemu"  # the first article: SIGINT while serving it
    feeds = [FeedSource(site.url("/rss.xml"))]
    stats = make_crawler(site, store, coder, feeds=feeds).run(every=60)
    assert stats.new == 1 and stats.polls == 1
    assert site.url("/berita/menlu-bertemu") in _articles(store)
    assert site.paths()[-1] == "/berita/menlu-bertemu"  # nothing requested after it


def test_requests_are_polite(crawled):
    site, _, _ = crawled
    assert site.paths()[0] == "/robots.txt"
    assert site.paths().count("/robots.txt") == 1  # cached for the host
    agents = {h.headers["user-agent"] for h in site.hits}
    assert len(agents) == 1 and agents.pop().startswith("peristiwa/")


def test_a_home_page_is_searched_for_its_feed(site, store, coder):
    site.routes["/beranda"] = lambda h: h.reply(
        200, b"<html><head><link rel='alternate' type='application/atom+xml' "
             b"href='/atom.xml'></head><body>Beranda</body></html>")
    stats = make_crawler(site, store, coder, feeds=[FeedSource(site.url("/beranda"))]).run()
    assert stats.new == 3 and stats.feeds_failed == 0
    assert store.con.execute("SELECT url FROM feed_state").fetchall() == [
        (site.url("/atom.xml"),)]
