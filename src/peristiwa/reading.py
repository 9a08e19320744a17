"""Read input files, directories and standard input into cleaned ``Article`` records."""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import gzip
import io
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from peristiwa.cleaning import NoiseRules, clean_text, load_noise, normalise_outlet
from peristiwa.dictionary.files import DataFiles
from peristiwa.htmlpage import declared_charset, extract_page
from peristiwa.records import Article, InputError

__all__ = ["iter_articles", "default_noise", "KNOWN_EXTENSIONS", "MAX_CHARS", "STDIN"]

log = logging.getLogger(__name__)

KNOWN_EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
}
STDIN = "<stdin>"
MAX_CHARS = 200_000  # an article's cleaned text is cut here (real articles stay far below)
MAX_RAW_CHARS = 2 * MAX_CHARS  # raw text beyond this is not even cleaned
MAX_TEXT_BYTES = 4 * MAX_RAW_CHARS
MAX_HTML_BYTES = 20_000_000  # trafilatura's own limit for a page
MAX_JSON_BYTES = 256_000_000  # one .json document is parsed whole; JSON Lines stream
MAX_RECORD_BYTES = 16_000_000  # one JSON line
_CHUNK = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"
_BOMS_16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")


class _Fail(Exception):
    """An input that cannot be read on: becomes an InputError."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


@functools.lru_cache(maxsize=1)
def default_noise() -> NoiseRules:
    """The built-in noise rules, compiled once."""
    return load_noise(DataFiles().rows("noise.tsv"))


class _Prefixed(io.RawIOBase):
    """A byte stream that first gives back bytes already read from it."""

    def __init__(self, prefix: bytes, rest: IO[bytes]):
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf: bytearray | memoryview) -> int:  # type: ignore[override]
        if len(self._prefix):
            n = min(len(buf), len(self._prefix))
            buf[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(buf))
        buf[:len(data)] = data
        return len(data)


def _reader(prefix: bytes, rest: IO[bytes]) -> io.BufferedReader:
    return io.BufferedReader(_Prefixed(prefix, rest), buffer_size=_CHUNK)


def _kind_and_stem(name: str) -> tuple[str | None, str]:
    """``x.jsonl.gz`` → (jsonl, x); an unknown extension gives kind None."""
    base = name[:-3] if name.lower().endswith(".gz") else name
    suffix = os.path.splitext(base)[1].lower()
    kind = KNOWN_EXTENSIONS.get(suffix)
    return kind, base[: -len(suffix)] if suffix else base


def _sniff(head: bytes) -> str:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"[":
        return "json"
    if start == b"{":
        first, newline, _ = head.partition(b"\n")
        if newline:
            try:
                json.loads(first.decode("utf-8", "replace").lstrip("\ufeff"))
            except ValueError:
                return "json"  # one object spread over several lines
        return "jsonl"
    return "html" if start == b"<" else "text"


def _looks_binary(head: bytes) -> bool:
    if head.startswith(_BOMS_16):
        return False
    sample = head[:8192]
    return b"\x00" in sample or len(_CONTROL.findall(sample)) > len(sample) // 20


def _decode(data: bytes, where: str) -> str:
    """UTF-8, else the declared charset, else cp1252 (with a warning), else a failure."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith(_BOMS_16):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _Fail("not valid UTF-16 text") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8")  # cut inside a character by a size cap
        bad = exc.start
    declared = declared_charset(data[:4096])
    for encoding in [e for e in (declared, "cp1252") if e and e != "utf-8"]:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        log.warning("%s: not UTF-8 (byte %d); read as %s", where, bad, encoding)
        return text
    raise _Fail("not UTF-8 text, nor cp1252")


def _date(value: object, where: str, line: int | None) -> dt.date | None:
    if value in (None, ""):
        return None
    m = _ISO_DATE.match(str(value))
    try:
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    log.warning("%s%s: published %r is not an ISO date; ignored",
                where, f":{line}" if line else "", value)
    return None


