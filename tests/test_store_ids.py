"""An article's id is the one its input gave, whatever it looks like; only ids a reader made up from a
position (a JSONL line without one) are replaced by a hash of the text."""
from __future__ import annotations

import json
import sqlite3

from khabar.cli import main


def test_given_ids_are_kept_and_made_up_ones_hashed(tmp_path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        {"text": "قال الوزير سامر الحداد إن المشروع سيبدأ قريباً في المدينة."},
        {"id": "in-2", "text": "وأكد رئيس البلدية أن الأعمال ستنتهي قبل الصيف المقبل."},
    ]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    assert main(["ingest", str(src), "--db", str(db), "--quiet"]) == 0
    ids = sorted(i for (i,) in sqlite3.connect(db).execute("SELECT id FROM articles"))
    assert ids[0] == "in-2"  # looks like a line-made id, but the input gave it
    assert ids[1].startswith("txt-") and ids[1] != "in-1"
