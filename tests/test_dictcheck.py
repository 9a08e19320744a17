"""dict check finds every kind of dictionary problem; dict find finds entries by word."""

import pytest

from peristiwa.dictcheck import check, find
from peristiwa.dictionary.files import FILE_SPECS, DataFiles


def _user(tmp_path, **files):
    d = tmp_path / "kamus"
    d.mkdir()
    for name, lines in files.items():
        (d / f"{name}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def _messages(problems, severity=None):
    return [str(p) for p in problems if severity is None or p.severity == severity]


def _has(problems, severity, *parts):
    return any(p.severity == severity and all(x in str(p) for x in parts) for p in problems)


def test_builtin_dictionaries_have_no_errors_or_warnings():
    missing = [n for n in FILE_SPECS if not DataFiles().builtin_path(n).exists()]
    if missing:
        pytest.skip(f"built-in data files not written yet: {', '.join(missing)}")
    problems = check()
    assert not [p for p in problems if p.severity != "note"], _messages(problems)


def test_every_malformed_line_is_reported(tmp_path):
    d = _user(tmp_path, verbs=["# my triggers", "menyambangi\t042", "bersilaturahmi\t040\tmutual",
                               "menggertak\t130\tactive\textra\tfield", "membentak\t130\tactive"])
    problems = check(d)
    assert _has(problems, "error", "verbs.tsv:2", "expected 3")
    assert _has(problems, "error", "verbs.tsv:4", "expected 3")
    assert not any(":3:" in m or ":5:" in m for m in _messages(problems, "error"))


def test_duplicates_within_a_file(tmp_path):
    d = _user(tmp_path, countries=["Negeri Antah\tIDN", "negeri antah\tIDN"])
    assert _has(check(d), "error", "countries.tsv:2", "duplicate", "first at line 1")


def test_name_in_two_actor_files_with_different_codes(tmp_path):
    d = _user(tmp_path, countries=["Wakanda Raya\tIDN"],
              institutions=["Wakanda  Raya\tMYSGOV"])
    assert _has(check(d), "error", "institutions.tsv:1", "Wakanda", "MYSGOV", "IDN")


def test_unknown_codes(tmp_path):
    d = _user(tmp_path, verbs=["menyambangi\t049\tvisit", "menyapa\t040\tsideways"],
              institutions=["Dewan Kota Fiktif\tIDNXYZ", "Badan Fiktif\tQQQGOV"],
              agents=["juru damai\tZZZ\tperson"], places=["Kota Fiktif\tQQQ\t1.0\t2.0"])
    problems = check(d)
    assert _has(problems, "error", "verbs.tsv:1", "049", "does not exist")
    assert _has(problems, "error", "verbs.tsv:2", "frame")
    assert _has(problems, "error", "institutions.tsv:1", "XYZ")
    assert _has(problems, "error", "institutions.tsv:2", "QQQ")
    assert _has(problems, "error", "agents.tsv:1", "ZZZ")
    assert _has(problems, "error", "places.tsv:1", "QQQ")


def test_overlapping_people_with_different_codes(tmp_path):
    d = _user(tmp_path, people=[
        "Budi Fiktif\tIDNGOV\t2019-10-20\t2024-10-20",
        "Budi Fiktif\tIDNLEG\t2024-06-01\t",  # overlaps the first by five months
        "Sari Fiktif\tIDNGOV\t2010-01-01\t2014-12-31",
        "Sari Fiktif\tIDNLEG\t2015-01-01\t",  # follows on: fine
        "Ani Fiktif\tIDNGOV\t2020-01-01\t2018-01-01",  # ends before it starts
    ])
    problems = check(d)
    assert _has(problems, "warning", "people.tsv:2", "Budi Fiktif", "overlapping IDNGOV")
    assert not any("Sari" in m for m in _messages(problems))
    assert _has(problems, "error", "people.tsv:5", "end date before start date")


def test_user_override_is_a_note_and_does_not_fail(tmp_path):
    phrase = next(r for r in DataFiles().rows("verbs.tsv") if r.fields[1] != "043").fields[0] \
        if DataFiles().builtin_path("verbs.tsv").exists() else None
    if phrase is None:
        pytest.skip("verbs.tsv not written yet")
    d = _user(tmp_path, verbs=[f"{phrase.upper()}\t043\tactive"])
    problems = check(d)
    assert _has(problems, "note", "verbs.tsv:1", "overrides built-in verbs.tsv:", "043")


def test_removing_a_key_that_is_not_built_in_warns(tmp_path):
    d = _user(tmp_path, countries=["-Negeri Antah Berantah\tIDN"])
    assert _has(check(d), "warning", "countries.tsv:1", "not built in")


def test_unknown_user_file_and_missing_directory(tmp_path):
    d = _user(tmp_path, kata=["apa"])
    assert _has(check(d), "error", "unknown dictionary file")
    assert _has(check(tmp_path / "nowhere"), "error", "not found")


def test_find_whole_words_any_case_and_marks_overrides(tmp_path):
    d = _user(tmp_path, countries=["Korea Utara\tKOR", "Koreanya Fiktif\tIDN"],
              institutions=["Dinas Korea Fiktif\tKORGOV"])
    hits = find("korea utara", d)
    where = {(h.path.rsplit("/", 1)[-1], h.active) for h in hits}
    assert ("countries.tsv", True) in where  # the user's line is in effect
    assert ("countries.tsv", False) in where  # the built-in one it overrides is not
    words = [h.fields[0] for h in find("Korea", d)]
    assert "Dinas Korea Fiktif" in words and "Koreanya Fiktif" not in words
    assert any(h.fields[0] == "Dinas Korea Fiktif" for h in find("KORGOV", d))
    assert find("katayangtidakada", d) == []


def test_same_key_with_different_values_is_a_conflict(tmp_path):
    d = _user(tmp_path, verbs=["menyambangi\t042\tvisit", "menyambangi\t043\thost",
                               "menyambangi\t042\tvisit"])
    problems = check(d)
    assert _has(problems, "error", "verbs.tsv:2", "conflicting entry 'menyambangi'",
                "'043 host' here", "'042 visit' at line 1")
    assert _has(problems, "error", "verbs.tsv:3", "duplicate entry", "first at line 1")


def test_a_country_code_cameo_does_not_have(tmp_path):
    d = _user(tmp_path, countries=["Negeri Antah\tQQX"], organizations=["Liga Fiktif\tQQYIGO"],
              institutions=["Dewan Negeri Antah\tQQXGOV"])
    problems = check(d)
    assert _has(problems, "error", "countries.tsv:1", "QQX", "not a CAMEO actor code")
    assert _has(problems, "error", "organizations.tsv:1", "QQY")
    assert _has(problems, "error", "institutions.tsv:1", "QQX")
    # a code the user declares in their own cameo_actors.tsv is known
    (d / "cameo_actors.tsv").write_text(
        "QQX\tinternational\tNegeri Antah\nQQY\tinternational\tLiga\n", encoding="utf-8")
    problems = check(d)
    assert not [p for p in problems if p.severity == "error"], _messages(problems)
