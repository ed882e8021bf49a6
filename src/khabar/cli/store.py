"""`khabar ingest`, `search`, `speakers`, `quote-origin`, `export` and `datasette-metadata`: argument parsing and printing over
`khabar.store`."""
from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from khabar.cli.console import add_budget_argument, add_ner_model_argument, make_progress, ner_options, wants_progress
from khabar.stage import DEFAULT_MAX_CHARS


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default="khabar.db", help="the SQLite store (default khabar.db)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="analyse articles and store them in a SQLite corpus (idempotent, resumable)")
    p.add_argument("paths", nargs="+", help="files (.txt .html .htm .jsonl), folders, or - for stdin")
    _db(p)
    p.add_argument("--batch-size", type=int, default=100, metavar="N",
                   help="articles per transaction (default 100); a killed ingest redoes at most one batch")
    p.add_argument("--min-confidence", type=float, default=0.0)
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help="refuse (and report) articles longer than N characters; 0: no limit")
    p.add_argument("--no-entities", action="store_true")
    add_ner_model_argument(p)
    add_budget_argument(p)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--quiet", action="store_true", help="no progress and no summary; bad records still reported")
    out.add_argument("--log-json", action="store_true", help="one JSON object per batch, error and at the end, on stderr")
    p.set_defaults(func=run_ingest)

    from khabar.store.search import GENDERS, KINDS, STATEMENT_TYPES

    s = sub.add_parser("search", help="full-text search of stored quotations (Arabic-folded), with filters")
    s.add_argument("query", nargs="?", default="", help="FTS5 query: words, \"phrases\", AND/OR/NOT, prefix*")
    _db(s)
    s.add_argument("--speaker", help="only this corpus speaker (any of their names)")
    s.add_argument("--entity", help="only articles mentioning this entity")
    s.add_argument("--kind", choices=KINDS)
    s.add_argument("--type", dest="statement_type", choices=STATEMENT_TYPES,
                   help="only quotations of this statement type")
    s.add_argument("--gender", choices=GENDERS, help="only quotations whose speaker the article shows as F or M")
    s.add_argument("--since", metavar="DATE", help="article date on or after YYYY-MM-DD")
    s.add_argument("--until", metavar="DATE", help="article date on or before YYYY-MM-DD")
    s.add_argument("--source", help="only articles from this outlet")
    s.add_argument("--articles", action="store_true", help="search article text instead of quotations")
    s.add_argument("--format", choices=["text", "jsonl", "csv"], default="text")
    s.add_argument("--limit", type=int, default=20, help="at most N results (default 20; 0 = all)")
    s.set_defaults(func=run_search)

    k = sub.add_parser("speakers", help="corpus speakers with quotation and article counts")
    _db(k)
    k.add_argument("--limit", type=int, default=50, help="at most N speakers (default 50; 0 = all)")
    k.add_argument("--type", help="only this speaker type (PER, ORG, DOC, ANON)")
    k.add_argument("--format", choices=["text", "jsonl", "csv"], default="text")
    k.set_defaults(func=run_speakers)

    o = sub.add_parser("quote-origin", help="where a quotation first appeared, and who else carried it")
    o.add_argument("text", help="the quotation (or most of it)")
    _db(o)
    o.add_argument("--threshold", type=float, default=None, help="minimum estimated Jaccard similarity (default 0.5)")
    o.add_argument("--format", choices=["text", "json"], default="text")
    o.set_defaults(func=run_quote_origin)

    e = sub.add_parser("export", help="export articles, quotations or entities as JSONL, CSV or Parquet")
    _db(e)
    e.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    e.add_argument("--table", choices=["articles", "quotes", "entities"], default="quotes")
    e.add_argument("--out", required=True, metavar="PATH")
    e.add_argument("--no-bom", action="store_true",
                   help="CSV without the UTF-8 byte order mark spreadsheets need to read Arabic (default: with)")
    e.set_defaults(func=run_export)

    d = sub.add_parser("datasette-metadata",
                       help="print a datasette metadata file for a store: tables, views and columns explained")
    _db(d)
    d.add_argument("--out", metavar="PATH", help="write it here instead of to stdout")
    d.set_defaults(func=run_datasette_metadata)


