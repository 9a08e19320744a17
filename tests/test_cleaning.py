"""Cleaning crawled article text: characters, noise, title, dateline and publication date."""

import datetime as dt

import pytest

from peristiwa.cleaning import (
    CleanText,
    clean_text,
    find_dateline,
    find_published,
    load_noise,
    normalise_outlet,
    normalise_place,
)
from peristiwa.dictionary.files import DataFiles
from peristiwa.dictionary.tsv import DictionaryError, Row

BODY1 = "Menteri luar negeri kedua negara bertemu di Hanoi untuk membahas perdagangan."
BODY2 = "Pertemuan berikutnya dijadwalkan berlangsung di Manila pada bulan depan."


@pytest.fixture(scope="module")
def noise():
    return load_noise(DataFiles().rows("noise.tsv"))


def rows(*entries):
    return [Row(tuple(e), "", "/tmp/noise.tsv", i) for i, e in enumerate(entries, 1)]


def test_builtin_noise_file_loads_into_few_combined_patterns(noise):
    assert noise.size > 40
    assert noise.line is not None and noise.inline_lower is not None
    assert noise.inline_cased is not None  # the Baca Juga headline run uses (?-i:...)


@pytest.mark.parametrize(
    "entry, message",
    [
        (("baca (juga", "line"), "noise.tsv:1: bad regular expression"),
        (("baca juga", "page"), "noise.tsv:1: scope must be line, inline or tail"),
        (("(?i)baca juga", "line"), "inline flags"),
        (("(?P<x>baca) juga", "inline"), "named groups"),
        (("x*", "inline"), "matches empty text"),
    ],
)
def test_bad_noise_entry_is_an_error_naming_file_and_line(entry, message):
    with pytest.raises(DictionaryError, match=message.replace("(", r"\(")):
        load_noise(rows(entry))


def test_line_scope_drops_only_whole_matching_lines():
    rules = load_noise(rows(("iklan", "line")))
    out = clean_text(f"{BODY1}\nIklan\nHarga iklan naik tahun ini.\n{BODY2}", rules)
    assert out.text == f"{BODY1}\nHarga iklan naik tahun ini.\n{BODY2}"


def test_inline_scope_cuts_text_case_insensitively_and_keeps_words_apart():
    rules = load_noise(rows(("scroll to continue", "inline"), ("(?-i:[A-Z]{4}) ", "inline")))
    out = clean_text("Menteri tiba.SCROLL TO CONTINUEPresiden menyusul. XYZW lalu pulang.", rules)
    assert out.text == "Menteri tiba. Presiden menyusul. lalu pulang."


def test_lowercase_that_changes_length_falls_back_to_ignorecase():
    rules = load_noise(rows(("advertisement", "inline")))
    # "İ".lower() is two characters, so spans on the lower-cased text would be off.
    out = clean_text("Delegasi tiba di İstanbul.ADVERTISEMENT Mereka disambut menteri.", rules)
    assert out.text == "Delegasi tiba di İstanbul. Mereka disambut menteri."


def test_characters_are_normalised_and_paragraphs_kept(noise):
    raw = "Cafe\u0301 di\u00a0Hanoi\u200b dibuka.\r\n\r\n\r\nMenteri\tdatang  pagi ini.\r\n"
    assert clean_text(raw, noise).text == "Café di Hanoi dibuka.\nMenteri datang pagi ini."


