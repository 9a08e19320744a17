"""The dashboard's queries on the fictional world: overview, events, clusters, details.

The world is coded by the real coder. The first test checks that it still reads as
webhelp describes it; the others take their figures from the store's events and clusters
rather than writing them down, so small changes in the coder do not break them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from statistics import mean
from typing import Any

import pytest

from peristiwa.store import EventFilter, Store
from peristiwa.web import queries
from peristiwa.web.params import BadRequest, EventQuery

from .webhelp import WORLD, sides, stored_clusters, stored_events, written

APRIL = (dt.date(2024, 4, 1), dt.date(2024, 4, 30))


def _eq(**kw) -> EventQuery:
    page = {k: kw.pop(k) for k in ("outlet", "q", "page", "per_page", "order") if k in kw}
    return EventQuery(EventFilter(**kw), **page)


def _cluster(store: Store, doc_id: str) -> dict[str, Any]:
    """The clusters row holding an article's (first clustered) event."""
    cid = next(e["cluster_id"] for e in stored_events(store)
               if e["doc_id"] == doc_id and e["cluster_id"])
    return next(c for c in stored_clusters(store) if c["cluster_id"] == cid)


def _code(rec: dict[str, Any], role: str) -> str | None:
    return (rec[role] or {}).get("code")


def test_the_world_as_coded(world_store):
    """What the other tests take for granted: the coder reads the world as it was written."""
    events, clusters = stored_events(world_store), stored_clusters(world_store)
    assert {e["doc_id"] for e in events} == {a.doc_id for a in WORLD}  # the copy: not coded
    chn_prk = [c for c in clusters if (c["country_a"], c["country_b"]) == ("CHN", "PRK")]
    assert [c["day"].month for c in chn_prk] == [1, 2, 3, 4, 5, 6]  # one cluster a month
    april = _cluster(world_store, "w-004")
    assert {e["doc_id"] for e in events if e["cluster_id"] == april["cluster_id"]} == \
        {"w-004", "w-005"}
    assert (april["num_articles"], april["num_sources"]) == (3, 3)  # with the copy
    attacks = [c for c in clusters if (c["source_country"], c["target_country"]) ==
               ("RUS", "UKR")]
    assert len(attacks) == 3 and {(c["root"], c["quad_class"]) for c in attacks} == {("19", 4)}
    assert {(e["doc_id"], e["mode"]) for e in events if e["mode"] != "asserted"} == {
        ("w-014", "hypothetical"), ("w-014", "negated")}
    assert all(e["cluster_id"] is None for e in events if e["mode"] != "asserted")
    [mou] = [e for e in events if e["doc_id"] == "w-013"]
    assert sides(mou) == ("IDN", "MYS") and mou["cluster_id"]


def test_overview_totals_and_tops(world_store):
    events, clusters = stored_events(world_store), stored_clusters(world_store)
    o = queries.overview(world_store)
    t = o["totals"]
    assert (t["articles"], t["copies"]) == (len(WORLD), 1)
    assert (t["events"], t["clusters"]) == (len(events), len(clusters))
    days = sorted(a.published.isoformat() for a in WORLD)
    assert (t["first_published"], t["last_published"]) == (days[0], days[-1])
    assert t["outlets"] == len({a.outlet for a in WORLD}) and t["pending_dyads"] == 0
    pairs = Counter((c["country_a"], c["country_b"]) for c in clusters)
    assert [(d["a"], d["b"], d["clusters"]) for d in o["dyads"]] == sorted(
        ((a, b, n) for (a, b), n in pairs.items()), key=lambda d: (-d[2], d[0], d[1]))
    chn_prk = o["dyads"][0]
    assert (chn_prk["a"], chn_prk["b"]) == ("CHN", "PRK")
    mine = [c for c in clusters if (c["country_a"], c["country_b"]) == ("CHN", "PRK")]
    assert chn_prk["articles"] == sum(c["num_articles"] for c in mine)
    assert chn_prk["conflict"] == sum(c["quad_class"] >= 3 for c in mine) > 0
    top = {a["code"]: a for a in o["actors"]}
    asserted = [e for e in events if e["mode"] == "asserted"]
    for code in ("CHNGOV", "RUSMIL"):
        src = [e for e in asserted if _code(e, "source") == code]
        tgt = [e for e in asserted if _code(e, "target") == code]
        assert (top[code]["events"], top[code]["as_source"]) == (len(src) + len(tgt), len(src))
        assert top[code]["goldstein_mean"] == pytest.approx(
            mean(e["goldstein"] for e in src + tgt), abs=0.01)
    # asserted events only: the denied Chinese arms delivery to Russia is not counted
    every = sum(code == "CHNGOV" for e in events for code in (_code(e, "source"),
                                                              _code(e, "target")))
    assert top["CHNGOV"]["events"] < every
    newest = max(clusters, key=lambda c: (c["last_seen"], c["day"], c["num_articles"]))
    assert o["newest"][0]["cluster_id"] == newest["cluster_id"]


