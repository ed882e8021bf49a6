"""`manifest.json`: what a batch output folder holds, how it was made, and which shards are finished.

Only the coordinating process writes it, atomically, after each shard is published. A shard is *done* iff
the manifest lists it `complete` and its output file exists with the listed size; anything else is
recomputed on the next run, which is always safe because shard files are replaced atomically and a
shard's records are fixed by the plan. A folder made with other inputs, shard size, format, columns,
options or pipeline version is refused rather than mixed.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from khabar.article import SCHEMA_VERSION
from khabar.batch.output import write_text_atomic
from khabar.budget import DEFAULT_MAX_SECONDS
from khabar.errors import KhabarError
from khabar.pipeline import PIPELINE_VERSION
from khabar.readers.tabular import Columns

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BatchError(KhabarError):
    """A batch cannot start: its output folder belongs to another run, or the arguments are unusable."""


def plan_key(manifest: dict[str, Any]) -> dict[str, Any]:
    """The parts of a manifest that must match for a re-run to resume it."""
    return {
        "pipeline_version": manifest["pipeline_version"],
        "output_format": manifest["output_format"],
        # a manifest from before --max-seconds has no budget in its options: resumed with the default one
        "options": {"max_seconds": DEFAULT_MAX_SECONDS, **manifest["options"]},
        # a manifest from before --date-column and the like lists fewer columns: those it lacks were the defaults
        "columns": {**Columns().to_dict(), **manifest["columns"]},
        "shard_size": manifest["shard_size"],
        "shards": [{k: s[k] for k in ("index", "kind", "input", "member", "start", "stop", "paths")}
                   for s in manifest["shards"]],
    }


def new_manifest(
    *, engine: str, inputs: list[dict[str, Any]], shards: list[dict[str, Any]], output_format: str,
    shard_size: int, options: dict[str, Any], columns: dict[str, str], plan_failures: list[dict[str, str]],
) -> dict[str, Any]:
    now = _now()
    return {
        "format_version": FORMAT_VERSION,
        "engine": engine,
        "pipeline_version": PIPELINE_VERSION,
        "schema_version": SCHEMA_VERSION,
        "output_format": output_format,
        "shard_size": shard_size,
        "options": options,
        "columns": columns,
        "inputs": inputs,
        "plan_failures": plan_failures,
        "shards": [dict(s, status="pending") for s in shards],
        "created": now,
        "updated": now,
        "complete": False,
    }


def load(out_dir: Path) -> dict[str, Any] | None:
    path = out_dir / MANIFEST
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BatchError(f"{path}: unreadable manifest ({exc}); use another --out") from exc


def merge(old: dict[str, Any] | None, new: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    """Carry finished shards over from the previous run's manifest, or refuse a folder of another run."""
    if old is None:
        if (out_dir / "shards").exists() and any((out_dir / "shards").iterdir()):
            raise BatchError(f"{out_dir}: has shards but no {MANIFEST}; use an empty or new --out")
        return new
    if old.get("format_version") != FORMAT_VERSION or old.get("engine") != new["engine"]:
        raise BatchError(f"{out_dir}: made by another engine or manifest version; use another --out")
    if plan_key(old) != plan_key(new):
        changed = [k for k, v in plan_key(new).items() if plan_key(old)[k] != v]
        raise BatchError(
            f"{out_dir}: was made with different {', '.join(changed)}; re-run with the same arguments "
            "to resume, or use another --out"
        )
    merged = dict(new, created=old.get("created", new["created"]))
    for shard, previous in zip(merged["shards"], old["shards"]):
        if previous.get("status") == "complete" and shard_is_done(previous, out_dir):
            shard.update(previous)
    return merged


def shard_is_done(shard: dict[str, Any], out_dir: Path) -> bool:
    if shard.get("status") != "complete" or not shard.get("file"):
        return False
    path = out_dir / shard["file"]
    errors = out_dir / "errors" / f"part-{shard['index']:05d}.jsonl"
    return path.is_file() and path.stat().st_size == shard.get("bytes") and errors.is_file()


def summarise(manifest: dict[str, Any]) -> dict[str, Any]:
    """Totals and counts by reason over the finished shards and the inputs that could not be planned."""
    failures: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    records = failed = skips = done = 0
    for shard in manifest["shards"]:
        if shard.get("status") != "complete":
            continue
        done += 1
        records += shard.get("records", 0)
        failed += shard.get("failures", 0)
        skips += shard.get("skipped", 0)
        failures.update(shard.get("failures_by_reason", {}))
        skipped.update(shard.get("skipped_by_reason", {}))
    for failure in manifest.get("plan_failures", []):
        failures[failure["reason"]] += 1
        failed += 1
    manifest["totals"] = {
        "records": records,
        "failures": failed,
        "skipped": skips,
        "shards": len(manifest["shards"]),
        "shards_complete": done,
    }
    manifest["failures_by_reason"] = dict(failures.most_common())
    manifest["skipped_by_reason"] = dict(skipped.most_common())
    manifest["complete"] = done == len(manifest["shards"])
    return manifest


def save(manifest: dict[str, Any], out_dir: Path) -> None:
    manifest["updated"] = _now()
    summarise(manifest)
    write_text_atomic(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def exit_code(manifest: dict[str, Any]) -> int:
    """The run's exit code, the same for `khabar batch` (either engine) and `spark-submit`: 0 every record
    analysed, 1 some failed or shards were left unfinished, 2 nothing analysed."""
    totals = manifest["totals"]
    if totals["records"] == 0:
        return 2
    return 0 if totals["failures"] == 0 and manifest["complete"] else 1
