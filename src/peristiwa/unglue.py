"""Split words a crawl glued together when it stripped a link: "Putindan", "Indonesiamengutuk".

Stage input: the article's tokens. Output: the same tokens, with a capitalised token that is
a known name followed by a known lower-case word split in two (spans stay within the word,
so the text itself is not changed).
"""

from __future__ import annotations

from dataclasses import dataclass

from peristiwa.records import Token

__all__ = ["GlueWords", "split_glued"]

MIN_TOKEN = 5  # shorter capitalised words are never two glued words
VERB_PREFIXES = ("me", "ber", "di", "ter")


@dataclass(frozen=True, slots=True)
class GlueWords:
    """Name words that may start a glued token, and words that may end one."""

    names: frozenset[str]  # case-folded words of actor names (putin, indonesia, un)
    tails: frozenset[str]  # case-folded function words, reporting words, trigger words


def split_glued(tokens: list[Token], glue: GlueWords) -> list[Token]:
    """Return ``tokens`` with glued name+word tokens split ("Putindan" -> "Putin", "dan")."""
    names, tails = glue.names, glue.tails
    # capitalised lower-case words the dictionaries do not know, picked in one pass: the
    # loop below looks only at these few
    maybe = [k for k, tok in enumerate(tokens)
             if tok.text[0].isupper() and len(tok.text) >= MIN_TOKEN and tok.text[1:].islower()
             and tok.norm not in names and tok.norm not in tails]
    out: list[Token] | None = None
    done = 0  # tokens[:done] are in out
    for k in maybe:
        tok = tokens[k]
        t = tok.text
        norm = tok.norm
        parts = None
        for p in range(len(norm) - 2, 1, -1):  # the longest name first
            tail = norm[p:]
            known = norm[:p] in names
            if (tail in tails and (known or (
                    # a name no dictionary knows, glued to a verb: "Shynkarenkomeminta"
                    p >= 4 and len(tail) >= 6 and tail.startswith(VERB_PREFIXES)))) or (
                    # a known name glued to any verb: "Israelmengkonfirmasi"
                    known and p >= 3 and len(tail) >= 5 and tail.startswith(VERB_PREFIXES)):
                parts = p
                break
        if parts is None:
            continue
        if out is None:
            out = []
        out.extend(tokens[done:k])
        s = tok.start
        out.append(Token(s, s + parts, t[:parts], t[:parts].lower()))
        out.append(Token(s + parts, tok.end, t[parts:], tok.norm[parts:]))
        done = k + 1
    if out is None:
        return tokens
    out.extend(tokens[done:])
    return out
