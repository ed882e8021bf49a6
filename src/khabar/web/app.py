"""The web app: a JSON API and server-rendered pages over a corpus store (`khabar.store`) and the library's
pipeline (`khabar.pipeline.extract`). No JavaScript is needed; pages are right-to-left Arabic.

Every API error has one shape, `{"error": {"code": <HTTP status>, "message": <text>}}`; pages show the same
code and message as HTML. Article text is untrusted: templates autoescape it, bidi controls are shown inert.
The store is opened read-only (SQLite `mode=ro`) unless `read_only=False`; corpus speakers and quotation
groups are refreshed once when the app is created. Each request reads one snapshot of the store (a read
transaction), so an ingest running meanwhile is seen whole or not at all; speakers derived before it may be
slightly stale (its new quotations are not attributed yet) until the next `khabar ingest` refresh or restart.
"""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from khabar.errors import KhabarError, QuerySyntaxError, StoreError
from khabar.fields import flatten, shown_fields
from khabar.store import Filters, connect, refresh_derived, search_articles, search_quotes
from khabar.store.speakers import list_speakers
from khabar.web import reads
from khabar.web.render import article_spans, plain, segments, show, timeline

HERE = Path(__file__).resolve().parent
MAX_BODY = 1_000_000          # bytes of a request body (POST /api/extract, the paste form)
MAX_PAGE_SIZE = 100
MAX_RESULTS = 10_000          # page * page_size: pagination stops there
MAX_QUERY = 500               # characters of a search query or a filter value
MAX_ROW_ID = 2**63 - 1        # SQLite's largest integer: no row id is larger (and Python cannot bind one)
SHOWN_ID = 200                # characters of an unknown article id repeated in a 404 message
DATE = r"^\d{4}-\d{2}-\d{2}$"
CSP = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'"


class ExtractIn(BaseModel):
    text: str | None = None
    html: str | None = None
    id: str | None = None


class ErrorDetail(BaseModel):
    code: int
    message: str


class ErrorOut(BaseModel):
    """The one shape of every error response."""
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": what} for code, what in (
        (400, "a search query that cannot be parsed, or a page beyond the paginated results"),
        (404, "no such item, or no store is open"),
        (413, f"request body larger than {MAX_BODY} bytes"),
        (422, "invalid parameters or body"),
        (500, "internal error"),
        (503, "the store is busy or unavailable; try again"),
    )
}


