"""Source-target pairs of a trigger: passive agents, mutual pairs, directed events' targets.

A mixin of the event builder: given a trigger's scope (views.TriggerScope) and its subject,
choose who acts on whom, with the rule that decided it (for ``explain``).
"""

from __future__ import annotations

from peristiwa.clauses import VERB_PREFIXES, first_word, patient_noun, verbal
from peristiwa.eventattrs import OBJECT_WINDOW, EventAttributes
from peristiwa.records import ActorMention, TriggerMention
from peristiwa.views import ArticleMemory, SentenceView, TriggerScope

__all__ = ["TargetRules"]

Pair = tuple[ActorMention | None, ActorMention | None]
# how far after a threat or warning the state it is about may stand ("memperingatkan,
# pihaknya siap menggunakan kekuatan paksa terhadap Pyongyang")
WARNED_REACH = 10
# roots whose "-nya" on the trigger is someone other than the subject: a meeting's
# partner ("pertemuannya dengan", "dengannya"), whose demand is rejected or condemned
OTHERS_NYA_ROOTS = ("04", "10", "11", "12")


class TargetRules(EventAttributes):
    """Who acts on whom, once the trigger's clause and subject are known."""

    memory: ArticleMemory
    _sentence: int
    _last_partner: ActorMention | None

    def _pairs(self, sc: TriggerScope, subject: list[ActorMention], near: list[ActorMention],
               rule: str) -> tuple[list[tuple[ActorMention | None, ActorMention | None]],
                                   list[ActorMention] | None, list[ActorMention], str]:
        """Source-target pairs: passive agents, mutual pairs, else a directed event's."""
        sv, trig, t1, root = sc.sv, sc.trig, sc.t1, sc.root
        frame, cend, right, nominal = sc.frame, sc.cend, sc.right, sc.nominal
        after_prep = sc.after_prep
        pairs: list[tuple[ActorMention | None, ActorMention | None]] = []
        src_used: list[ActorMention] | None = None
        if frame == "passive":
            agents = [m for m in right if self._prep(m, sv.ts) == "by"]
            if not agents and self.lex.grammar.get(first_word(trig.text)) == "receive":
                # "menuai kritik keras dari Filipina": what is received comes from its agent
                agents = [m for m in right if self._prep(m, sv.ts) == "from"][:1]
            owner = self.memory.last_person
            if not agents and self.tokens[t1 - 1].norm.endswith("nya") and \
                    not (trig.entry or "").endswith("nya") and owner is not None and \
                    owner.code:
                # "Negara yang sudah dihubunginya yakni Malaysia, Laos ...": "-nya" is the
                # agent, the person the story follows; what is listed is acted on
                agents = [owner]
                rule += "; agent: the person '-nya' points to"
                if not subject:
                    subject = self._listed(sv, t1, cend, right)
            if not agents and near and near[0].token_start - t1 <= 1 and \
                    self._prep(near[0], sv.ts) is None:
                agents = [near[0]]  # "ditangkap otoritas Malaysia": "oleh" left out
                rule += "; agent right after the passive verb"
            src = agents[0] if agents else None
            if src is None and trig.cameo[:3] == "174":
                # "Greta Thunberg dideportasi dari Israel": the state that deports
                src = next((m for m in right if self._prep(m, sv.ts) == "from" and
                            m.kind in ("country", "metonym") and m.token_start - t1 <= 2),
                           None)
                if src is not None:
                    rule += "; deported from: that state"
            if src is None and root == "17":
                # "Empat pengungsi Suriah ditangkap di Belanda": the state where someone is
                # arrested is the one that arrests
                src = self._arrest_place(sv, t1, cend, subject)
                if src is not None:
                    rule += "; arrested where: the place's state"
                else:
                    # "warga negara Bangladesh ditangkap polisi karena menyelundupkan
                    # pengungsi ke Aceh": police named by no state are those of the place
                    src = self._local_lawmen(sv, t1, subject)
                    if src is not None:
                        rule += "; arrested by the police of the place named"
            for tgt in subject or [None]:
                if src or tgt:
                    pairs.append((src, tgt))
            rule += "; passive: subject is target, oleh-phrase is source"
        elif frame == "mutual" and nominal and not right and (
                not subject or self._speaker is not None and subject == [self._speaker]) \
                and self._pointed_pair(sv, trig) is not None:
            # (a quote's speaker speaks of the meeting; "tersebut" still names its pair)
            # "Trump dan Albanese menandatangani perjanjian ... Pertemuan ini diamati ...":
            # the meeting of the pair just named
            pairs.append(self._pointed_pair(sv, trig))
            rule += "; mutual: the pair 'ini/tersebut' points back to"
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
            if len(subject) == 3:
                # "AS, Australia dan Jepang ... usai pertemuan tiga negara": each pair met
                pairs.extend([(subject[0], subject[2]), (subject[1], subject[2])])
                rule += "s of three"
        else:
            return self._directed(sc, subject, near, pairs, rule)
        return pairs, src_used, subject, rule

    def _directed(self, sc: TriggerScope, subject: list[ActorMention],
                  near: list[ActorMention],
                  pairs: list[tuple[ActorMention | None, ActorMention | None]], rule: str
                  ) -> tuple[list[tuple[ActorMention | None, ActorMention | None]],
                             list[ActorMention] | None, list[ActorMention], str]:
        """A directed event: its source (the subject, or a noun's own agent) and target."""
        sv, trig, t0, t1 = sc.sv, sc.trig, sc.t0, sc.t1
        root, frame, cend, right = sc.root, sc.frame, sc.cend, sc.right
        nominal, after_prep = sc.nominal, sc.after_prep
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
        elif (frame == "noun" or after_prep) and src_list and not light and \
                self._owned(trig) and root in ("04", "18", "19", "20") and not any(
                    t is not trig and t.token_end <= t0 <= t.token_end + 1 and
                    t.cameo[:2] != "01" and verbal(t.text) for t in sv.triggers):
            # "operasi militernya terhadap Iran", "menjelaskan pertemuannya dengan Raja
            # Belgia": "-nya" makes the noun the subject's own act
            rule += "; noun with '-nya': the subject's own"
        elif (frame == "noun" or after_prep) and src_list and not light:
            # "X mengecam serangan terhadap Y": X is not the attacker; only a light
            # verb ("melancarkan serangan") makes the subject the agent of the noun
            src_list = []
            rule += "; noun without agent"
        if frame in ("mutual", "noun"):
            grp = self._antara_pair(objs, sv.ts, t1) or self._antara_pair(right, sv.ts, t1)
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
        if frame == "mutual" and not subject and len(objs) >= 2 and not any(
                self.tokens[i].text == "," for i in range(t1, objs[0].token_start)) and \
                self.tokens[objs[0].token_start - 1].norm != "dengan":
            # (not "perang dagang, prospek ekonomi Eropa dan Inggris": past a comma; not
            # "komunikasi dengan Malaysia dan Turki": partners of someone unnamed)
            grp = self._group(objs[0], objs[1:])
            if len(grp) >= 2:
                pairs.append((grp[0], grp[1]))
                objs = []
                rule += "; mutual: pair after the trigger"
        if root == "01":
            # said to someone ("mengatakan kepada Lavrov"), right after the verb; not a
            # "terhadap Iran" deep in what is said or considered
            # (a denial's target is whose claim it denies: "membantah klaim Rusia")
            preps = (None, "to") if trig.cameo == "016" else ("to",)
            objs = [m for m in objs if self._prep(m, sv.ts) in preps and
                    m.token_start - t1 <= 3]
        elif frame in ("active", "host", "guest", "direct"):
            # "menarik pasukan dari Suriah", "memanggil pulang dubesnya dari Israel",
            # "menolak tawaran dialog dari AS"; protests "di depan Kedubes AS"
            # "menuntut permintaan maaf dari Trump"
            from_roots = ("08", "10", "11", "12", "16")
            preps = (None, "to", "toward", "from") if root in from_roots else \
                (None, "to", "toward", "near") if root == "14" else (None, "to", "toward")
            objs = [m for m in objs if self._prep(m, sv.ts) in preps]
            if root == "13" and objs and any(self.tokens[i].text == ","
                                             for i in range(t1, objs[0].token_start)):
                objs = []  # "memperingatkan, ...": what is warned of follows; see _warned
            if frame in ("guest", "direct") and objs and objs[0].token_start - t1 > 1:
                objs = []  # "menerima" hosts only a guest named right after it
        elif frame == "visit":
            # (but not "mengunjungi tiga negara di ASEAN": a body is visited at its seat)
            objs = [m for m in objs if self._prep(m, sv.ts) in (None, "to", "toward") or (
                self._prep(m, sv.ts) == "at" and m.kind != "organization")]
        else:
            objs = [m for m in objs if self._prep(m, sv.ts) in (None, "to", "toward")]
        if root in ("11", "12"):
            # "menolak keras segala bentuk pengusiran paksa terhadap warga Palestina": who
            # suffers the act rejected is no target (its doer is, if named); nor are those
            # named right after the act's noun ("mengecam penangkapan aktivis Greta
            # Thunberg oleh IDF")
            objs = [m for m in objs if not (self.tokens[m.token_start - 1].norm in (
                "terhadap", "atas", "kepada") and any(
                t is not trig and t1 <= t.token_start < m.token_start and
                t.cameo[:2] in ("17", "18", "19", "20") for t in sv.triggers)) and not any(
                t is not trig and t1 <= t.token_start and t.token_end <= m.token_start <=
                t.token_end + 4 and patient_noun(t.text, t.cameo[:2]) and
                t.cameo[:2] in ("17", "18", "19", "20") and not any(
                    self.tokens[i].text == "," for i in range(t.token_end, m.token_start))
                for t in sv.triggers)]
        if trig.cameo[:3] == "128":
            # "melanggar resolusi Dewan Keamanan PBB": the body whose norm is broken is
            # not acted on
            objs = [m for m in objs if self._grammar(m.token_start - 1) != "document" and
                    self.tokens[m.token_start - 1].norm not in ("piagam", "hukum", "konvensi")]
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
            # a call on "kedua belah pihak" may mean the pair at war, not the caller's pair
            pair = self._resolve_pair(m, frozenset(s.code[:3] for s in src_list if s.code),
                                      call=root in ("02", "10", "11", "12", "13") and
                                      frame != "mutual")
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
        if root in ("05", "11", "12") and not targets and src_list:
            agent = self._doer_of(sv, t1, cend, right)
            if agent is not None and agent.code and src_list[0].code and \
                    agent.code[:3] != src_list[0].code[:3]:
                # "mengapresiasi perbaikan infrastruktur haji yang dilakukan Arab Saudi":
                # what is praised or blamed is the doer's
                targets = [agent]
                rule += "; target: who did what is appraised ('yang dilakukan X')"
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
        if root == "13" and not targets and src_list and not pairs and not nominal:
            warned = self._warned(sv, t1, src_list)
            if warned:
                # "mengancam bahwa Iran akan membayar harga mahal", "memperingatkan,
                # pihaknya siap menggunakan kekuatan terhadap Pyongyang"
                targets = warned
                rule += "; target: the state the threat or warning is about"
        last = self.tokens[t1 - 1].text.lower()
        clitic = frame != "visit" and root not in ("01", "05") and last.endswith("nya") and \
            not (trig.entry or "").endswith("nya")
        # (the clitic fills the object slot: "berbicara dengannya kemarin dan dia ...")
        owner = self._nya_owner(sv, t0, t1, src_list, root) if clitic and (
            not targets or self.tokens[t1 - 1].norm in ("dengannya", "kepadanya")) else None
        if owner is not None:
            # "Menlu Iran meneleponnya": "-nya" is the person the story follows;
            # "Khamenei menolak tuntutannya" (Trump's): someone other than the subject
            targets = [owner]
            rule += "; target: the person '-nya' points to"
        partner = self._last_partner
        if frame == "mutual" and not targets and partner is not None and \
                "subject shared with previous predicate" in rule and src_list and \
                src_list[0].code and partner.code and partner.code[:3] != src_list[0].code[:3]:
            # "bertemu dengan Putin ... dan menandatangani deklarasi": with the same partner
            targets = [partner]
            rule += "; partner shared with the previous predicate"
        if frame == "mutual" and targets:
            self._last_partner = targets[0]
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
        return pairs, src_used, subject, rule

    def _pointed_pair(self, sv: SentenceView, trig: TriggerMention
                      ) -> tuple[ActorMention, ActorMention] | None:
        """The pair of the sentence before, when a meeting noun is pointed back to
        ("Pertemuan ini", "pertemuan tersebut") and names no one."""
        t1 = trig.token_end
        if trig.cameo[:2] != "04" or t1 >= sv.te or \
                self.tokens[t1].norm not in ("ini", "itu", "tersebut"):
            return None
        pair = self.memory.last_pair
        if pair is None or self._sentence - self.memory.last_pair_at > 1:
            return None
        return pair

    def _local_lawmen(self, sv: SentenceView, t1: int, held: list[ActorMention]
                      ) -> ActorMention | None:
        """Police or immigration officers right after an arrest verb, named by no state,
        as the state of the first place the sentence names."""
        if not any(self._grammar(i) == "lawman" for i in range(t1, min(t1 + 2, sv.te))):
            return None
        for p, (a, b) in zip(sv.places, sv.place_tokens, strict=True):
            if p.country and all(h.code and h.code[:3] != p.country for h in held):
                return ActorMention(p.start, p.end, p.text, p.country, "place", None,
                                    "police of the place (places.tsv)", a, b)
        return None

    def _doer_of(self, sv: SentenceView, t1: int, cend: int, right: list[ActorMention]
                 ) -> ActorMention | None:
        """The actor after 'yang dilakukan/diambil (oleh)' in the trigger's clause."""
        for i in range(t1, min(cend, t1 + 8) - 1):
            if self.tokens[i].norm == "yang" and self._grammar(i + 1) == "done":
                j = i + 2
                if j < cend and self._grammar(j) == "by":
                    j += 1
                return next((m for m in right if m.token_start == j), None)
        return None

    def _listed(self, sv: SentenceView, t1: int, cend: int, right: list[ActorMention]
                ) -> list[ActorMention]:
        """The actors listed after 'yakni/yaitu' right after the trigger."""
        if t1 < cend and self._grammar(t1) == "listing":
            first = [m for m in right if m.token_start == t1 + 1]
            if first:
                return self._group(first[0], [m for m in right if m is not first[0]])
        return []

    def _nya_owner(self, sv: SentenceView, t0: int, t1: int, sources: list[ActorMention],
                   root: str) -> ActorMention | None:
        """The person a '-nya' on the trigger points to: the last one not of the source's
        country, in the story so far or earlier in this sentence."""
        src = sources[0] if sources else None
        if src is not None and src.code is None and src.kind == "pronoun" and \
                src.name == "speaker":
            src = self._speaker  # "“Saya berbicara dengannya,” kata Trump"
        if src is None or not src.code:
            return None
        own = src.code[:3]
        last = self.memory.last_person
        if last is not None and last.code and last.code[:3] != own:
            return last
        if root not in OTHERS_NYA_ROOTS and not self.tokens[t1 - 1].norm.startswith(
                VERB_PREFIXES):
            # "memperkuat kehadiran militernya", "serangannya": the subject's own (but a
            # verb's "-nya" is its object: "memintanya", "menangkapnya")
            return None
        before = [m for m in sv.actors if m.token_end <= t0 and m.kind == "person" and
                  m.code and m.code[:3] != own and m not in sources]
        if before:
            return before[-1]
        # "“Saya berbicara dengannya kemarin,” kata Trump": Putin, named sentences before
        return next((m for m in reversed(self.memory.recent) if m.kind in ("person", "name")
                     and m.code and m.code[:3] != own), None)

    def _owned(self, trig: TriggerMention) -> bool:
        """True when the trigger word carries a possessive "-nya" its entry does not (not
        when another's act is its object: "mengecam serangannya")."""
        return trig.text.lower().endswith("nya") and not (trig.entry or "").endswith("nya")

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
        # (or the trigger's own noun: "Iran menolak tuntutan ini")
        pointer = ("tersebut", "itu", "ini")
        if not any(i + 1 < sv.te and self._grammar(i) in ("act", "intent", "document") and
                   self.tokens[i + 1].norm in pointer
                   for i in range(t1, min(t1 + 3, sv.te))) and not (
                t1 < sv.te and self.tokens[t1].norm in pointer and
                not self.tokens[t1 - 1].norm.startswith(VERB_PREFIXES)):
            return None
        prior = self.memory.last_actor
        # (the act may have been reported a few sentences back, its details in between)
        if prior is None or not 1 <= self._sentence - self.memory.last_actor_at <= 3:
            return None
        if any(s.code and s.code[:3] == prior.code[:3] for s in sources if prior.code):
            return None
        return prior

    def _warned(self, sv: SentenceView, t1: int, sources: list[ActorMention]
                ) -> list[ActorMention]:
        """Whom a threat or warning is about when it names no one right after its verb: the
        subject of what is threatened ("bahwa Iran akan ..."), or the state it is aimed
        at ("... terhadap Pyongyang"), another state than the source's; the states listed
        after "seperti" ("negara-negara yang membela Israel, seperti Inggris, Perancis,
        dan AS"), not the one in the relative clause."""
        mine = {s.code[:3] for s in sources if s.code}
        after = [m for m in sv.actors if t1 <= m.token_start <= t1 + WARNED_REACH]
        for m in after:
            relative = next((i for i in range(t1, m.token_start)
                             if self._grammar(i) == "relative"), None)
            if relative is not None:
                named = next((i for i in range(relative, m.token_start)
                              if self.tokens[i].norm == "seperti" or
                              self._grammar(i) == "listing"), None)
                if named is None:
                    continue  # "... yang membela Israel": not whom the threat is aimed at
                group = self._group(m, [a for a in sv.actors if a.token_start > m.token_start])
                return [a for a in group if a.code and a.code[:3] not in mine]
            if not m.code or m.kind == "pronoun" or self._media(m) or \
                    m.code[:3] in self.lex.regions or self._possessor(m) or \
                    m.code[:3] in mine:
                continue  # "pihaknya siap ...": the source itself, read on
            prep = self._prep(m, sv.ts)
            word = self.tokens[m.token_start - 1].norm
            if prep is not None and word not in ("terhadap", "kepada", "dari"):
                return []  # "... bepergian ke Iran", "... warga di Gaza"
            # a state or its officials, not "penduduk Gaza berisiko kelaparan" (a danger
            # warned of is no threat to those in it)
            return [m] if self._official(m) else []
        return []

    def _refusal_at(self, i: int) -> bool:
        """True when a refusal phrase ("menolak untuk") starts at token ``i``."""
        m = self.lex.modality.match_at(self.tokens, i)
        return m is not None and m.payload == "refusal"

    def _stance_code(self, table: dict[str, str], code: str) -> str | None:
        """The intent (03x) or rejection (12x) code for a cooperative code."""
        return table.get(code) or table.get(code[:3]) or table.get(code[:2] + "0")
