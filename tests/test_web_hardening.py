"""Hostile requests to the web app, by hand (the generated ones are in test_web_fuzz): search queries and
filters carrying SQL, FTS5 syntax and markup, path traversal and out-of-range ids, oversized bodies and
pages; and a store ingested into while it is served. Never a 500, every error in the one JSON shape, no
unescaped markup in a page, nothing altered in the store.

The store (`web_hostile`) holds the demo corpus, the hostile articles of test_web and articles whose ids,
titles, sources and speaker names are themselves SQL, FTS5 syntax, markup or traversal strings.
"""
from __future__ import annotations

import json
import re
import sqlite3
import warnings
from urllib.parse import quote, unquote

import pytest

pytest.importorskip("fastapi")
with warnings.catch_warnings():  # starlette's notice about httpx, not ours
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from khabar.web import create_app  # noqa: E402
from khabar.web.app import MAX_BODY, MAX_PAGE_SIZE, MAX_QUERY, MAX_RESULTS  # noqa: E402
from test_web import SCRIPT, _error, _no_raw_hostile  # noqa: E402
from web_hostile import (  # noqa: E402
    CRAFTED_ENTITY, CRAFTED_SPEAKER, FTS, INJECTED, SQL, TRAVERSAL, build, guarded_store,
)

QUERIES = [
    '"', '""', '"الميناء', "*", "*الميناء", "الميناء**", "NEAR(", "NEAR(الميناء", "NEAR(الميناء الوزير, -1)",
    "NEAR(الميناء الوزير, 99999999999999999999)", "AND OR", "AND", "OR", "NOT", "الميناء NOT", "^", "^الميناء",
    "الميناء^", ":", "text_norm:", "text_norm : الميناء", "text_stem:(x", "{text_norm text_stem}: الميناء",
    "(", ")", ")(", "((الميناء)", "الميناء) OR (الرمال", "(" * 200 + "الميناء" + ")" * 200, SQL,
    "'; DELETE FROM quotes; --", "الميناء' OR '1'='1", '" OR 1=1 --', "%", "_", "\\", "\x00", "a\x00b",
    "\u0640", "\u064b\u064c", ".", "-", "+", "الميناء + الرمال", "\u202e", "𝕏", SCRIPT, FTS,
    "NEAR/3", "rank", "quotes_fts", "الميناء AND (الرمال OR", 'الميناء" OR "الرمال', "x" * MAX_QUERY,
    '"\x00', '"الميناء\x00الرمال"', "\x01\x7f", "* الميناء", "الميناء NEAR الرمال", "ـ\"ـ",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    yield from guarded_store(tmp_path_factory.mktemp("hardening"))


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db), raise_server_exceptions=False)


