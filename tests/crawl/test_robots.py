"""robots.txt as RFC 9309 reads it."""

from __future__ import annotations

import pytest

from peristiwa.crawl.robots import Robots, parse_robots

TEXT = """
# komentar
User-agent: bot-lain
Disallow: /

User-agent: *
Disallow: /rahasia/
Allow: /rahasia/terbuka
Disallow: /*?cetak=
Disallow: /*.pdf$
Disallow: /arsip
Allow: /arsip/umum$
Disallow: /berita/kaf%C3%A9
Disallow:

User-agent: Peristiwa
User-agent: crawler-lain
Disallow: /khusus-peristiwa/
Crawl-delay: 7
"""


@pytest.mark.parametrize("path, allowed", [
    ("/berita/satu", True),
    ("/khusus-peristiwa/x", False),  # our own group ...
    ("/rahasia/dokumen", True),  # ... replaces the * group entirely
])
def test_our_group_wins_over_star(path: str, allowed: bool):
    rules = parse_robots(TEXT, "peristiwa/0.1.0 (+mailto:tim@contoh.test)")
    assert rules.allowed("http://h.test" + path) is allowed
    assert rules.crawl_delay == 7.0


@pytest.mark.parametrize("path, allowed", [
    ("/berita/satu", True),
    ("/rahasia/dokumen", False),
    ("/rahasia/terbuka/a", True),  # the longer Allow beats the shorter Disallow
    ("/berita/satu?cetak=1", False),  # * wildcard
    ("/berita/satu?hal=2&cetak=1", True),  # the rule says "?cetak=", literally
    ("/berita/satu?hal=2?cetak=1", False),
    ("/unduhan/laporan.pdf", False),  # $ anchors the end
    ("/unduhan/laporan.pdf?v=2", True),
    ("/arsip-lama", False),  # a plain pattern is a prefix
    ("/arsip/umum", True),
    ("/arsip/umum/2", False),
    ("/robots.txt", True),  # always
    ("/rahasia%2Fdokumen", True),  # an encoded slash is not a path separator here either
    ("/rah%61sia/dokumen", False),  # an encoded letter is the letter
    ("/berita/kafé", False),  # non-ASCII is compared percent-encoded
    ("/berita/kaf%c3%a9", False),
    ("/berita/kafe", True),
])
def test_star_group_rules(path: str, allowed: bool):
    rules = parse_robots(TEXT, "pengumpul/1.0")
    assert rules.allowed("https://h.test" + path) is allowed
    assert rules.crawl_delay is None


def test_equal_length_allow_wins():
    rules = parse_robots("User-agent: *\nDisallow: /a\nAllow: /a\n", "x")
    assert rules.allowed("http://h.test/a")


def test_no_rules_and_no_group_allow_everything():
    assert parse_robots("", "x").allowed("http://h.test/apa/saja")
    assert parse_robots("User-agent: lain\nDisallow: /\n", "x").allowed("http://h.test/a")
    assert parse_robots("Disallow: /\n", "x").allowed("http://h.test/a")  # no user-agent line


def test_fixed_verdicts():
    assert Robots.allow_everything().allowed("http://h.test/rahasia")
    assert not Robots.forbid_everything().allowed("http://h.test/berita")
    assert Robots.forbid_everything().allowed("http://h.test/robots.txt")
