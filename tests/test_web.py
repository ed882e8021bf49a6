"""The web app through FastAPI's TestClient: the JSON API, its one error shape and limits, the pages, and
escaping of hostile article text. Runs on the bundled demo corpus plus a few hostile articles."""
from __future__ import annotations

import base64
import json
import re
from importlib.util import find_spec
import sqlite3
import warnings

import pytest

fastapi = pytest.importorskip("fastapi")
with warnings.catch_warnings():  # starlette's notice about httpx, not ours
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from khabar.cli import main  # noqa: E402
from khabar.cli.web import DEMO  # noqa: E402
from khabar.store import connect, ingest_paths, refresh_derived  # noqa: E402
from khabar.web import create_app  # noqa: E402
from khabar.web.app import MAX_BODY, MAX_PAGE_SIZE  # noqa: E402
from khabar.web.reads import connect_read_only  # noqa: E402
from khabar.web.words import SURE  # noqa: E402

SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(2)>'
SQUOTE = "' onmouseover='alert(3)"
RLO, LRI = "\u202e", "\u2066"
HOSTILE = [
    {"id": "evil-one", "source": f"وكالة {ATTR}", "date": "2026-06-01", "title": f"عنوان {SCRIPT}",
     "text": f"وقال المتحدث باسم الشركة رامز الكردي: «{SCRIPT} لن نقبل بهذا العرض أبداً ولن نوقع العقد».\n"
             f"وأضاف الكردي أن «الشركة {ATTR} ستدرس كل الخيارات {SQUOTE} قبل نهاية الشهر».\n"
             f"وكتب أحد القراء {RLO}txt.exe{LRI} في التعليقات."},
    {"id": "evil-two", "source": "صحيفة السهل", "date": "2026-06-02", "title": f"{RLO}عنوان معكوس",
     "text": f"قال رامز الكردي: «لن نقبل بهذا العرض أبداً {RLO}ولن نوقع العقد{LRI}».\nنص <b>عريض</b> {SCRIPT}"},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile.jsonl"
    hostile.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in HOSTILE), encoding="utf-8")
    path = folder / "web.db"
    conn = connect(path)
    stats = ingest_paths(conn, [str(DEMO), str(hostile)])
    assert stats.failed == 0
    refresh_derived(conn)
    conn.close()
    return path


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db), raise_server_exceptions=False)


def _error(resp, code):
    assert resp.status_code == code, resp.text
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == code and isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]["message"]


def _quote_id(client, text_part, source):
    rows = client.get("/api/quotes", params={"q": text_part, "page_size": MAX_PAGE_SIZE}).json()["results"]
    return next(r["quote_id"] for r in rows if r["source"] == source)


# --- API -------------------------------------------------------------------------------------------------

def test_extract_text_and_html(client):
    r = client.post("/api/extract", json={"text": "وقال وزير الري سامر الحداد: «سنبدأ الأعمال قبل نهاية الربيع»."})
    assert r.status_code == 200
    doc = r.json()
    assert doc["schema_version"] and doc["quotes"][0]["speaker"]["name"] == "سامر الحداد"
    q = doc["quotes"][0]
    assert doc["text"][q["start"]:q["end"]] == q["text"]
    html = "<html><body><article><p>وقال وزير الري سامر الحداد: «سنبدأ الأعمال قبل نهاية الربيع في المدينة».</p></article></body></html>"
    r = client.post("/api/extract", json={"html": html})
    assert r.status_code == 200 and "سنبدأ الأعمال" in r.json()["text"]


