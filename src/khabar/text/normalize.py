"""The article's folded view with an exact map back to the original.

The fold itself is `khabar.arabic.fold`'s one translate table; this module only walks it with an offset
map, so `normalize(text).text == fold_text(text)` always. It lives in the text room, beside `MappedText`,
because views with offset maps are the text layer's business; what a character folds to is the Arabic
room's.
"""
from __future__ import annotations

from khabar.arabic.fold import fold_table
from khabar.text.mapped import MappedText


def normalize(text: str, *, fold_ta_marbuta: bool = True, fold_alef_maqsura: bool = True) -> MappedText:
    """Fold `text` for matching and search; `origin` maps each output character to its source index.

    Characters that expand (ligatures such as ﻻ → لا) map every output character to the one source index;
    dropped characters simply have no output, so `origin` is strictly increasing except inside expansions.
    """
    table, changed, uneven = fold_table(fold_ta_marbuta, fold_alef_maqsura)
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
