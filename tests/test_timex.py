"""Indonesian time expressions found in a sentence and resolved to event dates."""

import datetime as dt
import gzip
import json
import time
from pathlib import Path

import pytest

from peristiwa.dictionary.files import LANG_DIR
from peristiwa.dictionary.tsv import DictionaryError, Row, read_rows
from peristiwa.timex import TimeResolver

SHARED = Path(__file__).parents[1] / ".." / "shared"


@pytest.fixture(scope="module")
def rows():
    return read_rows(LANG_DIR / "time.tsv", 3, 3)


@pytest.fixture(scope="module")
def resolver(rows):
    return TimeResolver(rows)


@pytest.fixture
def found(resolver):
    def run(text, published="2024-04-12"):
        pub = dt.date.fromisoformat(published) if published else None
        return [(m.text, m.date, m.precision, m.basis)
                for m in resolver.find(text, 0, len(text), pub)]
    return run


@pytest.fixture
def date(found):
    """The single date found in a sentence."""
    def run(text, published="2024-04-12"):
        got = found(text, published)
        assert len(got) == 1, got
        return got[0][1]
    return run


# -- seed-like cases -------------------------------------------------------------------

def test_weekday_is_most_recent_such_day(found):
    assert found("Zhao tiba di Pyongyang pada hari Kamis.") == [
        ("hari Kamis", "2024-04-11", "day", "relative")]


def test_weekday_with_full_date_is_explicit(found):
    assert found("kata kantor berita itu, Kamis (11/4/2024).") == [
        ("Kamis (11/4/2024)", "2024-04-11", "day", "explicit")]
    assert found("kata kantor berita itu, Jumat, (12/4/2024).") == [
        ("Jumat, (12/4/2024)", "2024-04-12", "day", "explicit")]


def test_sunday_with_day_month(found):
    assert found("Kedua menteri duduk bareng pada Minggu (28/9) di Beijing.", "2025-09-29") == [
        ("Minggu (28/9)", "2025-09-28", "day", "relative")]


def test_weekdays_seen_from_a_sunday(date):
    assert date("delegasi tiba pada hari Jumat", "2024-03-24") == "2024-03-22"
    assert date("delegasi tiba pada hari Kamis", "2024-03-24") == "2024-03-21"
    assert date("media melaporkan pada hari Minggu", "2024-03-24") == "2024-03-24"
    assert date("kedua pihak bertemu pada hari Senin", "2024-03-22") == "2024-03-18"


def test_same_weekday_as_publication_is_that_day(date):
    assert date("Menlu bertemu mitranya pada Kamis.", "2024-04-11") == "2024-04-11"


def test_year_with_context(found):
    assert found("Kim terakhir berkunjung pada 2019.") == [("2019", "2019", "year", "explicit")]


# -- explicit dates --------------------------------------------------------------------

@pytest.mark.parametrize("text, want", [
    ("ditandatangani 11 April 2024 di Jakarta", "2024-04-11"),
    ("ditandatangani 11 Apr 2024", "2024-04-11"),
    ("ditandatangani 11 april 2024", "2024-04-11"),
    ("signed on 11 March 2024", "2024-03-11"),
    ("ditandatangani 11/4/2024", "2024-04-11"),
    ("ditandatangani (12/4/2024)", "2024-04-12"),
    ("ditandatangani 12-04-2024", "2024-04-12"),
    ("tanggal 2024-04-11 tertera", "2024-04-11"),
    ("bertemu pada (29/5/25) lalu", "2025-05-29"),
    ("pada tanggal 17 Agustus 1945", "1945-08-17"),
    ("Jakarta, 5 Pebruari 2020", "2020-02-05"),
])
def test_explicit_days(found, text, want):
    got = found(text)
    assert [(g[1], g[2], g[3]) for g in got] == [(want, "day", "explicit")]


def test_explicit_months_and_years(found):
    assert found("sejak awal Maret 2024") == [("awal Maret 2024", "2024-03", "month", "explicit")]
    assert found("rampung akhir 2024") == [("akhir 2024", "2024", "year", "explicit")]
    assert found("pada tahun 2018 silam") == [("tahun 2018 silam", "2018", "year", "explicit")]
    assert found("pada pertengahan tahun 2023") == [
        ("pertengahan tahun 2023", "2023", "year", "explicit")]
    assert found("sepanjang Mei 2023") == [("Mei 2023", "2023-05", "month", "explicit")]


def test_weekday_date_mismatch_keeps_the_date(date):
    assert date("Rabu (11/4/2024)") == "2024-04-11"  # 11 April 2024 was a Thursday


