"""`khabar bench-ingest` runs real ingest processes and reports rate and memory (no timing asserted)."""
from __future__ import annotations

import json

from khabar.cli import main


def test_bench_ingest_reports_rates_and_memory(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["bench-ingest", "--articles", "12", "--batch-size", "5", "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    (run,) = result["runs"]
    assert run["articles"] == 12 and run["quotes"] > 0 and run["reingest_added"] == 0
    assert run["ingest_articles_per_s"] > 0 and run["peak_rss_mb"] > 0
    assert "RSS MB" in capsys.readouterr().out
