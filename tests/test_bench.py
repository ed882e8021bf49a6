"""The benchmark: a reproducible, varied synthetic corpus, and a `khabar bench` that reports its figures."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from khabar.cli import main
from khabar.bench.pipeline import generate_corpus, machine_info, peak_rss_mb, time_run

from conftest import ARTICLE


def test_corpus_is_deterministic_for_a_seed() -> None:
    assert generate_corpus(20, seed=7) == generate_corpus(20, seed=7)
    assert generate_corpus(20, seed=7) != generate_corpus(20, seed=8)


def test_corpus_records_are_valid_and_varied() -> None:
    corpus = generate_corpus(300, seed=1)
    assert len({r["id"] for r in corpus}) == 300
    assert all(set(r) == {"id", "text", "title", "date", "source"} for r in corpus)
    assert all(re.fullmatch(r"2024-\d\d-\d\d", r["date"]) for r in corpus)
    texts = [r["text"] for r in corpus]
    joined = "\n".join(texts)
    assert "«" in joined and "“" in joined and "#تويتر" in joined
    assert re.search(r"#\w+_\w+", joined)  # underscore hashtags
    assert re.search(r"#[^\s_#،]+ لـ“", joined)  # merged person hashtags, as #سامرالحداد
    assert any("نشرتنا البريدية" in t for t in texts) and any("شارك الخبر" in t for t in texts)
    assert any("نشرتنا" not in t and "شارك" not in t for t in texts)  # some articles have no tail
    lengths = sorted(len(t) for t in texts)
    assert lengths[-1] > 2 * lengths[0]


def test_time_run_counts_tokens_and_failures() -> None:
    records = [{"id": "a", "text": ARTICLE}, {"id": "bad", "text": ""}, {"id": "b", "text": ARTICLE}]

    def process(record):
        if not record["text"]:
            raise ValueError("empty")
        return {"text": record["text"]}

    run = time_run(records, process, "fake")
    assert run["articles"] == 2 and run["failures"] == 1
    assert run["first_error"] == "bad: ValueError: empty"
    assert run["tokens"] > 20 and run["chars"] == 2 * len(ARTICLE)
    assert run["articles_per_s"] > 0 and run["peak_rss_mb"] > 0


def test_machine_info_and_memory() -> None:
    info = machine_info()
    assert info["cpu_count"] and info["python"].count(".") == 2
    assert 1 < peak_rss_mb() < 100_000


def test_bench_command_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results" / "bench.json"
    assert main(["bench", "--articles", "5", "--seed", "3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "art/s" in printed and "5 articles" in printed
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["corpus"] == {"kind": "synthetic", "seed": 3, "articles": 5}
    assert [r["run"] for r in result["runs"]] == ["text", "full"]
    for run in result["runs"]:
        assert run["articles"] + run["failures"] == 5
        assert run["tokens"] > 0 or run["failures"] == 5
    assert {"platform", "cpu_count", "python"} <= result["machine"].keys()
    assert result["peak_rss_mb"] > 0


def test_bench_on_a_real_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "real.jsonl"
    corpus.write_text(
        "\n".join(json.dumps({"id": f"r{i}", "text": ARTICLE}, ensure_ascii=False) for i in range(4)) + "\n{bad\n",
        encoding="utf-8",
    )
    out = tmp_path / "b.json"
    assert main(["bench", "--input", str(corpus), "--articles", "3", "--no-text-layer", "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["corpus"]["kind"] == "input" and result["corpus"]["articles"] == 3
    assert [r["run"] for r in result["runs"]] == ["full"]


def test_bench_refuses_an_empty_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--input", str(tmp_path / "missing.jsonl")]) == 2
    assert "no readable articles" in capsys.readouterr().err
    assert main(["bench", "--articles", "0"]) == 2
