"""The ``serve`` command: the web dashboard and JSON API over a store (registered by cli.main)."""

from __future__ import annotations

import ipaddress
import logging
import sys
from pathlib import Path

import click

__all__ = ["serve"]

log = logging.getLogger(__name__)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path),
              default="peristiwa.duckdb", show_default=True, envvar="PERISTIWA_DB",
              help="The store file (DuckDB); also $PERISTIWA_DB. Opened read-only.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback exposes the store to the "
                   "network: there is no login.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on.")
def serve(db: Path, host: str, port: int) -> None:
    """Serve a web dashboard and JSON API over the store (read-only).

    Pages: overview, events (filterable, CSV), event clusters, dyads over time, actors
    and their networks; every page's data is also at /api/... (OpenAPI at
    /api/openapi.json). Everything works offline.

    Example: peristiwa serve --db events.duckdb --port 8000
    """
    try:
        import uvicorn

        from peristiwa.web import create_app
    except ImportError as exc:
        click.echo(f"error: serve needs starlette, uvicorn and jinja2 ({exc.name} is missing): "
                   "pip install 'peristiwa[web]'", err=True)
        sys.exit(2)
    from peristiwa.store import StoreError, open_store

    try:
        store = open_store(db, read_only=True, upgrade=False)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    try:
        if store.pending:
            click.echo(f"warning: {db}: clusters of {store.pending} dyads are out of date (an "
                       f"ingest was interrupted); run: peristiwa ingest --db {db}", err=True)
        hosts = ["127.0.0.1", "localhost", "::1", "[::1]"] if _loopback(host) else None
        if not _loopback(host):
            click.echo(f"warning: listening on {host}: anyone who can reach this machine can "
                       "read the store", err=True)
        app = create_app(store, allowed_hosts=hosts)
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"serving {db} at http://{shown}:{port}/ (Ctrl-C to stop)", err=True)
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        store.close()
