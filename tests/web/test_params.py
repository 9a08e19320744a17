"""Every parameter is checked: bad values get a 400 (or 404) with a message, never a 500."""

from __future__ import annotations

import dataclasses

import pytest
from starlette.datastructures import QueryParams
from starlette.testclient import TestClient

from peristiwa.web import create_app, pages
from peristiwa.web.params import BadRequest, Params

BAD = [
    ("/api/events?since=2024-13-01", "not a valid date"),
    ("/api/events?since=yesterday", "not a date"),
    ("/api/events?until=2024-02-30", "not a valid date"),
    ("/api/events?since=2024-05-01&until=2024-04-01", "is after until"),
    ("/api/events?per_page=100000", "out of range"),
    ("/api/events?per_page=0", "out of range"),
    ("/api/events?page=-1", "out of range"),
    ("/api/events?page=1e9", "not a whole number"),
    ("/api/events?page=99999999999999", "at most 12 characters"),
    ("/api/events?quad=5", "out of range"),
    ("/api/events?quad=abc", "not a whole number"),
    ("/api/events?code=999", "unknown CAMEO event code"),
    ("/api/events?code=21", "not a CAMEO root"),
    ("/api/events?code=04x", "not a CAMEO root"),
    ("/api/events?code=0421'--", "at most 4 characters"),
    ("/api/events?actor=XYZ", "unknown actor code"),
    ("/api/events?actor=CHNXYZ", "unknown actor code"),
    ("/api/events?actor=a", "at least two letters"),
    ("/api/events?dyad=CHN", "bad dyad"),
    ("/api/events?dyad=CHN-QQQ", "unknown actor code"),
    ("/api/events?dyad=CHN-PRK;DROP TABLE events", "bad dyad"),
    ("/api/events?mode=maybe", "not one of"),
    ("/api/events?order=random", "not one of"),
    ("/api/events?outlet=Nowhere Times", "no articles from outlet"),
    ("/api/events?q=x", "at least two characters"),
    ("/api/events?q=" + "x" * 201, "at most 200 characters"),
    ("/api/events?q=a%00b", "control characters"),
    ("/api/events?foo=1", "unknown parameter 'foo'"),
    ("/api/events?quad=1&quad=2", "more than once"),
    ("/api/events.csv?since=2024-99-99", "not a valid date"),
    ("/api/events.csv?table=x", "unknown parameter 'table'"),
    ("/api/overview?by=decade", "not one of"),
    ("/api/overview?by=day&since=1900-01-01", "too many days"),
    ("/api/overview.csv?table=secret", "not one of"),
    ("/api/dyad/CHN/XYZ", "unknown country code"),
    ("/api/dyad/CHNGOV/PRK", "not a three-letter country code"),
    ("/api/dyad/CHN/PRK?point=april", "not a date"),
    ("/api/dyad/CHN/PRK?by=hour", "not one of"),
    ("/api/actor/CHN?mode=sometimes", "not one of"),
    ("/api/actor/C%27HN", "not an actor code"),
    ("/api/cluster/%3Cscript%3E", "is not an id"),
    ("/api/event/" + "a" * 81, "is not an id"),
]


@pytest.mark.parametrize("path, message", BAD)
def test_bad_parameters_get_400_json(client, path, message):
    r = client.get(path)
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["status"] == 400 and message in body["error"]
    assert "Traceback" not in r.text


@pytest.mark.parametrize("path, message", [
    *[b for b in BAD if b[0].startswith("/api/events?")][:8],
    ("/dyad?a=CHN", "not a three-letter country code"),
    ("/actor?code=", "at least two letters"),
])
def test_bad_parameters_get_400_html_on_pages(client, path, message):
    r = client.get(path.replace("/api/events?", "/events?"))
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/html")
    assert "Bad request" in r.text and "Traceback" not in r.text
    assert message.replace("'", "&#39;") in r.text or message in r.text


