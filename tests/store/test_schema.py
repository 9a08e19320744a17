"""Opening stores: creation, migration from v1, and refusing files that are not ours."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from peristiwa.records import Article
from peristiwa.store import NotAStore, StoreError, StoreLocked, open_store
from peristiwa.store.schema import APP, META_TABLE, SCHEMA_VERSION

from .storehelp import news

# The v1 schema as released, written out by hand: the migration must upgrade exactly this.
V1_DDL = """
CREATE TABLE peristiwa_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
INSERT INTO peristiwa_meta VALUES ('app', 'peristiwa'), ('schema_version', '1');
CREATE TABLE articles (
    article_id VARCHAR PRIMARY KEY, outlet VARCHAR, url VARCHAR, title VARCHAR,
    published DATE, dateline VARCHAR, path VARCHAR, text_hash VARCHAR NOT NULL,
    norm_hash VARCHAR NOT NULL, text VARCHAR NOT NULL, num_events INTEGER NOT NULL DEFAULT 0,
    ingested_at TIMESTAMP NOT NULL, coded_at TIMESTAMP NOT NULL);
CREATE TABLE article_copies (
    article_id VARCHAR PRIMARY KEY, copy_of VARCHAR NOT NULL, outlet VARCHAR, url VARCHAR,
    title VARCHAR, published DATE, ingested_at TIMESTAMP NOT NULL);
CREATE TABLE events (
    event_id VARCHAR NOT NULL, doc_id VARCHAR NOT NULL, url VARCHAR, outlet VARCHAR,
    published DATE, date VARCHAR, date_precision VARCHAR, date_basis VARCHAR,
    source_text VARCHAR, source_name VARCHAR, source_code VARCHAR, source_country VARCHAR,
    source_agent VARCHAR, source_start INTEGER, source_end INTEGER,
    target_text VARCHAR, target_name VARCHAR, target_code VARCHAR, target_country VARCHAR,
    target_agent VARCHAR, target_start INTEGER, target_end INTEGER,
    cameo VARCHAR NOT NULL, root VARCHAR NOT NULL, quad_class TINYINT, goldstein DOUBLE,
    plover VARCHAR, mode VARCHAR, trigger_text VARCHAR, trigger_start INTEGER,
    trigger_end INTEGER, location_name VARCHAR, location_country VARCHAR,
    location_lat DOUBLE, location_lon DOUBLE, sentence VARCHAR, sentence_start INTEGER,
    sentence_end INTEGER, confidence DOUBLE, rule VARCHAR, seq INTEGER, date_start DATE,
    date_end DATE, day DATE);
