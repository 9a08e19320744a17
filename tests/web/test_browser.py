"""A real browser (Debian's chromium, driven by Playwright) against ``peristiwa serve``.

Needs ``apt-get install chromium`` and ``pip install playwright`` (never ``playwright
install``: the system chromium is used). Screenshots go to $PERISTIWA_SHOTS
(default /tmp/peristiwa-shots).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .webhelp import written

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = Path(os.environ.get("PERISTIWA_SHOTS", "/tmp/peristiwa-shots"))

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":  # .ci/run installs it: its absence there is a failure
        raise RuntimeError(f"{CHROMIUM} is absent: .ci/run could not install Debian's chromium")
    pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(db: Path) -> Iterator[str]:
    """Run the real ``serve`` command on a free localhost port; yield its base URL."""
    port = _free_port()
    cmd = [sys.executable, "-c", "from peristiwa.cli_serve import serve; serve()",
           "--db", str(db), "--port", str(port)]
    log = db.with_name(db.name + f".serve-{port}.log")
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"serve exited: {log.read_text(encoding='utf-8')}")
            try:
                with urllib.request.urlopen(base + "/api/overview", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("serve did not answer within 30 s")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watch:
    """Console errors, page errors and any request that leaves the server."""

    def __init__(self, page, base: str):
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith("data:")
                else self.outside.append(r.url))


def _api(base: str, path: str, **params: str) -> Any:
    """What the served JSON API says (the figures the pages must show)."""
    query = "?" + urllib.parse.urlencode(params) if params else ""
    with urllib.request.urlopen(base + "/api" + path + query, timeout=10) as r:
        return json.load(r)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _overview(page, base: str, prefix: str) -> None:
    page.goto(base + "/")
    page.wait_for_selector("#timeline svg rect.seg")
    assert page.locator("#timeline svg rect.seg").count() >= 1
    assert page.locator("#timeline .legend").inner_text().count("conflict") == 2
    bar = page.locator("#timeline rect.hit.has").first
    bar.hover()
    tip = page.locator("#timeline .tooltip")
    tip.wait_for(state="visible")
    assert "event" in tip.inner_text()
    # the y axis fits the tallest bar (four whole steps, not a wasteful round number)
    tallest = max(b["clusters"] for b in _api(base, "/overview")["series"])
    top = max(page.locator("#timeline g.axis text:not(.gs-axis)").evaluate_all(
        "ts => ts.map(t => Number(t.textContent))"))
    assert tallest <= top < tallest * 4 / 3 + 4, (tallest, top)
    tops = page.evaluate("[1, 5, 9, 12, 13, 41, 2750, 5000].map(v => 4 * Peristiwa.niceStep(v))")
    assert tops == [4, 8, 12, 12, 16, 48, 3000, 5000]
    _shot(page, f"{prefix}-overview")


def _to_cluster_via_dyad(page, dyad: str | None, bucket: str | None, prefix: str) -> None:
    """Overview → a dyad link → click a bar → an event behind it → its cluster page."""
    link = page.locator(f"a.dyad-link[href='/dyad/{dyad}']" if dyad else "a.dyad-link").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("**" + href)
    page.wait_for_selector("#dyad-chart svg rect.seg")
    _shot(page, f"{prefix}-dyad")
    hit = page.locator(f"#dyad-chart rect.hit[data-bucket='{bucket}']" if bucket
                       else "#dyad-chart rect.hit.has").first
    hit.click()
    page.wait_for_selector("#points .point-list a")
    assert "point=" in page.url
    _shot(page, f"{prefix}-dyad-point")
    page.locator("#points .point-list a").first.click()
    page.wait_for_url("**/cluster/*")
    page.wait_for_selector(".evidence-list mark.hl-trigger")


def _triggers(base: str, cluster_id: str) -> list[str]:
    """The triggers of a cluster's events, as the article texts have them."""
    return [written(e, "trigger") for e in _api(base, f"/cluster/{cluster_id}")["events"]]


def test_world_in_a_browser(browser, world_db):
    with served(world_db) as base:
        # the meeting two outlets reported (and a third copied), and its week on the chart
        [ev] = _api(base, "/events", q="Di Pyongyang, Menteri")["events"]
        cid = ev["cluster_id"]
        [week] = [b["bucket"] for b in _api(base, "/dyad/CHN/PRK")["buckets"]
                  if cid in {i["cluster_id"] for i in b["items"]}]
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        watch = Watch(page, base)
        _overview(page, base, "world")
        _to_cluster_via_dyad(page, "CHN/PRK", week, "world")
        assert page.url.endswith(f"/cluster/{cid}")  # the week's only cluster
        triggers = page.locator(".evidence-list mark.hl-trigger").all_inner_texts()
        assert triggers == _triggers(base, cid) and len(triggers) == 2
        assert page.locator(".evidence-list mark.hl-source").first.inner_text() == \
            "Menteri Luar Negeri China"
        assert page.locator(".evidence-list mark.hl-target").count() == 2
        color = page.locator(".evidence-list mark.hl-trigger").first.evaluate(
            "m => getComputedStyle(m).backgroundColor")
        assert color not in ("rgba(0, 0, 0, 0)", "transparent")  # our CSS was applied
        assert page.locator("table.articles tbody tr").count() == 3
        _shot(page, "world-cluster")

        page.goto(base + "/events?dyad=CHN-PRK")
        _shot(page, "world-events")
        newest = _api(base, "/events", dyad="CHN-PRK")["events"][0]
        page.locator("table.events tbody tr").first.locator("a").first.click()
        page.wait_for_url(f"**/cluster/{newest['cluster_id']}")
        assert page.locator(".evidence-list mark.hl-trigger").all_inner_texts() == \
            _triggers(base, newest["cluster_id"])

        page.goto(base + "/actor/CHN")
        page.wait_for_selector("#network svg g.node")
        net = _api(base, "/actor/CHN")["network"]
        assert sorted(page.locator("#network g.node").evaluate_all(
            "ns => ns.map(n => n.dataset.id)")) == sorted(n["id"] for n in net["nodes"])
        assert {"PRK", "USA"} < {n["id"] for n in net["nodes"]}
        strokes = page.locator("#network line.edge").evaluate_all(
            "ls => ls.map(l => l.getAttribute('stroke'))")
        assert len(strokes) == len(net["edges"])
        assert len({e["goldstein_mean"] for e in net["edges"]}) > 1
        assert len(set(strokes)) > 1  # coloured by Goldstein
        _shot(page, "world-actor")
        page.locator("#network g.node[data-id='PRK'] circle").click()
        page.wait_for_url("**/actor/PRK")

        page.goto(base + "/clusters")
        _shot(page, "world-clusters")
        assert watch.errors == [] and watch.outside == []

        page.goto(base + "/events?since=2024-99-01")
        assert "not a valid date" in page.locator(".error-message").inner_text()
        _shot(page, "world-error")
        page.close()


def test_seeds_in_a_browser(browser, seeds_db):
    with served(seeds_db) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        watch = Watch(page, base)
        _overview(page, base, "seeds")
        _to_cluster_via_dyad(page, None, None, "seeds")
        assert page.locator(".evidence-list mark.hl-trigger").count() >= 1
        _shot(page, "seeds-cluster")
        page.goto(base + "/events")
        _shot(page, "seeds-events")
        page.goto(base + "/actor/CHN")
        page.wait_for_selector("#network svg g.node")
        _shot(page, "seeds-actor")
        assert watch.errors == [] and watch.outside == []
        page.close()