@pytest.mark.parametrize(
    "line",
    [
        "Baca Juga: Harga Cabai Turun di Pasar Induk",
        "Baca juga Harga Cabai Turun di Pasar Induk",
        "BACA JUGA",
        "Advertisement",
        "ADVERTISEMENT",
        "Scroll to continue with content",
        "SCROLL TO CONTINUE WITH CONTENT",
        "Bagikan",
        "Share",
        "Facebook Twitter WhatsApp",
        "Mungkin Kamu Suka",
        "waktu baca 2 menit",
        "+ There are no comments",
        "Add yours",
        "Tulis komentar",
        "Komentar",
        "Simak juga",
        "Simak juga Video: Menteri Tiba di Bandara",
        "Lihat juga",
        "Artikel terkait",
        "Berita terkait",
        "Sumber: Kantor Berita Contoh",
        "Editor: Rina Contoh",
        "Penulis: Budi Contoh",
        "Pewarta: Sari Contoh",
        "Copyright © 2024 Warta Contoh",
        "(ant)",
        "(fjr/aw)",
        "Dapatkan update berita pilihan setiap hari dari Warta Contoh di Google News",
        "Ikuti Berita Warta Contoh lainnya di WhatsApp Channel",
        "Klik di sini",
        "Download aplikasi Warta Contoh sekarang",
        "Selasa, 3 Januari 2023 | 10:15 WIB",
        "Artikel ini telah tayang di Warta Contoh dengan judul Menteri Tiba",
        "[Gambas:Video 20detik]",
    ],
)
def test_noise_lines_are_dropped(noise, line):
    out = clean_text(f"{BODY1}\n{line}\n{BODY2}", noise)
    assert out.text == f"{BODY1}\n{BODY2}"


@pytest.mark.parametrize(
    "raw, expected",
    [
        (f"{BODY1} (ant)", BODY1),
        (f"{BODY1}(*/hbb)", BODY1),
        (f"{BODY1}Advertisement\n{BODY2}", f"{BODY1}\n{BODY2}"),
        ("Kapal itu berlabuh di Manila.BACA JUGA - Harga Cabai Turun di Pasar Induk kapal "
         "kedua menyusul sehari kemudian.",
         "Kapal itu berlabuh di Manila. kapal kedua menyusul sehari kemudian."),
        ("Kedua menteri berjabat tangan (Foto: Dok. Kementerian) di depan wartawan.",
         "Kedua menteri berjabat tangan di depan wartawan."),
    ],
)
def test_inline_noise_is_cut(noise, raw, expected):
    assert clean_text(raw, noise).text == expected


def test_real_sentences_that_look_like_noise_stay(noise):
    keep = [
        "Menteri itu membaca juga surat dari perdana menteri.",
        "Ia mengatakan sumber masalahnya adalah perbedaan tarif impor antara kedua negara itu.",
        "Komentar presiden itu memicu protes dari kedutaan besar negara tetangga.",
        "Pemerintah membagikan bantuan kepada pengungsi di perbatasan.",
    ]
    assert clean_text("\n".join(keep), noise).text == "\n".join(keep)


@pytest.mark.parametrize(
    "opening, place, outlet",
    [
        ("REPUBLIKA.CO.ID, SEOUL -- ", "Seoul", "Republika"),
        ("Jakarta, CNN Indonesia -- ", "Jakarta", "CNN Indonesia"),
        ("Jakarta, CNN Indonesia - - ", "Jakarta", "CNN Indonesia"),
        ("Jakarta, CNBC Indonesia – ", "Jakarta", "CNBC Indonesia"),
        ("Seoul (KABARIN) - ", "Seoul", "KABARIN"),
        ("Tokyo (ANTARA News) - ", "Tokyo", "ANTARA"),
        ("Samarinda, Kalimantan Timur (ANTARA News) - ", "Samarinda", "ANTARA"),
        ("SEOUL (Reuters) – ", "Seoul", "Reuters"),
        ("KOMPAS.com - ", None, "Kompas"),
        ("Liputan6.com, Jakarta - ", "Jakarta", "Liputan6"),
        ("Liputan6.com, Jakarta", "Jakarta", "Liputan6"),  # glued to the first word
        ("TEMPO.CO, Jakarta - ", "Jakarta", "Tempo"),
        ("TEMPO.CO,Jakarta-", "Jakarta", "Tempo"),
        ("JAKARTA, KOMPAS.com - ", "Jakarta", "Kompas"),
        ("NEW YORK, KOMPAS.com -", "New York", "Kompas"),
        ("WARTAKOTALIVE.COM, JAKARTA - ", "Jakarta", "Wartakotalive"),
        ("Washington DC - ", "Washington DC", None),
        ("JAKARTA - ", "Jakarta", None),
        ("MOSKOW – ", "Moskow", None),
        ("Jakarta\n-\n", "Jakarta", None),
        ("Perserikatan Bangsa - Bangsa/PBB, New York (ANTARA News) - ",
         "Perserikatan Bangsa-Bangsa/PBB", "ANTARA"),
        ("JAKARTA-", "Jakarta", None),
    ],
)
def test_dateline_gives_place_and_outlet_and_is_removed(noise, opening, place, outlet):
    out = clean_text(f"{opening}Menteri luar negeri tiba di ibu kota pada Senin.", noise)
    assert (out.dateline_place, out.outlet_hint) == (place, outlet)
    assert out.text == "Menteri luar negeri tiba di ibu kota pada Senin."


