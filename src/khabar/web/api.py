"""The JSON API under /api: analyse one article, and read the store's quotations, speakers, entities and
articles, paginated and bounded by `limits`. Errors take the one shape of `errors`."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from khabar.store import search_articles, search_quotes
from khabar.store.speakers import list_speakers
from khabar.web import models, reads
from khabar.web.deps import StoreDep, analyse, page_bounds, shown, tag
from khabar.web.errors import ApiError
from khabar.web.limits import MAX_PAGE_SIZE, MAX_QUERY, MAX_ROW_ID
from khabar.web.quote_params import QuoteQueryDep

router = APIRouter(prefix="/api")


class ExtractIn(BaseModel):
    # strict: a body is read as its schema says, never coerced (`"max": false` is not 0, `"every": 1` not true)
    model_config = ConfigDict(strict=True)

    text: str | None = None
    html: str | None = None
    id: str | None = None


@router.post("/extract", response_model=models.AnalysedArticle, summary="analyse one article (text or HTML); nothing is stored")
def api_extract(body: ExtractIn, request: Request) -> dict[str, Any]:
    """An article over the server's time budget (`khabar serve --max-seconds`) answers 422 naming it."""
    return analyse(body.text, body.html, body.id, max_seconds=request.app.state.max_seconds)


class HashtagIn(BaseModel):
    model_config = ConfigDict(strict=True)

    text: str | None = None
    html: str | None = None
    id: str | None = None
    every: bool = Field(False, description="tag every mention written in full, not only the first free one")
    max: int | None = Field(None, ge=0, le=1000, description="at most this many distinct hashtags, most salient first")
    inside_quotes: bool = Field(False, description="also tag inside a quotation's own words")
    style: str | None = Field(None, max_length=100_000,
                              description="a house style file's text: `always NAME`, `never NAME`, "
                                          "`prefer NAME = SPELLING` lines")


@router.post("/hashtag", response_model=models.TaggedArticle, summary="the article with hashtags written in as editors do, and the ranked suggestions")
def api_hashtag(body: HashtagIn, request: Request) -> dict[str, Any]:
    """`text` is the tagged article; each of `hashtags` has `start`/`end` in `source_text` (the input, or the
    page's main text) and `out_start`/`out_end` in `text`."""
    return tag(body.text, body.html, body.id, every=body.every, max=body.max, inside_quotes=body.inside_quotes,
               style=body.style, max_seconds=request.app.state.max_seconds)


@router.get("/quotes", response_model=models.QuotePage, summary="quotations: full-text q and filters, paginated")
def api_quotes(store: StoreDep, chosen: QuoteQueryDep, page: int = Query(1, ge=1),
               page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE)) -> dict[str, Any]:
    lo, hi = page_bounds(page, page_size)
    with store.reading() as conn:  # the library refuses a date not on the calendar
        rows = search_quotes(conn, chosen.q, chosen.filters, limit=hi + 1, sort=chosen.sort)
    return {"page": page, "page_size": page_size, "has_more": len(rows) > hi, "results": rows[lo:hi]}


@router.get("/search", response_model=models.SearchResults, summary="quotations and articles matching a full-text query")
def api_search(store: StoreDep, q: str = Query(..., min_length=1, max_length=MAX_QUERY),
               page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE)) -> dict[str, Any]:
    with store.reading() as conn:
        return {"q": q, "quotes": search_quotes(conn, q, limit=page_size),
                "articles": search_articles(conn, q, limit=page_size)}


@router.get("/speakers", response_model=models.SpeakerPage, summary="corpus speakers, most quoted first")
def api_speakers(store: StoreDep, type: str | None = Query(None, max_length=MAX_QUERY), page: int = Query(1, ge=1),
                 page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE)) -> dict[str, Any]:
    lo, hi = page_bounds(page, page_size)
    with store.reading() as conn:
        rows = list_speakers(conn, limit=hi + 1, type_=type)
    return {"page": page, "page_size": page_size, "has_more": len(rows) > hi, "results": rows[lo:hi]}


@router.get("/speakers/{speaker_id}", response_model=models.SpeakerDetail, summary="one speaker: names, roles, quotations")
def api_speaker(store: StoreDep, speaker_id: int = PathParam(ge=1, le=MAX_ROW_ID)) -> dict[str, Any]:
    with store.reading() as conn:
        found = reads.get_speaker(conn, speaker_id)
    if found is None:
        raise ApiError(404, f"no speaker {speaker_id}")
    return found


@router.get("/entities", response_model=models.EntityPage, summary="entities by the number of articles mentioning them")
def api_entities(store: StoreDep, type: str | None = Query(None, max_length=MAX_QUERY), page: int = Query(1, ge=1),
                 page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE)) -> dict[str, Any]:
    lo, hi = page_bounds(page, page_size)
    with store.reading() as conn:
        rows = reads.list_entities(conn, page_size, lo, type)
    return {"page": page, "page_size": page_size, "results": rows}


@router.get("/quotes/{quote_id}", response_model=models.QuoteDetail, summary="one quotation and every outlet that carried it (source first)")
def api_quote(store: StoreDep, quote_id: int = PathParam(ge=1, le=MAX_ROW_ID)) -> dict[str, Any]:
    with store.reading() as conn:
        found = reads.get_quote(conn, quote_id)
    if found is None:
        raise ApiError(404, f"no quotation {quote_id}")
    return found


@router.get("/articles/{article_id:path}", response_model=models.StoredArticle,
            summary="one stored article with its quotations and entities")
def api_article(store: StoreDep, article_id: str) -> dict[str, Any]:
    with store.reading() as conn:
        found = reads.get_article(conn, article_id)
    if found is None:
        raise ApiError(404, f"no article {shown(article_id)}")
    return found
