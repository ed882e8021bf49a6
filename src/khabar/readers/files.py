"""Files, folders and stdin to records, with every failure returned as a value.

Inputs are what people actually have: a folder of scraped pages, a JSONL dump from a crawler, a text file
saved by Word in Windows-1256, something piped from `curl`. Each is turned into records the pipeline can
take; whatever cannot be read becomes a `ReadFailure` that names the file (and line) and says why, and the
rest of the batch is still read.
"""
from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from khabar.arabic.fold import UNPAIRED_SURROGATE
from khabar.readers.decode import (UndecodableError, compression_of, decode_bytes, decode_line, decompressed,
                                   open_compressed)
from khabar.readers.records import META_KEYS, RECORD_KEYS, ReadFailure, Record

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
STDIN_NAME = "<stdin>"

_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section|main)\b", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# One article file is read whole; past this it is a dump, not an article (JSONL is streamed instead).
MAX_FILE_BYTES = 256 * 1024 * 1024
# One JSONL line is parsed whole; a longer line is reported and skipped without being held in memory.
MAX_LINE_BYTES = 64 * 1024 * 1024
_PLAIN_ENCODINGS = frozenset({"utf-8", "ascii", "utf_8", "utf8"})


def with_encoding(record: Record, encoding: str | None) -> Record:
    """Note on the record the encoding its bytes were decoded from, when it was not plain UTF-8, so the
    output (`meta.encoding`) says a Windows-1256 or UTF-16 file was read as such."""
    if encoding and encoding.lower() not in _PLAIN_ENCODINGS:
        record["encoding"] = encoding
    return record


def iter_records(paths: list[str], stdin: IO[Any] | None = None) -> Iterator[Record | ReadFailure]:
    """Yield a record or a failure for each article found in `paths`, in the order given.

    A folder is walked recursively in sorted order, keeping `.txt .html .htm .jsonl` and skipping hidden
    entries; `-` reads standard input (or `stdin`) and guesses whether it is JSONL, HTML or plain text.
    """
    for raw in paths:
        if raw == "-":
            yield from read_stream(stdin if stdin is not None else sys.stdin)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _read_folder(path, raw)
        elif path.is_file():
            yield from read_file(path, name=raw)
        elif path.exists():
            yield ReadFailure(raw, "not a regular file or folder")
        else:
            yield ReadFailure(raw, "no such file or folder")


def count_articles(paths: list[str]) -> int | None:
    """About how many articles `iter_records(paths)` will yield, for a progress bar's total; None when it
    cannot be told without reading them (standard input, a compressed or UTF-16 JSONL file). One pass of
    byte counting per JSONL file and a walk of each folder: cheap beside analysing the articles."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            return None
        files = ([p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(path).parts)]
                 if path.is_dir() else [path])
        for f in files:
            n = _count_jsonl(f) if f.suffix.lower() in JSONL_SUFFIXES else 1
            if n is None:
                return None
            total += n
    return total


def _count_jsonl(path: Path) -> int | None:
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if compression_of(head) or head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
                return None
            fh.seek(0)
            return sum(1 for line in fh if line.strip())
    except OSError:
        return 1  # reported as one failure when it is read


def _read_folder(folder: Path, name: str) -> Iterator[Record | ReadFailure]:
    found = sorted(
        (p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()),
        key=lambda p: p.relative_to(folder).parts,
    )
    found = [p for p in found if not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    if not found:
        yield ReadFailure(name, "folder has no .txt, .html, .htm or .jsonl files")
        return
    for p in found:
        yield from read_file(p, name=str(p))


# Inputs `khabar batch` reads (`readers.tabular`) and a file-by-file read does not: a failure to read one
# says so, since the user holding a .zip of articles has the right tool one command away.
_BATCH_READS = {"zip": ".zip archives (the .json and .jsonl files inside)", "parquet": "Parquet files",
                "json": "JSON arrays", "warc": "WARC files"}


def read_file(path: Path | str, name: str | None = None) -> Iterator[Record | ReadFailure]:
    """Read one file by its suffix; an unknown suffix is sniffed like standard input."""
    from khabar.readers.tabular import kind_of  # tabular builds on this module

    path = Path(path)
    name = name or str(path)
    reads = _BATCH_READS.get(kind_of(path) or "")
    for item in _read_file(path, name):
        if reads and isinstance(item, ReadFailure):
            item = ReadFailure(item.source, f"{item.reason}; `khabar batch` reads {reads}")
        yield item


def _read_file(path: Path, name: str) -> Iterator[Record | ReadFailure]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, name)
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield ReadFailure(name, f"file of {size / 2**20:,.0f} MB is over the {MAX_FILE_BYTES // 2**20} MB "
                                    "one article file may be (split it, or give many articles as JSONL)")
            return
        data = path.read_bytes()
        data, method = decompressed(data)
    except OSError as exc:
        yield ReadFailure(name, exc.strerror or str(exc))
        return
    except UndecodableError as exc:
        yield ReadFailure(name, str(exc))
        return
    if method is not None and suffix not in HTML_SUFFIXES:
        yield from _read_sniffed(data, path.stem, name)  # a .txt that is really a gzip: look at what is inside
    elif suffix in HTML_SUFFIXES:
        yield _html_record(data, path.stem, name)
    elif suffix in TEXT_SUFFIXES:
        yield _text_record(data, path.stem, name)
    else:
        yield from _read_sniffed(data, path.stem, name)


def read_stream(stream: IO[Any]) -> Iterator[Record | ReadFailure]:
    """Read all of a (text or binary) stream and guess its format from the content."""
    buffer = getattr(stream, "buffer", None)
    data: bytes | str = buffer.read() if buffer is not None else stream.read()
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    yield from _read_sniffed(data, "stdin", STDIN_NAME)


def sniff(text: str) -> str:
    """Guess `"jsonl"`, `"html"` or `"text"` from the first lines of `text`."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        lines = [line.strip() for line in head.split("\n", 20)[:20] if line.strip()]
        if all(line.startswith("{") for line in lines[:5]):
            return "jsonl"
    if _HTML_START.match(head) or "<html" in head[:2048].lower():
        return "html"
    return "text"


