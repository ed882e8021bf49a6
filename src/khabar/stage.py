"""The contract every pipeline stage shares: the options object and the stage declaration.

It lives apart from `pipeline` so that the inner rooms (text, entities, quotes) can declare their stages
without importing the pipeline that assembles them: data and imports flow one way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from khabar.article import Article


DEFAULT_MAX_CHARS = 500_000


@dataclass(slots=True)
class Options:
    """Every tunable of the pipeline, with defaults that suit Arabic news."""

    fold_ta_marbuta: bool = True  # ة→ه in the normalised view
    fold_alef_maqsura: bool = True  # ى→ي
    split_hashtags: bool = True
    keep_html: bool = False
    entities: bool = True
    # The NER model, by name (`khabar.entities.ner.TAGGERS`); an unknown name is refused naming the known ones.
    ner: str = "crf"
    quotes: bool = True
    min_confidence: float = 0.0
    # Longest text (characters; HTML may be ten times longer) analysed as one article; 0 means no limit.
    # A news article is under 100k characters; a 50 MB "article" is a concatenated dump that would take an
    # hour, so it is refused by name instead of stalling a batch.
    max_chars: int = DEFAULT_MAX_CHARS
    extra: dict[str, Any] = field(default_factory=dict)


class Stage(Protocol):
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, article: Article, options: Options) -> None: ...


def stage(requires: tuple[str, ...] = (), provides: tuple[str, ...] = ()) -> Callable[[Callable], Stage]:
    """Mark a function as a pipeline stage with what it needs and what it adds."""

    def wrap(fn: Callable) -> Stage:
        fn.requires = requires  # type: ignore[attr-defined]
        fn.provides = provides  # type: ignore[attr-defined]
        return fn  # type: ignore[return-value]

    return wrap


def check_order(stages: list[Stage]) -> None:
    """Refuse a pipeline whose stage needs a layer that no earlier stage provides."""
    have: set[str] = set()
    for st in stages:
        missing = [r for r in st.requires if r not in have]
        if missing:
            raise ValueError(f"stage {getattr(st, '__name__', st)} needs {missing} before it")
        have.update(st.provides)
