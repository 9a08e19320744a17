"""Benchmark ``peristiwa serve`` on a store (run by hand, not a test).

Usage: .venv/bin/python bench/bench_serve.py DB [--runs N] [--target-ms 500] [--shots DIR]

Starts the real app under uvicorn on a free localhost port (the store opened read-only),
picks pages from the store's own data (the busiest dyad and actors, the largest and newest
clusters, an unclustered event), requests every page, its JSON twin and the CSV tables N
times, and prints p50/p95/max per URL. URLs whose p95 is over the target are marked.
With --shots, Debian's chromium (headless, through Playwright) then takes a screenshot of
each kind of page into DIR.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import uvicorn

from peristiwa.store import open_store
from peristiwa.web import create_app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _one(con, sql: str, default=None):
    rows = con.execute(sql).fetchall()
    return rows[0] if rows else default


def _paths(store) -> list[str]:
    """Pages to time, chosen from what the store holds."""
    con = store.con
    dyad = _one(con, "SELECT country_a, country_b FROM clusters WHERE country_a <> '-' AND "
                     "country_b <> '-' AND country_a <> country_b GROUP BY ALL "
                     "ORDER BY count(*) DESC LIMIT 1", ("CHN", "PRK"))
    country = _one(con, "SELECT source_country FROM events WHERE source_country IS NOT NULL "
                        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", ("IDN",))[0]
    code = _one(con, "SELECT source_code FROM events WHERE length(source_code) > 3 "
                     "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", (country + "GOV",))[0]
    biggest = _one(con, "SELECT cluster_id FROM clusters ORDER BY num_articles DESC, "
                        "num_events DESC, cluster_id LIMIT 1")
    newest = _one(con, "SELECT cluster_id FROM clusters ORDER BY last_seen DESC NULLS LAST "
                       "LIMIT 1")
    lone = _one(con, "SELECT event_id FROM events WHERE mode <> 'asserted' LIMIT 1")
    outlet = _one(con, "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY 1 "
                       "ORDER BY count(*) DESC LIMIT 1")
    total = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    a, b = dyad
    pages = [
        "/", "/?by=week", "/events", f"/events?actor={country}&quad=4",
        f"/events?dyad={a}-{b}&code=04", "/events?q=presiden",
        f"/events?page={max(1, total // 50)}", "/events?per_page=500",
        f"/clusters?actor={country}", f"/dyad/{a}/{b}", f"/dyad/{a}/{b}?by=week",
        f"/actor/{country}", f"/actor/{code}", f"/actor/{country}?mode=all",
    ]
    if outlet:
        pages.append(f"/events?outlet={quote(outlet[0])}")
    for cid in dict.fromkeys(c[0] for c in (biggest, newest) if c):  # biggest first
        pages.append(f"/cluster/{cid}")
    if lone:
        pages.append(f"/event/{lone[0]}")
    paths = []
    for p in pages:
        paths.append(p)
        paths.append("/api/overview" + p[1:] if p.startswith("/?") or p == "/" else "/api" + p)
    paths += ["/api/events.csv", f"/api/events.csv?actor={country}", "/api/clusters.csv",
              "/api/overview.csv?table=dyads", f"/api/dyad/{a}/{b}.csv?table=events",
              f"/api/actor/{country}.csv", "/api/openapi.json", "/api", "/static/charts.js"]
    return paths


CHROMIUM = "/usr/bin/chromium"
_SHOT_HEIGHT = 2400  # a long page is cut here: the top is what a person sees first


def _shots(base: str, paths: list[str], out: Path, prefix: str) -> None:
    """Screenshot one page of each kind (overview, events, clusters, cluster, dyad, actor)."""
    from playwright.sync_api import sync_playwright

    kinds = {"overview": "/", "events": "/events", "clusters": "/clusters"}
    for p in paths:
        for kind in ("cluster", "dyad", "actor"):
            if p.startswith(f"/{kind}/") and kind not in kinds:
                kinds[kind] = p
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for kind, path in kinds.items():
            t0 = time.perf_counter()
            page.goto(base + path, wait_until="load")
            ms = (time.perf_counter() - t0) * 1000
            height = min(_SHOT_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
            file = out / f"{prefix}-{kind}.png"
            page.screenshot(path=str(file), full_page=True,
                            clip={"x": 0, "y": 0, "width": 1280, "height": height})
            print(f"  {file} ({path}, loaded and drawn in {ms:.0f} ms)")
        browser.close()


def _time(url: str, runs: int) -> tuple[list[float], int, int]:
    times, size, status = [], 0, 0
    for _ in range(runs):
        t0 = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as r:
            body = r.read()
            status = r.status
        times.append((time.perf_counter() - t0) * 1000)
        size = len(body)
    return times, size, status


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--target-ms", type=float, default=500.0)
    ap.add_argument("--shots", type=Path, help="Also take screenshots into this directory.")
    ap.add_argument("--prefix", help="Screenshot file name prefix (default: the DB's name).")
    args = ap.parse_args()

    store = open_store(args.db, read_only=True)
    t0 = time.perf_counter()
    app = create_app(store)
    t_app = (time.perf_counter() - t0) * 1000
    paths = _paths(store)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    counts = {t: store.count(t) for t in ("articles", "events", "clusters")}
    print(f"{args.db}: {counts}; app built in {t_app:.0f} ms; {args.runs} runs per URL "
          "(first run included)")
    print(f"{'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'KB':>8}  URL")
    slow = 0
    try:
        for path in paths:
            times, size, status = _time(base + path, args.runs)
            p50 = statistics.median(times)
            p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
            flag = ""
            if p95 > args.target_ms or status != 200:
                slow += 1
                flag = f"  <-- {'SLOW' if status == 200 else status}"
            print(f"{p50:>8.1f} {p95:>8.1f} {max(times):>8.1f} {size / 1024:>8.1f}  {path}{flag}")
        if args.shots:
            print(f"screenshots into {args.shots}:")
            _shots(base, paths, args.shots, args.prefix or args.db.stem)
    finally:
        server.should_exit = True
        thread.join(10)
        store.close()
    print(f"{len(paths)} URLs, {slow} over {args.target_ms:.0f} ms at p95 (or failing)")


if __name__ == "__main__":
    main()
