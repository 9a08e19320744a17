"""The store commands: ``ingest``, ``events``, ``dyad``, ``export`` (registered by cli.main)."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from peristiwa.cli_dask import check_options, dask_options, distributed_ingest, wants_cluster
from peristiwa.records import InputError

__all__ = ["ingest", "events", "dyad", "export", "COMMANDS"]

TABLE_WIDTH = 110


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


db_option = click.option(
    "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default="peristiwa.duckdb",
    show_default=True, envvar="PERISTIWA_DB",
    help="The store file (DuckDB); also $PERISTIWA_DB.")


def filter_options(fn: Callable) -> Callable:
    """The event filters shared by ``events`` and ``export``."""
    opts = [
        click.option("--actor", help="A country (CHN), a full actor code (CHNGOV) or a "
                     "name (\"Wang Yi\") on either side."),
        click.option("--dyad", help="Two actors, either direction: CHN-PRK (CHN>PRK: CHN "
                     "acting on PRK). A side may be a full code: CHNGOV-PRK."),
        click.option("--code", help="CAMEO root (04) or code (042, also matches 0421)."),
        click.option("--quad", type=click.IntRange(1, 4), help="Quad class: 1 verbal "
                     "cooperation, 2 material cooperation, 3 verbal conflict, 4 material "
                     "conflict."),
        click.option("--since", callback=_date, metavar="YYYY-MM-DD",
                     help="Events on or after this day (the event's date)."),
        click.option("--until", callback=_date, metavar="YYYY-MM-DD",
                     help="Events on or before this day."),
        click.option("--mode", type=click.Choice(["asserted", "negated", "hypothetical"]),
                     help="Only events of this mode."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _fail(msg: str, code: int = 2) -> None:
    click.echo(f"error: {msg}", err=True)
    sys.exit(code)


@contextmanager
def _open(db: Path, read_only: bool) -> Iterator[Any]:
    """Open the store and turn store, query and DuckDB errors into clear messages."""
    import duckdb

    from peristiwa.store import QueryError, StoreError, open_store

    try:
        store = open_store(db, read_only=read_only)
    except StoreError as exc:
        _fail(str(exc))
    try:
        if read_only and store.pending:
            click.echo(f"warning: {db}: clusters of {store.pending} dyads are out of date (an "
                       f"ingest was interrupted); run: peristiwa ingest --db {db}", err=True)
        yield store
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        _fail(f"{db}: database error (corrupt?): {first}")
    finally:
        store.close()


def _filter(kw: dict[str, Any], limit: int | None = None) -> Any:
    """The event filter of the options, checked before anything is opened or written."""
    from peristiwa.store import EventFilter, QueryError
    from peristiwa.store.query import event_where

    f = EventFilter(actor=kw.get("actor"), dyad=kw.get("dyad"), code=kw.get("code"),
                    quad=kw.get("quad"), since=kw.get("since"), until=kw.get("until"),
                    mode=kw.get("mode"), limit=limit)
    try:
        event_where(f)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    return f


def _estimate(paths: tuple[str, ...]) -> int | None:
    """How many articles the paths hold, for the progress bar (lines of JSON Lines files)."""
    total = 0
    for p in paths:
        if p == "-":
            return None
        files = [Path(p)] if not os.path.isdir(p) else \
            [Path(r) / f for r, _, fs in os.walk(p) for f in fs]
        for f in files:
            name = f.name.lower().removesuffix(".gz")
            if name.endswith((".jsonl", ".ndjson")):
                try:
                    opener = gzip.open if f.name.lower().endswith(".gz") else open
                    with opener(f, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total


@click.command("ingest")
@click.argument("paths", nargs=-1)
@db_option
@click.option("--recode", is_flag=True,
              help="Code every stored article again (after a dictionary change).")
@click.option("--published", callback=_date, default=None, metavar="YYYY-MM-DD",
              help="Publication date for articles whose metadata and text give none.")
@click.option("--dict", "dict_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Directory of your own dictionary files.")
@click.option("--batch-size", type=click.IntRange(1), default=200, show_default=True,
              help="Articles per transaction.")
@dask_options
def ingest(paths: tuple[str, ...], db: Path, recode: bool, published: dt.date | None,
           dict_dir: Path | None, batch_size: int, scheduler: str | None, workers: int | None,
           partition_size: int) -> None:
    """Code articles and store them with their events and event clusters.

    PATHS are files, directories or - (as for extract). An article already stored (same id,
    or the same normalised text) is skipped, so ingesting again is safe; near-copies are
    linked to one story. Each batch is committed on its own: an interrupted run keeps what
    it finished, and running it again completes the rest. Without PATHS, only pending
    cluster updates are finished.

    With --workers N or --scheduler ADDRESS the articles are cleaned and coded on a Dask
    cluster and this process commits them: the store ends up as after a serial run.
    (--recode still codes here.)

    Example: peristiwa ingest news/ --db news.duckdb
    """
    from peristiwa.coder import Coder
    from peristiwa.dictionary.tsv import DictionaryError
    from peristiwa.reading import iter_articles
    from peristiwa.store import IngestStats
    from peristiwa.store import ingest as do_ingest
    from peristiwa.store import recode as do_recode

    on_cluster = bool(paths) and wants_cluster(scheduler, workers)
    if on_cluster:
        check_options(scheduler, workers)  # before the store is opened: no Dask, no run
    try:
        coder = Coder(dict_dir=dict_dir) if paths or recode else None
    except DictionaryError as exc:
        _fail(str(exc))
    failed = 0

    def report(err: InputError) -> None:
        nonlocal failed
        failed += 1
        click.echo(f"error: {err}", err=True)

    with _open(db, read_only=False) as store:
        stats = IngestStats()
        if on_cluster:
            with _progress(_estimate(paths) if _tty() else None, "ingesting") as tick:
                stats = distributed_ingest(
                    store, list(paths), scheduler=scheduler, workers=workers,
                    partition_size=partition_size, published=published, dict_dir=dict_dir,
                    stdin=sys.stdin.buffer, batch_size=batch_size, on_error=report,
                    on_batch=tick, cluster=not recode)
        elif paths:
            articles = iter_articles(list(paths), published=published, noise=coder.lex.noise,
                                     stdin=sys.stdin.buffer)
            with _progress(_estimate(paths) if _tty() else None, "ingesting") as tick:
                stats = do_ingest(store, articles, coder, batch_size=batch_size,
                                  on_error=report, on_batch=tick, cluster=not recode)
        if recode:
            with _progress(store.count("articles") if _tty() else None, "recoding") as tick:
                again = do_recode(store, coder, batch_size=batch_size, on_error=report,
                                  on_batch=tick)
            stats.recoded, stats.failed = again.recoded, stats.failed + again.failed
            stats.events += again.events
            stats.blocks, stats.clusters = again.blocks, again.clusters
        elif not paths:
            from peristiwa.store.recluster import recluster

            stats.blocks, _ = recluster(store.con)
            stats.clusters = store.count("clusters")
        click.echo(stats.summary())
    sys.exit(1 if failed else 0)


def _tty() -> bool:
    return sys.stderr.isatty()


@contextmanager
def _progress(total: int | None, label: str) -> Iterator[Callable[[Any, int], None]]:
    """A progress bar on a terminal's stderr; a no-op callback elsewhere."""
    if not _tty():
        yield lambda stats, n: None
        return
    if not total:  # standard input: no total to show a bar against, so a running count
        seen = 0

        def count(stats: Any, n: int) -> None:
            nonlocal seen
            seen += n
            click.echo(f"\r{label}: {seen} articles, {stats.events} events", nl=False,
                       err=True)
        yield count
        click.echo("", err=True)
        return
    with click.progressbar(length=total or 0, label=label, file=sys.stderr,
                           show_pos=True, show_eta=bool(total)) as bar:
        def tick(stats: Any, n: int) -> None:
            bar.label = f"{label} ({stats.events} events)"
            bar.update(n)
        yield tick


