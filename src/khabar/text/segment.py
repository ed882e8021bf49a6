"""Paragraphs, sentences, and the pairing of quotation marks that sentence splitting must respect.

Arabic news quotes at length: a «…» quotation often holds several full stops, and splitting inside it
would cut a statement in two for the quote extractor. So sentence ends are only accepted outside
every quotation-mark pair. Pairing is purely typographic (scare quotes around a name pair too) and is
confined to a paragraph, so one stray mark cannot swallow the rest of an article.
"""
from __future__ import annotations

import re
from functools import cache

from khabar.text.intervals import Intervals
from khabar.arabic.fold import MARKS
from khabar.text.wordlists import data_lines

# Opening mark -> the marks that may close it. « » are also met reversed (»…«) in RTL-mangled text.
# ″ (double prime) stands in for a closing ” in some Arabic sites' text.
_CLOSERS: dict[str, str] = {"«": "»", "“": "”“″", "„": "“”″", "‹": "›", "‘": "’", "‚": "‘’"}
_ALL_MARKS = "«»“”„‹›‘’‚\"″"
_AFTER_CLOSE = ".,،؛;:!?؟…)]»”'-"
# How far an unclosed mark protects text from sentence splitting: to the paragraph end, but no further than
# this, so one stray mark in a page-long paragraph does not make it one sentence.
UNCLOSED_REACH = 500
_MARK_RE = re.compile("[" + re.escape(_ALL_MARKS) + "]")

_PARA_RE = re.compile(r"[^\n\r\u2029]+")
_EDGE_SPACE = "\t\f\v \u00a0\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u2028\u3000"

# A run of terminators, then any closing marks/brackets, then whitespace or the end of the paragraph.
_END_CORE = r"(?:[.!?؟…]+|\.{2,})"
_END_RE = re.compile(_END_CORE + r"[»”’\"')\]›]*(?=\s|$)")
_END_SEMI_RE = re.compile(r"(?:" + _END_CORE + r"|؛)[»”’\"')\]›]*(?=\s|$)")

_MARKS_CLASS = MARKS  # harakat and tatweel may decorate a letter standing for a word (دُ.)
# A single letter (Arabic with optional harakat, or Latin) standing alone before the dot: د. م. أ. ق.م.
_ABBR_LETTER = re.compile(rf"(?:^|[\s.(«“\"/-])(?:[\u0621-\u064a][{_MARKS_CLASS}]*|[A-Za-z])$")
_WORD_BEFORE = re.compile(rf"([\w.{_MARKS_CLASS}]+)$")
_LIST_MARKER = re.compile(r"\s*(?:[\d٠-٩۰-۹]{1,3}|[\u0621-\u064aA-Za-z])$")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


@cache
def abbreviations() -> frozenset[str]:
    """Words whose dot does not end a sentence (د.، Dr.، ق.م), kept in `text/data/` for editors to extend."""
    return frozenset(w.lower() for w in data_lines("abbreviations.txt"))  # matched on the lower-cased word


