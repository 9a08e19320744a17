"""Extract and ingest on a real Dask LocalCluster: the serial run's output, even when a
worker is killed mid-run."""

from __future__ import annotations

import datetime as dt
import gzip
import itertools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from peristiwa.cluster_run import (
    ClusterError,
    _Precoded,
    connect,
    ingest_distributed,
    iter_events_distributed,
)
from peristiwa.cluster_tasks import coder_loads
from peristiwa.coder import Coder
from peristiwa.pipeline import DEFAULT_MODES, MODES, iter_events
from peristiwa.reading import iter_articles
from peristiwa.records import Article, InputError
from peristiwa.store import ingest, open_store

pytest.importorskip("distributed", reason="Dask is not installed (pip install 'peristiwa[dask]')")

SHARED = Path(__file__).parents[1] / ".." / "shared"
CORPUS = SHARED / "corpus" / "id-news-15k.jsonl.gz"
FIXTURES = Path(__file__).parent / "fixtures"


def _slice(dest: Path, n: int) -> Path:
    """The first n lines of the shared corpus, as a file of the test's own."""
    if not CORPUS.is_file():
        pytest.skip("../shared/corpus is not here")
    if not dest.exists():
        with gzip.open(CORPUS, "rb") as src, gzip.open(dest, "wb") as out:
            out.writelines(itertools.islice(src, n))
    return dest


@pytest.fixture(scope="module")
def client():
    with connect(workers=2) as c:
        c.wait_for_workers(2)
        yield c


@pytest.fixture(scope="module")
def slice2k(tmp_path_factory) -> Path:
    return _slice(tmp_path_factory.mktemp("corpus") / "slice2k.jsonl.gz", 2000)


@pytest.fixture(scope="module")
def serial2k(slice2k) -> list:
    return list(iter_events([str(slice2k)]))


@pytest.fixture
def seeds() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is not here")
    return SHARED / "seeds"


@pytest.fixture
def seeds_jsonl(tmp_path) -> Path:
    """The seed articles with their dates, as one JSON Lines input (the shared tool's)."""
    tool = SHARED / "tools" / "seeds-input"
    if not tool.is_file():
        pytest.skip("../shared/tools/seeds-input is not here")
    path = tmp_path / "seeds.jsonl"
    path.write_text(subprocess.run([sys.executable, str(tool)], capture_output=True,
                                   text=True, check=True).stdout, encoding="utf-8")
    return path


def test_seeds_code_as_in_a_serial_run(client, seeds):
    got = list(iter_events_distributed([str(seeds)], client=client, partition_size=2))
    assert got == list(iter_events([str(seeds)]))
    assert len(got) >= 5


@pytest.mark.parametrize("modes", [None, MODES])
def test_seeds_jsonl_code_as_in_a_serial_run(client, seeds_jsonl, modes):
    got = list(iter_events_distributed([str(seeds_jsonl)], client=client, partition_size=1,
                                       modes=modes))
    want = list(iter_events([str(seeds_jsonl)], modes=modes or DEFAULT_MODES))
    assert got == want
    assert len(want) >= 5 and not any(isinstance(x, InputError) for x in want)


@pytest.mark.parametrize("modes", [None, MODES])
def test_fixtures_and_bad_inputs_keep_their_order(client, tmp_path, modes):
    paths = [str(FIXTURES), str(tmp_path / "absent.jsonl"), str(FIXTURES / "records.jsonl.gz")]
    got = list(iter_events_distributed(paths, client=client, partition_size=1,
                                       published=dt.date(2024, 5, 1), modes=modes))
    want = list(iter_events(paths, published=dt.date(2024, 5, 1), modes=modes or DEFAULT_MODES))
    assert got == want
    assert sum(isinstance(x, InputError) for x in want) >= 3


def test_corpus_slice_codes_as_in_a_serial_run(client, slice2k, serial2k):
    got = list(iter_events_distributed([str(slice2k)], client=client, partition_size=25))
    assert len(got) == len(serial2k) and len(got) > 500
    assert got == serial2k
    # 80 tasks on two workers, and each worker loaded the dictionaries once
    loads = client.run(coder_loads)
    assert len(loads) == 2 and all(n == {"": 1} for n in loads.values())


