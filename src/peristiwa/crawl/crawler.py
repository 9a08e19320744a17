"""The crawl loop: feeds → article URLs → fetch → extract → ingest, once or every N minutes."""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from peristiwa.cleaning import NoiseRules
from peristiwa.crawl.feeds import Feed, FeedError, FeedItem, discover_feeds, parse_feed
from peristiwa.crawl.fetch import FetchConfig, Fetched, Fetcher
from peristiwa.crawl.pages import (
    SKIP_EXTENSIONS,
    article_id,
    canonical_url,
    decode_html,
    page_article,
)
from peristiwa.crawl.sources import FeedSource
from peristiwa.crawl.storage import CrawlStorage
from peristiwa.store.clusters import recluster
from peristiwa.store.db import Store
from peristiwa.store.ingest import ArticleCoder, ingest

__all__ = ["Crawler", "CrawlStats", "MAX_SITEMAPS"]

log = logging.getLogger(__name__)

MAX_SITEMAPS = 3  # child sitemaps of an index read per poll (the newest by lastmod)
_EPOCH = dt.date(1970, 1, 1)


@dataclass
class CrawlStats:
    """What a poll (or a whole run) did; ``pages`` counts page outcomes by name."""

    polls: int = 0
    feeds: int = 0
    feeds_unchanged: int = 0
    feeds_failed: int = 0
    items: int = 0  # article URLs the feeds listed
    known: int = 0  # of which fetched before (not fetched again)
    fetched: int = 0  # article pages requested
    new: int = 0  # articles stored
    events: int = 0
    pages: Counter[str] = field(default_factory=Counter)

    def add(self, other: CrawlStats) -> None:
        """Add another poll's numbers to these."""
        for name in ("polls", "feeds", "feeds_unchanged", "feeds_failed", "items", "known",
                     "fetched", "new", "events"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.pages.update(other.pages)

    def summary(self) -> str:
        """One line for people: feeds, pages, articles and events, and what was skipped."""
        skipped = ", ".join(f"{n} {k}" for k, n in sorted(self.pages.items())
                            if k not in ("stored",))
        return (f"feeds: {self.feeds} read, {self.feeds_unchanged} unchanged, "
                f"{self.feeds_failed} failed; article links: {self.items} "
                f"({self.known} seen before); pages fetched: {self.fetched}; "
                f"articles stored: {self.new}; events: {self.events}"
                + (f"; other pages: {skipped}" if skipped else ""))


@dataclass
class _FeedRun:
    """One feed's part of a poll: its response, and how many of its links are still open."""

    source: FeedSource
    url: str
    fetched: Fetched
    items: int = 0
    pending: int = 0


@dataclass(frozen=True, slots=True)
class _Job:
    url: str  # canonical
    item: FeedItem
    run: _FeedRun


class Crawler:
    """Polls feeds and stores their new articles with events; ``stop()`` ends it cleanly."""

    def __init__(self, store: Store, coder: ArticleCoder, sources: list[FeedSource], *,
                 fetcher: Fetcher | None = None, config: FetchConfig | None = None,
                 max_articles: int | None = None, noise: NoiseRules | None = None,
                 max_sitemaps: int = MAX_SITEMAPS):
        self.store = store
        self.coder = coder
        self.sources = sources
        self.fetcher = fetcher or Fetcher(config)
        self.max_articles = max_articles
        self.noise = noise if noise is not None else getattr(
            getattr(coder, "lex", None), "noise", None)
        self.max_sitemaps = max_sitemaps
        self.storage = CrawlStorage(store.con)
        self.stored = 0  # articles stored by this crawler, for max_articles
        self._stop = False

    # -- stopping ------------------------------------------------------------------------

    def stop(self) -> None:
        """Finish the current article, then stop (safe from a signal handler or thread)."""
        self._stop = True

    @property
    def stopping(self) -> bool:
        return self._stop or (self.max_articles is not None and self.stored >= self.max_articles)

    def _on_sigint(self, signum: int, frame: FrameType | None) -> None:
        if self._stop:  # a second Ctrl-C: the user does not want to wait
            raise KeyboardInterrupt
        log.warning("stopping after the current article (Ctrl-C again to abort)")
        self.stop()

    # -- the loop ------------------------------------------------------------------------

    def run(self, every: float | None = None,
            on_poll: Callable[[CrawlStats], None] | None = None) -> CrawlStats:
        """Poll once, or every ``every`` seconds until stopped; Ctrl-C stops cleanly."""
        total = CrawlStats()
        main = threading.current_thread() is threading.main_thread()
        previous: Any = signal.signal(signal.SIGINT, self._on_sigint) if main else None
        try:
            while True:
                started = time.monotonic()
                stats = self.poll()
                total.add(stats)
                if on_poll:
                    on_poll(stats)
                if every is None or self.stopping:
                    break
                self._sleep_until(started + every)
                if self.stopping:
                    break
        finally:
            if main:
                signal.signal(signal.SIGINT, previous)
        return total

    def _sleep_until(self, deadline: float) -> None:
        # Short naps, so a stop (Ctrl-C) between polls ends the wait within a moment.
        while not self.stopping and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))

    def poll(self) -> CrawlStats:
        """Read every feed once and fetch, extract and store the articles not yet seen."""
        stats = CrawlStats(polls=1)
        runs: list[_FeedRun] = []
        jobs: list[_Job] = []
        queued: set[str] = set()
        for source in self.sources:
            if self._stop:
                break
            for run, items in self._read(source, stats):
                runs.append(run)
                jobs.extend(self._new_jobs(run, items, queued, stats))
        for job in _interleave(jobs):
            if self.stopping:
                break
            self._article(job, stats)
            job.run.pending -= 1
        for run in runs:
            # Validators are kept only when every link was handled: a poll cut short by
            # Ctrl-C or --max must not turn the rest into "304 Not Modified" next time.
            self.storage.save_feed(run.url, run.fetched, outlet=run.source.outlet,
                                   items=run.items, validators=run.pending == 0)
        if stats.new:
            recluster(self.store.con)
        log.info("poll: %s", stats.summary())
        return stats

    # -- feeds ---------------------------------------------------------------------------

    def _read(self, source: FeedSource, stats: CrawlStats
              ) -> Iterator[tuple[_FeedRun, list[FeedItem]]]:
        """The feed's links; a sitemap index gives those of its newest child sitemaps."""
        url, fetched, feed = self._fetch_feed(source.url, stats)
        if feed is None:
            if fetched is not None:
                yield _FeedRun(source, url, fetched), []
            return
        if feed.kind != "sitemapindex":
            yield _FeedRun(source, url, fetched, len(feed.items)), list(feed.items)
            return
        # The index keeps no validators, so it is read every time: a static index often
        # lists a child that changes.
        children = sorted(feed.sitemaps, key=lambda s: s.updated or _EPOCH, reverse=True)
        for child in children[: self.max_sitemaps]:
            url, sub, subfeed = self._fetch_feed(child.url, stats, discover=False)
            if sub is not None:
                items = list(subfeed.items) if subfeed is not None else []
                yield _FeedRun(source, url, sub, len(items)), items

    def _fetch_feed(self, url: str, stats: CrawlStats, *, discover: bool = True
                    ) -> tuple[str, Fetched | None, Feed | None]:
        """Fetch and parse one feed: (its URL, the response, the feed or None).

        The response is None when robots.txt forbids the feed. A web page given as a feed
        is searched for the feed it announces, which is then read instead.
        """
        state = self.storage.feed_state(url)
        fetched = self.fetcher.fetch(url, kind="feed", etag=state.etag,
                                     last_modified=state.last_modified)
        if fetched.outcome == "not-modified":
            stats.feeds_unchanged += 1
            log.info("%s: not modified", url)
            return url, fetched, None
        if not fetched.ok:
            stats.feeds_failed += 1
            log.warning("%s: feed not read: %s", url, _why(fetched))
            return url, (fetched if fetched.outcome != "robots" else None), None
        try:
            feed = parse_feed(fetched.body or b"", fetched.final_url)
        except FeedError as exc:
            found = discover_feeds(fetched.body or b"", fetched.final_url) if discover else []
            if found and found[0] != url:
                log.info("%s: a web page; reading the feed it announces, %s", url, found[0])
                return self._fetch_feed(found[0], stats, discover=False)
            stats.feeds_failed += 1
            log.warning("%s: %s", url, exc)
            return url, fetched, None
        stats.feeds += 1
        return url, fetched, feed

    def _new_jobs(self, run: _FeedRun, items: list[FeedItem], queued: set[str],
                  stats: CrawlStats) -> list[_Job]:
        urls = []
        for item in items:
            url = canonical_url(item.url)
            if url in queued:  # listed by an earlier feed of this poll too
                continue
            queued.add(url)
            if urllib.parse.urlsplit(url).path.lower().endswith(SKIP_EXTENSIONS):
                stats.pages["not-html-link"] += 1
                continue
            urls.append((url, item))
        stats.items += len(urls)
        known = self.storage.known(u for u, _ in urls)
        stats.known += len(known)
        jobs = [_Job(u, item, run) for u, item in urls if u not in known]
        run.pending = len(jobs)
        return jobs

    # -- articles ------------------------------------------------------------------------

    def _article(self, job: _Job, stats: CrawlStats) -> None:
        fetched = self.fetcher.fetch(job.url, kind="html")
        stats.fetched += fetched.requests > 0
        outlet = job.run.source.outlet
        if (fetched.outcome == "robots" and not fetched.requests) or fetched.transient:
            # Not recorded: robots.txt may change, a server may recover by the next poll.
            # (A page that redirects to a forbidden one is recorded: it was fetched.)
            stats.pages[fetched.outcome] += 1
            if fetched.transient:
                log.warning("%s: %s", job.url, _why(fetched))
            return
        if not fetched.ok:
            stats.pages[fetched.outcome] += 1
            log.info("%s: %s", job.url, _why(fetched))
            self.storage.save_page(fetched, fetched.outcome, feed_url=job.run.url, outlet=outlet)
            return
        html, charset = decode_html(fetched.body or b"", fetched.charset)
        doc_id = article_id(job.url)
        outcome, stored_id = self._store(html, doc_id, fetched, job, stats)
        stats.pages[outcome] += 1
        self.storage.save_page(fetched, outcome, feed_url=job.run.url, outlet=outlet,
                               charset=charset, article_id=stored_id)

    def _store(self, html: str, doc_id: str, fetched: Fetched, job: _Job,
               stats: CrawlStats) -> tuple[str, str | None]:
        """Extract and ingest one page; return its outcome and the stored article id."""
        try:
            article = page_article(html, doc_id=doc_id, url=fetched.final_url,
                                   outlet=job.run.source.outlet, published=job.item.published,
                                   noise=self.noise)
        except Exception:  # one odd page must not stop the crawl
            log.exception("%s: extraction failed", job.url)
            article = None
        if article is None:
            log.info("%s: no article text in the page", job.url)
            return "no-article", None
        result = ingest(self.store, [article], self.coder, cluster=False)
        stats.events += result.events
        if result.new:
            stats.new += 1
            self.stored += 1
            log.info("%s: stored as %s (%d events)", job.url, doc_id, result.events)
            return "stored", doc_id
        if result.skipped_text:
            return "copy", doc_id
        if result.skipped_id:
            return "known", doc_id
        return "code-failed", None


def _why(fetched: Fetched) -> str:
    if fetched.outcome == "http-error":
        return f"HTTP {fetched.status}"
    return fetched.error or fetched.outcome


def _interleave(jobs: list[_Job]) -> Iterator[_Job]:
    """Round-robin over hosts, so one host's politeness delay overlaps another's fetches."""
    queues: dict[str, list[_Job]] = {}
    for job in jobs:
        queues.setdefault(urllib.parse.urlsplit(job.url).netloc, []).append(job)
    lanes = [iter(q) for q in queues.values()]
    while lanes:
        for lane in list(lanes):
            job = next(lane, None)
            if job is None:
                lanes.remove(lane)
            else:
                yield job
