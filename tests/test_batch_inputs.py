"""Inputs at scale: JSONL (.gz/.zst), JSON arrays in zips and Parquet, by record range, with named columns;
and the shard plan cut from them."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import zipfile
from pathlib import Path

import pytest

from khabar.batch.shards import plan_shards, read_shard
from khabar.readers import ReadFailure, Record
from khabar.readers.tabular import Columns, count_records, kind_of, read_range

from conftest import ARTICLE

ROWS = [{"uid": f"n{i}", "body": ARTICLE.replace("السنديان", f"السنديان {i}"), "title": f"خبر {i}",
         "source": "الساحل اليوم"} for i in range(7)]


def _jsonl(rows: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_jsonl_compressed_with_named_columns_and_ranges(tmp_path: Path, suffix: str) -> None:
    data = _jsonl(ROWS[:3]) + b"{broken\n\n" + _jsonl(ROWS[3:])
    path = tmp_path / f"dump{suffix}"
    if suffix.endswith(".gz"):
        data = gzip.compress(data)
    elif suffix.endswith(".zst"):
        zstandard = pytest.importorskip("zstandard")
        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    assert kind_of(path) == "jsonl" and count_records(path, "jsonl") == 9
    cols = Columns(id="uid", text="body")
    items = list(read_range(path, "jsonl", 0, None, cols))
    records = [i for i in items if isinstance(i, Record)]
    assert [r["id"] for r in records] == [f"n{i}" for i in range(7)]
    assert records[0]["title"] == "خبر 0" and "السنديان 0" in records[0]["text"]
    assert [f.source for f in items if isinstance(f, ReadFailure)] == [f"{path}:4"]
    # ranges by physical line: the two halves give every item once
    halves = list(read_range(path, "jsonl", 0, 4, cols)) + list(read_range(path, "jsonl", 4, 9, cols))
    assert halves == items
    # the default columns find nothing under "body": a failure naming the line, not a crash
    default = list(read_range(path, "jsonl", 0, 1))
    assert isinstance(default[0], ReadFailure) and "no 'text' or 'html'" in default[0].reason


def test_parquet_rows_with_columns_timestamps_and_row_groups(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [dict(r, num=i, date=dt.datetime(2024, 4, 1 + i, 8, 0)) for i, r in enumerate(ROWS)]
    path = tmp_path / "dump.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=3)
    assert count_records(path, "parquet") == 7
    cols = Columns(id="num", text="body")
    records = list(read_range(path, "parquet", 2, 6, cols))
    assert [r["id"] for r in records] == ["2", "3", "4", "5"]
    assert records[0]["date"] == "2024-04-03T08:00:00" and records[0].origin == f"{path}:row 2"
    missing = list(read_range(path, "parquet", 0, None, Columns(text="content")))
    assert len(missing) == 1 and "no column 'content'" in missing[0].reason


def test_a_json_file_holding_one_object_is_one_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(ROWS[0], ensure_ascii=False), encoding="utf-8")
    columns = Columns(id="uid", text="body")
    assert count_records(path, "json") == 1
    records = list(read_range(path, "json", 0, None, columns))
    assert [r["id"] for r in records] == ["n0"] and records[0]["text"] == ROWS[0]["body"]


def test_json_arrays_in_a_zip_of_days(tmp_path: Path) -> None:
    """A dump shaped like a daily archive: one zip per day holding a JSON array of articles without ids."""
    path = tmp_path / "2024-04-09.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("2024-04-09.json", json.dumps([{"content": r["body"], "title": r["title"]} for r in ROWS],
                                                  ensure_ascii=False))
        zf.writestr("__MACOSX/._2024-04-09.json", b"junk")
    shards, infos, failures = plan_shards([str(tmp_path)], shard_size=3)
    assert not failures and [i.records for i in infos] == [7]
    assert [(s.kind, s.member, s.start, s.stop) for s in shards] == [
        ("zip", "2024-04-09.json", 0, 3), ("zip", "2024-04-09.json", 3, 6), ("zip", "2024-04-09.json", 6, 7)]
    got = [r for s in shards for r in read_shard(s, Columns(text="content"))]
    assert [r["id"] for r in got] == [f"2024-04-09-{i}" for i in range(7)]
    assert got[6].origin == f"{path}!2024-04-09.json:[6]"


def test_plan_groups_small_files_and_names_unreadable_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for i in range(5):
        (folder / "sub" / f"a{i}.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "big.jsonl").write_bytes(_jsonl([{"id": f"x{i}", "text": ARTICLE} for i in range(5)]))
    (folder / ".hidden.jsonl").write_bytes(_jsonl(ROWS))
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / "odd.xyz").write_text("?", encoding="utf-8")
    shards, infos, failures = plan_shards([str(folder), str(tmp_path / "odd.xyz"), str(tmp_path / "nope")], 2)
    assert [(s.kind, s.start, s.stop, len(s.paths)) for s in shards] == [
        ("jsonl", 0, 2, 0), ("jsonl", 2, 4, 0), ("jsonl", 4, 5, 0),
        ("files", 0, None, 2), ("files", 0, None, 2), ("files", 0, None, 1)]
    assert [s.index for s in shards] == list(range(6))
    assert sorted(f.reason.split(" (")[0] for f in failures) == ["no such file or folder", "unknown input type"]
    ids = [r["id"] for s in shards for r in read_shard(s)]
    assert ids == [f"x{i}" for i in range(5)] + [f"a{i}" for i in range(5)]
    assert plan_shards([str(folder)], 2)[0] == shards  # deterministic


def test_an_input_without_the_text_column_hints_at_text_column(tmp_path: Path, capsys) -> None:
    """Every record failing for want of `text` is a dump that names it otherwise, not bad articles: one line
    per such input names the fields it has and `--text-column`."""
    from khabar.cli import main

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    dump = tmp_path / "dump.jsonl"
    dump.write_bytes(_jsonl(ROWS[:3]))
    table = tmp_path / "dump.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS[3:5]), table)
    days = tmp_path / "days.zip"
    with zipfile.ZipFile(days, "w") as zf:
        zf.writestr("2024-04-09.json", json.dumps(ROWS[5:], ensure_ascii=False))
    mixed = tmp_path / "mixed.jsonl"  # one good record among them: bad records, not a misnamed column
    mixed.write_bytes(_jsonl([ROWS[0], {"id": "ok", "text": ARTICLE}]))
    args = [str(dump), str(table), str(days), str(mixed), "--out", str(tmp_path / "out"), "--workers", "1"]
    assert main(["batch", *args, "--quiet"]) == 1
    hints = [line for line in capsys.readouterr().err.splitlines() if "--text-column" in line]
    assert hints == [
        f"khabar: batch: {path}: no record has a 'text' or 'html' field (its fields: body, source, title, uid); "
        "name the one holding the article with --text-column NAME (or --html-column NAME)"
        for path in (dump, table, days)]
    # and under the column the hint offers, the same input is read; a wrong guess is named as asked
    assert main(["batch", str(dump), "--out", str(tmp_path / "o2"), "--text-column", "body", "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["batch", str(dump), "--out", str(tmp_path / "o3"), "--text-column", "content", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "no record has a 'content' or 'html' field" in err
    assert "no 'content' or 'html'" in (tmp_path / "o3" / "errors.jsonl").read_text(encoding="utf-8")


def test_date_title_and_url_columns_are_read_under_the_names_a_dump_gives_them(tmp_path) -> None:
    """SaudiNewsNet-shaped rows (`content`, `date_extracted`, `link`, `headline`; invented text): without
    the options their dates would be lost."""
    from khabar.batch import BatchConfig, read_output, run_local
    from khabar.cli import main

    rows = [{"content": ARTICLE, "date_extracted": "2015-07-21 10:00:00", "headline": "خبر الميناء",
             "link": "https://example.org/port", "source": "الساحل اليوم"}]
    src = tmp_path / "dump.json"
    src.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    assert main(["batch", str(src), "--out", str(tmp_path / "out"), "--quiet", "--workers", "1",
                 "--text-column", "content", "--date-column", "date_extracted", "--title-column", "headline",
                 "--url-column", "link"]) == 0
    meta = read_output(tmp_path / "out")[0]["meta"]
    assert (meta["date"], meta["title"], meta["url"], meta["source"]) == (
        "2015-07-21 10:00:00", "خبر الميناء", "https://example.org/port", "الساحل اليوم")
    assert main(["batch", str(src), "--out", str(tmp_path / "plain"), "--quiet", "--workers", "1",
                 "--text-column", "content"]) == 0
    assert "date" not in read_output(tmp_path / "plain")[0]["meta"]
