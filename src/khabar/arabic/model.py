"""The model fold: Arabic words exactly as the shipped NER model read them in training. Frozen.

A CRF's weights are keyed on feature strings, and its features are built from these forms; change a table
here and the model silently reads different words than it learnt (the ANERcorp figure moves). So this fold
is a named variant of `khabar.arabic.fold`, not a copy to be unified with it. Why it differs:

- `model_fold` drops a narrower set of characters than `fold_text` (no bidi embeddings, no soft hyphen),
  folds no Persian letters, ligatures or presentation forms (`model_form` does those before), and folds
  curly quotes to the straight ones of the newswire training text.
- `RAW_MARKS` (harakat and tatweel, no Quranic marks) is what the wordfreq features strip before looking a
  word up: wordfreq's own list was built that way.
- The proclitic tables and `strip_clitics`/`candidates` are the model's own stemmer, distinct from the
  store's index stemmer and the mention matcher's (`khabar.arabic.clitics`).

Changing any of this means retraining the model and bumping the feature version.
"""
from __future__ import annotations

import re
from functools import lru_cache

from khabar.arabic.fold import PERSIAN_FORMS, display_form

_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f]")
_FOLD = str.maketrans(
    "أإآٱىة٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹“”„‟″‘’‚",
    "اااايه01234567890123456789\"\"\"\"\"'''",
)  # curly quotes read as the straight ones of the newswire training text (3 “ in its 125k tokens)
RAW_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")

# Proclitics, longest first; a strip must leave a plausible word (3+ letters after a single letter).
ART_PREFIXES = ("وبال", "وكال", "وفال", "فبال", "ولل", "فلل", "وال", "بال", "فال", "كال", "لل", "ال")
CONJ_PREFIXES = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")
PREFIXES = ("وبال", "وكال", "وفال", "فبال", "ولل", "فلل", "وال", "بال", "فال", "كال", "لل", "ال",
            "و", "ف", "ب", "ل", "ك")

_ARABIC_LETTERS = str.maketrans(PERSIAN_FORMS)


@lru_cache(maxsize=65536)
def model_form(word: str) -> str:
    """A token as the statistical models saw words in training (plain Arabic letters): `display_form`
    plus the Persian/Urdu letter forms folded, so «وزیر» typed on a Persian keyboard reads as «وزير»."""
    return display_form(word).translate(_ARABIC_LETTERS) or word


def model_fold(word: str) -> str:
    """Drop diacritics/tatweel/direction marks and fold alef forms, ى→ي, ة→ه and Eastern digits."""
    return _DIACRITICS.sub("", word).translate(_FOLD)


def strip_clitics(folded: str) -> str:
    """The folded word without its leading conjunction/preposition/article, or unchanged if too short."""
    for p in PREFIXES:
        if folded.startswith(p) and len(folded) - len(p) >= (3 if len(p) == 1 else 2):
            return folded[len(p):]
    return folded


def candidates(folded: str) -> tuple[str, ...]:
    """Every reading of the word with 0, 1 or 2 proclitics removed, for list lookups."""
    out = [folded]
    for p in PREFIXES:
        if folded.startswith(p) and len(folded) - len(p) >= 2:
            rest = folded[len(p):]
            if rest not in out:
                out.append(rest)
    return tuple(out)
