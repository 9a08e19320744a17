"""Polite HTTP: robots.txt, one request at a time per host with a delay, retries and caps."""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import logging
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from peristiwa import __version__
from peristiwa.crawl.robots import MAX_ROBOTS_BYTES, Robots, parse_robots

__all__ = ["USER_AGENT", "FetchConfig", "Fetched", "Fetcher", "user_agent"]

log = logging.getLogger(__name__)

USER_AGENT = f"peristiwa/{__version__}"
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_NEVER_FEED = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 1 << 16

# Outcomes of a fetch; "ok" and "not-modified" are the good ones.
OUTCOMES = ("ok", "not-modified", "robots", "http-error", "network-error", "too-large",
            "wrong-type", "redirect-loop", "too-many-redirects", "bad-url")


def user_agent(contact: str | None = None) -> str:
    """``peristiwa/VERSION``, with the operator's contact (URL or e-mail) when given."""
    return f"{USER_AGENT} (+{contact})" if contact else USER_AGENT


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """Every fetch setting in one place; the defaults are polite for real news sites."""

    user_agent: str = USER_AGENT
    delay: float = 5.0  # seconds between two requests to one host
    timeout: float = 20.0  # connect and each read
    deadline: float = 90.0  # one whole response
    retries: int = 3  # further attempts after a 5xx or network error
    backoff: float = 1.0  # first retry pause; doubles each time
    max_backoff: float = 60.0
    max_bytes: int = 5_000_000  # an article page over this is skipped
    max_feed_bytes: int = 50_000_000  # the sitemap protocol's own limit
    max_redirects: int = 5
    max_crawl_delay: float = 60.0  # a robots.txt Crawl-delay is honoured up to this
    robots_ttl: float = 86_400.0  # RFC 9309: cache robots.txt for at most a day
    robots_retry: float = 600.0  # an unreachable robots.txt is asked again after this
    proxies: Mapping[str, str] | None = None  # None: from the environment (http_proxy ...)


