"""Dyad and actor views on the fictional world (figures read back from the store)."""

from __future__ import annotations

import datetime as dt
from statistics import mean
from typing import Any

import pytest

from peristiwa.web.relations import actor_view, dyad_event_rows, dyad_view

from .webhelp import sides, stored_clusters, stored_events


def _pair(store, a: str, b: str) -> list[dict[str, Any]]:
    return [c for c in stored_clusters(store) if (c["country_a"], c["country_b"]) == (a, b)]


def test_dyad_view_by_month(world_store):
    mine = _pair(world_store, "CHN", "PRK")
    v = dyad_view(world_store, "PRK", "CHN", by="month")
    assert (v["a"], v["b"]) == ("PRK", "CHN")
    t = v["totals"]
    assert t["clusters"] == len(mine)
    assert (t["by_a"], t["by_b"]) == (sum(c["source_country"] == "PRK" for c in mine),
                                      sum(c["source_country"] == "CHN" for c in mine))
    assert t["by_a"] and t["by_b"]  # each side acts
    assert [t[f"q{q}"] for q in (1, 2, 3, 4)] == [sum(c["quad_class"] == q for c in mine)
                                                 for q in (1, 2, 3, 4)]
    months = {b["bucket"]: b for b in v["buckets"]}
    assert list(months) == [f"2024-0{m}-01" for m in range(1, 7)]
    for key, b in months.items():
        there = [c for c in mine if c["day"].replace(day=1).isoformat() == key]
        assert b["clusters"] == len(there)
        assert {i["cluster_id"] for i in b["items"]} == {c["cluster_id"] for c in there}
        assert b["quad"] == {q: sum(c["quad_class"] == q for c in there) for q in (1, 2, 3, 4)}
        assert b["goldstein_mean"] == pytest.approx(mean(c["goldstein"] for c in there),
                                                    abs=0.001)
    assert max(i["num_articles"] for i in months["2024-04-01"]["items"]) == 3
    rows = dyad_event_rows(v)
    assert len(rows) == len(mine) and rows[0]["bucket"] == "2024-01-01"


def test_dyad_view_fills_empty_buckets_and_takes_a_window(world_store):
    v = dyad_view(world_store, "CHN", "PRK", by="week", since=dt.date(2024, 4, 1),
                  until=dt.date(2024, 4, 30))
    weeks = ["2024-04-01", "2024-04-08", "2024-04-15", "2024-04-22", "2024-04-29"]
    assert [b["bucket"] for b in v["buckets"]] == weeks
    days = [c["day"] for c in _pair(world_store, "CHN", "PRK")]
    want = [sum(dt.date.fromisoformat(w) <= d < dt.date.fromisoformat(w) + dt.timedelta(7)
                for d in days) for w in weeks]
    assert [b["clusters"] for b in v["buckets"]] == want and 0 < sum(want) < len(days)
    assert all(b["items"] == [] for b, n in zip(v["buckets"], want, strict=True) if not n)


def test_dyad_view_of_strangers_is_empty(world_store):
    v = dyad_view(world_store, "IDN", "PRK")
    assert v["buckets"] == [] and v["totals"]["clusters"] == 0


def _sides_of(events: list[dict[str, Any]], code: str) -> tuple[list, list]:
    """The events where a country acts, and those where it is acted on (not on itself)."""
    acts = [e for e in events if sides(e)[0] == code]
    acted = [e for e in events if sides(e)[1] == code and sides(e)[0] != code]
    return acts, acted


def test_actor_view_country(world_store):
    asserted = [e for e in stored_events(world_store) if e["mode"] == "asserted"]
    acts, acted = _sides_of(asserted, "CHN")
    v = actor_view(world_store, "CHN", mode="asserted")
    assert v["totals"] == {"events": len(acts) + len(acted), "as_source": len(acts),
                           "as_target": sum(sides(e)[1] == "CHN" for e in asserted)}
    parts = {c["counterpart"]: c for c in v["counterparts"]}
    others = {sides(e)[1] for e in acts} | {sides(e)[0] for e in acted}
    assert set(parts) == others >= {"PRK", "USA"}
    for other, c in parts.items():
        assert (c["acts_on"], c["acted_on_by"]) == (
            sum(sides(e)[1] == other for e in acts), sum(sides(e)[0] == other for e in acted))
        assert c["conflict"] == sum(e["quad_class"] >= 3 for e in acts + acted
                                    if other in sides(e))
    assert parts["PRK"]["acts_on"] and parts["PRK"]["acted_on_by"]
    assert parts["USA"]["acted_on_by"] and parts["USA"]["conflict"]
    net = v["network"]
    assert net["nodes"][0] == {"id": "CHN", "events": len(acts) + len(acted), "center": True}
    assert {(e["a"], e["b"]) for e in net["edges"] if "CHN" in (e["a"], e["b"])} == {
        tuple(sorted(("CHN", o))) for o in others if o}
    assert v["recent"][0]["date"] == max(e["date"] for e in acts + acted)


def test_actor_view_all_modes_and_codes(world_store):
    events = stored_events(world_store)
    every = actor_view(world_store, "CHN")
    assert every["totals"]["events"] == sum("CHN" in sides(e) for e in events)
    assert "RUS" in {c["counterpart"] for c in every["counterparts"]}  # the denied delivery
    assert "RUS" not in {c["counterpart"] for c in actor_view(
        world_store, "CHN", mode="asserted")["counterparts"]}
    rusmil = [e for e in events if (e["source"] or {}).get("code") == "RUSMIL"]
    code = actor_view(world_store, "RUSMIL")
    assert code["level"] == "code"
    targets = {c["counterpart"] for c in code["counterparts"]}
    assert targets == {(e["target"] or {}).get("code") for e in rusmil}
    assert {t[:3] for t in targets} == {"UKR"}
    assert code["quads"][4] == {"as_source": sum(e["quad_class"] == 4 for e in rusmil),
                                "as_target": 0}
    assert code["quads"][4]["as_source"] == 3
    assert {r["root"] for r in code["roots"]} == {e["root"] for e in rusmil} == {"19"}
