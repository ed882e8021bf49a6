"""`khabar batch`: argument parsing and the progress bar over `khabar.batch` (local pool or Spark)."""
from __future__ import annotations

import argparse
import sys
import time

from khabar.cli.console import add_budget_argument, add_ner_model_argument, ner_options, wants_progress
from khabar.stage import DEFAULT_MAX_CHARS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch",
        help="analyse large inputs in parallel into sharded JSONL/Parquet with a manifest (resumable)",
        description="Analyse .jsonl[.gz|.zst], .json, .zip, .parquet, .warc[.gz], .txt and .html inputs "
                    "(files or folders) into OUT/shards/part-XXXXX.{jsonl,parquet}, OUT/manifest.json and "
                    "OUT/errors.jsonl. Re-running the same command resumes: finished shards are skipped.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created; reused to resume)")
    p.add_argument("--engine", choices=["local", "spark"], default="local")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores); with --engine spark, local[N]")
    p.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl",
                   help="shard format of the local engine (Spark always writes Parquet)")
    p.add_argument("--shard-size", type=int, default=1000, metavar="N",
                   help="records per shard within large inputs, files per shard for .txt/.html (default 1000)")
    p.add_argument("--text-column", default="text", metavar="NAME", help="column or key of the plain text")
    p.add_argument("--html-column", default="html", metavar="NAME", help="column or key of the HTML")
    p.add_argument("--id-column", default="id", metavar="NAME", help="column or key of the article id")
    p.add_argument("--date-column", default="date", metavar="NAME", help="column or key of the date")
    p.add_argument("--title-column", default="title", metavar="NAME", help="column or key of the title")
    p.add_argument("--url-column", default="url", metavar="NAME", help="column or key of the url")
    p.add_argument("--spark-master", default=None, metavar="URL",
                   help="Spark master (default local[N]; under spark-submit, whatever it was given)")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                   help="with --engine spark: a Spark setting, passed on as it is (repeatable)")
    p.add_argument("--spark-ui", action="store_true",
                   help="with --engine spark: start Spark's web UI (off by default; a local Spark listens on "
                        "127.0.0.1 only)")
    p.add_argument("--min-confidence", type=float, default=0.0)
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help="refuse (and report) articles longer than N characters; 0: no limit")
    p.add_argument("--no-entities", action="store_true")
    add_ner_model_argument(p)
    p.add_argument("--no-quotes", action="store_true")
    add_budget_argument(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    p.set_defaults(func=run_batch)


class RichProgress:
    """A rich progress bar on stderr: articles done, articles/s, elapsed and remaining time."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self._t0 = time.monotonic()
        self._done0 = 0
        self._bar = Progress(
            TextColumn("[bold]khabar batch"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} articles/s"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        )
        self._task = None

    def start(self, total: int | None, done: int) -> None:
        self._done0 = done
        self._bar.start()
        self._task = self._bar.add_task("batch", total=total, completed=done, rate="-")

    def advance(self, n: int) -> None:
        self._bar.advance(self._task, n)
        task = self._bar.tasks[0]
        elapsed = time.monotonic() - self._t0
        rate = (task.completed - self._done0) / elapsed if elapsed > 0 else 0.0
        self._bar.update(self._task, rate=f"{rate:,.0f}")

    def finish(self) -> None:
        self._bar.stop()


def run_batch(args: argparse.Namespace) -> int:
    """0: every record analysed; 1: some failed (see errors.jsonl) or shards left unfinished; 2: nothing."""
    from khabar.batch import BatchConfig, run_local
    from khabar.pipeline import Options
    from khabar.readers.tabular import Columns

    if args.workers is not None and args.workers < 1:
        print("khabar: batch: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.shard_size < 1:
        print("khabar: batch: --shard-size must be at least 1", file=sys.stderr)
        return 2
    if not args.no_entities and getattr(args, "ner_model", None):
        from khabar.entities.ner import check_tagger

        check_tagger(args.ner_model)  # refused once here, not once per record in every worker
    config = BatchConfig(
        inputs=list(args.inputs), out=args.out, workers=args.workers, format=args.format,
        shard_size=args.shard_size,
        options=Options(entities=not args.no_entities, quotes=not args.no_quotes,
                        min_confidence=args.min_confidence, max_chars=args.max_chars,
                        max_seconds=args.max_seconds, **ner_options(args)),
        columns=Columns(id=args.id_column, text=args.text_column, html=args.html_column, date=args.date_column,
                        title=args.title_column, url=args.url_column),
    )
    if args.engine == "spark":
        from khabar.batch.spark_job import run_spark

        from khabar.batch.spark_job import parse_conf

        manifest = run_spark(config, master=args.spark_master, conf=parse_conf(args.conf), ui=args.spark_ui)
    else:
        progress = RichProgress() if wants_progress(sys.stderr, args.quiet) else None
        manifest = run_local(config, progress=progress)
    totals = manifest["totals"]
    if not args.quiet:
        seconds = (manifest.get("last_run") or {}).get("seconds")
        print(f"khabar: batch: {totals['records']} articles, {totals['failures']} failures, "
              f"{totals['skipped']} skipped, {totals['shards_complete']}/{totals['shards']} shards"
              + (f" in {seconds:.1f} s" if seconds else "") + f" → {args.out}", file=sys.stderr)
        for reason, count in list(manifest["failures_by_reason"].items())[:5]:
            print(f"khabar: batch:   {count} × {reason}", file=sys.stderr)
    from khabar.batch.hints import inputs_without_text

    for path, has in inputs_without_text(manifest):  # shown even with --quiet: nothing came of this input
        print(f"khabar: batch: {path}: no record has a {args.text_column!r} or {args.html_column!r} field"
              + (f" (its fields: {', '.join(has[:20])}{', …' if len(has) > 20 else ''})" if has else "")
              + "; name the one holding the article with --text-column NAME (or --html-column NAME)",
              file=sys.stderr)
    failed = [s for s in manifest["shards"] if s.get("status") == "failed"]
    for shard in failed[:5]:  # shown even with --quiet: the run did not finish
        print(f"khabar: batch: shard {shard['index']} ({shard['file']}) not written: {shard.get('error')}",
              file=sys.stderr)
    if failed:
        print(f"khabar: batch: {len(failed)} shard(s) not written; the {totals['shards_complete']} finished are "
              f"kept in {args.out}, re-run the same command to resume once the cause is fixed", file=sys.stderr)
    from khabar.batch.manifest import exit_code

    return exit_code(manifest)
