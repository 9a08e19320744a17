"""The country, metonym, organisation and place dictionaries load, agree and code right."""

import json
import re
from pathlib import Path

import pytest

from peristiwa.dictionary.tsv import Row, read_rows
from peristiwa.phrases import phrase_words

DATA = Path(__file__).parents[1] / "src" / "peristiwa" / "data" / "id"
SHARED = Path(__file__).parents[1] / ".." / "shared"
ACTOR_FILES = ("countries.tsv", "metonyms.tsv", "organizations.tsv")
CODE = re.compile(r"^[A-Z]{3}([A-Z0-9]{3})*$")

# Common Indonesian words (and bare ambiguous names) that must never be an entry:
# matching ignores case, so any of these would code ordinary text as a state or a place.
COMMON_WORDS = [
    "lima", "baku", "rabat", "puncak", "batang", "pati", "seram", "buru", "goa", "bursa",
    "hama", "merak", "asmara", "itu", "us", "un", "korea", "arab", "barat", "timur", "tengah",
    "selatan", "utara", "jordan", "nusantara", "teluk", "bahasa", "negara",
]


def _rows(name: str, fields: int) -> list[Row]:
    return read_rows(DATA / name, fields, fields)


@pytest.fixture(scope="module")
def actors() -> dict[str, list[Row]]:
    return {name: _rows(name, 2) for name in ACTOR_FILES}


@pytest.fixture(scope="module")
def places() -> list[Row]:
    return _rows("places.tsv", 4)


def _code_of(rows: list[Row], name: str) -> str:
    found = [r.fields[1] for r in rows if r.fields[0].casefold() == name.casefold()]
    assert found, f"{name!r} missing"
    return found[0]


def test_files_are_not_trivially_small(actors, places):
    assert len(actors["countries.tsv"]) >= 300
    assert len(actors["metonyms.tsv"]) >= 200
    assert len(actors["organizations.tsv"]) >= 100
    assert len(places) >= 600


@pytest.mark.parametrize("name", ACTOR_FILES)
def test_actor_codes_are_well_formed(actors, name):
    bad = [(r.where, r.fields[1]) for r in actors[name] if not CODE.match(r.fields[1])]
    assert not bad


@pytest.mark.parametrize("name", ACTOR_FILES + ("places.tsv",))
def test_no_duplicate_keys(actors, places, name):
    rows = places if name == "places.tsv" else actors[name]
    seen: dict[str, str] = {}
    dups = []
    for r in rows:
        key = r.fields[0].casefold()
        if key in seen:
            dups.append((seen[key], r.where))
        seen[key] = r.where
    assert not dups


def test_no_name_in_two_actor_files(actors):
    # compared the way the lexicon compares them: tokenized (hyphens dropped), case-folded
    owner: dict[str, str] = {}
    clashes = []
    for name, rows in actors.items():
        for r in rows:
            key = " ".join(phrase_words(r.fields[0])).casefold()
            if key in owner and owner[key] != name:
                clashes.append((r.fields[0], owner[key], name))
            owner.setdefault(key, name)
    assert not clashes


def test_spellings_that_tokenize_alike_agree_on_the_code(actors):
    codes: dict[str, tuple[str, str]] = {}
    conflicts = []
    for rows in actors.values():
        for r in rows:
            key = " ".join(phrase_words(r.fields[0])).casefold()
            if key in codes and codes[key][0] != r.fields[1]:
                conflicts.append((codes[key][1], r.where))
            codes.setdefault(key, (r.fields[1], r.where))
    assert not conflicts


def test_places_have_known_countries_and_coordinates_in_range(actors, places):
    known = {r.fields[1][:3] for rows in actors.values() for r in rows}
    for r in places:
        lat, lon = float(r.fields[2]), float(r.fields[3])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r.where
        assert r.fields[1] in known, (r.where, r.fields[1])


def test_indonesian_places_lie_in_indonesia(places):
    # a sign slip (-6 vs 6) or swapped lat/lon puts a place far outside the archipelago
    for r in places:
        if r.fields[1] == "IDN":
            lat, lon = float(r.fields[2]), float(r.fields[3])
            assert -11.5 <= lat <= 6.5 and 94.5 <= lon <= 141.5, r.where


