"""The app over HTTP: every page as HTML, its JSON twin, CSV downloads, static files."""

from __future__ import annotations

import csv
import io
import os

import pytest
from starlette.testclient import TestClient

from peristiwa.store import EventFilter
from peristiwa.web import create_app, queries
from peristiwa.web.params import EventQuery

from .webhelp import sides, stored_clusters, stored_events, written


def _cluster_id(client: TestClient, q: str) -> str:
    """The cluster of the (first) event whose evidence sentence holds ``q``."""
    r = client.get("/api/events", params={"q": q, "mode": "asserted"})
    return r.json()["events"][0]["cluster_id"]


def _marks(rec: dict) -> list[str]:
    """The highlights a page shows for an event record, as the article text has them."""
    return [f'<mark class="hl hl-{role}" title="{role}">{written(rec, role)}</mark>'
            for role in ("source", "trigger", "target") if rec[role]]


@pytest.mark.parametrize("path", [
    "/", "/events", "/events?dyad=CHN-PRK&code=04&quad=1&since=2024-01-01&until=2024-12-31"
    "&mode=asserted&outlet=kabar+nusantara&q=pyongyang&page=1&per_page=10&order=oldest",
    "/clusters", "/clusters?actor=Menteri+Luar+Negeri", "/dyad/CHN/PRK", "/dyad/chn/prk?by=week",
    "/dyad/CHN/PRK?point=2024-04-01&by=month", "/actor/CHN", "/actor/RUSMIL?mode=all",
    "/actor/prk?since=2024-01-01", "/api",
])
def test_pages_render(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>" in r.text and "/static/app.js" in r.text
    if not path.startswith("/api"):
        api = "/api/overview" if path == "/" else "/api" + path.split("?")[0]
        twin = client.get(api, params=dict(client.get(path).request.url.params))
        assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"


def test_json_twin_is_the_query_function(client, world_store):
    got = client.get("/api/events", params={"actor": "CHN", "per_page": 3}).json()
    want = queries.events_page(world_store, EventQuery(EventFilter(actor="CHN"), per_page=3))
    assert got["total"] == want["total"] == sum("CHN" in sides(e) for e in stored_events(
        world_store)) > 3
    assert [e["event_id"] for e in got["events"]] == [e["event_id"] for e in want["events"]]
    assert got["filters"] == {"actor": "CHN"}
    over = client.get("/api/overview").json()
    assert over["totals"] == queries.overview(world_store)["totals"]


def test_overview_page_shows_totals_chart_and_links(client):
    html = client.get("/").text
    assert 'data-chart="quad-bars"' in html and 'id="series-data"' in html
    assert 'href="/dyad/CHN/PRK"' in html and 'href="/actor/CHNGOV"' in html
    assert "/cluster/" in html


def test_events_page_rows_link_to_clusters_or_events(client):
    html = client.get("/events", params={"dyad": "PRK-RUS"}).text
    assert "/event/" in html and "hypothetical" in html  # no cluster: the event's own page
    html = client.get("/events", params={"q": "nota kesepahaman"}).text
    cid = _cluster_id(client, "nota kesepahaman")
    assert f'href="/cluster/{cid}"' in html


def test_cluster_page_highlights_evidence_and_lists_articles(client, world_store):
    cid = _cluster_id(client, "Di Pyongyang, Menteri")  # w-005, clustered with w-004
    html = client.get(f"/cluster/{cid}").text
    members = [e for e in stored_events(world_store) if e["cluster_id"] == cid]
    assert {e["doc_id"] for e in members} == {"w-004", "w-005"}
    for mark in (m for e in members for m in _marks(e)):
        assert mark in html
    assert '<mark class="hl hl-source" title="source">Menteri Luar Negeri China</mark>' in html
    assert '<mark class="hl hl-target" title="target">pejabat Korea Utara</mark>' in html
    for outlet in ("Kabar Nusantara", "Warta Dunia", "Portal Salinan"):
        assert outlet in html
    assert 'href="https://berita.example/w-005"' in html and "exact copy of w-004" in html
    data = client.get(f"/api/cluster/{cid}").json()
    assert data["cluster"]["cluster_id"] == cid and len(data["articles"]) == 3
    c = data["cluster"]
    assert (f"{c['num_events']} event records in 3 articles, {c['num_stories']} stories, "
            "3 outlets;") in html
    lone = _cluster_id(client, "nota kesepahaman")
    assert "1 event record in 1 article, 1 story, 1 outlet;" in client.get(f"/cluster/{lone}").text


def test_event_page_for_an_unclustered_event(client):
    ev = client.get("/api/events", params={"mode": "hypothetical"}).json()["events"][0]
    html = client.get(f"/event/{ev['event_id']}").text
    assert "belongs to no cluster" in html
    assert written(ev, "trigger").startswith("mengunjungi")
    for mark in _marks(ev):
        assert mark in html


def test_dyad_page_lists_the_events_behind_a_point(client, world_store):
    html = client.get("/dyad/CHN/PRK", params={"by": "month", "point": "2024-04-01"}).text
    cid = _cluster_id(client, "Di Pyongyang, Menteri")
    assert f'href="/cluster/{cid}"' in html
    data = client.get("/api/dyad/PRK/CHN", params={"by": "month"}).json()
    months = [c["day"].month for c in stored_clusters(world_store)
              if (c["country_a"], c["country_b"]) == ("CHN", "PRK")]
    assert [b["clusters"] for b in data["buckets"]] == [months.count(m) for m in range(1, 7)]


def test_actor_page_has_network_data(client):
    html = client.get("/actor/CHN").text
    assert 'id="network-data"' in html and 'href="/dyad/CHN/PRK"' in html


def _csv(client: TestClient, path: str, **params) -> list[dict[str, str]]:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(r.text)))


