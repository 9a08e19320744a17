"""Assemble events from a sentence's triggers and actors: roles, mode, date, place."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt

from peristiwa.claims import ClaimRules
from peristiwa.clauses import first_word, verbal
from peristiwa.clauses import nominal as is_nominal
from peristiwa.eventattrs import BUSINESS_AGENTS, MODE_WINDOW, OBJECT_WINDOW
from peristiwa.lexicon import Lexicon
from peristiwa.records import (
    Actor,
    ActorMention,
    Article,
    Event,
    TimeMention,
    Token,
    TriggerMention,
    actor_of,
    event_id,
)
from peristiwa.targets import TargetRules
from peristiwa.views import ArticleMemory, Decision, SentenceView, TriggerScope

__all__ = ["SentenceView", "ArticleMemory", "EventBuilder", "Decision", "MODE_WINDOW",
           "OBJECT_WINDOW", "ANNOUNCED"]

SUBJECT_PREPS = (None, "by")
ANNOUNCED = "announced: an expression of intent"  # the rule note of an intent-coded event
# Private people travel and meet every day: a visit or meeting (root 04) is a political
# event only when its source acts for a state, a party or an organisation, or is a firm
# meeting a foreign party (a chamber of commerce received by a minister abroad).
PRIVATE_AGENTS = frozenset({"CVL", "LAB", "AGR", "MED", "EDU", "HLH", "REF", "SET", "REL",
                            "CRM"})
# Reporters (media) are kept out of events, except as what is criticised, demanded of,
# threatened, coerced or attacked ("Netanyahu mengkritik surat kabar AS").
MEDIA_VICTIM_ROOTS = frozenset({"10", "11", "13", "17", "18", "19", "20"})


def _placed(actor: Actor | None, country: str) -> Actor | None:
    """A transnational armed group (agent IMG) recoded to the country it acts in."""
    if actor is None or actor.agent != "IMG" or not actor.code or \
            actor.country == country or len(country) != 3:
        return actor
    code = country + actor.code[3:]
    return dataclasses.replace(actor, code=code, country=country)


class EventBuilder(ClaimRules, TargetRules):
    """Code the events of one article, sentence by sentence, keeping article memory."""

    def __init__(self, article: Article, tokens: list[Token], lex: Lexicon,
                 story: TimeMention | None = None):
        self.article = article
        self.story = story  # the lede's date: for sentences that give no time of their own
        self.tokens = tokens
        self.lex = lex
        self.memory = ArticleMemory()
        self.decisions: list[Decision] = []
        self._speaker: ActorMention | None = None  # who speaks in the current sentence
        self._tag_start: int | None = None  # where a postposed speech tag begins
        self._quote_speakers: dict[int, ActorMention] = {}  # sentence -> speaker (prepare)
        self._actors: list[ActorMention] = []  # the current sentence's actors
        self._sentence = 0  # the current sentence's index
        self._verb_subject: list[ActorMention] | None = None  # subject of the last verb
        self._prev_nominal = False  # whether the last coded trigger was an event noun
        self._last_partner: ActorMention | None = None  # the other party of the last mutual act
        self._triggers: list[TriggerMention] = []  # the current sentence's triggers

    def _usable(self, m: ActorMention, root: str, reporters: set[int]) -> bool:
        if m.token_start in reporters:
            return False
        if m.kind == "pronoun":
            return True
        if not m.code or (m.code[:3] in self.lex.regions and m.kind != "organization"):
            # "Bursa Saham Asia", "di Timur Tengah": a region acts in no event (a regional
            # body coded by its region, Uni Afrika AFR, does)
            return False
        return True

    # -- main --------------------------------------------------------------------
    def code_sentence(self, sv: SentenceView) -> list[Event]:
        events: list[Event] = []
        if sv.triggers:
            words = self._reporting(sv)
            reporters = self._reporters(sv, words)
            self._find_speaker(sv)
            self._actors = sv.actors
            self._triggers = sv.triggers
            self._sentence = sv.index
            bounds = self._boundaries(sv, words)
            reporting = []
            for a, _ in words:
                k = bisect.bisect_right(bounds, a)
                reporting.append((a, bounds[k] if k < len(bounds) else sv.te))
            seen: set[tuple] = set()
            claims: list[tuple[TriggerMention, ActorMention]] = []  # statement, speaker
            prev_subject: list[ActorMention] | None = None
            prev_root = "00"
            self._verb_subject, self._prev_nominal = None, False
            self._last_partner = None
            for trig in sv.triggers:
                if self._tag_start is not None and trig.token_start > self._tag_start and \
                        prev_subject and prev_subject[0].token_start < self._tag_start:
                    prev_subject = None  # the quote's actors do not act in its speech tag
                if self._carries_noun(trig, sv.triggers):
                    self.decisions.append(Decision(trig, "light verb: its event noun is the "
                                                   "event", ()))
                    continue
                wished = self._wished(sv, trig, bounds)
                if wished:
                    self.decisions.append(Decision(trig, wished, ()))
                    continue
                made, subj, rule = self._code_trigger(sv, trig, bounds, reporting,
                                                      reporters, prev_subject, prev_root)
                if subj and trig.cameo[:2] == "01" and verbal(trig.text) and subj[0].code:
                    claims.append((trig, subj[0]))
                if subj:
                    prev_subject, prev_root = subj, trig.cameo[:2]
                    self._prev_nominal = trig.frame == "noun" or is_nominal(trig.text)
                    if not self._prev_nominal:
                        self._verb_subject = subj
                    if len(subj) >= 2 and subj[0].code and subj[1].code and \
                            subj[0].code[:3] != subj[1].code[:3]:
                        # "Putin dan Xi ... setelah keduanya ...": the pair just named
                        self.memory.last_pair = (subj[0], subj[1])
                        self.memory.last_pair_at = sv.index
                        self.memory.subject_pair_at = sv.index
                        if all(m.code for m in subj):
                            # "AS, Australia, dan Jepang ... Negara-negara tersebut ..."
                            self.memory.last_group = tuple(subj)
                            self.memory.last_group_at = sv.index
                kept = []
                for ev in made:
                    key = (ev.source.code if ev.source else None,
                           ev.target.code if ev.target else None, ev.cameo)
                    if key not in seen:
                        seen.add(key)
                        kept.append(ev)
                events.extend(kept)
                self.decisions.append(Decision(trig, rule, tuple(kept)))
            events = self._voiced(claims, events)
            events.extend(self._accusations(sv, claims, events))
            events.extend(self._appraisals(sv, claims))
            events.extend(self._obligations(sv, claims, events))
        for m in sv.actors:
            if m.code and m.kind != "pronoun" and (m.code[:3] not in self.lex.regions or
                                                   m.kind == "organization") and \
                    self._prep(m, sv.ts) not in ("from", "at"):
                # (not "berasal dari Korea Selatan", "di Jakarta": origins and places are
                # no one "keduanya" or "mereka" may point back to)
                self.memory.recent.append(m)

        del self.memory.recent[:-12]
        return events

    def _code_trigger(self, sv: SentenceView, trig: TriggerMention, bounds: list[int],
                      reporting: list[tuple[int, int]], reporters: set[int],
                      prev_subject: list[ActorMention] | None, prev_root: str
                      ) -> tuple[list[Event], list[ActorMention] | None, str]:
        """One trigger's events: its clause, subject, objects, source-target pairs."""
        sc = self._scope(sv, trig, bounds, reporting, reporters)
        subject, rule = self._subject(sc, prev_subject, prev_root)
        near = self._near(sc)
        pairs, src_used, subject, rule = self._pairs(sc, subject, near, rule)
        events, rule = self._emit(sc, pairs, rule)
        # what a following predicate may share: the passive's subject, else the doer used
        # ("mengecam serangan ... yang menewaskan": not the one who condemns)
        shared = subject if sc.frame == "passive" or src_used is None else src_used
        return events, (shared or None), rule

    def _scope(self, sv: SentenceView, trig: TriggerMention, bounds: list[int],
               reporting: list[tuple[int, int]], reporters: set[int]) -> TriggerScope:
        """The trigger's clause and the actors around it."""
        t0, t1 = trig.token_start, trig.token_end
        root = trig.cameo[:2]
        k = bisect.bisect_right(bounds, t0) - 1
        cstart = bounds[k] if k >= 0 else sv.ts
        k2 = bisect.bisect_left(bounds, t1)
        if root == "01" and k2 < len(bounds) and bounds[k2] == t1:
            k2 += 1  # a statement's own content-clause boundary: "menegaskan kepada X bahwa"
        cend = bounds[k2] if k2 < len(bounds) else sv.te
        usable = [m for m in sv.actors if self._usable(m, root, reporters)]
        # reporters (media) are no source; as a target only of coercion or violence
        left = [m for m in usable if m.token_end <= t0 and m.token_start >= cstart
                and not self._media(m)]
        right = [m for m in usable if t1 <= m.token_start < cend
                 and (root in MEDIA_VICTIM_ROOTS or not self._media(m))]
        usable = [m for m in usable if not self._media(m)]
        frame = trig.frame
        # "uji coba rudal", "serangan", "perang": not a verb (and not "tidak sepakat dengan")
        nounish = not verbal(trig.text) and \
            self.lex.modality.match_at(self.tokens, t0) is None
        nominal = frame == "noun" or is_nominal(trig.text) or (frame == "mutual" and nounish)
        # "prihatin atas uji coba rudal Korea Utara": an event noun after a preposition is
        # someone else's act, not the clause subject's
        after_prep = nounish and t0 > cstart and (
            self._grammar(t0 - 1) in ("to", "about")
            # "mengecam keras uji coba rudal Korea Utara": the object of another trigger
            or any(t is not trig and t.token_end <= t0 <= t.token_end + 1 and
                   verbal(t.text) for t in sv.triggers)
            # "negosiasi gencatan senjata": what talks are about is no act of its own
            or any(t is not trig and t.token_end == t0 and t.cameo[:2] == "04" and
                   not verbal(t.text) for t in sv.triggers))
        nominal = nominal or after_prep

        return TriggerScope(sv, trig, root, frame, cstart, cend, k, bounds, reporting, usable,
                            left, right, nominal, after_prep)

    def _subject(self, sc: TriggerScope, prev_subject: list[ActorMention] | None,
                 prev_root: str) -> tuple[list[ActorMention], str]:
        """Who does what the trigger says, and the rule that chose them."""
        sv, t0, t1, root = sc.sv, sc.t0, sc.t1, sc.root
        frame, cstart, bounds, reporting = sc.frame, sc.cstart, sc.bounds, sc.reporting
        usable, left, right, nominal = sc.usable, sc.left, sc.right, sc.nominal
        k = sc.clause
        subj_cands = [m for m in left if self._prep(m, sv.ts) in SUBJECT_PREPS and
                      not self._possessor(m)]
        subj_cands = self._after_last_comma(subj_cands, cstart, t0) or subj_cands
        if self._grammar(cstart) == "about":
            # after "soal/mengenai" only the actor right before the verb is its subject
            # ("soal tindakan Israel mencegat"); "mengenai Rohingya dalam perbincangan
            # dengan Erdogan" keeps the sentence's subject
            subj_cands = [m for m in subj_cands if m.token_end == t0]
        if frame in ("active", "mutual", "visit", "host", "guest", "direct"):
            subj_cands = [m for m in subj_cands if self._prep(m, sv.ts) is None] or subj_cands
        subject: list[ActorMention] = []
        rule = ""
        # (not an apposition: "Anggota Komisi V DPR RI, Adian Napitupulu meminta")
        unknown = frame != "passive" and any(
            m.code is None and m.kind == "name" and m.token_end == t0 and
            m.token_start > cstart + 1 and self.tokens[m.token_start - 1].text == "," and
            not any(a.token_end == m.token_start - 1 for a in sv.actors)
            for m in sv.actors) and all(
            c.kind in ("country", "metonym") for c in subj_cands)
        if unknown:
            # "Meskipun Malaysia sudah meminta maaf, Dadang mengatakan ...": the subject is
            # a person the coder cannot code, not the actor before the comma
            return [], "subject is a name the dictionaries do not know"
        if subj_cands:
            subject = self._group(subj_cands[0], [m for m in left if m is not subj_cands[0]])
            rule = "subject in clause"
        elif self.tokens[cstart].norm == "yang" or (
                cstart > sv.ts and self._grammar(cstart - 1) == "relative"):
            # the noun just before "yang" heads the clause; if it is no actor, nobody does
            yang = cstart if self.tokens[cstart].norm == "yang" else cstart - 1
            # (also "May, yang sedang melakukan lawatan di Yordania": after a comma)
            before = [m for m in usable if m.token_end == yang or (
                m.token_end == yang - 1 and self.tokens[yang - 1].text == ",")]
            attack_object = bool(before) and bool(prev_subject) and \
                prev_root in ("18", "19", "20") and root in ("18", "19", "20") and \
                before[-1] not in prev_subject and any(
                    t.cameo[:2] in ("18", "19", "20") and t.token_end <= before[-1].token_start
                    for t in sv.triggers if t is not sc.trig)
            if attack_object:
                # "serangan Israel terhadap kamp pengungsi di Gaza yang menewaskan ...": the
                # relative clause hangs on the attack, not on what it hit
                subject = prev_subject
                rule = "relative clause on an attack: its agent"
            elif before:
                subject = self._group_before(before[-1], usable)
                rule = "head of relative clause"
            elif prev_subject and prev_root in ("18", "19", "20") and (
                    root in ("18", "19", "20") or root in ("11", "12") and frame == "passive") \
                    and any(yang - 2 <= t.token_end <= yang for t in sv.triggers):
                # (also "serangan mendadak, yang dikutuk Rusia": what is condemned is the
                # attacker's act, and the passive's subject is the attacker)
                # "melancarkan serangan udara yang menewaskan 30 warga Palestina": the
                # attack's agent does what the clause says
                subject = prev_subject
                rule = "relative clause on an attack: its agent"
            elif yang > sv.ts and self._grammar(yang - 1) == "document":
                # "Guterres mengeluarkan surat yang meminta otoritas Myanmar ...": the letter
                # says what its author says
                author = [m for m in usable if m.token_end <= yang - 1 and
                          self._prep(m, sv.ts) is None]
                if author:
                    subject = [author[-1]]
                    rule = "relative clause on a document: its author"
        purpose = self._grammar(cstart) == "purpose"
        if not subject and purpose:
            # "Israel berencana untuk menyerang Iran": the subject of the clause the purpose
            # belongs to; but not after a conflictual verb ("menentang upaya ... untuk
            # memberlakukan sanksi": the one who opposes does not sanction)
            pstart = bounds[k - 1] if k >= 1 else sv.ts
            governing = [t for t in sv.triggers if pstart <= t.token_start < cstart and
                         not self._refusal_at(t.token_start)]  # "menolak untuk berunding"
            if not any(t.cameo[:2] >= "09" for t in governing):
                prev = [m for m in usable if pstart <= m.token_start and m.token_end <= cstart
                        and self._prep(m, sv.ts) is None]
                prev = self._after_last_comma(prev, pstart, cstart) or prev
                if prev:
                    subject = self._group(prev[0], prev[1:])
                    rule = "subject of the clause the purpose belongs to"
        relative = self._grammar(cstart) == "relative"
        announcer = None if subject or purpose or relative else \
            self._announcer(sv, cstart, bounds[k - 1] if k >= 1 else sv.ts, usable)
        if relative and not subject:
            rule = "relative clause without an actor as its head"
        elif announcer is not None:
            # "Prancis juga mengumumkan akan mengakui negara Palestina": who announces
            # does what is announced
            subject = [announcer]
            rule = "subject of the statement the clause is the content of"
        elif not subject and prev_subject and not purpose:
            # "tiba di Pyongyang dan bertemu dengan Choe"; but "X menyatakan keprihatinan
            # atas serangan Israel ..., dan memperingatkan AS": a verb shares the subject
            # of the last verb, not the agent of an event noun in between
            subject = prev_subject
            if not nominal and self._prev_nominal and self._verb_subject:
                subject = self._verb_subject
            rule = "subject shared with previous predicate"
        after_tag = self._tag_start is not None and t0 > self._tag_start
        if not subject and after_tag and not purpose and not relative:
            # "..., ujar Mangindaan usai menerima Phu Trong": the speaker, if anyone
            subject = [self._speaker] if self._speaker is not None else []
            rule = "speaker of the tag"
        if not subject and not purpose and not relative and not after_tag:
            sent_left = [m for m in usable if m.token_end <= t0 and
                         self._prep(m, sv.ts) is None and
                         not any(a <= m.token_start < b for a, b in reporting)]
            if sent_left and not any(self.tokens[b].norm == "bahwa" for b in bounds
                                     if sent_left[0].token_end <= b < t0) and \
                    not self._own_subject(cstart, t0) and \
                    not (nominal and self._grammar(cstart) == "clause" and
                         not self._met_with(sv, root, t1)):
                # (but "..., saat perang terus berkecamuk": a noun in a clause of its own
                # is nobody's act; "X ... seusai pertemuan dengan Putin" is X's meeting)
                subject = self._group(sent_left[0], sent_left[1:])
                rule = "sentence subject"
        opening = self._grammar(sv.ts) in ("clause", "opening") or t0 == sv.ts
        if not subject and not left and not purpose and not relative and opening and \
                cstart <= sv.ts + 1:
            # "Seraya menyeru pembebasan Tamimi, Amnesty mengatakan ...", "Dalam diskusinya
            # dengan Duterte, Jokowi ...", "Menuduh Hamas mengulur waktu, Elkin ...": an
            # opening phrase without a subject shares the main clause's, after the comma
            main = self._main_subject(sv, t1, usable)
            if main is not None:
                subject = [main]
                right = [m for m in right if m.token_start < main.token_start]
                rule = "subject of the main clause after an opening clause"
        if not subject and self._speaker is not None and self._tag_start is not None and \
                t1 <= self._tag_start and not purpose and not relative and \
                not (nominal and root != "04"):
            # "“Kami mengecam keras tindakan itu,” ujar Lin Jian": the speaker acts (but
            # "eskalasi perang dagang ...," kata Sri Mulyani: she wages no trade war; a
            # meeting she speaks of may be hers)
            subject = [self._speaker]
            rule = "speaker of the quote"
        last = self.tokens[t1 - 1].text.lower()
        owner = self.memory.last_person or next(
            (m for m in reversed(self.memory.recent) if m.kind == "person" and m.code), None)
        if not subject and nominal and root == "04" and last.endswith("nya") and \
                not (sc.trig.entry or "").endswith("nya") and owner is not None and \
                not purpose and not relative:
            # "pertemuannya berlanjut dengan Raja Belgia": the meeting of the person the
            # story follows
            subject = [owner]
            rule = "the person '-nya' points to: whose meeting it is"
        expanded: list[ActorMention] = []
        for m in subject:
            expanded.extend(self._resolve_pair(m))
        subject = [m for m in expanded if m.code]
        sc.right = right
        return subject, rule

    def _announcer(self, sv: SentenceView, cstart: int, pstart: int,
                   usable: list[ActorMention]) -> ActorMention | None:
        """The subject of the statement verb whose content clause starts at ``cstart``
        ("mengumumkan akan ..."), if the clause names no subject of its own."""
        gov = next((t for t in sv.triggers if t.cameo[:2] == "01" and verbal(t.text) and
                    t.token_end == cstart), None)
        if gov is None:
            return None
        cands = [m for m in usable if pstart <= m.token_start and m.token_end <= gov.token_start
                 and self._prep(m, sv.ts) is None and not self._possessor(m)]
        cands = self._after_last_comma(cands, pstart, gov.token_start) or cands
        return cands[0] if cands else None

    def _surrender_called(self, sv: SentenceView, trig: TriggerMention) -> bool:
        """True when what an appeal calls for, right after it, is surrender."""
        return any(self._grammar(i) == "surrender"
                   for i in range(trig.token_end, min(sv.te, trig.token_end + 6)))

    def _met_with(self, sv: SentenceView, root: str, t1: int) -> bool:
        """True when a consultation noun names its partner right after it ("pertemuan
        dengan Putin"): someone in the sentence met them."""
        return root == "04" and t1 < sv.te and self.tokens[t1].norm == "dengan"

    def _near(self, sc: TriggerScope) -> list[ActorMention]:
        """The actors close after the trigger, where its object stands."""
        sv, trig, t1, frame = sc.sv, sc.trig, sc.t1, sc.frame
        right = sc.right
        near = [m for m in right if m.token_start - t1 <= OBJECT_WINDOW and
                not self._next_subject(m, t1, sv) and not self._proxied(m)]
        if trig.cameo[:3] in ("051", "052"):
            # support and praise go to what is named right after them: "mendukung
            # Palestina", not "mendukung operasi militernya melawan Ukraina"
            # (nor "mendukung operasi militer terhadap Iran": the operation's target)
            # (nor "mendukung ancaman terhadap Iran": what a threat or attack is aimed at)
            near = [m for m in near if not self._opposed(m, sv) and (
                m.token_start - t1 <= 2 or self._beneficiary(m, t1) and
                self.tokens[m.token_start - 1].norm != "terhadap")]
        if not near and frame in ("mutual", "host", "guest"):
            # "bertemu Menteri Minister of Trade, Industry and Energy (MOTIE) Korea Selatan
            # Ahn Duk Geun": a long title before the person met
            near = [m for m in right if m.token_start - t1 <= 2 * OBJECT_WINDOW and
                    m.kind in ("person", "name", "role")][:1]
        # a relative clause ends at the main verb: "Perintah Trump yang ditandatangani
        # pekan lalu melarang warga Iran ...": Iran is what is banned, not a signatory
        verbs = [t.token_start for t in sv.triggers if t is not trig and t.token_start >= t1
                 and t.frame != "noun" and verbal(t.text)]
        relative = self.tokens[sc.cstart].norm == "yang" or (
            sc.cstart > sv.ts and self._grammar(sc.cstart - 1) == "relative")
        if verbs and relative and trig.cameo[:2] != "03":
            near = [m for m in near if m.token_start < verbs[0]]
        return near

    def _opposed(self, m: ActorMention, sv: SentenceView) -> bool:
        """True for an actor after "melawan", or after "terhadap" that follows a threat or
        an attack ("ancaman terhadap Iran"): what is opposed, not who is backed."""
        before = self.tokens[m.token_start - 1].norm if m.token_start > sv.ts else ""
        if before == "melawan":
            return True
        return before == "terhadap" and any(
            t.token_end == m.token_start - 1 and t.cameo[:2] >= "13" for t in sv.triggers)

    def _emit(self, sc: TriggerScope, pairs: list[tuple[ActorMention | None, ActorMention | None]],
              rule: str) -> tuple[list[Event], str]:
        """The events of the chosen pairs, with the code tweaks a pair calls for."""
        sv, trig, root = sc.sv, sc.trig, sc.root
        frame, cstart, cend, bounds = sc.frame, sc.cstart, sc.cend, sc.bounds
        reporting = sc.reporting
        events = []
        for src, tgt in pairs:
            if src is None and tgt is None:
                continue
            if root == "01" and (src is None or tgt is None):
                continue
            if trig.cameo == "140" and src is not None and tgt is not None and \
                    self._official(src):
                # "protes Amerika Serikat terhadap campur tangan Rusia": a state's protest
                # is an official complaint (114), not a demonstration
                trig = dataclasses.replace(trig, cameo="114")
                rule += "; a state's protest: an official complaint"
            if root == "02" and self._surrender_called(sv, trig):
                # "menyerukan agar Iran menyerah", "mendesak Iran untuk menyerah tanpa
                # syarat": a call to surrender is a demand
                trig = dataclasses.replace(trig, cameo="100")
                rule += "; a call to surrender: a demand"
            if trig.cameo == "010":
                # plain saying ("mengatakan kepada X"): what is said is the event, coded
                # by its own trigger; the saying itself is no event between two actors,
                # unless it was said on the telephone ("kata Kim kepada Guterres melalui
                # telepon"): a call is a consultation (041)
                if tgt is None or not any(self._grammar(i) == "phone"
                                          for i in range(sv.ts, sv.te)):
                    continue
                trig = dataclasses.replace(trig, cameo="041")
                rule += "; said on the telephone: a call"
            if src is None and frame != "passive":
                continue
            if tgt is None and self.lex.grammar.get(first_word(trig.text)) == "objectful":
                continue  # "mendorong pertumbuhan", "mengakui bahwa ...": no one acted on
            if self._firm_alone(src, tgt) or root in ("15", "18", "19", "20") and \
                    src is not None and src.code and src.code[3:6] in BUSINESS_AGENTS:
                # "Huawei menawarkan performa tangguh": product news; "Samsung menggempur
                # Xiaomi di India": firms fight markets, not armies
                continue
            if root == "04" and src is not None and src.code and (
                    src.code[3:6] in PRIVATE_AGENTS or src.code[3:6] in BUSINESS_AGENTS and
                    tgt.code[:3] == src.code[:3]):
                # "Turis dari China berkunjung ke Penang"; a firm meeting its own government
                # (_firm_alone has left firms only with a coded other party)
                continue
            ev = self._event(sv, trig, src, tgt, bounds, reporting, cstart, cend, rule)
            events.append(ev)
            if trig.cameo == "174" and tgt is not None and \
                    self._grammar(tgt.token_start) == "envoy":
                # expelling diplomats deports persons (174) and cuts relations (161):
                # coders choose either, so the event is given under both codes
                events.append(self._event(sv, dataclasses.replace(trig, cameo="161"), src,
                                          tgt, bounds, reporting, cstart, cend,
                                          rule + "; diplomats expelled: relations cut"))
            if src is not None and src.code and root != "01":
                self.memory.last_actor, self.memory.last_actor_at = src, self._sentence
            if src is not None and src.kind in ("person", "name", "pronoun") and src.code:
                self.memory.last_person = src  # whom a later "-nya" points to
            if src and tgt and src.code and tgt.code and src.code[:3] != tgt.code[:3] and \
                    root in ("18", "19", "20") and ev.mode == "asserted":
                self.memory.last_conflict = (src, tgt)  # whom "kedua belah pihak" may mean
            if src and tgt and src.code and tgt.code and src.code[:3] != tgt.code[:3] and \
                    self.memory.subject_pair_at != self._sentence:
                # a pair named as a subject ("Putin dan Xi") outranks a pair an event joins
                self.memory.last_pair = (src, tgt)
                self.memory.last_pair_at = self._sentence
        return events, rule

    def _event(self, sv: SentenceView, trig: TriggerMention, src: ActorMention | None,
               tgt: ActorMention | None, bounds: list[int], reporting: list[tuple[int, int]],
               cstart: int, cend: int, rule: str) -> Event:
        art = self.article
        date, precision, basis = self._date(sv, trig.token_start, cstart, cend, reporting)
        mode, marker = self._mode(sv, trig.token_start, cstart)
        code = trig.cameo
        if mode in ("intent", "vow", "future", "refusal"):
            # "akan bertemu", "siap mengakui": the announced cooperation is an expression
            # of intent (03x); "tidak akan menegosiasikan", "menolak untuk berunding": the
            # refused one a rejection (12x); both asserted. Anything else announced stays
            # hypothetical, refused negated; and only the source's own stance counts
            # ("Turki menawarkan diri menjadi mediator perundingan antara Rusia dan
            # Ukraina" is no intent of Russia's)
            own = src is not None and src.token_end <= marker
            announced = mode != "refusal"
            table = self.lex.intents if announced else self.lex.refusals
            stance = self._stance_code(table, code) if own else None
            if stance and stance[:2] != "03" and mode == "intent":
                stance = None  # "berniat menyerang": a plan reported, not a threat made
            if stance and stance[:2] == "03" and mode == "future" and code[:2] == "04":
                # "akan bertemu", "akan mengunjungi": a meeting or visit scheduled, not an
                # intent declared (but "akan mengakui Palestina" pledges recognition)
                stance = None
            if stance and announced:
                rule += f"; {ANNOUNCED}"
            mode = "asserted" if stance else "hypothetical" if announced else "negated"
            code = stance or code
            pub = art.published.isoformat() if art.published else None
            if stance and date and pub and date > pub[:len(date)]:
                # "akan mengakui Palestina pada September mendatang": the pledge is made
                # now; the month named is the act's, still to come
                date, precision, basis = pub, "day", "published"
        cameo = self.lex.cameo.get(code)
        conf = 0.9
        for m in (src, tgt):
            if m is None:
                conf -= 0.3
            elif m.kind == "pronoun" or (m.entry or "").startswith("alias"):
                conf -= 0.1
        if mode != "asserted":
            conf -= 0.2
        sa = actor_of(src) if src else None
        ta = actor_of(tgt) if tgt else None
        location = self._location(sv, trig.token_start, cstart, cend, tgt, trig.frame)
        if location is not None and location.country:
            # a transnational armed group (ISIS, al-Qaeda) is coded by its base; where the
            # event names a place, the group is that country's ("serangan udara AS terhadap
            # ISIS di Raqqa, Suriah": SYRIMG)
            sa, ta = _placed(sa, location.country), _placed(ta, location.country)
        # "militan ISIS di Afghanistan": the group's own place names its country
        if (here := self._place_right_after(sv, src)) is not None:
            sa = _placed(sa, here)
        if (here := self._place_right_after(sv, tgt)) is not None:
            ta = _placed(ta, here)
        return Event(
            event_id=event_id(art.doc_id, sv.start, sv.end, trig.start, trig.cameo,
                               sa.code if sa else None, ta.code if ta else None),
            doc_id=art.doc_id,
            url=art.url,
            outlet=art.outlet,
            published=art.published.isoformat() if art.published else None,
            date=date,
            date_precision=precision,
            date_basis=basis,
            source=sa,
            target=ta,
            cameo=cameo.code,
            root=cameo.root,
            quad_class=cameo.quad_class,
            goldstein=cameo.goldstein,
            plover=cameo.plover,
            mode=mode,
            trigger_text=trig.text,
            trigger_span=(trig.start, trig.end),
            location=location,
            sentence=art.text[sv.start:sv.end],
            sentence_span=(sv.start, sv.end),
            confidence=round(max(conf, 0.1), 2),
            rule=rule,
        )


def published_day(article: Article) -> dt.date | None:
    """The date dictionary entries are checked against."""
    return article.published
