"""`khabar eval` and `khabar gate`: argument handling and printing over `khabar.eval`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from khabar.eval import gate
from khabar.eval.quotes import evaluate
from khabar.pipeline import Options


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score quotation extraction against a gold JSONL file")
    p.add_argument("gold", nargs="+", help="gold JSONL files (GUIDELINES.md format); only id and text are read")
    p.add_argument("--show-errors", action="store_true", help="list misses, spurious quotes, wrong speakers and wrong fields")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.add_argument("--min-confidence", type=float, default=0.0)
    p.set_defaults(func=run_eval)

    g = sub.add_parser("gate", help="check quotation quality on ../shared/eval/dev against committed floors")
    g.add_argument("--floors", type=Path, default=None, help="floors file (default quality/floors.json)")
    g.add_argument("--raise", dest="raise_floors", action="store_true",
                   help="move floors up to today's figures (never down)")
    g.set_defaults(func=run_gate)


def _print_figures(figures: dict) -> None:
    for key, value in figures.items():
        print(f"{key:>15}: {value}")


def run_eval(args: argparse.Namespace) -> int:
    result = evaluate(args.gold, Options(min_confidence=args.min_confidence))
    figures = result.figures()
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    if args.show_errors:
        for line in result.errors:
            print(line)
    _print_figures(figures)
    return 0


def run_gate(args: argparse.Namespace) -> int:
    shared = gate.find_shared()
    if shared is None or not gate.dev_files(shared):
        print("khabar gate: ../shared/eval/dev not found; quality gate skipped", file=sys.stderr)
        return 0
    floors_file = args.floors or (Path("quality/floors.json") if Path("quality/floors.json").exists()
                                  else gate.floors_path())
    figures = evaluate(gate.dev_files(shared)).figures()
    _print_figures(figures)
    if args.raise_floors:
        floors = gate.raise_floors(figures, floors_file)
        print(f"floors now {json.dumps(floors['quotes_dev'])} in {floors_file}")
        return 0
    result = gate.check(figures, gate.load_floors(floors_file))
    for line in result.failures:
        print(f"khabar gate: {line}", file=sys.stderr)
    return 0 if result.ok else 1