@dataclass(frozen=True, slots=True)
class Fetched:
    """What one fetch gave: the outcome, the last response's status and headers, the body."""

    url: str
    final_url: str
    outcome: str
    status: int = 0
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    fetched_at: dt.datetime = field(default_factory=lambda: _utcnow())
    error: str | None = None
    requests: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def content_type(self) -> str | None:
        value = self.headers.get("content-type", "").split(";")[0].strip().lower()
        return value or None

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header names, if any."""
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip(" \"'"):
                return value.strip(" \"'")
        return None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def transient(self) -> bool:
        """A failure worth trying again on a later poll (server trouble, not a verdict)."""
        return self.outcome == "network-error" or (
            self.outcome == "http-error" and (self.status >= 500 or self.status in (408, 429)))


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class _NetError(Exception):
    """A request that got no usable response: refused, reset, timed out, malformed."""


@dataclass(slots=True)
class _Raw:
    status: int
    headers: dict[str, str]
    body: bytes | None = None
    outcome: str | None = None  # for 2xx: ok, too-large or wrong-type


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # Redirects are followed by Fetcher.fetch, which checks robots.txt and loops per hop.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Fetcher:
    """Fetches URLs politely; one instance remembers robots.txt and when each host is free."""

    def __init__(self, config: FetchConfig | None = None, *,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        self.config = config or FetchConfig()
        self._sleep = sleep
        self._clock = clock
        self._free_at: dict[str, float] = {}  # host → when the next request may start
        # origin → (rules, expiry, why robots.txt could not be read)
        self._robots: dict[str, tuple[Robots, float, str | None]] = {}
        proxy = (urllib.request.ProxyHandler() if self.config.proxies is None
                 else urllib.request.ProxyHandler(dict(self.config.proxies)))
        self._opener = urllib.request.build_opener(proxy, _NoRedirect())
        # A proxy would see (and could not reach) this machine's own servers.
        self._direct = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                                   _NoRedirect())

    # -- robots.txt ---------------------------------------------------------------------

    def robots(self, url: str) -> Robots:
        """The robots.txt rules of the URL's host (fetched once, then cached)."""
        return self._robots_entry(url)[0]

    def _robots_entry(self, url: str) -> tuple[Robots, float, str | None]:
        parts = urllib.parse.urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached and cached[1] > self._clock():
            return cached
        got = self.fetch(origin + "/robots.txt", kind="robots")
        ttl, error = self.config.robots_ttl, None
        if got.ok:
            text = (got.body or b"")[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
            rules = parse_robots(text, self.config.user_agent)
        elif got.transient:
            log.warning("%s: robots.txt unreachable (%s); not fetching from this host for now",
                        origin, got.error or got.status)
            rules, ttl = Robots.forbid_everything(), self.config.robots_retry
            error = f"robots.txt unreachable: {got.error or f'HTTP {got.status}'}"
        else:  # 4xx, or too many redirects: RFC 9309 "unavailable", crawling is allowed
            rules = Robots.allow_everything()
        self._robots[origin] = entry = (rules, self._clock() + ttl, error)
        return entry

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch the URL."""
        return self.robots(url).allowed(url)

    # -- politeness ---------------------------------------------------------------------

    def _host_delay(self, netloc: str) -> float:
        delay = self.config.delay
        for scheme in ("https", "http"):
            cached = self._robots.get(f"{scheme}://{netloc}")
            if cached and cached[0].crawl_delay:
                delay = max(delay, min(cached[0].crawl_delay, self.config.max_crawl_delay))
        return delay

    def _wait_turn(self, netloc: str) -> None:
        pause = self._free_at.get(netloc, 0.0) - self._clock()
        if pause > 0:
            self._sleep(pause)

    def _done(self, netloc: str) -> None:
        self._free_at[netloc] = self._clock() + self._host_delay(netloc)

    # -- fetching -----------------------------------------------------------------------

    def fetch(self, url: str, *, kind: str = "html", etag: str | None = None,
              last_modified: str | None = None) -> Fetched:
        """Fetch a URL of a kind (html, feed, robots): redirects, retries and checks included."""
        current, seen, requests = url, {url}, 0
        for _hop in range(self.config.max_redirects + 1):
            parts = urllib.parse.urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname or not _port_ok(parts):
                return Fetched(url, current, "bad-url", error=f"cannot fetch {current!r}",
                               requests=requests)
            if kind != "robots":
                rules, _, robots_error = self._robots_entry(current)
                if robots_error:  # RFC 9309: assume all is forbidden; try again later
                    return Fetched(url, current, "network-error", error=robots_error,
                                   requests=requests)
                if not rules.allowed(current):
                    log.info("%s: forbidden by robots.txt", current)
                    return Fetched(url, current, "robots", requests=requests)
            headers = {"User-Agent": self.config.user_agent, "Accept-Encoding": "gzip",
                       "Accept": _ACCEPT[kind]}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            raw, error, n = self._with_retries(current, headers, kind)
            requests += n
            if raw is None:
                return Fetched(url, current, "network-error", error=error, requests=requests)
            location = raw.headers.get("location")
            if raw.status in _REDIRECTS and location:
                target = urllib.parse.urljoin(current, location.strip()).partition("#")[0]
                if target in seen:
                    log.warning("%s: redirect loop at %s", url, target)
                    return Fetched(url, target, "redirect-loop", raw.status, None, raw.headers,
                                   requests=requests)
                seen.add(target)
                current = target
                continue
            if raw.status == 304:
                return Fetched(url, current, "not-modified", 304, None, raw.headers,
                               requests=requests)
            if not 200 <= raw.status < 300:
                return Fetched(url, current, "http-error", raw.status, None, raw.headers,
                               error=f"HTTP {raw.status}", requests=requests)
            return Fetched(url, current, raw.outcome or "ok", raw.status, raw.body, raw.headers,
                           requests=requests)
        log.warning("%s: more than %d redirects", url, self.config.max_redirects)
        return Fetched(url, current, "too-many-redirects", requests=requests)

    def _with_retries(self, url: str, headers: dict[str, str], kind: str
                      ) -> tuple[_Raw | None, str | None, int]:
        """One request, tried again after a 5xx or a network error with growing pauses."""
        netloc = urllib.parse.urlsplit(url).netloc
        raw: _Raw | None = None
        error: str | None = None
        attempt = 0
        while True:
            self._wait_turn(netloc)
            try:
                raw, error = self._once(url, headers, kind), None
            except _NetError as exc:
                raw, error = None, str(exc)
            finally:
                self._done(netloc)
            attempt += 1
            if (raw is not None and raw.status < 500) or attempt > self.config.retries:
                return raw, error, attempt
            pause = min(self.config.backoff * 2 ** (attempt - 1), self.config.max_backoff)
            if raw is not None:
                pause = max(pause, min(_retry_after(raw.headers), self.config.max_backoff))
            log.info("%s: %s; trying again in %.1f s", url,
                     error or f"HTTP {raw.status if raw else '?'}", pause)
            self._sleep(pause)

    def _once(self, url: str, headers: dict[str, str], kind: str) -> _Raw:
        host = urllib.parse.urlsplit(url).hostname
        opener = self._direct if _is_loopback(host) else self._opener
        started = self._clock()
        try:
            resp = opener.open(urllib.request.Request(url, headers=headers),
                               timeout=self.config.timeout)
        except urllib.error.HTTPError as err:  # 3xx, 304, 4xx, 5xx: the status is the answer
            with err:
                return _Raw(err.code, {k.lower(): v for k, v in err.headers.items()})
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
            raise _NetError(_reason(exc)) from None
        with resp:
            status = resp.getcode()
            hdrs = {k.lower(): v for k, v in resp.headers.items()}
            ctype = hdrs.get("content-type", "").split(";")[0].strip().lower()
            if not _type_ok(kind, ctype):
                log.info("%s: %s, not %s; skipped", url, ctype or "no type", kind)
                return _Raw(status, hdrs, None, "wrong-type")
            cap = {"html": self.config.max_bytes, "robots": MAX_ROBOTS_BYTES}.get(
                kind, self.config.max_feed_bytes)
            length = hdrs.get("content-length", "")
            if kind != "robots" and length.isdigit() and int(length) > cap:
                log.info("%s: %s bytes, over the %d byte limit; skipped", url, length, cap)
                return _Raw(status, hdrs, None, "too-large")
            encoding = hdrs.get("content-encoding", "identity").strip().lower()
            if encoding not in ("identity", "gzip", "x-gzip"):
                raise _NetError(f"unsupported content encoding {encoding!r}")
            try:
                body = self._read(resp, cap, encoding != "identity", started, kind == "robots")
            except _TooLarge:
                log.info("%s: over the %d byte limit; skipped", url, cap)
                return _Raw(status, hdrs, None, "too-large")
            except (OSError, http.client.HTTPException, zlib.error) as exc:
                raise _NetError(_reason(exc)) from None
            if kind == "html" and not ctype and not _looks_html(body):
                return _Raw(status, hdrs, None, "wrong-type")
            return _Raw(status, hdrs, body, "ok")

    def _read(self, resp: Any, cap: int, gzipped: bool, started: float, truncate: bool) -> bytes:
        """Stream the body; stop at ``cap`` bytes (decompressed) or at the deadline."""
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
        read = getattr(resp, "read1", resp.read)
        chunks: list[bytes] = []
        size = 0
        while True:
            if self._clock() - started > self.config.deadline:
                raise _NetError(f"response took over {self.config.deadline:.0f} s")
            data = read(_CHUNK)
            if not data:
                break
            if inflate is not None:
                data = inflate.decompress(data, cap + 1 - size)
            size += len(data)
            chunks.append(data)
            if size > cap:
                if truncate:
                    break
                raise _TooLarge
        return b"".join(chunks)[:cap]


class _TooLarge(Exception):
    """The body passed the size limit."""


_ACCEPT = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,"
            "*/*;q=0.1",
    "robots": "text/plain,*/*;q=0.1",
}


def _type_ok(kind: str, ctype: str) -> bool:
    if kind == "html":
        return not ctype or ctype in _HTML_TYPES
    if kind == "feed":
        return not ctype.startswith(_NEVER_FEED)
    return True


def _looks_html(body: bytes) -> bool:
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<!--", b"<meta"))


def _port_ok(parts: urllib.parse.SplitResult) -> bool:
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return True


def _retry_after(headers: Mapping[str, str]) -> float:
    value = headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else 0.0


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc.reason, str):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    return str(exc) or type(exc).__name__
