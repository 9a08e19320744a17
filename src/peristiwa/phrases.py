"""Match dictionary phrases against token sequences, longest match first."""

from __future__ import annotations

from collections.abc import Iterator, KeysView
from dataclasses import dataclass
from typing import Generic, TypeVar

from peristiwa.records import Token
from peristiwa.tokens import CLITICS, strip_clitic, tokenize

__all__ = ["PhraseIndex", "PhraseMatch", "phrase_words", "is_acronym"]

P = TypeVar("P")
GAP = "*"
CAP = "\x00cap"  # marker: the word must be capitalised
MAX_GAP = 3


def is_acronym(word: str) -> bool:
    """True for an all-capitals word of 2-5 letters, which matches only in capitals."""
    return 2 <= len(word) <= 5 and word.isalpha() and word.isupper()


def phrase_words(phrase: str) -> tuple[str, ...]:
    """Tokenize a dictionary phrase the way article text is tokenized."""
    return tuple(GAP if t.text == GAP else t.text for t in tokenize(phrase))


@dataclass(frozen=True, slots=True)
class _Entry(Generic[P]):
    words: tuple[str, ...]  # lower-cased, GAP for a wildcard
    exact: tuple[str | None, ...]  # the capitalised form an acronym word must have
    payload: P
    length: int  # words without gaps: longer entries win


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[P]):
    """A phrase found at tokens[start:end]."""

    start: int
    end: int
    payload: P


class _Bucket(Generic[P]):
    """The phrases that start with one word, longest first, and which of them can match
    given the word after the first (most phrases of a busy first word such as "kementerian"
    or "yang" differ in their second word: trying each one was most of the matching)."""

    __slots__ = ("entries", "_by_next", "_short")

    def __init__(self) -> None:
        self.entries: list[_Entry[P]] = []
        self._by_next: dict[str, list[_Entry[P]]] | None = None  # built on first use
        self._short: list[_Entry[P]] = []  # one word, or a gap after the first

    def add(self, entry: _Entry[P]) -> None:
        self.entries.append(entry)
        self.entries.sort(key=lambda e: -e.length)
        self._by_next = None

    def candidates(self, tokens: list[Token], i: int) -> list[_Entry[P]]:
        """The entries, longest first, that may match at token i, looking at token i + 1."""
        by_next = self._by_next
        if by_next is None:
            by_next = self._index()
        if i + 1 >= len(tokens):
            return self._short
        return by_next.get(tokens[i + 1].norm, self._short)

    def _index(self) -> dict[str, list[_Entry[P]]]:
        def fits(e: _Entry[P], word: str) -> bool:
            # as _match has it: a second word that ends the phrase may carry a clitic
            return len(e.words) == 1 or e.words[1] in (GAP, word) or (
                len(e.words) == 2 and strip_clitic(word) == e.words[1])

        keys = set()
        for e in self.entries:
            if len(e.words) > 1 and e.words[1] != GAP:
                keys.add(e.words[1])
                keys.update(e.words[1] + c for c in CLITICS)
        self._short = [e for e in self.entries if len(e.words) == 1 or e.words[1] == GAP]
        by_next = {w: [e for e in self.entries if fits(e, w)] for w in keys}
        self._by_next = by_next
        return by_next


class PhraseIndex(Generic[P]):
    """Phrases indexed by their first word; match() tries the longest first."""

    def __init__(self) -> None:
        self._by_first: dict[str, _Bucket[P]] = {}
        # the bucket a token's word opens: a first word itself, or one with a clitic that
        # strip_clitic would drop ("kunjungannya"), so each token costs one dict lookup
        self._starts: dict[str, _Bucket[P]] = {}

    def add(self, phrase: str, payload: P) -> None:
        words = phrase_words(phrase)
        if not words or words[0] == GAP:
            raise ValueError(f"phrase must start with a word: {phrase!r}")
        norm = tuple(w if w == GAP else w.lower() for w in words)
        # an acronym must match in capitals; a capitalised phrase only a capitalised word
        # ("Tepi Barat" is the West Bank, "tepi barat" a western edge). Only the first word
        # is held to it, since name parts after a hyphen are often lower case ("Ryong-hae").
        exact = tuple(w if is_acronym(w) else CAP if k == 0 and w[:1].isupper() else None
                      for k, w in enumerate(words))
        entry = _Entry(norm, exact, payload, sum(1 for w in norm if w != GAP))
        bucket = self._by_first.get(norm[0])
        if bucket is None:
            bucket = self._by_first[norm[0]] = _Bucket()
            self._starts[norm[0]] = bucket  # a word of its own wins over a clitic form
            for clitic in CLITICS:
                word = norm[0] + clitic
                if word not in self._by_first and strip_clitic(word) == norm[0]:
                    self._starts[word] = bucket
        bucket.add(entry)

    def __contains__(self, word: str) -> bool:
        return word in self._by_first

    @property
    def start_words(self) -> KeysView[str]:
        """The words a phrase may start at, with a clitic or without."""
        return self._starts.keys()

    def match_at(self, tokens: list[Token], i: int) -> PhraseMatch[P] | None:
        """Return the longest phrase that starts at token i, if any."""
        bucket = self._starts.get(tokens[i].norm)
        if bucket is None:
            return None
        for entry in bucket.candidates(tokens, i):
            end = _match(entry, tokens, i)
            if end is not None:
                return PhraseMatch(i, end, entry.payload)
        return None

    def finditer(self, tokens: list[Token], start: int = 0, end: int | None = None
                 ) -> Iterator[PhraseMatch[P]]:
        """Yield non-overlapping longest matches from left to right."""
        end = len(tokens) if end is None else end
        starts = self._starts
        # most tokens start no phrase: find the few that may in one comprehension
        candidates = [k for k, tok in enumerate(tokens[start:end], start) if tok.norm in starts]
        after = start
        for i in candidates:
            if i < after:
                continue  # inside the last match
            m = self.match_at(tokens, i)
            if m is not None and m.end <= end:
                yield m
                after = m.end


def _word_ok(entry_word: str, exact: str | None, tok: Token, last: bool) -> bool:
    if exact is not None:
        if exact is CAP:
            if not tok.text[:1].isupper():
                return False
        else:
            return tok.text == exact
    if tok.norm == entry_word:
        return True
    # a clitic may close the phrase: "kunjungannya", "sanksinya"
    return last and strip_clitic(tok.norm) == entry_word


def _match(entry: _Entry, tokens: list[Token], i: int) -> int | None:
    words, exact = entry.words, entry.exact
    n = len(tokens)
    last_index = len(words) - 1
    if not _word_ok(words[0], exact[0], tokens[i], last_index == 0):
        return None
    j = i + 1
    k = 1
    while k < len(words):
        w = words[k]
        if w == GAP:
            for skip in range(MAX_GAP + 1):
                idx = j + skip
                if idx >= n:
                    return None
                if _word_ok(words[k + 1], exact[k + 1], tokens[idx], k + 1 == last_index):
                    j = idx + 1
                    break
                if tokens[idx].text in ".;!?,":
                    return None
            else:
                return None
            k += 2
            continue
        if j >= n or not _word_ok(w, exact[k], tokens[j], k == last_index):
            return None
        j += 1
        k += 1
    return j