def _format_option(fn: Callable) -> Callable:
    fn = click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
                      help="Write to this file instead of standard output.")(fn)
    return click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv",
                                                              "parquet"]),
                        default="table", show_default=True, help="Output format.")(fn)


def _cut(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 1] + "…"


def _event_table(records: Iterator[dict[str, Any]], echo: Callable[[str], None]) -> int:
    echo(f"{'DATE':<10}  {'SOURCE':<10} {'TARGET':<10} {'CAMEO':<5} Q {'GS':>5}  "
         f"{'MODE':<12} {'OUTLET':<14} {'DOC':<20} TRIGGER")
    n = 0
    for r in records:
        src, tgt = r.get("source") or {}, r.get("target") or {}
        echo(f"{(r['date'] or '-'):<10}  {(src.get('code') or '-'):<10} "
             f"{(tgt.get('code') or '-'):<10} {r['cameo']:<5} {r['quad_class'] or '-'} "
             f"{r['goldstein'] or 0:>+5.1f}  {(r['mode'] or '-'):<12} "
             f"{_cut(r['outlet'] or '-', 14):<14} {_cut(r['doc_id'], 20):<20} "
             f"{_cut(r['trigger']['text'], 30)}")
        n += 1
    return n


def _cluster_table(clusters: list[dict[str, Any]], echo: Callable[[str], None]) -> int:
    echo(f"{'DATE':<10}  {'SOURCE':<10} {'TARGET':<10} {'CAMEO':<5} Q {'GS':>5} "
         f"{'EVTS':>4} {'ARTS':>4} {'SRCS':>4}  {'SEEN':<23} LOCATION")
    for c in clusters:
        src, tgt = c.get("source") or {}, c.get("target") or {}
        seen = f"{c['first_seen'] or '?'}..{c['last_seen'] or '?'}"
        echo(f"{(c['date'] or '-'):<10}  {(src.get('code') or '-'):<10} "
             f"{(tgt.get('code') or '-'):<10} {c['cameo']:<5} {c['quad_class'] or '-'} "
             f"{c['goldstein'] or 0:>+5.1f} {c['num_events']:>4} {c['num_articles']:>4} "
             f"{c['num_sources']:>4}  {seen:<23} {(c.get('location') or {}).get('name') or '-'}")
        for m in c.get("members", []):
            echo(f"    {_cut(m['outlet'] or '?', 14):<14} {m['published'] or '?':<10} "
                 f"{m['cameo']:<5} {_cut(m['evidence'], TABLE_WIDTH - 36)}")
    return len(clusters)


