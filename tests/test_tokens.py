"""Sentence splitting and tokenization on Indonesian text."""

from peristiwa.tokens import split_sentences, strip_clitic, tokenize


def words(text):
    return [t.text for t in tokenize(text)]


def test_hyphenated_names_split_so_spellings_match():
    assert words("Choe Ryong-hae tiba") == ["Choe", "Ryong", "hae", "tiba"]
    assert words("hubungan China-Korut") == ["hubungan", "China", "Korut"]


def test_spaced_dash_is_kept_as_punctuation():
    assert "-" in words("Seoul (KABARIN) - Hubungan")


def test_decimal_comma_and_dates_stay_whole():
    assert "13,5" in words("menyusut 13,5 persen")
    assert words("(12/4/2024)") == ["(", "12", "/", "4", "/", "2024", ")"]


def test_apostrophe_inside_word():
    assert "Jum'at" in words("pada Jum'at lalu")


def test_spans_point_into_text():
    text = "  Wang Yi bertemu  Choe."
    for t in tokenize(text):
        assert text[t.start:t.end] == t.text
        assert t.norm == t.text.lower()


def test_clitic_stripping():
    assert strip_clitic("kunjungannya") == "kunjungan"
    assert strip_clitic("bertemulah") == "bertemu"
    assert strip_clitic("hanya") == "hanya"  # too short to carry a clitic


def sents(text, abbrevs=("Jl", "No", "Dr")):
    return [s.text for s in split_sentences(text, abbrevs)]


def test_split_on_full_stop_before_capital():
    assert sents("Zhao tiba di Pyongyang. Ia bertemu Choe.") == [
        "Zhao tiba di Pyongyang.", "Ia bertemu Choe."]


def test_abbreviations_and_initials_do_not_split():
    assert len(sents("Kantornya di Jl. Sudirman No. 4 Jakarta. Ia datang.")) == 2
    assert len(sents("Presiden John F. Kennedy datang. Lalu pulang.")) == 2


def test_quote_after_full_stop_closes_sentence():
    out = sents('"Kami siap bekerja sama," kata Wang. "Hubungan kuat." Choe setuju.')
    assert out[-1] == "Choe setuju."


def test_newline_always_splits_and_spans_hold():
    text = "Judul tanpa titik\nIsi berita pertama. Kedua."
    out = split_sentences(text)
    assert [s.text for s in out] == ["Judul tanpa titik", "Isi berita pertama.", "Kedua."]
    for s in out:
        assert text[s.start:s.end] == s.text


def test_lowercase_after_full_stop_does_not_split():
    assert len(sents("Nilainya naik 2.5 persen. dan seterusnya")) == 1
