"""A small fictional news world for the web tests, coded by the real coder.

Every sentence here was written for these tests (no real article text), plainly enough
that the coder reads the events each test needs: monthly Chinese-North Korean meetings
(one reported by two outlets and copied by a third), a Chinese-American quarrel, three
Russian attacks on Ukraine, an Indonesian-Malaysian agreement, and a planned visit and a
denied arms delivery, which are not clustered. ``test_queries.test_the_world_as_coded``
checks that the coder still reads them so; the other tests take their figures from the
store rather than from this description.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from peristiwa.records import Article
from peristiwa.store import Store, find_events
from peristiwa.store.ingest import ArticleCoder
from peristiwa.store.query import query_rows


def _doc(doc_id: str, outlet: str, published: str, title: str, text: str) -> Article:
    return Article(doc_id=doc_id, text=text, title=title, outlet=outlet,
                   url=f"https://berita.example/{doc_id}",
                   published=dt.date.fromisoformat(published))


def _meet(doc_id: str, pub: str, when: str, place: str = "Beijing") -> Article:
    return _doc(doc_id, "Kabar Nusantara", pub,
                f"Diplomat China dan Korea Utara berunding di {place}",
                "Menteri Luar Negeri China bertemu dengan Menteri Luar Negeri Korea Utara di "
                f"{place} pada {when}. Keduanya membahas kerja sama ekonomi dan keamanan "
                "kawasan.")


def _attack(doc_id: str, pub: str, when: str) -> Article:
    return _doc(doc_id, "Harian Contoh", pub, "Serangan baru di Ukraina timur",
                f"Pasukan Rusia menyerang wilayah Ukraina timur pada {when}, kata pejabat "
                "setempat. Warga diminta tetap berada di tempat perlindungan.")


WORLD: tuple[Article, ...] = (
    _meet("w-001", "2024-01-12", "Kamis (11/1/2024)"),
    _doc("w-002", "Warta Dunia", "2024-02-13", "Delegasi parlemen Korea Utara ke Beijing",
         "Delegasi parlemen Korea Utara mengunjungi Beijing pada Senin (12/2/2024). "
         "Kunjungan itu disebut mempererat hubungan kedua negara."),
    _meet("w-003", "2024-03-06", "Selasa (5/3/2024)", "Pyongyang"),
    _meet("w-004", "2024-04-12", "Kamis (11/4/2024)", "Pyongyang"),
    _doc("w-005", "Warta Dunia", "2024-04-12", "Pertemuan tingkat tinggi di Pyongyang",
         "Di Pyongyang, Menteri Luar Negeri China berunding dengan pejabat Korea Utara pada "
         "Kamis (11/4/2024)."),
    _doc("w-006", "Harian Contoh", "2024-05-21", "Bantuan pangan untuk Korea Utara",
         "Pemerintah China mengirim bantuan pangan kepada Korea Utara pada Senin (20/5/2024)."),
    _doc("w-007", "Warta Dunia", "2024-06-04", "Pyongyang kecam latihan di perbatasan",
         "Korea Utara mengecam latihan militer China di dekat perbatasan pada Senin "
         "(3/6/2024)."),
    _doc("w-008", "Kabar Nusantara", "2024-04-21", "Washington kecam Beijing",
         "Amerika Serikat mengecam China atas manuver kapal penjaga pantainya pada Sabtu "
         "(20/4/2024)."),
    _doc("w-009", "Harian Contoh", "2024-05-03", "Washington dan Beijing siap berunding",
         "Pemerintah Amerika Serikat menyatakan siap bertemu pejabat China bulan ini."),
    _attack("w-010", "2024-03-03", "Sabtu (2/3/2024)"),
    _attack("w-011", "2024-04-07", "Sabtu (6/4/2024)"),
    _attack("w-012", "2024-05-10", "Kamis (9/5/2024)"),
    _doc("w-013", "Kabar Nusantara", "2024-03-15", "Indonesia dan Malaysia teken nota kesepahaman",
         "Pemerintah Indonesia dan Malaysia menandatangani nota kesepahaman tentang batas laut "
         "pada Kamis (14/3/2024)."),
    _doc("w-014", "Warta Dunia", "2024-06-10", "Rencana kunjungan ke Moskow",
         "Pemimpin Korea Utara kemungkinan akan mengunjungi Rusia dalam waktu dekat. "
         "Pemerintah China membantah telah mengirim senjata ke Rusia."),
)
# An exact copy of w-004 under another id and outlet: stored as a copy, not coded again.
COPY = _doc("w-015", "Portal Salinan", "2024-04-13", WORLD[3].title or "", WORLD[3].text)
TEXTS = {a.doc_id: a.text for a in (*WORLD, COPY)}


def articles() -> list[Article]:
    """The world's articles and the exact copy."""
    return [*WORLD, COPY]


def build_world(path: Path, coder: ArticleCoder) -> Path:
    """Code the world's articles with ``coder`` into a store at ``path`` and close it."""
    from peristiwa.store import ingest, open_store

    with open_store(path) as store:
        ingest(store, articles(), coder)
    return path


def build_seeds(path: Path, shared: Path, coder: ArticleCoder) -> Path:
    """Code the five real seed articles with ``coder`` into a store at ``path``."""
    import json

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
        ingest(store, arts, coder)
    return path


def stored_events(store: Store) -> list[dict[str, Any]]:
    """Every event record in the store, with its cluster id, in date order."""
    return find_events(store)


def stored_clusters(store: Store) -> list[dict[str, Any]]:
    """Every row of the store's clusters table, by day."""
    return list(query_rows(store, "SELECT * FROM clusters ORDER BY day, cluster_id", []))


def sides(rec: dict[str, Any]) -> tuple[str | None, str | None]:
    """An event record's source and target countries."""
    return tuple((rec[r] or {}).get("country") for r in ("source", "target"))  # type: ignore


def written(rec: dict[str, Any], role: str) -> str:
    """The article text, as written here, under an event record's span for ``role``."""
    start, end = rec[role]["span"]
    return TEXTS[rec["doc_id"]][start:end]
