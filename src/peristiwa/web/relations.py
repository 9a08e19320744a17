"""Relations: a dyad over time, and an actor with its counterparts and network."""

from __future__ import annotations

import datetime as dt
from typing import Any

from peristiwa.store.db import Store
from peristiwa.store.query import dyad_series, query_rows
from peristiwa.web.queries import first_row, iso, web_record, window
from peristiwa.web.timeline import fill

__all__ = ["dyad_view", "dyad_event_rows", "actor_view", "COUNTERPART_COLUMNS",
           "DYAD_EVENT_COLUMNS"]

COUNTERPART_COLUMNS = ["counterpart", "events", "acts_on", "acted_on_by", "goldstein_mean",
                       "conflict", "first_day", "last_day"]
DYAD_EVENT_COLUMNS = ["bucket", "cluster_id", "date", "cameo", "root", "quad_class", "goldstein",
                      "source_code", "target_code", "num_articles", "num_sources", "sentence"]
_NETWORK_NODES = 15
_RECENT = 25


def dyad_view(store: Store, a: str, b: str, by: str | None = None,
              since: dt.date | None = None, until: dt.date | None = None) -> dict[str, Any]:
    """Two countries' clusters per bucket (by quad class, mean Goldstein, the clusters)."""
    x, y = sorted((a, b))
    where, params = "c.country_a = ? AND c.country_b = ?", [x, y]
    win = window(store, where, params, since, until, by)
    keys = win.pop("keys")
    buckets = []
    if keys:
        found = {dt.date.fromisoformat(bk.pop("bucket")): bk for bk in dyad_series(
            store, x, y, by=win["by"], since=dt.date.fromisoformat(win["since"]),
            until=dt.date.fromisoformat(win["until"]))}
        buckets = fill(keys, found, win["by"])
        for bk in buckets:
            bk.setdefault("items", [])
            bk.setdefault("events", 0)
    totals = first_row(store, f"""SELECT count(*) AS clusters, sum(num_events) AS events,
        sum(num_articles) AS articles, round(avg(goldstein), 3) AS goldstein_mean,
        count(*) FILTER (WHERE source_country = ?) AS by_a,
        count(*) FILTER (WHERE source_country = ?) AS by_b,
        count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,
        count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4
        FROM clusters c WHERE {where}""", [a, b, *params]) or {}
    return {"a": a, "b": b, "window": win, "totals": totals, "buckets": buckets}


def _actor_cols(code: str) -> tuple[str, str]:
    """The columns an actor is matched on: countries for CHN, full codes for CHNGOV."""
    if len(code) == 3:
        return "e.source_country", "e.target_country"
    return "e.source_code", "e.target_code"


def _extra(since: dt.date | None, until: dt.date | None, mode: str | None
           ) -> tuple[str, list[Any]]:
    sql, params = "", []
    if since:
        sql += " AND e.day >= ?"
        params.append(since)
    if until:
        sql += " AND e.day <= ?"
        params.append(until)
    if mode:
        sql += " AND e.mode = ?"
        params.append(mode)
    return sql, params


