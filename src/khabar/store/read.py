"""An article read back from the store as the `Article` its analysis made: text, metadata, entities with
their mentions, and quotations in their nested shape (`khabar.fields.nest`), offsets unchanged.

The store keeps what a corpus is searched and compared by; the text layers (paragraphs, sentences,
hashtags, boilerplate) are not stored and come back empty: `khabar.extract` makes them again in
milliseconds from the stored text.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from khabar.article import Article, Entity, Quote
from khabar.fields import nest, stored_fields
from khabar.store.columns import row_dict, select_list


def read_article(conn: sqlite3.Connection, article_id: str) -> Article | None:
    """The stored article `article_id`, or None when the store has no such article."""
    row = conn.execute("SELECT rowid, text, meta_json FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    rowid, text, meta = row
    fields = stored_fields()
    quotes = [Quote.from_dict(nest(row_dict(r, fields), text)) for r in conn.execute(
        f"SELECT {select_list(fields)} FROM quotes q WHERE q.article_rowid = ? ORDER BY q.idx", (rowid,))]
    entities = [Entity.from_dict(e) for e in entity_dicts(conn, rowid, attrs=True)]
    return Article(text=text, id=article_id, meta=json.loads(meta or "{}"), entities=entities, quotes=quotes)


def entity_dicts(conn: sqlite3.Connection, article_rowid: int, *, attrs: bool = False) -> list[dict[str, Any]]:
    """The article's stored entities as `Entity.to_dict()` writes them, mentions in text order; `attrs` adds
    each mention's attributes (a hashtag's name and split), which the API's article answer leaves out."""
    out = []
    for erow, eid, name, type_, roles in conn.execute(
            "SELECT rowid, entity_id, name, type, roles_json FROM entities WHERE article_rowid = ? ORDER BY rowid",
            (article_rowid,)).fetchall():
        mentions = [{"start": s, "end": e, "text": t, "label": lab, **(json.loads(extra or "{}") if attrs else {})}
                    for s, e, t, lab, extra in conn.execute(
                        'SELECT start, "end", text, label, attrs_json FROM mentions WHERE entity_rowid = ? '
                        "ORDER BY start, rowid", (erow,))]
        out.append({"id": eid, "name": name, "type": type_, "roles": json.loads(roles or "[]"), "mentions": mentions})
    return out
