"""The API's response models, so /openapi.json gives every successful response a named schema and an example
(generated clients get `QuotePage`, not `ApiQuotesApiQuotesGetResponse…`).

The quotation row is generated from `khabar.fields` (one property per shown field, its type and meaning),
so it is the same shape as the export, the store's `quotations` view and `search_quotes`. The models
describe the JSON the handlers already return and allow keys they do not list (`extra="allow"`), so a
response is never cut down to the model.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from khabar.article import SCHEMA_VERSION
from khabar.fields import shown_fields

_PY = {"text": str, "integer": int, "real": float}

# An invented quotation (the names are made up), for the examples of the schema.
_ARTICLE = "وقال وزير الموانئ سامر الحداد: «سنبدأ توسعة الميناء قبل نهاية الربيع»."
_EXAMPLE_VALUES: dict[str, Any] = {
    "quote_id": 1, "article_id": "port-2024-04-09", "idx": 0, "date": "2024-04-09", "source": "الساحل اليوم",
    "text": "سنبدأ توسعة الميناء قبل نهاية الربيع", "start": 31, "end": 67, "kind": "direct", "confidence": 0.93,
    "cue": "وقال", "cue_start": 0, "cue_end": 4, "speaker": "سامر الحداد", "speaker_type": "PER",
    "speaker_role": "وزير الموانئ", "speaker_entity_id": "e1", "speaker_start": 17, "speaker_end": 28,
    "speaker_id": 3, "speaker_canonical": "سامر الحداد", "speaker_gender": "M", "statement_type": "commitment",
    "title": "بلدية السنديان تطلق مشروع الميناء", "url": "https://example.org/port",
}


def _example_row() -> dict[str, Any]:
    return {f.name: _EXAMPLE_VALUES.get(f.name) for f in shown_fields()}


def _quote_row_model() -> type[BaseModel]:
    fields: dict[str, Any] = {
        f.name: (_PY[f.type] | None, Field(None, description=f.doc)) for f in shown_fields()
    }
    fields["highlights"] = (list[tuple[int, int]] | None, Field(
        None, description="spans of `text` matching the query's words (search results only)"))
    return create_model(  # type: ignore[call-overload, no-any-return]
        "QuoteRow", __config__=ConfigDict(extra="allow", json_schema_extra={"examples": [_example_row()]}),
        __doc__="One quotation as a flat row: the fields of khabar.fields, named as in the export.", **fields)


QuoteRow = _quote_row_model()


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class QuotePage(_Open):
    """A page of quotations."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"page": 1, "page_size": 20, "has_more": False, "results": [_example_row()]}]})
    page: int
    page_size: int
    has_more: bool
    results: list[QuoteRow]  # type: ignore[valid-type]


class ArticleHit(_Open):
    """An article whose text matches a query, with a snippet around its first match."""

    article_id: str
    date: str | None = None
    source: str | None = None
    title: str | None = None
    snippet: str
    snippet_start: int
    highlights: list[tuple[int, int]] = []


class SearchResults(_Open):
    """Quotations and articles matching a query."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"q": "الميناء", "quotes": [_example_row()], "articles": [
            {"article_id": "port-2024-04-09", "date": "2024-04-09", "source": "الساحل اليوم",
             "title": "بلدية السنديان تطلق مشروع الميناء", "snippet": _ARTICLE, "snippet_start": 0,
             "highlights": [[48, 55]]}]}]})
    q: str
    quotes: list[QuoteRow]  # type: ignore[valid-type]
    articles: list[ArticleHit]


class SpeakerRow(_Open):
    """A corpus speaker: one person or body across articles."""

    id: int
    name: str
    type: str | None = None
    roles: list[str] = []
    aliases: list[str] = []
    quotes: int
    articles: int


_SPEAKER = {"id": 3, "name": "سامر الحداد", "type": "PER", "roles": ["وزير الموانئ"], "aliases": ["الحداد"],
            "quotes": 4, "articles": 2}


class SpeakerPage(_Open):
    """A page of corpus speakers, most quoted first."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"page": 1, "page_size": 50, "has_more": False, "results": [_SPEAKER]}]})
    page: int
    page_size: int
    has_more: bool
    results: list[SpeakerRow]


