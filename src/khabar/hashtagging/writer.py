"""Hashtag an article the way Arab news editors do: `#مصطفى_الكاظمي` on the name's first free mention.

The input text is never changed: the result is a new string plus, for every hashtag written, the range of
the input it stands on, so each offset can be checked against the input (`text[start:end]` is the name as
the article wrote it). A mention is free when it is outside a quotation's own words (unless asked),
outside boilerplate, not already inside a hashtag, and not fused to a preposition («للعراق»). A conjunction
before a name stays, written apart as the seed's editors do: «وأربيل» → «و #أربيل».
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from khabar.article import Article
from khabar.errors import ParameterError
from khabar.hashtagging.candidates import Candidate, collect
from khabar.hashtagging.style import HouseStyle, name_key, spell
from khabar.stage import Options as PipelineOptions
from khabar.text.hashtags import find_hashtags

# A quotation's own words: the stretches between quotation marks. A direct quotation is the speaker's own
# words throughout; an indirect or mixed one is the writer's paraphrase except where it quotes.
_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”|\"[^\"\n]*\"")


@dataclass(frozen=True, slots=True)
class HashtagOptions:
    """How to tag: `every` mention or the first free one; at most `max` distinct tags (None: all that the
    analysis finds); tags inside a quotation's own words only when `inside_quotes`; a desk's `style`."""

    every: bool = False
    max: int | None = None
    inside_quotes: bool = False
    style: HouseStyle | None = None

    def __post_init__(self) -> None:
        if self.max is not None and (isinstance(self.max, bool) or not isinstance(self.max, int) or self.max < 0):
            raise ParameterError("max", self.max, "the number of hashtags must be a whole number, 0 or more")


@dataclass(frozen=True, slots=True)
class Inserted:
    """One hashtag written: `[start, end)` of the input is the name it replaces; `out_start`/`out_end` is
    the hashtag in the tagged text."""

    tag: str
    name: str
    start: int
    end: int
    out_start: int
    out_end: int

    def to_dict(self) -> dict[str, Any]:
        return {"tag": self.tag, "name": self.name, "start": self.start, "end": self.end,
                "out_start": self.out_start, "out_end": self.out_end}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A ranked hashtag: what it is, how central, and what became of it (`inserted`, `already tagged` — the
    article carries it —, `in quotations only`, `no free mention`, or `over max`)."""

    tag: str
    name: str
    type: str
    salience: float
    mentions: int
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {"tag": self.tag, "name": self.name, "type": self.type, "salience": self.salience,
                "mentions": self.mentions, "status": self.status}


@dataclass(slots=True)
class Tagged:
    """The tagged text, the hashtags written into it, the ranked suggestions, and the article's own merged
    hashtags that lost their underscores (reported with the spelling they should have, never rewritten)."""

    source: str
    text: str
    inserted: list[Inserted] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    broken: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "hashtags": [h.to_dict() for h in self.inserted],
                "suggestions": [s.to_dict() for s in self.suggestions], "broken": list(self.broken)}


def quotation_ranges(article: Article) -> list[tuple[int, int]]:
    """A quotation's own words: the stretches between its quotation marks, and a direct quotation whole."""
    text = article.text
    out: list[tuple[int, int]] = []
    for q in article.quotes:
        c = q.content
        if q.kind == "direct":
            out.append((c.start, c.end))
        # a quotation's span may stop short of or run past its marks: widen to the marks around it
        lo = text.rfind("«", 0, c.start + 1)
        hi = text.find("»", max(c.end - 1, c.start))
        if lo != -1 and hi != -1 and "»" not in text[lo:c.start] and "«" not in text[c.end:hi]:
            out.append((lo, hi + 1))
        out.extend((c.start + m.start(), c.start + m.end()) for m in _QUOTED.finditer(c.text))
    return sorted(out)


def protected_ranges(article: Article, inside_quotes: bool = False) -> list[tuple[int, int]]:
    """Ranges no hashtag may touch: boilerplate, and (unless `inside_quotes`) quotations' own words."""
    out = [(b.start, b.end) for b in article.layer("boilerplate")]
    if not inside_quotes:
        out.extend(quotation_ranges(article))
    return sorted(out)


