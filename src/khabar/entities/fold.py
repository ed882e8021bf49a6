"""The fold the NER model was trained with, shared by its features and the gazetteer they look words up in.

It lives apart from both so that neither imports the other for it (features read the gazetteer). It must
not drift: a shipped model's features, and every list entry, are keyed on exactly this form, whatever the
text layer's normaliser does.
"""
from __future__ import annotations

import re

_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f]")
_FOLD = str.maketrans(
    "أإآٱىة٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹“”„‟″‘’‚",
    "اااايه01234567890123456789\"\"\"\"\"'''",
)  # curly quotes read as the straight ones of the newswire training text (3 “ in its 125k tokens)


def fold(word: str) -> str:
    """Drop diacritics/tatweel/direction marks and fold alef forms, ى→ي, ة→ه and Eastern digits."""
    return _DIACRITICS.sub("", word).translate(_FOLD)
