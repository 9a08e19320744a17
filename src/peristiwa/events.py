"""Assemble events from a sentence's triggers and actors: roles, mode, date, place."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib

from peristiwa.clauses import first_word, patient_noun, verbal
from peristiwa.clauses import nominal as is_nominal
from peristiwa.eventattrs import MODE_WINDOW, OBJECT_WINDOW, EventAttributes
from peristiwa.lexicon import Lexicon
from peristiwa.records import (
    Actor,
    ActorMention,
    Article,
    Event,
    TimeMention,
    Token,
    TriggerMention,
)
from peristiwa.speech import SpeechReader
from peristiwa.views import ArticleMemory, Decision, SentenceView

__all__ = ["SentenceView", "ArticleMemory", "EventBuilder", "Decision", "MODE_WINDOW",
           "OBJECT_WINDOW"]

SUBJECT_PREPS = (None, "by")
# Private people travel and meet every day: a visit or meeting (root 04) is a political
# event only when its source acts for a state, a party or an organisation.
PRIVATE_AGENTS = frozenset({"CVL", "BUS", "MNC", "LAB", "AGR", "MED", "EDU", "HLH", "REF",
                            "SET", "REL", "CRM"})
# Reporters (media) are kept out of events, except as what is criticised, demanded of,
# threatened, coerced or attacked ("Netanyahu mengkritik surat kabar AS").
MEDIA_VICTIM_ROOTS = frozenset({"10", "11", "13", "17", "18", "19", "20"})


def _event_id(doc_id: str, *parts: object) -> str:
    h = hashlib.sha1(doc_id.encode("utf-8"))
    for p in parts:
        h.update(b"\x1f")
        h.update(str(p).encode("utf-8"))
    return h.hexdigest()[:16]


def _actor(m: ActorMention) -> Actor:
    code = m.code
    return Actor(
        text=m.text,
        name=m.name if m.kind in ("person", "name", "pronoun") else None,
        code=code,
        country=code[:3] if code else None,
        agent=code[3:6] if code and len(code) >= 6 else None,
        span=(m.start, m.end),
    )


class EventBuilder(SpeechReader, EventAttributes):
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
            self._sentence = sv.index
            bounds = self._boundaries(sv, words)
            reporting = []
            for a, _ in words:
                k = bisect.bisect_right(bounds, a)
                reporting.append((a, bounds[k] if k < len(bounds) else sv.te))
            seen: set[tuple] = set()
            prev_subject: list[ActorMention] | None = None
            prev_root = "00"
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
                if subj:
                    prev_subject, prev_root = subj, trig.cameo[:2]
                    if len(subj) >= 2 and subj[0].code and subj[1].code and \
                            subj[0].code[:3] != subj[1].code[:3]:
                        # "Putin dan Xi ... setelah keduanya ...": the pair just named
                        self.memory.last_pair = (subj[0], subj[1])
                        self.memory.last_pair_at = sv.index
                        self.memory.subject_pair_at = sv.index
                kept = []
                for ev in made:
                    key = (ev.source.code if ev.source else None,
                           ev.target.code if ev.target else None, ev.cameo)
                    if key not in seen:
                        seen.add(key)
                        kept.append(ev)
                events.extend(kept)
                self.decisions.append(Decision(trig, rule, tuple(kept)))
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
        if subj_cands:
            subject = self._group(subj_cands[0], [m for m in left if m is not subj_cands[0]])
            rule = "subject in clause"
        elif self.tokens[cstart].norm == "yang" or (
                cstart > sv.ts and self._grammar(cstart - 1) == "relative"):
            # the noun just before "yang" heads the clause; if it is no actor, nobody does
            yang = cstart if self.tokens[cstart].norm == "yang" else cstart - 1
            before = [m for m in usable if m.token_end == yang]
            if before:
                subject = self._group_before(before[-1], usable)
                rule = "head of relative clause"
            elif prev_subject and prev_root in ("18", "19", "20") and root in ("18", "19", "20") \
                    and any(yang - 2 <= t.token_end <= yang for t in sv.triggers):
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
        if relative and not subject:
            rule = "relative clause without an actor as its head"
        elif not subject and prev_subject and not purpose:
            # "tiba di Pyongyang dan bertemu dengan Choe"
            subject = prev_subject
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
                    not (nominal and self._grammar(cstart) == "clause"):
                # (but "..., saat perang terus berkecamuk": a noun in a clause of its own
                # is nobody's act)
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
                t1 <= self._tag_start and not purpose and not relative:
            # "“Kami mengecam keras tindakan itu,” ujar Lin Jian": the speaker acts
            subject = [self._speaker]
            rule = "speaker of the quote"
        expanded: list[ActorMention] = []
        for m in subject:
            expanded.extend(self._resolve_pair(m))
        subject = [m for m in expanded if m.code]
        near = [m for m in right if m.token_start - t1 <= OBJECT_WINDOW and
                not self._next_subject(m, t1, sv) and not self._proxied(m)]
        if trig.cameo[:3] in ("051", "052"):
            # support and praise go to what is named right after them: "mendukung
            # Palestina", not "mendukung operasi militernya melawan Ukraina"
            near = [m for m in near if (m.token_start - t1 <= 2 or
                                        self._beneficiary(m, t1)) and
                    self.tokens[m.token_start - 1].norm != "melawan"]
        if not near and frame in ("mutual", "host", "guest"):
            # "bertemu Menteri Minister of Trade, Industry and Energy (MOTIE) Korea Selatan
            # Ahn Duk Geun": a long title before the person met
            near = [m for m in right if m.token_start - t1 <= 2 * OBJECT_WINDOW and
                    m.kind in ("person", "name", "role")][:1]

        pairs: list[tuple[ActorMention | None, ActorMention | None]] = []
        src_used: list[ActorMention] | None = None
        if frame == "passive":
            agents = [m for m in right if self._prep(m, sv.ts) == "by"]
            if not agents and self.lex.grammar.get(first_word(trig.text)) == "receive":
                # "menuai kritik keras dari Filipina": what is received comes from its agent
                agents = [m for m in right if self._prep(m, sv.ts) == "from"][:1]
            if not agents and near and near[0].token_start - t1 <= 1 and \
                    self._prep(near[0], sv.ts) is None:
                agents = [near[0]]  # "ditangkap otoritas Malaysia": "oleh" left out
                rule += "; agent right after the passive verb"
            src = agents[0] if agents else None
            if src is None and root == "17":
                # "Empat pengungsi Suriah ditangkap di Belanda": the state where someone is
                # arrested is the one that arrests
                src = self._arrest_place(sv, t1, cend, subject)
                if src is not None:
                    rule += "; arrested where: the place's state"
            for tgt in subject or [None]:
                if src or tgt:
                    pairs.append((src, tgt))
            rule += "; passive: subject is target, oleh-phrase is source"
        elif frame == "mutual" and nominal and self._hyphen_pair(right, t1):
            # "penandatanganan kesepakatan damai permanen Thailand-Kamboja"
            a, b = self._hyphen_pair(right, t1)
            pairs.append((a, b))
            rule += "; mutual: the pair written X-Y after the noun"
        elif frame == "mutual" and len(subject) >= 4:
            # "Arab Saudi, Qatar, Mesir, Yordania, dan Turki menandatangani deklarasi
            # bersama": a multilateral act, no bilateral event between any two of them
            rule += "; mutual: a list of four or more is multilateral"
        elif frame == "mutual" and len(subject) >= 2 and not after_prep and not (
                nominal and self._antara_pair(right, sv.ts, t1)) and not (
                # "melemahnya Hamas dan Hizbullah akibat perang Israel": the noun's own
                # agent right after it, not the clause's pair
                nominal and near and near[0].token_start == t1 and
                self._prep(near[0], sv.ts) is None):
            pairs.append((subject[0], subject[1]))
            rule += "; mutual: coordinated pair"
        else:
            src_list: list[ActorMention] = subject
            src_used = src_list
            objs = near
            ends_in_prep = self.tokens[t1 - 1].norm in ("depan", "terhadap", "ke", "kepada",
                                                          "atas", "dengan", "di")
            light = bool(src_list) and self._light_verb(t0, trig)
            genitive = nominal and near and near[0].token_start - t1 <= 2 and \
                not ends_in_prep and self._prep(near[0], sv.ts) is None and \
                not any(self._grammar(i) in ("to", "toward")
                        for i in range(t1, near[0].token_start))  # "kecaman terhadap serangan X"
            if genitive and (light or patient_noun(trig.text, root)):
                # "memerintahkan pengusiran 15 diplomat Iran", "penangkapan dua WNI oleh
                # polisi Malaysia": the actor after the noun is the one acted on
                if not light:
                    src_list = []
                rule += "; noun: actor after the noun is acted on"
            elif genitive:
                # "kunjungan Zhao ke Pyongyang", "kecaman Iran terhadap Israel": the actor
                # right after an event noun is its agent, whoever the clause's subject is
                src_list = self._group(near[0], near[1:])
                # its target stands after terhadap/ke/atas, or right after it ("perang
                # Rusia-Ukraina"); not across a comma or a copula ("serangan Israel, Kemlu")
                objs = [m for m in near if m not in src_list and (
                    self._governed(m, src_list[-1].token_end) or
                    m.token_start == src_list[-1].token_end)]
                rule += "; noun: actor after the noun is its source"
                if frame == "mutual" and 2 <= len(src_list) <= 3:
                    # "perundingan Palestina dan Israel": the pair after the noun are its
                    # parties, with each other
                    pairs.append((src_list[0], src_list[1]))
                    rule += "; mutual: the pair after the noun"
            elif (frame == "noun" or after_prep) and src_list and not light:
                # "X mengecam serangan terhadap Y": X is not the attacker; only a light
                # verb ("melancarkan serangan") makes the subject the agent of the noun
                src_list = []
                rule += "; noun without agent"
            if frame in ("mutual", "noun"):
                grp = self._antara_pair(objs, sv.ts, t1)
                if grp:
                    pairs.append((grp[0], grp[1]))
                    objs = []
                    rule += "; pair after 'antara'"
                elif nominal and any(self.tokens[i].norm == "antara"
                                     for i in range(t1, min(t1 + 3, sv.te))):
                    # "negosiasi tarif antara AS dan sejumlah negara": the text names the
                    # parties, and not both are actors; the clause's subject is none of them
                    src_list, objs = [], []
                    rule += "; parties after 'antara' not both actors"
            if frame == "noun" and not src_list:
                # "penyerangan terhadap kapal bantuan oleh militer Israel"
                # (not the agent of a passive verb between: "bantuan ... untuk Gaza itu
                # dicegat oleh pasukan Israel")
                src_list = [m for m in right if self._prep(m, sv.ts) == "by" and not any(
                    t.frame == "passive" and t1 <= t.token_start < m.token_start
                    for t in sv.triggers)][:1]
                if src_list:
                    rule += "; agent after oleh"
            if frame == "mutual" and not subject and len(objs) >= 2:
                grp = self._group(objs[0], objs[1:])
                if len(grp) >= 2:
                    pairs.append((grp[0], grp[1]))
                    objs = []
                    rule += "; mutual: pair after the trigger"
            if root == "01":
                # said to someone ("mengatakan kepada Lavrov"), right after the verb; not a
                # "terhadap Iran" deep in what is said or considered
                objs = [m for m in objs if self._prep(m, sv.ts) == "to" and
                        m.token_start - t1 <= 3]
            elif frame in ("active", "host", "guest", "direct"):
                # "menarik pasukan dari Suriah", "memanggil pulang dubesnya dari Israel",
                # "menolak tawaran dialog dari AS"; protests "di depan Kedubes AS"
                # "menuntut permintaan maaf dari Trump"
                from_roots = ("08", "10", "11", "12", "16")
                preps = (None, "to", "toward", "from") if root in from_roots else \
                    (None, "to", "toward", "near") if root == "14" else (None, "to", "toward")
                objs = [m for m in objs if self._prep(m, sv.ts) in preps]
                if frame in ("guest", "direct") and objs and objs[0].token_start - t1 > 1:
                    objs = []  # "menerima" hosts only a guest named right after it
            elif frame == "visit":
                objs = [m for m in objs if self._prep(m, sv.ts) in (None, "to", "toward", "at")]
            else:
                objs = [m for m in objs if self._prep(m, sv.ts) in (None, "to", "toward")]
            if len(objs) > 1 and src_list and not self._addressee(objs[0], sv) and all(
                    s.code and objs[0].code and s.code[:3] == objs[0].code[:3]
                    for s in src_list) and self._prep(objs[0], sv.ts) is None:
                # "menyatakan dukungan Indonesia terhadap Palestina": the source's own
                # country after the noun is its possessor; the target comes later
                objs = objs[1:]
                rule += "; own country after the noun skipped"
            # a list may run past the object window: "langkah dari Selandia Baru,
            # Australia, Kanada, Inggris, dan Norwegia"
            targets = self._group(objs[0], [m for m in right if m.token_start >
                                            objs[0].token_start]) if objs else []
            if targets and self._next_subject(targets[-1], t1, sv):
                targets = []  # "..., rezim Kim dan Presiden Trump terus saling ..."
            resolved = []
            for m in targets:
                if m.kind == "pronoun" and m.code is None and m.name == "group":
                    claimant = self._claimant(m)
                    if claimant is None or any(s.code and claimant.code and
                                               s.code[:3] == claimant.code[:3]
                                               for s in src_list):
                        continue  # "menahan mereka": a group pronoun is no target we trust
                    m = claimant
                if m.name == "country" and m.token_start - t1 > 3:
                    continue
                pair = self._resolve_pair(m, frozenset(s.code[:3] for s in src_list if s.code))
                if len(pair) > 1 and any(s.code and p.code and s.code[:3] == p.code[:3]
                                         for s in src_list for p in pair):
                    # "Wang meminta kedua belah pihak": addressed to both sides, his own too
                    rule += "; target pair includes the source"
                    continue
                resolved.extend(pair)
            targets = resolved
            if root in ("11", "12") and not targets and src_list:
                agent = self._condemned_agent(sv, t1, cend, right)
                if agent is not None and agent.code and src_list[0].code and \
                        agent.code[:3] != src_list[0].code[:3]:
                    # "mengutuk penyerangan terhadap kapal bantuan oleh militer Israel":
                    # what is condemned is the attacker's act
                    targets = [agent]
                    rule += "; target: the agent of the condemned act"
            if trig.cameo[:3] == "054" and not targets and src_list:
                owner = self._recognised_for(sv, t1, cend, src_list)
                if owner is not None:
                    # "mengakui Yerusalem sebagai ibu kota Israel": recognised for Israel
                    targets = [owner]
                    rule += "; target: whom the recognition is for (sebagai ... X)"
            if root in ("11", "12") and not targets and src_list:
                prior = self._prior_actor(sv, t1, src_list)
                if prior is not None:
                    # "Pyongyang mengecam tindakan tersebut": the act just reported
                    targets = [prior]
                    rule += "; target: the actor of the act 'tersebut' points back to"
            last = self.tokens[t1 - 1].text.lower()
            if not targets and frame != "visit" and root not in ("01", "05") and \
                    last.endswith("nya") and \
                    not (trig.entry or "").endswith("nya") and self.memory.last_person and \
                    src_list and src_list[0].code and self.memory.last_person.code and \
                    self.memory.last_person.code[:3] != src_list[0].code[:3]:
                # "Menlu Iran meneleponnya": "-nya" is the person the story follows
                targets = [self.memory.last_person]
                rule += "; target: the person '-nya' points to"
            if (frame == "visit" or root == "16") and not targets:
                # "tiba di Pyongyang"; "menutup sementara Kedutaan Besarnya di Teheran"
                place = self._visit_place(sv, t1, cend)
                if place is not None:
                    targets = [place]
                    rule += "; visit: destination place"
            if (root in ("18", "19", "20") or trig.cameo[:3] in ("138", "025")) and \
                    not targets and src_list and not pairs and frame != "passive":
                # "menembaki warga di Jalur Gaza": those hit belong to the place's state;
                # "peringatan evakuasi bagi penduduk kota Haifa": those warned;
                # "menyerukan penghentian kekerasan di Sudan": the state called on
                place = self._attack_place(sv, t1, cend, src_list,
                                           any_place=trig.cameo[:3] == "138")
                if place is not None:
                    targets = [place]
                    rule += "; target: the state where the attack hit"
            if root == "14" and not src_list:
                src_list = self._protesters(sv, t0)
                if src_list:
                    subject = src_list
                    rule += "; protesters from the place of the protest"
            src_used = src_list
            if not pairs:
                for s in src_list or [None]:
                    for t in targets or [None]:
                        if s is not None and t is not None and s.code == t.code:
                            continue
                        pairs.append((s, t))
            rule += f"; {frame}"
        events = []
        for src, tgt in pairs:
            if src is None and tgt is None:
                continue
            if root == "01" and (src is None or tgt is None):
                continue
            if trig.cameo[:2] == "13" and trig.text.lower().startswith("memperingat") and \
                    self._warns_to_do(sv, t1):
                # "memperingatkan Netanyahu agar tidak menyerang Iran": a warning to do or
                # not do something is an appeal, as "memperingatkan agar" already is
                trig = dataclasses.replace(trig, cameo="020")
                rule += "; warning to do something: an appeal"
            if trig.cameo == "140" and src is not None and tgt is not None and \
                    self._official(src):
                # "protes Amerika Serikat terhadap campur tangan Rusia": a state's protest
                # is an official complaint (114), not a demonstration
                trig = dataclasses.replace(trig, cameo="114")
                rule += "; a state's protest: an official complaint"
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
            if root == "04" and src is not None and src.code and \
                    src.code[3:6] in PRIVATE_AGENTS:
                continue  # "Turis dari China berkunjung ke Penang"
            ev = self._event(sv, trig, src, tgt, bounds, reporting, cstart, cend, rule)
            events.append(ev)
            if src is not None and src.code and root != "01":
                self.memory.last_actor, self.memory.last_actor_at = src, self._sentence
            if src is not None and src.kind in ("person", "name", "pronoun") and src.code:
                self.memory.last_person = src  # whom a later "-nya" points to
            if src and tgt and src.code and tgt.code and src.code[:3] != tgt.code[:3] and \
                    self.memory.subject_pair_at != self._sentence:
                # a pair named as a subject ("Putin dan Xi") outranks a pair an event joins
                self.memory.last_pair = (src, tgt)
                self.memory.last_pair_at = self._sentence
        # what a following predicate may share: the passive's subject, else the doer used
        # ("mengecam serangan ... yang menewaskan": not the one who condemns)
        shared = subject if frame == "passive" or src_used is None else src_used
        return events, (shared or None), rule

    def _official(self, m: ActorMention) -> bool:
        """A state or its officials, not its citizens in the street."""
        if m.kind in ("country", "metonym", "organization"):
            return len(m.code or "") == 3
        return bool(m.code) and m.code[3:6] in ("GOV", "MIL", "LEG", "JUD")

    def _addressee(self, m: ActorMention, sv: SentenceView) -> bool:
        """True when ``m`` is who is urged to act ("mendorong Indonesia untuk aktif"): the
        source's own country there is the target, not a possessor to skip."""
        return m.token_end < sv.te and self._grammar(m.token_end) == "purpose"

    def _recognised_for(self, sv: SentenceView, t1: int, cend: int,
                        sources: list[ActorMention]) -> ActorMention | None:
        """The actor after "sebagai" in "mengakui X sebagai ibu kota Y" (Y), if another's."""
        end = min(cend, t1 + OBJECT_WINDOW)
        as_ = next((i for i in range(t1, end) if self.tokens[i].norm == "sebagai"), None)
        if as_ is None:
            return None
        for m in sv.actors:
            if as_ < m.token_start <= as_ + 4 and m.code and m.kind != "pronoun" and \
                    all(s.code and s.code[:3] != m.code[:3] for s in sources):
                return m
        return None

    def _prior_actor(self, sv: SentenceView, t1: int, sources: list[ActorMention]
                     ) -> ActorMention | None:
        """The source of the last event of the sentence before, when the object is an act
        pointed back to ("tindakan tersebut", "keputusan itu") and is another state's."""
        # "mengecam keras tindakan tersebut", "kecewa atas keputusan itu"
        if not any(i + 1 < sv.te and self._grammar(i) in ("act", "intent", "document") and
                   self.tokens[i + 1].norm in ("tersebut", "itu", "ini")
                   for i in range(t1, min(t1 + 3, sv.te))):
            return None
        prior = self.memory.last_actor
        if prior is None or self.memory.last_actor_at != self._sentence - 1:
            return None
        if any(s.code and s.code[:3] == prior.code[:3] for s in sources if prior.code):
            return None
        return prior

    def _refusal_at(self, i: int) -> bool:
        """True when a refusal phrase ("menolak untuk") starts at token ``i``."""
        m = self.lex.modality.match_at(self.tokens, i)
        return m is not None and m.payload == "refusal"

    def _stance_code(self, table: dict[str, str], code: str) -> str | None:
        """The intent (03x) or rejection (12x) code for a cooperative code."""
        return table.get(code) or table.get(code[:3]) or table.get(code[:2] + "0")

    def _event(self, sv: SentenceView, trig: TriggerMention, src: ActorMention | None,
               tgt: ActorMention | None, bounds: list[int], reporting: list[tuple[int, int]],
               cstart: int, cend: int, rule: str) -> Event:
        art = self.article
        date, precision, basis = self._date(sv, trig.token_start, cstart, cend, reporting)
        mode = self._mode(sv, trig.token_start, cstart)
        code = trig.cameo
        if mode in ("intent", "refusal"):
            # "akan bertemu", "siap mengakui": the announced cooperation is an expression
            # of intent (03x); "tidak akan menegosiasikan", "menolak untuk berunding": the
            # refused one a rejection (12x); both asserted. Anything else announced stays
            # hypothetical, refused negated; and only the source's own stance counts
            # ("Turki menawarkan diri menjadi mediator perundingan antara Rusia dan
            # Ukraina" is no intent of Russia's)
            own = src is not None and src.token_end <= self._intent_at
            table = self.lex.intents if mode == "intent" else self.lex.refusals
            stance = self._stance_code(table, code) if own else None
            mode = "asserted" if stance else \
                "hypothetical" if mode == "intent" else "negated"
            code = stance or code
        cameo = self.lex.cameo.get(code)
        conf = 0.9
        for m in (src, tgt):
            if m is None:
                conf -= 0.3
            elif m.kind == "pronoun" or (m.entry or "").startswith("alias"):
                conf -= 0.1
        if mode != "asserted":
            conf -= 0.2
        sa = _actor(src) if src else None
        ta = _actor(tgt) if tgt else None
        return Event(
            event_id=_event_id(art.doc_id, sv.start, sv.end, trig.start, trig.cameo,
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
            location=self._location(sv, trig.token_start, cstart, cend, tgt, trig.frame),
            sentence=art.text[sv.start:sv.end],
            sentence_span=(sv.start, sv.end),
            confidence=round(max(conf, 0.1), 2),
            rule=rule,
        )


def published_day(article: Article) -> dt.date | None:
    """The date dictionary entries are checked against."""
    return article.published
