"""Reading files, directories and standard input into Articles, and bad input into errors."""

import datetime as dt
import gzip
import io
import itertools
import json
import logging
import os
import time
from pathlib import Path

import pytest

import peristiwa.reading as reading
from peristiwa.reading import MAX_CHARS, STDIN, iter_articles
from peristiwa.records import Article, InputError

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).parents[1] / ".." / "shared"


@pytest.fixture
def shared():
    if not SHARED.is_dir():
        pytest.skip("../shared is not available")
    return SHARED.resolve()


def read(*paths, **kwargs):
    return list(iter_articles([str(p) for p in paths], **kwargs))


def only(items):
    [item] = items
    return item


# --- the real seeds and corpus ---------------------------------------------------------

def test_seed_articles(shared):
    arts = read(shared / "seeds")
    assert [a.doc_id for a in arts] == [
        "000_c751f1e5b7491e9c", "001_817ccadb63f6d27a", "002_68cb3157152bea4c",
        "003_1ad239291220d0ea", "004_46dba73b1170418d",
    ]
    assert all(isinstance(a, Article) for a in arts)
    seed0, seed1, seed2, seed3, seed4 = arts
    assert (seed0.dateline, seed0.outlet, seed0.published) == ("Seoul", "Republika",
                                                               dt.date(2024, 4, 12))
    assert seed0.text.startswith("Anggota parlemen terkemuka China")
    assert (seed1.dateline, seed1.outlet) == ("Jakarta", "CNBC Indonesia")
    assert (seed2.dateline, seed2.outlet) == ("Seoul", "Reuters")
    assert seed2.title and seed2.title.startswith("Pejabat Korea Utara dan Tiongkok Bertemu")
    for noise in ["There are no comments", "Add yours"]:
        assert noise not in seed3.text
    assert seed4.dateline == "Seoul" and seed4.outlet == "KABARIN"
    for noise in ["waktu baca", "Bagikan", "Mungkin Kamu Suka", "Sumber: Sputnik-OANA",
                  "(KABARIN)"]:
        assert noise not in seed4.text
    assert seed4.text.endswith("berhasil mencapai posisi bersama.")


def test_first_2000_corpus_records_read_without_errors(shared):
    path = shared / "corpus" / "id-news-15k.jsonl.gz"
    if not path.exists():
        pytest.skip("corpus not available")
    start = time.perf_counter()
    items = list(itertools.islice(iter_articles([str(path)]), 2000))
    per_article = (time.perf_counter() - start) / len(items)
    assert len(items) == 2000
    assert [str(i) for i in items if isinstance(i, InputError)] == []
    assert all(i.doc_id.startswith("idnews-") and i.text for i in items)
    assert len({i.doc_id for i in items}) == 2000
    assert per_article < 0.004  # measured ~0.3 ms with JSON parsing and gzip; budget 4 ms


# --- the kinds of input ----------------------------------------------------------------

def test_text_file_with_title_dateline_and_noise():
    art = only(read(FIXTURES / "article_with_title.txt"))
    assert art.doc_id == "article_with_title"
    assert art.title == "Indonesia dan Vietnam Sepakati Batas Zona Ekonomi"
    assert (art.dateline, art.outlet, art.published) == ("Hanoi", "Kabar Uji",
                                                         dt.date(2024, 3, 7))
    assert art.text.startswith("Pemerintah Indonesia dan Vietnam menandatangani")
    for noise in ["waktu baca", "ADVERTISEMENT", "Sumber:", "Bagikan", "Mungkin Kamu Suka"]:
        assert noise not in art.text
    assert art.text.count("\n") == 2


