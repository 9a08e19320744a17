"""Command-line options and glue for running ``extract`` and ``ingest`` on a Dask cluster.

Dask is imported only when a cluster option is given: without it installed, those options
fail with exit status 2 and say how to install it.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from peristiwa.records import Event, InputError
    from peristiwa.store import IngestStats, Store

__all__ = ["dask_options", "wants_cluster", "check_options", "distributed_events",
           "distributed_ingest"]


def dask_options(fn: Callable) -> Callable:
    """Add --scheduler, --workers and --partition-size to a command."""
    from peristiwa.cluster_run import DEFAULT_PARTITION

    fn = click.option("--partition-size", type=click.IntRange(1), default=DEFAULT_PARTITION,
                      show_default=True, help="Articles per Dask task (with --scheduler or "
                      "--workers).")(fn)
    fn = click.option("--workers", type=click.IntRange(1), default=None, metavar="N",
                      help="Run on a local Dask cluster of N worker processes (one core "
                      "each).")(fn)
    return click.option("--scheduler", default=None, metavar="ADDRESS",
                        help="Run on the Dask cluster whose scheduler is at ADDRESS, e.g. "
                        "tcp://10.0.0.5:8786 (needs: pip install 'peristiwa[dask]').")(fn)


def wants_cluster(scheduler: str | None, workers: int | None) -> bool:
    """True when the command should run on Dask."""
    return scheduler is not None or workers is not None


def _fail(message: str, status: int = 2) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(status)


def check_options(scheduler: str | None, workers: int | None) -> None:
    """Exit 2 with a clear message if the options clash or Dask is not installed."""
    from peristiwa.cluster_run import DaskMissing, require_dask

    if scheduler is not None and workers is not None:
        raise click.UsageError("give --scheduler or --workers, not both")
    try:
        require_dask()
    except DaskMissing as exc:
        _fail(str(exc))
    # Dask logs every connection at INFO on its own handler: show its warnings only, unless -vv
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("distributed").setLevel(logging.WARNING)


def _open(scheduler: str | None, workers: int | None,
          dict_dir: Path | None) -> tuple[AbstractContextManager, Any]:
    """Connect now (exit 2 if the cluster cannot be reached); return (context, client).

    The dictionaries are loaded first: a bad file raises DictionaryError before any cluster
    is started.
    """
    from peristiwa.cluster_run import ClusterError, connect
    from peristiwa.lexicon import load_lexicon

    check_options(scheduler, workers)
    load_lexicon(dict_dir)  # cached: the run's own loading costs nothing more
    ctx = connect(scheduler, workers)
    try:
        client = ctx.__enter__()
    except ClusterError as exc:
        _fail(str(exc))
    return ctx, client


def distributed_events(paths: list[str], *, scheduler: str | None, workers: int | None,
                       partition_size: int, published: dt.date | None,
                       dict_dir: Path | None, stdin: IO[bytes] | None,
                       modes: Iterable[str] | None = None) -> Iterator[Event | InputError]:
    """For ``extract``: iter_events on the cluster; connects before returning.

    The cluster is released when the events are exhausted (or the iterator is closed); a
    partition that fails for good ends the run with status 1.
    """
    from peristiwa.cluster_run import ClusterError, iter_events_distributed

    ctx, client = _open(scheduler, workers, dict_dir)

    def run() -> Iterator[Event | InputError]:
        try:
            yield from iter_events_distributed(paths, client=client, published=published,
                                               dict_dir=dict_dir, stdin=stdin, modes=modes,
                                               partition_size=partition_size)
        except ClusterError as exc:
            _fail(str(exc), 1)
        finally:
            ctx.__exit__(None, None, None)

    return run()


def distributed_ingest(store: Store, paths: list[str], *, scheduler: str | None,
                       workers: int | None, partition_size: int, published: dt.date | None,
                       dict_dir: Path | None, stdin: IO[bytes] | None, batch_size: int,
                       on_error: Callable[[InputError], None] | None = None,
                       on_batch: Callable[[IngestStats, int], None] | None = None,
                       cluster: bool = True) -> IngestStats:
    """For ``ingest``: store.ingest with cleaning and coding on the cluster."""
    from peristiwa.cluster_run import ClusterError, ingest_distributed

    ctx, client = _open(scheduler, workers, dict_dir)
    try:
        return ingest_distributed(store, paths, client=client, published=published,
                                  dict_dir=dict_dir, stdin=stdin, batch_size=batch_size,
                                  partition_size=partition_size, on_error=on_error,
                                  on_batch=on_batch, cluster=cluster)
    except ClusterError as exc:  # every batch committed so far stays; a re-run completes it
        _fail(str(exc), 1)
    finally:
        ctx.__exit__(None, None, None)