def test_weekday_with_part_of_day_and_date(found):
    assert found("Kamis malam, 22 Mei 2025 ia tiba") == [
        ("Kamis malam, 22 Mei 2025", "2025-05-22", "day", "explicit")]
    assert found("Senin malam (3/3/2025)") == [
        ("Senin malam (3/3/2025)", "2025-03-03", "day", "explicit")]
    assert found("berlaku Sabtu tanggal 14 Juni 2025") == [
        ("Sabtu tanggal 14 Juni 2025", "2025-06-14", "day", "explicit")]


def test_range_takes_year_of_its_end(found):
    got = found("pameran 24 Juli-3 Agustus 2025", "2025-06-16")
    assert got[0] == ("24 Juli", "2025-07-24", "day", "explicit")
    got = found("magang dari 4 Agustus hingga 22 Desember 2025", "2025-06-16")
    assert got[0][1] == "2025-08-04"
    assert found("pada Januari–Mei 2025", "2025-06-16")[0] == (
        "Januari", "2025-01", "month", "explicit")
    assert found("pada 20-22 Juni 2024")[0] == ("20-22 Juni 2024", "2024-06-20", "day",
                                                "explicit")


# -- day and month without a year ------------------------------------------------------

def test_day_month_takes_year_from_publication(found):
    assert found("pada 5 Maret lalu") == [("5 Maret lalu", "2024-03-05", "day", "relative")]
    assert found("tiba pada 20 April") == [("20 April", "2024-04-20", "day", "relative")]


def test_day_month_too_far_ahead_is_last_year(date):
    assert date("tiba pada 28 Desember", "2025-01-03") == "2024-12-28"
    assert date("Sabtu (28/12) malam", "2025-01-03") == "2024-12-28"
    assert date("tiba (28/12)", "2025-01-03") == "2024-12-28"
    assert date("tiba pada 5 Mei") == "2023-05-05"


def test_day_month_forward_with_future_marker_or_intent(date):
    assert date("sidang digelar 5 Maret mendatang") == "2025-03-05"
    assert date("KTT akan digelar pada 5 Maret") == "2025-03-05"
    assert date("Juni tahun lalu") == "2023-06"
    assert date("pada 5 Juni tahun lalu") == "2023-06-05"


def test_invalid_dates_are_not_dates(found):
    # a day that does not exist leaves the month, which is still right
    assert found("pada 31 Februari 2024") == [("Februari 2024", "2024-02", "month", "explicit")]
    assert found("tiba (31/2)") == []
    assert found("Selasa (10/6/2926) lalu") == [("Selasa", "2024-04-09", "day", "relative")]


# -- relative expressions --------------------------------------------------------------

@pytest.mark.parametrize("text, want, precision", [
    ("kemarin", "2024-04-11", "day"),
    ("kemarin lusa", "2024-04-10", "day"),
    ("dua hari lalu", "2024-04-10", "day"),
    ("2 hari lalu", "2024-04-10", "day"),
    ("tiga hari yang lalu", "2024-04-09", "day"),
    ("hari ini", "2024-04-12", "day"),
    ("pagi ini", "2024-04-12", "day"),
    ("malam ini", "2024-04-12", "day"),
    ("siang tadi", "2024-04-12", "day"),
    ("tadi malam", "2024-04-11", "day"),
    ("semalam", "2024-04-11", "day"),
    ("besok", "2024-04-13", "day"),
    ("pekan lalu", "2024-04-05", "week"),
    ("minggu lalu", "2024-04-05", "week"),
    ("sepekan lalu", "2024-04-05", "week"),
    ("dua pekan lalu", "2024-03-29", "week"),
    ("pekan ini", "2024-04-12", "week"),
    ("minggu ini", "2024-04-12", "week"),
    ("pekan depan", "2024-04-19", "week"),
    ("akhir pekan lalu", "2024-04-07", "week"),
    ("akhir pekan ini", "2024-04-14", "week"),
    ("bulan lalu", "2024-03", "month"),
    ("bulan ini", "2024-04", "month"),
    ("awal bulan ini", "2024-04", "month"),
    ("bulan depan", "2024-05", "month"),
    ("tiga bulan lalu", "2024-01", "month"),
    ("tahun lalu", "2023", "year"),
    ("akhir tahun lalu", "2023", "year"),
    ("tahun ini", "2024", "year"),
    ("75 tahun lalu", "1949", "year"),
    ("dua belas tahun silam", "2012", "year"),
])
def test_relative(found, text, want, precision):
    assert found(f"Ia datang {text} ke Jakarta.") == [(text, want, precision, "relative")]


