"""The ``peristiwa`` command: a thin layer that parses options and calls the library."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

import click

from peristiwa.cli_dask import dask_options, distributed_events, wants_cluster
from peristiwa.dictionary.tsv import DictionaryError
from peristiwa.output import FORMATS, EventWriter
from peristiwa.pipeline import MODES
from peristiwa.records import InputError

log = logging.getLogger("peristiwa")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _report(err: InputError) -> None:
    click.echo(f"error: {err}", err=True)


dict_option = click.option(
    "--dict", "dict_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Directory of your own dictionary files; their entries override the built-in ones.",
)


@click.group()
@click.version_option(package_name="peristiwa")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug).")
def main(verbose: int) -> None:
    """Code Indonesian-language news into political event records (CAMEO, PLOVER).

    Example: peristiwa extract examples/artikel.txt
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s: %(name)s: %(message)s")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="Output format.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write to this file instead of standard output.")
@click.option("--published", callback=_date, default=None, metavar="YYYY-MM-DD",
              help="Publication date for articles whose metadata and text give none.")
@click.option("--mode", "modes", multiple=True, type=click.Choice(MODES),
              help="Keep events of these modes (repeatable). Default: asserted; "
                   "hypothetical (\"kemungkinan bertemu\") and negated (\"tidak bertemu\") "
                   "events only when asked.")
@dict_option
@dask_options
def extract(paths: tuple[str, ...], fmt: str, out: Path | None, published: dt.date | None,
            modes: tuple[str, ...], dict_dir: Path | None, scheduler: str | None,
            workers: int | None, partition_size: int) -> None:
    """Code articles into events, one event record per line.

    PATHS are .txt, .html, .jsonl/.json files (optionally gzipped), directories, or - for
    standard input. Bad inputs are reported as "error: PATH: reason" and skipped; the exit
    status is 1 if any input failed.

    With --workers N or --scheduler ADDRESS the articles are coded on a Dask cluster; the
    output is the same, in the same order.

    Example: peristiwa extract news/ --format csv -o events.csv
    """
    from peristiwa.pipeline import DEFAULT_MODES, iter_events

    if fmt == "parquet" and out is None:
        raise click.UsageError("--format parquet needs -o FILE")
    failed = 0
    try:
        if wants_cluster(scheduler, workers):
            items = distributed_events(list(paths), scheduler=scheduler, workers=workers,
                                       partition_size=partition_size, published=published,
                                       dict_dir=dict_dir, stdin=sys.stdin.buffer,
                                       modes=modes or DEFAULT_MODES)
        else:
            items = iter_events(list(paths), published=published, dict_dir=dict_dir,
                                stdin=sys.stdin.buffer, modes=modes or DEFAULT_MODES)
        if out is None:
            writer = EventWriter(fmt, sys.stdout)
            failed = _drain(items, writer)
        else:
            tmp = out.with_name(out.name + ".part")
            mode = "wb" if fmt == "parquet" else "w"
            with open(tmp, mode, **({} if fmt == "parquet" else
                                    {"encoding": "utf-8", "newline": ""})) as stream:
                writer = EventWriter(fmt, stream)
                failed = _drain(items, writer)
            tmp.replace(out)
    except DictionaryError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except OSError as exc:
        click.echo(f"error: {exc.filename or out}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    log.info("%d events", writer.count)
    sys.exit(1 if failed else 0)


def _drain(items, writer: EventWriter) -> int:
    failed = 0
    for item in items:
        if isinstance(item, InputError):
            failed += 1
            _report(item)
        else:
            writer.write(item)
    writer.close()
    return failed


def _register() -> None:
    from peristiwa.cli_eval import dict_group, eval_command, explain_command
    from peristiwa.cli_store import COMMANDS as store_commands

    main.add_command(eval_command)
    main.add_command(explain_command)
    main.add_command(dict_group)
    for cmd in store_commands:
        main.add_command(cmd)
    from peristiwa.cli_crawl import crawl
    from peristiwa.cli_serve import serve

    main.add_command(crawl)
    main.add_command(serve)


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
