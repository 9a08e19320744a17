"""Queries over a store: events, clusters, dyad time series (shared by the CLI and the API).

Every filter value reaches DuckDB as a bound parameter; only fixed SQL text is joined.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from peristiwa.store.db import Store

__all__ = [
    "EventFilter",
    "QueryError",
    "parse_dyad",
    "event_where",
    "EVENT_SELECT",
    "iter_events",
    "find_events",
    "find_clusters",
    "dyad_series",
    "record_from_row",
    "cluster_record",
    "query_rows",
    "BUCKETS",
    "MODES",
]

BUCKETS = ("day", "week", "month", "year")
_PRECISIONS = ("day", "week", "month", "year")  # date precisions, finest first
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z0-9]{3})+$")
_CAMEO = re.compile(r"^\d{2,4}$")
MODES = ("asserted", "negated", "hypothetical")


class QueryError(ValueError):
    """A filter value that cannot be understood (a bad dyad, code or quad class)."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What to select. ``actor`` is a country (CHN), a full actor code (CHNGOV) or a name."""

    actor: str | None = None
    dyad: str | None = None
    code: str | None = None
    quad: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    mode: str | None = None
    limit: int | None = None


def parse_dyad(text: str) -> tuple[str, str, bool]:
    """``CHN-PRK`` (either direction) or ``CHN>PRK`` (CHN acting on PRK): (a, b, directed)."""
    m = re.match(r"^\s*([A-Za-z0-9]+)\s*([->])\s*([A-Za-z0-9]+)\s*$", text or "")
    if not m:
        raise QueryError(f"bad dyad {text!r}: write two actor codes as CHN-PRK (or CHN>PRK "
                         "for one direction)")
    a, b = m.group(1).upper(), m.group(3).upper()
    for side in (a, b):
        if not (_COUNTRY.match(side) or _CODE.match(side)):
            raise QueryError(f"bad actor code {side!r} in dyad {text!r}")
    return a, b, m.group(2) == ">"


def _side(side: str, code: str, params: list[Any]) -> str:
    params.append(code)
    if len(code) == 3:
        return f"e.{side}_country = ?"
    return f"starts_with(coalesce(e.{side}_code, ''), ?)"