@pytest.mark.parametrize(
    "text",
    [
        "Presiden Joko Widodo – yang baru tiba dari Tokyo – langsung menuju istana.",
        "Menteri Luar Negeri Retno Marsudi bertemu mitranya di Jakarta.",
        "Korea Utara-China memperingati 75 tahun hubungan diplomatik.",
        "Pejabat dari Beijing dan Pyongyang berjanji memperkuat kerja sama.",
    ],
)
def test_ordinary_openings_are_no_dateline(text):
    assert find_dateline(text) == (None, None, 0)


def test_outlet_and_place_normalisation():
    assert normalise_outlet("REPUBLIKA.CO.ID") == "Republika"
    assert normalise_outlet("merdeka.com") == "Merdeka"
    assert normalise_outlet("ANTARA News") == "ANTARA"
    assert normalise_outlet("CNN Indonesia") == "CNN Indonesia"
    assert normalise_place("LABUAN BAJO") == "Labuan Bajo"
    assert normalise_place("WASHINGTON DC") == "Washington DC"
    assert normalise_place("Kuala Lumpur") == "Kuala Lumpur"


@pytest.mark.parametrize(
    "head, date",
    [
        ("kata juru bicara kementerian, Jumat, (12/4/2024).", dt.date(2024, 4, 12)),
        ("ujar Menteri kepada wartawan, Rabu (13/8/2025).", dt.date(2025, 8, 13)),
        ("Jakarta, Rabu (13/8/2025) - Menteri tiba.", dt.date(2025, 8, 13)),
        ("Selasa, 3 Januari 2023 | 10:15 WIB\nJAKARTA - Menteri tiba.", dt.date(2023, 1, 3)),
        ("24 Mei 2011 09:33 WIB\nMenteri tiba.", dt.date(2011, 5, 24)),
        ("kata KCNA, Senin (29/9).", None),  # no year
        ("Pesawat itu jatuh pada Kamis (11/4/2024), kata polisi.", None),  # an event's day
        ("Ia mengatakan pelaku ditangkap Kamis (13/3/2025) lalu.", None),
        ("Laga digelar pada Senin 21 Juli 2025 pukul 20.00 WIB.", None),  # a schedule
        ("kata juru bicara, Kamis (12/4/2024).", None),  # 12 April 2024 was a Friday
    ],
)
def test_publication_date_only_from_reliable_places(head, date):
    assert find_published(head) == date


def test_publication_date_only_near_the_start(noise):
    late = " ".join(["Kalimat pengantar yang panjang tanpa tanggal apa pun."] * 8)
    out = clean_text(f"{late}\nkata juru bicara, Jumat (12/4/2024).", noise)
    assert out.published is None


def test_timestamp_line_gives_date_and_leaves_text(noise):
    out = clean_text(f"Selasa, 3 Januari 2023 | 10:15 WIB\n{BODY1}", noise)
    assert out == CleanText(BODY1, None, None, None, dt.date(2023, 1, 3))


def test_title_is_taken_from_a_short_first_line_only_when_asked(noise):
    raw = f"Dua Menteri Bahas Perdagangan di Hanoi\n\nHANOI - {BODY1}\n{BODY2}"
    out = clean_text(raw, noise, detect_title=True)
    assert out.title == "Dua Menteri Bahas Perdagangan di Hanoi"
    assert out.text == f"{BODY1}\n{BODY2}" and out.dateline_place == "Hanoi"
    assert clean_text(raw, noise).title is None