def _read_sniffed(data: bytes, stem: str, name: str) -> Iterator[Record | ReadFailure]:
    try:
        data, _ = decompressed(data)
        text, encoding = decode_bytes(data)
    except UndecodableError as exc:
        yield ReadFailure(name, str(exc))
        return
    kind = sniff(text)
    if kind == "text" and re.match(r"[\ufeff\s]*\[\s*[{\]]", text):
        # a JSON array of articles read as one article would be analysed as JSON syntax
        yield ReadFailure(name, "a JSON array, not an article or JSON lines (one object per line)")
        return
    if text.startswith(("WARC/1.", "\ufeffWARC/1.")):
        yield ReadFailure(name, "a WARC web archive, not an article")
        return
    if kind == "jsonl":
        for item in parse_jsonl_lines(io.StringIO(text), name, stem):
            yield with_encoding(item, encoding) if isinstance(item, Record) else item
    elif kind == "html":
        yield _record_or_empty(with_encoding(Record(id=stem, html=text, origin=name), encoding), text, name)
    else:
        yield _record_or_empty(with_encoding(Record(id=stem, text=text, origin=name), encoding), text, name)


def _record_or_empty(record: Record, content: str, name: str) -> Record | ReadFailure:
    if not content:
        return ReadFailure(name, "empty input (no bytes)")
    if not content.strip():
        return ReadFailure(name, "empty input (only whitespace)")
    return record


def _text_record(data: bytes, stem: str, name: str) -> Record | ReadFailure:
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as exc:
        return ReadFailure(name, str(exc))
    return _record_or_empty(with_encoding(Record(id=stem, text=text, origin=name), encoding), text, name)


def decode_html_bytes(data: bytes) -> str:
    """Decode a page, honouring its `<meta charset>` before guessing; raises `UndecodableError`."""
    return decode_html(data)[0]


def decode_html(data: bytes) -> tuple[str, str]:
    """`(html, encoding)` of a page: UTF-8, else its declared `<meta charset>`, else a detected encoding."""
    if b"\x00" not in data:
        try:
            return data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            pass
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            charset = declared.group(1).decode("ascii")
            try:
                return data.decode(charset), charset.lower()
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_bytes(data)


def _html_record(data: bytes, stem: str, name: str) -> Record | ReadFailure:
    try:
        html, encoding = decode_html(data)
    except UndecodableError as exc:
        return ReadFailure(name, str(exc))
    return _record_or_empty(with_encoding(Record(id=stem, html=html, origin=name), encoding), html, name)


