"""The polite fetcher against the local site: robots, retries, redirects, caps, charsets."""

from __future__ import annotations

import pytest

from peristiwa.crawl.fetch import USER_AGENT, Fetcher, user_agent
from peristiwa.crawl.pages import decode_html

from .conftest import fast_config
from .site import Site


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(fast_config())


def test_robots_forbidden_page_is_never_requested(site: Site, fetcher: Fetcher):
    got = fetcher.fetch(site.url("/rahasia/dokumen"))
    assert got.outcome == "robots" and got.requests == 0
    assert fetcher.fetch(site.url("/berita/menlu-bertemu?cetak=1")).outcome == "robots"
    assert site.paths() == ["/robots.txt"]


def test_redirect_into_a_forbidden_path_is_not_followed(site: Site, fetcher: Fetcher):
    got = fetcher.fetch(site.url("/alihkan-rahasia"))
    assert got.outcome == "robots" and got.final_url == site.url("/rahasia/lain")
    assert "/rahasia/lain" not in site.paths()


def test_page_is_fetched_with_user_agent_and_charset(site: Site, fetcher: Fetcher):
    got = fetcher.fetch(site.url("/berita/menlu-bertemu"))
    assert got.ok and got.status == 200 and got.charset == "utf-8"
    assert b"Menteri Luar Negeri Indonesia" in (got.body or b"")
    hit = site.requests("/berita/menlu-bertemu")[0]
    assert hit.headers["user-agent"] == USER_AGENT
    assert user_agent("mailto:tim@contoh.test") == f"{USER_AGENT} (+mailto:tim@contoh.test)"


def test_gzip_content_encoding_is_decoded(site: Site, fetcher: Fetcher):
    got = fetcher.fetch(site.url("/berita/peta-situs"))
    assert got.ok and (got.body or b"").startswith(b"<!DOCTYPE html>")


def test_timeout_is_retried_then_given_up(site: Site, fetcher: Fetcher):
    got = fetcher.fetch(site.url("/lambat"))
    assert got.outcome == "network-error" and got.transient
    assert got.error == "timed out" and got.requests == 2
    assert len(site.requests("/lambat")) == 2


def test_server_error_is_retried(site: Site, fetcher: Fetcher):
    got = fetcher.fetch(site.url("/berita/sempat-gagal"))
    assert got.ok and got.requests == 2


def test_404_is_not_retried(site: Site):
    got = Fetcher(fast_config(retries=3)).fetch(site.url("/hilang"))
    assert got.outcome == "http-error" and got.status == 404 and not got.transient
    assert len(site.requests("/hilang")) == 1


def test_retry_pauses_grow(site: Site):
    site.routes["/selalu-gagal"] = lambda h: h.reply(500, b"sibuk")
    pauses: list[float] = []
    Fetcher(fast_config(retries=3, backoff=0.5, delay=0), sleep=pauses.append).fetch(
        site.url("/selalu-gagal"))
    assert pauses == [0.5, 1.0, 2.0]


def test_redirect_loop_is_stopped(site: Site, fetcher: Fetcher):
    got = fetcher.fetch(site.url("/putar-a"))
    assert got.outcome == "redirect-loop"
    assert site.paths().count("/putar-a") == 1 and site.paths().count("/putar-b") == 1


def test_redirect_is_followed_to_its_end(site: Site, fetcher: Fetcher):
    got = fetcher.fetch(site.url("/lama/artikel"))
    assert got.ok and got.final_url == site.url("/berita/pindah") and got.requests == 2


def test_redirect_chain_is_limited(site: Site):
    for i in range(10):
        site.routes[f"/rantai/{i}"] = lambda h, n=i: h.reply(
            302, b"", headers={"Location": f"/rantai/{n + 1}"})
    got = Fetcher(fast_config(max_redirects=3)).fetch(site.url("/rantai/0"))
    assert got.outcome == "too-many-redirects"
    assert [p for p in site.paths() if p.startswith("/rantai/")] == \
        ["/rantai/0", "/rantai/1", "/rantai/2", "/rantai/3"]


def test_redirect_to_another_scheme_is_refused(site: Site, fetcher: Fetcher):
    site.routes["/ke-berkas"] = lambda h: h.reply(302, b"", headers={"Location": "file:///etc/"
                                                                                 "passwd"})
    assert fetcher.fetch(site.url("/ke-berkas")).outcome == "bad-url"
    assert fetcher.fetch("http://127.0.0.1:port/x").outcome == "bad-url"


@pytest.mark.parametrize("path", ["/raksasa", "/raksasa-panjang"])
def test_huge_page_is_skipped(site: Site, fetcher: Fetcher, path: str):
    got = fetcher.fetch(site.url(path))
    assert got.outcome == "too-large" and got.body is None


