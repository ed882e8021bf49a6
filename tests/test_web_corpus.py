"""The search as a research tool and the pages that link (TestClient, on the bundled demo corpus plus one
invented article whose metadata would be a formula in a spreadsheet): sorting, the whole filtered result
exported as CSV and JSONL, the `mentions` filter, and the outlet, entity and speaker links, each held to
what the store itself holds."""
from __future__ import annotations

import csv
import io
import json
import re
import warnings
from urllib.parse import parse_qs, unquote, urlparse

import pytest

pytest.importorskip("fastapi")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from khabar.cli.web import DEMO  # noqa: E402
from khabar.store import Filters, connect, count_quotes, ingest_paths, refresh_derived, search_quotes  # noqa: E402
from khabar.store.export import write_rows  # noqa: E402
from khabar.store.links import entity_summary, outlet_summary, speaker_links  # noqa: E402
from khabar.store.search import iter_quotes  # noqa: E402
from khabar.web import create_app  # noqa: E402
from khabar.web.reads import connect_read_only  # noqa: E402
from khabar.web.words import SURE  # noqa: E402

FORMULA = {"id": "formula-one", "source": "@وكالة الرمز", "date": "2026-06-03",
           "title": '=HYPERLINK("http://example.invalid","انقر")',
           "text": "أعلنت شركة الواحة للنقل خطة جديدة.\nوقال مدير الشركة باسل الفرا: «سنشغل خطاً جديداً بين المدينتين قبل الصيف»."}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    extra = folder / "formula.jsonl"
    extra.write_text(json.dumps(FORMULA, ensure_ascii=False) + "\n", encoding="utf-8")
    path = folder / "corpus.db"
    conn = connect(path)
    assert ingest_paths(conn, [str(DEMO), str(extra)]).failed == 0
    refresh_derived(conn)
    conn.close()
    return path


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db), raise_server_exceptions=False)


@pytest.fixture()
def conn(db):
    c = connect_read_only(db)
    yield c
    c.close()


def _all(client, **params):
    out, page = [], 1
    while True:
        body = client.get("/api/quotes", params={**params, "page": page, "page_size": 7}).json()
        out += body["results"]
        if not body["has_more"]:
            return out
        page += 1


def test_sorts_order_the_whole_result_by_date(client) -> None:
    newest = [q["date"] for q in _all(client, sort="newest")]
    oldest = [q["date"] for q in _all(client, sort="oldest")]
    assert len(newest) == len(oldest) > 20
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest) and newest[0] > oldest[0]
    narrowed = [q["date"] for q in _all(client, sort="newest", kind="direct")]
    assert narrowed == sorted(narrowed, reverse=True) and len(narrowed) < len(newest)
    # with a query the default is relevance; an explicit relevance gives the same
    assert _all(client, q="الميناء") == _all(client, q="الميناء", sort="relevance")
    assert client.get("/api/quotes", params={"sort": "random"}).status_code == 422


def test_iter_quotes_streams_what_search_quotes_pages(conn) -> None:
    for query, f, sort in (("", Filters(), None), ("", Filters(), "newest"), ("الميناء", Filters(), None),
                           ("", Filters(kind="indirect"), "newest"), ("", Filters(source="صحيفة الضياء"), "oldest")):
        paged = [q["quote_id"] for q in search_quotes(conn, query, f, limit=None, sort=sort)]
        streamed = list(iter_quotes(conn, query, f, sort=sort))
        assert [q["quote_id"] for q in streamed] == paged and paged
        assert "highlights" not in streamed[0] and "speaker_canonical" in streamed[0]


def _csv(resp) -> list[dict[str, str]]:
    assert resp.status_code == 200 and resp.content.startswith(b"\xef\xbb\xbf")
    assert resp.headers["content-type"].startswith("text/csv")
    assert 'attachment; filename="khabar-quotes.csv"' == resp.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(resp.content.decode("utf-8-sig"))))


