"""Migrations: a store written by an older khabar (schema v1, built here by hand) opens with this one."""
from __future__ import annotations

import sqlite3

import pytest

from khabar.errors import StoreError
from khabar.store import SCHEMA_VERSION, connect, list_speakers, refresh_derived, schema_version, search_quotes

# The v1 schema exactly as the first store release wrote it (no normalised text, no FTS, no speakers).
V1 = """
CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
INSERT INTO migrations VALUES (1, 'base', '2024-01-01T00:00:00+00:00');
CREATE TABLE articles (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text_hash TEXT NOT NULL, title TEXT,
    date TEXT, source TEXT, url TEXT, origin TEXT, text TEXT NOT NULL, meta_json TEXT NOT NULL DEFAULT '{}',
    schema_version TEXT, pipeline_version TEXT NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE quotes (rowid INTEGER PRIMARY KEY, article_rowid INTEGER NOT NULL REFERENCES articles(rowid),
    idx INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, kind TEXT,
    confidence REAL, cue TEXT, cue_start INTEGER, cue_end INTEGER, speaker_name TEXT, speaker_type TEXT,
    speaker_entity_id TEXT, speaker_role TEXT, speaker_start INTEGER, speaker_end INTEGER, addressee TEXT,
    channel TEXT, via TEXT, UNIQUE (article_rowid, idx));
CREATE TABLE entities (rowid INTEGER PRIMARY KEY, article_rowid INTEGER NOT NULL REFERENCES articles(rowid),
    entity_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT, roles_json TEXT NOT NULL DEFAULT '[]',
    UNIQUE (article_rowid, entity_id));
CREATE TABLE mentions (rowid INTEGER PRIMARY KEY, entity_rowid INTEGER NOT NULL REFERENCES entities(rowid),
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid), start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT, label TEXT);
CREATE TABLE errors (rowid INTEGER PRIMARY KEY, source TEXT NOT NULL, reason TEXT NOT NULL,
    first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 1, UNIQUE (source, reason));
"""
TEXT = "وقال وزير المالية رامي الشهابي: «الحُكومةُ ستُعلن خطة لإصلاح شبكة الكهرباء قبل نهاية الصيف»."


def _v1(path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1)
    conn.execute("INSERT INTO articles VALUES (1, 'old-1', 'h', 'قديم', '2023-05-01', 'صحيفة الأفق', NULL, "
                 "'old.txt', ?, '{}', '1.0', '0.0.1', '2024-01-01')", (TEXT,))
    s = TEXT.index("«") + 1
    e = TEXT.index("»")
    conn.execute("INSERT INTO quotes (rowid, article_rowid, idx, text, start, \"end\", kind, speaker_name, "
                 "speaker_type, speaker_role) VALUES (1, 1, 0, ?, ?, ?, 'direct', 'رامي الشهابي', 'PER', 'وزير المالية')",
                 (TEXT[s:e], s, e))
    conn.execute("INSERT INTO entities VALUES (1, 1, 'e1', 'رامي الشهابي', 'PER', '[]')")
    conn.commit()
    conn.close()


def test_a_v1_store_opens_with_the_current_code(tmp_path):
    path = tmp_path / "v1.db"
    _v1(path)
    conn = connect(path)
    assert schema_version(conn) == SCHEMA_VERSION >= 3
    assert [r[0] for r in conn.execute("SELECT id FROM migrations ORDER BY id")] == list(range(1, SCHEMA_VERSION + 1))
    # the old rows were normalised and indexed by the migration: searchable without harakat
    hits = search_quotes(conn, "الحكومة ستعلن")
    assert [h["article_id"] for h in hits] == ["old-1"]
    refresh_derived(conn)
    assert list_speakers(conn)[0]["name"] == "رامي الشهابي"
    conn.close()
    # opening again applies nothing
    conn = connect(path)
    assert conn.execute("SELECT count(*) FROM migrations").fetchone()[0] == SCHEMA_VERSION


def test_a_store_from_a_newer_khabar_is_refused(tmp_path):
    path = tmp_path / "new.db"
    connect(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO migrations VALUES (99, 'future', '2030-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="upgrade khabar"):
        connect(path)


def test_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        connect(path)
    with pytest.raises(StoreError, match="no such store"):
        connect(tmp_path / "absent.db", create=False)
