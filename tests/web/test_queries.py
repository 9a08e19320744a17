"""The dashboard's queries on the fictional world: overview, events, clusters, details."""

from __future__ import annotations

import datetime as dt

import pytest

from peristiwa.store import EventFilter
from peristiwa.web import queries
from peristiwa.web.params import BadRequest, EventQuery


def _eq(**kw) -> EventQuery:
    page = {k: kw.pop(k) for k in ("outlet", "q", "page", "per_page", "order") if k in kw}
    return EventQuery(EventFilter(**kw), **page)


def test_overview_totals_and_tops(world_store):
    o = queries.overview(world_store)
    t = o["totals"]
    assert (t["articles"], t["copies"], t["events"], t["clusters"]) == (14, 1, 15, 12)
    assert (t["first_published"], t["last_published"]) == ("2024-01-12", "2024-06-10")
    assert t["outlets"] == 3 and t["pending_dyads"] == 0
    assert [(d["a"], d["b"], d["clusters"]) for d in o["dyads"]][:3] == [
        ("CHN", "PRK", 6), ("RUS", "UKR", 3), ("CHN", "USA", 2)]
    chn_prk = o["dyads"][0]
    assert chn_prk["articles"] == 8 and chn_prk["conflict"] == 1
    top = {a["code"]: a for a in o["actors"]}
    # asserted events only: the negated CHNGOV aid to Russia is not counted
    assert top["CHNGOV"]["events"] == 7 and top["CHNGOV"]["as_source"] == 5
    assert top["RUSMIL"]["goldstein_mean"] == -10.0
    assert o["newest"][0]["date"] == "2024-06-03"


def test_overview_series_counts_clusters_by_quad(world_store):
    o = queries.overview(world_store, by="month")
    assert o["window"]["by"] == "month" and not o["window"]["auto"]
    months = {b["bucket"]: b for b in o["series"]}
    assert list(months) == [f"2024-0{m}-01" for m in range(1, 7)]
    assert months["2024-04-01"]["quad"] == {1: 1, 2: 0, 3: 1, 4: 1}
    assert months["2024-04-01"]["end"] == "2024-04-30"
    assert sum(b["clusters"] for b in o["series"]) == 12
    assert months["2024-03-01"]["goldstein_mean"] == round((1.0 + 8.0 - 10.0) / 3, 3)


def test_overview_window_and_too_many_buckets(world_store):
    o = queries.overview(world_store, since=dt.date(2024, 4, 1), until=dt.date(2024, 4, 30))
    w = o["window"]
    assert (w["since"], w["until"], w["by"]) == ("2024-04-01", "2024-04-30", "day")
    assert len(o["series"]) == 30 and w["outside"] == 9
    assert sum(b["clusters"] for b in o["series"]) == 3
    assert {d["a"] + d["b"] for d in o["dyads"]} == {"CHNPRK", "RUSUKR", "CHNUSA"}
    with pytest.raises(BadRequest, match="too many days"):
        queries.overview(world_store, since=dt.date(1900, 1, 1), by="day")


def test_events_page_filters_and_pages(world_store):
    page = queries.events_page(world_store, _eq(dyad="CHN-PRK", per_page=2, page=2))
    assert page["total"] == 7 and page["pages"] == 4 and len(page["events"]) == 2
    assert [e["doc_id"] for e in page["events"]] == ["w-004", "w-005"]
    assert queries.events_page(world_store, _eq(outlet="Harian Contoh"))["total"] == 5
    hits = queries.events_page(world_store, _eq(q="PYONGYANG"))["events"]
    assert {e["doc_id"] for e in hits} == {"w-003", "w-004", "w-005"}
    oldest = queries.events_page(world_store, _eq(order="oldest", per_page=1))["events"]
    assert oldest[0]["doc_id"] == "w-001"
    quad4 = queries.events_page(world_store, _eq(quad=4))["events"]
    assert {e["source"]["code"] for e in quad4} == {"RUSMIL"}


