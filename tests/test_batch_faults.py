"""Faults in `khabar batch`: the whole run (coordinator and workers) killed with SIGKILL at random points
again and again, shard files that cannot be written (a file size limit standing in for a full disk), and
an output folder that cannot be written. Finished shards must be exactly the ones the manifest lists, a
half-written shard is never counted, and the resumed output equals a clean run's record by record.

The kill loop's figures are printed with `-s` and added to $KHABAR_FAULTS_REPORT when it is set.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from test_batch import check_manifest, write_corpus
from test_store_faults import _file_size_limit, _os_refuses_writes, _report

from khabar.batch import BatchConfig, read_output, run_local

KILLS = 24
SEED = 20240612


def _cmd(corpus: Path, out: Path, shard_size: int = 5) -> list[str]:
    return [sys.executable, "-m", "khabar.cli", "batch", str(corpus), "--out", str(out), "--shard-size",
            str(shard_size), "--workers", "2", "--quiet"]


def _manifest(out: Path) -> dict | None:
    try:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _complete(out: Path) -> int:
    m = _manifest(out)
    return sum(s["status"] == "complete" for s in m["shards"]) if m else 0


def _temporaries(out: Path) -> set[str]:
    return {p.name for folder in (out / "shards", out / "errors", out) if folder.is_dir()
            for p in folder.glob(".*.tmp-*")}


def _consistent(out: Path) -> int:
    """What a kill may leave: a whole manifest whose finished shards all exist with their size and checksum.
    Returns the number of finished shards."""
    m = _manifest(out)
    if m is None:
        return 0
    done = 0
    for s in m["shards"]:
        if s["status"] != "complete":
            continue
        path = out / s["file"]
        assert path.stat().st_size == s["bytes"], s
        assert hashlib.sha256(path.read_bytes()).hexdigest() == s["sha256"], s
        assert (out / "errors" / f"part-{s['index']:05d}.jsonl").is_file()
        done += 1
    return done


def _clean(corpus: Path, out: Path, shard_size: int) -> list[dict]:
    run_local(BatchConfig([str(corpus)], str(out), workers=2, shard_size=shard_size))
    return read_output(out)


def test_batch_killed_at_random_points_again_and_again(tmp_path: Path) -> None:
    """24 SIGKILLs of the whole process group at seeded random points (after a random delay from start-up;
    just after a random number of shards were published), then a run to completion: every record once,
    the manifest done, the output equal to a clean run's."""
    t_start = time.monotonic()
    corpus = tmp_path / "corpus.jsonl"
    ids = write_corpus(corpus, 500, seed=17)
    out = tmp_path / "out"
    cmd = _cmd(corpus, out)  # 100 shards of 5
    rng = random.Random(SEED)
    kills, mid_write, finished_early, landed = 0, 0, 0, Counter()
    deadline = time.monotonic() + 600  # a hang guard only: a loaded 2-core machine needs ~6 s a cycle
    while kills < KILLS:
        assert time.monotonic() < deadline, f"only {kills} kills in 600 s"
        before = _complete(out)
        temps_before = _temporaries(out)
        proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if rng.random() < 0.35:
            until = time.monotonic() + rng.uniform(0.0, 2.5)
            while time.monotonic() < until and proc.poll() is None:
                time.sleep(0.005)
        else:
            target = before + rng.randint(1, 4)
            until = time.monotonic() + 60
            while _complete(out) < target and proc.poll() is None and time.monotonic() < until:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.3))
        if proc.poll() is not None:
            assert proc.returncode == 0, proc.stderr.read().decode()
            proc.stderr.close()
            finished_early += 1
            shutil.rmtree(out)  # all done before the kills ran out (a fast machine): start over from nothing
            continue
        os.killpg(proc.pid, signal.SIGKILL)  # coordinator and workers, as in a crash
        proc.wait(timeout=30)
        proc.stderr.close()
        kills += 1
        new_temps = _temporaries(out) - temps_before
        mid_write += bool(new_temps)  # a shard (or the manifest) was being written when the kill came
        after = _consistent(out)
        assert after >= before, "a finished shard was lost"
        landed["after a shard was published in this run" if after > before else
               "before this run published a shard"] += 1

    published_before_final = _complete(out)
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    manifest = check_manifest(out)
    assert manifest["complete"] and manifest["totals"]["shards_complete"] == 100
    resumed = read_output(out)
    counts = Counter(a["id"] for a in resumed)
    assert set(counts) == set(ids) and max(counts.values()) == 1 and len(resumed) == len(ids)
    assert not _temporaries(out)
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
    clean = _clean(corpus, tmp_path / "clean", 5)
    assert len(clean) == len(resumed)
    for a, b in zip(clean, resumed):
        assert a == b, a.get("id")
    _report("batch_kill_loop", {
        "records": len(resumed), "shards": 100, "kills": kills, "landed": dict(landed),
        "kills_mid_shard_write": mid_write, "runs_that_finished_before_their_kill": finished_early,
        "shards_done_before_final_run": published_before_final, "lost": len(ids) - len(counts),
        "duplicated": sum(c - 1 for c in counts.values()), "manifest_complete": manifest["complete"],
        "equal_to_clean_run": True, "seconds": round(time.monotonic() - t_start, 1)})
    assert kills >= 20


