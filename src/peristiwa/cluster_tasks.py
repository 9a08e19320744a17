"""The worker side of a cluster run: inputs read on the client, cleaned and coded on workers.

Nothing here imports Dask: these are plain functions that a Dask worker (or a test) calls.
The client only splits inputs into records (:func:`read_units`), which is cheap; cleaning,
page extraction and coding, which are not, happen on the workers (:func:`code_for_extract`,
:func:`code_for_ingest`), each holding one Coder per dictionary for its whole life.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from peristiwa import __version__
from peristiwa.coder import Coder
from peristiwa.dictionary.files import DATA_DIR

# reading.py has no public hook to split reading from cleaning; these names are its own
# machinery, used as is so that a cluster run reads every input exactly as iter_articles does.
from peristiwa.reading import STDIN, _directory, _file, _guard, _Reader
from peristiwa.records import Article, Event, InputError

__all__ = [
    "Pending",
    "JobSpec",
    "Unit",
    "VersionMismatch",
    "read_units",
    "make_spec",
    "fingerprint",
    "code_for_extract",
    "code_for_ingest",
    "coder_loads",
    "IngestResult",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Pending:
    """One input record as read on the client, its cleaning left to a worker."""

    kind: str  # "article": raw text to clean; "html": a page to extract, then clean;
    # "jsonline": a JSON Lines record as read, bytes to decode and parse, then clean
    guard: str  # where an unexpected failure is reported (as iter_articles reports it)
    raw: str | bytes
    fields: tuple[tuple[str, Any], ...]  # keyword arguments of _Reader.article / _Reader.html

    @property
    def doc_id(self) -> str:
        """The article id this record will get (known before cleaning)."""
        if self.kind == "jsonline":
            raise ValueError("a JSON line's article id is known only once it is parsed")
        return dict(self.fields).get("doc_id") or dict(self.fields)["stem"]


Unit = Pending | InputError
# what ingest gets back per unit: the cleaned article (or the input's error); its events, or
# the coding failure's message, or None when the article was not coded (already stored); and
# its dedup keys (store.dedup.text_keys) when it was coded
IngestResult = tuple[Article | InputError, list[Event] | str | None,
                     tuple[str, list[int] | None] | None]


class VersionMismatch(RuntimeError):
    """A worker runs another peristiwa, or other built-in data, than the client."""


class _DeferringReader(_Reader):
    """iter_articles' reader, except that cleaning and page extraction are deferred."""

    guard_where: str | None = None  # set per top-level input by read_units
    defer_json = False  # also leave decoding and parsing JSON lines to the workers

    def json_line(self, data: bytes, where: str, stem: str,  # type: ignore[override]
                  lineno: int) -> Article | InputError | Pending:
        if not self.defer_json:
            return super().json_line(data, where, stem, lineno)
        return Pending("jsonline", self.guard_where or where, data,
                       (("line", lineno), ("stem", stem), ("where", where)))

    def article(self, raw: str, **fields: Any) -> Pending:  # type: ignore[override]
        return Pending("article", self.guard_where or fields["where"], raw,
                       tuple(sorted(fields.items())))

    def html(self, html: str, where: str, stem: str) -> Pending:  # type: ignore[override]
        return Pending("html", self.guard_where or where, html,
                       (("stem", stem), ("where", where)))


