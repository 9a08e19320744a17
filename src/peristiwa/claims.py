"""What speakers claim about others: accusations and appraisals (praise, blame).

A mixin of the event builder (events.EventBuilder): given the statements of a sentence and
who made them, turn what a state says another did or is into the state's own event.
"""

from __future__ import annotations

import dataclasses

from peristiwa.records import ActorMention, Event, TriggerMention, actor_of, event_id
from peristiwa.speech import SpeechReader
from peristiwa.views import Decision, SentenceView

__all__ = ["ClaimRules", "CLAIMED_ROOTS"]

# coercion and covert violence (cyber attacks, bombings, abductions) that, claimed by the
# state hit, make an accusation; open military action (19, 20) is reported, not alleged
CLAIMED_ROOTS = frozenset({"17", "18"})
# words from "menyebut" to whom it names (and twice that from "sebagai" to the slur)
APPRAISAL_REACH = 4
# how far after the named state a judgement said of it may come ('China terus bersikap
# agresif', 'Iran memiliki hak untuk membela diri')
APPRAISAL_SPAN = 7
# grammar.tsv roles of the modal words after a state that make what is said of it a call
OBLIGATION_CODES = {"must": "100", "should": "020"}


class ClaimRules(SpeechReader):
    """Accusations and appraisals read from what a state's speaker says."""

    def _accusations(self, sv: SentenceView, claims: list[tuple[TriggerMention, ActorMention]],
                     events: list[Event]) -> list[Event]:
        """A state's claim that another attacked it is an accusation (112): "Saakashvili
        menuturkan bahwa Kremlin telah melakukan serangan siber"."""
        out = []
        for ev in events:
            src = ev.source
            if ev.root not in CLAIMED_ROOTS or ev.mode != "asserted" or src is None or \
                    not src.country:
                continue
            for trig, speaker in claims:
                mine = speaker.code[:3] if speaker.code else None
                if mine is None or mine == src.country or self._media(speaker) or \
                        trig.end > ev.trigger_span[0] or \
                        (ev.target is not None and ev.target.country not in (None, mine)):
                    continue
                if not any(self.tokens[i].norm == "bahwa" and
                           self.tokens[i].start < ev.trigger_span[0]
                           for i in range(trig.token_end, min(trig.token_end + 3, sv.te))):
                    continue  # a claim: "menuturkan bahwa ..." (not any saying)
                code = self.lex.cameo.get("112")
                out.append(dataclasses.replace(
                    ev, event_id=event_id(self.article.doc_id, sv.start, sv.end, trig.start,
                                           "112", speaker.code, src.code),
                    source=actor_of(speaker), target=src, cameo=code.code, root=code.root,
                    quad_class=code.quad_class, goldstein=code.goldstein, plover=code.plover,
                    trigger_text=trig.text, trigger_span=(trig.start, trig.end),
                    confidence=round(max(ev.confidence - 0.1, 0.1), 2),
                    rule="a state's claim that another attacked: an accusation"))
                self.decisions.append(Decision(trig, out[-1].rule, (out[-1],)))
                break
        return out

    def _appraisals(self, sv: SentenceView, claims: list[tuple[TriggerMention, ActorMention]]
                    ) -> list[Event]:
        """What a state says another is or did, in judging words, is criticism (111), an
        accusation (112) or an endorsement (051): "menyebut AS sebagai kaki tangan Israel",
        "Netanyahu mengatakan Hamas telah berbohong", "mengatakan Iran memiliki hak untuk
        membela diri"."""
        out = []
        for trig, speaker in claims:
            mine = speaker.code[:3] if speaker.code else None
            if mine is None or self._media(speaker):
                continue
            named = next((m for m in sv.actors if trig.token_end <= m.token_start <=
                          trig.token_end + APPRAISAL_REACH and m.code and m.kind != "pronoun"
                          and self._prep(m, sv.ts) is None), None)
            if named is None or named.code[:3] == mine:
                continue
            code = self._appraisal_said(sv, trig, named)
            if code is None:
                continue
            ev = self._event(sv, dataclasses.replace(trig, cameo=code), speaker, named,
                             [], [], sv.ts, sv.te,
                             "saying another is or did right or wrong: " +
                             {"112": "an accusation", "111": "criticism"}.get(
                                 code[:3], "an endorsement"))
            out.append(ev)
            self.decisions.append(Decision(trig, ev.rule, (ev,)))
        return out

    def _obligations(self, sv: SentenceView, claims: list[tuple[TriggerMention, ActorMention]],
                     events: list[Event]) -> list[Event]:
        """What a state's speaker says another must do is a demand (100) or, with a
        softer word, an appeal (020): "“Israel harus menghentikan agresinya,” kata
        Araghchi", "AS bersikeras bahwa Iran harus menghentikan pengayaan uranium"."""
        speakers = [s for _, s in claims]
        if self._speaker is not None:
            speakers.append(self._speaker)
        speaker = next((s for s in speakers if s.code and not self._media(s)), None)
        if speaker is None:
            return []
        mine = speaker.code[:3]
        done = {(e.target.country, e.root) for e in events
                if e.source is not None and e.source.country == mine and e.target is not None}
        out = []
        for m in sv.actors:
            i = m.token_end
            if i >= sv.te or not m.code or m.kind == "pronoun" or m.code[:3] == mine or \
                    m.code[:3] in self.lex.regions or self._prep(m, sv.ts) is not None:
                continue
            code = OBLIGATION_CODES.get(self._grammar(i) or "")
            if code is None or i + 1 >= sv.te or not self.tokens[i + 1].text[:1].isalpha() or \
                    self._grammar(i + 1) == "cognition":
                continue  # ("Amerika harus tahu bahwa ...": a warning, not a demand)
            if (m.code[:3], code[:2]) in done or any(
                    t.token_start <= i < t.token_end for t in sv.triggers):
                continue
            tok = self.tokens[i]
            trig = TriggerMention(tok.start, tok.end, tok.text, code, "active",
                                  "grammar.tsv (obligation)", i, i + 1)
            ev = self._event(sv, trig, speaker, m, [], [], sv.ts, sv.te,
                             "what a speaker says another state must do: " +
                             ("a demand" if code == "100" else "an appeal"))
            if ev.mode != "asserted":
                continue
            done.add((m.code[:3], code[:2]))
            out.append(ev)
            self.memory.last_actor, self.memory.last_actor_at = speaker, self._sentence
            self.decisions.append(Decision(trig, ev.rule, (ev,)))
        return out

    def _appraisal_said(self, sv: SentenceView, trig: TriggerMention, named: ActorMention
                       ) -> str | None:
        """The CAMEO code of the praise or blame said of ``named``, if any: after "sebagai",
        or in the clause it is the subject of."""
        toks = self.tokens
        as_ = next((i for i in range(named.token_end, min(named.token_end + 4, sv.te))
                    if toks[i].norm == "sebagai"), None)
        if as_ is not None:
            for i in range(as_ + 1, min(as_ + 1 + APPRAISAL_REACH * 2, sv.te)):
                hit = self.lex.appraisals.match_at(toks, i)
                if hit:
                    return hit.payload
            return None
        # the complement's subject: "mengatakan (bahwa) (tindakan) Israel ..."
        # (also after a comma or an opening quote: 'mengatakan, “China salah karena ...')
        if any(toks[i].norm != "bahwa" and self._grammar(i) != "act" and
               toks[i].text not in ',"“‘\''
               for i in range(trig.token_end, named.token_start)):
            return None
        starts = {t.token_start for t in sv.triggers}
        for i in range(named.token_end, min(named.token_end + APPRAISAL_SPAN, sv.te)):
            hit = self.lex.appraisals.match_at(toks, i)
            if hit:
                return hit.payload
            # what follows another verb, a condition or a new clause is not said of it
            if i in starts or toks[i].text in (",", ";", ":") or \
                    self._grammar(i) in ("clause", "coord", "relative") or \
                    self.lex.modality.match_at(toks, i) is not None or \
                    any(m.token_start == i for m in sv.actors):
                return None
        return None

    def _voiced(self, claims: list[tuple[TriggerMention, ActorMention]],
                events: list[Event]) -> list[Event]:
        """A blame without an agent, in what a state's speaker says, is the speaker's:
        "Sekjen PBB mengatakan program nuklir Korea Utara ... sangat disesalkan"."""
        out = []
        for ev in events:
            if ev.source is not None or ev.root != "11" or ev.mode != "asserted" or \
                    ev.target is None or not ev.target.country:
                out.append(ev)
                continue
            said = [(t, s) for t, s in claims if t.end <= ev.trigger_span[0] and s.code and
                    s.code[:3] != ev.target.country and not self._media(s)]
            if not said:
                out.append(ev)
                continue
            trig, speaker = said[-1]
            out.append(dataclasses.replace(
                ev, source=actor_of(speaker),
                event_id=event_id(self.article.doc_id, ev.sentence_span, ev.trigger_span,
                                  ev.cameo, speaker.code, ev.target.code),
                rule=ev.rule + "; source: the speaker who says it"))
            self.decisions.append(Decision(trig, out[-1].rule, (out[-1],)))
        return out

