"""Carry a statement's channel to the same speaker's other statements in the article.

An article usually reports one appearance of each speaker: the press conference, interview or post is
named once («وقال في مؤتمر صحفي …») and the statements before and after it came the same way. The
resolver reads the channel next to each cue and carries it forward to an implicit «وأضاف»; this fills the
same speaker's statements that name none, earlier ones included.
"""
from __future__ import annotations

from collections import Counter

from khabar.article import Quote


def share_channels(quotes: list[Quote]) -> None:
    """Give a speaker's statements without a channel the one its other statements name most (the first
    named on a tie); a speaker seen through two channels keeps each statement's own."""
    seen: dict[str, Counter[str]] = {}
    order: dict[str, list[str]] = {}
    for q in quotes:
        if q.channel and q.speaker is not None:
            key = q.speaker.entity_id or q.speaker.name
            seen.setdefault(key, Counter())[q.channel] += 1
            order.setdefault(key, []).append(q.channel)
    for q in quotes:
        if q.channel or q.speaker is None:
            continue
        key = q.speaker.entity_id or q.speaker.name
        counts = seen.get(key)
        if counts:
            best = max(counts.values())
            q.channel = next(c for c in order[key] if counts[c] == best)
