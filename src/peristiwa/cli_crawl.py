"""The ``crawl`` command: follow news feeds into the store (registered by cli.main)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

__all__ = ["crawl"]


def _interval(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    from peristiwa.crawl.sources import SourcesError, parse_interval

    if value is None:
        return None
    try:
        return parse_interval(value)
    except SourcesError as exc:
        raise click.BadParameter(str(exc)) from None


def _fail(msg: str, code: int = 2) -> None:
    click.echo(f"error: {msg}", err=True)
    sys.exit(code)


@click.command("crawl")
@click.argument("feeds", nargs=-1, metavar="FEED_URL...")
@click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path),
              default="peristiwa.duckdb", show_default=True, envvar="PERISTIWA_DB",
              help="The store file (DuckDB); also $PERISTIWA_DB.")
@click.option("--sources", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="A file of outlets and their feeds: one 'outlet<TAB>URL' (or just 'URL') "
                   "a line, # comments.")
@click.option("--every", callback=_interval, metavar="INTERVAL",
              help="Keep running, polling the feeds every INTERVAL (90s, 15m, 1h).")
@click.option("--max", "max_articles", type=click.IntRange(1), default=None, metavar="N",
              help="Stop after storing N new articles.")
@click.option("--delay", type=click.FloatRange(0), default=5.0, show_default=True,
              metavar="SECONDS",
              help="Seconds between two requests to the same host (a larger robots.txt "
                   "Crawl-delay wins).")
@click.option("--timeout", type=click.FloatRange(0.1), default=20.0, show_default=True,
              metavar="SECONDS",
              help="Seconds to wait for a server's answer (a timed-out request is retried).")
@click.option("--contact", metavar="URL_OR_EMAIL",
              help="Added to the User-Agent so site owners can reach you.")
@click.option("--dict", "dict_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Directory of your own dictionary files.")
def crawl(feeds: tuple[str, ...], db: Path, sources: Path | None, every: float | None,
          max_articles: int | None, delay: float, timeout: float, contact: str | None,
          dict_dir: Path | None) -> None:
    """Collect articles from RSS/Atom feeds and sitemaps, code them and store them.

    Each new article link is fetched (politely: robots.txt, one request at a time per host
    with --delay between them, retries on server errors), its article is extracted from the
    page, coded and stored with its events; the raw page is kept, compressed. A link
    fetched before is not fetched again, and an unchanged feed costs one "304" reply.
    With --every the crawl keeps running; Ctrl-C stops it after the current article.

    Example: peristiwa crawl https://kabar.example/rss --db berita.duckdb --every 15m
    """
    import duckdb

    from peristiwa.coder import Coder
    from peristiwa.crawl import (
        Crawler,
        CrawlStats,
        FeedSource,
        FetchConfig,
        SourcesError,
        read_sources,
        user_agent,
    )
    from peristiwa.crawl.sources import merge_sources
    from peristiwa.crawl.storage import ensure_tables
    from peristiwa.dictionary.tsv import DictionaryError
    from peristiwa.store import StoreError, open_store
    from peristiwa.store.clusters import recluster

    try:
        listed = [FeedSource(_check(u)) for u in feeds]
        from_file = read_sources(sources) if sources else []
    except SourcesError as exc:
        _fail(str(exc))
    all_sources = merge_sources(listed, from_file)
    if not all_sources:
        raise click.UsageError("give one or more FEED_URLs, or --sources FILE")
    try:
        coder = Coder(dict_dir=dict_dir)
    except DictionaryError as exc:
        _fail(str(exc))
    config = FetchConfig(user_agent=user_agent(contact), delay=delay, timeout=timeout,
                         deadline=max(90.0, 4 * timeout))
    try:
        store = open_store(db)
    except StoreError as exc:
        _fail(str(exc))
    failed = False
    try:
        ensure_tables(store.con)
        crawler = Crawler(store, coder, all_sources, config=config, max_articles=max_articles,
                          noise=coder.lex.noise)

        def report(stats: CrawlStats) -> None:
            nonlocal failed
            failed = stats.feeds_failed > 0 and stats.feeds + stats.feeds_unchanged == 0
            now = dt.datetime.now().strftime("%H:%M:%S")
            click.echo(f"{now} {stats.summary()}")

        try:
            total = crawler.run(every=every, on_poll=report)
        except KeyboardInterrupt:  # a second Ctrl-C: finish the clusters, then leave
            click.echo("interrupted", err=True)
            recluster(store.con)
            sys.exit(130)
        except duckdb.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            _fail(f"{db}: database error: {first}", 1)
        if every is not None:
            click.echo(f"stopped after {total.polls} polls: {total.new} articles stored, "
                       f"{total.events} events")
    finally:
        store.close()
    sys.exit(1 if failed and every is None else 0)


def _check(url: str) -> str:
    from peristiwa.crawl.sources import SourcesError

    if not url.lower().startswith(("http://", "https://")):
        raise SourcesError(f"{url!r} is not an http(s) URL")
    return url