def test_quotes_filters_and_pagination(client):
    allq = client.get("/api/quotes", params={"page_size": MAX_PAGE_SIZE}).json()
    assert len(allq["results"]) >= 20 and not allq["has_more"]
    p1 = client.get("/api/quotes", params={"page_size": 3, "page": 1}).json()
    p2 = client.get("/api/quotes", params={"page_size": 3, "page": 2}).json()
    assert p1["has_more"] and len(p1["results"]) == 3
    assert [r["quote_id"] for r in p1["results"] + p2["results"]] == [r["quote_id"] for r in allq["results"][:6]]
    mine = client.get("/api/quotes", params={"speaker": "الزهيري", "page_size": MAX_PAGE_SIZE}).json()["results"]
    assert mine and {r["speaker"] for r in mine} == {"كريم الزهيري"}
    direct = client.get("/api/quotes", params={"kind": "direct", "page_size": MAX_PAGE_SIZE}).json()["results"]
    assert direct and {r["kind"] for r in direct} == {"direct"}
    dated = client.get("/api/quotes", params={"since": "2026-04-01", "until": "2026-04-30"}).json()["results"]
    assert dated and all("2026-04-01" <= r["date"][:10] <= "2026-04-30" for r in dated)
    src = client.get("/api/quotes", params={"source": "إذاعة الشاطئ"}).json()["results"]
    assert src and {r["source"] for r in src} == {"إذاعة الشاطئ"}
    hits = client.get("/api/quotes", params={"q": "التوسعة"}).json()["results"]
    assert hits and all(r["highlights"] for r in hits)
    ent = client.get("/api/quotes", params={"entity": "كريم الزهيري"}).json()["results"]
    assert ent


def test_speakers_articles_search_entities(client):
    speakers = client.get("/api/speakers").json()["results"]
    top = speakers[0]
    assert top["name"] == "كريم الزهيري" and "وزير النقل" in top["roles"] and top["quotes"] >= 4
    one = client.get(f"/api/speakers/{top['id']}").json()
    assert one["name"] == "كريم الزهيري" and len(one["quotes"]) == top["quotes"]
    art = client.get("/api/articles/ramal01").json()
    assert art["source"] == "صحيفة الضياء" and art["quotes"] and art["entities"]
    assert all(art["text"][q["start"]:q["end"]] == q["text"] for q in art["quotes"])
    found = client.get("/api/search", params={"q": "الصيادين"}).json()
    assert found["articles"] and found["quotes"]
    assert client.get("/api/entities").json()["results"]


def test_the_same_statement_from_two_outlets_names_the_earliest_as_source(client):
    qid = _quote_id(client, "التوسعة الربيع", "وكالة السنبلة")
    carried = client.get(f"/api/quotes/{qid}").json()
    assert [c["source"] for c in carried["carried_by"]] == ["صحيفة الضياء", "وكالة السنبلة"]
    assert carried["source"]["article_id"] == "ramal01"


def test_every_error_has_one_shape(client, monkeypatch):
    assert "syntax" in _error(client.get("/api/quotes", params={"q": "الميناء AND"}), 400)
    _error(client.get("/api/search", params={"q": "("}), 400)
    _error(client.get("/api/quotes", params={"page": 1000, "page_size": 100}), 400)
    _error(client.get("/api/speakers/999999"), 404)
    _error(client.get("/api/articles/no-such-article"), 404)
    _error(client.get("/api/quotes/999999"), 404)
    _error(client.get("/api/no-such-route"), 404)
    _error(client.post("/api/extract", content=b"x" * (MAX_BODY + 1), headers={"content-type": "application/json"}), 413)
    _error(client.get("/api/quotes", params={"page_size": MAX_PAGE_SIZE + 1}), 422)
    _error(client.get("/api/quotes", params={"page": 0}), 422)
    _error(client.get("/api/quotes", params={"kind": "shouted"}), 422)
    _error(client.get("/api/quotes", params={"since": "yesterday"}), 422)
    _error(client.get("/api/speakers/abc"), 422)
    _error(client.post("/api/extract", json={}), 422)
    _error(client.post("/api/extract", json={"text": "نص", "html": "<p>نص</p>"}), 422)
    _error(client.post("/api/extract", json={"text": "   "}), 422)
    _error(client.post("/api/extract", content=b"{not json", headers={"content-type": "application/json"}), 422)
    _error(client.get("/api/search"), 422)
    _error(client.delete("/api/quotes"), 405)

    from khabar.web import reads

    def boom(*a, **k):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(reads, "get_speaker", boom)
    assert "secret" not in _error(client.get("/api/speakers/1"), 500)