def test_gzipped_json_lines_with_a_malformed_line(caplog):
    items = read(FIXTURES / "records.jsonl.gz")
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article", "InputError"]
    first, bad, third, empty = items
    assert first.doc_id == "rec-a" and first.title == "Dua Menteri Bertemu"
    assert first.outlet == "Kabar Uji" and first.published == dt.date(2024, 2, 3)
    assert first.dateline == "Seoul" and "Baca juga" not in first.text
    assert bad.line == 2 and bad.reason.startswith("malformed JSON")
    assert str(bad).endswith("records.jsonl.gz:2: " + bad.reason)
    assert third.doc_id == "records-3" and third.published == dt.date(2023, 11, 20)
    assert third.text.startswith("Presiden Filipina mengecam")  # from "content"
    assert empty == InputError(str(FIXTURES / "records.jsonl.gz"), "record has no text", 4)


def test_json_lines_are_streamed(tmp_path):
    path = tmp_path / "many.jsonl"
    with path.open("w") as f:
        for i in range(5):
            f.write(json.dumps({"id": f"a{i}", "text": f"Menteri ke-{i} tiba di Hanoi."}) + "\n")
        f.write("{not json\n")
    items = iter_articles([str(path)])
    assert next(items).doc_id == "a0"  # a generator: records come one by one
    assert [getattr(i, "doc_id", None) for i in items] == ["a1", "a2", "a3", "a4", None]


def test_json_document_object_list_and_lines(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": "Presiden tiba di Seoul.", "published": "2024-01-05"}))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"id": 7, "text": "Menteri tiba."}, {"text": ""},
                                {"text": "Duta besar dipanggil."}]))
    lines = tmp_path / "lines.json"
    lines.write_text('{"text": "Menteri tiba."}\n{"text": "Duta besar pulang."}\n')
    items = read(one, many, lines)
    assert [getattr(i, "doc_id", None) for i in items] == [
        "one", "7", None, "many-3", "lines-1", "lines-2"]
    assert items[0].published == dt.date(2024, 1, 5)
    assert items[2].reason == "record 2 has no text"


def test_directory_is_read_recursively_in_order_with_known_extensions_only(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "002.txt").write_text("Menteri kedua tiba di Seoul.")
    (tmp_path / "001.txt").write_text("Menteri pertama tiba di Hanoi.")
    (tmp_path / "003.html.gz").write_bytes(
        gzip.compress((FIXTURES / "article_page.html").read_bytes()))
    (tmp_path / "notes.md").write_text("Catatan yang bukan artikel.")
    (tmp_path / ".hidden.txt").write_text("Berkas tersembunyi.")
    assert [a.doc_id for a in read(tmp_path)] == ["001", "003", "002"]


def test_empty_directory_has_no_articles(tmp_path):
    (tmp_path / "notes.md").write_text("bukan artikel")
    assert read(tmp_path) == [InputError(str(tmp_path), "no articles found")]


@pytest.mark.parametrize(
    "data, kind",
    [
        (b'{"id": "x1", "text": "Menteri tiba di Hanoi."}\n', "x1"),
        ((FIXTURES / "article_page.html").read_bytes(), "stdin"),
        (b"Menteri tiba di Hanoi untuk kunjungan resmi.", "stdin"),
        (gzip.compress(b'[{"text": "Menteri tiba."}]'), "stdin-1"),
    ],
)
def test_stdin_is_sniffed(data, kind):
    art = only(read("-", stdin=io.BytesIO(data)))
    assert isinstance(art, Article) and art.doc_id == kind and art.path == STDIN


def test_unknown_extension_is_sniffed(tmp_path):
    path = tmp_path / "article"
    path.write_text('{"id": "q", "text": "Menteri tiba."}\n')
    assert only(read(path)).doc_id == "q"


# --- bad input -------------------------------------------------------------------------

def test_empty_and_binary_files():
    assert read(FIXTURES / "empty.txt", FIXTURES / "binary.txt") == [
        InputError(str(FIXTURES / "empty.txt"), "empty file"),
        InputError(str(FIXTURES / "binary.txt"), "binary file, not text"),
    ]


