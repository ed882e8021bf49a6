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


class ParameterError(KhabarError):
    """A filter or option value the library cannot honour (a date that is not on the calendar, a type no
    speaker has). Raised where the value is used, so every door (CLI, API, pages) refuses it alike; `name`
    is the parameter as the library calls it, which each door prints its own way (`--since`, `since`)."""

    def __init__(self, name: str, value: object, reason: str) -> None:
        super().__init__(f"{name}: {reason}: {value!r}")
        self.name = name
        self.value = value
        self.reason = reason