class Ranges:
    """Fixed ranges merged and sorted, so asking whether `[a, b)` touches one is a bisection."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(ranges):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def touches(self, a: int, b: int) -> bool:
        i = bisect_left(self.starts, max(b, a + 1)) - 1  # the last range starting before b
        return i >= 0 and self.ends[i] > a


def hashtag(text: str, options: HashtagOptions | None = None, *, article: Article | None = None,
            title: str | None = None) -> Tagged:
    """`text` with hashtags written in and the ranked suggestions. `article` is the analysis of this very
    text when the caller already has it (a batch, the web page); otherwise khabar analyses it here."""
    options = options or HashtagOptions()
    if article is None:
        from khabar.pipeline import extract

        article = extract(text, meta={"title": title} if title else None)
    elif article.text != text:
        raise ValueError("hashtag(): the article given is the analysis of another text")
    existing = find_hashtags(text)
    tagged_keys = {name_key(t.name(text)) for t in existing}
    taken = bytearray(len(text))  # characters already inside a hashtag, the article's or ours
    for t in existing:
        taken[t.start:t.body_end] = b"\x01" * (t.body_end - t.start)
    protected = Ranges(protected_ranges(article, options.inside_quotes))
    loose = Ranges(protected_ranges(article, True))

    ranked = collect(article, options.style)
    limit = len(ranked) if options.max is None else options.max
    placements: list[tuple[int, int, int, str, str]] = []  # clitic_start, start, end, tag, name
    suggestions: list[Suggestion] = []
    for rank, cand in enumerate(ranked):
        status = _place(cand, tagged_keys, taken, protected, loose, options.every, placements, rank < limit)
        if rank < limit:
            suggestions.append(Suggestion("#" + spell(cand.name), cand.name, cand.type, cand.salience,
                                          cand.mentions, status))
    return Tagged(text, *_render(text, placements), suggestions, _broken(text, existing))


def hashtag_record(record: dict[str, Any], options: HashtagOptions | None = None,
                   pipeline: PipelineOptions | None = None) -> dict[str, Any]:
    """One reader record (`{"id", "text"|"html", "title"…}`) tagged, as the JSON the doors print: the
    article's id, its text as analysed (the main text of a page), and `Tagged.to_dict()`. `pipeline` holds
    the analysis's own options (the API passes its time budget)."""
    from khabar.pipeline import extract

    meta = {k: record[k] for k in ("title", "url", "source", "date") if record.get(k)}
    article = extract(record.get("text"), html=record.get("html"), id=record.get("id"), meta=meta,
                      options=pipeline)
    tagged = hashtag(article.text, options, article=article)
    return {"id": article.id, "source_text": article.text, **tagged.to_dict()}


def _place(cand: Candidate, tagged_keys: set[str], taken: bytearray, protected: Ranges, loose: Ranges,
           every: bool, placements: list[tuple[int, int, int, str, str]], chosen: bool) -> str:
    if cand.key in tagged_keys:
        return "already tagged"
    if not chosen:
        return "over max"
    free = [o for o in cand.occurrences if not o.bound and not any(taken[o.clitic_start:o.end])]
    allowed = [o for o in free if not protected.touches(o.clitic_start, o.end)]
    if not allowed:
        return "in quotations only" if any(not loose.touches(o.clitic_start, o.end) for o in free) \
            else "no free mention"
    tag = "#" + spell(cand.name)
    for occ in allowed if every else allowed[:1]:
        if any(taken[occ.clitic_start:occ.end]):  # a name of this candidate written twice over one place
            continue
        placements.append((occ.clitic_start, occ.start, occ.end, tag, cand.name))
        taken[occ.clitic_start:occ.end] = b"\x01" * (occ.end - occ.clitic_start)
    return "inserted"


def _render(text: str, placements: list[tuple[int, int, int, str, str]]) -> tuple[str, list[Inserted]]:
    parts: list[str] = []
    inserted: list[Inserted] = []
    prev = length = 0
    for clitic_start, start, end, tag, name in sorted(placements):
        parts.append(text[prev:start])
        length += start - prev
        if clitic_start < start:  # و/ف written apart: «وأربيل» → «و #أربيل»
            parts.append(" ")
            length += 1
        parts.append(tag)
        inserted.append(Inserted(tag, name, start, end, length, length + len(tag)))
        length += len(tag)
        prev = end
    parts.append(text[prev:])
    return "".join(parts), inserted


def _broken(text: str, existing: list) -> list[dict[str, Any]]:
    """The article's hashtags whose words were merged (`#مصطفىالكاظمي`): where they are and their spelling."""
    return [{"start": t.start, "end": t.body_end, "text": text[t.start:t.body_end],
             "suggest": "#" + spell(t.name(text))}
            for t in existing if t.split in ("article", "wordfreq")]
