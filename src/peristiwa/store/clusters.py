"""Event clusters: the event records of many articles that report one real-world event.

Which events are the same event:

* **Block** — same CAMEO root and same pair of actor countries. For the cooperative roots
  (03 intend to cooperate, 04 consult, 05 diplomatic and 06 material cooperation) the pair
  is unordered: "A met B" and "B met A" are one meeting, and outlets write it either way
  (seed 002 says the North Korean delegation met Chinese officials, seed 003 the reverse).
  For every other root direction is the event: an accusation by A and B's counter-accusation
  on the same day are two events. Only ``asserted`` events are clustered: a planned or denied
  visit did not happen.
* **Both actors known** — an event with one side missing (a statement, a launch without a
  target) is matched only within its own story, i.e. with syndicated copies of its report:
  on the 15k corpus, merging such events across articles produced the largest and most
  obviously wrong clusters (sixty unrelated Indonesian statements of praise on one day).
* **Actors at country+agent level, compatible rather than equal** — each side's agent is
  reduced to a class (GOV, LEG, PTY, JUD and ELI are one "state" class: outlets call one
  Chinese official a legislator, a party leader or a government official, and the seeds'
  gold accepts CHNLEG, CHNPTY and CHNGOV for the same man); a side with no agent (a bare
  country: "Korea Utara") fits any class. The military, police, rebels, opposition,
  civilians and so on are classes of their own, so PRKMIL firing missiles and a PRKGOV
  statement on the same day stay apart.
* **Dates that can be the same day, give or take a day**, on the event's own date (not the
  publication date). Each event stands for a range of days: its day; the week or month of a
  coarser date; and, for an event the text gives no time for (date basis ``published``), the
  publication day and the three days before it (news reports the last few days; seed 002, a
  translated wire, appeared three days after the meeting it reports). Widened by one day on
  each side (outlets disagree by a day: time zones, the wire's date vs "Kamis"), the ranges
  of all members of a cluster must share a day: two day-dated reports are at most two days
  apart, which also holds a visit's meetings on consecutive days together, and a month of
  daily clashes never chains into one event (complete linkage, not single). Events are
  placed narrowest range first, each into the compatible cluster with most articles. A
  year-precise date ("pada 2019") only joins other events of that year.

GDELT's 15-minute window splits one meeting into many; Phoenix's one-per-day filter merges
unrelated events of a dyad and splits a two-day visit. This does neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

__all__ = [
    "SYMMETRIC_ROOTS",
    "WINDOW_DAYS",
    "PUBLISHED_LAG",
    "STATE_AGENTS",
    "Member",
    "block_key",
    "agent_class",
    "date_range",
    "cluster_block",
    "summarise",
    "recluster",
    "backfill_blocks",
    "mark_dirty",
]

log = logging.getLogger(__name__)

SYMMETRIC_ROOTS = frozenset({"03", "04", "05", "06"})
WINDOW_DAYS = 2  # two day-dated reports of one event are at most this far apart
PUBLISHED_LAG = 3  # an event dated only by publication happened up to this many days before
STATE_AGENTS = frozenset({"GOV", "LEG", "PTY", "JUD", "ELI"})
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def block_key(root: str | None, mode: str | None, source_country: str | None,
              target_country: str | None, story: str | None = None) -> str | None:
    """The block an event is clustered in (root + country pair), or None if never clustered.

    An event with one actor unknown ("Indonesia menyambut baik...") says too little to be
    matched with other outlets' events: it only joins events of its own story (syndicated
    copies of the same report).
    """
    if mode != "asserted" or not root or not (source_country or target_country):
        return None
    a, b = source_country or "-", target_country or "-"
    if "-" in (a, b):
        return f"{root}:{a}>{b}@{story or ''}"
    if root in SYMMETRIC_ROOTS:
        a, b = sorted((a, b))
        return f"{root}:{a}|{b}"
    return f"{root}:{a}>{b}"


def agent_class(agent: str | None) -> str | None:
    """The agent class compared across reports; None (a bare country) fits any class."""
    if not agent:
        return None
    return "STATE" if agent in STATE_AGENTS else agent


def date_range(date: str | None, precision: str | None) -> tuple[dt.date, dt.date] | None:
    """The days an event date may stand for."""
    m = _ISO.match(date or "")
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            day = dt.date(y, int(mo), int(d))
            if precision == "week":  # the anchor day may be any day of that week
                return day - dt.timedelta(days=6), day + dt.timedelta(days=6)
            if precision == "month":
                return day.replace(day=1), _month_end(day)
            if precision == "year":
                return dt.date(y, 1, 1), dt.date(y, 12, 31)
            return day, day
        if mo:
            first = dt.date(y, int(mo), 1)
            return first, _month_end(first)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None


def _month_end(day: dt.date) -> dt.date:
    nxt = day.replace(day=28) + dt.timedelta(days=4)
    return nxt - dt.timedelta(days=nxt.day)


@dataclass(slots=True)
class Member:
    """One event record as the clusterer sees it (a row of events joined to its article)."""

    event_id: str
    doc_id: str
    block: str
    root: str
    cameo: str
    source_country: str | None = None
    source_agent: str | None = None
    target_country: str | None = None
    target_agent: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_basis: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    story_id: str | None = None
    seq: int = 0
    confidence: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)  # codes, location, url, sentence...

    @property
    def span(self) -> tuple[dt.date, dt.date] | None:
        """The days this event may have happened on."""
        r = date_range(self.date, self.date_precision)
        if r and r[0] == r[1] and self.date_basis == "published":
            return r[0] - dt.timedelta(days=PUBLISHED_LAG), r[1]
        return r

    @property
    def tier(self) -> int:
        """How much the event's date says: 0 a day from the text, 1 the publication day,
        2 a week or month, 3 a year, 4 nothing."""
        r = date_range(self.date, self.date_precision)
        if r is None:
            return 4
        if r[0] == r[1]:
            return 1 if self.date_basis == "published" else 0
        return 3 if self.date_precision == "year" or (r[1] - r[0]).days >= 365 else 2


_SLACK = dt.timedelta(days=WINDOW_DAYS // 2)


class _Cluster:
    __slots__ = ("members", "slots", "lo", "hi", "symmetric", "docs", "index")

    def __init__(self, first: Member, symmetric: bool, index: int = 0):
        self.index = index  # creation order: ties go to the earlier cluster
        self.members: list[Member] = [first]
        self.docs = {first.doc_id}
        self.symmetric = symmetric
        self.slots = [[first.source_country, agent_class(first.source_agent)],
                      [first.target_country, agent_class(first.target_agent)]]
        lo, hi = first.span
        self.lo, self.hi = lo - _SLACK, hi + _SLACK  # the days every member allows

    def fits(self, ev: Member) -> tuple[int, int] | None:
        """How ``ev``'s sides map onto this cluster's, if its date and actors fit."""
        lo, hi = ev.span
        if max(self.lo, lo - _SLACK) > min(self.hi, hi + _SLACK):
            return None
        sides = [(ev.source_country, agent_class(ev.source_agent)),
                 (ev.target_country, agent_class(ev.target_agent))]
        orders = [(0, 1), (1, 0)] if self.symmetric else [(0, 1)]
        for order in orders:
            if all(self._fits(self.slots[order[i]], sides[i]) for i in (0, 1)):
                return order
        return None

    @staticmethod
    def _fits(slot: list, side: tuple[str | None, str | None]) -> bool:
        return slot[0] == side[0] and (slot[1] is None or side[1] is None or slot[1] == side[1])

    def add(self, ev: Member, order: tuple[int, int]) -> None:
        for i, cls in enumerate((agent_class(ev.source_agent), agent_class(ev.target_agent))):
            if cls and not self.slots[order[i]][1]:
                self.slots[order[i]][1] = cls
        lo, hi = ev.span
        self.lo, self.hi = max(self.lo, lo - _SLACK), min(self.hi, hi + _SLACK)
        self.members.append(ev)
        self.docs.add(ev.doc_id)


def cluster_block(events: Sequence[Member]) -> list[list[Member]]:
    """Group one block's events into real-world events; each group sorted by publication."""
    if not events:
        return []
    symmetric = events[0].root in SYMMETRIC_ROOTS
    dated = [e for e in events if e.tier < 4]
    groups: list[list[Member]] = [[e] for e in events if e.tier == 4]  # nothing to match on
    # Narrowest ranges first, so precise reports found the clusters vaguer ones then join.
    dated.sort(key=lambda e: (e.tier == 3, e.span[1] - e.span[0], e.span[0],
                              e.published or dt.date.max, e.doc_id, e.seq, e.event_id))
    clusters: list[_Cluster] = []
    years: list[_Cluster] = []
    by_week: dict[int, list[_Cluster]] = {}  # clusters whose day range touches that week
    for ev in dated:
        lo, hi = ev.span
        if ev.tier == 3:
            pool = years
        else:
            seen: set[int] = set()
            pool = []
            for week in range((lo - _SLACK).toordinal() // 7, (hi + _SLACK).toordinal() // 7 + 1):
                for c in by_week.get(week, ()):
                    if id(c) not in seen:
                        seen.add(id(c))
                        pool.append(c)
            pool.sort(key=lambda c: c.index)
        best: tuple[_Cluster, tuple[int, int]] | None = None
        for c in pool:
            order = c.fits(ev)
            if order and (best is None or len(c.docs) > len(best[0].docs)):
                best = (c, order)
        if best:
            best[0].add(ev, best[1])
            continue
        c = _Cluster(ev, symmetric, len(clusters) + len(years))
        if ev.tier == 3:
            years.append(c)
        else:
            clusters.append(c)
            for week in range(c.lo.toordinal() // 7, c.hi.toordinal() // 7 + 1):
                by_week.setdefault(week, []).append(c)
    groups += [c.members for c in clusters + years]
    return [sorted(g, key=lambda e: (e.published or dt.date.max, e.doc_id, e.seq))
            for g in groups]


def _mode(values: Iterable[Any], tiebreak=lambda v: v) -> Any:
    """The most frequent value; ties go to the smallest by ``tiebreak``."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    return min((v for v, n in counts.items() if n == top), key=tiebreak)


def summarise(members: Sequence[Member], copies: dict[str, list[tuple[str | None, dt.date | None]]]
              | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """The cluster row for one group: counts, best-supported date and place, representative."""
    copies = copies or {}
    first = members[0]
    by_article: dict[str, Member] = {}
    for m in members:
        by_article.setdefault(m.doc_id, m)
    # Support is counted per article (one article repeating a date is one vote), and only
    # from the most informative dates present: a date from the text outvotes any number
    # of publication dates.
    tier = min(m.tier for m in members)
    votes = {(m.doc_id, m.date) for m in members if m.tier == tier and m.date}
    date = _mode((d for _, d in votes), tiebreak=lambda d: d)
    dated = next((m for m in members if m.date == date), first)
    cameo = _mode((c for _, c in {(m.doc_id, m.cameo) for m in members}))
    reps = [m for m in members if m.cameo == cameo and m.date == date] or \
        [m for m in members if m.cameo == cameo]
    rep = min(reps, key=lambda m: -m.confidence)  # min keeps the earliest on ties
    loc_votes = {(m.doc_id, m.extra.get("location_name")) for m in members}
    loc_name = _mode((n for _, n in loc_votes),
                     tiebreak=lambda n: next(i for i, m in enumerate(members)
                                             if m.extra.get("location_name") == n))
    loc = next((m.extra for m in members if loc_name and m.extra.get("location_name") == loc_name),
               {})
    sources: set[str] = set()
    seen: list[dt.date] = []
    n_copies = 0
    for doc_id, m in by_article.items():
        sources.add(m.outlet.casefold() if m.outlet else f"?{m.story_id or doc_id}")
        if m.published:
            seen.append(m.published)
        for outlet, published in copies.get(doc_id, ()):
            n_copies += 1
            sources.add(outlet.casefold() if outlet else f"?{m.story_id or doc_id}")
            if published:
                seen.append(published)
    spans = [m.span for m in members if m.span]
    row = {
        "cluster_id": hashlib.sha1(f"{first.block}|{min(m.event_id for m in members)}"
                                   .encode()).hexdigest()[:16],
        "block": first.block,
        "root": first.root,
        "cameo": cameo,
        "quad_class": rep.extra.get("quad_class"),
        "goldstein": rep.extra.get("goldstein"),
        "country_a": min(first.source_country or "-", first.target_country or "-"),
        "country_b": max(first.source_country or "-", first.target_country or "-"),
        "date": date,
        "date_precision": dated.date_precision if date else None,
        "day": date_range(date, dated.date_precision)[0] if date else None,
        "date_min": min(s[0] for s in spans) if spans else None,
        "date_max": max(s[1] for s in spans) if spans else None,
        "first_seen": min(seen) if seen else None,
        "last_seen": max(seen) if seen else None,
        "num_events": len(members),
        "num_articles": len(by_article) + n_copies,
        "num_stories": len({m.story_id or m.doc_id for m in by_article.values()}),
        "num_sources": len(sources),
        "location_name": loc.get("location_name"),
        "location_country": loc.get("location_country"),
        "location_lat": loc.get("location_lat"),
        "location_lon": loc.get("location_lon"),
        "doc_id": first.doc_id,
        "url": first.extra.get("url"),
        "sentence": rep.extra.get("sentence"),
        "updated_at": now or dt.datetime.now(dt.UTC).replace(tzinfo=None),
    }
    for side in ("source", "target"):
        country = getattr(rep, f"{side}_country")
        own = rep.extra.get(f"{side}_code")
        # The most specific code the reports gave this side (CHNLEG over a bare CHN); on a
        # tie, the representative event's own. Both sides of a domestic pair share a
        # country, so there only the representative's code is telling.
        codes = [own] if rep.source_country == rep.target_country else [
            m.extra.get(f"{s}_code") for m in members for s in ("source", "target")
            if getattr(m, f"{s}_country") == country and m.extra.get(f"{s}_code")]
        full = [c for c in codes if c and len(c) > 3] or [c for c in codes if c]
        code = _mode(full, tiebreak=lambda c, own=own: (c != own, c)) if full else None
        names = [m.extra.get(f"{s}_name") for m in members for s in ("source", "target")
                 if getattr(m, f"{s}_country") == country]
        row[f"{side}_code"] = code
        row[f"{side}_country"] = country
        row[f"{side}_agent"] = code[3:6] if code and len(code) >= 6 else None
        row[f"{side}_name"] = _mode(names)
    return row


_MEMBER_SQL = """
SELECT e.event_id, e.doc_id, e.block, e.root, e.cameo, e.source_country, e.source_agent,
       e.target_country, e.target_agent, e.date, e.date_precision, e.date_basis, a.published,
       a.outlet,
       a.story_id, e.seq, e.confidence,
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


def members_of(rows: Iterable[dict[str, Any]]) -> list[Member]:
    """Members from plain dicts (tests and tools): unknown keys go to ``extra``."""
    names = set(Member.__dataclass_fields__) - {"extra"}
    out = []
    for r in rows:
        core = {k: v for k, v in r.items() if k in names}
        core.setdefault("block", block_key(r.get("root"), r.get("mode", "asserted"),
                                           r.get("source_country"), r.get("target_country"),
                                           r.get("story_id")))
        out.append(Member(**core, extra={k: v for k, v in r.items() if k not in names}))
    return out
