"""Exports of the store as JSONL, CSV or Parquet, one table at a time, with stable columns.

The columns (and their order) are `columns(table)` (for quotations, the exported fields of `khabar.fields`), documented in the README's "Corpus" section; new
columns are only ever added at the end. Rows are streamed from SQLite and written as they come (Parquet in
row groups), so an export of a large corpus runs in flat memory; the file appears under its name only once
complete, and a read-only store is exported as it is (its derived columns possibly stale). In CSV, list
columns (`roles`, `mentions`) are JSON strings; in JSONL and Parquet they are lists.

CSV starts with a UTF-8 byte order mark unless `bom=False`: without it Excel reads Arabic as Latin-1
mojibake, and the CSV readers of Python (`utf-8-sig`), pandas, DuckDB and LibreOffice skip it. Parquet keeps
the declared types (an integer column with empty cells stays integer, `date` is a date; a stored date that
is not a calendar day YYYY-MM-DD is empty there and kept as written in JSONL and CSV) and names the khabar
and store schema versions that wrote it in the file's metadata.
"""
from __future__ import annotations

import csv
import datetime
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from khabar.errors import StoreError
from khabar.fields import exported_fields
from khabar.store.columns import QUOTE_FROM, select_list

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("articles", "quotes", "entities")

COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("id", "title", "date", "source", "url", "origin", "pipeline_version", "schema_version",
                 "ingested_at", "quotes", "entities", "text"),
    "entities": ("article_id", "entity_id", "name", "type", "roles", "mentions"),
}

_SQL = {
    "articles": (
        "SELECT a.id, a.title, a.date, a.source, a.url, a.origin, a.pipeline_version, a.schema_version, "
        "a.ingested_at, (SELECT count(*) FROM quotes q WHERE q.article_rowid = a.rowid), "
        "(SELECT count(*) FROM entities e WHERE e.article_rowid = a.rowid), a.text FROM articles a ORDER BY a.rowid"
    ),
    "entities": (
        "SELECT a.id, e.entity_id, e.name, e.type, e.roles_json, e.rowid FROM entities e "
        "JOIN articles a ON a.rowid = e.article_rowid ORDER BY a.rowid, e.rowid"
    ),
}


def columns(table: str) -> tuple[str, ...]:
    """The export's columns of `table`, in order; the quotations' are the exported fields of
    `khabar.fields` (new ones are only added at the end)."""
    if table == "quotes":
        return tuple(f.name for f in exported_fields())
    return COLUMNS[table]


def _sql(table: str) -> str:
    if table == "quotes":
        return f"SELECT {select_list(exported_fields())} {QUOTE_FROM} ORDER BY a.rowid, q.idx"
    return _SQL[table]


def rows(conn: sqlite3.Connection, table: str) -> Iterator[dict[str, Any]]:
    """The table's rows as dicts with exactly `columns(table)`, in a stable order."""
    if table not in TABLES:
        raise StoreError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")
    cols = columns(table)
    reader = conn.cursor()
    if table != "entities":
        for r in reader.execute(_sql(table)):
            yield dict(zip(cols, r))
        return
    mention_cur = conn.cursor()
    for article_id, entity_id, name, type_, roles, rowid in reader.execute(_SQL[table]):
        mentions = [{"start": s, "end": e, "text": t, "label": lab} for s, e, t, lab in mention_cur.execute(
            'SELECT start, "end", text, label FROM mentions WHERE entity_rowid = ? ORDER BY start', (rowid,))]
        yield dict(zip(cols, (article_id, entity_id, name, type_, json.loads(roles), mentions)))


def _parquet_schema(table: str) -> Any:
    import pyarrow as pa

    s, i, f, d = pa.string(), pa.int64(), pa.float64(), pa.date32()
    types = {
        "articles": [s, s, d, s, s, s, s, s, s, i, i, s],
        "quotes": [d if fld.name == "date" else {"text": s, "integer": i, "real": f}[fld.type]
                   for fld in exported_fields()],
        "entities": [s, s, s, s, pa.list_(s),
                     pa.list_(pa.struct([("start", i), ("end", i), ("text", s), ("label", s)]))],
    }[table]
    from khabar.article import SCHEMA_VERSION as OUTPUT_SCHEMA
    from khabar.pipeline import PIPELINE_VERSION
    from khabar.store.schema import SCHEMA_VERSION

    return pa.schema(list(zip(columns(table), types)), metadata={
        "khabar.version": PIPELINE_VERSION, "khabar.store_schema": str(SCHEMA_VERSION),
        "khabar.output_schema": OUTPUT_SCHEMA, "khabar.table": table})


