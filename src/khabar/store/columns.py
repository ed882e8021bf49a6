"""The quotation fields (`khabar.fields`) as SQL: the store's columns, its insert, and the one select every
reader of quotations uses (export, search, provenance, the API and the pages).

Fields the analysis fills are columns of `quotes`; the others come from the article (`a`), the corpus
speaker (`s`) or the provenance group (`g`) of the joins below, named once in `_DERIVED`.
"""
from __future__ import annotations

from typing import Any

from khabar.fields import QUOTE_FIELDS, Field, flatten, shown_fields, stored_fields

_SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "real": "REAL"}

# Where the fields that the analysis does not fill are read from, in the joins of `QUOTE_FROM`.
_DERIVED = {
    "quote_id": "q.rowid",
    "article_id": "a.id",
    "idx": "q.idx",
    "date": "a.date",
    "source": "a.source",
    "title": "a.title",
    "url": "a.url",
    "speaker_id": "q.speaker_id",
    "speaker_canonical": "s.name",
    "group_id": "q.group_id",
    "group_source_quote": "g.source_quote",
}

# The joins after `FROM quotes q` (or after a FROM that names the quotes table `q` another way).
QUOTE_JOINS = ("JOIN articles a ON a.rowid = q.article_rowid LEFT JOIN speakers s ON s.id = q.speaker_id "
               "LEFT JOIN quote_groups g ON g.id = q.group_id")
QUOTE_FROM = "FROM quotes q " + QUOTE_JOINS


def sql_of(field: Field) -> str:
    if field.stored:
        return f'q."{field.store_column}"'
    try:
        return _DERIVED[field.name]
    except KeyError:
        raise ValueError(f"field {field.name!r} ({field.origin}) has no SQL in store/columns.py") from None


def column_defs(since: int, fields: tuple[Field, ...] | None = None) -> list[str]:
    """`name TYPE [NOT NULL]` of the stored fields migration `since` adds to `quotes`."""
    return [f'"{f.store_column}" {_SQL_TYPES[f.type]}' + (" NOT NULL" if f.required else "")
            for f in stored_fields(fields) if f.since == since]


def select_list(fields: tuple[Field, ...] | None = None) -> str:
    """The SQL expressions of `fields` (default: those shown), in order, for `SELECT … {QUOTE_FROM}`."""
    return ", ".join(sql_of(f) for f in (fields if fields is not None else shown_fields()))


def row_dict(row: tuple[Any, ...] | Any, fields: tuple[Field, ...] | None = None) -> dict[str, Any]:
    """A selected row as the flat quotation: field name → value, in declaration order."""
    names = [f.name for f in (fields if fields is not None else shown_fields())]
    return dict(zip(names, tuple(row)[: len(names)]))


def insert_sql(fields: tuple[Field, ...] | None = None) -> str:
    cols = ["article_rowid", "idx"] + [f'"{f.store_column}"' for f in stored_fields(fields)] + ["text_norm",
                                                                                             "text_stem"]
    return f"INSERT INTO quotes ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"


def insert_values(article_rowid: int, idx: int, quote: dict[str, Any], norm: str, stem: str,
                  fields: tuple[Field, ...] | None = None) -> tuple[Any, ...]:
    flat = flatten(quote, fields)
    return (article_rowid, idx, *(flat[f.name] for f in stored_fields(fields)), norm, stem)


__all__ = ["QUOTE_FIELDS", "QUOTE_FROM", "QUOTE_JOINS", "column_defs", "insert_sql", "insert_values", "row_dict",
           "select_list", "sql_of"]
