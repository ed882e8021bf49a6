"""A web page to an `Article`: the main text found by trafilatura, its metadata kept beside it.

News pages carry menus, share bars, related-article lists and footers around a few paragraphs; trafilatura
is good at finding those paragraphs, and its metadata (title, date, author, site) is what a reader of the
extracted facts needs to cite them. trafilatura is imported lazily so `import khabar` stays fast.
"""
from __future__ import annotations

import re
from typing import Any

from khabar.article import Article
from khabar.errors import InputError

# trafilatura name -> khabar meta key. `filedate` is left out on purpose: it is the day of extraction,
# not of publication, and would pass for a real date downstream.
_META_KEYS: tuple[tuple[str, str], ...] = (
    ("title", "title"),
    ("date", "date"),
    ("author", "author"),
    ("sitename", "site"),
    ("url", "url"),
    ("description", "description"),
)
_BLANK_RUN = re.compile(r"\n\s*\n+")


def _doc_fields(doc: Any) -> dict[str, Any]:
    if doc is None:
        return {}
    if isinstance(doc, dict):
        return doc
    as_dict = getattr(doc, "as_dict", None)
    return as_dict() if callable(as_dict) else dict(vars(doc))


def _paragraphs(text: str, title: str | None) -> str:
    """One paragraph per line from trafilatura becomes blank-line separated paragraphs, as in .txt input.

    The headline is dropped from the head of the body when it repeats `meta.title`, so that it is neither
    counted twice nor mistaken for the article's first sentence.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if title and lines and lines[0] == title.strip() and len(lines) > 1:
        lines = lines[1:]
    return "\n\n".join(lines)


def html_to_article(
    html: str,
    id: str | None = None,
    meta: dict[str, Any] | None = None,
    keep_html: bool = False,
) -> Article:
    """Find the main text of `html`; metadata given in `meta` wins over what the page says about itself."""
    import trafilatura

    source = id or "<html>"
    if not isinstance(html, str) or not html.strip():
        raise InputError(source, "empty HTML")
    given = {k: v for k, v in (meta or {}).items() if v not in (None, "", [], {})}
    url = given.get("url") if isinstance(given.get("url"), str) else None
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
        fields = _doc_fields(doc)
        text = fields.get("text") or ""
        if not text.strip():
            # Short pages (a press release, a test page) fall under trafilatura's precision thresholds.
            doc = trafilatura.bare_extraction(
                html, url=url, with_metadata=True, include_comments=False, favor_recall=True
            )
            fields = _doc_fields(doc) or fields
            text = fields.get("text") or ""
    except Exception as exc:  # lxml and trafilatura raise many kinds on malformed markup
        raise InputError(source, f"HTML could not be parsed: {type(exc).__name__}: {exc}") from exc
    if not text.strip():
        raise InputError(source, "no article text found in the HTML (empty extraction)")

    found: dict[str, Any] = {}
    for theirs, ours in _META_KEYS:
        value = fields.get(theirs)
        if isinstance(value, str):
            value = value.strip()
        if value:
            found[ours] = value
    found.update(given)
    body = _paragraphs(text, found.get("title"))
    return Article(text=body, id=id, meta=found, html=html if keep_html else None)
