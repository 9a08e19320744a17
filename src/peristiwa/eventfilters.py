"""Article-level filters over the coded events: duplicates and plans a report settles.

Stage input: all events of one article, in text order. Output: the events to keep.
"""

from __future__ import annotations

from peristiwa.events import ANNOUNCED
from peristiwa.records import Event

__all__ = ["drop_reported_plans", "drop_partial_duplicates", "drop_sourceless"]


def drop_reported_plans(events: list[Event]) -> list[Event]:
    """Drop a plan to meet (03x from "akan bertemu") when the article reports the meeting
    or visit between the same two countries (04): "Macron akan mengunjungi Magelang" next
    to "Macron tiba di Indonesia" is the same visit, announced."""
    met = {frozenset((e.source.country, e.target.country)) for e in events
           if e.root == "04" and e.mode == "asserted" and e.source and e.target}
    return [e for e in events if not (
        e.root == "03" and ANNOUNCED in e.rule and e.source and e.target and
        frozenset((e.source.country, e.target.country)) in met)]


def drop_partial_duplicates(events: list[Event]) -> list[Event]:
    """Drop an event without a target when the same sentence has it whole: "Xi berbicara
    dengan Trump melalui telepon" is one consultation, not a second one with no one.
    (Events without a source are gone already: see drop_sourceless.)"""
    whole = {(e.sentence_span, e.root, e.source.country) for e in events
             if e.source and e.target and e.source.country and e.target.country}
    return [e for e in events if not (
        e.target is None and e.source and (e.sentence_span, e.root, e.source.country) in whole)]


def drop_sourceless(events: list[Event]) -> list[Event]:
    """Drop events whose doer the text does not give or the coder cannot code ("dua WNI
    ditangkap", "didukung oleh bonus demografi", an unresolved "mereka"): an event record
    names who acts; the victim alone is no event."""
    return [e for e in events if e.source is not None and e.source.code]
