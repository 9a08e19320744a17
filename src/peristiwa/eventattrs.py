"""An event's attributes: its mode, date and place, and actors found from context.

A mixin of the event builder.
"""

from __future__ import annotations

import bisect

from peristiwa.clauses import ClauseReader, patient_noun, verbal
from peristiwa.records import ActorMention, Article, Location, TimeMention, TriggerMention
from peristiwa.views import SentenceView

__all__ = ["EventAttributes", "OBJECT_WINDOW", "MODE_WINDOW"]

OBJECT_WINDOW = 8  # tokens after a trigger in which its object may stand
MODE_WINDOW = 5  # tokens before a trigger in which a modal word counts
# tokens after a threat or warning verb that still tell what is threatened
THREAT_CONTENT = 12
# tokens after a trigger within which "jika/apabila ..." makes it a condition's consequence
CONDITION_REACH = 8
BUSINESS_AGENTS = frozenset({"BUS", "MNC"})  # firms: their meetings count only abroad


class EventAttributes(ClauseReader):
    """Mode, date and place of an event; protesters, visit places, condemned agents."""

    article: Article
    story: TimeMention | None

    def _condemned_agent(self, sv: SentenceView, t1: int, cend: int,
                         right: list[ActorMention]) -> ActorMention | None:
        """The agent of an event noun right after a condemning verb, if the text names it."""
        noun = next((t for t in sv.triggers if t1 <= t.token_start <= t1 + 3
                     and not verbal(t.text)), None)
        if noun is None:
            return None
        after = [m for m in right if m.token_start >= noun.token_end]
        if after and after[0].token_start - noun.token_end <= 1 and \
                not patient_noun(noun.text, noun.cameo[:2]) and \
                self._prep(after[0], sv.ts) is None:
            return after[0]  # "mengecam serangan Israel"
        return next((m for m in after if self._prep(m, sv.ts) == "by"), None)

    def _protesters(self, sv: SentenceView, t0: int) -> list[ActorMention]:
        """Civilians of the country where a protest takes place ("demonstran ... di Jakarta")."""
        for p, (a, b) in zip(sv.places, sv.place_tokens, strict=True):
            # not the place of what is protested against ("protes terhadap operasi
            # militer Israel di Gaza")
            if p.country and a > sv.ts and self._grammar(a - 1) == "at" and not any(
                    self._grammar(i) == "to" for i in range(min(t0, a), max(t0, a))):
                return [ActorMention(p.start, p.end, p.text, p.country + "CVL", "place", None,
                                     "protest place (places.tsv)", a, b)]
        return []

    def _arrest_place(self, sv: SentenceView, t1: int, cend: int,
                      held: list[ActorMention]) -> ActorMention | None:
        """The state of the place right after a passive arrest ("ditangkap di Belanda")."""
        for m in sv.actors:
            if t1 <= m.token_start <= t1 + 2 and m.token_start < cend and \
                    m.kind in ("country", "metonym") and m.code and \
                    self._grammar(m.token_start - 1) == "at" and \
                    all(h.code and h.code[:3] != m.code[:3] for h in held):
                return m
        for p, (a, b) in zip(sv.places, sv.place_tokens, strict=True):
            if t1 <= a <= t1 + 2 and a < cend and self._grammar(a - 1) == "at" and \
                    p.country and all(h.code and h.code[:3] != p.country for h in held):
                return ActorMention(p.start, p.end, p.text, p.country, "place", None,
                                    "arrest place (places.tsv)", a, b)
        return None

    def _attack_place(self, sv: SentenceView, t1: int, cend: int,
                      attackers: list[ActorMention], any_place: bool = False
                      ) -> ActorMention | None:
        """The state of the place an attack hits ("menembaki warga di Gaza"), if it is not
        the attacker's own; not a region or body ("di Eropa", "Laut Hitam")."""
        nowhere = self.lex.regions | self.lex.internationals
        for m in sv.actors:
            if t1 <= m.token_start < min(cend, t1 + 2 * OBJECT_WINDOW) and \
                    m.kind in ("country", "metonym") and m.code and \
                    self._grammar(m.token_start - 1) == "at" and m.code[:3] not in nowhere and \
                    all(h.code and h.code[:3] != m.code[:3] for h in attackers):
                return m
        for p, (a, b) in zip(sv.places, sv.place_tokens, strict=True):
            # "di Gaza", "di wilayah Kharkiv", "ke kota Haifa"
            prep = self._grammar(a - 1) in ("at", "to", "toward") or (
                self.tokens[a - 1].text.islower() and self._grammar(a - 2) in ("at", "to"))
            if t1 <= a < min(cend, t1 + 2 * OBJECT_WINDOW) and p.country and \
                    (any_place or prep) and \
                    p.country not in nowhere \
                    and all(h.code and h.code[:3] != p.country for h in attackers):
                return ActorMention(p.start, p.end, p.text, p.country, "place", None,
                                    "attack place (places.tsv)", a, b)
        return None

    def _visit_place(self, sv: SentenceView, t1: int, cend: int) -> ActorMention | None:
        for p, (a, b) in zip(sv.places, sv.place_tokens, strict=True):
            if t1 <= a < min(cend, t1 + OBJECT_WINDOW) and p.country:
                return ActorMention(p.start, p.end, p.text, p.country, "place", None,
                                    "places.tsv", a, b)
        return None

    def _mode(self, sv: SentenceView, t0: int, cstart: int) -> tuple[str, int]:
        """The trigger's modality and where its marker starts (-1: none): asserted, negated,
        hypothetical, or the actor's own stance: intent (a plan, "berencana"), vow (a
        commitment, "akan", "siap"), refusal ("tidak akan", "menolak untuk"); a speculation
        or condition among the words makes a plan hypothetical."""
        lo = max(cstart, t0 - MODE_WINDOW, sv.ts)
        mode = "asserted"
        stance: tuple[str, int] | None = None  # the last intent or vow marker
        trig = next((t for t in sv.triggers if t.token_start == t0), None)
        if trig is not None and not verbal(trig.text) and any(
                t.cameo[:2] == "12" and verbal(t.text) and t0 - 2 <= t.token_end <= t0
                for t in sv.triggers):
            return "negated", -1  # "menolak kunjungan parlemen Israel": the visit is refused
        # start a little earlier so a phrase cut by the window ("atas undangan") is whole
        for m in self.lex.modality.finditer(self.tokens, max(cstart, lo - 3, sv.ts), t0):
            if m.end <= lo:
                continue
            if m.payload in ("negated", "refusal"):
                return m.payload, m.start
            if m.payload in ("hypothetical", "condition"):
                mode = "hypothetical"
            elif m.payload == "ability" and self._reported_at(sv, m.start):
                # "Araghchi mengatakan bahwa AS dapat menghentikan serangan Israel": what
                # someone says could be done (but "dapat bertemu" in a report: managed to)
                mode = "hypothetical"
            elif m.payload in ("intent", "vow", "future"):
                stance = (m.payload, m.start)
        if mode == "asserted":
            # a hedge that opens the clause, or the sentence before coordinated clauses,
            # covers all of it: "Kemungkinan besar ada eksplosasi dan penyerangan Israel"
            start = cstart
            if cstart > sv.ts and self._grammar(cstart) == "coord":
                start = sv.ts
            opening = self.lex.modality.match_at(self.tokens, start)
            if t0 - start > MODE_WINDOW and opening is not None and \
                    opening.payload in ("hypothetical", "condition"):
                return "hypothetical", opening.start
            if stance is not None:
                return stance
        if mode == "asserted" and sv.ts < cstart and t0 - cstart <= 3:
            # the clause hangs on a modal verb just before it: "membantah telah menyerang",
            # "punya rencana untuk menyerang", "siap untuk berunding"
            # ("menolak untuk berunding": the phrase takes in the clause's "untuk")
            for m in self.lex.modality.finditer(self.tokens, max(sv.ts, cstart - 3),
                                                cstart + 1):
                if m.end in (cstart, cstart + 1) and m.start < cstart and \
                        m.payload in ("negated", "hypothetical", "condition", "intent",
                                      "vow", "future", "refusal"):
                    return ("hypothetical" if m.payload == "condition" else m.payload), m.start
        if mode == "asserted":
            threat = self._threat_content(sv, t0)
            if threat is not None:
                return "hypothetical", threat
            condition = self._condition_after(sv, trig)
            if condition is not None:
                return "hypothetical", condition
        if mode == "asserted" and self._grammar(cstart) == "purpose" and cstart > sv.ts:
            # "menyiapkan rudal untuk menyerang pangkalan AS": the aim of a preparation
            pstart = max(sv.ts, cstart - MODE_WINDOW * 2)
            for m in self.lex.modality.finditer(self.tokens, pstart, cstart):
                if m.payload in ("hypothetical", "condition", "intent"):
                    return "hypothetical", m.start
        return mode, -1

    def _reported_at(self, sv: SentenceView, i: int) -> bool:
        """True when token i stands in what someone says: after "bahwa", or in a quote."""
        if any(self.tokens[k].norm == "bahwa" for k in range(sv.ts, i)):
            return True
        return any(self.tokens[k].text in '"“' for k in range(sv.ts, i))

    def _condition_after(self, sv: SentenceView, trig: TriggerMention | None) -> int | None:
        """Where a condition right after the trigger starts ("menyerang pangkalan AS jika
        Washington bergabung"), if any: what is conditional has not happened."""
        if trig is None or trig.cameo[:2] in ("01", "02", "10", "13"):
            return None  # threats and demands are conditional by nature
        for i in range(trig.token_end, min(sv.te, trig.token_end + CONDITION_REACH)):
            if any(t.token_start == i for t in sv.triggers) or \
                    self._grammar(i) in ("purpose", "coord") or self.tokens[i].text == ";":
                return None
            m = self.lex.modality.match_at(self.tokens, i)
            if m is not None and m.payload == "condition":
                return i
        return None

    def _threat_content(self, sv: SentenceView, t0: int) -> int | None:
        """Where the threat or warning starts whose content the trigger at ``t0`` is, if
        any: what is threatened has not happened ("memperingatkan bahwa mereka dapat
        menyerang situs nuklir Iran"; not "..., ujarnya memperingatkan seraya mencatat
        bahwa Iran mendukung Rusia": another verb's content)."""
        for t in sv.triggers:
            if t.cameo[:2] != "13" or not verbal(t.text) or \
                    not t.token_end < t0 <= t.token_end + THREAT_CONTENT:
                continue
            if any(u is not t and t.token_end <= u.token_start < t0 for u in sv.triggers):
                continue
            # (the trigger may end in its own "bahwa": "membanggakan bahwa")
            opens = next((i for i in range(t.token_end - 1, min(t0, t.token_end + 6))
                          if self.tokens[i].norm in ("bahwa", ",") or
                          self.lex.grammar.get(self.tokens[i].norm) == "purpose"), None)
            if opens is not None and not any(
                    self.tokens[i].norm in ("seraya", "sambil", "sembari")
                    for i in range(t.token_end, t0)):
                return t.token_start
        return None

    def _date(self, sv: SentenceView, t0: int, cstart: int, cend: int,
              reporting: list[tuple[int, int]]) -> tuple[str | None, str | None, str | None]:
        best: tuple[int, TimeMention] | None = None
        starts = [t.start for t in self.tokens[sv.ts:sv.te]]
        for tm in sv.times:
            if tm.date is None:
                continue
            ti = sv.ts + bisect.bisect_left(starts, tm.start)
            if any(a <= ti < b and not a <= t0 < b for a, b in reporting):
                continue  # a time in "kata KCNA, Jumat (12/4)" dates the report, not the event
            if ti > t0 and any(self._grammar(i) == "relative" for i in range(t0 + 1, ti)):
                continue  # "janda Liu, yang menjadi tahanan rumah sejak 2010": another's time
            if ti > t0 and any(t0 < t.token_start < ti for t in sv.triggers):
                continue  # "mengutuk serangan Hamas pada 7 Oktober 2023": the attack's date
            in_clause = cstart <= ti < cend
            dist = abs(ti - t0) + (0 if in_clause else 1000)
            if best is None or dist < best[0]:
                best = (dist, tm)
        if best is not None:
            tm = best[1]
            return tm.date, tm.precision, tm.basis
        if self.story is not None:
            return self.story.date, self.story.precision, self.story.basis
        pub = self.article.published
        if pub is not None:
            return pub.isoformat(), "day", "published"
        return None, None, None

    def _location(self, sv: SentenceView, t0: int, cstart: int, cend: int,
                  tgt: ActorMention | None, frame: str) -> Location | None:
        best = None
        for p, (a, _) in zip(sv.places, sv.place_tokens, strict=True):
            if not (cstart <= a < cend):
                continue
            b = a - 1
            while b > sv.ts and a - b <= 3 and self._grammar(b) in ("area", "near"):
                b -= 1  # "di timur Aleppo", "di Provinsi Raqa", "di dekat Sarmada"
            prev = self._grammar(b) if b >= sv.ts else None
            if prev == "at" or (frame == "visit" and prev in ("toward", "at")):
                d = abs(a - t0)
                if best is None or d < best[0]:
                    best = (d, p)
        if best is None and frame == "visit" and tgt is not None and tgt.kind == "place":
            for p in sv.places:
                if p.start == tgt.start:
                    best = (0, p)
        if best is None:
            return None
        p = best[1]
        return Location(p.name, p.country, p.lat, p.lon)

    @staticmethod
    def _firm_alone(src: ActorMention | None, tgt: ActorMention | None) -> bool:
        """True when a firm acts on no state or foreign party, or is acted on by no one."""
        firms = [m for m in (src, tgt) if m is not None and m.code and
                 m.code[3:6] in BUSINESS_AGENTS]
        if not firms:
            return False
        if src is None or tgt is None or not src.code or not tgt.code:
            return True
        return src.code[:3] == tgt.code[:3] and all(
            m.code[3:6] in BUSINESS_AGENTS for m in (src, tgt))

    def _place_right_after(self, sv: SentenceView, m: ActorMention | None) -> str | None:
        """The country of a place named right after an actor ("ISIS di Afghanistan")."""
        if m is None or not m.code or m.code[3:6] != "IMG":
            return None
        at = m.token_end
        if at < sv.te and self._grammar(at) == "at":
            for p, (a, _) in zip(sv.places, sv.place_tokens, strict=True):
                if a == at + 1 and p.country:
                    return p.country
            for c in sv.actors:
                if c.token_start == at + 1 and c.kind in ("country", "metonym") and c.code:
                    return c.code[:3]
        return None
