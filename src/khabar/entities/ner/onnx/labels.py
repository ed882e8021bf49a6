"""A model's label map (`config.json` `id2label`) read as BIO tags over khabar's four entity types.

Exported models name their labels in several schemes (`B-PERS`, `I-ORGANIZATION`, `S-LOC`, `E-GPE`, plain
`PER`); the entity stage and the scorer read BIO over PER, ORG, LOC, MISC, so every label is rewritten once,
when the model loads, and the per-token work is a list lookup.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from khabar import datafiles

OUTSIDE = "O"
# Prefixes that open an entity and that continue one, across BIO/IOB2, BIOES and BILOU.
_OPENING = frozenset({"B", "S", "U"})
_CONTINUING = frozenset({"I", "E", "L", "M"})


@cache
def _types() -> dict[str, str]:
    return {name.upper(): typ for name, typ in datafiles.rows("khabar.entities", "ner_label_types.tsv")}


def to_bio(label: str) -> str:
    """`label` as `B-TYPE`, `I-TYPE` or `O` over khabar's types; a type khabar has no room for is `O`."""
    text = label.strip()
    prefix, sep, name = text.partition("-")
    if not sep:
        prefix, sep, name = text.partition("_")
    if sep and prefix.upper() in _OPENING | _CONTINUING:
        typ = _types().get(name.upper())
        if typ is None:
            return OUTSIDE
        return ("B-" if prefix.upper() in _OPENING else "I-") + typ
    typ = _types().get(text.upper())  # an IO label set (`PER`, `LOC`): each word continues its neighbour
    return f"I-{typ}" if typ else OUTSIDE


def read_label_map(config: Any, where: str) -> list[str]:
    """The BIO tag for each output index, from a parsed `config.json`; `where` names the file in errors.

    Raises ValueError with the reason when `id2label` is missing or does not number its labels 0..n-1.
    """
    if not isinstance(config, dict) or not isinstance(config.get("id2label"), dict) or not config["id2label"]:
        raise ValueError(f"{where} has no id2label (the label of each output of the model)")
    by_index: dict[int, str] = {}
    for key, label in config["id2label"].items():
        try:
            index = int(key)
        except (TypeError, ValueError):
            raise ValueError(f"{where}: id2label key {key!r} is not a number") from None
        if not isinstance(label, str):
            raise ValueError(f"{where}: id2label[{key!r}] is not a label name: {label!r}")
        by_index[index] = label
    if sorted(by_index) != list(range(len(by_index))):
        raise ValueError(f"{where}: id2label does not number its labels 0..{len(by_index) - 1}")
    return [to_bio(by_index[i]) for i in range(len(by_index))]
