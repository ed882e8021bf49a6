"""Real pagination with true counts on the search page, and the speakers index (`/speakers`): search by any
name, sort, pages. The corpus is written here: invented towns, people and statements."""
from __future__ import annotations

import json
import re
import sqlite3
import warnings

import pytest

pytest.importorskip("fastapi")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from khabar.errors import ParameterError  # noqa: E402
from khabar.store import Filters, connect, count_quotes, ingest_paths, refresh_derived, search_quotes  # noqa: E402
from khabar.web import create_app  # noqa: E402
from khabar.web.pages import PAGE_SIZE, SPEAKERS_PAGE_SIZE  # noqa: E402

TOWNS = ["الواحة", "السهل", "الرمال", "النخيل", "الشاطئ", "الجبل", "الوادي"]
PEOPLE = [f"{given} {family}" for given in ("نادر", "سامر", "رنا", "هالة", "وليد", "جود", "مازن", "عفاف")
          for family in ("السالم", "الدباغ", "العمري", "الحداد", "القاسم", "الفرا", "النعيمي", "الخطيب")]


def _articles() -> list[dict[str, str]]:
    out = []
    for n in range(60):
        town, person = TOWNS[n % len(TOWNS)], PEOPLE[n % len(PEOPLE)]
        other = PEOPLE[(n * 7 + 3) % len(PEOPLE)]
        out.append({"id": f"page{n:03d}", "source": "صحيفة الواحة", "date": f"2026-{1 + n % 12:02d}-{1 + n % 27:02d}",
                    "title": f"مشروع جديد في {town}",
                    "text": f"أعلنت بلدية {town} مشروعاً جديداً لتأهيل الحدائق العامة.\n"
                            f"وقال المهندس {person}: «سننجز المرحلة الأولى من المشروع قبل نهاية الشهر {n + 1}».\n"
                            f"ونفى {other} وجود أي تأخير في تسليم المعدات."})
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("paging")
    (folder / "a.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in _articles()),
                                    encoding="utf-8")
    path = folder / "paging.db"
    conn = connect(path)
    assert ingest_paths(conn, [str(folder / "a.jsonl")]).failed == 0
    refresh_derived(conn)
    conn.close()
    return path


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db), raise_server_exceptions=False)


def _quote_links(html: str) -> list[str]:
    return re.findall(r'href="/quotes/(\d+)"', html)


def test_home_pages_walk_every_quotation_once_under_the_true_count(client, db):
    conn = sqlite3.connect(db)
    total = conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
    conn.close()
    assert total > 2 * PAGE_SIZE  # the corpus needs several pages
    seen, page, pages = [], 1, -(-total // PAGE_SIZE)
    while True:
        html = client.get("/", params={"unsure": "true", "page": page}).text
        assert f"الأقوال ({total:,})" in html and f"الصفحة {page} من {pages}" in html
        ids = _quote_links(html)
        assert 0 < len(ids) <= PAGE_SIZE
        seen += ids
        nxt = re.search(r'<a rel="next" href="([^"]+)"', html)
        if not nxt:
            break
        assert "unsure=true" in nxt.group(1)  # the filters travel with the page
        page += 1
    assert page == pages and len(seen) == len(set(seen)) == total


def test_search_count_is_every_match_not_the_page(client, db):
    conn = connect(db)
    everything = search_quotes(conn, "المشروع", limit=None)
    assert count_quotes(conn, "المشروع") == len(everything) > PAGE_SIZE
    denials = count_quotes(conn, "", Filters(kind="indirect"))
    assert denials == len(search_quotes(conn, "", Filters(kind="indirect"), limit=None))
    sure = count_quotes(conn, "", Filters(min_confidence=0.8))
    assert sure == sum(1 for q in search_quotes(conn, "", None, limit=None) if (q["confidence"] or 0) >= 0.8)
    conn.close()
    html = client.get("/", params={"q": "المشروع", "unsure": "true", "page": 2}).text
    assert f"الأقوال المطابقة ({len(everything)})" in html
    first = set(_quote_links(client.get("/", params={"q": "المشروع", "unsure": "true"}).text))
    assert first.isdisjoint(_quote_links(html))


def test_paging_bounds(client):
    assert client.get("/", params={"page": 0}).status_code == 422
    assert client.get("/", params={"page": 10_000}).status_code == 400
    assert "لا نتائج" in client.get("/", params={"page": 50}).text
    with pytest.raises(ParameterError):
        Filters(min_confidence=1.5)


def test_speakers_index_searches_sorts_and_pages(client, db):
    conn = sqlite3.connect(db)
    total = conn.execute("SELECT count(*) FROM speakers").fetchone()[0]
    conn.close()
    html = client.get("/speakers").text
    assert f"المتحدثون ({total})" in html
    names = re.findall(r'<a class="speaker-link" href="/speakers/(\d+)">', html)
    assert len(names) == min(total, SPEAKERS_PAGE_SIZE)
    counts = [int(n) for n in re.findall(r'class="n-quotes">(\d+) ', html)]
    assert counts == sorted(counts, reverse=True)
    assert total > SPEAKERS_PAGE_SIZE  # the corpus needs a second page
    second = client.get("/speakers", params={"page": 2}).text
    more = re.findall(r'<a class="speaker-link" href="/speakers/(\d+)">', second)
    assert more and set(more).isdisjoint(names) and len(names) + len(more) == total
    found = client.get("/speakers", params={"q": "رنا الدباغ"}).text
    assert "المتحدثون (1)" in found and "رنا الدباغ" in found
    by_name = client.get("/speakers", params={"sort": "name"}).text
    listed = re.findall(r'<a class="speaker-link" href="/speakers/\d+">([^<]+)</a>', by_name)
    assert listed == sorted(listed)
    assert client.get("/speakers", params={"sort": "loudest"}).status_code == 422
    assert "لا متحدثين" in client.get("/speakers", params={"q": "لا أحد بهذا الاسم"}).text


def test_api_quotes_min_confidence(client, db):
    conn = connect(db)
    want = count_quotes(conn, "", Filters(min_confidence=0.8))
    conn.close()
    body = client.get("/api/quotes", params={"min_confidence": 0.8, "page_size": 100}).json()
    assert len(body["results"]) == want and all(r["confidence"] >= 0.8 for r in body["results"])
    assert set(body) == {"page", "page_size", "has_more", "results"}  # the API keeps its shape
    assert client.get("/api/quotes", params={"min_confidence": 2}).status_code == 422
