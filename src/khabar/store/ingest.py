"""Records into the store: run the pipeline and keep the article, its quotations, entities and mentions.

Idempotent and resumable by construction:
- an article's identity is its `id` (a file's name, a JSONL line's `id`), or, when the input gave none
  (stdin text, a JSONL line without `id`, a dict without one), `txt-` and a hash of its normalised text;
- an article already stored by the same pipeline version with the same content is skipped without running
  the pipeline; a newer pipeline (or changed content under the same id) re-extracts it in place, keeping
  its row and ingest order;
- articles are analysed `batch_size` at a time and each batch is written in one short transaction; killing
  the process loses at most the open batch, which the next run redoes, so every article ends up stored
  exactly once. Two ingests into one store at once interleave their batches (WAL and a busy timeout);
- a write SQLite refuses (disk full, read-only, locked for too long) stops the ingest with a `StoreError`
  naming the store and the reason; what was committed before stays, and the same command resumes.
A record the readers or the pipeline cannot handle goes to the `errors` table (source, reason) and the rest
goes on. Corpus-level speakers and quotation groups are rebuilt once at the end when anything changed.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from khabar.errors import KhabarError, StoreError
from khabar.pipeline import PIPELINE_VERSION, Options, process_record
from khabar.readers import ReadFailure
from khabar.store.columns import insert_sql, insert_values
from khabar.store.schema import describe, get_state, is_read_only, now, set_state, store_path
from khabar.store.textkeys import norm_text, stem_text

DEFAULT_BATCH = 100
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(slots=True)
class IngestStats:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    quotes: int = 0
    batches: int = 0
    seconds: float = 0.0

    @property
    def articles_per_s(self) -> float:
        return round(self.read / self.seconds, 2) if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["seconds"] = round(self.seconds, 3)
        out["articles_per_s"] = self.articles_per_s
        return out


def content_hash(text: str) -> str:
    """A hash of the normalised text with whitespace collapsed: the same article re-encoded or re-spaced
    (or written with and without harakat) gets the same hash."""
    folded = " ".join(norm_text(text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


def given_id(record: dict[str, Any]) -> str | None:
    """The id the input gave, or None when a reader made one up from its position (stdin, a JSONL line
    without `id`), which would not identify the article across two different inputs."""
    ident = record.get("id")
    if not ident:
        return None
    if not getattr(record, "id_given", True):
        return None
    if getattr(record, "origin", "") == "<stdin>" and ident == "stdin":
        return None
    return str(ident)


def _date(value: Any) -> str | None:
    if not value:
        return None
    value = str(value).strip()
    m = _DATE.match(value)
    return m.group(0) if m else value


class Ingester:
    """Writes records into an open store; `run` takes records (or failures) and returns the counts.

    Each batch is analysed first, outside any transaction, then written in one short write transaction:
    another process ingesting into the same store waits milliseconds for the lock, not a whole batch of
    analysis, and a killed ingest loses only the batch it had not committed. A write that SQLite refuses
    (disk full, read-only, locked for too long) raises `StoreError` naming the store and the reason; the
    batches committed before it are kept and the same run resumes from them."""

    def __init__(self, conn: sqlite3.Connection, options: Options | None = None, batch_size: int = DEFAULT_BATCH,
                 pipeline_version: str = PIPELINE_VERSION) -> None:
        self.conn = conn
        self.options = options or Options()
        self.batch_size = max(1, int(batch_size))
        self.pipeline_version = pipeline_version
        self.stats = IngestStats()

    def run(self, items: Iterable[Any], on_batch: Callable[[IngestStats], None] | None = None,
            on_error: Callable[[str, str], None] | None = None, refresh: bool = True) -> IngestStats:
        t0 = time.perf_counter()
        if is_read_only(self.conn):
            raise StoreError(f"{store_path(self.conn)}: cannot write to the store: it was opened read-only")
        batch: list[tuple[Any, ...]] = []
        try:
            for item in items:
                self.stats.read += 1
                op = self._prepare(item, on_error)
                if op is not None:
                    batch.append(op)
                if self.stats.read % self.batch_size == 0:
                    self._write(batch)
                    batch = []
                    self.stats.batches += 1
                    self.stats.seconds = time.perf_counter() - t0
                    if on_batch:
                        on_batch(self.stats)
            pending = self.stats.read % self.batch_size
            if pending:
                self._write(batch)
                self.stats.batches += 1
            self.stats.seconds = time.perf_counter() - t0
            if on_batch and pending:
                on_batch(self.stats)
            if refresh:
                refresh_derived(self.conn)
        except sqlite3.Error as exc:
            raise self._store_error(exc) from exc
        return self.stats

    def _store_error(self, exc: sqlite3.Error) -> StoreError:
        try:
            kept = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            kept_text = f"the {kept} articles committed before are kept"
        except sqlite3.Error:
            kept_text = "the batches committed before are kept"
        return StoreError(f"{store_path(self.conn)}: cannot write to the store: {describe(exc)}; {kept_text}, "
                          "run the same command again to resume once the cause is fixed")

    def _write(self, batch: list[tuple[Any, ...]]) -> None:
        """One write transaction for a batch of prepared records; re-checks each article inside it, since
        another process may have stored it since it was analysed."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for op in batch:
                if op[0] == "error":
                    record_error(conn, op[1], op[2])
                    continue
                _, key, doc, source_hash, origin, version = op
                row = conn.execute("SELECT pipeline_version, text_hash FROM articles WHERE id = ?", (key,)).fetchone()
                if row is not None and row[0] == version and row[1] == source_hash:
                    self.stats.unchanged += 1
                    continue
                self.stats.quotes += store_article(conn, doc, source_hash, origin, version)
                if row is None:
                    self.stats.added += 1
                else:
                    self.stats.updated += 1
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

    def _error(self, source: str, reason: str,
               on_error: Callable[[str, str], None] | None) -> tuple[str, str, str]:
        self.stats.failed += 1
        if on_error:
            on_error(source, reason)
        return ("error", source, reason)

    def _prepare(self, item: Any, on_error: Callable[[str, str], None] | None) -> tuple[Any, ...] | None:
        """What to write for one item: ("error", source, reason), ("store", key, doc, hash, origin,
        version), or None when the store already has it as it is."""
        if isinstance(item, ReadFailure):
            return self._error(item.source, item.reason, on_error)
        if isinstance(item, AnalysedDoc):
            return self._analysed(item)
        record = item
        origin = getattr(record, "origin", "") or str(record.get("id") or "")
        raw = record.get("text") if record.get("text") is not None else record.get("html") or ""
        key = given_id(record)
        source_hash = content_hash(raw)
        if key is None and record.get("text") is not None:
            key = "txt-" + source_hash[:20]
        if key is not None and self._same(key, source_hash, self.pipeline_version):
            self.stats.unchanged += 1
            return None
        try:
            doc = process_record(record, self.options)
        except KhabarError as exc:
            return self._error(origin, getattr(exc, "reason", None) or str(exc), on_error)
        except Exception as exc:  # a stage bug must not lose the rest of the corpus
            return self._error(origin, f"internal error: {type(exc).__name__}: {exc}", on_error)
        if key is None:  # HTML without an id: known only once its text is extracted
            key = "txt-" + content_hash(doc.get("text") or "")[:20]
            if self._same(key, source_hash, self.pipeline_version):
                self.stats.unchanged += 1
                return None
        doc["id"] = key
        return ("store", key, doc, source_hash, origin, self.pipeline_version)

    def _analysed(self, doc: "AnalysedDoc") -> tuple[Any, ...] | None:
        """An article a batch run already analysed: stored as it is, never extracted again."""
        source_hash = content_hash(doc.get("text") or "")
        key = given_id(doc) or "txt-" + source_hash[:20]
        version = str(doc.get("pipeline_version") or self.pipeline_version)
        if self._same(key, source_hash, version):
            self.stats.unchanged += 1
            return None
        origin = doc.origin
        return ("store", key, AnalysedDoc(doc, id=key), source_hash, origin, version)

    def _same(self, key: str, source_hash: str, version: str) -> bool:
        row = self.conn.execute("SELECT pipeline_version, text_hash FROM articles WHERE id = ?", (key,)).fetchone()
        return row is not None and row[0] == version and row[1] == source_hash


