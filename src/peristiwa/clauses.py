"""Read clause structure around triggers: boundaries, prepositions, subjects, lists.

A mixin of the event builder: every method reads ``self.tokens`` and ``self.lex``.
"""

from __future__ import annotations

import bisect

from peristiwa.lexicon import Lexicon
from peristiwa.records import ActorMention, Article, Token, TriggerMention
from peristiwa.views import SentenceView

__all__ = ["ClauseReader", "VERB_PREFIXES", "nominal", "patient_noun", "first_word", "verbal"]

VERB_PREFIXES = ("me", "ber", "di", "ter", "be")


def nominal(text: str) -> bool:
    """True for an event noun such as kunjungan, pertemuan, penandatanganan."""
    return first_word(text).endswith("an") and not verbal(text)


def first_word(text: str) -> str:
    """The first word of a trigger's text, lower-cased."""
    return text.split()[0].lower() if text else ""


def verbal(text: str) -> bool:
    """True when a trigger starts with a verb form (meN-, ber-, di-, ter-)."""
    return first_word(text).startswith(VERB_PREFIXES)


def patient_noun(text: str, root: str) -> bool:
    """True for a pe-an noun whose genitive is its patient: penangkapan/pengusiran WNI."""
    word = first_word(text)
    return word.startswith("pe") and word.endswith("an") and (
        root in ("17", "18", "20") or word.startswith("penembak"))


ANTARA_GAP = 4  # words from a noun to the "antara" of its pair: "perundingan damai antara"

