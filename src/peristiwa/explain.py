"""Say why the coder coded what it did: mentions, dictionary entries, rules, per sentence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from peristiwa.coder import CodedArticle, article_tokens
from peristiwa.events import MODE_WINDOW, Decision, SentenceView
from peristiwa.lexicon import Lexicon
from peristiwa.records import ActorMention, Event, Token, TriggerMention

__all__ = [
    "ActorLine",
    "EventLine",
    "TriggerLine",
    "SentenceReport",
    "ExplainReport",
    "explain",
    "render_text",
    "why_no_event",
]

SPORT_NOTE = ("read as a sport report (many sport words of several kinds): no sentence is "
              "coded")

# Rule fragments (events.py) that name how the source was found.
_SOURCE_RULES = ("subject in clause", "head of relative clause",
                 "subject shared with previous predicate", "sentence subject",
                 "actor after the noun", "pair after the trigger")


@dataclass(frozen=True, slots=True)
class ActorLine:
    """An actor mention and what coded it."""

    text: str
    code: str | None
    kind: str
    name: str | None
    entry: str | None
    # for an actor composed by a rule (role + country, title + name): the dictionary
    # entries of its words, as "'word' CODE (file:line)"
    parts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventLine:
    """One event a trigger produced, with its mode and date decisions."""

    source: str | None
    source_text: str | None
    target: str | None
    target_text: str | None
    cameo: str
    mode: str
    mode_cue: str | None  # the modal word that set the mode, when it can be found
    date: str | None
    date_basis: str | None
    date_from: str  # the time expression used, or 'publication date'
    location: str | None
    scored: bool  # counts at the gold key: two different known countries
    note: str | None
    carried: str | None = None  # a side taken from an earlier sentence, and from which


@dataclass(frozen=True, slots=True)
class TriggerLine:
    """A candidate trigger: its dictionary entry, the rule applied and what came out."""

    start: int  # character offset in the article
    text: str
    cameo: str
    frame: str
    entry: str | None
    rule: str
    events: tuple[EventLine, ...]
    reason: str | None  # why no event came out


@dataclass(frozen=True, slots=True)
class SentenceReport:
    """Everything the coder found in one sentence (number counts from 1)."""

    number: int
    start: int
    end: int
    text: str
    actors: tuple[ActorLine, ...]
    triggers: tuple[TriggerLine, ...]
    times: tuple[tuple[str, str | None, str], ...]  # text, date, basis
    places: tuple[tuple[str, str | None], ...]  # text, country


@dataclass(frozen=True, slots=True)
class ExplainReport:
    """An article's explanation."""

    doc_id: str
    published: str | None
    sentences: tuple[SentenceReport, ...]
    introduced: tuple[tuple[str, str, str], ...]  # name, code, rule
    events: int
    total_sentences: int = 0
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: lists of objects with named fields."""
        d = dataclasses.asdict(self)
        for sent in d["sentences"]:
            sent["times"] = [dict(zip(("text", "date", "basis"), t, strict=True))
                             for t in sent["times"]]
            sent["places"] = [dict(zip(("text", "country"), p, strict=True))
                              for p in sent["places"]]
        d["introduced"] = [dict(zip(("name", "code", "rule"), i, strict=True))
                           for i in d["introduced"]]
        return d


_NESTED_ALIAS = re.compile(r"alias of (.+?) \(alias of \1 \((.*)\)\)")


def _entry(entry: str | None) -> str | None:
    """The entry or rule, with chains of the same alias ("alias of Zhao (alias of Zhao
    (...)))") told once."""
    while entry and (m := _NESTED_ALIAS.search(entry)):
        entry = entry[:m.start()] + f"alias of {m[1]} ({m[2]})" + entry[m.end():]
    return entry


