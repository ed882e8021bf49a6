"""Word lists the CRF reads as features: places, titles, honorifics, speech triggers, org and place heads.

Lists live in `entities/data/*.txt` so a model's features never depend on the installed babel version:
`cldr_places.txt` is generated once from CLDR (`python -m khabar.entities.training.cldr`), the rest are
hand-kept.
All entries are folded the same way as the tagger's tokens, so lookups are plain set/dict hits.
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

from khabar.arabic.model import model_fold as fold

# Gazetteer kinds, each also a CRF feature name.
KINDS = ("place", "role", "hon", "trig", "orgw", "locw", "given")
_FILES = {
    "place": ("cldr_places.txt", "places.txt"),
    "role": ("roles.txt",),
    "hon": ("honorifics.txt",),
    "trig": ("triggers.txt",),
    "orgw": ("org_words.txt",),
    "locw": ("loc_words.txt",),
    "given": ("given_names.txt",),
}
_SPLIT = re.compile(r"\s+")


def _read_lines(name: str) -> list[str]:
    text = resources.files("khabar.entities").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@cache
def phrases() -> dict[str, frozenset[tuple[str, ...]]]:
    """Each kind's entries as tuples of folded words, for multi-word matching."""
    out: dict[str, frozenset[tuple[str, ...]]] = {}
    for kind, files in _FILES.items():
        items: set[tuple[str, ...]] = set()
        for name in files:
            for line in _read_lines(name):
                words = tuple(fold(w) for w in _SPLIT.split(line))
                if words and all(words):
                    items.add(words)
        out[kind] = frozenset(items)
    return out


@cache
def index() -> dict[str, dict[str, tuple[tuple[str, ...], ...]]]:
    """kind → first folded word → the remaining words of each entry, longest first."""
    out: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {}
    for kind, items in phrases().items():
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in items:
            by_first.setdefault(words[0], []).append(words[1:])
        out[kind] = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}
    return out