def test_event_records_carry_cluster_title_and_highlights(world_store):
    ev = queries.events_page(world_store, _eq(code="057"))["events"][0]
    assert ev["cluster_id"] and ev["title"].startswith("Indonesia dan Malaysia")
    spans = {h["role"]: ev["sentence"][h["start"]:h["end"]] for h in ev["highlights"]}
    assert spans == {"source": "Pemerintah Indonesia", "trigger": "menandatangani",
                     "target": "Malaysia"}
    hypo = queries.events_page(world_store, _eq(mode="hypothetical"))["events"][0]
    assert hypo["cluster_id"] is None  # only asserted events are clustered


def test_csv_rows_are_every_match(world_store):
    rows = list(queries.iter_event_rows(world_store, _eq(actor="CHN", per_page=1)))
    assert len(rows) == 10
    assert set(rows[0]) == set(queries.EVENT_CSV_COLUMNS)
    clusters = list(queries.iter_cluster_rows(world_store, _eq(actor="CHN")))
    assert len(clusters) == 8 and set(clusters[0]) == set(queries.CLUSTER_CSV_COLUMNS)


def test_clusters_page(world_store):
    page = queries.clusters_page(world_store, _eq(code="04"))
    assert page["total"] == 4
    assert [c["date"] for c in page["clusters"]] == ["2024-04-11", "2024-03-05", "2024-02-12",
                                                     "2024-01-11"]


def _cluster_id(store, date: str) -> str:
    page = queries.clusters_page(store, _eq(since=dt.date.fromisoformat(date),
                                            until=dt.date.fromisoformat(date)))
    return page["clusters"][0]["cluster_id"]


def test_cluster_detail_has_every_article_and_its_evidence(world_store):
    cid = _cluster_id(world_store, "2024-04-11")
    d = queries.cluster_detail(world_store, cid)
    assert d["cluster"]["num_articles"] == 3 and d["cluster"]["num_sources"] == 3
    assert [(a["doc_id"], a["outlet"], a["copy_of"]) for a in d["articles"]] == [
        ("w-004", "Kabar Nusantara", None), ("w-005", "Warta Dunia", None),
        ("w-015", "Portal Salinan", "w-004")]
    assert d["articles"][0]["url"] == "https://berita.example/w-004"
    triggers = [e["sentence"][h["start"]:h["end"]] for e in d["events"]
                for h in e["highlights"] if h["role"] == "trigger"]
    assert triggers == ["bertemu dengan", "berunding"]
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
    assert zoom[0] == {"label": "last 3 months", "since": "2024-03-04", "until": "2024-06-03"}
    assert [z["label"] for z in zoom] == ["last 3 months", "last 12 months"]


def test_newest_means_newest_report_not_a_far_future_date(tmp_path):
    from peristiwa.coder import Coder
    from peristiwa.records import Article
    from peristiwa.store import ingest, open_store

    arts = [Article(doc_id="plan", published=dt.date(2024, 5, 1),
                    text="Pemerintah Indonesia berjanji mencapai emisi nol bersih pada 2060."),
            Article(doc_id="news", published=dt.date(2024, 6, 1),
                    text="Menteri Luar Negeri Indonesia bertemu dengan Menteri Luar Negeri "
                         "Malaysia di Kuala Lumpur pada Kamis (30/5/2024).")]
    with open_store(tmp_path / "order.duckdb") as s:
        ingest(s, arts, Coder())
        assert {e["doc_id"]: e["date"] for e in queries.events_page(s, _eq())["events"]} == \
            {"plan": "2060", "news": "2024-05-30"}  # what the order below is about
        newest = queries.events_page(s, _eq())["events"]
        assert [e["doc_id"] for e in newest] == ["news", "plan"]
        oldest = queries.events_page(s, _eq(order="oldest"))["events"]
        assert [e["doc_id"] for e in oldest] == ["plan", "news"]
        clusters = queries.clusters_page(s, _eq())["clusters"]
        assert [c["doc_id"] for c in clusters] == ["news", "plan"]