def event_where(f: EventFilter) -> tuple[str, list[Any]]:
    """A WHERE clause over ``events e`` and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if f.actor:
        actor = f.actor.strip()
        if _COUNTRY.match(actor):
            clauses.append("(e.source_country = ? OR e.target_country = ?)")
            params += [actor, actor]
        elif _CODE.match(actor):
            clauses.append("(e.source_code = ? OR e.target_code = ?)")
            params += [actor, actor]
        else:  # a person's or body's name, as coded or as written
            clauses.append("(" + " OR ".join(
                f"contains(lower(coalesce(e.{c}, '')), ?)"
                for c in ("source_name", "target_name", "source_text", "target_text")) + ")")
            params += [actor.lower()] * 4
    if f.dyad:
        a, b, directed = parse_dyad(f.dyad)
        forward = f"({_side('source', a, params)} AND {_side('target', b, params)})"
        if directed:
            clauses.append(forward)
        else:
            back = f"({_side('source', b, params)} AND {_side('target', a, params)})"
            clauses.append(f"({forward} OR {back})")
    if f.code:
        code = f.code.strip()
        if not _CAMEO.match(code):
            raise QueryError(f"bad CAMEO code {code!r}: give a root (04) or a code (042)")
        if len(code) == 2:
            clauses.append("e.root = ?")
        else:
            clauses.append("starts_with(e.cameo, ?)")
        params.append(code)
    if f.quad is not None:
        if f.quad not in (1, 2, 3, 4):
            raise QueryError(f"bad quad class {f.quad}: 1 to 4")
        clauses.append("e.quad_class = ?")
        params.append(f.quad)
    if f.since:
        clauses.append("e.day >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("e.day <= ?")
        params.append(f.until)
    if f.mode:
        if f.mode not in MODES:
            raise QueryError(f"bad mode {f.mode!r}: one of {', '.join(MODES)}")
        clauses.append("e.mode = ?")
        params.append(f.mode)
    return (" AND ".join(clauses) or "TRUE"), params


EVENT_SELECT = """
SELECT e.*, m.cluster_id, a.story_id
FROM events e
LEFT JOIN cluster_members m ON m.event_id = e.event_id AND m.doc_id = e.doc_id
LEFT JOIN articles a ON a.article_id = e.doc_id
"""
_ORDER = " ORDER BY e.day NULLS LAST, e.published, e.doc_id, e.seq"


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def record_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """An events-table row as the event-record JSON object (plus cluster_id, story_id)."""
    def actor(side: str) -> dict | None:
        if row.get(f"{side}_code") is None and row.get(f"{side}_text") is None:
            return None
        return {"text": row.get(f"{side}_text"), "name": row.get(f"{side}_name"),
                "code": row.get(f"{side}_code"), "country": row.get(f"{side}_country"),
                "agent": row.get(f"{side}_agent"),
                "span": [row.get(f"{side}_start"), row.get(f"{side}_end")]}

    loc = None
    if row.get("location_name") is not None:
        loc = {"name": row["location_name"], "country": row.get("location_country"),
               "lat": row.get("location_lat"), "lon": row.get("location_lon")}
    rec = {
        "event_id": row["event_id"], "doc_id": row["doc_id"], "url": row.get("url"),
        "outlet": row.get("outlet"), "published": _iso(row.get("published")),
        "date": row.get("date"), "date_precision": row.get("date_precision"),
        "date_basis": row.get("date_basis"), "source": actor("source"),
        "target": actor("target"), "cameo": row["cameo"], "root": row["root"],
        "quad_class": row.get("quad_class"), "goldstein": row.get("goldstein"),
        "plover": row.get("plover"), "mode": row.get("mode"),
        "trigger": {"text": row.get("trigger_text"),
                    "span": [row.get("trigger_start"), row.get("trigger_end")]},
        "location": loc, "sentence": row.get("sentence"),
        "sentence_span": [row.get("sentence_start"), row.get("sentence_end")],
        "confidence": row.get("confidence"),
    }
    for extra in ("cluster_id", "story_id"):
        if extra in row:
            rec[extra] = row[extra]
    return rec


def query_rows(store: Store, sql: str, params: list[Any],
               size: int = 2000) -> Iterator[dict[str, Any]]:
    """Run a parameterised query on its own cursor and stream rows as dicts."""
    cur = store.con.cursor()  # its own cursor: callers may query while iterating
    try:
        cur.execute(sql, params)
        names = [d[0] for d in cur.description]
        while chunk := cur.fetchmany(size):
            for r in chunk:
                yield dict(zip(names, r, strict=True))
    finally:
        cur.close()


def iter_events(store: Store, f: EventFilter | None = None) -> Iterator[dict[str, Any]]:
    """Stream matching events as event-record dicts, in date order."""
    f = f or EventFilter()
    where, params = event_where(f)
    sql = EVENT_SELECT + " WHERE " + where + _ORDER
    if f.limit is not None:
        sql += " LIMIT ?"
        params.append(f.limit)
    for row in query_rows(store, sql, params):
        yield record_from_row(row)


def find_events(store: Store, f: EventFilter | None = None) -> list[dict[str, Any]]:
    """Matching events as a list of event-record dicts."""
    f = f or EventFilter()
    return list(iter_events(store, f))


_MEMBERS_SQL = """
SELECT m.cluster_id, e.event_id, e.doc_id, a.outlet, a.url, e.published, e.date, e.cameo,
       e.source_code, e.target_code, e.trigger_text, e.sentence, a.story_id