def _actor(m: ActorMention, tokens: list[Token] | None, lex: Lexicon | None,
           day: dt.date | None) -> ActorLine:
    return ActorLine(m.text, m.code, m.kind, m.name, _entry(m.entry),
                     _parts(m, tokens, lex, day))


def _parts(m: ActorMention, tokens: list[Token] | None, lex: Lexicon | None,
           day: dt.date | None) -> tuple[str, ...]:
    """The role words and names inside a rule-coded actor phrase, with their entries."""
    if tokens is None or lex is None or m.kind not in ("role", "name"):
        return ()
    if m.entry and ".tsv:" in m.entry:  # coded by one entry, already named
        return ()
    found: list[tuple[int, str]] = []
    inside: set[int] = set()
    for pm in lex.actors.finditer(tokens, m.token_start, m.token_end):
        e = next((x for x in pm.payload if x.valid_on(day)), pm.payload[0])
        words = " ".join(t.text for t in tokens[pm.start:pm.end])
        found.append((pm.start, f"{words!r} {e.code} ({e.where})"))
        inside.update(range(pm.start, pm.end))
    for pm in lex.agents.finditer(tokens, m.token_start, m.token_end):
        if pm.start in inside:  # "Partai" in "Partai Komunis China" belongs to the name
            continue
        words = " ".join(t.text for t in tokens[pm.start:pm.end])
        found.append((pm.start, f"{words!r} {pm.payload.agent} ({pm.payload.where})"))
    return tuple(text for _, text in sorted(found))


def _side(a: Any) -> tuple[str | None, str | None]:
    return (a.code, a.text) if a is not None else (None, None)


def _carried(ev: Event, sv: SentenceView, bounds: list[tuple[int, int]]) -> str | None:
    """Say which side came from an earlier sentence (a pronoun or a carried subject)."""
    out = []
    for side, a in (("source", ev.source), ("target", ev.target)):
        if a is None or sv.start <= a.span[0] < sv.end:
            continue
        n = next((i + 1 for i, (s, e) in enumerate(bounds) if s <= a.span[0] < e), None)
        where = f"sentence {n}" if n else "elsewhere in the article"
        out.append(f"{side} {a.code or '?'} ({a.text!r}) from {where}")
    if not out:
        return None
    pronouns = [m.text for m in sv.actors if m.kind == "pronoun"]
    refers = f", what {' and '.join(repr(p) for p in pronouns)} refers to" if pronouns else ""
    return "; ".join(out) + refers


def _event_line(ev: Event, sv: SentenceView, trig: TriggerMention,
                tokens: list[Token] | None, lex: Lexicon | None,
                bounds: list[tuple[int, int]]) -> EventLine:
    src, src_text = _side(ev.source)
    tgt, tgt_text = _side(ev.target)
    sc = ev.source.country if ev.source else None
    tc = ev.target.country if ev.target else None
    note = None
    scored = bool(sc and tc and sc != tc)
    if not ev.target or not tc:
        note = "no target country: not counted at the (country pair, root) key"
    elif not ev.source or not sc:
        note = "no source country: not counted at the (country pair, root) key"
    elif sc == tc:
        note = f"source and target are both {sc}: a domestic event, not counted at the key"
    return EventLine(
        source=src, source_text=src_text, target=tgt, target_text=tgt_text, cameo=ev.cameo,
        mode=ev.mode, mode_cue=_mode_cue(ev.mode, sv, trig, tokens, lex),
        date=ev.date, date_basis=ev.date_basis, date_from=_date_from(ev, sv, trig),
        location=ev.location.name if ev.location else None, scored=scored, note=note,
        carried=_carried(ev, sv, bounds),
    )


