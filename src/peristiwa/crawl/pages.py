"""A fetched page → a cleaned ``Article`` (the HTML path of extract), and its stable id."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import logging
import urllib.parse

from peristiwa.cleaning import NoiseRules, clean_text, normalise_outlet
from peristiwa.htmlpage import declared_charset, extract_page
from peristiwa.reading import MAX_CHARS, MAX_RAW_CHARS, default_noise
from peristiwa.records import Article

__all__ = ["canonical_url", "article_id", "decode_html", "page_article", "SKIP_EXTENSIONS",
           "MIN_WORDS"]

log = logging.getLogger(__name__)

# Links a feed may carry that are never articles: not even requested.
SKIP_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".mp3", ".mp4",
                   ".m4a", ".mov", ".avi", ".zip", ".rar", ".gz", ".doc", ".docx", ".xls",
                   ".xlsx", ".ppt", ".pptx", ".apk", ".exe")
# Fewer words than this is a section index, photo gallery or video page, not a news story.
MIN_WORDS = 25
# Browsers read these labels as windows-1252, and latin-1 never fails, so it would hide a
# better answer from the page's own <meta>.
_AS_CP1252 = {"latin-1", "ascii", "iso8859-1"}
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "_ga")


def canonical_url(url: str) -> str:
    """The URL without fragment, tracking parameters and default port; host lower-cased."""
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # a broken port: the fetch will say so
        return url.strip().partition("#")[0]
    if port == (80 if parts.scheme == "http" else 443):
        port = None
    netloc = f"{host}:{port}" if port else host
    if parts.username:  # keep credentials a user wrote, though feeds never have them
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    query = "&".join(q for q in parts.query.split("&")
                     if q and not q.lower().startswith(_TRACKING))
    return urllib.parse.urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def article_id(url: str) -> str:
    """A stable article id for a URL: the host and a hash (``kabar.example-3f2a9c0e1b7d4a55``)."""
    host = (urllib.parse.urlsplit(url).hostname or "web").removeprefix("www.")
    return f"{host}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:16]}"


def decode_html(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """A page's text and the charset used: BOM, header, the page's <meta>, UTF-8, cp1252."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", "replace"), "utf-16"
    for name in (header_charset, declared_charset(body[:4096]), "utf-8"):
        enc = _codec(name)
        if enc is None:
            continue
        try:
            return body.decode(enc), enc
        except (UnicodeDecodeError, LookupError):  # LookupError: base64, rot13 and such
            log.debug("page is not %s; trying the next charset", enc)
    return body.decode("cp1252", "replace"), "cp1252"


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        enc = codecs.lookup(name.strip()).name
    except LookupError:
        return None
    return "cp1252" if enc in _AS_CP1252 else enc


def page_article(html: str, *, doc_id: str, url: str, outlet: str | None = None,
                 published: dt.date | None = None,
                 noise: NoiseRules | None = None) -> Article | None:
    """Extract and clean a page's article; None when the page holds none.

    Publication date: the page's metadata, then ``published`` (the feed's date), then a
    date written at the top of the text. Outlet: ``outlet``, then the page's site name.
    """
    page = extract_page(html, url=url)
    if page is None:
        return None
    raw = page.text[:MAX_RAW_CHARS]
    clean = clean_text(raw, noise if noise is not None else default_noise())
    text = clean.text
    if len(text.split()) < MIN_WORDS:
        log.info("%s: %d words: an index, gallery or video page, not an article", url,
                 len(text.split()))
        return None
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n", MAX_CHARS // 2, MAX_CHARS)
        text = text[: cut if cut > 0 else MAX_CHARS]
        log.warning("%s: article truncated to %d characters", url, len(text))
    site = normalise_outlet(page.sitename) if page.sitename else None
    return Article(
        doc_id=doc_id,
        text=text,
        title=page.title or clean.title,
        url=url,
        outlet=outlet or site or clean.outlet_hint,
        published=page.published or published or clean.published,
        dateline=clean.dateline_place,
        path=url,
    )