def _open(db: str) -> Any:
    """An existing store for a command that only reads: opened read-only when it cannot be written."""
    from khabar.store import connect

    return connect(db, create=False)


def _derived(conn: Any, db: str) -> None:
    """Bring corpus speakers and quotation groups up to date, or warn that a read-only store's are not."""
    import sqlite3

    from khabar.errors import StoreError
    from khabar.store import refresh_derived
    from khabar.store.ingest import derived_stale
    from khabar.store.schema import describe

    try:
        refresh_derived(conn)
    except sqlite3.Error as exc:
        raise StoreError(f"{db}: cannot rebuild corpus speakers and quotation groups: {describe(exc)}") from exc
    if derived_stale(conn):
        print(f"khabar: warning: {db}: the store is read-only and its corpus speakers and quotation groups "
              "predate its last ingest; they are shown as they are (open it once with write access to rebuild "
              "them)", file=sys.stderr)


def _console(out: IO[str]) -> Any:
    from khabar.cli.console import make_console

    return make_console(out)


def run_ingest(args: argparse.Namespace, stdin: IO[Any] | None = None, err: IO[str] | None = None) -> int:
    from khabar.pipeline import Options
    from khabar.store import connect, ingest_paths

    err = err if err is not None else sys.stderr
    options = Options(entities=not args.no_entities, min_confidence=args.min_confidence, max_chars=args.max_chars,
                      max_seconds=args.max_seconds, **ner_options(args))
    if options.entities:
        from khabar.entities.ner import check_tagger

        check_tagger(options.ner)  # a broken --ner-model is one error, not one per article
    conn = connect(args.db, read_only=False)  # a read-only store is refused here, before any input is read
    progress = task = None
    if not args.log_json and wants_progress(err, args.quiet):
        from rich.progress import TextColumn

        from khabar.readers import count_articles
        from khabar.readers.batch_output import looks_like_batch_output

        paths = list(args.paths)
        total = None if any(looks_like_batch_output(p) for p in paths) else count_articles(paths)
        progress = make_progress(err, "ingest", TextColumn("{task.fields[detail]}"))
        task = progress.add_task("ingest", total=total, detail="")
        progress.start()

    def on_batch(stats: Any) -> None:
        if progress is not None:
            progress.update(task, completed=stats.read,
                            detail=f"added {stats.added}, unchanged {stats.unchanged}, failed {stats.failed}")
        elif args.log_json:
            print(json.dumps({"event": "batch", **stats.to_dict()}), file=err, flush=True)

    def on_error(source: str, reason: str) -> None:
        if args.log_json:
            print(json.dumps({"event": "error", "source": source, "reason": reason}, ensure_ascii=False),
                  file=err, flush=True)
        elif progress is not None:
            progress.console.print(f"khabar: {source}: {reason}", markup=False, highlight=False)
        else:
            print(f"khabar: {source}: {reason}", file=err, flush=True)

    try:
        stats = ingest_paths(conn, list(args.paths), stdin=stdin, options=options, batch_size=args.batch_size,
                             on_batch=on_batch, on_error=on_error)
    except KeyboardInterrupt:
        print(f"khabar: ingest: interrupted; the batches committed are kept in {args.db}, run the same command "
              "again to resume", file=err)
        return 130
    finally:
        if progress is not None:
            progress.stop()
        conn.close()
    summary = stats.to_dict()
    if args.log_json:
        print(json.dumps({"event": "done", "db": args.db, **summary}), file=err, flush=True)
    elif not args.quiet:
        print(f"khabar: ingest: {stats.read} read, {stats.added} added, {stats.updated} re-extracted, "
              f"{stats.unchanged} unchanged, {stats.failed} failed, {stats.quotes} quotations "
              f"({stats.articles_per_s} articles/s) into {args.db}", file=err)
    stored = stats.added + stats.updated + stats.unchanged
    if stats.failed:
        return 1 if stored else 2
    return 0


def _write_rows(rows: list[dict[str, Any]], fmt: str, out: IO[str]) -> None:
    """Search and speaker rows as JSONL or CSV through the store's one row writer (nothing for no rows)."""
    from khabar.store.export import write_rows

    if rows:
        write_rows(out, list(rows[0]), rows, fmt)


