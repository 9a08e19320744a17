"""Page → Article, canonical URLs and article ids."""

from __future__ import annotations

import datetime as dt

import pytest

from peristiwa.crawl.pages import article_id, canonical_url, page_article

from .site import ARTICLES, news_page


@pytest.mark.parametrize("url, canon", [
    ("HTTP://Kabar.TEST:80/berita/1?utm_source=rss&id=3&fbclid=x#komentar",
     "http://kabar.test/berita/1?id=3"),
    ("https://kabar.test:443/b?utm_medium=x", "https://kabar.test/b"),
    ("https://kabar.test:8443", "https://kabar.test:8443/"),
    ("https://kabar.test/a?hal=2", "https://kabar.test/a?hal=2"),
    ("http://kabar.test:port/a#b", "http://kabar.test:port/a"),  # broken: left to the fetch
])
def test_canonical_url(url: str, canon: str):
    assert canonical_url(url) == canon


def test_article_id_is_stable_and_names_the_host():
    a = article_id("https://www.kabar.test/berita/1")
    assert a == article_id("https://www.kabar.test/berita/1")
    assert a.startswith("kabar.test-") and len(a) == len("kabar.test-") + 16
    assert a != article_id("https://www.kabar.test/berita/2")


def test_page_article():
    title, paras = ARTICLES["/berita/kecaman"]
    art = page_article(news_page(title, paras), doc_id="k1", url="https://kabar.test/k",
                       outlet=None, published=dt.date(2030, 1, 1))
    assert art is not None
    assert (art.doc_id, art.url, art.title) == ("k1", "https://kabar.test/k", title)
    assert art.outlet == "Kabar Contoh"  # the page's site name
    assert art.published == dt.date(2024, 6, 12)  # the page's date beats the feed's
    assert art.dateline == "Manila"
    assert art.text.startswith("Presiden Filipina mengecam China")
    for junk in ["Baca Juga", "Komentar", "Semoga bermanfaat", "Bagikan", "Pedoman"]:
        assert junk not in art.text


def test_feed_date_and_outlet_when_the_page_has_none():
    html = news_page(*ARTICLES["/berita/arsip"]).replace(
        '<meta property="article:published_time" content="2024-06-12T09:00:00+07:00">', "")
    art = page_article(html, doc_id="a", url="https://kabar.test/a", outlet="Kabar Lain",
                       published=dt.date(2024, 6, 1))
    assert art is not None and art.published == dt.date(2024, 6, 1)
    assert art.outlet == "Kabar Lain"


@pytest.mark.parametrize("html", [
    "<html><body><nav><a href='/'>Beranda</a></nav></body></html>",
    "<html><body><article><h1>Galeri Foto</h1><p>Foto: suasana pasar pagi.</p></article>"
    "</body></html>",
    "",
])
def test_pages_without_an_article(html: str):
    assert page_article(html, doc_id="x", url="https://kabar.test/x") is None
