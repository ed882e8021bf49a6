"""Scoring khabar's hashtags against an editor's: take a tagged article, untag it, tag it again, compare.

The editor's tags are read as `khabar.text.hashtags` reads them, merged ones in their split form
(`#مصطفىالكاظمي` counts as «مصطفى الكاظمي»). Untagging is the clean view of the text (`#X_Y` → `X Y`) with
its offset map, so khabar's tags, placed on the untagged text, are compared with the editor's at the same
place of the original. Names are compared folded, as the house style compares them.

- precision and recall by distinct name, micro-averaged over the articles; F1 of the two;
- placement: of the names both tagged, the share khabar put on a mention the editor also tagged;
- `in_quotes`: khabar hashtags written inside a quotation's own words (0 unless `inside_quotes` is asked);
- `gold_outside_quotes`: the editor's names with a tag outside quotations' own words, i.e. the most a tagger
  that keeps out of quotations can recall (editors do tag inside quotations).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from khabar.hashtagging import HashtagOptions, hashtag
from khabar.hashtagging.style import name_key
from khabar.hashtagging.writer import quotation_ranges
from khabar.text.hashtags import clean_view, find_hashtags


@dataclass(slots=True)
class ArticleScore:
    id: str
    gold: list[str]  # distinct editor names, folded, in text order
    found: list[str]  # distinct khabar names, folded, in text order
    placed_same: int  # names both tagged where khabar used one of the editor's mentions
    in_quotes: int
    gold_outside_quotes: int
    hits_outside_quotes: int
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def hits(self) -> int:
        return len(set(self.gold) & set(self.found))


def score_article(text: str, options: HashtagOptions | None = None, ident: str = "<text>") -> ArticleScore:
    """Untag `text`, tag it with khabar, and compare with the tags it carried."""
    from khabar.pipeline import extract

    tags = find_hashtags(text)
    gold_at: dict[str, list[tuple[int, int]]] = {}
    shown: dict[str, str] = {}
    for t in tags:
        key = name_key(t.name(text))
        gold_at.setdefault(key, []).append((t.start, t.body_end))
        shown.setdefault(key, t.name(text))
    view = clean_view(text, tags)
    article = extract(view.text, id=ident)
    tagged = hashtag(view.text, options, article=article)
    found_at: dict[str, list[tuple[int, int]]] = {}
    for h in tagged.inserted:
        found_at.setdefault(name_key(h.name), []).append(view.to_original(h.start, h.end))
        shown.setdefault(name_key(h.name), h.name)
    placed = sum(1 for key, places in found_at.items() if key in gold_at
                 and any(a < d and c < b for a, b in places for c, d in gold_at[key]))
    quoted = quotation_ranges(article)
    in_quotes = sum(1 for h in tagged.inserted if any(s < h.end and h.start < e for s, e in quoted))
    quoted_original = [view.to_original(s, e) for s, e in quoted]
    outside = [key for key, places in gold_at.items()
               if any(not any(s < b and a < e for s, e in quoted_original) for a, b in places)]
    gold, found = list(gold_at), list(found_at)
    return ArticleScore(ident, gold, found, placed, in_quotes, len(outside),
                        sum(1 for key in outside if key in found_at),
                        [shown[g] for g in gold if g not in found_at], [shown[f] for f in found if f not in gold_at])


@dataclass(slots=True)
class HashtagScores:
    articles: list[ArticleScore] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        gold = sum(len(a.gold) for a in self.articles)
        found = sum(len(a.found) for a in self.articles)
        hits = sum(a.hits for a in self.articles)
        p = hits / found if found else 0.0
        r = hits / gold if gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        placed = sum(a.placed_same for a in self.articles)
        outside = sum(a.gold_outside_quotes for a in self.articles)
        return {"articles": len(self.articles), "editor_names": gold, "khabar_names": found, "matched": hits,
                "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
                "placement": round(placed / hits, 3) if hits else 0.0,
                "in_quotes": sum(a.in_quotes for a in self.articles),
                "gold_outside_quotes": outside,
                "recall_outside_quotes": round(sum(a.hits_outside_quotes for a in self.articles) / outside, 3)
                if outside else 0.0}

    def errors(self) -> list[str]:
        out = list(self.failures)
        for a in self.articles:
            out.extend(f"{a.id}: missed #{m.replace(' ', '_')}" for m in a.misses)
            out.extend(f"{a.id}: spurious #{s.replace(' ', '_')}" for s in a.spurious)
        return out


def evaluate(records: Iterable[Any], options: HashtagOptions | None = None) -> HashtagScores:
    """Score reader records (`{"id", "text"}`, or `ReadFailure`s, which are listed and skipped)."""
    from khabar.errors import KhabarError
    from khabar.readers import ReadFailure

    result = HashtagScores()
    for rec in records:
        if isinstance(rec, ReadFailure):
            result.failures.append(f"{rec.source}: {rec.reason}")
            continue
        ident = str(rec.get("id") or "<text>")
        if rec.get("text") is None:
            result.failures.append(f"{ident}: eval-hashtags reads plain text articles, not HTML")
            continue
        try:
            result.articles.append(score_article(rec["text"], options, ident))
        except KhabarError as exc:
            result.failures.append(f"{ident}: {exc}")
    return result
