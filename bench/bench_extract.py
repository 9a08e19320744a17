"""Benchmark `extract` on the 15k-article corpus: articles/s, sentences/s, peak memory.

Run by hand:  .venv/bin/python bench/bench_extract.py [CORPUS] [--limit N]
Targets (issue 2): >= 5,000 sentences/s (>= 250 articles/s) and <= 500 MB peak, on one core.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

from peristiwa.coder import Coder
from peristiwa.reading import iter_articles
from peristiwa.records import InputError

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "id-news-15k.jsonl.gz"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0, help="stop after N articles")
    args = ap.parse_args()
    if not Path(args.corpus).exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    t0 = time.perf_counter()
    coder = Coder()
    t_load = time.perf_counter() - t0
    n_art = n_sent = n_ev = n_err = 0
    t1 = time.perf_counter()
    for item in iter_articles([args.corpus], noise=coder.lex.noise):
        if isinstance(item, InputError):
            n_err += 1
            continue
        coded = coder.analyse(item)
        n_art += 1
        n_sent += len(coded.sentences)
        n_ev += len(coded.events)
        if args.limit and n_art >= args.limit:
            break
    dt = time.perf_counter() - t1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus       {args.corpus}")
    print(f"dictionaries {t_load:.2f} s to load")
    print(f"articles     {n_art} ({n_err} input errors)")
    print(f"sentences    {n_sent}")
    print(f"events       {n_ev}")
    print(f"time         {dt:.1f} s (read + clean + code, one core)")
    print(f"articles/s   {n_art / dt:.0f}   (target >= 250)")
    print(f"sentences/s  {n_sent / dt:.0f}   (target >= 5000)")
    print(f"peak memory  {peak_mb:.0f} MB   (target <= 500)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
