"""Ingest: code new articles and store them with their events, one transaction per batch."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import pyarrow as pa

from peristiwa.output import flat_row
from peristiwa.records import Article, Event, InputError
from peristiwa.store.clusters import block_key, date_range
from peristiwa.store.db import Store
from peristiwa.store.dedup import (
    StoryIndex,
    norm_hash,
    normalise,
    sig_to_bytes,
    signature,
    text_hash,
)
from peristiwa.store.recluster import mark_dirty, recluster
from peristiwa.store.schema import EVENT_COLUMNS

__all__ = ["ArticleCoder", "IngestStats", "TextKeys", "ingest", "recode", "event_rows",
           "EVENTS_ARROW"]

log = logging.getLogger(__name__)

DEFAULT_BATCH = 200
# an article's (normalised-text hash, MinHash signature) computed elsewhere, or None
TextKeys = Callable[[Article], tuple[str, list[int] | None] | None]


class ArticleCoder(Protocol):
    """Anything that codes an article into events: peristiwa.coder.Coder or a wrapper of it."""

    def code(self, article: Article) -> list[Event]: ...


@dataclass
class IngestStats:
    """What an ingest or recode run did."""

    new: int = 0
    skipped_id: int = 0  # an article with this id is stored already
    skipped_text: int = 0  # the same normalised text is stored under another id
    near_copies: int = 0  # new articles linked to an earlier story
    recoded: int = 0
    failed: int = 0
    events: int = 0
    batches: int = 0
    blocks: int = 0  # dyad blocks reclustered
    clusters: int = 0  # clusters in the store afterwards

    @property
    def skipped(self) -> int:
        return self.skipped_id + self.skipped_text

    @property
    def seen(self) -> int:
        return self.new + self.skipped + self.failed + self.recoded

    def summary(self) -> str:
        parts = [f"articles: {self.new} new, {self.skipped} skipped "
                 f"({self.skipped_id} same id, {self.skipped_text} same text), "
                 f"{self.failed} failed"]
        if self.recoded:
            parts.append(f"{self.recoded} recoded")
        if self.near_copies:
            parts.append(f"{self.near_copies} near-copies linked to earlier stories")
        parts.append(f"events: {self.events} stored")
        parts.append(f"clusters: {self.clusters} ({self.blocks} dyad blocks updated)")
        return "; ".join(parts)


_SQL_ARROW = {"VARCHAR": pa.string(), "DATE": pa.date32(), "INTEGER": pa.int32(),
              "TINYINT": pa.int8(), "DOUBLE": pa.float64()}
EVENTS_ARROW = pa.schema([(n, _SQL_ARROW[t.split()[0]]) for n, t in EVENT_COLUMNS]
                         + [("block", pa.string())])
_ARTICLES_ARROW = pa.schema([
    ("article_id", pa.string()), ("outlet", pa.string()), ("url", pa.string()),
    ("title", pa.string()), ("published", pa.date32()), ("dateline", pa.string()),
    ("path", pa.string()), ("text_hash", pa.string()), ("norm_hash", pa.string()),
    ("text", pa.string()), ("num_events", pa.int32()), ("ingested_at", pa.timestamp("us")),
    ("coded_at", pa.timestamp("us")), ("story_id", pa.string()),
    ("story_similarity", pa.float64()), ("signature", pa.binary()),
])
_COPIES_ARROW = pa.schema([
    ("article_id", pa.string()), ("copy_of", pa.string()), ("outlet", pa.string()),
    ("url", pa.string()), ("title", pa.string()), ("published", pa.date32()),
    ("ingested_at", pa.timestamp("us")),
])


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def event_rows(events: Iterable[Event], published: dt.date | None = None,
               story: str | None = None) -> list[dict]:
    """Events as rows of the events table (flat columns plus the derived ones)."""
    rows, seen = [], set()
    for seq, ev in enumerate(events):
        if ev.event_id in seen:  # the coder promises unique ids; don't let a slip break a batch
            log.warning("%s: duplicate event id %s dropped", ev.doc_id, ev.event_id)
            continue
        seen.add(ev.event_id)
        row = flat_row(ev.as_dict())
        row["published"] = _iso_date(ev.published) or published
        row["rule"] = ev.rule or None
        row["seq"] = seq
        span = date_range(ev.date, ev.date_precision)
        row["date_start"], row["date_end"] = span if span else (None, None)
        row["day"] = row["date_start"] or row["published"]
        row["block"] = block_key(ev.root, ev.mode, row["source_country"], row["target_country"],
                                 story or ev.doc_id)
        rows.append(row)
    return rows


def _code(coder: ArticleCoder, article: Article) -> list[Event] | InputError:
    try:
        return coder.code(article)
    except Exception as exc:  # one bad article must not stop a corpus run
        log.exception("coding %s failed", article.doc_id)
        return InputError(article.path or article.doc_id,
                          f"cannot code article {article.doc_id}: {exc}")


def _batches(items: Iterable[Article | InputError], size: int
             ) -> Iterator[list[Article | InputError]]:
    batch: list[Article | InputError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def ingest(store: Store, items: Iterable[Article | InputError], coder: ArticleCoder, *,
           batch_size: int = DEFAULT_BATCH,
           on_error: Callable[[InputError], None] | None = None,
           on_batch: Callable[[IngestStats, int], None] | None = None,
           cluster: bool = True, keys: TextKeys | None = None) -> IngestStats:
    """Code and store the articles not yet stored; then recluster the touched dyads.

    An article whose id, or whose normalised text, is stored already is skipped without
    coding. Each batch (articles, events, LSH bands, copies, dirty dyads) is one
    transaction, so a killed run keeps every finished batch and a re-run completes the rest.
    ``keys`` may give articles' dedup keys (dedup.text_keys) computed elsewhere, e.g. on a
    cluster's workers; the others are computed here.
    """
    stats = IngestStats()
    index = StoryIndex(store.con)
    for batch in _batches(items, max(1, batch_size)):
        _ingest_batch(store, batch, coder, index, stats, on_error, keys)
        stats.batches += 1
        if on_batch:
            on_batch(stats, len(batch))
    if cluster:
        _finish(store, stats)
    return stats


def _finish(store: Store, stats: IngestStats) -> None:
    stats.blocks, _ = recluster(store.con)
    stats.clusters = store.count("clusters")


def _known(store: Store, ids: list[str], hashes: list[str]) -> tuple[set[str], dict[str, str]]:
    """Ids already stored (as articles or copies) and norm hashes already stored."""
    probe = pa.table({"id": pa.array(ids, pa.string()), "h": pa.array(hashes, pa.string())})
    store.con.register("_peristiwa_known", probe)
    try:
        known_ids = {r[0] for r in store.con.execute(
            "SELECT article_id FROM articles WHERE article_id IN (SELECT id FROM _peristiwa_known) "
            "UNION SELECT article_id FROM article_copies "
            "WHERE article_id IN (SELECT id FROM _peristiwa_known)").fetchall()}
        known_hashes = dict(store.con.execute(
            "SELECT norm_hash, min(article_id) FROM articles "
            "WHERE norm_hash IN (SELECT h FROM _peristiwa_known) GROUP BY norm_hash").fetchall())
    finally:
        store.con.unregister("_peristiwa_known")
    return known_ids, known_hashes


def _ingest_batch(store: Store, batch: list[Article | InputError], coder: ArticleCoder,
                  index: StoryIndex, stats: IngestStats,
                  on_error: Callable[[InputError], None] | None,
                  keys: TextKeys | None = None) -> None:
    articles: list[Article] = []
    for item in batch:
        if isinstance(item, InputError):
            stats.failed += 1
            if on_error:
                on_error(item)
        else:
            articles.append(item)
    given = {id(a): k for a in articles if keys is not None and (k := keys(a)) is not None}
    norms = ["" if id(a) in given else normalise(a.text) for a in articles]
    hashes = [given[id(a)][0] if id(a) in given else norm_hash(a.text, n)
              for a, n in zip(articles, norms, strict=True)]
    known_ids, known_hashes = _known(store, [a.doc_id for a in articles], hashes)
    now = _now()
    new: list[tuple[Article, str, str]] = []
    copies: list[dict] = []
    for a, norm, h in zip(articles, norms, hashes, strict=True):
        if a.doc_id in known_ids:
            stats.skipped_id += 1
            continue
        known_ids.add(a.doc_id)
        if h in known_hashes:
            stats.skipped_text += 1
            copies.append({"article_id": a.doc_id, "copy_of": known_hashes[h],
                           "outlet": a.outlet, "url": a.url, "title": a.title,
                           "published": a.published, "ingested_at": now})
            continue
        known_hashes[h] = a.doc_id
        new.append((a, norm, h))

    coded: list[tuple[Article, str, str, list[Event]]] = []
    for a, norm, h in new:
        result = _code(coder, a)
        if isinstance(result, InputError):
            stats.failed += 1
            if on_error:
                on_error(result)
        else:
            coded.append((a, norm, h, result))

    sigs = [(a.doc_id, given[id(a)][1] if id(a) in given else signature(norm))
            for a, norm, _, _ in coded]
    stories, bands = index.assign(sigs)
    article_rows, ev_rows = [], []
    coded_at = _now()
    for (a, _, h, events), (_, sig), (story, sim) in zip(coded, sigs, stories, strict=True):
        rows = event_rows(events, a.published, story)
        ev_rows.extend(rows)
        article_rows.append({
            "article_id": a.doc_id, "outlet": a.outlet, "url": a.url, "title": a.title,
            "published": a.published, "dateline": a.dateline, "path": a.path,
            "text_hash": text_hash(a.text), "norm_hash": h, "text": a.text,
            "num_events": len(rows), "ingested_at": now, "coded_at": coded_at,
            "story_id": story, "story_similarity": sim,
            "signature": sig_to_bytes(sig) if sig else None,
        })
        if story != a.doc_id:
            stats.near_copies += 1
    with store.transaction() as con:
        store.insert_arrow("articles", pa.Table.from_pylist(article_rows, _ARTICLES_ARROW))
        store.insert_arrow("events", pa.Table.from_pylist(ev_rows, EVENTS_ARROW))
        store.insert_arrow("article_bands", bands)
        if copies:
            store.insert_arrow("article_copies", pa.Table.from_pylist(copies, _COPIES_ARROW))
            # A copy adds an outlet to the clusters of the article it copies.
            originals = sorted({c["copy_of"] for c in copies})
            con.register("_peristiwa_orig", pa.table({"id": pa.array(originals, pa.string())}))
            try:
                touched = [r[0] for r in con.execute(
                    "SELECT DISTINCT block FROM events WHERE block IS NOT NULL "
                    "AND doc_id IN (SELECT id FROM _peristiwa_orig)").fetchall()]
            finally:
                con.unregister("_peristiwa_orig")
            mark_dirty(con, touched)
        mark_dirty(con, (r["block"] for r in ev_rows))
    stats.new += len(coded)
    stats.events += len(ev_rows)
    log.debug("batch: %d new articles, %d events", len(coded), len(ev_rows))


def recode(store: Store, coder: ArticleCoder, *, batch_size: int = DEFAULT_BATCH,
           on_error: Callable[[InputError], None] | None = None,
           on_batch: Callable[[IngestStats, int], None] | None = None,
           cluster: bool = True) -> IngestStats:
    """Code every stored article again (after a dictionary change) and replace its events."""
    stats = IngestStats()
    last = ""
    while True:
        rows = store.con.execute(
            "SELECT article_id, text, title, url, outlet, published, dateline, path, story_id "
            "FROM articles WHERE article_id > ? ORDER BY article_id LIMIT ?",
            [last, max(1, batch_size)]).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        articles = [Article(doc_id=r[0], text=r[1], title=r[2], url=r[3], outlet=r[4],
                            published=r[5], dateline=r[6], path=r[7]) for r in rows]
        stories = {r[0]: r[8] for r in rows}
        _recode_batch(store, articles, stories, coder, stats, on_error)
        stats.batches += 1
        if on_batch:
            on_batch(stats, len(articles))
    if cluster:
        _finish(store, stats)
    return stats


def _recode_batch(store: Store, articles: list[Article], stories: dict[str, str | None],
                  coder: ArticleCoder, stats: IngestStats,
                  on_error: Callable[[InputError], None] | None) -> None:
    ev_rows, done = [], []
    for a in articles:
        result = _code(coder, a)
        if isinstance(result, InputError):  # keep the old events of an article that now fails
            stats.failed += 1
            if on_error:
                on_error(result)
            continue
        rows = event_rows(result, a.published, stories.get(a.doc_id))
        ev_rows.extend(rows)
        done.append({"article_id": a.doc_id, "num_events": len(rows)})
    if not done:
        return
    upd = pa.table({"article_id": pa.array([d["article_id"] for d in done], pa.string()),
                    "num_events": pa.array([d["num_events"] for d in done], pa.int32())})
    with store.transaction() as con:
        con.register("_peristiwa_recode", upd)
        try:
            old = [r[0] for r in con.execute(
                "SELECT DISTINCT block FROM events WHERE block IS NOT NULL "
                "AND doc_id IN (SELECT article_id FROM _peristiwa_recode)").fetchall()]
            mark_dirty(con, old)
            con.execute("DELETE FROM events WHERE doc_id IN "
                        "(SELECT article_id FROM _peristiwa_recode)")
            con.execute("UPDATE articles SET num_events = r.num_events, coded_at = ? "
                        "FROM _peristiwa_recode r WHERE articles.article_id = r.article_id",
                        [_now()])
        finally:
            con.unregister("_peristiwa_recode")
        store.insert_arrow("events", pa.Table.from_pylist(ev_rows, EVENTS_ARROW))
        mark_dirty(con, (r["block"] for r in ev_rows))
    stats.recoded += len(done)
    stats.events += len(ev_rows)
