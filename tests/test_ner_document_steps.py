"""The document steps after the CRF (`tagger.DOCUMENT_STEPS`): a lone word tagged both person and place
settled as the place, and the name after a place head noun. Invented towns and countries only («سالوريا»,
«مدينة الرمال»).
"""
from __future__ import annotations

from khabar.entities.ner.crf import features, tagger


def _labels(*sentences: str) -> list[list[str]]:
    return [["O"] * len(s.split()) for s in sentences]


def test_a_word_tagged_person_alone_and_place_nearby_becomes_the_place():
    sents = [["زار", "الوزير", "عاصمة", "سالوريا"], ["وأكدت", "سالوريا", "دعمها"]]
    labels = [["O", "O", "O", "B-LOC"], ["O", "B-PER", "O"]]
    assert features.settle_lone_words(sents, labels)[1] == ["O", "B-LOC", "O"]
    # more often a person than a place nearby: stays a person
    sents3 = sents + [["وقالت", "سالوريا", "إن"]]
    labels3 = labels + [["O", "B-PER", "O"]]
    assert features.settle_lone_words(sents3, labels3)[1] == ["O", "B-PER", "O"]
    # the last word of a person's full name nearby: a surname, stays a person
    sents2 = [["قال", "سامر", "تيجاد"], ["وزار", "تيجاد"], ["وأكد", "تيجاد"]]
    labels2 = [["O", "B-PER", "I-PER"], ["O", "B-LOC"], ["O", "B-PER"]]
    assert features.settle_lone_words(sents2, labels2)[2] == ["O", "B-PER"]


def test_the_word_after_a_place_head_is_the_place():
    sents = [s.split() for s in ("وصل الوفد إلى مدينة الرمال أمس", "ووصل إلى بقرية النخيل", "بنت مدينة متطورة",
                                 "زار مدينة سالورية", "إن شرطة المدينة استجوبت", "عاد إلى بلده فيما")]
    out = features.place_after_head(sents, [["O"] * len(s) for s in sents])
    assert out[0] == ["O", "O", "O", "O", "B-LOC", "O"]
    assert out[1] == ["O", "O", "O", "B-LOC"]  # the head after a preposition
    assert out[2] == ["O"] * 3  # a feminine adjective, no name
    assert out[3] == ["O"] * 3  # a nationality adjective
    assert out[4] == ["O"] * 4  # «المدينة» with the article: the noun alone
    assert out[5] == ["O"] * 4  # «بلده» (his country), not «بلدة»
    # a longer name the tagger already started is left alone
    labels = [["O", "O", "O", "O", "O", "B-LOC"]]
    assert features.place_after_head([sents[0]], labels) == labels


def test_the_shipped_tagger_runs_the_steps_on_invented_text():
    doc = [s.split() for s in ("زار الوزير عاصمة سالوريا أمس .", "وأكدت سالوريا اليوم الثلاثاء ، دعمها للجهود .",
                               "ووصل الوفد إلى مدينة الرمال أمس .")]
    out = tagger.tag_document(doc)
    assert out[0][3] == "B-LOC" and out[1][1] == "B-LOC"
    assert out[2][4] == "B-LOC" and out[2][3] == "O"
    assert tagger.DOCUMENT_STEPS == (features.settle_lone_words, features.place_after_head)
