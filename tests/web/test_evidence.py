"""Evidence highlighting: spans to sentence offsets, drift, overlaps."""

from __future__ import annotations

from peristiwa.web.evidence import highlights, segments

SENT = "Kemarin Menteri Luar Negeri China bertemu dengan Menteri Korea Utara di Beijing."


def _rec(offset: int, src=(8, 33), trg=(34, 48), tgt=(49, 68), **kw) -> dict:
    rec = {"sentence": SENT, "sentence_span": [offset, offset + len(SENT)],
           "source": {"text": SENT[src[0]:src[1]], "span": [offset + src[0], offset + src[1]]},
           "trigger": {"text": SENT[trg[0]:trg[1]], "span": [offset + trg[0], offset + trg[1]]},
           "target": {"text": SENT[tgt[0]:tgt[1]], "span": [offset + tgt[0], offset + tgt[1]]}}
    rec.update(kw)
    return rec


def test_spans_become_sentence_offsets():
    hs = highlights(_rec(500))
    assert [(h["role"], SENT[h["start"]:h["end"]]) for h in hs] == [
        ("source", "Menteri Luar Negeri China"), ("trigger", "bertemu dengan"),
        ("target", "Menteri Korea Utara")]


def test_segments_cover_the_whole_sentence():
    segs = segments(SENT, highlights(_rec(0)))
    assert "".join(t for t, _ in segs) == SENT
    assert [r for _, r in segs] == [None, "source", None, "trigger", None, "target", None]


def test_drifted_spans_fall_back_to_the_nearest_occurrence():
    rec = _rec(100)
    rec["source"]["span"] = [103, 128]  # off by 5: text does not match there
    hs = {h["role"]: SENT[h["start"]:h["end"]] for h in highlights(rec)}
    assert hs["source"] == "Menteri Luar Negeri China"
    rec["target"] = {"text": "Korea Selatan", "span": [0, 5]}  # not in the sentence at all
    assert "target" not in {h["role"] for h in highlights(rec)}


def test_overlaps_yield_to_the_trigger_and_missing_parts_are_skipped():
    rec = _rec(0, src=(8, 41), trg=(34, 48))  # source runs into the trigger
    roles = [h["role"] for h in highlights(rec)]
    assert roles == ["trigger", "target"]
    rec = _rec(0, target=None)
    assert [h["role"] for h in highlights(rec)] == ["source", "trigger"]
    assert highlights({"sentence": None, "trigger": {"text": "x", "span": [0, 1]}}) == []