def test_export_is_the_whole_filtered_result_in_its_order(client, conn) -> None:
    params = {"source": "صحيفة الضياء", "sort": "newest"}
    rows = _csv(client.get("/api/export/quotes", params=params))
    paged = _all(client, **params)
    assert [int(r["quote_id"]) for r in rows] == [q["quote_id"] for q in paged]
    assert len(rows) == count_quotes(conn, "", Filters(source="صحيفة الضياء")) > 7  # more than one page
    lines = client.get("/api/export/quotes", params={**params, "format": "jsonl"})
    assert lines.headers["content-type"].startswith("application/x-ndjson")
    records = [json.loads(x) for x in lines.text.splitlines()]
    assert [r["quote_id"] for r in records] == [q["quote_id"] for q in paged]
    assert list(records[0]) == list(rows[0])  # the same columns, those of `khabar export --table quotes`
    assert _csv(client.get("/api/export/quotes", params={"speaker": "لا أحد بهذا الاسم"})) == []


def test_export_csv_is_spreadsheet_safe_and_jsonl_is_as_stored(client) -> None:
    rows = _csv(client.get("/api/export/quotes", params={"q": "خطاً"}))
    assert rows and rows[0]["title"] == "'" + FORMULA["title"] and rows[0]["source"] == "'" + FORMULA["source"]
    record = json.loads(client.get("/api/export/quotes", params={"q": "خطاً", "format": "jsonl"}).text.splitlines()[0])
    assert record["title"] == FORMULA["title"] and record["source"] == FORMULA["source"]


def test_write_rows_neutralises_formulas_only_when_asked() -> None:
    rows = [{"a": "=1+2", "b": -5, "c": "+9", "d": "-x", "e": "@SUM(A1)", "f": "\tcmd", "g": "قال", "h": ["=x"]}]
    cols = list(rows[0])
    safe, plain = io.StringIO(), io.StringIO()
    assert write_rows(safe, cols, rows, "csv", spreadsheet_safe=True) == 1
    write_rows(plain, cols, rows, "csv")
    got = next(csv.DictReader(io.StringIO(safe.getvalue())))
    assert got == {"a": "'=1+2", "b": "-5", "c": "'+9", "d": "'-x", "e": "'@SUM(A1)", "f": "'\tcmd", "g": "قال",
                   "h": '["=x"]'}
    assert next(csv.DictReader(io.StringIO(plain.getvalue())))["a"] == "=1+2"


def test_the_search_page_exports_exactly_what_it_shows(client) -> None:
    html = client.get("/", params={"source": "صحيفة الضياء", "kind": "direct", "sort": "newest"}).text
    total = int(re.search(r'id="quotes-heading">[^(]*\((\d+)\)', html).group(1))
    href = re.search(r'id="export-csv" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    query = parse_qs(urlparse(href).query)
    assert query["source"] == ["صحيفة الضياء"] and query["kind"] == ["direct"] and query["sort"] == ["newest"]
    assert query["min_confidence"] == [str(SURE)]  # what the page hides, the file leaves out too
    rows = _csv(client.get(href))
    assert len(rows) == total and {r["kind"] for r in rows} == {"direct"}
    assert [int(r["quote_id"]) for r in rows] == [int(x) for x in re.findall(r'href="/quotes/(\d+)"', html)][:total]


def test_search_page_filters_dates_and_confidence(client) -> None:
    html = client.get("/", params={"since": "2026-04-01", "until": "2026-04-30", "min_confidence": "0"}).text
    dates = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})"', html)
    assert dates and all("2026-04-01" <= d <= "2026-04-30" for d in dates)
    assert client.get("/", params={"since": "2026-02-30"}).status_code == 422
    assert client.get("/", params={"min_confidence": "2"}).status_code == 422
    assert client.get("/", params={"min_confidence": "lots"}).status_code == 422
    every = client.get("/", params={"min_confidence": "0"}).text
    sure = client.get("/", params={"min_confidence": "0.85"}).text
    count = lambda h: int(re.search(r'id="quotes-heading">[^(]*\((\d+)\)', h).group(1))  # noqa: E731
    assert count(every) > count(sure) > 0


def test_mentions_keeps_the_quotations_whose_own_words_name_the_entity(client, conn) -> None:
    found = _all(client, mentions="مرافئ الخليج")
    assert found
    for q in found:
        article = client.get(f"/api/articles/{q['article_id']}").json()
        spans = [(m["start"], m["end"]) for e in article["entities"] if e["name"] == "مرافئ الخليج"
                 for m in e["mentions"]]
        assert any(q["start"] <= s and e <= q["end"] for s, e in spans)
    # the article-level filter finds the other quotations of that article as well
    assert len(_all(client, entity="مرافئ الخليج")) > len(found)


