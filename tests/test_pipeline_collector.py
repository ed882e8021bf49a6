"""The pipeline holds the cyclic garbage collector off during an article's stages and gives it back as found."""
from __future__ import annotations

import gc

import pytest

from khabar.article import Article
from khabar.pipeline import run
from khabar.stage import Options, stage


def _observer(seen: list[bool]):
    @stage(requires=(), provides=())
    def observe(article: Article, options: Options) -> None:
        seen.append(gc.isenabled())

    return observe


def test_collector_is_off_during_the_stages_and_on_again_after() -> None:
    seen: list[bool] = []
    assert gc.isenabled()
    run(Article(text="قال سامر الحداد إن المعرض يفتح غداً."), stages=[_observer(seen)])
    assert seen == [False]
    assert gc.isenabled()


def test_collector_a_caller_turned_off_stays_off() -> None:
    seen: list[bool] = []
    gc.disable()
    try:
        run(Article(text="قال سامر الحداد إن المعرض يفتح غداً."), stages=[_observer(seen)])
        assert seen == [False]
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collector_comes_back_when_a_stage_fails() -> None:
    @stage(requires=(), provides=())
    def fail(article: Article, options: Options) -> None:
        raise RuntimeError("a stage that breaks")

    with pytest.raises(RuntimeError):
        run(Article(text="نص قصير."), stages=[fail])
    assert gc.isenabled()
