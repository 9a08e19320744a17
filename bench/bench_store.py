"""Benchmark the store on the 15k corpus (run by hand, not a test).

Usage: .venv/bin/python bench/bench_store.py [CORPUS] [--keep DB] [--batch N]
       .venv/bin/python bench/bench_store.py --db DB    (query an existing store only)

Ingests the corpus into a temporary database and prints the time, the database size, the
number of articles, events and clusters, the ten largest clusters, and how long
``peristiwa events --dyad`` queries take.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from peristiwa.coder import Coder
from peristiwa.reading import iter_articles
from peristiwa.store import EventFilter, find_clusters, find_events, ingest, open_store

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "id-news-15k.jsonl.gz"


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(CORPUS))
    ap.add_argument("--keep", help="Write the database here and keep it.")
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--db", type=Path, help="Skip the ingest: report on this store.")
    args = ap.parse_args()
    if args.db:
        with open_store(args.db, read_only=True) as store:
            counts = {t: store.count(t) for t in ("articles", "article_copies", "events",
                                                  "clusters")}
            print(f"rows: {counts}")
            dyads = _report(store)
        print(f"\ndatabase size: {_size(args.db) / 1e6:.1f} MB")
        _timings(args.db, dyads)
        return

    tmp = Path(tempfile.mkdtemp(prefix="peristiwa-bench-"))
    db = Path(args.keep) if args.keep else tmp / "bench.duckdb"
    try:
        t0 = time.perf_counter()
        coder = Coder()
        t_load = time.perf_counter() - t0
        with open_store(db) as store:
            t1 = time.perf_counter()
            stats = ingest(store, iter_articles([args.corpus], noise=coder.lex.noise), coder,
                           batch_size=args.batch)
            t_ingest = time.perf_counter() - t1
            counts = {t: store.count(t) for t in ("articles", "article_copies", "events",
                                                  "clusters")}
            print(f"lexicon load: {t_load:.1f} s")
            print(f"ingest: {t_ingest:.1f} s ({stats.seen / t_ingest:.0f} articles/s)")
            print(stats.summary())
            print(f"rows: {counts}")
            print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
                  " MB")
            dyads = _report(store)
        print(f"\ndatabase size: {_size(db) / 1e6:.1f} MB")
        _timings(db, dyads)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def _report(store) -> list[str]:
    """Print stories, multi-article clusters and the ten largest; return the busiest dyads."""
    multi = store.con.execute(
        "SELECT count(*) FROM clusters WHERE num_articles > 1").fetchall()[0][0]
    stories = store.con.execute(
        "SELECT count(DISTINCT story_id), count(*) FILTER (story_id <> article_id) "
        "FROM articles").fetchall()[0]
    print(f"stories: {stories[0]} ({stories[1]} near-copies linked)")
    print(f"clusters with more than one article: {multi}")
    print("\nten largest clusters:")
    top = store.con.execute(
        "SELECT cluster_id FROM clusters ORDER BY num_articles DESC, num_events DESC, "
        "cluster_id LIMIT 10").fetchall()
    for (cid,) in top:
        c = _cluster(store, cid)
        src, tgt = c["source"] or {}, c["target"] or {}
        print(f"  {cid} {c['date']} {src.get('code')}->{tgt.get('code')} {c['cameo']} "
              f"events {c['num_events']} articles {c['num_articles']} "
              f"sources {c['num_sources']} stories {c['num_stories']}")
        for m in c["members"][:4]:
            print(f"      {m['outlet']} {m['published']}: {m['evidence'][:100]}")
    return [d for (d,) in store.con.execute(
        "SELECT country_a || '-' || country_b FROM clusters WHERE country_a <> '-' AND "
        "country_b <> '-' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 5").fetchall()]


def _timings(db: Path, dyads: list[str]) -> None:
    """How long ``events --dyad`` (events and clusters) takes on a cold read-only open."""
    with open_store(db, read_only=True) as store:
        print("events --dyad timings (cold open, read-only):")
        for dyad in [*dyads, "CHN-PRK", "IDN-USA"]:
            t = time.perf_counter()
            n = len(find_events(store, EventFilter(dyad=dyad)))
            t_ev = time.perf_counter() - t
            t = time.perf_counter()
            k = len(find_clusters(store, EventFilter(dyad=dyad)))
            t_cl = time.perf_counter() - t
            print(f"  {dyad}: {n} events in {t_ev * 1000:.0f} ms; {k} clusters in "
                  f"{t_cl * 1000:.0f} ms")


def _cluster(store, cluster_id: str) -> dict:
    from peristiwa.store.query import cluster_record, query_rows

    [row] = list(query_rows(store, "SELECT * FROM clusters WHERE cluster_id = ?", [cluster_id]))
    c = cluster_record(row)
    c["members"] = list(query_rows(
        store, "SELECT e.outlet, e.published, e.sentence AS evidence FROM cluster_members m "
        "JOIN events e ON e.event_id = m.event_id AND e.doc_id = m.doc_id "
        "WHERE m.cluster_id = ? ORDER BY e.published", [cluster_id]))
    return c


if __name__ == "__main__":
    main()
