"""The ordered list of stages and their options; `extract` is the one entry point everything calls.

A stage is a plain function `stage(article, options) -> None` that reads layers and adds its own. Each
declares `requires` and `provides` (layer names) so the order can be checked when a pipeline is built.
"""
from __future__ import annotations

from typing import Any

from khabar.article import Article
from khabar.stage import Options, Stage, check_order, stage

__all__ = ["Options", "Stage", "check_order", "stage", "default_stages", "run", "extract", "process_record"]

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
    options = options or Options()
    stages = stages if stages is not None else default_stages(options)
    check_order(stages)
    for st in stages:
        st(article, options)
    if options.min_confidence > 0:
        article.quotes = [q for q in article.quotes if q.confidence >= options.min_confidence]
    return article


def extract(
    text: str | None = None,
    *,
    html: str | None = None,
    id: str | None = None,
    meta: dict[str, Any] | None = None,
    options: Options | None = None,
) -> Article:
    """Analyse one article given as plain text or as HTML (main text found with trafilatura)."""
    options = options or Options()
    if html is not None:
        from khabar.readers.html import html_to_article

        article = html_to_article(html, id=id, meta=meta, keep_html=options.keep_html)
    elif text is not None:
        article = Article(text=text, id=id, meta=dict(meta or {}))
    else:
        raise ValueError("extract() needs text or html")
    return run(article, options)


def process_record(record: dict[str, Any], options: Options | None = None) -> dict[str, Any]:
    """A pure function of one record, for batch engines: `{"id", "text"|"html", ...}` in, JSON dict out."""
    meta = {k: record[k] for k in ("url", "title", "date", "source", "author", "site") if record.get(k)}
    article = extract(record.get("text"), html=record.get("html"), id=record.get("id"), meta=meta, options=options)
    out = article.to_dict()
    out["pipeline_version"] = PIPELINE_VERSION
    return out
