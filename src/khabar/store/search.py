"""Full-text search of the stored quotations and articles, folded the Arabic way.

The FTS5 indexes hold each text twice: normalised (`text_norm`) and lightly stemmed (`text_stem`, see
`khabar.store.textkeys`). A query is folded by the same functions and matched against both, so «الكاظمى»,
«الكاظمي» and «الكاظميُّ» find one another, and «حكومة» finds «والحكومة». FTS5's query syntax (AND, OR,
NOT, "phrases", prefix*, NEAR) is kept; a query SQLite cannot parse raises `QuerySyntaxError` with a hint.
Every value reaches SQL as a parameter; only fixed fragments of SQL are assembled here.
"""
from __future__ import annotations

import datetime
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from khabar.arabic.clitics import stem_runs, stem_word
from khabar.arabic.fold import DROP_CHARS
from khabar.errors import ParameterError, QuerySyntaxError
from khabar.fields import exported_fields
from khabar.quotes.statement_type import TYPES as STATEMENT_TYPES
from khabar.store.columns import QUOTE_FROM, QUOTE_JOINS, row_dict, select_list
from khabar.store.speakers import find_speakers
from khabar.store.textkeys import WORD, norm_text, stem_text
from khabar.text.normalize import normalize

_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_TERM = re.compile(r"([^\W_]+)(\*?)")
# C0 controls: a NUL would end the MATCH string early inside SQLite (`"a\0b"` read as the unterminated `"a`),
# and none of them can be part of a word
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# what SQLite says about a MATCH expression it cannot parse (other errors are not the query's fault)
_QUERY_ERRORS = ("fts5", "syntax", "no such column", "unterminated", "unknown special query")
KINDS = ("direct", "indirect", "mixed")
GENDERS = ("F", "M")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def calendar_date(name: str, value: str | None) -> str | None:
    """`value` if it is a real calendar day written YYYY-MM-DD (empty: no bound). Dates are compared as text
    with the articles' dates, so «2015-13-01» or «2015-02-30» would not fail there: they would quietly match
    nothing, or everything."""
    if not value:
        return value
    if _ISO_DATE.fullmatch(value):
        try:
            datetime.date.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise ParameterError(name, value, "not a calendar date in the form YYYY-MM-DD")


@dataclass(slots=True)
class Filters:
    """What a search is narrowed to; a date bound that is not a calendar date is refused here, so every door
    that builds one (CLI, API) refuses it alike."""
    speaker: str | None = None
    entity: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None
    source: str | None = None
    statement_type: str | None = None  # one of the guidelines' types: claim, denial …
    gender: str | None = None  # the quotation's speaker's gender, F or M
    min_confidence: float | None = None  # only quotations at least this sure (0 to 1)
    mentions: str | None = None  # only quotations whose own words mention this entity (its name, folded)

    def __post_init__(self) -> None:
        calendar_date("since", self.since)
        calendar_date("until", self.until)
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise ParameterError("min_confidence", str(self.min_confidence), "not between 0 and 1")
        if self.statement_type and self.statement_type not in STATEMENT_TYPES:
            raise ParameterError("statement_type", self.statement_type, f"not one of {', '.join(STATEMENT_TYPES)}")
        if self.gender and self.gender not in GENDERS:
            raise ParameterError("gender", self.gender, "not F or M")


def outlet_key(name: str) -> str:
    """An outlet's name as the store compares it with `knorm(articles.source)`: folded, single spaces."""
    return " ".join(norm_text(name).split())


def entity_key(name: str) -> str:
    """An entity's name as the store keys it (`entities.name_norm`): folded, spaces as written."""
    return norm_text(name.strip())


