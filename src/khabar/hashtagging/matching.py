"""Where a name is written in a text, word for word, and whether a hashtag can go there.

Matching is on tokens folded by the one Arabic fold, so «الأبيض» finds «الابيض». A name's first word may
carry a proclitic: a conjunction و/ف can stand apart as the seed's editors write it («و #أميركا»), so such
a mention can take a tag; a preposition fused to the word («للعراق», «بالعراق») cannot be pulled off
without misspelling the word, so that mention counts for salience but never takes a tag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from khabar.arabic import MARKS, fold_word, tokenize

_WORD = re.compile(r"[^\W_]", re.UNICODE)
_GAP = re.compile(r"[ \t\u00a0]+")  # words of one name sit on one line, apart by plain spaces only
_LEADING_MARKS = re.compile(rf"[{MARKS}]*")
DETACHABLE = "وف"  # conjunctions an editor writes apart before a hashtag
BOUND = "بلك"  # prepositions fused to the word they govern


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a name is written: `[start, end)` is the name itself; `clitic_start` < `start` when a
    conjunction is written before it; `bound` when a fused preposition makes it untaggable."""

    clitic_start: int
    start: int
    end: int
    bound: bool = False


class Words:
    """The article's word tokens and their folds, built once and searched for every candidate name."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = [(s, e) for s, e in tokenize(text) if _WORD.search(text, s, e)]
        self.folds = [fold_word(text[s:e]) for s, e in self.spans]
        self._at: dict[str, list[int]] = {}
        for i, f in enumerate(self.folds):
            self._at.setdefault(f, []).append(i)

    def find(self, name: str) -> list[Occurrence]:
        """Every place `name` is written as whole words, in text order. Only the tokens that spell its first
        word (with or without a proclitic) are visited, so a search costs what the name occurs, not the text."""
        words = name_words(name)
        if not words:
            return []
        first, rest = words[0], words[1:]
        out: list[Occurrence] = []
        n = len(self.spans)
        for i in sorted({i for form in _clitic_forms(first) for i in self._at.get(form, ())}):
            clitic = _clitic(self.folds[i], first)
            if clitic is None or i + len(rest) >= n:
                continue
            if not all(self.folds[i + 1 + k] == w for k, w in enumerate(rest)):
                continue
            if any(not _GAP.fullmatch(self.text, self.spans[i + k][1], self.spans[i + k + 1][0])
                   for k in range(len(rest))):
                continue
            s, e = self.spans[i][0], self.spans[i + len(rest)][1]
            if clitic == "":
                out.append(Occurrence(s, s, e))
            elif clitic[0] in DETACHABLE and len(clitic) == 1:
                out.append(Occurrence(s, _LEADING_MARKS.match(self.text, s + 1).end(), e))
            else:
                out.append(Occurrence(s, s, e, bound=True))
        return out


def _clitic_forms(first: str) -> list[str]:
    """Every folded spelling of `first` with the proclitics `_clitic` accepts, to look tokens up by."""
    heads = ["", *DETACHABLE, *BOUND, *(c + b for c in DETACHABLE for b in BOUND)]
    forms = [h + first for h in heads]
    if first.startswith("ال") and len(first) > 2:
        forms += [c + "لل" + first[2:] for c in ("", *DETACHABLE)]
    return forms


def name_words(name: str) -> list[str]:
    """The folded words of a name, punctuation dropped."""
    return [fold_word(name[s:e]) for s, e in tokenize(name) if _WORD.search(name, s, e)]


def _clitic(token: str, first: str) -> str | None:
    """The proclitic letters `token` carries before `first`, "" when it is `first` itself, None when it is
    another word."""
    if token == first:
        return ""
    if first.startswith("ال") and len(first) > 2:  # ل + ال writes its alef away: للعراق
        fused = "لل" + first[2:]
        if token == fused:
            return "ل"
        if token[:1] in DETACHABLE and token[1:] == fused:
            return token[0] + "ل"
    if len(token) <= len(first) or not token.endswith(first):
        return None
    if len(first) < 4 and not first.startswith("ال"):  # فعلي is not ف + علي: short names take no clitic
        return None
    head = token[: len(token) - len(first)]
    if len(head) == 1 and head in DETACHABLE + BOUND:
        return head
    if len(head) == 2 and head[0] in DETACHABLE and head[1] in BOUND:
        return head
    return None