def test_csv_downloads_follow_the_filters(client, world_store):
    events, clusters = stored_events(world_store), stored_clusters(world_store)
    rows = _csv(client, "/api/events.csv", actor="CHN", quad="1")
    assert len(rows) == sum("CHN" in sides(e) and e["quad_class"] == 1 for e in events) > 1
    assert {r["quad_class"] for r in rows} == {"1"}
    assert list(rows[0]) == queries.EVENT_CSV_COLUMNS
    assert len(_csv(client, "/api/events.csv")) == len(events)
    pairs = [(c["country_a"], c["country_b"]) for c in clusters]
    assert len(_csv(client, "/api/clusters.csv", dyad="RUS-UKR")) == pairs.count(("RUS", "UKR"))
    series = _csv(client, "/api/overview.csv", by="month")
    months = [c["day"].month for c in clusters]
    assert [int(r["clusters"]) for r in series] == [months.count(m) for m in range(1, 7)]
    march = [c for c in clusters if c["day"].month == 3]
    assert int(series[2]["q4"]) == sum(c["quad_class"] == 4 for c in march) > 0
    assert float(series[2]["goldstein_mean"]) == pytest.approx(
        sum(c["goldstein"] for c in march) / len(march), abs=0.001)
    assert len(_csv(client, "/api/overview.csv", table="dyads")) == len(set(pairs))
    assert len(_csv(client, "/api/dyad/CHN/PRK.csv", table="events")) == pairs.count(
        ("CHN", "PRK"))
    assert _csv(client, "/api/actor/CHN.csv")[0]["counterpart"] == "PRK"
    assert _csv(client, "/api/actor/CHN.csv", table="network")[0]["a"] == "CHN"


def test_empty_csv_has_a_header(client):
    r = client.get("/api/events.csv", params={"q": "tidak ada kalimat seperti ini"})
    assert r.text.splitlines() == [",".join(queries.EVENT_CSV_COLUMNS)]


def test_forms_redirect(client):
    r = client.get("/dyad", params={"a": "chn", "b": "prk"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/dyad/CHN/PRK"
    r = client.get("/actor", params={"code": "rusmil"}, follow_redirects=False)
    assert r.headers["location"] == "/actor/RUSMIL"
    r = client.get("/actor", params={"code": "Menteri Luar"}, follow_redirects=False)
    assert r.headers["location"] == "/events?actor=Menteri+Luar"


def test_static_files_and_security_headers(client):
    r = client.get("/static/charts.js")
    assert r.status_code == 200 and "quadBars" in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    for name in ("style.css", "network.js", "app.js", "favicon.svg"):
        assert client.get(f"/static/{name}").status_code == 200
    assert "default-src 'self'" in client.get("/").headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/static/../app.py", "/static/%2e%2e/app.py",
                                  "/static/..%2fapp.py", "/static/%2e%2e%2f%2e%2e%2fcli.py",
                                  "/static//etc/passwd"])
def test_no_path_traversal_in_static_files(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "create_app" not in r.text and "root:" not in r.text


def test_pages_use_no_outside_resources(client):
    for path in ("/", "/events", "/dyad/CHN/PRK", "/actor/CHN"):
        html = client.get(path).text
        for attr in ('src="http', "src='http", 'href="//', '@import'):
            assert attr not in html
        assert 'rel="stylesheet" href="/static/' in html


def test_trusted_hosts(world_store):
    app = create_app(world_store, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/overview").status_code == 200
    with TestClient(app, base_url="http://evil.example") as c:
        assert c.get("/api/overview").status_code == 400


def test_the_store_file_is_not_written(world_db, world_store, client):
    before = os.stat(world_db).st_mtime_ns
    for path in ("/", "/events", "/api/events.csv", "/actor/CHN", "/dyad/CHN/PRK"):
        client.get(path)
    assert world_store.read_only
    assert os.stat(world_db).st_mtime_ns == before
