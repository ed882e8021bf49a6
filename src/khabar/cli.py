"""The command line: argument parsing and printing only; every command is a few lines over the library."""
from __future__ import annotations

import argparse
import sys

from khabar.errors import KhabarError
from khabar.stage import DEFAULT_MAX_CHARS


def _cmd_extract(args: argparse.Namespace) -> int:
    from khabar.cli_extract import run_extract

    return run_extract(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="khabar", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="analyse articles and print their layers")
    p.add_argument("paths", nargs="+", help="files (.txt .html .htm .jsonl), folders, or - for stdin")
    p.add_argument("--format", choices=["json", "jsonl", "text", "conll"], default="json",
                   help="conll: token, BIO entity tag and entity id per line, for inspection")
    p.add_argument("--keep-html", action="store_true", help="keep the input HTML in the output")
    p.add_argument("--min-confidence", type=float, default=0.0)
    p.add_argument("--no-entities", action="store_true")
    p.add_argument("--no-quotes", action="store_true")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help=f"refuse (and report) articles longer than N characters; 0: no limit (default {DEFAULT_MAX_CHARS:,})")
    p.set_defaults(func=_cmd_extract)

    from khabar import cli_ner
    from khabar.cli_eval import add_parsers as add_eval_parsers

    p = sub.add_parser("train-ner", help="train the NER model from ANERcorp into the package")
    cli_ner.add_train_ner_arguments(p)
    p.set_defaults(func=cli_ner.run_train_ner)
    p = sub.add_parser("eval-ner", help="score the NER model on a CoNLL-style file (per type and overall)")
    cli_ner.add_eval_ner_arguments(p)
    p.set_defaults(func=cli_ner.run_eval_ner)

    add_eval_parsers(sub)
    from khabar.cli_train_speakers import add_parser as add_train_speakers_parser
    add_train_speakers_parser(sub)

    # --- store: ingest, search, speakers, quote-origin, export live in khabar.cli_store ---
    from khabar.cli_store import add_parsers as add_store_parsers
    add_store_parsers(sub)

    # --- bench: parser and handler live in khabar.cli_bench (add_parser, run_bench) ---
    from khabar.cli_bench import add_parser as add_bench_parser

    add_bench_parser(sub)

    # --- batch: parser and handler live in khabar.cli_batch (add_parsers, run_batch) ---
    from khabar.cli_batch import add_parsers as add_batch_parsers
    add_batch_parsers(sub)

    # --- web: serve, demo live in khabar.cli_web (add_parsers) ---
    from khabar.cli_web import add_parsers as add_web_parsers
    add_web_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KhabarError as exc:
        print(f"khabar: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
