"""WARC and WARC.gz (Common Crawl, CC-NEWS, any web archive) to records, through `warcio`.

Only HTTP `response` records whose payload is HTML become records; their page goes to the pipeline as
`html`, so its main text is found by trafilatura exactly as for a `.html` file. The record keeps what a
reader of the extracted facts needs to cite them: `WARC-Record-ID` as `id`, `WARC-Target-URI` as `url`,
`WARC-Date` as `date`. Everything else in the archive (requests, metadata, warcinfo, revisits, images,
PDFs, redirects and error pages) is *skipped*, not failed: a `Skipped` value says why, so a batch can count
skips by reason without filling its error log with the normal contents of a crawl.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from khabar.readers.decode import UndecodableError
from khabar.readers.files import decode_html_bytes
from khabar.readers.records import ReadFailure, Record

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A WARC record that is normal in a crawl but is not an article page (counted, never an error)."""

    source: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason}


def read_warc(path: str | Path, name: str | None = None) -> Iterator[Record | ReadFailure | Skipped]:
    """Yield a record for each HTML response of the archive, a `Skipped` for every other record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = name or str(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield ReadFailure(name, exc.strerror or str(exc))
        return
    with fh:
        try:
            for number, rec in enumerate(ArchiveIterator(fh), 1):
                if not rec.format.startswith("warc"):  # warcio falls back to ARC on a non-WARC header
                    yield ReadFailure(name, "not a WARC file (no WARC/1.x header)")
                    return
                yield _one(rec, f"{name}#{number}")
        except ArchiveLoadFailed as exc:
            yield ReadFailure(name, f"not a WARC file or truncated: {exc}")
        except (OSError, EOFError, ValueError) as exc:  # a truncated .gz member
            yield ReadFailure(name, f"cannot read the archive: {type(exc).__name__}: {exc}")


def _one(rec, where: str) -> Record | ReadFailure | Skipped:  # noqa: ANN001 - warcio's ArcWarcRecord
    headers = rec.rec_headers
    record_id = headers.get_header("WARC-Record-ID") or ""
    source = f"{where} {record_id}".strip()
    if rec.rec_type != "response":
        return Skipped(source, f"WARC {rec.rec_type} record")
    http = rec.http_headers
    if http is None:
        return Skipped(source, "response without HTTP headers")
    status = (http.get_statuscode() or "").strip()
    if not status.startswith("2"):
        return Skipped(source, f"HTTP status {status[:1] or '?'}xx")
    content_type = (http.get_header("Content-Type") or "").strip()
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime not in HTML_TYPES:
        return Skipped(source, f"non-HTML response ({mime or 'no content type'})")
    try:
        payload = rec.content_stream().read()
    except Exception as exc:  # a broken chunked or gzip content-encoding
        return ReadFailure(source, f"payload could not be decoded: {type(exc).__name__}: {exc}")
    if getattr(rec.raw_stream, "limit", 0):  # the archive ends inside this record (a cut download)
        return ReadFailure(source, "record is truncated: the archive ends inside it")
    html = _decode(payload, content_type)
    if html is None:
        return ReadFailure(source, "payload is neither UTF-8 nor in its declared charset")
    if not html.strip():
        return ReadFailure(source, "empty HTML payload")
    record = Record(id=record_id.strip() or where, html=html, origin=source)
    url = headers.get_header("WARC-Target-URI")
    date = headers.get_header("WARC-Date")
    if url:
        record["url"] = url.strip()
    if date:
        record["date"] = date.strip()
    return record


def _decode(payload: bytes, content_type: str) -> str | None:
    declared = _CHARSET.search(content_type)
    if declared:
        try:
            return payload.decode(declared.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode_html_bytes(payload)
    except UndecodableError:
        return None
