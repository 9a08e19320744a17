"""Write events as JSON Lines, CSV or Parquet, streaming."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from peristiwa.records import Event

__all__ = ["FORMATS", "CSV_COLUMNS", "flat_row", "EventWriter", "open_writer"]

FORMATS = ("jsonl", "csv", "parquet")

CSV_COLUMNS = [
    "event_id", "doc_id", "url", "outlet", "published", "date", "date_precision", "date_basis",
    "source_text", "source_name", "source_code", "source_country", "source_agent",
    "source_start", "source_end",
    "target_text", "target_name", "target_code", "target_country", "target_agent",
    "target_start", "target_end",
    "cameo", "root", "quad_class", "goldstein", "plover", "mode",
    "trigger_text", "trigger_start", "trigger_end",
    "location_name", "location_country", "location_lat", "location_lon",
    "sentence", "sentence_start", "sentence_end", "confidence",
]


def flat_row(ev: dict[str, Any]) -> dict[str, Any]:
    """Flatten an event record's nested objects into CSV_COLUMNS."""
    row = {k: ev.get(k) for k in CSV_COLUMNS if k in ev and not isinstance(ev[k], dict | list)}
    for side in ("source", "target"):
        a = ev.get(side) or {}
        for f in ("text", "name", "code", "country", "agent"):
            row[f"{side}_{f}"] = a.get(f)
        span = a.get("span") or [None, None]
        row[f"{side}_start"], row[f"{side}_end"] = span
    trig = ev.get("trigger") or {}
    row["trigger_text"] = trig.get("text")
    row["trigger_start"], row["trigger_end"] = trig.get("span") or [None, None]
    loc = ev.get("location") or {}
    for f in ("name", "country", "lat", "lon"):
        row[f"location_{f}"] = loc.get(f)
    row["sentence_start"], row["sentence_end"] = ev.get("sentence_span") or [None, None]
    return row


class EventWriter:
    """Write events one by one to a text or binary stream in one of FORMATS."""

    def __init__(self, fmt: str, stream: IO[Any]):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r} (choose {', '.join(FORMATS)})")
        self.fmt = fmt
        self.stream = stream
        self.count = 0
        self._csv: csv.DictWriter | None = None
        self._batch: list[dict[str, Any]] = []
        self._parquet = None

    def write(self, event: Event | dict[str, Any]) -> None:
        ev = event.as_dict() if isinstance(event, Event) else event
        self.count += 1
        if self.fmt == "jsonl":
            self.stream.write(json.dumps(ev, ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            if self._csv is None:
                self._csv = csv.DictWriter(self.stream, CSV_COLUMNS, extrasaction="ignore")
                self._csv.writeheader()
            self._csv.writerow(flat_row(ev))
        else:
            self._batch.append(ev)
            if len(self._batch) >= 20_000:
                self._flush_parquet()

    def write_all(self, events: Iterable[Event | dict[str, Any]]) -> None:
        for ev in events:
            self.write(ev)

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from peristiwa.schema import EVENT_SCHEMA

        table = pa.Table.from_pylist(self._batch, schema=EVENT_SCHEMA)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.stream, EVENT_SCHEMA)
        self._parquet.write_table(table)
        self._batch = []

    def close(self) -> None:
        if self.fmt == "parquet":
            if self._batch or self._parquet is None:
                self._flush_parquet()
            self._parquet.close()
        elif self.fmt == "csv" and self._csv is None:
            csv.DictWriter(self.stream, CSV_COLUMNS).writeheader()
        self.stream.flush()


def open_writer(fmt: str, stream: IO[Any]) -> EventWriter:
    """Return an EventWriter; the caller closes it."""
    return EventWriter(fmt, stream)
