"""Code one article: sentences → mentions (actors, time, place, triggers) → events."""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from peristiwa.actors import find_actors
from peristiwa.cleaning import after_reporting_verb
from peristiwa.eventfilters import drop_partial_duplicates, drop_reported_plans, drop_sourceless
from peristiwa.events import Decision, EventBuilder, SentenceView
from peristiwa.lexicon import Lexicon, load_lexicon
from peristiwa.records import Article, Event, PlaceMention, Sentence, TimeMention, Token
from peristiwa.tokens import split_sentences, tokenize
from peristiwa.triggers import find_triggers
from peristiwa.unglue import split_glued

__all__ = ["Coder", "CodedArticle", "article_tokens"]

LEDE_SENTENCES = 3  # where a story's own date is given
STORY_WINDOW = dt.timedelta(days=7)  # how long before publication a story's date may lie

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """An article with everything the coder found in it (for ``explain``)."""

    article: Article
    sentences: list[Sentence]
    views: list[SentenceView]
    events: list[Event]
    decisions: list[Decision]
    introduced: dict[str, tuple[str, str]]


def article_tokens(text: str, lex: Lexicon) -> list[Token]:
    """The coder's tokens of a cleaned article: words, with crawl-glued words split."""
    return split_glued(tokenize(text), lex.glue)


class Coder:
    """The event coder: holds the lexicon; ``code`` is safe to call for many articles."""

    def __init__(self, lexicon: Lexicon | None = None, dict_dir: str | Path | None = None):
        self.lex = lexicon or load_lexicon(dict_dir)

    def code(self, article: Article) -> list[Event]:
        """Return the events of one article."""
        return self.analyse(article).events

    def analyse(self, article: Article) -> CodedArticle:
        """Code an article and keep every intermediate mention and decision."""
        lex = self.lex
        text = article.text
        tokens = article_tokens(text, lex)
        sentences = split_sentences(text, lex.abbreviations)
        if self.is_sport(tokens):
            log.debug("%s reads as a sport report: no events coded", article.doc_id)
            return CodedArticle(article, sentences, [], [], [], {})
        starts = [t.start for t in tokens]
        spans = []
        for s in sentences:
            spans.append((bisect.bisect_left(starts, s.start), bisect.bisect_left(starts, s.end)))
        triggers_by = [find_triggers(text, tokens, ts, te, lex) for ts, te in spans]
        trigger_starts = {t.token_start for ts in triggers_by for t in ts}
        actors = find_actors(text, tokens, sentences, spans, lex, article.published,
                             trigger_starts)
        builder = EventBuilder(article, tokens, lex, self.story_date(article, sentences))
        views: list[SentenceView] = []
        events: list[Event] = []
        for idx, (sent, (ts, te)) in enumerate(zip(sentences, spans, strict=True)):
            trig = triggers_by[idx]
            places, place_tokens = self._places(text, tokens, ts, te) if trig else ([], [])
            times = lex.time.find(text, sent.start, sent.end, article.published) if trig else []
            views.append(SentenceView(idx, sent.start, sent.end, ts, te,
                                      actors.by_sentence[idx], trig, times, places,
                                      place_tokens))
        builder.prepare(views)
        for sv in views:
            events.extend(builder.code_sentence(sv))
        events = drop_partial_duplicates(drop_sourceless(drop_reported_plans(events)))
        return CodedArticle(article, sentences, views, events, builder.decisions,
                            actors.introduced)

    def story_date(self, article: Article, sentences: list[Sentence]) -> TimeMention | None:
        """The day the lede gives the story ("... pada Kamis (19/6/2025)"), if it gives one.

        Sentences without a time expression of their own are dated by it rather than by the
        publication date: articles are often published a day or more after the event, and
        many records have no publication date at all.
        """
        pub = article.published
        for sent in sentences[:LEDE_SENTENCES]:
            for tm in self.lex.time.find(article.text, sent.start, sent.end, pub):
                if tm.precision != "day" or tm.date is None or \
                        after_reporting_verb(article.text[sent.start:tm.start]):
                    continue  # "kata KCNA, Jumat (12/4)" dates the report, not the story
                day = dt.date.fromisoformat(tm.date)
                if pub is None and tm.basis == "explicit" or \
                        pub is not None and pub - STORY_WINDOW <= day <= pub:
                    return tm
        return None

    def is_sport(self, tokens: list[Token]) -> bool:
        """True for a match report: 4+ sport words of 3+ kinds, one per 120 words or more."""
        found = [m for m in self.lex.domains.finditer(tokens) if m.payload == "sport"]
        kinds = {tokens[m.start].norm for m in found}
        return len(found) >= 4 and len(kinds) >= 3 and len(found) * 120 >= len(tokens)

    def _places(self, text: str, tokens: list[Token], ts: int, te: int
                ) -> tuple[list[PlaceMention], list[tuple[int, int]]]:
        places, spans = [], []
        for m in self.lex.places.finditer(tokens, ts, te):
            p = m.payload
            s, e = tokens[m.start].start, tokens[m.end - 1].end
            places.append(PlaceMention(s, e, text[s:e], p.name, p.country, p.lat, p.lon))
            spans.append((m.start, m.end))
        return places, spans
