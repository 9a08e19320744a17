"""Check dictionaries (built-in and a user's) for errors and conflicts; find entries by word."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from peristiwa.dictionary.files import DATA_DIR, FILE_SPECS, DataFiles, FileSpec, _key
from peristiwa.dictionary.tsv import DictionaryError, Row, read_rows
from peristiwa.phrases import GAP, phrase_words
from peristiwa.tokens import strip_clitic, tokenize

__all__ = ["Problem", "Hit", "check", "find", "SEVERITIES"]

SEVERITIES = ("error", "warning", "note")  # notes (user overrides) do not fail a check


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong or noteworthy in a dictionary file, at a line when known."""

    severity: str
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class Hit:
    """A dictionary entry that matches a searched word."""

    file: str
    path: str
    line: int
    fields: tuple[str, ...]
    comment: str
    active: bool  # False when a user's entry overrides or removes it

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}\t" + "\t".join(self.fields)
        if self.comment:
            text += f"\t# {self.comment}"
        if not self.active:
            text += "\t(overridden)"
        return text


def _label(path: str | Path) -> str:
    """Built-in files by name (verbs.tsv), a user's by the path given."""
    p = Path(path)
    try:
        p.resolve().relative_to(DATA_DIR)
        return p.name
    except ValueError:
        return str(path)


def _read_all(path: Path, spec: FileSpec) -> tuple[list[Row], list[Problem]]:
    """Read every well-formed row of a file and report every malformed one."""
    try:
        return read_rows(path, spec.min_fields, spec.max_fields), []
    except DictionaryError as exc:
        first = exc
    problems = [Problem("error", _label(path), first.line, first.reason)]
    if first.line is None:
        return [], problems
    # read_rows stops at the first bad line: blank the bad lines out and read again,
    # so line numbers stay right and the parser stays the coder's own
    lines = path.read_text(encoding="utf-8").splitlines()
    bad = {first.line}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        while True:
            copy.write_text("\n".join("" if i in bad else ln for i, ln in enumerate(lines, 1)),
                            encoding="utf-8")
            try:
                rows = read_rows(copy, spec.min_fields, spec.max_fields)
                break
            except DictionaryError as exc:
                if exc.line is None or exc.line in bad:
                    return [], problems
                bad.add(exc.line)
                problems.append(Problem("error", _label(path), exc.line, exc.reason))
    return [dataclasses.replace(r, path=str(path)) for r in rows], problems


@dataclass(slots=True)
class _Loaded:
    """Every file's rows per source path, and the rows in effect after user overrides."""

    raw: dict[str, list[tuple[Path, list[Row]]]]
    merged: dict[str, list[Row]]
    problems: list[Problem]


def _paths(files: DataFiles, name: str) -> list[Path]:
    paths = [p for p in [files.builtin_path(name)] if p.exists()]
    if files.user_dir is not None and (files.user_dir / name).exists():
        paths.append(files.user_dir / name)
    return paths


def _load(files: DataFiles, notes: bool = True) -> _Loaded:
    raw: dict[str, list[tuple[Path, list[Row]]]] = {}
    merged_all: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    for name, spec in FILE_SPECS.items():
        raw[name] = []
        merged: dict[tuple[str, ...], Row] = {}
        for n, path in enumerate(_paths(files, name)):
            rows, bad = _read_all(path, spec)
            problems.extend(bad)
            raw[name].append((path, rows))
            seen: dict[tuple[str, ...], Row] = {}
            user = n > 0
            for row in rows:
                removal = row.fields[0].startswith("-") and len(row.fields[0]) > 1
                if removal:
                    stripped = Row((row.fields[0][1:],) + row.fields[1:], row.comment,
                                   row.path, row.line)
                    if merged.pop(_key(spec, stripped), None) is None and user:
                        problems.append(Problem("warning", _label(path), row.line,
                                                f"removes {row.fields[0][1:]!r}, which is not "
                                                "built in"))
                    continue
                key = _key(spec, row)
                if key in seen:
                    first = seen[key]
                    if first.fields[1:] == row.fields[1:]:
                        msg = f"duplicate entry {row.fields[0]!r} (first at line {first.line})"
                    else:
                        msg = (f"conflicting entry {row.fields[0]!r}: "
                               f"{' '.join(row.fields[1:])!r} here, "
                               f"{' '.join(first.fields[1:])!r} at line {first.line}")
                    problems.append(Problem("error", _label(path), row.line, msg))
                    continue
                seen[key] = row
                old = merged.get(key)
                if user and notes and old is not None and old.fields != row.fields:
                    problems.append(Problem(
                        "note", _label(path), row.line,
                        f"overrides built-in {old.where}: {' '.join(old.fields)!r} -> "
                        f"{' '.join(row.fields)!r}"))
                merged[key] = row
        merged_all[name] = list(merged.values())
    return _Loaded(raw, merged_all, problems)


