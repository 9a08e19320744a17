"""The sources file and the --every interval."""

from __future__ import annotations

from pathlib import Path

import pytest

from peristiwa.crawl.sources import (
    FeedSource,
    SourcesError,
    merge_sources,
    parse_interval,
    read_sources,
)


def test_read_sources(tmp_path: Path):
    p = tmp_path / "sumber.tsv"
    p.write_text("# media yang diikuti\n"
                 "Kabar Contoh\thttps://kabar.test/rss\n"
                 "\n"
                 "Kabar Contoh\thttps://kabar.test/sitemap-news.xml  # peta situs berita\n"
                 "https://warta.test/atom.xml\n"
                 "Warta Dua\thttps://dua.test/feed#utama\n", encoding="utf-8")
    assert read_sources(p) == [
        FeedSource("https://kabar.test/rss", "Kabar Contoh"),
        FeedSource("https://kabar.test/sitemap-news.xml", "Kabar Contoh"),
        FeedSource("https://warta.test/atom.xml"),
        FeedSource("https://dua.test/feed#utama", "Warta Dua"),  # '#' inside a URL stays
    ]


@pytest.mark.parametrize("text, message", [
    ("Kabar\tftp://kabar.test/rss\n", ":1: 'ftp://kabar.test/rss' is not an http"),
    ("# kosong\n\n", "no feeds listed"),
    ("a\tb\thttps://x.test/\n", ":1: expected 'outlet<TAB>url'"),
    ("Kabar Contoh https://kabar.test/rss\n", "is not an http(s) URL"),  # spaces, not a TAB
])
def test_bad_sources(tmp_path: Path, text: str, message: str):
    p = tmp_path / "sumber.tsv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_sources(p)


def test_missing_or_binary_sources_file(tmp_path: Path):
    with pytest.raises(SourcesError, match="No such file"):
        read_sources(tmp_path / "tidak-ada.tsv")
    p = tmp_path / "biner.tsv"
    p.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(SourcesError, match="not UTF-8"):
        read_sources(p)


def test_merge_sources_keeps_each_url_once():
    merged = merge_sources([FeedSource("https://a.test/rss")],
                           [FeedSource("https://a.test/rss", "Kabar A"),
                            FeedSource("https://b.test/rss", "Kabar B"),
                            FeedSource("https://b.test/rss", "Lain")])
    assert merged == [FeedSource("https://a.test/rss", "Kabar A"),
                      FeedSource("https://b.test/rss", "Kabar B")]


@pytest.mark.parametrize("value, seconds", [
    ("90s", 90), ("15m", 900), ("1h", 3600), ("1h30m", 5400), ("0.5m", 30), ("2 H", 7200),
    ("1d", 86400),
])
def test_parse_interval(value: str, seconds: float):
    assert parse_interval(value) == seconds


@pytest.mark.parametrize("value", ["15", "", "m", "15x", "1h 30", "0s", "-5m", "15m!"])
def test_bad_interval(value: str):
    with pytest.raises(SourcesError):
        parse_interval(value)
