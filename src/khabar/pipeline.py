"""The ordered list of stages and their options; `extract` is the one entry point everything calls.

A stage is a plain function `stage(article, options) -> None` that reads layers and adds its own. Each
declares `requires`, `reads` and `provides` (layer names): the order is checked when a pipeline is built,
and a stage that changes a layer outside its `provides` is refused when it runs (`StageContractError`).
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from khabar.arabic.fold import UNPAIRED_SURROGATE
from khabar.article import Article
from khabar.budget import Deadline
from khabar.errors import InputError
from khabar.stage import Options, Stage, StageContractError, check_order, check_writes, fingerprint, stage

__all__ = ["Options", "Stage", "StageContractError", "check_order", "stage", "default_stages", "run", "extract",
           "process_record"]

PIPELINE_VERSION = "0.1.0"


def default_stages(options: Options) -> list[Stage]:
    from khabar.text import stages as text_stages

    out: list[Stage] = list(text_stages.STAGES)
    if options.entities:
        from khabar.entities import stages as entity_stages

        out.extend(entity_stages.STAGES)
    if options.quotes:
        from khabar.quotes import stages as quote_stages

        out.extend(quote_stages.STAGES)
    return out


def run(article: Article, options: Options | None = None, stages: list[Stage] | None = None) -> Article:
    options = _with_deadline(options or Options(), article.id)
    stages = stages if stages is not None else default_stages(options)
    check_order(stages)
    before = fingerprint(article)
    with collector_paused():
        for st in stages:
            options.check_time(f"before stage {getattr(st, '__name__', st)}")
            st(article, options)
            after = fingerprint(article)
            check_writes(st, before, after)
            before = after  # what one stage left is what the next one starts from
    if options.min_confidence > 0:
        article.quotes = [q for q in article.quotes if q.confidence >= options.min_confidence]
    return article


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while one article runs, and given back as it was found.

    An article's stages make tens of thousands of small objects (tokens, spans, candidates) that all live
    until the article is done: each collection the allocations trigger walks them again and frees nothing,
    about a quarter of the quotation stage's time on SaudiNewsNet articles. Reference counting still frees
    everything as usual; the few cycles an article leaves are collected after it. A caller that turned the
    collector off keeps it off.
    """
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def extract(
    text: str | None = None,
    *,
    html: str | None = None,
    id: str | None = None,
    meta: dict[str, Any] | None = None,
    options: Options | None = None,
) -> Article:
    """Analyse one article given as plain text or as HTML (main text found with trafilatura)."""
    options = _with_deadline(options or Options(), id)
    _check_input(None if html is not None else text, html, id, options)
    if html is not None:
        from khabar.readers.html import html_to_article

        article = html_to_article(html, id=id, meta=meta, keep_html=options.keep_html)
        options.check_time("reading the HTML")
        _check_input(article.text, None, id, options)
    elif text is not None:
        article = Article(text=text, id=id, meta=dict(meta or {}))
    else:
        raise ValueError("extract() needs text or html")
    return run(article, options)


def _with_deadline(options: Options, id: str | None) -> Options:
    """A copy of `options` carrying this article's deadline (the caller's options are shared by every
    article of a batch and stay untouched); kept when one is already running (`extract` then `run`)."""
    if options.deadline is not None or options.max_seconds <= 0:
        return options
    return replace(options, deadline=Deadline(options.max_seconds, id or "<text>"))


def _check_input(text: str | None, html: str | None, id: str | None, options: Options) -> None:
    for value in (text, html):
        bad = UNPAIRED_SURROGATE.search(value) if isinstance(value, str) else None
        if bad:  # from JSON "\\ud800" escapes: not Unicode text, and no encoder or store will take it
            raise InputError(id or "<text>", f"unpaired UTF-16 surrogate U+{ord(bad.group()):04X} at character "
                             f"{bad.start()}: not valid Unicode text")
    limit = options.max_chars
    if not limit:
        return
    if html is not None and len(html) > 10 * limit:
        raise InputError(id or "<html>", f"HTML of {len(html):,} characters is over the limit of {10 * limit:,} "
                         "(ten times --max-chars)")
    if text is not None and len(text) > limit:
        raise InputError(id or "<text>", f"text of {len(text):,} characters is over the limit of {limit:,} "
                         "(--max-chars; an article is rarely over 100,000)")


def process_record(record: dict[str, Any], options: Options | None = None) -> dict[str, Any]:
    """A pure function of one record, for batch engines: `{"id", "text"|"html", ...}` in, JSON dict out."""
    meta = {k: record[k] for k in ("url", "title", "date", "source", "author", "site", "encoding") if record.get(k)}
    article = extract(record.get("text"), html=record.get("html"), id=record.get("id"), meta=meta, options=options)
    out = article.to_dict()
    out["pipeline_version"] = PIPELINE_VERSION
    return out
