"""The five real seed articles, coded by the real coder: every linked page answers."""

from __future__ import annotations

import re
from collections import deque

from starlette.testclient import TestClient

from peristiwa.store import open_store
from peristiwa.web import create_app

_HREF = re.compile(r'href="(/[^"#]*)"')


def test_every_link_from_the_overview_works(seeds_db):
    store = open_store(seeds_db, read_only=True)
    try:
        with TestClient(create_app(store)) as client:
            seen, todo = set(), deque(["/"])
            kinds: set[str] = set()
            while todo and len(seen) < 400:
                path = todo.popleft().replace("&amp;", "&")
                if path in seen or path.startswith("/static/"):
                    continue
                seen.add(path)
                r = client.get(path)
                assert r.status_code == 200, (path, r.text[:300])
                kinds.add(path.split("/")[1].split("?")[0])
                if r.headers["content-type"].startswith("text/html"):
                    todo.extend(_HREF.findall(r.text))
            assert {"", "events", "clusters", "cluster", "dyad", "actor", "api"} <= kinds
            over = client.get("/api/overview").json()
            assert over["totals"]["articles"] == 5
            assert any({d["a"], d["b"]} == {"CHN", "PRK"} for d in over["dyads"])
    finally:
        store.close()
