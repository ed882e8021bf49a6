"""Views for researchers who open the store with SQL, datasette or sqlite-utils rather than with khabar.

The tables are shaped for ingest and search: a quotation points at its article by `article_rowid`, keeps
the speaker's name as `speaker_name`, and carries folded copies of its text for the index. The views give
the one quotation shape every door uses (the fields of `khabar.fields`, named as the API and the export
name them) joined to its article, with the article's url and month, and entity mentions beside their entity
and article. They are derived from the field declaration, so they are made again whenever a migration runs
(a new field arrives in the view with the migration that adds its column).

There are no declared foreign keys on `speaker_id`, `group_id` and `source_quote`: they point into the
corpus speakers and quotation groups, which are derived and rebuilt as a whole after an ingest (the old
rows deleted while quotations still name them), which an enforced key would refuse. The views join them.
"""
from __future__ import annotations

import sqlite3

from khabar.fields import shown_fields
from khabar.store.columns import QUOTE_FROM, sql_of

# A month only from a date that starts YYYY-MM (dates are kept as the input wrote them).
_MONTH = "CASE WHEN a.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' THEN substr(a.date, 1, 7) END"

VIEWS: dict[str, str] = {
    "quotations": "every quotation with its article (title, url, date, month, outlet) and its corpus speaker, "
                  "one row per quotation, columns named as in the API and the export",
    "entity_mentions": "every mention of an entity in an article: the words as written, their offsets, the "
                       "entity's name and type, and the article's id, title, date, month and outlet",
}


def quotations_sql() -> str:
    columns = [f'{sql_of(f)} AS "{f.name}"' for f in shown_fields()]
    columns.append(f"{_MONTH} AS month")
    return "SELECT " + ", ".join(columns) + " " + QUOTE_FROM


def entity_mentions_sql() -> str:
    return (
        "SELECT m.rowid AS mention_id, a.id AS article_id, a.title AS title, a.date AS date, "
        f"{_MONTH} AS month, a.source AS source, e.entity_id AS entity_id, e.name AS entity, "
        'e.type AS entity_type, m.text AS mention, m.start AS start, m."end" AS "end", m.label AS label '
        "FROM mentions m JOIN entities e ON e.rowid = m.entity_rowid JOIN articles a ON a.rowid = m.article_rowid"
    )


def create_views(conn: sqlite3.Connection) -> None:
    """(Re)create the views inside the caller's transaction."""
    for name, sql in (("quotations", quotations_sql()), ("entity_mentions", entity_mentions_sql())):
        conn.execute(f"DROP VIEW IF EXISTS {name}")
        conn.execute(f"CREATE VIEW {name} AS {sql}")
