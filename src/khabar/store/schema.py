"""The SQLite schema of a khabar corpus and its migrations, recorded in the database itself.

The approach is sqlite-utils': a `migrations` table lists every numbered migration applied, and opening a
store applies the missing ones in order, each in its own transaction. A store written by an older khabar
therefore opens with a newer one and is brought up to date; a store written by a *newer* khabar (with
migrations this code does not know) is refused rather than silently misread.

Version 1 holds articles, quotations, entities, mentions and errors; version 2 adds the normalised text
columns and the FTS5 indexes kept in sync by triggers; version 3 adds corpus-level speakers and quotation
groups (provenance); version 4 keeps the addressee's and the outlet's mentions and entity mentions'
attributes; version 5 the speaker's gender; version 6 declares the FTS indexes the way datasette and
sqlite-utils recognise and adds the researchers' views; version 7 the statement type. The quotation columns are those `khabar.fields` declares, each added by the migration its
`since` names.
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from khabar.errors import StoreError
from khabar.store.columns import column_defs
from khabar.store.textkeys import norm_text, stem_text
from khabar.store.views import create_views

DEFAULT_DB = "khabar.db"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _script(conn: sqlite3.Connection, sql: str) -> None:
    """Run several statements inside the current transaction (`executescript` would commit it first)."""
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            conn.execute(buf)
            buf = ""
    if buf.strip():
        conn.execute(buf)


def _m001_base(conn: sqlite3.Connection) -> None:
    """Articles, quotations (their columns: the fields `khabar.fields` declares with `since=1`), entities,
    mentions, errors."""
    _script(conn,
        """
        CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,            -- ingest order
            id TEXT NOT NULL UNIQUE,              -- the record's id, or txt-<hash of its normalised text>
            text_hash TEXT NOT NULL,
            title TEXT, date TEXT, source TEXT, url TEXT,
            origin TEXT,                          -- where it was read from (file, file:line, <stdin>)
            text TEXT NOT NULL,
            meta_json TEXT NOT NULL DEFAULT '{}',
            schema_version TEXT,
            pipeline_version TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE quotes (
            rowid INTEGER PRIMARY KEY,
            article_rowid INTEGER NOT NULL REFERENCES articles(rowid),
            idx INTEGER NOT NULL,                 -- position among the article's quotations
            {quote_columns},
            UNIQUE (article_rowid, idx)
        );
        CREATE TABLE entities (
            rowid INTEGER PRIMARY KEY,
            article_rowid INTEGER NOT NULL REFERENCES articles(rowid),
            entity_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT, roles_json TEXT NOT NULL DEFAULT '[]',
            UNIQUE (article_rowid, entity_id)
        );
        CREATE TABLE mentions (
            rowid INTEGER PRIMARY KEY,
            entity_rowid INTEGER NOT NULL REFERENCES entities(rowid),
            article_rowid INTEGER NOT NULL REFERENCES articles(rowid),
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT, label TEXT
        );
        CREATE TABLE errors (
            rowid INTEGER PRIMARY KEY,
            source TEXT NOT NULL, reason TEXT NOT NULL,
            first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 1,
            UNIQUE (source, reason)
        );
        CREATE INDEX quotes_article ON quotes(article_rowid);
        CREATE INDEX entities_article ON entities(article_rowid);
        CREATE INDEX mentions_entity ON mentions(entity_rowid);
        CREATE INDEX mentions_article ON mentions(article_rowid);
        """.replace("{quote_columns}", ",\n            ".join(column_defs(1)))
    )


def _fts_sql(table: str, quote: str = '"') -> str:
    """The FTS5 index of `table` and the triggers that keep it in step. The table is named in double quotes
    (`content="quotes"`): that is how datasette and sqlite-utils find a table's index; migration 2 wrote
    single quotes, which they do not recognise, until migration 6 declared the indexes again."""
    return f"""
        CREATE VIRTUAL TABLE {table}_fts USING fts5(
            text_norm, text_stem, content={quote}{table}{quote}, content_rowid='rowid', tokenize='unicode61'
        );
        CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN
            INSERT INTO {table}_fts(rowid, text_norm, text_stem) VALUES (new.rowid, new.text_norm, new.text_stem);
        END;
        CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN
            INSERT INTO {table}_fts({table}_fts, rowid, text_norm, text_stem)
            VALUES ('delete', old.rowid, old.text_norm, old.text_stem);
        END;
        CREATE TRIGGER {table}_fts_au AFTER UPDATE OF text_norm, text_stem ON {table} BEGIN
            INSERT INTO {table}_fts({table}_fts, rowid, text_norm, text_stem)
            VALUES ('delete', old.rowid, old.text_norm, old.text_stem);
            INSERT INTO {table}_fts(rowid, text_norm, text_stem) VALUES (new.rowid, new.text_norm, new.text_stem);
        END;
    """


def _m002_search(conn: sqlite3.Connection) -> None:
    """Normalised and lightly stemmed text beside the original, indexed by FTS5; rows already stored by
    version 1 are filled in here so an old corpus becomes searchable."""
    for table in ("articles", "quotes"):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN text_norm TEXT NOT NULL DEFAULT ''")
        conn.execute(f"ALTER TABLE {table} ADD COLUMN text_stem TEXT NOT NULL DEFAULT ''")
        rows = conn.execute(f"SELECT rowid, text FROM {table}").fetchall()
        conn.executemany(
            f"UPDATE {table} SET text_norm = ?, text_stem = ? WHERE rowid = ?",
            [(norm_text(text), stem_text(text), rowid) for rowid, text in rows],
        )
        _script(conn, _fts_sql(table, quote="'"))
        conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
    conn.execute("ALTER TABLE entities ADD COLUMN name_norm TEXT NOT NULL DEFAULT ''")
    rows = conn.execute("SELECT rowid, name FROM entities").fetchall()
    conn.executemany("UPDATE entities SET name_norm = ? WHERE rowid = ?", [(norm_text(n), r) for r, n in rows])
    conn.execute("CREATE INDEX entities_name ON entities(name_norm)")
    conn.execute("CREATE INDEX articles_date ON articles(date)")


def _m003_corpus(conn: sqlite3.Connection) -> None:
    """Corpus-level speakers and groups of near-identical quotations; both are derived from the stored
    quotations and rebuilt when `state.derived_stale` says the quotations changed since."""
    _script(conn, 
        """
        CREATE TABLE speakers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL, name_norm TEXT NOT NULL, type TEXT,
            aliases_json TEXT NOT NULL DEFAULT '[]', roles_json TEXT NOT NULL DEFAULT '[]',
            quotes INTEGER NOT NULL DEFAULT 0, articles INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE speaker_aliases (
            alias_norm TEXT NOT NULL, speaker_id INTEGER NOT NULL REFERENCES speakers(id),
            PRIMARY KEY (alias_norm, speaker_id)
        );
        CREATE TABLE quote_groups (
            id INTEGER PRIMARY KEY,
            source_quote INTEGER NOT NULL,        -- quotes.rowid of the earliest; derived, rebuilt
            size INTEGER NOT NULL
        );
        CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT);
        ALTER TABLE quotes ADD COLUMN speaker_id INTEGER;
        ALTER TABLE quotes ADD COLUMN group_id INTEGER;
        CREATE INDEX quotes_speaker ON quotes(speaker_id);
        CREATE INDEX quotes_group ON quotes(group_id);
        INSERT INTO state(key, value) VALUES ('derived_stale', '1');
        """
    )


def add_quote_columns(since: int) -> Callable[[sqlite3.Connection], None]:
    """The migration that adds the quotation columns of the fields declared with `since` (a field's
    `since` never changes once released: stores already migrated past it would miss the column)."""

    def run(conn: sqlite3.Connection) -> None:
        for definition in column_defs(since):
            conn.execute(f"ALTER TABLE quotes ADD COLUMN {definition}")

    run.__doc__ = f"the quotation fields declared with since={since}"
    return run


def _m004_mentions(conn: sqlite3.Connection) -> None:
    """The addressee's and the relaying outlet's mentions (type, entity, role, offsets) and each entity
    mention's attributes (a hashtag's name and split), so an article read back from the store says what
    its analysis said."""
    add_quote_columns(4)(conn)
    conn.execute("ALTER TABLE mentions ADD COLUMN attrs_json TEXT NOT NULL DEFAULT '{}'")


def _m006_tools(conn: sqlite3.Connection) -> None:
    """The FTS indexes declared again so that datasette (`?_search=`) and sqlite-utils (`search`) see them,
    and the researchers' views (`khabar.store.views`). The indexes hold no data of their own (they index
    `text_norm`/`text_stem` of their table), so dropping them and rebuilding from the table loses nothing."""
    for table in ("articles", "quotes"):
        for suffix in ("ai", "ad", "au"):
            conn.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
        conn.execute(f"DROP TABLE IF EXISTS {table}_fts")
        _script(conn, _fts_sql(table))
        conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
    create_views(conn)


MIGRATIONS: list[tuple[int, str, Callable[[sqlite3.Connection], None]]] = [
    (1, "base", _m001_base),
    (2, "search", _m002_search),
    (3, "corpus", _m003_corpus),
    (4, "mentions", _m004_mentions),
    (5, "speaker gender", add_quote_columns(5)),
    (6, "fts for datasette and sqlite-utils, researcher views", _m006_tools),
    (7, "statement type", add_quote_columns(7)),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def applied(conn: sqlite3.Connection) -> list[int]:
    has = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone()
    if not has:
        return []
    return [row[0] for row in conn.execute("SELECT id FROM migrations ORDER BY id")]


def schema_version(conn: sqlite3.Connection) -> int:
    done = applied(conn)
    return max(done) if done else 0


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply every missing migration in order, each in one transaction; returns the ids applied now.

    What is missing is read again inside each write transaction, so two processes opening a new store at
    the same moment apply each migration once (the second finds it done and goes on)."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    _refuse_unknown(applied(conn))
    if set(applied(conn)) >= {m[0] for m in MIGRATIONS}:
        return []
    ran = []
    for number, name, func in MIGRATIONS:
        try:
            conn.execute("BEGIN IMMEDIATE")
            done = set(applied(conn))
            _refuse_unknown(done)
            if number not in done:
                func(conn)
                conn.execute("INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)", (number, name, now()))
                ran.append(number)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    if ran and set(applied(conn)) >= {m[0] for m in MIGRATIONS}:
        # a later migration may add a quotation column: the views show every field, so they follow
        conn.execute("BEGIN IMMEDIATE")
        try:
            create_views(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return ran


def _refuse_unknown(done: list[int] | set[int]) -> None:
    unknown = sorted(set(done) - {m[0] for m in MIGRATIONS})
    if unknown:
        raise StoreError(f"the store has schema migrations {unknown} this khabar does not know; upgrade khabar")


def read_only_reason(path: str | Path) -> str | None:
    """Why the store at `path` cannot be written, or None if it can. A file or folder without any write
    permission bit counts as read-only even for root (who could write it anyway): whoever removed the bits
    meant it. In WAL mode a writer also creates `-wal` and `-shm` files beside the store, so its folder
    must be writable too."""
    path = Path(path)
    folder = path.resolve().parent
    if path.exists() and (not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK)):
        return "the file is read-only"
    if folder.is_dir() and (not folder.stat().st_mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK)):
        return f"its folder {folder} is read-only"
    return None


def describe(exc: sqlite3.Error) -> str:
    """The reason of a SQLite failure in words, with SQLite's own message."""
    code = getattr(exc, "sqlite_errorcode", None)
    words = {
        sqlite3.SQLITE_FULL: "disk full",
        sqlite3.SQLITE_READONLY: "the store is read-only",
        sqlite3.SQLITE_BUSY: "another process kept the store locked for too long",
        sqlite3.SQLITE_LOCKED: "the store is locked",
        sqlite3.SQLITE_IOERR: "I/O error",
        sqlite3.SQLITE_CANTOPEN: "cannot open the file",
        sqlite3.SQLITE_CORRUPT: "the file is damaged",
        sqlite3.SQLITE_NOTADB: "not a SQLite database",
        sqlite3.SQLITE_PERM: "permission denied",
    }.get(code & 0xFF if isinstance(code, int) else -1)
    if code == sqlite3.SQLITE_IOERR_WRITE:  # SQLite says SQLITE_FULL only for ENOSPC; EFBIG, EDQUOT, EIO land here
        words = "a write failed: disk full, over a file size limit or quota, or a device error"
    return f"{words} ({exc})" if words else str(exc)