def _highlighted(text: str, spans: list[Any]) -> Any:
    from rich.text import Text

    t = Text(text)
    for s, e in spans:
        t.stylize("bold reverse", s, e)
    return t


def run_search(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    from rich.text import Text

    from khabar.store import Filters, search_articles, search_quotes

    out = out if out is not None else sys.stdout
    conn = _open(args.db)
    if args.speaker:
        _derived(conn, args.db)
    filters = Filters(speaker=args.speaker, entity=args.entity, kind=args.kind, since=args.since,
                      until=args.until, source=args.source, statement_type=args.statement_type,
                      gender=args.gender)
    if args.articles:
        if not args.query.strip():
            print("khabar: search: --articles needs a query", file=sys.stderr)
            return 2
        rows = search_articles(conn, args.query, filters, limit=args.limit or None)
    else:
        rows = search_quotes(conn, args.query, filters, limit=args.limit or None)
    if args.format != "text":
        _write_rows(rows, args.format, out)
        return 0
    console = _console(out)
    for r in rows:
        head = Text.assemble((str(r.get("speaker") or r.get("title") or ""), "bold yellow"), "  ",
                             (str(r["article_id"]), "cyan"), "  ", (str(r.get("date") or "-"), "dim"), "  ",
                             (str(r.get("source") or ""), "dim"))
        if r.get("kind"):
            head.append(f"  {r['kind']}", style="magenta")
        console.print(head)
        body = r["text"] if "text" in r else r["snippet"]
        console.print(Text("  ").append(_highlighted(body, r["highlights"])))
    if not rows:
        print("khabar: search: no matches", file=sys.stderr)
    return 0


def run_speakers(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    from khabar.store import list_speakers

    out = out if out is not None else sys.stdout
    conn = _open(args.db)
    _derived(conn, args.db)
    rows = list_speakers(conn, limit=args.limit or None, type_=args.type)
    if args.format != "text":
        _write_rows(rows, args.format, out)
        return 0
    from rich.table import Table

    table = Table(show_edge=False)
    for col in ("speaker", "type", "gender", "quotes", "articles", "roles", "also written"):
        table.add_column(col, justify="right" if col in ("quotes", "articles") else "left")
    for r in rows:
        table.add_row(r["name"], r["type"], r["gender"] or "", str(r["quotes"]), str(r["articles"]),
                      "، ".join(r["roles"][:3]),
                      "، ".join(a for a in r["aliases"] if a != r["name"])[:80])
    _console(out).print(table)
    return 0


def run_quote_origin(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    from khabar.store import quote_origin
    from khabar.store.provenance import THRESHOLD

    out = out if out is not None else sys.stdout
    conn = _open(args.db)
    _derived(conn, args.db)
    found = quote_origin(conn, args.text, threshold=args.threshold if args.threshold is not None else THRESHOLD)
    if args.format == "json":
        out.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return 0 if found else 1
    if not found:
        print("khabar: quote-origin: no stored quotation is near-identical to this text", file=sys.stderr)
        return 1
    from rich.text import Text

    console = _console(out)
    for g in found:
        src = g["source"]
        console.print(Text.assemble(("first in ", "dim"), (str(src["article_id"]), "bold cyan"), "  ",
                                    str(src.get("date") or "-"), "  ", str(src.get("source") or ""), "  ",
                                    (str(src.get("speaker") or ""), "bold yellow"),
                                    (f"  similarity {g['similarity']}", "dim")))
        console.print(Text("  " + src["text"], style="italic"))
        for m in g["carried_by"]:
            console.print(Text.assemble("  also ", (str(m["article_id"]), "cyan"), "  ", str(m.get("date") or "-"),
                                        "  ", str(m.get("source") or ""), "  ", str(m.get("speaker") or "")))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from khabar.store.export import export, require_pyarrow

    if args.format == "parquet":
        require_pyarrow()
    conn = _open(args.db)
    _derived(conn, args.db)
    n = export(conn, args.table, args.format, args.out, bom=not args.no_bom)
    print(f"khabar: export: {n} {args.table} rows to {args.out}", file=sys.stderr)
    return 0


def run_datasette_metadata(args: argparse.Namespace) -> int:
    from pathlib import Path

    from khabar.store.datasette import metadata

    text = json.dumps(metadata(Path(args.db).stem), ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
