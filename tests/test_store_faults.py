"""Faults in the store: `khabar ingest` killed (SIGKILL) at random points again and again, a full disk, a
read-only store, and two ingests into one store at once. After each, the store must hold every article
exactly once with the quotations a clean ingest gives it, pass SQLite's and FTS5's integrity checks, and
have nothing in its errors table; a refused write must say which store and why, with a non-zero exit.

The figures of the kill loop (kills, where they landed) are printed with `-s` and written to
$KHABAR_FAULTS_REPORT (a JSON file) when that is set, for docs/reliability.md.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import signal
import sqlite3
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_store_resume import _count, _ingest_cmd

from khabar.errors import StoreError
from khabar.bench import generate_corpus
from khabar.readers import iter_records
from khabar.store import Ingester, connect, list_speakers, search_quotes
from khabar.store.ingest import derived_stale

KILLS = 24
SEED = 20240611


# --- helpers ------------------------------------------------------------------------------------------

def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def clean_store(path: Path, sources: list[Path]) -> Path:
    """The reference: the same inputs ingested in one uninterrupted run."""
    conn = connect(path)
    Ingester(conn, batch_size=100).run(iter_records([str(s) for s in sources]))
    conn.close()
    return path


def per_article(path: Path) -> list[tuple]:
    """(id, number of quotations, their texts in order) for every stored article, by id."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT a.id, count(q.rowid), group_concat(q.text, '|') FROM articles a "
            "LEFT JOIN (SELECT * FROM quotes ORDER BY article_rowid, idx) q ON q.article_rowid = a.rowid "
            "GROUP BY a.rowid ORDER BY a.id").fetchall()
    finally:
        conn.close()


def check_store(path: Path, expected: list[tuple]) -> dict:
    """Every article once, the quotations of a clean run, SQLite and FTS5 integrity, no errors, derived
    tables up to date. Returns the figures checked."""
    rows = per_article(path)
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)), "an article is stored twice"
    assert len(rows) == len(expected), f"{len(rows)} articles stored, {len(expected)} expected"
    assert rows == expected, "quotations differ from a clean run"
    conn = sqlite3.connect(path)  # FTS5's integrity-check is written as an INSERT: not on a read-only connection
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for table in ("articles_fts", "quotes_fts"):  # raises if an FTS index is out of step with its table
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        dup = conn.execute("SELECT count(*) FROM (SELECT article_rowid, idx FROM quotes GROUP BY 1, 2 "
                           "HAVING count(*) > 1)").fetchone()[0]
        assert dup == 0
        assert conn.execute("SELECT count(*) FROM errors").fetchone()[0] == 0
        assert not derived_stale(conn)
        return {"articles": len(rows), "quotes": sum(r[1] for r in rows), "integrity_check": "ok",
                "fts_integrity": "ok", "errors": 0}
    finally:
        conn.close()


def speakers_of(path: Path) -> list[tuple]:
    conn = connect(path, read_only=True)
    try:
        return sorted((s["name"], s["type"], s["quotes"], s["articles"]) for s in list_speakers(conn, limit=None))
    finally:
        conn.close()


def wal_tail_frames(db: Path) -> int:
    """Frames at the end of the WAL written by a transaction that never committed (salts and checksum
    chain valid, no commit frame after them): the kill landed while SQLite was writing a transaction."""
    wal = Path(f"{db}-wal")
    if not wal.exists() or wal.stat().st_size < 32:
        return 0
    data = wal.read_bytes()
    magic, _, page_size, _, salt1, salt2, _, _ = struct.unpack(">8I", data[:32])
    if magic not in (0x377F0682, 0x377F0683):
        return 0
    order = ">" if magic & 1 else "<"

    def checksum(buf: bytes, s0: int, s1: int) -> tuple[int, int]:
        words = struct.unpack(f"{order}{len(buf) // 4}I", buf)
        for i in range(0, len(words), 2):
            s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
            s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
        return s0, s1

    frame = 24 + page_size
    headers = []
    off = 32
    while off + frame <= len(data):
        head = struct.unpack(">6I", data[off:off + 24])
        if head[2:4] != (salt1, salt2):
            break
        headers.append((off, head))
        off += frame
    last_commit = max((i for i, (_, h) in enumerate(headers) if h[1]), default=-1)
    if last_commit < 0:
        s = checksum(data[:24], 0, 0)
    else:
        s = headers[last_commit][1][4:6]
    tail = 0
    for off, head in headers[last_commit + 1:]:  # only the tail: its checksums chain from the last commit
        s = checksum(data[off + 24:off + frame], *checksum(data[off:off + 8], *s))
        if s != head[4:6]:
            break
        tail += 1
    return tail