def _page(r, allowed=(200, 400)):
    assert r.status_code in allowed, (r.request.url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    # the pages' own images (the speaker's chart) are `<img src="data:…`; an injected one is `<img src=x`
    for raw in ("<script", "<img src=x", "<b>عريض", "' onmouseover='", "\u202e"):
        assert raw not in r.text, (r.request.url, raw)
    assert all(m.startswith('<img src="data:image/svg+xml;base64,') for m in re.findall(r"<img[^>]{0,40}", r.text))
    return r


# --- injection ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("q", QUERIES, ids=range(len(QUERIES)))
def test_hostile_queries_are_answered_or_refused_cleanly(client, db, q):
    for params in ({"q": q}, {"speaker": q}, {"entity": q}, {"source": q}, {"q": q, "speaker": q, "source": q}):
        r = client.get("/api/quotes", params=params)
        if r.status_code != 200:
            assert "q" in params and "cannot parse" in _error(r, 400), (params, r.text[:300])
    r = client.get("/api/search", params={"q": q})
    if r.status_code != 200:
        assert "cannot parse" in _error(r, 400) or not q.strip("\x00 "), r.text[:300]
    for params in ({"q": q}, {"speaker": q}, {"q": q, "source": q}):
        _page(client.get("/", params=params))
    r = client.get("/api/entities", params={"type": q})  # not an entity type: refused, naming the known ones
    if q:
        assert "PER, ORG, LOC, MISC" in _error(r, 422), r.text[:300]
    else:
        assert r.status_code == 200
    r = client.get("/api/speakers", params={"type": q})  # not a speaker type: refused, naming the known ones
    assert "PER, ORG, DOC, ANON" in _error(r, 422), r.text[:300]


def test_fts_syntax_is_still_a_query_language(client):
    """Hardening kept FTS5's operators: a phrase, a prefix and OR mean what they say."""
    phrase = client.get("/api/quotes", params={"q": '"أعمال التوسعة"'}).json()["results"]
    assert phrase and all("التوسعة" in r["text"] for r in phrase)
    prefix = client.get("/api/quotes", params={"q": "التوس*"}).json()["results"]
    assert {r["quote_id"] for r in phrase} <= {r["quote_id"] for r in prefix}
    either = client.get("/api/quotes", params={"q": "التوسعة OR الصيادين", "page_size": MAX_PAGE_SIZE}).json()
    assert len(either["results"]) > len(phrase)


def test_sql_and_fts_text_in_the_store_is_found_as_text(client):
    """The stored SQL string is data: quoting it finds the article that carries it, and the tables are intact."""
    hits = client.get("/api/search", params={"q": '"الرصيف الشرقي"'}).json()
    assert [a["article_id"] for a in hits["articles"]] == [TRAVERSAL]
    art = client.get("/api/articles/" + quote(TRAVERSAL, safe="")).json()
    assert SQL in art["text"] and art["title"] == f"عنوان {SQL}"
    assert client.get("/api/quotes", params={"source": f"وكالة {FTS}"}).json()["results"]


def test_a_nul_in_a_query_is_a_space_not_the_end_of_it(client):
    """SQLite reads the MATCH string up to its first NUL: `"الرصيف\0الشرقي"` was the unterminated `"الرصيف`
    (a 500 from /api/quotes). It is now the phrase with a space."""
    spaced = client.get("/api/search", params={"q": '"الرصيف الشرقي"'}).json()
    nul = client.get("/api/search", params={"q": '"الرصيف\x00الشرقي"'}).json()
    assert nul["quotes"] == spaced["quotes"] and nul["articles"] == spaced["articles"] and spaced["quotes"]
    assert client.get("/api/quotes", params={"q": '"\x00'}).status_code in (200, 400)


def test_a_store_error_during_a_search_is_not_blamed_on_the_query(tmp_path):
    from khabar.store.search import search_articles, search_quotes

    db = build(tmp_path)
    conn = sqlite3.connect(db)
    try:
        conn.execute("DROP TABLE articles_fts")  # a broken store, not a bad query
        conn.execute("DROP TABLE quotes_fts")
        for search in (search_quotes, search_articles):  # (QuerySyntaxError is not an OperationalError)
            with pytest.raises(sqlite3.OperationalError, match="no such table"):
                search(conn, "الرصيف")
    finally:
        conn.close()


def test_hostile_names_and_titles_are_escaped_on_every_page(client):
    speakers = client.get("/api/speakers", params={"page_size": MAX_PAGE_SIZE}).json()["results"]
    crafted = next(s for s in speakers if s["name"] == CRAFTED_SPEAKER)  # the JSON keeps the data as is
    html = _page(client.get(f"/speakers/{crafted['id']}"), (200,)).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; نادر الفخراني" in html
    html = _page(client.get("/articles/crafted-names"), (200,)).text
    assert "&lt;script&gt;" in html and "جسر" in html
    entities = client.get("/api/entities", params={"page_size": MAX_PAGE_SIZE}).json()["results"]
    assert CRAFTED_ENTITY in {e["name"] for e in entities}
    quotes = client.get("/api/quotes", params={"speaker": "نادر الفخراني"}).json()["results"]
    assert quotes
    for url in [f"/quotes/{quotes[0]['quote_id']}", "/?q=الجسر", "/?speaker=نادر+الفخراني", "/"]:
        _no_raw_hostile(_page(client.get(url), (200,)).text)
    for record in INJECTED:
        _page(client.get("/articles/" + quote(record["id"], safe="")), (200,))


# --- ids: traversal, NUL, overflow, length ---------------------------------------------------------------

TRAVERSALS = ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "....//....//etc",
              "..\\..\\windows\\win.ini", "%252e%252e%252f", "/etc/passwd", "a%00b", "%00", "x%00.json",
              "%", "%ZZ", "%c0%ae%c0%ae/", "static/../../pyproject.toml", "ramal01/../ramal01", "ramal01%00"]


