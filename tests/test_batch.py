"""`khabar batch`, the local engine: shards, manifest, errors, and resuming after a crash (a real SIGKILL)."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from khabar.batch import BatchConfig, BatchError, read_output, run_local
from khabar.cli import main
from khabar.bench import generate_corpus

EMPTY_PAGE = "<html><head><title>صفحة</title></head><body><nav></nav></body></html>"


def write_corpus(path: Path, n: int, seed: int = 3, bad: bool = False) -> list[str]:
    """`n` generated invented articles as JSONL; with `bad`, a broken line and an empty page among them."""
    records = generate_corpus(n, seed)
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if bad:
        lines.insert(7, "{not json")
        lines.insert(12, json.dumps({"id": "empty-page", "html": EMPTY_PAGE}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [r["id"] for r in records]


def check_manifest(out: Path) -> dict:
    """The manifest agrees with the files: checksums, sizes, record counts, totals."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    total = 0
    for shard in manifest["shards"]:
        assert shard["status"] == "complete", shard
        path = out / shard["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == shard["sha256"]
        assert path.stat().st_size == shard["bytes"]
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(lines) == shard["records"]
        total += shard["records"]
    assert manifest["complete"] and manifest["totals"]["records"] == total
    assert sorted(p.name for p in (out / "shards").iterdir()) == sorted(Path(s["file"]).name for s in manifest["shards"])
    return manifest


def test_batch_writes_shards_manifest_and_errors(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    ids = write_corpus(corpus, 30, bad=True)
    out = tmp_path / "out"
    assert main(["batch", str(corpus), "--out", str(out), "--shard-size", "8", "--workers", "2", "--quiet"]) == 1
    manifest = check_manifest(out)
    assert [s["planned"] for s in manifest["shards"]] == [8, 8, 8, 8]  # 32 lines
    assert manifest["pipeline_version"] and manifest["options"]["entities"] is True
    # each shard says how much memory its worker had needed so far (models loaded: tens of MB at least)
    assert all(20 < s["worker_peak_rss_mb"] < 4000 for s in manifest["shards"]), manifest["shards"]
    assert manifest["inputs"] == [{"path": str(corpus), "kind": "jsonl", "bytes": corpus.stat().st_size,
                                   "records": 32}]
    articles = read_output(out)
    assert sorted(a["id"] for a in articles) == sorted(ids)  # the rest was written
    assert all(a["quotes"] is not None and a["pipeline_version"] for a in articles)
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert errors == [
        {"source": f"{corpus}:8", "reason": "not JSON (Expecting property name enclosed in double quotes at column 2)"},
        {"source": f"{corpus}:13", "id": "empty-page",
         "reason": "no article text found in the HTML (empty extraction)"},
    ]
    assert manifest["totals"]["failures"] == 2
    assert manifest["failures_by_reason"] == {
        "not JSON (Expecting property name enclosed in double quotes at column N)": 1,
        "no article text found in the HTML (empty extraction)": 1,
    }


def test_finished_shards_are_skipped_on_rerun(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 12)
    out = tmp_path / "out"
    config = BatchConfig([str(corpus)], str(out), workers=1, shard_size=4)
    run_local(config)
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "shards").iterdir()}
    (out / "shards" / "part-00001.jsonl").unlink()  # lost: must be recomputed, and nothing else
    manifest = run_local(config)
    assert manifest["last_run"]["shards_run"] == 1
    after = {p.name: p.stat().st_mtime_ns for p in (out / "shards").iterdir()}
    assert after["part-00000.jsonl"] == stamps["part-00000.jsonl"]
    assert after["part-00002.jsonl"] == stamps["part-00002.jsonl"]
    assert "part-00001.jsonl" in after
    check_manifest(out)
    assert run_local(config)["last_run"]["shards_run"] == 0
    with pytest.raises(BatchError, match="shard_size"):  # another plan never mixes into this folder
        run_local(BatchConfig([str(corpus)], str(out), workers=1, shard_size=5))


def test_parquet_shards_hold_the_same_articles(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 6)
    run_local(BatchConfig([str(corpus)], str(tmp_path / "j"), workers=1, shard_size=4))
    run_local(BatchConfig([str(corpus)], str(tmp_path / "p"), workers=1, shard_size=4, format="parquet"))
    table = pq.read_table(tmp_path / "p" / "shards" / "part-00000.parquet")
    assert table.column_names == ["id", "url", "title", "date", "source", "pipeline_version", "article"]
    assert read_output(tmp_path / "p") == read_output(tmp_path / "j")


def test_resume_after_sigkill_gives_every_record_exactly_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    ids = write_corpus(corpus, 400, seed=11)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "khabar.cli", "batch", str(corpus), "--out", str(out), "--shard-size", "10",
           "--workers", "2", "--quiet"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    shards = out / "shards"
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if shards.is_dir() and len(list(shards.glob("part-*.jsonl"))) >= 3:
                break
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the whole run: coordinator and its workers, as in a crash
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    killed = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    done_before = [s["index"] for s in killed["shards"] if s["status"] == "complete"]
    assert not killed["complete"] and 0 < len(done_before) < 40

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    manifest = check_manifest(out)
    assert manifest["last_run"]["shards_run"] == 40 - len(done_before)
    counts = Counter(a["id"] for a in read_output(out))
    assert set(counts) == set(ids) and max(counts.values()) == 1
    assert not list(shards.glob(".*")) and not list((out / "errors").glob(".*"))  # stale temporaries removed
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(tmp_path / "absent.jsonl"), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    errors = (tmp_path / "o" / "errors.jsonl").read_text(encoding="utf-8")
    assert "no such file or folder" in errors
    assert main(["batch", "x.jsonl", "--out", str(tmp_path / "o"), "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err


def test_workers_forked_from_the_warmed_server_write_what_one_process_computes(tmp_path: Path) -> None:
    from khabar.batch.local import worker_context
    from khabar.pipeline import Options, process_record

    if sys.platform.startswith("linux"):
        assert worker_context().get_start_method() == "forkserver"
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 12, seed=5)
    run_local(BatchConfig([str(corpus)], str(tmp_path / "out"), workers=2, shard_size=3))
    expected = {}
    for line in corpus.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        expected[record["id"]] = process_record(record, Options())
    got = {a["id"]: a for a in read_output(tmp_path / "out")}
    assert got == expected


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through /proc")
def test_the_fork_server_warms_up_without_starting_a_thread() -> None:
    """The server the workers fork from must stay single-threaded (a thread does not survive a fork, and a
    lock it held stays held in the child), though numpy's BLAS would start a pool at import."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    code = ("import os, sys, khabar.batch.warm as w; from khabar.quotes.lexicon import cue_table; "
            "print(w.warmed, 'numpy' in sys.modules, cue_table.cache_info().currsize, len(os.listdir('/proc/self/task')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.split() == ["True", "True", "1", "1"], out.stderr
