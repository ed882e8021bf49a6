"""The text room's word lists in `text/data/`: vocabulary an editor extends without touching code."""
from __future__ import annotations

from khabar.datafiles import lines


def data_lines(name: str) -> list[str]:
    """The entries of a word list in `text/data/`, in file order: stripped, without blank lines and # comments."""
    return lines("khabar.text", name)
