"""The store as the tools researchers use see it: sqlite-utils and datasette find its full-text index, the
views give quotations and mentions with their article, and the datasette metadata explains every column.

The articles are invented (people, outlets and places are made up).
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from khabar.fields import shown_fields
from khabar.store import connect, ingest_paths, search_quotes
from khabar.store.datasette import metadata
from khabar.store.schema import _fts_sql, _script

sqlite_utils = pytest.importorskip("sqlite_utils")

ARTICLES = [
    {"id": "n1", "date": "2024-03-05", "source": "صحيفة الأفق", "title": "الكهرباء", "url": "https://example.org/n1",
     "text": "قال وزير الطاقة رامي الشهابي إن «الحُكومةَ ستعلن خطة لإصلاح شبكة الكهرباء قبل الصيف».\n\n"
             "وأضاف الشهابي أن «المحطات الجديدة ستدخل الخدمة تباعا»."},
    {"id": "n2", "date": "2024-04-11", "source": "وكالة النهار الجديد", "title": "الخبز",
     "text": "أكدت رئيسة بلدية النخيل دينا الحلبي أن «والحكومة لن تسمح بارتفاع أسعار الخبز».\n\n"
             "وقال المتحدث باسم البلدية كريم العبيدي: «الأفران ستعمل طوال الليل»."},
    {"id": "n3", "text": "تواصل فرق البلدية أعمال تنظيف قنوات تصريف المياه في الأحياء المنخفضة."},
]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    src = tmp_path / "news.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ARTICLES), encoding="utf-8")
    db = tmp_path / "corpus.db"
    conn = connect(db)
    ingest_paths(conn, [str(src)])
    conn.close()
    return db


def _khabar_finds(db: Path, word: str) -> list[int]:
    conn = connect(db)
    try:
        return sorted(q["quote_id"] for q in search_quotes(conn, word, limit=None))
    finally:
        conn.close()


def test_sqlite_utils_finds_the_index_and_what_khabar_search_finds(store: Path) -> None:
    db = sqlite_utils.Database(store)
    assert db["quotes"].detect_fts() == "quotes_fts"
    assert db["articles"].detect_fts() == "articles_fts"
    found = sorted(row["rowid"] for row in db["quotes"].search("حكومه"))  # the folded word
    assert found == _khabar_finds(store, "حكومه") == _khabar_finds(store, "الحكومة")
    assert len(found) == 2  # «الحُكومةَ» with harakat, «والحكومة» with its conjunction
    assert [r["id"] for r in db["articles"].search("الكهرباء")] == ["n1"]


def test_sqlite_utils_search_command_line(store: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "sqlite_utils", "search", str(store), "quotes", "الافران",
                          "-c", "speaker_name"], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [{"speaker_name": "كريم العبيدي"}]


def test_datasette_search_finds_the_quotations(store: Path) -> None:
    """What datasette does for `?_search=` on a table: find its FTS table the way it does (the same
    `content="…"` patterns sqlite-utils uses), then match each term in double quotes (its escaping)."""
    conn = sqlite3.connect(store)
    fts = conn.execute(
        "SELECT name FROM sqlite_master WHERE rootpage = 0 AND (sql LIKE '%VIRTUAL TABLE%USING FTS%content=\"quotes\"%'"
        " OR sql LIKE '%VIRTUAL TABLE%USING FTS%content=[quotes]%')").fetchall()
    assert fts == [("quotes_fts",)]
    rows = conn.execute('SELECT rowid FROM quotes WHERE rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts '
                        'MATCH ?) ORDER BY rowid', ('"حكومه"',)).fetchall()
    conn.close()
    assert [r[0] for r in rows] == _khabar_finds(store, "حكومه")


def test_a_store_with_the_old_index_declaration_is_rebuilt_without_losing_anything(store: Path) -> None:
    """Stores written before migration 6 declared `content='quotes'` (single quotes), which neither tool
    recognises; opening one declares the indexes again and they still find every row."""
    before = _khabar_finds(store, "حكومه")
    conn = sqlite3.connect(store, isolation_level=None)
    conn.execute("BEGIN")
    for table in ("articles", "quotes"):
        for suffix in ("ai", "ad", "au"):
            conn.execute(f"DROP TRIGGER {table}_fts_{suffix}")
        conn.execute(f"DROP TABLE {table}_fts")
        _script(conn, _fts_sql(table, quote="'"))
        conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
    conn.execute("DROP VIEW quotations")
    conn.execute("DROP VIEW entity_mentions")
    conn.execute("DELETE FROM migrations WHERE id = 6")
    conn.execute("COMMIT")
    conn.close()
    assert sqlite_utils.Database(store)["quotes"].detect_fts() is None  # what issue 16 found

    connect(store).close()
    db = sqlite_utils.Database(store)
    assert db["quotes"].detect_fts() == "quotes_fts"
    assert sorted(r["rowid"] for r in db["quotes"].search("حكومه")) == before == _khabar_finds(store, "حكومه")
    assert db["quotations"].count == db["quotes"].count == 4


def test_the_quotations_view_has_every_field_with_its_article(store: Path) -> None:
    conn = sqlite3.connect(store)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT * FROM quotations ORDER BY quote_id").fetchall()
    assert list(rows[0].keys()) == [f.name for f in shown_fields()] + ["month"]
    assert len(rows) == conn.execute("SELECT count(*) FROM quotes").fetchone()[0] == 4
    first = dict(rows[0])
    assert (first["article_id"], first["title"], first["url"], first["date"], first["month"], first["source"]) == (
        "n1", "الكهرباء", "https://example.org/n1", "2024-03-05", "2024-03", "صحيفة الأفق")
    assert first["speaker"] == "رامي الشهابي"
    assert {r["month"] for r in rows} == {"2024-03", "2024-04"}


def test_the_entity_mentions_view(store: Path) -> None:
    conn = sqlite3.connect(store)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM entity_mentions")]
    text = {a["id"]: a["text"] for a in ARTICLES}
    assert len(rows) == conn.execute("SELECT count(*) FROM mentions").fetchone()[0] > 0
    for row in rows:
        assert text[row["article_id"]][row["start"]:row["end"]] == row["mention"]
    assert any(r["entity"] == "دينا الحلبي" and r["entity_type"] == "PER" and r["month"] == "2024-04" for r in rows)


def test_the_datasette_metadata_explains_every_column_of_every_table_and_view(store: Path) -> None:
    doc = metadata("corpus")
    tables = doc["databases"]["corpus"]["tables"]
    conn = sqlite3.connect(store)
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE '%fts%' "
        "AND name NOT LIKE 'sqlite_%'")]
    for name in names:
        assert name in tables, name
        if tables[name].get("hidden"):
            continue
        assert tables[name]["description"]
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
        assert set(columns) <= set(tables[name]["columns"]), set(columns) - set(tables[name]["columns"])
    assert {"migrations", "state"} <= {n for n, t in tables.items() if t.get("hidden")}
    assert tables["quotations"]["fts_table"] == "quotes_fts"
    assert "ة written ه" in tables["quotes"]["description"]


def test_the_datasette_metadata_command(store: Path) -> None:
    from khabar.cli import main

    out = store.parent / "meta.json"
    assert main(["datasette-metadata", "--db", str(store), "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert list(doc["databases"]) == ["corpus"]
