"""`khabar train-quotes`: fit the learned quotation filter on gold quotations and report cross-validation."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from khabar.errors import InputError, ModelError

DEFAULT_TRAIN = ("../shared/eval/train/pages.jsonl", "../shared/eval/train/pages2.jsonl")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train-quotes",
                       help="fit the quotation filter over generous candidates on gold quotations (needs khabar[train])")
    p.add_argument("gold", nargs="*", default=None,
                   help="gold JSONL files to train on (default: ../shared/eval/train/*.jsonl); never dev/")
    p.add_argument("--out", metavar="FILE", default=None,
                   help="weights file (default: the package's quotes/model/quote_filter.json)")
    p.add_argument("--no-cv", action="store_true", help="skip the 5-fold cross-validation by article")
    p.set_defaults(func=run_train_quotes)


def run_train_quotes(args: argparse.Namespace) -> int:
    from khabar.eval.quote_training import train

    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise ModelError("train-quotes needs scikit-learn: pip install 'khabar[train]'") from exc
    paths = [Path(p) for p in (args.gold or DEFAULT_TRAIN)]
    for p in paths:
        if not p.exists():
            raise InputError(str(p), "gold file not found (pass the training JSONL files)")
        if "dev" in p.parts:
            raise InputError(str(p), "dev/ is the quality gate; train on train/ only")
    report = train(paths, Path(args.out) if args.out else None, cv=not args.no_cv)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0
