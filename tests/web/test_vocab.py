"""The dashboard's vocabulary: CAMEO names, country labels, known codes."""

from __future__ import annotations

from peristiwa.web.vocab import load_vocabulary


def test_a_root_is_named_without_not_specified_below(world_store):
    vocab = load_vocabulary(world_store)
    assert vocab.cameo_name("040") == "Consult, not specified below"
    assert vocab.cameo_name("04") == "Consult"
    assert vocab.cameo_name("042") == "Make a visit"
    assert vocab.cameo_name("99") is None and vocab.cameo_name(None) is None
    assert vocab.actor_label("PRKGOV") == "Korea Utara"