def _stage(db: Path, total: int, before: int) -> str:
    """Where a kill landed, judged from the store it left (`before`: articles stored when the run began)."""
    if not db.exists():
        return "before the store was created"
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            done = conn.execute("SELECT count(*) FROM migrations").fetchone()[0]
            if done < 3:
                return "while creating the schema"
            n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            stale = conn.execute("SELECT value FROM state WHERE key = 'derived_stale'").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return "while creating the schema"
    if n < total:
        return "mid-ingest, after a commit" if n > before else "mid-ingest, before the run's first commit"
    return "during the final derived rebuild" if stale == "1" else "after the last write"


def _report(name: str, figures: dict) -> None:
    print(f"\n{name}: {json.dumps(figures, ensure_ascii=False)}")
    target = os.environ.get("KHABAR_FAULTS_REPORT")
    if target:
        path = Path(target)
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        data[name] = figures
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "khabar.cli", *args], capture_output=True, text=True,
                          timeout=180, **kw)


# --- kills ----------------------------------------------------------------------------------------------

def test_ingest_killed_at_random_points_again_and_again(tmp_path: Path) -> None:
    """24 SIGKILLs at seeded random points (after a random delay; just after a random number of articles
    were committed; the last four after the last article, in the final rebuild of the derived tables or
    at exit), then one run to completion: every article once, as in a clean run."""
    t_start = time.monotonic()
    n = 400
    src = write_jsonl(tmp_path / "corpus.jsonl", generate_corpus(n, seed=21))
    db = tmp_path / "killed.db"
    cmd = _ingest_cmd(src, db)  # batches of 5
    rng = random.Random(SEED)
    kills, landed, wal_tails, finished_early = 0, {}, 0, 0
    deadline = time.monotonic() + 600  # a bound that keeps a broken ingest from hanging the suite
    while kills < KILLS:
        assert time.monotonic() < deadline, f"only {kills} kills in 600 s"
        before = _count(db)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if kills >= KILLS - 4:  # the last few: after the last article, in the final rebuild or at exit
            until = time.monotonic() + 60
            while _count(db) < n and proc.poll() is None and time.monotonic() < until:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.4))
        elif rng.random() < 0.35:  # anywhere: start-up, opening, schema, the first batches
            until = time.monotonic() + rng.uniform(0.0, 1.5)
            while time.monotonic() < until and proc.poll() is None:
                time.sleep(0.005)
        else:  # just after a commit, at a random distance into the next batch
            target = min(n, before + rng.randint(1, 12))
            until = time.monotonic() + 60
            while _count(db) < target and proc.poll() is None and time.monotonic() < until:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.06))
        if proc.poll() is not None:  # it finished before the kill
            assert proc.returncode == 0, proc.stderr.read().decode()
            proc.stderr.close()
            finished_early += 1
            continue
        proc.kill()
        proc.wait()
        proc.stderr.close()
        kills += 1
        wal_tails += wal_tail_frames(db) > 0  # read before anything opens the store again
        stage = _stage(db, n, before)
        landed[stage] = landed.get(stage, 0) + 1
        assert _count(db) >= before, "a committed batch was lost"

    stored_before_final = _count(db)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr

    clean = clean_store(tmp_path / "clean.db", [src])
    figures = check_store(db, per_article(clean))
    assert speakers_of(db) == speakers_of(clean)
    figures.update(kills=kills, landed=landed, kills_leaving_a_partly_written_transaction=wal_tails,
                   runs_that_finished_before_their_kill=finished_early, stored_before_final_run=stored_before_final,
                   lost=n - figures["articles"], duplicated=0, seconds=round(time.monotonic() - t_start, 1))
    _report("ingest_kill_loop", figures)
    assert kills >= 20
    assert sum(v for k, v in landed.items() if k.startswith("mid-ingest")) >= 10


