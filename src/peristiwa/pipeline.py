"""The whole pipeline as one call: read → clean → code, for paths or articles."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from peristiwa.coder import Coder
from peristiwa.reading import iter_articles
from peristiwa.records import Article, Event, InputError

__all__ = ["iter_events", "extract", "code_articles", "MODES", "DEFAULT_MODES"]

MODES = ("asserted", "hypothetical", "negated")
# Negated events ("tidak bertemu") did not happen: event data leaves them out unless asked.
# what happened: speculation, conditions and obligations ("kemungkinan", "jika", "harus")
# only when asked (a plan of cooperation is coded as asserted intent, 03x)
DEFAULT_MODES = ("asserted",)

log = logging.getLogger(__name__)


def code_articles(
    articles: Iterable[Article | InputError], coder: Coder,
    modes: Iterable[str] = DEFAULT_MODES,
) -> Iterator[Event | InputError]:
    """Code each article; an article the coder fails on becomes an InputError, not a crash."""
    keep = frozenset(modes)
    for item in articles:
        if isinstance(item, InputError):
            yield item
            continue
        try:
            events = coder.code(item)
        except Exception as exc:  # one bad article must not stop a corpus run
            log.exception("coding %s failed", item.doc_id)
            yield InputError(item.path or item.doc_id, f"cannot code article {item.doc_id}: {exc}")
            continue
        for ev in events:
            if ev.mode in keep:
                yield ev


def iter_events(
    paths: Iterable[str],
    *,
    published: dt.date | None = None,
    dict_dir: str | Path | None = None,
    stdin: IO[bytes] | None = None,
    coder: Coder | None = None,
    modes: Iterable[str] = DEFAULT_MODES,
) -> Iterator[Event | InputError]:
    """Yield the events of every article under ``paths``, and an InputError per bad input."""
    coder = coder or Coder(dict_dir=dict_dir)
    articles = iter_articles(paths, published=published, noise=coder.lex.noise, stdin=stdin)
    yield from code_articles(articles, coder, modes)


def extract(
    paths: Iterable[str] | str,
    *,
    published: dt.date | None = None,
    dict_dir: str | Path | None = None,
    modes: Iterable[str] = DEFAULT_MODES,
) -> tuple[list[Event], list[InputError]]:
    """Code the articles under ``paths``; return (events, errors). A notebook's entry point."""
    if isinstance(paths, str):
        paths = [paths]
    events: list[Event] = []
    errors: list[InputError] = []
    for item in iter_events(paths, published=published, dict_dir=dict_dir, modes=modes):
        (errors if isinstance(item, InputError) else events).append(item)
    return events, errors
