"""Article duplicates: exact copies by normalised-text hash, near-copies by MinHash/LSH.

The MinHash is one-permutation hashing with optimal densification (Shrivastava 2017):
each word 5-gram is hashed once, the hash picks one of K bins and the bin keeps its
minimum. That costs one hash per shingle instead of K, so plain Python keeps up with the
coder; the K bins behave like K independent MinHashes for estimating Jaccard similarity.
"""

from __future__ import annotations

import hashlib
import logging
import random
import re
import unicodedata
from collections.abc import Sequence

import duckdb
import pyarrow as pa

__all__ = [
    "K",
    "BANDS",
    "THRESHOLD",
    "normalise",
    "text_hash",
    "norm_hash",
    "text_keys",
    "signature",
    "sig_to_bytes",
    "sig_from_bytes",
    "band_keys",
    "similarity",
    "StoryIndex",
    "backfill_stories",
]

log = logging.getLogger(__name__)

K = 128  # bins (MinHash values) per signature
BANDS = 32  # LSH bands of ROWS values: pairs with Jaccard ~0.42 collide in half the cases
ROWS = K // BANDS
SHINGLE = 5  # words per shingle: long enough that shared stock phrases don't match
# Verified similarity to link two articles to one story. Syndicated copies that differ in
# their dateline, outlet boilerplate, "Baca juga" links or truncation score 0.6-0.95; two
# reports of one press conference written separately score below 0.2.
THRESHOLD = 0.5

_EMPTY = (1 << 64) - 1
_WORD = re.compile(r"\w+")
# Where an empty bin borrows its value: a fixed pseudo-random probe order per bin, the same
# for every document, so two documents densify the same way (a deterministic seed).
_DONORS = [random.Random(i).sample(range(K), K) for i in range(K)]


def normalise(text: str) -> str:
    """Text reduced to lower-case words separated by single spaces (what dedup compares)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text))


def text_hash(text: str) -> str:
    """SHA-1 of a text (hex): the id of its exact content."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def norm_hash(text: str, norm: str) -> str:
    """The id of a text's normalised content; a text without words keeps its exact text's."""
    return text_hash(norm) if norm else "raw:" + text_hash(text)


def text_keys(text: str) -> tuple[str, list[int] | None]:
    """What ingest compares an article by: its normalised-text hash and MinHash signature."""
    norm = normalise(text)
    return norm_hash(text, norm), signature(norm)


def signature(norm: str) -> list[int] | None:
    """The MinHash signature (K 32-bit values) of a normalised text; None if it has no words."""
    words = norm.split()
    if not words:
        return None
    n = max(1, len(words) - SHINGLE + 1)
    bins = [_EMPTY] * K
    blake = hashlib.blake2b
    for s in {" ".join(words[i:i + SHINGLE]) for i in range(n)}:
        h = int.from_bytes(blake(s.encode("utf-8"), digest_size=8).digest(), "little")
        b = h & (K - 1)
        v = h >> 7
        if v < bins[b]:
            bins[b] = v
    out = []
    for i, v in enumerate(bins):
        if v == _EMPTY:
            v = next(bins[j] for j in _DONORS[i] if bins[j] != _EMPTY)
            v = v ^ (i * 0x9E3779B1)  # a borrowed value differs per bin, as a real one would
        out.append(v & 0xFFFFFFFF)
    return out


def sig_to_bytes(sig: Sequence[int]) -> bytes:
    return b"".join(v.to_bytes(4, "little") for v in sig)


def sig_from_bytes(data: bytes) -> list[int]:
    return [int.from_bytes(data[i:i + 4], "little") for i in range(0, len(data), 4)]


def band_keys(sig: Sequence[int]) -> list[int]:
    """One signed 64-bit bucket key per LSH band."""
    keys = []
    for b in range(BANDS):
        chunk = sig_to_bytes(sig[b * ROWS:(b + 1) * ROWS]) + bytes([b])
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little",
                                   signed=True))
    return keys


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / K