def test_the_wal_tail_detector_sees_an_unfinished_transaction(tmp_path: Path) -> None:
    """The figure `kills_leaving_a_partly_written_transaction` counts something real: a process that dies
    while its transaction spills pages into the WAL leaves frames the detector finds, and a committed one
    leaves none."""
    db = tmp_path / "w.db"
    code = (
        "import os, sqlite3, sys\n"
        f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA cache_size=5')\n"
        "c.execute('CREATE TABLE t (x)')\n"
        "c.execute('BEGIN'); c.executemany('INSERT INTO t VALUES (?)', [('x' * 500,)] * 400)\n"
        "if sys.argv[1] == 'commit': c.execute('COMMIT')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, "commit"], check=True)
    assert wal_tail_frames(db) == 0
    subprocess.run([sys.executable, "-c", code.replace("CREATE TABLE t", "CREATE TABLE IF NOT EXISTS t"), "die"],
                   check=True)
    assert wal_tail_frames(db) > 0
    with sqlite3.connect(db) as conn:  # and SQLite ignores them: only the committed rows are there
        assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 400


# --- disk full ------------------------------------------------------------------------------------------

def test_disk_full_stops_the_ingest_clearly_and_it_resumes(tmp_path: Path) -> None:
    """SQLITE_FULL from `PRAGMA max_page_count` on the connection given to the Ingester: a StoreError naming
    the store and the reason; whole batches kept, nothing else; after space is freed the ingest completes."""
    n = 120
    src = write_jsonl(tmp_path / "corpus.jsonl", generate_corpus(n, seed=4))
    db = tmp_path / "full.db"
    conn = connect(db)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 60}")  # room for a few batches, not for the corpus
    with pytest.raises(StoreError) as info:
        Ingester(conn, batch_size=10).run(iter_records([str(src)]))
    message = str(info.value)
    assert str(db) in message and "disk full" in message and "database or disk is full" in message
    assert "run the same command again to resume" in message
    assert not conn.in_transaction
    conn.close()

    kept = _count(db)
    assert 0 < kept < n and kept % 10 == 0  # whole batches only
    check = sqlite3.connect(db)
    assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    for table in ("articles_fts", "quotes_fts"):
        check.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    assert check.execute("SELECT count(*) FROM errors").fetchone()[0] == 0
    check.close()

    conn = connect(db)  # space freed: a new connection has no page limit
    stats = Ingester(conn, batch_size=10).run(iter_records([str(src)]))
    conn.close()
    assert (stats.unchanged, stats.added) == (kept, n - kept)
    clean = clean_store(tmp_path / "clean.db", [src])
    check_store(db, per_article(clean))


def _file_size_limit(limit: int):
    def set_limit() -> None:  # in the child: writes past `limit` bytes fail (Python ignores SIGXFSZ)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return set_limit


def test_cli_ingest_stops_on_a_failed_write_and_resumes(tmp_path: Path) -> None:
    """A real failed write() under `khabar ingest`: a file size limit (RLIMIT_FSIZE, what an unprivileged
    test can do in place of a full disk). Exit 2, one line naming the store and the reason, no traceback,
    the store intact; the same command without the limit completes it."""
    n = 120
    src = write_jsonl(tmp_path / "corpus.jsonl", generate_corpus(n, seed=4))
    db = tmp_path / "limited.db"
    cmd = ["ingest", str(src), "--db", str(db), "--batch-size", "10", "--quiet"]
    r = _cli(*cmd, preexec_fn=_file_size_limit(600_000))
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith(f"khabar: error: {db}: cannot write to the store: ")
    assert "a write failed" in r.stderr and "resume" in r.stderr
    kept = _count(db)
    assert 0 < kept < n
    r = _cli(*cmd)
    assert r.returncode == 0, r.stderr
    check_store(db, per_article(clean_store(tmp_path / "clean.db", [src])))


# --- read-only store ------------------------------------------------------------------------------------

@pytest.fixture
def stale_store(tmp_path: Path) -> tuple[Path, Path]:
    """A store whose last ingest did not rebuild the derived tables (as after a killed ingest), and more
    articles to ingest."""
    records = generate_corpus(60, seed=9)
    first = write_jsonl(tmp_path / "first.jsonl", records[:50])
    more = write_jsonl(tmp_path / "more.jsonl", records[50:])
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "ro.db"
    conn = connect(db)
    Ingester(conn, batch_size=20).run(iter_records([str(first)]))  # derived tables built…
    conn.execute("UPDATE state SET value = '1' WHERE key = 'derived_stale'")  # …then marked stale
    conn.close()
    return db, more


def _read_only_checks(db: Path, more: Path, tmp_path: Path, **kw) -> None:
    before = _sha(db)
    r = _cli("ingest", str(more), "--db", str(db), "--quiet", **kw)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.strip() == f"khabar: error: {db}: cannot write to the store: {_why(db)} (make it writable, " \
                               "or use another --db)"

    r = _cli("speakers", "--db", str(db), "--format", "jsonl", "--limit", "0", **kw)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert "read-only" in r.stderr and "warning" in r.stderr
    assert len(r.stdout.splitlines()) > 0

    out = tmp_path / "exported" / "quotes.jsonl"
    r = _cli("export", "--db", str(db), "--out", str(out), **kw)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    with sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True) as conn:
        quotes = conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
    assert len(out.read_text(encoding="utf-8").splitlines()) == quotes > 0

    r = _cli("search", _a_quoted_word(db), "--db", str(db), "--format", "jsonl", "--limit", "0", **kw)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert len(r.stdout.splitlines()) > 0

    assert _sha(db) == before


