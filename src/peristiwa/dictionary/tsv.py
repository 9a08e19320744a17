"""Read the one-entry-a-line TSV files that hold peristiwa's language data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["DictionaryError", "Row", "read_rows"]

_BUILTIN = Path(__file__).resolve().parent.parent / "data"


class DictionaryError(ValueError):
    """A malformed dictionary entry, with the file and line that hold it."""

    def __init__(self, path: str | Path, line: int | None, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True, slots=True)
class Row:
    """One entry: its fields, comment and where it stands."""

    fields: tuple[str, ...]
    comment: str
    path: str
    line: int

    @property
    def where(self) -> str:
        """file:line, with the whole path for a user's file so it is told from a built-in one."""
        p = Path(self.path)
        return f"{p.name if p.resolve().is_relative_to(_BUILTIN) else p}:{self.line}"

    def field(self, i: int) -> str:
        return self.fields[i] if i < len(self.fields) else ""


def read_rows(path: str | Path, min_fields: int, max_fields: int) -> list[Row]:
    """Read a TSV data file; raise DictionaryError on a line with the wrong field count."""
    rows: list[Row] = []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DictionaryError(path, None, f"not UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise DictionaryError(path, None, exc.strerror or str(exc)) from None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        fields: list[str] = []
        comment = ""
        for i, part in enumerate(parts):
            if part.lstrip().startswith("#"):
                comment = "\t".join(parts[i:]).lstrip()[1:].strip()
                break
            fields.append(part.strip())
        while fields and not fields[-1]:
            fields.pop()
        if not fields or not fields[0]:
            raise DictionaryError(path, lineno, "empty first field")
        removal = fields[0].startswith("-") and len(fields[0]) > 1 and len(fields) == 1
        if not removal and (len(fields) < min_fields or len(fields) > max_fields):
            want = str(min_fields) if min_fields == max_fields else f"{min_fields}-{max_fields}"
            raise DictionaryError(
                path, lineno, f"expected {want} tab-separated fields, found {len(fields)}"
            )
        rows.append(Row(tuple(fields), comment, str(path), lineno))
    return rows
