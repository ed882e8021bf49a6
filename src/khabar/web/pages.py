"""The HTML pages: search, speaker, quotation, article and the paste form. Right-to-left Arabic, no
JavaScript; templates autoescape article text and the `t` filter shows bidi controls inert."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlencode
from typing import Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from khabar.errors import QuerySyntaxError
from khabar.fields import flatten, shown_fields
from khabar.store import Filters, count_articles, count_quotes, search_articles, search_quotes
from khabar.store.links import list_outlets
from khabar.store.speakers import list_speakers
from khabar.web import reads, words
from khabar.web.said import LEAD_CHARS, lead_of, shown_as
from khabar.web.charts import can_draw
from khabar.web.deps import StoreDep, analyse, filters, page_bounds, shown, tag
from khabar.web.errors import ApiError
from khabar.web.limits import MAX_QUERY, MAX_ROW_ID
from khabar.web.render import article_spans, plain, resolved, segments, show

TEMPLATES = Path(__file__).resolve().parent / "templates"

router = APIRouter()


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.filters["t"] = show
    templates.env.filters["plain"] = plain
    templates.env.filters["resolved"] = resolved
    templates.env.globals.update(label=words.label, counted=words.counted, number=words.number,
                                 sureness=words.sureness, unsure=words.is_unsure, day=words.day,
                                 month=words.month)
    # the quotation page lists every declared field the analysis fills (khabar.fields), whatever it is
    templates.env.globals["quote_details"] = [f for f in shown_fields() if f.origin == "quote"]
    return templates


def page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, ctx)


def faithful(conn: Any, quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each stored quotation with how the pages show it (`khabar.web.said`), from the article words before it."""
    before = reads.leads(conn, [q["quote_id"] for q in quotes], LEAD_CHARS)
    for q in quotes:
        q["shown"] = shown_as(q, before.get(q["quote_id"]))
    return quotes


