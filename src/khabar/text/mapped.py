"""A derived string with a map back to the original, so that length-changing views never leak offsets."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class MappedText:
    """`text` derived from an original; `origin[i]` is the original index of `text[i]`.

    `origin` has one extra final entry, the original's length, so an empty range at the end maps too.
    A non-empty range `[i, j)` of the view maps to `[origin[i], origin[j - 1] + 1)`: the original range
    from its first to its last character, including anything the view dropped in between.
    """

    text: str
    origin: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open range of the view to the smallest original range covering it."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"range [{start}, {end}) outside view of length {len(self.text)}")
        if start == end:
            pos = self.origin[start]
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1

    @classmethod
    def identity(cls, text: str) -> "MappedText":
        return cls(text, tuple(range(len(text) + 1)))
