"""Load every data file into the indexes the coder matches text against."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from peristiwa.cameo import CameoTable, load_cameo
from peristiwa.cleaning import NoiseRules, load_noise
from peristiwa.dictionary.files import DataFiles
from peristiwa.dictionary.tsv import DictionaryError, Row
from peristiwa.phrases import PhraseIndex, phrase_words
from peristiwa.timex import TimeResolver
from peristiwa.unglue import GlueWords

__all__ = [
    "ActorEntry",
    "AgentEntry",
    "TriggerEntry",
    "PlaceEntry",
    "Lexicon",
    "load_lexicon",
    "FRAMES",
    "ACTOR_FILES",
]

log = logging.getLogger(__name__)

FRAMES = frozenset({"active", "passive", "mutual", "visit", "noun", "host", "guest",
                    "direct"})
MODES = frozenset({"asserted", "negated", "hypothetical"})
# The actor's own stance before a trigger:
# "intent": a will of its own ("berniat", "bersedia", "menawarkan"): cooperation it
#   announces is coded as an expression of intent (cameo_intent.tsv), anything else as
#   hypothetical;
# "vow": a commitment ("berjanji", "siap"): as intent, and an announced attack is a threat,
#   an announced sanction decided;
# "future": plain future ("akan", "bakal"): as a vow, except that a meeting or visit is
#   only scheduled (hypothetical: "akan bertemu" is no 036);
# "condition": "jika", "apabila": hypothetical before a trigger, and a condition right after
#   one makes it hypothetical too ("menyerang pangkalan AS jika Washington bergabung");
# "refusal": the actor says it will not ("tidak akan", "menolak untuk"): cooperation it
#   refuses is coded as a rejection (cameo_refusal.tsv), anything else as negated.
MODALITY_PAYLOADS = MODES | {"condition", "intent", "vow", "future", "refusal", "ability"}
PRONOUN_REFERS = frozenset({"person", "pair", "group", "speaker", "country"})
GRAMMAR_ROLES = frozenset(
    {"clause", "coord", "relative", "to", "by", "at", "toward", "from", "purpose", "light",
     "near", "about", "filler", "function", "intent", "receive", "phone", "initials",
     "listing", "opening", "document", "proxy", "situation", "act", "agenda",
     "area", "surrender", "plural", "topic", "done", "envoy", "must", "should", "cognition",
     "lawman", "objectful"}
)
AGENT_KINDS = frozenset({"person", "group"})
DOMAINS = frozenset({"sport"})
# actor files and the kind of mention their entries make
ACTOR_FILES = {
    "countries.tsv": "country",
    "metonyms.tsv": "metonym",
    "organizations.tsv": "organization",
    "institutions.tsv": "institution",
    "people.tsv": "person",
}
_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z0-9]{3})*$")


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """A dictionary actor: its code, kind, canonical name and the dates it holds for."""

    code: str
    kind: str
    name: str
    start: dt.date | None
    end: dt.date | None
    where: str

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class AgentEntry:
    """A role word or title and the agent code it gives."""

    agent: str
    kind: str
    where: str


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """An event trigger: CAMEO code, frame and where it is written."""

    phrase: str
    cameo: str
    frame: str
    where: str


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """A gazetteer place."""

    name: str
    country: str
    lat: float
    lon: float
    where: str


@dataclass(slots=True)
class Lexicon:
    """Everything the coder knows, loaded once and shared read-only."""

    actors: PhraseIndex[tuple[ActorEntry, ...]]
    agents: PhraseIndex[AgentEntry]
    pronouns: PhraseIndex[str]
    triggers: PhraseIndex[TriggerEntry]
    nonevents: PhraseIndex[str]
    modality: PhraseIndex[str]
    reporting: PhraseIndex[str]
    appraisals: PhraseIndex[str]  # phrase -> CAMEO code (051/111/112) of saying it of another
    places: PhraseIndex[PlaceEntry]
    grammar: dict[str, str]
    abbreviations: frozenset[str]
    notnames: frozenset[str]
    cameo: CameoTable
    time: TimeResolver
    noise: NoiseRules
    domains: PhraseIndex[str]
    notactors: PhraseIndex[str]
    files: DataFiles
    glue: GlueWords
    regions: frozenset[str]  # region codes (MEA, ASA): places, never an event's actor
    internationals: frozenset[str]  # codes of international bodies (UNO, EUR): no territory
    intents: dict[str, str]  # cooperative code -> its expression of intent (cameo_intent.tsv)
    refusals: dict[str, str]  # cooperative code -> its rejection (cameo_refusal.tsv)


def _date(value: str, row: Row) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DictionaryError(row.path, row.line, f"bad date {value!r} (want YYYY-MM-DD)") from None


def _phrase(index: PhraseIndex, phrase: str, payload: object, row: Row) -> None:
    if not phrase_words(phrase):
        raise DictionaryError(row.path, row.line, f"empty phrase {phrase!r}")
    try:
        index.add(phrase, payload)
    except ValueError as exc:
        raise DictionaryError(row.path, row.line, str(exc)) from None


def _known_codes(files: DataFiles) -> tuple[set[str], set[str]]:
    """Return (country-position codes, agent codes) that actor codes may use."""
    countries: set[str] = set()
    agents: set[str] = set()
    for row in files.rows("cameo_actors.tsv"):
        (agents if row.field(1) == "agent" else countries).add(row.fields[0])
    for row in files.rows("countries.tsv"):
        countries.add(row.fields[1][:3])
    return countries, agents


def _check_code(code: str, row: Row, countries: set[str], agents: set[str]) -> None:
    if not _CODE.match(code):
        raise DictionaryError(row.path, row.line, f"bad actor code {code!r}")
    if code[:3] not in countries:
        raise DictionaryError(row.path, row.line, f"unknown country or group code {code[:3]!r}")
    for i in range(3, len(code), 3):
        if code[i : i + 3] not in agents:
            raise DictionaryError(row.path, row.line, f"unknown agent code {code[i:i+3]!r}")


def _stance_codes(rows: list[Row], cameo: CameoTable, roots: tuple[str, ...]
                  ) -> dict[str, str]:
    """code -> the code of announcing (03, 13, or the decided act itself) or refusing (12)
    it, each code checked."""
    out: dict[str, str] = {}
    for row in rows:
        code, stance = row.fields[0], row.fields[1]
        for c in (code, stance):
            if not cameo.valid(c):
                raise DictionaryError(row.path, row.line, f"unknown CAMEO event code {c!r}")
        if not stance.startswith(roots) and stance != code:
            raise DictionaryError(row.path, row.line,
                                  f"{stance!r} is not in root {' or '.join(roots)}")
        out[code] = stance
    return out


def _build(files: DataFiles) -> Lexicon:
    countries, agent_codes = _known_codes(files)
    for row in files.rows("organizations.tsv"):
        countries.add(row.fields[1][:3])
    cameo = load_cameo(files.rows("cameo.tsv"))

    actors: PhraseIndex[tuple[ActorEntry, ...]] = PhraseIndex()
    grouped: dict[str, list[ActorEntry]] = {}
    first_row: dict[str, Row] = {}
    for name, kind in ACTOR_FILES.items():
        for row in files.rows(name):
            phrase, code = row.fields[0], row.fields[1]
            _check_code(code, row, countries, agent_codes)
            start = _date(row.field(2), row) if kind == "person" else None
            end = _date(row.field(3), row) if kind == "person" else None
            if start and end and end < start:
                raise DictionaryError(row.path, row.line, "end date before start date")
            key = " ".join(phrase_words(phrase)).casefold()
            if key in grouped and grouped[key][0].kind != kind:
                raise DictionaryError(
                    row.path, row.line, f"{phrase!r} is also in {first_row[key].where}"
                )
            grouped.setdefault(key, []).append(
                ActorEntry(code, kind, phrase, start, end, row.where)
            )
            first_row.setdefault(key, row)
    for key, entries in grouped.items():
        _phrase(actors, entries[0].name, tuple(entries), first_row[key])

    agents: PhraseIndex[AgentEntry] = PhraseIndex()
    for row in files.rows("agents.tsv"):
        word, agent, kind = row.fields
        if agent not in agent_codes:
            raise DictionaryError(row.path, row.line, f"unknown agent code {agent!r}")
        if kind not in AGENT_KINDS:
            raise DictionaryError(row.path, row.line, f"kind must be person or group: {kind!r}")
        _phrase(agents, word, AgentEntry(agent, kind, row.where), row)

    pronouns: PhraseIndex[str] = PhraseIndex()
    for row in files.rows("pronouns.tsv"):
        if row.fields[1] not in PRONOUN_REFERS:
            raise DictionaryError(row.path, row.line,
                                  f"refers must be one of {sorted(PRONOUN_REFERS)}")
        _phrase(pronouns, row.fields[0], row.fields[1], row)

    triggers: PhraseIndex[TriggerEntry] = PhraseIndex()
    for row in files.rows("verbs.tsv"):
        phrase, code, frame = row.fields
        if not cameo.valid(code):
            raise DictionaryError(row.path, row.line, f"unknown CAMEO code {code!r}")
        if frame not in FRAMES:
            raise DictionaryError(row.path, row.line, f"frame must be one of {sorted(FRAMES)}")
        _phrase(triggers, phrase, TriggerEntry(phrase, code, frame, row.where), row)

    nonevents: PhraseIndex[str] = PhraseIndex()
    for row in files.rows("nonevents.tsv"):
        _phrase(nonevents, row.fields[0], row.fields[1], row)

    modality: PhraseIndex[str] = PhraseIndex()
    for row in files.rows("modality.tsv"):
        if row.fields[1] not in MODALITY_PAYLOADS:
            raise DictionaryError(row.path, row.line,
                                  f"mode must be one of {sorted(MODALITY_PAYLOADS)}")
        _phrase(modality, row.fields[0], row.fields[1], row)

    reporting: PhraseIndex[str] = PhraseIndex()
    for row in files.rows("reporting.tsv"):
        _phrase(reporting, row.fields[0], row.where, row)

    appraisals: PhraseIndex[str] = PhraseIndex()
    for row in files.rows("appraisals.tsv"):
        code = row.fields[1]
        if not cameo.valid(code) or not code.startswith(("11", "051")):
            raise DictionaryError(row.path, row.line,
                                  f"want a CAMEO code of praise (051) or blame (11x): {code!r}")
        _phrase(appraisals, row.fields[0], code, row)

    places: PhraseIndex[PlaceEntry] = PhraseIndex()
    for row in files.rows("places.tsv"):
        name, country, lat, lon = row.fields
        try:
            latf, lonf = float(lat), float(lon)
        except ValueError:
            raise DictionaryError(row.path, row.line, "lat and lon must be numbers") from None
        if not (-90 <= latf <= 90 and -180 <= lonf <= 180):
            raise DictionaryError(row.path, row.line, "lat/lon out of range")
        if country not in countries:
            raise DictionaryError(row.path, row.line, f"unknown country code {country!r}")
        _phrase(places, name, PlaceEntry(name, country, latf, lonf, row.where), row)

    grammar: dict[str, str] = {}
    for row in files.rows("grammar.tsv"):
        if row.fields[1] not in GRAMMAR_ROLES:
            raise DictionaryError(row.path, row.line,
                                  f"role must be one of {sorted(GRAMMAR_ROLES)}")
        grammar[row.fields[0].casefold()] = row.fields[1]

    domains: PhraseIndex[str] = PhraseIndex()
    for row in files.rows("domains.tsv"):
        if row.fields[1] not in DOMAINS:
            raise DictionaryError(row.path, row.line, f"domain must be one of {sorted(DOMAINS)}")
        _phrase(domains, row.fields[0], row.fields[1], row)

    notactors: PhraseIndex[str] = PhraseIndex()
    for row in files.rows("notactors.tsv"):
        _phrase(notactors, row.fields[0], row.fields[1], row)

    names = {w.casefold() for key in grouped for w in phrase_words(grouped[key][0].name)
             if w[:1].isupper() and w.isalpha() and len(w) >= 2}
    tails = set(grammar)
    for index_rows in (files.rows("verbs.tsv"), files.rows("modality.tsv"),
                       files.rows("reporting.tsv")):
        for row in index_rows:
            first = row.fields[0].split()[0]
            if first.islower() and first.isalpha() and len(first) >= 2:
                tails.add(first)
    return Lexicon(
        actors=actors,
        agents=agents,
        pronouns=pronouns,
        triggers=triggers,
        nonevents=nonevents,
        modality=modality,
        reporting=reporting,
        appraisals=appraisals,
        places=places,
        grammar=grammar,
        abbreviations=frozenset(r.fields[0] for r in files.rows("abbreviations.tsv")),
        notnames=frozenset(
            [r.fields[0].casefold() for r in files.rows("notnames.tsv")]
            # full weekday and month names only: "Jun" may be part of a Korean name
            + [r.fields[0].casefold() for r in files.rows("time.tsv")
               if r.field(1) in ("weekday", "month") and len(r.fields[0]) >= 4]
        ),
        cameo=cameo,
        time=TimeResolver(files.rows("time.tsv")),
        noise=load_noise(files.rows("noise.tsv")),
        domains=domains,
        notactors=notactors,
        files=files,
        glue=GlueWords(frozenset(names), frozenset(tails)),
        regions=frozenset(r.fields[0] for r in files.rows("cameo_actors.tsv")
                          if r.field(1) == "region"),
        intents=_stance_codes(files.rows("cameo_intent.tsv"), cameo, ("03", "13")),
        refusals=_stance_codes(files.rows("cameo_refusal.tsv"), cameo, ("12",)),
        internationals=frozenset(r.fields[0] for r in files.rows("cameo_actors.tsv")
                                 if r.field(1) == "international"),
    )


_cache: dict[str, Lexicon] = {}
_lock = threading.Lock()


def load_lexicon(user_dir: str | Path | None = None) -> Lexicon:
    """Return the lexicon for the built-in data overlaid by ``user_dir``; loaded once."""
    key = str(Path(user_dir).resolve()) if user_dir else ""
    with _lock:
        lexicon = _cache.get(key)
        if lexicon is None:
            lexicon = _build(DataFiles(user_dir))
            _cache[key] = lexicon
            log.debug("lexicon loaded for %r", key or "built-in data")
        return lexicon
