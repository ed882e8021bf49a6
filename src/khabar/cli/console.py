"""What the command groups share, since they never import each other: the rich console they print through,
and the `--ner-model` option every command that runs the entity stage declares alike."""
from __future__ import annotations

import argparse
from typing import IO, Any


def make_console(out: IO[str]) -> Any:
    """A rich console on `out` that never wraps Arabic mid-word nor treats article text as markup."""
    from rich.console import Console

    return Console(file=out, highlight=False, markup=False, emoji=False, soft_wrap=True)


def add_ner_model_argument(p: argparse.ArgumentParser) -> None:
    """`--ner-model DIR`, the same on every command that runs the entity stage."""
    p.add_argument("--ner-model", metavar="DIR", default=None,
                   help="the folder of an ONNX token-classification export (model.onnx, tokenizer.json, "
                        "config.json with id2label; needs khabar[onnx]) to tag entities with instead of the CRF")


def ner_options(args: argparse.Namespace) -> dict[str, str]:
    """The `Options.ner` that `--ner-model` asks for, or nothing (the default tagger)."""
    folder = getattr(args, "ner_model", None)
    return {"ner": folder} if folder else {}
