"""The text room's word lists in `text/data/`: vocabulary an editor extends without touching code."""
from __future__ import annotations

from importlib.resources import files

_DATA = files("khabar.text") / "data"


def data_lines(name: str) -> list[str]:
    """The entries of a word list in `text/data/`, in file order: stripped, without blank lines and # comments."""
    out = []
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out
