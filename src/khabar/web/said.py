"""How a quotation is shown so the page says what the article says: a direct quotation in marks; an indirect
or mixed one as reported speech, «نفى كريم الزهيري وجود أي تأخير …», never inside marks (a mixed one keeps
the marks the article itself puts around the speaker's own words).

Reported speech is built from the article's own parts: the cue verb as the article writes it, without the
joining و/ف of its sentence («ونفى» → «نفى»); the speaker; and the word that opened the content in the
article when it is a complementizer («أن», «بأن», «إلى أن»), read from the text just before the quotation.
"""
from __future__ import annotations

from typing import Any

from khabar.arabic.fold import fold_word as fold
from khabar.quotes.lexicon import cue_table, is_complementizer

# how much of the article before a quotation is read to find the word that opens it
LEAD_CHARS = 24
_PREPOSITIONS_BEFORE_OPENER = frozenset({fold("إلى")})  # «أشار إلى أن …»
_TRIM = " \t\n:،,؛;\u00ab\u201c\""


def bare_cue(cue: str | None) -> str:
    """The cue without the conjunction that joins it to the sentence before: «ونفى» → «نفى», «فقال» →
    «قال»; a verb whose own first letter is و («وعد») stays whole."""
    if not cue:
        return ""
    first, _, rest = cue.strip().partition(" ")
    table = cue_table()
    if len(first) > 3 and first[0] in "وف" and fold(first) not in table and fold(first[1:]) in table:
        first = first[1:]
    return f"{first} {rest}".strip()


def opener(before: str) -> str:
    """The words that open reported content, taken from the end of `before` (the article just before the
    quotation): a complementizer, with the preposition some cues put before it; "" when there is none."""
    words = before.rstrip(_TRIM).split()
    if not words or not is_complementizer(words[-1]):
        return ""
    if len(words) >= 2 and fold(words[-2]) in _PREPOSITIONS_BEFORE_OPENER:
        return f"{words[-2]} {words[-1]}"
    return words[-1]


def shown_as(quote: dict[str, Any], before: str | None = None) -> dict[str, Any]:
    """How a page shows `quote` (a flat row): `verb` and the speaker, then the words — in marks when
    `marks` (a direct quotation), otherwise as reported speech after `opener`. `before` is the article's text just
    before the quotation (the lead the store reads with `lead_sql`)."""
    direct = quote.get("kind") == "direct"
    return {"marks": direct, "verb": bare_cue(quote.get("cue")),
            "opener": "" if direct or before is None else opener(before)}


def lead_of(text: str, start: int) -> str:
    return text[max(0, start - LEAD_CHARS):start]
