"""CAMEO event codes with their Goldstein score, PLOVER type and quad class; actor-code checks."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from peristiwa.dictionary.tsv import DictionaryError, Row

__all__ = [
    "PLOVER_TYPES",
    "ACTOR_KINDS",
    "NON_STATE_HEADS",
    "CameoCode",
    "CameoTable",
    "load_cameo",
    "quad_class",
    "ActorCodeValidator",
    "load_actor_codes",
]

log = logging.getLogger(__name__)

PLOVER_TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})
ACTOR_KINDS = frozenset({"agent", "international", "region"})

_EVENT_CODE = re.compile(r"^[0-9]{3,4}$")
_ACTOR_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z0-9]{3})*$")
_ACTOR_PART = re.compile(r"^[A-Z]{3}$")
# agent codes that CAMEO also lets head a code for a non-state group (NGOMED, IGO...)
NON_STATE_HEADS = frozenset({"IGO", "NGO", "MNC", "IMG", "NGM"})


def quad_class(root: str) -> int:
    """Return the quad class of a root: 1/2 verbal/material cooperation, 3/4 conflict."""
    n = int(root)
    if not 1 <= n <= 20:
        raise ValueError(f"CAMEO root must be 01-20: {root!r}")
    if n <= 5:
        return 1
    if n <= 8:
        return 2
    if n <= 13:
        return 3
    return 4


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code and what it stands for."""

    code: str
    name: str
    goldstein: float
    plover: str
    root: str
    quad_class: int


class CameoTable:
    """The CAMEO event codes by code string ("042", "0211")."""

    def __init__(self, codes: Iterable[CameoCode]):
        self._codes = {c.code: c for c in codes}

    def get(self, code: str) -> CameoCode:
        """Return the entry for ``code``; raise KeyError for a code not in the table."""
        try:
            return self._codes[code]
        except KeyError:
            raise KeyError(f"unknown CAMEO event code {code!r}") from None

    def valid(self, code: str) -> bool:
        """True when ``code`` is a CAMEO event code in the table."""
        return code in self._codes

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(sorted(self._codes.values(), key=lambda c: c.code))

    def roots(self) -> list[str]:
        """Return the two-digit roots present in the table, in order."""
        return sorted({c.root for c in self._codes.values()})


def _cameo_code(row: Row) -> CameoCode:
    code, gold, plover, name = row.fields
    if not _EVENT_CODE.match(code):
        raise DictionaryError(row.path, row.line, f"CAMEO code must be 3 or 4 digits: {code!r}")
    root = code[:2]
    if not 1 <= int(root) <= 20:
        raise DictionaryError(row.path, row.line, f"CAMEO root must be 01-20: {code!r}")
    try:
        score = float(gold)
    except ValueError:
        raise DictionaryError(row.path, row.line, f"goldstein must be a number: {gold!r}") from None
    if math.isnan(score) or not -10.0 <= score <= 10.0:
        raise DictionaryError(row.path, row.line, f"goldstein must be in [-10, 10]: {gold!r}")
    if plover not in PLOVER_TYPES:
        known = " ".join(sorted(PLOVER_TYPES))
        raise DictionaryError(
            row.path, row.line, f"unknown PLOVER type {plover!r} (known: {known})"
        )
    return CameoCode(code, name, score, plover, root, quad_class(root))


def load_cameo(rows: list[Row]) -> CameoTable:
    """Build the CAMEO table from cameo.tsv rows; raise DictionaryError on a bad entry."""
    codes: dict[str, CameoCode] = {}
    where: dict[str, Row] = {}
    for row in rows:
        entry = _cameo_code(row)
        if entry.code in codes:
            first = where[entry.code].line
            raise DictionaryError(
                row.path, row.line, f"duplicate CAMEO code {entry.code!r} (also line {first})"
            )
        codes[entry.code] = entry
        where[entry.code] = row
    for code, row in where.items():
        # a 4-digit code refines a 3-digit one; without the parent its root is unanchored
        if len(code) == 4 and code[:3] not in codes:
            raise DictionaryError(
                row.path, row.line, f"CAMEO code {code!r} has no 3-digit parent {code[:3]!r}"
            )
    log.debug("loaded %d CAMEO event codes", len(codes))
    return CameoTable(codes.values())


class ActorCodeValidator:
    """Checks CAMEO actor codes: a country or international code, then agent codes."""

    def __init__(self, agent_codes: Iterable[str], international_codes: Iterable[str],
                 country_codes: Iterable[str]):
        self.agent_codes = frozenset(agent_codes)
        self.international_codes = frozenset(international_codes)
        self.country_codes = frozenset(country_codes)

    def check(self, code: str) -> str | None:
        """Return why ``code`` is not a valid actor code, or None when it is."""
        if not _ACTOR_CODE.match(code):
            return f"bad actor code {code!r}: want three-letter parts (IDN, IDNGOV)"
        head = code[:3]
        nonstate = head in NON_STATE_HEADS and head in self.agent_codes
        if head not in self.country_codes and head not in self.international_codes \
                and not nonstate:
            return f"unknown country or international code {head!r} in {code!r}"
        for i in range(3, len(code), 3):
            part = code[i : i + 3]
            # CAMEO chains organisation codes too (UNO after IGO), so both kinds may follow
            if part not in self.agent_codes and part not in self.international_codes:
                return f"unknown agent code {part!r} in {code!r}"
        return None

    def valid(self, code: str) -> bool:
        """True when ``code`` passes check()."""
        return self.check(code) is None


def load_actor_codes(rows: list[Row], country_codes: Iterable[str] = ()) -> ActorCodeValidator:
    """Build a validator from cameo_actors.tsv rows and the country codes of countries.tsv."""
    agents: set[str] = set()
    internationals: set[str] = set()
    seen: dict[str, int] = {}
    for row in rows:
        code, kind, _name = row.fields
        if not _ACTOR_PART.match(code):
            raise DictionaryError(
                row.path, row.line, f"actor code must be three capitals: {code!r}"
            )
        if kind not in ACTOR_KINDS:
            raise DictionaryError(
                row.path, row.line, f"kind must be one of {sorted(ACTOR_KINDS)}: {kind!r}"
            )
        if code in seen:
            raise DictionaryError(
                row.path, row.line, f"duplicate actor code {code!r} (also line {seen[code]})"
            )
        seen[code] = row.line
        (agents if kind == "agent" else internationals).add(code)
    return ActorCodeValidator(agents, internationals, country_codes)
