"""Named-entity taggers behind one small interface, chosen by name (`Options.ner`).

What the entity stage needs from a tagger is typed character spans over the article's tokens; how they
are found is the tagger's own business. `crf` (the shipped CRF, `ner/crf/`) is the named one; a folder
path instead of a name is a token-classification model the user exported to ONNX (`ner/onnx/`), for a
newsroom that has a stronger model than may ship. Another model is one more entry in `TAGGERS`. A tagger
is built on request and loads its model on first use, so naming one costs nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from khabar.errors import ModelError

DEFAULT = "crf"


class Tagger(Protocol):
    def tag_spans(self, text: str, token_offsets: list[tuple[int, int]], *, words: list[str] | None = None,
                  check_time: Callable[[str], None] | None = None) -> list[tuple[int, int, str]]:
        """Entity spans `(start, end, TYPE)` in character offsets of `text`, TYPE one of PER, ORG, LOC, MISC.

        `token_offsets` are the tokens to read (the whole text is one document); `words`, one per offset,
        are what the model reads instead of the raw slices (e.g. presentation forms rewritten as letters).
        `check_time(where)`, when given, is the article's time budget (`Options.check_time`): a tagger asks it
        along its long loops and lets the `OverBudgetError` it raises go through.
        """
        ...


def _crf() -> Tagger:
    from khabar.entities.ner.crf.tagger import CrfTagger

    return CrfTagger()


TAGGERS: dict[str, Callable[[], Tagger]] = {"crf": _crf}


def is_model_folder(name: str) -> bool:
    """Whether `name` is meant as a folder rather than a registered name: it has a path separator or
    names a folder that exists (a registered name wins; write `./crf` for a folder called crf)."""
    return name not in TAGGERS and ("/" in name or "\\" in name or Path(name).is_dir())


def get_tagger(name: str = DEFAULT) -> Tagger:
    """The tagger registered as `name`, or the ONNX model in the folder `name`; an unknown name is refused
    with the known ones, not guessed at."""
    factory = TAGGERS.get(name)
    if factory is not None:
        return factory()
    if is_model_folder(name):
        from khabar.entities.ner.onnx.tagger import OnnxTagger

        return OnnxTagger(name)
    raise ModelError(f"unknown NER model {name!r} (known: {', '.join(sorted(TAGGERS))}, or the folder of an "
                     "ONNX token-classification export)")


def check_tagger(name: str = DEFAULT) -> None:
    """Load `name`'s model now, so a door refuses a missing or broken model once, before reading any input,
    instead of once per article."""
    load = getattr(get_tagger(name), "load", None)
    if callable(load):
        load()
