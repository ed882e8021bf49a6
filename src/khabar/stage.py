"""The contract every pipeline stage shares: the options object and the stage declaration.

It lives apart from `pipeline` so that the inner rooms (text, entities, quotes) can declare their stages
without importing the pipeline that assembles them: data and imports flow one way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from khabar.article import Article
from khabar.budget import DEFAULT_MAX_SECONDS, Deadline


DEFAULT_MAX_CHARS = 500_000


@dataclass(slots=True)
class Options:
    """Every tunable of the pipeline, with defaults that suit Arabic news."""

    fold_ta_marbuta: bool = True  # ة→ه in the normalised view
    fold_alef_maqsura: bool = True  # ى→ي
    split_hashtags: bool = True
    keep_html: bool = False
    entities: bool = True
    # The NER model, by name (`khabar.entities.ner.TAGGERS`) or as the folder of an ONNX token-classification
    # export the user brings (`--ner-model DIR`); an unknown name is refused naming the known ones.
    ner: str = "crf"
    quotes: bool = True
    min_confidence: float = 0.0
    # Longest text (characters; HTML may be ten times longer) analysed as one article; 0 means no limit.
    # A news article is under 100k characters; a 50 MB "article" is a concatenated dump that would take an
    # hour, so it is refused by name instead of stalling a batch.
    max_chars: int = DEFAULT_MAX_CHARS
    # Seconds one article may take (0: no budget): past it the article is refused by name as over budget.
    max_seconds: float = DEFAULT_MAX_SECONDS
    extra: dict[str, Any] = field(default_factory=dict)
    # Set by the pipeline for the article being analysed (from max_seconds), never by a caller; the long
    # loops of each stage ask it through `check_time`.
    deadline: Deadline | None = field(default=None, compare=False, repr=False)

    def check_time(self, where: str) -> None:
        """Raise `OverBudgetError` when the article being analysed is past its budget."""
        if self.deadline is not None:
            self.deadline.check(where)


class Stage(Protocol):
    requires: tuple[str, ...]
    reads: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, article: Article, options: Options) -> None: ...


class StageContractError(RuntimeError):
    """A stage changed a layer it does not declare in `provides`: a bug in that stage, never bad input."""


def stage(requires: tuple[str, ...] = (), provides: tuple[str, ...] = (),
          reads: tuple[str, ...] = ()) -> Callable[[Callable], Stage]:
    """Mark a function as a pipeline stage: the layers it needs before it (`requires`), those it reads when
    an earlier stage made them (`reads`: the quotation stage uses the entities if there are any), and those
    it adds or changes (`provides`; the pipeline refuses a change to any other)."""

    def wrap(fn: Callable) -> Stage:
        fn.requires = requires  # type: ignore[attr-defined]
        fn.reads = reads  # type: ignore[attr-defined]
        fn.provides = provides  # type: ignore[attr-defined]
        return fn  # type: ignore[return-value]

    return wrap


def fingerprint(article: Article) -> dict[str, Any]:
    """What each layer of `article` is now, cheaply enough to take around every stage: a layer or view by
    its object and length, the entities down to each one's name, type, mentions and roles (the quotation
    stage adds mentions to entities and retypes them), the quotations by their list."""
    out: dict[str, Any] = {name: (id(spans), len(spans)) for name, spans in article.layers.items()}
    out.update({name: id(view) for name, view in article.views.items()})
    out["entities"] = (id(article.entities), tuple((id(e), e.name, e.type, len(e.mentions), len(e.roles))
                                                   for e in article.entities))
    out["quotes"] = (id(article.quotes), len(article.quotes))
    return out


def check_writes(st: Stage, before: dict[str, Any], after: dict[str, Any]) -> None:
    """Raise `StageContractError` when `st` changed a layer outside its `provides`."""
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    undeclared = [name for name in changed if name not in st.provides]
    if undeclared:
        raise StageContractError(f"stage {getattr(st, '__name__', st)} wrote {undeclared} without declaring them "
                                 f"in provides={list(st.provides)}")


def check_order(stages: list[Stage]) -> None:
    """Refuse a pipeline whose stage needs a layer that no earlier stage provides."""
    have: set[str] = set()
    for st in stages:
        missing = [r for r in st.requires if r not in have]
        if missing:
            raise ValueError(f"stage {getattr(st, '__name__', st)} needs {missing} before it")
        have.update(st.provides)