def _a_quoted_word(db: Path) -> str:
    """The longest word of the first stored quotation: a search that must find something."""
    with sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True) as conn:
        text = conn.execute("SELECT text FROM quotes ORDER BY rowid LIMIT 1").fetchone()[0]
    return max(text.split(), key=len).strip("«»“”\"،.:")


def _why(db: Path) -> str:
    return "the file is read-only" if not db.stat().st_mode & 0o222 else f"its folder {db.parent.resolve()} is read-only"


def test_read_only_store_file(stale_store, tmp_path: Path) -> None:
    """chmod 0444: ingest refused (exit 2, the file and the reason), reads work and say the speakers are
    stale, the file is unchanged. Also as root: a file without write bits is treated as read-only."""
    db, more = stale_store
    db.chmod(0o444)
    try:
        _read_only_checks(db, more, tmp_path)
    finally:
        db.chmod(0o644)


def test_read_only_store_folder(stale_store, tmp_path: Path) -> None:
    """A read-only folder (SQLite cannot make its -wal and -shm files there): the same."""
    db, more = stale_store
    db.parent.chmod(0o555)
    try:
        _read_only_checks(db, more, tmp_path)
    finally:
        db.parent.chmod(0o755)


def _drop_dac() -> None:
    """In the child, as root: give up the capabilities that let root ignore permission bits
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from the bounding set, so the program it runs is refused
    writes by the OS like any user. Still root, so the interpreter under /root stays readable."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _os_refuses_writes(folder: Path) -> dict:
    """subprocess arguments under which the OS refuses writes to read-only files (nothing to add when not
    root); skips the test where that cannot be arranged."""
    if os.geteuid() != 0:
        return {}
    probe_file = folder / "probe"
    probe_file.write_text("x")
    probe_file.chmod(0o444)
    try:
        r = subprocess.run([sys.executable, "-c", f"open({str(probe_file)!r}, 'a')"], preexec_fn=_drop_dac,
                           capture_output=True, text=True)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"running as root and cannot drop CAP_DAC_OVERRIDE here: {exc}")
    finally:
        probe_file.unlink()
    if "PermissionError" not in r.stderr:
        pytest.skip("running as root and the OS still lets the child write a read-only file")
    return {"preexec_fn": _drop_dac}


def test_read_only_store_refused_by_the_os(stale_store, tmp_path: Path) -> None:
    """Where the OS itself refuses the writes (as root: without CAP_DAC_OVERRIDE): a store in a read-only
    folder, where SQLite cannot make the WAL index (-shm) so `mode=ro` alone fails and the store is read
    as immutable; and a read-only store file. Refused ingest, working reads, nothing created or changed."""
    db, more = stale_store
    kw = _os_refuses_writes(tmp_path)
    before = _sha(db)
    db.parent.chmod(0o555)
    try:
        r = _cli("ingest", str(more), "--db", str(db), "--quiet", **kw)
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        assert f"khabar: error: {db}: cannot write to the store: its folder" in r.stderr
        r = _cli("search", _a_quoted_word(db), "--db", str(db), "--format", "jsonl", **kw)
        assert r.returncode == 0 and r.stdout.strip(), r.stderr
        r = _cli("speakers", "--db", str(db), "--format", "jsonl", **kw)
        assert r.returncode == 0 and r.stdout.strip() and "read-only" in r.stderr, r.stderr
        out = tmp_path / "a.jsonl"
        r = _cli("export", "--db", str(db), "--table", "articles", "--out", str(out), **kw)
        assert r.returncode == 0, r.stderr
        assert len(out.read_text(encoding="utf-8").splitlines()) == 50
        assert sorted(p.name for p in db.parent.iterdir()) == ["ro.db"]
    finally:
        db.parent.chmod(0o755)
    db.chmod(0o444)
    try:
        r = _cli("ingest", str(more), "--db", str(db), "--quiet", **kw)
        assert r.returncode == 2 and "the file is read-only" in r.stderr, r.stderr
        r = _cli("speakers", "--db", str(db), "--format", "jsonl", **kw)
        assert r.returncode == 0 and r.stdout.strip(), r.stderr
    finally:
        db.chmod(0o644)
    assert _sha(db) == before


def test_export_to_a_place_it_cannot_write(stale_store, tmp_path: Path) -> None:
    """An export whose --out cannot be written: exit 2, the path and the reason, nothing half-written."""
    db, _ = stale_store
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    r = _cli("export", "--db", str(db), "--out", str(blocker / "q.jsonl"))
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.strip() == f"khabar: error: {blocker / 'q.jsonl'}: cannot write the export: {blocker} is not a folder"
    assert _cli("speakers", "--db", str(db)).returncode == 0  # derived tables rebuilt: the export only reads
    out = tmp_path / "q.jsonl"  # the articles (~80 KB) past a 40 KB file size limit (the store's -shm is 32 KB)
    r = _cli("export", "--db", str(db), "--table", "articles", "--out", str(out),
             preexec_fn=_file_size_limit(40_000))
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert f"{out}: cannot write the export: File too large" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".q", "q"))) == []


def test_library_read_only_connection(stale_store) -> None:
    """`connect(read_only=True)`: reads and searches, never rebuilds, refuses an ingest by name."""
    db, more = stale_store
    before = _sha(db)
    conn = connect(db, read_only=True)
    assert derived_stale(conn)
    assert search_quotes(conn, _a_quoted_word(db), limit=3)
    assert list_speakers(conn)  # the stale speakers, served as they are
    with pytest.raises(StoreError, match="opened read-only"):
        Ingester(conn).run(iter_records([str(more)]))
    conn.close()
    assert _sha(db) == before
    db.chmod(0o444)
    try:
        with pytest.raises(StoreError, match="the file is read-only"):
            connect(db, read_only=False)
    finally:
        db.chmod(0o644)


# --- two ingests at once ---------------------------------------------------------------------------------

def test_two_ingests_at_once_into_one_new_store(tmp_path: Path) -> None:
    """Two `khabar ingest` processes started together on the same new store, with overlapping inputs
    (a: 0-159, b: 100-239) and then disjoint ones: both finish, each article once, as a clean run."""
    records = generate_corpus(300, seed=31)
    a = write_jsonl(tmp_path / "a.jsonl", records[:160])
    b = write_jsonl(tmp_path / "b.jsonl", records[100:240])
    c = write_jsonl(tmp_path / "c.jsonl", records[240:])
    db = tmp_path / "shared.db"

    def together(*inputs: Path) -> None:
        procs = [subprocess.Popen([sys.executable, "-m", "khabar.cli", "ingest", str(p), "--db", str(db),
                                   "--batch-size", "7", "--log-json"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for p in inputs]
        for p in procs:
            _, err = p.communicate(timeout=180)
            assert p.returncode == 0, err
            assert "Traceback" not in err
            done = json.loads(err.strip().splitlines()[-1])
            assert done["event"] == "done" and done["failed"] == 0

    together(a, b)
    together(c, a)  # c is new, a is all stored already
    clean = clean_store(tmp_path / "clean.db", [a, b, c])
    check_store(db, per_article(clean))
    assert len(per_article(db)) == 300
    assert speakers_of(db) == speakers_of(clean)


def test_an_open_refused_as_busy_without_a_wait_is_tried_again(tmp_path: Path, monkeypatch) -> None:
    """SQLite may refuse the switch to WAL or the WAL index at once (no busy wait) while another process
    opens the same new store: the open is retried rather than failing the ingest."""
    import sqlite3

    from khabar.store import schema

    real_connect = sqlite3.connect
    refusals = []

    class Refusing:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def execute(self, sql: str, *args):
            if sql.startswith("PRAGMA journal_mode") and len(refusals) < 2:
                exc = sqlite3.OperationalError("database is locked")
                exc.sqlite_errorcode = sqlite3.SQLITE_BUSY
                refusals.append(sql)
                raise exc
            return self.conn.execute(sql, *args)

        def __getattr__(self, name: str):
            return getattr(self.conn, name)

    monkeypatch.setattr(schema.sqlite3, "connect", lambda *a, **k: Refusing(real_connect(*a, **k)))
    conn = schema.connect(tmp_path / "new.db")
    assert len(refusals) == 2
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()

    monkeypatch.setattr(schema, "_OPEN_PATIENCE", 0.0)
    refusals.clear()
    with pytest.raises(StoreError, match="locked for too long"):
        schema.connect(tmp_path / "other.db")  # out of patience: the busy error is reported, named
