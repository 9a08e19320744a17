"""Who speaks: quotes, speech tags, and what pronouns and "negara itu" point back to.

A mixin of the event builder.
"""

from __future__ import annotations

from peristiwa.clauses import ClauseReader
from peristiwa.records import ActorMention, TriggerMention
from peristiwa.views import ArticleMemory, SentenceView

__all__ = ["SpeechReader"]


class SpeechReader(ClauseReader):
    """Speakers of quotes and referents of pronouns, sentence by sentence."""

    memory: ArticleMemory
    _speaker: ActorMention | None
    _tag_start: int | None
    _quote_speakers: dict[int, ActorMention]
    _actors: list[ActorMention]
    _triggers: list[TriggerMention]
    _sentence: int

    def _resolve_pair(self, m: ActorMention, exclude: frozenset[str] = frozenset(),
                      call: bool = False) -> list[ActorMention]:
        if m.kind == "pronoun" and m.code is None:
            if m.name == "speaker":
                return [self._speaker] if self._speaker is not None else []
            if m.name == "country":
                # only as the object of the event ("serangan terhadap kerajaan tersebut"):
                # as a subject or deep in a clause it is too often another country
                return self._last_country(m, exclude) if exclude else []
            if m.name not in ("pair", "group"):
                return []  # "ia" for a person the article names but nobody can code
            if m.name == "group":
                claimant = self._claimant(m)
                if claimant is not None:
                    return [claimant]
                group = [g for g in self.memory.last_group if g.code and g.code[:3] not in exclude]
                if len(group) >= 3 and self._sentence - self.memory.last_group_at <= 3:
                    return group  # "Negara-negara tersebut", "ketiga negara"
            if m.name == "group" and self._sentence - self.memory.last_pair_at > 1:
                return []  # "mereka" far from any pair: a group we cannot name
            if self.memory.last_pair is not None:
                pair, fought = self.memory.last_pair, self.memory.last_conflict
                if call and fought is not None and \
                        any(p.code and p.code[:3] in exclude for p in pair) \
                        and not any(p.code and p.code[:3] in exclude for p in fought):
                    # "Putin, yang menandatangani perjanjian dengan Iran, menyerukan
                    # penghentian permusuhan antara kedua belah pihak": the warring pair
                    return list(fought)
                return list(pair)
            seen: dict[str, ActorMention] = {}
            for r in reversed(self.memory.recent):
                if r.code and r.code[:3] not in seen:
                    seen[r.code[:3]] = r
                if len(seen) == 2:
                    return list(reversed(seen.values()))
            return []
        return [m]

    def _claimant(self, m: ActorMention) -> ActorMention | None:
        """The collective actor whose statement "mereka" stands in: "Israel mengkonfirmasi
        bahwa Iran menembakkan rudal ke wilayah mereka" (mereka = Israel)."""
        actors = self._actors
        first = min((a.token_start for a in actors), default=m.token_start)
        # "bahwa", or a statement verb right before it ("Houthi mengatakan mereka akan ...")
        said = {t.token_end - 1 for t in self._triggers if t.cameo[:2] == "01"}
        that = next((i for i in range(m.token_start - 1, first, -1)
                     if self.tokens[i].norm == "bahwa" or
                     (i == m.token_start - 1 and i in said)), None)
        if that is None:
            return None
        before = [a for a in actors if a.token_end <= that and a.code and
                  a.kind in ("country", "metonym", "organization", "institution", "role")]
        if not before or before[0].token_start != first:
            return None  # the clause's subject is not a collective actor
        return before[0]

    def prepare(self, views: list[SentenceView]) -> None:
        """Find the speakers of quotes that run over several sentences before their tag.

        "“Hari ini kita mengadakan pertemuan. Kami sepakat ...,” kata Prabowo.": the first
        sentence's "kita" is Prabowo too.
        """
        self._quote_speakers = {}
        for i, sv in enumerate(views):
            if not self._opens_quote(sv) or self._speaker_of(sv)[1] is not None:
                continue
            for j in range(i + 1, min(i + 4, len(views))):
                speaker, tag = self._speaker_of(views[j])
                if tag is not None:
                    for k in range(i, j):
                        if speaker is not None:
                            self._quote_speakers[k] = speaker
                    break
                if self._opens_quote(views[j]):
                    break

    def _opens_quote(self, sv: SentenceView) -> bool:
        return sv.ts < sv.te and self.tokens[sv.ts].text in '"“'

    def _speaker_of(self, sv: SentenceView) -> tuple[ActorMention | None, int | None]:
        """Who speaks: "“Kami mengecam ...,” ujar Lin Jian" or "Lin Jian mengatakan, “..."."""
        for a, b in self._reporting(sv):
            if a > sv.ts and self.tokens[a - 1].text in ',"”\'’':
                for m in sv.actors:
                    if m.token_start == b and not self._media(m) and (
                            m.kind != "pronoun" or m.code and m.name != "speaker"):
                        # (a resolved "imbuh dia" names the speaker too)
                        return (m if m.code else None), a
                if b < sv.te and self.tokens[b].text[:1].islower():
                    return None, a  # "..., katanya berbicara": a tag whose speaker is "-nya"
        for t in sv.triggers:
            if t.cameo[:2] == "01" and t.frame != "noun":
                quoted = any(tok.text in '"“' for tok in self.tokens[t.token_end:sv.te])
                before = [m for m in sv.actors if m.token_end <= t.token_start and m.code
                          and not self._media(m) and m.kind != "pronoun"
                          and self._prep(m, sv.ts) is None]
                if quoted and before:
                    return before[0], None
                break
        return None, None

    def _last_country(self, m: ActorMention, exclude: frozenset[str]) -> list[ActorMention]:
        """What "negara itu" / "kerajaan tersebut" points to: the last country named.

        Not one named as a place ("di Yaman"), nor the country of the event's source.
        """
        here = [a for a in self._actors if a.token_end <= m.token_start]
        for a in reversed(self.memory.recent + here):
            if a.kind in ("country", "metonym") and a.code and \
                    a.code[:3] not in self.lex.regions and a.code[:3] not in exclude and \
                    not (a.token_start > 0 and self._grammar(a.token_start - 1) == "at"):
                return [a]
        return []

    def _find_speaker(self, sv: SentenceView) -> None:
        self._speaker, self._tag_start = self._speaker_of(sv)
        if self._speaker is None and sv.index in self._quote_speakers:
            # the whole sentence is quoted speech whose tag comes in a later sentence
            self._speaker, self._tag_start = self._quote_speakers[sv.index], sv.te

    def _reporters(self, sv: SentenceView, reporting: list[tuple[int, int]]) -> set[int]:
        """Token starts of actors that only report ("kata KCNA", "KCNA melaporkan")."""
        out: set[int] = set()
        for a, b in reporting:
            for m in sv.actors:
                if m.token_start == b or m.token_end == a:
                    out.add(m.token_start)
        return out
