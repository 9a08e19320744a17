"""What the event builder works on: a sentence's mentions, the article's memory, decisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from peristiwa.records import (
    ActorMention,
    Event,
    PlaceMention,
    TimeMention,
    TriggerMention,
)

__all__ = ["SentenceView", "ArticleMemory", "Decision", "TriggerScope"]


@dataclass(slots=True)
class SentenceView:
    """One sentence's tokens and the mentions found in it (token indexes are absolute)."""

    index: int
    start: int  # char span
    end: int
    ts: int  # token span
    te: int
    actors: list[ActorMention]
    triggers: list[TriggerMention]
    times: list[TimeMention]
    places: list[PlaceMention]
    place_tokens: list[tuple[int, int]]


@dataclass(slots=True)
class ArticleMemory:
    """What earlier sentences tell later ones: the last pair of actors in an event."""

    last_pair: tuple[ActorMention, ActorMention] | None = None
    last_pair_at: int = -10  # the sentence it was set in
    last_person: ActorMention | None = None  # the subject person of an earlier sentence
    subject_pair_at: int = -10  # the sentence whose coordinated subject set last_pair
    recent: list[ActorMention] = field(default_factory=list)
    last_actor: ActorMention | None = None  # the source of the last event coded
    last_actor_at: int = -10  # the sentence it was coded in
    last_group: tuple[ActorMention, ...] = ()  # a coordinated subject of states
    last_conflict: tuple[ActorMention, ActorMention] | None = None  # the last pair that fought
    last_group_at: int = -10


@dataclass(frozen=True, slots=True)
class Decision:
    """Why an event came out (or a trigger gave none): for ``explain``."""

    trigger: TriggerMention
    rule: str
    events: tuple[Event, ...]


@dataclass(slots=True)
class TriggerScope:
    """One trigger in its clause: what the steps choosing its source and target share."""

    sv: SentenceView
    trig: TriggerMention
    root: str  # CAMEO root of the trigger's code
    frame: str
    cstart: int  # the clause's first token
    cend: int  # the token after the clause
    clause: int  # the clause's index among the sentence's boundaries (-1: none before)
    bounds: list[int]
    reporting: list[tuple[int, int]]  # spans of reporting phrases ("kata KCNA")
    usable: list[ActorMention]  # the sentence's actors that may take part
    left: list[ActorMention]  # usable actors before the trigger in its clause
    right: list[ActorMention]  # usable actors after it in its clause
    nominal: bool  # an event noun, not a verb
    after_prep: bool  # a noun after a preposition or another trigger: someone else's act

    @property
    def t0(self) -> int:
        return self.trig.token_start

    @property
    def t1(self) -> int:
        return self.trig.token_end