@pytest.mark.parametrize("raw", TRAVERSALS)
def test_path_traversal_ids_are_only_ids(client, raw):
    for base in ("/api/articles/", "/articles/"):
        r = client.get(base + raw)  # the client removes literal dot segments, as a browser would
        assert r.status_code in (200, 404), (base + raw, r.status_code)
        if r.request.url.path.startswith("/api/"):
            if r.status_code == 200:  # only a stored article whose id *is* that string, once decoded
                assert r.json()["article_id"] == unquote(r.request.url.raw_path.decode().split("/", 3)[3])
            else:
                _error(r, 404)
        assert "root:" not in r.text and "[build-system]" not in r.text
    r = client.get("/static/" + raw)
    assert r.status_code in (404, 400) and "root:" not in r.text and "[build-system]" not in r.text


def test_a_stored_traversal_id_is_served_by_its_own_url(client):
    for record in INJECTED:
        r = client.get("/api/articles/" + quote(record["id"], safe=""))
        assert r.status_code == 200 and r.json()["article_id"] == record["id"]
    assert client.get("/api/articles/../../etc/passwd").status_code == 404  # the client normalises the dots


@pytest.mark.parametrize("raw", ["0", "-1", str(2**63), str(-2**63 - 1), str(10**30), "1e3", "0x10", "1.5", "١٢",
                                 "abc", "%00", "1%00", "1 OR 1=1"])
def test_out_of_range_and_malformed_numeric_ids_are_422_not_500(client, raw):
    for base in ("/api/speakers/", "/api/quotes/"):
        _error(client.get(base + raw), 422)
    for base in ("/speakers/", "/quotes/"):
        _page(client.get(base + raw), (422,))


def test_the_largest_sqlite_id_is_simply_not_found(client):
    _error(client.get(f"/api/speakers/{2**63 - 1}"), 404)
    _error(client.get(f"/api/quotes/{2**63 - 1}"), 404)


def test_a_very_long_id_is_a_short_404(client):
    ident = "ن" * 8_000
    message = _error(client.get("/api/articles/" + quote(ident)), 404)
    assert len(message) < 400
    r = _page(client.get("/articles/" + quote(ident)), (404,))
    assert len(r.text) < 10_000


