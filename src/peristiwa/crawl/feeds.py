"""Read RSS 2.0, RSS 1.0, Atom and sitemap files into the article URLs they list.

Feeds come from the open web, so the XML parser never expands entities, loads a DTD or
touches the network, and a document that declares entities is refused outright (what
defusedxml does), which stops "billion laughs" and external-entity tricks.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import io
import logging
import re
import urllib.parse
from dataclasses import dataclass

from lxml import etree

__all__ = ["FeedItem", "Feed", "FeedError", "parse_feed", "parse_date", "discover_feeds",
           "MAX_ITEMS"]

log = logging.getLogger(__name__)

MAX_ITEMS = 50_000  # the sitemap protocol's limit per file
_GZIP_MAGIC = b"\x1f\x8b"
_MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2,
    "mar": 3, "maret": 3, "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7, "agu": 8, "agt": 8,
    "ags": 8, "agustus": 8, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oktober": 10, "oct": 10, "october": 10, "nov": 11, "nopember": 11,
    "november": 11, "des": 12, "desember": 12, "dec": 12, "december": 12,
}
# "Sen, 03 Jun 2024 10:00:00 +0700" or "3 Juni 2024": Indonesian names break email.utils.
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_LINK_TAG = re.compile(rb"<link\b[^>]*>", re.I)
_ATTR = re.compile(rb"""([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_FEED_TYPES = {b"application/rss+xml", b"application/atom+xml", b"application/rdf+xml"}


class FeedError(ValueError):
    """A document that is not a feed or sitemap, or is unsafe or broken beyond repair."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One article a feed lists: its URL and what the feed says about it."""

    url: str
    title: str | None = None
    published: dt.date | None = None  # publication date (RSS pubDate, Atom published, news:)
    updated: dt.date | None = None  # last change (Atom updated, sitemap lastmod)


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its kind, title, items, and for a sitemap index its child sitemaps."""

    kind: str  # rss, atom, rdf, sitemap, sitemapindex
    items: tuple[FeedItem, ...] = ()
    sitemaps: tuple[FeedItem, ...] = ()
    title: str | None = None


def _local(el: etree._Element) -> str:
    tag = el.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c) == name]


def _child(el: etree._Element, *names: str) -> etree._Element | None:
    for name in names:
        for c in el:
            if _local(c) == name:
                return c
    return None


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    value = "".join(el.itertext()).strip()
    return value or None


def parse_date(value: str | None) -> dt.date | None:
    """A feed date (ISO 8601, RFC 822, or with Indonesian month names) as a day."""
    if not value:
        return None
    value = value.strip()
    m = _ISO.match(value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    m = _DAY_MONTH_YEAR.search(value)
    if m and m[2].lower() in _MONTHS:
        try:
            return dt.date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
        except ValueError:
            return None
    return None


def _url(value: str | None, base: str) -> str | None:
    if not value:
        return None
    url = urllib.parse.urljoin(base, value.strip())
    return url if urllib.parse.urlsplit(url).scheme in ("http", "https") else None


def _parse_xml(data: bytes) -> etree._Element:
    if data[:2] == _GZIP_MAGIC:  # sitemap.xml.gz; the caller capped the compressed size
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(50_000_001)
        except (OSError, EOFError) as exc:
            raise FeedError(f"broken gzip data: {exc}") from None
        if len(data) > 50_000_000:
            raise FeedError("over 50 MB when decompressed")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=True, remove_comments=True,
                             remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not XML: {exc}") from None
    if root is None:
        raise FeedError("not XML")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise FeedError("declares XML entities; refused as unsafe")
    return root


def parse_feed(data: bytes, base_url: str) -> Feed:
    """Parse a feed or sitemap; relative links are resolved against ``base_url``."""
    root = _parse_xml(data)
    kind = _local(root)
    if kind == "rss":
        channel = _child(root, "channel")
        if channel is None:
            raise FeedError("RSS without a <channel>")
        return Feed("rss", _limit(_rss_items(channel, base_url)), title=_text(
            _child(channel, "title")))
    if kind == "rdf":
        channel = _child(root, "channel")
        return Feed("rdf", _limit(_rss_items(root, base_url)),
                    title=_text(_child(channel, "title")) if channel is not None else None)
    if kind == "feed":
        return Feed("atom", _limit(_atom_items(root, base_url)), title=_text(
            _child(root, "title")))
    if kind == "urlset":
        return Feed("sitemap", _limit(_sitemap_items(root, "url", base_url)))
    if kind == "sitemapindex":
        return Feed("sitemapindex", sitemaps=_limit(_sitemap_items(root, "sitemap", base_url)))
    raise FeedError(f"not a feed or sitemap (the document is <{kind or '?'}>)")


def _limit(items: list[FeedItem]) -> tuple[FeedItem, ...]:
    if len(items) > MAX_ITEMS:
        log.warning("feed lists %d items; only the first %d are read", len(items), MAX_ITEMS)
    return tuple(items[:MAX_ITEMS])


def _rss_items(parent: etree._Element, base: str) -> list[FeedItem]:
    items = []
    for item in _children(parent, "item"):
        link = _text(_child(item, "link"))
        if not link:
            guid = _child(item, "guid")
            if guid is not None and (guid.get("isPermaLink") or "true").lower() != "false":
                link = _text(guid)
        url = _url(link, base)
        if url:
            items.append(FeedItem(url, _text(_child(item, "title")),
                                  parse_date(_text(_child(item, "pubdate", "date")))))
    return items


def _atom_items(root: etree._Element, base: str) -> list[FeedItem]:
    items = []
    for entry in _children(root, "entry"):
        href = None
        for link in _children(entry, "link"):
            if (link.get("rel") or "alternate") == "alternate" and link.get("href"):
                href = link.get("href")
                break
        url = _url(href, base)
        if url:
            items.append(FeedItem(url, _text(_child(entry, "title")),
                                  parse_date(_text(_child(entry, "published", "issued"))),
                                  parse_date(_text(_child(entry, "updated", "modified")))))
    return items


def _sitemap_items(root: etree._Element, tag: str, base: str) -> list[FeedItem]:
    items = []
    for node in _children(root, tag):
        url = _url(_text(_child(node, "loc")), base)
        if not url:
            continue
        news = _child(node, "news")  # Google News sitemaps: <news:news>
        title = published = None
        if news is not None:
            title = _text(_child(news, "title"))
            published = parse_date(_text(_child(news, "publication_date")))
        items.append(FeedItem(url, title, published, parse_date(_text(_child(node, "lastmod")))))
    return items


def discover_feeds(html: bytes, base_url: str) -> list[str]:
    """The feeds a web page announces (``<link rel="alternate" type="application/rss+xml">``)."""
    found: list[str] = []
    for tag in _LINK_TAG.findall(html[:500_000]):
        attrs = {m[1].lower(): (m[2] or m[3] or m[4]) for m in _ATTR.finditer(tag)}
        rel = attrs.get(b"rel", b"").lower().split()
        if b"alternate" in rel and attrs.get(b"type", b"").lower().strip() in _FEED_TYPES:
            url = _url(attrs.get(b"href", b"").decode("utf-8", "replace"), base_url)
            if url and url not in found:
                found.append(url)
    return found
