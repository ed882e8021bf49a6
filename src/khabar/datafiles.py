"""The project's word lists and lexicons as data files: one reader for every room's `data/` folder.

A list is UTF-8 text, one entry per line (tab-separated columns in `.tsv`); blank lines and `#` comments
are skipped, entries keep file order. Rooms read them once (behind `functools.cache`) and fold as they need.
This module knows nothing else in khabar, so every room may use it.
"""
from __future__ import annotations

from importlib.resources import files


def lines(package: str, name: str) -> list[str]:
    """The entries of `package`'s `data/name`, stripped, in file order."""
    out = []
    for line in (files(package) / "data" / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def rows(package: str, name: str) -> list[list[str]]:
    """The entries of `package`'s `data/name` split into their tab-separated columns."""
    return [line.split("\t") for line in lines(package, name)]
