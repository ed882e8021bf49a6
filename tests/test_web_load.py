"""The load test is bounded, talks to loopback only, and reports what it measured (small sizes here;
the published figures come from `khabar bench-web`)."""
from __future__ import annotations

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("httpx")

from khabar.web.load import build_store, load_test  # noqa: E402


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
