"""What readers hand to the pipeline: a record, or the reason an input could not become one.

A batch of ten thousand articles must not stop at the first unreadable file, so readers never raise for a
bad input; they yield a `ReadFailure` in its place and carry on. Records stay plain dicts because
`khabar.pipeline.process_record` and batch engines (process pools, Spark) take and ship dicts.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The keys a record may carry; anything else in an input line is dropped, never copied to the output.
RECORD_KEYS: tuple[str, ...] = ("id", "text", "html", "url", "title", "date", "source")
META_KEYS: tuple[str, ...] = ("url", "title", "date", "source")


class Record(dict):
    """`{"id", "text"|"html", url?, title?, date?, source?}`, remembering where it was read from.

    `origin` ("folder/a.txt", "batch.jsonl:12", "<stdin>") is not a key, so it never leaks into the output
    but an error raised later by the pipeline can still name the input the user would go and fix.
    """

    def __init__(self, *args: Any, origin: str = "", id_given: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.origin = origin or str(self.get("id") or "")
        # False when a reader made the id up from a position (a JSONL line without one, stdin): such an id
        # names a place in one input, not the article, so a store must not key on it
        self.id_given = id_given

    def __reduce__(self) -> tuple[Any, ...]:  # keep `origin` across pickling (process pools)
        return (_rebuild_record, (dict(self), self.origin, self.id_given))


def _rebuild_record(data: dict[str, Any], origin: str, id_given: bool = True) -> Record:
    return Record(data, origin=origin, id_given=id_given)


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input (a file, a folder, or `file:line` of a JSONL file) that yielded no record, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason}
