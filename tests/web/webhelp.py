"""A small fictional news world for the web tests: our own sentences, hand-coded events.

Every sentence here was written for these tests (no real article text). Each event names
its source, trigger and target by their text in the sentence, so the spans are real
offsets into the article, as the coder would give them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from peristiwa.cameo import load_cameo
from peristiwa.dictionary.files import DataFiles
from peristiwa.records import Actor, Article, Event

_CAMEO = load_cameo(DataFiles().rows("cameo.tsv"))


@dataclass(frozen=True)
class Mark:
    """One event in one sentence: who (text, code), the trigger, whom, what and when."""

    sentence: int
    src: tuple[str, str]
    trigger: str
    tgt: tuple[str, str] | None
    cameo: str
    date: str
    mode: str = "asserted"


@dataclass(frozen=True)
class Doc:
    """A fictional article: its sentences and the events in them."""

    doc_id: str
    outlet: str
    published: str
    title: str
    sentences: tuple[str, ...]
    marks: tuple[Mark, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def _meet(doc_id: str, outlet: str, pub: str, day: str, when: str, place: str = "Beijing") -> Doc:
    s = (f"Menteri Luar Negeri China bertemu dengan Menteri Luar Negeri Korea Utara di {place} "
         f"pada {when}.")
    return Doc(doc_id, outlet, pub, f"Diplomat China dan Korea Utara berunding di {place}",
               (s, "Keduanya membahas kerja sama ekonomi dan keamanan kawasan."),
               (Mark(0, ("Menteri Luar Negeri China", "CHNGOV"), "bertemu dengan",
                     ("Menteri Luar Negeri Korea Utara", "PRKGOV"), "040", day),))


def _attack(doc_id: str, pub: str, day: str, when: str) -> Doc:
    s = f"Pasukan Rusia menyerang kota-kota di Ukraina timur pada {when}, kata pejabat setempat."
    return Doc(doc_id, "Harian Contoh", pub, "Serangan baru di Ukraina timur",
               (s, "Warga diminta tetap berada di tempat perlindungan."),
               (Mark(0, ("Pasukan Rusia", "RUSMIL"), "menyerang", ("Ukraina", "UKR"), "190",
                     day),))


DOCS: tuple[Doc, ...] = (
    _meet("w-001", "Kabar Nusantara", "2024-01-12", "2024-01-11", "Kamis (11/1/2024)"),
    Doc("w-002", "Warta Dunia", "2024-02-13", "Delegasi parlemen Korea Utara ke Beijing",
        ("Delegasi parlemen Korea Utara mengunjungi Beijing pada Senin (12/2/2024).",
         "Kunjungan itu disebut mempererat hubungan kedua negara."),
        (Mark(0, ("Delegasi parlemen Korea Utara", "PRKLEG"), "mengunjungi", ("Beijing", "CHN"),
              "042", "2024-02-12"),)),
    _meet("w-003", "Kabar Nusantara", "2024-03-06", "2024-03-05", "Selasa (5/3/2024)",
          "Pyongyang"),
    _meet("w-004", "Kabar Nusantara", "2024-04-12", "2024-04-11", "Kamis (11/4/2024)",
          "Pyongyang"),
    Doc("w-005", "Warta Dunia", "2024-04-12", "Pertemuan tingkat tinggi di Pyongyang",
        ("Di Pyongyang, pejabat Korea Utara menyambut Menteri Luar Negeri China yang datang "
         "untuk berunding pada Kamis (11/4/2024).",),
        (Mark(0, ("Menteri Luar Negeri China", "CHNGOV"), "berunding",
              ("pejabat Korea Utara", "PRKGOV"), "040", "2024-04-11"),)),
    Doc("w-006", "Harian Contoh", "2024-05-21", "Bantuan pangan untuk Korea Utara",
        ("Pemerintah China mengirim bantuan pangan kepada Korea Utara pada Senin (20/5/2024).",),
        (Mark(0, ("Pemerintah China", "CHNGOV"), "mengirim bantuan", ("Korea Utara", "PRK"),
              "070", "2024-05-20"),)),
    Doc("w-007", "Warta Dunia", "2024-06-04", "Pyongyang kecam latihan di perbatasan",
        ("Korea Utara mengecam latihan militer China di dekat perbatasan pada Senin (3/6/2024).",),
        (Mark(0, ("Korea Utara", "PRKGOV"), "mengecam", ("militer China", "CHNMIL"), "111",
              "2024-06-03"),)),
    Doc("w-008", "Kabar Nusantara", "2024-04-21", "Washington kecam Beijing",
        ("Amerika Serikat mengecam China atas manuver kapal penjaga pantainya pada Sabtu "
         "(20/4/2024).",),
        (Mark(0, ("Amerika Serikat", "USAGOV"), "mengecam", ("China", "CHNGOV"), "111",
              "2024-04-20"),)),
    Doc("w-009", "Harian Contoh", "2024-05-03", "Washington dan Beijing siap berunding",
        ("Pemerintah Amerika Serikat menyatakan siap bertemu pejabat China bulan ini.",),
        (Mark(0, ("Pemerintah Amerika Serikat", "USAGOV"), "siap bertemu",
              ("pejabat China", "CHNGOV"), "036", "2024-05-02"),)),
    _attack("w-010", "2024-03-03", "2024-03-02", "Sabtu (2/3/2024)"),
    _attack("w-011", "2024-04-07", "2024-04-06", "Sabtu (6/4/2024)"),
    _attack("w-012", "2024-05-10", "2024-05-09", "Kamis (9/5/2024)"),
    Doc("w-013", "Kabar Nusantara", "2024-03-15", "Indonesia dan Malaysia teken nota kesepahaman",
        ("Pemerintah Indonesia dan Malaysia menandatangani nota kesepahaman tentang batas laut "
         "pada Kamis (14/3/2024).",),
        (Mark(0, ("Pemerintah Indonesia", "IDNGOV"), "menandatangani", ("Malaysia", "MYSGOV"),
              "057", "2024-03-14"),)),
    Doc("w-014", "Warta Dunia", "2024-06-10", "Rencana kunjungan ke Moskow",
        ("Pemimpin Korea Utara dikabarkan akan mengunjungi Rusia dalam waktu dekat.",
         "Pemerintah China membantah telah mengirim senjata ke Rusia."),
        (Mark(0, ("Pemimpin Korea Utara", "PRKGOV"), "mengunjungi", ("Rusia", "RUS"), "042",
              "2024-06", mode="hypothetical"),
         Mark(1, ("Pemerintah China", "CHNGOV"), "mengirim", ("Rusia", "RUS"), "070",
              "2024-06-10", mode="negated"))),
)
# An exact copy of w-004 under another id and outlet: stored as a copy, not coded again.
COPY = Doc("w-015", "Portal Salinan", "2024-04-13", DOCS[3].title, DOCS[3].sentences, ())


def _actor(text: str, code: str, sentence: str, base: int) -> Actor:
    i = sentence.index(text)
    return Actor(text=text, name=None, code=code, country=code[:3], agent=code[3:6] or None,
                 span=(base + i, base + i + len(text)))


def _events(doc: Doc) -> list[Event]:
    out, starts, pos = [], [], 0
    for s in doc.sentences:
        starts.append(pos)
        pos += len(s) + 1
    for seq, m in enumerate(doc.marks):
        sent, base = doc.sentences[m.sentence], starts[m.sentence]
        code = _CAMEO.get(m.cameo)
        t = sent.index(m.trigger)
        out.append(Event(
            event_id=hashlib.sha1(f"{doc.doc_id}|{seq}".encode()).hexdigest()[:16],
            doc_id=doc.doc_id, url=f"https://berita.example/{doc.doc_id}", outlet=doc.outlet,
            published=doc.published, date=m.date,
            date_precision="day" if len(m.date) == 10 else "month", date_basis="explicit",
            source=_actor(*m.src, sent, base),
            target=_actor(*m.tgt, sent, base) if m.tgt else None,
            cameo=m.cameo, root=code.root, quad_class=code.quad_class, goldstein=code.goldstein,
            plover=code.plover, mode=m.mode, trigger_text=m.trigger,
            trigger_span=(base + t, base + t + len(m.trigger)), location=None, sentence=sent,
            sentence_span=(base, base + len(sent)), confidence=0.9))
    return out


class WorldCoder:
    """Codes the fictional articles into their hand-made events."""

    def __init__(self) -> None:
        self.events = {d.doc_id: _events(d) for d in DOCS}

    def code(self, article: Article) -> list[Event]:
        return self.events.get(article.doc_id, [])


def articles() -> list[Article]:
    """The world's articles (and the exact copy), in publication order."""
    return [Article(doc_id=d.doc_id, text=d.text, title=d.title, outlet=d.outlet,
                    url=f"https://berita.example/{d.doc_id}",
                    published=dt.date.fromisoformat(d.published)) for d in (*DOCS, COPY)]


def build_world(path: Path) -> Path:
    """Write the world's store at ``path`` and close it."""
    from peristiwa.store import ingest, open_store

    with open_store(path) as store:
        ingest(store, articles(), WorldCoder())
    return path


def build_seeds(path: Path, shared: Path) -> Path:
    """Code the five real seed articles with the real coder into a store at ``path``."""
    import json

    from peristiwa.coder import Coder
    from peristiwa.store import ingest, open_store

    gold = {}
    for line in (shared / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            gold[g["doc"]] = g
    arts = []
    for p in sorted((shared / "seeds").glob("*.txt")):
        g = gold.get(p.stem, {})
        pub = g.get("published")
        arts.append(Article(doc_id=p.stem, text=p.read_text(encoding="utf-8"),
                            outlet=g.get("outlet"),
                            published=dt.date.fromisoformat(pub[:10]) if pub else None))
    with open_store(path) as store:
        ingest(store, arts, Coder())
    return path
