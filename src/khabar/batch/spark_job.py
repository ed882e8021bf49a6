"""The same `process_record` on Apache Spark: `khabar batch --engine spark`, or through `spark-submit`.

    spark-submit --master yarn --conf spark.pyspark.python=/opt/venv/bin/python \\
        "$(python -c 'import khabar.batch.spark_job as m; print(m.__file__)')" \\
        INPUT... --out DIR [--shard-size N --text-column C --html-column C --id-column C]

(this file is its own spark-submit script; `python -m khabar.batch.spark_job ...` runs it with a local
Spark, as does `khabar batch --engine spark`.)

The driver plans the shards exactly as the local engine does (`khabar.batch.shards`); Spark distributes the
shard descriptions, one per partition, and each executor reads its shard with the same readers and runs
`run_records` (hence `process_record`) in `mapPartitions`. So both engines see the same records with the
same ids, and give the same articles. Inputs must be readable at the same path by the driver and every
executor (a local disk in `local[N]`, a shared or mounted filesystem on a cluster).

Output: `DIR/articles/` (Parquet, columns `id url title date source pipeline_version article`, the
article as the same JSON object a JSONL line holds), `DIR/errors/` (JSON lines: source, reason, id), and
`DIR/manifest.json` (engine `spark`, inputs, shards, counts by reason). A Spark run is one job: Spark
retries failed tasks itself, and re-running it recomputes and overwrites the whole output.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from khabar.batch import manifest as mf
from khabar.batch.local import BatchConfig, plan
from khabar.batch.output import PARQUET_COLUMNS, article_row, write_text_atomic
from khabar.batch.shards import Shard, read_shard
from khabar.batch.worker import options_from_dict, options_to_dict, reason_key, run_records
from khabar.readers.tabular import Columns
from khabar.budget import DEFAULT_MAX_SECONDS, check_seconds
from khabar.stage import DEFAULT_MAX_CHARS

ROW_FIELDS: tuple[str, ...] = ("status", "origin", "reason", *PARQUET_COLUMNS)


def process_partition(shards: Iterable[dict[str, Any]], options: dict[str, Any],
                      columns: dict[str, str]) -> Iterator[tuple]:
    """Spark's `mapPartitions` body: shard descriptions in, one row per record (article, error or skip)."""
    opts, cols = options_from_dict(options), Columns(**columns)
    empty = dict.fromkeys(PARQUET_COLUMNS)
    for spec in shards:
        shard = Shard.from_dict(spec)
        for status, value in run_records(read_shard(shard, cols), opts):
            if status == "ok":
                row = dict(empty, **article_row(value), status="ok", origin=None, reason=None)
            else:
                row = dict(empty, id=value.get("id"), status=status, origin=value["source"], reason=value["reason"])
            yield tuple(row[f] for f in ROW_FIELDS)


def spark_session(master: str | None = None, app: str = "khabar batch", conf: dict[str, str] | None = None,
                  ui: bool = False) -> Any:
    """A SparkSession whose Python workers run this interpreter (so they import this khabar).

    A local Spark (`local[N]`, or no master given outside spark-submit) is bound to the loopback address
    (`spark.driver.host`/`bindAddress` 127.0.0.1): otherwise the driver listens on the machine's network
    address, open to the network for a run that never leaves the machine. Its web UI (port 4040) is off
    unless `ui`. `conf` (`--conf KEY=VALUE`) is applied last, so it can change any of these."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    effective = master or SparkConf().get("spark.master", None) or "local[*]"
    if effective.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # the block manager and RPC too, not just the driver
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    builder = builder.config("spark.ui.enabled", "true" if ui else "false")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def parse_conf(pairs: list[str]) -> dict[str, str]:
    """`--conf KEY=VALUE` options as a dict; one without `=` is refused by name."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise mf.BatchError(f"--conf {pair!r}: not KEY=VALUE (e.g. --conf spark.executor.memory=4g)")
        out[key.strip()] = value
    return out


