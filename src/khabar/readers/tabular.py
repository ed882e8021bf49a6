"""Inputs at scale: JSONL (plain, .gz, .zst), JSON arrays (also inside .zip) and Parquet, by record range.

A crawl dump or a year of an outlet comes as a few large files, not as thousands of small ones. To spread
them over workers they are read by *record range*: `read_range(path, kind, start, stop)` yields the records
with index `start <= i < stop` (a JSONL record's index is its physical line, blank lines included, so a
failure still names `file:line`). The column that holds the text, the HTML and the id is configurable
(`Columns`), since every dump names them its own way; the meta keys (`url`, `title`, `date`, `source`) are
read under their own names. Failures are values, as everywhere in `readers/`.

`zstandard` and `pyarrow` are imported only when a .zst or Parquet file is read.
"""
from __future__ import annotations

import datetime as _dt
import gzip
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from khabar.readers.decode import compression_of, open_compressed
from khabar.readers.files import json_line, record_from_object
from khabar.readers.records import META_KEYS, ReadFailure, Record

# kind -> suffixes (lower case, longest first where they overlap)
KIND_SUFFIXES: tuple[tuple[str, str], ...] = (
    (".jsonl.gz", "jsonl"), (".jsonl.zst", "jsonl"), (".jsonl.zstd", "jsonl"), (".jsonl", "jsonl"),
    (".ndjson", "jsonl"), (".ndjson.gz", "jsonl"), (".ndjson.zst", "jsonl"),
    (".warc.gz", "warc"), (".warc", "warc"),
    (".parquet", "parquet"),
    (".json", "json"),
    (".zip", "zip"),
    (".txt", "text"),
    (".html", "html"), (".htm", "html"),
)


@dataclass(frozen=True, slots=True)
class Columns:
    """Where a row keeps the article's id, plain text, HTML, date, title and url (`source` keeps its name).
    Dumps name them their own way: SaudiNewsNet keeps its text in `content` and its date in
    `date_extracted`, and a date left unread is a corpus without dates."""

    id: str = "id"
    text: str = "text"
    html: str = "html"
    date: str = "date"
    title: str = "title"
    url: str = "url"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    def meta_column(self, key: str) -> str:
        """The row's column holding the meta key `key` (url, title, date, source)."""
        return {"date": self.date, "title": self.title, "url": self.url}.get(key, key)


def kind_of(path: str | Path) -> str | None:
    """`jsonl`, `json`, `zip`, `parquet`, `warc`, `text` or `html` from the file name; None if unknown."""
    name = str(path).lower()
    for suffix, kind in sorted(KIND_SUFFIXES, key=lambda item: -len(item[0])):
        if name.endswith(suffix):
            return kind
    return None


def open_binary(path: str | Path) -> IO[bytes]:
    """Open a file for reading, decompressing `.gz` and `.zst` transparently, and gzip/bzip2/xz content
    whatever the file is called."""
    name = str(path).lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if name.endswith((".zst", ".zstd")):
        import zstandard

        raw = open(path, "rb")  # noqa: SIM115 - closed with the reader
        reader = zstandard.ZstdDecompressor().stream_reader(raw, closefd=True)
        return io.BufferedReader(reader)  # type: ignore[arg-type]
    raw = open(path, "rb")  # noqa: SIM115
    method = compression_of(raw.peek(8)[:8])
    if method in ("gzip", "bzip2", "xz"):  # compressed but not named so (a crawler's `dump.jsonl`)
        return open_compressed(raw, method)  # type: ignore[no-any-return]
    return raw


