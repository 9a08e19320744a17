"""Saved news pages: article text and metadata through trafilatura, then cleaning."""

import datetime as dt
from pathlib import Path

import pytest

from peristiwa.htmlpage import _strip_site, declared_charset, extract_page
from peristiwa.reading import iter_articles
from peristiwa.records import Article

PAGE = Path(__file__).parent / "fixtures" / "article_page.html"


@pytest.fixture(scope="module")
def page():
    return extract_page(PAGE.read_text(encoding="utf-8"))


def test_metadata_comes_from_the_page(page):
    assert page.title == "Menlu Indonesia dan Malaysia Sepakati Patroli Bersama di Selat Malaka"
    assert page.sitename == "Warta Contoh"
    assert page.published == dt.date(2024, 5, 14)


def test_article_text_without_menus_comments_or_related_links(page):
    assert "Menteri Luar Negeri Indonesia bertemu" in page.text
    assert "nota kesepahaman tentang pertukaran data pelayaran" in page.text
    for junk in ["Indeks Berita", "Semoga patrolinya", "ditunggu kerja sama", "Nelayan Riau",
                 "Pedoman Media Siber", "Festival Kuliner"]:
        assert junk not in page.text
    assert not page.text.startswith("Menlu Indonesia")  # the <h1> repeating the title


def test_read_page_is_cleaned_of_what_trafilatura_lets_through():
    [art] = list(iter_articles([str(PAGE)], published=dt.date(2030, 1, 1)))
    assert isinstance(art, Article)
    assert art.doc_id == "article_page"
    assert art.text.startswith("Menteri Luar Negeri Indonesia bertemu")  # dateline removed
    assert art.dateline == "Kuala Lumpur"
    assert art.outlet == "Warta Contoh"
    assert art.published == dt.date(2024, 5, 14)  # the page's date beats --published
    for junk in ["Baca Juga", "Harga Cabai", "(wrc/ab)", "Komentar", "Bagikan"]:
        assert junk not in art.text
    assert art.text.endswith("kata juru bicara kementerian luar negerinya.")


def test_page_without_article_gives_none():
    assert extract_page("<html><head><title>Kosong</title></head><body></body></html>") is None


@pytest.mark.parametrize(
    "title, site, expected",
    [
        ("Menteri Tiba di Hanoi - Warta Contoh", "Warta Contoh", "Menteri Tiba di Hanoi"),
        ("Menteri Tiba di Hanoi | warta contoh", "Warta Contoh", "Menteri Tiba di Hanoi"),
        ("Korea Utara - China Bahas Kerja Sama", "Warta Contoh",
         "Korea Utara - China Bahas Kerja Sama"),
        ("Menteri Tiba di Hanoi", None, "Menteri Tiba di Hanoi"),
    ],
)
def test_site_name_is_cut_from_the_title_only_when_it_is_the_site(title, site, expected):
    assert _strip_site(title, site) == expected


@pytest.mark.parametrize(
    "head, charset",
    [
        (b'<html><head><meta charset="ISO-8859-1">', "iso8859-1"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', "cp1252"),
        (b'<?xml version="1.0" encoding="utf-8"?><html>', "utf-8"),
        (b'<meta charset="no-such-charset">', None),
        (b"<html><body>tanpa deklarasi</body></html>", None),
    ],
)
def test_declared_charset(head, charset):
    assert declared_charset(head) == charset


def test_page_in_its_declared_charset_is_read(tmp_path):
    html = PAGE.read_text(encoding="utf-8").replace('<meta charset="utf-8">',
                                                    '<meta charset="iso-8859-1">')
    html = html.replace("nota kesepahaman", "nota kesepahaman (mémorandum)")
    path = tmp_path / "latin.html"
    path.write_bytes(html.encode("iso-8859-1"))
    [art] = list(iter_articles([str(path)]))
    assert "(mémorandum)" in art.text
