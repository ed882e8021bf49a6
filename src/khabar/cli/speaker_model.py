"""`khabar train-speakers`, `train-channels` and `train-quotes`: fit the learned speaker scorer, channel scorer
and quotation filter on gold quotations and report cross-validation; one check of the training files for all."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from khabar.errors import InputError, ModelError

DEFAULT_TRAIN = ("../shared/eval/train/pages.jsonl", "../shared/eval/train/pages2.jsonl")
DEFAULT_LICENCE = ("none stated: shared/eval/README.md and shared/data/README.md give no licence for the gold "
                   "quotations; the articles are news from their outlets. The model keeps feature weights "
                   "only, no text")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train-speakers", help="fit the speaker scorer on gold quotations (needs khabar[train])")
    p.add_argument("gold", nargs="*", default=None,
                   help="gold JSONL files to train on (default: ../shared/eval/train/*.jsonl); never dev/")
    p.add_argument("--out", metavar="FILE", default=None,
                   help="weights file (default: the package's quotes/model/speakers.json)")
    p.add_argument("--no-cv", action="store_true", help="skip the 5-fold cross-validation by article")
    p.add_argument("--licence", default=DEFAULT_LICENCE, help="the training data's licence, for the model card")
    p.set_defaults(func=run_train_speakers)
    c = sub.add_parser("train-channels", help="fit the channel scorer on gold quotations (needs khabar[train])")
    c.add_argument("gold", nargs="*", default=None,
                   help="gold JSONL files to train on (default: ../shared/eval/train/*.jsonl); never dev/")
    c.add_argument("--out", metavar="FILE", default=None,
                   help="weights file (default: the package's quotes/model/channels.json)")
    c.add_argument("--no-cv", action="store_true", help="skip the 5-fold cross-validation by article")
    c.add_argument("--licence", default=DEFAULT_LICENCE, help="the training data's licence, for the model card")
    c.set_defaults(func=run_train_channels)
    q = sub.add_parser("train-quotes",
                       help="fit the quotation filter over generous candidates on gold quotations (needs khabar[train])")
    q.add_argument("gold", nargs="*", default=None,
                   help="gold JSONL files to train on (default: ../shared/eval/train/*.jsonl); never dev/")
    q.add_argument("--out", metavar="FILE", default=None,
                   help="weights file (default: the package's quotes/model/quote_filter.json)")
    q.add_argument("--no-cv", action="store_true", help="skip the 5-fold cross-validation by article")
    q.set_defaults(func=run_train_quotes)


def _training_files(args: argparse.Namespace, command: str) -> list[Path]:
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise ModelError(f"{command} needs scikit-learn: pip install 'khabar[train]'") from exc
    paths = [Path(p) for p in (args.gold or DEFAULT_TRAIN)]
    for p in paths:
        if not p.exists():
            raise InputError(str(p), "gold file not found (pass the training JSONL files)")
        if "dev" in p.parts:
            raise InputError(str(p), "dev/ is the quality gate; train on train/ only")
    return paths


def run_train_channels(args: argparse.Namespace) -> int:
    from khabar.eval.channel_training import train

    paths = _training_files(args, "train-channels")
    report = train(paths, Path(args.out) if args.out else None, cv=not args.no_cv, licence=args.licence)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


def run_train_speakers(args: argparse.Namespace) -> int:
    from khabar.eval.speaker_training import train

    paths = _training_files(args, "train-speakers")
    report = train(paths, Path(args.out) if args.out else None, cv=not args.no_cv, licence=args.licence)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


def run_train_quotes(args: argparse.Namespace) -> int:
    from khabar.eval.quote_training import train

    paths = _training_files(args, "train-quotes")
    report = train(paths, Path(args.out) if args.out else None, cv=not args.no_cv)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0