def _by_month(clusters: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out = defaultdict(list)
    for c in clusters:
        out[c["day"].replace(day=1).isoformat()].append(c)
    return out


def test_overview_series_counts_clusters_by_quad(world_store):
    clusters = stored_clusters(world_store)
    o = queries.overview(world_store, by="month")
    assert o["window"]["by"] == "month" and not o["window"]["auto"]
    months = {b["bucket"]: b for b in o["series"]}
    assert list(months) == [f"2024-0{m}-01" for m in range(1, 7)]
    assert months["2024-04-01"]["end"] == "2024-04-30"
    want = _by_month(clusters)
    for key, b in months.items():
        assert b["clusters"] == len(want[key])
        assert b["quad"] == {q: sum(c["quad_class"] == q for c in want[key]) for q in (1, 2, 3, 4)}
        assert b["goldstein_mean"] == pytest.approx(mean(c["goldstein"] for c in want[key]),
                                                    abs=0.001)
    assert sum(b["clusters"] for b in o["series"]) == len(clusters)
    assert months["2024-04-01"]["quad"][1] and months["2024-04-01"]["quad"][4]


def test_overview_window_and_too_many_buckets(world_store):
    clusters = stored_clusters(world_store)
    o = queries.overview(world_store, since=APRIL[0], until=APRIL[1])
    w = o["window"]
    assert (w["since"], w["until"], w["by"]) == ("2024-04-01", "2024-04-30", "day")
    april = [c for c in clusters if APRIL[0] <= c["day"] <= APRIL[1]]
    assert len(o["series"]) == 30 and w["outside"] == len(clusters) - len(april) > 0
    assert sum(b["clusters"] for b in o["series"]) == \
        sum(c["date_precision"] == "day" for c in april) > 1
    assert {d["a"] + d["b"] for d in o["dyads"]} == {c["country_a"] + c["country_b"]
                                                     for c in april}
    with pytest.raises(BadRequest, match="too many days"):
        queries.overview(world_store, since=dt.date(1900, 1, 1), by="day")


def test_events_page_filters_and_pages(world_store):
    events = stored_events(world_store)
    dyad = {e["event_id"] for e in events if sides(e) in (("CHN", "PRK"), ("PRK", "CHN"))}
    every = queries.events_page(world_store, _eq(dyad="CHN-PRK", per_page=100))["events"]
    assert {e["event_id"] for e in every} == dyad
    published = [e["published"] for e in every]
    assert published == sorted(published, reverse=True)  # newest report first
    page = queries.events_page(world_store, _eq(dyad="CHN-PRK", per_page=2, page=2))
    assert page["total"] == len(dyad) > 4 and page["pages"] == -(-len(dyad) // 2)
    assert [e["event_id"] for e in page["events"]] == [e["event_id"] for e in every[2:4]]
    assert queries.events_page(world_store, _eq(outlet="Harian Contoh"))["total"] == \
        sum(e["outlet"] == "Harian Contoh" for e in events)
    hits = {e["doc_id"] for e in queries.events_page(world_store, _eq(q="PYONGYANG"))["events"]}
    assert hits == {e["doc_id"] for e in events if "pyongyang" in e["sentence"].lower()}
    assert hits >= {"w-003", "w-004", "w-005"}
    oldest = queries.events_page(world_store, _eq(order="oldest", per_page=1))["events"]
    assert oldest[0]["doc_id"] == min(WORLD, key=lambda a: a.published).doc_id
    quad4 = queries.events_page(world_store, _eq(quad=4))["events"]
    assert {e["event_id"] for e in quad4} == {e["event_id"] for e in events
                                              if e["quad_class"] == 4}
    assert {_code(e, "source") for e in quad4} == {"RUSMIL"}


def test_event_records_carry_cluster_title_and_highlights(world_store):
    [ev] = queries.events_page(world_store, _eq(q="nota kesepahaman"))["events"]
    assert ev["cluster_id"] and ev["title"] == "Indonesia dan Malaysia teken nota kesepahaman"
    spans = {h["role"]: ev["sentence"][h["start"]:h["end"]] for h in ev["highlights"]}
    assert spans == {role: written(ev, role) for role in ("source", "trigger", "target")}
    assert "Indonesia" in spans["source"] and spans["trigger"].startswith("menandatangani")
    assert "Malaysia" in spans["target"]
    hypo = queries.events_page(world_store, _eq(mode="hypothetical"))["events"][0]
    assert hypo["cluster_id"] is None  # only asserted events are clustered


def test_csv_rows_are_every_match(world_store):
    chn = [e for e in stored_events(world_store) if "CHN" in sides(e)]
    rows = list(queries.iter_event_rows(world_store, _eq(actor="CHN", per_page=1)))
    assert len(rows) == len(chn) > 1
    assert set(rows[0]) == set(queries.EVENT_CSV_COLUMNS)
    clusters = list(queries.iter_cluster_rows(world_store, _eq(actor="CHN")))
    assert len(clusters) == len({e["cluster_id"] for e in chn if e["cluster_id"]})
    assert set(clusters[0]) == set(queries.CLUSTER_CSV_COLUMNS)


def test_clusters_page(world_store):
    want = {e["cluster_id"] for e in stored_events(world_store)
            if e["root"] == "04" and e["cluster_id"]}
    page = queries.clusters_page(world_store, _eq(code="04"))
    assert page["total"] == len(want) > 1
    assert {c["cluster_id"] for c in page["clusters"]} == want
    seen = [c["last_seen"] for c in page["clusters"]]
    assert seen == sorted(seen, reverse=True)  # newest first


def test_cluster_detail_has_every_article_and_its_evidence(world_store):
    cid = _cluster(world_store, "w-004")["cluster_id"]
    d = queries.cluster_detail(world_store, cid)
    assert d["cluster"]["num_articles"] == 3 and d["cluster"]["num_sources"] == 3
    assert [(a["doc_id"], a["outlet"], a["copy_of"]) for a in d["articles"]] == [
        ("w-004", "Kabar Nusantara", None), ("w-005", "Warta Dunia", None),
        ("w-015", "Portal Salinan", "w-004")]
    assert d["articles"][0]["url"] == "https://berita.example/w-004"
    assert {e["event_id"] for e in d["events"]} == {
        e["event_id"] for e in stored_events(world_store) if e["cluster_id"] == cid}
    triggers = [e["sentence"][h["start"]:h["end"]] for e in d["events"]
                for h in e["highlights"] if h["role"] == "trigger"]
    assert triggers == [written(e, "trigger") for e in d["events"]]
    assert [t.split()[0] for t in triggers] == ["bertemu", "berunding"]
    assert queries.cluster_detail(world_store, "0" * 16) is None


def test_event_detail(world_store):
    ev = queries.events_page(world_store, _eq(mode="negated"))["events"][0]
    d = queries.event_detail(world_store, ev["event_id"])
    assert d["events"][0]["mode"] == "negated"
    assert d["articles"][0]["doc_id"] == "w-014"
    assert queries.event_detail(world_store, "nope") is None


def test_trim_window_drops_stray_ends_only():
    d = dt.date
    recalled = [(d(1948, 1, 1), 1)] + [(d(2025, 1, k), 2) for k in range(1, 17)]
    assert queries.trim_window(recalled) == (d(2025, 1, 1), d(2025, 1, 16))
    monthly = [(d(2024, m, 1), 1) for m in range(1, 13)]
    assert queries.trim_window(monthly) == (d(2024, 1, 1), d(2024, 12, 1))
    few = [(d(1948, 1, 1), 1), (d(2025, 1, 1), 3)]  # too few events to call one stray
    assert queries.trim_window(few) == (d(1948, 1, 1), d(2025, 1, 1))
    many = [(d(1900 + k, 1, 1), 1) for k in range(3)] + [(d(2025, 1, 1), 100)]
    assert queries.trim_window(many)[0] == d(2025, 1, 1)


def test_overview_offers_zoom_windows(world_store):
    zoom = queries.overview(world_store)["zoom"]
    last = max(c["day"] for c in stored_clusters(world_store))
    assert zoom[0] == {"label": "last 3 months", "since": str(last - dt.timedelta(days=91)),
                       "until": str(last)}
    assert [z["label"] for z in zoom] == ["last 3 months", "last 12 months"]


def test_newest_means_newest_report_not_a_far_future_date(tmp_path, coder):
    from peristiwa.records import Article
    from peristiwa.store import ingest, open_store

    arts = [Article(doc_id="plan", published=dt.date(2024, 5, 1),
                    text="Pemerintah Indonesia berjanji mencapai emisi nol bersih pada 2060."),
            Article(doc_id="news", published=dt.date(2024, 6, 1),
                    text="Menteri Luar Negeri Indonesia bertemu dengan Menteri Luar Negeri "
                         "Malaysia di Kuala Lumpur pada Kamis (30/5/2024).")]
    with open_store(tmp_path / "order.duckdb") as s:
        ingest(s, arts, coder)
        assert {e["doc_id"]: e["date"] for e in queries.events_page(s, _eq())["events"]} == \
            {"plan": "2060", "news": "2024-05-30"}  # what the order below is about
        newest = queries.events_page(s, _eq())["events"]
        assert [e["doc_id"] for e in newest] == ["news", "plan"]
        oldest = queries.events_page(s, _eq(order="oldest"))["events"]
        assert [e["doc_id"] for e in oldest] == ["plan", "news"]
        clusters = queries.clusters_page(s, _eq())["clusters"]
        assert [c["doc_id"] for c in clusters] == ["news", "plan"]
