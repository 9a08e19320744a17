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
* **Within one country, a shared name** — for a domestic pair (IDNGOV and IDNLEG) the
  agent codes stand for thousands of actors, and on the corpus country+agent matching merged
  nineteen unrelated ministers' working visits of one day. There two events are one only if
  they come from the same story, or a side shares a name word ("Prabowo") and neither side
  names different people (two legislators praising the president are two statements).
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
  publication day and the three days before it (news reports the last few days; seed 002
  appeared three days after the meeting it reports). Widened by one day on each side
  (outlets disagree by a day: time zones, the wire's date vs "Kamis") -- except the
  publication ranges, which already allow for that -- the ranges of all members of a
  cluster must share a day: two day-dated reports are at most two days apart, which also
  holds a visit's meetings on consecutive days together, and a month of daily clashes never
  chains into one event (complete linkage, not single). Unwidened, a report dated only by
  its publication reaches back three days, not five: on the 15k corpus the wider reach let
  market reports of 10 June 2025 on the US-China talks in London pull them into the
  Trump-Xi phone call of 5 June. Events are placed narrowest range first, each into the
  compatible cluster with most articles. A year-precise date ("pada 2019") only joins other
  events of that year.

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
    "members_of",
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
    def allowed(self) -> tuple[dt.date, dt.date]:
        """The days this event allows a cluster's common day to be on (its span, widened).

        A day from the text is widened by a day on each side (outlets disagree by a day); a
        publication day's range already covers the days before it, and nothing happens
        after its report, so it is not widened.
        """
        lo, hi = self.span
        if self.tier == 1:
            return lo, hi
        return lo - _SLACK, hi + _SLACK

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


def _name_words(name: str | None) -> frozenset[str]:
    """The words of an actor's name that identify it ("prabowo", "subianto")."""
    return frozenset(w for w in (name or "").casefold().replace("-", " ").split() if len(w) > 3)


class _Cluster:
    __slots__ = ("members", "slots", "lo", "hi", "symmetric", "docs", "index", "domestic",
                 "stories", "names")

    def __init__(self, first: Member, symmetric: bool, index: int = 0):
        self.index = index  # creation order: ties go to the earlier cluster
        self.members: list[Member] = [first]
        self.docs = {first.doc_id}
        self.symmetric = symmetric
        self.slots = [[first.source_country, agent_class(first.source_agent)],
                      [first.target_country, agent_class(first.target_agent)]]
        self.lo, self.hi = first.allowed  # the days every member allows
        self.domestic = first.source_country == first.target_country
        self.stories = {first.story_id or first.doc_id}
        self.names = [set(_name_words(first.extra.get("source_name"))),
                      set(_name_words(first.extra.get("target_name")))]

    def _same_actors(self, ev: Member, order: tuple[int, int]) -> bool:
        """Within one country, a shared agent says little: ask for a shared name or story."""
        if not self.domestic or (ev.story_id or ev.doc_id) in self.stories:
            return True
        names = (_name_words(ev.extra.get("source_name")),
                 _name_words(ev.extra.get("target_name")))
        pairs = [(names[i], self.names[order[i]]) for i in (0, 1)]
        # Different names on one side are different people (two legislators praising the
        # president are two statements), whatever the other side shares.
        if any(mine and theirs and not mine & theirs for mine, theirs in pairs):
            return False
        return any(mine & theirs for mine, theirs in pairs)

    def fits(self, ev: Member) -> tuple[int, int] | None:
        """How ``ev``'s sides map onto this cluster's, if its date and actors fit."""
        lo, hi = ev.allowed
        if max(self.lo, lo) > min(self.hi, hi):
            return None
        sides = [(ev.source_country, agent_class(ev.source_agent)),
                 (ev.target_country, agent_class(ev.target_agent))]
        orders = [(0, 1), (1, 0)] if self.symmetric else [(0, 1)]
        for order in orders:
            if all(self._fits(self.slots[order[i]], sides[i]) for i in (0, 1)) and \
                    self._same_actors(ev, order):
                return order
        return None

    @staticmethod
    def _fits(slot: list, side: tuple[str | None, str | None]) -> bool:
        return slot[0] == side[0] and (slot[1] is None or side[1] is None or slot[1] == side[1])

    def add(self, ev: Member, order: tuple[int, int]) -> None:
        for i, cls in enumerate((agent_class(ev.source_agent), agent_class(ev.target_agent))):
            if cls and not self.slots[order[i]][1]:
                self.slots[order[i]][1] = cls
        lo, hi = ev.allowed
        self.lo, self.hi = max(self.lo, lo), min(self.hi, hi)
        self.members.append(ev)
        self.docs.add(ev.doc_id)
        self.stories.add(ev.story_id or ev.doc_id)
        for i, side in enumerate(("source_name", "target_name")):
            self.names[order[i]] |= _name_words(ev.extra.get(side))


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
        lo, hi = ev.allowed
        if ev.tier == 3:
            pool = years
        else:
            seen: set[int] = set()
            pool = []
            for week in range(lo.toordinal() // 7, hi.toordinal() // 7 + 1):
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
        # on a tie, the name that goes with the code (the representative's own)
        own_name = rep.extra.get(f"{side}_name")
        row[f"{side}_name"] = _mode(names, tiebreak=lambda n, o=own_name: (n != o, n))
    return row


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


def __getattr__(name: str) -> Any:
    """The store-maintenance functions moved to peristiwa.store.recluster; old imports work."""
    if name in ("recluster", "mark_dirty", "backfill_blocks"):
        import importlib

        return getattr(importlib.import_module("peristiwa.store.recluster"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
