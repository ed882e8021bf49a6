"""Ingest throughput and memory: `khabar bench-ingest` on generated corpora of growing size.

Each size runs `khabar ingest` as a fresh child process on a JSONL file of the synthetic corpus of
`khabar.bench.pipeline.generate_corpus` (the same seed gives the same articles), so the peak resident memory
reported is the ingest's own (from `wait4`), not the generator's. A second run over the same file measures
the idempotent path (every article already stored, nothing re-analysed).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _child(cmd: list[str], log: Path) -> tuple[float, float, dict[str, Any]]:
    """Run `cmd`; (wall seconds, peak RSS MB, the ingest's final JSON log event)."""
    t0 = time.perf_counter()
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    done: dict[str, Any] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.startswith("{") and '"event": "done"' in line:
            done = json.loads(line)
    if proc.returncode not in (0, 1) or not done:
        raise RuntimeError(f"ingest failed ({proc.returncode}): {log.read_text(encoding='utf-8')[-2000:]}")
    rss = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return wall, rss, done


def bench_ingest(sizes: list[int], seed: int = 0, batch_size: int = 100, workdir: str | None = None) -> dict[str, Any]:
    from khabar.bench.pipeline import generate_corpus, machine_info
    from khabar.pipeline import PIPELINE_VERSION

    runs = []
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        for n in sizes:
            src = Path(tmp) / f"corpus-{n}.jsonl"
            with src.open("w", encoding="utf-8") as fh:
                for rec in generate_corpus(n, seed):
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            db = Path(tmp) / f"store-{n}.db"
            cmd = [sys.executable, "-m", "khabar.cli", "ingest", str(src), "--db", str(db), "--log-json",
                   "--batch-size", str(batch_size)]
            wall, rss, done = _child(cmd, Path(tmp) / "log")
            again_wall, again_rss, again = _child(cmd, Path(tmp) / "log")
            size_mb = sum(p.stat().st_size for p in Path(tmp).glob(f"store-{n}.db*")) / 1e6
            runs.append({
                "articles": n,
                "quotes": done["quotes"],
                "ingest_articles_per_s": done["articles_per_s"],  # read, analyse, store; in the loop
                "end_to_end_articles_per_s": round(n / wall, 2),  # with start-up and the corpus pass
                "seconds": round(wall, 2),
                "peak_rss_mb": round(rss, 1),
                "reingest_articles_per_s": round(n / again_wall, 1),
                "reingest_added": again["added"],
                "db_mb": round(size_mb, 1),
            })
    return {"pipeline_version": PIPELINE_VERSION, "machine": machine_info(), "batch_size": batch_size,
            "seed": seed, "runs": runs}
