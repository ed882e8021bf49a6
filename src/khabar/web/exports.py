"""«تصدير»: the quotations a search chose, all of them (not one page), as a file to download: CSV for a
spreadsheet or JSONL for a script. The rows and columns are the store's export of quotations
(`khabar.store.export.write_rows`, the exported fields of `khabar.fields`), so a downloaded file reads
like `khabar export --table quotes`, narrowed to the search.

The CSV starts with a UTF-8 byte order mark (Excel reads Arabic right with it) and is spreadsheet-safe: a
text cell beginning with = + - @ is written with a leading apostrophe, so opening the file never runs a
formula an article smuggled in. The file is written to a temporary file inside one read snapshot of the
store (one thread, flat memory) and then streamed; at most MAX_EXPORT rows.
"""
from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from itertools import islice
from typing import Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from khabar.fields import exported_fields
from khabar.store.export import write_rows
from khabar.store.search import iter_quotes
from khabar.web.deps import StoreDep
from khabar.web.limits import MAX_EXPORT
from khabar.web.quote_params import QuoteQueryDep

router = APIRouter(prefix="/api")

MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
_CHUNK = 64 * 1024


def _chunks(fh: Any) -> Iterator[bytes]:
    try:
        while block := fh.read(_CHUNK):
            yield block
    finally:
        fh.close()


@router.get("/export/quotes", summary="every quotation the filters choose, as a CSV or JSONL file",
            response_class=StreamingResponse,
            responses={200: {"description": "the file (`Content-Disposition: attachment`)",
                             "content": {"text/csv": {"schema": {"type": "string"}},
                                         "application/x-ndjson": {"schema": {"type": "string"}}}}})
def api_export_quotes(store: StoreDep, chosen: QuoteQueryDep,
                      format: Literal["csv", "jsonl"] = Query("csv", description="csv (UTF-8 with BOM, "
                                                              "spreadsheet-safe) or jsonl"),
                      ) -> StreamingResponse:
    """The same parameters as `GET /api/quotes` (no paging): the whole result, in the same order, with the
    columns of `khabar export --table quotes`; at most 100,000 rows."""
    cols = [f.name for f in exported_fields()]
    fh = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024, mode="w+b")
    try:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig" if format == "csv" else "utf-8", newline="")
        with store.reading() as conn:
            rows = islice(iter_quotes(conn, chosen.q, chosen.filters, sort=chosen.sort), MAX_EXPORT)
            write_rows(text, cols, rows, format, spreadsheet_safe=True)
        text.flush()
        text.detach()  # the bytes stay in `fh` for the response
        fh.seek(0)
    except BaseException:
        fh.close()
        raise
    return StreamingResponse(_chunks(fh), media_type=MEDIA[format],
                             headers={"Content-Disposition": f'attachment; filename="khabar-quotes.{format}"'})
