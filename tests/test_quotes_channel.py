"""Channels on short invented Arabic news texts: the lexicon, and one appearance per speaker.

Every person and place here is invented (وزير الري سامر الحداد، المتحدثة ليلى العطار، وادي النخيل).
"""
from __future__ import annotations

from khabar.pipeline import Options, extract
from khabar.quotes.channel_choice import shipped_channel_scorer


def _channels(text: str) -> list[str | None]:
    return [q.channel for q in extract(text).quotes]


def _scores(text: str) -> list[dict[str, float]]:
    """Each quotation's channel options and the shipped scorer's probability for each."""
    scorer = shipped_channel_scorer()
    seen: list[dict[str, float]] = []

    def observe(options) -> None:
        seen.extend({ch: scorer.score(f) for ch, f in opts} for opts in options)

    extract(text, options=Options(extra={"channel_observer": observe}))
    return seen


def test_a_channel_named_later_reaches_back_to_the_same_speaker_more_than_to_another():
    # Whether an earlier statement shares a channel named later is a close call in the training gold (the
    # scorer puts it near its threshold); what must hold is that the same speaker's statement is likelier
    # to share it than another person's, and that the statement it is named with takes it.
    same = ("قال وزير الري سامر الحداد إن السد سيكتمل في الربيع المقبل. "
            "وأكد الحداد في مؤتمر صحفي أن المياه ستصل إلى وادي النخيل قبل الصيف.")
    other = ("قالت المزارعة سلوى الناصر إن السد سيكتمل في الربيع المقبل. "
             "وأكد وزير الري سامر الحداد في مؤتمر صحفي أن المياه ستصل إلى وادي النخيل قبل الصيف.")
    assert _channels(same)[1] == "press conference"
    assert _channels(other) == [None, "press conference"]
    same_first = _scores(same)[0].get("press conference", 0.0)
    other_first = _scores(other)[0].get("press conference", 0.0)
    assert same_first > other_first


def test_another_speaker_keeps_its_own():
    text = ("وأكد الحداد في مؤتمر صحفي أن المياه ستصل إلى وادي النخيل قبل الصيف. "
            "وقالت المتحدثة ليلى العطار في تغريدة إن القناة الجديدة ستفتح في الربيع.")
    assert _channels(text) == ["press conference", "tweet"]


def test_a_statement_far_from_another_speakers_channel_gets_none():
    text = ("أعلنت وزارة الري في بيان أن السد سيكتمل في الربيع المقبل. "
            "وشهدت قرى وادي النخيل أمطاراً غزيرة خلال الأسبوع الماضي. "
            "وغمرت المياه عدداً من الحقول قرب البلدة القديمة. "
            "وأغلقت البلدية طريقين رئيسيين حتى انحسار السيول. "
            "وفي سياق منفصل، قال المزارع سالم العطار إن الموسم سيكون أفضل من العام الماضي.")
    assert _channels(text) == ["statement", None]


def test_rules_alone_keep_the_channel_next_to_the_cue():
    text = ("وأكد الحداد في مؤتمر صحفي أن المياه ستصل إلى وادي النخيل قبل الصيف. "
            "وقالت المتحدثة ليلى العطار إن القناة الجديدة ستفتح في الربيع.")
    quotes = extract(text, options=Options(extra={"channels": "rules"})).quotes
    assert [q.channel for q in quotes] == ["press conference", None]


def test_speech_and_press_statement_words():
    assert _channels("وقال الحداد في كلمته إن السد سيكتمل في الربيع المقبل.") == ["speech"]
    assert _channels("وقالت العطار في تصريح صحفي إن القناة ستفتح في الربيع المقبل.") == ["statement"]


def test_a_televised_statement_is_tv_not_a_statement():
    assert _channels("وقال الحداد في بيان متلفز إن السد سيكتمل في الربيع المقبل.") == ["TV"]
    assert _channels("وقالت العطار في مقابلة تلفزيونية إن القناة ستفتح في الربيع.") == ["TV"]


def test_a_channel_word_behind_a_clitic():
    assert _channels("وقال الحداد ببرنامج «صباح الواحة» إن السد سيكتمل في الربيع المقبل.") == ["TV"]


