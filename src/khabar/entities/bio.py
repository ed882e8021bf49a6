"""BIO tags to entity spans: how the tagger, its consistency step and the scorer all read labels."""
from __future__ import annotations


def bio_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans `(first, last + 1, TYPE)` from BIO; a stray I- opens an entity, as in conlleval."""
    spans: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate(tags):
        if tag == "O" and not typ:  # most tokens: outside, with no entity open, nothing to do
            continue
        if tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != typ):
            if typ:
                spans.append((start, i, typ))
            start, typ = i, tag[2:]
        elif not tag.startswith("I-"):
            if typ:
                spans.append((start, i, typ))
            start, typ = -1, ""
    if typ:
        spans.append((start, len(tags), typ))
    return spans
