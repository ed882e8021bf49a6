"""The one declaration of a quotation's output fields: what each is called, where it comes from, what it means.

A quotation leaves khabar in three forms: nested, as `Quote.to_dict()` writes it (`speaker.name`); flat, as
a row of the store, the export, the API and the pages (`speaker`); and as a column of the SQLite store.
Every one of them is derived from `QUOTE_FIELDS`, so a new field is this declaration plus the store
migration named by its `since`: the schema, the insert, the selects, the export columns and types, the API
rows and the pages follow (tests/test_fields.py adds one and watches it arrive everywhere).

Order matters: it is the column order of exports, and new fields only ever go at the end.
This module is an inner room: it knows no other part of khabar.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Field:
    """One flat field of a quotation.

    `origin` says who fills it: `quote` — the analysis of the article (`path` finds it in the nested
    quotation dict, and the store keeps it in `column`); `article` — the article the quotation stands in;
    `corpus` — the store, across articles (row ids, corpus speakers, provenance groups)."""

    name: str
    type: str  # text | integer | real
    doc: str
    origin: str = "quote"  # quote | article | corpus
    path: tuple[str, ...] = ()  # in `Quote.to_dict()`: ("speaker", "name") is q["speaker"]["name"]
    column: str = ""  # the store's column when it differs from `name`
    required: bool = False  # NOT NULL in the store
    since: int = 1  # the store migration that adds its column
    exported: bool = True  # a column of `khabar export --table quotes`
    shown: bool = True  # a key of the rows the API, the search and the pages read
    label: str = ""  # what the pages call it
    values: tuple[tuple[str, str], ...] = ()  # (value, what the pages call it) for a field of a few values

    def display(self, value: Any) -> Any:
        """What the pages show for `value`: its Arabic name when the field names its values."""
        return dict(self.values).get(value, value) if isinstance(value, str) else value

    @property
    def stored(self) -> bool:
        return self.origin == "quote"

    @property
    def store_column(self) -> str:
        return self.column or self.name


def _q(name: str, type_: str, doc: str, *path: str, **kw: Any) -> Field:
    return Field(name, type_, doc, "quote", path or (name,), **kw)


QUOTE_FIELDS: tuple[Field, ...] = (
    Field("quote_id", "integer", "the quotation's row id in the store", "corpus"),
    Field("article_id", "text", "the id of the article it stands in", "article"),
    Field("idx", "integer", "its position among the article's quotations", "corpus"),
    Field("date", "text", "the article's date (YYYY-MM-DD when known)", "article"),
    Field("source", "text", "the outlet that published the article", "article"),
    _q("text", "text", "what was said, exactly as the article writes it", required=True),
    _q("start", "integer", "offset of `text` in the article's text", required=True),
    _q("end", "integer", "end offset (exclusive) of `text`", required=True),
    _q("kind", "text", "direct (in marks), indirect (reported) or mixed", label="النوع"),
    _q("confidence", "real", "how sure the attribution is, 0 to 1", label="الثقة"),
    _q("cue", "text", "the speech verb or phrase that introduces it", "cue", "text", label="فعل القول"),
    _q("cue_start", "integer", "offset of the cue", "cue", "start"),
    _q("cue_end", "integer", "end offset of the cue", "cue", "end"),
    _q("speaker", "text", "who said it: the fullest name the article gives", "speaker", "name",
       column="speaker_name", label="المتحدث"),
    _q("speaker_type", "text", "PER, ORG, DOC (a statement or report) or ANON (an unnamed source)",
       "speaker", "type", label="نوع المتحدث"),
    _q("speaker_role", "text", "the speaker's title or office as the article gives it", "speaker", "role", label="الصفة"),
    _q("speaker_entity_id", "text", "the article's entity the speaker is", "speaker", "entity_id"),
    _q("speaker_start", "integer", "offset of the speaker's mention", "speaker", "start"),
    _q("speaker_end", "integer", "end offset of the speaker's mention", "speaker", "end"),
    Field("speaker_id", "integer", "the corpus speaker (the same person across articles)", "corpus"),
    Field("speaker_canonical", "text", "the corpus speaker's name", "corpus"),
    _q("addressee", "text", "to whom it was said, when the article says", "addressee", "name", label="المخاطَب"),
    _q("channel", "text", "tweet, statement, press conference, interview, phone call, TV or post", label="القناة"),
    _q("via", "text", "the outlet or agency the article credits for the report", "via", "name", label="نقلاً عن"),
    Field("group_id", "integer", "the group of near-identical quotations across articles (empty: carried once)",
          "corpus"),
    Field("group_source_quote", "integer", "the quote_id of the group's earliest quotation", "corpus"),
    # migration 4: the addressee's and the outlet's mentions, so the store keeps all a quotation says
    _q("addressee_type", "text", "the addressee's type (PER, ORG …)", "addressee", "type", since=4, label="نوع المخاطَب"),
    _q("addressee_entity_id", "text", "the article's entity the addressee is", "addressee", "entity_id", since=4),
    _q("addressee_role", "text", "the addressee's title", "addressee", "role", since=4, label="صفة المخاطَب"),
    _q("addressee_start", "integer", "offset of the addressee's mention", "addressee", "start", since=4),
    _q("addressee_end", "integer", "end offset of the addressee's mention", "addressee", "end", since=4),
    _q("via_type", "text", "the relaying outlet's type", "via", "type", since=4, label="نوع الناقل"),
    _q("via_entity_id", "text", "the article's entity the relaying outlet is", "via", "entity_id", since=4),
    _q("via_role", "text", "the relaying outlet's description", "via", "role", since=4, label="وصف الناقل"),
    _q("via_start", "integer", "offset of the outlet's mention", "via", "start", since=4),
    _q("via_end", "integer", "end offset of the outlet's mention", "via", "end", since=4),
    # migration 5
    _q("speaker_gender", "text", "F or M for a person whose article shows it (the cue verb's agreement, a "
       "feminine title, a plain given name); empty for organisations, documents, unnamed sources",
       "speaker", "gender", since=5, label="الجنس"),
    # migration 7
    _q("statement_type", "text", "what the speaker does with it: claim, denial, warning, call, commitment, "
       "announcement, accusation, prediction or question", since=7, label="نوع التصريح",
       values=(("claim", "تأكيد"), ("denial", "نفي"), ("warning", "تحذير"), ("call", "دعوة"),
               ("commitment", "تعهد"), ("announcement", "إعلان"), ("accusation", "اتهام"),
               ("prediction", "توقع"), ("question", "تساؤل"))),
    Field("title", "text", "the article's title", "article"),
    Field("url", "text", "the article's url", "article"),
)

# The nested parts of a quotation that are mentions or spans (an object with a name or text and offsets).
_SPAN_PARTS = ("cue",)
_MENTION_PARTS = ("speaker", "addressee", "via")


def stored_fields(fields: tuple[Field, ...] | None = None) -> tuple[Field, ...]:
    return tuple(f for f in (fields or QUOTE_FIELDS) if f.stored)


def exported_fields(fields: tuple[Field, ...] | None = None) -> tuple[Field, ...]:
    return tuple(f for f in (fields or QUOTE_FIELDS) if f.exported)


def shown_fields(fields: tuple[Field, ...] | None = None) -> tuple[Field, ...]:
    return tuple(f for f in (fields or QUOTE_FIELDS) if f.shown)


def _get(quote: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = quote
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def flatten(quote: dict[str, Any], fields: tuple[Field, ...] | None = None) -> dict[str, Any]:
    """The flat row of a nested quotation (`Quote.to_dict()`): every field the analysis fills, by name."""
    return {f.name: _get(quote, f.path) for f in stored_fields(fields)}


def nest(row: dict[str, Any], text: str, fields: tuple[Field, ...] | None = None) -> dict[str, Any]:
    """The nested quotation (`Quote.to_dict()`'s shape) of a flat row of the article `text`: the inverse of
    `flatten`; a mention's or the cue's quoted text is read back from the article by its offsets."""
    out: dict[str, Any] = {}
    for f in stored_fields(fields):
        value = row.get(f.name)
        if value is None:
            continue
        if len(f.path) == 1:
            out[f.path[0]] = value
        else:
            out.setdefault(f.path[0], {})[f.path[1]] = value
    for part in _SPAN_PARTS + _MENTION_PARTS:
        obj = out.get(part)
        if isinstance(obj, dict) and isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int):
            obj["text"] = text[obj["start"]:obj["end"]]
            if part in _SPAN_PARTS:
                obj["label"] = part
    out.setdefault("cue", None)
    out.setdefault("speaker", None)
    return out
