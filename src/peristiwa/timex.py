"""Find Indonesian time expressions in a sentence and resolve them to event dates.

The vocabulary (weekdays, months, relative phrases, markers) comes from ``time.tsv``;
the grammar that combines it lives here. News reports past events, so an expression
without a year or a direction resolves toward the past from the publication date:
"Kamis" is the most recent Thursday on or before it, "5 Maret" the most recent 5 March
no more than two weeks after it. A future marker ("Kamis depan", "Oktober mendatang")
or an intent word before the expression ("akan tiba pada Kamis") points it forward.

Precision ``week`` carries a representative day: "pekan lalu" is the publication date
minus seven days, "akhir pekan lalu" the Sunday before the publication week.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from peristiwa.dictionary.tsv import DictionaryError, Row
from peristiwa.records import TimeMention

__all__ = ["TimeResolver", "Offset"]

KINDS = ("weekday", "month", "relative", "number", "marker", "part", "prefix", "context",
         "daypart")
_MARKERS = ("past", "future", "current", "intent")
_PARTS = ("early", "mid", "late")
_PREFIXES = ("weekday", "day", "month", "year")
_CONTEXTS = ("date", "until", "and")
_DAYPARTS = ("morning", "midday", "afternoon", "evening", "night")
_OFFSET = re.compile(r"([+-]?)(\d{1,3}|N)(we|d|w|m|y)")
_TOLERANCE = dt.timedelta(days=14)  # "5 Maret" may lie this far after publication
_INTENT_WORDS = 6  # how far before an expression an intent word ("akan") reaches
_YEARS = (1900, 2100)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_WS = re.compile(r"\s+")
_OPENERS = ("", ".", "!", "?", '"', "“", "”", "(", ":")  # after these a capital starts a sentence


@dataclass(frozen=True, slots=True)
class Offset:
    """A relative offset from publication: ``count`` units (None: the phrase's number)."""

    count: int | None
    sign: int
    unit: str  # d, w, m, y, we


def _norm(s: str) -> str:
    return _WS.sub(" ", s.translate(_QUOTES).casefold().strip())


def _word_pattern(phrase: str, num: str) -> str:
    parts = []
    for tok in phrase.split():
        if tok == "N":
            parts.append(num)
        else:
            parts.append(re.escape(tok.translate(_QUOTES)).replace("'", "['’‘`]"))
    return r"\s+".join(parts)


def _alt(phrases: list[str], num: str = "") -> str:
    """Regex alternation of phrases, longest first so the longest one wins."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(_word_pattern(p, num) for p in ordered) + ")" if ordered else "(?!)"


class _Vocabulary:
    """The validated rows of time.tsv, by kind."""

    def __init__(self, rows: list[Row]):
        self.weekday: dict[str, int] = {}
        self.month: dict[str, int] = {}
        self.relative: dict[str, Offset] = {}
        self.number: dict[str, int] = {}
        self.marker: dict[str, str] = {}
        self.part: dict[str, str] = {}
        self.prefix: dict[str, str] = {}
        self.context: dict[str, str] = {}
        self.daypart: dict[str, str] = {}
        for row in rows:
            self._add(row)

    def _add(self, row: Row) -> None:
        word, kind, value = row.field(0), row.field(1), row.field(2)

        def bad(reason: str) -> DictionaryError:
            return DictionaryError(row.path, row.line, reason)

        key = _norm(word)
        if kind == "weekday":
            self.weekday[key] = self._int(value, 0, 6, bad)
        elif kind == "month":
            self.month[key] = self._int(value, 1, 12, bad)
        elif kind == "number":
            self.number[key] = self._int(value, 0, 999, bad)  # 0: vague ("beberapa")
        elif kind == "relative":
            m = _OFFSET.fullmatch(value)
            if m is None:
                raise bad(f"bad offset {value!r} (want e.g. -1d, 0w, +1m, -Ny, -1we)")
            has_n = "N" in word.split()
            if has_n != (m.group(2) == "N"):
                raise bad("N must stand both in the phrase and in the offset, or in neither")
            if has_n:
                key = " ".join("N" if t == "N" else _norm(t) for t in word.split())
            count = None if m.group(2) == "N" else int(m.group(2))
            self.relative[key] = Offset(count, -1 if m.group(1) == "-" else 1, m.group(3))
        elif kind == "marker":
            self.marker[key] = self._choice(value, _MARKERS, bad)
        elif kind == "part":
            self.part[key] = self._choice(value, _PARTS, bad)
        elif kind == "prefix":
            self.prefix[key] = self._choice(value, _PREFIXES, bad)
        elif kind == "context":
            self.context[key] = self._choice(value, _CONTEXTS, bad)
        elif kind == "daypart":
            self.daypart[key] = self._choice(value, _DAYPARTS, bad)
        else:
            raise bad(f"unknown kind {kind!r} (known: {', '.join(KINDS)})")

    @staticmethod
    def _int(value: str, lo: int, hi: int, bad) -> int:
        if not value.isdigit() or not lo <= int(value) <= hi:
            raise bad(f"value {value!r} is not a number {lo}-{hi}")
        return int(value)

    @staticmethod
    def _choice(value: str, allowed: tuple[str, ...], bad) -> str:
        if value not in allowed:
            raise bad(f"value {value!r} is not one of {', '.join(allowed)}")
        return value

    def markers(self, *values: str) -> list[str]:
        return [w for w, v in self.marker.items() if v in values]

    def prefixes(self, value: str) -> list[str]:
        return [w for w, v in self.prefix.items() if v == value]

    def relatives(self, *units: str) -> list[str]:
        return [w for w, o in self.relative.items() if not units or o.unit in units]


class _Grammar:
    """Regular expressions built from the vocabulary, over lower-cased text.

    ``master`` finds where an expression may start (a time word or a date-like number) and
    runs in C over the whole sentence; the parsers then read the expression at that point.
    """

    def __init__(self, v: _Vocabulary):
        num = r"(?:\d{1,3}|" + _alt(list(v.number))[3:]
        months, weekdays = _alt(list(v.month)), _alt(list(v.weekday))
        rels, part = _alt(v.relatives(), num), _alt(list(v.part))
        mark = _alt(v.markers("past", "future", "current"))
        pre = {p: _alt(v.prefixes(p)) for p in _PREFIXES}
        b, e = r"(?<![\w'’])", r"(?![\w'’])"
        year = r"(?P<y>\d{4})(?![\d.,]\d|\s*[/-]\s*\d{1,2}(?!\d)|-an\b)"  # not 2024-04, 2000-an
        # after a day-month or a month: a year, a marker, or a relative ("Juni tahun lalu")
        after = (rf"(?:\.(?=\s*\d))?(?:\s*,?\s*{year}|\s+(?P<mk>{mark}){e}"
                 rf"|\s+(?P<rel>{rels}){e})?")
        self.num_date = re.compile(
            r"(?<![\w/.-])(?P<open>\(\s*)?(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})"
            r"(?:\s*(?P=sep)\s*(?P<y>\d{4}|\d{2}))?(?![\d/])(?P<close>\s*\))?")
        self.iso = re.compile(r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w-])")
        self.named = re.compile(
            rf"{b}(?:{pre['day']}\s+)?(?P<d>\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s+"
            rf"(?P<mo>{months}){e}{after}")
        self.month = re.compile(
            rf"{b}(?:(?P<part>{part})\s+)?(?:(?P<pre>{pre['month']})\s+)?(?P<mo>{months}){e}"
            + after)
        self.weekday = re.compile(rf"{b}(?:(?P<pre>{pre['weekday']})\s+)?(?P<wd>{weekdays}){e}"
                                  rf"(?:\s+(?P<dp>{_alt(list(v.daypart))}){e})?")
        # "13 Juni sampai 20 Juli 2025": the first date takes the year of the second
        joins = _alt([w for w, c in v.context.items() if c in ("until", "and")])
        self.range_year = re.compile(
            rf"\s*(?:[-–—]|{joins})\s*(?:\d{{1,2}}\s*[-–]\s*)?(?:\d{{1,2}}\s+)?{months}{e}"
            rf"\.?\s*,?\s*(?P<y>\d{{4}})(?!\d)")
        self.after_weekday = re.compile(rf"{b}{weekdays}\s*(?:[-–]|{joins})\s*$")
        self.sep = re.compile(r"\s*,?\s*")
        self.tail_rel = re.compile(rf"\s+(?P<rel>{rels}){e}")
        self.tail_mark = re.compile(rf"\s+(?P<mk>{mark}){e}")
        self.rel = re.compile(rf"{b}(?P<rel>{rels}){e}")
        self.part_rel = re.compile(rf"{b}(?P<part>{part})\s+(?P<rel>{rels}){e}")
        self.year = re.compile(
            rf"{b}(?:(?P<part>{part})\s+)?(?:(?P<pre>{pre['year']})\s+)?{year}"
            rf"(?:\s+(?P<mk>{_alt(v.markers('past'))}){e})?")
        self.number = re.compile(rf"{b}{num}{e}")
        self.prev_word = re.compile(r"([\w'’]+)\s+$")
        heads = set(v.weekday) | set(v.month) | set(v.part) | set(v.prefix) | set(v.number)
        heads |= {r.split()[0] for r in v.relative if not r.startswith("N ")}
        after_n = {r.split()[1] for r in v.relative if r.startswith("N ")} | set(v.month)
        self.master = re.compile(
            rf"\b(?:{_trie({h.split()[0] for h in heads})}{e}"
            rf"|\d{{1,3}}(?:\s*[/.-]\s*\d|\s+{_trie(after_n)}{e})|(?:19|20)\d\d(?!\d)|2100(?!\d))")


def _trie(words: set[str]) -> str:
    """A regex matching any of ``words``, factored on shared prefixes so it runs fast."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w.translate(_QUOTES):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [("['’‘`]" if ch == "'" else re.escape(ch)) + emit(sub)
                for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(root)


# -- date arithmetic -------------------------------------------------------------------

def _weekday_date(pub: dt.date, wd: int, mode: str, weeks: int = 0) -> dt.date:
    """The weekday ``wd`` seen from ``pub``; mode default/past/future/intent/current/week."""
    today = pub.weekday()
    if mode == "week":
        return pub + dt.timedelta(days=7 * weeks + wd - today)
    if mode == "current":
        return pub + dt.timedelta(days=wd - today)
    if mode == "past":
        return pub - dt.timedelta(days=(today - wd - 1) % 7 + 1)
    if mode == "future":
        return pub + dt.timedelta(days=(wd - today - 1) % 7 + 1)
    if mode == "intent":
        return pub + dt.timedelta(days=(wd - today) % 7)
    return pub - dt.timedelta(days=(today - wd) % 7)


def _day_month(pub: dt.date, month: int, day: int, mode: str, years: int = 0) -> dt.date | None:
    """The year of a day and month written without one, as ``mode`` points."""
    cands = []
    for y in range(pub.year - 4, pub.year + 5):
        try:
            cands.append(dt.date(y, month, day))
        except ValueError:
            continue
    if mode == "year":
        return next((c for c in cands if c.year == pub.year + years), None)
    if mode == "current":
        return next((c for c in cands if c.year == pub.year), None)
    if mode in ("future", "intent"):
        limit = pub - (_TOLERANCE if mode == "intent" else dt.timedelta(0))
        return min((c for c in cands if c >= limit), default=None)
    limit = pub + (dt.timedelta(0) if mode == "past" else _TOLERANCE)
    return max((c for c in cands if c <= limit), default=None)


def _month_year(pub: dt.date, month: int, mode: str, years: int = 0) -> int:
    """The year of a month written without one, as ``mode`` points."""
    if mode == "year":
        return pub.year + years
    if mode == "current":
        return pub.year
    if mode in ("future", "intent"):
        return pub.year if month >= pub.month else pub.year + 1
    limit = pub + (dt.timedelta(0) if mode == "past" else _TOLERANCE)
    return max(y for y in (pub.year - 1, pub.year, pub.year + 1) if dt.date(y, month, 1) <= limit)


def _shift_month(pub: dt.date, months: int) -> str:
    total = pub.year * 12 + pub.month - 1 + months
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _valid(y: int, m: int, d: int) -> dt.date | None:
    if not _YEARS[0] <= y <= _YEARS[1]:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


@dataclass(slots=True)
class _Sentence:
    """One call's sentence: lower-cased text for matching, the original for capitals."""

    low: str
    text: str
    base: int
    pub: dt.date | None


class TimeResolver:
    """Find time expressions in a sentence and resolve them against the publication date."""

    def __init__(self, rows: list[Row]):
        self.vocab = _Vocabulary(rows)
        self._g = _Grammar(self.vocab)
        # a weekday name that also starts a relative phrase ("minggu lalu") needs evidence
        self._ambiguous = {w for w in self.vocab.weekday
                           if any(r.split()[0] == w for r in self.vocab.relative)}
        self._intents = set(self.vocab.markers("intent"))
        self._parsers = [self._p_iso, self._p_named, self._p_num, self._p_weekday,
                         self._p_rel, self._p_month, self._p_year]

    def find(self, text: str, start: int, end: int,
             published: dt.date | None) -> list[TimeMention]:
        """Return the time expressions in ``text[start:end]`` with absolute spans."""
        low = text[start:end].lower()
        master = self._g.master
        m = master.search(low)
        if m is None:
            return []
        if len(low) != end - start:  # a character whose lower case is longer ("İ")
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text[start:end])
            m = master.search(low)
        sent = _Sentence(low, text, start, published)
        out: list[TimeMention] = []
        while m is not None:
            got = None
            for parse in self._parsers:
                got = parse(sent, m.start())
                if got is not None:
                    break
            if got is None:
                m = master.search(low, m.start() + 1)
                continue
            out.append(got)
            m = master.search(low, max(got.end - start, m.start() + 1))
        return out

    # -- helpers -----------------------------------------------------------------------
    @staticmethod
    def _mention(sent: _Sentence, s: int, e: int, date: str | None, precision: str,
                 basis: str) -> TimeMention:
        a, b = sent.base + s, sent.base + e
        return TimeMention(a, b, sent.text[a:b], date, precision, basis)

    def _has_context(self, sent: _Sentence, s: int) -> bool:
        m = self._g.prev_word.search(sent.low, max(0, s - 24), s)
        return m is not None and self.vocab.context.get(m.group(1).translate(_QUOTES)) in (
            "date", "until")

    def _range_year(self, sent: _Sentence, e: int) -> str | None:
        """The year that ends a range starting at a date without one ("Mei-Juni 2025")."""
        m = self._g.range_year.match(sent.low, e)
        return m["y"] if m else None

    def _intent(self, sent: _Sentence, s: int) -> bool:
        """An intent word ("akan") among the few words before ``s`` in the same clause."""
        window = sent.low[max(0, s - 80):s]
        cut = max(window.rfind(c) for c in ',;:"“”')
        words = window[cut + 1:].split()[-_INTENT_WORDS:]
        return any(w.strip(".!?()") in self._intents for w in words)

    def _offset(self, phrase: str) -> tuple[Offset, int | None] | None:
        """The offset of a matched relative phrase and its signed count (None: vague)."""
        key = _norm(phrase)
        off = self.vocab.relative.get(key)
        count = 1
        if off is None:
            n = self._g.number.search(key)
            if n is None:
                return None
            key = key[:n.start()] + "N" + key[n.end():]
            off = self.vocab.relative.get(key)
            if off is None:
                return None
            word = n.group(0)
            count = int(word) if word.isdigit() else self.vocab.number.get(word, 0)
            if count == 0:
                return off, None  # "beberapa hari lalu": a time was given, but no date
        if off.count is not None:
            count = off.count
        return off, off.sign * count

    def _tail(self, phrase: str | None, units: tuple[str, ...]) -> tuple[Offset, int] | None:
        """A relative phrase after a weekday or month that says which one is meant."""
        got = self._offset(phrase) if phrase else None
        if got is None or got[1] is None or got[0].unit not in units:
            return None
        return got[0], got[1]

    def _mode(self, sent: _Sentence, s: int, mk: str | None,
              rel: tuple[Offset, int] | None) -> tuple[str, int]:
        """Which way an expression without a year points: a relative, a marker, intent."""
        if rel is not None:
            off, n = rel
            if off.unit == "d":
                return ("past" if n < 0 else "future" if n > 0 else "current"), 0
            return ("year" if off.unit == "y" else "week"), n
        if mk:
            return self.vocab.marker[_norm(mk)], 0
        return ("intent" if self._intent(sent, s) else "default"), 0

    # -- parsers: each reads one form at ``s`` and returns a mention or None ------------
    def _p_iso(self, sent: _Sentence, s: int) -> TimeMention | None:
        m = self._g.iso.match(sent.low, s)
        d = _valid(int(m["y"]), int(m["m"]), int(m["d"])) if m else None
        if m is None or d is None:
            return None
        return self._mention(sent, s, m.end(), d.isoformat(), "day", "explicit")

    def _read_num(self, sent: _Sentence, p: int, loose: bool,
                  s: int) -> tuple[int, int, str | None, str] | None:
        """A numeric date at ``p``: (start, end, date, basis); day/month alone needs parens."""
        m = self._g.num_date.match(sent.low, p)
        if m is None:
            return None
        y, sep = m["y"], m["sep"]
        paren = bool(m["open"] and m["close"])
        day, month = int(m["d"]), int(m["m"])
        a = m.start() if paren else m.start("d")
        b = m.end() if paren else m.end("y") if y else m.end("m")
        if y and len(y) == 4:
            d = _valid(int(y), month, day)
            return (a, b, d.isoformat(), "explicit") if d else None
        if sep != "/" or not (paren or (loose and not y)):
            return None  # 09.30 is a time, 2-1 a score, 1/2 a fraction
        if y:
            d = _valid(2000 + int(y), month, day)
            return (a, b, d.isoformat(), "explicit") if d else None
        if _valid(2000, month, day) is None:
            return None
        if sent.pub is None:
            return a, b, None, "relative"
        d = _day_month(sent.pub, month, day, self._mode(sent, s, None, None)[0])
        return (a, b, d.isoformat(), "relative") if d else None

    def _p_num(self, sent: _Sentence, s: int) -> TimeMention | None:
        p = s - 1 if s and sent.low[s - 1] == "(" else s
        got = self._read_num(sent, p, False, s)
        if got is None:
            return None
        a, b, date, basis = got
        return self._mention(sent, a, b, date, "day", basis)

    def _read_named(self, sent: _Sentence, p: int, s: int) -> tuple[int, str | None, str] | None:
        """A day and month name at ``p`` ("11 April 2024", "5 Maret lalu"): (end, date, basis)."""
        m = self._g.named.match(sent.low, p)
        if m is None:
            return None
        month, day = self.vocab.month[_norm(m["mo"])], int(m["d"])
        rel = self._tail(m["rel"], ("d", "y"))
        e = m.end() if rel is not None or not m["rel"] else m.end("mo")
        y = m["y"] or self._range_year(sent, e)
        if y:
            d = _valid(int(y), month, day)
            return (e, d.isoformat(), "explicit") if d else None
        if _valid(2000, month, day) is None:
            return None
        if sent.pub is None:
            return e, None, "relative"
        mode, years = self._mode(sent, s, m["mk"], rel)
        d = _day_month(sent.pub, month, day, mode, years)
        return (e, d.isoformat(), "relative") if d else None

    def _p_named(self, sent: _Sentence, s: int) -> TimeMention | None:
        got = self._read_named(sent, s, s)
        if got is None:
            return None
        e, date, basis = got
        return self._mention(sent, s, e, date, "day", basis)

    def _p_weekday(self, sent: _Sentence, s: int) -> TimeMention | None:
        g, low = self._g, sent.low
        m = g.weekday.match(low, s)
        if m is None:
            return None
        key, p = _norm(m["wd"]), m.end()
        # "Kamis (11/4/2024)", "Jumat, 13 Juni 2025": the date wins over the weekday
        q = g.sep.match(low, p).end()
        tail: tuple[int, str | None, str] | None = None
        if q < len(low):
            got = self._read_num(sent, q, True, s) if low[q] in "(0123456789" else None
            tail = got[1:] if got is not None else self._read_named(sent, q, s)
        if key in self._ambiguous and not (m["pre"] or m["dp"]):
            capital = sent.text[sent.base + m.start("wd")].isupper()
            if not (capital and (tail is not None or self._sunday(sent, s, p))):
                return self._p_rel(sent, s)
        if tail is not None:
            return self._mention(sent, s, tail[0], tail[1], "day", tail[2])
        rel, mk, e = None, None, p
        t = g.tail_rel.match(low, p)
        if t is not None:
            rel = self._tail(t["rel"], ("d", "w"))
            if rel is not None:
                e = t.end()
        if rel is None and (t := g.tail_mark.match(low, p)) is not None:
            mk, e = t["mk"], t.end()
        if sent.pub is None:
            return self._mention(sent, s, e, None, "day", "relative")
        mode, weeks = self._mode(sent, s, mk, rel)
        d = _weekday_date(sent.pub, self.vocab.weekday[key], mode, weeks)
        return self._mention(sent, s, e, d.isoformat(), "day", "relative")

    def _sunday(self, sent: _Sentence, s: int, p: int) -> bool:
        """Is a capitalised "Minggu" the weekday? A comma, "(", "pada" or "Sabtu dan" says so."""
        low = sent.low
        after = low[p:p + 3].lstrip()[:1]
        before = low[max(0, s - 3):s].rstrip()[-1:]
        if before == "," or self._has_context(sent, s):
            return True
        prev = self._g.prev_word.search(low, max(0, s - 24), s)
        if prev is not None and sent.text[sent.base + prev.start(1)].isupper():
            # "Pasar Minggu": a capitalised word inside the sentence makes it a name
            if low[max(0, prev.start(1) - 3):prev.start(1)].rstrip()[-1:] not in _OPENERS:
                return False
        return (after in ("(", ",")
                or self._g.after_weekday.search(low, max(0, s - 30), s) is not None)

    def _p_rel(self, sent: _Sentence, s: int) -> TimeMention | None:
        g, pub = self._g, sent.pub
        m = g.rel.match(sent.low, s) or g.part_rel.match(sent.low, s)
        got = self._offset(m["rel"]) if m else None
        if m is None or got is None:
            return None
        off, n = got
        if off.count is not None and self._after_number(sent, m.start()):
            return None  # "tiga bulan ini", "ribuan tahun ini": a span of time, not a date
        precision = {"d": "day", "w": "week", "we": "week", "m": "month", "y": "year"}[off.unit]
        date: str | None = None
        if pub is not None and n is not None:
            if off.unit == "d":
                date = (pub + dt.timedelta(days=n)).isoformat()
            elif off.unit == "w":
                date = (pub + dt.timedelta(days=7 * n)).isoformat()
            elif off.unit == "we":  # the Sunday of the week n weeks from publication
                date = (pub + dt.timedelta(days=6 - pub.weekday() + 7 * n)).isoformat()
            elif off.unit == "m":
                date = _shift_month(pub, n)
            elif 1 <= pub.year + n <= 9999:
                date = f"{pub.year + n:04d}"
            else:
                return None
        return self._mention(sent, s, m.end(), date, precision, "relative")

    def _after_number(self, sent: _Sentence, s: int) -> bool:
        m = self._g.prev_word.search(sent.low, max(0, s - 24), s)
        return m is not None and (m.group(1).isdigit() or m.group(1) in self.vocab.number)

    def _p_month(self, sent: _Sentence, s: int) -> TimeMention | None:
        m = self._g.month.match(sent.low, s)
        if m is None:
            return None
        month = self.vocab.month[_norm(m["mo"])]
        rel = self._tail(m["rel"], ("d", "y"))
        e = m.end() if rel is not None or not m["rel"] else m.end("mo")
        ys = m["y"] or self._range_year(sent, e)
        if ys:
            y = int(ys)
            if not _YEARS[0] <= y <= _YEARS[1]:
                return None
            return self._mention(sent, s, e, f"{y:04d}-{month:02d}", "month", "explicit")
        # a bare month name needs a capital (or "bulan") and a word that makes it a date
        if not (m["pre"] or sent.text[sent.base + m.start("mo")].isupper()):
            return None
        if not (m["part"] or m["pre"] or m["mk"] or rel or self._has_context(sent, s)):
            return None
        if sent.pub is None:
            return self._mention(sent, s, e, None, "month", "relative")
        mode, years = self._mode(sent, s, m["mk"], rel)
        y = _month_year(sent.pub, month, mode, years)
        return self._mention(sent, s, e, f"{y:04d}-{month:02d}", "month", "relative")

    def _p_year(self, sent: _Sentence, s: int) -> TimeMention | None:
        m = self._g.year.match(sent.low, s)
        if m is None:
            return None
        y = int(m["y"])
        if not _YEARS[0] <= y <= _YEARS[1]:
            return None
        # "75 Tahun", "No 4", counts and money are no years: a year needs a context
        if not (m["part"] or m["pre"] or m["mk"] or self._has_context(sent, s)):
            return None
        return self._mention(sent, s, m.end(), f"{y:04d}", "year", "explicit")
