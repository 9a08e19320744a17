"""Dyad and actor views on the fictional world."""

from __future__ import annotations

import datetime as dt

from peristiwa.web.relations import actor_view, dyad_event_rows, dyad_view


def test_dyad_view_by_month(world_store):
    v = dyad_view(world_store, "PRK", "CHN", by="month")
    assert (v["a"], v["b"]) == ("PRK", "CHN")
    assert v["totals"]["clusters"] == 6 and v["totals"]["by_a"] == 2
    assert v["totals"]["by_b"] == 4 and v["totals"]["q3"] == 1
    months = {b["bucket"]: b for b in v["buckets"]}
    assert list(months) == [f"2024-0{m}-01" for m in range(1, 7)]
    april = months["2024-04-01"]
    assert april["clusters"] == 1 and april["items"][0]["num_articles"] == 3
    assert months["2024-06-01"]["quad"][3] == 1
    assert months["2024-06-01"]["goldstein_mean"] == -2.0
    rows = dyad_event_rows(v)
    assert len(rows) == 6 and rows[0]["bucket"] == "2024-01-01"


def test_dyad_view_fills_empty_buckets_and_takes_a_window(world_store):
    v = dyad_view(world_store, "CHN", "PRK", by="week", since=dt.date(2024, 4, 1),
                  until=dt.date(2024, 4, 30))
    assert [b["bucket"] for b in v["buckets"]] == ["2024-04-01", "2024-04-08", "2024-04-15",
                                                   "2024-04-22", "2024-04-29"]
    assert [b["clusters"] for b in v["buckets"]] == [0, 1, 0, 0, 0]
    assert v["buckets"][0]["items"] == []


def test_dyad_view_of_strangers_is_empty(world_store):
    v = dyad_view(world_store, "IDN", "PRK")
    assert v["buckets"] == [] and v["totals"]["clusters"] == 0


def test_actor_view_country(world_store):
    v = actor_view(world_store, "CHN", mode="asserted")
    assert v["totals"] == {"events": 9, "as_source": 5, "as_target": 4}
    parts = {c["counterpart"]: c for c in v["counterparts"]}
    assert set(parts) == {"PRK", "USA"}
    assert (parts["PRK"]["acts_on"], parts["PRK"]["acted_on_by"]) == (5, 2)
    assert parts["USA"]["acted_on_by"] == 2 and parts["USA"]["conflict"] == 1
    net = v["network"]
    assert net["nodes"][0] == {"id": "CHN", "events": 9, "center": True}
    assert {(e["a"], e["b"]) for e in net["edges"]} == {("CHN", "PRK"), ("CHN", "USA")}
    assert v["recent"][0]["date"] == "2024-06-03"


def test_actor_view_all_modes_and_codes(world_store):
    every = actor_view(world_store, "CHN")
    assert every["totals"]["events"] == 10
    assert "RUS" in {c["counterpart"] for c in every["counterparts"]}
    code = actor_view(world_store, "RUSMIL")
    assert code["level"] == "code"
    assert code["counterparts"][0]["counterpart"] == "UKR"
    assert code["quads"][4] == {"as_source": 3, "as_target": 0}
    assert {r["root"] for r in code["roots"]} == {"19"}