def store_path(conn: sqlite3.Connection) -> str:
    """The file of the connection's main database (`<memory>` for an in-memory one)."""
    for _, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or "<memory>"
    return "<memory>"


def is_read_only(conn: sqlite3.Connection) -> bool:
    """True for a connection that refuses writes (`connect(..., read_only=True)` sets `query_only`)."""
    return bool(conn.execute("PRAGMA query_only").fetchone()[0])


def connect(path: str | Path = DEFAULT_DB, *, create: bool = True,
            read_only: bool | None = None) -> sqlite3.Connection:
    """Open (and bring up to date) a store; WAL mode so a reader never blocks the ingest writing it.

    `read_only`: True opens the store for reading only (SQLite `mode=ro`: nothing is migrated or rebuilt,
    derived tables are served as they are); False requires write access and raises `StoreError` naming the
    file and the reason when the store is read-only; None (the default) opens an existing store read-only
    exactly when it cannot be written (`read_only_reason`), so reads work on a read-only store."""
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"{path}: no such store (run `khabar ingest` first)")
    reason = read_only_reason(path)
    if read_only is False and reason:
        raise StoreError(f"{path}: cannot write to the store: {reason} (make it writable, or use another --db)")
    if read_only or (read_only is None and reason and path.exists()):
        return _connect_read_only(path)
    deadline = time.monotonic() + _OPEN_PATIENCE
    pause = 0.05
    while True:
        conn = None
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            _functions(conn)
            migrate(conn)
            return conn
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            # Switching a new store to WAL, or reading a WAL index another process is rebuilding, can be
            # refused at once, without SQLite's busy wait: two ingests starting together must both open it.
            busy = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == sqlite3.SQLITE_BUSY
            if busy and time.monotonic() < deadline:
                time.sleep(pause)
                pause = min(pause * 2, 1.0)
                continue
            raise StoreError(f"{path}: cannot open as a khabar store: {describe(exc)}") from exc