def _folded_query(query: str) -> str:
    return norm_text(_CONTROLS.sub(" ", query))


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for a user query: its folded form on `text_norm` or its stemmed form on
    `text_stem`."""
    folded = _folded_query(query).strip()
    stemmed = stem_runs(folded)
    return f"text_norm : ({folded}) OR text_stem : ({stemmed})"


def query_terms(query: str) -> list[tuple[str, bool]]:
    """(folded word, is prefix) for each word of the query that is not an operator, for highlighting."""
    out = []
    for m in _TERM.finditer(norm_text(query)):
        if m.group(1) not in _OPERATORS:
            out.append((m.group(1), bool(m.group(2))))
    return out


def highlights(text: str, query: str | list[tuple[str, bool]]) -> list[tuple[int, int]]:
    """Spans of `text` (the original, with its harakat) whose words match a query word, folded or stemmed."""
    terms = query_terms(query) if isinstance(query, str) else query
    if not terms:
        return []
    exact = {t for t, p in terms if not p}
    stems = {stem_word(t) for t, p in terms if not p}
    prefixes = tuple(t for t, p in terms if p)
    mapped = normalize(text)
    out: list[tuple[int, int]] = []
    for m in WORD.finditer(mapped.text):
        w = m.group(0)
        if w in exact or stem_word(w) in stems or (prefixes and (w.startswith(prefixes)
                                                                  or stem_word(w).startswith(prefixes))):
            start, end = mapped.to_original(m.start(), m.end())
            while end < len(text) and text[end] in DROP_CHARS:  # the word's last harakat and tatweel
                end += 1
            out.append((start, end))
    return out


def _fts_error(conn: sqlite3.Connection, exc: sqlite3.OperationalError, query: str) -> QuerySyntaxError:
    detail = str(exc)
    try:  # the user's own query alone, so the message points into what they wrote, not our wrapping
        conn.execute("SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ? LIMIT 1",
                     (_folded_query(query),)).fetchall()
    except sqlite3.OperationalError as own:
        detail = str(own)
    detail = detail.removeprefix("fts5: ")
    return QuerySyntaxError(
        f"cannot parse the search query {query!r} ({detail}); put a phrase or punctuation in double quotes "
        f'(e.g. \'"وزير الري"\'), and write the operators AND, OR, NOT in capitals'
    )


def _where(conn: sqlite3.Connection, f: Filters, clauses: list[str], params: list[Any], quotes: bool) -> bool:
    """Add the filters' SQL; False when a filter can match nothing (an unknown speaker)."""
    if quotes and f.speaker:
        ids = find_speakers(conn, f.speaker)
        if not ids:
            return False
        clauses.append(f"q.speaker_id IN ({','.join('?' * len(ids))})")
        params.extend(ids)
    if quotes and f.kind:
        clauses.append("q.kind = ?")
        params.append(f.kind)
    if quotes and f.statement_type:
        clauses.append("q.statement_type = ?")
        params.append(f.statement_type)
    if quotes and f.gender:
        clauses.append("q.speaker_gender = ?")
        params.append(f.gender)
    if quotes and f.min_confidence is not None:
        clauses.append("q.confidence >= ?")
        params.append(float(f.min_confidence))
    if quotes and f.mentions:
        clauses.append("EXISTS (SELECT 1 FROM entities e JOIN mentions m ON m.entity_rowid = e.rowid "
                       "WHERE e.name_norm = ? AND m.article_rowid = q.article_rowid "
                       "AND m.start >= q.start AND m.\"end\" <= q.\"end\")")
        params.append(entity_key(f.mentions))
    if f.entity:
        clauses.append("EXISTS (SELECT 1 FROM entities e WHERE e.article_rowid = a.rowid "
                       "AND (' ' || e.name_norm || ' ') LIKE ? ESCAPE '\\')")
        name = " ".join(norm_text(f.entity).split()).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"% {name} %")
    if f.since:
        clauses.append("substr(a.date, 1, 10) >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("substr(a.date, 1, 10) <= ?")
        params.append(f.until)
    if f.source:
        clauses.append("knorm(a.source) = ?")
        params.append(outlet_key(f.source))
    return True


def _refresh_speakers(conn: sqlite3.Connection) -> None:
    """Bring the corpus speakers up to date before a speaker filter uses them, when this connection can: not
    inside the caller's transaction (a web request's read snapshot), not on a read-only connection, not
    while an ingest holds the write lock. Otherwise the speakers are used as they are, at worst slightly
    stale: quotations stored since the last refresh are not attributed to a speaker yet."""
    from khabar.store.ingest import refresh_derived

    if conn.in_transaction:
        return
    try:
        refresh_derived(conn)
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc) and "locked" not in str(exc):
            raise


