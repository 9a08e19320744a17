"""The coder on sentences of each event kind (our own fictional or paraphrased sentences)."""

import datetime as dt
from pathlib import Path

import pytest

from peristiwa.coder import Coder
from peristiwa.records import Article

CASES = Path(__file__).parent / "fixtures" / "coder_cases.tsv"


def _cases():
    for n, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            pub, sentence, expected, forbidden = line.split("\t")
            yield pytest.param(dt.date.fromisoformat(pub), sentence, expected, forbidden,
                               id=f"line{n}")


def _keys(spec):
    out = set()
    for item in spec.split(";"):
        if item.strip() and item.strip() != "-":
            s, t, root = item.strip().split("-")
            out.add((frozenset((s, t)), root))
    return out


@pytest.fixture(scope="module")
def coder():
    return Coder()


@pytest.mark.parametrize("published,sentence,expected,forbidden", list(_cases()))
def test_sentence(coder, published, sentence, expected, forbidden):
    events = coder.code(Article("case", sentence, published=published))
    got = {(frozenset((e.source.country, e.target.country)), e.root)
           for e in events if e.source and e.target and e.source.country and e.target.country
           and e.source.country != e.target.country and e.mode != "negated"}
    assert _keys(expected) <= got
    assert not (_keys(forbidden) & got)
