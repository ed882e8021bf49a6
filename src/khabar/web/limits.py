"""The bounds every request is held to, in one place: the routes, the error table and the body-size guard
all read them, and tests probe the app right at them."""
from __future__ import annotations

MAX_BODY = 1_000_000          # bytes of a request body (POST /api/extract, the paste form)
MAX_PAGE_SIZE = 100
MAX_RESULTS = 10_000          # page * page_size: pagination stops there
MAX_EXPORT = 100_000          # rows of one «تصدير» download (GET /api/export/quotes)
MAX_QUERY = 500               # characters of a search query or a filter value
MAX_ROW_ID = 2**63 - 1        # SQLite's largest integer: no row id is larger (and Python cannot bind one)
SHOWN_ID = 200                # characters of an unknown article id repeated in a 404 message
MAX_SECONDS = 20.0            # seconds one analysed article may hold a worker (`khabar serve --max-seconds`)
