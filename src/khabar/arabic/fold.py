"""The one Arabic fold: what matching, search, lexicons and names all compare words by.

Every rule here is a function of a single character (NFKC of that character, then folding), so the whole
fold is one `str.translate` table. That is what lets `khabar.text.normalize` walk the same table with an
offset map and give the very same string as `fold_text`: it only visits the characters the table changes.

NFKC is applied per character rather than to the whole string on purpose: whole-string NFKC composes
across characters, which would make the offset map depend on neighbours and differ from `fold_text`.
For Arabic the results coincide (composed hamza/madda forms fold to bare alef anyway).
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

# Harakat, Quranic marks and tatweel, as a regex character class: they decorate a word and stay inside it.
MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
# Invisible format controls (zero-width space and joiners, LRM/RLM, bidi embeddings and isolates, BOM).
CONTROLS = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"

# Characters removed outright: harakat and Quranic marks, tatweel, bidi controls, zero-width characters.
_DROP_RANGES = (
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x0640, 0x0640),  # tatweel
    (0x200B, 0x200F),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    (0x202A, 0x202E),
    (0x2066, 0x2069),
    (0xFEFF, 0xFEFF),
    (0x00AD, 0x00AD),  # soft hyphen: invisible, breaks matching like the zero-width characters
)
DROP_CHARS = frozenset(chr(c) for lo, hi in _DROP_RANGES for c in range(lo, hi + 1))

# Persian/Urdu letter forms that Arabic text typed on such keyboards carries instead of the Arabic ones.
PERSIAN_FORMS = {"ی": "ي", "ې": "ي", "ک": "ك", "ڪ": "ك", "ە": "ه", "ہ": "ه", "ۀ": "ه", "ھ": "ه"}

_BASE_FOLD = {
    "إ": "ا", "أ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    **PERSIAN_FORMS,
    "٫": ".", "٬": ",", "٪": "%",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ",
}
_BASE_FOLD.update({chr(0x0660 + d): str(d) for d in range(10)})  # Eastern Arabic digits
_BASE_FOLD.update({chr(0x06F0 + d): str(d) for d in range(10)})  # Persian digits

# Code points worth scanning for NFKC changes: the BMP and the supplementary blocks that hold
# compatibility characters (mathematical alphanumerics, Arabic mathematical letters, enclosed forms).
_SCAN = ((0x0000, 0xFFFF), (0x1D400, 0x1D7FF), (0x1EE00, 0x1EEFF), (0x1F100, 0x1F1FF), (0x2F800, 0x2FA1F))


def _fold_char(ch: str, table: dict[str, str]) -> str:
    if ch in DROP_CHARS:
        return ""
    return table.get(ch, ch)


@cache
def fold_table(
    fold_ta_marbuta: bool, fold_alef_maqsura: bool
) -> tuple[dict[int, str], re.Pattern[str], re.Pattern[str]]:
    """The translate table for one setting of the options, a regex matching runs of its keys, and one
    matching the keys that do not map one-for-one (dropped or expanded characters): what an offset-mapping
    walker needs to reproduce `fold_text` exactly. Built once per setting, on first use."""
    fold = dict(_BASE_FOLD)
    if fold_ta_marbuta:
        fold["ة"] = "ه"
        fold["ۃ"] = "ه"
    if fold_alef_maqsura:
        fold["ى"] = "ي"
    table: dict[int, str] = {}
    for lo, hi in _SCAN:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            nf = unicodedata.normalize("NFKC", ch) if cp > 0x7F else ch
            out = "".join(_fold_char(c, fold) for c in nf)
            if out != ch:
                table[cp] = out
    return table, _class_re(table, "+"), _class_re({k: v for k, v in table.items() if len(v) != 1}, "")


def _class_re(keys: dict[int, str], suffix: str) -> re.Pattern[str]:
    """A character class of ranges over the sorted code points, so the regex stays small."""
    ranges: list[str] = []
    cps = sorted(keys)
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        lo, hi = re.escape(chr(cps[i])), re.escape(chr(cps[j]))
        ranges.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return re.compile("[" + "".join(ranges) + "]" + suffix)


def fold_text(text: str, *, fold_ta_marbuta: bool = True, fold_alef_maqsura: bool = True) -> str:
    """Fold a string of any length for matching and search: harakat, tatweel and invisible controls
    dropped, alef forms, ى/ي, ة/ه, Persian letters and digits folded, compatibility forms (ﻻ) expanded."""
    return text.translate(fold_table(fold_ta_marbuta, fold_alef_maqsura)[0])


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """`fold_text` of one word, cached once for every room: news repeats its words, and the cue
    lexicon, the name index, the clusterer and the store all ask for the same folds."""
    return fold_text(word)


# Invisible characters a copy from a PDF, Word or a web page leaves inside names: they must not reach a
# displayed name, where «سامر‎ الحداد» would look equal to «سامر الحداد» but never match it.
_INVISIBLE = frozenset(c for c in DROP_CHARS if unicodedata.category(c) == "Cf") | {"\u0640", "\u00ad"}
# Presentation forms (what PDFs emit) and other compatibility letters are rewritten by NFKC.
_COMPAT = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefe\U0001ee00-\U0001eeff]")


# Lone UTF-16 halves, which JSON "\\ud800" escapes put into a str: not Unicode text, and no encoder or store
# will take them, so every door refuses a string holding one.
UNPAIRED_SURROGATE = re.compile("[\ud800-\udfff]")


def display_form(text: str) -> str:
    """A name as it should be shown and compared by eye: presentation forms to letters, invisible marks
    (bidi controls, zero-width joiners, tatweel, soft hyphens) removed, spaces collapsed; diacritics and
    spelling otherwise kept, unlike `fold_text`, which folds for matching."""
    if _COMPAT.search(text):
        text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    if any(c in _INVISIBLE for c in text):
        text = "".join(c for c in text if c not in _INVISIBLE)
    return " ".join(text.split())
