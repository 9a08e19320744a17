"""Split cleaned article text into sentences and tokens, Indonesian-aware."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from peristiwa.records import Sentence, Token

__all__ = ["tokenize", "split_sentences", "strip_clitic", "CLITICS"]

# Words: letters/digits with inner apostrophes (Jum'at) and decimal commas/points (13,5).
# Hyphens are not part of words: "Ryong-hae" is two tokens, so "Choe Ryong Hae" and
# "Choe Ryong-hae" match the same dictionary entry, and "China-Korut" names two actors.
# A hyphen between two non-blank characters is no token (the lookarounds see the whole text
# before ``start``, but not past ``end``: see tokenize).
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:['’]\w+)*|(?!(?<=\S)[-‐](?=\S))[^\w\s]")
_HYPHENS = ("-", "‐")
CLITICS = ("nya", "lah", "kah", "pun")


@lru_cache(maxsize=1 << 16)  # called for every token by every phrase index: words repeat
def strip_clitic(norm: str) -> str:
    """Drop one enclitic (-nya, -lah, -kah, -pun) from a lower-cased word of 6+ letters."""
    if len(norm) >= 6:
        for clitic in CLITICS:
            if norm.endswith(clitic):
                return norm[: -len(clitic)]
    return norm


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Return the tokens of ``text[start:end]`` with absolute spans; hyphens are dropped."""
    stop = len(text) if end is None else end
    # the regex drops glued hyphens itself and map() builds the tokens without a Python
    # loop: tokenizing was a sixth of `extract`, mostly per-token interpreter overhead
    found = list(_TOKEN.finditer(text, start, stop))
    words = list(map(re.Match.group, found))
    tokens = list(map(Token, map(re.Match.start, found), map(re.Match.end, found), words,
                      map(str.lower, words)))
    if tokens and stop < len(text) and tokens[-1].end == stop and \
            tokens[-1].text in _HYPHENS and stop > 1 and \
            not text[stop - 2].isspace() and not text[stop].isspace():
        tokens.pop()  # the regex cannot see past ``end``: a hyphen glued to what follows
    return tokens


# A sentence ends at . ! ? (and closing quotes/brackets after them) followed by space and
# an upper-case letter, digit or opening quote; or at a line break. The match takes in the
# . ! ? or the first line break itself, and only then tells which it was: re skips ahead
# to the characters a pattern can open with only when it opens with one character class.
_BOUNDARY = re.compile(
    r"""[.!?\n](?:(?<=[.!?])[”"'’)\]]*(?=\s+[“"'‘(\[]?[A-Z0-9À-Ý])|(?<=\n)\n*)""",
)


def split_sentences(
    text: str, abbreviations: Iterable[str] = (), start: int = 0, end: int | None = None
) -> list[Sentence]:
    """Split ``text`` into sentences, not breaking after abbreviations like 'Jl.' or 'No.'."""
    abbrevs = {a.lower().rstrip(".") for a in abbreviations}
    end = len(text) if end is None else end
    sentences: list[Sentence] = []
    cut = start
    # a full stop just before ``start`` may end the first sentence
    scan = start - 1 if start > 0 and text[start - 1] in ".!?" else start
    for m in _BOUNDARY.finditer(text, scan, end):
        stop = m.end()
        if not m.group().startswith("\n"):
            # the word before the full stop: an abbreviation or an initial does not end it
            j = m.start()
            while j > cut and text[j] in ".!?”\"'’)]":
                j -= 1
            k = j
            while k > cut and (text[k - 1].isalnum()):
                k -= 1
            word = text[k : j + 1]
            if text[m.start()] == "." and (
                word.lower() in abbrevs or (len(word) == 1 and word.isupper())
            ):
                continue
        _add(text, cut, stop, sentences)
        cut = stop
    _add(text, cut, end, sentences)
    return sentences


def _add(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], len(out)))
