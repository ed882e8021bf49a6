"""`khabar sources` and `khabar report`: who gets quoted in a stored corpus, as figures or as a page of charts.
Parsing and printing only; the figures are `khabar.store.sources`, the drawing `khabar.report`."""
from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import IO, Any


def _filters(p: argparse.ArgumentParser) -> None:
    from khabar.store.search import GENDERS, KINDS, STATEMENT_TYPES

    p.add_argument("--db", default="khabar.db", help="the SQLite store (default khabar.db)")
    p.add_argument("--source", help="only articles from this outlet")
    p.add_argument("--since", metavar="DATE", help="article date on or after YYYY-MM-DD")
    p.add_argument("--until", metavar="DATE", help="article date on or before YYYY-MM-DD")
    p.add_argument("--entity", help="only articles mentioning this entity")
    p.add_argument("--query", metavar="WORDS", help="only articles whose text matches this FTS5 query (topic words)")
    p.add_argument("--speaker", help="only this corpus speaker (any of their names)")
    p.add_argument("--kind", choices=KINDS, help="only direct, indirect or mixed quotations")
    p.add_argument("--type", dest="statement_type", choices=STATEMENT_TYPES, help="only this statement type")
    p.add_argument("--gender", choices=GENDERS, help="only quotations whose speaker the article shows as F or M")
    p.add_argument("--top", type=int, default=15, metavar="N", help="speakers in each most-quoted list (default 15)")


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("sources", help="who gets quoted: gender, kinds and roles of speakers, statement types, "
                                       "top speakers, per outlet and month")
    _filters(s)
    s.add_argument("--format", choices=["text", "json", "csv"], default="text",
                   help="csv is long: one row per figure (table, row, column, value)")
    s.set_defaults(func=run_sources)
    register_report(sub)


def figures(args: argparse.Namespace) -> Any:
    import sqlite3

    from khabar.errors import StoreError
    from khabar.store import Filters, connect, refresh_derived
    from khabar.store.schema import describe
    from khabar.store.sources import corpus_figures

    filters = Filters(speaker=args.speaker, entity=args.entity, kind=args.kind, since=args.since,
                      until=args.until, source=args.source, statement_type=args.statement_type, gender=args.gender)
    conn = connect(args.db, create=False)
    try:
        refresh_derived(conn)
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc):
            raise StoreError(f"{args.db}: cannot rebuild corpus speakers: {describe(exc)}") from exc
        print(f"khabar: warning: {args.db} is read-only; corpus speakers may be stale", file=sys.stderr)
    try:
        return corpus_figures(conn, filters, args.query, top=args.top)
    finally:
        conn.close()


def run_sources(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    out = out if out is not None else sys.stdout
    fig = figures(args)
    if args.format == "json":
        out.write(json.dumps(fig.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return 0
    if args.format == "csv":
        writer = csv.writer(out)
        writer.writerow(["table", "row", "column", "value"])
        writer.writerow(["corpus", 0, "articles", fig.articles])
        writer.writerow(["corpus", 0, "quotations", fig.quotations])
        writer.writerow(["corpus", 0, "speakers", fig.speakers])
        for name, table in fig.tables.items():
            for i, row in enumerate(table.rows):
                for col, value in zip(table.columns, row):
                    writer.writerow([name, i, col, "" if value is None else value])
        return 0
    from rich.table import Table as RichTable

    from khabar.cli.console import make_console

    console = make_console(out)
    shown = ", ".join(f"{k}={v}" for k, v in fig.filters.items()) or "none"
    console.print(f"{fig.articles} articles, {fig.quotations} quotations, {fig.speakers} speakers (filters: {shown})")
    for table in fig.tables.values():
        rt = RichTable(title=table.title, show_edge=False)
        for col in table.columns:
            rt.add_column(col)
        for row in table.rows:
            rt.add_row(*["" if v is None else str(v) for v in row])
        console.print(rt)
    return 0


def register_report(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("report", help="the sources figures as charts beside tables: one offline HTML page or PNGs "
                                      "(needs khabar[report])")
    _filters(r)
    r.add_argument("--out", default="report.html",
                   help="the HTML file, or with --format png the folder of PNGs (default report.html)")
    r.add_argument("--format", choices=["html", "png"], default="html")
    r.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    from khabar.errors import ModelError

    try:
        from khabar.report import write_html, write_pngs
        import arabic_reshaper  # noqa: F401
        import bidi  # noqa: F401
    except ImportError as exc:
        raise ModelError(f"report needs matplotlib, arabic-reshaper and python-bidi ({exc.name} is missing): "
                         "pip install 'khabar[report]'") from exc
    fig = figures(args)
    if args.format == "png":
        out = args.out if args.out != "report.html" else "report"
        written = write_pngs(fig, out)
        print(f"khabar: report: {len(written)} charts in {out}/ ({fig.quotations} quotations)", file=sys.stderr)
    else:
        path = write_html(fig, args.out)
        print(f"khabar: report: {path} ({fig.articles} articles, {fig.quotations} quotations)", file=sys.stderr)
    return 0
