"""What links the corpus together, for a reader going from one name to the next: an outlet and the
speakers it quotes; an entity and the speakers whose words mention it; a speaker and the outlets quoting
them, the entities their statements mention, the speakers quoted beside them and their quotations month by
month.

An entity is "mentioned by a statement" when one of its mentions lies inside the quotation's own words
(the quotation's offsets in its article), not merely somewhere in the same article. Outlets are matched on
their folded name (`knorm`), as the search's `source` filter matches them. Every list is ordered by its
count, then by name, so a page is the same on every run; every value reaches SQL as a parameter.
"""
from __future__ import annotations

import sqlite3
from typing import Any

from khabar.store.search import entity_key, outlet_key

# a statement mentions an entity: one of its mentions lies inside the quotation's words
_INSIDE = 'm.article_rowid = q.article_rowid AND m.start >= q.start AND m."end" <= q."end"'


def outlet_summary(conn: sqlite3.Connection, name: str, limit: int = 30) -> dict[str, Any] | None:
    """An outlet: its name as most of its articles write it, how many articles and quotations it has, the
    dates it spans, and the speakers it quotes most (`speakers`: id, name, quotes). None: no such outlet."""
    key = outlet_key(name)
    if not key:
        return None
    row = conn.execute("SELECT count(*), min(substr(date, 1, 10)), max(substr(date, 1, 10)) FROM articles "
                       "WHERE knorm(source) = ?", (key,)).fetchone()
    if not row[0]:
        return None
    written = conn.execute("SELECT source FROM articles WHERE knorm(source) = ? GROUP BY source "
                           "ORDER BY count(*) DESC, source LIMIT 1", (key,)).fetchone()[0]
    quotes = conn.execute("SELECT count(*) FROM quotes q JOIN articles a ON a.rowid = q.article_rowid "
                          "WHERE knorm(a.source) = ?", (key,)).fetchone()[0]
    speakers = [{"id": i, "name": n, "quotes": c} for i, n, c in conn.execute(
        "SELECT s.id, s.name, count(*) AS c FROM quotes q JOIN articles a ON a.rowid = q.article_rowid "
        "JOIN speakers s ON s.id = q.speaker_id WHERE knorm(a.source) = ? GROUP BY s.id "
        "ORDER BY c DESC, s.name, s.id LIMIT ?", (key, limit))]
    return {"name": written, "articles": row[0], "quotes": quotes, "first": row[1], "last": row[2],
            "speakers": speakers}


def list_outlets(conn: sqlite3.Connection, limit: int = 100) -> list[dict[str, Any]]:
    """Outlets by the number of quotations they carry (name as most of their articles write it)."""
    rows = conn.execute(
        "SELECT knorm(a.source) AS k, a.source, count(DISTINCT a.rowid), count(q.rowid) FROM articles a "
        "LEFT JOIN quotes q ON q.article_rowid = a.rowid WHERE a.source IS NOT NULL AND a.source != '' "
        "GROUP BY k, a.source").fetchall()
    merged: dict[str, dict[str, Any]] = {}
    for key, source, articles, quotes in rows:
        m = merged.setdefault(key, {"name": source, "articles": 0, "quotes": 0, "_best": -1})
        if articles > m["_best"] or (articles == m["_best"] and source < m["name"]):
            m["name"], m["_best"] = source, articles
        m["articles"] += articles
        m["quotes"] += quotes
    out = sorted(merged.values(), key=lambda m: (-m["quotes"], -m["articles"], m["name"]))[:limit]
    return [{k: v for k, v in m.items() if k != "_best"} for m in out]


def entity_summary(conn: sqlite3.Connection, name: str, limit: int = 30) -> dict[str, Any] | None:
    """An entity (by its folded name): the name and type most articles give it, how many articles mention
    it, how many quotations mention it in their own words, and who says those (`speakers`: id, name,
    quotes). None: no entity of that name."""
    key = entity_key(name)
    if not key:
        return None
    rows = conn.execute("SELECT name, type, count(DISTINCT article_rowid) AS n FROM entities WHERE name_norm = ? "
                        "GROUP BY name, type ORDER BY n DESC, name, type", (key,)).fetchall()
    if not rows:
        return None
    articles = conn.execute("SELECT count(DISTINCT article_rowid) FROM entities WHERE name_norm = ?",
                            (key,)).fetchone()[0]
    inside = f"FROM entities e JOIN mentions m ON m.entity_rowid = e.rowid JOIN quotes q ON {_INSIDE}"
    quotes = conn.execute(f"SELECT count(DISTINCT q.rowid) {inside} WHERE e.name_norm = ?", (key,)).fetchone()[0]
    speakers = [{"id": i, "name": n, "quotes": c} for i, n, c in conn.execute(
        f"SELECT s.id, s.name, count(DISTINCT q.rowid) AS c {inside} JOIN speakers s ON s.id = q.speaker_id "
        "WHERE e.name_norm = ? GROUP BY s.id ORDER BY c DESC, s.name, s.id LIMIT ?", (key, limit))]
    return {"name": rows[0][0], "type": rows[0][1], "articles": articles, "quotes": quotes, "speakers": speakers}


def speaker_links(conn: sqlite3.Connection, speaker_id: int, limit: int = 20) -> dict[str, Any]:
    """Where a corpus speaker leads: `outlets` (name, quotes) quoting them, `entities` (name, type, quotes)
    their statements mention, `beside` (id, name, articles): the speakers quoted in the same articles, and
    `months` (YYYY-MM, quotes) of their dated quotations, oldest first."""
    outlets = [{"name": n, "quotes": c} for n, c in conn.execute(
        "SELECT a.source, count(*) AS c FROM quotes q JOIN articles a ON a.rowid = q.article_rowid "
        "WHERE q.speaker_id = ? AND a.source IS NOT NULL AND a.source != '' GROUP BY a.source "
        "ORDER BY c DESC, a.source LIMIT ?", (speaker_id, limit))]
    entities = [{"name": n, "type": t, "quotes": c} for _, n, t, c in conn.execute(
        f"SELECT e.name_norm, min(e.name), min(e.type), count(DISTINCT q.rowid) AS c FROM quotes q "
        f"JOIN mentions m ON {_INSIDE} JOIN entities e ON e.rowid = m.entity_rowid "
        "WHERE q.speaker_id = ? AND coalesce(m.label, '') != 'speaker' GROUP BY e.name_norm "
        "ORDER BY c DESC, e.name_norm LIMIT ?", (speaker_id, limit))]
    beside = [{"id": i, "name": n, "articles": c} for i, n, c in conn.execute(
        "SELECT s.id, s.name, count(DISTINCT o.article_rowid) AS c FROM quotes o JOIN speakers s ON s.id = o.speaker_id "
        "WHERE o.article_rowid IN (SELECT article_rowid FROM quotes WHERE speaker_id = ?) AND s.id != ? "
        "GROUP BY s.id ORDER BY c DESC, s.name, s.id LIMIT ?", (speaker_id, speaker_id, limit))]
    months = [(m, c) for m, c in conn.execute(
        "SELECT substr(a.date, 1, 7) AS m, count(*) FROM quotes q JOIN articles a ON a.rowid = q.article_rowid "
        "WHERE q.speaker_id = ? AND a.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' GROUP BY m ORDER BY m",
        (speaker_id,))]
    return {"outlets": outlets, "entities": entities, "beside": beside, "months": months}


__all__ = ["entity_summary", "list_outlets", "outlet_summary", "speaker_links"]