@pytest.mark.parametrize("path, message", [
    ("/api/cluster/0000000000000000", "no event cluster"),
    ("/api/event/nothing", "no event"),
    ("/api/actor/QQQ", "no actor"),
    ("/api/nowhere", "no such page"),
    ("/cluster/0000000000000000", "no event cluster"),
    ("/actor/QQQGOV", "no actor"),
    ("/nowhere", "no such page"),
])
def test_unknown_things_get_404(client, path, message):
    r = client.get(path)
    assert r.status_code == 404
    assert message in r.text


def test_values_that_look_like_sql_are_just_values(client, world_store):
    r = client.get("/api/events", params={"q": "'; DROP TABLE events; --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    r = client.get("/api/events", params={"actor": "x' OR '1'='1"})
    assert r.status_code == 200 and r.json()["total"] == 0
    assert client.get("/api/events").json()["total"] == world_store.count("events") > 0


def test_html_escapes_what_it_echoes(client):
    r = client.get("/events", params={"actor": "<script>alert(1)</script>"})
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "&lt;script&gt;alert(1)" in r.text


def test_post_is_not_allowed(client):
    r = client.post("/api/events")
    assert r.status_code == 405 and r.json()["status"] == 405


def test_a_failing_query_is_a_500_without_details(world_store, monkeypatch):
    def boom(ctx):
        raise RuntimeError("secret internals")

    fake = [dataclasses.replace(p, load=boom) if p.name == "overview" else p
            for p in pages.PAGES]
    monkeypatch.setattr("peristiwa.web.app.PAGES", fake)
    with TestClient(create_app(world_store)) as c:
        for path in ("/", "/api/overview"):
            r = c.get(path)
            assert r.status_code == 500
            assert "secret internals" not in r.text and "Traceback" not in r.text
            assert "internal error" in r.text


def test_params_accessors():
    p = Params(QueryParams("a=%20x%20&n=7&d=2024-02-29&e="), ("a", "n", "d", "e", "z"))
    assert p.text("a") == "x" and p.text("e") is None and p.text("z") is None
    assert p.integer("n", 1, 1, 10) == 7 and p.integer("z", 3, 1, 10) == 3
    assert p.date("d").isoformat() == "2024-02-29"
    with pytest.raises(BadRequest, match="out of range"):
        p.integer("n", 1, 1, 5)
    with pytest.raises(BadRequest, match="unknown parameter"):
        Params(QueryParams("b=1"), ("a",))


NASTY = ["", " ", "0", "-1", "9" * 12, "1e309", "NaN", "2024-02-30", "0001-01-01",
         "9999-12-31", "'; DROP TABLE events; --", "%_\\", "CHN-PRK", "CHN>PRK", "日本",
         "x" * 201, "a\tb", "../../etc/passwd"]


def _urls(page: pages.Page, ids: dict[str, str]) -> list[str]:
    base = page.path
    for name in page.path_params:
        base = base.replace("{" + name + "}", ids[name])
    urls = [base, "/api" + base if base != "/" else page.api]
    if page.csv is not None:
        urls.append(urls[1] + ".csv")
    return urls


def test_every_parameter_of_every_page_takes_any_value_without_a_500(client):
    """A grid: each page (HTML, JSON, CSV) x each of its parameters x awkward values."""
    cid = client.get("/api/clusters").json()["clusters"][0]["cluster_id"]
    eid = client.get("/api/events").json()["events"][0]["event_id"]
    ids = {"cluster_id": cid, "event_id": eid, "a": "CHN", "b": "PRK", "code": "CHN"}
    seen = set()
    for page in pages.PAGES:
        names = page.params + (("table",) if page.tables else ())
        for url in _urls(page, ids):
            for name in names:
                for value in NASTY:
                    r = client.get(url, params={name: value})
                    assert r.status_code in (200, 400), (url, name, value, r.text[:300])
                    assert "Traceback" not in r.text
                    if r.status_code == 400 and "/api/" in url:
                        assert r.json()["status"] == 400
                    seen.add(r.status_code)
        for name in page.path_params:  # and each path parameter
            for value in NASTY[1:]:
                quoted = __import__("urllib.parse").parse.quote(value, safe="")
                for url in _urls(page, {**ids, name: quoted}):
                    r = client.get(url)
                    assert r.status_code in (200, 400, 404), (url, r.text[:300])
    assert seen == {200, 400}
