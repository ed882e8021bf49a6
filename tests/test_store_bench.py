"""`khabar bench-ingest` and `bench-memory` run real ingest processes and reports rate and memory (no timing asserted)."""
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


def test_bench_memory_measures_ingest_and_a_batch_worker_on_a_corpus(tmp_path, capsys):
    from khabar.bench import generate_corpus

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": r["id"], "body": r["text"]}, ensure_ascii=False) + "\n"
                              for r in generate_corpus(8, 5)), encoding="utf-8")
    out = tmp_path / "memory.json"
    assert main(["bench-memory", "--corpus", str(corpus), "--text-column", "body", "--articles", "3", "6",
                 "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [r["articles"] for r in result["ingest"]] == [3, 6]
    for run in result["ingest"]:
        assert 0 < run["before_rebuild_mb"] <= run["after_rebuild_mb"] <= run["peak_rss_mb"]
        assert run["caches"]["khabar.arabic.fold.fold_word"]["entries"] > 0
    batch = result["batch"]
    assert batch["articles"] == 6 and batch["records"] == 6 and batch["failures"] == 0
    assert [c["articles"] for c in batch["worker_curve"]] == [6] and batch["worker_curve"][0]["worker_peak_rss_mb"] > 0
    printed = capsys.readouterr().out
    assert "ingest growth 3 -> 6" in printed and "batch worker peak RSS" in printed
