"""Run extract and ingest on a Dask cluster: the client streams records out, results back.

The client reads the inputs record by record (never the whole corpus), sends partitions of
records to the workers with a bounded number in flight, and takes the results back in
input order, so the output is the serial run's, event for event. A partition lost with its
worker is computed again by Dask (``retries`` more for a failing task); only the client
writes, so with ingest nothing is stored twice. Dask is an optional extra: install it with
``pip install 'peristiwa[dask]'``.
"""

from __future__ import annotations

import collections
import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from peristiwa.cluster_tasks import (
    IngestResult,
    JobSpec,
    Unit,
    code_for_extract,
    code_for_ingest,
    make_spec,
    read_units,
)
from peristiwa.records import Article, Event, InputError

if TYPE_CHECKING:
    from distributed import Client

    from peristiwa.store import IngestStats, Store

__all__ = [
    "INSTALL_HINT",
    "ClusterError",
    "DaskMissing",
    "require_dask",
    "connect",
    "iter_events_distributed",
    "ingest_distributed",
    "DEFAULT_PARTITION",
    "DEFAULT_RETRIES",
]

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'peristiwa[dask]'"
# records per task: ~0.4 s of coding. Each task costs the client, the scheduler and the
# worker a few ms; at 100 records that was ~5% more CPU, at 250 ~2%.
DEFAULT_PARTITION = 250
DEFAULT_RETRIES = 3
IN_FLIGHT_PER_THREAD = 3  # partitions queued per worker thread: keeps workers busy, memory low
# A local cluster shares the cores with this process: Dask's sampling profiler costs the
# coder a few per cent, and its monitors, polled less often, took ~5% of a core at rest.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.tick.interval": "200ms",
}


class ClusterError(Exception):
    """The cluster cannot be reached or a partition failed for good."""


class DaskMissing(ClusterError):
    """Dask's distributed scheduler is not installed."""


def require_dask() -> None:
    """Raise DaskMissing, saying how to install it, unless dask.distributed imports."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DaskMissing(f"running on a Dask cluster needs Dask ({exc}); "
                          f"install it with: {INSTALL_HINT}") from None


@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A Client of the scheduler at ``scheduler``, or of a local cluster of ``workers``
    single-threaded worker processes; closed (the local cluster stopped) on exit."""
    require_dask()
    import dask
    from distributed import Client, LocalCluster

    if (scheduler is None) == (workers is None):
        raise ValueError("give either a scheduler address or a number of workers")
    cluster = None
    try:
        if scheduler is not None:
            client = Client(scheduler)
        else:
            # threads would share one GIL: parallelism comes from processes. The scheduler
            # and nannies (here) take the config now, the workers from their nanny (which
            # keeps it for restarts)
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                       processes=True, dashboard_address=":0",  # not 8787
                                       config=LOCAL_CLUSTER_CONFIG)
            client = Client(cluster)
    except ValueError as exc:  # raised by Dask for an address it cannot parse
        if scheduler is None:
            raise
        raise ClusterError(f"{scheduler!r} is not a Dask scheduler address "
                           f"(tcp://HOST:PORT): {exc}") from None
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler {scheduler or ''}: {exc}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _partitions(units: Iterator[Unit], size: int) -> Iterator[list[Unit]]:
    batch: list[Unit] = []
    for unit in units:
        batch.append(unit)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _threads(client: Client) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # a scheduler between workers: keep going with a small window
        return 1


def _ordered(client: Client, parts: Iterator[list[Unit]], task: Callable[..., Any],
             extra: Callable[[list[Unit]], tuple[Any, ...]], *, retries: int) -> Iterator[Any]:
    """Submit ``task(part, *extra(part))`` for each partition, a bounded number in flight;
    yield the results in submission order."""
    run = uuid.uuid4().hex[:12]
    window: collections.deque = collections.deque()
    limit, submitted = IN_FLIGHT_PER_THREAD * _threads(client), 0
    parts = iter(parts)
    more = True
    while more or window:
        while more and len(window) < limit:
            part = next(parts, None)
            if part is None:
                more = False
                break
            window.append(client.submit(task, part, *extra(part), retries=retries, pure=False,
                                        key=f"peristiwa-{run}-{submitted}"))
            submitted += 1
            if submitted % 64 == 0:  # workers may have joined or left
                limit = IN_FLIGHT_PER_THREAD * _threads(client)
        if window:
            future = window.popleft()
            try:
                result = future.result()
            except Exception as exc:
                for f in window:
                    f.cancel()
                raise ClusterError(f"partition {future.key} failed: "
                                   f"{type(exc).__name__}: {exc}") from exc
            future.release()
            yield result