def run_spark(config: BatchConfig, master: str | None = None, spark: Any = None,
              conf: dict[str, str] | None = None, ui: bool = False) -> dict[str, Any]:
    """Run the pipeline over `config.inputs` on Spark; returns the manifest (also written to `out`)."""
    try:
        from pyspark.sql import functions as F
        from pyspark.sql.types import StringType, StructField, StructType
    except ImportError as exc:
        raise mf.BatchError("the Spark engine needs pyspark: pip install 'khabar[spark]'") from exc

    out_dir = Path(config.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    old = out_dir / mf.MANIFEST
    if old.exists():
        old.unlink()  # a Spark run always recomputes and overwrites its whole output
    manifest = plan(BatchConfig(config.inputs, config.out, config.workers, "parquet", config.shard_size,
                                config.options, config.columns), engine="spark")
    if spark is None:
        if master is None and config.workers:
            master = f"local[{config.workers}]"
        spark = spark_session(master, conf=conf, ui=ui)
    t0 = time.perf_counter()
    specs = [{k: s[k] for k in ("index", "kind", "input", "member", "start", "stop", "paths")}
             for s in manifest["shards"]]
    options, columns = options_to_dict(config.options), config.columns.to_dict()
    schema = StructType([StructField(name, StringType(), True) for name in ROW_FIELDS])
    rows = spark.sparkContext.parallelize(specs, max(1, len(specs))).mapPartitions(
        lambda part: process_partition(part, options, columns)
    )
    df = spark.createDataFrame(rows, schema).persist()
    try:
        df.filter(F.col("status") == "ok").select(*PARQUET_COLUMNS).write.mode("overwrite").parquet(
            str(out_dir / "articles"))
        df.filter(F.col("status") == "error").select(F.col("origin").alias("source"), "reason", "id") \
            .write.mode("overwrite").json(str(out_dir / "errors"))
        counts = df.groupBy("status", "reason").count().collect()
    finally:
        df.unpersist()
    failures: dict[str, int] = {}
    skipped: dict[str, int] = {}
    records = 0
    for row in counts:
        if row["status"] == "ok":
            records += row["count"]
        else:
            target = failures if row["status"] == "error" else skipped
            key = reason_key(row["reason"])
            target[key] = target.get(key, 0) + row["count"]
    for shard in manifest["shards"]:
        shard["status"] = "complete"
    manifest.update(output="articles/", errors="errors/", spark_master=spark.sparkContext.master)
    manifest["last_run"] = {"workers": spark.sparkContext.defaultParallelism, "shards_run": len(specs),
                            "seconds": round(time.perf_counter() - t0, 3)}
    mf.summarise(manifest)
    plan_failures = sum(1 for _ in manifest.get("plan_failures", []))
    manifest["totals"].update(records=records, failures=sum(failures.values()) + plan_failures,
                              skipped=sum(skipped.values()))
    for failure in manifest.get("plan_failures", []):
        failures[failure["reason"]] = failures.get(failure["reason"], 0) + 1
    manifest["failures_by_reason"] = dict(sorted(failures.items(), key=lambda kv: -kv[1]))
    manifest["skipped_by_reason"] = dict(sorted(skipped.items(), key=lambda kv: -kv[1]))
    manifest["updated"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    write_text_atomic(out_dir / mf.MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """The `spark-submit` entry point: the master and resources come from spark-submit itself."""
    from khabar.pipeline import Options

    p = argparse.ArgumentParser(prog="khabar.batch.spark_job", description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--shard-size", type=int, default=1000)
    p.add_argument("--text-column", default="text")
    p.add_argument("--html-column", default="html")
    p.add_argument("--id-column", default="id")
    p.add_argument("--date-column", default="date")
    p.add_argument("--title-column", default="title")
    p.add_argument("--url-column", default="url")
    p.add_argument("--no-entities", action="store_true")
    p.add_argument("--no-quotes", action="store_true")
    p.add_argument("--min-confidence", type=float, default=0.0)
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help="refuse (and report) articles longer than N characters; 0: no limit")
    p.add_argument("--max-seconds", type=float, default=DEFAULT_MAX_SECONDS, metavar="S",
                   help="skip (and report as over budget) an article that takes longer than S seconds; 0: none")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)")
    p.add_argument("--spark-ui", action="store_true", help="start Spark's web UI (off by default)")
    args = p.parse_args(argv)
    config = BatchConfig(
        inputs=args.inputs, out=args.out, format="parquet", shard_size=args.shard_size,
        options=Options(entities=not args.no_entities, quotes=not args.no_quotes,
                        min_confidence=args.min_confidence, max_chars=args.max_chars,
                        max_seconds=check_seconds(args.max_seconds, "--max-seconds")),
        columns=Columns(id=args.id_column, text=args.text_column, html=args.html_column, date=args.date_column,
                        title=args.title_column, url=args.url_column),
    )
    try:
        manifest = run_spark(config, conf=parse_conf(args.conf), ui=args.spark_ui)
    except mf.BatchError as exc:
        print(f"khabar spark: {exc}", file=sys.stderr)
        return 2
    totals = manifest["totals"]
    print(f"khabar spark: {totals['records']} articles, {totals['failures']} failures, "
          f"{totals['skipped']} skipped → {args.out}", file=sys.stderr)
    return mf.exit_code(manifest)


if __name__ == "__main__":
    sys.exit(main())
