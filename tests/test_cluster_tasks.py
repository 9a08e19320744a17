"""Worker side of cluster runs: reading split from cleaning must give iter_articles' output."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import shutil
from pathlib import Path

import pytest

from peristiwa import cluster_tasks
from peristiwa.cluster_tasks import (
    JobSpec,
    Pending,
    VersionMismatch,
    code_for_extract,
    code_for_ingest,
    make_spec,
    read_units,
)
from peristiwa.pipeline import iter_events
from peristiwa.reading import _Reader, default_noise, iter_articles
from peristiwa.records import Article, InputError
from peristiwa.store.dedup import text_keys

FIXTURES = Path(__file__).parent / "fixtures"
# own sentences: two visits, a condemnation, and lines that cannot be read
RECORDS = [
    {"id": "uji-1", "title": "Kunjungan", "outlet": "Warta Uji", "published": "2024-03-05",
     "text": "Jakarta (Warta Uji) - Menteri Luar Negeri Jepang mengunjungi Jakarta pada Selasa "
             "dan bertemu Menteri Luar Negeri Indonesia untuk membahas kerja sama maritim."},
    "{ini bukan json",
    {"id": "uji-3", "text": "   "},
    {"text": "Pemerintah Filipina mengecam tindakan kapal penjaga pantai Tiongkok di Laut "
             "China Selatan pekan lalu.", "published": "2024-01-10"},
    [1, 2],
    {"id": "uji-6", "published": "bukan tanggal",
     "text": "Presiden Prancis menerima kunjungan Perdana Menteri India di Paris."},
]


def _write_jsonl(path: Path) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in RECORDS]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n\n")
    return path


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    """Every fixture file (good and bad), a directory, own JSON Lines, a missing path."""
    d = tmp_path / "dir"
    shutil.copytree(FIXTURES, d)
    (d / "sub").mkdir()
    (d / "sub" / "catatan.txt").write_text(
        "Duta besar Malaysia dipanggil Kementerian Luar Negeri Singapura.\n", encoding="utf-8")
    own = _write_jsonl(tmp_path / "own.jsonl.gz")
    return [str(d), str(own), str(FIXTURES / "article_page.html"), str(tmp_path / "absent.txt"),
            _dotted(FIXTURES / "article_with_title.txt"), "-"]


def _dotted(path: Path) -> str:
    """The path written as ./x/y where possible: iter_articles reports it just so."""
    try:
        return "./" + str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


STDIN = b"Tiongkok memprotes latihan militer Amerika Serikat di dekat Taiwan.\n"


def _finish_all(units, published=None):
    reader = _Reader(default_noise(), published)
    return [cluster_tasks._finish(u, reader) for u in units]


@pytest.mark.parametrize("defer_json", [False, True])
@pytest.mark.parametrize("published", [None, dt.date(2024, 6, 1)])
def test_deferred_reading_gives_iter_articles_items(inputs, published, defer_json):
    units = list(read_units(inputs, published=published, stdin=io.BytesIO(STDIN),
                            defer_json=defer_json))
    assert any(isinstance(u, Pending) and u.kind == "html" for u in units)
    # JSON lines left to the workers (malformed ones too) read as iter_articles reads them
    assert any(isinstance(u, Pending) and u.kind == "jsonline" for u in units) == defer_json
    assert any(isinstance(u, InputError) for u in units)
    want = list(iter_articles(inputs, published=published, stdin=io.BytesIO(STDIN)))
    assert _finish_all(units, published) == want
    assert len(want) > 10


def test_pending_records_carry_the_article_id(inputs):
    units = [u for u in read_units(inputs, stdin=io.BytesIO(STDIN)) if isinstance(u, Pending)]
    items = _finish_all(units)
    for unit, item in zip(units, items, strict=True):
        if isinstance(item, Article):
            assert unit.doc_id == item.doc_id


def test_a_crash_while_cleaning_is_reported_as_iter_articles_would(monkeypatch, tmp_path):
    d = tmp_path / "dir"
    d.mkdir()
    (d / "satu.txt").write_text("Kalimat pertama dari berkas ini.\n", encoding="utf-8")
    paths = [_dotted(FIXTURES / "article_with_title.txt"), str(d),
             str(FIXTURES / "article_page.html")]
    units = list(read_units(paths))

    def boom(*args, **kwargs):
        raise ValueError("rusak")

    monkeypatch.setattr("peristiwa.reading.clean_text", boom)
    got = _finish_all(units)
    assert got == list(iter_articles(paths))
    assert got[0] == InputError(paths[0], "unexpected error: ValueError: rusak")


def test_code_for_extract_equals_iter_events(inputs):
    spec = make_spec(None, None)
    units = list(read_units(inputs, stdin=io.BytesIO(STDIN)))
    got = code_for_extract(units[:7], spec) + code_for_extract(units[7:], spec)
    want = list(iter_events(inputs, stdin=io.BytesIO(STDIN)))
    assert got == want
    assert sum(not isinstance(x, InputError) for x in want) >= 3


def test_code_for_ingest_returns_articles_events_and_skips(tmp_path):
    path = str(_write_jsonl(tmp_path / "own.jsonl.gz"))
    units = list(read_units([path]))
    out = code_for_ingest(units, make_spec(None, None), frozenset({0}))
    items = [item for item, _, _ in out]
    assert items == list(iter_articles([path]))
    assert out[0][1] is None and out[0][2] is None  # skipped: not coded
    coded = [(item, ev, keys) for item, ev, keys in out[1:] if isinstance(item, Article)]
    assert coded and all(isinstance(ev, list) for _, ev, _ in coded)
    assert sum(len(ev) for _, ev, _ in coded) >= 1
    # the dedup keys ingest would compute itself, computed on the worker instead
    assert all(keys == text_keys(item.text) and keys[1] for item, _, keys in coded)
    assert all(keys is None for item, _, keys in out if isinstance(item, InputError))


def test_user_dictionary_is_shipped_with_the_spec(tmp_path, monkeypatch):
    own = tmp_path / "kamus"
    own.mkdir()
    (own / "countries.tsv").write_text("Negeri Zamrud\tNZL\t# a made-up name\n",
                                       encoding="utf-8")
    text = "Negeri Zamrud mengecam Australia atas penangkapan nelayan di perairannya."
    path = tmp_path / "a.txt"
    path.write_text(text + "\n", encoding="utf-8")
    spec = make_spec(own, None)
    assert spec.dict_key and spec.dict_files == (("countries.tsv", own.joinpath(
        "countries.tsv").read_bytes()),)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "worker-tmp"))
    (tmp_path / "worker-tmp").mkdir()
    got = code_for_extract(list(read_units([str(path)])), spec)
    assert got == list(iter_events([str(path)], dict_dir=own))
    assert any(e.source and e.source.code.startswith("NZL") for e in got)
    assert (tmp_path / "worker-tmp" / f"peristiwa-dict-{spec.dict_key}"
            / "countries.tsv").is_file()


def test_spec_from_another_version_is_refused(tmp_path):
    good = make_spec(None, None)
    code_for_extract([], good)  # this process has a coder for the built-in data now
    bad = JobSpec(good.dict_key, good.dict_files, None, "0.0.0+other")
    with pytest.raises(VersionMismatch, match="same peristiwa version"):
        code_for_extract([], bad)
