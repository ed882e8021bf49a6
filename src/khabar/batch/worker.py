"""What one worker does with one shard; the same per-record code serves the process pool and Spark.

Everything here is a top-level function of plain data (dicts in, dicts out), so it pickles under `spawn`
and under Spark's cloudpickle alike. Models load lazily once per worker process, on the first record.
"""
from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from khabar.batch.output import SUFFIX, ShardWriter, sha256_of, to_json_line, write_lines_atomic
from khabar.batch.shards import Shard, read_shard
from khabar.errors import InputError
from khabar.pipeline import Options, process_record
from khabar.readers.records import ReadFailure, Record
from khabar.readers.tabular import Columns

_NUMBER = re.compile(r"\d+")
_PROGRESS: Any = None  # a multiprocessing queue set by `init_worker`, or None
_PROGRESS_EVERY_S = 0.5


def options_to_dict(options: Options) -> dict[str, Any]:
    """The options as plain data for a worker; an article's running deadline is not configuration."""
    out = asdict(options)
    out.pop("deadline", None)
    return out


def options_from_dict(data: dict[str, Any]) -> Options:
    return Options(**data)


def reason_key(reason: str) -> str:
    """Failures are counted by reason with numbers folded (`column 12` and `column 40` are one reason)."""
    return _NUMBER.sub("N", reason)[:160]


def shard_name(index: int, fmt: str) -> str:
    return f"part-{index:05d}{SUFFIX[fmt]}"


def run_records(items: Iterable[Any], options: Options) -> Iterator[tuple[str, dict[str, Any]]]:
    """`("ok", article)`, `("error", {source, reason, id?})` or `("skip", {source, reason})` per item.

    A record the pipeline cannot analyse is an error value with the record's input named, never an
    exception through the batch.
    """
    for item in items:
        if isinstance(item, Record):
            try:
                yield "ok", process_record(item, options)
            except InputError as exc:
                yield "error", {"source": item.origin, "id": item.get("id"), "reason": exc.reason}
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop millions
                yield "error", {"source": item.origin, "id": item.get("id"),
                                "reason": f"{type(exc).__name__}: {exc}"}
        elif isinstance(item, ReadFailure):
            yield "error", {"source": item.source, "reason": item.reason}
        else:  # readers.warc.Skipped
            yield "skip", {"source": item.source, "reason": item.reason}


def init_worker(queue: Any) -> None:
    global _PROGRESS
    _PROGRESS = queue


def process_shard(task: dict[str, Any]) -> dict[str, Any]:
    """Analyse one shard and publish its output file (and its error file) atomically; return its figures."""
    t0 = time.perf_counter()
    shard = Shard.from_dict(task["shard"])
    out_dir = Path(task["out"])
    fmt = task["format"]
    options = options_from_dict(task["options"])
    columns = Columns(**task["columns"])
    final = out_dir / "shards" / shard_name(shard.index, fmt)
    error_file = out_dir / "errors" / f"part-{shard.index:05d}.jsonl"

    writer = ShardWriter(final, fmt)
    written = 0
    errors: list[dict[str, Any]] = []
    failures: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    pending, last = 0, time.monotonic()
    try:
        for status, value in run_records(read_shard(shard, columns), options):
            if status == "ok":
                writer.add(value)
                written += 1
            elif status == "error":
                errors.append(value)
                failures[reason_key(value["reason"])] += 1
            else:
                skipped[reason_key(value["reason"])] += 1
            pending += 1
            if _PROGRESS is not None and time.monotonic() - last >= _PROGRESS_EVERY_S:
                _PROGRESS.put(pending)
                pending, last = 0, time.monotonic()
    except BaseException:
        writer.discard()
        raise
    if _PROGRESS is not None and pending:
        _PROGRESS.put(pending)

    # errors first: a shard whose output exists always has its error file beside it
    try:
        write_lines_atomic(error_file, (to_json_line(e) for e in errors))
    except BaseException:
        writer.discard()
        raise
    writer.publish()
    return {
        "index": shard.index,
        "file": f"shards/{final.name}",
        "records": written,
        "failures": len(errors),
        "skipped": sum(skipped.values()),
        "failures_by_reason": dict(failures),
        "skipped_by_reason": dict(skipped),
        "sha256": sha256_of(final),
        "bytes": final.stat().st_size,
        "seconds": round(time.perf_counter() - t0, 3),
        "worker_pid": os.getpid(),
        "worker_peak_rss_mb": peak_rss_mb(),
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB: read after each shard, so the manifest shows how
    a long-lived worker's memory grows (or stays flat) with the records it has analysed."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux, bytes on macOS
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)
