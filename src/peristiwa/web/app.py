"""The ASGI app: every page as HTML, its JSON twin under /api, CSV tables, static files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from peristiwa.store.db import Store, StoreError
from peristiwa.store.query import QueryError
from peristiwa.web.evidence import segments
from peristiwa.web.openapi import openapi_schema
from peristiwa.web.pages import PAGES, Ctx, Page
from peristiwa.web.params import BadRequest, NotFound, Params, check_actor, check_country
from peristiwa.web.vocab import QUAD_NAMES, Vocabulary, load_vocabulary

__all__ = ["create_app", "STATIC_DIR", "TEMPLATE_DIR"]

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATE_DIR = HERE / "templates"
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class _SecurityHeaders:
    """Add a strict content-security policy (only our own scripts and styles) to answers."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", _CSP.encode()),
                            (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, wrapped)


def _json_default(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bytes):
        return None
    return str(v)


def _clean(v: Any) -> Any:
    """NaN and infinity are not JSON: send null."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_clean(x) for x in v]
    return v


def json_response(content: Any, status: int = 200) -> Response:
    """A JSON answer (dates as ISO text, NaN as null)."""
    body = json.dumps(_clean(content), ensure_ascii=False, default=_json_default,
                      allow_nan=False, separators=(",", ":"))
    return Response(body, status, media_type="application/json")


def _url(path: str, args: dict[str, Any] | None = None, **more: Any) -> str:
    """A path with a query string from ``args`` updated by ``more`` (None drops a key)."""
    merged = {**(args or {}), **more}
    query = urlencode({k: v for k, v in merged.items() if v is not None and v != ""})
    return f"{path}?{query}" if query else path


def _count(n: int | None, one: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles``, ``3 stories``."""
    n = n or 0
    return f"{n} {one if n == 1 else many or one + 's'}"


def _templates(vocab: Vocabulary) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
    env = templates.env
    env.autoescape = True
    env.globals.update(url=_url, count=_count, quad_names=QUAD_NAMES, cameo_name=vocab.cameo_name,
                       actor_label=vocab.actor_label, segments=segments,
                       outlets=sorted(vocab.outlets.values()))
    return templates


class _Server:
    """The app's state: the shared store, its vocabulary and the templates."""

    def __init__(self, store: Store, vocab: Vocabulary):
        self.store = store
        self.vocab = vocab
        self.templates = _templates(vocab)

    @contextmanager
    def view(self) -> Iterator[Store]:
        """A per-request store on its own cursor: DuckDB connections are not thread-safe."""
        cur = self.store.con.cursor()
        try:
            yield Store(self.store.path, cur, True)
        finally:
            cur.close()

    def error(self, request: Request, status: int, message: str) -> Response:
        """A 4xx/5xx answer: JSON under /api, an HTML page elsewhere; never a traceback."""
        if request.url.path.startswith("/api"):
            return json_response({"error": message, "status": status}, status)
        return self.templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message, "page": None},
            status_code=status)

    def guarded(self, request: Request, fn: Callable[[], Response]) -> Response:
        """Run a handler; turn every failure into a clear 400, 404 or 500 answer."""
        try:
            return fn()
        except (BadRequest, QueryError) as exc:
            return self.error(request, 400, str(exc))
        except NotFound as exc:
            return self.error(request, 404, str(exc))
        except (duckdb.Error, StoreError):
            log.exception("database error on %s", request.url.path)
            return self.error(request, 500, "database error (see the server log)")
        except Exception:
            log.exception("error on %s", request.url.path)
            return self.error(request, 500, "internal error (see the server log)")

    def _ctx(self, request: Request, store: Store, page: Page, extra: tuple[str, ...] = ()
             ) -> Ctx:
        params = Params(request.query_params, page.params + extra)
        return Ctx(store, self.vocab, params, dict(request.path_params))

    def html(self, page: Page) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            def run() -> Response:
                with self.view() as store:
                    ctx = self._ctx(request, store, page)
                    data = page.load(ctx)
                args = {k: v for k, v in request.query_params.items() if v}
                api = page.api if page.path == "/" else "/api" + request.url.path
                context = {"page": page, "data": data, "args": args, "api": api,
                           "path": request.url.path}
                return self.templates.TemplateResponse(request, page.template, context)
            return self.guarded(request, run)
        return endpoint

    def api(self, page: Page) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            def run() -> Response:
                with self.view() as store:
                    return json_response(page.load(self._ctx(request, store, page)))
            return self.guarded(request, run)
        return endpoint

    def csv(self, page: Page) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            def run() -> Response:
                cur = self.store.con.cursor()
                try:
                    store = Store(self.store.path, cur, True)
                    extra = ("table",) if page.tables else ()
                    table = page.csv(self._ctx(request, store, page, extra))
                    rows = iter(table.rows)
                    first = next(rows, None)  # errors in the query surface before streaming
                except BaseException:
                    cur.close()
                    raise
                headers = {"content-disposition": f'attachment; filename="{table.filename}"'}
                return StreamingResponse(_csv_chunks(table.columns, first, rows, cur),
                                         media_type="text/csv; charset=utf-8", headers=headers)
            return self.guarded(request, run)
        return endpoint


