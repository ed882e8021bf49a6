"""Hashtags: where they are, which words they stand for, and the text with the tags read as words.

Arabic news copied from social posts is full of hashtags, and many lost their underscores
(`#مصطفىالكاظمي`). Entity and quote extraction need the words back, so a merged tag is split, preferring
evidence from the article itself (its other tags, its running text) over corpus word frequencies, and
leaving a tag whole whenever it is plausibly one word (`#كورونا`, `#العراق`).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from khabar.arabic.fold import CONTROLS as _INVISIBLE
from khabar.arabic.fold import MARKS as _MARKS
from khabar.text.mapped import MappedText

# `#`, optional invisible controls, then a body that starts with a letter or digit; underscores and
# harakat/tatweel/zero-width joiners may follow. Trailing underscores are not part of the tag.
_TAG_RE = re.compile(
    rf"(?<!&)[#＃][{_INVISIBLE}]*((?:[^\W_]|[{_MARKS}])(?:[^\W_]|[{_MARKS}\u200c\u200d]|_+(?=[^\W_]))*)"
)
_LETTER_RE = re.compile(r"[^\W\d_]")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.I)
_STRIP_RE = re.compile(rf"[{_MARKS}{_INVISIBLE}]")  # what wordfreq ignores, and what names drop
_PLAIN_WORD_RE = re.compile(r"[^\W\d_]+")
_INVISIBLE_RE = re.compile(rf"[{_INVISIBLE}]")

# Fragments that are frequent as corpus tokens but never a word of a hashtag on their own. The article and
# its clitic combinations: structure of the script, not vocabulary, so kept here rather than in a data file.
_BAD_PARTS = frozenset(["ال", "وال", "بال", "فال", "كال", "لل", "ولل", "فلل"])
_SINGLE_WORD_ZIPF = 3.0  # a tag this frequent as one word is left whole
_MIN_PART_ZIPF = 2.5  # every part of a frequency-based split must be at least this common
_ARTICLE_ZIPF = 3.5  # words the article itself uses count as at least this common
_WORD_PENALTY = 1.0


@dataclass(slots=True, frozen=True)
class Hashtag:
    """One hashtag occurrence: the `#` offset, the body range, the word break offsets, and how they were found."""

    start: int
    body_start: int
    body_end: int
    breaks: tuple[int, ...]  # original offsets where a new word starts inside a merged body
    split: str  # underscore | article | wordfreq | none

    def name(self, text: str) -> str:
        """The words of the tag joined by spaces; invisible controls dropped, harakat kept as written."""
        cuts = (self.body_start, *self.breaks, self.body_end)
        words = (text[a:b] for a, b in zip(cuts, cuts[1:]))
        name = " ".join(w.replace("_", " ") for w in words)
        return " ".join(_INVISIBLE_RE.sub("", name).split())


def _key(s: str) -> str:
    """The form wordfreq looks words up by (it drops harakat and tatweel); invisibles go too."""
    return _STRIP_RE.sub("", s)


def _keyed(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """`_key` of `text[start:end]` and, for each kept character, its original index."""
    idx = [i for i in range(start, end) if not _STRIP_RE.match(text[i])]
    return "".join(text[i] for i in idx), idx


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "ar")


class _Lexicon:
    """What the article itself attests: its other tags' underscore spellings and its running words."""

    def __init__(self, text: str, bodies: list[str]) -> None:
        self.joined: dict[str, tuple[str, ...]] = {}
        for body in bodies:
            if "_" in body:
                parts = tuple(p for p in (_key(x) for x in body.split("_")) if p)
                if len(parts) > 1:
                    self.joined.setdefault("".join(parts), parts)
        self.keyed = _key(text)
        self.vocab = set(_PLAIN_WORD_RE.findall(self.keyed))

    def _adjacent(self, words: tuple[str, ...]) -> bool:
        pat = r"(?<!\w)" + r"[\s_]+".join(map(re.escape, words)) + r"(?!\w)"
        return re.search(pat, self.keyed) is not None

    def split(self, key: str) -> tuple[str, ...] | None:
        """Split `key` as the article spells it: a tag with underscores, or 2-3 consecutive words."""
        if key in self.joined:
            return self.joined[key]
        v, n = self.vocab, len(key)
        for i in range(2, n - 1):
            a = key[:i]
            if a not in v:
                continue
            if key[i:] in v and self._adjacent((a, key[i:])):
                return (a, key[i:])
            for j in range(i + 2, n - 1):
                if key[i:j] in v and key[j:] in v and self._adjacent((a, key[i:j], key[j:])):
                    return (a, key[i:j], key[j:])
        return None


