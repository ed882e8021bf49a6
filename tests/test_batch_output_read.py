"""A batch output folder is read through its manifest, whichever engine wrote it, as a stream: an
unfinished, failed or altered folder is refused with the reason rather than read in part (docs/batch.md).

The articles are invented (conftest's ARTICLE with its names changed)."""
from __future__ import annotations

import json
import sqlite3
import types
from pathlib import Path

import pytest
from conftest import ARTICLE

from khabar.batch import BatchConfig, iter_output, read_output, run_local
from khabar.batch.output import article_row, write_parquet_atomic
from khabar.cli import main
from khabar.errors import InputError


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("batch")
    rows = [{"id": f"a{i}", "text": ARTICLE.replace("سامر", ["نادر", "وائل", "سامي", "رامز"][i])} for i in range(4)]
    (root / "in.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    manifest = run_local(BatchConfig([str(root / "in.jsonl")], str(root / "out"), workers=1, shard_size=2))
    assert manifest["complete"] and manifest["totals"]["shards"] == 2
    return root / "out"


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


def _edit_manifest(folder: Path, change) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_the_output_is_streamed_shard_by_shard(batch_out: Path) -> None:
    stream = iter_output(batch_out)
    assert isinstance(stream, types.GeneratorType)
    assert next(stream)["id"] == "a0"
    assert [a["id"] for a in read_output(batch_out)] == ["a0", "a1", "a2", "a3"]


def test_an_incomplete_folder_is_refused_and_its_finished_shards_can_be_asked_for(batch_out: Path,
                                                                                   tmp_path: Path) -> None:
    folder = _copy(batch_out, tmp_path / "half")

    def fail_second(m):
        m["complete"] = False
        m["shards"][1]["status"] = "failed"

    _edit_manifest(folder, fail_second)
    with pytest.raises(InputError, match=r"incomplete batch output: 1 of 2 shards finished, 1 failed"):
        read_output(folder)
    assert [a["id"] for a in read_output(folder, partial=True)] == ["a0", "a1"]
    db = tmp_path / "c.db"
    assert main(["ingest", str(folder), "--db", str(db), "--quiet"]) == 2
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert "incomplete batch output" in sqlite3.connect(db).execute("SELECT reason FROM errors").fetchone()[0]


def test_a_shard_changed_after_the_run_is_refused(batch_out: Path, tmp_path: Path) -> None:
    folder = _copy(batch_out, tmp_path / "changed")
    shard = sorted((folder / "shards").glob("part-*.jsonl"))[1]
    shard.write_text(shard.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="does not match the manifest"):
        read_output(folder)


def test_a_folder_without_manifest_or_of_another_schema_is_refused(batch_out: Path, tmp_path: Path) -> None:
    folder = _copy(batch_out, tmp_path / "other")
    _edit_manifest(folder, lambda m: m.update(schema_version="9.0"))
    with pytest.raises(InputError, match="output schema 9.0"):
        read_output(folder)
    (folder / "manifest.json").unlink()
    with pytest.raises(InputError, match="without manifest.json"):
        read_output(folder)


def test_the_spark_layout_is_read_and_ingested(batch_out: Path, tmp_path: Path) -> None:
    """Spark writes `articles/*.parquet` (the flat rows) and its manifest last; built here from the local
    engine's articles (tests/test_batch_spark.py runs the real engine)."""
    pytest.importorskip("pyarrow")
    articles = read_output(batch_out)
    folder = tmp_path / "spark"
    write_parquet_atomic(folder / "articles" / "part-00000-x.zstd.parquet", [article_row(a) for a in articles[:3]])
    write_parquet_atomic(folder / "articles" / "part-00001-x.zstd.parquet", [article_row(a) for a in articles[3:]])
    manifest = json.loads((batch_out / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(engine="spark", output="articles/")
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert read_output(folder) == articles
    db = tmp_path / "s.db"
    assert main(["ingest", str(folder), "--db", str(db), "--quiet"]) == 0
    assert [r[0] for r in sqlite3.connect(db).execute("SELECT id FROM articles ORDER BY id")] == ["a0", "a1", "a2", "a3"]


def test_a_folder_written_before_the_date_title_and_url_columns_still_resumes(batch_out: Path, tmp_path: Path) -> None:
    folder = _copy(batch_out, tmp_path / "older")
    _edit_manifest(folder, lambda m: m.update(columns={"id": "id", "text": "text", "html": "html"}))
    src = batch_out.parent / "in.jsonl"
    again = run_local(BatchConfig([str(src)], str(folder), workers=1, shard_size=2))
    assert again["complete"] and again["last_run"]["shards_run"] == 0  # nothing redone, nothing refused
    _edit_manifest(folder, lambda m: m.update(columns={"id": "id", "text": "text", "html": "html", "date": "when"}))
    from khabar.batch import BatchError

    with pytest.raises(BatchError):
        run_local(BatchConfig([str(src)], str(folder), workers=1, shard_size=2))