def _date_from(ev: Event, sv: SentenceView, trig: TriggerMention) -> str:
    if ev.date is None:
        return "unknown: no time expression and no publication date"
    if ev.date_basis == "published":
        dated = [t.text for t in sv.times if t.date]
        if dated:
            # the coder passes over a time that stands with a reporting verb
            return (f"publication date ({', '.join(repr(d) for d in dated)} goes with a "
                    "reporting verb: it dates the report)")
        undated = [t.text for t in sv.times]
        if undated:
            return f"publication date ({', '.join(repr(d) for d in undated)} not resolved)"
        return "publication date"
    cands = [t for t in sv.times if t.date == ev.date and t.basis == ev.date_basis]
    if not cands:
        cands = [t for t in sv.times if t.date == ev.date]
    if not cands:
        # no time of its own: the date the article's lede gives the story
        return f"the story's date in the lede ({ev.date_basis or 'a time expression'})"
    best = min(cands, key=lambda t: abs(t.start - trig.start))
    return f'"{best.text}" ({best.basis})'


def _mode_cue(mode: str, sv: SentenceView, trig: TriggerMention,
              tokens: list[Token] | None, lex: Lexicon | None) -> str | None:
    if tokens is None or lex is None:
        return None
    # an intent marker makes cooperation asserted intent (03x), anything else hypothetical;
    # a refusal makes it an asserted rejection (12x), anything else negated
    cues = {"hypothetical": ("hypothetical", "condition", "intent", "vow", "future"),
            "negated": ("negated", "refusal"),
            "asserted": ("intent", "vow", "future", "refusal")}[mode]
    lo = max(sv.ts, trig.token_start - MODE_WINDOW)
    for m in lex.modality.finditer(tokens, lo, trig.token_start):
        if m.payload in cues:
            return " ".join(t.text for t in tokens[m.start:m.end])
    return None


def why_no_event(d: Decision, sv: SentenceView, earlier: list[Event]) -> str:
    """The likeliest reason a trigger gave no event, from its rule and the sentence."""
    given = getattr(d, "reason", None)
    if given:
        return str(given)
    trig, rule = d.trigger, d.rule
    if trig.cameo == "010":
        return ("plain saying (010) is no event between actors: what is said is coded by "
                "its own trigger, if it has one")
    coded = [m for m in sv.actors if m.code]
    uncoded = [m.text for m in sv.actors if not m.code and m.kind != "pronoun"]
    if not sv.actors:
        return "no actor in the sentence"
    if not coded and not any(m.kind == "pronoun" for m in sv.actors):
        why = "no coded actor in the sentence"
        if uncoded:
            why += f" (uncoded: {', '.join(uncoded)})"
        return why
    if any(e.cameo == trig.cameo for e in earlier):
        return ("same source, target and code as an event of an earlier trigger in this "
                "sentence (kept once)")
    if "relative clause without an actor as its head" in rule:
        return ("the trigger stands in a relative clause (yang ...) whose head is no coded "
                "actor, so it has no source")
    if "noun without agent" in rule:
        return ("an event noun without its agent: the clause's subject is not taken as its "
                "doer unless a light verb carries the noun (melancarkan serangan), and no "
                "actor follows the noun")
    before = [m for m in sv.actors if m.token_end <= trig.token_start]
    if any(m.kind == "pronoun" and not m.code for m in before) and not any(
            m.code for m in before):
        return "the source is a pronoun with nothing to refer back to"
    has_source = any(r in rule for r in _SOURCE_RULES)
    if trig.frame == "passive":
        if not has_source:
            return "passive trigger with no subject (its target) and no oleh-phrase (its source)"
        return "passive trigger: neither a coded subject nor a coded oleh-phrase"
    if not has_source:
        if not any(m.code for m in before):
            return "no coded actor before the trigger in its clause (no source)"
        return ("no coded actor before the trigger in its clause (actors before it stand in "
                "another clause, after a preposition, or report the news)")
    if "actor after the noun" not in rule and not any(m.code for m in before):
        names = [m.text for m in before if not m.code]
        return (f"the subject ({', '.join(names)}) has no actor code" if names
                else "the subject has no actor code")
    if trig.cameo[:2] == "01":
        if "target pair includes the source" in rule:
            return ("a statement addressed to both sides, the speaker's own among them: "
                    "no addressee to code")
        return "a statement needs an addressee (kepada/terhadap + actor); none found"
    countries = {m.code[:3] for m in coded if m.code}
    if len(countries) < 2 and len(coded) < 2:
        return "only one actor"
    return "source and target are the same actor"