def _segment(word: str, vocab: set[str]) -> list[str] | None:
    """Cheapest split of `word` into at least two plausible words, or None when none is good enough."""
    n = len(word)

    def cost(part: str) -> float:
        if len(part) < 2 or part in _BAD_PARTS:
            return math.inf
        z = _zipf(part)
        if part in vocab:
            z = max(z, _ARTICLE_ZIPF)
        if z < _MIN_PART_ZIPF:
            return math.inf
        return 8.0 - z + _WORD_PENALTY

    best: list[float] = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for j in range(2, n + 1):
        for i in range(max(0, j - 24), j - 1):
            if best[i] == math.inf or (i == 0 and j == n):  # the whole tag is not a split of itself
                continue
            c = best[i] + cost(word[i:j])
            if c < best[j]:
                best[j], back[j] = c, i
    whole = _zipf(word)
    if best[n] == math.inf or (whole > 0 and best[n] >= 8.0 - whole + _WORD_PENALTY):
        return None  # no split, or a split no likelier than the tag as one (rare) word
    parts: list[str] = []
    j = n
    while j > 0:
        parts.append(word[back[j] : j])
        j = back[j]
    parts.reverse()
    return parts if len(parts) > 1 else None


def find_hashtags(text: str, *, split: bool = True) -> list[Hashtag]:
    """Every hashtag of `text` outside URLs, with merged bodies split into words when `split` is set."""
    return list(_find_hashtags(text, split))


@lru_cache(maxsize=8)  # the hashtag and clean-text stages ask for the same article back to back
def _find_hashtags(text: str, split: bool) -> tuple[Hashtag, ...]:
    urls = [m.span() for m in _URL_RE.finditer(text)] if "/" in text or "www" in text else []
    found: list[tuple[int, int, int]] = []
    for m in _TAG_RE.finditer(text):
        if not _LETTER_RE.search(m.group(1)):
            continue  # "#1" is a number, not a tag
        if any(a <= m.start() < b for a, b in urls):
            continue
        found.append((m.start(), m.start(1), m.end(1)))
    if not found:
        return ()
    lexicon: _Lexicon | None = None
    out: list[Hashtag] = []
    for start, bs, be in found:
        body = text[bs:be]
        if "_" in body:
            breaks = tuple(bs + k + 1 for k, ch in enumerate(body) if ch == "_" and body[k + 1] != "_")
            out.append(Hashtag(start, bs, be, breaks, "underscore"))
            continue
        if not split:
            out.append(Hashtag(start, bs, be, (), "none"))
            continue
        key, idx = _keyed(text, bs, be)
        if _zipf(key) >= _SINGLE_WORD_ZIPF:
            out.append(Hashtag(start, bs, be, (), "none"))
            continue
        if lexicon is None:
            lexicon = _Lexicon(text, [text[b:e] for _, b, e in found])
        parts: tuple[str, ...] | list[str] | None = lexicon.split(key)
        how = "article"
        if parts is None:
            how = "wordfreq"
            parts = _segment(key, lexicon.vocab)
        if not parts:
            out.append(Hashtag(start, bs, be, (), "none"))
            continue
        breaks_l: list[int] = []
        pos = 0
        for p in parts[:-1]:
            pos += len(p)
            breaks_l.append(idx[pos])
        out.append(Hashtag(start, bs, be, tuple(breaks_l), how))
    return tuple(out)


def clean_view(text: str, tags: list[Hashtag]) -> MappedText:
    """`text` with each `#` dropped, underscores read as spaces and merged tags split by inserted spaces.

    An inserted space maps to the index of the character it precedes, so `origin` stays non-decreasing.
    """
    if not tags:
        return MappedText.identity(text)
    parts: list[str] = []
    origin: list[int] = []
    prev = 0
    for t in tags:
        parts.append(text[prev : t.start])
        origin.extend(range(prev, t.start))
        # the `#` and any invisible controls between it and the body are dropped
        cuts = (t.body_start, *t.breaks, t.body_end)
        for k, (a, b) in enumerate(zip(cuts, cuts[1:])):
            if k and text[a - 1] != "_":
                parts.append(" ")
                origin.append(a)
            parts.append(text[a:b].replace("_", " "))
            origin.extend(range(a, b))
        prev = t.body_end
    parts.append(text[prev:])
    origin.extend(range(prev, len(text)))
    origin.append(len(text))
    return MappedText("".join(parts), tuple(origin))
