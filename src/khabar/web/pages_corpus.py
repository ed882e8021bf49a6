"""The pages that link the corpus: a speaker (every name, roles, the outlets quoting them, the entities
their statements mention, the speakers quoted beside them, a chart of their quotations month by month), an
outlet (who it quotes, how often), an entity (the quotations whose words mention it, and by whom) and the
outlets index. Queries are the store's (`khabar.store.links`, `search_quotes`); this module only reads
the request and fills a template."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from khabar.store import Filters, count_quotes, search_quotes
from khabar.store.links import entity_summary, list_outlets, outlet_summary, speaker_links
from khabar.web import reads
from khabar.web.charts import months_svg
from khabar.web.deps import StoreDep, page_bounds, shown
from khabar.web.errors import ApiError
from khabar.web.limits import MAX_QUERY, MAX_ROW_ID
from khabar.web.pages import PAGE_SIZE, faithful, need_store, page, page_links

router = APIRouter()


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse, include_in_schema=False)
def speaker_page(request: Request, store: StoreDep, speaker_id: int = PathParam(ge=1, le=MAX_ROW_ID)) -> Any:
    with store.reading() as conn:
        found = reads.get_speaker(conn, speaker_id)
        if found is None:
            raise ApiError(404, f"no speaker {speaker_id}")
        faithful(conn, found["quotes"])
        links = speaker_links(conn, speaker_id)
    chart = months_svg(links["months"], "الأقوال شهراً بشهر")
    return page(request, "speaker.html", s=found, links=links, chart=chart)


def _quotes_page(request: Request, conn: Any, chosen: Filters, page_no: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One page of the quotations `chosen` selects, newest first, with the pager's links."""
    lo, hi = page_bounds(page_no, PAGE_SIZE)
    quotes = search_quotes(conn, "", chosen, limit=hi, sort="newest")[lo:hi]
    faithful(conn, quotes)
    return quotes, page_links(request, page_no, count_quotes(conn, "", chosen), PAGE_SIZE)


@router.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
def outlets_index(request: Request, store: StoreDep) -> Any:
    """«المنابر»: every outlet of the corpus, by the number of quotations it carries."""
    need_store(store)
    with store.reading() as conn:
        outlets = list_outlets(conn, limit=1000)
    return page(request, "outlets.html", outlets=outlets)


@router.get("/outlets/{name:path}", response_class=HTMLResponse, include_in_schema=False)
def outlet_page(request: Request, store: StoreDep, name: str = PathParam(max_length=MAX_QUERY),
                page_no: int = Query(1, ge=1, alias="page")) -> Any:
    need_store(store)
    with store.reading() as conn:
        found = outlet_summary(conn, name)
        if found is None:
            raise ApiError(404, f"no outlet {shown(name)}")
        quotes, paging = _quotes_page(request, conn, Filters(source=name), page_no)
    return page(request, "outlet.html", o=found, quotes=quotes, paging=paging)


@router.get("/entities/{name:path}", response_class=HTMLResponse, include_in_schema=False)
def entity_page(request: Request, store: StoreDep, name: str = PathParam(max_length=MAX_QUERY),
                page_no: int = Query(1, ge=1, alias="page")) -> Any:
    need_store(store)
    with store.reading() as conn:
        found = entity_summary(conn, name)
        if found is None:
            raise ApiError(404, f"no entity {shown(name)}")
        quotes, paging = _quotes_page(request, conn, Filters(mentions=name), page_no)
    return page(request, "entity.html", e=found, quotes=quotes, paging=paging)