@click.command("events")
@db_option
@filter_options
@click.option("--clusters", "as_clusters", is_flag=True,
              help="List event clusters (each real-world event once, with its reports).")
@_format_option
@click.option("--limit", type=click.IntRange(0), help="At most this many rows.")
def events(db: Path, as_clusters: bool, fmt: str, out: Path | None, limit: int | None,
           **filters: Any) -> None:
    """Query the stored events (or event clusters).

    Examples:
      peristiwa events --dyad CHN-PRK --code 04 --since 2024-01-01
      peristiwa events --actor "Wang Yi" --clusters --format jsonl -o wang.jsonl
    """
    from peristiwa.store import find_clusters, iter_events
    from peristiwa.store.export import write_clusters, write_events

    if fmt == "parquet" and out is None:
        raise click.UsageError("--format parquet needs -o FILE")
    f = _filter(filters, limit)
    with _open(db, read_only=True) as store, _output(out, fmt) as stream:
        if as_clusters:
            rows = find_clusters(store, f)
            if fmt == "table":
                _cluster_table(rows, lambda s: stream.write(s + "\n"))
            else:
                write_clusters(rows, fmt, stream)
        else:
            records = iter_events(store, f)
            if fmt == "table":
                _event_table(records, lambda s: stream.write(s + "\n"))
            else:
                write_events(records, fmt, stream)