SORTS = ("relevance", "oldest", "newest")
# ORDER BY of each sort; relevance needs a full-text query (without one it is oldest first). Undated
# quotations come last either way; ties are broken by ingest order, so a page is the same on every run.
_ORDERS = {"relevance": "quotes_fts.rank, a.date, q.rowid",
           "oldest": "a.date IS NULL, a.date, a.rowid, q.idx",
           "newest": "a.date IS NULL, a.date DESC, a.rowid DESC, q.idx"}


def _by_date(limit: int | None, columns: str, newest: bool) -> tuple[str, list[Any]]:
    """Every quotation by date (oldest or newest first, undated last), as `_ORDERS` would give, but walking
    the articles' date index and stopping at `limit` instead of sorting every quotation of the store (1 ms
    instead of 55 ms for a page of a 10k-article store)."""
    by_article = ("FROM articles a CROSS JOIN quotes q ON q.article_rowid = a.rowid "
                  "LEFT JOIN speakers s ON s.id = q.speaker_id LEFT JOIN quote_groups g ON g.id = q.group_id")
    cols = f"{columns}, a.date AS d, a.rowid AS ar, q.idx AS qi"
    way = " DESC" if newest else ""
    sql = (f"SELECT * FROM (SELECT {cols}, 0 AS part {by_article} WHERE a.date IS NOT NULL "
           f"ORDER BY a.date{way}, a.rowid{way}, q.idx LIMIT ?) "
           f"UNION ALL SELECT * FROM (SELECT {cols}, 1 AS part {by_article} WHERE a.date IS NULL "
           f"ORDER BY a.rowid{way}, q.idx LIMIT ?) ORDER BY part, d{way}, ar{way}, qi LIMIT ?")
    n = int(limit) if limit else -1
    return sql, [n, n, n]


def _quote_query(conn: sqlite3.Connection, query: str, f: Filters, columns: str) -> tuple[str, list[str], list[Any]] | None:
    """The FROM part, WHERE clauses and parameters that `search_quotes` and `count_quotes` share, so a page
    and its count always ask the same question; None when the filters can match nothing."""
    if f.speaker:
        _refresh_speakers(conn)
    clauses: list[str] = []
    params: list[Any] = []
    if query:
        sql = f"SELECT {columns} FROM quotes_fts JOIN quotes q ON q.rowid = quotes_fts.rowid {QUOTE_JOINS}"
        clauses.append("quotes_fts MATCH ?")
        params.append(match_expression(query))
    else:
        sql = f"SELECT {columns} {QUOTE_FROM}"
    if not _where(conn, f, clauses, params, quotes=True):
        return None
    return sql, clauses, params


def _run_search(conn: sqlite3.Connection, sql: str, params: list[Any], query: str) -> list[Any]:
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if query and any(e in str(exc) for e in _QUERY_ERRORS):
            raise _fts_error(conn, exc, query) from None
        raise


def _sort_of(query: str, sort: str | None) -> str:
    if sort is not None and sort not in SORTS:
        raise ParameterError("sort", sort, f"not one of {', '.join(SORTS)}")
    if sort is None or (sort == "relevance" and not query):
        return "relevance" if query else "oldest"
    return sort


def _ordered(conn: sqlite3.Connection, query: str, f: Filters, columns: str, sort: str | None,
             limit: int | None) -> tuple[str, list[Any]] | None:
    """The SQL and parameters of the quotations matching `query` and `f`, in `sort` order, at most `limit`."""
    order = _sort_of(query, sort)
    built = _quote_query(conn, query, f, columns)
    if built is None:
        return None
    sql, clauses, params = built
    if not query and not clauses:
        return _by_date(limit, columns, newest=order == "newest")
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += f" ORDER BY {_ORDERS[order]}"
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    return sql, params


