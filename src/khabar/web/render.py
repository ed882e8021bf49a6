"""Turning offsets into pieces of text for the templates: the text is cut at every span boundary and each
piece carries the classes and link of the spans covering it. The templates print the pieces with Jinja's
autoescape, so no markup is ever assembled from article text here.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote
from typing import Any

from markupsafe import Markup, escape

from khabar.text.hashtags import find_hashtags
from khabar.web.words import label

# bidirectional controls (embeddings, overrides, isolates, marks) and other invisible format characters:
# shown as a visible tag instead of acting on the page ("Trojan Source"-style reordering)
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def show(text: Any) -> Markup:
    """Escape untrusted text for HTML and make bidi control characters visible and inert."""
    escaped = str(escape("" if text is None else text))
    return Markup(BIDI.sub(lambda m: f'<span class="ctl">U+{ord(m.group(0)):04X}</span>', escaped))


def plain(text: Any) -> str:
    """Untrusted text for an attribute (escaped by the template): bidi controls removed."""
    return BIDI.sub("", "" if text is None else str(text))


def segments(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut `text` at every boundary of `spans` (each `{start, end, cls, href?, title?, anchor?}`); each piece
    gets the classes of every span covering it, the href of the innermost (shortest) linked one, and the
    anchor of a span it opens (so a link can point at a quotation's place in the article)."""
    n = len(text)
    good = [s for s in spans if s.get("start") is not None and s.get("end") is not None
            and 0 <= s["start"] < s["end"] <= n]
    cuts = sorted({0, n, *(s["start"] for s in good), *(s["end"] for s in good)})
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        cover = [s for s in good if s["start"] <= lo and hi <= s["end"]]
        linked = sorted((s for s in cover if s.get("href")), key=lambda s: s["end"] - s["start"])
        out.append({"text": text[lo:hi], "cls": " ".join(sorted({s["cls"] for s in cover})),
                    "href": linked[0]["href"] if linked else None,
                    "title": next((s["title"] for s in sorted(cover, key=lambda s: s["end"] - s["start"])
                                   if s.get("title")), None),
                    "id": next((s["anchor"] for s in cover if s.get("anchor") and s["start"] == lo), None)})
    return out


def article_spans(text: str, quotes: list[dict[str, Any]], entities: list[dict[str, Any]],
                  boilerplate: list[dict[str, Any]], linked: bool = True) -> list[dict[str, Any]]:
    spans: list[dict[str, Any]] = []
    for b in boilerplate:
        spans.append({"start": b["start"], "end": b["end"], "cls": "boiler", "title": b.get("label")})
    for e in entities:
        for m in e.get("mentions") or []:
            if m.get("label") != "speaker":
                spans.append({"start": m["start"], "end": m["end"], "cls": f"ent ent-{e.get('type') or 'X'}",
                              "title": label("entity_type", e.get("type")),
                              "href": f"/entities/{quote(e['name'], safe='')}" if linked and e.get("name") else None})
    for n, q in enumerate(quotes):
        qid = q.get("quote_id")
        spans.append({"start": q["start"], "end": q["end"], "cls": f"quote kind-{q.get('kind')}",
                      "href": f"/quotes/{qid}" if linked and qid is not None else None,
                      "title": label("kind", q.get("kind")), "anchor": quote_anchor(q, n)})
        sp_start, sp_end = q.get("speaker_start"), q.get("speaker_end")
        sid = q.get("speaker_id")
        spans.append({"start": sp_start, "end": sp_end, "cls": "speaker",
                      "href": f"/speakers/{sid}" if linked and sid is not None else None, "title": "المتحدث"})
    return spans


def quote_anchor(quote: dict[str, Any], n: int) -> str:
    """The id of a quotation's place in its article's text: its row id in the store, else its position."""
    qid = quote.get("quote_id")
    return f"q{qid}" if qid is not None else f"p{n + 1}"


@lru_cache(maxsize=4096)
def resolved(name: str | None) -> str:
    """A name written as a hashtag shown as the words it stands for: «#وزارة_الصحة» and the merged
    «#وزارةالصحة» both read «وزارة الصحة» (the text room's hashtag reader splits them)."""
    if not name or ("#" not in name and "＃" not in name):
        return name or ""
    out, pos = [], 0
    for tag in find_hashtags(name):
        out += [name[pos:tag.start], tag.name(name)]
        pos = tag.body_end
    out.append(name[pos:])
    return " ".join("".join(out).split())
