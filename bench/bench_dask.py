"""Benchmark extract on Dask: articles/s for 1 plain process, 1 and 2 Dask workers.

Run by hand:  .venv/bin/python bench/bench_dask.py [CORPUS] [--limit N] [--partition N]
(--limit N: the first N lines of a JSON Lines corpus, for a quick run.)
Needs Dask (pip install 'peristiwa[dask]'). Target (issue 5): 2 workers >= 1.8x one plain
process on a 2-core machine. Times run from the first record read to the last result
taken back; starting the local cluster (a real cluster is already up) is shown apart.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from peristiwa.cluster_run import DEFAULT_PARTITION, connect, iter_events_distributed
from peristiwa.pipeline import iter_events
from peristiwa.records import InputError

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "id-news-15k.jsonl.gz"


def _count(items) -> tuple[int, int]:
    """Events and errors of a run."""
    events = errors = 0
    for item in items:
        if isinstance(item, InputError):
            errors += 1
        else:
            events += 1
    return events, errors


def _plain(corpus: str) -> tuple[float, int]:
    from peristiwa.coder import Coder

    Coder()  # the dictionaries load before the clock starts, as on a warm worker
    t = time.perf_counter()
    events, _ = _count(iter_events([corpus]))
    return time.perf_counter() - t, events


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _dask(corpus: str, workers: int, partition: int) -> tuple[float, float, float, int]:
    """(seconds, cluster start seconds, client CPU seconds, events) of one run."""
    t0 = time.perf_counter()
    with connect(workers=workers) as client:
        client.wait_for_workers(workers)
        start = time.perf_counter() - t0
        t, cpu = time.perf_counter(), _cpu()
        events, _ = _count(iter_events_distributed([corpus], client=client,
                                                   partition_size=partition))
        return time.perf_counter() - t, start, _cpu() - cpu, events


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0, help="only the first N lines of CORPUS")
    ap.add_argument("--partition", type=int, default=DEFAULT_PARTITION,
                    help="records per Dask task")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each setting N times and keep the fastest (a busy machine)")
    args = ap.parse_args()
    if not Path(args.corpus).exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    from peristiwa.reading import iter_articles

    if args.limit:
        cut = Path(tempfile.mkdtemp()) / "corpus.jsonl.gz"
        with gzip.open(args.corpus, "rb") as src, gzip.open(cut, "wb") as out:
            out.writelines(itertools.islice(src, args.limit))
        args.corpus = str(cut)
    n_art = sum(1 for a in iter_articles([args.corpus]) if not isinstance(a, InputError))
    print(f"corpus      {args.corpus} ({n_art} articles, {os.cpu_count()} CPUs)")
    print(f"load        {os.getloadavg()[0]:.2f} (1-minute load average before the runs)")
    plain, ev0 = min(_plain(args.corpus) for _ in range(args.repeat))
    print(f"1 process   {plain:6.1f} s  {n_art / plain:6.0f} articles/s  ({ev0} events)")
    rates = {}
    for n in (1, 2):
        took, start, cpu, ev = min(_dask(args.corpus, n, args.partition)
                                   for _ in range(args.repeat))
        rates[n] = n_art / took
        same = "same events" if ev == ev0 else f"EVENTS DIFFER: {ev}"
        print(f"{n} worker{'s' if n > 1 else ' '}   {took:6.1f} s  {rates[n]:6.0f} articles/s  "
              f"(client CPU {cpu:.1f} s; cluster start {start:.1f} s; {same})")
    print(f"load        {os.getloadavg()[0]:.2f} after")
    print(f"speed-up    2 workers vs 1 process: {rates[2] * plain / n_art:.2f}x (target >= 1.8); "
          f"vs 1 worker: {rates[2] / rates[1]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