def search_quotes(conn: sqlite3.Connection, query: str | None, filters: Filters | None = None,
                  limit: int | None = 20, sort: str | None = None) -> list[dict[str, Any]]:
    """Quotations matching `query` and the filters, in `sort` order (one of SORTS; by default the best
    match first, or oldest first without a query). Each has `highlights`: spans of its `text` that match a
    query word."""
    query = (query or "").strip()
    built = _ordered(conn, query, filters or Filters(), select_list(), sort, limit)
    if built is None:
        return []
    sql, params = built
    rows = _run_search(conn, sql, params, query)
    terms = query_terms(query)
    out = []
    for r in rows:
        item = row_dict(r)
        item["highlights"] = highlights(item["text"], terms)
        out.append(item)
    return out


def iter_quotes(conn: sqlite3.Connection, query: str | None, filters: Filters | None = None,
                sort: str | None = None, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """The same quotations as `search_quotes`, in the same order, as the export's rows (every exported
    field of `khabar.fields`, no highlights), streamed from SQLite rather than gathered in a list."""
    query = (query or "").strip()
    fields = exported_fields()
    built = _ordered(conn, query, filters or Filters(), select_list(fields), sort, limit)
    if built is None:
        return
    sql, params = built
    try:
        cursor = conn.execute(sql, params)
    except sqlite3.OperationalError as exc:
        if query and any(e in str(exc) for e in _QUERY_ERRORS):
            raise _fts_error(conn, exc, query) from None
        raise
    for r in cursor:
        yield row_dict(r, fields)


def count_quotes(conn: sqlite3.Connection, query: str | None, filters: Filters | None = None) -> int:
    """How many quotations `search_quotes` would find with no limit: the true count a page of them is of."""
    query = (query or "").strip()
    built = _quote_query(conn, query, filters or Filters(), "count(*)")
    if built is None:
        return 0
    sql, clauses, params = built
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    return int(_run_search(conn, sql, params, query)[0][0])


def count_articles(conn: sqlite3.Connection, query: str, filters: Filters | None = None) -> int:
    """How many articles `search_articles` would find with no limit."""
    clauses = ["articles_fts MATCH ?"]
    params: list[Any] = [match_expression(query)]
    _where(conn, filters or Filters(), clauses, params, quotes=False)
    sql = ("SELECT count(*) FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE "
           + " AND ".join(clauses))
    try:
        return int(conn.execute(sql, params).fetchone()[0])
    except sqlite3.OperationalError as exc:
        if any(e in str(exc) for e in _QUERY_ERRORS):
            raise _fts_error(conn, exc, query) from None
        raise


def search_articles(conn: sqlite3.Connection, query: str, filters: Filters | None = None,
                    limit: int | None = 20, context: int = 80) -> list[dict[str, Any]]:
    """Articles whose text matches `query`, best first, each with a snippet around its first match."""
    f = filters or Filters()
    clauses = ["articles_fts MATCH ?"]
    params: list[Any] = [match_expression(query)]
    _where(conn, f, clauses, params, quotes=False)
    sql = ("SELECT a.rowid, a.id, a.date, a.source, a.title, a.text FROM articles_fts "
           "JOIN articles a ON a.rowid = articles_fts.rowid WHERE " + " AND ".join(clauses) +
           " ORDER BY articles_fts.rank, a.date, a.rowid")
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    try:
        rows = conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if any(e in str(exc) for e in _QUERY_ERRORS):
            raise _fts_error(conn, exc, query) from None
        raise
    terms = query_terms(query)
    out = []
    for _, ident, date, source, title, text in rows:
        spans = highlights(text, terms)
        lo = max(0, spans[0][0] - context) if spans else 0
        hi = min(len(text), (spans[0][1] if spans else 0) + context)
        out.append({"article_id": ident, "date": date, "source": source, "title": title,
                    "snippet": text[lo:hi], "snippet_start": lo,
                    "highlights": [(s - lo, e - lo) for s, e in spans if s >= lo and e <= hi]})
    return out


__all__ = ["Filters", "GENDERS", "KINDS", "SORTS", "STATEMENT_TYPES", "calendar_date", "entity_key", "highlights",
           "iter_quotes", "match_expression", "search_articles", "search_quotes", "stem_text"]
