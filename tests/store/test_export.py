"""Export: event records as CSV/JSONL/Parquet, clusters, and GDELT 2.0 rows."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from peristiwa.output import CSV_COLUMNS
from peristiwa.schema import EVENT_SCHEMA
from peristiwa.store import EventFilter, export
from peristiwa.store.export import CLUSTER_COLUMNS, GDELT_COLUMNS

from .storehelp import SAMPLE


def test_gdelt_has_the_61_columns_in_order():
    assert len(GDELT_COLUMNS) == 61 == len(set(GDELT_COLUMNS))
    assert GDELT_COLUMNS[:5] == ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    assert GDELT_COLUMNS[25:35] == ["IsRootEvent", "EventCode", "EventBaseCode",
                                    "EventRootCode", "QuadClass", "GoldsteinScale",
                                    "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    assert GDELT_COLUMNS[-2:] == ["DATEADDED", "SOURCEURL"]
    assert "ActionGeo_ADM2Code" in GDELT_COLUMNS and "Actor2Type3Code" in GDELT_COLUMNS


def test_jsonl_export_is_the_event_record(filled, coder, tmp_path):
    out = tmp_path / "e.jsonl"
    assert export(filled, out, "jsonl") == 7
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    want = {e.event_id: e.as_dict() for a in SAMPLE for e in coder.code(a)}
    assert sorted(r["event_id"] for r in rows) == sorted(want)
    for r in rows:
        assert {k: v for k, v in r.items() if k in want[r["event_id"]]} == want[r["event_id"]]
    assert sum(r["cluster_id"] is None for r in rows) == 1  # the hypothetical threat


def test_csv_export_has_the_flat_columns(filled, tmp_path):
    out = tmp_path / "e.csv"
    export(filled, out, "csv", f=EventFilter(dyad="CHN-PRK"))
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == CSV_COLUMNS + ["cluster_id", "story_id"]
    assert len(rows) == 4
    assert {r["source_country"] for r in rows} == {"CHN", "PRK"}


def test_parquet_export_carries_the_event_schema(filled, tmp_path):
    out = tmp_path / "e.parquet"
    export(filled, out, "parquet")
    table = pq.read_table(out)
    assert table.num_rows == 7
    for field in EVENT_SCHEMA:
        assert table.schema.field(field.name).type == field.type
    assert table.column("source").to_pylist()[0]["code"] == "PRKPTY"


def test_cluster_export(filled, tmp_path):
    out = tmp_path / "c.csv"
    assert export(filled, out, "csv", clusters=True) == 4
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == CLUSTER_COLUMNS
    visit = next(r for r in rows if r["date"] == "2024-04-11")
    assert (visit["num_articles"], visit["num_sources"]) == ("2", "2")
    assert len(visit["member_event_ids"].split()) == 3
    jl = tmp_path / "c.jsonl"
    export(filled, jl, "jsonl", clusters=True)
    first = json.loads(jl.read_text(encoding="utf-8").splitlines()[0])
    assert first["members"][0]["evidence"]


def test_gdelt_csv_is_tab_separated_without_header(filled, tmp_path):
    out = tmp_path / "g.CSV"
    assert export(filled, out, "csv", gdelt=True) == 4  # one row per cluster
    lines = out.read_text(encoding="utf-8").splitlines()
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines]
    visit = next(r for r in rows if r["SQLDATE"] == "20240411")
    assert visit["EventRootCode"] == "04" and visit["EventCode"] == "040"
    assert visit["EventBaseCode"] == "040" and visit["QuadClass"] == "1"
    assert (visit["Actor1Code"], visit["Actor1CountryCode"], visit["Actor1Type1Code"]) == \
        ("CHNLEG", "CHN", "LEG")
    assert visit["Actor2CountryCode"] == "PRK"
    assert (visit["NumMentions"], visit["NumSources"], visit["NumArticles"]) == ("3", "2", "2")
    assert visit["MonthYear"] == "202404" and visit["Year"] == "2024"
    assert visit["ActionGeo_FullName"] == "Pyongyang" and visit["ActionGeo_Type"] == "4"
    assert visit["SOURCEURL"] == "https://berita.example/z1"
    assert len(visit["DATEADDED"]) == 14
    assert len({r["GLOBALEVENTID"] for r in rows}) == 4


def test_gdelt_parquet_types(filled, tmp_path):
    out = tmp_path / "g.parquet"
    export(filled, out, "parquet", gdelt=True)
    table = pq.read_table(out)
    assert table.column_names == GDELT_COLUMNS
    assert str(table.schema.field("SQLDATE").type) == "int64"
    assert str(table.schema.field("GoldsteinScale").type) == "double"
    war = [r for r in table.to_pylist() if r["EventRootCode"] == "19"]
    assert war[0]["Actor1Type1Code"] == "MIL" and war[0]["GoldsteinScale"] < 0


def test_failed_export_leaves_no_file(filled, tmp_path, monkeypatch):
    import importlib

    mod = importlib.import_module("peristiwa.store.export")  # the package's export() shadows it

    def boom(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(mod, "write_events", boom)
    out = tmp_path / "e.jsonl"
    with pytest.raises(RuntimeError):
        export(filled, out, "jsonl")
    assert not out.exists() and not (tmp_path / "e.jsonl.part").exists()