@pytest.mark.parametrize("name", ["since", "until"])
@pytest.mark.parametrize("bad", ["2015-13-01", "2015-02-30", "2015-2-3", "yesterday"])
def test_a_date_not_on_the_calendar_is_refused(client, name, bad):
    message = _error(client.get("/api/quotes", params={name: bad}), 422)
    assert message == f"{name}: not a calendar date in the form YYYY-MM-DD: {bad!r}"


def test_an_unknown_speaker_type_is_refused(client):
    message = _error(client.get("/api/speakers", params={"type": "foo"}), 422)
    assert message == "type: not a speaker type (one of PER, ORG, DOC, ANON): 'foo'"
    orgs = client.get("/api/speakers", params={"type": "ORG"}).json()["results"]
    assert orgs and {r["type"] for r in orgs} == {"ORG"}


def test_an_unknown_entity_type_is_refused(client):
    message = _error(client.get("/api/entities", params={"type": "foo"}), 422)
    assert message == "type: not an entity type (one of PER, ORG, LOC, MISC): 'foo'"
    people = client.get("/api/entities", params={"type": "PER"}).json()["results"]
    assert people and {r["type"] for r in people} == {"PER"}


def test_the_store_is_opened_read_only(db):
    conn = connect_read_only(db)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM articles")
    conn.close()


# --- pages -----------------------------------------------------------------------------------------------

def _rtl(html):
    assert re.search(r'<html lang="ar" dir="rtl">', html)


def test_search_page(client):
    r = client.get("/", params={"q": "التوسعة"})
    assert r.status_code == 200 and "script-src 'none'" in r.headers["content-security-policy"]
    _rtl(r.text)
    assert "<mark>التوسعة</mark>" in r.text
    assert "كريم الزهيري" in r.text and "صحيفة الضياء" in r.text and "2026-03-02" in r.text
    bad = client.get("/", params={"q": "الميناء AND"})
    assert bad.status_code == 400 and "cannot parse" in bad.text and 'role="alert"' in bad.text
    home = client.get("/")
    assert home.status_code == 200 and "أكثر المتحدثين" in home.text


def test_speaker_page(client):
    top = client.get("/api/speakers").json()["results"][0]
    html = client.get(f"/speakers/{top['id']}").text
    _rtl(html)
    assert "كريم الزهيري" in html and "وزير النقل" in html
    # the months under the chart add up to the speaker's quotations (every demo article is dated)
    months = re.findall(r'<span class="month"><time datetime="(\d{4}-\d{2})">[^<]+</time> ([^<]+)</span>', html)
    assert months and [m for m, _ in months] == sorted(m for m, _ in months)
    counts = {"قول واحد": 1, "قولان": 2}
    assert sum(counts.get(n) or int(n.split()[0]) for _, n in months) == top["quotes"]
    assert "<circle" not in html  # no SVG written by hand: the chart is matplotlib's, as an image
    if find_spec("matplotlib"):
        svg = base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)).decode()
        assert "<svg" in svg and "Matplotlib" in svg and len(re.findall(r'<path[^>]+clip-path', svg)) >= len(months)
        import matplotlib

        if matplotlib.__version_info__[:2] >= (3, 11):  # it lays Arabic out itself: the title goes in as written
            assert "<!-- الأقوال شهراً بشهر -->" in svg


def test_article_page_highlights_from_offsets(client):
    art = client.get("/api/articles/ramal01").json()
    html = client.get("/articles/ramal01").text
    _rtl(html)
    for q in art["quotes"]:
        assert f'href="/quotes/{q["quote_id"]}"' in html
        assert f'href="/speakers/{q["speaker_id"]}"' in html
    assert 'class="quote kind-direct" href="/quotes/' in html
    assert re.search(r'<span class="boiler"[^>]*>شارك الخبر', html)
    assert 'class="ent ent-' in html
    assert client.get("/articles/no-such").status_code == 404


