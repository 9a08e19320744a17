"""The OpenAPI description covers every JSON and CSV endpoint the app serves."""

from __future__ import annotations

from starlette.routing import Route

from peristiwa.web.openapi import PARAMETERS
from peristiwa.web.pages import PAGES


def test_openapi_documents_every_api_route(client):
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.1") and doc["info"]["title"] == "peristiwa"
    routes = {r.path for r in client.app.routes if isinstance(r, Route)
              and r.path.startswith("/api/")}
    assert routes == set(doc["paths"])


def test_every_parameter_is_described_and_every_path_parameter_required(client):
    doc = client.get("/api/openapi.json").json()
    for path, item in doc["paths"].items():
        op = item["get"]
        assert op["summary"] and op["operationId"]
        for p in op.get("parameters", []):
            assert p["description"] and p["schema"]
            if p["in"] == "path":
                assert p["required"] and "{" + p["name"] + "}" in path
    for page in PAGES:
        assert set(page.params) <= set(PARAMETERS)


def test_documented_limits_match_the_validation(client):
    doc = client.get("/api/openapi.json").json()
    params = {p["name"]: p for p in doc["paths"]["/api/events"]["get"]["parameters"]}
    top = params["per_page"]["schema"]["maximum"]
    assert client.get("/api/events", params={"per_page": top}).status_code == 200
    assert client.get("/api/events", params={"per_page": top + 1}).status_code == 400
    for mode in params["mode"]["schema"]["enum"]:
        assert client.get("/api/events", params={"mode": mode}).status_code == 200
    tables = {p["name"]: p for p in doc["paths"]["/api/actor/{code}.csv"]["get"]["parameters"]}
    for table in tables["table"]["schema"]["enum"]:
        assert client.get("/api/actor/CHN.csv", params={"table": table}).status_code == 200