class ApiError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _error_body(code: int, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _analyse(text: str | None, html: str | None, ident: str | None = None) -> dict[str, Any]:
    from khabar.pipeline import extract

    if (text is None) == (html is None):
        raise ApiError(422, "give exactly one of 'text' or 'html'")
    if not (text or html or "").strip():
        raise ApiError(422, "the article is empty")
    try:
        return extract(text, html=html, id=ident).to_dict()
    except KhabarError as exc:
        raise ApiError(422, str(exc)) from None


def _boilerplate(text: str) -> list[dict[str, Any]]:
    """The boilerplate layer of a stored article (the store keeps quotations and entities, not this):
    recomputed by the text stages alone, which are fast and deterministic."""
    from khabar.pipeline import Options, extract

    return extract(text, options=Options(entities=False, quotes=False)).to_dict().get("boilerplate") or []


def create_app(db_path: str | Path | None, read_only: bool = True) -> FastAPI:
    """The app over the store at `db_path` (None: only the extract API and the paste page work)."""
    app = FastAPI(title="khabar", description="Who said what in Arabic news: the corpus API.", version="0.1.0",
                  responses=ERRORS)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["t"] = show
    templates.env.filters["plain"] = plain
    templates.env.globals["quote_details"] = [f for f in shown_fields() if f.origin == "quote"]
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.state.db_path = Path(db_path) if db_path is not None else None
    app.state.read_only = read_only

    if app.state.db_path is not None:
        conn = connect(app.state.db_path, create=not read_only)
        try:
            refresh_derived(conn)
        finally:
            conn.close()

    def _conn() -> sqlite3.Connection:
        if app.state.db_path is None:
            raise ApiError(404, "no corpus store is open (start with `khabar serve --db FILE`)")
        return reads.connect_read_only(app.state.db_path) if read_only else connect(app.state.db_path, create=False)

    @contextlib.contextmanager
    def _reading() -> Iterator[sqlite3.Connection]:
        """A connection holding one read snapshot of the store for the whole request. Opened in the route
        itself, not as a dependency: a sync dependency with `yield` costs two more trips through the thread
        pool per request, which under many concurrent clients queue behind every other request."""
        conn = _conn()
        try:
            conn.execute("BEGIN")
            yield conn
        finally:
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            finally:
                conn.close()

    # --- errors: one shape ----------------------------------------------------------------------------
    def _respond(request: Request, code: int, message: str) -> Any:
        if request.url.path.startswith("/api") or request.url.path.startswith("/openapi"):
            return JSONResponse(_error_body(code, message), status_code=code)
        return templates.TemplateResponse(request, "error.html", {"code": code, "message": message},
                                          status_code=code)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Any:
        return _respond(request, exc.code, exc.message)

    @app.exception_handler(QuerySyntaxError)
    async def _query_error(request: Request, exc: QuerySyntaxError) -> Any:
        return _respond(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> Any:
        return _respond(request, 503, str(exc))  # the store went away or cannot be opened: not the request's fault

    @app.exception_handler(sqlite3.OperationalError)
    async def _sqlite_error(request: Request, exc: sqlite3.OperationalError) -> Any:
        # a writer held the store longer than the timeout, or no file descriptor was left to open it
        if any(word in str(exc) for word in ("locked", "busy", "unable to open")):
            return _respond(request, 503, "the store is busy or unavailable; try again in a moment")
        return _respond(request, 500, "internal error")

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Any:
        return _respond(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Any:
        return _respond(request, 422, _validation_message(exc))

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, exc: Exception) -> Any:
        return _respond(request, 500, "internal error")

    @app.middleware("http")
    async def _limits_and_headers(request: Request, call_next: Any) -> Any:
        if request.method in ("POST", "PUT", "PATCH"):
            length = request.headers.get("content-length")
            too_big = length is not None and (not length.isdigit() or int(length) > MAX_BODY)
            if not too_big and length is None:  # chunked: read at most MAX_BODY + 1 bytes, keep them for the route
                chunks, size = [], 0
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > MAX_BODY:
                        too_big = True
                        break
                    chunks.append(chunk)
                else:
                    request._body = b"".join(chunks)  # what starlette's request.body() caches and replays
            if too_big:
                msg = f"request body larger than {MAX_BODY} bytes"
                if request.url.path.startswith("/api"):
                    return JSONResponse(_error_body(413, msg), status_code=413)
                return templates.TemplateResponse(request, "error.html", {"code": 413, "message": msg},
                                                  status_code=413)
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.headers.get("content-type", "").startswith("text/html") and not request.url.path.startswith("/docs"):
            response.headers["Content-Security-Policy"] = CSP
        return response

    # --- API --------------------------------------------------------------------------------------------
    def _filters(speaker: str | None, entity: str | None, kind: str | None, since: str | None,
                 until: str | None, source: str | None) -> Filters:
        return Filters(speaker=speaker or None, entity=entity or None, kind=kind or None, since=since or None,
                       until=until or None, source=source or None)

    def _page(page: int, page_size: int) -> tuple[int, int]:
        if page * page_size > MAX_RESULTS:
            raise ApiError(400, f"page * page_size may not exceed {MAX_RESULTS}; narrow the query")
        return (page - 1) * page_size, page * page_size

    @app.post("/api/extract", summary="analyse one article (text or HTML); nothing is stored")
    def api_extract(body: ExtractIn) -> dict[str, Any]:
        return _analyse(body.text, body.html, body.id)

    @app.get("/api/quotes", summary="quotations: full-text q and filters, paginated")
    def api_quotes(q: str = Query("", max_length=MAX_QUERY), speaker: str | None = Query(None, max_length=MAX_QUERY),
                   entity: str | None = Query(None, max_length=MAX_QUERY),
                   kind: Literal["direct", "indirect", "mixed"] | None = None,
                   since: str | None = Query(None, pattern=DATE), until: str | None = Query(None, pattern=DATE),
                   source: str | None = Query(None, max_length=MAX_QUERY), page: int = Query(1, ge=1),
                   page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE)) -> dict[str, Any]:
        lo, hi = _page(page, page_size)
        with _reading() as conn:
            rows = search_quotes(conn, q, _filters(speaker, entity, kind, since, until, source), limit=hi + 1)
        return {"page": page, "page_size": page_size, "has_more": len(rows) > hi, "results": rows[lo:hi]}

    @app.get("/api/search", summary="quotations and articles matching a full-text query")
    def api_search(q: str = Query(..., min_length=1, max_length=MAX_QUERY),
                   page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE)) -> dict[str, Any]:
        with _reading() as conn:
            return {"q": q, "quotes": search_quotes(conn, q, limit=page_size),
                    "articles": search_articles(conn, q, limit=page_size)}

    @app.get("/api/speakers", summary="corpus speakers, most quoted first")
    def api_speakers(type: str | None = Query(None, max_length=MAX_QUERY), page: int = Query(1, ge=1),
                     page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE)) -> dict[str, Any]:
        lo, hi = _page(page, page_size)
        with _reading() as conn:
            rows = list_speakers(conn, limit=hi + 1, type_=type)
        return {"page": page, "page_size": page_size, "has_more": len(rows) > hi, "results": rows[lo:hi]}

    @app.get("/api/speakers/{speaker_id}", summary="one speaker: names, roles, quotations")
    def api_speaker(speaker_id: int = PathParam(ge=1, le=MAX_ROW_ID)) -> dict[str, Any]:
        with _reading() as conn:
            found = reads.get_speaker(conn, speaker_id)
        if found is None:
            raise ApiError(404, f"no speaker {speaker_id}")
        return found

    @app.get("/api/entities", summary="entities by the number of articles mentioning them")
    def api_entities(type: str | None = Query(None, max_length=MAX_QUERY), page: int = Query(1, ge=1),
                     page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE)) -> dict[str, Any]:
        lo, hi = _page(page, page_size)
        with _reading() as conn:
            rows = reads.list_entities(conn, page_size, lo, type)
        return {"page": page, "page_size": page_size, "results": rows}

    @app.get("/api/quotes/{quote_id}", summary="one quotation and every outlet that carried it (source first)")
    def api_quote(quote_id: int = PathParam(ge=1, le=MAX_ROW_ID)) -> dict[str, Any]:
        with _reading() as conn:
            found = reads.get_quote(conn, quote_id)
        if found is None:
            raise ApiError(404, f"no quotation {quote_id}")
        return found

    @app.get("/api/articles/{article_id:path}", summary="one stored article with its quotations and entities")
    def api_article(article_id: str) -> dict[str, Any]:
        with _reading() as conn:
            found = reads.get_article(conn, article_id)
        if found is None:
            raise ApiError(404, f"no article {_shown(article_id)}")
        return found

    def _shown(ident: str) -> str:
        return repr(ident if len(ident) <= SHOWN_ID else ident[:SHOWN_ID] + "…")

    # --- pages ------------------------------------------------------------------------------------------
    def page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, ctx)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, q: str = Query("", max_length=MAX_QUERY),
             speaker: str | None = Query(None, max_length=MAX_QUERY),
             kind: Literal["", "direct", "indirect", "mixed"] | None = None,
             source: str | None = Query(None, max_length=MAX_QUERY)) -> Any:
        if app.state.db_path is None:
            return page(request, "search.html", q=q, quotes=[], articles=[], speakers=[], counts=None, error=None)
        with _reading() as conn:
            error, quotes, articles = None, [], []
            try:
                quotes = search_quotes(conn, q, _filters(speaker, None, kind, None, None, source), limit=50)
                articles = search_articles(conn, q, limit=20) if q.strip() else []
            except QuerySyntaxError as exc:
                error = str(exc)
            for item in quotes:
                item["segments"] = segments(item["text"], [{"start": s, "end": e, "cls": "hit"}
                                                           for s, e in item["highlights"]])
            for item in articles:
                item["segments"] = segments(item["snippet"], [{"start": s, "end": e, "cls": "hit"}
                                                              for s, e in item["highlights"]])
            speakers = [] if q.strip() else list_speakers(conn, limit=12)
            ctx = dict(q=q, quotes=quotes, articles=articles, speakers=speakers, counts=reads.counts(conn),
                       error=error)
        return templates.TemplateResponse(request, "search.html", ctx, status_code=400 if error else 200)

    @app.get("/speakers/{speaker_id}", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(request: Request, speaker_id: int = PathParam(ge=1, le=MAX_ROW_ID)) -> Any:
        with _reading() as conn:
            found = reads.get_speaker(conn, speaker_id)
        if found is None:
            raise ApiError(404, f"no speaker {speaker_id}")
        return page(request, "speaker.html", s=found, timeline=timeline(found["quotes"]))

    @app.get("/quotes/{quote_id}", response_class=HTMLResponse, include_in_schema=False)
    def quote_page(request: Request, quote_id: int = PathParam(ge=1, le=MAX_ROW_ID)) -> Any:
        with _reading() as conn:
            found = reads.get_quote(conn, quote_id)
        if found is None:
            raise ApiError(404, f"no quotation {quote_id}")
        return page(request, "quote.html", **found)

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> Any:
        with _reading() as conn:
            found = reads.get_article(conn, article_id)
        if found is None:
            raise ApiError(404, f"no article {_shown(article_id)}")
        spans = article_spans(found["text"], found["quotes"], found["entities"], _boilerplate(found["text"]))
        return page(request, "article.html", a=found, segments=segments(found["text"], spans))

    @app.get("/paste", response_class=HTMLResponse, include_in_schema=False)
    def paste_form(request: Request) -> Any:
        return page(request, "paste.html", text="", result=None, segments=None)

    @app.post("/paste", response_class=HTMLResponse, include_in_schema=False)
    def paste_submit(request: Request, text: str = Form(""), is_html: bool = Form(False)) -> Any:
        if not text.strip():
            raise ApiError(422, "paste an article first")
        result = _analyse(None, text) if is_html else _analyse(text, None)
        result["quotes"] = [flatten(q) for q in result["quotes"]]  # the one flat shape every page reads
        spans = article_spans(result["text"], result["quotes"], result["entities"], result["boilerplate"],
                              linked=False)
        return page(request, "paste.html", text=text, result=result, segments=segments(result["text"], spans))

    return app


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


__all__ = ["MAX_BODY", "MAX_PAGE_SIZE", "create_app", "is_loopback"]
