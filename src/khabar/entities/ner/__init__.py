"""Named-entity taggers behind one small interface, chosen by name (`Options.ner`).

What the entity stage needs from a tagger is typed character spans over the article's tokens; how they
are found is the tagger's own business. `crf` (the shipped CRF, `ner/crf/`) is the only one today; another
model is one more entry in `TAGGERS`. A tagger is built on request and loads its model on first use, so
naming one costs nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from khabar.errors import ModelError

DEFAULT = "crf"


class Tagger(Protocol):
    def tag_spans(self, text: str, token_offsets: list[tuple[int, int]], *,
                  words: list[str] | None = None) -> list[tuple[int, int, str]]:
        """Entity spans `(start, end, TYPE)` in character offsets of `text`, TYPE one of PER, ORG, LOC, MISC.

        `token_offsets` are the tokens to read (the whole text is one document); `words`, one per offset,
        are what the model reads instead of the raw slices (e.g. presentation forms rewritten as letters).
        """
        ...


def _crf() -> Tagger:
    from khabar.entities.ner.crf.tagger import CrfTagger

    return CrfTagger()


TAGGERS: dict[str, Callable[[], Tagger]] = {"crf": _crf}


def get_tagger(name: str = DEFAULT) -> Tagger:
    """The tagger registered as `name`; an unknown name is refused with the known ones, not guessed at."""
    factory = TAGGERS.get(name)
    if factory is None:
        raise ModelError(f"unknown NER model {name!r} (known: {', '.join(sorted(TAGGERS))})")
    return factory()
