"""The speaker's name is the fullest form the article gives: «وأكد ولد الداهي» is «سالم ولد الشيخ الداهي»
when the quotation's candidates hold that one longer name (`ranker.fuller_form`), and only then. Articles and
people are invented."""
from __future__ import annotations

from khabar.article import Mention
from khabar.pipeline import Options, extract
from khabar.quotes.ranker import SpeakerOption, fuller_form, words_in_order


def _opt(name: str, type_: str = "PER") -> SpeakerOption:
    return SpeakerOption(Mention(name, type_, None, None, None), {"rule"})


def _speakers(text: str) -> list[str | None]:
    article = extract(text, options=Options(extra={"speakers": "model"}))
    return [q.speaker.name if q.speaker else None for q in article.quotes]


def test_words_in_order_allow_gaps_but_not_reordering() -> None:
    assert words_in_order(("ولد", "الداهي"), ("سالم", "ولد", "الشيخ", "الداهي"))
    assert not words_in_order(("الداهي", "ولد"), ("سالم", "ولد", "الشيخ", "الداهي"))


def test_the_one_longer_name_holding_the_chosen_one_replaces_it() -> None:
    opts = [_opt("العطار"), _opt("نادر العطار"), _opt("مدينة نوران", "LOC")]
    feats = [{}, {"ner_per": 1.0}, {}]
    assert fuller_form(opts, feats, 0) == 1


def test_two_longer_names_leave_the_short_form_as_written() -> None:
    # brothers who share father's name and surname: «الحداد» could be either
    opts = [_opt("الحداد"), _opt("كريم سامي الحداد"), _opt("عادل سامي الحداد")]
    feats = [{}, {"ner_per": 1.0}, {"ner_per": 1.0}]
    assert fuller_form(opts, feats, 0) == 0


def test_a_longer_phrase_that_is_no_name_is_not_taken() -> None:
    # a phrase that ran on («ولم ينسى العطار الإشادة») is neither tagged as a person nor led by a given name
    opts = [_opt("العطار"), _opt("ولم ينسى العطار الإشادة")]
    assert fuller_form(opts, [{}, {}], 0) == 0


def test_a_title_or_an_institution_is_not_lengthened() -> None:
    assert fuller_form([_opt("الوزير"), _opt("الوزير نادر العطار")], [{}, {"ner_per": 1.0}], 0) == 0
    assert fuller_form([_opt("البنك", "ORG"), _opt("البنك الوطني", "ORG")], [{}, {}], 0) == 0


def test_the_article_gives_the_full_name_to_every_quotation_of_that_person() -> None:
    text = ("قال الرئيس سالم ولد الشيخ الداهي، في القصر الرئاسي، إن بلاده ماضية في دعم مشاريع الطاقة المتجددة.\n"
            "واستقبل ولد الداهي وفدا من رجال الأعمال. وأكد ولد الداهي أن الاستثمار في الموانئ سيفتح آفاقا "
            "جديدة للشباب.\nوأعلن ولد الداهي عن إطلاق صندوق وطني لدعم المزارعين.\n")
    assert _speakers(text) == ["سالم ولد الشيخ الداهي"] * 3


_BROTHERS = ("قال رجل الأعمال كريم سامي الحداد إن الشركة ستفتتح فرعا جديدا في مدينة نوران.\n"
             "من جهته قال شقيقه عادل سامي الحداد إن الأسعار ستبقى مستقرة هذا العام.\n")


def test_a_surname_two_brothers_share_goes_to_the_one_who_spoke_last() -> None:
    text = _BROTHERS + "وأضاف الحداد أن العمال سيحصلون على زيادة في الأجور.\n"
    assert _speakers(text) == ["كريم سامي الحداد", "عادل سامي الحداد", "عادل سامي الحداد"]


def test_a_surname_two_brothers_share_stays_as_written_when_neither_spoke_last() -> None:
    text = (_BROTHERS + "وقالت المهندسة سلمى الراشد إن المصنع الجديد سيوفر مئات الوظائف.\n"
            "وأضاف الحداد أن العمال سيحصلون على زيادة في الأجور.\n")
    assert _speakers(text)[-1] == "الحداد"


def test_a_longer_phrase_holding_a_title_is_no_fuller_name() -> None:
    # a tagger's run over the sentence («سان الدكتور نادر العطار المتحدث الإعلامي») is not his name
    opts = [_opt("نادر العطار"), _opt("سان الدكتور نادر العطار المتحدث الإعلامي")]
    assert fuller_form(opts, [{}, {"ner_per": 1.0}], 0) == 0


def test_a_tagger_overrun_is_no_second_person_sharing_the_surname() -> None:
    # «آمال العطار» (a noun glued to the surname) does not make «العطار» ambiguous with «نادر العطار»
    text = ("قال الوزير نادر العطار إن الحكومة ستخفض الضرائب على المصانع الصغيرة.\n"
            "وتبددت آمال العطار في التوصل إلى اتفاق سريع مع النقابات.\n"
            "وأضاف العطار أن الموازنة الجديدة ستعرض على البرلمان الشهر المقبل.\n")
    assert _speakers(text)[-1] == "نادر العطار"
