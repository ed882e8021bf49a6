"""A corpus analysed by `khabar batch` loads into the store as it is: same rows as a direct ingest, no
second extraction, and loading it again adds nothing."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from khabar.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _rows(db: Path) -> tuple[list, list]:
    conn = sqlite3.connect(db)
    try:
        arts = conn.execute("SELECT id, text FROM articles ORDER BY id").fetchall()
        quotes = conn.execute("SELECT text FROM quotes ORDER BY text").fetchall()
        return arts, quotes
    finally:
        conn.close()


def test_batch_output_ingests_like_the_inputs(tmp_path, capsys) -> None:
    out = tmp_path / "batch"
    assert main(["batch", str(EXAMPLES), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    assert main(["ingest", str(out), "--db", str(tmp_path / "from_batch.db"), "--quiet"]) == 0
    assert main(["ingest", str(EXAMPLES), "--db", str(tmp_path / "direct.db"), "--quiet"]) == 0
    from_batch, direct = _rows(tmp_path / "from_batch.db"), _rows(tmp_path / "direct.db")
    assert from_batch[0] and from_batch[1]
    assert from_batch == direct


def test_batch_output_loaded_twice_adds_nothing(tmp_path, monkeypatch, capsys) -> None:
    out = tmp_path / "batch"
    assert main(["batch", str(EXAMPLES), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    db = tmp_path / "c.db"
    assert main(["ingest", str(out), "--db", str(db), "--quiet"]) == 0
    first = _rows(db)

    def refuse(*args, **kwargs):  # loading analysed articles must never run the pipeline
        raise AssertionError("the pipeline ran on an already analysed article")

    monkeypatch.setattr("khabar.store.ingest.process_record", refuse)
    assert main(["ingest", str(out), "--db", str(db), "--quiet"]) == 0
    assert _rows(db) == first