@contextmanager
def _output(out: Path | None, fmt: str) -> Iterator[Any]:
    """Standard output, or a file that appears only once complete."""
    if out is None:
        yield sys.stdout
        return
    tmp = out.with_name(out.name + ".part")
    try:
        with open(tmp, "wb") if fmt == "parquet" else \
                open(tmp, "w", encoding="utf-8", newline="") as stream:
            yield stream
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _fail(f"{exc.filename or out}: {exc.strerror or exc}", 1)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@click.command("dyad")
@click.argument("a")
@click.argument("b")
@db_option
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month",
              show_default=True, help="Time bucket.")
@click.option("--since", callback=_date, metavar="YYYY-MM-DD", help="From this day.")
@click.option("--until", callback=_date, metavar="YYYY-MM-DD", help="Up to this day.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True, help="Output format.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw the series: a PNG file (needs matplotlib), or - for a text chart.")
def dyad(a: str, b: str, db: Path, by: str, since: dt.date | None, until: dt.date | None,
         fmt: str, plot: Path | None) -> None:
    """Relations between two countries over time, counted in real-world events.

    Per bucket: events (clusters) per quad class, mean Goldstein score, and the events
    behind the counts with their evidence.

    Example: peristiwa dyad CHN PRK --by month --plot chn-prk.png
    """
    import json

    from peristiwa.store import dyad_series
    from peristiwa.store.plot import fill_gaps, have_matplotlib, plot_png, terminal_chart

    with _open(db, read_only=True) as store:
        series = dyad_series(store, a, b, by=by, since=since, until=until)
    title = f"{a.upper()}–{b.upper()} by {by}"
    if plot is not None:
        if str(plot) == "-" or not have_matplotlib():
            if str(plot) != "-":
                click.echo(f"warning: matplotlib is not installed; drawing a text chart "
                           f"instead of {plot} (pip install matplotlib)", err=True)
            click.echo(terminal_chart(fill_gaps(series, by), title))
        else:
            plot_png(fill_gaps(series, by), plot, title)
            click.echo(f"wrote {plot}", err=True)
        return
    if fmt == "jsonl":
        for bk in series:
            click.echo(json.dumps(bk, ensure_ascii=False))
        return
    click.echo(f"{title}: {sum(bk['clusters'] for bk in series)} events")
    for bk in series:
        q = bk["quad"]
        g = bk["goldstein_mean"]
        click.echo(f"{bk['bucket']}  q1 {q[1]:>3}  q2 {q[2]:>3}  q3 {q[3]:>3}  q4 {q[4]:>3}  "
                   f"events {bk['clusters']:>3} ({bk['events']} reports)  "
                   f"Goldstein {g:+.2f}")
        for c in bk["items"]:
            src, tgt = c.get("source") or {}, c.get("target") or {}
            click.echo(f"    {c['date'] or '-':<10} {src.get('code') or '-':<9} "
                       f"{tgt.get('code') or '-':<9} {c['cameo']:<4} "
                       f"src {c['num_sources']:>2}  {_cut(c['sentence'], 70)}")


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), required=True,
              help="File format.")
@click.option("--gdelt", is_flag=True,
              help="GDELT 2.0 event columns, one row per event cluster (CSV: tab-separated, "
                   "no header, like GDELT's own files).")
@click.option("--clusters", "as_clusters", is_flag=True, help="Export clusters, not events.")
@click.option("--header/--no-header", default=None,
              help="Write a CSV header (default: yes, except for --gdelt).")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="The file to write.")
@filter_options
def export(db: Path, fmt: str, gdelt: bool, as_clusters: bool, header: bool | None,
           out: Path, **filters: Any) -> None:
    """Export the store's events (or clusters, or GDELT rows) to a file.

    Example: peristiwa export --format csv --gdelt -o events.gdelt.csv
    """
    from peristiwa.store import export as do_export

    f = _filter(filters)
    with _open(db, read_only=True) as store:
        try:
            n = do_export(store, out, fmt, gdelt=gdelt, clusters=as_clusters, f=f,
                          header=header)
        except OSError as exc:
            _fail(f"{exc.filename or out}: {exc.strerror or exc}", 1)
    click.echo(f"wrote {n} rows to {out}", err=True)


COMMANDS = [ingest, events, dyad, export]
