"""The local engine: a process pool over shards, resumable, with the manifest kept by the parent.

Workers are forked from a `forkserver` that loaded the models and lexicons once (`khabar.batch.warm`), so
none of them loads its own; where there is no fork server (Windows) they are spawned and load lazily.

The parent plans the shards, skips those a previous run finished, hands the rest to the pool, and after
each shard is published records it in `manifest.json`. At the end `errors.jsonl` is rebuilt from the
per-shard error files of the finished shards (plus inputs that could not be planned), so a record's error
appears once however many times the run was interrupted.
"""
from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import queue as queue_mod
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from khabar.batch import manifest as mf
from khabar.batch.output import write_lines_atomic
from khabar.batch.shards import DEFAULT_SHARD_SIZE, plan_shards
from khabar.batch.worker import init_worker, options_to_dict, process_shard
from khabar.pipeline import Options
from khabar.readers.tabular import Columns

FORMATS = ("jsonl", "parquet")


class Progress(Protocol):
    def start(self, total: int | None, done: int) -> None: ...
    def advance(self, n: int) -> None: ...
    def finish(self) -> None: ...


@dataclass(slots=True)
class BatchConfig:
    inputs: list[str]
    out: str
    workers: int | None = None  # None: every core
    format: str = "jsonl"
    shard_size: int = DEFAULT_SHARD_SIZE
    options: Options = field(default_factory=Options)
    columns: Columns = field(default_factory=Columns)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def plan(config: BatchConfig, engine: str = "local") -> dict[str, Any]:
    """Plan the shards of a run and merge them with the manifest already in `out` (if any)."""
    if config.format not in FORMATS:
        raise mf.BatchError(f"unknown format {config.format!r} (expected jsonl or parquet)")
    out_dir = Path(config.out)
    shards, infos, failures = plan_shards(config.inputs, config.shard_size)
    fmt_suffix = {"jsonl": ".jsonl", "parquet": ".parquet"}[config.format]
    shard_dicts = []
    for shard in shards:
        d = shard.to_dict()
        d["planned"] = (shard.stop - shard.start) if shard.stop is not None else (len(shard.paths) or None)
        d["file"] = f"shards/part-{shard.index:05d}{fmt_suffix}"
        shard_dicts.append(d)
    new = mf.new_manifest(
        engine=engine,
        inputs=[{"path": i.path, "kind": i.kind, "bytes": i.bytes, "records": i.records} for i in infos],
        shards=shard_dicts,
        output_format=config.format,
        shard_size=config.shard_size,
        options=options_to_dict(config.options),
        columns=config.columns.to_dict(),
        plan_failures=[f.to_dict() for f in failures],
    )
    return mf.merge(mf.load(out_dir), new, out_dir)


def run_local(config: BatchConfig, progress: Progress | None = None) -> dict[str, Any]:
    """Run (or resume) a batch; returns the final manifest. Per-record failures never raise."""
    out_dir = Path(config.out)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with _exclusive(out_dir):
            return _run_locked(config, out_dir, progress)
    except OSError as exc:  # the folder itself (not one shard) cannot be written: the run cannot go on
        where = exc.filename or out_dir
        raise mf.BatchError(f"{out_dir}: cannot write the batch output ({where}: {exc.strerror or exc}); "
                            "the shards finished before are kept, re-run the same command to resume once "
                            "the cause is fixed") from exc


