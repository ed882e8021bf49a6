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