_OPEN_PATIENCE = 60.0  # seconds to keep retrying an open refused as busy


def _functions(conn: sqlite3.Connection) -> None:
    conn.create_function("knorm", 1, lambda s: " ".join(norm_text(s).split()) if s else s, deterministic=True)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """`mode=ro`; where SQLite cannot make the WAL index (`-shm`) because the folder is read-only and no
    `-wal` file is left over, `immutable=1` (nobody can be writing a store whose folder cannot hold a
    `-wal` file)."""
    uri = path.resolve().as_uri()
    wal = Path(f"{path}-wal")
    conn = None
    try:
        try:
            conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=30)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            if conn is not None:
                conn.close()
                conn = None
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            if code not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN) or (wal.exists() and wal.stat().st_size):
                raise
            conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
        conn.execute("PRAGMA query_only = ON")
        _functions(conn)
        done = applied(conn)
        _refuse_unknown(done)
        if set(done) < {m[0] for m in MIGRATIONS}:
            raise StoreError(f"{path}: the store is read-only and was written by an older khabar (schema "
                             f"{max(done, default=0)}, this khabar needs {SCHEMA_VERSION}); open it once with "
                             "write access to bring it up to date")
    except (sqlite3.DatabaseError, StoreError) as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"{path}: cannot open as a khabar store: {describe(exc)}") from exc
    return conn


def get_state(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_state(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (key, value))
