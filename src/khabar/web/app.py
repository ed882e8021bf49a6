"""The web app: a JSON API (`api`) and server-rendered pages (`pages`) over a corpus store (`khabar.store`)
and the library's pipeline (`khabar.pipeline.extract`). No JavaScript is needed; pages are right-to-left Arabic.

Every API error has one shape, `{"error": {"code": <HTTP status>, "message": <text>}}`; pages show the same
code and message as HTML (`errors`). Article text is untrusted: templates autoescape it, bidi controls are
shown inert. The store is opened read-only (SQLite `mode=ro`) unless `read_only=False`; corpus speakers and
quotation groups are refreshed once when the app is created. Each request reads one snapshot of the store (a
read transaction, `deps.Store.reading`), so an ingest running meanwhile is seen whole or not at all; speakers
derived before it may be slightly stale (its new quotations are not attributed yet) until the next
`khabar ingest` refresh or restart.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from khabar.web import api, errors, exports, pages, pages_corpus
from khabar.web.deps import Store
from khabar.web.limits import MAX_BODY, MAX_PAGE_SIZE, MAX_QUERY, MAX_RESULTS, MAX_SECONDS

HERE = Path(__file__).resolve().parent
# images may be data: URIs: the sources page's charts are inline SVG (an image cannot run script)
CSP = "default-src 'self'; img-src 'self' data:; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'"
# The API documentation pages are the only ones that run script: their own page's few inline lines and the
# shipped bundles, from this server only (so a page that reached for a CDN would fail here, not quietly work)
DOCS = ("/docs", "/docs/oauth2-redirect")
DOCS_ASSETS = "/docs-assets"
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'")


def create_app(db_path: str | Path | None, read_only: bool = True, max_seconds: float = MAX_SECONDS) -> FastAPI:
    """The app over the store at `db_path` (None: only the extract API and the paste page work);
    `max_seconds` is the time budget of one article analysed by `POST /api/extract` and `/api/hashtag`."""
    from khabar.budget import check_seconds

    # FastAPIOffline: /docs (Swagger UI) from the assets its package ships, not from a CDN. No ReDoc: its
    # bundle still fetches its logo from its maker's CDN.
    app = FastAPIOffline(title="khabar", description="Who said what in Arabic news: the corpus API.", version="0.1.0",
                         responses=errors.ERRORS, static_url=DOCS_ASSETS, redoc_url=None)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.state.templates = pages.make_templates()
    app.state.max_seconds = check_seconds(max_seconds)
    app.state.store = Store(Path(db_path) if db_path is not None else None, read_only)
    app.state.store.refresh()
    errors.register(app)
    app.middleware("http")(limits_and_headers)
    app.include_router(api.router)
    app.include_router(exports.router)
    app.include_router(pages.router)
    app.include_router(pages_corpus.router)
    return app


async def limits_and_headers(request: Request, call_next: Any) -> Any:
    """Refuses bodies over MAX_BODY before any route reads them; sets nosniff, and a CSP on HTML pages."""
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
                return errors.json_error(413, msg)
            return errors.html_error(request, 413, msg)
    response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.headers.get("content-type", "").startswith("text/html"):
        response.headers["Content-Security-Policy"] = DOCS_CSP if request.url.path in DOCS else CSP
    return response


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


__all__ = ["MAX_BODY", "MAX_PAGE_SIZE", "MAX_QUERY", "MAX_RESULTS", "create_app", "is_loopback"]
