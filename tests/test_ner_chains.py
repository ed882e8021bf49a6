"""Name chains: an organisation or place head noun and the definite words after it, as CRF features.

Invented bodies and towns («هيئة الموانئ البحرية» of no real country, «مدينة الرمال»): the marks come from
the head list (`chain_heads.tsv`) and the article alone, never from the names themselves.
"""
from __future__ import annotations

import pytest

from khabar.entities.ner.crf import features


@pytest.fixture(autouse=True)
def _chains_on(monkeypatch):
    """The shipped model reads no chains (`features._V6` is off, kept for ablations): turned on here."""
    monkeypatch.setattr(features, "_V6", True)


def test_the_shipped_features_read_no_chains(monkeypatch):
    monkeypatch.setattr(features, "_V6", False)
    assert _marks("وقالت هيئة الموانئ البحرية") == [[], [], [], []]


def _marks(sentence: str) -> list[list[str]]:
    toks = sentence.split()
    feats = features.sentence_features(toks)
    return [[f for f in fs if f[:2] in ("oh", "lh", "oc", "lc")] for fs in feats]


def test_a_construct_chain_marks_the_head_and_each_definite_word_by_distance():
    m = _marks("وقالت هيئة الموانئ البحرية والجوية في بيان")
    assert m[0] == []
    assert m[1] == ["oh:c"]
    assert m[2] == ["och", "och1"] and m[3] == ["och", "och2"] and m[4] == ["och", "och3"]  # و+ال stays inside
    assert m[5] == ["och:after"] and m[6] == []


def test_a_definite_head_with_adjectives_and_a_place_head():
    m = _marks("أعلن البنك الزراعي خطة")
    assert m[1] == ["oh:d"] and m[2] == ["och", "och1"] and m[3] == ["och:after"]
    m = _marks("وصل الوفد إلى مدينة الرمال أمس")
    assert m[3] == ["lh:c"] and m[4] == ["lch", "lch1"]


def test_heads_are_found_through_clitics_and_no_chain_without_a_definite_word():
    m = _marks("وقدم لوزارة الزراعة")
    assert m[1] == ["oh:c"] and m[2] == ["och", "och1"]  # ل+وزارة: the head is a reading without the clitic
    m = _marks("ويصوت للأمم المتحدة")
    assert m[1] == ["oh:d"] and m[2] == ["och", "och1"]  # لل: the article after ل
    assert _marks("زار وزارة جديدة") == [[], [], []]  # an indefinite word after the head: no chain
    assert _marks("قال إن الموانئ البحرية") == [[], [], [], []]  # definite words with no head before them


def test_a_chain_stops_after_four_words():
    m = _marks("مجلس الأمن الوطني الأعلى الدائم الجديد")
    assert [("och" in x) for x in m] == [False, True, True, True, True, False]
