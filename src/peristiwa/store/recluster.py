"""Keep the clusters table in step with the events: recompute the clusters of dirty blocks.

Each ingest batch marks the blocks (root + country pair) its events fall in as dirty, in the
batch's own transaction; ``recluster`` then recomputes every dirty block from all its
events and clears the mark, chunk by chunk, each chunk one transaction. A run killed at any
point leaves the marks of unfinished work, and the next run finishes it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

import duckdb
import pyarrow as pa

from peristiwa.store.clusters import Member, block_key, cluster_block, summarise

__all__ = ["recluster", "mark_dirty", "backfill_blocks"]

log = logging.getLogger(__name__)

_MEMBER_SQL = """
SELECT e.event_id, e.doc_id, e.block, e.root, e.cameo, e.source_country, e.source_agent,
       e.target_country, e.target_agent, e.date, e.date_precision, e.date_basis, a.published,
       a.outlet, a.story_id, e.seq, e.confidence,
       e.source_code, e.source_name, e.target_code, e.target_name, e.quad_class, e.goldstein,
       e.location_name, e.location_country, e.location_lat, e.location_lon, a.url, e.sentence
FROM events e JOIN articles a ON a.article_id = e.doc_id
WHERE e.block IN (SELECT block FROM _peristiwa_blocks)
"""
_EXTRA = ("source_code", "source_name", "target_code", "target_name", "quad_class", "goldstein",
          "location_name", "location_country", "location_lat", "location_lon", "url", "sentence")


def _members(con: duckdb.DuckDBPyConnection) -> dict[str, list[Member]]:
    cur = con.execute(_MEMBER_SQL)
    names = [d[0] for d in cur.description]
    n_core = names.index("source_code")
    out: dict[str, list[Member]] = {}
    for row in cur.fetchall():
        core = dict(zip(names[:n_core], row[:n_core], strict=True))
        core["seq"] = core["seq"] or 0
        core["confidence"] = core["confidence"] or 0.0
        m = Member(**core, extra=dict(zip(_EXTRA, row[n_core:], strict=True)))
        out.setdefault(m.block, []).append(m)
    return out


def _copies(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str | None, dt.date | None]]]:
    rows = con.execute(
        "SELECT copy_of, outlet, published FROM article_copies WHERE copy_of IN "
        "(SELECT doc_id FROM events WHERE block IN (SELECT block FROM _peristiwa_blocks))"
    ).fetchall()
    out: dict[str, list[tuple[str | None, dt.date | None]]] = {}
    for copy_of, outlet, published in rows:
        out.setdefault(copy_of, []).append((outlet, published))
    return out


def recluster(con: duckdb.DuckDBPyConnection, *, transaction: bool = True,
              chunk: int = 2000) -> tuple[int, int]:
    """Recompute the clusters of every dirty block; return (blocks, clusters written)."""
    blocks = [r[0] for r in con.execute("SELECT block FROM dirty_blocks ORDER BY block").fetchall()]
    n_clusters = 0
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for i in range(0, len(blocks), chunk):
        part = pa.table({"block": pa.array(blocks[i:i + chunk], pa.string())})
        con.register("_peristiwa_blocks", part)
        try:
            by_block = _members(con)
            copies = _copies(con)
            rows, links = [], []
            for block in sorted(by_block):
                for group in cluster_block(by_block[block]):
                    row = summarise(group, copies, now)
                    rows.append(row)
                    links.extend((row["cluster_id"], m.event_id, m.doc_id) for m in group)
            if transaction:
                con.execute("BEGIN TRANSACTION")
            try:
                _replace(con, rows, links)
                if transaction:
                    con.execute("COMMIT")
            except BaseException:
                if transaction:
                    con.execute("ROLLBACK")
                raise
        finally:
            con.unregister("_peristiwa_blocks")
        n_clusters += len(rows)
    if blocks:
        log.info("reclustered %d blocks into %d clusters", len(blocks), n_clusters)
    return len(blocks), n_clusters


def _replace(con: duckdb.DuckDBPyConnection, rows: list[dict], links: list[tuple]) -> None:
    sel = "SELECT block FROM _peristiwa_blocks"
    con.execute("DELETE FROM cluster_members WHERE cluster_id IN "
                f"(SELECT cluster_id FROM clusters WHERE block IN ({sel}))")
    con.execute(f"DELETE FROM clusters WHERE block IN ({sel})")
    if rows:
        table = pa.Table.from_pylist(rows)
        con.register("_peristiwa_clusters", table)
        try:
            con.execute("INSERT INTO clusters BY NAME SELECT * FROM _peristiwa_clusters")
        finally:
            con.unregister("_peristiwa_clusters")
        ids, eids, dids = zip(*links, strict=True)
        members = pa.table({"cluster_id": list(ids), "event_id": list(eids), "doc_id": list(dids)})
        con.register("_peristiwa_members", members)
        try:
            con.execute("INSERT INTO cluster_members BY NAME SELECT * FROM _peristiwa_members")
        finally:
            con.unregister("_peristiwa_members")
    con.execute(f"DELETE FROM dirty_blocks WHERE block IN ({sel})")


def mark_dirty(con: duckdb.DuckDBPyConnection, blocks: Iterable[str | None]) -> None:
    """Queue blocks for reclustering (in the caller's transaction)."""
    todo = sorted({b for b in blocks if b})
    if not todo:
        return
    con.register("_peristiwa_dirty", pa.table({"block": pa.array(todo, pa.string())}))
    try:
        con.execute("INSERT OR IGNORE INTO dirty_blocks SELECT block FROM _peristiwa_dirty")
    finally:
        con.unregister("_peristiwa_dirty")


def backfill_blocks(con: duckdb.DuckDBPyConnection) -> int:
    """Set events.block for events stored before clustering existed, and cluster them."""
    combos = con.execute(
        "SELECT DISTINCT e.root, e.mode, e.source_country, e.target_country, "
        "CASE WHEN e.source_country IS NULL OR e.target_country IS NULL THEN a.story_id END "
        "FROM events e JOIN articles a ON a.article_id = e.doc_id WHERE e.block IS NULL"
    ).fetchall()
    mapping = [(*c, block_key(*c)) for c in combos]
    mapping = [m for m in mapping if m[5]]
    if mapping:
        cols = list(zip(*mapping, strict=True))
        table = pa.table({n: pa.array(v, pa.string()) for n, v in zip(
            ("root", "mode", "sc", "tc", "story", "block"), cols, strict=True)})
        con.register("_peristiwa_map", table)
        try:
            con.execute(
                "UPDATE events SET block = m.block FROM _peristiwa_map m, articles a "
                "WHERE a.article_id = events.doc_id AND events.root = m.root "
                "AND events.mode = m.mode "
                "AND events.source_country IS NOT DISTINCT FROM m.sc "
                "AND events.target_country IS NOT DISTINCT FROM m.tc "
                "AND (m.story IS NULL OR a.story_id = m.story)")
        finally:
            con.unregister("_peristiwa_map")
        mark_dirty(con, (m[5] for m in mapping))
    return recluster(con, transaction=False)[1]
