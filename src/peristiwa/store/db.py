"""Open, validate, lock and migrate a store file."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from peristiwa.store.schema import APP, META_TABLE, MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "DEFAULT_DB",
    "Store",
    "StoreError",
    "StoreLocked",
    "NotAStore",
    "open_store",
]

log = logging.getLogger(__name__)

DEFAULT_DB = "peristiwa.duckdb"
_MAGIC = b"DUCK"  # DuckDB files carry it at byte 8, after the header checksum


class StoreError(Exception):
    """A store that cannot be used: missing, not ours, corrupt, locked, or too new."""


class StoreLocked(StoreError):
    """Another process holds the database file."""


class NotAStore(StoreError):
    """The file is not a peristiwa database; it is left untouched."""


class Store:
    """An open store: a DuckDB connection plus the file it came from."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection, read_only: bool):
        self.path = path
        self.con = con
        self.read_only = read_only

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (DuckDB checkpoints and releases the file lock)."""
        self.con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block as one transaction: all of it is committed, or none."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    @property
    def version(self) -> int:
        return _version(self.con) or 0

    @property
    def pending(self) -> int:
        """Dyad blocks whose clusters wait to be recomputed (a run was interrupted)."""
        return self.count("dirty_blocks")

    def count(self, table: str) -> int:
        """Row count of one of the store's own tables."""
        if table not in _TABLES:
            raise ValueError(f"unknown table {table!r}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]

    def insert_arrow(self, table: str, data: pa.Table) -> None:
        """Insert an Arrow table into a store table by column name, in one statement."""
        if table not in _TABLES:
            raise ValueError(f"unknown table {table!r}")
        if data.num_rows == 0:
            return
        self.con.register("_peristiwa_batch", data)
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _peristiwa_batch")
        finally:
            self.con.unregister("_peristiwa_batch")


_TABLES = {
    META_TABLE, "articles", "article_copies", "events", "article_bands", "clusters",
    "cluster_members", "dirty_blocks",
}


def open_store(path: str | Path = DEFAULT_DB, *, read_only: bool = False,
               create: bool = True, upgrade: bool = True) -> Store:
    """Open (or create) a store; upgrade an older schema; refuse files that are not ours.

    Opened read-only, an older store is still upgraded first, unless ``upgrade`` is False:
    then it is refused with the command that upgrades it (the dashboard never writes).
    """
    p = Path(path)
    existed = p.exists()
    if existed:
        _check_header(p)
    elif read_only or not create:
        raise StoreError(f"{p}: no such database (create one with: peristiwa ingest --db {p})")
    if existed and not read_only:
        # Look before writing: a file that is not ours must not be touched at all.
        probe = _connect(p, read_only=True)
        try:
            _inspect(p, probe)
        finally:
            probe.close()
    con = _connect(p, read_only)
    try:
        version = _inspect(p, con)
        if version < SCHEMA_VERSION and read_only and not upgrade:
            raise StoreError(f"{p}: made by an older peristiwa (schema v{version}; this one "
                             f"uses v{SCHEMA_VERSION}); upgrade it first with: peristiwa "
                             f"ingest --db {p}")
        if version < SCHEMA_VERSION and read_only:
            con.close()
            log.info("%s: upgrading schema v%d to v%d", p, version, SCHEMA_VERSION)
            open_store(p).close()
            con = _connect(p, read_only=True)
        elif version < SCHEMA_VERSION:
            _migrate(p, con, version)
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"{p}: cannot read the database (corrupt?): {_first_line(exc)}") from exc
    except BaseException:
        con.close()
        raise
    return Store(p, con, read_only)


def _check_header(p: Path) -> None:
    if not p.is_file():
        raise NotAStore(f"{p}: not a file")
    with open(p, "rb") as f:
        head = f.read(12)
    if len(head) < 12 or head[8:12] != _MAGIC:
        raise NotAStore(f"{p}: not a DuckDB database file; refusing to touch it")


def _connect(p: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(p), read_only=read_only)
    except duckdb.Error as exc:
        msg = str(exc)
        # DuckDB: 'Could not set lock on file ...: Conflicting lock is held in ... (PID n)'
        # (and not "checksum ... in block at location ...": a corrupt file)
        if re.search(r"could not set lock|conflicting lock", msg, re.IGNORECASE):
            pid = re.search(r"PID (\d+)", msg)
            who = f" (pid {pid.group(1)})" if pid else ""
            raise StoreLocked(
                f"{p}: database is locked by another peristiwa process{who}; "
                "wait for it to finish and try again"
            ) from exc
        if "not a valid DuckDB database" in msg:
            raise NotAStore(f"{p}: not a DuckDB database file; refusing to touch it") from exc
        raise StoreError(f"{p}: cannot open the database (corrupt?): {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _version(con: duckdb.DuckDBPyConnection) -> int | None:
    # fetchall, not fetchone: DuckDB 2 keeps a half-read result busy on the connection
    rows = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else None


def _inspect(p: Path, con: duckdb.DuckDBPyConnection) -> int:
    """Return the schema version (0 for an empty database); raise if the file is not ours."""
    try:
        names = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_catalog = current_database()").fetchall()}
        if META_TABLE not in names:
            if names:
                raise NotAStore(f"{p}: a DuckDB database, but not a peristiwa store "
                                f"(it has tables {', '.join(sorted(names)[:5])}); "
                                "refusing to touch it")
            return 0
        app = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'app'").fetchall()
        if not app or app[0][0] != APP:
            raise NotAStore(f"{p}: a DuckDB database made by another program; refusing to "
                            "touch it")
        version = _version(con)
    except duckdb.Error as exc:
        raise StoreError(f"{p}: cannot read the database (corrupt?): {_first_line(exc)}") from exc
    if version is None:
        raise StoreError(f"{p}: peristiwa store without a schema version (corrupt?)")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{p}: made by a newer peristiwa (schema v{version}; this one knows "
                         f"v{SCHEMA_VERSION}): upgrade peristiwa to open it")
    return version


def _migrate(p: Path, con: duckdb.DuckDBPyConnection, version: int) -> None:
    for m in MIGRATIONS:
        if m.version <= version:
            continue
        log.info("%s: schema v%d: %s", p, m.version, m.summary)
        con.execute("BEGIN TRANSACTION")
        try:
            for stmt in m.statements:
                con.execute(stmt)
            if m.data is not None:
                m.data(con)
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")
            meta = {"app": APP, "schema_version": str(m.version), "migrated_at": now,
                    "peristiwa_version": _app_version()}
            if m.version == 1:
                meta["created_at"] = now
            for k, v in meta.items():
                con.execute(f"INSERT OR REPLACE INTO {META_TABLE} VALUES (?, ?)", [k, v])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def _app_version() -> str:
    try:
        return importlib.metadata.version("peristiwa")
    except importlib.metadata.PackageNotFoundError:  # running from a source tree
        return "unknown"