def record_error(conn: sqlite3.Connection, source: str, reason: str) -> None:
    t = now()
    conn.execute(
        "INSERT INTO errors (source, reason, first_seen, last_seen) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(source, reason) DO UPDATE SET last_seen = excluded.last_seen, count = count + 1",
        (source, reason, t, t),
    )


def store_article(conn: sqlite3.Connection, doc: dict[str, Any], source_hash: str, origin: str,
                  pipeline_version: str = PIPELINE_VERSION) -> int:
    """Insert or replace one analysed article (the dict of `process_record`) with its layers; returns the
    number of quotations stored. Runs inside the caller's transaction."""
    meta = doc.get("meta") or {}
    text = doc.get("text") or ""
    values = (
        source_hash, meta.get("title"), _date(meta.get("date")), meta.get("source"), meta.get("url"), origin,
        text, json.dumps(meta, ensure_ascii=False), doc.get("schema_version"), pipeline_version, now(),
        norm_text(text), stem_text(text),
    )
    row = conn.execute("SELECT rowid FROM articles WHERE id = ?", (doc["id"],)).fetchone()
    if row is None:
        cur = conn.execute(
            "INSERT INTO articles (text_hash, title, date, source, url, origin, text, meta_json, schema_version, "
            "pipeline_version, ingested_at, text_norm, text_stem, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (*values, doc["id"]),
        )
        art = cur.lastrowid
    else:
        art = row[0]
        conn.execute(
            "UPDATE articles SET text_hash=?, title=?, date=?, source=?, url=?, origin=?, text=?, meta_json=?, "
            "schema_version=?, pipeline_version=?, ingested_at=?, text_norm=?, text_stem=? WHERE rowid=?",
            (*values, art),
        )
        conn.execute("DELETE FROM mentions WHERE article_rowid = ?", (art,))
        conn.execute("DELETE FROM entities WHERE article_rowid = ?", (art,))
        conn.execute("DELETE FROM quotes WHERE article_rowid = ?", (art,))
    quotes = doc.get("quotes") or []
    conn.executemany(insert_sql(), [_quote_values(art, i, q) for i, q in enumerate(quotes)])
    for ent in doc.get("entities") or []:
        cur = conn.execute(
            "INSERT INTO entities (article_rowid, entity_id, name, type, roles_json, name_norm) VALUES (?,?,?,?,?,?)",
            (art, ent.get("id"), ent.get("name") or "", ent.get("type"),
             json.dumps(ent.get("roles") or [], ensure_ascii=False), norm_text(ent.get("name") or "")),
        )
        conn.executemany(
            "INSERT INTO mentions (entity_rowid, article_rowid, start, \"end\", text, label, attrs_json) "
            "VALUES (?,?,?,?,?,?,?)",
            [(cur.lastrowid, art, m.get("start"), m.get("end"), m.get("text"), m.get("label"), _attrs_json(m))
             for m in ent.get("mentions") or []],
        )
    set_state(conn, "derived_stale", "1")
    return len(quotes)


