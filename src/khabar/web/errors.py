"""The one error shape, `{"error": {"code": <HTTP status>, "message": <text>}}`, and the handlers that turn
every failure into it: JSON under /api (and /openapi), the same code and message as an HTML page elsewhere."""
from __future__ import annotations

import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from khabar.errors import ParameterError, QuerySyntaxError, StoreError
from khabar.web.limits import MAX_BODY


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
        (422, "invalid parameters or body, or an article over the time budget (`khabar serve --max-seconds`)"),
        (500, "internal error"),
        (503, "the store is busy or unavailable; try again"),
    )
}


class ApiError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def json_error(code: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=code)


def html_error(request: Request, code: int, message: str) -> Any:
    return request.app.state.templates.TemplateResponse(request, "error.html", {"code": code, "message": message},
                                                        status_code=code)


def respond(request: Request, code: int, message: str) -> Any:
    if request.url.path.startswith("/api") or request.url.path.startswith("/openapi"):
        return json_error(code, message)
    return html_error(request, code, message)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


async def _api_error(request: Request, exc: ApiError) -> Any:
    return respond(request, exc.code, exc.message)


async def _query_error(request: Request, exc: QuerySyntaxError) -> Any:
    return respond(request, 400, str(exc))


async def _parameter_error(request: Request, exc: ParameterError) -> Any:
    return respond(request, 422, str(exc))  # a date not on the calendar, a type no speaker has


async def _store_error(request: Request, exc: StoreError) -> Any:
    return respond(request, 503, str(exc))  # the store went away or cannot be opened: not the request's fault


async def _sqlite_error(request: Request, exc: sqlite3.OperationalError) -> Any:
    # a writer held the store longer than the timeout, or no file descriptor was left to open it
    if any(word in str(exc) for word in ("locked", "busy", "unable to open")):
        return respond(request, 503, "the store is busy or unavailable; try again in a moment")
    return respond(request, 500, "internal error")


async def _http_error(request: Request, exc: HTTPException) -> Any:
    return respond(request, exc.status_code, str(exc.detail))


async def _validation_error(request: Request, exc: RequestValidationError) -> Any:
    return respond(request, 422, _validation_message(exc))


async def _internal_error(request: Request, exc: Exception) -> Any:
    return respond(request, 500, "internal error")


def register(app: FastAPI) -> None:
    """Every exception a request can raise, from the most specific to `Exception`, mapped to one response."""
    for exc_type, handler in ((ApiError, _api_error), (QuerySyntaxError, _query_error),
                              (ParameterError, _parameter_error), (StoreError, _store_error),
                              (sqlite3.OperationalError, _sqlite_error), (HTTPException, _http_error),
                              (RequestValidationError, _validation_error), (Exception, _internal_error)):
        app.add_exception_handler(exc_type, handler)
