"""`khabar serve --workers N`: N uvicorn worker processes share the port, each building the app from the
store the command names (khabar.web.serving), all answering on loopback; the command refuses 0 workers."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

from khabar.cli.web import build_demo  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _python_children(pid: int) -> list[int]:
    """The server's child processes running Python (the workers; not multiprocessing's resource tracker)."""
    out = []
    for child in _children(pid):
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"resource_tracker" not in b" ".join(cmd) and cmd and b"python" in Path(cmd[0].decode()).name.encode():
            out.append(child)
    return out


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_two_workers_serve_the_store(tmp_path) -> None:
    db = build_demo(tmp_path)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "khabar.cli", "serve", "--db", str(db), "--port", str(port),
                               "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        answers = []
        while len(answers) < 20:
            assert server.poll() is None, server.stderr.read().decode(errors="replace")[-800:]
            assert time.monotonic() < deadline, "khabar serve --workers 2 did not answer"
            try:
                answers.append(httpx.get(f"http://127.0.0.1:{port}/api/quotes", params={"sort": "newest"},
                                         timeout=10))
            except httpx.HTTPError:
                time.sleep(0.2)
        assert {r.status_code for r in answers} == {200}
        assert answers[0].json()["results"][0]["date"] == "2026-05-20"  # newest first: the demo's last day
        workers = _python_children(server.pid)
        assert len(workers) == 2
    finally:
        server.terminate()
        server.wait(timeout=20)
    time.sleep(0.5)
    assert not [w for w in workers if Path(f"/proc/{w}").exists()]  # stopping the server stops its workers


def test_serve_refuses_no_workers(tmp_path) -> None:
    db = build_demo(tmp_path)
    run = subprocess.run([sys.executable, "-m", "khabar.cli", "serve", "--db", str(db), "--workers", "0"],
                         capture_output=True, text=True, timeout=60, env={**os.environ})
    assert run.returncode != 0 and "--workers must be at least 1" in run.stderr