def _plain(value: Any) -> Any:
    """Parquet and JSON dumps carry dates as timestamps and ids as numbers; records carry strings."""
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def record_from_row(row: Any, columns: Columns, default_id: str, origin: str) -> Record | str:
    """Map one row (a dict) through `columns` into a record, or return why it is not one."""
    if not isinstance(row, dict):
        return record_from_object(row, default_id, origin)  # gives the usual "not a JSON object" reason
    obj: dict[str, Any] = {}
    ident = row.get(columns.id)
    if ident is not None:
        obj["id"] = ident if isinstance(ident, (str, int)) else _plain(ident)
    for key, column in (("text", columns.text), ("html", columns.html)):
        if row.get(column) is not None:
            obj[key] = row[column]
    for key in META_KEYS:
        column = columns.meta_column(key)
        if row.get(column) is not None:
            obj[key] = _plain(row[column])
    result = record_from_object(obj, default_id=default_id, origin=origin)
    if result == no_text(Columns()):  # named as the run calls them: «no 'body' or 'html'» under --text-column body
        return no_text(columns)
    return result


def no_text(columns: Columns) -> str:
    """Why a row without the article's text or HTML fails; a batch whose every row fails so hints at
    `--text-column` (`khabar.batch.hints`)."""
    return f"no {columns.text!r} or {columns.html!r}"


def no_text_column(columns: Columns) -> str:
    """Why a Parquet file without the article's text or HTML column yields nothing (its columns follow)."""
    return f"no column {columns.text!r} or {columns.html!r}"


def first_columns(path: str | Path, kind: str, member: str | None = None, look: int = 100) -> list[str]:
    """The columns (Parquet) or keys (the first JSON object among the first `look` items) of an input,
    sorted; [] if it has none or cannot be read. What the user can choose `--text-column` from."""
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            return sorted(pq.ParquetFile(path).schema_arrow.names)
        if kind == "jsonl" and member is None:
            with open_binary(path) as fh:
                items: Any = [line for _, line in zip(range(look), fh)]
        else:
            items = _load_json_items(path, member)
        for index, item in enumerate(items if isinstance(items, list) else [items]):
            if index >= look:
                break
            obj = json_line(item, index == 0, "") if isinstance(item, (str, bytes)) else item
            if isinstance(obj, dict):
                return sorted(str(k) for k in obj)
    except Exception:  # noqa: BLE001 - a hint, never a second failure
        return []
    return []


def _in_range(index: int, start: int, stop: int | None) -> bool:
    return index >= start and (stop is None or index < stop)


# --- counting (for planning shards) -------------------------------------------------------------------


def count_records(path: str | Path, kind: str, member: str | None = None) -> int:
    """How many record indices `read_range` will walk for this input (lines, rows or array items)."""
    if kind == "jsonl":
        with open_binary(path) as fh:
            return sum(1 for _ in fh)
    if kind == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    if kind in ("json", "zip"):
        loaded = _load_json_items(path, member)
        return len(loaded) if isinstance(loaded, list) else 1 if isinstance(loaded, dict) else 0  # one object: one record
    raise ValueError(f"cannot count records of a {kind} input")


def zip_members(path: str | Path) -> list[str]:
    """The .json and .jsonl members of a zip archive, in name order (folders and hidden files left out)."""
    with zipfile.ZipFile(path) as zf:
        names = [i.filename for i in zf.infolist() if not i.is_dir()]
    keep = [n for n in names if kind_of(n) in ("json", "jsonl") and not Path(n).name.startswith((".", "__"))]
    return sorted(keep)


# --- reading ------------------------------------------------------------------------------------------


def read_range(
    path: str | Path,
    kind: str,
    start: int = 0,
    stop: int | None = None,
    columns: Columns | None = None,
    member: str | None = None,
    name: str | None = None,
) -> Iterator[Record | ReadFailure]:
    """Records with index in `[start, stop)` of one JSONL, JSON, zip member or Parquet input."""
    columns = columns or Columns()
    name = name or str(path)
    try:
        if kind == "jsonl" and member is None:
            with open_binary(path) as fh:
                yield from _jsonl_lines(fh, name, _stem(path), columns, start, stop)
        elif kind == "parquet":
            yield from _parquet_rows(path, name, columns, start, stop)
        elif kind in ("json", "zip", "jsonl"):
            yield from _json_items(path, member, name, columns, start, stop)
        else:
            yield ReadFailure(name, f"not a tabular input ({kind})")
    except (OSError, EOFError, zipfile.BadZipFile, ValueError) as exc:
        # a truncated .gz, a corrupt zip or Parquet footer: the rest of this input cannot be read
        yield ReadFailure(name, f"cannot read: {type(exc).__name__}: {exc}")
    except Exception as exc:  # pyarrow and zstandard raise their own kinds for corrupt data
        yield ReadFailure(name, f"cannot read: {type(exc).__name__}: {exc}")


