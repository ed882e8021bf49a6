"""The Spark engine (pyspark in local[2]) gives, record by record, what the local engine gives on the same
JSONL, Parquet and WARC inputs."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

try:
    import pyspark  # noqa: F401
except ImportError:  # pragma: no cover - the test extra installs it, so CI runs this file
    pytest.skip("pyspark is not importable (pip install -e '.[test]' or '.[spark]')", allow_module_level=True)

from khabar.batch import BatchConfig, read_output, run_local
from khabar.batch.spark_job import run_spark
from khabar.bench import generate_corpus

from test_readers_warc import write_warc


@pytest.fixture(scope="module")
def spark():
    from khabar.batch.spark_job import spark_session

    session = spark_session("local[2]", app="khabar-test", conf={"spark.sql.shuffle.partitions": "2"})
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_a_local_spark_listens_on_loopback_only_and_starts_no_ui(spark) -> None:
    conf = spark.sparkContext.getConf()
    assert conf.get("spark.driver.host") == conf.get("spark.driver.bindAddress") == "127.0.0.1"
    assert conf.get("spark.ui.enabled") == "false"
    assert conf.get("spark.sql.shuffle.partitions") == "2"  # --conf KEY=VALUE reaches the session
    assert spark.sparkContext.uiWebUrl is None


def test_spark_submit_exits_as_khabar_batch_does(spark, inputs, tmp_path: Path) -> None:
    """The JSONL input has one line that is not JSON: both doors exit 1 (spark-submit used to exit 0)."""
    from khabar.batch.spark_job import main as spark_main
    from khabar.cli import main

    assert main(["batch", inputs[0], "--out", str(tmp_path / "local"), "--quiet", "--workers", "1"]) == 1
    assert spark_main([inputs[0], "--out", str(tmp_path / "spark")]) == 1
    assert main(["batch", inputs[0], "--engine", "spark", "--out", str(tmp_path / "cli"), "--quiet"]) == 1


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path_factory.mktemp("spark-in")
    corpus = generate_corpus(32, seed=5)
    lines = [json.dumps(r, ensure_ascii=False) for r in corpus[:24]]
    lines.insert(4, "{truncated")
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(corpus[24:]), folder / "b.parquet")
    write_warc(folder / "c.warc.gz", gz=True)
    return [str(folder / "a.jsonl"), str(folder / "b.parquet"), str(folder / "c.warc.gz")]


def test_spark_output_equals_the_local_runner_record_by_record(spark, inputs, tmp_path: Path) -> None:
    local = run_local(BatchConfig(inputs, str(tmp_path / "local"), workers=2, shard_size=10))
    remote = run_spark(BatchConfig(inputs, str(tmp_path / "spark"), shard_size=10), spark=spark)

    mine = {a["id"]: a for a in read_output(tmp_path / "local")}
    theirs = {a["id"]: a for a in read_output(tmp_path / "spark")}
    assert len(mine) == 32 + 2  # 24 JSONL + 8 Parquet + 2 HTML pages of the WARC
    assert sorted(theirs) == sorted(mine)
    for key, article in mine.items():
        assert theirs[key] == article, key
    assert any(k.startswith("<urn:uuid:") for k in theirs)

    assert remote["engine"] == "spark" and remote["totals"]["records"] == 34
    for field in ("failures", "skipped"):
        assert remote["totals"][field] == local["totals"][field]
    assert remote["failures_by_reason"] == local["failures_by_reason"]
    assert remote["skipped_by_reason"] == local["skipped_by_reason"] == {
        "WARC warcinfo record": 1, "WARC request record": 1, "non-HTML response (image/png)": 1,
        "HTTP status Nxx": 1,
    }
    errors = [json.loads(line) for p in sorted((tmp_path / "spark" / "errors").glob("*.json"))
              for line in p.read_text(encoding="utf-8").splitlines()]
    local_errors = [json.loads(line) for line in
                    (tmp_path / "local" / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert errors == local_errors == [
        {"source": f"{inputs[0]}:5", "reason": "not JSON (Expecting property name enclosed in double quotes at column 2)"}
    ]
    assert json.loads((tmp_path / "spark" / "manifest.json").read_text(encoding="utf-8"))["complete"]


def test_the_command_line_runs_the_spark_engine(spark, inputs, tmp_path: Path) -> None:
    """`khabar batch --engine spark` (here it finds the test's session already running and uses it)."""
    from khabar.cli import main

    out = tmp_path / "cli"
    assert main(["batch", inputs[1], "--engine", "spark", "--out", str(out), "--quiet"]) == 0
    assert sorted(a["id"] for a in read_output(out)) == [f"bench-{i:06d}" for i in range(24, 32)]
    # and the store loads Spark's articles/ as it loads the local engine's shards/
    import sqlite3

    assert main(["ingest", str(out), "--db", str(tmp_path / "spark.db"), "--quiet"]) == 0
    stored = sqlite3.connect(tmp_path / "spark.db").execute("SELECT id FROM articles ORDER BY id").fetchall()
    assert [r[0] for r in stored] == [f"bench-{i:06d}" for i in range(24, 32)]
