"""Locate an event's source, target and trigger inside its evidence sentence."""

from __future__ import annotations

from typing import Any

__all__ = ["highlights", "segments"]

_ROLES = (("trigger", "trigger"), ("source", "source"), ("target", "target"))


def _locate(sentence: str, offset: int, span: list | tuple | None, text: str | None
            ) -> tuple[int, int] | None:
    """The span relative to the sentence; fall back to finding the text near it."""
    if span and span[0] is not None and span[1] is not None:
        lo, hi = span[0] - offset, span[1] - offset
        if 0 <= lo < hi <= len(sentence) and (not text or sentence[lo:hi] == text):
            return lo, hi
    if not text:
        return None
    # Offsets can drift when the stored sentence was normalised (spaces collapsed): take
    # the occurrence of the mention's text nearest to where the span said it was.
    want = (span[0] - offset) if span and span[0] is not None else 0
    hits, i = [], sentence.find(text)
    while i >= 0:
        hits.append(i)
        i = sentence.find(text, i + 1)
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - want))
    return best, best + len(text)


def highlights(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """Non-overlapping {role, start, end} spans (relative to the sentence) of an event record."""
    sentence = rec.get("sentence") or ""
    offset = (rec.get("sentence_span") or [0])[0] or 0
    found = []
    for role, key in _ROLES:
        part = rec.get(key) or {}
        where = _locate(sentence, offset, part.get("span"), part.get("text"))
        if where:
            found.append({"role": role, "start": where[0], "end": where[1]})
    out: list[dict[str, Any]] = []
    # The trigger is placed first, so a mention that overlaps it yields to it.
    for h in found:
        if all(h["end"] <= o["start"] or h["start"] >= o["end"] for o in out):
            out.append(h)
    return sorted(out, key=lambda h: h["start"])


def segments(sentence: str | None, spans: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """The sentence cut into (text, role or None) pieces for rendering."""
    sentence = sentence or ""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for h in spans:
        if h["start"] > pos:
            out.append((sentence[pos:h["start"]], None))
        out.append((sentence[h["start"]:h["end"]], h["role"]))
        pos = h["end"]
    if pos < len(sentence):
        out.append((sentence[pos:], None))
    return out
