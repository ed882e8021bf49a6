"""Cost linear in the input: each stage, on articles built to be hard, at one size and at four times it.

Measured as the ratio of two CPU times taken in one run (the process's own time, so other jobs on the
machine do not count), never as an absolute time. Linear work gives a ratio of about 4; work that compares
every item with every other gives 16. The bound, 9, leaves room for noise and n·log n.
"""
from __future__ import annotations

import gc
import time

import pytest

from khabar.article import Article
from khabar.bench.hard import SHAPES
from khabar.pipeline import default_stages
from khabar.stage import Options

OPTIONS = Options(max_chars=0)
BOUND = 9.0
FLOOR = 0.02  # seconds: below this at the larger size a stage's time is noise, whatever its ratio


def _stage_times(text: str) -> dict[str, float]:
    """Each stage's CPU time, the garbage collector off: its full passes cost the size of the whole heap,
    which would charge a stage for what the others left in memory."""
    article = Article(text=text)
    out: dict[str, float] = {}
    gc.collect()
    gc.disable()
    try:
        for st in default_stages(OPTIONS):
            t = time.process_time()
            st(article, OPTIONS)
            out[st.__name__] = time.process_time() - t
    finally:
        gc.enable()
    return out


def _best_of(text: str, runs: int = 2) -> dict[str, float]:
    times = [_stage_times(text) for _ in range(runs)]
    return {k: min(t[k] for t in times) for k in times[0]}


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    _stage_times("قال سامر الحداد: «نعم». #وادي_الصفصاف")  # models and word lists load once, outside the timing


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_whole_pipeline_grows_linearly(shape: str) -> None:
    small, large = _best_of(SHAPES[shape](150)), _best_of(SHAPES[shape](600))
    ratio = sum(large.values()) / max(sum(small.values()), 1e-3)
    assert ratio <= BOUND, f"{shape}: 4x the input took {ratio:.1f}x the time ({small} → {large})"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_stage_grows_linearly(shape: str) -> None:
    small, large = _best_of(SHAPES[shape](150)), _best_of(SHAPES[shape](600))
    slow = {name: round(large[name] / max(small[name], 1e-3), 1) for name in large
            if large[name] > FLOOR and large[name] / max(small[name], 1e-3) > BOUND}
    assert not slow, f"{shape}: stages over {BOUND}x for 4x the input: {slow}"


def test_the_hard_articles_grow_with_their_size() -> None:
    """The shapes are what they claim: four times the size is about four times the text."""
    for name, make in SHAPES.items():
        ratio = len(make(400)) / len(make(100))
        assert 3.5 <= ratio <= 4.5, name
