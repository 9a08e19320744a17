"""Find event triggers (verbs and event nouns) in the tokens of an article."""

from __future__ import annotations

from peristiwa.lexicon import Lexicon
from peristiwa.records import Token, TriggerMention

__all__ = ["find_triggers"]


def find_triggers(text: str, tokens: list[Token], start: int, end: int,
                  lex: Lexicon) -> list[TriggerMention]:
    """Return the triggers in tokens[start:end], minus those inside a non-event phrase."""
    blocked: set[int] = set()
    for m in lex.nonevents.finditer(tokens, start, end):
        blocked.update(range(m.start, m.end))
    out: list[TriggerMention] = []
    for m in lex.triggers.finditer(tokens, start, end):
        if m.start in blocked:
            continue
        entry = m.payload
        s, e = tokens[m.start].start, tokens[m.end - 1].end
        out.append(TriggerMention(s, e, text[s:e], entry.cameo, entry.frame,
                                  f"{entry.where} {entry.phrase}", m.start, m.end))
    return out
