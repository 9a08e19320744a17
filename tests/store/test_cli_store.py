"""The store commands through click's CliRunner (a stub coder stands in for the real one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from peristiwa import cli_store
from peristiwa.store.plot import have_matplotlib

from .storehelp import StubCoder
from .test_schema import holder, release

ARTICLES = [
    {"id": "a1", "outlet": "Kabar A", "published": "2024-04-12",
     "text": "Ketua parlemen negeri tirai bambu tiba di ibu kota tetangganya untuk kunjungan "
             "tiga hari dan bertemu mitranya. [[CHNLEG PRKLEG 040 2024-04-11]]"},
    {"id": "a2", "outlet": "Kabar B", "published": "2024-04-12",
     "text": "Kedua pejabat menandatangani dokumen kerja sama setelah pembicaraan panjang di "
             "gedung parlemen. [[CHNGOV PRKGOV 040 2024-04-12]] [[CHN PRK 057 2024-04-12]]"},
    {"id": "a3", "outlet": "Kabar C", "published": "2024-05-02",
     "text": "Juru bicara kementerian mengecam pernyataan pejabat negara adidaya itu sebagai "
             "campur tangan. [[CHNGOV USAGOV 111 2024-05-01]]"},
]


@pytest.fixture(autouse=True)
def stub_coder(monkeypatch):
    import peristiwa.coder

    monkeypatch.setattr(peristiwa.coder, "Coder", lambda dict_dir=None: StubCoder())


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def news(tmp_path: Path) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path, runner: CliRunner, news: Path) -> Path:
    path = tmp_path / "cli.duckdb"
    result = runner.invoke(cli_store.ingest, [str(news), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_ingest_prints_a_summary_and_is_idempotent(runner, news, db):
    again = runner.invoke(cli_store.ingest, [str(news), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "articles: 0 new, 3 skipped (3 same id, 0 same text), 0 failed" in again.stdout
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchall() == [(3,)]
    assert con.execute("SELECT count(*) FROM events").fetchall() == [(4,)]
    con.close()


def test_first_ingest_summary(runner, news, tmp_path):
    result = runner.invoke(cli_store.ingest, [str(news), "--db", str(tmp_path / "n.duckdb"),
                                              "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("articles: 3 new, 0 skipped")
    assert "events: 4 stored" in line and "clusters: 3" in line


def test_ingest_reports_bad_inputs_and_exits_1(runner, tmp_path, db):
    bad = tmp_path / "rusak.jsonl"
    bad.write_text('{"id": "x1", "text": "Teks pendek tentang [[IDN MYS 040 2024-01-02]]."}\n'
                   "{not json\n", encoding="utf-8")
    result = runner.invoke(cli_store.ingest, [str(bad), "--db", str(db)])
    assert result.exit_code == 1
    assert "error: " in result.stderr and "rusak.jsonl" in result.stderr
    assert "1 new" in result.stdout and "1 failed" in result.stdout


def test_ingest_recode(runner, db):
    result = runner.invoke(cli_store.ingest, ["--recode", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "3 recoded" in result.stdout and "events: 4 stored" in result.stdout


def test_events_table_and_filters(runner, db):
    result = runner.invoke(cli_store.events, ["--db", str(db), "--dyad", "CHN-PRK"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("DATE") and len(lines) == 4
    assert "CHNLEG" in lines[1] and "057" in lines[3]
    only = runner.invoke(cli_store.events, ["--db", str(db), "--code", "11", "--format",
                                            "jsonl"])
    [rec] = [json.loads(x) for x in only.stdout.splitlines()]
    assert rec["cameo"] == "111" and rec["source"]["code"] == "CHNGOV"


def test_events_clusters_show_members(runner, db):
    result = runner.invoke(cli_store.events, ["--db", str(db), "--clusters", "--dyad",
                                              "CHN-PRK", "--code", "04"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 4  # header, the meeting, its two reports
    assert lines[1].split()[:4] == ["2024-04-11", "CHNLEG", "PRKLEG", "040"]
    assert "Kabar A" in lines[2] and "Kabar B" in lines[3]
    js = runner.invoke(cli_store.events, ["--db", str(db), "--clusters", "--format", "jsonl",
                                          "--dyad", "CHN-PRK", "--code", "04"])
    [c] = [json.loads(x) for x in js.stdout.splitlines()]
    assert c["num_sources"] == 2 and len(c["members"]) == 2


def test_events_to_files(runner, db, tmp_path):
    out = tmp_path / "e.parquet"
    result = runner.invoke(cli_store.events, ["--db", str(db), "--format", "parquet",
                                              "-o", str(out)])
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == 4
    need = runner.invoke(cli_store.events, ["--db", str(db), "--format", "parquet"])
    assert need.exit_code == 2 and "needs -o" in need.output
    csv_out = tmp_path / "e.csv"
    runner.invoke(cli_store.events, ["--db", str(db), "--format", "csv", "-o", str(csv_out),
                                     "--limit", "2"])
    assert len(csv_out.read_text(encoding="utf-8").splitlines()) == 3


@pytest.mark.parametrize("args", [["--dyad", "CHINA"], ["--code", "4"], ["--dyad", "CHN-PRK",
                                                                       "--code", "x1"]])
def test_bad_filter_is_a_usage_error_before_any_output(runner, db, tmp_path, args):
    result = runner.invoke(cli_store.events, ["--db", str(db), *args])
    assert result.exit_code == 2 and "bad" in result.stderr and result.stdout == ""
    out = tmp_path / "x.csv"
    result = runner.invoke(cli_store.export, ["--db", str(db), "--format", "csv", "-o",
                                              str(out), *args])
    assert result.exit_code == 2 and "bad" in result.stderr
    assert not out.exists() and not list(tmp_path.glob("x.csv*"))


def test_dyad_table_and_text_plot(runner, db):
    result = runner.invoke(cli_store.dyad, ["CHN", "PRK", "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2024-04-01  q1   2  q2   0  q3   0  q4   0  events   2 (3 reports)" in out
    assert "057" in out and "040" in out
    plot = runner.invoke(cli_store.dyad, ["CHN", "PRK", "--db", str(db), "--plot", "-",
                                          "--by", "week"])
    assert plot.exit_code == 0 and "verbal cooperation" in plot.stdout
    assert "2024-04-08" in plot.stdout


def test_dyad_png_plot(runner, db, tmp_path):
    png = tmp_path / "d.png"
    result = runner.invoke(cli_store.dyad, ["CHN", "PRK", "--db", str(db), "--plot", str(png)])
    assert result.exit_code == 0, result.output
    if have_matplotlib():
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert "matplotlib is not installed" in result.stderr
        assert "verbal cooperation" in result.stdout and not png.exists()


def test_export_gdelt(runner, db, tmp_path):
    out = tmp_path / "g.csv"
    result = runner.invoke(cli_store.export, ["--db", str(db), "--format", "csv", "--gdelt",
                                              "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 3 rows" in result.stderr
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3 and all(len(r) == 61 for r in rows)


def test_not_our_file_is_refused(runner, tmp_path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    before = other.read_bytes()
    result = runner.invoke(cli_store.events, ["--db", str(other)])
    assert result.exit_code == 2 and "not a peristiwa store" in result.stderr
    text = tmp_path / "notes.duckdb"
    text.write_text("catatan\n", encoding="utf-8")
    result = runner.invoke(cli_store.ingest, ["--db", str(text)])
    assert result.exit_code == 2 and "not a DuckDB database" in result.stderr
    assert other.read_bytes() == before and text.read_text(encoding="utf-8") == "catatan\n"


def test_missing_store_for_queries(runner, tmp_path):
    result = runner.invoke(cli_store.events, ["--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "no such database" in result.stderr


def test_locked_store(runner, news, db):
    proc = holder(db)
    try:
        result = runner.invoke(cli_store.ingest, [str(news), "--db", str(db)])
    finally:
        release(proc)
    assert result.exit_code == 2
    assert "database is locked by another peristiwa process" in result.stderr


@pytest.mark.parametrize("command", cli_store.COMMANDS, ids=lambda c: c.name)
def test_every_command_is_documented(runner, command):
    result = runner.invoke(command, ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    for param in command.params:
        if isinstance(param, __import__("click").Option):
            assert param.help, f"{command.name} {param.opts} has no help"


def test_interrupted_clustering_is_flagged_and_finished_by_ingest(runner, db):
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM clusters")
    con.execute("INSERT INTO dirty_blocks SELECT DISTINCT block FROM events "
                "WHERE block IS NOT NULL")
    con.close()
    stale = runner.invoke(cli_store.events, ["--db", str(db), "--clusters"])
    assert "clusters of 3 dyads are out of date" in stale.stderr
    fix = runner.invoke(cli_store.ingest, ["--db", str(db)])
    assert fix.exit_code == 0 and "clusters: 3 (3 dyad blocks updated)" in fix.stdout
    fresh = runner.invoke(cli_store.events, ["--db", str(db), "--clusters"])
    assert "out of date" not in fresh.stderr and len(fresh.stdout.splitlines()) > 3


def _cli(*args: str, **kw) -> subprocess.Popen:
    """The real ``peristiwa`` command (real coder) in a process of its own."""
    src = Path(__import__("peristiwa").__file__).parents[1]
    env = dict(os.environ, PYTHONPATH=str(src))
    return subprocess.Popen([sys.executable, "-m", "peristiwa.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_two_ingest_processes_on_one_file(tmp_path, news):
    db = tmp_path / "two.duckdb"
    # The first ingest reads standard input and holds the store while it waits for more.
    first = _cli("ingest", "-", "--db", str(db), "--batch-size", "1", stdin=subprocess.PIPE)
    first.stdin.write(json.dumps({"id": "s1", "outlet": "Kabar D", "published": "2024-04-13",
                                  "text": "Menteri luar negeri kedua negara bertemu di "
                                          "Jakarta pada Jumat untuk membahas kerja sama."})
                      + "\n")
    first.stdin.flush()
    deadline = time.monotonic() + 60
    while not db.exists():
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "the first ingest never created the store"
        time.sleep(0.05)
    for cmd in (["ingest", str(news)], ["ingest", "--recode"], ["events"]):
        second = _cli(*cmd, "--db", str(db))
        out, err = second.communicate(timeout=120)
        assert second.returncode == 2, (cmd, out, err)
        assert "database is locked by another peristiwa process" in err, err
        assert f"pid {first.pid}" in err and "Traceback" not in err
    out, err = first.communicate(timeout=120)  # closes its standard input: the end
    assert first.returncode == 0, err
    assert out.startswith("articles: 1 new"), out
    # Once the first is done the second goes through, and the file is whole.
    second = _cli("ingest", str(news), "--db", str(db))
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0 and out.startswith("articles: 3 new"), (out, err)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchall() == [(4,)]
        per_doc = con.execute("SELECT a.num_events, count(e.event_id) FROM articles a "
                              "LEFT JOIN events e ON e.doc_id = a.article_id "
                              "GROUP BY ALL").fetchall()
        assert all(n == m for n, m in per_doc)
        assert con.execute("SELECT count(*) FROM dirty_blocks").fetchall() == [(0,)]
    finally:
        con.close()
