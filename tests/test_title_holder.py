"""A bare title used as speaker («وأضاف المسؤول الحكومي») stands for the person the article named: the
resolution step in `quotes.title_holder` and its use by the learned resolver. Articles and people are
invented."""
from __future__ import annotations

from khabar.pipeline import Options, extract
from khabar.quotes.title_holder import GENERIC, SAME_HEAD, UNTITLED, fit, holder, is_bare_title, trusted


def _speakers(text: str, how: str = "model") -> list[str | None]:
    article = extract(text, options=Options(extra={"speakers": how}))
    return [q.speaker.name if q.speaker else None for q in article.quotes]


# ---- the fit of a person to a title ----------------------------------------------------------------------

def test_same_head_fits_across_the_article_and_the_feminine_ending() -> None:
    assert fit("الوزيرة", "سلمى الراشد", ["وزيرة المياه"]) == SAME_HEAD
    assert fit("الوزير", "سامر الحداد", ["وزير المياه"]) == SAME_HEAD


def test_a_generic_description_fits_any_office_holder() -> None:
    assert fit("المسؤول الحكومي", "سامر الحداد", ["وزير المياه"]) == GENERIC
    assert fit("المتحدث", "سامر الحداد", ["رئيس البلدية"]) == GENERIC


def test_a_title_never_goes_to_a_person_of_another_office() -> None:
    assert fit("الرئيس", "سامر الحداد", ["وزير المياه"]) is None
    assert holder("الرئيس", [("سامر الحداد", "e1", ["وزير المياه"])]) is None


def test_a_title_never_crosses_grammatical_gender() -> None:
    assert fit("المسؤولة الحكومية", "سامر الحداد", ["وزير المياه"]) is None
    assert fit("الوزير", "سلمى الراشد", ["وزيرة المياه"]) is None


def test_a_title_that_names_its_office_fits_only_who_was_given_it() -> None:
    # «الناطق الرسمي باسم الجيش» is a full description, not a pointer back to whoever spoke last
    assert fit("الناطق الرسمي باسم جيش نوران", "سامر الحداد", []) is None
    assert fit("المتحدث باسم الوزارة", "سامر الحداد", ["المتحدث باسم وزارة المياه"]) == SAME_HEAD


def test_the_best_fit_wins_over_the_nearer_one() -> None:
    people = [("سامر الحداد", "e2", []), ("كريم العطار", "e1", ["وزير المياه"])]
    found = holder("الوزير", people)
    assert found is not None and (found.name, found.kind, found.rank) == ("كريم العطار", SAME_HEAD, 1)


def test_an_outlet_or_a_courtesy_typed_as_a_person_holds_no_title() -> None:
    assert holder("المسؤول الحكومي", [("نوران راديو", "e1", [])]) is None
    assert holder("الملك", [("جلالته", "e1", [])]) is None


def test_only_a_clear_fit_replaces_the_title() -> None:
    near = holder("المسؤول الحكومي", [("سامر الحداد", "e1", ["وزير المياه"])])
    assert near is not None and near.kind == GENERIC and trusted(near, None)
    people = [("كريم العطار", "e2", []), ("سامر الحداد", "e1", ["وزير المياه"])]
    far = holder("المسؤول الحكومي", people)
    assert far is not None and far.rank == 1 and not trusted(far, None) and trusted(far, "e1")
    untitled = holder("المبعوث", [("سامر الحداد", "e1", [])])
    assert untitled is not None and untitled.kind == UNTITLED and not trusted(untitled, "e1")


def test_bare_titles_are_told_from_names() -> None:
    assert is_bare_title("الوزير", "الوزير", "PER")
    assert is_bare_title("المسؤول الحكومي", None, "ANON")
    assert not is_bare_title("مسؤول حكومي", None, "ANON")  # indefinite: someone new, not a pointer back
    assert not is_bare_title("سامر الحداد", "وزير المياه", "PER")


# ---- in articles -----------------------------------------------------------------------------------------

def test_a_generic_description_resolves_to_the_minister_named_before() -> None:
    text = ("قالت وزيرة المياه في جمهورية نوران، سلمى الراشد، خلال مؤتمر صحفي أمس، إن خطة الري ستبدأ في الربيع. "
            "وأضافت المسؤولة الحكومية أن الخطة تشمل كل القرى الجنوبية.")
    assert _speakers(text) == ["سلمى الراشد", "سلمى الراشد"]


def test_the_spokesman_description_resolves_to_the_one_named() -> None:
    text = ("نفى سامر الحداد، الناطق الرسمي باسم الحكومة، وجود أي توتر مع الصحافيين. "
            "وقال المتحدث إن الحكومة تجيب عن كل الأسئلة في ندوتها الأسبوعية.")
    assert _speakers(text) == ["سامر الحداد", "سامر الحداد"]


def test_a_title_of_another_office_is_not_given_to_the_minister() -> None:
    text = ("قال وزير المياه سامر الحداد إن خطة الري ستبدأ في الربيع. "
            "وقال الرئيس إن البلاد تحتاج إلى سدود جديدة.")
    speakers = _speakers(text)
    assert speakers[0] == "سامر الحداد"
    assert speakers[1] != "سامر الحداد"


def test_a_feminine_description_is_not_given_to_a_man() -> None:
    text = ("قال وزير المياه سامر الحداد إن خطة الري ستبدأ في الربيع. "
            "وأضافت المسؤولة الحكومية أن الخطة تشمل كل القرى الجنوبية.")
    assert _speakers(text)[1] != "سامر الحداد"



def test_a_bare_title_takes_the_fuller_title_the_article_gave_when_no_one_is_named() -> None:
    text = ("رد وزير الشؤون البحرية من مدينة السنديان على تصريحات جيرانه. "
            "وقال الوزير إن البلاد لن تتنازل عن مياهها.")
    assert _speakers(text) == ["وزير الشؤون البحرية"]


def test_two_different_fuller_titles_leave_the_bare_title_as_written() -> None:
    text = ("اجتمع وزير الشؤون البحرية مع وزير الشؤون الريفية في مدينة السنديان. "
            "وقال الوزير إن البلاد لن تتنازل عن مياهها.")
    assert _speakers(text) == ["الوزير"]