FROM cluster_members m
JOIN events e ON e.event_id = m.event_id AND e.doc_id = m.doc_id
JOIN articles a ON a.article_id = e.doc_id
WHERE m.cluster_id IN (SELECT unnest(?::VARCHAR[]))
ORDER BY e.published NULLS LAST, e.doc_id, e.seq
"""


def cluster_record(row: dict[str, Any]) -> dict[str, Any]:
    """A clusters-table row as a JSON-ready object (members are added by find_clusters)."""
    def actor(side: str) -> dict | None:
        if not row.get(f"{side}_country"):
            return None
        return {k: row.get(f"{side}_{k}") for k in ("code", "country", "agent", "name")}

    loc = None
    if row.get("location_name") is not None:
        loc = {"name": row["location_name"], "country": row.get("location_country"),
               "lat": row.get("location_lat"), "lon": row.get("location_lon")}
    out = {k: _iso(row.get(k)) for k in (
        "cluster_id", "date", "date_precision", "first_seen", "last_seen", "cameo", "root",
        "quad_class", "goldstein", "num_events", "num_articles", "num_stories", "num_sources")}
    out.update(source=actor("source"), target=actor("target"), location=loc,
               doc_id=row.get("doc_id"), url=row.get("url"), sentence=row.get("sentence"))
    return out


def find_clusters(store: Store, f: EventFilter | None = None, *, members: bool = True
                  ) -> list[dict[str, Any]]:
    """Clusters with at least one member event matching ``f``, each with its member events."""
    f = f or EventFilter()
    where, params = event_where(f)
    sql = ("SELECT c.* FROM clusters c WHERE c.cluster_id IN ("
           "SELECT m.cluster_id FROM cluster_members m "
           "JOIN events e ON e.event_id = m.event_id AND e.doc_id = m.doc_id WHERE "
           + where + ") ORDER BY c.day NULLS LAST, c.first_seen, c.cluster_id")
    if f.limit is not None:
        sql += " LIMIT ?"
        params.append(f.limit)
    out = [cluster_record(r) for r in query_rows(store, sql, params)]
    if members and out:
        by_id = {c["cluster_id"]: c for c in out}
        for c in out:
            c["members"] = []
        for r in query_rows(store, _MEMBERS_SQL, [list(by_id)]):
            cid = r.pop("cluster_id")
            r["published"] = _iso(r["published"])
            r["evidence"] = r.pop("sentence")
            by_id[cid]["members"].append(r)
    return out


def dyad_series(store: Store, a: str, b: str, *, by: str = "month",
                since: dt.date | None = None, until: dt.date | None = None
                ) -> list[dict[str, Any]]:
    """Per time bucket: clusters per quad class, mean Goldstein, and the clusters themselves.

    Counts are of clusters (real-world events), not of event records, so an event reported
    by five outlets counts once. The pair is unordered: A acting on B and B acting on A.
    Events dated more coarsely than the bucket (only a year, for months) are left out.
    """
    if by not in BUCKETS:
        raise QueryError(f"bad bucket {by!r}: one of {', '.join(BUCKETS)}")
    a, b, _ = parse_dyad(f"{a}-{b}")
    if len(a) != 3 or len(b) != 3:
        raise QueryError("dyad takes two countries (CHN PRK)")
    x, y = sorted((a, b))
    fine = list(_PRECISIONS[:BUCKETS.index(by) + 1])
    sql = ("SELECT date_trunc(?, c.day)::DATE AS bucket, c.* FROM clusters c "
           "WHERE c.country_a = ? AND c.country_b = ? AND c.day IS NOT NULL "
           "AND coalesce(c.date_precision, 'day') IN (SELECT unnest(?::VARCHAR[]))")
    params: list[Any] = [by, x, y, fine]
    if since:
        sql += " AND c.day >= ?"
        params.append(since)
    if until:
        sql += " AND c.day <= ?"
        params.append(until)
    sql += " ORDER BY bucket, c.day, c.cluster_id"
    buckets: dict[dt.date, dict[str, Any]] = {}
    for row in query_rows(store, sql, params):
        key = row.pop("bucket")
        bk = buckets.setdefault(key, {"bucket": key.isoformat(), "quad": {1: 0, 2: 0, 3: 0, 4: 0},
                                      "clusters": 0, "events": 0, "goldstein_sum": 0.0,
                                      "items": []})
        bk["quad"][row["quad_class"]] = bk["quad"].get(row["quad_class"], 0) + 1
        bk["clusters"] += 1
        bk["events"] += row["num_events"]
        bk["goldstein_sum"] += row["goldstein"] or 0.0
        bk["items"].append(cluster_record(row))
    out = []
    for bk in buckets.values():
        total = bk.pop("goldstein_sum")
        bk["goldstein_mean"] = round(total / bk["clusters"], 3) if bk["clusters"] else None
        out.append(bk)
    return out
