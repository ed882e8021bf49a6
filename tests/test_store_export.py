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
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as fh:
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
    assert parquet.to_pylist() == rows


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
    assert out.read_text(encoding="utf-8").startswith(",".join(columns("entities")))
    assert main(["export", "--db", str(tmp_path / "none.db"), "--out", str(out)]) == 2
    assert "no such store" in capsys.readouterr().err
