"""Every data file loads; user dictionaries override; bad entries name file and line."""

import pytest

from peristiwa.dictionary.files import FILE_SPECS, DataFiles
from peristiwa.dictionary.tsv import DictionaryError
from peristiwa.lexicon import _build, load_lexicon
from peristiwa.tokens import tokenize


def test_every_builtin_file_exists_and_loads():
    files = DataFiles()
    for name in FILE_SPECS:
        assert files.builtin_path(name).exists(), name
        assert files.rows(name), f"{name} has no entries"
    load_lexicon()


def _actor(lex, text):
    toks = tokenize(text)
    m = lex.actors.match_at(toks, 0)
    return m and m.end == len(toks) and m.payload


def test_builtin_lexicon_knows_core_names():
    lex = load_lexicon()
    for name, code in [("Korea Utara", "PRK"), ("Korut", "PRK"), ("Tiongkok", "CHN"),
                       ("AS", "USA"), ("PBB", "UNO"), ("KCNA", "PRKMED")]:
        entries = _actor(lex, name)
        assert entries, name
        assert entries[0].code == code, name


def test_user_dictionary_overrides_and_removes(tmp_path):
    (tmp_path / "countries.tsv").write_text("Korut\tKOR\t# deliberately wrong\n-Tiongkok\n",
                                            encoding="utf-8")
    lex = _build(DataFiles(tmp_path))
    assert _actor(lex, "Korut")[0].code == "KOR"
    assert not _actor(lex, "Tiongkok")
    assert _actor(lex, "Korea Utara")[0].code == "PRK"


def test_user_adds_new_trigger(tmp_path):
    (tmp_path / "verbs.tsv").write_text("bersilaturahmi dengan\t040\tmutual\n", encoding="utf-8")
    lex = _build(DataFiles(tmp_path))
    m = lex.triggers.match_at(tokenize("bersilaturahmi dengan"), 0)
    assert m is not None and m.payload.cameo == "040"


@pytest.mark.parametrize("name,line,reason", [
    ("countries.tsv", "Negeri Antah\tXY\n", "bad actor code"),
    ("countries.tsv", "Negeri Antah\n", "expected 2"),
    ("verbs.tsv", "bersua\t999\tmutual\n", "unknown CAMEO code"),
    ("verbs.tsv", "bersua\t040\tsideways\n", "frame must be"),
    ("people.tsv", "Tokoh Fiksi\tIDNGOV\t2024-13-01\n", "bad date"),
    ("agents.tsv", "juragan\tXYZ\tperson\n", "unknown agent code"),
    ("places.tsv", "Kota Fiksi\tIDN\t95\t100\n", "out of range"),
    ("time.tsv", "kemarennya\trelative\tkemarin\n", ""),
])
def test_malformed_entry_names_file_and_line(tmp_path, name, line, reason):
    (tmp_path / name).write_text("# header\n" + line, encoding="utf-8")
    with pytest.raises(DictionaryError) as exc:
        _build(DataFiles(tmp_path))
    assert exc.value.path.endswith(name)
    assert exc.value.line == 2
    assert reason in str(exc.value)


def test_duplicate_key_in_one_file_is_an_error(tmp_path):
    (tmp_path / "countries.tsv").write_text("Negeri A\tIDN\nnegeri a\tMYS\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="duplicate"):
        DataFiles(tmp_path).rows("countries.tsv")


def test_unknown_user_file_is_an_error(tmp_path):
    (tmp_path / "kata.tsv").write_text("x\ty\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="unknown dictionary file"):
        DataFiles(tmp_path)
