"""Ingest: idempotence, exact and near copies, failures, recode, transactions, kill -9."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from peristiwa.records import InputError
from peristiwa.store import ingest, open_store, recode
from peristiwa.store.clusters import block_key
from peristiwa.store.dedup import text_keys
from peristiwa.store.ingest import event_rows

from .storehelp import Spec, StubCoder, article, corpus, make_event

TESTS = Path(__file__).parents[1]


def _counts(store) -> dict[str, int]:
    return {t: store.count(t) for t in ("articles", "article_copies", "events", "clusters",
                                        "cluster_members", "dirty_blocks")}


def test_ingesting_twice_leaves_the_same_counts(store):
    arts = corpus(40)
    coder = StubCoder()
    first = ingest(store, arts, coder, batch_size=7)
    assert first.new == 40 and first.failed == 0 and first.events > 0
    counts = _counts(store)
    assert counts["articles"] == 40 and counts["dirty_blocks"] == 0
    assert counts["events"] == first.events
    assert counts["cluster_members"] == store.con.execute(
        "SELECT count(*) FROM events WHERE block IS NOT NULL").fetchall()[0][0]
    calls = len(coder.calls)
    again = ingest(store, arts, coder, batch_size=7)
    assert again.new == 0 and again.skipped_id == 40 and again.events == 0
    assert len(coder.calls) == calls  # nothing coded twice
    assert _counts(store) == counts


def test_same_text_under_another_id_is_a_copy_not_coded(store):
    a = article(Spec("asli", ["CHNGOV PRKGOV 040 2024-04-11"], outlet="Kabar A"))
    copy = a.__class__(doc_id="salinan", text="  " + a.text.upper() + "!!", outlet="Kabar B",
                       published=dt.date(2024, 4, 13))
    coder = StubCoder()
    stats = ingest(store, [a, copy], coder)
    assert (stats.new, stats.skipped_text) == (1, 1)
    assert coder.calls == ["asli"]
    assert store.con.execute("SELECT article_id, copy_of, outlet FROM article_copies"
                             ).fetchall() == [("salinan", "asli", "Kabar B")]
    row = store.con.execute("SELECT num_articles, num_sources, last_seen FROM clusters"
                            ).fetchall()
    assert row == [(2, 2, dt.date(2024, 4, 13))]
    assert ingest(store, [copy], coder).skipped_id == 1  # the copy's id is known now


def test_a_copy_arriving_later_updates_the_cluster(store):
    a = article(Spec("asli", ["CHNGOV PRKGOV 040 2024-04-11"], outlet="Kabar A"))
    ingest(store, [a], StubCoder())
    copy = a.__class__(doc_id="salinan", text=a.text, outlet="Kabar B")
    ingest(store, [copy], StubCoder())
    assert store.con.execute("SELECT num_sources FROM clusters").fetchall() == [(2,)]


def test_near_copy_is_stored_and_linked_to_the_story(store):
    base = article(Spec("asli", ["CHNGOV PRKGOV 040 2024-04-11"], outlet="Kabar A"))
    words = base.text.split()
    near = base.__class__(doc_id="mirip", text="KOTA, Kabar B -- " + " ".join(words[:-6]),
                          outlet="Kabar B", published=base.published)
    other = article(Spec("lain", ["CHNGOV PRKGOV 040 2024-04-11"], outlet="Kabar C"))
    stats = ingest(store, [base, near, other], StubCoder())
    assert stats.new == 3 and stats.near_copies == 1
    stories = dict(store.con.execute("SELECT article_id, story_id FROM articles").fetchall())
    assert stories == {"asli": "asli", "mirip": "asli", "lain": "lain"}
    row = store.con.execute("SELECT num_articles, num_stories, num_sources FROM clusters"
                            ).fetchall()
    assert row == [(3, 2, 3)]


def test_dedup_keys_given_by_the_caller_are_used_as_computed_here(store, tmp_path):
    base = article(Spec("asli", ["CHNGOV PRKGOV 040 2024-04-11"]))
    words = base.text.split()
    near = base.__class__(doc_id="mirip", text=" ".join(words[:-6]), published=base.published)
    arts = [base, near] + corpus(12)
    given: list[str] = []

    def keys(a):
        given.append(a.doc_id)
        return text_keys(a.text) if a.doc_id != "asli" else None  # None: computed here

    stats = ingest(store, arts, StubCoder(), batch_size=5, keys=keys)
    with open_store(tmp_path / "plain.duckdb") as plain:
        want = ingest(plain, arts, StubCoder(), batch_size=5)
        q = "SELECT article_id, norm_hash, signature, story_id FROM articles ORDER BY 1"
        assert store.con.execute(q).fetchall() == plain.con.execute(q).fetchall()
    assert given == [a.doc_id for a in arts]
    assert (stats.new, stats.near_copies) == (want.new, want.near_copies) == (14, 1)

    def same(a):  # the given keys decide: two different texts said to be the same
        return text_keys(arts[2].text)

    again = [article(Spec(f"baru-{i}", [])) for i in range(2)]
    stats = ingest(store, again, StubCoder(), keys=same)
    assert (stats.new, stats.skipped_text) == (0, 2)


def test_near_copy_in_a_later_run_finds_the_stored_story(store):
    base = article(Spec("asli", []))
    ingest(store, [base], StubCoder())
    near = base.__class__(doc_id="mirip", text=base.text + " Tambahan kalimat penutup.")
    ingest(store, [near], StubCoder())
    assert store.con.execute("SELECT story_id FROM articles WHERE article_id = 'mirip'"
                             ).fetchall() == [("asli",)]


def test_failures_are_counted_and_retried_next_time(store):
    arts = corpus(10)
    errors: list[InputError] = []
    bad = InputError("rusak.html", "cannot parse")
    stats = ingest(store, [*arts, bad], StubCoder(fail={"gen00003"}), on_error=errors.append)
    assert stats.failed == 2 and stats.new == 9
    assert [e.path for e in errors] == ["gen00003", "rusak.html"] or \
        sorted(e.path for e in errors) == ["gen00003", "rusak.html"]
    again = ingest(store, arts, StubCoder())
    assert again.new == 1 and again.skipped_id == 9


def test_recode_replaces_events_and_reclusters(store):
    arts = [article(Spec(f"r{i}", ["CHNGOV PRKGOV 040 2024-04-11"])) for i in range(3)]
    ingest(store, arts, StubCoder())
    assert store.con.execute("SELECT DISTINCT cameo FROM events").fetchall() == [("040",)]
    stats = recode(store, StubCoder(cameo_map={"040": "111"}), batch_size=2)
    assert stats.recoded == 3 and stats.events == 3
    assert store.count("events") == 3
    assert store.con.execute("SELECT DISTINCT cameo FROM events").fetchall() == [("111",)]
    assert store.con.execute("SELECT root, num_articles FROM clusters").fetchall() == [("11", 3)]
    assert store.count("cluster_members") == 3


def test_a_failing_batch_is_rolled_back_whole(store, monkeypatch):
    arts = corpus(30)
    real = store.insert_arrow
    calls = {"n": 0}

    def flaky(table, data):
        if table == "events":
            calls["n"] += 1
            if calls["n"] == 2:
                raise OSError("disk full")
        return real(table, data)

    monkeypatch.setattr(store, "insert_arrow", flaky)
    with pytest.raises(OSError):
        ingest(store, arts, StubCoder(), batch_size=10)
    assert store.count("articles") == 10  # batch 1 committed, batch 2 left no trace
    n_events = store.count("events")
    assert n_events == sum(len(StubCoder().code(a)) for a in arts[:10])
    monkeypatch.setattr(store, "insert_arrow", real)
    stats = ingest(store, arts, StubCoder(), batch_size=10)
    assert stats.new == 20 and stats.skipped_id == 10
    assert store.count("events") == sum(len(StubCoder().code(a)) for a in arts)


def test_event_rows_derive_dates_and_blocks():
    ev = make_event("d", "PRKGOV", "CHNGOV", "040", "2024-03", published="2024-03-24")
    [row] = event_rows([ev])
    assert row["date_start"] == dt.date(2024, 3, 1) and row["date_end"] == dt.date(2024, 3, 31)
    assert row["day"] == dt.date(2024, 3, 1)
    assert row["published"] == dt.date(2024, 3, 24)
    assert row["block"] == block_key("04", "asserted", "CHN", "PRK")
    undated = make_event("d", "PRK", None, "190", None, published="2024-03-24", seq=1)
    [row] = event_rows([undated])
    assert row["day"] == dt.date(2024, 3, 24) and row["date_start"] is None


_CHILD = """
import sys
sys.path[:0] = [{tests!r}]
from store.storehelp import StubCoder, corpus
from peristiwa.store import ingest, open_store
store = open_store({db!r})
def tick(stats, n):
    print(stats.new, flush=True)