def _known_codes(loaded: _Loaded) -> tuple[set[str], set[str]]:
    """Country and group codes (cameo_actors.tsv and the built-in countries and
    organisations), and agent codes."""
    countries: set[str] = set()
    agents: set[str] = set()
    for row in loaded.merged["cameo_actors.tsv"]:
        (agents if row.field(1) == "agent" else countries).add(row.fields[0])
    for name in ("countries.tsv", "organizations.tsv"):
        for path, rows in loaded.raw[name]:
            if _is_builtin(path):
                countries.update(row.fields[1][:3] for row in rows)
    return countries, agents


def _is_builtin(path: str | Path) -> bool:
    return Path(path).resolve().is_relative_to(DATA_DIR)


def _row_problem(row: Row, message: str, severity: str = "error") -> Problem:
    return Problem(severity, _label(row.path), row.line, message)


def _check_actors(loaded: _Loaded) -> list[Problem]:
    from peristiwa.lexicon import ACTOR_FILES, _check_code

    merged = loaded.merged
    problems: list[Problem] = []
    countries, agents = _known_codes(loaded)
    where: dict[str, list[tuple[str, Row]]] = defaultdict(list)
    for name in ACTOR_FILES:
        for row in merged[name]:
            code = row.fields[1]
            try:
                _check_code(code, row, countries, agents)
            except DictionaryError as exc:
                problems.append(_row_problem(row, f"{exc.reason} (not a CAMEO actor code)"))
            where[" ".join(phrase_words(row.fields[0])).casefold()].append((name, row))
    for entries in where.values():
        files = {name for name, _ in entries}
        if len(files) < 2:
            continue
        first_name, first = entries[0]
        for name, row in entries[1:]:
            if name == first_name:
                continue
            if row.fields[1] != first.fields[1]:
                msg = (f"{row.fields[0]!r} is {row.fields[1]} here but {first.fields[1]} in "
                       f"{_label(first.path)}:{first.line}")
            else:
                msg = (f"{row.fields[0]!r} is also in {_label(first.path)}:{first.line}; "
                       "a name belongs in one actor file")
            problems.append(_row_problem(row, msg))
    problems.extend(_check_people(merged["people.tsv"]))
    return problems


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _check_people(rows: list[Row]) -> list[Problem]:
    problems: list[Problem] = []
    spans: dict[str, list[tuple[dt.date, dt.date, Row]]] = defaultdict(list)
    for row in rows:
        start, end = row.field(2), row.field(3)
        a, b = _day(start), _day(end)
        if (start and a is None) or (end and b is None):
            problems.append(_row_problem(row, "bad date (want YYYY-MM-DD)"))
            continue
        if a and b and b < a:
            problems.append(_row_problem(row, "end date before start date"))
            continue
        spans[" ".join(phrase_words(row.fields[0])).casefold()].append(
            (a or dt.date.min, b or dt.date.max, row))
    for entries in spans.values():
        for i, (a1, b1, r1) in enumerate(entries):
            for a2, b2, r2 in entries[:i]:
                if a1 <= b2 and a2 <= b1 and r1.fields[1] != r2.fields[1]:
                    problems.append(_row_problem(
                        r1, f"{r1.fields[0]!r} is {r1.fields[1]} from {r1.field(2) or 'always'} "
                        f"to {r1.field(3) or 'now'}, overlapping {r2.fields[1]} at "
                        f"{_label(r2.path)}:{r2.line}", "warning"))
    return problems


