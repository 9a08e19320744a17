"""The event record as an Arrow schema (Parquet output and the store share it)."""

from __future__ import annotations

import pyarrow as pa

__all__ = ["EVENT_SCHEMA", "ACTOR_TYPE"]

ACTOR_TYPE = pa.struct(
    [
        ("text", pa.string()),
        ("name", pa.string()),
        ("code", pa.string()),
        ("country", pa.string()),
        ("agent", pa.string()),
        ("span", pa.list_(pa.int64())),
    ]
)

EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("doc_id", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("published", pa.string()),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("date_basis", pa.string()),
        ("source", ACTOR_TYPE),
        ("target", ACTOR_TYPE),
        ("cameo", pa.string()),
        ("root", pa.string()),
        ("quad_class", pa.int8()),
        ("goldstein", pa.float64()),
        ("plover", pa.string()),
        ("mode", pa.string()),
        ("trigger", pa.struct([("text", pa.string()), ("span", pa.list_(pa.int64()))])),
        (
            "location",
            pa.struct(
                [
                    ("name", pa.string()),
                    ("country", pa.string()),
                    ("lat", pa.float64()),
                    ("lon", pa.float64()),
                ]
            ),
        ),
        ("sentence", pa.string()),
        ("sentence_span", pa.list_(pa.int64())),
        ("confidence", pa.float64()),
    ]
)