def _read_jsonl_file(path: Path, name: str) -> Iterator[Record | ReadFailure]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield ReadFailure(name, exc.strerror or str(exc))
        return
    with fh:
        head = fh.read(8)
        fh.seek(0)
        method = compression_of(head)
        if method in ("gzip", "bzip2", "xz"):  # a compressed file without its suffix: stream what is inside
            inner = open_compressed(fh, method)
            try:
                yield from parse_jsonl_lines(_bounded_lines(inner, name), name, path.stem)
            except (OSError, EOFError) as exc:
                yield ReadFailure(name, f"{method}-compressed but broken ({type(exc).__name__}: {exc})")
        elif head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            # UTF-16/32: decode it whole (with or without a BOM)
            try:
                text, encoding = decode_bytes(fh.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES])
            except UndecodableError as exc:
                yield ReadFailure(name, str(exc))
                return
            for item in parse_jsonl_lines(io.StringIO(text), name, path.stem):
                yield with_encoding(item, encoding) if isinstance(item, Record) else item
        else:
            yield from parse_jsonl_lines(_bounded_lines(fh, name), name, path.stem)


class _TooLong(bytes):
    """Stands for a line over `MAX_LINE_BYTES` that was skipped rather than read into memory."""


def _bounded_lines(fh: IO[bytes], name: str) -> Iterator[bytes]:
    while True:
        line = fh.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:  # drain the rest of the line in bounded pieces
                more = fh.readline(MAX_LINE_BYTES)
                if not more or more.endswith(b"\n"):
                    break
            yield _TooLong()
            continue
        yield line


def json_line(raw: str | bytes, first: bool, where: str) -> Any:
    """The JSON value on one line, `None` for a blank line, or a failure naming `where` and the reason;
    shared by every JSONL reader so that they all report bad lines the same way."""
    if isinstance(raw, _TooLong):
        return ReadFailure(where, f"line is over {MAX_LINE_BYTES:,} bytes; skipped")
    if isinstance(raw, bytes):
        try:
            raw = decode_line(raw, first)[0]
        except UndecodableError as exc:
            return ReadFailure(where, str(exc))
    line = raw.strip().lstrip("\ufeff")
    if not line:
        return None
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadFailure(where, f"not JSON ({exc.msg} at column {exc.colno})")


def parse_jsonl_lines(lines: Iterable[str | bytes], name: str, stem: str) -> Iterator[Record | ReadFailure]:
    """One record per non-blank line; a bad line is a failure naming `name:line` and the rest go on."""
    for line_no, raw in enumerate(lines, 1):
        where = f"{name}:{line_no}"
        encoding = None
        if isinstance(raw, bytes) and not isinstance(raw, _TooLong):
            try:
                raw, encoding = decode_line(raw, line_no == 1)
            except UndecodableError as exc:
                yield ReadFailure(where, str(exc))
                continue
        obj = json_line(raw, line_no == 1, where)
        if obj is None or isinstance(obj, ReadFailure):
            if obj is not None:
                yield obj
            continue
        result = record_from_object(obj, default_id=f"{stem}-{line_no}", origin=where)
        yield with_encoding(result, encoding) if isinstance(result, Record) else ReadFailure(where, result)


def record_from_object(obj: Any, default_id: str, origin: str = "") -> Record | str:
    """Validate one decoded JSON value into a record, or return the reason it is not one."""
    if not isinstance(obj, dict):
        return f"not a JSON object (got {_json_type(obj)})"
    for key in ("id",) + RECORD_KEYS[1:]:
        value = obj.get(key)
        bad = UNPAIRED_SURROGATE.search(value) if isinstance(value, str) else None
        if bad:  # JSON allows "\\ud800" escapes; such a string is not Unicode text and no store can keep it
            return (f"'{key}' has an unpaired UTF-16 surrogate (U+{ord(bad.group()):04X} at character "
                    f"{bad.start()}): not valid Unicode text")
    record = Record(origin=origin)
    ident = obj.get("id")
    if ident is None:
        record["id"] = default_id
        record.id_given = False
    elif isinstance(ident, str) and ident.strip():
        record["id"] = ident
    elif isinstance(ident, int) and not isinstance(ident, bool):
        record["id"] = str(ident)
    else:
        return f"'id' must be a non-empty string or an integer (got {_json_type(ident)})"
    for key in ("text", "html"):
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return f"'{key}' must be a string (got {_json_type(value)})"
        if value.strip():
            record[key] = value
    if "text" not in record and "html" not in record:
        if any(isinstance(obj.get(k), str) for k in ("text", "html")):
            return "empty 'text'/'html'"
        return "no 'text' or 'html'"
    for key in META_KEYS:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return f"'{key}' must be a string (got {_json_type(value)})"
        if value.strip():
            record[key] = value.strip()
    if not record.origin:
        record.origin = str(record["id"])
    return record


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}.get(
        type(value), "null" if value is None else type(value).__name__
    )