def _check_events(loaded: _Loaded) -> list[Problem]:
    from peristiwa.lexicon import AGENT_KINDS, FRAMES

    merged = loaded.merged
    problems: list[Problem] = []
    cameo = {r.fields[0] for r in merged["cameo.tsv"]}
    for row in merged["verbs.tsv"]:
        if row.fields[1] not in cameo:
            problems.append(_row_problem(row, f"CAMEO event code {row.fields[1]!r} does not "
                                              "exist (see cameo.tsv)"))
        if row.fields[2] not in FRAMES:
            problems.append(_row_problem(row, f"frame must be one of {sorted(FRAMES)}"))
    countries, agents = _known_codes(loaded)
    for row in merged["agents.tsv"]:
        if row.fields[1] not in agents:
            problems.append(_row_problem(row, f"unknown agent code {row.fields[1]!r}"))
        if row.fields[2] not in AGENT_KINDS:
            problems.append(_row_problem(row, f"kind must be person or group: {row.fields[2]!r}"))
    for row in merged["places.tsv"]:
        if row.fields[1] not in countries:
            problems.append(_row_problem(row, f"unknown country code {row.fields[1]!r}"))
    return problems


def check(user_dir: str | Path | None = None) -> list[Problem]:
    """Every problem in the built-in data files and a user's directory, errors first."""
    try:
        files = DataFiles(user_dir)
    except DictionaryError as exc:
        return [Problem("error", _label(exc.path), exc.line, exc.reason)]
    loaded = _load(files)
    problems = [Problem("error", name, None, "built-in data file missing")
                for name in FILE_SPECS if not files.builtin_path(name).exists()]
    problems += loaded.problems
    problems += _check_actors(loaded)
    problems += _check_events(loaded)
    if not any(p.severity == "error" for p in problems):
        # the coder's own loader checks what is left (pronouns, modes, grammar, time, noise)
        from peristiwa.lexicon import _build

        try:
            _build(DataFiles(user_dir))
        except DictionaryError as exc:
            problems.append(Problem("error", _label(exc.path), exc.line, exc.reason))
        except ValueError as exc:  # a loader that does not say where (e.g. a bad pattern)
            problems.append(Problem("error", str(user_dir or "built-in data"), None, str(exc)))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    seen: set[tuple[str, int | None, str]] = set()
    out = []
    for p in problems:
        if (p.path, p.line, p.message) not in seen:
            seen.add((p.path, p.line, p.message))
            out.append(p)
    return sorted(out, key=lambda p: order[p.severity])


def _norms(text: str) -> list[str]:
    return [t.norm for t in tokenize(text) if t.text != GAP]


def _contains(hay: list[str], needle: list[tuple[str, str]]) -> bool:
    """Whole-word match; a searched word may carry a clitic ("kunjungannya")."""
    n = len(needle)
    return any(all(h in w for h, w in zip(hay[i:i + n], needle, strict=True))
               for i in range(len(hay) - n + 1))


def find(word: str, user_dir: str | Path | None = None) -> list[Hit]:
    """Every entry whose phrase contains ``word`` as whole words, or a column equal to it."""
    needle = [(w, strip_clitic(w)) for w in _norms(word)]
    if not needle:
        return []
    exact = word.strip().casefold()
    loaded = _load(DataFiles(user_dir), notes=False)
    hits: list[Hit] = []
    for name, sources in loaded.raw.items():
        active = {(r.path, r.line) for r in loaded.merged[name]}
        for _path, rows in sources:
            for row in rows:
                phrase = row.fields[0].lstrip("-") if len(row.fields[0]) > 1 else row.fields[0]
                if _contains(_norms(phrase), needle) or any(
                        f.casefold() == exact for f in row.fields[1:]):
                    hits.append(Hit(name, _label(row.path), row.line, row.fields, row.comment,
                                    (row.path, row.line) in active))
    return hits
