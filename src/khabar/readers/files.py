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

from khabar.readers.decode import UndecodableError, decode_bytes
from khabar.readers.records import META_KEYS, ReadFailure, Record

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
STDIN_NAME = "<stdin>"

_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section|main)\b", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


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


def read_file(path: Path | str, name: str | None = None) -> Iterator[Record | ReadFailure]:
    """Read one file by its suffix; an unknown suffix is sniffed like standard input."""
    path = Path(path)
    name = name or str(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, name)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadFailure(name, exc.strerror or str(exc))
        return
    if suffix in HTML_SUFFIXES:
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
        text, _ = decode_bytes(data)
    except UndecodableError as exc:
        yield ReadFailure(name, str(exc))
        return
    kind = sniff(text)
    if kind == "jsonl":
        yield from parse_jsonl_lines(io.StringIO(text), name, stem)
    elif kind == "html":
        yield _record_or_empty(Record(id=stem, html=text, origin=name), text, name)
    else:
        yield _record_or_empty(Record(id=stem, text=text, origin=name), text, name)


def _record_or_empty(record: Record, content: str, name: str) -> Record | ReadFailure:
    if not content.strip():
        return ReadFailure(name, "empty input")
    return record


def _text_record(data: bytes, stem: str, name: str) -> Record | ReadFailure:
    try:
        text, _ = decode_bytes(data)
    except UndecodableError as exc:
        return ReadFailure(name, str(exc))
    return _record_or_empty(Record(id=stem, text=text, origin=name), text, name)


def decode_html_bytes(data: bytes) -> str:
    """Decode a page, honouring its `<meta charset>` before guessing; raises `UndecodableError`."""
    if b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_bytes(data)[0]


def _html_record(data: bytes, stem: str, name: str) -> Record | ReadFailure:
    try:
        html = decode_html_bytes(data)
    except UndecodableError as exc:
        return ReadFailure(name, str(exc))
    return _record_or_empty(Record(id=stem, html=html, origin=name), html, name)


def _read_jsonl_file(path: Path, name: str) -> Iterator[Record | ReadFailure]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield ReadFailure(name, exc.strerror or str(exc))
        return
    with fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16/32 with BOM: small, decode it whole
            try:
                text, _ = decode_bytes(fh.read())
            except UndecodableError as exc:
                yield ReadFailure(name, str(exc))
                return
            yield from parse_jsonl_lines(io.StringIO(text), name, path.stem)
        else:
            yield from parse_jsonl_lines(fh, name, path.stem)


def json_line(raw: str | bytes, first: bool, where: str) -> Any:
    """The JSON value on one line, `None` for a blank line, or a failure naming `where` and the reason;
    shared by every JSONL reader so that they all report bad lines the same way."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig" if first else "utf-8")
        except UnicodeDecodeError:
            return ReadFailure(where, "line is not UTF-8")
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
        obj = json_line(raw, line_no == 1, where)
        if obj is None or isinstance(obj, ReadFailure):
            if obj is not None:
                yield obj
            continue
        result = record_from_object(obj, default_id=f"{stem}-{line_no}", origin=where)
        yield result if isinstance(result, Record) else ReadFailure(where, result)


def record_from_object(obj: Any, default_id: str, origin: str = "") -> Record | str:
    """Validate one decoded JSON value into a record, or return the reason it is not one."""
    if not isinstance(obj, dict):
        return f"not a JSON object (got {_json_type(obj)})"
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

