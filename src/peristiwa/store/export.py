"""Export a store as CSV, Parquet or JSON Lines: event records, clusters, or GDELT 2.0 rows."""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from peristiwa.output import CSV_COLUMNS, flat_row
from peristiwa.schema import EVENT_SCHEMA
from peristiwa.store.db import Store
from peristiwa.store.query import EventFilter, event_where, find_clusters, iter_events, query_rows

__all__ = [
    "FORMATS", "GDELT_COLUMNS", "GDELT_SCHEMA", "CLUSTER_COLUMNS", "CLUSTER_SCHEMA", "export",
    "gdelt_rows", "write_records", "write_events", "write_clusters",
]

log = logging.getLogger(__name__)

FORMATS = ("csv", "parquet", "jsonl")
_EXTRA = ["cluster_id", "story_id"]

# GDELT 2.0 event table, in its column order (61 columns).
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
GDELT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO]
    + [f"ActionGeo_{c}" for c in _GEO] + ["DATEADDED", "SOURCEURL"]
)
_INT = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass",
        "NumMentions", "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type",
        "ActionGeo_Type", "DATEADDED"}
_FLOAT = {"FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long",
          "Actor2Geo_Lat", "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long"}
GDELT_SCHEMA = pa.schema([(c, pa.int64() if c in _INT else pa.float64() if c in _FLOAT
                           else pa.string()) for c in GDELT_COLUMNS])
# International codes GDELT files under KnownGroupCode rather than CountryCode.
_GROUPS = frozenset({"IGO", "NGO", "UNO", "ASN", "EUR", "NAT", "IMF", "WBK", "WTO", "OPC",
                     "ARL", "AFU", "ICC", "GCC", "OIC", "APC", "SCO", "BRI"})
# GDELT counts an event in a story's lead as a root event; an Indonesian lead is one or two
# sentences, about this many characters.
_LEAD_CHARS = 400


def _open(out: Path, fmt: str) -> IO[Any]:
    if fmt == "parquet":
        return open(out, "wb")
    return open(out, "w", encoding="utf-8", newline="")


def export(store: Store, out: str | Path, fmt: str, *, gdelt: bool = False,
           clusters: bool = False, f: EventFilter | None = None,
           header: bool | None = None) -> int:
    """Write events (or clusters, or GDELT rows) matching ``f`` to ``out``; return the count.

    The file appears only when complete (written as ``out.part``, then renamed). A GDELT
    CSV is tab-separated without a header, like GDELT's own export files, unless ``header``.
    """
    f = f or EventFilter()
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose {', '.join(FORMATS)})")
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    try:
        with _open(tmp, fmt) as stream:
            if gdelt:
                n = write_records(gdelt_rows(store, f), fmt, stream, GDELT_COLUMNS, GDELT_SCHEMA,
                                  delimiter="\t", header=bool(header))
            elif clusters:
                n = write_clusters(find_clusters(store, f), fmt, stream, header is not False)
            else:
                n = write_events(iter_events(store, f), fmt, stream, header is not False)
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    log.info("exported %d rows to %s", n, out)
    return n


def write_events(records: Iterable[dict[str, Any]], fmt: str, stream: IO[Any],
                 header: bool = True) -> int:
    """Write event-record dicts (with cluster_id, story_id) as JSON Lines, CSV or Parquet."""
    n = 0
    if fmt == "jsonl":
        for rec in records:
            stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        w = csv.DictWriter(stream, CSV_COLUMNS + _EXTRA, extrasaction="ignore")
        if header:
            w.writeheader()
        for rec in records:
            row = flat_row(rec)
            row.update({k: rec.get(k) for k in _EXTRA})
            w.writerow(row)
            n += 1
    else:
        schema = EVENT_SCHEMA
        for k in _EXTRA:
            schema = schema.append(pa.field(k, pa.string()))
        n = _parquet(records, stream, schema)
    return n


def _parquet(records: Iterable[dict[str, Any]], stream: IO[Any], schema: pa.Schema,
             chunk: int = 20_000) -> int:
    n = 0
    with pq.ParquetWriter(stream, schema) as w:
        batch: list[dict[str, Any]] = []
        for rec in records:
            batch.append(rec)
            if len(batch) >= chunk:
                w.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        w.write_table(pa.Table.from_pylist(batch, schema=schema))
        n += len(batch)
    return n


def write_records(rows: Iterable[dict[str, Any]], fmt: str, stream: IO[Any],
                  columns: list[str], schema: pa.Schema, *, delimiter: str = ",",
                  header: bool = True) -> int:
    """Write flat rows with fixed columns as CSV, JSON Lines or Parquet."""
    if fmt == "parquet":
        return _parquet(rows, stream, schema)
    n = 0
    if fmt == "jsonl":
        for r in rows:
            stream.write(json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False) + "\n")
            n += 1
        return n
    w = csv.DictWriter(stream, columns, delimiter=delimiter, extrasaction="ignore",
                       lineterminator="\n" if delimiter == "\t" else "\r\n")
    if header:
        w.writeheader()
    for r in rows:
        w.writerow(r)
        n += 1
    return n