def actor_view(store: Store, code: str, since: dt.date | None = None,
               until: dt.date | None = None, mode: str | None = None) -> dict[str, Any]:
    """An actor's events as source and target, by quad and root; counterparts; network."""
    src, tgt = _actor_cols(code)
    extra, xp = _extra(since, until, mode)
    quads = {q: {"as_source": 0, "as_target": 0} for q in (1, 2, 3, 4)}
    totals = {"events": 0, "as_source": 0, "as_target": 0}
    for r in query_rows(store, f"""SELECT e.quad_class AS q, count(*) AS n,
            count(*) FILTER (WHERE {src} = ?) AS s, count(*) FILTER (WHERE {tgt} = ?) AS t
            FROM events e WHERE ({src} = ? OR {tgt} = ?){extra} GROUP BY ALL""",
                        [code, code, code, code, *xp]):
        totals["events"] += r["n"]
        totals["as_source"] += r["s"]
        totals["as_target"] += r["t"]
        if r["q"] in quads:
            quads[r["q"]] = {"as_source": r["s"], "as_target": r["t"]}
    roots = list(query_rows(store, f"""SELECT e.root, count(*) FILTER (WHERE {src} = ?) AS
            as_source, count(*) FILTER (WHERE {tgt} = ?) AS as_target FROM events e
            WHERE ({src} = ? OR {tgt} = ?){extra} GROUP BY ALL ORDER BY e.root""",
                             [code, code, code, code, *xp]))
    counterparts = []
    for r in query_rows(store, f"""SELECT other AS counterpart, count(*) AS events,
            count(*) FILTER (WHERE side = 's') AS acts_on,
            count(*) FILTER (WHERE side = 't') AS acted_on_by,
            round(avg(goldstein), 3) AS goldstein_mean,
            count(*) FILTER (WHERE quad_class >= 3) AS conflict,
            min(day) AS first_day, max(day) AS last_day
            FROM (SELECT {tgt} AS other, 's' AS side, e.goldstein, e.quad_class, e.day
                  FROM events e WHERE {src} = ?{extra}
                  UNION ALL SELECT {src}, 't', e.goldstein, e.quad_class, e.day
                  FROM events e WHERE {tgt} = ? AND {src} IS DISTINCT FROM {tgt}{extra})
            GROUP BY other ORDER BY events DESC, other NULLS LAST""",
                        [code, *xp, code, *xp]):
        r["first_day"], r["last_day"] = iso(r["first_day"]), iso(r["last_day"])
        counterparts.append(r)
    recent = [web_record(r) for r in query_rows(store, f"""
        SELECT e.*, m.cluster_id, a.story_id, a.title FROM events e
        LEFT JOIN articles a ON a.article_id = e.doc_id
        LEFT JOIN cluster_members m ON m.event_id = e.event_id AND m.doc_id = e.doc_id
        WHERE ({src} = ? OR {tgt} = ?){extra}
        ORDER BY e.day DESC NULLS LAST, e.published DESC NULLS LAST, e.doc_id, e.seq LIMIT ?""",
                                                 [code, code, *xp, _RECENT])]
    return {"actor": code, "level": "country" if len(code) == 3 else "code", "mode": mode,
            "totals": totals, "quads": quads, "roots": roots, "counterparts": counterparts,
            "recent": recent, "network": _network(store, code, counterparts, src, tgt, extra, xp)}


def _network(store: Store, code: str, counterparts: list[dict[str, Any]], src: str, tgt: str,
             extra: str, xp: list[Any]) -> dict[str, Any]:
    """The actor, its busiest counterparts, and every tie among them (undirected)."""
    others = [c["counterpart"] for c in counterparts
              if c["counterpart"] and c["counterpart"] != code][:_NETWORK_NODES]
    nodes = [code, *others]
    edges = list(query_rows(store, f"""SELECT least({src}, {tgt}) AS a,
            greatest({src}, {tgt}) AS b, count(*) AS events,
            round(avg(e.goldstein), 3) AS goldstein_mean
            FROM events e WHERE {src} IN (SELECT unnest(?::VARCHAR[]))
            AND {tgt} IN (SELECT unnest(?::VARCHAR[])) AND {src} <> {tgt}{extra}
            GROUP BY ALL ORDER BY events DESC, a, b""", [nodes, nodes, *xp]))
    weight = dict.fromkeys(nodes, 0)
    for e in edges:
        weight[e["a"]] += e["events"]
        weight[e["b"]] += e["events"]
    return {"nodes": [{"id": n, "events": weight[n], "center": n == code} for n in nodes],
            "edges": edges}


def dyad_event_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The dyad's clusters as flat rows, each with its bucket (for CSV)."""
    out = []
    for bk in view["buckets"]:
        for c in bk.get("items", []):
            out.append({"bucket": bk["bucket"], "cluster_id": c["cluster_id"], "date": c["date"],
                        "cameo": c["cameo"], "root": c["root"], "quad_class": c["quad_class"],
                        "goldstein": c["goldstein"],
                        "source_code": (c.get("source") or {}).get("code"),
                        "target_code": (c.get("target") or {}).get("code"),
                        "num_articles": c["num_articles"], "num_sources": c["num_sources"],
                        "sentence": c["sentence"]})
    return out

