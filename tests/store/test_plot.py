"""Dyad charts: gap filling and the text chart (the PNG is covered in test_cli_store)."""

from __future__ import annotations

import pytest

from peristiwa.store.plot import fill_gaps, terminal_chart


def _bucket(day: str, q1: int = 0, q4: int = 0, g: float | None = 1.0) -> dict:
    return {"bucket": day, "quad": {1: q1, 2: 0, 3: 0, 4: q4}, "clusters": q1 + q4,
            "events": q1 + q4, "goldstein_mean": g, "items": []}


def test_fill_gaps_adds_empty_buckets_in_between():
    months = fill_gaps([_bucket("2024-11-01", 1), _bucket("2025-02-01", q4=2)], "month")
    assert [b["bucket"] for b in months] == ["2024-11-01", "2024-12-01", "2025-01-01",
                                             "2025-02-01"]
    assert months[1]["clusters"] == 0 and months[1]["goldstein_mean"] is None
    weeks = fill_gaps([_bucket("2024-04-01", 1), _bucket("2024-04-15", 1)], "week")
    assert [b["bucket"] for b in weeks] == ["2024-04-01", "2024-04-08", "2024-04-15"]
    assert fill_gaps([], "day") == []


def test_fill_gaps_keeps_a_very_long_axis_as_it_is():
    series = [_bucket("2000-01-01", 1), _bucket("2024-01-01", 1)]
    assert fill_gaps(series, "day") == series


def test_terminal_chart_stacks_quads_and_scales():
    text = terminal_chart([_bucket("2024-04-01", 2, 1, g=-2.0), _bucket("2024-05-01", 0, 0,
                                                                         g=None)], "T")
    lines = text.splitlines()
    assert lines[0] == "T"
    assert lines[1].startswith("2024-04-01  ██░") and lines[1].endswith("3  G -2.0")
    assert lines[2].split() == ["2024-05-01", "0"]
    big = terminal_chart([_bucket("2024-04-01", 200)], width=50)
    assert big.splitlines()[0].count("█") == 50 and "one mark = 4.0 events" in big


def test_png_of_a_long_series_stays_readable(tmp_path):
    pytest.importorskip("matplotlib", reason="pip install matplotlib (the plot extra)")
    from peristiwa.store.plot import MAX_INCHES, plot_png

    series = fill_gaps([_bucket("2017-01-01", q1=2), _bucket("2026-12-01", q4=1, g=-9.0)],
                       "month")
    assert len(series) == 120
    out = tmp_path / "long.png"
    plot_png(series, out, "IDN–USA by month")
    head = out.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(head[16:20], "big")
    assert 600 <= width <= MAX_INCHES * 120