CLUSTER_COLUMNS = [
    "cluster_id", "date", "date_precision", "first_seen", "last_seen", "root", "cameo",
    "quad_class", "goldstein", "source_code", "source_country", "source_agent", "source_name",
    "target_code", "target_country", "target_agent", "target_name", "num_events",
    "num_articles", "num_stories", "num_sources", "location_name", "location_country",
    "location_lat", "location_lon", "doc_id", "url", "sentence", "member_event_ids",
]
_CLUSTER_TYPES = {"quad_class": pa.int64(), "goldstein": pa.float64(), "num_events": pa.int64(),
                  "num_articles": pa.int64(), "num_stories": pa.int64(),
                  "num_sources": pa.int64(), "location_lat": pa.float64(),
                  "location_lon": pa.float64()}
CLUSTER_SCHEMA = pa.schema([(c, _CLUSTER_TYPES.get(c, pa.string())) for c in CLUSTER_COLUMNS])


def write_clusters(clusters: Iterable[dict[str, Any]], fmt: str, stream: IO[Any],
                   header: bool = True) -> int:
    """Write cluster records: nested with their members as JSON Lines, flat as CSV/Parquet."""
    if fmt == "jsonl":
        n = 0
        for c in clusters:
            stream.write(json.dumps(c, ensure_ascii=False) + "\n")
            n += 1
        return n
    return write_records(_flat_clusters(clusters), fmt, stream, CLUSTER_COLUMNS,
                         CLUSTER_SCHEMA, header=header)


def _flat_clusters(clusters: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for c in clusters:
        row = {k: v for k, v in c.items() if not isinstance(v, dict | list)}
        for side in ("source", "target"):
            for k, v in (c.get(side) or {}).items():
                row[f"{side}_{k}"] = v
        for k, v in (c.get("location") or {}).items():
            row[f"location_{k}"] = v
        row["member_event_ids"] = " ".join(m["event_id"] for m in c["members"])
        yield row


_GDELT_SQL = """
SELECT c.*, bool_or(e.sentence_start <= ?) AS is_root
FROM clusters c
JOIN cluster_members m ON m.cluster_id = c.cluster_id
JOIN events e ON e.event_id = m.event_id AND e.doc_id = m.doc_id
WHERE c.cluster_id IN (SELECT m2.cluster_id FROM cluster_members m2
                       JOIN events e ON e.event_id = m2.event_id AND e.doc_id = m2.doc_id
                       WHERE {where})
GROUP BY ALL
ORDER BY c.day NULLS LAST, c.cluster_id
"""


def gdelt_rows(store: Store, f: EventFilter | None = None) -> Iterator[dict[str, Any]]:
    """One GDELT 2.0 event row per cluster (GDELT's events are deduplicated events too).

    Differences from GDELT's own files: ActionGeo_CountryCode is ISO 3166 alpha-3 (GDELT
    uses FIPS 10-4), AvgTone and the actor geography are empty (not computed), and
    SOURCEURL falls back to the article id for articles stored without a URL.
    """
    f = f or EventFilter()
    where, params = event_where(f)
    sql = _GDELT_SQL.format(where=where)
    if f.limit is not None:
        sql += " LIMIT ?"
        params.append(f.limit)
    for row in query_rows(store, sql, [_LEAD_CHARS, *params]):
        yield _gdelt(row)


def _gdelt(row: dict[str, Any]) -> dict[str, Any]:
    day: dt.date | None = row.get("day")
    out: dict[str, Any] = {c: None for c in GDELT_COLUMNS}
    out["GLOBALEVENTID"] = int(row["cluster_id"][:15], 16)
    if day:
        out.update(SQLDATE=int(day.strftime("%Y%m%d")), MonthYear=day.year * 100 + day.month,
                   Year=day.year,
                   FractionDate=round(day.year + (day.month * 30 + day.day) / 365, 4))
    for n, side in ((1, "source"), (2, "target")):
        code = row.get(f"{side}_code") or ""
        country = row.get(f"{side}_country") or ""
        group = country in _GROUPS
        out[f"Actor{n}Code"] = code or None
        out[f"Actor{n}Name"] = row.get(f"{side}_name") or (country or None)
        out[f"Actor{n}CountryCode"] = None if group or country == "-" else (country or None)
        out[f"Actor{n}KnownGroupCode"] = country if group else None
        for i in range(3):
            out[f"Actor{n}Type{i + 1}Code"] = code[3 + 3 * i:6 + 3 * i] or None
        out[f"Actor{n}Geo_Type"] = 0
    cameo = row.get("cameo") or ""
    out.update(IsRootEvent=int(bool(row.get("is_root"))), EventCode=cameo,
               EventBaseCode=cameo[:3], EventRootCode=row.get("root"),
               QuadClass=row.get("quad_class"), GoldsteinScale=row.get("goldstein"),
               NumMentions=row.get("num_events"), NumSources=row.get("num_sources"),
               NumArticles=row.get("num_articles"))
    name, lat = row.get("location_name"), row.get("location_lat")
    if name:
        out.update(ActionGeo_Type=4 if lat is not None else 1, ActionGeo_FullName=name,
                   ActionGeo_CountryCode=row.get("location_country"), ActionGeo_Lat=lat,
                   ActionGeo_Long=row.get("location_lon"))
    else:
        out["ActionGeo_Type"] = 0
    added = row.get("updated_at")
    out["DATEADDED"] = int(added.strftime("%Y%m%d%H%M%S")) if added else None
    out["SOURCEURL"] = row.get("url") or row.get("doc_id")
    return out