def test_common_words_are_never_entries(actors, places):
    names = {r.fields[0].casefold() for rows in [*actors.values(), places] for r in rows}
    assert not names & set(COMMON_WORDS)


def test_acronyms_are_written_in_capitals(actors):
    # "AS" must stay upper case: written "As" it would match the ordinary word "as"
    for name in ("AS", "RI", "RRDK", "PBB", "UEA", "OKI"):
        assert any(r.fields[0] == name for rows in actors.values() for r in rows), name


@pytest.mark.parametrize(
    ("file", "name", "code"),
    [
        ("countries.tsv", "Korut", "PRK"),
        ("countries.tsv", "Republik Rakyat Demokratik Korea", "PRK"),
        ("countries.tsv", "Tiongkok", "CHN"),
        ("countries.tsv", "RRT", "CHN"),
        ("countries.tsv", "AS", "USA"),
        ("countries.tsv", "Amerika", "USA"),
        ("countries.tsv", "Amerika Latin", "LAM"),
        ("countries.tsv", "Korsel", "KOR"),
        ("countries.tsv", "Britania Raya", "GBR"),
        ("countries.tsv", "Papua Nugini", "PNG"),
        ("countries.tsv", "Jalur Gaza", "PSE"),
        ("countries.tsv", "Yordania", "JOR"),
        ("countries.tsv", "Eropa", "EUR"),
        ("countries.tsv", "negara-negara Barat", "WST"),
        ("organizations.tsv", "PBB", "UNO"),
        ("organizations.tsv", "Dewan Keamanan PBB", "UNO"),
        ("organizations.tsv", "UNHCR", "UNOREF"),
        ("organizations.tsv", "ASEAN", "ASN"),
        ("organizations.tsv", "Uni Eropa", "EUR"),
        ("organizations.tsv", "NATO", "NAT"),
        ("organizations.tsv", "OKI", "OIC"),
        ("metonyms.tsv", "Gedung Putih", "USAGOV"),
        ("metonyms.tsv", "Kremlin", "RUSGOV"),
        ("metonyms.tsv", "Pentagon", "USAMIL"),
        ("metonyms.tsv", "Pyongyang", "PRK"),
        ("metonyms.tsv", "Beijing", "CHN"),
        ("metonyms.tsv", "Teheran", "IRN"),
    ],
)
def test_spot_codes(actors, file, name, code):
    assert _code_of(actors[file], name) == code


def test_papua_is_a_province_not_a_country(actors, places):
    assert not any(r.fields[0].casefold() == "papua" for rows in actors.values() for r in rows)
    assert [r.fields[1] for r in places if r.fields[0] == "Papua"] == ["IDN"]


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Pyongyang", "PRK", 39.0, 125.75),
        ("Istana Bogor", "IDN", -6.6, 106.8),
        ("Jenewa", "CHE", 46.2, 6.14),
        ("Rafah", "PSE", 31.29, 34.25),
        ("Canberra", "AUS", -35.28, 149.13),
        ("Washington", "USA", 38.9, -77.04),
    ],
)
def test_spot_places(places, name, country, lat, lon):
    row = next(r for r in places if r.fields[0] == name)
    assert row.fields[1] == country
    assert float(row.fields[2]) == pytest.approx(lat, abs=0.1)
    assert float(row.fields[3]) == pytest.approx(lon, abs=0.1)


def test_every_capital_metonym_is_also_a_place(actors, places):
    place_names = {r.fields[0].casefold() for r in places}
    capitals = [r.fields[0] for r in actors["metonyms.tsv"] if len(r.fields[1]) == 3]
    missing = [c for c in capitals if c.casefold() not in place_names]
    assert not missing


@pytest.fixture(scope="module")
def seed_gold() -> list[dict]:
    path = SHARED / "gold" / "seeds.jsonl"
    if not path.exists():
        pytest.skip("shared gold seeds are absent")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_every_gold_country_code_is_in_the_dictionaries(actors, seed_gold):
    known = {r.fields[1][:3] for rows in actors.values() for r in rows}
    gold = {e[k] for doc in seed_gold for e in doc["events"] for k in ("src", "tgt") if e[k]}
    assert gold <= known, gold - known
