"""Test helpers for the store: news articles of our own writing, hand-made event records.

``news`` writes short Indonesian news articles from sentence templates written for these
tests (no real article text); the real coder codes them. ``make_event`` builds event
records directly, as input for the functions that cluster or store events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from peristiwa.records import Actor, Article, Event, Location
from peristiwa.store.ingest import ArticleCoder

_QUAD = {**{f"{r:02d}": 1 for r in range(1, 6)}, **{f"{r:02d}": 2 for r in range(6, 9)},
         **{f"{r:02d}": 3 for r in range(9, 14)}, **{f"{r:02d}": 4 for r in range(14, 21)}}


def actor(code: str | None, name: str | None = None) -> Actor | None:
    """An Actor from a CAMEO code ('-' or None: no actor)."""
    if not code or code == "-":
        return None
    return Actor(text=name or code, name=name, code=code, country=code[:3],
                 agent=code[3:6] or None, span=(0, 3))


def make_event(doc_id: str, src: str | None, tgt: str | None, cameo: str, date: str | None,
               *, mode: str = "asserted", outlet: str | None = None,
               published: str | None = None, precision: str | None = None,
               location: str | None = None, seq: int = 0, sentence: str = "Kalimat bukti.",
               names: tuple[str | None, str | None] = (None, None),
               basis: str | None = None) -> Event:
    """A hand-made event record."""
    if precision is None and date:
        precision = {10: "day", 7: "month", 4: "year"}.get(len(date), "day")
    root = cameo[:2]
    eid = hashlib.sha1(f"{doc_id}|{seq}|{src}|{tgt}|{cameo}".encode()).hexdigest()[:16]
    loc = Location(location, None, 39.0, 125.7) if location else None
    return Event(
        event_id=eid, doc_id=doc_id, url=f"https://example.test/{doc_id}", outlet=outlet,
        published=published, date=date, date_precision=precision,
        date_basis=basis or ("explicit" if date else None), source=actor(src, names[0]),
        target=actor(tgt, names[1]), cameo=cameo, root=root, quad_class=_QUAD.get(root, 1),
        goldstein=1.0 if _QUAD.get(root, 1) < 3 else -4.0, plover="CONSULT", mode=mode,
        trigger_text="bertemu", trigger_span=(10, 17), location=loc, sentence=sentence,
        sentence_span=(seq * 100, seq * 100 + len(sentence)), confidence=0.8)


class Watched:
    """The real coder, with a log of the articles it was asked to code.

    ``fail`` names articles on which it raises instead (fault injection, like a full disk),
    so the tests see how ingest handles a coder that breaks on one article.
    """

    def __init__(self, coder: ArticleCoder, fail: set[str] | None = None):
        self.coder = coder
        self.fail = fail or set()
        self.calls: list[str] = []

    def code(self, article: Article) -> list[Event]:
        self.calls.append(article.doc_id)
        if article.doc_id in self.fail:
            raise RuntimeError("coder broke on purpose")
        return self.coder.code(article)


# Who, by country: how the article names them, and where they sit.
_WHO = (
    ("Menteri Luar Negeri Indonesia", "Jakarta"),
    ("Menteri Luar Negeri Jepang", "Tokyo"),
    ("Menteri Luar Negeri Malaysia", "Kuala Lumpur"),
    ("Menteri Pertahanan Australia", "Canberra"),
    ("Presiden Filipina", "Manila"),
    ("Perdana Menteri Singapura", "Singapura"),
    ("Menteri Perdagangan Vietnam", "Hanoi"),
    ("Pemerintah Thailand", "Bangkok"),
)
_TOPICS = ("perdagangan beras", "keamanan maritim", "perubahan iklim", "pendidikan vokasi",
           "energi terbarukan", "perikanan tangkap", "pariwisata bahari", "layanan kesehatan",
           "bea cukai", "pengungsi")
_GOODS = ("beras", "cabai merah", "bawang putih", "minyak goreng", "gula pasir", "telur ayam",
          "daging sapi", "kedelai", "jagung", "garam")
# {a} and {b} are the two sides, {pa} and {pb} their capitals, {t} a topic, {when} the day.
_EVENTS = (
    "{a} bertemu dengan {b} di {pb} pada {when}.",
    "{a} tiba di {pb} pada {when} untuk berunding dengan {b} tentang {t}.",
    "{a} dan {b} menandatangani nota kesepahaman tentang {t} di {pa} pada {when}.",
    "{a} mengecam {b} atas sikapnya dalam soal {t} pada {when}.",
    "{a} menyerukan {b} agar menahan diri dalam sengketa {t} pada {when}.",
    "Harga {g} di pasar-pasar {pa} naik tajam sejak {when}, kata para pedagang.",
)
_MORE = (
    "Pembicaraan soal {t} itu berlangsung sekitar {h} jam dan tertutup bagi wartawan.",
    "Sebanyak {k} pejabat ikut dalam rombongan, termasuk {k2} orang dari kalangan usaha.",
    "Para pengamat di {pa} menilai isu {t} masih akan dibahas dalam {m} bulan ke depan.",
    "Hujan deras mengguyur {pb} selama {h} hari terakhir sehingga {k} ruas jalan tergenang.",
    "Laporan tahunan menyebut nilai ekspor {g} mencapai {k} juta dolar pada tahun lalu.",
    "Menurut data dinas setempat, {k} kapal nelayan tidak melaut sejak {k2} hari lalu.",
    "Seorang warga {pa} mengatakan antrean di stasiun sudah mencapai {k2} meter pagi itu.",
    "Panitia menyiapkan {k} kursi bagi tamu undangan dan {k2} kursi bagi wartawan.",
)
_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def news(n: int, start: dt.date = dt.date(2025, 1, 6), prefix: str = "n") -> list[Article]:
    """n short news articles of our own writing, one a day from ``start``: unique texts.

    Most report one or two events between two of eight governments; every sixth is about
    market prices (no event). The templates repeat, so a few articles read alike enough
    to be linked to an earlier story as near-copies, as happens in real news.
    """
    out = []
    for i in range(n):
        day = start + dt.timedelta(days=i)
        a, home = _WHO[i % len(_WHO)]
        b, away = _WHO[(i * 3 + 1 + i // len(_WHO)) % len(_WHO)]
        if a == b:
            b, away = _WHO[(i + 1) % len(_WHO)]
        fill = dict(a=a, b=b, pa=home, pb=away, t=_TOPICS[i % len(_TOPICS)],
                    g=_GOODS[(i // 3) % len(_GOODS)],
                    when=f"{_DAYS[day.weekday()]} ({day.day}/{day.month}/{day.year})")
        sents = [_EVENTS[(i // 2) % len(_EVENTS)], *(_MORE[(i + j) % len(_MORE)] for j in (0, 3))]
        text = " ".join(s.format(h=2 + (i + j) % 5, m=2 + (i * 5 + j) % 9,
                                 k=12 + (i * 37 + j) % 180, k2=3 + (i * 11 + j) % 60, **fill)
                        for j, s in enumerate(sents))
        doc = f"{prefix}{i:04d}"
        out.append(Article(doc_id=doc, text=text, outlet=f"Kabar {'ABCDE'[i % 5]}",
                           published=day + dt.timedelta(days=1),
                           url=f"https://berita.example/{doc}"))
    return out


def as_jsonl(articles: list[Article]) -> str:
    """Articles as the JSON lines ``peristiwa ingest`` reads."""
    return "".join(json.dumps({"id": a.doc_id, "outlet": a.outlet, "url": a.url,
                               "published": a.published.isoformat() if a.published else None,
                               "text": a.text}, ensure_ascii=False) + "\n" for a in articles)


def _sample(doc_id: str, outlet: str, published: str, text: str) -> Article:
    return Article(doc_id=doc_id, text=text, outlet=outlet,
                   published=dt.date.fromisoformat(published),
                   url=f"https://berita.example/{doc_id}")


# A small fixed world for the query and export tests, in plain sentences whose events the
# coder reads without doubt: a visit by China's parliament chief to Pyongyang (two outlets),
# a party delegation in Beijing, an accusation and a threat, an attack.
SAMPLE = (
    _sample("z1", "Kabar A", "2024-04-12",
            "Ketua Kongres Rakyat Nasional China Zhao Leji bertemu dengan Ketua Presidium "
            "Majelis Rakyat Tertinggi Korea Utara Choe Ryong-hae di Pyongyang pada Kamis "
            "(11/4/2024). Zhao Leji tiba di Korea Utara pada hari yang sama."),
    _sample("z2", "Kabar B", "2024-04-12",
            "Pejabat Pemerintah China bertemu dengan pejabat Pemerintah Korea Utara di "
            "Pyongyang pada Jumat (12/4/2024)."),
    _sample("k1", "Kabar C", "2024-03-24",
            "Delegasi Partai Buruh Korea yang dipimpin Kim Song Nam bertemu dengan pejabat "
            "Pemerintah China di Beijing pada Kamis (21/3/2024)."),
    _sample("u1", "Kabar A", "2024-05-02",
            "Pemerintah Amerika Serikat menuduh Pemerintah China membantu industri militer "
            "Rusia pada Rabu (1/5/2024). Pemerintah China akan mengancam Pemerintah Amerika "
            "Serikat dengan sanksi balasan."),
    _sample("r1", "Kabar D", "2024-06-01",
            "Pasukan Rusia menyerang posisi militer Ukraina di dekat Kharkiv pada Jumat "
            "(31/5/2024)."),
)
