"""`khabar bench`: articles/s, tokens/s and peak memory, on a synthetic corpus or a real one.

Kept apart from `cli.py` so the benchmark's imports (the generator, the whole pipeline) cost nothing to
the other commands; `cli.py` only calls `add_parser`.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register `bench` on the subparsers of `khabar`'s parser."""
    p = sub.add_parser("bench", help="time the pipeline on a synthetic (or real) corpus")
    p.add_argument("--articles", type=int, default=None, metavar="N",
                   help="articles to generate (default 1000), or to take from --input (default all)")
    p.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus (default 0)")
    p.add_argument("--input", metavar="PATH", help="benchmark on a real corpus (.jsonl, file or folder)")
    p.add_argument("--out", metavar="FILE", help="also write the results as JSON to FILE")
    p.add_argument("--no-text-layer", action="store_true", help="skip the text-layer-only run")
    p.set_defaults(func=run_bench)
    return p


def run_bench(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    """Run `khabar bench`; 0 on success, 2 if the corpus could not be read or is empty."""
    from khabar.eval.bench import generate_corpus, load_corpus, run_benchmark

    out = out if out is not None else sys.stdout
    n = args.articles
    if n is not None and n < 1:
        print("khabar: bench: --articles must be at least 1", file=sys.stderr)
        return 2
    if args.input:
        records, unreadable = load_corpus(args.input, limit=n)
        corpus = {"kind": "input", "path": args.input, "articles": len(records), "unreadable": unreadable}
    else:
        n = 1000 if n is None else n
        records = generate_corpus(n, args.seed)
        corpus = {"kind": "synthetic", "seed": args.seed, "articles": len(records)}
    if not records:
        print(f"khabar: {args.input or 'bench'}: no readable articles", file=sys.stderr)
        return 2
    result = run_benchmark(records, text_layer=not args.no_text_layer)
    result["corpus"] = corpus
    _print(result, out)
    if args.out:
        path = Path(args.out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


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