"""
_TEXT = ("Menteri luar negeri kedua negara bertemu di ibu kota untuk membahas kerja sama "
         "perdagangan, pendidikan dan kebudayaan, lalu menandatangani nota kesepahaman baru "
         "tentang pertukaran pelajar dan pelatihan guru selama lima tahun ke depan.")


def _v1_store(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute(V1_DDL)
    for i, (doc, outlet, text) in enumerate([
            ("lama-1", "Kabar A", _TEXT + " Foto oleh redaksi."),
            ("lama-2", "Kabar B", "BERITA B -- " + _TEXT),  # a syndicated near-copy
            ("lama-3", "Kabar C", "Hujan deras melanda kota pesisir sepanjang malam.")]):
        con.execute("INSERT INTO articles VALUES (?, ?, NULL, NULL, DATE '2024-04-12', NULL, "
                    "NULL, 'x', ?, ?, 1, now()::TIMESTAMP, now()::TIMESTAMP)",
                    [doc, outlet, f"h{i}", text])
        if i < 2:
            con.execute(
                "INSERT INTO events (event_id, doc_id, outlet, published, date, date_precision,"
                " source_code, source_country, source_agent, target_code, target_country,"
                " cameo, root, quad_class, goldstein, mode, sentence, seq, date_start,"
                " date_end, day) VALUES (?, ?, ?, DATE '2024-04-12', '2024-04-11', 'day',"
                " 'CHNGOV', 'CHN', 'GOV', 'PRK', 'PRK', '040', '04', 1, 1.0, 'asserted',"
                " 'Bukti.', 0, DATE '2024-04-11', DATE '2024-04-11', DATE '2024-04-11')",
                [f"ev{i}", doc, outlet])
    con.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_is_marked_and_current(db_path):
    with open_store(db_path) as s:
        assert s.version == SCHEMA_VERSION
        meta = dict(s.con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    assert meta["app"] == APP
    assert meta["schema_version"] == str(SCHEMA_VERSION)


def test_v1_store_is_upgraded_on_open(db_path, coder):
    _v1_store(db_path)
    with open_store(db_path) as s:
        assert s.version == SCHEMA_VERSION == 2
        assert s.count("articles") == 3 and s.count("events") == 2
        stories = dict(s.con.execute("SELECT article_id, story_id FROM articles").fetchall())
        assert stories == {"lama-1": "lama-1", "lama-2": "lama-1", "lama-3": "lama-3"}
        blocks = {r[0] for r in s.con.execute("SELECT block FROM events").fetchall()}
        assert blocks == {"04:CHN|PRK"}
        rows = s.con.execute("SELECT num_articles, num_sources, num_stories, date "
                             "FROM clusters").fetchall()
        assert rows == [(2, 2, 1, "2024-04-11")]
        assert s.count("dirty_blocks") == 0
        # and it takes new articles like any store
        from peristiwa.store import ingest

        new = Article(doc_id="baru-1", outlet="Kabar D", published=dt.date(2024, 4, 12),
                      text="Menteri Luar Negeri China bertemu dengan Menteri Luar Negeri Korea "
                           "Utara di Beijing pada Jumat (12/4/2024).")
        stats = ingest(s, [new], coder)
        assert stats.new == 1 and stats.events >= 1
        assert s.con.execute("SELECT max(num_articles) FROM clusters").fetchall() == [(3,)]


def test_read_only_open_upgrades_an_old_store_first(db_path):
    _v1_store(db_path)
    with open_store(db_path, read_only=True) as s:
        assert s.version == SCHEMA_VERSION
        assert s.count("clusters") == 1  # lama-1 and lama-2 together, lama-3 has no events


def test_read_only_open_without_upgrade_refuses_an_old_store_untouched(db_path):
    _v1_store(db_path)
    before = _digest(db_path)
    with pytest.raises(StoreError, match="upgrade it first with: peristiwa ingest --db"):
        open_store(db_path, read_only=True, upgrade=False)
    assert _digest(db_path) == before
    open_store(db_path).close()  # a writing open upgrades it
    with open_store(db_path, read_only=True, upgrade=False) as s:  # current: opens
        assert s.count("clusters") == 1


def test_newer_store_is_refused_untouched(db_path):
    open_store(db_path).close()
    con = duckdb.connect(str(db_path))
    con.execute(f"UPDATE {META_TABLE} SET value = '99' WHERE key = 'schema_version'")
    con.close()
    before = _digest(db_path)
    with pytest.raises(StoreError, match="newer peristiwa"):
        open_store(db_path)
    assert _digest(db_path) == before


def test_duckdb_file_of_another_program_is_refused_untouched(db_path):
    con = duckdb.connect(str(db_path))
    con.execute("CREATE TABLE orders (id INTEGER, total DOUBLE)")
    con.execute("INSERT INTO orders VALUES (1, 9.5)")
    con.close()
    before = _digest(db_path)
    with pytest.raises(NotAStore, match="not a peristiwa store"):
        open_store(db_path)
    with pytest.raises(NotAStore):
        open_store(db_path, read_only=True)
    assert _digest(db_path) == before
    assert not Path(str(db_path) + ".wal").exists()


def test_other_app_marker_is_refused(db_path):
    con = duckdb.connect(str(db_path))
    con.execute(f"CREATE TABLE {META_TABLE} (key VARCHAR, value VARCHAR)")
    con.execute(f"INSERT INTO {META_TABLE} VALUES ('app', 'something-else')")
    con.close()
    with pytest.raises(NotAStore, match="another program"):
        open_store(db_path)


@pytest.mark.parametrize("content", [b"", b"hello, this is a text file\n" * 50,
                                     b"SQLite format 3\x00" + bytes(4080)])
def test_non_duckdb_file_is_refused_untouched(db_path, content):
    db_path.write_bytes(content)
    with pytest.raises(NotAStore, match="not a DuckDB database"):
        open_store(db_path)
    assert db_path.read_bytes() == content


@pytest.mark.parametrize("start, end", [
    (4096 * 3, None),  # keep DuckDB's headers, scramble every block
    (4096, 4096 * 3),  # scramble the two database headers ("checksum ... in block at ...")
])
def test_corrupt_store_gives_a_clear_error_and_is_not_overwritten(db_path, start, end, coder):
    with open_store(db_path) as s:
        from peristiwa.store import ingest

        assert ingest(s, news(5), coder).events > 0
    data = bytearray(db_path.read_bytes())
    rng = __import__("random").Random(1)
    for i in range(start, end or len(data)):
        data[i] = rng.randrange(256)
    db_path.write_bytes(bytes(data))
    before = _digest(db_path)
    for read_only in (False, True):
        with pytest.raises(StoreError, match="corrupt") as err:
            open_store(db_path, read_only=read_only)
        assert not isinstance(err.value, StoreLocked)
    assert _digest(db_path) == before


def test_missing_store_is_not_created_for_reading(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "nope.duckdb", read_only=True)
    assert not (tmp_path / "nope.duckdb").exists()


def holder(db_path: Path) -> subprocess.Popen:
    """Another process that holds the store open until its stdin closes."""
    src = Path(__import__("peristiwa").__file__).parents[1]
    code = ("import sys; from peristiwa.store import open_store; "
            f"s = open_store({str(db_path)!r}); print('ready', flush=True); sys.stdin.read()")
    env = dict(os.environ, PYTHONPATH=str(src))
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def release(proc: subprocess.Popen) -> None:
    proc.stdin.close()
    proc.wait(timeout=30)
    proc.stdout.close()


def test_second_process_gets_a_clear_lock_error(db_path):
    open_store(db_path).close()
    proc = holder(db_path)
    try:
        with pytest.raises(StoreLocked, match="locked by another peristiwa process"):
            open_store(db_path)
        with pytest.raises(StoreLocked):
            open_store(db_path, read_only=True)
    finally:
        release(proc)
    with open_store(db_path) as s:  # usable again once the other process is gone
        assert s.version == SCHEMA_VERSION
