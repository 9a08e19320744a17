"""Find actor mentions: dictionary names, role + country phrases, introduced people.

Stage input: the article's tokens and sentences. Output: one ``ActorMention`` list per
sentence, each mention coded with a CAMEO actor code when the text allows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peristiwa.lexicon import ActorEntry, AgentEntry, Lexicon
from peristiwa.records import ActorMention, Sentence, Token

__all__ = ["Item", "scan_items", "ArticleActors", "find_actors", "compose", "title_case"]

# Lower-case particles that may stand inside a person's name.
_NAME_PARTICLES = frozenset({"bin", "binti", "al", "el", "van", "von", "de", "der", "da", "dos",
                             "la", "le", "ibn", "abu"})
MAX_NAME = 4
PREPOSITIONS = frozenset({"to", "by", "at", "toward", "from"})
MAX_FILLER = 6


@dataclass(slots=True)
class Item:
    """A token run that matched something actor-like; start/end are token indexes."""

    kind: str  # actor, role, pronoun, name
    start: int
    end: int
    entries: tuple[ActorEntry, ...] = ()
    agent: AgentEntry | None = None
    refers: str | None = None


def _is_name_word(tok: Token, lex: Lexicon) -> bool:
    t = tok.text
    return (
        t[:1].isupper()
        and t[:1].isalpha()
        and not (len(t) > 1 and t.isupper() and len(t) <= 5)  # unknown acronyms are not names
        and tok.norm not in lex.notnames
        and tok.norm not in lex.grammar
    )


def title_case(tokens: list[Token], start: int, end: int) -> bool:
    """True for a headline written in Title Case, where capitals do not mark names."""
    initials = [t.text[0] for t in tokens[start:end] if t.text[0].isalpha()]  # never empty
    if len(initials) < 4:
        return False
    return sum(map(str.isupper, initials)) >= 0.7 * len(initials)


def scan_items(tokens: list[Token], start: int, end: int, lex: Lexicon,
               trigger_starts: frozenset[int] | set[int] = frozenset()) -> list[Item]:
    """Return the actor-like items of tokens[start:end], longest match first."""
    items: list[Item] = []
    actors, agents, pronouns = lex.actors, lex.agents, lex.pronouns
    names_ok = not title_case(tokens, start, end)
    notactors = lex.notactors
    actor_starts, agent_starts = actors.start_words, agents.start_words
    pronoun_starts, notactor_starts = pronouns.start_words, notactors.start_words
    # Only these tokens can start an item (or be skipped over): a phrase's first word, a
    # capital (a name) or a bracket. Most tokens are lower-case words that start nothing,
    # and the loop below would only step over them.
    maybe = [k for k, t in enumerate(tokens[start:end], start)
             if t.text[0].isupper() or t.text == "(" or (n := t.norm) in actor_starts
             or n in agent_starts or n in pronoun_starts or n in notactor_starts]
    after = start  # the first token not yet covered by an item or a skip
    for i in maybe:
        if i < after:
            continue
        tok = tokens[i]
        if tok.text == "(" and items and items[-1].end == i and i + 2 < end and \
                tokens[i + 2].text == ")" and tokens[i + 1].text.isupper():
            # "Kantor Berita Negara Saudi (SPA)": the short form of what was just named,
            # never a second actor (SPA is also North Korea's assembly)
            after = i + 3
            continue
        norm = tok.norm
        if norm in notactors:
            skip = notactors.match_at(tokens, i)
            if skip is not None:
                after = skip.end
                continue
        best: Item | None = None
        m = actors.match_at(tokens, i) if norm in actor_starts else None
        if m is not None and m.end <= end:
            kind0 = m.payload[0].kind
            if names_ok and kind0 in ("country", "metonym") and i - 1 > start and (
                    not items or items[-1].end != i or
                    kind0 == "metonym" and items[-1].kind == "name") and \
                    _is_name_word(tokens[i - 1], lex):
                # "Pupuk Indonesia", "Garuda Indonesia", "Hotel Ciputra Jakarta": a country
                # or city closing a proper name
                after = m.end
                continue
            if m.payload[0].kind == "country" and tokens[i].text.isupper() and (
                    m.end + 1 < end and tokens[m.end].text == "(" and
                    tokens[m.end + 1].text[:1].isdigit()
                    or i > start and lex.grammar.get(tokens[i - 1].norm) == "initials"):
                # "AS (29)", "tersangka berinisial AS", "Saudara AS": a person's initials,
                # as crime reports write them
                after = m.end
                continue
            best = Item("actor", i, _skip_alias(tokens, m, end, actors), entries=m.payload)
        p = pronouns.match_at(tokens, i) if norm in pronoun_starts else None
        if p is not None and p.end <= end and (best is None or p.end > best.end):
            best = Item("pronoun", i, p.end, refers=p.payload)
        a = agents.match_at(tokens, i) if norm in agent_starts else None
        if a is not None and a.end <= end and (best is None or a.end > best.end):
            best = Item("role", i, a.end, agent=a.payload)
        if best is None and names_ok and i not in trigger_starts and _is_name_word(tok, lex):
            j = i + 1
            while j < end and j - i < MAX_NAME:
                nt = tokens[j]
                if j in trigger_starts:
                    break
                if nt.norm in _NAME_PARTICLES and j + 1 < end and _is_name_word(tokens[j + 1], lex):
                    j += 1
                    continue
                if not _is_name_word(nt, lex) or nt.norm in actor_starts and \
                        actors.match_at(tokens, j) is not None:
                    break
                if nt.norm in agent_starts and agents.match_at(tokens, j) is not None:
                    break
                j += 1
            best = Item("name", i, j)
        if best is not None:
            items.append(best)
            after = best.end
    return items


def _skip_alias(tokens: list[Token], m, end: int, actors) -> int:
    """The end of an actor name and its bracketed short form: "Amerika Serikat (AS)"."""
    j = m.end
    if j + 2 < end and tokens[j].text == "(":
        alias = actors.match_at(tokens, j + 1)
        if alias is not None and alias.end < end and tokens[alias.end].text == ")" and \
                alias.payload[0].code[:3] == m.payload[0].code[:3]:
            return alias.end + 1
    return j


def pick_entry(entries: tuple[ActorEntry, ...], day: dt.date | None) -> ActorEntry | None:
    """Return the entry valid on ``day``; undated entries hold always."""
    valid = [e for e in entries if e.valid_on(day)]
    if not valid:
        return None
    return max(valid, key=lambda e: e.start or dt.date.min)


def compose(agent: str | None, entry_code: str) -> str:
    """Combine a role's agent code with an entity's code ('GOV' + 'CHN' -> 'CHNGOV')."""
    if len(entry_code) > 3 or not agent:
        return entry_code
    return entry_code + agent


@dataclass(slots=True)
class ArticleActors:
    """Actor mentions per sentence plus the people the article introduces."""

    by_sentence: list[list[ActorMention]]
    introduced: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> code, rule


def _text(tokens: list[Token], text: str, a: int, b: int) -> tuple[int, int, str]:
    s, e = tokens[a].start, tokens[b - 1].end
    return s, e, text[s:e]


class _SentenceComposer:
    """Turn one sentence's items into coded mentions (rules in order of strength)."""

    def __init__(self, text: str, tokens: list[Token], items: list[Item], lex: Lexicon,
                 day: dt.date | None, trigger_starts: set[int]):
        self.text, self.tokens, self.items, self.lex, self.day = text, tokens, items, lex, day
        self.trigger_starts = trigger_starts
        self.by_start = {it.start: k for k, it in enumerate(items)}
        self.out: list[ActorMention] = []
        self.intros: dict[str, tuple[str, str]] = {}

    # -- helpers -----------------------------------------------------------------
    def _stop(self, i: int) -> bool:
        tok = self.tokens[i]
        role = self.lex.grammar.get(tok.norm)
        return (
            # ("operasi militer terhadap Iran": the role is not Iran's)
            tok.text in ",.;:!?\"“”()–—" or role in ("clause", "coord", "relative", "by",
                                                   "purpose", "to", "toward")
            or i in self.trigger_starts
            # a verb ends the noun phrase: "tentaranya untuk membantu Kremlin"
            or (tok.text.islower() and tok.norm.startswith(("me", "ber")) and len(tok.norm) > 5)
        )

    def _entity_ahead(self, i: int, limit: int) -> tuple[int, Item] | None:
        """Find an actor item within ``limit`` filler tokens from i, no stop between."""
        j = i
        while j < len(self.tokens) and j - i <= limit:
            k = self.by_start.get(j)
            if k is not None:
                it = self.items[k]
                if it.kind == "actor":
                    return k, it
                if it.kind == "pronoun":
                    return None
            if self._stop(j):
                return None
            j += 1
        return None

    def _entity_code(self, it: Item) -> tuple[str | None, ActorEntry | None]:
        entry = pick_entry(it.entries, self.day)
        return (entry.code if entry else None), entry

    def _emit(self, a: int, b: int, code: str | None, kind: str, name: str | None,
              rule: str, span: tuple[int, int] | None = None) -> None:
        s, e, _ = _text(self.tokens, self.text, *(span or (a, b)))
        self.out.append(ActorMention(s, e, self.text[s:e], code, kind, name, rule, a, b))

    def _name_at(self, k: int) -> Item | None:
        if k < len(self.items) and self.items[k].kind == "name":
            return self.items[k]
        return None

    def _after_comma(self, end: int) -> int:
        j = end
        if j < len(self.tokens) and self.tokens[j].text in ",–—":
            j += 1
        return j

    # -- rules -------------------------------------------------------------------
    def run(self) -> list[ActorMention]:
        k = 0
        items = self.items
        while k < len(items):
            it = items[k]
            if it.kind == "role":
                k = self._role(k)
            elif it.kind == "actor":
                k = self._actor(k)
            elif it.kind == "name":
                k = self._name(k)
            else:  # pronoun: resolved later, in text order
                s, e, t = _text(self.tokens, self.text, it.start, it.end)
                self.out.append(ActorMention(s, e, t, None, "pronoun", it.refers, "pronouns.tsv",
                                             it.start, it.end))
                k += 1
        return self.out

    def _role(self, k: int) -> int:
        """ROLE [fillers] ENTITY [,] [NAME]  or  ROLE NAME."""
        it = self.items[k]
        agent = it.agent.agent if it.agent else None
        person_title = it.agent is not None and it.agent.kind == "person"
        # further role words ("anggota parlemen", "kantor berita pemerintah"): the first
        # agent other than GOV rules, since generic heads (pemimpin, anggota, kepala) take
        # their agent from what they lead
        while k + 1 < len(self.items) and self.items[k + 1].kind == "role" and \
                self.items[k + 1].start - self.items[k].end <= 2 and \
                not any(self._stop(j) for j in range(self.items[k].end,
                                                     self.items[k + 1].start)):
            k += 1
            nxt = self.items[k]
            if nxt.agent:
                if agent in (None, "GOV"):
                    agent = nxt.agent.agent
                person_title = person_title or nxt.agent.kind == "person"
        end_role = self.items[k].end
        # "warganya di Kedutaan Besar Israel": "-nya" already names whose citizens they are
        owned = self.tokens[end_role - 1].norm.endswith("nya")
        found = None if owned else self._entity_ahead(end_role, MAX_FILLER)
        if found is not None:
            ek, ent = found
            # a capitalised name between the title and "di <place>" is the person, not filler
            name_k = next((q for q in range(k + 1, ek) if self.items[q].kind == "name"), None)
            if name_k is not None and person_title:
                return self._titled_name(it.start, name_k, agent)
            code, entry = self._entity_code(ent)
            if entry is not None and entry.kind == "person":
                self._emit(it.start, ent.end, code, "person", entry.name, entry.where,
                           span=(ent.start, ent.end))
                return ek + 1
            composed = compose(agent, code) if code else None
            rule = f"role+{ent.entries[0].kind}"
            ent_end = ent.end
            post = self.items[ek + 1] if ek + 1 < len(self.items) else None
            if person_title and post is not None and post.kind == "actor" and \
                    post.start == ent.end + 1 and self.tokens[ent.end].norm == "untuk" and \
                    post.entries[0].kind != "person":
                # "Dubes RI untuk Malaysia Hermono": the posting is no actor of its own
                ek += 1
                ent_end = post.end
            j = self._after_comma(ent_end)
            nxt = self.items[ek + 1] if ek + 1 < len(self.items) else None
            if nxt is not None and nxt.start == j and nxt.kind == "name":
                nm = self._name_text(nxt)
                self.intros[nm] = (composed or "", rule)
                self._emit(it.start, nxt.end, composed, "name", nm, rule,
                           span=(nxt.start, nxt.end))
                return ek + 2
            if nxt is not None and nxt.start == j and nxt.kind == "actor" and \
                    nxt.entries[0].kind == "person":
                # "Menteri Luar Negeri Korut, Choe Son Hui": the title codes a known person
                pcode, pentry = self._entity_code(nxt)
                nm = nxt.entries[0].name
                if pcode is None and composed:
                    self.intros[nm] = (composed, rule)
                self._emit(it.start, nxt.end, pcode or composed, "person", nm,
                           pentry.where if pentry else rule, span=(nxt.start, nxt.end))
                return ek + 2
            self._emit(it.start, ent_end, composed, "role", None, rule)
            return ek + 1
        name = self._name_at(k + 1)
        if name is not None and name.start - end_role <= 1 and person_title:
            return self._titled_name(it.start, k + 1, agent)
        return k + 1

    def _titled_name(self, role_start: int, name_k: int, agent: str | None) -> int:
        """TITLE NAME [dari ENTITY | , ROLE ... ENTITY]: a person introduced by a title."""
        name = self.items[name_k]
        nm = self._name_text(name)
        code, rule, nxt = self._apposition(name_k, agent)
        if code:
            self.intros.setdefault(nm, (code, rule))
        self._emit(role_start, name.end, code, "name", nm, rule or "title+name",
                   span=(name.start, name.end))
        return nxt

    def _apposition(self, name_k: int, agent: str | None) -> tuple[str | None, str, int]:
        """Look right of a name for 'dari X' or ', ROLE ... X'; return code, rule, next item."""
        name = self.items[name_k]
        j = name.end
        toks = self.tokens
        if j < len(toks) and self.lex.grammar.get(toks[j].norm) == "from":
            found = self._entity_ahead(j + 1, 0)
            if found:
                code, _ = self._entity_code(found[1])
                if code:
                    return compose(agent, code), "name+dari", found[0] + 1
        j = self._after_comma(name.end)
        if j != name.end:
            # ", yang merupakan/juga ROLE": skip the copula words
            while j < len(toks) and toks[j].norm in ("yang", "merupakan", "juga", "adalah",
                                                     "selaku", "sebagai", "kini"):
                j += 1
            k2 = self.by_start.get(j)
            if k2 is not None and self.items[k2].kind == "role":
                role = self.items[k2]
                ag = role.agent.agent if role.agent else agent
                while k2 + 1 < len(self.items) and self.items[k2 + 1].kind == "role" and \
                        self.items[k2 + 1].start - self.items[k2].end <= 2:
                    k2 += 1
                found = self._entity_ahead(self.items[k2].end, MAX_FILLER)
                if found:
                    code, entry = self._entity_code(found[1])
                    if code and (entry is None or entry.kind != "person"):
                        return compose(ag, code), "name+apposition", found[0] + 1
                return None, "", k2 + 1
        return None, "", name_k + 1

    def _name_text(self, name: Item) -> str:
        return " ".join(t.text for t in self.tokens[name.start:name.end])

    def _actor(self, k: int) -> int:
        it = self.items[k]
        code, entry = self._entity_code(it)
        kind = entry.kind if entry else it.entries[0].kind
        nm = entry.name if entry and kind == "person" else None
        # an entity directly followed by a new name: "Korea Utara Choe Ryong-hae"
        name = self._name_at(k + 1)
        if name is not None and name.start == it.end and kind != "person" and code:
            nm2 = self._name_text(name)
            self.intros.setdefault(nm2, (code, "entity+name"))
            self._emit(it.start, name.end, code, "name", nm2, "entity+name",
                       span=(name.start, name.end))
            return k + 2
        nxt = self.items[k + 1] if k + 1 < len(self.items) else None
        if kind != "person" and code and nxt is not None and nxt.start == it.end and \
                nxt.kind == "actor" and nxt.entries[0].kind == "person":
            pcode, pentry = self._entity_code(nxt)
            nm2 = nxt.entries[0].name
            if pcode is None:
                self.intros.setdefault(nm2, (code, "entity+person"))
            self._emit(it.start, nxt.end, pcode or code, "person", nm2,
                       pentry.where if pentry else "entity+person", span=(nxt.start, nxt.end))
            return k + 2
        if kind in ("organization", "institution") and nxt is not None and \
                nxt.start == it.end and nxt.kind == "actor" and nxt.entries[0].kind == "metonym":
            # "UNESCO Paris", "KBRI Teheran": the city names the office, not another actor
            self._emit(it.start, nxt.end, code, kind, None, entry.where if entry else "")
            return k + 2
        if kind == "person":
            if code is None:
                # known person, but no entry for the article's date: let the article decide
                apcode, rule, nxt = self._apposition(k, None)
                self._emit(it.start, it.end, apcode, "person", it.entries[0].name,
                           rule or "people.tsv (out of date range)")
                return nxt
            _, _, nxt = self._apposition(k, None)
            self._emit(it.start, it.end, code, "person", nm, entry.where if entry else "")
            return max(nxt, k + 1)
        self._emit(it.start, it.end, code, kind, None, entry.where if entry else "")
        return k + 1

    def _name(self, k: int) -> int:
        name = self.items[k]
        before = self.tokens[name.start - 1].norm if name.start > 0 else ""
        if self.lex.grammar.get(before) in ("at", "toward", "from"):
            # "dari Jakarta ke Yangoon, Menlu Belanda ...": a place, not the Menlu
            self._emit(name.start, name.end, None, "name", self._name_text(name), "name")
            return k + 1
        code, rule, nxt = self._apposition(k, None)
        nm = self._name_text(name)
        if code:
            self.intros.setdefault(nm, (code, rule))
        self._emit(name.start, name.end, code, "name", nm, rule or "name")
        return nxt


