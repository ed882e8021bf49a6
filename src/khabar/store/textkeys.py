"""Folded and lightly stemmed forms of Arabic text, the same for what is stored and what is asked.

FTS5's tokenizers do not fold Arabic, so the store indexes a normalised copy of each text (diacritics and
tatweel dropped, alef forms, ى/ي and ة/ه folded, by `khabar.arabic.fold_text`) and a second, lightly
stemmed copy (`khabar.arabic.stem_word`: a conjunction و/ف, a preposition ب/ل/ك before ال, and the article
ال stripped from each word). Queries go through the very same functions, so «الكاظمى» finds «الكاظمي» and
a query without harakat finds a text written with them.
"""
from __future__ import annotations

import re

from khabar.arabic.clitics import stem_runs, stem_word
from khabar.arabic.fold import fold_text

# A word: letters and digits of any script, with the joiners FTS5's unicode61 also keeps inside a token.
WORD = re.compile(r"[^\W_]+")


def norm_text(text: str) -> str:
    return fold_text(text or "")


def stem_text(text: str) -> str:
    """The normalised text with each Arabic word stemmed; non-Arabic runs and punctuation unchanged."""
    return stem_runs(norm_text(text))


def words(text: str) -> list[str]:
    """The normalised words of `text`, as FTS5's unicode61 would split them."""
    return WORD.findall(norm_text(text))


def stem_words(text: str) -> list[str]:
    return [stem_word(w) for w in words(text)]
