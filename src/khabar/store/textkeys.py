"""Folded and lightly stemmed forms of Arabic text, the same for what is stored and what is asked.

FTS5's tokenizers do not fold Arabic, so the store indexes a normalised copy of each text (diacritics and
tatweel dropped, alef forms, ى/ي and ة/ه folded, by `khabar.arabic.fold_text`) and a second,
lightly stemmed copy (a conjunction و/ف, a preposition ب/ل/ك before ال, and the article ال stripped from
each word). Queries go through the very same functions, so «الكاظمى» finds «الكاظمي» and a query without
harakat finds a text written with them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from khabar.arabic.fold import fold_text

# A word: letters and digits of any script, with the joiners FTS5's unicode61 also keeps inside a token.
WORD = re.compile(r"[^\W_]+")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u0671-\u06d3]+")


def norm_text(text: str) -> str:
    return fold_text(text or "")


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """Strip a leading و/ف, then ب/ل/ك before ال (or ب/ل before a long word), then ال; a word keeps at least
    three letters."""
    w = word
    if len(w) > 3 and w[0] in "وف":
        w = w[1:]
    if len(w) > 4 and w[0] in "بلك" and w[1:3] == "ال":
        w = w[1:]
    elif len(w) > 3 and w.startswith("لل"):  # ل + ال with the alef dropped: للحكومة
        w = w[2:]
    elif len(w) > 5 and w[0] in "بل":  # بقرارات، لمشروع; short words keep theirs (بلدية، لشباب)
        w = w[1:]
    if len(w) > 3 and w.startswith("ال"):
        w = w[2:]
    return w


def stem_text(text: str) -> str:
    """The normalised text with each Arabic word stemmed; non-Arabic runs and punctuation unchanged."""
    return _ARABIC_WORD.sub(lambda m: stem_word(m.group(0)), norm_text(text))


def words(text: str) -> list[str]:
    """The normalised words of `text`, as FTS5's unicode61 would split them."""
    return WORD.findall(norm_text(text))


def stem_words(text: str) -> list[str]:
    return [stem_word(w) for w in words(text)]