@contextlib.contextmanager
def _exclusive(out_dir: Path) -> Iterator[None]:
    """One run per output folder at a time; the lock dies with its process, even under SIGKILL."""
    fh = open(out_dir / ".lock", "a+")  # noqa: SIM115
    try:
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # not POSIX: no lock, as documented
            pass
        except OSError as exc:
            raise mf.BatchError(f"{out_dir}: another khabar batch is writing to this folder") from exc
        yield
    finally:
        fh.close()


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Half-written shard files of an interrupted run (never published, so never counted)."""
    for folder in (out_dir / "shards", out_dir / "errors", out_dir):
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp-*"):
                tmp.unlink(missing_ok=True)


def _run_locked(config: BatchConfig, out_dir: Path, progress: Progress | None) -> dict[str, Any]:
    _remove_stale_temporaries(out_dir)
    manifest = plan(config)
    mf.save(manifest, out_dir)
    todo = [s for s in manifest["shards"] if s["status"] != "complete"]
    total: int | None = 0
    for s in manifest["shards"]:
        total = None if total is None or s["planned"] is None else total + s["planned"]
    done_records = sum(s.get("planned") or 0 for s in manifest["shards"] if s["status"] == "complete")
    if progress is not None:
        progress.start(total, done_records)
    options = options_to_dict(config.options)
    columns = config.columns.to_dict()
    workers = max(1, min(config.workers or default_workers(), len(todo) or 1))
    t0 = time.perf_counter()
    try:
        if todo:
            _run_pool(todo, manifest, out_dir, workers, config.format, options, columns, progress)
    finally:
        manifest["last_run"] = {"workers": workers, "shards_run": len(todo),
                                "seconds": round(time.perf_counter() - t0, 3)}
        mf.save(manifest, out_dir)
        _write_errors(manifest, out_dir)
        if progress is not None:
            progress.finish()
    return manifest


def _run_pool(
    todo: list[dict[str, Any]], manifest: dict[str, Any], out_dir: Path, workers: int, fmt: str,
    options: dict[str, Any], columns: dict[str, str], progress: Progress | None,
) -> None:
    ctx = worker_context()
    updates = ctx.Queue() if progress is not None else None
    by_index = {s["index"]: s for s in manifest["shards"]}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=init_worker, initargs=(updates,))
    futures: dict[Future, int] = {}
    try:
        for shard in todo:
            spec = {k: shard[k] for k in ("index", "kind", "input", "member", "start", "stop", "paths")}
            task = {"shard": spec, "out": str(out_dir), "format": fmt, "options": options, "columns": columns}
            futures[pool.submit(process_shard, task)] = shard["index"]
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            _drain(updates, progress)
            for future in finished:
                shard = by_index[futures[future]]
                try:
                    result = future.result()
                except BrokenProcessPool as exc:
                    shard.update(status="failed", error=f"worker died: {exc}")
                    continue
                except Exception as exc:  # the shard's output could not be written: retried on re-run
                    shard.update(status="failed", error=f"{type(exc).__name__}: {exc}")
                    continue
                shard.update(result, status="complete")
                shard.pop("error", None)
                mf.save(manifest, out_dir)
        _drain(updates, progress)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


# The module the fork server imports before it forks any worker: it loads and freezes the pipeline's data.
WARM_MODULE = "khabar.batch.warm"


def worker_context() -> multiprocessing.context.BaseContext:
    """The start method of the pool's workers: `forkserver` with the pipeline preloaded where the platform
    has it, else `spawn`.

    A worker forked from the warmed server starts with the NER model, lexicons, scorers and wordfreq already
    in memory, shared with its siblings until written, instead of loading them itself (a second or more of
    CPU and its own copy of everything, per worker). The server is a fresh, single-threaded process: unlike
    forking the parent, nothing it holds (the parent's threads, locks, open output files) leaks into a
    worker, so the pool stays as safe as under `spawn`. The server lives as long as this process, and a
    later pool in it reuses the same warmed server.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([WARM_MODULE])
    return ctx


def _drain(updates: Any, progress: Progress | None) -> None:
    if updates is None or progress is None:
        return
    while True:
        try:
            progress.advance(updates.get_nowait())
        except queue_mod.Empty:
            return


def _write_errors(manifest: dict[str, Any], out_dir: Path) -> None:
    """`errors.jsonl`: the unplannable inputs, then each finished shard's errors in shard order."""

    def lines():
        for failure in manifest.get("plan_failures", []):
            yield json.dumps(failure, ensure_ascii=False) + "\n"
        for shard in manifest["shards"]:
            if shard.get("status") != "complete":
                continue
            path = out_dir / "errors" / f"part-{shard['index']:05d}.jsonl"
            if path.is_file():
                with open(path, encoding="utf-8") as fh:
                    yield from fh

    write_lines_atomic(out_dir / "errors.jsonl", lines())
