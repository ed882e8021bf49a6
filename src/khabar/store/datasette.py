"""A datasette metadata document for a khabar store: what each table, view and column is, which are internal,
and how the full-text search folds Arabic (`khabar datasette-metadata`, then `datasette STORE -m FILE`).

The quotation columns are described from `khabar.fields`, so the document follows the one declaration.
"""
from __future__ import annotations

from typing import Any

from khabar.fields import QUOTE_FIELDS, stored_fields
from khabar.store.views import VIEWS

FOLDED_SEARCH = (
    "Full-text search (?_search=, sqlite-utils search) matches the folded copy of the text: harakat and tatweel "
    "dropped, أ/إ/آ written ا, ى written ي, ة written ه. Write the words of a query that way (حكومه, not "
    "الحُكومة) or they will not be found; a word is also indexed without و/ف, ب/ل/ك before ال, and ال "
    "(text_stem), so حكومه finds والحكومة. `khabar search` folds the query for you."
)

_INTERNAL = {
    "text_norm": "internal: the folded text the full-text index searches (see the search note)",
    "text_stem": "internal: the folded text with each word lightly stemmed, also searched",
    "article_rowid": "the article's row (articles.rowid); the quotations view gives its id, title and date",
    "entity_rowid": "the entity's row (entities.rowid)",
    "meta_json": "internal: the article's other metadata as JSON",
    "roles_json": "the titles the entity is given, as a JSON list",
    "aliases_json": "the names the speaker goes by, as a JSON list",
    "attrs_json": "internal: the mention's attributes as JSON (a hashtag's name and split)",
    "name_norm": "internal: the folded name, for lookups",
}

_TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "articles": ("one row per stored article; `text` is the input unchanged, every offset points into it", {
        "rowid": "row id (ingest order)", "id": "the article's id (the record's, or txt- and a hash of its text)",
        "text_hash": "internal: hash of the text, to skip unchanged articles", "title": "title",
        "date": "date as given (YYYY-MM-DD when known)", "source": "the outlet", "url": "url",
        "origin": "where it was read from (file, file:line)", "text": "the article's text, unchanged",
        "schema_version": "output schema version", "pipeline_version": "the khabar that analysed it",
        "ingested_at": "when it was stored (UTC)"}),
    "quotes": ("one row per quotation as the analysis found it; the quotations view joins the article and "
               "the corpus speaker and names columns as the API does", {}),
    "entities": ("the entities of each article (one per referent)", {
        "rowid": "row id", "entity_id": "the entity's id within its article (e1, e2 …)",
        "name": "the fullest name", "type": "PER, ORG, LOC, MISC"}),
    "mentions": ("each mention of an entity: offsets into the article's text; the entity_mentions view "
                 "joins the entity and the article", {
        "rowid": "row id", "start": "offset in the article's text", "end": "end offset (exclusive)",
        "text": "the words as written", "label": "what found it: the tagger's type (PER, ORG …), mention (found again by name) or speaker (a quotation's speaker)"}),
    "speakers": ("corpus speakers: one person or body across articles (derived, rebuilt after ingest)", {
        "id": "the corpus speaker's id (quotes.speaker_id)", "name": "the fullest name",
        "type": "PER, ORG, DOC or ANON", "quotes": "quotations attributed", "articles": "articles quoting them"}),
    "speaker_aliases": ("internal: folded names → corpus speaker, for lookups", {
        "alias_norm": "a folded name the speaker goes by", "speaker_id": "speakers.id"}),
    "quote_groups": ("near-identical quotations across articles (derived, rebuilt after ingest)", {
        "id": "the group's id (quotes.group_id)", "source_quote": "quotes.rowid of the group's earliest quotation",
        "size": "quotations in the group"}),
    "errors": ("records that could not be read or analysed, with the reason", {
        "rowid": "row id", "source": "the input (file, file:line)", "reason": "why it failed",
        "first_seen": "first failure (UTC)", "last_seen": "latest failure (UTC)", "count": "how many times"}),
}
_HIDDEN = ("migrations", "state")


def _quote_columns() -> dict[str, str]:
    return {f.store_column: f.doc for f in stored_fields(QUOTE_FIELDS)} | {
        "rowid": "row id: the quote_id of the API, the export and the quotations view",
        "idx": "its position among the article's quotations",
        "speaker_id": "the corpus speaker (speakers.id)", "group_id": "its provenance group (quote_groups.id)"}


def metadata(database: str = "khabar") -> dict[str, Any]:
    """The document for a store that datasette serves under the name `database` (its file name without
    `.db`)."""
    tables: dict[str, Any] = {}
    for name, (description, columns) in _TABLES.items():
        cols = dict(columns)
        if name == "quotes":
            cols |= _quote_columns()
        cols |= {k: v for k, v in _INTERNAL.items() if k in _COLUMNS_OF.get(name, ())}
        entry: dict[str, Any] = {"description": description, "columns": cols}
        if name in ("articles", "quotes"):
            entry["description"] += ". " + FOLDED_SEARCH
        tables[name] = entry
    tables["quotations"] = {
        "description": VIEWS["quotations"] + ". " + FOLDED_SEARCH,
        "columns": {f.name: f.doc for f in QUOTE_FIELDS} | {"month": "the article's month (YYYY-MM)"},
        "fts_table": "quotes_fts", "fts_pk": "quote_id",
    }
    tables["entity_mentions"] = {"description": VIEWS["entity_mentions"], "columns": {
        "mention_id": "mentions.rowid", "article_id": "the article's id", "title": "the article's title",
        "date": "the article's date", "month": "the article's month (YYYY-MM)", "source": "the outlet",
        "entity_id": "the entity's id within its article", "entity": "the entity's fullest name",
        "entity_type": "PER, ORG, LOC, MISC", "mention": "the words as written", "start": "offset in the article's text",
        "end": "end offset (exclusive)", "label": "what found it: the tagger's type (PER, ORG …), mention (found again by name) or speaker (a quotation's speaker)"}}
    for name in _HIDDEN:
        tables[name] = {"hidden": True}
    return {
        "title": "khabar corpus",
        "description": "Arabic news analysed by khabar: articles, who said what, and the entities named. "
                       "Start with the quotations and entity_mentions views. " + FOLDED_SEARCH,
        "databases": {database: {"tables": tables}},
    }


# Which internal columns each table has (listed so the descriptions name only columns that exist).
_COLUMNS_OF = {
    "articles": ("text_norm", "text_stem", "meta_json"),
    "quotes": ("text_norm", "text_stem", "article_rowid"),
    "entities": ("article_rowid", "roles_json", "name_norm"),
    "mentions": ("entity_rowid", "article_rowid", "attrs_json"),
    "speakers": ("aliases_json", "roles_json", "name_norm"),
}
