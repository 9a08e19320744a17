"""Checks on the actor data files: institutions, agents, people and pronouns."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

from peristiwa.dictionary.tsv import Row, read_rows

DATA = Path(__file__).resolve().parents[1] / "src" / "peristiwa" / "data"
LANG = DATA / "id"
CODE = re.compile(r"^[A-Z]{3}([A-Z0-9]{3})*$")
AGENT = re.compile(r"^[A-Z]{3}$")


@pytest.fixture(scope="module")
def institutions() -> list[Row]:
    return read_rows(LANG / "institutions.tsv", 2, 2)


@pytest.fixture(scope="module")
def agents() -> list[Row]:
    return read_rows(LANG / "agents.tsv", 3, 3)


@pytest.fixture(scope="module")
def people() -> list[Row]:
    return read_rows(LANG / "people.tsv", 2, 4)


@pytest.fixture(scope="module")
def pronouns() -> list[Row]:
    return read_rows(LANG / "pronouns.tsv", 2, 2)


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _by_key(rows: list[Row]) -> dict[str, Row]:
    return {r.fields[0].casefold(): r for r in rows}


def _code_on(people: list[Row], name: str, day: dt.date) -> str | None:
    """The coder's rule: among the lines valid on ``day``, the one with the latest start."""
    valid = []
    for r in people:
        if r.fields[0].casefold() != name.casefold():
            continue
        start, end = _date(r.field(2)), _date(r.field(3))
        if (start is None or start <= day) and (end is None or day <= end):
            valid.append((start or dt.date.min, r.fields[1]))
    return max(valid)[1] if valid else None


def _project_agents() -> set[str]:
    return {r.fields[0] for r in read_rows(DATA / "cameo_actors.tsv", 3, 3)
            if r.field(1) == "agent"}


# --- well-formed entries ---------------------------------------------------------

def test_institution_codes_are_cameo_shaped(institutions: list[Row]) -> None:
    bad = [r.where for r in institutions if not CODE.match(r.fields[1])]
    assert not bad
    assert len(institutions) > 300


def test_people_codes_and_dates(people: list[Row]) -> None:
    for r in people:
        assert CODE.match(r.fields[1]), r.where
        start, end = _date(r.field(2)), _date(r.field(3))  # raises on a bad date
        if start and end:
            assert start <= end, r.where
    assert len(people) > 300


def test_agent_codes_and_kinds(agents: list[Row]) -> None:
    known = _project_agents() if (DATA / "cameo_actors.tsv").exists() else None
    for r in agents:
        word, agent, kind = r.fields
        assert AGENT.match(agent), r.where
        assert kind in {"person", "group"}, r.where
        assert word == word.lower(), f"{r.where}: agents are written in lower case"
        if known is not None:
            assert agent in known, f"{r.where}: {agent} not in cameo_actors.tsv"


def test_pronoun_refers(pronouns: list[Row]) -> None:
    assert {r.fields[1] for r in pronouns} <= {"person", "pair", "group", "speaker", "country"}
    assert not any(r.fields[0] in ("nya", "-nya") for r in pronouns)


@pytest.mark.parametrize("name", ["institutions", "agents", "pronouns"])
def test_no_duplicate_keys(name: str, request: pytest.FixtureRequest) -> None:
    rows: list[Row] = request.getfixturevalue(name)
    seen: dict[str, str] = {}
    for r in rows:
        key = r.fields[0].casefold()
        assert key not in seen, f"{r.where} repeats {seen.get(key)}"
        seen[key] = r.where


def test_people_no_duplicate_name_and_start(people: list[Row]) -> None:
    seen: set[tuple[str, str]] = set()
    for r in people:
        key = (r.fields[0].casefold(), r.field(2))
        assert key not in seen, r.where
        seen.add(key)


