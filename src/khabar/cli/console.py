"""The rich console the commands print through; shared by the command groups, which never import each other."""
from __future__ import annotations

from typing import IO, Any


def make_console(out: IO[str]) -> Any:
    """A rich console on `out` that never wraps Arabic mid-word nor treats article text as markup."""
    from rich.console import Console

    return Console(file=out, highlight=False, markup=False, emoji=False, soft_wrap=True)