def read_units(paths: Iterable[str], *, published: dt.date | None = None,
               stdin: IO[bytes] | None = None, defer_json: bool = False) -> Iterator[Unit]:
    """Yield the inputs under ``paths`` record by record, in iter_articles' order, uncleaned.

    With ``defer_json`` a JSON line is yielded as read, unparsed: the client then only
    splits lines (its article id is not known here, so ingest, which needs it, does not).
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    reader = _DeferringReader(None, published)  # type: ignore[arg-type]  # noise: workers'
    reader.defer_json = defer_json
    # the same walk as iter_articles; an input error found here is final, as there
    for path in paths:
        if path == "-":
            reader.guard_where = STDIN
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guard(STDIN, reader.stream(stream, STDIN, "stdin", None))
        elif os.path.isdir(path):
            reader.guard_where = None  # _directory guards each file under its own path
            yield from _directory(reader, Path(path))
        else:
            reader.guard_where = path
            yield from _guard(path, _file(reader, Path(path)))


def _finish(unit: Unit, reader: _Reader) -> Article | InputError:
    """Clean one record (extract its page first) into the Article iter_articles would give."""
    if isinstance(unit, InputError):
        return unit
    fields = dict(unit.fields)

    def one() -> Iterator[Article | InputError]:
        if unit.kind == "html":
            yield reader.html(unit.raw, fields["where"], fields["stem"])
        elif unit.kind == "jsonline":
            yield reader.json_line(unit.raw, fields["where"], fields["stem"], fields["line"])
        else:
            yield reader.article(unit.raw, **fields)

    # _guard turns a crash into the InputError iter_articles would report for the input
    return next(_guard(unit.guard, one()))


@dataclass(frozen=True, slots=True)
class JobSpec:
    """What every task of a run needs besides its records: dictionaries, date, versions."""

    dict_key: str  # hash of the user's dictionary files; "" for the built-in data only
    dict_files: tuple[tuple[str, bytes], ...]
    published: dt.date | None
    fingerprint: str


def fingerprint() -> str:
    """peristiwa's version and a hash of its built-in data files as they are now."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(DATA_DIR.rglob("*.tsv")):
        h.update(path.relative_to(DATA_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{h.hexdigest()[:16]}"


def make_spec(dict_dir: str | Path | None, published: dt.date | None) -> JobSpec:
    """Pack the user's dictionary files so that workers on other hosts get them too."""
    files: tuple[tuple[str, bytes], ...] = ()
    if dict_dir is not None:
        files = tuple((p.name, p.read_bytes()) for p in sorted(Path(dict_dir).glob("*.tsv")))
    key = ""
    if dict_dir is not None:
        h = hashlib.sha256()
        for name, data in files:
            h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        key = h.hexdigest()[:24]
    return JobSpec(key, files, published, fingerprint())


_lock = threading.Lock()
_coders: dict[str, tuple[Coder, str]] = {}  # dictionary key -> coder, fingerprint at loading
_loads: dict[str, int] = {}  # dictionary key -> how often this process loaded it


def coder_loads() -> dict[str, int]:
    """How many times this process loaded each run's dictionaries ("" = built-in only)."""
    with _lock:
        return dict(_loads)


def _dict_dir(spec: JobSpec) -> Path:
    """The user's dictionary files written once under this host's temporary directory."""
    root = Path(tempfile.gettempdir()) / f"peristiwa-dict-{spec.dict_key}"
    if not root.is_dir():
        # several worker processes on one host may race here: build aside, then rename
        tmp = Path(tempfile.mkdtemp(prefix=f"peristiwa-dict-{spec.dict_key}-"))
        for name, data in spec.dict_files:
            (tmp / name).write_bytes(data)
        try:
            tmp.rename(root)
        except OSError:  # another process won the race; its copy is the same
            for f in tmp.iterdir():
                f.unlink()
            tmp.rmdir()
    return root


def _coder(spec: JobSpec) -> Coder:
    """This process's Coder for the run's dictionaries: built on first use, then reused."""
    with _lock:
        entry = _coders.get(spec.dict_key)
        if entry is None:
            mine = fingerprint()
            entry = (Coder(dict_dir=_dict_dir(spec) if spec.dict_key else None), mine)
            _coders[spec.dict_key] = entry
            _loads[spec.dict_key] = _loads.get(spec.dict_key, 0) + 1
            log.info("coder ready (dictionaries %s)", spec.dict_key or "built-in")
    coder, mine = entry
    if spec.fingerprint != mine:  # else the output would silently differ from a serial run
        raise VersionMismatch(
            f"this worker coded with peristiwa {mine}, the client has {spec.fingerprint}: "
            "install the same peristiwa version on every worker and restart the workers")
    return coder


def code_for_extract(units: list[Unit], spec: JobSpec,
                     modes: tuple[str, ...] | None = None) -> list[Event | InputError]:
    """Clean and code a partition; the events and errors in input order, as iter_events."""
    from peristiwa.pipeline import DEFAULT_MODES, code_articles

    coder = _coder(spec)
    reader = _Reader(coder.lex.noise, spec.published)
    return list(code_articles((_finish(u, reader) for u in units), coder,
                              modes or DEFAULT_MODES))


def code_for_ingest(units: list[Unit], spec: JobSpec,
                    skip: frozenset[int] = frozenset()) -> list[IngestResult]:
    """Clean and code a partition for ingest, with the articles' dedup keys; units at
    ``skip`` positions are not coded."""
    from peristiwa.store.dedup import text_keys

    coder = _coder(spec)
    reader = _Reader(coder.lex.noise, spec.published)
    out: list[IngestResult] = []
    for i, unit in enumerate(units):
        item = _finish(unit, reader)
        if isinstance(item, InputError) or i in skip:
            out.append((item, None, None))
            continue
        try:
            events: list[Event] | str = coder.code(item)
        except Exception as exc:  # ingest reports it for this article, as for a serial run
            log.exception("coding %s failed", item.doc_id)
            events = str(exc)
        out.append((item, events, text_keys(item.text)))
    return out