def test_quote_page_marks_the_source(client):
    qid = _quote_id(client, "التوسعة الربيع", "وكالة السنبلة")
    html = client.get(f"/quotes/{qid}").text
    _rtl(html)
    carried = html[html.index('<ol class="carried">'):]  # the quotation's own outlet heads the page
    assert carried.index("المصدر الأول") < carried.index("صحيفة الضياء") < carried.index("وكالة السنبلة")


def test_paste_page_analyses_text(client):
    assert client.get("/paste").status_code == 200
    r = client.post("/paste", data={"text": "وقال وزير الري سامر الحداد: «سنبدأ الأعمال قبل نهاية الربيع»."})
    assert r.status_code == 200
    assert "سامر الحداد" in r.text and 'class="quote kind-direct"' in r.text
    page = ("<html><head><title>خبر</title></head><body><article><h1>الصيادون</h1><p>وقالت رئيسة النقابة سلمى "
            "العطاري للصحفيين صباح اليوم: «نريد أفعالاً لا وعوداً في هذه المدينة، ولن نتراجع عن مطالبنا».</p>"
            "<p>وتجمع عشرات الصيادين أمام مبنى البلدية في وقفة احتجاجية استمرت ساعتين.</p></article></body></html>")
    r = client.post("/paste", data={"text": page, "is_html": "true"})
    assert r.status_code == 200 and "نريد أفعالاً" in r.text
    assert client.post("/paste", data={"text": " "}).status_code == 422
    assert client.post("/paste", content=b"text=" + b"x" * MAX_BODY,
                       headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 413


def _no_raw_hostile(html):
    for raw in (SCRIPT, "<img src=x", "<b>عريض", SQUOTE, RLO, LRI):
        assert raw not in html, raw
    assert "&lt;script&gt;" in html


def test_hostile_text_is_escaped_everywhere(client):
    pages = ["/articles/evil-one", "/articles/evil-two", "/?q=العرض", "/?q=script", "/?q=%D8%A7%D9%84%D8%B9%D8%B1%D8%B6+OR+img"]
    sid = client.get("/api/quotes", params={"q": "العرض"}).json()["results"][0]
    pages += [f"/quotes/{sid['quote_id']}"]
    speaker = [s for s in client.get("/api/speakers", params={"page_size": 100}).json()["results"]
               if "الكردي" in s["name"]][0]
    pages += [f"/speakers/{speaker['id']}"]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        _no_raw_hostile(r.text)
    assert "U+202E" in client.get("/articles/evil-one").text  # shown, inert
    r = client.post("/paste", data={"text": HOSTILE[0]["text"]})
    assert r.status_code == 200
    # the form gives the user's own text back for editing, escaped (bidi controls kept, as typed); the
    # analysis below it shows everything inert
    form = re.search(r"<textarea[^>]*>(.*?)</textarea>", r.text, re.S)
    assert form and "&lt;script&gt;" in form.group(1) and SCRIPT not in form.group(1)
    _no_raw_hostile(r.text[:form.start()] + r.text[form.end():])
    assert client.get("/api/articles/evil-one").json()["title"] == f"عنوان {SCRIPT}"  # JSON keeps the data as is


# --- commands --------------------------------------------------------------------------------------------

def test_serve_refuses_a_remote_host_without_the_flag(db, capsys):
    assert main(["serve", "--db", str(db), "--host", "0.0.0.0"]) == 2
    assert "--allow-remote" in capsys.readouterr().err
    assert main(["serve", "--db", str(db) + ".missing"]) == 2


def test_demo_builds_its_store_offline(capsys):
    assert main(["demo", "--no-serve"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"10 articles, \d+ quotations", err)


def test_readme_starts_with_the_demo():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    demo = readme.index("pip install -e . && .venv/bin/khabar demo")
    assert demo < readme.index("pip install -e . && .venv/bin/khabar extract examples/port-expansion.txt")
    for shot in ("search", "speaker", "article", "paste", "quote"):
        assert f"docs/screenshots/{shot}.png" in readme
        assert (Path(__file__).resolve().parents[1] / "docs" / "screenshots" / f"{shot}.png").stat().st_size > 5000


def test_quotes_filtered_by_statement_type_and_gender(client, db):
    conn = sqlite3.connect(db)
    for stype, gender in (("commitment", None), ("claim", "M"), ("denial", "F")):
        sql = "SELECT count(*) FROM quotes WHERE statement_type = ?" + (" AND speaker_gender = ?" if gender else "")
        want = conn.execute(sql, (stype, gender) if gender else (stype,)).fetchone()[0]
        params = {"statement_type": stype, "page_size": MAX_PAGE_SIZE, **({"gender": gender} if gender else {})}
        rows = client.get("/api/quotes", params=params).json()["results"]
        assert len(rows) == want
        assert all(r["statement_type"] == stype and (gender is None or r["speaker_gender"] == gender) for r in rows)
    assert conn.execute("SELECT count(*) FROM quotes WHERE statement_type = 'commitment'").fetchone()[0] > 0
    conn.close()
    assert "statement_type" in _error(client.get("/api/quotes", params={"statement_type": "rumour"}), 422)
    _error(client.get("/api/quotes", params={"gender": "X"}), 422)


def test_quote_page_names_the_statement_type_in_arabic(client):
    rows = client.get("/api/quotes", params={"statement_type": "commitment"}).json()["results"]
    html = client.get(f"/quotes/{rows[0]['quote_id']}").text
    assert "نوع التصريح" in html and "تعهد" in html


def test_speakers_carry_the_gender_most_of_their_quotations_show(client, db):
    conn = sqlite3.connect(db)
    top = client.get("/api/speakers", params={"page_size": MAX_PAGE_SIZE}).json()["results"]
    for s in top[:10]:
        f, m = conn.execute("SELECT sum(speaker_gender = 'F'), sum(speaker_gender = 'M') FROM quotes "
                            "WHERE speaker_id = ?", (s["id"],)).fetchone()
        want = "F" if (f or 0) > (m or 0) else "M" if (m or 0) > (f or 0) else None
        assert s["gender"] == want
        assert client.get(f"/api/speakers/{s['id']}").json()["gender"] == want
    conn.close()
    assert any(s["gender"] for s in top)


def test_sources_page_shows_the_report_over_the_store(client, db):
    conn = sqlite3.connect(db)
    html = client.get("/sources").text
    _rtl(html)
    n_quotes = conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
    n_articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert f'data-corpus="{n_articles} {n_quotes} ' in html
    assert 'src="data:image/svg+xml;base64,' in html and "<script" not in html
    assert "img-src 'self' data:" in client.get("/sources").headers["content-security-policy"]  # the charts show
    assert 'href="/sources"' in client.get("/").text
    outlet = "صحيفة الضياء"
    narrowed = client.get("/sources", params={"source": outlet, "statement_type": "claim"}).text
    want = conn.execute("SELECT count(*) FROM quotes q JOIN articles a ON a.rowid = q.article_rowid "
                        "WHERE a.source = ? AND q.statement_type = 'claim'", (outlet,)).fetchone()[0]
    conn.close()
    assert f"{want} اقتباسًا" in narrowed and "المنبر: صحيفة الضياء" in narrowed
    assert client.get("/sources", params={"since": "2026-02-30"}).status_code in (400, 422)


def test_search_page_filters_by_statement_type_and_gender(client, db):
    conn = sqlite3.connect(db)
    want = conn.execute("SELECT count(*) FROM quotes WHERE speaker_gender = 'F'").fetchone()[0]
    sure = conn.execute("SELECT count(*) FROM quotes WHERE speaker_gender = 'F' AND confidence >= ?",
                        (SURE,)).fetchone()[0]
    conn.close()
    html = client.get("/", params={"gender": "F", "unsure": "true"}).text
    assert f"الأقوال ({want})" in html and '<option value="F" selected>' in html
    html = client.get("/", params={"gender": "F"}).text  # what is unsure is hidden unless asked for
    assert f"الأقوال ({sure})" in html
    html = client.get("/", params={"statement_type": "commitment"}).text
    assert '<option value="commitment" selected>تعهد</option>' in html
