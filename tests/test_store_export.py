"""Export: JSONL, CSV and Parquet with the documented columns, read back to the same values."""
from __future__ import annotations

import csv
import json
import sqlite3
import sys

import pytest
from store_corpus import build_store

from khabar.cli import main
from khabar.errors import StoreError
from khabar.store import connect
from khabar.store.export import columns, export


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db, _, _ = build_store(tmp_path_factory.mktemp("export"))
    return db


def _count(db, table):
    conn = sqlite3.connect(db)
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.mark.parametrize("table", ["articles", "quotes", "entities"])
def test_jsonl_csv_and_parquet_round_trip(store, tmp_path, table):
    pq = pytest.importorskip("pyarrow.parquet")
    conn = connect(store)
    n = export(conn, table, "jsonl", tmp_path / "t.jsonl")
    assert n == _count(store, table) > 0
    rows = [json.loads(line) for line in (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == n and all(tuple(r) == columns(table) for r in rows)

    assert export(conn, table, "csv", tmp_path / "t.csv") == n
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as fh:
        back = list(csv.DictReader(fh))
    assert tuple(back[0]) == columns(table) and len(back) == n
    for a, b in zip(rows, back):
        for key, value in a.items():
            if isinstance(value, list):
                assert json.loads(b[key]) == value
            else:
                assert b[key] == ("" if value is None else str(value))

    assert export(conn, table, "parquet", tmp_path / "t.parquet") == n
    parquet = pq.read_table(tmp_path / "t.parquet")
    assert tuple(parquet.column_names) == columns(table)
    back = parquet.to_pylist()
    for row in back:
        if "date" in row:  # a date in Parquet, the text the store keeps elsewhere (the corpus's are all days)
            row["date"] = row["date"].isoformat() if row["date"] else None
    assert back == rows


def test_exported_offsets_point_into_the_exported_text(store, tmp_path):
    conn = connect(store)
    export(conn, "articles", "jsonl", tmp_path / "a.jsonl")
    export(conn, "quotes", "jsonl", tmp_path / "q.jsonl")
    texts = {r["id"]: r["text"] for r in map(json.loads, (tmp_path / "a.jsonl").open(encoding="utf-8"))}
    quotes = [json.loads(line) for line in (tmp_path / "q.jsonl").open(encoding="utf-8")]
    assert all(texts[q["article_id"]][q["start"]:q["end"]] == q["text"] for q in quotes)
    grouped = [q for q in quotes if q["group_id"] is not None]
    assert grouped and all(q["group_source_quote"] is not None for q in grouped)
    assert all(q["speaker_canonical"] for q in quotes)


def test_parquet_without_pyarrow_is_a_clear_error(store, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(StoreError, match=r"pip install 'khabar\[parquet\]'"):
        export(connect(store), "quotes", "parquet", tmp_path / "x.parquet")
    assert main(["export", "--db", str(store), "--format", "parquet", "--out", str(tmp_path / "x.parquet")]) == 2
    assert "khabar[parquet]" in capsys.readouterr().err
    assert not (tmp_path / "x.parquet").exists()


def test_cli_export(store, tmp_path, capsys):
    out = tmp_path / "e.csv"
    assert main(["export", "--db", str(store), "--table", "entities", "--format", "csv", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("\ufeff" + ",".join(columns("entities")))
    assert main(["export", "--db", str(tmp_path / "none.db"), "--out", str(out)]) == 2
    assert "no such store" in capsys.readouterr().err


def test_duckdb_reads_the_exports_with_their_types(store, tmp_path):
    """Integers with empty cells stay integers, `date` is a date, the quotations carry the article's title
    and url, the Parquet file names the versions that wrote it, and the CSV opens with its Arabic intact."""
    duckdb = pytest.importorskip("duckdb")
    pq = pytest.importorskip("pyarrow.parquet")
    from khabar.pipeline import PIPELINE_VERSION
    from khabar.store import SCHEMA_VERSION

    conn = connect(store)
    export(conn, "quotes", "parquet", tmp_path / "q.parquet")
    export(conn, "articles", "parquet", tmp_path / "a.parquet")
    export(conn, "quotes", "csv", tmp_path / "q.csv")
    db = duckdb.connect()
    types = dict((r[0], r[1]) for r in db.execute(
        f"DESCRIBE SELECT * FROM read_parquet('{tmp_path / 'q.parquet'}')").fetchall())
    assert types["date"] == "DATE" and types["confidence"] == "DOUBLE"
    for name in ("quote_id", "group_id", "group_source_quote", "speaker_id", "addressee_start", "cue_start"):
        assert types[name] == "BIGINT", (name, types[name])
    assert types["title"] == types["url"] == "VARCHAR"
    nulls, integers = db.execute(
        f"SELECT count(*) FILTER (WHERE group_id IS NULL), count(*) FILTER (WHERE group_id IS NOT NULL) "
        f"FROM read_parquet('{tmp_path / 'q.parquet'}')").fetchone()
    assert nulls > 0 and integers > 0  # the column has empty cells, and is integer all the same
    first = db.execute(f"SELECT date, title FROM read_parquet('{tmp_path / 'q.parquet'}') WHERE title IS NOT NULL "
                       "ORDER BY quote_id LIMIT 1").fetchone()
    assert first[0].year == 2024 and first[1].startswith("تصريحات")
    a_types = dict((r[0], r[1]) for r in db.execute(
        f"DESCRIBE SELECT * FROM read_parquet('{tmp_path / 'a.parquet'}')").fetchall())
    assert a_types["date"] == "DATE" and a_types["quotes"] == "BIGINT"
    meta = pq.read_schema(tmp_path / "q.parquet").metadata
    assert meta[b"khabar.version"].decode() == PIPELINE_VERSION
    assert meta[b"khabar.store_schema"].decode() == str(SCHEMA_VERSION)

    speakers = {r[0] for r in db.execute(f"SELECT speaker FROM read_csv('{tmp_path / 'q.csv'}', header=true)").fetchall()}
    assert speakers == {r[0] for r in db.execute(f"SELECT speaker FROM read_parquet('{tmp_path / 'q.parquet'}')").fetchall()}
    assert "رامي الشهابي" in speakers
    assert (tmp_path / "q.csv").read_bytes().startswith(b"\xef\xbb\xbfquote_id,")
    export(conn, "quotes", "csv", tmp_path / "plain.csv", bom=False)
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"quote_id,")


def test_a_date_that_is_not_a_calendar_day_is_empty_in_parquet_and_kept_in_jsonl(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from khabar.store import ingest_paths

    src = tmp_path / "odd.jsonl"
    src.write_text(json.dumps({"id": "odd", "date": "ربيع 2024", "text": "قال المدير سامر الحداد: «سنبدأ غدا»."},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    conn = connect(tmp_path / "odd.db")
    ingest_paths(conn, [str(src)])
    export(conn, "articles", "parquet", tmp_path / "a.parquet")
    export(conn, "articles", "jsonl", tmp_path / "a.jsonl")
    assert pq.read_table(tmp_path / "a.parquet").column("date").to_pylist() == [None]
    assert json.loads((tmp_path / "a.jsonl").read_text(encoding="utf-8"))["date"] == "ربيع 2024"
