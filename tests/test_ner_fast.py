"""The numpy CRF tagger gives exactly python-crfsuite's labels (issue 21: same output, faster)."""
from __future__ import annotations

from pathlib import Path

import pytest

from khabar.entities.ner.crf.fast import FastCrf
from khabar.entities.ner.crf.features import hashtag_flags, sentence_features, sentence_parts
from khabar.entities.ner.crf.tagger import default_model_path, load_model

ANERCORP_TEST = Path("/work/shared/data/anercorp/test.txt")


def _sentences() -> list[list[str]]:
    from khabar.entities.training.conll import read_conll

    if not ANERCORP_TEST.is_file():
        pytest.skip("ANERcorp test file not available")
    return [tokens for tokens, _ in read_conll(ANERCORP_TEST, "anercorp")]


def test_fast_tagger_labels_equal_crfsuite_on_anercorp_test() -> None:
    m = load_model()
    fast = FastCrf(default_model_path())
    lex = m.lexicon or None
    checked = 0
    for tokens in _sentences():
        hashtags = hashtag_flags(tokens)
        feats = sentence_features(tokens, hashtags, lexicon=lex, reader=m.reader)
        want = list(m.first.tag(feats))
        assert fast.tag_parts(sentence_parts(tokens, hashtags, lexicon=lex, reader=m.reader)) == want, tokens
        assert fast.tag(feats) == want
        checked += len(tokens)
    assert checked > 20_000  # the whole file was read, not a stub


def _crfsuite_labels(sentences: list[list[str]]) -> tuple[list[list[str]], list]:
    m = load_model()
    lex = m.lexicon or None
    parts, want = [], []
    for tokens in sentences:
        hashtags = hashtag_flags(tokens)
        parts.append(sentence_parts(tokens, hashtags, lexicon=lex, reader=m.reader))
        want.append(list(m.first.tag(sentence_features(tokens, hashtags, lexicon=lex, reader=m.reader))))
    return want, parts


def test_batched_summed_parts_decoder_equals_crfsuite_on_anercorp_test() -> None:
    # The default path: part rows summed ahead (another float order), sentences decoded together.
    fast = FastCrf(default_model_path())
    sentences = _sentences()
    want, parts = _crfsuite_labels(sentences)
    got = []
    for k in range(0, len(parts), 60):
        got += fast.tag_many(parts[k:k + 60])
    assert got == want
    assert sum(map(len, got)) > 20_000


def test_near_ties_are_decoded_the_exact_way(monkeypatch: pytest.MonkeyPatch) -> None:
    # A margin no decision can win by sends every sentence to the exact decoder: labels unchanged.
    import khabar.entities.ner.crf.fast as fast_module

    sentences = _sentences()[:150]
    want, parts = _crfsuite_labels(sentences)
    monkeypatch.setattr(fast_module, "_MARGIN", 1e9)
    fast = FastCrf(default_model_path())
    assert fast.tag_many(parts) == want
    assert fast.exact_retries == sum(1 for p in parts if p)


def test_part_rows_running_out_change_no_label(monkeypatch: pytest.MonkeyPatch) -> None:
    # With room for 40 part rows, a call overflows (parts added attribute by attribute) and the next
    # frees the least recently read half.
    import khabar.entities.ner.crf.fast as fast_module

    sentences = _sentences()[:120]
    want, parts = _crfsuite_labels(sentences)
    monkeypatch.setattr(fast_module, "_CACHE_LIMIT", 40)
    fast = FastCrf(default_model_path())
    got = []
    for k in range(0, len(parts), 30):
        got += fast.tag_many(parts[k:k + 30])
        assert len(fast._free) + len(set(fast._by_content.values()) - {fast.zero}) == 40  # no row lost or shared
    assert got == want
    assert fast.tag_many([[], parts[0]]) == [[], want[0]]


def test_parts_flatten_to_the_features() -> None:
    m = load_model()
    tokens = ["قال", "سامر", "الحداد", "في", "مدينة", "زهران", "."]
    parts = sentence_parts(tokens, [False] * 7, lexicon=m.lexicon or None, reader=m.reader)
    assert [[f for p in ps for f in p] for ps in parts] == sentence_features(
        tokens, [False] * 7, lexicon=m.lexicon or None, reader=m.reader)


def test_fast_tagger_reads_the_model_labels_and_handles_edges() -> None:
    fast = FastCrf(default_model_path())
    m = load_model()
    assert fast.labels == list(m.first.labels())
    assert fast.tag([]) == []
    assert fast.tag([["no-such-feature"]]) == list(m.first.tag([["no-such-feature"]]))


def test_tag_document_numpy_path_equals_crfsuite_path() -> None:
    from khabar.entities.ner.crf.tagger import tag_document

    sentences = _sentences()[:300]
    assert tag_document(sentences, crfsuite=False) == tag_document(sentences)
