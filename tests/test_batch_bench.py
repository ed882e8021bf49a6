"""`khabar bench` additions: the floor measured in the same run, stage ratios, scaling through `khabar
batch`, the profile, and `--corpus` over the batch input formats (a zip of daily JSON lists here)."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from khabar.cli import main

from conftest import ARTICLE


def test_bench_reports_floor_stages_scaling_and_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bench.json"
    argv = ["bench", "--articles", "8", "--stages", "--scaling", "1,2", "--profile", "4", "--out", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "floor:" in printed and "scaling" in printed and "cProfile" in printed
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [r["run"] for r in result["runs"]] == ["text", "full"]  # the existing runs are unchanged
    floor = result["floor"]
    assert floor["articles"] == 8 and floor["articles_per_s"] > 0 and floor["words"] > 100
    assert all(r["floor_ratio"] > 1 for r in result["runs"])  # nothing beats reading and one regex
    names = [s["stage"] for s in result["stages"]]
    assert names[0] == "tokens_stage" and "quotations" in names and "ner_stage" in names
    assert abs(sum(s["share"] for s in result["stages"]) - 1) < 0.01
    assert all("floor_ratio" in s for s in result["stages"])
    assert [r["workers"] for r in result["scaling"]] == [1, 2]
    assert all(r["articles"] == 8 and r["failures"] == 0 for r in result["scaling"])
    assert result["scaling"][0]["speedup"] == 1.0
    assert len(result["profile"]) == 10 and result["profile_articles"] == 4
    assert result["profile"] == sorted(result["profile"], key=lambda r: -r["tottime_s"])
    assert "cpu_model" in result["machine"]


def test_bench_corpus_reads_a_zip_of_json_lists_with_a_text_column(tmp_path: Path) -> None:
    folder = tmp_path / "dataset"
    folder.mkdir()
    for day in ("2024-04-09", "2024-04-10"):
        items = [{"content": ARTICLE, "title": f"خبر {i}", "source": "الساحل"} for i in range(3)]
        with zipfile.ZipFile(folder / f"{day}.zip", "w") as zf:
            zf.writestr(f"{day}.json", json.dumps(items, ensure_ascii=False))
    out = tmp_path / "b.json"
    argv = ["bench", "--corpus", str(folder), "--text-column", "content", "--articles", "5", "--no-text-layer",
            "--out", str(out)]
    assert main(argv) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["corpus"] == {"kind": "corpus", "path": str(folder), "articles": 5, "unreadable": 0}
    assert result["runs"][0]["articles"] == 5 and result["floor"]["articles"] == 5
    assert main(["bench", "--corpus", str(folder), "--articles", "2"]) == 2  # no "text" key: nothing readable
