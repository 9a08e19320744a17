"""Draw a dyad's time series: a PNG with matplotlib when it is installed, else text bars."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["QUAD_NAMES", "have_matplotlib", "fill_gaps", "plot_png", "terminal_chart"]

log = logging.getLogger(__name__)

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}
_BARS = {1: "█", 2: "▓", 3: "▒", 4: "░"}
_COLOURS = {1: "#4c9f70", 2: "#1f6f43", 3: "#e59c3a", 4: "#b8352b"}


def have_matplotlib() -> bool:
    """True if matplotlib can be imported (it is an optional dependency)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


MAX_BUCKETS = 500  # a longer axis is drawn with its empty buckets left out
MAX_INCHES = 14.0  # the widest PNG (at 120 dpi: 1680 pixels)
MAX_LABELS = 40  # time labels on the PNG's axis at most


def _next(day: dt.date, by: str) -> dt.date:
    if by == "day":
        return day + dt.timedelta(days=1)
    if by == "week":
        return day + dt.timedelta(days=7)
    if by == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day.replace(year=day.year + 1)


def fill_gaps(series: Sequence[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    """The series with empty buckets added between its first and last, so time reads true."""
    if not series:
        return []
    have = {b["bucket"]: b for b in series}
    day, last = dt.date.fromisoformat(series[0]["bucket"]), series[-1]["bucket"]
    out: list[dict[str, Any]] = []
    while day.isoformat() <= last and len(out) <= MAX_BUCKETS:
        key = day.isoformat()
        out.append(have.get(key) or {"bucket": key, "quad": {1: 0, 2: 0, 3: 0, 4: 0},
                                     "clusters": 0, "events": 0, "goldstein_mean": None,
                                     "items": []})
        day = _next(day, by)
    return out if len(out) <= MAX_BUCKETS else list(series)


def terminal_chart(series: Sequence[dict[str, Any]], title: str = "", width: int = 50) -> str:
    """Stacked text bars, one line per bucket: events per quad class and mean Goldstein."""
    lines = [title] if title else []
    top = max((b["clusters"] for b in series), default=0)
    scale = width / top if top > width else 1.0
    for b in series:
        bar = ""
        for q in (1, 2, 3, 4):
            n = b["quad"].get(q, 0)
            bar += _BARS[q] * (round(n * scale) if n else 0)
        g = b["goldstein_mean"]
        tail = f"{b['clusters']:>4}  G {g:+.1f}" if g is not None else f"{b['clusters']:>4}"
        lines.append(f"{b['bucket']}  {bar:<{width}} {tail}")
    lines.append("  ".join(f"{_BARS[q]} {QUAD_NAMES[q]}" for q in (1, 2, 3, 4))
                 + "  (G: mean Goldstein)")
    if scale != 1.0:
        lines.append(f"(one mark = {1 / scale:.1f} events)")
    return "\n".join(lines)


def plot_png(series: Sequence[dict[str, Any]], out: str | Path, title: str = "") -> None:
    """Stacked bars of events per quad class per bucket, and mean Goldstein as a line."""
    import matplotlib

    matplotlib.use("Agg")  # files only: never open a window
    import matplotlib.pyplot as plt

    labels = [b["bucket"] for b in series]
    xs = list(range(len(series)))
    # A long series gets a wide but bounded figure and every n-th bucket labelled.
    width = min(MAX_INCHES, max(6.0, 0.45 * len(series) + 2))
    step = max(1, -(-len(series) // MAX_LABELS))
    fig, ax = plt.subplots(figsize=(width, 4.2), dpi=120)
    bottom = [0] * len(series)
    for q in (1, 2, 3, 4):
        heights = [b["quad"].get(q, 0) for b in series]
        ax.bar(xs, heights, bottom=bottom, color=_COLOURS[q], label=QUAD_NAMES[q])
        bottom = [a + h for a, h in zip(bottom, heights, strict=True)]
    ax.set_ylabel("events (clusters)")
    ax.set_xticks(xs[::step], labels[::step], rotation=45, ha="right", fontsize=8)
    ax2 = ax.twinx()
    ax2.plot(xs, [b["goldstein_mean"] for b in series], color="black", marker="o", lw=1,
             label="mean Goldstein")
    ax2.set_ylim(-10, 10)
    ax2.axhline(0, color="grey", lw=0.5)
    ax2.set_ylabel("mean Goldstein")
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    if title:
        ax.set_title(title)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.legend(handles=handles, fontsize=7, loc="lower center", ncol=5, frameon=False)
    fig.savefig(out, format="png")
    plt.close(fig)
    log.info("wrote %s", out)
