"""The dashboard's queries: each page and its JSON twin call the same function here.

Built on the store's filters (peristiwa.store.query); every value is a bound parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from peristiwa.output import CSV_COLUMNS, flat_row
from peristiwa.store.db import Store
from peristiwa.store.query import (
    BUCKETS,
    cluster_record,
    event_where,
    query_rows,
    record_from_row,
)
from peristiwa.web.evidence import highlights
from peristiwa.web.params import BadRequest, EventQuery
from peristiwa.web.timeline import auto_bucket, bucket_keys, empty_quads, fill

__all__ = [
    "iso",
    "first_row",
    "web_record",
    "window",
    "trim_window",
    "overview",
    "events_page",
    "iter_event_rows",
    "clusters_page",
    "iter_cluster_rows",
    "cluster_detail",
    "event_detail",
    "EVENT_CSV_COLUMNS",
    "CLUSTER_CSV_COLUMNS",
]

EVENT_CSV_COLUMNS = CSV_COLUMNS + ["cluster_id", "story_id", "title"]
CLUSTER_CSV_COLUMNS = [
    "cluster_id", "date", "date_precision", "first_seen", "last_seen", "cameo", "root",
    "quad_class", "goldstein", "source_code", "source_country", "source_name", "target_code",
    "target_country", "target_name", "num_events", "num_articles", "num_stories",
    "num_sources", "location_name", "doc_id", "url", "sentence",
]
_EVENTS_FROM = """
FROM events e
LEFT JOIN articles a ON a.article_id = e.doc_id
LEFT JOIN cluster_members m ON m.event_id = e.event_id AND m.doc_id = e.doc_id
"""
_EVENT_COLS = "SELECT e.*, m.cluster_id, a.story_id, a.title "
# Newest reports first, then by the event's own date: ordered by event date alone, the
# plans and targets a text dates years ahead ("pada 2060") would head every list.
_ORDERS = {
    "newest": " ORDER BY e.published DESC NULLS LAST, e.day DESC NULLS LAST, e.doc_id, e.seq",
    "oldest": " ORDER BY e.published NULLS LAST, e.day NULLS LAST, e.doc_id, e.seq",
}
_CLUSTER_ORDERS = {
    "newest": " ORDER BY c.last_seen DESC NULLS LAST, c.day DESC NULLS LAST, c.cluster_id",
    "oldest": " ORDER BY c.first_seen NULLS LAST, c.day NULLS LAST, c.cluster_id",
}
_TOP = 15


def iso(v: Any) -> Any:
    """A date as ISO text; anything else unchanged."""
    return v.isoformat() if isinstance(v, dt.date) else v


def first_row(store: Store, sql: str, params: list[Any]) -> dict[str, Any] | None:
    """The first row of a parameterised query, as a dict (None: no rows)."""
    return next(query_rows(store, sql, params), None)


def _where(eq: EventQuery) -> tuple[str, list[Any]]:
    """The store's event filter plus outlet and evidence text, over ``events e``/``articles a``."""
    where, params = event_where(eq.filter)
    if eq.outlet:
        where += " AND a.outlet = ?"
        params.append(eq.outlet)
    if eq.q:
        where += " AND contains(lower(coalesce(e.sentence, '')), ?)"
        params.append(eq.q.lower())
    return where, params


def web_record(row: dict[str, Any]) -> dict[str, Any]:
    """An events row as an event record, with its article title and evidence highlights."""
    rec = record_from_row(row)
    rec["title"] = row.get("title")
    rec["highlights"] = highlights(rec)
    return rec


