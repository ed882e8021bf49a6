"""One declaration of the quotation fields: the nested and flat shapes agree, an article survives JSON and the
store unchanged, and a new field reaches the store, the export, the API and the page from its declaration
and its migration alone."""
from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

from khabar import fields
from khabar.article import Article
from khabar.fields import Field, flatten, nest
from khabar.pipeline import extract
from khabar.store import connect
from khabar.store import schema
from khabar.store.export import columns, rows
from khabar.store.ingest import store_article
from khabar.store.read import read_article

# Invented: a minister, an agency, a council and a tweet; a hashtag, a broken hashtag and an addressee.
TEXT = (
    "قالت وزيرة النقل في جمهورية نوران #هالة_السمّان للصحفيين إن «الخط الجديد سيعمل قبل الصيف».\n\n"
    "وأضافت #هالةالسمان في تغريدة على تويتر أن الوزارة ستنشر جدول الرحلات الأسبوع المقبل، "
    "بحسب وكالة أنباء الواحة.\n\n"
    "من جهته، أكد رئيس مجلس مدينة بوداي كمال الدبّاغ أن «المحطة ستفتح أبوابها في الموعد»."
)
README = Path(__file__).resolve().parents[1] / "README.md"


def _article() -> Article:
    return extract(TEXT, id="noran-rail", meta={"source": "صحيفة الواحة", "date": "2026-03-02"})


def _store(tmp_path: Path, doc: dict) -> object:
    conn = connect(tmp_path / "f.db")
    conn.execute("BEGIN")
    store_article(conn, doc, "hash", "test")
    conn.execute("COMMIT")
    return conn


def test_from_dict_restores_what_to_dict_wrote() -> None:
    doc = json.loads(json.dumps(_article().to_dict()))
    assert doc["quotes"] and doc["entities"] and doc["hashtags"]
    back = Article.from_dict(doc)
    assert back.to_dict() == doc
    assert back.text == TEXT and all(TEXT[s.start:s.end] == s.text for s in back.all_spans())


def test_from_dict_refuses_what_is_not_an_article() -> None:
    with pytest.raises(ValueError, match="needs its text"):
        Article.from_dict({"id": "x"})
    with pytest.raises(ValueError, match="schema_version 9.0"):
        Article.from_dict({"text": "نص", "schema_version": "9.0"})


def test_flatten_and_nest_are_inverse_on_every_quotation() -> None:
    for q in _article().to_dict()["quotes"]:
        flat = flatten(q)
        assert set(flat) == {f.name for f in fields.stored_fields()}
        assert nest(flat, TEXT) == q


def test_an_article_goes_to_the_store_and_comes_back_equal(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(_article().to_dict()))
    conn = _store(tmp_path, doc)
    back = read_article(conn, "noran-rail")
    assert back is not None and back.text == TEXT and back.meta == doc["meta"]
    got = back.to_dict()
    assert got["quotes"] == doc["quotes"]
    assert got["entities"] == doc["entities"]
    assert read_article(conn, "absent") is None


def test_a_new_store_has_exactly_the_declared_quotation_columns(tmp_path: Path) -> None:
    conn = connect(tmp_path / "c.db")
    have = {r[1] for r in conn.execute("PRAGMA table_info(quotes)")}
    internal = {"rowid", "article_rowid", "idx", "text_norm", "text_stem", "speaker_id", "group_id"}
    assert have - internal == {f.store_column for f in fields.stored_fields()}


def test_the_readme_lists_the_exported_quotation_columns() -> None:
    row = next(line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| `quotes` |"))
    listed = re.findall(r"`([a-z_]+)`", row.split("|")[2])
    assert tuple(listed) == columns("quotes")


def test_a_new_field_reaches_store_export_api_and_page_from_its_declaration(tmp_path: Path, monkeypatch) -> None:
    """Declare one field and its migration; nothing else changes, and the field is stored, exported, served
    by the API and shown on the quotation's page."""
    new = Field("speaker_mood", "text", "how the speaker sounded", "quote", ("speaker", "mood"), since=99,
                label="نبرة المتحدث")
    monkeypatch.setattr(fields, "QUOTE_FIELDS", fields.QUOTE_FIELDS + (new,))
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [(99, "mood", schema.add_quote_columns(99))])

    doc = json.loads(json.dumps(_article().to_dict()))
    doc["quotes"][0]["speaker"]["mood"] = "واثقة"
    conn = _store(tmp_path, doc)
    exported = list(rows(conn, "quotes"))
    assert columns("quotes")[-1] == "speaker_mood"
    assert [r["speaker_mood"] for r in exported] == ["واثقة"] + [None] * (len(exported) - 1)
    back = read_article(conn, "noran-rail")
    assert back is not None
    conn.close()

    import io

    from rich.console import Console

    from khabar.cli.extract import render_article

    out = io.StringIO()
    render_article(Console(file=out, width=200, color_system=None), doc)
    assert "speaker_mood: واثقة" in out.getvalue()

    fastapi = pytest.importorskip("fastapi")  # noqa: F841
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from khabar.web import create_app

    client = TestClient(create_app(tmp_path / "f.db"))
    quote_id = exported[0]["quote_id"]
    api = client.get(f"/api/quotes/{quote_id}").json()
    assert api["quote"]["speaker_mood"] == "واثقة"
    page = client.get(f"/quotes/{quote_id}").text
    assert "نبرة المتحدث" in page and "واثقة" in page
