"""What the command groups share, since they never import each other: the rich console they print through
and the `--max-seconds` option of every command that analyses articles."""
from __future__ import annotations

import argparse
from typing import IO, Any

from khabar.budget import DEFAULT_MAX_SECONDS, check_seconds


def make_console(out: IO[str]) -> Any:
    """A rich console on `out` that never wraps Arabic mid-word nor treats article text as markup."""
    from rich.console import Console

    return Console(file=out, highlight=False, markup=False, emoji=False, soft_wrap=True)


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