def _calendar_day(value: Any) -> datetime.date | None:
    """A stored date as a date for Parquet; one that is not a calendar day YYYY-MM-DD is left empty."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def require_pyarrow() -> Any:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet as pq
    except ImportError:
        raise StoreError("Parquet export needs pyarrow: pip install 'khabar[parquet]'") from None
    return pq


def export(conn: sqlite3.Connection, table: str, fmt: str, out: str | Path, batch: int = 5000, *,
           bom: bool = True) -> int:
    """Write `table` to `out` as `fmt`; returns the number of rows written. `bom`: start a CSV with a UTF-8
    byte order mark (see the module's note)."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if table not in TABLES:
        raise StoreError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")
    pq = require_pyarrow() if fmt == "parquet" else None
    from khabar.store.ingest import refresh_derived

    refresh_derived(conn)
    path = Path(out)
    # a file appears under its name only once complete (unless `out` is a device or pipe, written as it is)
    atomic = not path.exists() or path.is_file()
    target = path.with_name(f".{path.name}.tmp-{os.getpid()}") if atomic else path
    existing = next((p for p in path.parents if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise StoreError(f"{path}: cannot write the export: {existing} is not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        n = _write(conn, table, fmt, target, batch, pq, bom)
        if atomic:
            os.replace(target, path)
    except BaseException as exc:
        if atomic:
            try:
                target.unlink(missing_ok=True)
            except OSError:  # its folder cannot be reached either
                pass
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            if exc.filename and str(exc.filename) not in (str(path), str(target)):
                reason = f"{exc.filename}: {reason}"
            raise StoreError(f"{path}: cannot write the export: {reason}") from exc
        raise
    return n


def _write(conn: sqlite3.Connection, table: str, fmt: str, path: Path, batch: int, pq: Any, bom: bool) -> int:
    n = 0
    if fmt == "parquet":
        import pyarrow as pa

        schema = _parquet_schema(table)
        with pq.ParquetWriter(str(path), schema) as writer:
            chunk: list[dict[str, Any]] = []
            for row in rows(conn, table):
                if "date" in row:
                    row["date"] = _calendar_day(row["date"])
                chunk.append(row)
                n += 1
                if len(chunk) >= batch:
                    writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                    chunk = []
            if chunk or n == 0:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
        return n
    encoding = "utf-8-sig" if fmt == "csv" and bom else "utf-8"
    with path.open("w", encoding=encoding, newline="") as fh:
        return write_rows(fh, columns(table), rows(conn, table), fmt)


# A cell a spreadsheet would read as a formula (or, for tab and carriage return, as the start of one once
# trimmed): `=cmd|…`, `+1+2`, `-2+3`, `@SUM(…)`.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any, spreadsheet_safe: bool) -> Any:
    if isinstance(value, (list, tuple)):
        value = json.dumps(value, ensure_ascii=False)
    if spreadsheet_safe and isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # shown as text, as a spreadsheet user would type it
    return value


def write_rows(fh: IO[str], cols: tuple[str, ...] | list[str], records: Iterable[dict[str, Any]], fmt: str, *,
               spreadsheet_safe: bool = False) -> int:
    """Write `records` (dicts with `cols`) to the text file `fh` as JSONL or CSV (the caller chooses the
    encoding, and so the byte order mark); returns the number written. `spreadsheet_safe`: a CSV text cell
    starting with = + - @ (or a tab or carriage return) gets a leading apostrophe, so a spreadsheet shows
    it as text instead of running it as a formula; JSONL is always written as it is."""
    n = 0
    if fmt == "jsonl":
        for row in records:
            fh.write(json.dumps({c: row.get(c) for c in cols}, ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt != "csv":
        raise StoreError(f"unknown row format {fmt!r} (choose from jsonl, csv)")
    writer = csv.writer(fh)
    writer.writerow(cols)
    for row in records:
        writer.writerow([_csv_cell(row.get(c), spreadsheet_safe) for c in cols])
        n += 1
    return n