def test_weekend_before_a_monday_is_yesterday(date):
    assert date("bertemu pada akhir pekan lalu", "2025-09-29") == "2025-09-28"


def test_month_names_relative(found):
    assert found("awal September lalu", "2025-10-20") == [
        ("awal September lalu", "2025-09", "month", "relative")]
    assert found("awal September lalu", "2025-08-20")[0][1] == "2024-09"
    assert found("Oktober mendatang", "2025-09-29")[0][1] == "2025-10"
    assert found("Oktober mendatang", "2025-11-02")[0][1] == "2026-10"
    assert found("pada Maret Presiden", "2024-04-12")[0][1] == "2024-03"
    assert found("sejak Desember", "2025-06-17")[0][1] == "2024-12"


def test_weekday_markers(found):
    got = found("Kamis depan, Kamis lalu, Kamis ini, Selasa pekan lalu, Senin kemarin")
    assert [g[:2] for g in got] == [
        ("Kamis depan", "2024-04-18"), ("Kamis lalu", "2024-04-11"),
        ("Kamis ini", "2024-04-11"), ("Selasa pekan lalu", "2024-04-02"),
        ("Senin kemarin", "2024-04-08")]


def test_weekday_with_lalu_on_that_weekday_is_a_week_back(date):
    assert date("tiba Jumat lalu", "2024-04-12") == "2024-04-05"


def test_intent_points_a_weekday_forward(date):
    assert date("Presiden akan tiba di Jakarta pada Kamis") == "2024-04-18"
    assert date("Presiden akan tiba pada Jumat") == "2024-04-12"
    # "akan" in another clause, or after the weekday, does not
    assert date("Ia berkata pada Kamis bahwa ia akan datang") == "2024-04-11"
    assert date("Ia akan datang, kata juru bicara pada Kamis") == "2024-04-11"


def test_vague_counts_give_a_mention_without_date(found):
    assert found("beberapa hari lalu") == [("beberapa hari lalu", None, "day", "relative")]
    assert found("beberapa tahun silam") == [("beberapa tahun silam", None, "year", "relative")]
    assert found("berusia ribuan tahun ini") == []
    assert found("tiga bulan ini saya belajar") == []


# -- Minggu: Sunday or week ------------------------------------------------------------

def test_minggu_sunday_or_week(found):
    pub = "2025-09-29"
    assert found("Minggu lalu, pemerintah mengajukan", pub) == [
        ("Minggu lalu", "2025-09-22", "week", "relative")]
    assert found("tiba pada Minggu lalu", pub) == [("Minggu lalu", "2025-09-28", "day",
                                                    "relative")]
    assert found("tiba pada minggu lalu", pub) == [("minggu lalu", "2025-09-22", "week",
                                                    "relative")]
    assert found("tiba hari minggu", pub)[0][1:3] == ("2025-09-28", "day")
    assert found("di Jakarta, Minggu, kata", pub)[0][:2] == ("Minggu", "2025-09-28")
    assert found("libur Sabtu dan Minggu", pub)[1][:2] == ("Minggu", "2025-09-28")
    assert found("Minggu pagi ia tiba", pub)[0][:2] == ("Minggu pagi", "2025-09-28")
    assert found("selama dua minggu", pub) == []
    assert found("apartemen di Pasar Minggu, Jakarta Selatan", pub) == []


def test_weekday_spellings(date):
    assert date("pada Jum'at") == "2024-04-12"
    assert date("pada Jum’at") == "2024-04-12"
    assert date("pada Ahad") == "2024-04-07"
    assert date("pada Sabtu") == "2024-04-06"
    assert date("pada Selasa") == "2024-04-09"
    assert date("pada Rabu") == "2024-04-10"


# -- not time expressions --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "merayakan 75 Tahun Persahabatan kedua negara",
    "ekonomi menyusut 13,5 persen",
    "Partai Komunis No 4 di kota itu",
    "rapat dimulai pukul 09.30 WIB",
    "setelah pandemi COVID-19 berakhir",
    "KTT G20 di Bali",
    "melanggar Pasal 28 ayat (3)",
    "sebanyak 2019 orang hadir",
    "harga naik menjadi Rp 2.024",
    "UU Nomor 12/2024 tentang",
    "skor akhir 2-1 untuk tuan rumah",
    "sekitar 1/2 wilayah",
    "era 2000-an",
    "Sang Juni berkata",
])
def test_not_time(found, text):
    assert found(text) == []


def test_bare_month_needs_a_context_and_capital(found):
    assert found("Juni berkata") == []
    assert found("pada juni") == []
    assert found("pada Juni", "2024-08-01")[0][1] == "2024-06"
    assert found("bulan juni", "2024-08-01")[0][1] == "2024-06"


