"""Questions about a set of spans — does one cover this offset, contain this range, overlap it — answered
by bisection instead of a pass over every span, so that a stage asking them once per token or per
quotation stays linear in the article however many boilerplate lines, names or hashtags it holds.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")
W = TypeVar("W", bound=Hashable)


class Intervals:
    """Half-open ranges (start, end), possibly overlapping. Each query is exact: the largest end among the
    ranges starting at or before a point says whether any of them reaches past it."""

    __slots__ = ("starts", "reach")

    def __init__(self, ranges: Iterable[tuple[int, int]]):
        pairs = sorted(ranges)
        self.starts = [a for a, _ in pairs]
        self.reach = list(accumulate((b for _, b in pairs), max))

    def _reach_before(self, k: int) -> int:
        """The largest end among the ranges whose start is one of the first k."""
        return self.reach[k - 1] if k else -1

    def covers(self, x: int) -> bool:
        """Some range holds offset x (start <= x < end)."""
        return self._reach_before(bisect_right(self.starts, x)) > x

    def contains(self, a: int, b: int) -> bool:
        """Some range holds all of [a, b) (start <= a and b <= end)."""
        return self._reach_before(bisect_right(self.starts, a)) >= b

    def overlaps(self, a: int, b: int) -> bool:
        """Some range shares a character with [a, b) (start < b and a < end)."""
        return self._reach_before(bisect_left(self.starts, b)) > a


class Ordered(Generic[T]):
    """Items with a (start, end) each, to list those overlapping a range. When no two items overlap (a
    tagger's spans) the answer is a slice found by bisection; otherwise every item is tested, as before."""

    __slots__ = ("items", "starts", "ends", "disjoint")

    def __init__(self, items: Iterable[T], start: str = "start", end: str = "end"):
        self.items = sorted(items, key=lambda x: (getattr(x, start), getattr(x, end)))
        self.starts = [getattr(x, start) for x in self.items]
        self.ends = [getattr(x, end) for x in self.items]
        self.disjoint = all(self.ends[k] <= self.starts[k + 1] for k in range(len(self.items) - 1))

    def overlapping(self, a: int, b: int) -> list[T]:
        """The items sharing a character with [a, b), in order of start."""
        if not self.disjoint:
            return [x for x, s, e in zip(self.items, self.starts, self.ends) if s < b and a < e]
        lo, hi = bisect_right(self.ends, a), bisect_left(self.starts, b)
        return [x for x, s, e in zip(self.items[lo:hi], self.starts[lo:hi], self.ends[lo:hi]) if s < b and a < e]

    def last_before(self, x: int, keep: Callable[[T], bool]) -> T | None:
        """The last item (in order of start) ending at or before x that `keep` accepts."""
        k = len(self.items) if not self.disjoint else bisect_right(self.ends, x)
        return next((self.items[j] for j in range(k - 1, -1, -1) if self.ends[j] <= x and keep(self.items[j])), None)


def positions_where(words: Sequence[W], keep: Callable[[W], bool]) -> list[int]:
    """The indexes of `words` whose word `keep` accepts, in order, asking `keep` once per distinct word: a
    scan that can find something only where a word could start it walks these with `next_position` and
    steps over the rest, instead of asking at every token."""
    kept = {w: keep(w) for w in dict.fromkeys(words)}
    return [i for i, w in enumerate(words) if kept[w]]


def next_position(positions: list[int], i: int, end: int) -> int:
    """The first of the sorted `positions` at or after `i`, or `end` (the sequence's length) when none is
    left: `while (i := next_position(live, i, n)) < n:` walks a scan over them."""
    k = bisect_left(positions, i)
    return positions[k] if k < len(positions) else end