def find_actors(text: str, tokens: list[Token], sentences: list[Sentence],
                spans: list[tuple[int, int]], lex: Lexicon, day: dt.date | None,
                trigger_starts: set[int]) -> ArticleActors:
    """Code the actor mentions of an article, sentence by sentence, in two passes.

    Pass one composes mentions and collects the people the article introduces
    ("Menteri Luar Negeri Korut, Choe Son Hui"); pass two codes bare names ("Choe")
    through those introductions and resolves pronouns to the last person named.
    """
    composed: list[list[ActorMention]] = []
    introduced: dict[str, tuple[str, str]] = {}
    for ts, te in spans:
        items = scan_items(tokens, ts, te, lex, trigger_starts)
        comp = _SentenceComposer(text, tokens, items, lex, day, trigger_starts)
        composed.append(comp.run())
        for nm, val in comp.intros.items():
            if val[0]:
                introduced.setdefault(nm, val)
    aliases: dict[str, tuple[str, str, str]] = {}  # word -> full name, code, rule

    def remember(full: str, code: str, rule: str) -> None:
        for w in full.replace("-", " ").split():
            if len(w) >= 2 and w[:1].isupper():
                aliases[w.casefold()] = (full, code, rule)
        aliases[full.casefold()] = (full, code, rule)

    for nm, (code, rule) in introduced.items():
        remember(nm, code, rule)
    result: list[list[ActorMention]] = []
    # "Ia"/"Dia" points to the person who was the subject of an earlier sentence: the
    # first person named there outside a prepositional phrase
    last_person: ActorMention | None = None
    for (ts, _), mentions in zip(spans, composed, strict=True):
        out: list[ActorMention] = []
        subject: ActorMention | None = None
        for m in mentions:
            if m.kind == "pronoun":
                # "Putin berkunjung ke Pyongyang, di mana dia menandatangani ...": this
                # sentence's subject first, else the subject of an earlier one
                referent = subject if subject is not None and subject.code else last_person
                if m.name == "person" and referent is not None:
                    m = ActorMention(m.start, m.end, m.text, referent.code, "pronoun",
                                     referent.name, f"pronoun->{referent.name}",
                                     m.token_start, m.token_end)
                    if subject is None:
                        subject = m
                out.append(m)
                continue
            if m.code is None and m.name:
                hit = aliases.get(m.name.casefold())
                if hit is None:
                    words = m.name.replace("-", " ").split()
                    hit = aliases.get(words[0].casefold()) or aliases.get(words[-1].casefold())
                if hit is not None:
                    m = ActorMention(m.start, m.end, m.text, hit[1], m.kind, hit[0],
                                     f"alias of {hit[0]} ({hit[2]})", m.token_start, m.token_end)
            if m.code and m.name and m.kind in ("person", "name"):
                remember(m.name, m.code, m.entry or "")
                prev = tokens[m.token_start - 1].norm if m.token_start > ts else ""
                # (nor one met or joined: "menandatangani ... bersama Menteri Rosan")
                if subject is None and lex.grammar.get(prev) not in PREPOSITIONS and \
                        prev not in ("bersama", "dengan"):
                    subject = m
            elif m.kind == "name" and m.name and subject is None and not out and \
                    m.token_start <= ts + 1:
                # an unknown person opens the sentence: a later "ia" is that person, not
                # the last one the dictionaries knew
                subject = m
            out.append(m)
        if subject is not None:
            last_person = subject
        result.append(out)
    return ArticleActors(result, introduced)
