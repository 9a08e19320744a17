"""peristiwa: code Indonesian-language news into political event records."""

from peristiwa.records import (
    Actor,
    ActorMention,
    Article,
    Event,
    InputError,
    Location,
    PlaceMention,
    Sentence,
    TimeMention,
    Token,
    TriggerMention,
)

__all__ = [
    "Actor",
    "ActorMention",
    "Article",
    "Event",
    "InputError",
    "Location",
    "PlaceMention",
    "Sentence",
    "TimeMention",
    "Token",
    "TriggerMention",
    "Coder",
    "extract",
    "iter_events",
    "__version__",
]

__version__ = "0.1.0"


def __getattr__(name: str):
    # the coder and pipeline load dictionaries and optional parsers: import them on first use
    if name == "Coder":
        from peristiwa.coder import Coder

        return Coder
    if name in ("extract", "iter_events"):
        from peristiwa import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
