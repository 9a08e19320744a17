"""Validate request parameters: every value is checked before it reaches a query."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

from peristiwa.store.query import BUCKETS, MODES, EventFilter, QueryError, parse_dyad
from peristiwa.web.vocab import Vocabulary

__all__ = [
    "BadRequest",
    "NotFound",
    "Params",
    "EventQuery",
    "MAX_PER_PAGE",
    "FILTER_NAMES",
    "event_query",
]

MAX_PER_PAGE = 500
MAX_PAGE = 100_000
MAX_TEXT = 200
FILTER_NAMES = ("actor", "dyad", "code", "quad", "since", "until", "mode", "outlet", "q")
_CAMEO = re.compile(r"^\d{2,4}$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_FULL_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z0-9]{3})+$")


class BadRequest(ValueError):
    """A parameter that cannot be used; answered with 400 and the message."""


class NotFound(LookupError):
    """A cluster, event or actor the store does not hold; answered with 404."""


class Params:
    """The query string of one request, read through typed, checked accessors."""

    def __init__(self, query: QueryParams, allowed: Iterable[str]):
        self.query = query
        allowed = set(allowed)
        for key in query.keys():
            if key not in allowed:
                names = ", ".join(sorted(allowed)) or "none"
                raise BadRequest(f"unknown parameter {key!r} (this page takes: {names})")
            if len(query.getlist(key)) > 1:
                raise BadRequest(f"parameter {key!r} is given more than once")

    def text(self, name: str, max_len: int = MAX_TEXT) -> str | None:
        """A string, stripped; empty means absent (an HTML form sends empty fields)."""
        raw = self.query.get(name)
        if raw is None:
            return None
        value = raw.strip()
        if len(value) > max_len:
            raise BadRequest(f"{name}: at most {max_len} characters")
        if any(ord(c) < 32 for c in value):
            raise BadRequest(f"{name}: control characters are not allowed")
        return value or None

    def integer(self, name: str, default: int, lo: int, hi: int) -> int:
        """An integer in [lo, hi]."""
        raw = self.text(name, 12)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise BadRequest(f"{name}: {raw!r} is not a whole number") from None
        if not lo <= value <= hi:
            raise BadRequest(f"{name}: {value} is out of range ({lo} to {hi})")
        return value

    def date(self, name: str) -> dt.date | None:
        """An ISO day (YYYY-MM-DD)."""
        raw = self.text(name, 10)
        if raw is None:
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise BadRequest(f"{name}: {raw!r} is not a date (write YYYY-MM-DD)")
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise BadRequest(f"{name}: {raw!r} is not a valid date") from None

    def choice(self, name: str, options: Iterable[str], default: str | None = None) -> str | None:
        """One of a fixed set of words."""
        options = tuple(options)
        raw = self.text(name, 40)
        if raw is None:
            return default
        if raw not in options:
            raise BadRequest(f"{name}: {raw!r} is not one of {', '.join(options)}")
        return raw

    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        """``since`` and ``until``, in order."""
        since, until = self.date("since"), self.date("until")
        if since and until and since > until:
            raise BadRequest(f"since ({since}) is after until ({until})")
        return since, until

    def bucket(self, default: str | None = "month") -> str | None:
        """A time bucket: day, week, month or year."""
        return self.choice("by", BUCKETS, default)


def check_actor(value: str, vocab: Vocabulary, name: str = "actor") -> str:
    """A country or actor code the project or the store knows; names pass unchanged."""
    up = value.upper()
    if _COUNTRY.match(up) or _FULL_CODE.match(up):
        if vocab.known_actor(up):
            return up
        if value == up:  # written as a code, but no such code
            raise BadRequest(f"{name}: unknown actor code {value!r}")
    if len(value) < 2:
        raise BadRequest(f"{name}: give a code (CHN, CHNGOV) or at least two letters of a name")
    return value


def check_country(value: str, vocab: Vocabulary, name: str) -> str:
    """A three-letter country (or international) code the project or the store knows."""
    up = value.strip().upper()
    if not _COUNTRY.match(up):
        raise BadRequest(f"{name}: {value!r} is not a three-letter country code (CHN, PRK)")
    if not vocab.known_actor(up):
        raise BadRequest(f"{name}: unknown country code {value!r}")
    return up


def check_code(value: str, vocab: Vocabulary) -> str:
    """A CAMEO root (01-20) or an event code of the CAMEO table or the store."""
    if not _CAMEO.match(value):
        raise BadRequest(f"code: {value!r} is not a CAMEO root (04) or code (042)")
    if len(value) == 2:
        if not 1 <= int(value) <= 20:
            raise BadRequest(f"code: {value!r} is not a CAMEO root (01 to 20)")
    elif not vocab.known_cameo(value):
        raise BadRequest(f"code: unknown CAMEO event code {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class EventQuery:
    """An event filter plus the web-only filters (outlet, evidence text) and paging."""

    filter: EventFilter
    outlet: str | None = None
    q: str | None = None
    page: int = 1
    per_page: int = 50
    order: str = "newest"

    def args(self) -> dict[str, Any]:
        """The filter as query-string arguments (for links to other pages and CSV)."""
        f = self.filter
        out = {"actor": f.actor, "dyad": f.dyad, "code": f.code, "quad": f.quad,
               "since": f.since.isoformat() if f.since else None,
               "until": f.until.isoformat() if f.until else None, "mode": f.mode,
               "outlet": self.outlet, "q": self.q}
        return {k: v for k, v in out.items() if v is not None}


def event_query(p: Params, vocab: Vocabulary, *, paged: bool = True) -> EventQuery:
    """Read and check the event filters (and paging) of a request."""
    actor = p.text("actor", 100)
    if actor:
        actor = check_actor(actor, vocab)
    dyad = p.text("dyad", 60)
    if dyad:
        try:
            a, b, directed = parse_dyad(dyad)
        except QueryError as exc:
            raise BadRequest(f"dyad: {exc}") from None
        for side in (a, b):
            if not vocab.known_actor(side):
                raise BadRequest(f"dyad: unknown actor code {side!r}")
        dyad = f"{a}{'>' if directed else '-'}{b}"
    code = p.text("code", 4)
    if code:
        code = check_code(code, vocab)
    quad = p.integer("quad", 0, 1, 4) or None
    since, until = p.date_range()
    mode = p.choice("mode", (*MODES, "all"))
    mode = None if mode == "all" else mode
    outlet = p.text("outlet", 100)
    if outlet:
        stored = vocab.outlet(outlet)
        if stored is None:
            raise BadRequest(f"outlet: no articles from outlet {outlet!r} in this store")
        outlet = stored
    q = p.text("q", MAX_TEXT)
    if q and len(q) < 2:
        raise BadRequest("q: search for at least two characters")
    page = p.integer("page", 1, 1, MAX_PAGE) if paged else 1
    per_page = p.integer("per_page", 50, 1, MAX_PER_PAGE) if paged else 50
    order = p.choice("order", ("newest", "oldest"), "newest") or "newest"
    f = EventFilter(actor=actor, dyad=dyad, code=code, quad=quad, since=since, until=until,
                    mode=mode)
    return EventQuery(f, outlet=outlet, q=q, page=page, per_page=per_page, order=order)
