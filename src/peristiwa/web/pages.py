"""The pages: for each, its parameters, its query and its CSV tables (HTML and JSON share them)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from peristiwa.store.db import Store
from peristiwa.store.query import MODES
from peristiwa.web import queries
from peristiwa.web.params import (
    FILTER_NAMES,
    BadRequest,
    NotFound,
    Params,
    check_actor,
    check_country,
    event_query,
)
from peristiwa.web.relations import (
    COUNTERPART_COLUMNS,
    DYAD_EVENT_COLUMNS,
    actor_view,
    dyad_event_rows,
    dyad_view,
)
from peristiwa.web.vocab import Vocabulary

__all__ = ["Ctx", "Page", "CsvTable", "PAGES", "page_by_name"]

_ID = re.compile(r"^[0-9A-Za-z_.:-]{1,80}$")
_PAGED = FILTER_NAMES + ("page", "per_page", "order")


@dataclass(frozen=True, slots=True)
class Ctx:
    """What a page's query gets: the store (a per-request cursor), vocabulary, parameters."""

    store: Store
    vocab: Vocabulary
    params: Params
    path: dict[str, str]


@dataclass(frozen=True, slots=True)
class CsvTable:
    """A table to send as CSV: its file name, columns and rows (rows may stream)."""

    filename: str
    columns: list[str]
    rows: Iterable[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Page:
    """One page: HTML at ``path``, JSON at ``api``, CSV at ``api + '.csv'``."""

    name: str
    path: str
    api: str
    template: str
    summary: str
    params: tuple[str, ...]
    load: Callable[[Ctx], dict[str, Any]]
    csv: Callable[[Ctx], CsvTable] | None = None
    tables: tuple[str, ...] = ()  # CSV tables to choose from with ?table= (first: default)
    path_params: tuple[str, ...] = field(default=())


def _id(ctx: Ctx, name: str) -> str:
    value = ctx.path[name]
    if not _ID.match(value):
        raise BadRequest(f"{name}: {value[:40]!r} is not an id")
    return value


def _overview(ctx: Ctx) -> dict[str, Any]:
    since, until = ctx.params.date_range()
    return queries.overview(ctx.store, since, until, ctx.params.bucket(None))


def _table(ctx: Ctx, page: str, data: dict[str, Any], tables: dict[str, list[str]]
           ) -> CsvTable:
    name = ctx.params.choice("table", tuple(tables), next(iter(tables))) or ""
    rows = data[name]
    cols = tables[name]
    flat = [{c: r.get(c) for c in cols} if "quad" not in r else
            {**{c: r.get(c) for c in cols}, **{f"q{q}": n for q, n in r["quad"].items()}}
            for r in rows]
    return CsvTable(f"peristiwa-{page}-{name}.csv", cols, flat)


_SERIES = ["bucket", "clusters", "q1", "q2", "q3", "q4", "goldstein_mean"]


def _overview_csv(ctx: Ctx) -> CsvTable:
    data = _overview(ctx)
    data["newest"] = [{k: v for k, v in c.items() if not isinstance(v, dict)}
                      for c in data["newest"]]
    return _table(ctx, "overview", data, {
        "series": _SERIES,
        "dyads": ["a", "b", "clusters", "articles", "goldstein_mean", "conflict", "last_day"],
        "actors": ["code", "events", "as_source", "as_target", "goldstein_mean"],
        "newest": ["cluster_id", "date", "cameo", "quad_class", "goldstein", "num_articles",
                   "num_sources", "first_seen", "last_seen", "sentence"],
    })


def _events(ctx: Ctx) -> dict[str, Any]:
    return queries.events_page(ctx.store, event_query(ctx.params, ctx.vocab))


def _events_csv(ctx: Ctx) -> CsvTable:
    eq = event_query(ctx.params, ctx.vocab, paged=False)
    return CsvTable("peristiwa-events.csv", queries.EVENT_CSV_COLUMNS,
                    queries.iter_event_rows(ctx.store, eq))


def _clusters(ctx: Ctx) -> dict[str, Any]:
    return queries.clusters_page(ctx.store, event_query(ctx.params, ctx.vocab))


def _clusters_csv(ctx: Ctx) -> CsvTable:
    eq = event_query(ctx.params, ctx.vocab, paged=False)
    return CsvTable("peristiwa-clusters.csv", queries.CLUSTER_CSV_COLUMNS,
                    queries.iter_cluster_rows(ctx.store, eq))


def _cluster(ctx: Ctx) -> dict[str, Any]:
    cid = _id(ctx, "cluster_id")
    data = queries.cluster_detail(ctx.store, cid)
    if data is None:
        raise NotFound(f"no event cluster {cid!r} in this store")
    return data


def _event(ctx: Ctx) -> dict[str, Any]:
    eid = _id(ctx, "event_id")
    data = queries.event_detail(ctx.store, eid)
    if data is None:
        raise NotFound(f"no event {eid!r} in this store")
    return data


def _dyad(ctx: Ctx) -> dict[str, Any]:
    a = check_country(ctx.path["a"], ctx.vocab, "a")
    b = check_country(ctx.path["b"], ctx.vocab, "b")
    since, until = ctx.params.date_range()
    view = dyad_view(ctx.store, a, b, ctx.params.bucket(None), since, until)
    point = ctx.params.date("point")
    view["point"] = point.isoformat() if point else None
    return view


def _dyad_csv(ctx: Ctx) -> CsvTable:
    view = _dyad(ctx)
    data = {"series": view["buckets"], "events": dyad_event_rows(view)}
    return _table(ctx, f"dyad-{view['a']}-{view['b']}", data,
                  {"series": _SERIES, "events": DYAD_EVENT_COLUMNS})


def _actor_code(ctx: Ctx) -> str:
    raw = ctx.path["code"]
    if not re.fullmatch(r"[A-Za-z0-9]{3,30}", raw):
        raise BadRequest(f"code: {raw[:40]!r} is not an actor code (CHN, CHNGOV)")
    try:
        code = check_actor(raw.upper(), ctx.vocab, "code")
    except BadRequest:
        raise NotFound(f"no actor {raw!r}: not a known country or actor code") from None
    return code


def _actor(ctx: Ctx) -> dict[str, Any]:
    code = _actor_code(ctx)
    since, until = ctx.params.date_range()
    # Negated and hypothetical events did not happen: counted only when asked for.
    mode = ctx.params.choice("mode", (*MODES, "all"), "asserted")
    return actor_view(ctx.store, code, since, until, None if mode == "all" else mode)


def _actor_csv(ctx: Ctx) -> CsvTable:
    view = _actor(ctx)
    data = {"counterparts": view["counterparts"],
            "roots": view["roots"],
            "network": view["network"]["edges"]}
    return _table(ctx, f"actor-{view['actor']}", data, {
        "counterparts": COUNTERPART_COLUMNS,
        "roots": ["root", "as_source", "as_target"],
        "network": ["a", "b", "events", "goldstein_mean"],
    })


PAGES: list[Page] = [
    Page("overview", "/", "/api/overview", "overview.html",
         "Totals, events over time by quad class, most active dyads and actors, newest "
         "event clusters.", ("since", "until", "by"), _overview, _overview_csv,
         ("series", "dyads", "actors", "newest")),
    Page("events", "/events", "/api/events", "events.html",
         "Event records matching the filters, newest first, one page at a time (CSV: all).",
         _PAGED, _events, _events_csv),
    Page("clusters", "/clusters", "/api/clusters", "clusters.html",
         "Event clusters (each real-world event once) with a member event matching the "
         "filters (CSV: all).", _PAGED, _clusters, _clusters_csv),
    Page("cluster", "/cluster/{cluster_id}", "/api/cluster/{cluster_id}", "cluster.html",
         "One event cluster: the coded record, every article that reported it, and each "
         "report's evidence with source, target and trigger spans.", (), _cluster,
         path_params=("cluster_id",)),
    Page("event", "/event/{event_id}", "/api/event/{event_id}", "cluster.html",
         "One event record (for events in no cluster: negated or hypothetical ones).", (),
         _event, path_params=("event_id",)),
    Page("dyad", "/dyad/{a}/{b}", "/api/dyad/{a}/{b}", "dyad.html",
         "Two countries over time: clusters per bucket by quad class, mean Goldstein, and "
         "the clusters behind each bucket.", ("since", "until", "by", "point"), _dyad,
         _dyad_csv, ("series", "events"), ("a", "b")),
    Page("actor", "/actor/{code}", "/api/actor/{code}", "actor.html",
         "An actor (country CHN or code CHNGOV): its events as source and target, its "
         "counterparts and the network among them.", ("since", "until", "mode"), _actor,
         _actor_csv, ("counterparts", "roots", "network"), ("code",)),
]


def page_by_name(name: str) -> Page:
    """The page called ``name``."""
    return next(p for p in PAGES if p.name == name)
