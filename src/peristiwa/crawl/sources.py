"""The outlets a crawl follows (``--sources FILE``) and the ``--every`` interval.

A sources file is UTF-8 text, one feed a line, TAB separated::

    # outlet<TAB>feed, Atom or sitemap URL
    Kabar Contoh<TAB>https://kabar.example/rss
    Kabar Contoh<TAB>https://kabar.example/sitemap-news.xml
    https://warta.example/atom.xml

The outlet name is what the stored articles carry as their outlet; a line with only a URL
leaves it to the page's own site name. ``#`` starts a comment; blank lines are skipped; an
outlet may have several lines. A URL listed twice is read once.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FeedSource", "SourcesError", "read_sources", "merge_sources", "parse_interval"]

_COMMENT = re.compile(r"(^|\s)#.*$")
_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.I)
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class SourcesError(ValueError):
    """A sources file or an interval that cannot be read; the message names the line."""


@dataclass(frozen=True, slots=True)
class FeedSource:
    """One feed to poll, and the outlet its articles belong to (None: the page says)."""

    url: str
    outlet: str | None = None


def _check_url(url: str, where: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourcesError(f"{where}: {url!r} is not an http(s) URL")
    return url


def read_sources(path: str | Path) -> list[FeedSource]:
    """Read a sources file (format in this module's docstring)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SourcesError(f"{p}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SourcesError(f"{p}: not UTF-8 text") from None
    out: list[FeedSource] = []
    for n, line in enumerate(text.splitlines(), 1):
        # A comment is a whole line, or a tail after white space: URLs may hold '#'.
        line = _COMMENT.sub("", line).strip()
        if not line:
            continue
        cols = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cols) == 1:
            out.append(FeedSource(_check_url(cols[0], f"{p}:{n}")))
        elif len(cols) == 2:
            out.append(FeedSource(_check_url(cols[1], f"{p}:{n}"), cols[0]))
        else:
            raise SourcesError(f"{p}:{n}: expected 'outlet<TAB>url' or 'url', got {len(cols)} "
                               "columns")
    if not out:
        raise SourcesError(f"{p}: no feeds listed")
    return out


def merge_sources(*groups: Iterable[FeedSource]) -> list[FeedSource]:
    """All sources in order, each URL once (the first outlet named for it wins)."""
    seen: dict[str, FeedSource] = {}
    for group in groups:
        for src in group:
            prev = seen.get(src.url)
            if prev is None or (prev.outlet is None and src.outlet):
                seen[src.url] = src
    return list(seen.values())


def parse_interval(value: str) -> float:
    """``90s``, ``15m``, ``1h``, ``1h30m`` → seconds; a bare number is refused (which unit?)."""
    text = value.strip().lower().replace(" ", "")
    pos, total = 0, 0.0
    for m in _INTERVAL.finditer(text):
        if m.start() != pos:
            break
        total += float(m[1]) * _UNIT[m[2].lower()]
        pos = m.end()
    if not text or pos != len(text):
        raise SourcesError(f"{value!r} is not an interval: write e.g. 90s, 15m, 1h or 1h30m")
    if total < 1:
        raise SourcesError(f"{value!r}: the interval must be at least 1 second")
    return total