def _quote_values(art: int, idx: int, q: dict[str, Any]) -> tuple[Any, ...]:
    text = q.get("text") or ""
    return insert_values(art, idx, q, norm_text(text), stem_text(text))


_MENTION_KEYS = frozenset({"start", "end", "text", "label"})


def _attrs_json(mention: dict[str, Any]) -> str:
    """A mention's attributes beyond its span (a hashtag's name and how it was split), as JSON."""
    return json.dumps({k: v for k, v in mention.items() if k not in _MENTION_KEYS}, ensure_ascii=False)


def refresh_derived(conn: sqlite3.Connection, force: bool = False) -> bool:
    """Rebuild corpus speakers and quotation groups if the quotations changed since; True if rebuilt.
    A read-only store is never rebuilt: its derived tables are served as they are (see `derived_stale`)."""
    if not force and get_state(conn, "derived_stale") == "0":
        return False
    if is_read_only(conn):
        return False
    from khabar.store.provenance import rebuild_groups
    from khabar.store.speakers import rebuild_speakers

    conn.execute("BEGIN IMMEDIATE")
    try:
        rebuild_speakers(conn)
        rebuild_groups(conn)
        set_state(conn, "derived_stale", "0")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        raise
    return True


def derived_stale(conn: sqlite3.Connection) -> bool:
    """True when the quotations changed since corpus speakers and quotation groups were last rebuilt."""
    return get_state(conn, "derived_stale") != "0"


class AnalysedDoc(dict):
    """An `Article.to_dict()` produced by `khabar batch`, with where it came from."""

    origin: str = ""


def is_batch_output(path: str) -> bool:
    """A folder `khabar batch` wrote, with either engine (read through its manifest, never as loose files)."""
    from khabar.readers.batch_output import looks_like_batch_output

    return looks_like_batch_output(path)


def iter_batch_output(folder: str) -> Iterator[AnalysedDoc | ReadFailure]:
    """Stream the articles of a `khabar batch` output folder (local shards or Spark's `articles/`), shard by
    shard, so that a corpus analysed on many cores is loaded without running the pipeline again. A folder
    its manifest does not vouch for (unfinished, failed shards, another output schema, files changed since)
    is one failure naming the folder and the reason, found before any of its articles is read."""
    from khabar.errors import InputError
    from khabar.readers.batch_output import iter_articles, shard_files

    try:
        shard_files(folder)
        for origin, article in iter_articles(folder):
            doc = AnalysedDoc(article)
            doc.origin = origin
            yield doc
    except InputError as exc:
        yield ReadFailure(exc.source, exc.reason)


def ingest_paths(conn: sqlite3.Connection, paths: list[str], *, stdin: Any = None, options: Options | None = None,
                 batch_size: int = DEFAULT_BATCH, on_batch: Callable[[IngestStats], None] | None = None,
                 on_error: Callable[[str, str], None] | None = None) -> IngestStats:
    """`khabar ingest` as a function: read `paths` (files, folders, .jsonl, `-`) into the store."""
    from khabar.readers import iter_records

    batches = [p for p in paths if is_batch_output(p)]
    plain = [p for p in paths if p not in batches]

    def items() -> Iterator[Any]:
        for folder in batches:
            yield from iter_batch_output(folder)
        if plain:
            yield from iter_records(plain, stdin=stdin)

    ingester = Ingester(conn, options, batch_size)
    return ingester.run(items(), on_batch=on_batch, on_error=on_error)