def _count_reads(monkeypatch) -> list[int]:
    """Count the records the client reads (a list of one counter)."""
    import peristiwa.cluster_run as cr

    read = [0]
    real = cr.read_units

    def counting(*args, **kwargs):
        for unit in real(*args, **kwargs):
            read[0] += 1
            yield unit

    monkeypatch.setattr(cr, "read_units", counting)
    return read


def test_the_client_reads_ahead_only_a_few_partitions(client, slice2k, monkeypatch):
    import peristiwa.cluster_run as cr

    read = _count_reads(monkeypatch)
    items = iter_events_distributed([str(slice2k)], client=client, partition_size=10)
    next(items)
    window = cr.IN_FLIGHT_PER_THREAD * 2  # two single-threaded workers
    assert 0 < read[0] <= (window + 1) * 10
    items.close()


def test_ingest_reads_ahead_only_a_batch_and_a_few_partitions(client, tmp_path, slice2k,
                                                               monkeypatch):
    import peristiwa.cluster_run as cr

    read = _count_reads(monkeypatch)
    seen: list[tuple[int, int]] = []

    class Stop(Exception):
        pass

    def first_batches(stats, n):
        seen.append((stats.batches, read[0]))
        if stats.batches == 2:
            raise Stop  # end the run here: the store keeps two batches

    with open_store(tmp_path / "i.duckdb") as store:
        with pytest.raises(Stop):
            ingest_distributed(store, [str(slice2k)], client=client, batch_size=50,
                               partition_size=10, on_batch=first_batches)
        assert store.count("articles") + store.count("article_copies") <= 100
    window = cr.IN_FLIGHT_PER_THREAD * 2
    assert [b for b, _ in seen] == [1, 2]
    assert all(0 < r <= b * 50 + (window + 1) * 10 for b, r in seen)


def _kill_one_worker_after(items, client, after: int) -> tuple[list, int]:
    """Consume ``items``; after ``after`` of them, SIGKILL one worker process."""
    out, killed = [], 0
    for n, item in enumerate(items):
        out.append(item)
        if n == after:
            pids = client.run(os.getpid)
            killed = sorted(pids.values())[0]
            os.kill(killed, signal.SIGKILL)
    return out, killed


def _lost_tasks(dask_scheduler) -> set[str]:
    """Our tasks that a worker held (running, or done but not yet fetched) when it died."""
    return {str(key) for key, start, finish, *_ in dask_scheduler.transition_log
            if str(key).startswith("peristiwa-") and start in ("processing", "memory")
            and finish in ("released", "waiting")}