def test_non_html_is_skipped_without_reading_it(site: Site, fetcher: Fetcher):
    got = fetcher.fetch(site.url("/unduhan/laporan"))
    assert got.outcome == "wrong-type" and got.content_type == "application/pdf"


def test_conditional_get_gives_not_modified(site: Site, fetcher: Fetcher):
    first = fetcher.fetch(site.url("/rss.xml"), kind="feed")
    assert first.ok and first.etag == '"rss-1"' and first.last_modified
    again = fetcher.fetch(site.url("/rss.xml"), kind="feed", etag=first.etag,
                          last_modified=first.last_modified)
    assert again.outcome == "not-modified" and again.body is None
    site.feed_version = 2
    changed = fetcher.fetch(site.url("/rss.xml"), kind="feed", etag=first.etag)
    assert changed.ok and changed.etag == '"rss-2"'


def test_one_host_gets_one_request_at_a_time_with_a_delay(site: Site):
    fetcher = Fetcher(fast_config(delay=0.15))
    for path in ["/berita/kecaman", "/berita/arsip", "/hilang"]:
        fetcher.fetch(site.url(path))
    times = [h.at for h in site.hits]
    assert len(times) == 4  # robots.txt, then the three pages
    assert all(b - a >= 0.14 for a, b in zip(times, times[1:], strict=False))


def test_crawl_delay_of_robots_txt_is_honoured(site: Site):
    site.routes["/robots.txt"] = lambda h: h.reply(
        200, b"User-agent: peristiwa\nCrawl-delay: 0.3\nDisallow: /x\n", "text/plain")
    fetcher = Fetcher(fast_config(delay=0.0))
    fetcher.fetch(site.url("/berita/kecaman"))
    fetcher.fetch(site.url("/berita/arsip"))
    times = [h.at for h in site.hits]
    assert times[2] - times[1] >= 0.29


def test_unreachable_robots_forbids_the_host_for_a_while(site: Site):
    site.routes["/robots.txt"] = lambda h: h.reply(503, b"sibuk")
    fetcher = Fetcher(fast_config())
    for path in ["/berita/kecaman", "/berita/arsip"]:
        got = fetcher.fetch(site.url(path))
        assert got.outcome == "network-error" and got.transient  # tried on a later poll
        assert got.error == "robots.txt unreachable: HTTP 503"
    assert site.paths() == ["/robots.txt", "/robots.txt"]  # retried once, then cached


def test_missing_robots_allows_everything(site: Site):
    del site.routes["/robots.txt"]
    fetcher = Fetcher(fast_config())
    assert fetcher.fetch(site.url("/rahasia/dokumen")).ok


def test_nothing_listens_is_a_network_error():
    import socket

    with socket.socket() as s:  # a free port, closed again: connection refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    got = Fetcher(fast_config(retries=0)).fetch(f"http://127.0.0.1:{port}/x")
    assert got.outcome == "network-error" and got.transient
    assert got.error is not None and "refused" in got.error


@pytest.mark.parametrize("body, header, text, charset", [
    ("Kafé “rakyat”".encode("cp1252"), None, "Kafé “rakyat”", "cp1252"),
    ("<meta charset='windows-1252'>Kafé".encode("cp1252"), "utf-8",
     "<meta charset='windows-1252'>Kafé", "cp1252"),  # the header is wrong: the meta wins
    ("Kafé".encode(), "iso-8859-1", "KafÃ©", "cp1252"),  # the header wins when it can decode
    ("Kafé".encode(), None, "Kafé", "utf-8"),
    ("\ufeffKafé".encode(), "cp1252", "Kafé", "utf-8"),  # a BOM beats everything
    ("<meta charset='windows-1252'>Kafé".encode("cp1252"), "no-such-charset",
     "<meta charset='windows-1252'>Kafé", "cp1252"),
    (b"\x81\x8d", None, "\ufffd\ufffd", "cp1252"),  # undecodable: replaced, never a crash
    (b"<meta charset='base64'>Kaf\xc3\xa9", "rot13", "<meta charset='base64'>Kaf\xe9",
     "utf-8"),  # codecs that are not text encodings are passed over
])
def test_decode_html(body: bytes, header: str | None, text: str, charset: str):
    assert decode_html(body, header) == (text, charset)


def test_the_guard_keeps_these_tests_on_127_0_0_1():
    with pytest.raises(AssertionError, match="tried to reach 'kabar.invalid'"):
        Fetcher(fast_config(retries=0)).fetch("http://kabar.invalid/berita")
