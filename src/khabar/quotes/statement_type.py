"""What a speaker does with a statement: claim, denial, warning, call, commitment, announcement, accusation,
prediction or question (the guidelines' "statement type").

The cue says most of it («نفى» denies, «دعا» calls), but the commonest cues («قال»، «أكد»، «أضاف») say
nothing, and then the content may: a first-person future pledges («سنعمل على …»), «يجب» calls, «لا
صحة» denies, «التزام بلاده بـ» after «أكد» commits. Each quotation is described by its cue's type
(`data/statement_cues.tsv`) and the signs its frame and first words show (`data/statement_signs.tsv` and
the morphology below); `data/statement_content.tsv` says, in order, which sign decides when the cue says
nothing more than a claim. A logistic regression over the same features was tried (5-fold by article on
shared/eval/train) and did not beat the cue alone (0.64-0.66 against 0.654), so the ordered rules, which
do (0.677), are what runs; see docs/statement_types.md.
"""
from __future__ import annotations

import re
from functools import cache

from khabar.article import Quote
from khabar.datafiles import rows
from khabar.quotes.lexicon import fold, lookup_cue, match_pattern

TYPES = ("claim", "denial", "warning", "call", "commitment", "announcement", "accusation", "prediction",
         "question")
DEFAULT_TYPE = "claim"
SIGNS_FILE = "statement_signs.tsv"

# How far the frame reaches from the cue towards the content, and how many content words are its head.
FRAME_WORDS = 12
FRAME_CHARS = 300  # a bound on the text read for the frame, so the cost stays linear in the article
HEAD_WORDS = 6

_WORD = re.compile(r"\w+")


@cache
def cue_types() -> dict[str, str]:
    """Cue lemma (folded perfect, as `lookup_cue` gives it) → the type the cue alone says."""
    out: dict[str, str] = {}
    for lemma, type_ in rows("khabar.quotes", "statement_cues.tsv"):
        if type_ not in TYPES:
            raise ValueError(f"statement_cues.tsv: {lemma!r} has unknown type {type_!r}")
        out[fold(lemma)] = type_
    return out


def cue_type(cue_text: str | None) -> str | None:
    """The type a cue's own verb says, or None when the cue is missing or says nothing beyond a claim."""
    if not cue_text:
        return None
    for word in cue_text.split():
        cue = lookup_cue(word)
        if cue is not None:
            return cue_types().get(cue.lemma, DEFAULT_TYPE)
    return DEFAULT_TYPE


def _words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text)]


def _bare(word: str) -> str:
    """A word without one leading conjunction or preposition letter (و، ف، ب، ل)."""
    return word[1:] if len(word) > 3 and word[0] in "وفبل" else word


def signs(words: list[str]) -> set[str]:
    """The lexical signs (DENY, WARN, CALL …) among folded `words`, and the morphological ones: a
    first-person future (FUT_WE: «سنعمل»), «سوف» (FUT), «لن» + a verb (NEG_FUT, NEG_FUT_WE: «لن نسمح»)."""
    out: set[str] = set()
    i = 0
    while i < len(words):
        hit = match_pattern(SIGNS_FILE, words, i)
        bare = _bare(words[i])
        if hit is None and bare != words[i]:
            hit = match_pattern(SIGNS_FILE, [bare] + words[i + 1:i + 4], 0)  # no sign is longer
        if hit is not None:
            if hit[1] != "-":  # "-": a word that only looks like a sign (سنوات is no «we will»)
                out.add(hit[1])
            i += hit[0]
            continue
        if bare.startswith("سن") and len(bare) >= 5:
            out.add("FUT_WE")
        elif bare.startswith(("سي", "ست")) and len(bare) >= 5:
            out.add("FUT")  # «سيتم»، «ستكون»; nouns that begin so are listed with "-"
        elif bare in ("لم", "لا", "ليس", "ليست", "لسنا"):
            out.add("NEG")
        elif bare == "سوف":
            out.add("FUT")
        elif bare == "لن" and i + 1 < len(words):
            out.add("NEG_FUT_WE" if words[i + 1].startswith("ن") else "NEG_FUT")
        i += 1
    return out


def zone_signs(text: str, quote: Quote) -> set[str]:
    """The signs of one quotation of the article `text`, each as zone:sign, read in two zones: the frame
    (the cue and what follows it up to the content, when the cue comes first) and the content's first
    words, where a statement shows what it does («يجب …», «لن نسمح …», «لا صحة …»)."""
    content = quote.content
    cue = quote.cue
    if cue is not None and cue.end <= content.start:
        frame = _words(text[cue.start:min(content.start, cue.start + FRAME_CHARS)])[:FRAME_WORDS]
    else:
        frame = _words(cue.text if cue is not None else "")
    head = _words(content.text)[:HEAD_WORDS]
    return {f"frame:{s}" for s in signs(frame)} | {f"head:{s}" for s in signs(head)}


@cache
def content_rules() -> tuple[tuple[str, str], ...]:
    """(zone:sign, type) in the order they are tried, from `data/statement_content.tsv`."""
    out = []
    for key, type_ in rows("khabar.quotes", "statement_content.tsv"):
        if type_ not in TYPES:
            raise ValueError(f"statement_content.tsv: {key!r} has unknown type {type_!r}")
        out.append((key, type_))
    return tuple(out)


def classify(text: str, quote: Quote) -> str:
    """The statement type of one quotation of the article `text`: the cue's own type when it says more
    than a claim, else the first content rule the quotation's signs meet, else a claim."""
    own = cue_type(quote.cue.text if quote.cue is not None else None)
    if own is not None and own != DEFAULT_TYPE:
        return own
    shown = zone_signs(text, quote)
    return next((type_ for key, type_ in content_rules() if key in shown), DEFAULT_TYPE)