@pytest.mark.parametrize(
    "raw",
    [
        f"{BODY1}\n{BODY2}",  # first line ends a sentence
        f"Jakarta\n-\n{BODY1}",  # a dateline on its own line
        "Dua Menteri Bahas Perdagangan di Hanoi",  # nothing follows
    ],
)
def test_no_title_when_first_line_is_not_one(noise, raw):
    assert clean_text(raw, noise, detect_title=True).title is None


def test_link_text_glued_to_words_is_split(noise):
    out = clean_text("Ia bertemu denganPresiden Prabowo dan membahas iPhone serta McDonald.", noise)
    assert out.text == "Ia bertemu dengan Presiden Prabowo dan membahas iPhone serta McDonald."


def test_sentences_glued_at_a_full_stop_are_parted(noise):
    # a lost paragraph break; domain names and decimals stay whole
    out = clean_text("Iran membalas serangan itu.Israel mengonfirmasi hal itu di detik.com "
                     "pada pukul 10.30 WIB.", noise)
    assert out.text == ("Iran membalas serangan itu. Israel mengonfirmasi hal itu di detik.com "
                        "pada pukul 10.30 WIB.")


def test_line_broken_before_a_lowercase_word_is_joined(noise):
    raw = "Polisi menangkap lima pelaku\nwarga negara asing\nasal Kamerun.\nKasus itu diselidiki."
    out = clean_text(raw, noise)
    assert out.text == ("Polisi menangkap lima pelaku warga negara asing asal Kamerun.\n"
                        "Kasus itu diselidiki.")


def test_related_headlines_at_the_end_are_dropped(noise):
    raw = (f"{BODY1}\n{BODY2}\nHarga Cabai Turun di Pasar Induk\n"
           "Tim Voli Putri Lolos ke Final\nFestival Kuliner Digelar Tiga Hari")
    assert clean_text(raw, noise).text == f"{BODY1}\n{BODY2}"


def test_appended_summary_after_a_rule_is_cut(noise):
    raw = (f"{BODY1}\n{BODY2}\n---\n## Ringkasan\n"
           "Berikut adalah ringkasan berita: kedua menteri bertemu di Hanoi.\n"
           "Hmm, jadi kedua negara akhirnya akur, dan aku pikir ini bagus.")
    assert clean_text(raw, noise).text == f"{BODY1}\n{BODY2}"


def test_an_early_rule_between_sections_is_kept(noise):
    raw = f"Laporan khusus\n---\n{BODY1}\n{BODY2}\n{BODY1}"
    assert BODY2 in clean_text(raw, noise).text


def test_tail_scope_cuts_from_the_line_on_past_the_start():
    rules = load_noise(rows(("-{3,}", "tail")))
    text = clean_text(f"{BODY1}\n{BODY2}\n---\nKomentar tambahan yang dibuat mesin.", rules).text
    assert text == f"{BODY1}\n{BODY2}"


def test_single_unfinished_last_paragraph_is_kept(noise):
    raw = f"{BODY1}\nMenurut data resmi, ekspor kedua negara naik tiga persen tahun lalu"
    assert clean_text(raw, noise).text == raw


def test_everything_noise_gives_empty_text(noise):
    assert clean_text("Advertisement\nBagikan\n(ant)\n---\n", noise).text == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Presiden Moon Jae - in tiba di Seoul.", "Presiden Moon Jae-in tiba di Seoul."),
        ("Choe Ryong - hae menerima tamu.", "Choe Ryong-hae menerima tamu."),
        ("negara - negara Teluk bertemu.", "negara-negara Teluk bertemu."),
        ("Duta Besar Ukraina untuk RIYevhenia tiba.", "Duta Besar Ukraina untuk RI Yevhenia tiba."),
        ("Mereka bertemu di kantorPresiden kemarin.", "Mereka bertemu di kantor Presiden kemarin."),
        ("Kapal itu tiba - sebuah kejutan - di pelabuhan.",
         "Kapal itu tiba - sebuah kejutan - di pelabuhan."),
    ],
)
def test_crawl_spacing_and_glue_are_repaired(noise, raw, expected):
    assert clean_text(raw, noise).text == expected
