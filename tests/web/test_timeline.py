"""Time buckets for the charts."""

from __future__ import annotations

import datetime as dt

from peristiwa.web.timeline import auto_bucket, bucket_keys, bucket_start, fill, next_bucket

D = dt.date


def test_bucket_starts_match_duckdb_date_trunc():
    assert bucket_start(D(2024, 4, 11), "week") == D(2024, 4, 8)  # Monday
    assert bucket_start(D(2024, 4, 11), "month") == D(2024, 4, 1)
    assert bucket_start(D(2024, 4, 11), "year") == D(2024, 1, 1)
    assert next_bucket(D(2024, 1, 1), "month") == D(2024, 2, 1)
    assert next_bucket(D(2024, 12, 1), "month") == D(2025, 1, 1)
    assert next_bucket(D(2024, 1, 1), "year") == D(2025, 1, 1)


def test_bucket_keys_cover_the_range_and_refuse_too_many():
    assert bucket_keys(D(2024, 1, 15), D(2024, 3, 2), "month") == [
        D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)]
    assert len(bucket_keys(D(2024, 1, 1), D(2024, 12, 31), "day")) == 366
    assert bucket_keys(D(1900, 1, 1), D(2024, 1, 1), "day") is None
    assert bucket_keys(D(9998, 6, 1), D(9999, 12, 31), "year") == [D(9998, 1, 1), D(9999, 1, 1)]


def test_auto_bucket_gives_a_readable_number_of_bars():
    assert auto_bucket(D(2024, 1, 1), D(2024, 1, 31)) == "day"
    assert auto_bucket(D(2024, 1, 1), D(2024, 12, 31)) == "week"
    assert auto_bucket(D(2010, 1, 1), D(2024, 12, 31)) == "month"
    assert auto_bucket(D(1900, 1, 1), D(2024, 12, 31)) == "year"


def test_fill_adds_empty_buckets_with_their_last_day():
    rows = fill([D(2024, 1, 1), D(2024, 2, 1)],
                {D(2024, 2, 1): {"quad": {1: 1, 2: 0, 3: 0, 4: 0}, "clusters": 1,
                                 "goldstein_mean": 1.0}}, "month")
    assert rows[0] == {"bucket": "2024-01-01", "end": "2024-01-31",
                       "quad": {1: 0, 2: 0, 3: 0, 4: 0}, "clusters": 0, "goldstein_mean": None}
    assert rows[1]["end"] == "2024-02-29" and rows[1]["clusters"] == 1
