"""What the API and the pages share: the store (one read snapshot per request), the article analysis behind
`POST /api/extract` and the paste page, and the small argument helpers both kinds of route use."""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request

from khabar.errors import KhabarError
from khabar.store import Filters, connect, refresh_derived
from khabar.web import reads
from khabar.web.errors import ApiError
from khabar.web.limits import MAX_RESULTS, MAX_SECONDS, SHOWN_ID


@dataclass(frozen=True)
class Store:
    """The corpus the app serves (None: no store, only the extract API and the paste page work)."""
    path: Path | None
    read_only: bool = True

    def refresh(self) -> None:
        """Corpus speakers and quotation groups, brought up to date once when the app is created."""
        if self.path is None:
            return
        conn = connect(self.path, create=not self.read_only)
        try:
            refresh_derived(conn)
        finally:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        if self.path is None:
            raise ApiError(404, "no corpus store is open (start with `khabar serve --db FILE`)")
        return reads.connect_read_only(self.path) if self.read_only else connect(self.path, create=False)

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection holding one read snapshot of the store for the whole request. Opened in the route
        itself, not by a dependency with `yield`: a sync one costs two more trips through the thread pool
        per request, which under many concurrent clients queue behind every other request."""
        conn = self._connect()
        try:
            conn.execute("BEGIN")
            yield conn
        finally:
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            finally:
                conn.close()


async def get_store(request: Request) -> Store:
    """Async and without `yield`, so resolving it costs no trip through the thread pool."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def filters(speaker: str | None, entity: str | None, kind: str | None, since: str | None,
            until: str | None, source: str | None, statement_type: str | None = None,
            gender: str | None = None, min_confidence: float | None = None, mentions: str | None = None) -> Filters:
    return Filters(speaker=speaker or None, entity=entity or None, kind=kind or None, since=since or None,
                   until=until or None, source=source or None, statement_type=statement_type or None,
                   gender=gender or None, min_confidence=min_confidence, mentions=mentions or None)


def page_bounds(page: int, page_size: int) -> tuple[int, int]:
    if page * page_size > MAX_RESULTS:
        raise ApiError(400, f"page * page_size may not exceed {MAX_RESULTS}; narrow the query")
    return (page - 1) * page_size, page * page_size


def shown(ident: str) -> str:
    return repr(ident if len(ident) <= SHOWN_ID else ident[:SHOWN_ID] + "…")


def _check_article(text: str | None, html: str | None) -> None:
    if (text is None) == (html is None):
        raise ApiError(422, "give exactly one of 'text' or 'html'")
    if not (text or html or "").strip():
        raise ApiError(422, "the article is empty")


def analyse(text: str | None, html: str | None, ident: str | None = None,
            max_seconds: float = MAX_SECONDS) -> dict[str, Any]:
    """The article analysed within `max_seconds` (the pipeline checks its budget inside every long loop, so
    a pathological article costs the worker that long and answers 422 naming the budget)."""
    from khabar.pipeline import Options, extract

    _check_article(text, html)
    try:
        return extract(text, html=html, id=ident, options=Options(max_seconds=max_seconds)).to_dict()
    except KhabarError as exc:
        raise ApiError(422, str(exc)) from None


def tag(text: str | None, html: str | None, ident: str | None = None, *, every: bool = False,
        max: int | None = None, inside_quotes: bool = False, style: str | None = None,
        max_seconds: float = MAX_SECONDS) -> dict[str, Any]:
    """The article with hashtags written in (`khabar.hashtagging`); `style` is a style file's text."""
    from khabar.hashtagging import HashtagOptions, hashtag_record, parse_style
    from khabar.pipeline import Options

    _check_article(text, html)
    try:
        options = HashtagOptions(every=every, max=max, inside_quotes=inside_quotes,
                                 style=parse_style(style, "style") if style else None)
        return hashtag_record({"id": ident, "text": text, "html": html}, options,
                              Options(max_seconds=max_seconds))
    except KhabarError as exc:
        raise ApiError(422, str(exc)) from None