def iter_events_distributed(
    paths: Iterable[str],
    *,
    client: Client,
    published: dt.date | None = None,
    dict_dir: str | Path | None = None,
    stdin: IO[bytes] | None = None,
    modes: Iterable[str] | None = None,
    partition_size: int = DEFAULT_PARTITION,
    retries: int = DEFAULT_RETRIES,
) -> Iterator[Event | InputError]:
    """iter_events on a cluster: the same events and errors, in the same order."""
    spec = _spec(dict_dir, published)
    keep = tuple(modes) if modes else None
    # extract needs no article id on the client: workers parse the JSON lines too
    parts = _partitions(read_units(paths, published=published, stdin=stdin, defer_json=True),
                        max(1, partition_size))
    for result in _ordered(client, parts, code_for_extract, lambda part: (spec, keep),
                           retries=retries):
        yield from result


def _spec(dict_dir: str | Path | None, published: dt.date | None) -> JobSpec:
    """Check the dictionaries here first, so a bad file fails before anything is sent."""
    from peristiwa.lexicon import load_lexicon

    load_lexicon(dict_dir)
    return make_spec(dict_dir, published)


class RemoteCodingError(Exception):
    """The coder failed on an article on a worker; the message is the worker's."""


class _Precoded:
    """A coder for store.ingest that hands out events (and dedup keys) from the workers.

    Keyed by the identity of the Article objects given to ingest; entries ingest skipped
    (copies) are dropped once ingest is surely past them.
    """

    def __init__(self, dict_dir: str | Path | None, keep: int):
        self._dict_dir = dict_dir
        self._keep = keep
        self._results: dict[int, IngestResult] = {}
        self._order: collections.deque[Article] = collections.deque()
        self._local: Any = None

    def put(self, article: Article, result: list[Event] | str | None,
            keys: tuple[str, list[int] | None] | None = None) -> None:
        # holding the article keeps its id unique while the entry lives
        self._results[id(article)] = (article, result, keys)
        self._order.append(article)
        while len(self._order) > self._keep:
            old = self._order.popleft()
            entry = self._results.get(id(old))
            if entry is not None and entry[0] is old:  # not a later article with a reused id
                del self._results[id(old)]

    def keys(self, article: Article) -> tuple[str, list[int] | None] | None:
        """The article's dedup keys computed on a worker, or None (ingest computes them)."""
        entry = self._results.get(id(article))
        return entry[2] if entry is not None and entry[0] is article else None

    def code(self, article: Article) -> list[Event]:
        """The worker's events for this article (coded here if the workers did not)."""
        entry = self._results.pop(id(article), None)
        result = entry[1] if entry is not None and entry[0] is article else None
        if result is None:
            log.debug("%s: not coded on the cluster; coding it here", article.doc_id)
            if self._local is None:
                from peristiwa.coder import Coder

                self._local = Coder(dict_dir=self._dict_dir)
            return self._local.code(article)
        if isinstance(result, str):
            raise RemoteCodingError(result)  # ingest reports "cannot code article ID: <msg>"
        return result


def _stored_ids(store: Store, ids: list[str]) -> set[str]:
    """Those of ``ids`` stored already (as articles or copies): ingest skips them uncoded."""
    if not ids:
        return set()
    rows = store.con.execute(
        "SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?)) UNION "
        "SELECT article_id FROM article_copies WHERE article_id IN (SELECT unnest(?))",
        [ids, ids]).fetchall()
    return {r[0] for r in rows}


def ingest_distributed(
    store: Store,
    paths: Iterable[str],
    *,
    client: Client,
    published: dt.date | None = None,
    dict_dir: str | Path | None = None,
    stdin: IO[bytes] | None = None,
    batch_size: int | None = None,
    partition_size: int = DEFAULT_PARTITION,
    retries: int = DEFAULT_RETRIES,
    on_error: Callable[[InputError], None] | None = None,
    on_batch: Callable[[IngestStats, int], None] | None = None,
    cluster: bool = True,
) -> IngestStats:
    """store.ingest with the cleaning and coding done on the cluster.

    Workers return articles, events and dedup keys (the costly parts); this process only
    commits them batch by batch, in input order, exactly as a serial ingest would. Articles
    already stored are not coded.
    """
    from peristiwa.store.ingest import DEFAULT_BATCH, ingest

    batch = max(1, batch_size or DEFAULT_BATCH)
    spec = _spec(dict_dir, published)
    # ingest codes a batch before it reads on: anything older than two batches is done
    precoded = _Precoded(dict_dir, keep=2 * batch + partition_size)

    def skip(part: list[Unit]) -> tuple[Any, ...]:
        ids = [u.doc_id for u in part if not isinstance(u, InputError)]
        known = _stored_ids(store, ids)
        return spec, frozenset(i for i, u in enumerate(part)
                               if not isinstance(u, InputError) and u.doc_id in known)

    def items() -> Iterator[Article | InputError]:
        parts = _partitions(read_units(paths, published=published, stdin=stdin),
                            max(1, partition_size))
        results: Iterator[list[IngestResult]] = _ordered(client, parts, code_for_ingest, skip,
                                                         retries=retries)
        for result in results:
            for item, coded, keys in result:
                if isinstance(item, Article):
                    precoded.put(item, coded, keys)
                yield item

    return ingest(store, items(), precoded, batch_size=batch, on_error=on_error,
                  on_batch=on_batch, cluster=cluster, keys=precoded.keys)