class SpeakerDetail(_Open):
    """One corpus speaker with their quotations, addressees and channels (value, count)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"id": 3, "name": "سامر الحداد", "type": "PER", "roles": ["وزير الموانئ"], "aliases": ["الحداد"],
         "quote_count": 4, "article_count": 2, "addressees": [], "channels": [["statement", 1]],
         "quotes": [_example_row()]}]})
    id: int
    name: str
    type: str | None = None
    roles: list[str]
    aliases: list[str]
    quote_count: int
    article_count: int
    addressees: list[tuple[str, int]]
    channels: list[tuple[str, int]]
    quotes: list[QuoteRow]  # type: ignore[valid-type]


class EntityRow(_Open):
    name: str
    type: str | None = None
    articles: int


class EntityPage(_Open):
    """Entities by the number of articles mentioning them."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"page": 1, "page_size": 50, "results": [{"name": "سامر الحداد", "type": "PER", "articles": 2}]}]})
    page: int
    page_size: int
    results: list[EntityRow]


class QuoteDetail(_Open):
    """A quotation, every quotation grouped with it (the same statement, oldest first), and the first."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"quote": _example_row(), "carried_by": [_example_row()], "source": _example_row()}]})
    quote: QuoteRow  # type: ignore[valid-type]
    carried_by: list[QuoteRow]  # type: ignore[valid-type]
    source: QuoteRow  # type: ignore[valid-type]


_ENTITY = {"id": "e1", "name": "سامر الحداد", "type": "PER", "roles": ["وزير الموانئ"],
           "mentions": [{"start": 17, "end": 28, "text": "سامر الحداد", "label": "PER"}]}


class StoredArticle(_Open):
    """A stored article with its quotations (flat rows) and entities."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"article_id": "port-2024-04-09", "title": "بلدية السنديان تطلق مشروع الميناء", "date": "2024-04-09",
         "source": "الساحل اليوم", "url": "https://example.org/port", "text": _ARTICLE, "meta": {},
         "quotes": [_example_row()], "entities": [_ENTITY]}]})
    article_id: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    text: str
    meta: dict[str, Any]
    quotes: list[QuoteRow]  # type: ignore[valid-type]
    entities: list[dict[str, Any]]


class AnalysedArticle(_Open):
    """One article as `khabar extract --format json` writes it (schema_version 1.0): nested quotations
    (speaker, cue, addressee and via as objects with offsets), entities and the text layers."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"schema_version": SCHEMA_VERSION, "id": None, "text": _ARTICLE, "meta": {}, "entities": [_ENTITY],
         "quotes": [{"text": "سنبدأ توسعة الميناء قبل نهاية الربيع", "start": 31, "end": 67, "kind": "direct",
                     "confidence": 0.93, "cue": {"text": "وقال", "start": 0, "end": 4, "label": "cue"},
                     "speaker": {"name": "سامر الحداد", "type": "PER", "entity_id": "e1", "role": "وزير الموانئ",
                                 "start": 17, "end": 28, "gender": "M"}}]}]})
    schema_version: str
    id: str | None = None
    text: str
    meta: dict[str, Any] = {}
    quotes: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []


class TaggedArticle(_Open):
    """An article with hashtags written in (`POST /api/hashtag`): the tagged `text`, each inserted hashtag's
    offsets in `source_text` (`start`/`end`) and in `text` (`out_start`/`out_end`), the ranked suggestions, and
    the article's own merged hashtags (`broken`) with their right spelling."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"id": None, "source_text": "قال الوزير سامر الحداد إن الميناء سيفتح.",
         "text": "قال الوزير #سامر_الحداد إن الميناء سيفتح.",
         "hashtags": [{"tag": "#سامر_الحداد", "name": "سامر الحداد", "start": 11, "end": 22,
                       "out_start": 11, "out_end": 23}],
         "suggestions": [{"tag": "#سامر_الحداد", "name": "سامر الحداد", "type": "PER", "salience": 5.9,
                          "mentions": 1, "status": "inserted"}],
         "broken": []}]})
    id: str | None = None
    source_text: str
    text: str
    hashtags: list[dict[str, Any]]
    suggestions: list[dict[str, Any]]
    broken: list[dict[str, Any]] = []
