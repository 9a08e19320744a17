"""The coder on sentences of each event kind (our own fictional or paraphrased sentences)."""

import datetime as dt
from pathlib import Path

import pytest

from peristiwa.coder import Coder
from peristiwa.records import Article

CASES = Path(__file__).parent / "fixtures" / "coder_cases.tsv"


def _cases():
    for n, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            pub, sentence, expected, forbidden = line.split("\t")
            yield pytest.param(dt.date.fromisoformat(pub), sentence, expected, forbidden,
                               id=f"line{n}")


def _keys(spec):
    out = set()
    for item in spec.split(";"):
        if item.strip() and item.strip() != "-":
            s, t, root = item.strip().split("-")
            out.add((frozenset((s, t)), root))
    return out


@pytest.fixture(scope="module")
def coder():
    return Coder()


@pytest.mark.parametrize("published,sentence,expected,forbidden", list(_cases()))
def test_sentence(coder, published, sentence, expected, forbidden):
    events = coder.code(Article("case", sentence, published=published))
    between = [e for e in events if e.source and e.target and e.source.country and
               e.target.country and e.source.country != e.target.country]
    # expected: found, asserted or hypothetical (who does what to whom is right);
    # forbidden: never printed by default (asserted)
    found = {(frozenset((e.source.country, e.target.country)), e.root)
             for e in between if e.mode != "negated"}
    asserted = {(frozenset((e.source.country, e.target.country)), e.root)
                for e in between if e.mode == "asserted"}
    assert _keys(expected) <= found
    assert not (_keys(forbidden) & asserted)


@pytest.mark.parametrize("sentence", [
    "Huawei menawarkan performa tangguh dan desain premium untuk ponsel terbarunya.",
    "Wakil gubernur itu mengakui bahwa program tersebut menghadapi banyak tantangan.",
    "Bank Indonesia terus mendorong pertumbuhan ekonomi nasional tahun ini.",
    "Mantan presiden itu diusulkan untuk menerima gelar pahlawan nasional.",
    "KPK memanggil tiga saksi terkait kasus dugaan suap di kementerian.",
    "\"Kami masih menunggu hasil penyelidikan,\" kata Menteri Luar Negeri Sugiono saat dihubungi.",
    "Operasi plastik artis Thailand itu menjadi perbincangan netizen.",
])
def test_literal_senses_give_no_event(coder, sentence):
    # product news, admissions, economic "pushing", titles received, witnesses summoned
    assert coder.code(Article("case", sentence, published=dt.date(2025, 6, 10))) == []


def test_a_partial_copy_of_a_whole_event_is_dropped(coder):
    text = ("Presiden China Xi Jinping berbicara dengan Presiden Amerika Serikat Donald Trump "
            "melalui telepon pada Jumat.")
    events = coder.code(Article("call", text, published=dt.date(2025, 6, 7)))
    assert events and all(e.source and e.target for e in events)
    assert {(e.source.country, e.target.country) for e in events} == {("CHN", "USA")}


def test_sentences_without_a_time_take_the_story_date_of_the_lede(coder):
    text = ("Menteri Luar Negeri Indonesia Sugiono tiba di Moskow pada Selasa (17/6/2025). "
            "Ia bertemu dengan Menteri Luar Negeri Rusia Sergei Lavrov untuk membahas "
            "kerja sama energi.")
    events = coder.code(Article("lede", text, published=dt.date(2025, 6, 19)))
    meeting = next(e for e in events if e.root == "04" and e.cameo == "040")
    assert meeting.date == "2025-06-17"


def test_without_publication_date_the_lede_dates_the_story(coder):
    text = ("Jakarta - Pada Rabu (16/3/2022), Houthi menembakkan rudal ke Arab Saudi. "
            "Arab Saudi mengecam Houthi.")
    events = coder.code(Article("nodate", text, published=None))
    assert {e.date for e in events} == {"2022-03-16"}


@pytest.mark.parametrize("sentence,mode", [
    ("Rusia membantah telah menyerang rumah sakit anak di Kyiv.", "negated"),
    ("Israel berencana menyerang pemimpin tertinggi Iran.", "hypothetical"),
    ("Kemungkinan besar ada ledakan besar dan penyerangan Israel ke ibu kota Iran.",
     "hypothetical"),
    ("Israel menyerang ibu kota Iran pada Jumat dini hari.", "asserted"),
])
def test_mode_of_an_attack(coder, sentence, mode):
    events = coder.code(Article("mode", sentence, published=dt.date(2025, 6, 20)))
    attack = next(e for e in events if e.root == "19")
    assert attack.mode == mode


@pytest.mark.parametrize("text,published,root,date", [
    # a time after another event's trigger is that event's: the attack's, not the condemnation's
    ("Pada Rabu (30/7/2025), Arab Saudi mengutuk serangan Hamas ke Israel pada 7 Oktober 2023.",
     dt.date(2025, 7, 31), "11", "2025-07-30"),
    # a time in a relative clause on the object dates the object's state, not the appeal
    ("Menteri Luar Negeri Amerika Serikat mendesak China membebaskan janda Liu Xiaobo, yang "
     "menjadi tahanan rumah sejak 2010.", dt.date(2017, 7, 14), "02", "2017-07-14"),
    # a pledge is made when it is announced, not in the month of the act it promises
    ("Prancis mengumumkan akan mengakui negara Palestina pada September mendatang.",
     dt.date(2025, 7, 25), "03", "2025-07-25"),
])
def test_a_time_of_something_else_does_not_date_the_event(coder, text, published, root, date):
    events = coder.code(Article("time", text, published=published))
    assert next(e for e in events if e.root == root).date == date