def faithful_in(text: str, quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same for the quotations of one article whose text is at hand."""
    for q in quotes:
        q["shown"] = shown_as(q, lead_of(text, q["start"]))
    return quotes


def _boilerplate(text: str) -> list[dict[str, Any]]:
    """The boilerplate layer of a stored article (the store keeps quotations and entities, not this):
    recomputed by the text stages alone, which are fast and deterministic."""
    from khabar.pipeline import Options, extract

    return extract(text, options=Options(entities=False, quotes=False)).to_dict().get("boilerplate") or []


def _statement_types() -> tuple[tuple[str, str], ...]:
    """(value, Arabic name) of every statement type, as the quotation field declares them."""
    from khabar.fields import QUOTE_FIELDS

    return next(f.values for f in QUOTE_FIELDS if f.name == "statement_type")


def need_store(store: Any) -> None:
    """A page that reads the corpus answers 404 when `serve` was started without a store."""
    if store.path is None:
        raise ApiError(404, "no store: start khabar serve with --db")


@router.get("/sources", response_class=HTMLResponse, include_in_schema=False)
def sources_page(request: Request, store: StoreDep, source: str | None = Query(None, max_length=MAX_QUERY),
                 since: str | None = Query(None, max_length=MAX_QUERY),
                 until: str | None = Query(None, max_length=MAX_QUERY),
                 statement_type: str | None = Query(None, max_length=MAX_QUERY)) -> Any:
    """«المصادر»: who gets quoted, the report's charts and tables over the chosen filters."""
    from khabar.report.page import corpus_line, sections_html
    from khabar.store.sources import corpus_figures

    chosen = filters(None, None, None, since, until, source, statement_type)
    need_store(store)
    with store.reading() as conn:
        fig = corpus_figures(conn, chosen)
    charts = can_draw()
    return page(request, "sources.html", f=chosen, types=_statement_types(), charts=charts, corpus=corpus_line(fig),
                sections=sections_html(fig, charts))


PAGE_SIZE = 20  # quotations on a page of search results
SPEAKERS_PAGE_SIZE = 50


def page_links(request: Request, page_no: int, total: int, size: int) -> dict[str, Any]:
    """Where the pager's links go: this same URL, every filter kept, another `page`."""
    pages = max(1, -(-total // size))

    def url(n: int) -> str:
        params = dict(request.query_params)
        params["page"] = str(n)
        return f"{request.url.path}?{urlencode(params)}"

    return {"page": page_no, "pages": pages, "total": total,
            "prev": url(page_no - 1) if page_no > 1 else None,
            "next": url(page_no + 1) if page_no < pages else None}


def confidence_floor(min_confidence: str, unsure: bool) -> float | None:
    """The page's minimum confidence: the one asked for (`min_confidence`, 0 to 1), else none when the reader
    asks to see what is unsure (`unsure=true`, the older switch), else the confidence the pages trust."""
    if min_confidence.strip():
        try:
            floor = float(min_confidence)  # Filters refuses one outside 0 to 1, naming it
        except ValueError:
            raise ApiError(422, f"min_confidence: {shown(min_confidence)} is not a number from 0 to 1") from None
        return None if floor == 0 else floor  # «الكل»: also the quotations with no confidence at all
    return None if unsure else words.SURE


def export_links(chosen: Filters, q: str, sort: str) -> dict[str, str]:
    """«تصدير»: the API's export of exactly this search (`GET /api/export/quotes`), as CSV and as JSONL."""
    params = {"q": q, **{k: v for k, v in asdict(chosen).items() if v is not None and v != ""}}
    if sort:
        params["sort"] = sort
    params = {k: v for k, v in params.items() if v != ""}
    return {fmt: "/api/export/quotes?" + urlencode({**params, "format": fmt}) for fmt in ("csv", "jsonl")}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, store: StoreDep, q: str = Query("", max_length=MAX_QUERY),
         speaker: str | None = Query(None, max_length=MAX_QUERY),
         entity: str | None = Query(None, max_length=MAX_QUERY),
         mentions: str | None = Query(None, max_length=MAX_QUERY),
         kind: Literal["", "direct", "indirect", "mixed"] | None = None,
         source: str | None = Query(None, max_length=MAX_QUERY),
         since: str | None = Query(None, max_length=MAX_QUERY),
         until: str | None = Query(None, max_length=MAX_QUERY),
         statement_type: str | None = Query(None, max_length=MAX_QUERY),
         gender: Literal["", "F", "M"] | None = None,
         min_confidence: str = Query("", max_length=20),
         unsure: bool = Query(False, description="also show quotations below the confidence the pages trust"),
         sort: Literal["", "relevance", "newest", "oldest"] = "",
         page_no: int = Query(1, ge=1, alias="page")) -> Any:
    form = dict(q=q, speaker=speaker or "", entity=entity or "", mentions=mentions or "", kind=kind or "",
                source=source or "", since=since or "", until=until or "", statement_type=statement_type or "",
                gender=gender or "", confidence=min_confidence.strip() or ("0" if unsure else ""),
                sort=sort or ("relevance" if q.strip() else "oldest"))
    # the filters stay folded away until one is chosen (a phone sees the results first)
    form["chosen"] = bool(sort or any(v for k, v in form.items() if k not in ("q", "sort")))
    base = dict(form=form, types=_statement_types(), outlets=[], q=q)
    if store.path is None:
        return page(request, "search.html", **base, quotes=[], articles=[], speakers=[], counts=None, error=None)
    lo, hi = page_bounds(page_no, PAGE_SIZE)
    chosen = filters(speaker, entity, kind, since, until, source, statement_type, gender,
                     confidence_floor(min_confidence, unsure), mentions)
    with store.reading() as conn:
        error, quotes, articles, total, total_articles = None, [], [], 0, 0
        try:
            quotes = search_quotes(conn, q, chosen, limit=hi, sort=sort or None)[lo:hi]
            total = count_quotes(conn, q, chosen)
            if q.strip():
                articles = search_articles(conn, q, limit=PAGE_SIZE)
                total_articles = count_articles(conn, q)
        except QuerySyntaxError as exc:
            error = str(exc)
        faithful(conn, quotes)
        for item in quotes:
            item["segments"] = segments(item["text"], [{"start": s, "end": e, "cls": "hit"}
                                                       for s, e in item["highlights"]])
        for item in articles:
            item["segments"] = segments(item["snippet"], [{"start": s, "end": e, "cls": "hit"}
                                                          for s, e in item["highlights"]])
        narrowed = any(v for k, v in form.items() if k not in ("q", "sort", "confidence", "chosen"))
        speakers = [] if q.strip() or narrowed else list_speakers(conn, limit=12)
        base["outlets"] = [o["name"] for o in list_outlets(conn)]
        ctx = dict(**base, quotes=quotes, articles=articles, speakers=speakers, counts=reads.counts(conn),
                   error=error, total_articles=total_articles, exports=export_links(chosen, q, sort),
                   paging=page_links(request, page_no, total, PAGE_SIZE))
    return request.app.state.templates.TemplateResponse(request, "search.html", ctx,
                                                        status_code=400 if error else 200)


@router.get("/speakers", response_class=HTMLResponse, include_in_schema=False)
def speakers_index(request: Request, store: StoreDep, q: str = Query("", max_length=MAX_QUERY),
                   sort: Literal["quotes", "articles", "name"] = "quotes",
                   page_no: int = Query(1, ge=1, alias="page")) -> Any:
    """«المتحدثون»: every corpus speaker, searchable by any name they go by, sorted, a page at a time."""
    need_store(store)
    lo, _ = page_bounds(page_no, SPEAKERS_PAGE_SIZE)
    with store.reading() as conn:
        total, rows = reads.speakers_page(conn, q, sort, SPEAKERS_PAGE_SIZE, lo)
    return page(request, "speakers.html", q=q, sort=sort, speakers=rows,
                paging=page_links(request, page_no, total, SPEAKERS_PAGE_SIZE))


@router.get("/quotes/{quote_id}", response_class=HTMLResponse, include_in_schema=False)
def quote_page(request: Request, store: StoreDep, quote_id: int = PathParam(ge=1, le=MAX_ROW_ID)) -> Any:
    with store.reading() as conn:
        found = reads.get_quote(conn, quote_id)
        if found is not None:
            faithful(conn, [found["quote"], *found["carried_by"]])
    if found is None:
        raise ApiError(404, f"no quotation {quote_id}")
    return page(request, "quote.html", **found)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
def article_page(request: Request, store: StoreDep, article_id: str) -> Any:
    with store.reading() as conn:
        found = reads.get_article(conn, article_id)
    if found is None:
        raise ApiError(404, f"no article {shown(article_id)}")
    faithful_in(found["text"], found["quotes"])
    spans = article_spans(found["text"], found["quotes"], found["entities"], _boilerplate(found["text"]))
    return page(request, "article.html", a=found, segments=segments(found["text"], spans))


@router.get("/paste", response_class=HTMLResponse, include_in_schema=False)
def paste_form(request: Request) -> Any:
    return page(request, "paste.html", text="", result=None, segments=None)


@router.post("/paste", response_class=HTMLResponse, include_in_schema=False)
def paste_submit(request: Request, text: str = Form(""), is_html: bool = Form(False),
                 action: str = Form("analyse")) -> Any:
    if not text.strip():
        raise ApiError(422, "paste an article first")
    if action == "hashtag":  # «أضف الوسوم»: the article back with its hashtags written in
        tagged = tag(None, text) if is_html else tag(text, None)
        return page(request, "paste.html", text=text, result=None, segments=None, tagged=tagged)
    result = analyse(None, text) if is_html else analyse(text, None)
    result["quotes"] = faithful_in(result["text"], [flatten(q) for q in result["quotes"]])  # the flat shape
    spans = article_spans(result["text"], result["quotes"], result["entities"], result["boilerplate"],
                          linked=False)
    return page(request, "paste.html", text=text, result=result, segments=segments(result["text"], spans))
