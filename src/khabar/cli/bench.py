"""`khabar bench`, `bench-ingest`, `bench-memory` and `bench-web`: the benchmarks of `khabar.bench`, printed as tables.

`khabar bench` gives articles/s, tokens/s and peak memory on a synthetic corpus or a real one. The benchmark
modules are imported only when a benchmark runs, so they cost nothing to the other commands.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="time the pipeline on a synthetic (or real) corpus")
    p.add_argument("--articles", type=int, default=None, metavar="N",
                   help="articles to generate (default 1000), or to take from --input (default all)")
    p.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus (default 0)")
    p.add_argument("--input", metavar="PATH", help="benchmark on a real corpus (.jsonl, file or folder)")
    p.add_argument("--out", metavar="FILE", help="also write the results as JSON to FILE")
    p.add_argument("--no-text-layer", action="store_true", help="skip the text-layer-only run")
    p.add_argument("--corpus", metavar="PATH",
                   help="benchmark on a real corpus in any `khabar batch` input format (JSONL[.gz|.zst], JSON, "
                        "a zip or folder of zips of JSON lists, Parquet, WARC); see --text-column")
    p.add_argument("--text-column", default="text", metavar="NAME", help="with --corpus: key of the text")
    p.add_argument("--html-column", default="html", metavar="NAME", help="with --corpus: key of the HTML")
    p.add_argument("--id-column", default="id", metavar="NAME", help="with --corpus: key of the id")
    p.add_argument("--stages", action="store_true", help="also time each stage of the full pipeline")
    p.add_argument("--scaling", nargs="?", const="auto", default=None, metavar="N,N,...",
                   help="also run `khabar batch` with 1, 2 and all cores (or the given worker counts)")
    p.add_argument("--profile", type=int, default=None, metavar="N",
                   help="also profile (cProfile) the full pipeline on the first N articles: top 10 by own time")
    p.set_defaults(func=run_bench)

    b = sub.add_parser("bench-ingest", help="ingest articles/s and peak memory on generated corpora")
    b.add_argument("--articles", type=int, nargs="+", default=[1000, 10000], metavar="N",
                   help="corpus sizes (default 1000 10000)")
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--batch-size", type=int, default=100)
    b.add_argument("--out", metavar="FILE", help="also write the results as JSON to FILE")
    b.set_defaults(func=run_bench_ingest)

    m = sub.add_parser("bench-memory", help="peak RSS of ingest and of a batch worker over a real corpus")
    m.add_argument("--corpus", required=True, metavar="PATH",
                   help="a real corpus in any `khabar batch` input format (e.g. a folder of zips of JSON lists)")
    m.add_argument("--text-column", default="text", metavar="NAME", help="key of the text (SaudiNewsNet: content)")
    m.add_argument("--id-column", default="id", metavar="NAME", help="key of the id")
    m.add_argument("--articles", type=int, nargs="+", default=[2000, 10000], metavar="N",
                   help="first N articles of the corpus, one ingest per N (default 2000 10000)")
    m.add_argument("--keep", metavar="DIR", help="leave the corpora, stores and batch output in DIR")
    m.add_argument("--no-batch", action="store_true", help="skip the batch worker over the largest N")
    m.add_argument("--out", metavar="FILE", help="also write the results as JSON to FILE")
    m.set_defaults(func=run_bench_memory)

    w = sub.add_parser("bench-web", help="loopback load test of /api/quotes: requests/s and p95 latency")
    w.add_argument("--articles", type=int, default=10000, help="articles in the generated store (default 10000)")
    w.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    w.add_argument("--requests", type=int, default=2000, help="requests in all (default 2000)")
    w.add_argument("--seconds", type=float, default=120.0, help="stop after this long whatever is left")
    w.add_argument("--db", default=None, help="use this store instead of generating one")
    w.add_argument("--workers", type=int, nargs="+", default=[1], metavar="N",
                   help="run the load once per number of `khabar serve --workers N` processes (default 1)")
    w.add_argument("--json", action="store_true", help="print the result as one JSON object")
    w.set_defaults(func=run_bench_web)


def run_bench(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    """Run `khabar bench`; 0 on success, 2 if the corpus could not be read or is empty."""
    from khabar.bench.pipeline import generate_corpus, load_corpus, run_benchmark

    out = out if out is not None else sys.stdout
    n = args.articles
    if n is not None and n < 1:
        print("khabar: bench: --articles must be at least 1", file=sys.stderr)
        return 2
    if getattr(args, "corpus", None):
        from khabar.bench.pipeline import load_tabular_corpus

        records, unreadable = load_tabular_corpus(args.corpus, limit=n, text_column=args.text_column,
                                                  html_column=args.html_column, id_column=args.id_column)
        corpus = {"kind": "corpus", "path": args.corpus, "articles": len(records), "unreadable": unreadable}
    elif args.input:
        records, unreadable = load_corpus(args.input, limit=n)
        corpus = {"kind": "input", "path": args.input, "articles": len(records), "unreadable": unreadable}
    else:
        n = 1000 if n is None else n
        records = generate_corpus(n, args.seed)
        corpus = {"kind": "synthetic", "seed": args.seed, "articles": len(records)}
    if not records:
        print(f"khabar: {getattr(args, 'corpus', None) or args.input or 'bench'}: no readable articles",
              file=sys.stderr)
        return 2
    result = run_benchmark(records, text_layer=not args.no_text_layer)
    result["corpus"] = corpus
    _extras(args, records, result)
    _print(result, out)
    if args.out:
        path = Path(args.out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


def _extras(args: argparse.Namespace, records: list[dict[str, Any]], result: dict[str, Any]) -> None:
    """The floor (always), and the stage table, worker scaling and profile when asked."""
    from khabar.bench.pipeline import add_floor_ratios, cpu_model, floor_run, profile_run, scaling_run, stage_run

    result["machine"]["cpu_model"] = cpu_model()
    result["floor"] = floor_run(records)
    if getattr(args, "stages", False):
        result["stages"] = stage_run(records)
    add_floor_ratios(result)
    scaling = getattr(args, "scaling", None)
    if scaling:
        if scaling == "auto":
            from khabar.batch import default_workers

            workers = sorted({1, 2, default_workers()})
        else:
            try:
                workers = sorted({int(w) for w in scaling.split(",") if w.strip()})
            except ValueError:
                workers = [1]
            workers = [w for w in workers if w >= 1] or [1]
        result["scaling"] = scaling_run(records, workers)
        result["scaling_cpus"] = os.cpu_count()
    if getattr(args, "profile", None):
        result["profile"] = profile_run(records[: args.profile])
        result["profile_articles"] = min(args.profile, len(records))


def _print(result: dict[str, Any], out: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, highlight=False)
    corpus, machine = result["corpus"], result["machine"]
    source = f"seed {corpus['seed']}" if corpus["kind"] == "synthetic" else corpus["path"]
    table = Table(title=f"khabar {result['pipeline_version']} — {corpus['articles']} articles ({source})")
    columns = [
        ("run", "run"), ("art/s", "articles_per_s"), ("tok/s", "tokens_per_s"), ("median ms", "median_ms"),
        ("p95 ms", "p95_ms"), ("1st ms", "first_article_ms"), ("fail", "failures"), ("RSS MB", "peak_rss_mb"),
    ]
    for title, _ in columns:
        table.add_column(title, justify="left" if title == "run" else "right")
    for run in result["runs"]:
        table.add_row(*("-" if run.get(key) is None else str(run.get(key)) for _, key in columns))
    console.print(table)
    console.print(
        f"{machine['platform']} · {machine['cpu_count']} CPUs · "
        f"{machine['implementation']} {machine['python']} · one process, one article at a time"
    )
    console.print(
        "art/s and tok/s are over warm articles; 1st ms is the first article, which loads models and lexicons; "
        "RSS MB is the process peak after each run."
    )
    _print_extras(result, console)


def _print_extras(result: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    floor = result.get("floor")
    if floor:
        ratios = ", ".join(f"{r['run']} {r['floor_ratio']}×" for r in result["runs"] if r.get("floor_ratio"))
        console.print(f"floor: {floor['articles_per_s']} art/s ({floor['what']}); time vs floor: {ratios}")
        if result["machine"].get("cpu_model"):
            console.print(f"CPU: {result['machine']['cpu_model']}")
    if result.get("stages"):
        table = Table(title="full pipeline, stage by stage (one process)")
        for title in ("stage", "seconds", "share", "art/s alone", "× floor"):
            table.add_column(title, justify="left" if title == "stage" else "right")
        for st in result["stages"]:
            table.add_row(st["stage"], f"{st['seconds']:.3f}", f"{st['share']:.1%}", str(st["articles_per_s"]),
                          str(st.get("floor_ratio", "-")))
        console.print(table)
    if result.get("scaling"):
        table = Table(title=f"khabar batch scaling ({result.get('scaling_cpus')} CPUs, wall clock incl. start-up)")
        for title in ("workers", "art/s", "per worker", "speedup", "seconds", "shard size", "worker RSS MB"):
            table.add_column(title, justify="right")
        for row in result["scaling"]:
            table.add_row(str(row["workers"]), str(row["articles_per_s"]), str(row["per_worker_articles_per_s"]),
                          str(row["speedup"]), str(row["seconds"]), str(row["shard_size"]),
                          str(row["worker_peak_rss_mb"]))
        console.print(table)
    if result.get("profile"):
        table = Table(title=f"cProfile, full pipeline, {result.get('profile_articles')} articles: top by own time")
        for title in ("function", "calls", "tottime s", "share", "cumtime s"):
            table.add_column(title, justify="left" if title == "function" else "right")
        for row in result["profile"]:
            table.add_row(row["function"], str(row["calls"]), f"{row['tottime_s']:.3f}", f"{row['share']:.1%}",
                          f"{row['cumtime_s']:.3f}")
        console.print(table)


def run_bench_ingest(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    from rich.table import Table

    from khabar.bench.ingest import bench_ingest
    from khabar.cli.console import make_console

    out = out if out is not None else sys.stdout
    if any(n < 1 for n in args.articles):
        print("khabar: bench-ingest: --articles must be at least 1", file=sys.stderr)
        return 2
    result = bench_ingest(list(args.articles), seed=args.seed, batch_size=args.batch_size)
    m = result["machine"]
    table = Table(title=f"khabar ingest {result['pipeline_version']} — synthetic corpus, seed {result['seed']}")
    cols = [("articles", "articles"), ("quotes", "quotes"), ("ingest art/s", "ingest_articles_per_s"),
            ("e2e art/s", "end_to_end_articles_per_s"), ("RSS MB", "peak_rss_mb"),
            ("again art/s", "reingest_articles_per_s"), ("store MB", "db_mb")]
    for title, _ in cols:
        table.add_column(title, justify="right")
    for run in result["runs"]:
        table.add_row(*(str(run[key]) for _, key in cols))
    console = make_console(out)
    console.print(table)
    console.print(f"{m['platform']} · {m['cpu_count']} CPUs · {m['implementation']} {m['python']} · "
                  f"one ingest process, batches of {result['batch_size']}")
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


def run_bench_memory(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    from khabar.bench.memory import bench_memory, growth
    from khabar.bench.pipeline import load_tabular_corpus

    out = out if out is not None else sys.stdout
    if any(n < 1 for n in args.articles):
        print("khabar: bench-memory: --articles must be at least 1", file=sys.stderr)
        return 2
    records, _ = load_tabular_corpus(args.corpus, limit=max(args.articles), text_column=args.text_column,
                                     id_column=args.id_column)
    if not records:
        print(f"khabar: bench-memory: {args.corpus}: no articles read (see --text-column)", file=sys.stderr)
        return 2
    result = bench_memory(records, list(args.articles), keep=args.keep, batch=not args.no_batch)
    result["corpus"] = args.corpus
    runs = result["ingest"]
    for run in runs:
        print(f"ingest {run['articles']:>6} articles: peak RSS {run['peak_rss_mb']} MB (before the rebuild "
              f"{run.get('before_rebuild_mb')} MB), {run['seconds']} s", file=out)
    if len(runs) > 1:
        print(f"ingest growth {runs[0]['articles']} -> {runs[-1]['articles']}: "
              f"{growth(runs[0]['peak_rss_mb'], runs[-1]['peak_rss_mb']):+.1%}", file=out)
    if result["batch"]:
        curve = result["batch"]["worker_curve"]
        print("batch worker peak RSS by articles analysed: " + ", ".join(
            f"{c['articles']}: {c['worker_peak_rss_mb']} MB" for c in curve), file=out)
    if runs:
        print("bounded caches at the end of the largest ingest (entries/bound): " + ", ".join(
            f"{name.rsplit('.', 1)[-1]} {size['entries']}/{size['maxsize']}" for name, size in runs[-1]["caches"].items() if size["maxsize"] is not None),
            file=out)
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


def run_bench_web(args: argparse.Namespace) -> int:
    from khabar.bench.web import build_store, load_test

    with tempfile.TemporaryDirectory(prefix="khabar-load-") as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "load.db"
        stored = None
        if not args.db:
            t0 = time.perf_counter()
            stored = build_store(db, args.articles)
            print(f"khabar: bench-web: {stored} articles stored in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        results = [load_test(db, clients=args.clients, requests=args.requests, seconds=args.seconds, workers=w)
                   for w in args.workers]
    bad = 0
    for result in results:
        result.update(articles=stored, machine=f"{platform.machine()} {os.cpu_count()} CPUs, "
                                                f"{platform.python_implementation()} {platform.python_version()}")
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            for key, value in result.items():
                print(f"{key:>18}: {value}")
            print()
        bad += sum(n for code, n in result["statuses"].items() if int(code) >= 500) + result["connection_errors"]
    return 1 if bad else 0