def quote_pairs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Pair the quotation marks of `text[start:end]`: `(open index, close index, mark type)`, by open index.

    Mark type is the opening and closing character together (`"«»"`, `"“”"`, `'""'`, `"»«"`). Nested pairs
    are all reported. Straight quotes pair by alternation; a closer with no opener is ignored, and openers
    still open at `end` are dropped (see `open_marks` for those).
    """
    return _pair(text, start, len(text) if end is None else end)[0]


def open_marks(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """Opening marks of `text[start:end]` that nothing closes, as `(index, mark)`."""
    return _pair(text, start, len(text) if end is None else end)[1]


def _opening_shape(text: str, i: int, start: int, end: int) -> bool:
    """A mark looks like an opener when it sits before a word and after a space (or the range start)."""
    prev = text[i - 1] if i > start else " "
    # A mark glued to a one-letter proclitic (و"…", بـ"…") still opens: the clitic belongs to the quoted word.
    glued = (prev == "ـ") or (prev in "وبلفك" and (i - 1 == start or text[i - 2].isspace()))
    before_ok = prev.isspace() or prev in "([«“„‹:،," or glued
    return before_ok and i + 1 < end and not text[i + 1].isspace() and text[i + 1] not in _AFTER_CLOSE


def _closing_shape(text: str, i: int, start: int, end: int) -> bool:
    """A mark looks like a closer when it follows a word and precedes a space, punctuation or the range end."""
    after_ok = i + 1 >= end or text[i + 1].isspace() or text[i + 1] in _AFTER_CLOSE
    return after_ok and i > start and not text[i - 1].isspace()


def _straight(text: str, i: int, start: int, end: int, stack: list[tuple[int, str]]) -> int | None:
    """For a straight quote: the stack index it closes, -1 to open a pair, None to ignore it.

    Alternation alone goes out of step after one stray mark, so the shape decides when it is clear: a
    closer-shaped mark with nothing open is ignored, an opener-shaped one opens even if another is open.
    """
    opening, closing = _opening_shape(text, i, start, end), _closing_shape(text, i, start, end)
    k = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] == '"'), None)
    if k is not None and not (opening and not closing):
        return k
    if opening or not closing:
        return -1
    return None


def _pair(text: str, start: int, end: int) -> tuple[list[tuple[int, int, str]], list[tuple[int, str]]]:
    pairs: list[tuple[int, int, str]] = []
    stack: list[tuple[int, str]] = []  # (index, opening char)
    for m in _MARK_RE.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if ch == '"':
            k = _straight(text, i, start, end, stack)
            if k is not None and k >= 0:
                pairs.append((stack[k][0], i, '""'))
                del stack[k:]
            elif k == -1:
                stack.append((i, ch))
            continue
        # Which open mark (searching from the innermost) could this character close?
        hit = -1
        for k in range(len(stack) - 1, -1, -1):
            opener = stack[k][1]
            if (opener == ch == "”") or ch in _CLOSERS.get(opener, "") or (opener == "»" and ch == "«"):
                hit = k
                break
        if hit >= 0 and ch in "“«" and (hit != len(stack) - 1 or _opening_shape(text, i, start, end)):
            # “ and « close (an open „/“, a reversed ») only as the innermost mark and when shaped as a closer.
            hit = -1
        if hit >= 0:
            oi, opener = stack[hit]
            del stack[hit:]
            pairs.append((oi, i, opener + ch))
        elif ch in _CLOSERS or (ch in "»”" and _opening_shape(text, i, start, end)):
            # A » or ” with nothing to close that sits before a word opens a reversed or alternating pair.
            stack.append((i, ch))
        # Any other stray closer is ignored (’ is usually an apostrophe).
    pairs.sort()
    return pairs, stack


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink `[start, end)` past spaces and invisible controls at both edges."""
    seg = text[start:end]
    left = len(seg) - len(seg.lstrip(_EDGE_SPACE))
    if left == len(seg):
        return start, start
    return start + left, end - (len(seg) - len(seg.rstrip(_EDGE_SPACE)))


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """Non-empty lines, trimmed of spaces and invisible controls; a blank line is just an empty line."""
    out = []
    for m in _PARA_RE.finditer(text):
        s, e = _trim(text, m.start(), m.end())
        if e > s:
            out.append((s, e))
    return out


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    """Whether the full stop at `dot` belongs to an abbreviation or list marker rather than ending a sentence."""
    if dot - start <= 4 and _LIST_MARKER.match(text, start, dot):
        return True
    # Only the last few characters matter; a short tail keeps this constant-time on long sentences.
    tail = text[max(start, dot - 12) : dot]
    if _ABBR_LETTER.search(tail[-8:]):
        return True
    m = _WORD_BEFORE.search(tail)
    if m:
        word = m.group(1).lower()
        return word in abbreviations() or _INITIALS.fullmatch(word) is not None
    return False


def sentence_ranges(text: str, start: int, end: int, *, split_semicolon: bool = False) -> list[tuple[int, int]]:
    """Split one paragraph `text[start:end]` into trimmed sentence ranges, never inside a quotation."""
    protected = [(o, c + 1) for o, c, _ in quote_pairs(text, start, end)]
    unclosed = open_marks(text, start, end)
    if unclosed:
        o = unclosed[0][0]
        protected.append((o, min(end, o + UNCLOSED_REACH)))  # an unclosed mark runs to the paragraph end at most
    end_re = _END_SEMI_RE if split_semicolon else _END_RE
    inside = Intervals((o + 1, c) for o, c in protected)  # a stop at o < stop < c is inside a quotation
    out: list[tuple[int, int]] = []
    cur = start
    for m in end_re.finditer(text, start, end):
        stop = m.end()
        if inside.covers(stop):
            continue
        if text[m.start()] == "." and m.end() - m.start() == 1 and _is_abbreviation(text, cur, m.start()):
            continue
        s, e = _trim(text, cur, stop)
        if e > s:
            out.append((s, e))
        cur = stop
    s, e = _trim(text, cur, end)
    if e > s:
        out.append((s, e))
    return out