class ClauseReader:
    """Structure of a sentence as the coder reads it from function words."""

    tokens: list[Token]
    lex: Lexicon
    article: Article
    _actors: list[ActorMention]  # the current sentence's actors

    def _grammar(self, i: int) -> str | None:
        return self.lex.grammar.get(self.tokens[i].norm)

    def _prep(self, m: ActorMention, ts: int) -> str | None:
        i = m.token_start - 1
        if i > ts and self.tokens[i].norm == self.tokens[m.token_start].norm:
            i -= 1  # "oleh pesawat-pesawat tempur Israel": the plural's first half
        if i > ts and self._grammar(i) == "plural":
            i -= 1  # "untuk para pengungsi Rohingya": the preposition before "para"
        if i < ts:
            return None
        if self.tokens[i].text == "," and m.kind == "country" and i > ts:
            # "di Brussels, Belgia": the country after a place is where, too
            before = next((a for a in self._actors if a.token_end == i), None)
            if before is not None and before is not m and self._prep(before, ts) == "at":
                return "at"
        role = self._grammar(i)
        if role == "purpose":
            return "to"
        return role if role in ("to", "by", "at", "toward", "from", "near", "topic") else None

    def _boundaries(self, sv: SentenceView, reporting: list[tuple[int, int]]) -> list[int]:
        out = []
        trigger_starts = {t.token_start for t in sv.triggers}
        for i in range(sv.ts, sv.te):
            tok = self.tokens[i]
            role = self._grammar(i)
            if tok.text in ";:" or role == "clause" and not self._starts_time(i, sv):
                out.append(i)  # (but "saat ini", "ketika itu" name a time, not a clause)
            elif role == "about" and i + 1 < sv.te:
                out.append(i)  # "buka suara soal tindakan Israel mencegat ...": a topic
            elif role in ("purpose", "relative") and (i + 1 in trigger_starts or
                                                       i + 2 in trigger_starts):
                out.append(i)  # "untuk membahas", "yang menewaskan": a clause of its own
            elif role == "purpose" and self._opens_verb(i + 1, sv.te):
                out.append(i)  # "mengimbau warganya untuk segera meninggalkan Iran"
            elif role == "coord" and i + 1 in trigger_starts:
                out.append(i)  # "... dan menyalahkan Pakistan": back to the main subject
        out.extend(a for a, _ in reporting)
        # a statement verb opens a content clause ("X mengatakan kunjungan Y ke Z ...")
        out.extend(t.token_end for t in sv.triggers if t.cameo[:2] == "01" and t.frame != "noun")
        return sorted(set(out))

    def _starts_time(self, i: int, sv: SentenceView) -> bool:
        """True when a clause word names a time instead: "saat ini" (now), "ketika itu"
        (then) take a determiner, not a clause."""
        return i + 1 < sv.te and self.tokens[i + 1].norm in ("ini", "itu")

    def _opens_verb(self, i: int, te: int) -> bool:
        """True when a verb (or trigger) follows within two words, quotes aside:
        'untuk "segera" menjatuhkan sanksi'."""
        words = 0
        while i < te and words < 2:
            if self.tokens[i].text in '"“”\'‘’':
                i += 1
                continue
            if self._verb_like(i):
                return True
            words += 1
            i += 1
        return False

    def _verb_like(self, i: int) -> bool:
        tok = self.tokens[i]
        return tok.text.islower() and len(tok.norm) > 5 and \
            tok.norm.startswith(("me", "ber", "di", "ter"))

    def _reporting(self, sv: SentenceView) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in self.lex.reporting.finditer(self.tokens, sv.ts, sv.te)]

    def _group(self, first: ActorMention, pool: list[ActorMention]) -> list[ActorMention]:
        """The actors coordinated with ``first`` ("Choe dan Zhao", "AS, Inggris dan Prancis")."""
        group = [first]
        last = first
        coordinated = 1  # members up to the last join made by a coordinating word
        for m in pool:
            if m.token_start < last.token_end:
                continue
            gap = self.tokens[last.token_end:m.token_start]
            if 1 <= len(gap) <= 2 and all(
                t.text == "," or self.lex.grammar.get(t.norm) in ("coord", "listing")
                for t in gap
            ):
                # "Bahrain, Uni Emirat Arab, bahkan Mesir": "bahkan" closes a list too
                has_coord = any(self.lex.grammar.get(t.norm) in ("coord", "listing")
                                for t in gap)
                # "Pejabat Korea Utara dan Tiongkok": the second shares the first's agent
                # (only from a role phrase: "Hamas dan Israel" leaves Israel a state)
                if m.code and len(m.code) == 3 and last.code and len(last.code) > 3 and \
                        m.kind in ("country", "metonym") and last.kind == "role":
                    m = ActorMention(m.start, m.end, m.text, m.code + last.code[3:6], m.kind,
                                     m.name, (m.entry or "") + " +shared agent",
                                     m.token_start, m.token_end)
                group.append(m)
                last = m
                if has_coord:
                    coordinated = len(group)
            else:
                break
        # "A, B" alone is an apposition, not a list: a list ends in "dan"/"serta"
        return group[:coordinated]

    def _media(self, m: ActorMention) -> bool:
        return bool(m.code) and m.code[3:6] == "MED"

    def _main_subject(self, sv: SentenceView, t1: int, usable: list[ActorMention]
                      ) -> ActorMention | None:
        comma = next((i for i in range(t1, sv.te) if self.tokens[i].text == ","), None)
        if comma is None:
            return None
        return next((m for m in usable if comma < m.token_start <= comma + 2
                     and self._prep(m, sv.ts) is None), None)

    def _after_last_comma(self, cands: list[ActorMention], lo: int, hi: int
                          ) -> list[ActorMention]:
        """The candidates after the last comma before the verb, when that comma closes an
        opening phrase: "Bersamaan dengan laporan FBI, Obama memutuskan ..." (not a list:
        "Iran, Rusia, dan China menandatangani ...")."""
        commas = [i for i in range(lo, hi) if self.tokens[i].text == ","]
        if not commas or any(m.token_start == lo for m in cands) and \
                not self.tokens[lo].text.isupper():
            return []  # the clause opens with an actor: that is its subject (not a
            # dateline left in the text: "TOKYO, Kabar B -- Menteri ... bertemu")
        c = commas[-1]
        ends = {m.token_end for m in cands}
        if any(self._grammar(i) == "relative" for i in range(c, hi)):
            return []
        if c in ends and any(self._grammar(i) == "coord" for i in range(c, hi)):
            return []  # "Iran, Rusia, dan China": a list, not an opening phrase
        return [m for m in cands if m.token_start > c]

    def _possessor(self, m: ActorMention) -> bool:
        """True for an actor that only owns the noun before it ("keputusan Presiden AS")."""
        j = m.token_start - 1
        if j > 0 and self._grammar(j) == "coord":
            # "konflik Israel dan Iran": the second of a pair shares the first's noun
            first = next((a for a in self._actors if a.token_end == j), None)
            if first is not None:
                return self._possessor(first)
        for i in (m.token_start - 1, m.token_start - 2):
            if i >= 0 and self._grammar(i) in ("intent", "document", "proxy", "situation"):
                return True  # (and "sekutu regional Iran": Iran's allies are not Iran)
            if i >= 0 and not self.tokens[i].text.islower():
                break
        return False

    def _beneficiary(self, m: ActorMention, lo: int) -> bool:
        """True when terhadap/kepada/atas/bagi governs ``m`` ("dukungan terhadap kemerdekaan
        Palestina"), not melawan ("operasi militernya melawan Ukraina")."""
        return self._governing_prep(m, lo) in ("terhadap", "kepada", "atas", "bagi")

    def _proxied(self, m: ActorMention) -> bool:
        """True for an actor named only as someone's patron: "sekutu regional Iran"."""
        return any(i >= 0 and self._grammar(i) == "proxy"
                   for i in (m.token_start - 1, m.token_start - 2))

    def _next_subject(self, m: ActorMention, t1: int, sv: SentenceView) -> bool:
        """True for an actor after a comma that is the subject of a predicate of its own.

        "Sejak Pyongyang meluncurkan uji coba nuklir, rezim Kim dan Presiden Trump terus
        saling melontarkan ancaman": Trump is no target of the test.
        """
        if not any(self.tokens[i].text == "," for i in range(t1, m.token_start)) or \
                (m.token_end < len(self.tokens) and self.tokens[m.token_end].norm in (
                    "yang", "untuk", "agar", "supaya")):
            # (a list "..., dan Norwegia yang melarang ..." is still the object, and so is
            # one "melarang warga A, B, dan C untuk mengunjungi AS" tells to do something)
            return False
        return any(m.token_end <= t.token_start <= m.token_end + 3 for t in sv.triggers)

    def _own_subject(self, cstart: int, t0: int) -> bool:
        """True when a clause has a subject of its own that names no actor.

        "AS murka setelah lima sekutunya melarang ...": the allies ban, not AS; but in
        "Prabowo, saat tiba di Moskow, disambut ..." the clause shares the main subject.
        """
        if self._grammar(cstart) != "clause":
            return False
        for i in range(cstart + 1, t0):
            tok = self.tokens[i]
            if tok.text[:1].isalpha() and self._grammar(i) is None and \
                    self.lex.modality.match_at(self.tokens, i) is None and \
                    self.lex.time.find(tok.text, 0, len(tok.text), None) == []:
                return True
        return False

    def _governed(self, m: ActorMention, lo: int) -> bool:
        """True when terhadap/ke/atas stands before ``m`` within its noun phrase.

        "serangan Israel terhadap kamp pengungsi di Gaza": the refugees are the target.
        """
        return self._governing_prep(m, lo) is not None

    def _governing_prep(self, m: ActorMention, lo: int) -> str | None:
        """The to/toward preposition up to four words before ``m`` in its phrase, or None."""
        i = m.token_start - 1
        while i >= max(lo, m.token_start - 4):
            if self.tokens[i].text in ",.;:" or self._grammar(i) in ("clause", "relative"):
                return None
            if self._grammar(i) in ("to", "toward"):
                return self.tokens[i].norm
            i -= 1
        return None

    def _group_before(self, last: ActorMention, pool: list[ActorMention]) -> list[ActorMention]:
        """The list that ends in ``last``: "Australia, Kanada, Inggris, dan Norwegia yang"."""
        earlier = sorted((m for m in pool if m.token_end <= last.token_start),
                         key=lambda m: m.token_start)
        first = last
        for m in reversed(earlier):
            gap = self.tokens[m.token_end:first.token_start]
            if 1 <= len(gap) <= 2 and all(
                    t.text == "," or self.lex.grammar.get(t.norm) == "coord" for t in gap):
                first = m
            else:
                break
        if first is last:
            return [last]
        group = self._group(first, [m for m in pool if m.token_start > first.token_start])
        return group if group and group[-1] is last else [last]

    def _hyphen_pair(self, right: list[ActorMention], t1: int
                     ) -> tuple[ActorMention, ActorMention] | None:
        """Two actors written X-Y within a few words after an event noun, or None."""
        for a, b in zip(right, right[1:], strict=False):
            if a.token_start - t1 > 4:
                break
            if b.token_start == a.token_end and a.code and b.code and \
                    a.code[:3] != b.code[:3] and "-" in self.article.text[a.end:b.start]:
                return a, b
        return None

    def _antara_pair(self, objs: list[ActorMention], ts: int,
                     after: int | None = None) -> list[ActorMention]:
        """The pair of "antara A dan B" at the head of ``objs``, or []; with ``after`` (a
        trigger's end) only close after it: in "perundingan pascaperang berdarah selama 12
        hari antara Iran dan Israel" the pair is the war's."""
        if objs and objs[0].token_start > ts and \
                self.tokens[objs[0].token_start - 1].norm == "antara" and \
                (after is None or objs[0].token_start - after <= ANTARA_GAP):
            grp = self._group(objs[0], objs[1:])
            if len(grp) >= 2:
                return grp
        if objs and after is not None:
            # "antara Menteri Ketenagakerjaan (Menaker) RI Yassierli, dengan Dirjen ILO,
            # Gilbert F. Houngbo": titles before each party, "dengan" between them
            at = next((i for i in range(after, min(after + ANTARA_GAP, objs[0].token_start))
                       if self.tokens[i].norm == "antara"), None)
            if at is not None and objs[0].token_start - at <= 12:
                a = objs[0]
                link = next((i for i in range(a.token_end, min(a.token_end + 3,
                                                                 len(self.tokens)))
                             if self.tokens[i].norm in ("dan", "dengan", "serta")), None)
                b = next((m for m in objs[1:] if link is not None and
                          link < m.token_start <= link + 6), None)
                if b is not None and a.code and b.code and a.code[:3] != b.code[:3]:
                    return [a, b]
        return []

    def _light_verb(self, t0: int, trig: TriggerMention) -> bool:
        """True when a light verb carries the event noun ("melancarkan serangan")."""
        first = first_word(trig.text)
        if self.lex.grammar.get(first) == "light":
            return True
        i = t0 - 1
        while i >= 0 and self._grammar(i) == "filler":
            i -= 1
        return i >= 0 and self._grammar(i) == "light"

    def _wished(self, sv: SentenceView, trig: TriggerMention, bounds: list[int]) -> str:
        """Why a trigger names only what someone wants done, or "" if it reports an act.

        "mendesak China membebaskan janda Liu", "mengajak umat Muslim untuk berkunjung",
        "kebijakan untuk memulihkan hubungan": the appeal or the plan is the event.
        """
        t0 = trig.token_start
        verb = verbal(trig.text)
        for t in sv.triggers:
            if not verb or t is trig or t.token_end > t0 or \
                    not (t.cameo[:2] in ("02", "10") or t.cameo == "014"):
                continue
            reach = 12 if t.cameo == "014" else 4  # "mempertimbangkan opsi ... menyerang"
            if t0 - t.token_end <= reach and not any(t.token_end <= b <= t0 and
                                                 self._grammar(b) == "clause" for b in bounds):
                return "what an appeal, a demand or a deliberation is about, not an act " \
                    f"({t.text!r})"
        k = bisect.bisect_right(bounds, t0) - 1
        if k >= 0 and self._grammar(bounds[k]) == "purpose":
            # "menyerukan sekutu Barat untuk segera menjatuhkan sanksi": the appeal's aim
            pstart = bounds[k - 1] if k >= 1 else sv.ts
            appeal = next((t for t in sv.triggers if pstart <= t.token_start < bounds[k]
                           and (t.cameo[:2] in ("02", "10") or t.cameo == "014")), None)
            if appeal is not None:
                return f"the aim of an appeal or demand ({appeal.text!r}), not an act"
        if k >= 0 and self._grammar(bounds[k]) == "purpose" and trig.cameo[:2] == "04" and \
                self.lex.grammar.get(first_word(trig.text)) == "agenda":
            # "mengadakan pertemuan dengan pejabat keamanan untuk membahas krisis dengan
            # Kamboja": the meeting's agenda, not another meeting
            pstart = bounds[k - 1] if k >= 1 else sv.ts
            meeting = next((t for t in sv.triggers if pstart <= t.token_start < bounds[k]
                            and t.cameo[:2] == "04"), None)
            if meeting is not None:
                return f"the agenda of a meeting ({meeting.text!r}), not another meeting"
        if k >= 0 and self._grammar(bounds[k]) == "purpose" and bounds[k] > sv.ts and \
                self._grammar(bounds[k] - 1) == "intent":
            return f"the aim of a plan or effort ({self.tokens[bounds[k] - 1].text!r}), " \
                "not an act"
        return ""

    def _carries_noun(self, trig: TriggerMention, triggers: list[TriggerMention]) -> bool:
        """True for a light verb whose event noun is a trigger of its own.

        "Uni Eropa menyetujui paket sanksi terhadap Rusia": the approval is no event apart
        from the sanctions it carries.
        """
        if self.lex.grammar.get(first_word(trig.text)) != "light" or \
                len(trig.text.split()) > 1:
            return False
        i = trig.token_end
        while i < len(self.tokens) and self._grammar(i) == "filler":
            i += 1
        return any(t.token_start == i for t in triggers)
