"""What the pipeline keeps between articles is bounded, so a long ingest or batch worker stays flat: every
per-word cache has a size limit, an unbounded cache only ever holds a fixed set of keys, and the NER word
reader keeps its most recent words within its limit. (Peak RSS over 2,000 and 10,000 real articles is
measured by `khabar bench-memory`, docs/reliability.md; the end-of-ingest rebuild is
tests/test_store_memory.py.)"""
from __future__ import annotations

import pytest

from khabar.bench.caches import cache_sizes
from khabar.bench.hard import SHAPES, invented_word
from khabar.entities.ner.crf import features
from khabar.pipeline import extract


def test_every_cache_is_bounded_or_keyed_by_a_fixed_set() -> None:
    before = cache_sizes()
    for shape in SHAPES.values():  # thousands of distinct invented words
        extract(shape(120))
    after = cache_sizes()
    assert any(size["maxsize"] for size in after.values())
    for name, size in after.items():
        if size["maxsize"] is None:  # a data file's table or a model: a handful of keys, never one per word
            assert size["entries"] <= 16, (name, size)
        else:
            assert size["entries"] <= size["maxsize"], (name, size)
    grown = [n for n in after if after[n]["maxsize"] is None
             and after[n]["entries"] > before.get(n, {"entries": 0})["entries"] + 8]
    assert not grown, grown


def test_the_word_reader_keeps_its_recent_words_within_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features, "_CACHE_LIMIT", 100)
    reader = features.WordReader()
    words = [invented_word(i, 5) for i in range(350)]
    for w in words:
        reader.word(w)
    assert len(reader._cache) <= 100
    assert words[-1] in reader._cache and words[0] not in reader._cache
    assert reader.word(words[0]) is reader.word(words[0])  # an evicted word is read again and kept
