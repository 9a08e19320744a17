"""Time windows and buckets for the charts: a default window and gap-free bucket lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["bucket_start", "next_bucket", "bucket_keys", "auto_bucket", "empty_quads", "fill",
           "MAX_BUCKETS"]

MAX_BUCKETS = 3000


def bucket_start(day: dt.date, by: str) -> dt.date:
    """The first day of the bucket holding ``day`` (weeks start on Monday, as in DuckDB)."""
    if by == "day":
        return day
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_bucket(day: dt.date, by: str) -> dt.date:
    """The first day of the bucket after the one starting at ``day``."""
    if by == "day":
        return day + dt.timedelta(days=1)
    if by == "week":
        return day + dt.timedelta(days=7)
    if by == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day.replace(year=day.year + 1, month=1, day=1)


def bucket_keys(lo: dt.date, hi: dt.date, by: str) -> list[dt.date] | None:
    """Every bucket start from lo's bucket to hi's; None when there would be too many."""
    out = []
    day = bucket_start(lo, by)
    while day <= hi:
        out.append(day)
        if len(out) > MAX_BUCKETS:
            return None
        try:
            day = next_bucket(day, by)
        except (OverflowError, ValueError):  # the last bucket of year 9999
            break
    return out


def auto_bucket(lo: dt.date, hi: dt.date) -> str:
    """A bucket that gives a readable number of bars for the span lo..hi."""
    days = (hi - lo).days
    if days <= 62:
        return "day"
    if days <= 2 * 366:
        return "week"
    if days <= 25 * 366:
        return "month"
    return "year"


def empty_quads() -> dict[int, int]:
    return {1: 0, 2: 0, 3: 0, 4: 0}


def fill(keys: list[dt.date], found: dict[dt.date, dict[str, Any]], by: str
         ) -> list[dict[str, Any]]:
    """One row per bucket key (with its last day): the found row, or zero counts."""
    out = []
    for k in keys:
        row = found.get(k) or {"quad": empty_quads(), "clusters": 0, "goldstein_mean": None}
        try:
            end = next_bucket(k, by) - dt.timedelta(days=1)
        except (OverflowError, ValueError):
            end = dt.date.max
        out.append({"bucket": k.isoformat(), "end": end.isoformat(), **row})
    return out