def _explain_sentence(sv: SentenceView, text: str, decisions: list[Decision],
                      tokens: list[Token] | None, lex: Lexicon | None,
                      bounds: list[tuple[int, int]], day: dt.date | None) -> SentenceReport:
    lines: list[TriggerLine] = []
    earlier: list[Event] = []
    by_trigger = {(d.trigger.start, d.trigger.end, d.trigger.cameo): d for d in decisions}
    for trig in sv.triggers:
        d = by_trigger.get((trig.start, trig.end, trig.cameo))
        if d is None:
            lines.append(TriggerLine(trig.start, trig.text, trig.cameo, trig.frame, trig.entry,
                                     "", (), "the coder recorded no decision for this trigger"))
            continue
        evs = tuple(_event_line(ev, sv, trig, tokens, lex, bounds) for ev in d.events)
        reason = None if d.events else why_no_event(d, sv, earlier)
        earlier.extend(d.events)
        lines.append(TriggerLine(trig.start, trig.text, trig.cameo, trig.frame, trig.entry,
                                 d.rule.strip("; "), evs, reason))
    lines.extend(_dropped(sv, tokens, lex))
    return SentenceReport(
        number=sv.index + 1, start=sv.start, end=sv.end, text=text[sv.start:sv.end],
        actors=tuple(_actor(m, tokens, lex, day) for m in sv.actors),
        triggers=tuple(sorted(lines, key=lambda t: t.start)),
        times=tuple((t.text, t.date, t.basis) for t in sv.times),
        places=tuple((p.text, p.country) for p in sv.places),
    )


def _dropped(sv: SentenceView, tokens: list[Token] | None,
             lex: Lexicon | None) -> list[TriggerLine]:
    """Dictionary triggers in the sentence that triggers.py set aside, with its reason."""
    if tokens is None or lex is None:
        return []
    blocked: dict[int, tuple[str, str]] = {}
    for ne in lex.nonevents.finditer(tokens, sv.ts, sv.te):
        phrase = " ".join(t.text for t in tokens[ne.start:ne.end])
        for i in range(ne.start, ne.end):
            blocked[i] = (phrase, ne.payload)
    kept = {t.token_start: t for t in sv.triggers}
    out = []
    for m in lex.triggers.finditer(tokens, sv.ts, sv.te):
        if m.start in kept:
            continue
        if m.start in blocked:
            phrase, why = blocked[m.start]
            reason = f'inside the non-event phrase "{phrase}" (nonevents.tsv: {why})'
        else:
            prev = next((t for t in kept.values() if t.token_end == m.start), None)
            if prev is not None:
                reason = (f"the topic of the event noun {prev.text!r} before it, not an event "
                          "of its own")
            elif tokens[m.start].text[:1].isupper():
                reason = "capitalised inside the sentence: read as part of a name"
            else:
                reason = "set aside by the trigger finder"
        e = m.payload
        out.append(TriggerLine(
            tokens[m.start].start, " ".join(t.text for t in tokens[m.start:m.end]), e.cameo,
            e.frame, f"{e.where} {e.phrase}", "", (), reason))
    return out