def _stem(path: str | Path) -> str:
    base = Path(str(path)).name
    lowered = base.lower()
    for suffix, _ in sorted(KIND_SUFFIXES, key=lambda item: -len(item[0])):
        if lowered.endswith(suffix):
            return base[: len(base) - len(suffix)]
    return Path(base).stem


def _jsonl_lines(
    lines: Any, name: str, stem: str, columns: Columns, start: int, stop: int | None
) -> Iterator[Record | ReadFailure]:
    for index, raw in enumerate(lines):
        if stop is not None and index >= stop:
            break
        if index < start:
            continue
        line_no = index + 1
        where = f"{name}:{line_no}"
        obj = json_line(raw, index == 0, where)
        if obj is None or isinstance(obj, ReadFailure):
            if obj is not None:
                yield obj
            continue
        result = record_from_row(obj, columns, default_id=f"{stem}-{line_no}", origin=where)
        yield result if isinstance(result, Record) else ReadFailure(where, result)


def _load_json_items(path: str | Path, member: str | None) -> Any:
    if member is not None:
        with zipfile.ZipFile(path) as zf:
            data = zf.read(member)
    else:
        with open_binary(path) as fh:
            data = fh.read()
    text = data.decode("utf-8-sig")
    if member is not None and kind_of(member) == "jsonl":
        return [line for line in text.splitlines()]
    return json.loads(text)


def _json_items(
    path: str | Path, member: str | None, name: str, columns: Columns, start: int, stop: int | None
) -> Iterator[Record | ReadFailure]:
    where_file = f"{name}!{member}" if member else name
    stem = _stem(member or path)
    try:
        items = _load_json_items(path, member)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield ReadFailure(where_file, f"not a JSON document ({exc})")
        return
    if member is not None and kind_of(member) == "jsonl":
        yield from _jsonl_lines(items, where_file, stem, columns, start, stop)
        return
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        yield ReadFailure(where_file, "a .json input must hold an array of objects or one object")
        return
    for index in range(start, len(items) if stop is None else min(stop, len(items))):
        where = f"{where_file}:[{index}]"
        result = record_from_row(items[index], columns, default_id=f"{stem}-{index}", origin=where)
        yield result if isinstance(result, Record) else ReadFailure(where, result)


def _parquet_rows(
    path: str | Path, name: str, columns: Columns, start: int, stop: int | None
) -> Iterator[Record | ReadFailure]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    present = set(pf.schema_arrow.names)
    wanted = [c for c in dict.fromkeys((columns.id, columns.text, columns.html,
                                         *(columns.meta_column(k) for k in META_KEYS))) if c in present]
    if columns.text not in present and columns.html not in present:
        yield ReadFailure(name, f"{no_text_column(columns)} (has {sorted(present)})")
        return
    stem = _stem(path)
    # Skip whole row groups before `start` from the footer, without reading them.
    groups, first_row, row = [], None, 0
    meta = pf.metadata
    for g in range(meta.num_row_groups):
        n = meta.row_group(g).num_rows
        if row + n > start and (stop is None or row < stop):
            groups.append(g)
            first_row = row if first_row is None else first_row
        row += n
    if not groups:
        return
    index = first_row or 0
    for batch in pf.iter_batches(batch_size=1024, row_groups=groups, columns=wanted):
        for item in batch.to_pylist():
            if stop is not None and index >= stop:
                return
            if index >= start:
                where = f"{name}:row {index}"
                result = record_from_row(item, columns, default_id=f"{stem}-{index}", origin=where)
                yield result if isinstance(result, Record) else ReadFailure(where, result)
            index += 1
