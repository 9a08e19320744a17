"""Clean a crawled article's text: odd characters, crawl noise, title, dateline and date."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from peristiwa.dictionary.tsv import DictionaryError, Row

__all__ = [
    "CleanText",
    "NoiseRules",
    "load_noise",
    "clean_text",
    "find_dateline",
    "find_published",
    "after_reporting_verb",
    "normalise_outlet",
    "normalise_place",
]


@dataclass(frozen=True, slots=True)
class CleanText:
    """The cleaned article text and what its opening said about it."""

    text: str
    title: str | None = None
    dateline_place: str | None = None
    outlet_hint: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class NoiseRules:
    """The noise patterns of noise.tsv, compiled once into a few combined expressions."""

    line: re.Pattern[str] | None = None  # fullmatch against one stripped line
    tail: re.Pattern[str] | None = None  # a line past the article's start that ends it
    # Patterns without capitals run case-sensitively on the lower-cased text: re cannot
    # scan for a first character under IGNORECASE, which makes them ~7x slower.
    inline_lower: re.Pattern[str] | None = None
    inline_lower_ci: re.Pattern[str] | None = None  # same, for when lower() changes length
    inline_cased: re.Pattern[str] | None = None  # patterns with capitals or case flags
    size: int = 0


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?P<|\(\?<(?![=!])")
_CASE_SENSITIVE_BITS = re.compile(r"\(\?[a-zA-Z]*-|\\[xuUN0-7]")
_ESCAPE = re.compile(r"\\.")


def _lowercase_safe(pattern: str) -> bool:
    """Whether matching ``pattern`` on lower-cased text equals matching it ignoring case."""
    if _CASE_SENSITIVE_BITS.search(pattern):
        return False
    return not any(c.isupper() for c in _ESCAPE.sub("", pattern))


def _combine(patterns: list[str], flags: int) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def load_noise(rows: Sequence[Row]) -> NoiseRules:
    """Compile noise.tsv rows (``pattern  scope``); a bad row is a DictionaryError."""
    line: list[str] = []
    tail: list[str] = []
    lower: list[str] = []
    cased: list[str] = []
    for row in rows:
        pattern, scope = row.field(0), row.field(1).lower()
        if scope not in ("line", "inline", "tail"):
            raise DictionaryError(
                row.path, row.line, f"scope must be line, inline or tail, not {scope!r}")
        if _GLOBAL_FLAGS.search(pattern):
            raise DictionaryError(
                row.path, row.line, "inline flags such as (?i) are not allowed: "
                "patterns already match case-insensitively")
        if _BACKREF.search(pattern):
            raise DictionaryError(
                row.path, row.line, "named groups and backreferences are not allowed")
        try:
            compiled = re.compile(pattern, re.IGNORECASE | re.MULTILINE)
        except re.error as exc:
            raise DictionaryError(
                row.path, row.line, f"bad regular expression {pattern!r}: {exc}") from None
        if compiled.fullmatch(""):
            raise DictionaryError(row.path, row.line, f"pattern {pattern!r} matches empty text")
        if scope == "line":
            line.append(pattern)
        elif scope == "tail":
            tail.append(pattern)
        elif _lowercase_safe(pattern):
            lower.append(pattern)
        else:
            cased.append(pattern)
    return NoiseRules(
        line=_combine(line, re.IGNORECASE),
        tail=_combine(tail, re.IGNORECASE),
        inline_lower=_combine(lower, re.MULTILINE),
        inline_lower_ci=_combine(lower, re.IGNORECASE | re.MULTILINE),
        inline_cased=_combine(cased, re.IGNORECASE | re.MULTILINE),
        size=len(rows),
    )


# --- characters -------------------------------------------------------------------------

_ODD_CHARS = re.compile(
    "[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v"  # spaces
    "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"  # invisible
    "\r\u2028\u2029\x85]"  # line breaks
)
_ODD_MAP = {c: " " for c in "\u00a0\u1680\u202f\u205f\u3000\t\f\v"}
_ODD_MAP.update({chr(c): " " for c in range(0x2000, 0x200B)})
_ODD_MAP.update({c: "\n" for c in "\r\u2028\u2029\x85"})
_MD_ESCAPE = re.compile(r"\\([\\\[\]\"'*_#()`|<>-])|\\+(?=\n|$)")
_SPACES = re.compile(r" {2,}")


def _odd(m: re.Match[str]) -> str:
    return _ODD_MAP.get(m.group(), "")


def _normalise_chars(raw: str) -> str:
    """NFC, plain spaces, no invisible characters, ``\\n`` line breaks, no Markdown escapes."""
    text = raw if unicodedata.is_normalized("NFC", raw) else unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n")
    text = _ODD_CHARS.sub(_odd, text)
    if "\\" in text:  # Markdown from some scrapes: \[img.1\], \" and hard breaks
        text = _MD_ESCAPE.sub(lambda m: m.group(1) or "", text)
    if "**" in text:
        text = text.replace("**", "")
    return _SPACES.sub(" ", text)


# --- dateline ---------------------------------------------------------------------------

# a word of a place, also compounds: "Bangsa-Bangsa/PBB" (Perserikatan Bangsa-Bangsa/PBB,
# New York (ANTARA News) -)
_WORD = r"[A-Z](?:[a-z'’.-]+|[A-Z'’.-]+)?(?:[-/][A-Z][A-Za-z'’.]*)*"
_PLACE = rf"{_WORD}(?:[ ]{_WORD}){{0,3}}"
_DOMAIN = r"[A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z]{2,4}){1,2}"
_ACRONYM = r"[A-Z]{2,}[A-Za-z0-9]*(?:[ ][A-Z][a-z]+)?"
_SEP = r"\s*(?:(?:[-–—]\s*){1,3}|:\s*)"
_NEXT = r"(?=[\"“'‘(]?[A-Z0-9])"
_DATELINE = re.compile(
    rf"(?P<o1>{_DOMAIN})\s*,\s*(?P<p1>{_PLACE})(?:{_SEP}|(?=[A-Z]))"  # TEMPO.CO, Jakarta -
    rf"|(?P<p2>{_PLACE})\s*,\s*(?P<o2>{_DOMAIN}|{_ACRONYM}){_SEP}"  # JAKARTA, KOMPAS.com -
    rf"|(?P<p3>{_PLACE})(?:\s*,\s*{_PLACE})?"  # Seoul (KABARIN) -
    rf"\s*\((?P<o3>[^()\n]{{2,40}})\){_SEP}{_NEXT}"
    rf"|(?P<o4>{_DOMAIN}){_SEP}"  # KOMPAS.com -
    rf"|(?P<p5>[A-Z][A-Z'’.-]+(?:[ ][A-Z][A-Z'’.-]+){{0,3}})"  # JAKARTA -
    rf"(?:\s*[-–—]+\s+|\s+[-–—]+\s*)(?:[-–—]\s*)*{_NEXT}"
    rf"|(?P<p6>[A-Z][a-z]+(?:[ ][A-Z][A-Za-z]+){{0,2}})\s+(?:[-–—]+\s*)+{_NEXT}"  # Jakarta -
    rf"|(?P<p7>[A-Z]{{3,}}(?:[ ][A-Z]{{3,}}){{0,2}})[-–—]+(?=[A-Z][a-z])"  # JAKARTA-Presiden
)
_OUTLET_LIKE = re.compile(r".*(?:news|post|pos|times|online|tv|\.com)$", re.IGNORECASE)


def normalise_place(name: str) -> str:
    """``SEOUL`` → ``Seoul``, ``WASHINGTON DC`` → ``Washington DC``; mixed case is kept."""
    name = name.strip(" ,.-")
    if not name.isupper():
        return name
    return " ".join(w.title() if len(w) > 2 else w for w in name.split())


def normalise_outlet(name: str) -> str:
    """``REPUBLIKA.CO.ID`` → ``Republika``, ``ANTARA News`` → ``ANTARA``."""
    name = name.strip(" ,.:;-")
    if re.fullmatch(_DOMAIN, name):
        name = name.split(".")[0]
        if name.isupper() and len(name) > 3:
            return name.title()
        return name[0].upper() + name[1:] if name.islower() else name
    words = name.split()
    if len(words) == 2 and words[0].isupper() and words[1].lower() == "news":
        return words[0]
    return name


def find_dateline(text: str) -> tuple[str | None, str | None, int]:
    """Return (place, outlet, length) of a dateline opening ``text``, or (None, None, 0)."""
    m = _DATELINE.match(text)
    if m is None:
        return None, None, 0
    groups = m.groupdict()
    place = next((groups[k] for k in ("p1", "p2", "p3", "p5", "p6", "p7") if groups[k]), None)
    outlet = next((groups[k] for k in ("o1", "o2", "o3", "o4") if groups[k]), None)
    if place and not outlet and " " not in place and _OUTLET_LIKE.match(place):
        place, outlet = None, place  # "Rimanews - ..." names the outlet, not a place
    return (
        normalise_place(place) if place else None,
        normalise_outlet(outlet) if outlet else None,
        m.end(),
    )


# --- publication date -------------------------------------------------------------------

# Month names stay here rather than in time.tsv: cleaning must not depend on the coder's files.
_MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "pebruari": 2,
    "maret": 3, "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7, "agustus": 8, "agu": 8,
    "agt": 8, "ags": 8, "aug": 8, "august": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10, "november": 11, "nov": 11,
    "nopember": 11, "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_DAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5,
         "minggu": 6, "ahad": 6}
_DATE = re.compile(
    rf"\b(?P<wd>{'|'.join(_DAYS)}),? ?\((?P<d1>\d{{1,2}})/(?P<m1>\d{{1,2}})/(?P<y1>\d{{4}})\)"
    rf"|\b(?P<d2>\d{{1,2}}) (?P<m2>{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\.? "
    r"(?P<y2>\d{4})\W{1,4}(?:pukul )?\d{1,2}[:.]\d{2}",  # a timestamp: 24 Mei 2011 09:33 WIB
    re.IGNORECASE,
)
# "kata X, Jumat (12/4/2024)" dates the statement, which is the day of writing; a weekday date
# elsewhere (pada Kamis (11/4/2024), sejak ...) is most often an event's day. Measured on the
# corpus: after a reporting word 84% equal the metadata date, elsewhere 50%.
_REPORTED = re.compile(
    r"\b(?:kata|ujar|ucap|jelas|tutur|ungkap|terang|sebut|tegas|papar|imbuh|tambah"
    r"|katanya|ujarnya|ucapnya|jelasnya|tuturnya|ungkapnya|terangnya|tegasnya|paparnya|imbuhnya"
    r"|mengatakan|menyatakan|menjelaskan|mengungkapkan|menegaskan|menuturkan|menyampaikan"
    r"|melaporkan|dilaporkan|wartawan|keterangan|konferensi pers)\b[^.!?\n]{0,80}$",
    re.IGNORECASE)
_NOT_BEFORE = re.compile(r"\b(?:pada|sejak|hingga|sampai|sebelum|mulai|lalu)\W*$", re.IGNORECASE)
_NOT_AFTER = re.compile(r"\W*(?:lalu|silam|mendatang|nanti)\b", re.IGNORECASE)
_LINE_START = re.compile(rf"(?:^|\n)(?:(?:{'|'.join(_DAYS)})\W{{1,3}})?$", re.IGNORECASE)
_OPENING = 60  # a weekday date this close to the start stands in the dateline
HEAD_CHARS = 350


def after_reporting_verb(before: str) -> bool:
    """True when a date that follows ``before`` stands with a reporting verb ("kata X,")."""
    return _REPORTED.search(before) is not None


def find_published(head: str) -> dt.date | None:
    """A date in ``head`` that reads as the day of writing: a timestamp, or a weekday date
    in the dateline or right after a reporting verb."""
    for m in _DATE.finditer(head):
        before = head[:m.start()]
        if _NOT_BEFORE.search(before[-12:]) or _NOT_AFTER.match(head, m.end()):
            continue
        if m["d2"]:
            if not _LINE_START.search(before):
                continue  # "dimainkan pada Senin 21 Juli 2025 pukul 20.00": a schedule
            parts = (m["y2"], _MONTHS[m["m2"].lower()], m["d2"])
        else:
            if not (m.start() <= _OPENING and not re.search(r"[.!?]\s", before)
                    or _REPORTED.search(before)):
                continue
            parts = (m["y1"], m["m1"], m["d1"])
        try:
            date = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            continue
        if not 1945 <= date.year <= 2100:
            continue
        if m["wd"] and _DAYS[m["wd"].lower()] != date.weekday():
            continue  # a weekday that disagrees with its date: a typo somewhere
        return date
    return None


# --- lines ------------------------------------------------------------------------------

_HAS_ALNUM = re.compile(r"\w")
_ENDS_SENTENCE = re.compile(r"[.!?…:;\"”’'»)\]]$")
# "kunjunganPresiden", "untuk RIYevhenia": the text of a stripped link glued to the next word
# "pertempuran.Israel": a sentence glued to the next one where a paragraph break was lost
# The match is the capital that starts the second word (a space goes before it): a pattern
# that opens with a character class lets re skip ahead to capitals, where one that opens
# with lookbehinds is tried at every position (~10x slower).
_GLUED = re.compile(r"[A-Z](?=[a-z])(?:(?<=[a-z]{3}[A-Z])|(?<=\b[A-Z]{2}[A-Z])(?=[a-z]{3})|"
                    r"(?<=\b[A-Z]{3}[A-Z])(?=[a-z]{3})|(?<=[a-z]{3}[.!?][A-Z])(?=[a-z]{2}))")
_SPACED_REDUP = re.compile(r"\b(\w{2,}) - ((?i:\1))\b")
_SPACED_SYLLABLE = re.compile(r"\b([A-Z][a-z]{1,5}) - ([a-z]{2,3})\b")
MAX_TITLE = 150
_TAIL_LINE_CHARS = 120


def _cut_inline(text: str, noise: NoiseRules) -> str:
    spans: list[tuple[int, int]] = []
    if noise.inline_lower is not None:
        low = text.lower()
        if len(low) == len(text):
            spans += [m.span() for m in noise.inline_lower.finditer(low)]
        elif noise.inline_lower_ci is not None:
            spans += [m.span() for m in noise.inline_lower_ci.finditer(text)]
    if noise.inline_cased is not None:
        spans += [m.span() for m in noise.inline_cased.finditer(text)]
    if not spans:
        return text
    spans.sort()
    out: list[str] = []
    pos = 0
    for start, end in spans:
        if end <= pos:
            continue
        piece = text[pos:max(pos, start)]
        if out and piece and not piece[0].isspace() and not out[-1][-1:].isspace():
            out.append(" ")  # "Manila.<cut>kapal" must not glue into one word
        out.append(piece)
        pos = end
    rest = text[pos:]
    if out and rest and not rest[0].isspace() and not out[-1][-1:].isspace():
        out.append(" ")
    out.append(rest)
    return _SPACES.sub(" ", "".join(out))


def _is_title(line: str) -> bool:
    return (len(line) <= MAX_TITLE and len(line.split()) >= 3
            and not _ENDS_SENTENCE.search(line) and not line.endswith(","))


def _title_like(line: str) -> bool:
    """A line that reads as a headline: short, several words, no closing punctuation."""
    return (len(line) <= _TAIL_LINE_CHARS and 2 <= len(line.split()) <= 20
            and not _ENDS_SENTENCE.search(line) and ". " not in line)


def _paragraphs(lines: list[str]) -> list[str]:
    """Drop lines without letters or digits; join a line broken before a lower-case word."""
    out: list[str] = []
    for line in lines:
        if not line or not _HAS_ALNUM.search(line):
            continue
        if out and line[0].islower() and not _ENDS_SENTENCE.search(out[-1]):
            out[-1] = f"{out[-1]} {line}"  # a link's text scraped onto its own line
        else:
            out.append(line)
    # Related headlines at the end: two or more short title-like lines in a row.
    end = len(out)
    while end > 0 and _title_like(out[end - 1]):
        end -= 1
    if len(out) - end >= 2 and end > 0:
        del out[end:]
    return out


TAIL_FROM = 0.3  # how far into the text (share of characters) an ending line may stand


def _cut_tail(lines: list[str], tail: re.Pattern[str]) -> list[str]:
    """Drop what follows an ending line ("---" before an appended summary) in the back
    part of the text; an early rule of dashes may separate real sections."""
    total = sum(len(s) + 1 for s in lines)
    seen = 0
    for i, s in enumerate(lines):
        if seen >= TAIL_FROM * total and s and tail.fullmatch(s):
            return lines[:i]
        seen += len(s) + 1
    return lines


def clean_text(raw: str, noise: NoiseRules, *, detect_title: bool = False) -> CleanText:
    """Clean one article; with ``detect_title`` a short first line is taken as its title."""
    text = _normalise_chars(raw)
    if " - " in text:
        # crawls space out hyphens: "Bangsa - Bangsa", "Moon Jae - in", "Ryong - hae"
        text = _SPACED_SYLLABLE.sub(r"\1-\2", _SPACED_REDUP.sub(r"\1-\2", text))
    published = find_published(text[:HEAD_CHARS])
    lines = [s.strip() for s in text.split("\n")]
    if noise.tail is not None:
        lines = _cut_tail(lines, noise.tail)
    if noise.line is not None:
        match = noise.line.fullmatch
        lines = [s for s in lines if not s or not match(s)]
    text = _cut_inline("\n".join(lines), noise)
    lines = [s.strip() for s in text.split("\n")]
    start = next((i for i, s in enumerate(lines) if _HAS_ALNUM.search(s)), len(lines))
    title = None
    if detect_title and start < len(lines) and _is_title(lines[start]):
        following = next((s for s in lines[start + 1:] if _HAS_ALNUM.search(s)), None)
        if following is not None and not find_dateline("\n".join(lines[start:start + 3]))[2]:
            title = lines[start]
            start += 1
    body = "\n".join(lines[start:]).lstrip()
    place, outlet, length = find_dateline(body)
    if length:
        body = body[length:]
    elif "\n" in body and _is_title(body.split("\n", 1)[0]):
        # a headline kept in the text ("Pejabat … Bertemu di Beijing\nSEOUL (Reuters) – …")
        head, rest = body.split("\n", 1)
        rest = rest.lstrip()
        place, outlet, length = find_dateline(rest)
        if length:
            body = f"{head}\n{rest[length:]}"
    paragraphs = _paragraphs([s.strip() for s in body.split("\n")])
    body = "\n".join(paragraphs)
    body = _GLUED.sub(r" \g<0>", body)
    return CleanText(body, title, place, outlet, published)
