"""The same messy records through every door: `ingest` (the store), `batch` (shards) and `/api/extract`.

Each good record is analysed once and the same way whatever the door; each bad one is reported with its
line and reason and the rest go on. The articles are invented.
"""
from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest

from khabar.cli import main

GOOD = "قال وزير الري سامر الحداد إن «الموسم الزراعي وفير»، بحسب وكالة أنباء الواحة.\n"
PRESENTATION = "ﻗﺎﻝ ﺳﺎﻣﺮ ﺍﻟﺤﺪﺍﺩ ﺇﻥ «ﺍﻟﻤﻮﺳﻢ ﻭﻓﻴﺮ»."  # as a PDF copy gives it


def _line(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n"


def messy_jsonl(path: Path) -> tuple[set[str], dict[int, str]]:
    """Write the mix; return the ids that must come out and, per bad line, a piece of its reason."""
    lines = [
        _line({"id": "plain", "text": GOOD}),
        json.dumps({"id": "cp1256", "text": GOOD}, ensure_ascii=False).encode("cp1256") + b"\n",
        b'{"id": "surrogate", "text": "\\ud835 ' + GOOD.strip().encode() + b'"}\n',
        _line({"id": "pdf-copy", "text": PRESENTATION}),
        _line({"id": "nested", "text": "قال سامر الحداد إن «الفلاحين يرددون “الموسم وفير” منذ الربيع»."}),
        _line({"id": "unbalanced", "text": "قال سامر الحداد إن «الموسم وفير. وتابع «« » “ ثم سكت."}),
        _line({"id": "bidi", "text": "\u202bقال\u202c \u200fسامر الحداد\u200e إن «الموسم وفير»."}),
        _line({"id": "huge", "text": "ن " * 300_000}),
        _line({"id": "blank", "text": "   \n "}),
        _line(["not", "an", "object"]),
        b"\x89PNG\x00\x00\x00\rIHDR\xff\xfe\x00\x01\n",  # a binary line
        _line({"id": "script-only", "html": "<html><body><script>alert('«x»')</script></body></html>"}),
        _line({"id": "latin-mix", "text": "قال CEO شركة Nuran Agro سامر الحداد إن «the season is good» هذا العام."}),
    ]
    path.write_bytes(b"".join(lines))
    good = {"plain", "cp1256", "pdf-copy", "nested", "unbalanced", "bidi", "latin-mix"}
    bad = {3: "unpaired UTF-16 surrogate", 8: "over the limit of 500,000", 9: "empty 'text'/'html'",
           10: "not a JSON object", 11: "not UTF-8", 12: "no article text found in the HTML"}
    return good, bad


def test_ingest_stores_the_good_records_and_files_the_bad_with_reasons(tmp_path: Path, capsys) -> None:
    src = tmp_path / "messy.jsonl"
    good, bad = messy_jsonl(src)
    db = tmp_path / "k.db"
    assert main(["ingest", str(src), "--db", str(db), "--quiet"]) == 1
    conn = sqlite3.connect(db)
    ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
    errors = dict(conn.execute("SELECT source, reason FROM errors").fetchall())
    assert ids == good
    assert set(errors) == {f"{src}:{n}" for n in bad}
    for n, piece in bad.items():
        assert piece in errors[f"{src}:{n}"], (n, errors[f"{src}:{n}"])
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    speakers = {r[0] for r in conn.execute("SELECT speaker_name FROM quotes WHERE speaker_name IS NOT NULL")}
    assert "سامر الحداد" in speakers and not any("\u200f" in s or "ﺳ" in s for s in speakers)
    # a second run adds nothing and loses nothing
    assert main(["ingest", str(src), "--db", str(db), "--quiet"]) == 1
    assert {r[0] for r in conn.execute("SELECT id FROM articles")} == good


def test_batch_writes_the_good_records_once_and_the_bad_to_errors(tmp_path: Path) -> None:
    src = tmp_path / "messy.jsonl"
    good, bad = messy_jsonl(src)
    packed = tmp_path / "wire.jsonl"  # gzip content under a plain name, as some crawlers leave it
    packed.write_bytes(gzip.compress(src.read_bytes()))
    out = tmp_path / "out"
    assert main(["batch", str(packed), "--out", str(out), "--shard-size", "5", "--workers", "1", "--quiet"]) == 1
    docs = [json.loads(line) for p in sorted((out / "shards").iterdir())
            for line in p.read_text(encoding="utf-8").splitlines()]
    assert sorted(d["id"] for d in docs) == sorted(good)
    assert next(d for d in docs if d["id"] == "cp1256")["text"] == GOOD
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    by_line = {int(e["source"].rsplit(":", 1)[1]): e["reason"] for e in errors}
    assert set(by_line) == set(bad)
    for n, piece in bad.items():
        assert piece in by_line[n], (n, by_line[n])


@pytest.fixture
def client():
    from fastapi.testclient import TestClient

    from khabar.web.app import create_app

    return TestClient(create_app(None))


def test_api_extract_reads_lookalike_text_and_refuses_what_is_not_text(client) -> None:
    r = client.post("/api/extract", json={"text": PRESENTATION})
    assert r.status_code == 200
    (quote,) = r.json()["quotes"]
    assert quote["speaker"]["name"] == "سامر الحداد"
    assert PRESENTATION[quote["start"]:quote["end"]] == quote["text"]
    bad = client.post("/api/extract", content=b'{"text": "\\ud835 ' + GOOD.strip().encode() + b'"}',
                      headers={"content-type": "application/json"})
    assert bad.status_code == 422 and "unpaired UTF-16 surrogate" in bad.json()["error"]["message"]
    long = client.post("/api/extract", json={"text": "ن " * 300_000})
    assert long.status_code in (413, 422) and long.json()["error"]["code"] == long.status_code


@pytest.mark.parametrize("door", ["ingest", "batch"])
def test_max_chars_reaches_ingest_and_batch(tmp_path: Path, door: str) -> None:
    src = tmp_path / "two.jsonl"
    src.write_bytes(_line({"id": "short", "text": "قال سامر: «نعم»."}) + _line({"id": "long", "text": GOOD * 3}))
    target = ["--db", str(tmp_path / "k.db")] if door == "ingest" else ["--out", str(tmp_path / "out")]
    assert main([door, str(src), *target, "--max-chars", "100", "--quiet"]) == 1
    if door == "ingest":
        conn = sqlite3.connect(tmp_path / "k.db")
        assert [r[0] for r in conn.execute("SELECT id FROM articles")] == ["short"]
        reasons = [r[0] for r in conn.execute("SELECT reason FROM errors")]
    else:
        reasons = [json.loads(line)["reason"] for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert len(reasons) == 1 and "over the limit of 100" in reasons[0]