def test_shards_that_cannot_be_written_are_not_counted_and_resume(tmp_path: Path) -> None:
    """Shard writes fail part-way (a 13 KB file size limit: shards of one article are 7-20 KB, the manifest
    of 12 shards ~6 KB): exit 1, each failed shard named with the reason, no half-written shard under its
    name or counted; without the limit the same command finishes the rest, equal to a clean run."""
    corpus = tmp_path / "corpus.jsonl"
    ids = write_corpus(corpus, 12, seed=11)
    out = tmp_path / "out"
    cmd = _cmd(corpus, out, shard_size=1)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=180, preexec_fn=_file_size_limit(13_000))
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    m = _manifest(out)
    failed = [s for s in m["shards"] if s["status"] == "failed"]
    done = [s for s in m["shards"] if s["status"] == "complete"]
    assert failed and done and not m["complete"]
    for s in failed:
        assert not (out / s["file"]).exists()
        assert "File too large" in s["error"] and s["file"] in s["error"]
    for s in failed[:5]:  # the command names the first five
        assert f"shard {s['index']} ({s['file']}) not written: OSError: [Errno 27] File too large" in r.stderr
    assert "re-run the same command to resume" in r.stderr
    assert _consistent(out) == len(done)
    assert not _temporaries(out)
    assert sorted(p.name for p in (out / "shards").iterdir()) == sorted(Path(s["file"]).name for s in done)

    r = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    manifest = check_manifest(out)
    assert manifest["last_run"]["shards_run"] == len(failed)
    resumed = read_output(out)
    assert sorted(a["id"] for a in resumed) == sorted(ids)
    assert resumed == _clean(corpus, tmp_path / "clean", 1)


def test_a_manifest_that_cannot_be_written_stops_the_run_clearly(tmp_path: Path) -> None:
    """When even the manifest cannot be written (a 2 KB limit), the run stops with exit 2 and one line
    naming the output folder, the file and the reason; nothing is counted; it resumes without the limit."""
    corpus = tmp_path / "corpus.jsonl"
    ids = write_corpus(corpus, 12, seed=11)
    out = tmp_path / "out"
    cmd = _cmd(corpus, out, shard_size=1)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=180, preexec_fn=_file_size_limit(2_000))
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.startswith(f"khabar: error: {out}: cannot write the batch output ({out / 'manifest.json'}: "
                               "File too large)")
    assert _manifest(out) is None and not _temporaries(out)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    check_manifest(out)
    assert sorted(a["id"] for a in read_output(out)) == sorted(ids)


def test_an_output_folder_that_cannot_be_written(tmp_path: Path) -> None:
    """--out under a file, and a read-only --out folder of an unfinished run (as root: with the OS
    refusing writes): exit 2, one line naming the folder and the reason, the folder left as it was."""
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 6, seed=11)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    r = subprocess.run(_cmd(corpus, blocker / "out"), capture_output=True, text=True, timeout=180)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.startswith(f"khabar: error: {blocker / 'out'}: cannot write the batch output")

    kw = _os_refuses_writes(tmp_path)
    out = tmp_path / "out"
    r = subprocess.run(_cmd(corpus, out, shard_size=2), capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    m = _manifest(out)
    for s in m["shards"][1:]:  # as if the run had been stopped after its first shard
        (out / s["file"]).unlink()
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    for folder in (out, out / "shards", out / "errors"):
        folder.chmod(0o555)
    try:
        r = subprocess.run(_cmd(corpus, out, shard_size=2), capture_output=True, text=True, timeout=180, **kw)
    finally:
        for folder in (out, out / "shards", out / "errors"):
            folder.chmod(0o755)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.startswith(f"khabar: error: {out}: cannot write the batch output (")
    assert "Permission denied" in r.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot
    r = subprocess.run(_cmd(corpus, out, shard_size=2), capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    check_manifest(out)
