"""Queries: event filters, clusters with members, dyad series, parameter safety."""

from __future__ import annotations

import datetime as dt

import pytest

from peristiwa.store import EventFilter, QueryError, dyad_series, find_clusters, find_events
from peristiwa.store.query import parse_dyad

from .storehelp import SAMPLE


def _ids(filled, **kw) -> list[str]:
    return [f"{e['doc_id']}:{e['cameo']}" for e in find_events(filled, EventFilter(**kw))]


def test_all_events_in_date_order(filled):
    """The sample world as the coder reads it (what every test here starts from)."""
    assert _ids(filled) == ["k1:040", "z1:040", "z1:042", "z2:040", "u1:112", "u1:130",
                            "r1:190"]


@pytest.mark.parametrize("actor, expected", [
    ("CHN", ["k1:040", "z1:040", "z1:042", "z2:040", "u1:112", "u1:130"]),
    ("CHNLEG", ["z1:040", "z1:042"]),
    ("Zhao Leji", ["z1:040", "z1:042"]),
    ("choe ryong", ["z1:040"]),
    ("partai buruh", ["k1:040"]),
    ("UKR", ["r1:190"]),
    ("Nobody", []),
])
def test_actor_filter_takes_country_code_or_name(filled, actor, expected):
    assert _ids(filled, actor=actor) == expected


@pytest.mark.parametrize("dyad, expected", [
    ("CHN-PRK", ["k1:040", "z1:040", "z1:042", "z2:040"]),
    ("prk-chn", ["k1:040", "z1:040", "z1:042", "z2:040"]),
    ("PRK>CHN", ["k1:040"]),
    ("CHNLEG-PRK", ["z1:040", "z1:042"]),
    ("USA>CHN", ["u1:112"]),
])
def test_dyad_filter(filled, dyad, expected):
    assert _ids(filled, dyad=dyad) == expected


def test_code_quad_dates_mode_limit(filled):
    assert _ids(filled, code="04") == ["k1:040", "z1:040", "z1:042", "z2:040"]
    assert _ids(filled, code="042") == ["z1:042"]
    assert _ids(filled, quad=3) == ["u1:112", "u1:130"]
    assert _ids(filled, since=dt.date(2024, 4, 1), until=dt.date(2024, 4, 30)) == \
        ["z1:040", "z1:042", "z2:040"]
    assert _ids(filled, mode="hypothetical") == ["u1:130"]
    assert _ids(filled, dyad="CHN-PRK", code="04", limit=2) == ["k1:040", "z1:040"]


def test_stored_event_reads_back_as_the_event_record(filled, coder):
    want = coder.code(SAMPLE[0])[0].as_dict()
    [got] = find_events(filled, EventFilter(actor="Choe Ryong-hae"))
    assert got["cluster_id"] and got["story_id"] == "z1"
    assert {k: v for k, v in got.items() if k in want} == want


@pytest.mark.parametrize("bad", [
    dict(dyad="CHN"), dict(dyad="CHN-PRK' OR 1=1 --"), dict(code="4a"), dict(code="04; DROP"),
    dict(quad=7), dict(mode="maybe"),
])
def test_bad_filters_raise_query_error(filled, bad):
    with pytest.raises(QueryError):
        find_events(filled, EventFilter(**bad))


def test_user_text_is_a_parameter_not_sql(filled):
    for nasty in ("x' OR '1'='1", "%", "_", "'); DROP TABLE events; --"):
        assert find_events(filled, EventFilter(actor=nasty)) == []
    assert filled.count("events") == 7


def test_parse_dyad():
    assert parse_dyad(" chn - prk ") == ("CHN", "PRK", False)
    assert parse_dyad("USAGOV>CHN") == ("USAGOV", "CHN", True)


def test_clusters_with_members_and_evidence(filled):
    clusters = find_clusters(filled, EventFilter(dyad="CHN-PRK"))
    assert [(c["date"], c["num_articles"], c["num_sources"]) for c in clusters] == \
        [("2024-03-21", 1, 1), ("2024-04-11", 2, 2)]
    visit = clusters[1]
    assert visit["cameo"] == "040" and visit["location"]["name"] == "Pyongyang"
    assert visit["source"]["code"] == "CHNLEG" and visit["target"]["country"] == "PRK"
    assert (visit["first_seen"], visit["last_seen"]) == ("2024-04-12", "2024-04-12")
    assert [(m["doc_id"], m["cameo"]) for m in visit["members"]] == \
        [("z1", "040"), ("z1", "042"), ("z2", "040")]
    assert [m["evidence"].split()[0] for m in visit["members"]] == ["Ketua", "Zhao", "Pejabat"]
    assert [c["date"] for c in find_clusters(filled, EventFilter(code="042"))] == ["2024-04-11"]
    # a hypothetical event is not a real-world event: no cluster
    assert find_clusters(filled, EventFilter(mode="hypothetical")) == []


def test_dyad_series_counts_clusters_per_quad(filled):
    months = dyad_series(filled, "PRK", "CHN", by="month")
    assert [(b["bucket"], b["clusters"], b["events"], b["quad"][1]) for b in months] == \
        [("2024-03-01", 1, 1, 1), ("2024-04-01", 1, 3, 1)]
    assert months[1]["goldstein_mean"] == 1.0
    assert months[1]["items"][0]["num_sources"] == 2
    weeks = dyad_series(filled, "CHN", "PRK", by="week", since=dt.date(2024, 4, 1))
    assert [b["bucket"] for b in weeks] == ["2024-04-08"]  # the Monday of that week
    conflict = dyad_series(filled, "CHN", "USA")
    assert conflict[0]["quad"] == {1: 0, 2: 0, 3: 1, 4: 0}
    with pytest.raises(QueryError):
        dyad_series(filled, "CHN", "PRK", by="hour")


def test_dyad_series_leaves_out_dates_coarser_than_the_bucket(store, coder):
    from peristiwa.records import Article
    from peristiwa.store import ingest

    texts = {  # a day, a year and a month
        "t1": "Menteri Luar Negeri China bertemu dengan Menteri Luar Negeri Korea Utara di "
              "Beijing pada Kamis (11/4/2024).",
        "t2": "China dan Korea Utara menandatangani perjanjian kerja sama ekonomi pada 2019.",
        "t3": "Menteri Luar Negeri China mengunjungi Pyongyang pada Agustus 2023.",
    }
    ingest(store, [Article(doc_id=k, text=v, published=dt.date(2024, 4, 12))
                   for k, v in texts.items()], coder)
    assert [b["bucket"] for b in dyad_series(store, "CHN", "PRK", by="month")] == \
        ["2023-08-01", "2024-04-01"]
    assert [b["bucket"] for b in dyad_series(store, "CHN", "PRK", by="year")] == \
        ["2019-01-01", "2023-01-01", "2024-01-01"]