def test_press_conference_words_of_the_maghreb_and_with_a_pronoun():
    assert _channels("وقال الحداد في ندوة صحفية إن السد سيكتمل في الربيع المقبل.") == ["press conference"]
    assert _channels("وحذر الحداد في مؤتمره الأسبوعي من نقص المياه في الصيف.") == ["press conference"]


def test_a_clitic_does_not_make_a_channel_of_another_word():
    assert _channels("وقال الحداد بوضوح إن السد سيكتمل في الربيع المقبل.") == [None]


# Issue 14, channel words the lexicon did not name; each with a negative beside it.

def _rules(text: str) -> list[str | None]:
    """The channel read next to each cue (the lexicon alone, before the learned choice)."""
    return [q.channel for q in extract(text, options=Options(extra={"channels": "rules"})).quotes]


def test_a_communique_of_the_maghreb_is_a_statement():
    text = "وأوضحت وزارة الري، في بلاغ، أن السد سيكتمل في الربيع المقبل."
    assert _rules(text) == ["statement"]


def test_a_letter_is_a_statement():
    text = "وقال وزير الري سامر الحداد في رسالة إلى المزارعين إن المياه ستصل قبل الصيف."
    assert _rules(text) == ["statement"]


def test_a_talk_with_a_partner_is_an_interview_but_a_talk_alone_is_not():
    assert _rules("وقال سامر الحداد في حديث مع صحيفة الواحة إن السد سيكتمل في الربيع.") == ["interview"]
    assert _rules("ووجه الحداد حديثه للمزارعين قائلاً إن السد سيكتمل في الربيع.") == [None]


def test_a_phone_intervention_in_any_form_is_a_phone_call():
    assert _rules("وقال سامر الحداد في مداخلته الهاتفية إن السد سيكتمل في الربيع.") == ["phone call"]
    assert _rules("وأكد الحداد هاتفياً أن السد سيكتمل في الربيع.") == ["phone call"]


def test_a_voice_recording_is_a_recording():
    text = "وقال قائد الفصيل سامر الحداد في تسجيل صوتي إن قواته ستنسحب من وادي النخيل."
    assert _rules(text) == ["recording"]


def test_a_briefing_to_the_security_council():
    text = "وقالت المبعوثة ليلى العطار في إحاطة أمام مجلس الأمن إن الهدنة صامدة في وادي النخيل."
    assert _rules(text) == ["UN Security Council briefing"]


def test_a_press_conference_in_the_accusative_and_a_press_briefing():
    assert _rules("وعقد الحداد مؤتمراً صحفياً قال فيه إن السد سيكتمل في الربيع.") == ["press conference"]
    assert _rules("وقالت ليلى العطار في الإيجاز الصحفي إن الهدنة صامدة.") == ["press conference"]


def test_a_programme_is_tv_only_as_a_show():
    assert _rules('وقال الحداد خلال برنامج "مساء الواحة" إن السد سيكتمل في الربيع.') == ["TV"]
    assert _rules("وقال الحداد ببرنامج مساء الواحة إن السد سيكتمل في الربيع.") == ["TV"]
    assert _rules("وقال الحداد إن برنامج الري سيكتمل في الربيع.") == [None]
    assert _rules("وقال مدير برنامج الأغذية في الواحة سامر الحداد إن المخزون يكفي شهرين.") == [None]


def test_leaflets_dropped_on_a_town_are_not_a_post():
    text = "وكان الجيش قد ألقى منشورات على وادي النخيل قال فيها إن على السكان المغادرة."
    assert _rules(text) == ["leaflets"]
    assert _rules("وقال الحداد في منشور على صفحته إن السد سيكتمل في الربيع.") == ["post"]


def test_remarks_to_the_press_and_a_radio_station_spoken_to():
    press = "وأوضح وزير الري في تصريح للصحافة على هامش زيارته للوادي أن السد سيكتمل في الربيع المقبل."
    assert _rules(press) == ["press conference"]
    radio = "وقال المهندس سالم العطار لإذاعة الواحة إن الجسر سيفتح في الربيع المقبل."
    assert _rules(radio) == ["radio"]
    # «إذاعة» as the outlet that reports, not the one spoken to, names no channel
    assert _rules("وذكرت إذاعة الواحة أن الجسر سيفتح في الربيع المقبل.") == [None]
