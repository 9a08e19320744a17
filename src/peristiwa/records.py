"""Typed records that flow between the pipeline stages."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

__all__ = [
    "Article",
    "Sentence",
    "Token",
    "ActorMention",
    "TimeMention",
    "PlaceMention",
    "TriggerMention",
    "Actor",
    "Location",
    "Event",
    "InputError",
    "actor_of",
    "event_id",
]


@dataclass(frozen=True, slots=True)
class Article:
    """One cleaned article ready for coding; spans refer to ``text``."""

    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    dateline: str | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span of the article text."""

    start: int
    end: int
    text: str
    index: int = 0


@dataclass(slots=True, unsafe_hash=True)
class Token:
    """A word or punctuation mark; ``norm`` is lower-cased with clitics stripped.

    Treat it as immutable, like the other records. It is not declared frozen because an
    article has hundreds of tokens and a frozen dataclass's ``__init__`` (which goes
    through ``object.__setattr__``) costs four times a plain one; hashing and equality
    are those of a frozen dataclass.
    """

    start: int
    end: int
    text: str
    norm: str


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A span of text that names or points to an actor.

    ``kind`` is one of country, metonym, organization, institution, person, role,
    name (a person coded from how the article introduces them), pronoun.
    """

    start: int
    end: int
    text: str
    code: str | None
    kind: str
    name: str | None = None
    entry: str | None = None  # dictionary file:line or rule that coded it
    token_start: int = 0  # the whole phrase (role words, name, apposition) in tokens
    token_end: int = 0

    @property
    def country(self) -> str | None:
        return self.code[:3] if self.code else None

    @property
    def agent(self) -> str | None:
        return self.code[3:6] if self.code and len(self.code) >= 6 else None


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression resolved to a date of some precision."""

    start: int
    end: int
    text: str
    date: str | None  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day, week, month, year
    basis: str  # explicit or relative


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text, with its country and coordinates."""

    start: int
    end: int
    text: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class TriggerMention:
    """Words that carry an event, with the dictionary entry they matched."""

    start: int
    end: int
    text: str
    cameo: str
    frame: str
    entry: str | None = None
    token_start: int = 0
    token_end: int = 0


@dataclass(frozen=True, slots=True)
class Actor:
    """An event participant as written in the event record."""

    text: str
    name: str | None
    code: str | None
    country: str | None
    agent: str | None
    span: tuple[int, int]

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "name": self.name,
            "code": self.code,
            "country": self.country,
            "agent": self.agent,
            "span": list(self.span),
        }


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None

    def as_dict(self) -> dict:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: the record of ../shared/docs/event-record.md."""

    event_id: str
    doc_id: str
    url: str | None
    outlet: str | None
    published: str | None
    date: str | None
    date_precision: str | None
    date_basis: str | None
    source: Actor | None
    target: Actor | None
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: str
    mode: str
    trigger_text: str
    trigger_span: tuple[int, int]
    location: Location | None
    sentence: str
    sentence_span: tuple[int, int]
    confidence: float
    rule: str = field(default="", compare=False)

    def as_dict(self) -> dict:
        """Return the event as the JSON object of the event-record contract."""
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_basis": self.date_basis,
            "source": self.source.as_dict() if self.source else None,
            "target": self.target.as_dict() if self.target else None,
            "cameo": self.cameo,
            "root": self.root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": self.plover,
            "mode": self.mode,
            "trigger": {"text": self.trigger_text, "span": list(self.trigger_span)},
            "location": self.location.as_dict() if self.location else None,
            "sentence": self.sentence,
            "sentence_span": list(self.sentence_span),
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read; reported as ``error: <path>: <reason>``."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


def event_id(doc_id: str, *parts: object) -> str:
    """A stable id: the same document and parts give the same id on every run."""
    h = hashlib.sha1(doc_id.encode("utf-8"))
    for p in parts:
        h.update(b"\x1f")
        h.update(str(p).encode("utf-8"))
    return h.hexdigest()[:16]


def actor_of(m: ActorMention) -> Actor:
    """The event record's actor for a mention."""
    code = m.code
    return Actor(
        text=m.text,
        name=m.name if m.kind in ("person", "name", "pronoun") else None,
        code=code,
        country=code[:3] if code else None,
        agent=code[3:6] if code and len(code) >= 6 else None,
        span=(m.start, m.end),
    )
