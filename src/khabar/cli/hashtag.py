"""`khabar hashtag` and `khabar eval-hashtags`: argument handling and printing over `khabar.hashtagging`."""
from __future__ import annotations

import argparse
import json
import sys

from khabar.errors import KhabarError
from khabar.hashtagging import HashtagOptions, hashtag_record, load_style
from khabar.readers import ReadFailure, iter_records


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hashtag", help="write hashtags into articles the way news editors do")
    p.add_argument("paths", nargs="+", help="files (.txt .html .htm .jsonl), folders, or - for stdin")
    _tagging_options(p)
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="text: the tagged article; json: it with each hashtag's offsets in the input, "
                        "the ranked suggestions and the article's broken (merged) hashtags")
    p.add_argument("--list", action="store_true",
                   help="print the ranked suggestions (tag, salience, mentions, what became of it) instead")
    p.set_defaults(func=run_hashtag)

    e = sub.add_parser("eval-hashtags", help="score khabar's hashtags against articles tagged by their editors")
    e.add_argument("paths", nargs="+", help="tagged articles: files (.txt .jsonl), folders, or - for stdin")
    _tagging_options(e)
    e.add_argument("--show-errors", action="store_true", help="list missed and spurious hashtags")
    e.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    e.set_defaults(func=run_eval_hashtags)


def _tagging_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--every", action="store_true", help="tag every mention written in full, not only the first")
    p.add_argument("--max", type=int, default=None, metavar="N", help="at most N distinct hashtags, most salient first")
    p.add_argument("--inside-quotes", action="store_true", help="also tag inside a quotation's own words")
    p.add_argument("--style", default=None, metavar="FILE",
                   help="house style file: `always NAME`, `never NAME`, `prefer NAME = SPELLING` lines")


def _options(args: argparse.Namespace) -> HashtagOptions:
    style = load_style(args.style) if args.style else None
    return HashtagOptions(every=args.every, max=args.max, inside_quotes=args.inside_quotes, style=style)


def run_hashtag(args: argparse.Namespace) -> int:
    options = _options(args)
    done = failed = 0
    docs = []
    for rec in iter_records(args.paths):
        if isinstance(rec, ReadFailure):
            print(f"khabar: {rec}", file=sys.stderr)
            failed += 1
            continue
        try:
            doc = hashtag_record(rec, options)
        except KhabarError as exc:
            print(f"khabar: {getattr(rec, 'origin', '') or rec.get('id')}: {exc}", file=sys.stderr)
            failed += 1
            continue
        done += 1
        if args.format == "json":
            docs.append(doc)
        elif args.list:
            if done > 1:
                print()
            for s in doc["suggestions"]:
                print(f"{s['tag']}\t{s['salience']}\t{s['mentions']}\t{s['status']}")
        else:
            if done > 1:
                print()
            print(doc["text"])
    if args.format == "json" and docs:
        print(json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=2))
    return 2 if not done else (1 if failed else 0)


def run_eval_hashtags(args: argparse.Namespace) -> int:
    from khabar.eval.hashtags import evaluate

    result = evaluate(iter_records(args.paths), _options(args))
    figures = result.figures()
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        if args.show_errors:
            for line in result.errors():
                print(line)
        for key, value in figures.items():
            print(f"{key:>20}: {value}")
    for line in result.failures:
        print(f"khabar: {line}", file=sys.stderr)
    return 2 if not result.articles else 0
