"""RSS, Atom and sitemap parsing, and refusing unsafe XML."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from peristiwa.crawl.feeds import FeedError, discover_feeds, parse_date, parse_feed

BASE = "https://kabar.test/rss"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Kabar Contoh</title>
<item><title>Satu &amp; Dua</title><link>https://kabar.test/berita/1</link>
<pubDate>Sen, 03 Jun 2024 10:00:00 +0700</pubDate></item>
<item><title>Relatif</title><link>/berita/2</link><dc:date>2024-06-02</dc:date></item>
<item><title>Hanya GUID</title><guid>https://kabar.test/berita/3</guid></item>
<item><title>GUID bukan tautan</title><guid isPermaLink="false">kc-4</guid></item>
<item><title>Bukan web</title><link>javascript:alert(1)</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Warta Contoh</title>
<entry><title>A</title><link rel="enclosure" href="/gambar.jpg"/>
<link rel="alternate" type="text/html" href="https://warta.test/a"/>
<published>2024-06-05T08:00:00Z</published><updated>2024-06-06T08:00:00Z</updated></entry>
<entry><title>B</title><link href="b"/></entry>
<entry><title>Tanpa tautan</title></entry>
</feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel><title>Lama</title></channel>
<item><title>X</title><link>https://lama.test/x</link></item></rdf:RDF>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://kabar.test/berita/9</loc><lastmod>2024-06-11T10:00:00+07:00</lastmod>
<news:news><news:publication_date>2024-06-10</news:publication_date>
<news:title>Sembilan</news:title></news:news></url>
<url><loc>https://kabar.test/berita/8</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://kabar.test/sm-1.xml</loc><lastmod>2024-06-01</lastmod></sitemap>
</sitemapindex>"""


def test_rss():
    feed = parse_feed(RSS, BASE)
    assert feed.kind == "rss" and feed.title == "Kabar Contoh"
    assert [i.url for i in feed.items] == ["https://kabar.test/berita/1",
                                           "https://kabar.test/berita/2",
                                           "https://kabar.test/berita/3"]
    assert feed.items[0].title == "Satu & Dua"
    assert feed.items[0].published == dt.date(2024, 6, 3)
    assert feed.items[1].published == dt.date(2024, 6, 2)


def test_atom():
    feed = parse_feed(ATOM, "https://warta.test/feed/atom")
    assert feed.kind == "atom" and feed.title == "Warta Contoh"
    assert [i.url for i in feed.items] == ["https://warta.test/a", "https://warta.test/feed/b"]
    assert feed.items[0].published == dt.date(2024, 6, 5)
    assert feed.items[0].updated == dt.date(2024, 6, 6)


def test_rss_1():
    feed = parse_feed(RDF, BASE)
    assert feed.kind == "rdf" and [i.url for i in feed.items] == ["https://lama.test/x"]


def test_sitemap_and_index():
    feed = parse_feed(SITEMAP, BASE)
    assert feed.kind == "sitemap" and len(feed.items) == 2
    nine = feed.items[0]
    assert (nine.title, nine.published, nine.updated) == (
        "Sembilan", dt.date(2024, 6, 10), dt.date(2024, 6, 11))
    index = parse_feed(INDEX, BASE)
    assert index.kind == "sitemapindex" and not index.items
    assert [s.url for s in index.sitemaps] == ["https://kabar.test/sm-1.xml"]


def test_gzipped_sitemap():
    assert len(parse_feed(gzip.compress(SITEMAP), BASE).items) == 2


def test_entity_expansion_is_refused():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss><channel><item><title>&c;</title><link>https://kabar.test/1</link></item></channel></rss>"""
    with pytest.raises(FeedError, match="entities"):
        parse_feed(bomb, BASE)


def test_external_entity_is_refused():
    xxe = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&x;</title><link>https://kabar.test/1</link></item></channel></rss>"""
    with pytest.raises(FeedError, match="entities"):
        parse_feed(xxe, BASE)


@pytest.mark.parametrize("data, message", [
    (b"<html><body>Beranda</body></html>", "not a feed"),
    (b"", "not XML"),
    (b"\x1f\x8b\x08garbage", "gzip"),
    (b"<rss version='2.0'></rss>", "channel"),
])
def test_not_a_feed(data: bytes, message: str):
    with pytest.raises(FeedError, match=message):
        parse_feed(data, BASE)


def test_broken_feed_is_read_as_far_as_it_goes():
    broken = RSS.replace(b"</channel></rss>", b"<item><title>Terpotong")
    assert len(parse_feed(broken, BASE).items) == 3


@pytest.mark.parametrize("value, day", [
    ("2024-06-03T10:00:00+07:00", dt.date(2024, 6, 3)),
    ("Mon, 03 Jun 2024 10:00:00 GMT", dt.date(2024, 6, 3)),
    ("Sen, 03 Juni 2024 10:00:00 +0700", dt.date(2024, 6, 3)),
    ("Rabu, 7 Agustus 2024", dt.date(2024, 8, 7)),
    ("17 Mei 2024 08:00 WIB", dt.date(2024, 5, 17)),
    ("2024-02-30", None),
    ("kemarin", None),
    (None, None),
])
def test_parse_date(value, day):
    assert parse_date(value) == day


def test_discover_feeds_in_a_web_page():
    html = b"""<html><head><link rel="stylesheet" href="/gaya.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss/terkini">
<LINK REL='alternate' TYPE='application/atom+xml' HREF='https://kabar.test/atom.xml'>
<link rel="alternate" hreflang="en" href="/en/">
<link rel="alternate" type="application/rss+xml" href="/rss/terkini"></head></html>"""
    assert discover_feeds(html, "https://kabar.test/") == [
        "https://kabar.test/rss/terkini", "https://kabar.test/atom.xml"]
    assert discover_feeds(b"<html><body>Beranda</body></html>", "https://kabar.test/") == []