def test_outlet_page_counts_what_the_store_holds(client, conn) -> None:
    o = outlet_summary(conn, "صحيفة الضياء")
    assert o["quotes"] == count_quotes(conn, "", Filters(source="صحيفة الضياء"))
    assert sum(s["quotes"] for s in o["speakers"]) <= o["quotes"]
    assert [s["quotes"] for s in o["speakers"]] == sorted((s["quotes"] for s in o["speakers"]), reverse=True)
    html = client.get("/outlets/صحيفة الضياء").text
    assert f'href="/speakers/{o["speakers"][0]["id"]}"' in html and "<h1 class=\"outlet-name\">صحيفة الضياء</h1>" in html
    assert client.get("/outlets/لا منبر بهذا الاسم").status_code == 404
    index = client.get("/outlets").text
    assert [unquote(h) for h in re.findall(r'class="outlet" href="/outlets/([^"]+)"', index)][0] == "صحيفة الضياء"


def test_entity_page_lists_who_names_it(client, conn) -> None:
    e = entity_summary(conn, "مرافئ الخليج")
    assert e["type"] == "ORG" and e["quotes"] == len(_all(client, mentions="مرافئ الخليج"))
    html = client.get("/entities/مرافئ الخليج").text
    for s in e["speakers"]:
        assert f'href="/speakers/{s["id"]}"' in html
    assert client.get("/entities/لا كيان").status_code == 404
    # the article page links each entity it highlights to its page
    article = client.get("/articles/ramal06").text
    linked = re.findall(r'<a class="([^"]*)" href="/entities/([^"]+)"', article)
    assert ("مرافئ الخليج" in {unquote(h) for _, h in linked}) and all("ent" in c.split() for c, _ in linked)


def test_speaker_links_come_from_the_speakers_own_quotations(client, conn) -> None:
    top = client.get("/api/speakers").json()["results"][0]
    links = speaker_links(conn, top["id"])
    assert sum(o["quotes"] for o in links["outlets"]) == top["quotes"] == sum(n for _, n in links["months"])
    mine = {q["article_id"] for q in _all(client, speaker=top["name"], min_confidence=0)}
    for b in links["beside"]:
        theirs = {q["article_id"] for q in client.get(f"/api/speakers/{b['id']}").json()["quotes"]}
        assert len(mine & theirs) == b["articles"] > 0 and b["id"] != top["id"]
    html = client.get(f"/speakers/{top['id']}").text
    for o in links["outlets"]:
        assert o["name"] in html


def test_quotation_page_says_where_it_first_appeared(client) -> None:
    grouped = next(q for q in _all(client, min_confidence=0) if q["group_id"] is not None)
    detail = client.get(f"/api/quotes/{grouped['quote_id']}").json()
    first = detail["carried_by"][0]
    html = client.get(f"/quotes/{grouped['quote_id']}").text
    origin = re.search(r'<p class="origin">(.*?)</p>', html, re.S).group(1)
    assert first["source"] in origin and f'datetime="{first["date"]}"' in origin
    assert "نقلته" in origin  # and the others that carried it after


def test_new_parameters_are_documented_in_openapi(client) -> None:
    doc = client.get("/openapi.json").json()
    for path in ("/api/quotes", "/api/export/quotes"):
        params = {p["name"]: p for p in doc["paths"][path]["get"]["parameters"]}
        assert {"q", "speaker", "entity", "mentions", "kind", "since", "until", "source", "statement_type", "gender",
                "min_confidence", "sort"} <= set(params), path
        assert params["mentions"]["description"] and params["sort"]["description"]
    fmt = {p["name"]: p for p in doc["paths"]["/api/export/quotes"]["get"]["parameters"]}["format"]
    assert set(fmt["schema"]["enum"]) == {"csv", "jsonl"}
    # the page of quotations keeps its shape: nothing renamed or removed
    assert set(doc["components"]["schemas"]["QuotePage"]["properties"]) == {"page", "page_size", "has_more", "results"}
