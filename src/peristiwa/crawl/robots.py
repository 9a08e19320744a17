"""robots.txt rules as RFC 9309 reads them: groups, longest match, ``*`` and ``$``.

The standard library's ``urllib.robotparser`` takes the first matching rule and knows no
wildcards, so a news site's ``Disallow: /*?print=`` would be ignored by it; this small
parser follows the RFC instead (and also reads the non-standard ``Crawl-delay``).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

__all__ = ["Robots", "parse_robots", "MAX_ROBOTS_BYTES"]

MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309: parse at least the first 500 KiB
_PRINTABLE = "".join(chr(c) for c in range(33, 127))
_UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


@dataclass(frozen=True, slots=True)
class _Rule:
    allow: bool
    length: int  # the pattern's length: the longest matching pattern wins
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Robots:
    """The rules of one host's robots.txt that apply to our user agent."""

    rules: tuple[_Rule, ...] = ()
    crawl_delay: float | None = None
    disallow_all: bool = False

    @classmethod
    def allow_everything(cls) -> Robots:
        """No robots.txt (4xx): everything may be fetched."""
        return cls()

    @classmethod
    def forbid_everything(cls) -> Robots:
        """robots.txt unreachable (5xx, network): nothing may be fetched for now."""
        return cls(disallow_all=True)

    def allowed(self, url: str) -> bool:
        """Whether the URL's path and query may be fetched."""
        parts = urllib.parse.urlsplit(url)
        path = parts.path or "/"
        if path == "/robots.txt":
            return True
        if self.disallow_all:
            return False
        target = _norm(path + ("?" + parts.query if parts.query else ""))
        best: _Rule | None = None
        for rule in self.rules:
            if rule.regex.match(target) and (
                best is None or rule.length > best.length
                or (rule.length == best.length and rule.allow and not best.allow)
            ):
                best = rule
        return best is None or best.allow


def _norm(path: str) -> str:
    """RFC 9309 2.2.2: non-ASCII percent-encoded, unreserved escapes (%61 → a) decoded."""
    path = urllib.parse.quote(path, safe=_PRINTABLE)
    return _ESCAPE.sub(_unescape, path)


def _unescape(m: re.Match[str]) -> str:
    char = chr(int(m[1], 16))
    return char if char in _UNRESERVED else "%" + m[1].upper()


def _compile(pattern: str) -> re.Pattern[str]:
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(part) for part in _norm(body).split("*"))
    return re.compile(regex + (r"\Z" if anchored else ""), re.S)


def parse_robots(text: str, agent: str) -> Robots:
    """The rules for ``agent`` (a product token such as ``peristiwa``), else for ``*``."""
    token = agent.split("/")[0].strip().lower()
    groups: list[tuple[list[str], list[tuple[str, str]]]] = []
    agents: list[str] = []
    lines: list[tuple[str, str]] = []
    in_rules = False
    for raw in text[:MAX_ROBOTS_BYTES].splitlines():
        line = raw.split("#", 1)[0].strip()
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key in ("user-agent", "useragent"):
            if in_rules:  # a user-agent line after rules starts a new group
                groups.append((agents, lines))
                agents, lines, in_rules = [], [], False
            agents.append(value.lower())
        elif key in ("allow", "disallow", "crawl-delay") and agents:
            in_rules = True
            lines.append((key, value))
    if agents:
        groups.append((agents, lines))
    mine = [ls for ags, ls in groups if any(a != "*" and a == token for a in ags)]
    if not mine:
        mine = [ls for ags, ls in groups if "*" in ags]
    rules: list[_Rule] = []
    delay: float | None = None
    for group in mine:
        for key, value in group:
            if key == "crawl-delay":
                try:
                    delay = max(delay or 0.0, float(value))
                except ValueError:
                    pass
            elif value:  # an empty Disallow allows everything: no rule
                rules.append(_Rule(key == "allow", len(value), _compile(value)))
    return Robots(tuple(rules), delay)
