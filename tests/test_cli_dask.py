"""The Dask command-line options: a clear message without Dask; extract and ingest on a
cluster."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from peristiwa.cli import main
from peristiwa.cli_dask import dask_options, distributed_events, wants_cluster
from peristiwa.records import InputError

FIXTURES = Path(__file__).parent / "fixtures"


@click.command()
@click.argument("paths", nargs=-1)
@dask_options
def toy(paths: tuple[str, ...], scheduler: str | None, workers: int | None,
        partition_size: int) -> None:
    """A command wired as extract is: events on the cluster when asked for."""
    assert wants_cluster(scheduler, workers)
    items = distributed_events(list(paths), scheduler=scheduler, workers=workers,
                               partition_size=partition_size, published=None, dict_dir=None,
                               stdin=None)
    for item in items:
        click.echo(str(item) if isinstance(item, InputError) else item.event_id)


def _no_dask(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "dask" or m.startswith(("dask.", "distributed"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "dask", None)  # import dask now raises ImportError
    monkeypatch.setitem(sys.modules, "distributed", None)


@pytest.mark.parametrize("args", [["--scheduler", "tcp://127.0.0.1:8786"], ["--workers", "2"]])
def test_without_dask_the_options_say_how_to_install_it(monkeypatch, args):
    _no_dask(monkeypatch)
    result = CliRunner().invoke(toy, [str(FIXTURES)] + args)
    assert result.exit_code == 2
    assert "pip install 'peristiwa[dask]'" in result.output
    assert "Traceback" not in result.output


def test_scheduler_and_workers_together_are_refused():
    result = CliRunner().invoke(toy, ["x", "--scheduler", "tcp://h:8786", "--workers", "2"])
    assert result.exit_code == 2
    assert "not both" in result.output


def test_without_cluster_options_nothing_is_asked_of_dask():
    assert not wants_cluster(None, None)
    assert wants_cluster("tcp://h:8786", None) and wants_cluster(None, 1)


@pytest.mark.parametrize("command", [["extract"], ["ingest", "--db", "x.duckdb"]])
@pytest.mark.parametrize("option", [["--scheduler", "tcp://127.0.0.1:8786"], ["--workers", "2"]])
def test_extract_and_ingest_without_dask_say_how_to_install_it(monkeypatch, tmp_path,
                                                               command, option):
    _no_dask(monkeypatch)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, command + [str(FIXTURES)] + option)
    assert result.exit_code == 2, result.output
    assert "error: running on a Dask cluster needs Dask" in result.output
    assert "pip install 'peristiwa[dask]'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.duckdb").exists()  # nothing was started


def test_a_bad_scheduler_address_is_a_clear_error():
    pytest.importorskip("distributed", reason="Dask is not installed")
    result = CliRunner().invoke(main, ["extract", str(FIXTURES), "--scheduler", "no-port"])
    assert result.exit_code == 2
    assert "'no-port' is not a Dask scheduler address" in result.output
    assert "Traceback" not in result.output


def test_extract_on_a_local_cluster_writes_the_serial_output(tmp_path):
    pytest.importorskip("distributed", reason="Dask is not installed")
    runner = CliRunner()
    serial = runner.invoke(main, ["extract", str(FIXTURES), "-o", str(tmp_path / "s.jsonl")])
    dask = runner.invoke(main, ["extract", str(FIXTURES), "--workers", "2",
                                "--partition-size", "1", "-o", str(tmp_path / "d.jsonl")])
    assert dask.exit_code == serial.exit_code == 1  # the fixtures hold bad inputs
    assert (tmp_path / "d.jsonl").read_bytes() == (tmp_path / "s.jsonl").read_bytes()
    assert (tmp_path / "s.jsonl").stat().st_size > 0
    errors = sorted(line for line in dask.stderr.splitlines() if line.startswith("error: "))
    assert errors == sorted(line for line in serial.stderr.splitlines()
                            if line.startswith("error: ")) and len(errors) >= 3


def _tables(db: Path) -> dict[str, list]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(q).fetchall() for t, q in {
            "articles": "SELECT article_id, story_id, num_events, text FROM articles ORDER BY 1",
            "events": "SELECT * FROM events ORDER BY event_id",
            "clusters": "SELECT * EXCLUDE (updated_at) FROM clusters ORDER BY ALL",
        }.items()}
    finally:
        con.close()


def test_ingest_on_a_local_cluster_stores_what_a_serial_ingest_stores(tmp_path):
    pytest.importorskip("distributed", reason="Dask is not installed")
    runner = CliRunner()
    args = ["ingest", str(FIXTURES), str(FIXTURES / "records.jsonl.gz"), "--batch-size", "3"]
    serial = runner.invoke(main, args + ["--db", str(tmp_path / "s.duckdb")])
    dask = runner.invoke(main, args + ["--db", str(tmp_path / "d.duckdb"), "--workers", "2",
                                       "--partition-size", "2"])
    assert dask.exit_code == serial.exit_code == 1
    assert dask.stdout == serial.stdout and "5 new, 2 skipped (2 same id" in dask.stdout
    want = _tables(tmp_path / "s.duckdb")
    assert _tables(tmp_path / "d.duckdb") == want and len(want["events"]) >= 5


def test_events_on_a_local_cluster_come_in_input_order():
    pytest.importorskip("distributed", reason="Dask is not installed")
    from peristiwa.pipeline import iter_events

    paths = [str(FIXTURES), str(FIXTURES / "absent.txt")]
    result = CliRunner().invoke(toy, paths + ["--workers", "2", "--partition-size", "1"])
    assert result.exit_code == 0, result.output
    want = [str(x) if isinstance(x, InputError) else x.event_id for x in iter_events(paths)]
    assert result.stdout.splitlines() == want