class StoryIndex:
    """Assigns each new article to the story of its most similar earlier article."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def assign(self, items: Sequence[tuple[str, list[int] | None]]
               ) -> tuple[list[tuple[str, float | None]], pa.Table]:
        """Return (story_id, similarity) per item, and the band rows to store for them."""
        keys = {aid: band_keys(sig) for aid, sig in items if sig is not None}
        stored = self._stored_candidates(keys)
        out: list[tuple[str, float | None]] = []
        local: dict[tuple[int, int], list[str]] = {}  # earlier articles of this batch
        local_sig: dict[str, list[int]] = {}
        local_story: dict[str, str] = {}
        for aid, sig in items:
            best: tuple[float, str] | None = None
            if sig is not None:
                cands: dict[str, tuple[list[int], str]] = dict(stored.get(aid, {}))
                for b, key in enumerate(keys[aid]):
                    for other in local.get((b, key), ()):
                        cands[other] = (local_sig[other], local_story[other])
                for _other, (osig, ostory) in sorted(cands.items()):
                    sim = similarity(sig, osig)
                    if sim >= THRESHOLD and (best is None or sim > best[0]):
                        best = (sim, ostory)
                for b, key in enumerate(keys[aid]):
                    local.setdefault((b, key), []).append(aid)
                local_sig[aid] = sig
            story = best[1] if best else aid
            local_story[aid] = story
            out.append((story, best[0] if best else None))
        ids, bands, buckets = [], [], []
        for aid, ks in keys.items():
            ids.extend([aid] * len(ks))
            bands.extend(range(len(ks)))
            buckets.extend(ks)
        rows = pa.table({"article_id": pa.array(ids, pa.string()),
                         "band": pa.array(bands, pa.int16()),
                         "bucket": pa.array(buckets, pa.int64())})
        return out, rows

    def _stored_candidates(self, keys: dict[str, list[int]]
                           ) -> dict[str, dict[str, tuple[list[int], str]]]:
        if not keys:
            return {}
        ids, bands, buckets = [], [], []
        for aid, ks in keys.items():
            ids.extend([aid] * len(ks))
            bands.extend(range(len(ks)))
            buckets.extend(ks)
        probe = pa.table({"new_id": pa.array(ids, pa.string()),
                          "band": pa.array(bands, pa.int16()),
                          "bucket": pa.array(buckets, pa.int64())})
        self.con.register("_peristiwa_probe", probe)
        try:
            rows = self.con.execute(
                "SELECT DISTINCT p.new_id, a.article_id, a.signature, a.story_id "
                "FROM _peristiwa_probe p "
                "JOIN article_bands b ON b.band = p.band AND b.bucket = p.bucket "
                "JOIN articles a ON a.article_id = b.article_id "
                "WHERE a.signature IS NOT NULL").fetchall()
        finally:
            self.con.unregister("_peristiwa_probe")
        found: dict[str, dict[str, tuple[list[int], str]]] = {}
        for new_id, aid, sig, story in rows:
            if new_id != aid:
                found.setdefault(new_id, {})[aid] = (sig_from_bytes(sig), story or aid)
        return found


def backfill_stories(con: duckdb.DuckDBPyConnection, chunk: int = 500) -> int:
    """Compute signatures and stories for stored articles that have none (a migration step)."""
    index = StoryIndex(con)
    done = 0
    while True:
        rows = con.execute(
            "SELECT article_id, text FROM articles WHERE story_id IS NULL "
            "ORDER BY ingested_at, article_id LIMIT ?", [chunk]).fetchall()
        if not rows:
            return done
        sigs = [(aid, signature(normalise(text))) for aid, text in rows]
        stories, bands = index.assign(sigs)
        upd = pa.table({
            "article_id": [aid for aid, _ in sigs],
            "signature": pa.array([sig_to_bytes(s) if s else None for _, s in sigs], pa.binary()),
            "story_id": [s for s, _ in stories],
            "story_similarity": pa.array([sim for _, sim in stories], pa.float64()),
        })
        con.register("_peristiwa_upd", upd)
        try:
            con.execute("UPDATE articles SET signature = u.signature, story_id = u.story_id, "
                        "story_similarity = u.story_similarity FROM _peristiwa_upd u "
                        "WHERE articles.article_id = u.article_id")
        finally:
            con.unregister("_peristiwa_upd")
        if bands.num_rows:
            con.register("_peristiwa_bands", bands)
            try:
                con.execute("INSERT INTO article_bands BY NAME SELECT * FROM _peristiwa_bands")
            finally:
                con.unregister("_peristiwa_bands")
        done += len(rows)
        log.info("stories: %d articles", done)
