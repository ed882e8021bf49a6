"""One error type per failure kind; each message names the input and the reason."""
from __future__ import annotations


class KhabarError(Exception):
    """Base of every error khabar raises on purpose."""


class InputError(KhabarError):
    """An input could not be read or parsed: missing, binary, undecodable, malformed."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelError(KhabarError):
    """A shipped model is missing or unreadable."""


class StoreError(KhabarError):
    """The corpus store cannot be opened, read or written, or a query to it is malformed."""


class QuerySyntaxError(StoreError):
    """A search query that SQLite's full-text engine cannot parse; the message says how to fix it."""
