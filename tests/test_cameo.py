"""Tests for the CAMEO event table (cameo.tsv) and the actor-code vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest

from peristiwa.cameo import (
    PLOVER_TYPES,
    ActorCodeValidator,
    CameoTable,
    load_actor_codes,
    load_cameo,
    quad_class,
)
from peristiwa.dictionary.files import DATA_DIR, DataFiles
from peristiwa.dictionary.tsv import DictionaryError, read_rows


@pytest.fixture(scope="module")
def table() -> CameoTable:
    return load_cameo(DataFiles().rows("cameo.tsv"))


@pytest.fixture(scope="module")
def actors() -> ActorCodeValidator:
    return load_actor_codes(DataFiles().rows("cameo_actors.tsv"), ["IDN", "CHN", "PRK", "USA"])


def _load(tmp_path: Path, text: str) -> CameoTable:
    path = tmp_path / "cameo.tsv"
    path.write_text(text, encoding="utf-8")
    return load_cameo(read_rows(path, 4, 4))


# -- the built-in table --------------------------------------------------------


def test_every_root_is_present_as_its_zero_code(table: CameoTable) -> None:
    roots = [f"{n:02d}" for n in range(1, 21)]
    assert table.roots() == roots
    for root in roots:
        assert table.valid(root + "0"), root
        assert table.get(root + "0").root == root


def test_no_two_digit_codes(table: CameoTable) -> None:
    assert all(len(c.code) in (3, 4) for c in table)
    assert not table.valid("04")


def test_table_is_complete(table: CameoTable) -> None:
    # CAMEO 1.1b3 has about 290 codes; a truncated file would fall far short
    assert len(table) >= 290
    for code in ["011", "019", "0211", "0256", "028", "0344", "039", "046", "057", "064",
                 "075", "0814", "0874", "094", "1014", "1044", "1056", "108", "1125", "116",
                 "1212", "1246", "129", "1385", "139", "1454", "154", "1663", "1724", "175",
                 "1823", "1833", "186", "196", "2042"]:
        assert table.valid(code), code


def test_every_three_digit_code_has_its_root(table: CameoTable) -> None:
    for c in table:
        assert table.valid(c.root + "0"), c.code
        if len(c.code) == 4:
            assert table.valid(c.code[:3]), c.code


@pytest.mark.parametrize(
    ("code", "goldstein"),
    [("010", 0.0), ("020", 3.0), ("036", 4.0), ("040", 1.0), ("042", 1.9), ("043", 2.8),
     ("046", 7.0), ("051", 3.4), ("057", 8.0), ("073", 7.4), ("0841", 7.0), ("090", -2.0),
     ("100", -5.0), ("111", -2.0), ("112", -2.0), ("120", -4.0), ("130", -4.4),
     ("138", -7.0), ("141", -6.5), ("154", -7.2), ("161", -4.0), ("163", -8.0),
     ("173", -5.0), ("174", -5.0), ("183", -10.0), ("190", -10.0), ("193", -10.0),
     ("200", -10.0)],
)
def test_goldstein_values(table: CameoTable, code: str, goldstein: float) -> None:
    assert table.get(code).goldstein == goldstein


def test_goldstein_in_range_and_sign_follows_quad(table: CameoTable) -> None:
    for c in table:
        assert -10.0 <= c.goldstein <= 10.0
        if c.quad_class == 2:
            assert c.goldstein > 0, c.code
        if c.quad_class == 4:
            assert c.goldstein < 0, c.code


@pytest.mark.parametrize(
    ("code", "plover"),
    [("020", "REQUEST"), ("0233", "REQUEST"), ("030", "AGREE"), ("036", "AGREE"),
     ("040", "CONSULT"), ("042", "CONSULT"), ("043", "CONSULT"), ("051", "SUPPORT"),
     ("057", "SUPPORT"), ("061", "COOPERATE"), ("073", "AID"), ("080", "CONCEDE"),
     ("0841", "RETREAT"), ("0871", "RETREAT"), ("090", "ACCUSE"), ("100", "REQUEST"),
     ("111", "ACCUSE"), ("112", "ACCUSE"), ("120", "REJECT"), ("130", "THREATEN"),
     ("141", "PROTEST"), ("150", "MOBILIZE"), ("161", "SANCTION"), ("163", "SANCTION"),
     ("166", "SANCTION"), ("173", "COERCE"), ("174", "COERCE"), ("180", "ASSAULT"),
     ("190", "ASSAULT"), ("195", "ASSAULT"), ("202", "ASSAULT")],
)
def test_plover_types(table: CameoTable, code: str, plover: str) -> None:
    assert table.get(code).plover == plover


def test_every_plover_type_is_used(table: CameoTable) -> None:
    assert {c.plover for c in table} == PLOVER_TYPES


@pytest.mark.parametrize(
    ("code", "name"),
    [("042", "Make a visit"), ("043", "Host a visit"), ("057", "Sign formal agreement"),
     ("041", "Discuss by telephone"), ("111", "Criticize or denounce"),
     ("173", "Arrest, detain, or charge with legal action")],
)
def test_names(table: CameoTable, code: str, name: str) -> None:
    assert table.get(code).name == name


@pytest.mark.parametrize(
    ("code", "quad"),
    [("010", 1), ("042", 1), ("057", 1), ("060", 2), ("073", 2), ("0874", 2), ("090", 3),
     ("112", 3), ("1385", 3), ("139", 3), ("140", 4), ("163", 4), ("173", 4), ("190", 4),
     ("2042", 4)],
)
def test_quad_classes(table: CameoTable, code: str, quad: int) -> None:
    assert table.get(code).quad_class == quad


def test_quad_class_boundaries() -> None:
    expected = {1: 1, 5: 1, 6: 2, 8: 2, 9: 3, 13: 3, 14: 4, 20: 4}
    for n, quad in expected.items():
        assert quad_class(f"{n:02d}") == quad
    with pytest.raises(ValueError):
        quad_class("21")
    with pytest.raises(ValueError):
        quad_class("00")


def test_get_unknown_code_raises_keyerror(table: CameoTable) -> None:
    for code in ["999", "0429", "04", "", "042 "]:
        assert not table.valid(code)
        with pytest.raises(KeyError):
            table.get(code)


def test_root_and_code_fields(table: CameoTable) -> None:
    c = table.get("0211")
    assert (c.code, c.root, c.quad_class, c.plover) == ("0211", "02", 1, "REQUEST")


# -- bad cameo.tsv rows --------------------------------------------------------

GOOD = "# header\n040\t1.0\tCONSULT\tConsult\n042\t1.9\tCONSULT\tMake a visit\n"


def test_small_file_loads(tmp_path: Path) -> None:
    t = _load(tmp_path, GOOD + "0421\t1.9\tCONSULT\tA child\t# with a comment\n")
    assert len(t) == 3
    assert t.get("0421").goldstein == 1.9


@pytest.mark.parametrize(
    ("line", "reason"),
    [("043\tabc\tCONSULT\tHost a visit", "goldstein"),
     ("043\t10.5\tCONSULT\tHost a visit", "goldstein"),
     ("043\t-11\tCONSULT\tHost a visit", "goldstein"),
     ("043\tnan\tCONSULT\tHost a visit", "goldstein"),
     ("043\t2.8\tDISCUSS\tHost a visit", "PLOVER"),
     ("043\t2.8\tconsult\tHost a visit", "PLOVER"),
     ("04\t2.8\tCONSULT\tHost a visit", "3 or 4 digits"),
     ("04a\t2.8\tCONSULT\tHost a visit", "3 or 4 digits"),
     ("04321\t2.8\tCONSULT\tHost a visit", "3 or 4 digits"),
     ("210\t-9.0\tASSAULT\tNo such root", "root"),
     ("000\t0.0\tCONSULT\tNo such root", "root"),
     ("0431\t2.8\tCONSULT\tOrphan child", "parent"),
     ("042\t1.9\tCONSULT\tMake a visit again", "duplicate")],
)
def test_bad_row_raises_with_line(tmp_path: Path, line: str, reason: str) -> None:
    with pytest.raises(DictionaryError) as err:
        _load(tmp_path, GOOD + line + "\n")
    assert err.value.line == 4
    assert reason in err.value.reason
    assert err.value.path.endswith("cameo.tsv")


def test_wrong_field_count_raises(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError) as err:
        _load(tmp_path, GOOD + "043\t2.8\tCONSULT\n")
    assert err.value.line == 4


# -- actor codes ---------------------------------------------------------------


def test_builtin_actor_vocabulary() -> None:
    rows = read_rows(DATA_DIR / "cameo_actors.tsv", 3, 3)
    kinds = {r.fields[0]: r.fields[1] for r in rows}
    for agent in ["GOV", "MIL", "LEG", "PTY", "JUD", "OPP", "REB", "SEP", "INS", "BUS", "MED",
                  "CVL", "EDU", "REF", "COP", "SPY", "IGO", "NGO", "LAB", "HRI", "ELI"]:
        assert kinds.get(agent) == "agent", agent
    for intl in ["UNO", "ASN", "EUR", "NAT"]:
        assert kinds.get(intl) == "international", intl
    for region in ["AFR", "MEA", "SEA", "WST"]:
        assert kinds.get(region) == "region", region
    # Central Africa is CFR in CAMEO; CAF is the Central African Republic (countries.tsv)
    assert "CAF" not in kinds


@pytest.mark.parametrize("code", ["IDN", "IDNGOV", "CHNLEGPTY", "PRKMIL", "UNO", "ASNIGO",
                                  "EUR", "USAGOVSPY", "MEA", "IDNNGO"])
def test_valid_actor_codes(actors: ActorCodeValidator, code: str) -> None:
    assert actors.check(code) is None
    assert actors.valid(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [("XYZ", "country"), ("XYZGOV", "country"), ("IDNXXX", "agent"), ("idngov", "bad"),
     ("IDNGO", "bad"), ("", "bad"), ("GOV", "country"), ("IDNGOVXXX", "agent")],
)
def test_invalid_actor_codes(actors: ActorCodeValidator, code: str, reason: str) -> None:
    why = actors.check(code)
    assert why is not None and reason in why
    assert not actors.valid(code)


@pytest.mark.parametrize(
    ("line", "reason"),
    [("GOV\tagent\tGovernment again", "duplicate"),
     ("XYZ\tcontinent\tSomewhere", "kind"),
     ("GO\tagent\tToo short", "three capitals"),
     ("gov\tagent\tLower case", "three capitals")],
)
def test_bad_actor_rows(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "cameo_actors.tsv"
    path.write_text("GOV\tagent\tGovernment\nUNO\tinternational\tUnited Nations\n" + line + "\n",
                    encoding="utf-8")
    with pytest.raises(DictionaryError) as err:
        load_actor_codes(read_rows(path, 3, 3))
    assert err.value.line == 3
    assert reason in err.value.reason


def test_non_state_heads(actors: ActorCodeValidator) -> None:
    # CAMEO lets IGO/NGO head a group's code (organizations.tsv codes RSF as NGOMED)
    assert actors.check("NGOMED") is None
    assert actors.check("IGO") is None
    why = actors.check("GOVMED")
    assert why is not None and "country" in why
