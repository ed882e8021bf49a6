"""Lines that belong to the page rather than the news: newsletter prompts, share/follow bars, read-more
links, ad markers, bylines, date stamps and copyright notices.

Scraped Arabic articles carry these lines, and a quote or entity found in them is noise. Detection is by
line: cue phrases from `data/boilerplate.txt` (folded with `khabar.arabic.fold_text`, so hamza and ta-marbuta
spellings need not be listed twice) plus the shape of the line (short, addressed to the reader, made only
of dates). A cue alone is never enough inside a long line, and narrative verbs that look like prompts
(«وتابع الوزير أن…», «شارك الوزير في…») are not cues.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from khabar.arabic.fold import fold_text
from khabar.text.segment import paragraph_ranges

_EDGE_PUNCT = " \t-–—_|:*•·.،,;؛()[]{}«»“”\"'!؟?…"
_TOKEN_RE = re.compile(r"[^\W_]+")
_DIGIT_RE = re.compile(r"\d")
_WRITTEN_DATE_RE = re.compile(r"\d{1,4}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,4}|\d{1,2}:\d{2}")

# The most words a line may have for a cue of each kind to count (a news paragraph is longer).
MAX_WORDS = {"related": 30, "share": 12, "byline": 12, "copyright": 25, "dateline": 16, "newsletter": 40}
_LONGEST = max(MAX_WORDS.values())
KINDS = ("ad", "related", "byline", "copyright", "dateline", "share", "newsletter")


@dataclass(slots=True, frozen=True)
class _Cues:
    anchored: dict[str, re.Pattern[str]]  # kind -> cue at line start
    anywhere: dict[str, re.Pattern[str]]  # kind -> cue anywhere in the line
    whole: dict[str, frozenset[str]]  # kind -> entire line
    words: dict[str, re.Pattern[str]]  # @list -> any of its entries as whole words (with و/ف/ب/ل clitic)
    date_words: frozenset[str]
    date_fillers: frozenset[str]


def _fold(s: str) -> str:
    return fold_text(s).lower()


def _phrase_re(phrase: str) -> str:
    """A folded cue phrase as a regex: any run of spaces matches, and spaces may precede `:` or `-`."""
    out = []
    for ch in phrase:
        if ch.isspace():
            out.append(r"\s+")
        elif ch in ":-":
            out.append(r"\s*" + re.escape(ch))
        else:
            out.append(re.escape(ch))
    return "".join(out).replace(r"\s+\s*", r"\s*")


def _alternation(phrases: list[str]) -> str:
    return "|".join(_phrase_re(p) for p in sorted(set(phrases), key=len, reverse=True))


@cache
def cues() -> _Cues:
    """Parse the shipped cue file once per process."""
    sections: dict[str, list[str]] = {}
    current = None
    text = resources.files("khabar.text").joinpath("data/boilerplate.txt").read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    anchored: dict[str, re.Pattern[str]] = {}
    anywhere: dict[str, re.Pattern[str]] = {}
    whole: dict[str, frozenset[str]] = {}
    words: dict[str, re.Pattern[str]] = {}
    for name, entries in sections.items():
        if name.startswith("@"):
            alt = _alternation([_fold(e) for e in entries])
            words[name[1:]] = re.compile(rf"(?<!\w)[وفبل]?(?:{alt})(?!\w)")
            continue
        starts = [_fold(e[1:]) for e in entries if e.startswith("^")]
        full = [_fold(e[1:]).strip(_EDGE_PUNCT) for e in entries if e.startswith("=")]
        inner = [_fold(e) for e in entries if e[0] not in "^="]
        if starts:
            anchored[name] = re.compile(rf"(?:{_alternation(starts)})(?!\w)")
        if inner:
            anywhere[name] = re.compile(rf"(?<!\w)(?:{_alternation(inner)})(?!\w)")
        whole[name] = frozenset(full)
    date_words = frozenset(_fold(e) for e in sections.get("@date_word", []))
    date_fillers = frozenset(_fold(e) for e in sections.get("@date_filler", []))
    return _Cues(anchored, anywhere, whole, words, date_words, date_fillers)


def _is_date_line(folded: str, c: _Cues) -> bool:
    """A line made only of numbers and date/time words, with a number and a month/weekday or written date.

    A bare number such as a list marker «(١)» is not a date.
    """
    pat = c.anchored.get("dateline")
    m = pat.match(folded) if pat is not None else None
    rest = folded[m.end() :] if m else folded
    toks = _TOKEN_RE.findall(rest)
    if not toks or not _DIGIT_RE.search(rest):
        return False
    if not all(t.isdigit() or t in c.date_words or t in c.date_fillers for t in toks):
        return False
    return _WRITTEN_DATE_RE.search(rest) is not None or any(t in c.date_words for t in toks)


def classify_line(line: str) -> str | None:
    """The boilerplate kind of one line, or None when it reads as article text."""
    c = cues()
    folded = _fold(line).strip(_EDGE_PUNCT)
    if not folded:
        return None
    n_words = folded.count(" ") + 1
    if n_words > _LONGEST:
        return None  # a paragraph of news, whatever cue words it happens to use
    for kind in KINDS:
        if folded in c.whole.get(kind, ()):
            return kind
    if n_words <= MAX_WORDS["dateline"] and _is_date_line(folded, c):
        return "dateline"
    for kind in KINDS:
        if kind == "dateline" or n_words > MAX_WORDS.get(kind, 0):
            continue  # a dateline cue only counts before a date (above): «نشر في» also opens news
        pat = c.anchored.get(kind)
        if pat is not None and pat.match(folded):
            return kind
        pat = c.anywhere.get(kind)
        if pat is not None and pat.search(folded):
            return kind
    w = c.words
    if n_words <= MAX_WORDS["newsletter"] and w["newsletter_noun"].search(folded) and w["invite"].search(folded):
        return "newsletter"
    if n_words <= MAX_WORDS["share"]:
        platforms = w["platform"].findall(folded)
        if w["follow"].search(folded) and platforms:
            return "share"
        if platforms and not w["platform"].sub("", folded).strip(_EDGE_PUNCT + " "):
            return "share"  # a bar of platform names
        verb = w["share_verb"].match(folded)
        after = verb.end() + len(folded[verb.end() :]) - len(folded[verb.end() :].lstrip()) if verb else 0
        if verb and w["share_next"].match(folded, after) and (platforms or n_words <= 4):
            return "share"
    return None


def find_boilerplate(text: str) -> list[tuple[int, int, str]]:
    """`(start, end, kind)` of every boilerplate line of `text`, lines trimmed as paragraphs are."""
    out = []
    for s, e in paragraph_ranges(text):
        kind = classify_line(text[s:e])
        if kind is not None:
            out.append((s, e, kind))
    return out
