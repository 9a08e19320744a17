"""``peristiwa serve``: options, refusals, and a real server on localhost."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette", reason="serve needs starlette")
pytest.importorskip("uvicorn", reason="serve needs uvicorn")

from peristiwa.cli_serve import _loopback, serve  # noqa: E402


def test_safe_defaults():
    defaults = {p.name: p.default for p in serve.params}
    assert defaults == {"db": "peristiwa.duckdb", "host": "127.0.0.1", "port": 8000}
    out = CliRunner().invoke(serve, ["--help"]).output
    assert "read-only" in out and "--host" in out


def test_missing_database_is_refused(tmp_path: Path):
    r = CliRunner().invoke(serve, ["--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 2 and "no such database" in r.output
    assert not (tmp_path / "none.duckdb").exists()  # read-only: nothing is created


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database at all" * 10)
    r = CliRunner().invoke(serve, ["--db", str(junk)])
    assert r.exit_code == 2 and "not a DuckDB database" in r.output


@pytest.mark.parametrize("host, expected", [("127.0.0.1", True), ("localhost", True),
                                            ("::1", True), ("[::1]", True), ("0.0.0.0", False),
                                            ("192.168.1.5", False), ("example.org", False)])
def test_loopback(host, expected):
    assert _loopback(host) is expected


def _get(url: str, host: str | None = None) -> tuple[int, dict | str]:
    req = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            status, body = r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read().decode()
        exc.close()
    return status, json.loads(body) if body.startswith("{") else body


def test_serves_an_empty_store_on_localhost(tmp_path: Path):
    from peristiwa.store import open_store

    db = tmp_path / "empty.duckdb"
    open_store(db).close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-c", "from peristiwa.cli_serve import serve; serve()",
           "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                status, body = _get(base + "/api/overview")
                break
            except OSError:
                assert proc.poll() is None, "serve exited"
                time.sleep(0.2)
        else:
            pytest.fail("serve did not answer")
        assert status == 200 and body["totals"]["events"] == 0 and body["series"] == []
        status, body = _get(base + "/api/events?per_page=9999")
        assert status == 400 and "per_page" in body["error"]
        # another name for this address (DNS rebinding) is not answered
        status, _ = _get(base + "/api/overview", host="attacker.example")
        assert status == 400
    finally:
        proc.terminate()
        proc.wait(10)


def test_an_older_store_is_not_upgraded_by_serve(tmp_path: Path):
    import duckdb

    from peristiwa.store.schema import META_TABLE, MIGRATIONS

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))  # a v1 store, as the first release made them
    for stmt in MIGRATIONS[0].statements:
        con.execute(stmt)
    con.execute(f"INSERT INTO {META_TABLE} VALUES ('app', 'peristiwa'), ('schema_version', '1')")
    con.close()
    before = db.read_bytes()
    r = CliRunner().invoke(serve, ["--db", str(db)])
    assert r.exit_code == 2 and "upgrade it first with: peristiwa ingest --db" in r.output
    assert db.read_bytes() == before
