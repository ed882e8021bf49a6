"""What a finished batch can tell its user beyond counts: an input none of whose records had the article's
text under the column the run looked in is almost always a dump that names it otherwise (`body`,
`content`), not thousands of bad articles; saying which columns it does have saves reading errors.jsonl."""
from __future__ import annotations

from typing import Any

from khabar.batch.worker import reason_key
from khabar.readers.tabular import Columns, first_columns, no_text, no_text_column


def _lacks_text(reason: str, columns: Columns) -> bool:
    return reason == reason_key(no_text(columns)) or reason.startswith(reason_key(no_text_column(columns)) + " (")


def inputs_without_text(manifest: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(input, its columns) for each input whose every record failed for want of the text and HTML
    columns, in input order. Needs per-shard figures (the local engine's); only finished inputs count."""
    columns = Columns(**manifest.get("columns", {}))
    by_input: dict[str, list[dict[str, Any]]] = {}
    for shard in manifest.get("shards", []):
        if shard.get("kind") in ("jsonl", "json", "zip", "parquet"):
            by_input.setdefault(shard["input"], []).append(shard)
    out = []
    for path, shards in by_input.items():
        if any(s.get("status") != "complete" or "failures_by_reason" not in s for s in shards):
            continue
        reasons = [r for s in shards for r in s["failures_by_reason"]]
        if sum(s.get("records", 0) for s in shards) or not reasons:
            continue
        if all(_lacks_text(r, columns) for r in reasons):
            first = shards[0]
            out.append((path, first_columns(path, first["kind"], first.get("member"))))
    return out