# --- limits ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/quotes", "/api/speakers", "/api/entities"])
@pytest.mark.parametrize("page,page_size,code", [
    (1, 10**9, 422), (10**12, 20, 400), (10**30, 20, 400), (-1, 20, 422), (0, 20, 422), (1, 0, 422),
    (1, -5, 422), ("abc", 20, 422), (1, "ten", 422), ("1.5", 20, 422), ("", 20, 422), (1, MAX_PAGE_SIZE + 1, 422),
    (MAX_RESULTS // MAX_PAGE_SIZE + 1, MAX_PAGE_SIZE, 400),
])
def test_page_and_page_size_out_of_bounds_are_refused(client, path, page, page_size, code):
    _error(client.get(path, params={"page": page, "page_size": page_size}), code)


def test_the_last_allowed_page_is_answered(client):
    r = client.get("/api/quotes", params={"page": MAX_RESULTS // MAX_PAGE_SIZE, "page_size": MAX_PAGE_SIZE})
    assert r.status_code == 200 and r.json()["results"] == []


def test_search_page_size_is_bounded(client):
    _error(client.get("/api/search", params={"q": "الميناء", "page_size": 10**9}), 422)
    _error(client.get("/api/search", params={"q": "x" * (MAX_QUERY + 1)}), 422)
    _error(client.get("/api/quotes", params={"q": "x" * (MAX_QUERY + 1)}), 422)
    _error(client.get("/api/quotes", params={"speaker": "ن" * (MAX_QUERY + 1)}), 422)
    _page(client.get("/", params={"q": "x" * (MAX_QUERY + 1)}), (422,))


def _chunked(data: bytes, size: int = 64 * 1024):
    for i in range(0, len(data), size):
        yield data[i:i + size]


def test_huge_bodies_are_refused_with_413(client):
    big_json = json.dumps({"text": "ن" * MAX_BODY}).encode()
    _error(client.post("/api/extract", content=big_json, headers={"content-type": "application/json"}), 413)
    # without a Content-Length (chunked): read only up to the limit, then refused
    _error(client.post("/api/extract", content=_chunked(big_json), headers={"content-type": "application/json"}), 413)
    _error(client.post("/api/extract", content=b"{}", headers={"content-type": "application/json",
                                                               "content-length": "nonsense"}), 413)
    form = b"text=" + b"x" * MAX_BODY
    for body in (form, _chunked(form)):
        r = client.post("/paste", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
        assert r.status_code == 413 and "خطأ 413" in r.text
    files = {"text": ("a.txt", b"x" * (MAX_BODY + 1), "text/plain")}
    assert client.post("/paste", files=files).status_code == 413


def test_a_chunked_body_is_read_only_up_to_the_limit():
    """Without a Content-Length the app reads at most MAX_BODY + one chunk of a 20 MB body, not all of it
    (the TestClient buffers bodies, so this talks ASGI directly)."""
    import anyio

    chunk, total = 64 * 1024, 20 * 1024 * 1024
    delivered = 0
    sent: list[dict] = []

    async def receive():
        nonlocal delivered
        delivered += chunk
        return {"type": "http.request", "body": b"x" * chunk, "more_body": delivered < total}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/extract", "raw_path": b"/api/extract", "root_path": "", "query_string": b"",
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"),
                         (b"transfer-encoding", b"chunked")],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    anyio.run(create_app(None), scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert start["status"] == 413 and json.loads(body)["error"]["code"] == 413
    assert delivered <= MAX_BODY + 2 * chunk


def test_a_body_just_under_the_limit_and_chunked_still_works(client):
    text = "وقال وزير الري سامر الحداد: «سنبدأ الأعمال قبل نهاية الربيع»."
    body = json.dumps({"text": text}, ensure_ascii=False).encode()
    r = client.post("/api/extract", content=_chunked(body, 16), headers={"content-type": "application/json"})
    assert r.status_code == 200 and r.json()["quotes"][0]["speaker"]["name"] == "سامر الحداد"
    r = client.post("/paste", content=_chunked(("text=" + quote(text)).encode(), 16),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200 and "سامر الحداد" in r.text


def test_malformed_bodies_are_422(client):
    for body in (b"\xff\xfe", b"[]", b'"text"', b'{"text": 5}', b'{"text": null, "html": null}', b"null"):
        _error(client.post("/api/extract", content=body, headers={"content-type": "application/json"}), 422)
    _error(client.post("/api/extract", content=b"text=x", headers={"content-type": "text/plain"}), 422)
    assert client.post("/paste", data={"text": "نص", "is_html": "maybe"}).status_code == 422


# --- a store ingested into while it is served ------------------------------------------------------------

NEW = {"id": "late-1", "source": "نشرة المساء", "date": "2026-07-01",
       "text": "وقال وزير النقل كريم الزهيري: «سنفتح الطريق الساحلي الجديد قبل العيد»."}


def test_a_store_ingested_into_while_served_gives_stale_speakers_not_500(tmp_path):
    from khabar.readers import iter_records
    from khabar.store import Ingester, connect
    from khabar.store.ingest import refresh_derived

    db = build(tmp_path)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    sid = next(s["id"] for s in client.get("/api/speakers").json()["results"] if s["name"] == "كريم الزهيري")
    before = client.get("/api/quotes", params={"speaker": "الزهيري", "page_size": MAX_PAGE_SIZE}).json()["results"]

    src = tmp_path / "late.jsonl"
    src.write_text(json.dumps(NEW, ensure_ascii=False) + "\n", encoding="utf-8")
    conn = connect(db)
    try:  # as between two batches of a running `khabar ingest`: stored, speakers not yet rebuilt
        Ingester(conn).run(iter_records([str(src)]), refresh=False)
        assert conn.execute("SELECT value FROM state WHERE key = 'derived_stale'").fetchone()[0] == "1"
    finally:
        conn.close()

    for url in ("/api/quotes?speaker=الزهيري", "/?speaker=الزهيري", f"/speakers/{sid}", f"/api/speakers/{sid}",
                "/api/speakers", "/articles/late-1", "/api/articles/late-1", "/?q=الساحلي"):
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.text[:200])
    stale = client.get("/api/quotes", params={"speaker": "الزهيري", "page_size": MAX_PAGE_SIZE}).json()["results"]
    assert stale == before  # slightly stale: the new quotation is not attributed yet
    assert client.get("/api/quotes", params={"q": "الساحلي"}).json()["results"]  # but it is searchable

    conn = connect(db)
    try:  # the ingest finishes: speakers are rebuilt, and the running app sees them
        refresh_derived(conn)
    finally:
        conn.close()
    fresh = client.get("/api/quotes", params={"speaker": "الزهيري", "page_size": MAX_PAGE_SIZE}).json()["results"]
    assert len(fresh) == len(before) + 1 and any(r["article_id"] == "late-1" for r in fresh)


def test_each_request_reads_one_snapshot(tmp_path, monkeypatch):
    """A rebuild of the speakers committed between two reads of one request is not seen half-way."""
    from khabar.store import connect
    from khabar.store.ingest import refresh_derived
    from khabar.web import reads

    db = build(tmp_path)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    top = client.get("/api/speakers").json()["results"][0]
    real = reads._quotes_where

    def rebuild_in_between(conn, where, params):
        writer = connect(db)
        try:  # another process renumbers every speaker (as a rebuild may) while this request is half-way
            writer.execute("PRAGMA foreign_keys = OFF")
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("UPDATE speakers SET id = id + 1000")
            writer.execute("UPDATE quotes SET speaker_id = speaker_id + 1000")
            writer.execute("UPDATE speaker_aliases SET speaker_id = speaker_id + 1000")
            writer.execute("COMMIT")
        finally:
            writer.close()
        return real(conn, where, params)

    monkeypatch.setattr(reads, "_quotes_where", rebuild_in_between)
    r = client.get(f"/api/speakers/{top['id']}")
    assert r.status_code == 200, r.text
    one = r.json()
    assert len(one["quotes"]) == top["quotes"] > 0  # the quotations of the snapshot the speaker came from
    monkeypatch.setattr(reads, "_quotes_where", real)
    conn = connect(db)
    try:
        refresh_derived(conn, force=True)
    finally:
        conn.close()


def test_a_locked_store_is_503_not_500(client, monkeypatch):
    from khabar.web import reads

    def locked(*a, **k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(reads, "get_speaker", locked)
    assert "busy" in _error(client.get("/api/speakers/1"), 503)
    r = client.get("/speakers/1")
    assert r.status_code == 503 and re.search("busy", r.text)

    def no_descriptor(*a, **k):  # what a server out of file descriptors gets
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(reads, "connect_read_only", no_descriptor)
    assert "unavailable" in _error(client.get("/api/quotes"), 503)

    def bug(*a, **k):
        raise sqlite3.OperationalError("no such table: secret_detail")

    monkeypatch.setattr(reads, "connect_read_only", bug)
    assert _error(client.get("/api/quotes"), 500) == "internal error"


def test_the_unfiltered_listing_is_oldest_first_with_undated_last(tmp_path):
    """`search_quotes` without a query or filter walks the date index (no sort of every quotation); its order
    is still date, article, position, with undated articles last, page after page."""
    from khabar.store import connect, ingest_paths
    from khabar.store.columns import QUOTE_FROM, row_dict, select_list
    from khabar.store.search import search_quotes

    said = "وقال {0}: «سنفتتح {1} الجديد قبل نهاية الشهر في المدينة»."
    rows = [{"id": f"u{i}", "text": said.format(name, place), **({"date": date} if date else {})}
            for i, (name, place, date) in enumerate([
                ("المهندس زياد الخطيب", "الجسر", None), ("الوزيرة منى الصافي", "المستشفى", "2026-02-01"),
                ("المدير عادل النمري", "السوق", "2025-12-31"), ("الطبيب سامي الأشقر", "المركز", None),
                ("المحافظ جمال الرفاعي", "الملعب", "2026-02-01")])]
    src = tmp_path / "undated.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    conn = connect(tmp_path / "u.db")
    try:
        ingest_paths(conn, [str(src)])
        want = [row_dict(r) for r in conn.execute(
            f"SELECT {select_list()} {QUOTE_FROM} ORDER BY a.date IS NULL, a.date, a.rowid, q.idx")]
        assert len(want) == 5 and [w["article_id"] for w in want] == ["u2", "u1", "u4", "u0", "u3"]
        for limit in (None, 1, 2, 3, 4, 5, 6):
            got = [{k: v for k, v in r.items() if k != "highlights"} for r in search_quotes(conn, "", limit=limit)]
            assert got == want[:limit], limit
    finally:
        conn.close()


def test_a_store_removed_while_served_is_503(tmp_path):
    db = build(tmp_path)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    assert client.get("/api/speakers").status_code == 200
    for suffix in ("", "-wal", "-shm"):
        path = db.with_name(db.name + suffix)
        if path.exists():
            path.rename(path.with_name(path.name + ".moved"))
    assert "no such store" in _error(client.get("/api/speakers"), 503)
    r = client.get("/speakers/1")
    assert r.status_code == 503 and "no such store" in r.text
