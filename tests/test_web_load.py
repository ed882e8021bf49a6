"""The load test is bounded, talks to loopback only, and reports what it measured (small sizes here;
the published figures come from `khabar bench-web`)."""
from __future__ import annotations

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("httpx")

from khabar.bench.web import build_store, load_test  # noqa: E402


def test_concurrent_clients_get_answers_with_no_server_error(tmp_path) -> None:
    db = tmp_path / "load.db"
    assert build_store(db, 40) == 40
    result = load_test(db, clients=8, requests=80, seconds=60)
    assert result["requests"] == 80 and result["connection_errors"] == 0
    assert set(result["statuses"]) == {200}
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
    assert result["requests_per_s"] > 0


def test_the_run_stops_at_its_time_bound(tmp_path) -> None:
    db = tmp_path / "load.db"
    build_store(db, 10)
    result = load_test(db, clients=4, requests=10**6, seconds=1.0)
    assert result["requests"] < 10**6 and result["seconds"] < 15


def test_200_concurrent_clients_on_a_500_article_store(tmp_path) -> None:
    """200 clients at once, each on its own connection to a real `khabar serve` on loopback: every request
    answered 200, no connection refused, reset or timed out (building the store takes about 5 s, the run
    about 10 s on 2 cores). `khabar bench-web --clients 200` gives the published figures on 10k articles."""
    db = tmp_path / "load.db"
    assert build_store(db, 500) == 500
    result = load_test(db, clients=200, requests=600, seconds=120)
    print(f"\n200 clients, 500 articles: {result}")
    assert result["connection_errors"] == 0, result["error_kinds"]
    assert result["statuses"] == {200: 600} and result["requests"] == 600
    assert result["peak_in_flight"] == 200
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
