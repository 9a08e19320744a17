"""Turn a saved news page into its article text and metadata with trafilatura."""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from dataclasses import dataclass

__all__ = ["Page", "extract_page", "declared_charset"]

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Date look-up stays with the page's own metadata (JSON-LD, meta tags, URL): the extensive
# search guesses from any date in the text, which is the coder's job, done more carefully.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True, slots=True)
class Page:
    """What a page holds: article text (paragraphs on lines) and its metadata."""

    text: str
    title: str | None = None
    sitename: str | None = None
    published: dt.date | None = None
    url: str | None = None


def declared_charset(head: bytes) -> str | None:
    """The character set a page or XML file declares in its first bytes, if Python knows it."""
    m = _META_CHARSET.search(head) or _XML_DECL.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _date(value: object) -> dt.date | None:
    m = _ISO_DATE.match(str(value or ""))
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _strip_site(title: str | None, sitename: str | None) -> str | None:
    """``Judul Berita - Kabar Contoh`` → ``Judul Berita`` when the tail is the site's name."""
    if not title:
        return None
    title = title.strip()
    if sitename:
        for sep in (" - ", " | ", " – ", " — ", " :: "):
            head, found, tail = title.rpartition(sep)
            if found and head and tail.strip().casefold() == sitename.strip().casefold():
                return head.strip()
    return title


def extract_page(html: str, *, url: str | None = None) -> Page | None:
    """Extract the article of an HTML page, without comments; None when none is found."""
    import trafilatura  # slow to import (~0.3 s); only HTML input needs it

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if doc is None or not (doc.text or "").strip():
        return None
    sitename = (doc.sitename or "").strip() or None
    title = _strip_site(doc.title, sitename)
    text = doc.text.strip()
    if title:
        first, _, rest = text.partition("\n")
        if first.strip().casefold() == title.casefold() and rest.strip():
            text = rest  # the page's <h1> repeats the title
    return Page(text, title, sitename, _date(doc.date), doc.url or url)
