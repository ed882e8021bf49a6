"""Kill a real `khabar ingest` with SIGKILL after it has committed something, run it again, and find every
article stored exactly once, each with the quotations a clean ingest gives it, and the indexes in sync."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from khabar.bench import generate_corpus
from khabar.readers import iter_records
from khabar.store import Ingester, connect

N = 300


def _count(db) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _ingest_cmd(src, db) -> list[str]:
    return [sys.executable, "-m", "khabar.cli", "ingest", str(src), "--db", str(db), "--batch-size", "5", "--quiet"]


def test_kill_and_resume(tmp_path):
    src = tmp_path / "corpus.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in generate_corpus(N, seed=3)),
                   encoding="utf-8")
    db = tmp_path / "killed.db"
    proc = subprocess.Popen(_ingest_cmd(src, db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _count(db) < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored_at_kill = _count(db)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    assert 10 <= stored_at_kill < N

    done = subprocess.run(_ingest_cmd(src, db), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr

    clean = tmp_path / "clean.db"
    Ingester(connect(clean), batch_size=100).run(iter_records([str(src)]))

    def per_article(path):
        conn = sqlite3.connect(path)
        rows = conn.execute("SELECT a.id, count(q.rowid), group_concat(q.text, '|') FROM articles a "
                            "LEFT JOIN quotes q ON q.article_rowid = a.rowid GROUP BY a.rowid ORDER BY a.id").fetchall()
        dup = conn.execute("SELECT count(*) FROM (SELECT article_rowid, start, \"end\" FROM quotes "
                           "GROUP BY 1, 2, 3 HAVING count(*) > 1)").fetchone()[0]
        conn.close()
        return rows, dup

    resumed, dup = per_article(db)
    expected, _ = per_article(clean)
    assert dup == 0
    assert len(resumed) == N and len({r[0] for r in resumed}) == N
    assert resumed == expected
    conn = connect(db)
    for table in ("quotes_fts", "articles_fts"):  # raises if the FTS index is out of step with its table
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    assert conn.execute("SELECT value FROM state WHERE key = 'derived_stale'").fetchone()[0] == "0"
    assert conn.execute("SELECT count(*) FROM speakers").fetchone()[0] > 0
    assert conn.execute("SELECT count(*) FROM errors").fetchone()[0] == 0
