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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

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


def _discard(tmp: Path, fh: Any = None) -> None:
    """Remove a temporary file that will never be published (closing it may fail again on a full disk)."""
    if fh is not None:
        try:
            fh.close()
        except OSError:
            pass
    tmp.unlink(missing_ok=True)


def _named(exc: OSError, path: Path) -> OSError:
    """A failed write() does not say which file it was writing; say it (the final name, not the temporary)."""
    if exc.filename is None and exc.errno is not None:
        named = OSError(exc.errno, exc.strerror, str(path))
        named.__cause__ = exc
        return named
    return exc


def write_text_atomic(final: Path, text: str) -> None:
    """Write a small text file (the manifest, the error log) atomically."""
    write_lines_atomic(final, [text])


def _write_atomic(final: Path, mode: str, write: Callable[[IO[Any]], None]) -> None:
    """Let `write` fill a temporary beside `final`, then publish it; on failure nothing is left behind,
    `final` is untouched, and an OSError names `final`."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(final)
    fh = open(tmp, mode, encoding="utf-8" if "b" not in mode else None)  # noqa: SIM115
    try:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())
        fh.close()
        _publish(tmp, final)
    except OSError as exc:
        _discard(tmp, fh)
        raise _named(exc, final) from exc
    except BaseException:
        _discard(tmp, fh)
        raise


def write_lines_atomic(final: Path, lines: Iterable[str]) -> None:
    """Write lines to `final` atomically; on failure nothing is left behind and `final` is untouched."""
    _write_atomic(final, "w", lambda fh: fh.writelines(lines))


def write_parquet_atomic(final: Path, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.string()) for name in PARQUET_COLUMNS])
    table = pa.Table.from_pylist(rows, schema=schema)
    _write_atomic(final, "wb", lambda fh: pq.write_table(table, fh, compression="zstd"))


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
            try:
                self.fh.write(to_json_line(article))
            except OSError as exc:
                raise _named(exc, self.final) from exc
        else:
            self.rows.append(article_row(article))

    def publish(self) -> None:
        if self.fh is None:
            write_parquet_atomic(self.final, self.rows)
            return
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            _publish(self.tmp, self.final)
        except OSError as exc:
            self.discard()
            raise _named(exc, self.final) from exc
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Drop the temporary file (a failed or interrupted shard is never published)."""
        if self.fh is not None:
            _discard(self.tmp, self.fh)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def iter_output(folder: str | Path, *, partial: bool = False) -> Iterator[dict[str, Any]]:
    """Every article of a batch output folder (local JSONL or Parquet shards, or Spark's Parquet), streamed
    shard by shard. The manifest is checked first: a folder without one, marked incomplete, of another
    output schema, or whose shard files do not match it raises `InputError` naming the folder and the
    reason; `partial=True` reads the finished shards of an incomplete run."""
    from khabar.readers.batch_output import iter_articles

    for _, article in iter_articles(folder, partial=partial):
        yield article


def read_output(folder: str | Path, *, partial: bool = False) -> list[dict[str, Any]]:
    """`iter_output` as a list, for outputs that fit in memory."""
    return list(iter_output(folder, partial=partial))
