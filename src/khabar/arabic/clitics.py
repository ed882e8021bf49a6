"""Proclitic stripping on folded words: و/ف (and), ب/ل/ك (with, for, like) and the article ال.

Arabic writes these as part of the word («والحكومة», «للعراق»), so a word must lose them before it can be
compared with another. Three strippers exist, each fixed by what depends on it; they differ on purpose:

- `stem_word`: the store's index stemmer. Every stored database holds its output in `text_stem`, and
  queries must be stemmed the same way to find it, so it cannot change without re-indexing every store.
  It strips the article too (حكومة finds والحكومة) and keeps at least three letters.
- `strip_clitic`: the entity clusterer's. It removes one clitic letter and keeps the article, because
  mentions are matched against names written with it (للعراق → العراق, not عراق).
- the NER model's `strip_clitics`/`candidates` (`khabar.arabic.model`): frozen with the shipped model.
"""
from __future__ import annotations

import re
from functools import lru_cache

# A run of Arabic letters and Arabic-Indic digits: the words `stem_runs` stems.
ARABIC_RUN = re.compile(r"[\u0621-\u064a\u0660-\u0669\u0671-\u06d3]+")


@lru_cache(maxsize=65536)  # about 10 MB, full within the first thousand news articles: then flat
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


def stem_runs(folded: str) -> str:
    """`folded` with each Arabic word stemmed by `stem_word`; other scripts and punctuation unchanged."""
    return ARABIC_RUN.sub(lambda m: stem_word(m.group(0)), folded)


@lru_cache(maxsize=65536)
def strip_clitic(word: str) -> str:
    """و/ف/ب/ك/ل before a folded word: والعراق → العراق، للعراق → العراق، بواشنطن → واشنطن."""
    if word.startswith(("وال", "فال", "بال", "كال")) and len(word) > 4:
        return word[1:]
    if word.startswith("لل") and len(word) > 3:
        return "ا" + word[1:]
    if word[:1] in "وفبلك" and len(word) > 3:
        return word[1:]
    return word
