"""Statement types on short invented Arabic news texts (GUIDELINES.md, «Speaker gender and statement type»).

Every person, place and organisation here is invented (وزيرة المياه سلمى الرواشدة، شركة نوران للطاقة،
كريم الفاخوري، بلدية وادي الزيتون، جمهورية الواحات).
"""
from __future__ import annotations

import pytest

from khabar.article import Quote
from khabar.pipeline import extract
from khabar.quotes.statement_type import TYPES, content_rules, cue_type, cue_types, rule_met, signs


def _types(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.statement_type) for q in extract(text).quotes]


@pytest.mark.parametrize(
    "cue, kind",
    [("نفى", "denial"), ("ونفت", "denial"), ("حذر", "warning"), ("محذرة", "warning"), ("ودعا", "call"),
     ("طالبت", "call"), ("تعهد", "commitment"), ("أعلنت", "announcement"), ("واتهم", "accusation"),
     ("توقع", "prediction"), ("متوقعا", "prediction"), ("تساءل", "question"),
     ("وسأل", "question"), ("قال", "claim"), ("وأضافت", "claim"), ("أوضح", "claim"), (None, None), ("", None)],
)
def test_the_cue_alone(cue, kind):
    assert cue_type(cue) == kind


def test_lexicons_name_only_the_guidelines_types():
    assert set(cue_types().values()) <= set(TYPES)
    assert {t for _, t in content_rules()} <= set(TYPES)
    zones = ("frame", "head", "body", "lead", "subject", "end", "cue")
    assert all(part.split(":")[0] in zones for key, _ in content_rules() for part in key.split("+"))
    assert all(part[4:] in TYPES for key, _ in content_rules() for part in key.split("+") if part.startswith("cue:"))


def test_signs_read_words_and_morphology():
    assert "CALL" in signs(["يجب", "ان", "نعمل"])
    assert "FUT_WE" in signs(["سنعمل", "علي", "ذلك"])
    assert "FUT_WE" not in signs(["منذ", "سنوات"])  # a noun, not «we will»
    assert "NEG_FUT_WE" in signs(["لن", "نسمح", "بذلك"])
    assert "NEG_FUT" in signs(["لن", "تسمح", "الحكومه"])
    assert "DENY" in signs(["لا", "صحه", "لهذه", "الانباء"])
    assert signs([]) == set()


def test_the_cue_decides_when_it_says_more_than_a_claim():
    text = ("ونفى المتحدث باسم شركة نوران للطاقة وجود أي خسائر في الموسم الماضي. "
            "ودعت وزيرة المياه سلمى الرواشدة إلى ترشيد استهلاك المياه في الصيف. "
            "وحذر رئيس بلدية وادي الزيتون من انهيار الجسر القديم. "
            "وتوقع الخبير كريم الفاخوري أن ترتفع الأسعار في الربيع.")
    assert [t for _, t in _types(text)] == ["denial", "call", "warning", "prediction"]


def test_the_content_decides_when_the_cue_does_not():
    text = ("وقال كريم الفاخوري: «سنعمل على تعويض جميع المتضررين خلال أسابيع». "
            "وقالت سلمى الرواشدة إنه يجب على السكان ترشيد استهلاك المياه. "
            "وأضاف الفاخوري: «لا صحة للأنباء عن إغلاق المصنع». "
            "وأكدت الرواشدة التزام الوزارة بتوفير المياه لكل القرى. "
            "وقال الفاخوري إن المصنع يعمل منذ عشر سنوات في وادي الزيتون.")
    got = _types(text)
    assert [t for _, t in got] == ["commitment", "call", "denial", "commitment", "claim"], got


def test_every_quotation_has_a_type_and_it_survives_a_round_trip():
    text = "وقالت سلمى الرواشدة إن المشروع سيكتمل في الصيف. ونفى كريم الفاخوري أن يكون المصنع قد أغلق."
    quotes = extract(text).quotes
    assert quotes and all(q.statement_type in TYPES for q in quotes)
    again = [Quote.from_dict(q.to_dict()) for q in quotes]
    assert [q.statement_type for q in again] == [q.statement_type for q in quotes]
    assert quotes[-1].to_dict()["statement_type"] == "denial"


def test_a_rule_joined_with_plus_needs_every_part():
    assert rule_met("head:NEG_FUT+subject:SELF", {"head:NEG_FUT", "subject:SELF", "frame:THAT"})
    assert not rule_met("head:NEG_FUT+subject:SELF", {"head:NEG_FUT"})
    assert rule_met("head:CALL", {"head:CALL"}) and not rule_met("head:CALL", set())


def test_an_obligation_on_someone_calls_and_a_question_mark_asks():
    text = ("وقالت سلمى الرواشدة إن على البلديات أن تصلح شبكات المياه قبل الصيف. "
            "وقال كريم الفاخوري: «من سيعوض المزارعين في وادي الزيتون عن خسائرهم؟». "
            "وقال الفاخوري إن المزارعين في وادي الزيتون يزرعون القمح منذ زمن بعيد.")
    assert [t for _, t in _types(text)] == ["call", "question", "claim"]


def test_a_newspaper_that_reveals_reports_and_a_minister_who_reveals_announces():
    text = ("وكشفت صحيفة الواحات اليوم أن شركة نوران للطاقة تخطط لبيع مصنعها في وادي الزيتون. "
            "وكشف وزير الطاقة كريم الفاخوري عن خطة لبناء محطة شمسية في جمهورية الواحات.")
    assert [t for _, t in _types(text)] == ["claim", "announcement"]


def test_a_refusal_of_ones_own_side_pledges_and_of_another_warns():
    text = ("وأكدت سلمى الرواشدة أن الوزارة لن تتراجع عن خطة توفير المياه لكل القرى. "
            "وقال كريم الفاخوري إن المعتدين على شبكة المياه لن يفلتوا من العقاب.")
    assert [t for _, t in _types(text)] == ["commitment", "warning"]


def test_a_denial_said_after_some_context_and_an_adversary_accused():
    text = ("وقال المتحدث باسم بلدية وادي الزيتون إن الأنباء التي تداولتها بعض الصفحات عن إغلاق السوق "
            "القديم وبيع أرضه لشركة خاصة لا أساس لها من الصحة. "
            "وقال كريم الفاخوري إن المليشيا استهدفت محطة المياه في وادي الزيتون فجر اليوم.")
    assert [t for _, t in _types(text)] == ["denial", "accusation"]


def test_a_future_whose_subject_is_the_speakers_own_side_pledges_and_another_future_only_claims():
    text = ("وأضافت سلمى الرواشدة أن الوزارة ستوفر صهاريج المياه لكل القرى في الصيف. "
            "وقال كريم الفاخوري إن الأمطار ستهطل بغزارة على وادي الزيتون في الربيع.")
    assert [t for _, t in _types(text)] == ["commitment", "claim"]
