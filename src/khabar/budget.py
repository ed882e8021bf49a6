"""A per-article time budget, so one pathological article is reported and skipped instead of holding a batch,
an ingest or an API worker for minutes.

The pipeline starts one `Deadline` per article and every stage's long loop asks it `check(where)`: the cost
is one clock read, and the overrun past the budget is at most one loop step, however the article is built.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from khabar.errors import InputError

# Generous: a real news article takes well under a second; only a built-to-be-hard one comes near this.
DEFAULT_MAX_SECONDS = 300.0

_clock = time.monotonic  # read at each call, so a test can count checks instead of waiting for seconds


class OverBudgetError(InputError):
    """An article took longer than its budget (`--max-seconds`); the message names the stage it was in."""

    def __init__(self, source: str, seconds: float, where: str) -> None:
        super().__init__(source, f"over the time budget of {seconds:g} s (in {where}); skipped "
                                 "(--max-seconds; 0: no budget)")
        self.seconds = seconds
        self.where = where


class Deadline:
    """The moment one article's budget runs out; `seconds` <= 0 means no budget (check never raises)."""

    __slots__ = ("source", "seconds", "_end")

    def __init__(self, seconds: float, source: str) -> None:
        self.source = source
        self.seconds = float(seconds)
        self._end = _clock() + self.seconds if self.seconds > 0 else float("inf")

    def check(self, where: str) -> None:
        """Raise `OverBudgetError` naming the article and `where` once the budget is spent."""
        if _clock() > self._end:
            raise OverBudgetError(self.source, self.seconds, where)

    def expired(self) -> bool:
        return _clock() > self._end


def check_seconds(value: float, name: str = "max_seconds") -> float:
    """A budget must be a finite number >= 0 (0: none); anything else is refused naming the option."""
    from khabar.errors import ParameterError

    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ParameterError(name, value, "not a number of seconds") from None
    if not seconds >= 0 or seconds == float("inf"):
        raise ParameterError(name, value, "must be a finite number of seconds >= 0 (0: no budget)")
    return seconds


def pace(check_time: Callable[[str], None] | None, every: int = 2000) -> Callable[[int, str], None]:
    """`tick(units, where)` for a loop over many small steps (sentences of a few words): asks
    `check_time(where)` once `every` units (e.g. tokens) have been done since the last check, so a long
    article is checked all along and a short one costs nothing. Without `check_time`, a no-op."""
    if check_time is None:
        return lambda units, where: None
    done = 0

    def tick(units: int, where: str) -> None:
        nonlocal done
        done += units
        if done >= every:
            done = 0
            check_time(where)
    return tick