def test_people_lines_do_not_overlap(people: list[Row]) -> None:
    spans: dict[str, list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    for r in people:
        start = _date(r.field(2)) or dt.date.min
        end = _date(r.field(3)) or dt.date.max
        spans[r.fields[0].casefold()].append((start, end, r.where))
    for lines in spans.values():
        lines.sort()
        for (_, end, where), (start, _, nxt) in zip(lines, lines[1:], strict=False):
            assert end < start, f"{where} overlaps {nxt}"


def test_no_key_shared_with_other_actor_files(institutions: list[Row],
                                              people: list[Row]) -> None:
    others = [LANG / n for n in ("countries.tsv", "metonyms.tsv", "organizations.tsv")]
    if not all(p.exists() for p in others):
        pytest.skip("country, metonym and organization files not written yet")
    theirs = {r.fields[0].casefold() for p in others for r in read_rows(p, 2, 2)}
    mine = {r.fields[0].casefold() for r in institutions} | {r.fields[0].casefold()
                                                             for r in people}
    assert not mine & theirs


# --- spot checks -------------------------------------------------------------------

def test_people_spot_checks(people: list[Row]) -> None:
    assert _code_on(people, "Xi Jinping", dt.date(2024, 4, 11)) == "CHNGOV"
    assert _code_on(people, "Choe Son Hui", dt.date(2025, 9, 28)) == "PRKGOV"
    assert _code_on(people, "Zhao Leji", dt.date(2024, 4, 11)) == "CHNLEG"
    assert _code_on(people, "Zhao Leji", dt.date(2020, 1, 1)) == "CHNPTY"
    assert _code_on(people, "Choe Ryong Hae", dt.date(2024, 4, 11)) == "PRKLEG"
    assert _code_on(people, "Kim Jong Un", dt.date(2017, 7, 4)) == "PRKGOV"
    assert _code_on(people, "Prabowo Subianto", dt.date(2025, 1, 1)) == "IDNGOV"
    assert _code_on(people, "Joko Widodo", dt.date(2025, 1, 1)) == "IDNELI"
    assert _code_on(people, "Sugiono", dt.date(2025, 3, 1)) == "IDNGOV"


def test_people_follow_changes_of_office(people: list[Row]) -> None:
    assert _code_on(people, "Donald Trump", dt.date(2018, 6, 12)) == "USAGOV"
    assert _code_on(people, "Donald Trump", dt.date(2022, 6, 1)) == "USAELI"
    assert _code_on(people, "Donald Trump", dt.date(2025, 4, 2)) == "USAGOV"
    assert _code_on(people, "Joe Biden", dt.date(2025, 1, 19)) == "USAGOV"
    assert _code_on(people, "Joe Biden", dt.date(2025, 1, 20)) == "USAELI"
    assert _code_on(people, "Yoon Suk Yeol", dt.date(2024, 12, 3)) == "KORGOV"
    assert _code_on(people, "Yoon Suk Yeol", dt.date(2025, 6, 1)) == "KORELI"
    assert _code_on(people, "Lee Jae-myung", dt.date(2024, 1, 1)) == "KOROPP"
    assert _code_on(people, "Lee Jae-myung", dt.date(2025, 8, 1)) == "KORGOV"
    assert _code_on(people, "Ahmed al-Sharaa", dt.date(2024, 11, 30)) == "SYRREB"
    assert _code_on(people, "Ahmed al-Sharaa", dt.date(2025, 5, 1)) == "SYRGOV"
    assert _code_on(people, "Mark Rutte", dt.date(2025, 6, 24)) == "NAT"
    assert _code_on(people, "Antonio Guterres", dt.date(2024, 1, 1)) == "UNO"


def test_institution_spot_checks(institutions: list[Row]) -> None:
    by = _by_key(institutions)
    expected = {
        "KCNA": "PRKMED", "Kantor Berita Pusat Korea": "PRKMED", "Xinhua": "CHNMED",
        "Kemlu": "IDNGOV", "Kemlu China": "CHNGOV", "KBRI": "IDNGOV", "TNI": "IDNMIL",
        "Polri": "IDNCOP", "BIN": "IDNSPY", "Partai Buruh Korea": "PRKPTY",
        "Partai Komunis China": "CHNPTY", "Kongres Rakyat Nasional": "CHNLEG",
        "Kementerian Unifikasi Korea Selatan": "KORGOV", "Garda Revolusi Iran": "IRNMIL",
        "Partai Demokrat": "IDNPTY", "Partai Demokrat AS": "USAPTY", "Hamas": "PSEREB",
    }
    for name, code in expected.items():
        assert by[name.casefold()].fields[1] == code, name


def test_descriptive_bodies_compose_from_agents(institutions: list[Row],
                                                agents: list[Row]) -> None:
    # a bare descriptive name in institutions.tsv would beat "role + country"
    inst, ag = _by_key(institutions), _by_key(agents)
    for phrase in ("kementerian luar negeri", "mahkamah agung", "mahkamah konstitusi",
                   "dewan perwakilan rakyat", "kementerian pertahanan"):
        assert phrase not in inst, phrase
        assert phrase in ag, phrase


def test_agent_spot_checks(agents: list[Row]) -> None:
    by = _by_key(agents)
    assert by["menlu"].fields[1:] == ("GOV", "person")
    assert by["presiden"].fields[1:] == ("GOV", "person")
    assert by["militer"].fields[1:] == ("MIL", "group")
    assert by["pemberontak"].fields[1:] == ("REB", "group")
    assert by["demonstran"].fields[1:] == ("CVL", "group")
    assert by["kantor berita"].fields[1:] == ("MED", "group")


def test_pronoun_spot_checks(pronouns: list[Row]) -> None:
    by = _by_key(pronouns)
    assert by["keduanya"].fields[1] == "pair"
    assert by["kedua negara"].fields[1] == "pair"
    assert by["ia"].fields[1] == "person"
    assert by["mereka"].fields[1] == "group"
