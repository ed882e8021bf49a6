"""Memory of long runs on a real corpus: `khabar bench-memory` measures the peak RSS of `khabar ingest` and of
one `khabar batch` worker over the first N articles of a corpus, for each N asked (2,000 and 10,000 in
docs/reliability.md), and says what the caches hold at the end.

Each measure is a fresh child process, so the figure is its own, not the parent's (which holds the corpus):
- `ingest`: `python -m khabar.bench.memory ingest …`, a child that ingests as `khabar ingest --quiet` does
  (the library's `ingest_paths`: benchmarks never call the command line) and then reports its peak RSS
  before and after the end-of-ingest rebuild (corpus speakers, quotation groups) and the per-cache entries
  (`khabar.bench.caches.cache_sizes`); the parent also reads the peak from `wait4`;
- `batch`: the real command with one worker over the largest N, the worker's peak RSS read from the
  manifest after each shard (`worker_peak_rss_mb`), so one run gives the curve at every shard boundary.
"""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _peak_mb() -> float:
    from khabar.batch.worker import peak_rss_mb

    return peak_rss_mb()


def _run(cmd: list[str]) -> tuple[float, float, int]:
    """Run `cmd` as a child; (wall seconds, its peak RSS MB from `wait4`, exit code)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    rss = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return time.perf_counter() - t0, round(rss, 1), os.waitstatus_to_exitcode(status)


def measure_ingest(src: Path, db: Path, report: Path) -> int:
    """In this process: ingest `src` into the store `db` as `khabar ingest src --db db --quiet` does (the same
    `ingest_paths`, default options and batches), then write the peak RSS before and after the end-of-ingest
    rebuild and the cache sizes to `report` (JSON). Returns 0, or 1 when some records failed."""
    import khabar.store.ingest as ingest
    from khabar.bench.caches import cache_sizes
    from khabar.store import connect

    marks: dict[str, float] = {}
    rebuild = ingest.refresh_derived

    def measured(conn: Any, force: bool = False) -> bool:
        marks["before_rebuild_mb"] = _peak_mb()
        done = rebuild(conn, force)
        marks["after_rebuild_mb"] = _peak_mb()
        return done

    ingest.refresh_derived = measured
    conn = connect(db, read_only=False)
    try:
        stats = ingest.ingest_paths(conn, [str(src)])
    finally:
        ingest.refresh_derived = rebuild
        conn.close()
    caches = {name: size for name, size in cache_sizes().items() if size["entries"]}
    report.write_text(json.dumps({"failed": stats.failed, "quotes": stats.quotes, **marks,
                                  "peak_rss_mb": _peak_mb(), "caches": caches}, ensure_ascii=False),
                      encoding="utf-8")
    return 1 if stats.failed else 0


def bench_memory(records: list[dict[str, Any]], sizes: list[int], keep: str | None = None,
                 batch: bool = True, shard_size: int = 1000) -> dict[str, Any]:
    """Peak RSS of `ingest` at each size, and of one `batch` worker over the largest size (per shard).
    `keep`: a folder where the corpora, stores and batch output are left (e.g. to compare two versions'
    exports); by default they go in a temporary folder removed at the end."""
    from khabar.bench.pipeline import machine_info
    from khabar.pipeline import PIPELINE_VERSION

    sizes = sorted(set(min(n, len(records)) for n in sizes))
    out: dict[str, Any] = {"pipeline_version": PIPELINE_VERSION, "machine": machine_info(), "ingest": [],
                           "batch": None}
    with (contextlib.nullcontext(keep) if keep else tempfile.TemporaryDirectory(prefix="khabar-memory-")) as tmp:
        Path(tmp).mkdir(parents=True, exist_ok=True)
        for n in sizes:
            src = Path(tmp) / f"corpus-{n}.jsonl"
            with src.open("w", encoding="utf-8") as fh:
                for rec in records[:n]:
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            db, report = Path(tmp) / f"store-{n}.db", Path(tmp) / f"ingest-{n}.json"
            wall, rss, code = _run([sys.executable, "-m", "khabar.bench.memory", "ingest", str(src), str(db),
                                    str(report)])
            if code not in (0, 1) or not report.exists():
                raise RuntimeError(f"ingest of {n} articles failed (exit {code})")
            measured = json.loads(report.read_text(encoding="utf-8"))
            out["ingest"].append({"articles": n, "seconds": round(wall, 1), "peak_rss_mb": rss, **measured})
        if batch and sizes:
            n = sizes[-1]
            folder = Path(tmp) / "batch"
            wall, rss, code = _run([sys.executable, "-m", "khabar.cli", "batch", str(Path(tmp) / f"corpus-{n}.jsonl"),
                                    "--out", str(folder), "--workers", "1", "--shard-size", str(shard_size),
                                    "--quiet"])
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            shards = sorted(manifest["shards"], key=lambda s: s["index"])
            curve = [{"articles": s["stop"], "worker_peak_rss_mb": s.get("worker_peak_rss_mb")} for s in shards]
            out["batch"] = {"articles": n, "seconds": round(wall, 1), "exit": code, "workers": 1,
                            "shard_size": shard_size, "records": manifest["totals"]["records"],
                            "failures": manifest["totals"]["failures"], "parent_and_worker_peak_rss_mb": rss,
                            "worker_curve": curve}
    return out


def growth(first: float, last: float) -> float:
    """Relative growth from `first` to `last` (0.1 is 10 %)."""
    return round((last - first) / first, 3) if first else 0.0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "ingest":
        sys.exit(measure_ingest(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])))
    print("usage: python -m khabar.bench.memory ingest SRC.jsonl STORE.db REPORT.json "
          "(the child of `khabar bench-memory`)", file=sys.stderr)
    sys.exit(2)
