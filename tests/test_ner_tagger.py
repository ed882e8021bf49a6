"""The shipped CRF model on invented sentences, the span mapping, and import hygiene."""
from __future__ import annotations

import subprocess
import sys

import pytest

from khabar.entities import tagger
from khabar.entities.features import candidates, fold, sentence_features, strip_clitics
from khabar.errors import ModelError
from khabar.text.tokens import tokenize


def _spans(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], typ) for s, e, typ in tagger.tag_spans(text, tokenize(text))]


def test_importing_the_tagger_loads_neither_model_nor_training_code():
    code = (
        "import sys, khabar.entities.tagger as t\n"
        "assert 'khabar.entities.train' not in sys.modules\n"
        "assert 'pycrfsuite' not in sys.modules\n"
        "assert t._load.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_minister_and_city_are_found():
    spans = _spans("قال وزير الخارجية سامر الحداد في القاهرة إن المحادثات ستستمر.")
    assert ("سامر الحداد", "PER") in spans
    assert ("القاهرة", "LOC") in spans


def test_president_in_a_capital():
    spans = _spans("وصل الرئيس الفرنسي إلى بغداد أمس في زيارة رسمية.")
    assert ("بغداد", "LOC") in spans
    assert all(typ != "PER" for _, typ in spans)  # a title alone names nobody


def test_spans_are_character_offsets_of_the_text_and_cover_several_sentences():
    text = "أكد الدكتور كريم العساف أن الاتفاق جيد.\nوفي دمشق، قالت الوزيرة ليلى الشامي إن الوفد وصل."
    got = tagger.tag_spans(text, tokenize(text))
    assert got == sorted(got)
    for s, e, typ in got:
        assert text[s:e] == text[s:e].strip() and typ in {"PER", "ORG", "LOC", "MISC"}
    found = {(text[s:e], t) for s, e, t in got}
    assert ("كريم العساف", "PER") in found
    assert ("ليلى الشامي", "PER") in found
    assert any(t == "LOC" and "دمشق" in w for w, t in found)


def test_tag_returns_one_bio_label_per_token():
    tokens = ["قال", "الشيخ", "فهد", "الراشد", "في", "الرياض", "."]
    labels = tagger.tag(tokens)
    assert len(labels) == len(tokens)
    assert all(lab == "O" or lab[:2] in ("B-", "I-") for lab in labels)
    assert labels[2] == "B-PER" and labels[5] == "B-LOC"
    assert tagger.tag([]) == []


def test_hashtag_words_are_tagged_like_plain_words():
    text = "تظاهر آلاف في #القاهرة اليوم"
    assert ("القاهرة", "LOC") in _spans(text)


def test_missing_model_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        tagger.tag(["سامر"], model=tmp_path / "none.crfsuite")


def test_fold_and_clitics():
    assert fold("أَحْمَدُ") == "احمد"
    assert fold("مدرسةٌ") == "مدرسه"
    assert fold("مصطفى") == "مصطفي"
    assert fold("١٩٩٠") == "1990"
    assert strip_clitics(fold("وبالقاهرة")) == "قاهره"
    assert strip_clitics("ولد") == "ولد"  # too short to lose its first letter
    assert "القاهره" in candidates(fold("بالقاهرة"))


def test_features_see_titles_before_a_name():
    feats = sentence_features(["قال", "وزير", "الخارجية", "سامر", "الحداد"])
    assert "after1:role" in feats[3]
    assert "G:role:B" in feats[1] and "G:role:I" in feats[2]
    assert "L:place" in sentence_features(["في", "القاهرة"])[1]
