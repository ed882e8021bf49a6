"""What a speaker does with a statement: claim, denial, warning, call, commitment, announcement, accusation,
prediction or question (the guidelines' "statement type").

The cue says most of it («نفى» denies, «دعا» calls), but the commonest cues («قال»، «أكد»، «أضاف») say
nothing, and then the content may: a first-person future pledges («سنعمل على …»), «يجب» or «على
الحكومة أن» calls, «لا صحة» denies, a question mark asks, «التزام بلاده بـ» after «أكد» commits. Each
quotation is described by its cue's type (`data/statement_cues.tsv`) and the signs its frame, head, lead
and body show (`data/statement_signs.tsv` and the morphology below); `data/statement_content.tsv` says, in
order, which sign decides when the cue says nothing more than a claim, and the few exceptions to a cue (a
newspaper's «كشف» reports, it announces nothing). On shared/eval/train (156 articles, 806 matched
quotations) the rules are right on 0.730, the same in 5-fold cross-validation by article; logistic
regressions over the same signs, the cue, the frame's and the content's words did not beat them (0.69-0.72
in the same cross-validation; one that only overrides a `claim` of the rules, 0.73-0.74, dev ±1 quotation),
so the ordered rules are what runs; docs/statement_types.md gives the figures and what limits them.
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
BODY_WORDS = 40  # the body: enough for a denial said after a sentence of context, bounded like the frame
BODY_CHARS = 400
LEAD_REACH = 3  # complementisers looked past before the lead word («بأنه»، «إن» …)

_WORD = re.compile(r"\w+")
_CLOSERS = " \t\n\"'»”“.)"  # what may follow a statement's last mark


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


def _lead(words: list[str]) -> tuple[str | None, bool]:
    """The content's first word past the complementisers «أن»، «إن»، «أنه» … (its subject or verb), and
    whether one of them was «أنه»/«أنها», which makes the speaker the subject («أكد أنه سيعمل»)."""
    self_ = False
    for i, word in enumerate(words[:LEAD_REACH]):
        hit = match_pattern(SIGNS_FILE, words, i)
        sign = hit[1] if hit is not None and hit[0] == 1 else None
        if sign not in ("THAT", "THAT_SELF"):
            return word, self_
        self_ = self_ or sign == "THAT_SELF"
    return None, self_


def _lead_signs(word: str | None) -> set[str]:
    if word is None:
        return set()
    hit = match_pattern(SIGNS_FILE, [word], 0) or match_pattern(SIGNS_FILE, [_bare(word)], 0)
    return {hit[1]} if hit is not None and hit[1] != "-" else set()


def zone_signs(text: str, quote: Quote) -> set[str]:
    """The signs of one quotation of the article `text`, each as zone:sign, read in four zones: the frame
    (the cue and what follows it up to the content, when the cue comes first), the content's head (its first
    words, where a statement shows what it does: «يجب …», «لن نسمح …», «لا صحة …»), its lead (the first
    word past «أن»/«إن»: «على الحكومة أن …») and its body (the first sentences, for a denial said further
    in). `subject:SELF` says the statement's subject is the speaker's own side («أكد أنه …», «الحكومة …»
    or a word of the speaker's own name), which makes «لن» a pledge rather than a threat; `end:QUESTION`
    that the statement ends with a question mark."""
    content = quote.content
    cue = quote.cue
    if cue is not None and cue.end <= content.start:
        frame = _words(text[cue.start:min(content.start, cue.start + FRAME_CHARS)])[:FRAME_WORDS]
    else:
        frame = _words(cue.text if cue is not None else "")
    words = _words(content.text[:BODY_CHARS])
    head = words[:HEAD_WORDS]
    out = {f"frame:{s}" for s in signs(frame)} | {f"head:{s}" for s in signs(head)}
    out |= {f"body:{s}" for s in signs(words[:BODY_WORDS])}
    lead, said_self = _lead(words)
    lead_signs = _lead_signs(lead)
    out |= {f"lead:{s}" for s in lead_signs}
    frame_self = bool(frame) and _lead_signs(frame[-1]) == {"THAT_SELF"}
    own_name = quote.speaker is not None and lead is not None and lead in _words(quote.speaker.name)
    if said_self or frame_self or own_name or "SELF" in lead_signs:
        out.add("subject:SELF")
    if content.text.rstrip(_CLOSERS).endswith(("؟", "?")):
        out.add("end:QUESTION")  # the statement ends by asking
    return out


@cache
def content_rules() -> tuple[tuple[str, str], ...]:
    """(zone:sign, type) in the order they are tried, from `data/statement_content.tsv`; a key may join
    several zone:signs with «+», all of which must be shown («head:FUT+subject:SELF»)."""
    out = []
    for key, type_ in rows("khabar.quotes", "statement_content.tsv"):
        if type_ not in TYPES:
            raise ValueError(f"statement_content.tsv: {key!r} has unknown type {type_!r}")
        out.append((key, type_))
    return tuple(out)


def rule_met(key: str, shown: set[str]) -> bool:
    """Whether the signs `shown` meet a content rule's key (every «+»-joined part of it)."""
    return all(part in shown for part in key.split("+"))


def classify(text: str, quote: Quote) -> str:
    """The statement type of one quotation of the article `text`. A content rule that names the cue's type
    (`cue:announcement+speaker:MEDIA`) is an exception to the cue and is tried first; then the cue's own
    type when it says more than a claim; then the first content rule the quotation's signs meet; else a
    claim."""
    own = cue_type(quote.cue.text if quote.cue is not None else None) or DEFAULT_TYPE
    shown = zone_signs(text, quote) | {f"cue:{own}"}
    rules = content_rules()
    exception = next((t for key, t in rules if key.startswith("cue:") and rule_met(key, shown)), None)
    if exception is not None:
        return exception
    if own != DEFAULT_TYPE:
        return own
    return next((t for key, t in rules if not key.startswith("cue:") and rule_met(key, shown)), DEFAULT_TYPE)
