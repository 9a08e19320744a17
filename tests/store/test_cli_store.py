"""The store commands through click's CliRunner and as processes, with the real coder."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from peristiwa import cli_store
from peristiwa.store import open_store
from peristiwa.store.plot import have_matplotlib

from .storehelp import as_jsonl, news
from .test_schema import holder, release

# Two reports of one meeting (two outlets), a signing in the second, a rebuke elsewhere.
ARTICLES = [
    {"id": "a1", "outlet": "Kabar A", "published": "2025-11-12",
     "text": "Menteri Luar Negeri Indonesia Sugiono bertemu dengan Menteri Luar Negeri Jepang "
             "Takeshi Iwaya di Tokyo pada Selasa (11/11/2025). Keduanya membahas kerja sama "
             "perdagangan dan keamanan maritim."},
    {"id": "a2", "outlet": "Kabar B", "published": "2025-11-12",
     "text": "Menlu RI Sugiono mengadakan pertemuan dengan Menlu Jepang Takeshi Iwaya di Tokyo, "
             "Selasa (11/11/2025). Indonesia dan Jepang kemudian menandatangani perjanjian "
             "kerja sama pertahanan pada hari yang sama."},
    {"id": "a3", "outlet": "Kabar C", "published": "2025-11-14",
     "text": "Pemerintah China mengecam Amerika Serikat atas penjualan senjata ke Taiwan pada "
             "Kamis (13/11/2025). Juru bicara kementerian menyebut langkah itu campur tangan."},
]
IDN_JPN = ("(source_country = 'IDN' AND target_country = 'JPN' OR "
           "source_country = 'JPN' AND target_country = 'IDN')")


def _one(db: Path, sql: str) -> int:
    """The single value a query on the store file gives."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()[0][0]
    finally:
        con.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def news_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path, runner: CliRunner, news_file: Path) -> Path:
    path = tmp_path / "cli.duckdb"
    result = runner.invoke(cli_store.ingest, [str(news_file), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_the_coder_finds_what_these_tests_rely_on(db):
    meetings = _one(db, f"SELECT list(DISTINCT doc_id ORDER BY doc_id) FROM events WHERE "
                        f"root = '04' AND {IDN_JPN} AND date = '2025-11-11'")
    assert meetings == ["a1", "a2"]
    assert _one(db, f"SELECT count(*) FROM events WHERE root = '05' AND {IDN_JPN}") >= 1
    assert _one(db, "SELECT count(*) FROM events WHERE root = '11' AND source_country = 'CHN' "
                    "AND target_country = 'USA'") >= 1


def test_ingest_prints_a_summary_and_is_idempotent(runner, news_file, db):
    events = _one(db, "SELECT count(*) FROM events")
    again = runner.invoke(cli_store.ingest, [str(news_file), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "articles: 0 new, 3 skipped (3 same id, 0 same text), 0 failed" in again.stdout
    assert "events: 0 stored" in again.stdout
    assert _one(db, "SELECT count(*) FROM articles") == 3
    assert _one(db, "SELECT count(*) FROM events") == events >= 4


def test_first_ingest_summary(runner, news_file, tmp_path):
    db = tmp_path / "n.duckdb"
    result = runner.invoke(cli_store.ingest, [str(news_file), "--db", str(db),
                                              "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("articles: 3 new, 0 skipped")
    events, clusters = (_one(db, f"SELECT count(*) FROM {t}") for t in ("events", "clusters"))
    assert f"events: {events} stored" in line and f"clusters: {clusters} (" in line
    assert clusters < events  # the meeting's two reports are one cluster


def test_ingest_reports_bad_inputs_and_exits_1(runner, tmp_path, db):
    bad = tmp_path / "rusak.jsonl"
    good = {"id": "x1", "published": "2026-01-03",
            "text": "Menteri Luar Negeri Indonesia bertemu dengan Menteri Luar Negeri Malaysia "
                    "di Kuala Lumpur pada Jumat (2/1/2026)."}
    bad.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    result = runner.invoke(cli_store.ingest, [str(bad), "--db", str(db)])
    assert result.exit_code == 1
    assert "error: " in result.stderr and "rusak.jsonl" in result.stderr
    assert "1 new" in result.stdout and "1 failed" in result.stdout
    assert _one(db, "SELECT num_events FROM articles WHERE article_id = 'x1'") >= 1


def test_ingest_recode(runner, db, tmp_path):
    events = _one(db, "SELECT count(*) FROM events")
    result = runner.invoke(cli_store.ingest, ["--recode", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "3 recoded" in result.stdout and f"events: {events} stored" in result.stdout
    # after a dictionary change the rebuke reads as an accusation
    own = tmp_path / "kamus"
    own.mkdir()
    (own / "verbs.tsv").write_text("mengecam\t112\tactive\n", encoding="utf-8")
    result = runner.invoke(cli_store.ingest, ["--recode", "--db", str(db), "--dict", str(own)])
    assert result.exit_code == 0, result.output
    assert _one(db, "SELECT list(DISTINCT cameo) FROM events WHERE source_country = 'CHN'"
                    " AND target_country = 'USA'") == ["112"]
    assert _one(db, "SELECT count(*) FROM clusters WHERE cameo = '111'") == 0


def test_events_table_and_filters(runner, db):
    result = runner.invoke(cli_store.events, ["--db", str(db), "--dyad", "IDN-JPN"])
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.startswith("DATE") and len(rows) == _one(
        db, f"SELECT count(*) FROM events WHERE {IDN_JPN}")
    meeting = [r for r in rows if r.split()[:3] == ["2025-11-11", "IDNGOV", "JPNGOV"]
               and r.split()[3].startswith("04")]
    assert all(any(outlet in r for r in meeting) for outlet in ("Kabar A", "Kabar B"))
    assert any(r.split()[3].startswith("05") for r in rows)
    only = runner.invoke(cli_store.events, ["--db", str(db), "--code", "11", "--format",
                                            "jsonl"])
    recs = [json.loads(x) for x in only.stdout.splitlines()]
    assert recs and all(r["cameo"].startswith("11") for r in recs)
    assert any(r["source"]["code"] == "CHNGOV" and r["target"]["country"] == "USA"
               for r in recs)


def test_events_clusters_show_members(runner, db):
    result = runner.invoke(cli_store.events, ["--db", str(db), "--clusters", "--dyad",
                                              "IDN-JPN", "--code", "04"])
    assert result.exit_code == 0, result.output
    header, first, *members = result.stdout.splitlines()
    assert header.startswith("DATE") and first.split()[:3] == ["2025-11-11", "IDNGOV", "JPNGOV"]
    assert members and all(m.startswith("    ") for m in members)  # one cluster, its reports
    assert {" ".join(m.split()[:2]) for m in members} == {"Kabar A", "Kabar B"}
    js = runner.invoke(cli_store.events, ["--db", str(db), "--clusters", "--format", "jsonl",
                                          "--dyad", "IDN-JPN", "--code", "04"])
    [c] = [json.loads(x) for x in js.stdout.splitlines()]
    assert c["num_sources"] == 2 and {m["doc_id"] for m in c["members"]} == {"a1", "a2"}


def test_events_to_files(runner, db, tmp_path):
    out = tmp_path / "e.parquet"
    result = runner.invoke(cli_store.events, ["--db", str(db), "--format", "parquet",
                                              "-o", str(out)])
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == _one(db, "SELECT count(*) FROM events")
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
    result = runner.invoke(cli_store.dyad, ["IDN", "JPN", "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    month = re.search(r"^2025-11-01  q1 +(\d+)  q2 +0  q3 +0  q4 +0  events +(\d+) "
                      r"\((\d+) reports\)", out, re.M)
    assert month, out
    q1, clusters, reports = map(int, month.groups())
    assert q1 == clusters >= 2  # the meeting and the signing, both cooperation
    assert reports == _one(db, f"SELECT count(*) FROM events WHERE {IDN_JPN}") > clusters
    assert " 04" in out and " 05" in out
    plot = runner.invoke(cli_store.dyad, ["IDN", "JPN", "--db", str(db), "--plot", "-",
                                          "--by", "week"])
    assert plot.exit_code == 0 and "verbal cooperation" in plot.stdout
    assert "2025-11-10" in plot.stdout  # the Monday of the meeting's week


def test_dyad_png_plot(runner, db, tmp_path):
    png = tmp_path / "d.png"
    result = runner.invoke(cli_store.dyad, ["IDN", "JPN", "--db", str(db), "--plot", str(png)])
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
    clusters = _one(db, "SELECT count(*) FROM clusters")
    assert f"wrote {clusters} rows" in result.stderr
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == clusters and all(len(r) == 61 for r in rows)


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


def test_locked_store(runner, news_file, db):
    proc = holder(db)
    try:
        result = runner.invoke(cli_store.ingest, [str(news_file), "--db", str(db)])
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
    blocks = _one(db, "SELECT count(DISTINCT block) FROM events")
    clusters = _one(db, "SELECT count(*) FROM clusters")
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM clusters")
    con.execute("INSERT INTO dirty_blocks SELECT DISTINCT block FROM events "
                "WHERE block IS NOT NULL")
    con.close()
    stale = runner.invoke(cli_store.events, ["--db", str(db), "--clusters"])
    assert f"clusters of {blocks} dyads are out of date" in stale.stderr
    fix = runner.invoke(cli_store.ingest, ["--db", str(db)])
    assert fix.exit_code == 0
    assert f"clusters: {clusters} ({blocks} dyad blocks updated)" in fix.stdout
    fresh = runner.invoke(cli_store.events, ["--db", str(db), "--clusters"])
    assert "out of date" not in fresh.stderr and len(fresh.stdout.splitlines()) > 3


def _uneven(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Articles whose stored events are not the number their row says."""
    return con.execute("SELECT a.article_id, a.num_events, count(e.event_id) FROM articles a "
                       "LEFT JOIN events e ON e.doc_id = a.article_id "
                       "GROUP BY a.article_id, a.num_events "
                       "HAVING a.num_events <> count(e.event_id)").fetchall()


def _cli(*args: str, **kw) -> subprocess.Popen:
    """The real ``peristiwa`` command (real coder) in a process of its own."""
    src = Path(__import__("peristiwa").__file__).parents[1]
    env = dict(os.environ, PYTHONPATH=str(src))
    return subprocess.Popen([sys.executable, "-m", "peristiwa.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_two_ingest_processes_on_one_file(tmp_path, news_file):
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
    for cmd in (["ingest", str(news_file)], ["ingest", "--recode"], ["events"]):
        second = _cli(*cmd, "--db", str(db))
        out, err = second.communicate(timeout=120)
        assert second.returncode == 2, (cmd, out, err)
        assert "database is locked by another peristiwa process" in err, err
        assert f"pid {first.pid}" in err and "Traceback" not in err
    out, err = first.communicate(timeout=120)  # closes its standard input: the end
    assert first.returncode == 0, err
    assert out.startswith("articles: 1 new"), out
    # Once the first is done the second goes through, and the file is whole.
    second = _cli("ingest", str(news_file), "--db", str(db))
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0 and out.startswith("articles: 3 new"), (out, err)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchall() == [(4,)]
        assert _uneven(con) == []
        assert con.execute("SELECT count(*) FROM dirty_blocks").fetchall() == [(0,)]
    finally:
        con.close()


def _contents(db: Path) -> dict[str, object]:
    """What a store holds, independent of how (and in how many runs) it was filled."""
    with open_store(db, read_only=True) as s:
        q = s.con.execute
        return {
            "articles": q("SELECT article_id, story_id, num_events FROM articles "
                          "ORDER BY 1").fetchall(),
            "events": q("SELECT doc_id, event_id FROM events ORDER BY 1, 2").fetchall(),
            "clusters": sorted(r[0] for r in q(
                "SELECT list(event_id ORDER BY event_id) FROM cluster_members "
                "GROUP BY cluster_id").fetchall()),
        }


def test_kill_9_mid_ingest_keeps_whole_batches_and_a_rerun_completes(tmp_path):
    arts = news(300)
    src = tmp_path / "news300.jsonl"
    src.write_text(as_jsonl(arts), encoding="utf-8")
    db, batch = tmp_path / "killed.duckdb", 5
    proc = _cli("-vv", "ingest", str(src), "--db", str(db), "--batch-size", str(batch))
    watchdog = threading.Timer(120, proc.kill)  # a hung child ends the loop below
    watchdog.start()
    try:
        seen = []
        for line in proc.stderr:  # ingest logs "batch: ..." after each commit
            seen.append(line)
            if "batch:" in line:
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        watchdog.cancel()
        proc.stdout.close()
        proc.stderr.close()
    assert any("batch:" in line for line in seen), "".join(seen[-20:])
    assert proc.returncode == -signal.SIGKILL

    with open_store(db) as s:
        stored = [r[0] for r in s.con.execute(
            "SELECT article_id FROM articles ORDER BY article_id").fetchall()]
        assert batch <= len(stored) < len(arts) and len(stored) % batch == 0
        assert stored == [a.doc_id for a in arts[:len(stored)]]  # whole batches, in order
        assert _uneven(s.con) == []
        assert s.count("events") == s.con.execute(
            "SELECT sum(num_events) FROM articles").fetchall()[0][0]
    done = len(stored)

    rerun = _cli("ingest", str(src), "--db", str(db))
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert out.startswith(f"articles: {len(arts) - done} new, {done} skipped ({done} same id, "
                          "0 same text), 0 failed"), out
    with open_store(db) as s:
        assert s.count("articles") == len(arts)
        assert s.con.execute("SELECT count(*) - count(DISTINCT event_id) FROM events"
                             ).fetchall() == [(0,)]
        assert _uneven(s.con) == [] and s.count("dirty_blocks") == 0
        assert s.count("cluster_members") == s.con.execute(
            "SELECT count(*) FROM events WHERE block IS NOT NULL").fetchall()[0][0]

    clean = tmp_path / "clean.duckdb"  # one uninterrupted run
    once = _cli("ingest", str(src), "--db", str(clean))
    out, err = once.communicate(timeout=300)
    assert once.returncode == 0 and out.startswith(f"articles: {len(arts)} new"), err
    killed, whole = _contents(db), _contents(clean)
    assert [r[0] for r in killed["articles"]] == [a.doc_id for a in arts]
    assert killed == whole
