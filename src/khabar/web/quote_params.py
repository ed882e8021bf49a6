"""The query parameters that choose quotations, declared once for every door that lists them: `GET
/api/quotes` (a page of them) and `GET /api/export/quotes` (all of them as CSV or JSONL), so a filter
works, and is documented in OpenAPI, the same way in both."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Query

from khabar.store import Filters
from khabar.web.deps import filters
from khabar.web.limits import MAX_QUERY


@dataclass(frozen=True)
class QuoteQuery:
    q: str
    filters: Filters
    sort: str | None


async def quote_query(q: str = Query("", max_length=MAX_QUERY, description="full-text query (FTS5 syntax)"),
                speaker: str | None = Query(None, max_length=MAX_QUERY, description="any name the speaker goes by"),
                entity: str | None = Query(None, max_length=MAX_QUERY,
                                           description="only quotations in articles mentioning this entity"),
                mentions: str | None = Query(None, max_length=MAX_QUERY,
                                             description="only quotations whose own words mention this entity "
                                                         "(its name, as the entity pages give it)"),
                kind: Literal["direct", "indirect", "mixed"] | None = None,
                since: str | None = Query(None, max_length=MAX_QUERY, description="article date on or after YYYY-MM-DD"),
                until: str | None = Query(None, max_length=MAX_QUERY, description="article date on or before YYYY-MM-DD"),
                source: str | None = Query(None, max_length=MAX_QUERY, description="the outlet"),
                statement_type: str | None = Query(None, max_length=MAX_QUERY,
                                                   description="claim, denial, warning, call, commitment, "
                                                               "announcement, accusation, prediction or question"),
                gender: Literal["F", "M"] | None = Query(None, description="the speaker's gender"),
                min_confidence: float | None = Query(None, ge=0, le=1,
                                                     description="only quotations at least this sure (0 to 1)"),
                sort: Literal["relevance", "newest", "oldest"] | None = Query(
                    None, description="order of the results; by default relevance with a query, else oldest first"),
                ) -> QuoteQuery:
    # async although it awaits nothing: FastAPI runs a plain `def` dependency in the thread pool, one more
    # trip per request that, under many clients, queues behind every other request (see `deps.Store`)
    chosen = filters(speaker, entity, kind, since, until, source, statement_type, gender, min_confidence,
                     mentions)
    return QuoteQuery(q, chosen, sort)


QuoteQueryDep = Annotated[QuoteQuery, Depends(quote_query)]