ingest(store, corpus({n}), StubCoder(delay={delay}), batch_size={batch}, on_batch=tick)
store.close()
print("done", flush=True)
"""


def _child(db: Path, n: int, batch: int, delay: float) -> subprocess.Popen:
    src = Path(__import__("peristiwa").__file__).parents[1]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(src), str(TESTS)]))
    code = _CHILD.format(tests=str(TESTS), db=str(db), n=n, batch=batch, delay=delay)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            env=env)


def test_kill_9_mid_run_loses_nothing_committed_and_rerun_completes(tmp_path):
    db = tmp_path / "killed.duckdb"
    n, batch = 300, 10
    proc = _child(db, n, batch, delay=0.01)
    first = proc.stdout.readline().strip()  # the first batch is committed
    assert first == str(batch)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    expected = {a.doc_id: len(StubCoder().code(a)) for a in corpus(n)}
    with open_store(db) as s:
        stored = dict(s.con.execute("SELECT article_id, num_events FROM articles").fetchall())
        assert len(stored) >= batch and len(stored) % batch == 0 and len(stored) < n
        assert all(expected[k] == v for k, v in stored.items())
        assert s.count("events") == sum(stored.values())
    proc = _child(db, n, batch, delay=0.0)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0 and out.splitlines()[-1] == "done"
    with open_store(db) as s:
        assert s.count("articles") == n
        assert s.count("events") == sum(expected.values())
        dup = s.con.execute("SELECT count(*) - count(DISTINCT event_id) FROM events").fetchall()
        assert dup == [(0,)]
        assert s.count("dirty_blocks") == 0
        clustered = s.con.execute("SELECT count(*) FROM events WHERE block IS NOT NULL"
                                  ).fetchall()[0][0]
        assert s.count("cluster_members") == clustered
        killed = sorted(r[0] for r in s.con.execute(
            "SELECT num_articles FROM clusters").fetchall())
    # the same clusters as one uninterrupted run
    with open_store(tmp_path / "clean.duckdb") as s:
        ingest(s, corpus(n), StubCoder(), batch_size=batch)
        clean = sorted(r[0] for r in s.con.execute("SELECT num_articles FROM clusters"
                                                   ).fetchall())
    assert killed == clean


def test_seeds_twice_same_counts_and_seed_clusters(shared, tmp_path):
    """The issue's "Done when" on the seeds, with the real coder and the real reader."""
    from peristiwa.coder import Coder
    from peristiwa.reading import iter_articles
    from peristiwa.store import find_clusters
    from peristiwa.store.query import EventFilter

    seeds = tmp_path / "seeds.jsonl"
    out = subprocess.run([sys.executable, str(shared / "tools" / "seeds-input")],
                         capture_output=True, text=True, check=True).stdout
    seeds.write_text(out, encoding="utf-8")
    coder = Coder()
    with open_store(tmp_path / "seeds.duckdb") as s:
        first = ingest(s, iter_articles([str(seeds)], noise=coder.lex.noise), coder)
        assert first.new == 5 and first.failed == 0
        counts = _counts(s)
        again = ingest(s, iter_articles([str(seeds)], noise=coder.lex.noise), coder)
        assert again.new == 0 and again.skipped == 5
        assert _counts(s) == counts
        clusters = find_clusters(s, EventFilter(dyad="CHN-PRK", code="04"))
    for docs, month, what in ((("000", "001"), "2024-04", "Zhao Leji visit"),
                              (("002", "003"), "2024-03", "Kim Song Nam delegation")):
        found = [c for c in clusters if (c["date"] or "").startswith(month)]
        reported = {m["doc_id"][:3] for c in found for m in c["members"]}
        assert set(docs) <= reported, f"{what}: CHN-PRK 04 events only in {sorted(reported)}"
        # every article that reports it is in one cluster, counted as two sources
        best = max(found, key=lambda c: c["num_articles"])
        assert {m["doc_id"][:3] for m in best["members"]} == set(docs), what
        assert best["num_sources"] == 2, what
        assert sum(c["num_articles"] > 1 for c in found) == 1, f"{what} is split: {found}"
    [meeting] = [c for c in clusters if (c["date"] or "").startswith("2025-09")]
    names = {(meeting["source"] or {}).get("name"), (meeting["target"] or {}).get("name")}
    assert names == {"Choe Son Hui", "Wang Yi"}
    assert {m["doc_id"][:3] for m in meeting["members"]} == {"004"}