def _pages(total: int, eq: EventQuery) -> dict[str, Any]:
    pages = max(1, -(-total // eq.per_page))
    return {"total": total, "page": eq.page, "per_page": eq.per_page, "pages": pages,
            "filters": eq.args(), "order": eq.order}


def window(store: Store, where: str, params: list[Any], since: dt.date | None,
           until: dt.date | None, by: str | None) -> dict[str, Any]:
    """The chart's time window over ``clusters c``: as asked, or where the data is.

    Unasked, a few far-off dates (a war of 1948 recalled, a plan for 2045) would squeeze
    every other bar into a sliver, so the window leaves them out (see trim_window).
    """
    # Events dated only by a year ("in 2019") say little about when things happened and
    # would stretch the window to January: they do not place it.
    days = [(r["day"], r["n"]) for r in query_rows(
        store, f"SELECT c.day AS day, count(*) AS n FROM clusters c WHERE c.day IS NOT NULL "
        f"AND coalesce(c.date_precision, 'day') <> 'year' AND {where} "
        "GROUP BY c.day ORDER BY c.day", params)]
    first, last = (days[0][0], days[-1][0]) if days else (None, None)
    lo, hi = trim_window(days) if days and not since and not until else (first, last)
    auto = (lo, hi) != (first, last)
    lo, hi = since or lo, until or hi
    if lo and hi and lo > hi:
        lo, hi = (since, since) if since else (until, until)
    out = {"since": iso(lo), "until": iso(hi), "auto": auto, "first": iso(first),
           "last": iso(last), "by": by, "keys": [],
           "outside": sum(n for d, n in days if (lo and d < lo) or (hi and d > hi))}
    if not lo or not hi:
        out["by"] = by or "month"
        return out
    out["by"] = by = by or auto_bucket(lo, hi)
    keys = bucket_keys(lo, hi, by)
    if keys is None:
        raise BadRequest(f"by: {lo}..{hi} has too many {by}s to draw; choose a larger bucket "
                         "or a shorter since/until")
    out["keys"] = keys
    return out


def trim_window(days: list[tuple[dt.date, int]], share: float = 0.05, gap: float = 0.15
                ) -> tuple[dt.date, dt.date]:
    """The span of (day, count) pairs without its stray ends.

    With 50 events or more, the first and last 2% go. Then, at either end, a day goes while
    it is far from the rest (a gap of over a year and over ``gap`` of the span) and the days
    gone from that end hold at most ``share`` of the events.
    """
    total = sum(n for _, n in days)
    lo, hi = 0, len(days) - 1
    if total >= 50:
        cut = total * 0.02
        seen = 0
        while lo < hi and seen + days[lo][1] <= cut:
            seen += days[lo][1]
            lo += 1
        seen = 0
        while hi > lo and seen + days[hi][1] <= cut:
            seen += days[hi][1]
            hi -= 1
    budget = max(1, int(share * total)) if total >= 10 else 0
    left = right = 0
    while hi > lo:
        far = max(gap * (days[hi][0] - days[lo][0]).days, 366)
        if left + days[lo][1] <= budget and (days[lo + 1][0] - days[lo][0]).days > far:
            left += days[lo][1]
            lo += 1
        elif right + days[hi][1] <= budget and (days[hi][0] - days[hi - 1][0]).days > far:
            right += days[hi][1]
            hi -= 1
        else:
            break
    return days[lo][0], days[hi][0]


def _series(store: Store, where: str, params: list[Any], win: dict[str, Any]
            ) -> list[dict[str, Any]]:
    """Clusters per bucket and quad class with mean Goldstein, over the window's buckets."""
    keys = win.pop("keys")
    if not keys:
        return []
    # As in the store's dyad series: an event dated more coarsely than the bucket (only a
    # year, for months) is left out rather than piled onto the bucket's first day.
    fine = list(BUCKETS[:BUCKETS.index(win["by"]) + 1])
    sql = ("SELECT date_trunc(?, c.day)::DATE AS bucket, c.quad_class AS quad, "
           "count(*) AS n, sum(c.goldstein) AS gs FROM clusters c "
           f"WHERE c.day IS NOT NULL AND {where} AND c.day BETWEEN ? AND ? "
           "AND coalesce(c.date_precision, 'day') IN (SELECT unnest(?::VARCHAR[])) GROUP BY ALL")
    found: dict[dt.date, dict[str, Any]] = {}
    for r in query_rows(store, sql, [win["by"], *params, win["since"], win["until"], fine]):
        b = found.setdefault(r["bucket"], {"quad": empty_quads(), "clusters": 0, "_gs": 0.0})
        if r["quad"] in b["quad"]:
            b["quad"][r["quad"]] += r["n"]
        b["clusters"] += r["n"]
        b["_gs"] += r["gs"] or 0.0
    for b in found.values():
        b["goldstein_mean"] = round(b.pop("_gs") / b["clusters"], 3) if b["clusters"] else None
    return fill(keys, found, win["by"])


def overview(store: Store, since: dt.date | None = None, until: dt.date | None = None,
             by: str | None = None) -> dict[str, Any]:
    """Totals, clusters over time by quad class, top dyads and actors, newest clusters."""
    totals = first_row(store, """SELECT
        (SELECT count(*) FROM articles) AS articles,
        (SELECT count(*) FROM article_copies) AS copies,
        (SELECT count(*) FROM events) AS events,
        (SELECT count(*) FROM clusters) AS clusters,
        (SELECT count(DISTINCT outlet) FROM articles) AS outlets,
        (SELECT min(published) FROM articles) AS first_published,
        (SELECT max(published) FROM articles) AS last_published,
        (SELECT count(*) FROM dirty_blocks) AS pending_dyads""", []) or {}
    totals = {k: iso(v) for k, v in totals.items()}
    win = window(store, "TRUE", [], since, until, by)
    series = _series(store, "TRUE", [], win)
    rng, rng_params = "", []
    if since or until:
        rng = " AND c.day BETWEEN ? AND ?"
        rng_params = [since or dt.date.min, until or dt.date.max]
    dyads = list(query_rows(store, f"""
        SELECT c.country_a AS a, c.country_b AS b, count(*) AS clusters,
               sum(c.num_articles) AS articles, round(avg(c.goldstein), 2) AS goldstein_mean,
               count(*) FILTER (WHERE c.quad_class >= 3) AS conflict, max(c.day) AS last_day
        FROM clusters c WHERE c.country_a <> '-' AND c.country_b <> '-'{rng}
        GROUP BY ALL ORDER BY clusters DESC, a, b LIMIT ?""", [*rng_params, _TOP]))
    erng = rng.replace("c.day", "e.day")
    actors = list(query_rows(store, f"""
        SELECT code, count(*) AS events, count(*) FILTER (WHERE side = 's') AS as_source,
               count(*) FILTER (WHERE side = 't') AS as_target,
               round(avg(goldstein), 2) AS goldstein_mean
        FROM (SELECT e.source_code AS code, 's' AS side, e.goldstein FROM events e
              WHERE e.source_code IS NOT NULL AND e.mode = 'asserted'{erng}
              UNION ALL SELECT e.target_code, 't', e.goldstein FROM events e
              WHERE e.target_code IS NOT NULL AND e.mode = 'asserted'{erng})
        GROUP BY code ORDER BY events DESC, code LIMIT ?""",
                              [*rng_params, *rng_params, _TOP]))
    newest = [cluster_record(r) for r in query_rows(
        store, f"SELECT c.* FROM clusters c WHERE TRUE{rng} ORDER BY c.last_seen DESC NULLS "
        "LAST, c.day DESC NULLS LAST, c.num_articles DESC, c.cluster_id LIMIT ?",
        [*rng_params, _TOP])]
    for d in dyads:
        d["last_day"] = iso(d["last_day"])
    return {"totals": totals, "window": win, "series": series, "dyads": dyads,
            "actors": actors, "newest": newest, "zoom": _zoom(win)}


def _zoom(win: dict[str, Any]) -> list[dict[str, str]]:
    """Ready-made windows for the chart: the last months of the data, and all of it."""
    out = []
    if win["until"]:
        end = dt.date.fromisoformat(win["until"])
        for label, days in (("last 3 months", 91), ("last 12 months", 365)):
            start = dt.date.fromordinal(max(1, end.toordinal() - days))  # not before year 1
            out.append({"label": label, "since": start.isoformat(),
                        "until": end.isoformat()})
    if win["first"] and win["last"] and (win["first"], win["last"]) != (win["since"],
                                                                       win["until"]):
        out.append({"label": "every date", "since": win["first"], "until": win["last"]})
    return out


def events_page(store: Store, eq: EventQuery) -> dict[str, Any]:
    """One page of matching events (event records), newest first, with the total."""
    where, params = _where(eq)
    total = first_row(store, "SELECT count(*) AS n " + _EVENTS_FROM + " WHERE " + where,
                 params)["n"]
    sql = (_EVENT_COLS + _EVENTS_FROM + " WHERE " + where + _ORDERS[eq.order]
           + " LIMIT ? OFFSET ?")
    rows = query_rows(store, sql, [*params, eq.per_page, (eq.page - 1) * eq.per_page])
    return {**_pages(total, eq), "events": [web_record(r) for r in rows]}


def iter_event_rows(store: Store, eq: EventQuery) -> Iterator[dict[str, Any]]:
    """Every matching event as a flat CSV row (no paging)."""
    where, params = _where(eq)
    sql = _EVENT_COLS + _EVENTS_FROM + " WHERE " + where + _ORDERS[eq.order]
    for r in query_rows(store, sql, params):
        rec = record_from_row(r)
        row = flat_row(rec)
        row.update(cluster_id=r.get("cluster_id"), story_id=r.get("story_id"),
                   title=r.get("title"))
        yield row


def _cluster_where(eq: EventQuery) -> tuple[str, list[Any]]:
    where, params = _where(eq)
    return ("c.cluster_id IN (SELECT m.cluster_id " + _EVENTS_FROM + " WHERE " + where + ")",
            params)


def clusters_page(store: Store, eq: EventQuery) -> dict[str, Any]:
    """One page of clusters with a member event matching the filter, newest first."""
    where, params = _cluster_where(eq)
    total = first_row(store, f"SELECT count(*) AS n FROM clusters c WHERE {where}", params)["n"]
    rows = query_rows(store, f"SELECT c.* FROM clusters c WHERE {where}"
                      + _CLUSTER_ORDERS[eq.order] + " LIMIT ? OFFSET ?",
                      [*params, eq.per_page, (eq.page - 1) * eq.per_page])
    return {**_pages(total, eq), "clusters": [cluster_record(r) for r in rows]}


def iter_cluster_rows(store: Store, eq: EventQuery) -> Iterator[dict[str, Any]]:
    """Every matching cluster as a flat CSV row."""
    where, params = _cluster_where(eq)
    for r in query_rows(store, f"SELECT c.* FROM clusters c WHERE {where}"
                        + _CLUSTER_ORDERS[eq.order], params):
        yield {k: iso(r.get(k)) for k in CLUSTER_CSV_COLUMNS}


def _articles(store: Store, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every article behind some events: the coded ones, then their exact copies."""
    docs: dict[str, dict[str, Any]] = {}
    for rec in records:
        d = docs.setdefault(rec["doc_id"], {
            "doc_id": rec["doc_id"], "outlet": rec.get("outlet"),
            "published": rec.get("published"), "url": rec.get("url"),
            "title": rec.get("title"), "events": 0, "copy_of": None})
        d["events"] += 1
    copies = query_rows(store, "SELECT article_id AS doc_id, outlet, published, url, title, "
                        "copy_of FROM article_copies WHERE copy_of IN "
                        "(SELECT unnest(?::VARCHAR[])) ORDER BY published, article_id",
                        [list(docs)])
    out = list(docs.values())
    for c in copies:
        out.append({**c, "published": iso(c["published"]), "events": 0})
    return sorted(out, key=lambda d: (d["published"] or "9999", d["doc_id"]))


def cluster_detail(store: Store, cluster_id: str) -> dict[str, Any] | None:
    """A cluster: its coded record, its member events with evidence, and its articles."""
    row = first_row(store, "SELECT * FROM clusters WHERE cluster_id = ?", [cluster_id])
    if row is None:
        return None
    cluster = cluster_record(row)
    cluster.update(date_min=iso(row.get("date_min")), date_max=iso(row.get("date_max")),
                   block=row.get("block"))
    members = [web_record(r) for r in query_rows(
        store, _EVENT_COLS + _EVENTS_FROM + " WHERE m.cluster_id = ? "
        "ORDER BY e.published NULLS LAST, e.doc_id, e.seq", [cluster_id])]
    return {"cluster": cluster, "events": members, "articles": _articles(store, members)}


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event record (or the few sharing an id across articles) with its articles."""
    records = [web_record(r) for r in query_rows(
        store, _EVENT_COLS + _EVENTS_FROM + " WHERE e.event_id = ? ORDER BY e.doc_id",
        [event_id])]
    if not records:
        return None
    return {"events": records, "articles": _articles(store, records)}
