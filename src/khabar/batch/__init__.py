"""Batch engines over the one per-record function `khabar.pipeline.process_record`.

- `run_local` (`khabar batch`): a process pool (forked from a warmed `forkserver`) over shards of the
  inputs, writing sharded JSONL or Parquet, a `manifest.json`, and `errors.jsonl`; re-running skips
  finished shards.
- `khabar.batch.spark_job` (`khabar batch --engine spark`, or `spark-submit`): the same function in
  Spark's `mapPartitions`, writing Parquet.

This room depends on `pipeline`, `readers` and `article` only, never on `cli`, `store` or `web`.
"""
from __future__ import annotations

from khabar.batch.local import BatchConfig, default_workers, run_local
from khabar.batch.manifest import BatchError
from khabar.batch.output import iter_output, read_output
from khabar.batch.shards import Shard, plan_shards

__all__ = ["BatchConfig", "BatchError", "Shard", "default_workers", "iter_output", "plan_shards", "read_output", "run_local"]
