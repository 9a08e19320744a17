"""Fixtures for the crawl tests: the local news site, a fast fetch config, a guard."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from peristiwa.crawl.fetch import FetchConfig

from .site import Site, add_news_routes, start, stop

LOOPBACK = {"127.0.0.1", "localhost"}


@pytest.fixture(autouse=True, scope="module")
def only_loopback() -> Iterator[None]:
    """Refuse, loudly, any connection to a host but 127.0.0.1 while these tests run."""
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOOPBACK:
            raise AssertionError(f"a crawl test tried to reach {name!r}")
        return real(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "getaddrinfo", guarded)
        yield


def fast_config(**changes: object) -> FetchConfig:
    """Tiny delays and limits, so the tests take a few seconds, not minutes."""
    settings: dict = dict(delay=0.005, timeout=1.0, deadline=4.0, retries=1, backoff=0.01,
                          max_bytes=200_000, proxies={})
    settings.update(changes)
    return FetchConfig(**settings)


@pytest.fixture
def site() -> Iterator[Site]:
    """The fictional news site on a free port of 127.0.0.1."""
    s = Site()
    add_news_routes(s)
    server, _ = start(s)
    yield s
    stop(server, s)


@pytest.fixture(scope="module")
def coder():
    from peristiwa.coder import Coder

    return Coder()