def _csv_chunks(columns: list[str], first: dict[str, Any] | None, rows: Iterator[dict],
                cur: duckdb.DuckDBPyConnection) -> Iterator[str]:
    """CSV text in chunks of a few hundred rows; closes the request's cursor at the end."""
    try:
        buf = io.StringIO()
        w = csv.DictWriter(buf, columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        if first is not None:
            w.writerow(first)
        n = 0
        for row in rows:
            w.writerow(row)
            n += 1
            if n % 500 == 0:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()
    except Exception:
        log.exception("CSV export failed midway")
        raise
    finally:
        cur.close()


def _routes(srv: _Server) -> list[Route | Mount]:
    routes: list[Route | Mount] = [
        Route("/api/openapi.json", lambda r: json_response(openapi_schema()), methods=["GET"]),
        Route("/api", lambda r: srv.templates.TemplateResponse(
            r, "api.html", {"pages": PAGES, "page": None}), methods=["GET"]),
        Route("/dyad", lambda r: srv.guarded(r, lambda: _go_dyad(srv, r)), methods=["GET"]),
        Route("/actor", lambda r: srv.guarded(r, lambda: _go_actor(srv, r)), methods=["GET"]),
    ]
    for page in PAGES:
        if page.csv is not None:
            routes.append(Route(page.api + ".csv", srv.csv(page), methods=["GET"]))
        routes.append(Route(page.api, srv.api(page), methods=["GET"]))
        routes.append(Route(page.path, srv.html(page), methods=["GET"]))
    routes.append(Mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static"))
    return routes


def _go_dyad(srv: _Server, request: Request) -> Response:
    """The dyad form: check both countries, then go to the dyad's page."""
    p = Params(request.query_params, ("a", "b"))
    a = check_country(p.text("a", 3) or "", srv.vocab, "a")
    b = check_country(p.text("b", 3) or "", srv.vocab, "b")
    return RedirectResponse(f"/dyad/{a}/{b}", status_code=303)


def _go_actor(srv: _Server, request: Request) -> Response:
    """The actor form: a code goes to its page, a name to the events naming it."""
    p = Params(request.query_params, ("code",))
    value = check_actor(p.text("code", 100) or "", srv.vocab, "code")
    if value.isalnum() and value.upper() == value and srv.vocab.known_actor(value):
        return RedirectResponse(f"/actor/{value}", status_code=303)
    return RedirectResponse(_url("/events", actor=value), status_code=303)


def create_app(store: Store, *, allowed_hosts: list[str] | None = None,
               vocab: Vocabulary | None = None) -> Starlette:
    """The dashboard over an open store (open it read-only; the app never writes)."""
    srv = _Server(store, vocab or load_vocabulary(store))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = {404: "no such page", 405: "method not allowed"}.get(
            exc.status_code, str(exc.detail))
        return srv.error(request, exc.status_code, message)

    middleware = [Middleware(_SecurityHeaders)]
    if allowed_hosts:
        # A server on 127.0.0.1 answers only to its own names, so a web page elsewhere
        # cannot read it through DNS rebinding.
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    app = Starlette(routes=_routes(srv), middleware=middleware,
                    exception_handlers={HTTPException: http_error})
    app.state.server = srv
    return app