def _worker_pids(client, n: int) -> set[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pids = set(client.run(os.getpid).values())
        if len(pids) >= n:
            return pids
        time.sleep(0.2)
    return set(client.run(os.getpid).values())


def test_killed_worker_loses_nothing_in_extract(slice2k, serial2k):
    with connect(workers=2) as c:
        c.wait_for_workers(2)
        items = iter_events_distributed([str(slice2k)], client=c, partition_size=20)
        got, killed = _kill_one_worker_after(items, c, after=20)
        assert killed and killed not in _worker_pids(c, 2)  # it died (and was replaced)
        assert c.run_on_scheduler(_lost_tasks)  # ...holding partitions, computed again
    assert got == serial2k


TABLES = {
    "articles": "SELECT * EXCLUDE (ingested_at, coded_at) FROM articles ORDER BY article_id",
    "article_copies": "SELECT * EXCLUDE (ingested_at) FROM article_copies ORDER BY article_id",
    "events": "SELECT * FROM events ORDER BY event_id",
    "article_bands": "SELECT * FROM article_bands ORDER BY ALL",
    "clusters": "SELECT * EXCLUDE (updated_at) FROM clusters ORDER BY ALL",
    "cluster_members": "SELECT * FROM cluster_members ORDER BY ALL",
    "dirty_blocks": "SELECT * FROM dirty_blocks ORDER BY ALL",
}


def _dump(store) -> dict[str, list]:
    return {t: store.con.execute(q).fetchall() for t, q in TABLES.items()}


def _stats(stats) -> tuple:
    return (stats.new, stats.skipped_id, stats.skipped_text, stats.near_copies, stats.failed,
            stats.events, stats.batches, stats.clusters)


@pytest.fixture(scope="module")
def ingest_paths(slice2k) -> list[str]:
    """2,000 corpus articles, a file with bad lines, and the 2,000 again (stored already)."""
    return [str(slice2k), str(FIXTURES / "records.jsonl.gz"), str(slice2k)]


@pytest.fixture(scope="module")
def slice600(tmp_path_factory) -> Path:
    return _slice(tmp_path_factory.mktemp("corpus") / "slice600.jsonl.gz", 600)


BATCH = 150  # articles per ingest transaction in these tests


@pytest.fixture(scope="module")
def serial_store(tmp_path_factory, ingest_paths) -> tuple[dict, tuple, list]:
    coder = Coder()
    errors: list[InputError] = []
    with open_store(tmp_path_factory.mktemp("serial") / "s.duckdb") as store:
        stats = ingest(store, iter_articles(ingest_paths, noise=coder.lex.noise), coder,
                       batch_size=BATCH, on_error=errors.append)
        return _dump(store), _stats(stats), errors


def test_ingest_stores_what_a_serial_ingest_stores(client, tmp_path, ingest_paths,
                                                   serial_store, monkeypatch):
    store_ingest = sys.modules["peristiwa.store.ingest"]  # the module, not its function
    here: list[str] = []  # the MinHash signatures the client computes itself
    real = store_ingest.signature
    monkeypatch.setattr(store_ingest, "signature", lambda norm: here.append(norm) or real(norm))
    errors: list[InputError] = []
    with open_store(tmp_path / "d.duckdb") as store:
        stats = ingest_distributed(store, ingest_paths, client=client, batch_size=BATCH,
                                   partition_size=40, on_error=errors.append)
        dump = _dump(store)
    want, want_stats, want_errors = serial_store
    assert _stats(stats) == want_stats and stats.skipped_id >= 2000 and stats.failed >= 2
    assert errors == want_errors
    assert {t: len(r) for t, r in dump.items()} == {t: len(r) for t, r in want.items()}
    assert dump == want
    assert here == []  # the workers computed them all


def test_killed_worker_stores_nothing_twice_in_ingest(tmp_path, ingest_paths, serial_store):
    killed: list[int] = []
    with connect(workers=2) as c, open_store(tmp_path / "k.duckdb") as store:
        c.wait_for_workers(2)

        def kill(stats, n):
            if stats.batches == 2:
                pid = sorted(c.run(os.getpid).values())[-1]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        stats = ingest_distributed(store, ingest_paths, client=c, batch_size=BATCH,
                                   partition_size=20, on_batch=kill)
        assert killed and killed[0] not in _worker_pids(c, 2)
        assert c.run_on_scheduler(_lost_tasks)
        dump = _dump(store)
    want, want_stats, _ = serial_store
    assert _stats(stats) == want_stats
    assert dump == want


def test_reingest_codes_nothing_on_the_workers(client, tmp_path, slice600, monkeypatch):
    with open_store(tmp_path / "r.duckdb") as store:
        first = ingest_distributed(store, [str(slice600)], client=client, batch_size=100)
        known: list[int] = []
        import peristiwa.cluster_run as cr

        real = cr._stored_ids

        def spy(store, ids):
            found = real(store, ids)
            known.append(len(found))
            return found

        monkeypatch.setattr(cr, "_stored_ids", spy)
        again = ingest_distributed(store, [str(slice600)], client=client, batch_size=100,
                                   partition_size=100)
    assert first.new == 600 - first.skipped and again.new == 0
    assert again.skipped_id == first.new + first.skipped_text
    assert known == [100] * 6  # every record of every partition: not coded


def test_precoded_coder_hands_out_worker_results_once():
    a = Article(doc_id="a", text="Teks pertama.")
    b = Article(doc_id="b", text="Teks kedua.")
    pre = _Precoded(None, keep=1)
    pre.put(a, [])
    pre.put(b, "kamus rusak")
    assert id(a) not in pre._results  # evicted: ingest is past it
    with pytest.raises(Exception, match="kamus rusak"):
        pre.code(b)
    assert pre.code(a) == []  # not held: coded here instead


def test_unreachable_scheduler_is_a_cluster_error(monkeypatch):
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), \
            pytest.raises(ClusterError, match="cannot reach"), \
            connect(scheduler="tcp://127.0.0.1:9"):
        pass
