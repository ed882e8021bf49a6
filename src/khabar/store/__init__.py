"""The corpus store: articles, quotations, entities and mentions in SQLite, searchable and linked across
articles (corpus speakers, quotation provenance), with exports.

    from khabar.store import connect, ingest_paths, search_quotes
    conn = connect("khabar.db")
    ingest_paths(conn, ["news.jsonl"])
    for q in search_quotes(conn, "الميناء"):
        print(q["speaker"], q["article_id"], q["text"])

Depends on `article`, `pipeline`, `readers` and `text` (and `entities.names` for name folding), never on
`cli`: the commands in `khabar.cli.store` are thin wrappers over these functions.
"""
from __future__ import annotations

from khabar.store.ingest import Ingester, IngestStats, ingest_paths, refresh_derived
from khabar.store.provenance import quote_origin
from khabar.store.schema import DEFAULT_DB, SCHEMA_VERSION, connect, migrate, schema_version
from khabar.store.search import Filters, count_articles, count_quotes, search_articles, search_quotes
from khabar.store.speakers import list_speakers

__all__ = [
    "DEFAULT_DB", "SCHEMA_VERSION", "Filters", "IngestStats", "Ingester", "connect", "count_articles", "count_quotes",
    "ingest_paths", "list_speakers", "migrate", "quote_origin", "refresh_derived", "schema_version",
    "search_articles", "search_quotes",
]
