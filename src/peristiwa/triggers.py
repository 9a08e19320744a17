"""Find event triggers (verbs and event nouns) in the tokens of an article."""

from __future__ import annotations

from peristiwa.actors import title_case
from peristiwa.clauses import nominal as _nominal
from peristiwa.lexicon import Lexicon
from peristiwa.records import Token, TriggerMention

__all__ = ["find_triggers"]

_OPENERS = frozenset({'"', "“", "‘", "'", "(", ":", "-", "–", "—", "[", "."})


def find_triggers(text: str, tokens: list[Token], start: int, end: int,
                  lex: Lexicon) -> list[TriggerMention]:
    """Return the triggers in tokens[start:end], minus those inside a non-event phrase."""
    blocked: set[int] = set()
    for m in lex.nonevents.finditer(tokens, start, end):
        blocked.update(range(m.start, m.end))
    out: list[TriggerMention] = []
    headline = title_case(tokens, start, end)
    last_end, last_nominal = -1, False
    for m in lex.triggers.finditer(tokens, start, end):
        if m.start in blocked:
            continue
        first = tokens[m.start].text
        if not headline and first[:1].isupper() and m.start > start and \
                tokens[m.start - 1].text not in _OPENERS:
            continue  # part of a name: "Pasukan Mobilisasi Populer", "Dewan Perdamaian"
        nominal = m.payload.frame == "noun" or _nominal(first)
        if m.start == last_end and last_nominal:
            continue  # the topic of the noun before: "perundingan gencatan senjata"
        last_end, last_nominal = m.end, nominal
        entry = m.payload
        s, e = tokens[m.start].start, tokens[m.end - 1].end
        out.append(TriggerMention(s, e, text[s:e], entry.cameo, entry.frame,
                                  f"{entry.where} {entry.phrase}", m.start, m.end))
    return out
