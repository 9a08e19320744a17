"""Longest-match phrase lookup over tokens."""

from peristiwa.phrases import PhraseIndex
from peristiwa.tokens import tokenize


def index(*pairs):
    idx = PhraseIndex()
    for phrase, payload in pairs:
        idx.add(phrase, payload)
    return idx


def found(idx, text):
    toks = tokenize(text)
    return [(" ".join(t.text for t in toks[m.start:m.end]), m.payload)
            for m in idx.finditer(toks)]


def test_longest_match_wins():
    idx = index(("Korea", "KOR?"), ("Korea Utara", "PRK"))
    assert found(idx, "pejabat Korea Utara tiba") == [("Korea Utara", "PRK")]


def test_case_insensitive_except_acronyms():
    idx = index(("AS", "USA"), ("tiongkok", "CHN"))
    assert found(idx, "AS dan TIONGKOK") == [("AS", "USA"), ("TIONGKOK", "CHN")]
    assert found(idx, "as roda") == []


def test_hyphen_and_space_spellings_match_the_same_entry():
    idx = index(("Choe Ryong Hae", "PRKLEG"))
    assert found(idx, "Choe Ryong-hae datang") == [("Choe Ryong hae", "PRKLEG")]


def test_gap_wildcard():
    idx = index(("menembakkan * rudal", "150"))
    assert found(idx, "menembakkan tiga rudal balistik") == [("menembakkan tiga rudal", "150")]
    assert found(idx, "menembakkan satu dua tiga empat rudal") == []
    assert found(idx, "menembakkan peluru, lalu rudal") == []


def test_clitic_on_last_word():
    idx = index(("kunjungan", "042"), ("menjatuhkan sanksi", "163"))
    assert found(idx, "kunjungannya ke Seoul") == [("kunjungannya", "042")]
    assert found(idx, "menjatuhkan sanksinya") == [("menjatuhkan sanksinya", "163")]


def test_capitalised_entry_needs_a_capital():
    idx = index(("Tepi Barat", "PSE"), ("kunjungan", "042"))
    assert found(idx, "di Tepi Barat") == [("Tepi Barat", "PSE")]
    assert found(idx, "TEPI BARAT") == [("TEPI BARAT", "PSE")]
    assert found(idx, "di tepi barat sungai") == []
    assert found(idx, "Kunjungan itu") == [("Kunjungan", "042")]
