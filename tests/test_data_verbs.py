"""The trigger dictionary verbs.tsv and its stop list nonevents.tsv are well formed."""

import re
from pathlib import Path

import pytest

from peristiwa.dictionary.tsv import read_rows
from peristiwa.phrases import PhraseIndex
from peristiwa.tokens import tokenize

DATA = Path(__file__).resolve().parents[1] / "src" / "peristiwa" / "data"
VERBS = DATA / "id" / "verbs.tsv"
NONEVENTS = DATA / "id" / "nonevents.tsv"
CAMEO = DATA / "cameo.tsv"
FRAMES = {"active", "passive", "mutual", "visit", "noun", "host", "guest", "direct"}
CODE = re.compile(r"^\d{3,4}$")


@pytest.fixture(scope="module")
def rows():
    return read_rows(VERBS, 3, 3)


@pytest.fixture(scope="module")
def by_phrase(rows):
    return {r.fields[0].casefold(): r.fields for r in rows}


@pytest.fixture(scope="module")
def index(rows):
    idx = PhraseIndex()
    for r in rows:
        idx.add(r.fields[0], r.fields)
    return idx


def _longest(index, text):
    """The trigger the matcher picks at the first word of text."""
    m = index.match_at(tokenize(text), 0)
    return m.payload if m else None


def test_every_row_has_phrase_code_and_frame(rows):
    assert len(rows) >= 500
    for r in rows:
        phrase, code, frame = r.fields
        assert len(r.fields) == 3, r.where
        assert frame in FRAMES, f"{r.where}: frame {frame!r}"
        assert CODE.match(code), f"{r.where}: code {code!r}"
        assert 1 <= int(code[:2]) <= 20, f"{r.where}: root of {code!r}"
        assert phrase == " ".join(phrase.split()), f"{r.where}: spacing in {phrase!r}"
        words = phrase.split()
        assert words[0] != "*" and words[-1] != "*", f"{r.where}: gap at an edge"


def test_no_duplicate_phrases(rows):
    seen: dict[str, str] = {}
    for r in rows:
        key = r.fields[0].casefold()
        assert key not in seen, f"{r.where}: {r.fields[0]!r} also at {seen[key]}"
        seen[key] = r.where


def test_every_cameo_root_has_a_trigger(rows):
    roots = {r.fields[1][:2] for r in rows}
    assert roots == {f"{i:02d}" for i in range(1, 21)}


def test_codes_exist_in_cameo_table(rows):
    if not CAMEO.exists():
        pytest.skip("data/cameo.tsv not written yet")
    known = {r.fields[0] for r in read_rows(CAMEO, 1, 4)}
    missing = [f"{r.where} {r.fields[1]}" for r in rows if r.fields[1] not in known]
    assert not missing


@pytest.mark.parametrize("phrase,code,frame", [
    ("bertemu", "040", "mutual"),
    ("pertemuan", "040", "mutual"),
    ("tiba di", "042", "visit"),
    ("kunjungan", "042", "visit"),
    ("menjamu", "043", "host"),
    ("menandatangani", "057", "mutual"),
    ("menangkap", "173", "active"),
    ("ditangkap", "173", "passive"),
    ("menuduh", "112", "active"),
    ("serangan udara", "195", "noun"),
])
def test_spot_checks(by_phrase, phrase, code, frame):
    assert by_phrase[phrase][1:] == (code, frame)


def test_condemnation_forms_are_disapproval(by_phrase):
    for phrase in ("mengecam", "dikecam", "kecaman", "mengutuk", "mengkritik"):
        assert by_phrase[phrase][1].startswith("11"), phrase
    assert by_phrase["dikecam"][2] == "passive"
    assert by_phrase["kecaman"][2] == "noun"


@pytest.mark.parametrize("text,code", [
    ("menjatuhkan sanksi terhadap Iran", "163"),
    ("menjatuhkan sanksi baru terhadap Iran", "163"),  # the gap skips "baru"
    ("menjatuhkan bom di Gaza", "195"),
    ("menyerukan gencatan senjata segera", "0256"),  # an appeal, not a ceasefire
    ("menembakkan tiga rudal balistik", "195"),
    ("menerima kunjungan Presiden", "043"),
    ("menyambut baik keputusan", "051"),
    ("meminta maaf kepada", "055"),
    ("mengancam akan menjatuhkan sanksi", "1312"),
])
def test_longest_phrase_wins(index, text, code):
    payload = _longest(index, text)
    assert payload is not None, text
    assert payload[1] == code, (text, payload)


@pytest.mark.parametrize("text", [
    "mengusir diplomat AS",
    "memanggil Duta Besar Jerman",
    "menerima delegasi Korea Utara",
])
def test_triggers_leave_actor_words_alone(index, text):
    """The actor's role word must not be swallowed by the trigger."""
    toks = tokenize(text)
    m = index.match_at(toks, 0)
    assert m is None or m.end == 1, (text, m)


def test_generic_words_are_not_triggers(by_phrase):
    for word in ("hubungan", "kerja sama", "membahas", "tarif", "investasi"):
        assert word not in by_phrase, word
    # "menerima" (receive) is a meeting only with a guest named right after it
    assert by_phrase["menerima"][2] == "guest"


def test_nonevents_each_cover_a_trigger(index):
    rows = read_rows(NONEVENTS, 2, 2)
    assert rows
    keys = [r.fields[0].casefold() for r in rows]
    assert len(keys) == len(set(keys))
    for r in rows:
        toks = tokenize(r.fields[0].replace("*", "Xyz"))
        assert any(index.match_at(toks, i) for i in range(len(toks))), (
            f"{r.where}: {r.fields[0]!r} contains no trigger, so it blocks nothing")