def explain(coded: CodedArticle, sentence: int | None = None,
            lex: Lexicon | None = None) -> ExplainReport:
    """Explain a coded article, or only sentence number ``sentence`` (counting from 1).

    With ``lex`` (the coder's lexicon) the report also names the modal word behind a
    negated or hypothetical mode and the triggers a non-event phrase blocked.
    """
    art = coded.article
    n = len(coded.sentences)
    if sentence is not None and not 1 <= sentence <= n:
        raise ValueError(f"sentence {sentence} out of range: the article has {n} sentences")
    tokens = article_tokens(art.text, lex) if lex is not None else None
    per_sentence: dict[int, list[Decision]] = {}
    starts = [(sv.start, sv.end, sv.index) for sv in coded.views]
    for d in coded.decisions:
        for s, e, i in starts:
            if s <= d.trigger.start < e:
                per_sentence.setdefault(i, []).append(d)
                break
    bounds = [(s.start, s.end) for s in coded.sentences]
    reports = []
    for sv in coded.views:
        if sentence is not None and sv.index + 1 != sentence:
            continue
        reports.append(_explain_sentence(sv, art.text, per_sentence.get(sv.index, []),
                                         tokens, lex, bounds, art.published))
    return ExplainReport(
        doc_id=art.doc_id,
        published=art.published.isoformat() if art.published else None,
        sentences=tuple(reports),
        introduced=tuple((nm, code, rule) for nm, (code, rule) in coded.introduced.items()),
        events=len(coded.events),
        total_sentences=n,
        notes=(SPORT_NOTE,) if coded.sentences and not coded.views else (),
    )


def _side_text(code: str | None, text: str | None) -> str:
    if code is None and text is None:
        return "-"
    return f"{code or '?'} ({text})" if text else (code or "?")


def render_text(report: ExplainReport, *, all_sentences: bool = False) -> str:
    """Plain text for a terminal; sentences with neither actors nor triggers are skipped."""
    out = [f"{report.doc_id}: {report.events} events, {report.total_sentences} sentences, "
           f"published {report.published or 'unknown'}"]
    for note in report.notes:
        out.append(f"note: {note}")
    if report.introduced:
        out.append("people introduced by the article:")
        for nm, code, rule in report.introduced:
            out.append(f"  {nm} = {code} ({rule})")
    skipped = 0
    for s in report.sentences:
        if not (s.actors or s.triggers) and not (all_sentences or len(report.sentences) == 1):
            skipped += 1
            continue
        out.append("")
        out.append(f"[{s.number}] {s.text}")
        for a in s.actors:
            if a.kind == "pronoun" and not a.code:
                out.append(f"  actor   {a.text!r}: pronoun for a {a.name or 'person'}, "
                           f"resolved per event ({a.entry or 'no entry'})")
                continue
            label = a.code or "uncoded"
            name = f" = {a.name}" if a.name and a.name != a.text else ""
            out.append(f"  actor   {a.text!r}{name}: {label} ({a.kind}; {a.entry or 'no entry'})")
            if a.parts:
                out.append(f"          from {', '.join(a.parts)}")
        for text, date, basis in s.times:
            out.append(f"  time    {text!r}: {date or 'unresolved'} ({basis})")
        for text, country in s.places:
            out.append(f"  place   {text!r}: {country or '?'}")
        for t in s.triggers:
            out.append(f"  trigger {t.text!r}: {t.cameo} {t.frame} ({t.entry or 'no entry'})")
            if t.rule:
                out.append(f"          rule: {t.rule}")
            for e in t.events:
                cue = f" by {e.mode_cue!r}" if e.mode_cue else ""
                where = f", at {e.location}" if e.location else ""
                out.append(f"          event: {_side_text(e.source, e.source_text)} -> "
                           f"{_side_text(e.target, e.target_text)} {e.cameo}, "
                           f"{e.mode}{cue}, date {e.date or 'unknown'} from {e.date_from}{where}")
                if e.carried:
                    out.append(f"                 {e.carried}")
                if e.note:
                    out.append(f"                 note: {e.note}")
            if t.reason:
                out.append(f"          no event: {t.reason}")
    if skipped:
        out.append("")
        out.append(f"({skipped} sentences without actors or triggers not shown)")
    return "\n".join(out)
