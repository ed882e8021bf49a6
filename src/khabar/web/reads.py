"""Read-only views of a corpus store for the web pages and the API: one article with its layers, one
speaker with their quotations, one quotation with every outlet that carried it, entity counts.

Built on `khabar.store` (its quotation columns, its search and speaker tables); every value reaches SQL as
a parameter. Nothing here writes.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from khabar.entities.grouping import TYPES as ENTITY_TYPES
from khabar.errors import ParameterError, StoreError
from khabar.store.columns import QUOTE_FROM, row_dict, select_list
from khabar.store.read import entity_dicts
from khabar.store.speakers import gender_sql
from khabar.store.textkeys import norm_text


def connect_read_only(path: str | Path) -> sqlite3.Connection:
    """A connection that cannot write (SQLite `mode=ro`), with the store's `knorm` SQL function."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path}: no such store (run `khabar ingest` first)")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                           check_same_thread=False)
    conn.create_function("knorm", 1, lambda s: " ".join(norm_text(s).split()) if s else s, deterministic=True)
    return conn


def _quotes_where(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    sql = f"SELECT {select_list()} {QUOTE_FROM} WHERE {where} ORDER BY a.date IS NULL, a.date, a.rowid, q.idx"
    return [row_dict(r) for r in conn.execute(sql, params)]


def get_article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT rowid, id, title, date, source, url, text, meta_json FROM articles WHERE id = ?",
                       (article_id,)).fetchone()
    if row is None:
        return None
    rowid, ident, title, date, source, url, text, meta = row
    return {"article_id": ident, "title": title, "date": date, "source": source, "url": url, "text": text,
            "meta": json.loads(meta or "{}"), "quotes": _quotes_where(conn, "q.article_rowid = ?", (rowid,)),
            "entities": entity_dicts(conn, rowid)}


def get_speaker(conn: sqlite3.Connection, speaker_id: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT id, name, type, roles_json, aliases_json, quotes, articles, "
                       f"{gender_sql('speakers.id')} FROM speakers WHERE id = ?", (speaker_id,)).fetchone()
    if row is None:
        return None
    quotes = _quotes_where(conn, "q.speaker_id = ?", (speaker_id,))
    return {"id": row[0], "name": row[1], "type": row[2], "roles": json.loads(row[3]), "aliases": json.loads(row[4]),
            "quote_count": row[5], "article_count": row[6], "gender": row[7],
            "addressees": Counter(q["addressee"] for q in quotes if q["addressee"]).most_common(),
            "channels": Counter(q["channel"] for q in quotes if q["channel"]).most_common(),
            "quotes": quotes}


def get_quote(conn: sqlite3.Connection, quote_id: int) -> dict[str, Any] | None:
    """The quotation and every quotation grouped with it (the same statement), oldest first; the first of
    `carried_by` is the source."""
    found = _quotes_where(conn, "q.rowid = ?", (quote_id,))
    if not found:
        return None
    quote = found[0]
    if quote["group_id"] is not None:
        members = _quotes_where(conn, "q.group_id = ?", (quote["group_id"],))
    else:
        members = [quote]
    return {"quote": quote, "carried_by": members, "source": members[0]}


def list_entities(conn: sqlite3.Connection, limit: int, offset: int = 0, type_: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT name, type, count(DISTINCT article_rowid) AS n FROM entities"
    params: list[Any] = []
    if type_ and type_ not in ENTITY_TYPES:  # refused by name, as a speaker type is, rather than answered with none
        raise ParameterError("type", type_, f"not an entity type (one of {', '.join(ENTITY_TYPES)})")
    if type_:
        sql += " WHERE type = ?"
        params.append(type_)
    sql += " GROUP BY name_norm, type ORDER BY n DESC, name LIMIT ? OFFSET ?"
    params += [limit, offset]
    return [{"name": n, "type": t, "articles": c} for n, t, c in conn.execute(sql, params)]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "quotes", "speakers")}


def leads(conn: sqlite3.Connection, quote_ids: list[int], chars: int) -> dict[int, str]:
    """The `chars` characters of each quotation's article just before it (what opened it: «أن», a colon …),
    read in SQL so a page of results never loads whole articles."""
    ids = sorted({i for i in quote_ids if i is not None})
    out: dict[int, str] = {}
    for lo in range(0, len(ids), 500):  # well under SQLite's limit on bound parameters
        chunk = ids[lo:lo + 500]
        sql = (f"SELECT q.rowid, substr(a.text, max(q.start - ? + 1, 1), min(q.start, ?)) FROM quotes q "
               f"JOIN articles a ON a.rowid = q.article_rowid WHERE q.rowid IN ({','.join('?' * len(chunk))})")
        out.update((qid, lead or "") for qid, lead in conn.execute(sql, (chars, chars, *chunk)))
    return out


SPEAKER_ORDERS = {"quotes": "quotes DESC, articles DESC, name", "articles": "articles DESC, quotes DESC, name",
                  "name": "name, quotes DESC"}


def speakers_page(conn: sqlite3.Connection, q: str, order: str, limit: int,
                  offset: int) -> tuple[int, list[dict[str, Any]]]:
    """(how many speakers match, one page of them): `q` matches any name the speaker goes by, folded as the
    store folds names; `order` is a key of SPEAKER_ORDERS."""
    where, params = "", []
    words = " ".join(norm_text(q).split())
    if words:
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where = " WHERE (knorm(name) LIKE ? ESCAPE '\\' OR knorm(aliases_json) LIKE ? ESCAPE '\\')"
        params = [pattern, pattern]
    total = conn.execute(f"SELECT count(*) FROM speakers{where}", params).fetchone()[0]
    sql = (f"SELECT id, name, type, roles_json, aliases_json, quotes, articles, {gender_sql('speakers.id')} "
           f"FROM speakers{where} ORDER BY {SPEAKER_ORDERS[order]} LIMIT ? OFFSET ?")
    rows = [{"id": r[0], "name": r[1], "type": r[2], "roles": json.loads(r[3]), "aliases": json.loads(r[4]),
             "quotes": r[5], "articles": r[6], "gender": r[7]}
            for r in conn.execute(sql, [*params, limit, offset])]
    return total, rows
