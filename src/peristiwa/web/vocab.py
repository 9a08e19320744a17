"""What codes and outlets exist: the built-in dictionaries plus what the store holds."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from peristiwa.cameo import ActorCodeValidator, CameoTable, load_actor_codes, load_cameo
from peristiwa.dictionary.files import DataFiles
from peristiwa.store.db import Store

__all__ = ["Vocabulary", "load_vocabulary", "QUAD_NAMES"]

log = logging.getLogger(__name__)

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}


@dataclass
class Vocabulary:
    """Known actor codes, CAMEO codes and outlets (the store is read-only while served)."""

    cameo: CameoTable
    actors: ActorCodeValidator
    country_names: dict[str, str] = field(default_factory=dict)
    store_codes: frozenset[str] = frozenset()
    store_cameo: frozenset[str] = frozenset()
    outlets: dict[str, str] = field(default_factory=dict)  # casefolded -> as stored

    def known_actor(self, code: str) -> bool:
        """A code the store holds, or one the project's code vocabulary allows."""
        return code in self.store_codes or self.actors.valid(code)

    def known_cameo(self, code: str) -> bool:
        """An event code of the CAMEO table or of the store."""
        return code in self.cameo or code in self.store_cameo

    def outlet(self, name: str) -> str | None:
        """The outlet as stored, matched case-insensitively (None: no such outlet)."""
        return self.outlets.get(name.casefold())

    def cameo_name(self, code: str | None) -> str | None:
        """The CAMEO name of an event code (None for a code the table lacks)."""
        if code and code in self.cameo:
            return self.cameo.get(code).name
        if code and len(code) == 2 and f"{code}0" in self.cameo:
            # a root is named after its "x0" code, without that code's ", not specified below"
            return self.cameo.get(f"{code}0").name.removesuffix(", not specified below")
        return None

    def actor_label(self, code: str | None) -> str | None:
        """A readable name for a country code (the first Indonesian name in countries.tsv)."""
        return self.country_names.get(code[:3]) if code else None


def _store_sets(store: Store) -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    con = store.con.cursor()
    try:
        codes = {r[0] for r in con.execute(
            "SELECT DISTINCT c FROM (SELECT source_code AS c FROM events UNION ALL "
            "SELECT target_code FROM events UNION ALL SELECT source_country FROM events "
            "UNION ALL SELECT target_country FROM events) WHERE c IS NOT NULL").fetchall()}
        cameo = {r[0] for r in con.execute("SELECT DISTINCT cameo FROM events").fetchall()}
        outlets = {r[0].casefold(): r[0] for r in con.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet"
        ).fetchall()}
    finally:
        con.close()
    return frozenset(codes), frozenset(cameo), outlets


def load_vocabulary(store: Store) -> Vocabulary:
    """Read the built-in CAMEO and actor-code files and the codes the store holds."""
    files = DataFiles()
    cameo = load_cameo(files.rows("cameo.tsv"))
    names: dict[str, str] = {}
    for row in files.rows("countries.tsv"):
        names.setdefault(row.fields[1][:3], row.fields[0])
    for row in files.rows("cameo_actors.tsv"):
        if row.fields[1] in ("international", "region"):
            names.setdefault(row.fields[0], row.fields[2])
    actors = load_actor_codes(files.rows("cameo_actors.tsv"), set(names))
    codes, store_cameo, outlets = _store_sets(store)
    log.info("vocabulary: %d CAMEO codes, %d codes and %d outlets in the store",
             len(cameo), len(codes), len(outlets))
    return Vocabulary(cameo, actors, names, codes, store_cameo, outlets)
