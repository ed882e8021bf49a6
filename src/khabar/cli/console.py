"""What the command groups share, since they never import each other: the rich console they print through,
the progress bar of the commands that analyse many articles, their `--max-seconds` option, and the
`--ner-model` option every command that runs the entity stage declares alike."""
from __future__ import annotations

import argparse
from typing import IO, Any

from khabar.budget import DEFAULT_MAX_SECONDS, check_seconds


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


def seconds_arg(value: str) -> float:
    """argparse type of --max-seconds: refused with argparse's usage message when not a budget."""
    from khabar.errors import ParameterError

    try:
        return check_seconds(value, "--max-seconds")
    except ParameterError as exc:
        raise argparse.ArgumentTypeError(exc.reason) from None


def add_budget_argument(p: argparse.ArgumentParser, default: float = DEFAULT_MAX_SECONDS) -> None:
    """--max-seconds, the same on every command that analyses articles."""
    p.add_argument("--max-seconds", type=seconds_arg, default=default, metavar="S",
                   help=f"skip (and report as over budget) an article that takes longer than S seconds; "
                        f"0: no budget (default {default:g})")


def wants_progress(stream: Any, quiet: bool = False) -> bool:
    """A bar only for a person watching a terminal: piped or redirected, stderr carries only the errors and
    the summary a script or a log reads."""
    if quiet:
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


def make_progress(stream: IO[str], what: str, *extra: Any) -> Any:
    """A rich bar on `stream`: done of total (`?` while the total is unknown), articles per second, time
    spent and left; `extra` columns go before the times."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, ProgressColumn, Progress, TextColumn, \
        TimeElapsedColumn, TimeRemainingColumn
    from rich.text import Text

    class ArticlesPerSecond(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.1f} articles/s" if speed else "- articles/s")

    return Progress(TextColumn(f"[bold]khabar {what}"), BarColumn(), MofNCompleteColumn(), ArticlesPerSecond(),
                    *extra, TimeElapsedColumn(), TimeRemainingColumn(),
                    console=Console(file=stream, highlight=False), transient=False)
