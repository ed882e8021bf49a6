"""Arabic normalisation for matching and search, with an exact map back to the original.

Every rule here is a function of a single character (NFKC of that character, then folding), so the whole
normalisation is one `str.translate` table. That is what makes the fast path (`normalize_str`, used on
cue words and names) and the mapped path (`normalize`, used on whole articles) give the very same
string: the mapped path only walks the characters the table changes and copies the runs in between.

NFKC is applied per character rather than to the whole string on purpose: whole-string NFKC composes
across characters, which would make the offset map depend on neighbours and differ from `normalize_str`.
For Arabic the results coincide (composed hamza/madda forms fold to bare alef anyway).
"""
from __future__ import annotations

from functools import lru_cache

import re
import unicodedata
from functools import cache

from khabar.text.mapped import MappedText

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
_PERSIAN_FORMS = {"ی": "ي", "ې": "ي", "ک": "ك", "ڪ": "ك", "ە": "ه", "ہ": "ه", "ۀ": "ه", "ھ": "ه"}

_BASE_FOLD = {
    "إ": "ا", "أ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    **_PERSIAN_FORMS,
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
def _tables(
    fold_ta_marbuta: bool, fold_alef_maqsura: bool
) -> tuple[dict[int, str], re.Pattern[str], re.Pattern[str]]:
    """The translate table for one setting of the options, a regex matching runs of its keys, and one
    matching the keys that do not map one-for-one (dropped or expanded characters)."""
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


def normalize_str(text: str, *, fold_ta_marbuta: bool = True, fold_alef_maqsura: bool = True) -> str:
    """Fold a short string (a cue word, a name) the same way `normalize` folds an article, without a map."""
    return text.translate(_tables(fold_ta_marbuta, fold_alef_maqsura)[0])


def normalize(text: str, *, fold_ta_marbuta: bool = True, fold_alef_maqsura: bool = True) -> MappedText:
    """Fold `text` for matching and search; `origin` maps each output character to its source index.

    Characters that expand (ligatures such as ﻻ → لا) map every output character to the one source index;
    dropped characters simply have no output, so `origin` is strictly increasing except inside expansions.
    """
    table, changed, uneven = _tables(fold_ta_marbuta, fold_alef_maqsura)
    parts: list[str] = []
    origin: list[int] = []
    prev = 0
    for m in changed.finditer(text):
        s, e = m.span()
        if s > prev:
            parts.append(text[prev:s])
            origin.extend(range(prev, s))
        prev = e
        run = text[s:e]
        rep = run.translate(table)
        if not rep:  # only dropped characters (harakat, controls)
            continue
        if uneven.search(run) is None:  # only one-for-one folds (alef forms, ta marbuta, digits)
            parts.append(rep)
            origin.extend(range(s, e))
            continue
        for i in range(s, e):
            rep = table[ord(text[i])]
            if rep:
                parts.append(rep)
                origin.extend([i] * len(rep))
    if prev == 0 and not parts:
        return MappedText.identity(text)
    if prev < len(text):
        parts.append(text[prev:])
        origin.extend(range(prev, len(text)))
    origin.append(len(text))
    return MappedText("".join(parts), tuple(origin))


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """`normalize_str` of one word, cached once for every room: news repeats its words, and the cue
    lexicon, the name index and the clusterer all ask for the same folds."""
    return normalize_str(word)


# Invisible characters a copy from a PDF, Word or a web page leaves inside names: they must not reach a
# displayed name, where «سامر‎ الحداد» would look equal to «سامر الحداد» but never match it.
_INVISIBLE = frozenset(c for c in DROP_CHARS if unicodedata.category(c) == "Cf") | {"\u0640", "\u00ad"}
# Presentation forms (what PDFs emit) and other compatibility letters are rewritten by NFKC.
_COMPAT = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefe\U0001ee00-\U0001eeff]")
_ARABIC_LETTERS = str.maketrans(_PERSIAN_FORMS)


# Lone UTF-16 halves, which JSON "\\ud800" escapes put into a str: not Unicode text, and no encoder or store
# will take them, so every door refuses a string holding one.
UNPAIRED_SURROGATE = re.compile("[\ud800-\udfff]")


def display_form(text: str) -> str:
    """A name as it should be shown and compared by eye: presentation forms to letters, invisible marks
    (bidi controls, zero-width joiners, tatweel, soft hyphens) removed, spaces collapsed; diacritics and
    spelling otherwise kept, unlike `normalize_str`, which folds for matching."""
    if _COMPAT.search(text):
        text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    if any(c in _INVISIBLE for c in text):
        text = "".join(c for c in text if c not in _INVISIBLE)
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def model_form(word: str) -> str:
    """A token as the statistical models saw words in training (plain Arabic letters): `display_form`
    plus the Persian/Urdu letter forms folded, so «وزیر» typed on a Persian keyboard reads as «وزير»."""
    return display_form(word).translate(_ARABIC_LETTERS) or word
