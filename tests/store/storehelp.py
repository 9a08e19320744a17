"""Test helpers for the store: hand-made events, a stub coder and generated articles.

The generated articles are random sequences of made-up Indonesian-looking words: no
real article text is used. An article's events are spelled out in its text as
``[[SRC TGT CAMEO DATE MODE]]`` marks, which ``StubCoder`` turns into event records, so
the tests control exactly what the "coder" finds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import time
from dataclasses import dataclass

from peristiwa.records import Actor, Article, Event, Location

_QUAD = {**{f"{r:02d}": 1 for r in range(1, 6)}, **{f"{r:02d}": 2 for r in range(6, 9)},
         **{f"{r:02d}": 3 for r in range(9, 14)}, **{f"{r:02d}": 4 for r in range(14, 21)}}
_MARK = re.compile(r"\[\[(\S+) (\S+) (\d{3,4}) (\S+)(?: (\w+))?(?: @(\w+))?\]\]")
_WORDS = ("kerja sama bilateral menteri utusan pertemuan rapat kunjungan delegasi pejabat "
          "kedutaan perundingan kesepakatan dagang bantuan protes kecaman ancaman sanksi "
          "pasukan latihan perbatasan pelabuhan gedung kota desa pagi siang malam sore rabu "
          "kamis jumat warga pemuda petani nelayan harga beras minyak jalan jembatan sekolah "
          "rumah sakit banjir hujan angin laut gunung sungai pasar toko bank kantor rapat "
          "komisi dewan partai suara pemilu calon kampanye survei hasil data angka").split()


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


class _Lex:
    noise = None  # iter_articles falls back to its built-in noise rules


class StubCoder:
    """Codes the ``[[...]]`` marks of an article; optional delay and failing ids."""

    def __init__(self, delay: float = 0.0, fail: set[str] | None = None, cameo_map=None):
        self.delay = delay
        self.fail = fail or set()
        self.cameo_map = cameo_map or {}
        self.lex = _Lex()
        self.calls: list[str] = []

    def code(self, article: Article) -> list[Event]:
        self.calls.append(article.doc_id)
        if self.delay:
            time.sleep(self.delay)
        if article.doc_id in self.fail:
            raise RuntimeError("stub failure")
        out = []
        pub = article.published.isoformat() if article.published else None
        for seq, m in enumerate(_MARK.finditer(article.text)):
            src, tgt, cameo, date, mode, loc = m.groups()
            out.append(make_event(
                article.doc_id, src, tgt, self.cameo_map.get(cameo, cameo),
                None if date == "-" else date, mode=mode or "asserted", outlet=article.outlet,
                published=pub, location=loc, seq=seq,
                sentence=f"Kalimat {seq} tentang {src} dan {tgt}."))
        return out


def babble(rng: random.Random, n: int = 80) -> str:
    """Made-up filler text: random words, never a real sentence."""
    return " ".join(rng.choice(_WORDS) for _ in range(n)) + "."


@dataclass
class Spec:
    """What a generated article reports."""

    doc_id: str
    marks: list[str]
    outlet: str | None = "Kabar Contoh"
    published: dt.date | None = dt.date(2024, 4, 12)
    seed: int = 0


def article(spec: Spec, text: str | None = None) -> Article:
    """An Article whose text holds the spec's event marks between filler."""
    rng = random.Random(spec.seed or spec.doc_id)
    body = text if text is not None else babble(rng)
    marks = " ".join(f"[[{m}]]" for m in spec.marks)
    return Article(doc_id=spec.doc_id, text=f"{body} {marks} {babble(rng, 30)}",
                   outlet=spec.outlet, published=spec.published, url=None)


def corpus(n: int, seed: int = 7) -> list[Article]:
    """n distinct articles about a few dyads, each with 0-3 events."""
    rng = random.Random(seed)
    pairs = [("CHNGOV", "PRKGOV"), ("IDNGOV", "MYSGOV"), ("USAGOV", "CHNGOV"),
             ("RUSMIL", "UKRMIL"), ("IDN", "AUSGOV")]
    cameos = ["040", "042", "057", "112", "120", "190", "036"]
    out = []
    base = dt.date(2024, 1, 1)
    for i in range(n):
        marks = []
        for _ in range(rng.randint(0, 3)):
            s, t = rng.choice(pairs)
            day = base + dt.timedelta(days=rng.randint(0, 60))
            marks.append(f"{s} {t} {rng.choice(cameos)} {day.isoformat()}")
        pub = base + dt.timedelta(days=rng.randint(0, 62))
        out.append(article(Spec(f"gen{i:05d}", marks, outlet=f"outlet{i % 7}",
                                published=pub, seed=seed * 100_000 + i)))
    return out


class DictCoder:
    """Returns prepared events per article id."""

    def __init__(self, events: dict[str, list[Event]]):
        self.events = events
        self.lex = _Lex()

    def code(self, article: Article) -> list[Event]:
        return self.events.get(article.doc_id, [])


def sample_store_inputs() -> tuple[list[Article], DictCoder]:
    """A small fixed world: the Zhao Leji visit in two outlets, a delegation, a spat, a war."""
    docs = {
        "z1": ("Kabar A", "2024-04-12", [
            dict(src="CHNLEG", tgt="PRKLEG", cameo="040", date="2024-04-11",
                 location="Pyongyang", names=("Zhao Leji", "Choe Ryong-hae")),
            dict(src="CHNLEG", tgt="PRK", cameo="042", date="2024-04-11",
                 names=("Zhao Leji", None))]),
        "z2": ("Kabar B", "2024-04-12", [
            dict(src="CHNGOV", tgt="PRKGOV", cameo="040", date="2024-04-12")]),
        "k1": ("Kabar C", "2024-03-24", [
            dict(src="PRKPTY", tgt="CHNGOV", cameo="040", date="2024-03-21",
                 names=("Kim Song Nam", None))]),
        "u1": ("Kabar A", "2024-05-02", [
            dict(src="USAGOV", tgt="CHNGOV", cameo="112", date="2024-05-01"),
            dict(src="CHNGOV", tgt="USAGOV", cameo="130", date="2024-05-01",
                 mode="hypothetical")]),
        "r1": ("Kabar D", "2024-06-01", [
            dict(src="RUSMIL", tgt="UKRMIL", cameo="190", date="2024-05-31")]),
    }
    arts, events = [], {}
    for i, (doc, (outlet, pub, evs)) in enumerate(docs.items()):
        published = dt.date.fromisoformat(pub)
        arts.append(Article(doc_id=doc, text=babble(random.Random(i)), outlet=outlet,
                            published=published, url=f"https://example.test/{doc}"))
        events[doc] = [make_event(doc, e.pop("src"), e.pop("tgt"), e.pop("cameo"),
                                  e.pop("date"), outlet=outlet, published=pub, seq=j,
                                  sentence=f"Kalimat bukti {doc} {j}.", **e)
                       for j, e in enumerate(evs)]
    return arts, DictCoder(events)
