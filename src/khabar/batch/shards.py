"""Inputs to shards: the units of work a batch engine hands to one worker, and reads back by itself.

A shard names *where* its records are, never the records: `(input, kind, member, start, stop)` or a list of
small files. Planning is deterministic (sorted walk, fixed record counts), so a re-run over the same inputs
gives the same shards with the same numbers, which is what makes resuming safe:

- a large JSONL (plain, .gz, .zst), JSON array, zip member or Parquet file is cut into shards of
  `shard_size` records (JSONL by physical line, Parquet by row);
- a WARC file is one shard (its records can only be found by reading it through);
- single-article `.txt`/`.html` files are grouped, `shard_size` files a shard.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from khabar.readers.records import ReadFailure, Record
from khabar.readers.tabular import Columns, count_records, kind_of, read_range, zip_members

DEFAULT_SHARD_SIZE = 1000
RANGED_KINDS = ("jsonl", "json", "parquet")


@dataclass(slots=True)
class Shard:
    index: int
    kind: str  # jsonl | json | zip | parquet | warc | files
    input: str = ""  # the file (for `files`, empty: see `paths`)
    member: str | None = None  # a zip member
    start: int = 0
    stop: int | None = None  # None: to the end (WARC)
    paths: list[str] = field(default_factory=list)  # for kind `files`

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Shard":
        return cls(**{k: data[k] for k in ("index", "kind", "input", "member", "start", "stop", "paths")})

    def spec(self) -> dict[str, Any]:
        """What identifies the shard's work (compared on re-run)."""
        return self.to_dict()


@dataclass(slots=True)
class InputInfo:
    path: str
    kind: str
    bytes: int
    records: int | None  # record indices walked (lines, rows, items); None for WARC


def expand_inputs(inputs: list[str]) -> tuple[list[tuple[str, str]], list[ReadFailure]]:
    """Files `(path, kind)` under the given files and folders (sorted walk, hidden entries skipped)."""
    found: list[tuple[str, str]] = []
    failures: list[ReadFailure] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                (p for p in path.rglob("*") if p.is_file() and kind_of(p)),
                key=lambda p: p.relative_to(path).parts,
            )
            files = [p for p in files if not any(part.startswith(".") for part in p.relative_to(path).parts)]
            if not files:
                failures.append(ReadFailure(raw, "folder has no readable inputs"))
            found.extend((str(p), kind_of(p) or "") for p in files)
        elif path.is_file():
            kind = kind_of(path)
            if kind is None:
                failures.append(ReadFailure(raw, "unknown input type (expected .jsonl[.gz|.zst], .json, .zip, "
                                                 ".parquet, .warc[.gz], .txt, .html)"))
            else:
                found.append((raw, kind))
        elif path.exists():
            failures.append(ReadFailure(raw, "not a regular file or folder"))
        else:
            failures.append(ReadFailure(raw, "no such file or folder"))
    return found, failures


def plan_shards(
    inputs: list[str], shard_size: int = DEFAULT_SHARD_SIZE
) -> tuple[list[Shard], list[InputInfo], list[ReadFailure]]:
    """Cut the inputs into shards of at most `shard_size` records; unreadable inputs are failures."""
    if shard_size < 1:
        raise ValueError("shard size must be at least 1")
    files, failures = expand_inputs(inputs)
    shards: list[Shard] = []
    infos: list[InputInfo] = []
    singles: list[str] = []

    def add(**kw: Any) -> None:
        shards.append(Shard(index=len(shards), **kw))

    def flush_singles() -> None:
        for i in range(0, len(singles), shard_size):
            add(kind="files", paths=singles[i : i + shard_size])
        singles.clear()

    for path, kind in files:
        size = os.path.getsize(path)
        if kind in ("text", "html"):
            singles.append(path)
            infos.append(InputInfo(path, kind, size, 1))
            continue
        flush_singles()
        if kind == "warc":
            infos.append(InputInfo(path, kind, size, None))
            add(kind="warc", input=path)
            continue
        try:
            members: list[str | None] = list(zip_members(path)) if kind == "zip" else [None]
            total = 0
            for member in members:
                n = count_records(path, kind, member)
                total += n
                for start in range(0, n, shard_size):
                    add(kind=kind, input=path, member=member, start=start, stop=min(n, start + shard_size))
            infos.append(InputInfo(path, kind, size, total))
        except Exception as exc:  # a corrupt file is one failure, not the end of the plan
            failures.append(ReadFailure(path, f"cannot read: {type(exc).__name__}: {exc}"))
    flush_singles()
    return shards, infos, failures


def read_shard(shard: Shard, columns: Columns | None = None) -> Iterator[Any]:
    """The records of one shard, with failures (and WARC skips) as values, in input order."""
    columns = columns or Columns()
    if shard.kind == "files":
        from khabar.readers.files import read_file

        for path in shard.paths:
            yield from read_file(path, name=path)
    elif shard.kind == "warc":
        from khabar.readers.warc import read_warc

        yield from read_warc(shard.input, name=shard.input)
    elif shard.kind in ("jsonl", "json", "zip", "parquet"):
        yield from read_range(shard.input, shard.kind, shard.start, shard.stop, columns, shard.member, shard.input)
    else:
        yield ReadFailure(shard.input or "?", f"unknown shard kind {shard.kind}")


def is_record(item: Any) -> bool:
    return isinstance(item, Record)
