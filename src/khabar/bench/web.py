"""A bounded loopback load test of the API: many concurrent clients on `/api/quotes` of a real store.

The server is the real app under `khabar serve` on 127.0.0.1 (a free port) in a child process; clients are asyncio
tasks over one httpx client. Every run is bounded in requests and seconds and only ever talks to loopback.
"""
from __future__ import annotations

import asyncio
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# Words the generated corpus uses, so full-text queries find something as well as nothing.
QUERIES = ("", "الوزير", "المشروع", "الحكومة", "الأسعار", "المدينة", "قال", "الميناء")


def build_store(db: Path, articles: int, seed: int = 0) -> int:
    """A store of `articles` generated articles (the bench corpus), through the real ingest."""
    from khabar.bench.pipeline import generate_corpus
    from khabar.store import Ingester, connect
    from khabar.readers.records import Record

    conn = connect(str(db))
    try:
        records = (Record(r, origin=f"generated:{i}") for i, r in enumerate(generate_corpus(articles, seed)))
        stats = Ingester(conn, batch_size=200).run(records)
        return stats.added + stats.updated + stats.unchanged
    finally:
        conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def _clients(base: str, clients: int, requests: int, seconds: float, seed: int) -> dict[str, Any]:
    import httpx

    rng = random.Random(seed)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    error_kinds: dict[str, int] = {}
    inflight = peak = 0
    deadline = time.perf_counter() + seconds
    left = requests
    lock = asyncio.Lock()

    async def one(client: httpx.AsyncClient) -> None:
        nonlocal left, errors, inflight, peak
        while True:
            async with lock:
                if left <= 0 or time.perf_counter() > deadline:
                    return
                left -= 1
            q = rng.choice(QUERIES)
            params = {"page": rng.randint(1, 3), "page_size": 20}
            if q:
                params["q"] = q
            t0 = time.perf_counter()
            inflight += 1
            peak = max(peak, inflight)
            try:
                r = await client.get(f"{base}/api/quotes", params=params)
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            except httpx.HTTPError as exc:
                errors += 1
                error_kinds[type(exc).__name__] = error_kinds.get(type(exc).__name__, 0) + 1
                continue
            finally:
                inflight -= 1
            latencies.append(time.perf_counter() - t0)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    t0 = time.perf_counter()
    async with httpx.AsyncClient(timeout=30.0, limits=limits) as client:
        await asyncio.gather(*(one(client) for _ in range(clients)))
    wall = time.perf_counter() - t0
    return {
        "requests": len(latencies), "seconds": round(wall, 3),
        "requests_per_s": round(len(latencies) / wall, 1) if wall else 0.0,
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else 0.0,
        "p95_ms": round(1000 * _percentile(latencies, 0.95), 1),
        "max_ms": round(1000 * max(latencies), 1) if latencies else 0.0,
        "statuses": statuses, "connection_errors": errors, "error_kinds": error_kinds,
        "peak_in_flight": peak,
    }


def load_test(db: Path, clients: int = 50, requests: int = 2000, seconds: float = 60.0, seed: int = 0,
              workers: int = 1) -> dict[str, Any]:
    """Serve `db` with `khabar serve --workers N` on loopback in its own process (so the clients do not share
    its interpreter lock) and fire `requests` GETs on /api/quotes from `clients` concurrent clients."""
    port = _free_port()
    cmd = [sys.executable, "-m", "khabar.cli", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"khabar serve exited: {server.stderr.read().decode(errors='replace')[-500:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("khabar serve did not start on loopback") from None
                time.sleep(0.1)
        result = asyncio.run(_clients(f"http://127.0.0.1:{port}", clients, requests, seconds, seed))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    result.update(clients=clients, workers=workers)
    return result
