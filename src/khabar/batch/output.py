"""Shard files on disk: atomic writes, checksums, and the one Parquet row shape both engines write.

A shard file appears under its final name only when it is complete: it is written to a temporary name in
the same folder, flushed and fsynced, then renamed (atomic on POSIX), and the folder is fsynced so the
rename survives a crash. A reader therefore never sees half a shard.

Parquet rows keep the few fields people filter on as columns and the whole article (the same object as a
JSONL line) as a JSON string in `article`: the article's layers are nested and optional, and one stable,
flat schema is what Spark, DuckDB and pandas read without surprises.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

PARQUET_COLUMNS: tuple[str, ...] = ("id", "url", "title", "date", "source", "pipeline_version", "article")
SUFFIX = {"jsonl": ".jsonl", "parquet": ".parquet"}


def article_row(out: dict[str, Any]) -> dict[str, Any]:
    """One output article as a flat Parquet row: filterable columns plus the whole article as JSON."""
    meta = out.get("meta") or {}
    return {
        "id": out.get("id"),
        "url": meta.get("url"),
        "title": meta.get("title"),
        "date": meta.get("date"),
        "source": meta.get("source"),
        "pipeline_version": out.get("pipeline_version"),
        "article": json.dumps(out, ensure_ascii=False, sort_keys=True),
    }


def to_json_line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _tmp_name(final: Path) -> Path:
    return final.with_name(f".{final.name}.tmp-{os.getpid()}")


def _publish(tmp: Path, final: Path) -> None:
    os.replace(tmp, final)
    fsync_dir(final.parent)


def write_text_atomic(final: Path, text: str) -> None:
    """Write a small text file (the manifest, the error log) atomically."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(final)
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    _publish(tmp, final)


def write_lines_atomic(final: Path, lines: Iterable[str]) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(final)
    with open(tmp, "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())
    _publish(tmp, final)


def write_parquet_atomic(final: Path, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.string()) for name in PARQUET_COLUMNS])
    table = pa.Table.from_pylist(rows, schema=schema)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(final)
    with open(tmp, "wb") as fh:
        pq.write_table(table, fh, compression="zstd")
        fh.flush()
        os.fsync(fh.fileno())
    _publish(tmp, final)


class ShardWriter:
    """Stream articles of one shard to a temporary file; `publish()` makes it appear under its name.

    JSONL is written line by line, so a worker's memory does not grow with the shard; Parquet rows are
    buffered (they are small flat rows) and written as one table on publish.
    """

    def __init__(self, final: Path, fmt: str) -> None:
        self.final, self.fmt = final, fmt
        final.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = _tmp_name(final)
        self.rows: list[dict[str, Any]] = []
        self.fh = open(self.tmp, "w", encoding="utf-8") if fmt == "jsonl" else None  # noqa: SIM115

    def add(self, article: dict[str, Any]) -> None:
        if self.fh is not None:
            self.fh.write(to_json_line(article))
        else:
            self.rows.append(article_row(article))

    def publish(self) -> None:
        if self.fh is not None:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            _publish(self.tmp, self.final)
        else:
            write_parquet_atomic(self.final, self.rows)

    def discard(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.tmp.unlink(missing_ok=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_output(folder: str | Path) -> list[dict[str, Any]]:
    """Every article of a batch output folder (local JSONL or Parquet shards, or Spark's Parquet)."""
    folder = Path(folder)
    out: list[dict[str, Any]] = []
    for path in sorted((folder / "shards").glob("part-*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh if line.strip())
    parquet = sorted((folder / "shards").glob("part-*.parquet")) + sorted((folder / "articles").glob("*.parquet"))
    if parquet:
        import pyarrow.parquet as pq

        for path in parquet:
            for row in pq.read_table(path, columns=["article"]).to_pylist():
                out.append(json.loads(row["article"]))
    return out
