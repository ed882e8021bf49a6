"""The analysed articles of a `khabar batch` output folder, whichever engine wrote it, as a stream.

The local engine writes `shards/part-XXXXX.{jsonl,parquet}` and lists each finished shard (file, size) in
`manifest.json`; Spark writes `articles/*.parquet` and its manifest only once the whole job is done. The
manifest is what says a folder can be trusted, so a folder is read through it: one without a manifest, one
marked incomplete (failed or unfinished shards), one written for another output schema, or one whose
shard file is missing or not the size the manifest lists is refused with the reason (docs/batch.md), never
read half. `partial=True` reads the finished shards of an incomplete local run.

Both the batch room (`read_output`) and the store (`khabar ingest DIR`) read folders through this module.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from khabar.article import SCHEMA_VERSION
from khabar.errors import InputError

MANIFEST = "manifest.json"


def looks_like_batch_output(path: str | Path) -> bool:
    """A folder either engine wrote (its manifest, local shards or Spark's articles), finished or not."""
    p = Path(path)
    return p.is_dir() and ((p / MANIFEST).is_file() or (p / "shards").is_dir() or (p / "articles").is_dir())


def _manifest(root: Path) -> dict[str, Any]:
    path = root / MANIFEST
    if not path.is_file():
        unfinished = "a Spark run that did not finish" if (root / "articles").is_dir() else "an unfinished run"
        raise InputError(str(root), f"batch output without {MANIFEST} ({unfinished}); run the batch again")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"unreadable batch manifest: {exc}") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("shards"), list):
        raise InputError(str(path), "not a khabar batch manifest (no list of shards)")
    return manifest


def shard_files(folder: str | Path, *, partial: bool = False) -> list[Path]:
    """The files holding the folder's articles, in shard order, after the manifest's checks."""
    root = Path(folder)
    manifest = _manifest(root)
    version = str(manifest.get("schema_version") or "")
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise InputError(str(root), f"batch output of output schema {version or 'unknown'}; this khabar reads "
                                    f"{SCHEMA_VERSION}")
    shards = manifest["shards"]
    done = [s for s in shards if s.get("status") == "complete"]
    if not manifest.get("complete") and not partial:
        failed = [s for s in shards if s.get("status") == "failed"]
        raise InputError(str(root), f"incomplete batch output: {len(done)} of {len(shards)} shards finished"
                                    + (f", {len(failed)} failed" if failed else "")
                                    + "; re-run the same batch command to finish it")
    if manifest.get("engine") == "spark":
        if not (root / "articles").is_dir():  # Spark writes the manifest last: articles/ was removed since
            raise InputError(str(root), "Spark output without its articles/ folder")
        return sorted((root / "articles").glob("*.parquet"))
    out = []
    for shard in done:
        path = root / str(shard.get("file", ""))
        if not path.is_file() or path.stat().st_size != shard.get("bytes"):
            state = "missing" if not path.is_file() else f"{path.stat().st_size} bytes, the manifest says {shard.get('bytes')}"
            raise InputError(str(path), f"shard {shard.get('index')} does not match the manifest ({state}); "
                                        "the folder was changed after the run")
        out.append(path)
    return out


def iter_articles(folder: str | Path, *, partial: bool = False) -> Iterator[tuple[str, dict[str, Any]]]:
    """(origin `file:n`, article dict) for every article of the folder, streamed shard by shard."""
    for path in shard_files(folder, partial=partial):
        if path.suffix == ".jsonl":
            with open(path, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        yield f"{path.name}:{n}", json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise InputError(f"{path}:{n}", f"not JSON: {exc.msg}") from exc
        else:
            import pyarrow.parquet as pq

            n = 0
            for batch in pq.ParquetFile(path).iter_batches(columns=["article"]):
                for value in batch.column(0).to_pylist():
                    n += 1
                    yield f"{path.name}:{n}", json.loads(value)