# -- publication date unknown ----------------------------------------------------------

def test_without_publication_relative_dates_are_none(found):
    assert found("pada hari Kamis", None) == [("hari Kamis", None, "day", "relative")]
    assert found("kemarin", None) == [("kemarin", None, "day", "relative")]
    assert found("pada Minggu (28/9)", None) == [("Minggu (28/9)", None, "day", "relative")]
    assert found("pada bulan lalu", None) == [("bulan lalu", None, "month", "relative")]
    assert found("Kamis (11/4/2024)", None) == [("Kamis (11/4/2024)", "2024-04-11", "day",
                                                 "explicit")]
    assert found("pada 2019", None) == [("2019", "2019", "year", "explicit")]


# -- spans and API ---------------------------------------------------------------------

def test_spans_are_absolute_and_limited_to_the_sentence(resolver):
    text = "Kemarin ia pergi. Zhao tiba pada hari Kamis (11/4). Lalu pulang Jumat."
    start = text.index("Zhao")
    end = text.index("Lalu")
    got = resolver.find(text, start, end, dt.date(2024, 4, 12))
    assert [(m.text, m.date) for m in got] == [("hari Kamis (11/4)", "2024-04-11")]
    m = got[0]
    assert text[m.start:m.end] == m.text


def test_several_mentions_in_order(found):
    got = found("Kemarin, Kamis (11/4), kedua pihak sepakat bertemu lagi bulan depan.")
    assert [g[0] for g in got] == ["Kemarin", "Kamis (11/4)", "bulan depan"]


def test_user_rows_extend_the_vocabulary(rows):
    extra = Row(("tempo hari", "relative", "-3d"), "", "user/time.tsv", 1)
    r = TimeResolver([*rows, extra])
    text = "Mereka bertemu tempo hari."
    got = r.find(text, 0, len(text), dt.date(2024, 4, 12))
    assert [(m.text, m.date) for m in got] == [("tempo hari", "2024-04-09")]


@pytest.mark.parametrize("fields, reason", [
    (("Senin", "weekday", "7"), "not a number 0-6"),
    (("Maret", "month", "13"), "not a number 1-12"),
    (("kemarin", "relative", "-1x"), "bad offset"),
    (("N hari lalu", "relative", "-1d"), "N must stand"),
    (("lalu", "marker", "later"), "not one of"),
    (("kapan", "when", "1"), "unknown kind"),
])
def test_bad_rows_raise_with_file_and_line(fields, reason):
    with pytest.raises(DictionaryError, match=reason) as err:
        TimeResolver([Row(fields, "", "time.tsv", 7)])
    assert err.value.line == 7 and err.value.path == "time.tsv"


def test_builtin_file_has_every_weekday_and_month(rows):
    by_kind: dict[str, set[str]] = {}
    for r in rows:
        by_kind.setdefault(r.field(1), set()).add(r.field(2))
    assert by_kind["weekday"] == {str(i) for i in range(7)}
    assert by_kind["month"] == {str(i) for i in range(1, 13)}
    keys = [r.field(0).casefold() for r in rows]
    assert len(keys) == len(set(keys))


def test_fast_on_sentences_without_time(resolver):
    text = ("Pejabat senior kedua negara membahas cara memperkuat kerja sama ekonomi, "
            "politik dan budaya dalam pertemuan yang berlangsung hangat di ibu kota. ") * 1
    t0 = time.perf_counter()
    for _ in range(2000):
        assert resolver.find(text, 0, len(text), dt.date(2024, 4, 12)) == []
    per_call = (time.perf_counter() - t0) / 2000
    assert per_call < 200e-6  # ~5 µs measured; a loose bound that catches backtracking


# -- real text -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus():
    path = SHARED / "corpus" / "id-news-15k.jsonl.gz"
    if not path.exists():
        pytest.skip("shared corpus not available")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= 300:
                break
            out.append(json.loads(line))
    return out


def test_corpus_mentions_are_well_formed(resolver, corpus):
    n = 0
    for art in corpus:
        text = art["text"]
        pub = dt.date.fromisoformat(art["published"][:10]) if art.get("published") else None
        for m in resolver.find(text, 0, len(text), pub):
            n += 1
            assert text[m.start:m.end] == m.text
            assert m.precision in ("day", "week", "month", "year")
            assert m.basis in ("explicit", "relative")
            if m.date is not None:
                {4: int, 7: lambda s: dt.date.fromisoformat(s + "-01"),
                 10: dt.date.fromisoformat}[len(m.date)](m.date)
    assert n > 300
