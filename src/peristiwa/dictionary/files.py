"""Find the built-in data files and overlay a user's own directory on them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peristiwa.dictionary.tsv import DictionaryError, Row, read_rows

__all__ = ["DATA_DIR", "LANG_DIR", "FileSpec", "FILE_SPECS", "DataFiles"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LANG_DIR = DATA_DIR / "id"


@dataclass(frozen=True, slots=True)
class FileSpec:
    """How many fields a file's entries have and which of them make the key."""

    name: str
    min_fields: int
    max_fields: int
    key_fields: int = 1
    language: bool = True  # under data/id/ (else data/, language-independent)


FILE_SPECS: dict[str, FileSpec] = {
    s.name: s
    for s in [
        FileSpec("countries.tsv", 2, 2),
        FileSpec("metonyms.tsv", 2, 2),
        FileSpec("organizations.tsv", 2, 2),
        FileSpec("institutions.tsv", 2, 2),
        FileSpec("people.tsv", 2, 4, key_fields=3),
        FileSpec("agents.tsv", 3, 3),
        FileSpec("pronouns.tsv", 2, 2),
        FileSpec("verbs.tsv", 3, 3),
        FileSpec("modality.tsv", 2, 2),
        FileSpec("reporting.tsv", 1, 1),
        FileSpec("appraisals.tsv", 2, 2),
        FileSpec("time.tsv", 3, 3),
        FileSpec("places.tsv", 4, 4),
        FileSpec("noise.tsv", 2, 2),
        FileSpec("nonevents.tsv", 2, 2),
        FileSpec("abbreviations.tsv", 1, 1),
        FileSpec("grammar.tsv", 2, 2),
        FileSpec("notnames.tsv", 1, 1),
        FileSpec("domains.tsv", 2, 2),
        FileSpec("notactors.tsv", 2, 2),
        FileSpec("cameo.tsv", 4, 4, language=False),
        FileSpec("cameo_actors.tsv", 3, 3, language=False),
        FileSpec("cameo_intent.tsv", 2, 2, language=False),
        FileSpec("cameo_refusal.tsv", 2, 2, language=False),
    ]
}


def _key(spec: FileSpec, row: Row) -> tuple[str, ...]:
    return tuple(row.field(i).casefold() for i in range(spec.key_fields))


class DataFiles:
    """The rows of every data file: built-in entries overlaid by a user's directory."""

    def __init__(self, user_dir: str | Path | None = None):
        self.user_dir = Path(user_dir) if user_dir else None
        if self.user_dir is not None and not self.user_dir.is_dir():
            raise DictionaryError(self.user_dir, None, "dictionary directory not found")
        if self.user_dir is not None:
            known = set(FILE_SPECS)
            for path in sorted(self.user_dir.glob("*.tsv")):
                if path.name not in known:
                    raise DictionaryError(
                        path, None, f"unknown dictionary file (known: {', '.join(sorted(known))})"
                    )
        self._cache: dict[str, list[Row]] = {}

    def builtin_path(self, name: str) -> Path:
        spec = FILE_SPECS[name]
        return (LANG_DIR if spec.language else DATA_DIR) / name

    def rows(self, name: str) -> list[Row]:
        """Return the entries of one file, the user's overriding the built-in ones by key."""
        if name in self._cache:
            return self._cache[name]
        spec = FILE_SPECS[name]
        merged: dict[tuple[str, ...], Row] = {}
        for path in self._paths(name):
            seen: set[tuple[str, ...]] = set()
            for row in read_rows(path, spec.min_fields, spec.max_fields):
                if row.fields[0].startswith("-") and len(row.fields[0]) > 1:
                    stripped = Row((row.fields[0][1:],) + row.fields[1:], row.comment,
                                   row.path, row.line)
                    merged.pop(_key(spec, stripped), None)
                    continue
                key = _key(spec, row)
                if key in seen:
                    raise DictionaryError(path, row.line, f"duplicate entry {row.fields[0]!r}")
                seen.add(key)
                merged[key] = row
        result = list(merged.values())
        self._cache[name] = result
        return result

    def _paths(self, name: str) -> list[Path]:
        paths = []
        builtin = self.builtin_path(name)
        if builtin.exists():
            paths.append(builtin)
        if self.user_dir is not None and (self.user_dir / name).exists():
            paths.append(self.user_dir / name)
        return paths
