"""A cue verb agrees with its subject: «وأوضحت» never has a man for speaker, «قائلاً» never a woman; an
imperfect («تبين») or a relaying verb («نقلت الوكالة عن …») says nothing of the speaker. People invented."""
from __future__ import annotations

from khabar.pipeline import Options, extract
from khabar.quotes.gender import clashes, person_gender


def _speakers(text: str) -> list[str | None]:
    return [q.speaker.name if q.speaker else None for q in extract(text, options=Options()).quotes]


def test_a_persons_gender_comes_from_titles_and_given_names() -> None:
    assert person_gender("سلمى الراشد", None) == "F"
    assert person_gender("الوزيرة", "الوزيرة") == "F"
    assert person_gender("المتحدث", "المتحدث") == "M"
    assert person_gender("الراشد", None) is None  # a surname alone shows nothing


def test_only_people_of_known_gender_clash() -> None:
    assert clashes("F", "PER", "سامر الحداد", "وزير المياه")
    assert clashes("M", "PER", "سلمى الراشد", None)
    assert not clashes("F", "PER", "الحداد", None)
    assert not clashes("F", "ORG", "مجلس المياه", None)  # an institution's grammar is not read
    assert not clashes(None, "PER", "سامر الحداد", None)


def test_a_feminine_cue_does_not_carry_on_a_mans_words() -> None:
    # the previous speaker is a man: «وأوضحت» and «مؤكدة» go back to the woman named before him
    lead = "أعلنت وزيرة المياه سلمى الراشد أن الخطة الجديدة تبدأ في الربيع. "
    text = lead + "وقال سامر الحداد إن البلدية ستشارك فيها. وأوضحت أن المحطات ستعمل في الصيف."
    assert _speakers(text) == ["سلمى الراشد", "سامر الحداد", "سلمى الراشد"]
    text = lead + "وقال سامر الحداد، رئيس البلدية، إن البلدية ستشارك فيها، مؤكدة أن المحطات ستعمل في الصيف."
    assert _speakers(text)[2] != "سامر الحداد"


def test_a_masculine_cue_keeps_its_man() -> None:
    text = "وقال سامر الحداد إن محطة الضخ ستعود إلى العمل غداً."
    assert _speakers(text) == ["سامر الحداد"]


def test_institutions_and_statements_clash_only_where_grammar_is_plain() -> None:
    assert clashes("F", "DOC", "بيان رسمي", None)  # «مؤكدة» is not a statement's
    assert clashes("F", "ANON", "مصدر أمني", None)
    assert not clashes("F", "ANON", "مصادر محلية", None)  # a non-human plural takes a feminine verb
    assert clashes("M", "ORG", "وزارة المياه", None)  # «وأكد» is not a ministry's
    assert not clashes("M", "ORG", "مجلس المياه", None)
    assert not clashes("F", "ORG", "مجلس المياه", None)  # «أكدت البحرين»: left alone


def test_a_feminine_participle_goes_back_to_the_ministry_not_its_statement() -> None:
    text = ("أصدرت وزارة المياه في جمهورية نوران بياناً رسمياً صباح اليوم. وقال بيان رسمي إن محطات الضخ "
            "ستتوقف يومين، مؤكدة أن المياه ستعود قبل نهاية الأسبوع.")
    assert _speakers(text)[1] != "بيان رسمي"


def test_a_speaker_no_reading_supports_says_so_in_its_confidence() -> None:
    agreeing = extract("وقال سامر الحداد إن محطة الضخ ستعود إلى العمل غداً.").quotes[0]
    clashing = extract("وقالت سامر الحداد إن محطة الضخ ستعود إلى العمل غداً.").quotes[0]
    assert clashing.speaker is not None and clashing.speaker.name == "سامر الحداد"
    assert clashing.confidence < agreeing.confidence - 0.2