def test_blank_file_is_empty(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_text("\n   \n\n")
    assert read(path) == [InputError(str(path), "empty file")]


def test_cp1252_file_is_read_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="peristiwa.reading"):
        art = only(read(FIXTURES / "cp1252_article.txt"))
    assert "\u201ckunjungan ini mempererat hubungan\u201d" in art.text and "attaché" in art.text
    assert any("cp1252" in r.getMessage() for r in caplog.records)


def test_text_that_is_not_even_cp1252_is_an_error(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Menteri tiba \x81\x8d\x9d di Hanoi.")
    assert only(read(path)).reason == "not UTF-8 text, nor cp1252"


def test_missing_path_and_errors_do_not_stop_the_run(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text("Menteri tiba di Hanoi.")
    items = read(tmp_path / "missing.txt", good)
    assert items[0] == InputError(str(tmp_path / "missing.txt"), "no such file or directory")
    assert items[1].doc_id == "ok"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Menteri tiba.")
    path.chmod(0)
    assert only(read(path)) == InputError(str(path), "permission denied")


def test_unexpected_exception_becomes_an_error_for_that_input(tmp_path, monkeypatch):
    def boom(html, **kwargs):
        raise RuntimeError("parser broke")

    monkeypatch.setattr(reading, "extract_page", boom)
    good = tmp_path / "ok.txt"
    good.write_text("Menteri tiba di Hanoi.")
    items = read(FIXTURES / "article_page.html", good)
    assert items[0].reason == "unexpected error: RuntimeError: parser broke"
    assert items[1].doc_id == "ok"


def test_truncated_gzip_is_an_error(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress(b'{"text": "Menteri tiba."}\n' * 2000)
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    assert isinstance(items[-1], InputError) and "gzip" in items[-1].reason


def test_huge_one_line_text_file_is_capped(tmp_path, caplog):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Menteri tiba di Hanoi dan berbicara. " * 1_400_000)  # ~50 MB, one line
    start = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="peristiwa.reading"):
        art = only(read(path))
    assert time.perf_counter() - start < 5
    assert MAX_CHARS // 2 < len(art.text) <= MAX_CHARS
    assert any("truncated" in r.getMessage() for r in caplog.records)


def test_huge_json_line_is_an_error_and_reading_goes_on(tmp_path):
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as f:
        f.write(b'{"text": "' + b"kata " * 10_000_000 + b'"}\n')  # 50 MB
        f.write(b'{"id": "after", "text": "Menteri tiba."}\n')
    items = read(path)
    assert items[0].line == 1 and "record over" in items[0].reason
    assert items[1].doc_id == "after"


def test_utf8_bom_and_utf16_are_read(tmp_path):
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b'\xef\xbb\xbf{"id": "b", "text": "Menteri tiba."}\n')
    wide = tmp_path / "wide.txt"
    wide.write_bytes("Menteri tiba di Hanoi.".encode("utf-16"))
    assert [a.doc_id for a in read(bom, wide)] == ["b", "wide"]


# --- publication date ------------------------------------------------------------------

def test_published_precedence_metadata_then_argument_then_text(tmp_path):
    path = tmp_path / "p.jsonl"
    text = "Jakarta, Jumat (12/4/2024) - Menteri tiba di Hanoi."
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "meta", "published": "2023-05-06T10:00:00Z", "text": text},
        {"id": "text", "text": text},
        {"id": "bad", "published": "kemarin sore", "text": text},
    ]) + "\n")
    by_id = {a.doc_id: a.published for a in read(path)}
    assert by_id == {"meta": dt.date(2023, 5, 6), "text": dt.date(2024, 4, 12),
                     "bad": dt.date(2024, 4, 12)}
    by_id = {a.doc_id: a.published for a in read(path, published=dt.date(2020, 1, 2))}
    assert by_id == {"meta": dt.date(2023, 5, 6), "text": dt.date(2020, 1, 2),
                     "bad": dt.date(2020, 1, 2)}
