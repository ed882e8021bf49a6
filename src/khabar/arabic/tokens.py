"""Word tokens with offsets: the unit the NER tagger and the cue matcher read.

Arabic words keep their clitics (و، ب، ل، ال) as ANERcorp does; punctuation, quotation marks and the hashtag
sign are tokens of their own; a hashtag's underscores split it into words. Diacritics and tatweel stay
inside the word they decorate.
"""
from __future__ import annotations

import re

from khabar.arabic.fold import CONTROLS, MARKS

# A word: letters/digits/marks (Arabic harakat are \p{M}, covered by \w in `re` for most, so add them
# explicitly), allowing inner dots in numbers (3.5) and inner apostrophes in Latin names.
_TOKEN = re.compile(
    r"[0-9٠-٩۰-۹]+(?:[.,٫٬][0-9٠-٩۰-۹]+)*%?"  # numbers, Arabic-Indic too
    rf"|[^\W_\d](?:[^\W_\d]|[{MARKS}\u200c\u200d])*"  # words
    rf"|[^\s\w{CONTROLS}]|_",  # any single other visible char
    re.UNICODE,
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return `(start, end)` offsets of the tokens of `text[start:end]`, in order."""
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end) if m.group() != "_"]
