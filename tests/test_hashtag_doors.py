"""`khabar hashtag`, `khabar eval-hashtags` and `POST /api/hashtag` over invented articles: thin doors that
print, score and answer what `khabar.hashtagging` decides, with the one error shape."""
from __future__ import annotations

import json
import warnings

import pytest

from khabar.cli import main

ARTICLE = ("التقى وزير المياه سامر الحداد في مدينة السنديان رئيس البلدية فادي المنصوري، وبحثا خطة الري "
           "مع الحكومة الواحية.\n\nوقال سامر الحداد إن «السنديان ستحصل على حصتها من مياه السد قبل الصيف».")
TAGGED = ("التقى وزير المياه #سامر_الحداد في مدينة #السنديان رئيس البلدية #فاديالمنصوري.\n\n"
          "وقال سامر الحداد إن «#الواحة ستحصل على حصتها من مياه السد قبل الصيف».")


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "sindian.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_cli_prints_the_tagged_text(article_file, capsys) -> None:
    assert main(["hashtag", str(article_file)]) == 0
    out = capsys.readouterr().out
    assert "#سامر_الحداد" in out and "«السنديان ستحصل على حصتها من مياه السد قبل الصيف»" in out


def test_cli_json_offsets_point_into_the_input(article_file, capsys) -> None:
    assert main(["hashtag", str(article_file), "--format", "json", "--every"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["source_text"] == ARTICLE and doc["hashtags"]
    for h in doc["hashtags"]:
        assert ARTICLE[h["start"]:h["end"]].replace(" ", "_") == h["tag"][1:]
        assert doc["text"][h["out_start"]:h["out_end"]] == h["tag"]
    assert [s["tag"] for s in doc["suggestions"]][0] in {h["tag"] for h in doc["hashtags"]}


def test_cli_max_and_list(article_file, capsys) -> None:
    assert main(["hashtag", str(article_file), "--max", "1", "--list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("#") and lines[0].endswith("inserted")


def test_cli_style_file_and_its_errors(article_file, tmp_path, capsys) -> None:
    style = tmp_path / "desk.style"
    style.write_text("never سامر الحداد\nprefer الحكومة الواحية = حكومة_الواحة\n", encoding="utf-8")
    assert main(["hashtag", str(article_file), "--style", str(style)]) == 0
    out = capsys.readouterr().out
    assert "#سامر_الحداد" not in out and "#حكومة_الواحة" in out
    style.write_text("ban سامر الحداد\n", encoding="utf-8")
    assert main(["hashtag", str(article_file), "--style", str(style)]) == 2
    assert f"{style}:1" in capsys.readouterr().err
    assert main(["hashtag", str(article_file), "--style", str(tmp_path / "missing.style")]) == 2
    assert "style file not found" in capsys.readouterr().err


def test_cli_eval_hashtags_scores_a_folder(tmp_path, capsys) -> None:
    (tmp_path / "a.txt").write_text(TAGGED, encoding="utf-8")
    assert main(["eval-hashtags", str(tmp_path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["articles"] == 1 and figures["editor_names"] == 4 and figures["in_quotes"] == 0
    assert figures["recall"] == round(figures["matched"] / 4, 3) and figures["gold_outside_quotes"] == 3
    assert main(["eval-hashtags", str(tmp_path), "--inside-quotes", "--show-errors"]) == 0
    assert "in_quotes" in capsys.readouterr().out


fastapi = pytest.importorskip("fastapi")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from khabar.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(None), raise_server_exceptions=False)


def _error(resp, code: int) -> str:
    assert resp.status_code == code, resp.text
    body = resp.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    return body["error"]["message"]


def test_api_hashtag(client) -> None:
    r = client.post("/api/hashtag", json={"text": ARTICLE, "every": True, "max": 2})
    assert r.status_code == 200
    doc = r.json()
    assert len(doc["suggestions"]) == 2
    for h in doc["hashtags"]:
        assert doc["source_text"][h["start"]:h["end"]].replace(" ", "_") == h["tag"][1:]
        assert doc["text"][h["out_start"]:h["out_end"]] == h["tag"]
    styled = client.post("/api/hashtag", json={"text": ARTICLE, "style": "always مياه السد"}).json()
    assert styled["suggestions"][0]["tag"] == "#مياه_السد"


def test_api_hashtag_errors_have_the_one_shape(client) -> None:
    assert "exactly one" in _error(client.post("/api/hashtag", json={}), 422)
    assert "empty" in _error(client.post("/api/hashtag", json={"text": "  "}), 422)
    assert "style:1" in _error(client.post("/api/hashtag", json={"text": ARTICLE, "style": "maybe x"}), 422)
    _error(client.post("/api/hashtag", json={"text": ARTICLE, "max": -1}), 422)
    # values of another JSON type than the schema's are refused, not coerced (false is no count, 1 no flag)
    _error(client.post("/api/hashtag", json={"text": ARTICLE, "max": False}), 422)
    _error(client.post("/api/hashtag", json={"text": ARTICLE, "every": 1}), 422)
    _error(client.post("/api/extract", json={"text": 5}), 422)
    assert "/api/hashtag" in client.get("/openapi.json").json()["paths"]


def test_paste_page_button(client) -> None:
    r = client.post("/paste", data={"text": ARTICLE, "action": "hashtag"})
    assert r.status_code == 200 and "#سامر_الحداد" in r.text and 'id="tagged-text"' in r.text
    assert "أضف الوسوم" in client.get("/paste").text
