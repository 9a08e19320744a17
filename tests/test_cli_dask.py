"""The Dask command-line options: a clear message without Dask, and extract on a cluster."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

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


def _extract_has_workers() -> bool:
    from peristiwa.cli import extract

    return any(p.name == "workers" for p in extract.params)


def test_extract_on_a_local_cluster_writes_the_serial_output(tmp_path):
    pytest.importorskip("distributed", reason="Dask is not installed")
    if not _extract_has_workers():
        pytest.skip("extract has no --workers option yet (cli.py is not wired)")
    from peristiwa.cli import main

    runner = CliRunner()
    serial = runner.invoke(main, ["extract", str(FIXTURES), "-o", str(tmp_path / "s.jsonl")])
    dask = runner.invoke(main, ["extract", str(FIXTURES), "--workers", "2",
                                "--partition-size", "1", "-o", str(tmp_path / "d.jsonl")])
    assert dask.exit_code == serial.exit_code
    assert (tmp_path / "d.jsonl").read_bytes() == (tmp_path / "s.jsonl").read_bytes()
    assert (tmp_path / "s.jsonl").stat().st_size > 0


def test_events_on_a_local_cluster_come_in_input_order():
    pytest.importorskip("distributed", reason="Dask is not installed")
    from peristiwa.pipeline import iter_events

    paths = [str(FIXTURES), str(FIXTURES / "absent.txt")]
    result = CliRunner().invoke(toy, paths + ["--workers", "2", "--partition-size", "1"])
    assert result.exit_code == 0, result.output
    want = [str(x) if isinstance(x, InputError) else x.event_id for x in iter_events(paths)]
    assert result.stdout.splitlines() == want
