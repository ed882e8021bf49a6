"""Error classes of the quotation wing on invented articles: stacked cues, brothers who share a father's name
and a surname."""
from __future__ import annotations

from khabar import extract


def test_stacked_cues_give_one_quotation_and_a_speaker_without_the_verb() -> None:
    article = extract("وقال وزير الري سامر الحداد إن الأعمال بدأت.\n\n"
                      "وأضاف الحداد موضحاً: «المشروع سيكتمل في الصيف».")
    stacked = [q for q in article.quotes if "سيكتمل" in q.text]
    assert len(stacked) == 1
    assert stacked[0].speaker is not None and stacked[0].speaker.name == "سامر الحداد"


def test_a_finite_verb_before_a_participle_cue_is_not_part_of_the_name() -> None:
    for text in ("وأضاف الدباغ موضحاً: «لن نبيع أي لاعب هذا الموسم».",
                 "ويرد الدباغ قائلاً: «لن نبيع أي لاعب هذا الموسم»."):
        assert [q.speaker.name for q in extract(text).quotes if q.speaker] == ["الدباغ"], text


def test_brothers_who_share_a_fathers_name_and_surname_stay_apart() -> None:
    article = extract("قال رجل الأعمال نبيل فارس الحمدان إن «السوق بخير».\n\n"
                      "وقال شقيقه سليم فارس الحمدان إن «الأسعار مرتفعة».")
    said = {q.text: q.speaker.name for q in article.quotes if q.speaker}
    assert said == {"السوق بخير": "نبيل فارس الحمدان", "الأسعار مرتفعة": "سليم فارس الحمدان"}
    ids = {q.speaker.entity_id for q in article.quotes if q.speaker}
    assert len(ids) == 2


def test_the_one_who_answers_speaks_not_the_one_who_asked() -> None:
    # a participle's subject is its clause's finite verb's («ويرد الوزير قائلاً»), however well the person
    # named earlier in the sentence (the journalist who asked) would score as a name
    article = extract("وسأل الصحفي ماجد الراشد عن الخطة، ويرد الوزير قائلاً: \"سننتهي من المشروع قريبا\".")
    said = [(q.text, q.speaker.name if q.speaker else None) for q in article.quotes]
    assert said == [("سننتهي من المشروع قريبا", "الوزير")]