def _str(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


class _Reader:
    """Reads the inputs of one ``iter_articles`` call."""

    def __init__(self, noise: NoiseRules, published: dt.date | None):
        self.noise = noise
        self.published = published

    def article(self, raw: str, *, doc_id: str, where: str, line: int | None = None,
                title: str | None = None, url: str | None = None, outlet: str | None = None,
                published: dt.date | None = None, detect_title: bool = False,
                ) -> Article | InputError:
        """Clean one text and build its Article; precedence for ``published``: metadata,
        then the caller's date, then a date written in the text."""
        if len(raw) > MAX_RAW_CHARS:
            log.warning("%s: %d characters; only the first %d are read", where, len(raw),
                        MAX_RAW_CHARS)
            raw = raw[:MAX_RAW_CHARS]
        clean = clean_text(raw, self.noise, detect_title=detect_title)
        text = clean.text
        if not text:
            return InputError(where, "no article text after cleaning", line)
        if len(text) > MAX_CHARS:
            cut = text.rfind("\n", MAX_CHARS // 2, MAX_CHARS)
            if cut < 0:
                cut = text.rfind(" ", MAX_CHARS // 2, MAX_CHARS)
            text = text[: cut if cut > 0 else MAX_CHARS]
            log.warning("%s: article %s truncated to %d characters", where, doc_id, len(text))
        return Article(
            doc_id=doc_id,
            text=text,
            title=title or clean.title,
            url=url,
            outlet=outlet or clean.outlet_hint,
            published=published or self.published or clean.published,
            dateline=clean.dateline_place,
            path=where,
        )

    def record(self, obj: object, *, where: str, fallback_id: str,
               line: int | None = None, label: str = "record") -> Article | InputError:
        """One JSON record: ``text`` or ``content``, optional id/title/url/outlet/published."""
        if not isinstance(obj, dict):
            return InputError(where, f"{label} is not a JSON object", line)
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            text = obj.get("content")
        if not isinstance(text, str) or not text.strip():
            return InputError(where, f"{label} has no text", line)
        return self.article(
            text,
            doc_id=_str(obj.get("id")) or fallback_id,
            where=where,
            line=line,
            title=_str(obj.get("title")),
            url=_str(obj.get("url")),
            outlet=_str(obj.get("outlet")),
            published=_date(obj.get("published"), where, line),
        )

    def stream(self, raw: IO[bytes], where: str, stem: str,
               kind: str | None) -> Iterator[Article | InputError]:
        """Read one input of any kind, gzipped or not, sniffing the kind when unknown."""
        head = raw.read(_CHUNK)
        if head[:2] == _GZIP_MAGIC:
            raw = gzip.GzipFile(fileobj=_reader(head, raw), mode="rb")
            head = raw.read(_CHUNK)
        while head and not head.lstrip(b"\xef\xbb\xbf").strip():
            head = raw.read(_CHUNK)  # leading blank space: look further
        if not head:
            raise _Fail("empty file")
        if _looks_binary(head):
            raise _Fail("binary file, not text")
        kind = kind or _sniff(head)
        if kind == "jsonl":
            yield from self.json_lines(_reader(head, raw), where, stem)
            return
        cap = {"html": MAX_HTML_BYTES, "json": MAX_JSON_BYTES}.get(kind, MAX_TEXT_BYTES)
        data = head + raw.read(max(0, cap - len(head)))
        if raw.read(1):
            if kind == "json":
                raise _Fail(f"over {cap // 1_000_000} MB: write it as JSON Lines (.jsonl)")
            log.warning("%s: larger than %d bytes; only the start is read", where, cap)
        text = _decode(data, where)
        if kind == "json":
            yield from self.json_document(text, where, stem)
        elif kind == "html":
            yield self.html(text, where, stem)
        else:
            yield self.article(text, doc_id=stem, where=where, detect_title=True)

    def json_lines(self, reader: io.BufferedReader, where: str,
                   stem: str) -> Iterator[Article | InputError]:
        """Stream JSON Lines; a bad line is an InputError and reading goes on."""
        lineno = 0
        while True:
            data = reader.readline(MAX_RECORD_BYTES + 1)
            if not data:
                return
            lineno += 1
            if len(data) > MAX_RECORD_BYTES and not data.endswith(b"\n"):
                while (more := reader.readline(_CHUNK)) and not more.endswith(b"\n"):
                    pass
                yield InputError(where, f"record over {MAX_RECORD_BYTES // 1_000_000} MB",
                                 lineno)
                continue
            if not data.strip():
                continue
            yield self.json_line(data, where, stem, lineno)

    def json_line(self, data: bytes, where: str, stem: str,
                  lineno: int) -> Article | InputError:
        """One line of a JSON Lines input: its record, or why it cannot be read."""
        try:
            obj = json.loads(_decode(data, f"{where}:{lineno}"))
        except _Fail as fail:
            return InputError(where, fail.reason, lineno)
        except ValueError as exc:
            return InputError(where, f"malformed JSON: {getattr(exc, 'msg', exc)}", lineno)
        return self.record(obj, where=where, fallback_id=f"{stem}-{lineno}", line=lineno)

    def json_document(self, text: str, where: str,
                      stem: str) -> Iterator[Article | InputError]:
        """A .json file: one object or a list of them (JSON Lines are accepted too)."""
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data":  # several objects, one a line
                data = text.encode("utf-8")
                yield from self.json_lines(_reader(data, io.BytesIO()), where, stem)
                return
            raise _Fail(f"malformed JSON: {exc.msg}", exc.lineno) from None
        if isinstance(obj, list):
            if not obj:
                raise _Fail("no articles found")
            for i, item in enumerate(obj, 1):
                yield self.record(item, where=where, fallback_id=f"{stem}-{i}",
                                  label=f"record {i}")
        elif isinstance(obj, dict):
            yield self.record(obj, where=where, fallback_id=stem)
        else:
            raise _Fail("JSON holds neither an object nor a list of objects")

    def html(self, html: str, where: str, stem: str) -> Article | InputError:
        """A saved page: trafilatura's text and metadata, then the usual cleaning."""
        page = extract_page(html)
        if page is None:
            return InputError(where, "no article text found in the page")
        return self.article(
            page.text, doc_id=stem, where=where, title=page.title, url=page.url,
            outlet=normalise_outlet(page.sitename) if page.sitename else None,
            published=page.published,
        )


def _os_reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return reason[0].lower() + reason[1:]


def _guard(where: str, items: Iterator[Article | InputError]) -> Iterator[Article | InputError]:
    """Turn whatever goes wrong inside one input into an InputError for it."""
    try:
        yield from items
    except _Fail as fail:
        yield InputError(where, fail.reason, fail.line)
    except EOFError:
        yield InputError(where, "truncated gzip data")
    except OSError as exc:
        yield InputError(where, _os_reason(exc))
    except Exception as exc:  # bad input must never stop the run
        log.debug("%s: unexpected error", where, exc_info=True)
        yield InputError(where, f"unexpected error: {type(exc).__name__}: {exc}")


def _file(reader: _Reader, path: Path) -> Iterator[Article | InputError]:
    kind, stem = _kind_and_stem(path.name)
    if kind is None:
        stem = Path(stem).stem
    with path.open("rb") as raw:
        yield from reader.stream(raw, str(path), stem, kind)


def _walk(root: Path, errors: list[OSError]) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found += [Path(dirpath, f) for f in filenames
                  if not f.startswith(".") and _kind_and_stem(f)[0] is not None]
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _directory(reader: _Reader, root: Path) -> Iterator[Article | InputError]:
    errors: list[OSError] = []
    files = _walk(root, errors)
    for exc in errors:
        yield InputError(str(exc.filename or root), _os_reason(exc))
    produced = bool(errors)
    for path in files:
        for item in _guard(str(path), _file(reader, path)):
            produced = True
            yield item
    if not produced:
        yield InputError(str(root), "no articles found")


def iter_articles(
    paths: Iterable[str],
    *,
    published: dt.date | None = None,
    noise: NoiseRules | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Article | InputError]:
    """Yield one cleaned Article per article in ``paths`` (files, directories, ``-`` for
    standard input), or an InputError for what cannot be read; never raises for bad input."""
    if isinstance(published, dt.datetime):
        published = published.date()
    reader = _Reader(noise if noise is not None else default_noise(), published)
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guard(STDIN, reader.stream(stream, STDIN, "stdin", None))
        elif os.path.isdir(path):
            yield from _directory(reader, Path(path))
        else:
            yield from _guard(path, _file(reader, Path(path)))
