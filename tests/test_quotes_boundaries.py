"""Where a quotation ends and where it starts, on invented Arabic texts (issue 14, boundaries).

Every person, place and organisation here is invented (الوزير سامر الحداد، وادي النخيل، هيئة المياه …).
Each pattern has its positive and a negative a careless rule would get wrong.
"""
from __future__ import annotations

from khabar.pipeline import extract


def _texts(text: str) -> list[str]:
    article = extract(text)
    for q in article.quotes:
        assert article.text[q.content.start : q.content.end] == q.text
    return [q.text for q in article.quotes]


# --- a weak verb after a comma is not a new statement unless its content opens ------------------------------


def test_a_weak_verb_with_nothing_to_introduce_goes_on_with_the_clause():
    # «وضمن» is "and within" here: the clause the minister's words began goes on past it
    text = ("وقال الوزير سامر الحداد إن فرق الدفاع المدني استطاعت، وضمن خطتها الوقائية، إجلاء مئتي أسرة "
            "من وادي النخيل قبل وصول السيول.")
    assert _texts(text) == ["فرق الدفاع المدني استطاعت، وضمن خطتها الوقائية، إجلاء مئتي أسرة من وادي النخيل "
                            "قبل وصول السيول"]


def test_a_weak_verb_with_a_colon_still_opens_a_new_quotation():
    text = ("وقال الوزير سامر الحداد إن فرق الدفاع المدني أجلت مئتي أسرة، وتابع: «لن نترك أحداً في الوادي».")
    texts = _texts(text)
    assert "فرق الدفاع المدني أجلت مئتي أسرة" in texts
    assert "لن نترك أحداً في الوادي" in texts


def test_a_weak_participle_after_a_comma_still_ends_the_clause():
    text = ("وأكد البيان أن الهيئة ستواصل ضخ المياه إلى القرى، ومجددة التزامها بإصلاح الشبكة قبل الشتاء.")
    texts = _texts(text)
    assert texts[0] == "الهيئة ستواصل ضخ المياه إلى القرى"


# --- «تحدث عن»: a cue only when what was said opens right after its preposition ------------------------------


def test_talked_about_with_marks_is_a_quotation_and_ends_the_one_before():
    text = ("وأكد الوزير سامر الحداد أن السد سيكتمل في الربيع، فيما تحدث عن «خطة جديدة لري مزارع وادي النخيل».")
    texts = _texts(text)
    assert "السد سيكتمل في الربيع" in texts
    assert "خطة جديدة لري مزارع وادي النخيل" in texts


def test_talked_about_a_topic_is_no_quotation():
    assert _texts("وتحدث الوزير سامر الحداد عن خطة الحكومة لري مزارع وادي النخيل خلال الصيف.") == []


def test_a_source_who_talked_to_an_outlet_still_speaks_through_the_first_cue():
    text = "وأوضح مصدر حكومي تحدث لإذاعة الساحل أن الوزير سامر الحداد غاب عن اجتماع المجلس بسبب السفر."
    assert _texts(text) == ["الوزير سامر الحداد غاب عن اجتماع المجلس بسبب السفر"]


def test_talked_about_then_a_later_complementizer_is_no_quotation():
    text = "تحدثت المطربة ليلى الوادي عن ألبومها الجديد، والمتوقع أن تطرحه في الصيف المقبل."
    assert _texts(text) == []


# --- marks after a naming verb label a term; a quotation never starts inside a word --------------------------


def test_a_label_after_a_naming_verb_is_not_what_was_demanded():
    text = ("وطالبت هيئة المياه في بيان لها من وصفتهم «بالعابثين بشبكة الري في الوادي» إلى «وقف التعديات "
            "على القنوات فوراً».")
    texts = _texts(text)
    assert "بالعابثين بشبكة الري في الوادي" not in texts
    assert not any(t.startswith("يان") for t in texts), texts


def test_a_label_is_the_quotation_when_the_verb_has_nothing_else_to_give():
    text = "وأعربت الوزيرة ليلى الوادي عن قلقها إزاء ما وصفته بـ«التعديات المستمرة على قنوات الري» في الوادي."
    assert _texts(text) == ["التعديات المستمرة على قنوات الري"]


def test_a_statement_noun_is_never_cut_into_content():
    # «بيان» begins with the letter of طالب's preposition ب: it is a word of its own, not «ب» + «يان»
    text = "وطالبت الهيئة في بيان لها بوقف التعديات على قنوات الري في وادي النخيل."
    texts = _texts(text)
    assert all(not t.startswith("يان") for t in texts), texts


# --- generous readings: a possessed verbal noun right after the cue; a participle has no subject -------------


def _first_words_kept_by_a_filter_that_keeps_all(text: str) -> list[str]:
    from khabar.pipeline import Options
    from khabar.quotes.quote_filter import QuoteFilter

    article = extract(text, options=Options(extra={"quote_filter": QuoteFilter({}, intercept=10.0)}))
    return [q.text.split()[0] for q in article.quotes]


def test_a_possessed_verbal_noun_right_after_a_verb_whose_subject_came_first():
    # «وكان المجلس … أعلن سيطرته»: the subject stands before the cue, so its object opens at once
    text = "وكان المجلس البلدي في وادي النخيل أعلن سيطرته على جميع آبار المنطقة، بما في ذلك بئر الواحة."
    assert _first_words_kept_by_a_filter_that_keeps_all(text)[:1] == ["سيطرته"]


def test_a_name_after_a_participle_does_not_end_a_subject():
    # a participle names no one: the name is inside what was said, so content does not start after it
    text = ("وأعلن المجلس البلدي افتتاح السد، مؤكداً مشاركة رئيس الهيئة سامر الحداد وعدد من الوزراء فيه.")
    firsts = _first_words_kept_by_a_filter_that_keeps_all(text)
    assert "وعدد" not in firsts, firsts


# --- the reporter's adjunct after a comma ends what was said -------------------------------------------------


def test_a_reply_adjunct_after_a_comma_is_the_reporters():
    text = ("وقال رئيس المجلس سامر الحداد إن أياماً صعبة تنتظر سكان الوادي، في أعقاب السيول التي ضربت المنطقة "
            "الأسبوع الماضي.")
    assert _texts(text) == ["أياماً صعبة تنتظر سكان الوادي"]


def test_on_behalf_of_is_never_cut_into_content():
    text = ("وهدد الناطق باسم جيش الواحات سامي الكناني، بالرد على أي هجوم يستهدف الحدود، رداً على "
            "تصريحات قادة الجوار.")
    texts = _texts(text)
    assert not any(t.startswith("اسم") for t in texts), texts


def test_the_same_words_without_a_comma_stay_in_the_content():
    # «رداً على» inside the clause, with no comma, is the speaker's own words
    text = "وقال رئيس المجلس سامر الحداد إن الهيئة ستبني سداً جديداً رداً على تكرار السيول في الوادي."
    assert _texts(text) == ["الهيئة ستبني سداً جديداً رداً على تكرار السيول في الوادي"]


# --- a trailing attribution: «…، حسبما أفاد المصدر»، «…، كما قال رئيس البلدية.» ---------------------------


def test_a_clause_closed_by_as_reported_by_is_the_reporters_source():
    text = ("وتعرفت الشرطة على السيارة التي استخدمها المهاجمون في وادي النخيل، حسبما أفاد المصدر الأمني. "
            "وغادر الوفد المدينة مساء.")
    assert _texts(text) == ["وتعرفت الشرطة على السيارة التي استخدمها المهاجمون في وادي النخيل"]


def test_as_said_by_after_a_comma_at_the_sentence_end():
    text = "ودفن الضحايا في مقبرة الواحة صباح الأحد، كما قال رئيس بلديتها سامر الحداد."
    assert _texts(text) == ["ودفن الضحايا في مقبرة الواحة صباح الأحد"]


def test_as_reported_by_ends_an_earlier_quotation_and_is_not_a_second_one():
    text = ("وقال رئيس الوزراء سامر الحداد إن السيول تعرقل جهود الإغاثة في الوادي، حسبما أفادت إذاعة الساحل، "
            "في خبر عاجل.")
    assert _texts(text) == ["السيول تعرقل جهود الإغاثة في الوادي"]


def test_also_with_content_of_its_own_is_no_attribution():
    # «، كما أقروا بخطف …» is a new statement, not «as they said»
    text = ("واعترف أفراد العصابة بقتل ثلاثة رجال في بساتين الواحة، كما أقروا بخطف عشرين شخصاً من أهالي "
            "القرى المجاورة.")
    texts = _texts(text)
    assert "واعترف أفراد العصابة بقتل ثلاثة رجال في بساتين الواحة" not in texts


def test_a_clause_with_its_own_speech_verb_is_not_taken_whole():
    text = "وأكد الوزير سامر الحداد دعمه لمزارعي الوادي، حسبما ذكرت إذاعة الساحل."
    assert not any(t.startswith("وأكد") for t in _texts(text))


def test_also_confirms_inside_what_was_said_is_no_attribution():
    text = ("وقال رئيس الهيئة سامر الحداد إن افتتاح السد يؤكد عمق التعاون بين البلدين، كما يؤكد استمرار "
            "دعم الحكومة لمزارعي الوادي.")
    assert _texts(text) == ["افتتاح السد يؤكد عمق التعاون بين البلدين، كما يؤكد استمرار دعم الحكومة لمزارعي "
                            "الوادي"]


# --- an accusative participle ends the clause even without a comma -----------------------------------------


def test_an_accusative_participle_without_a_comma_opens_a_new_statement():
    text = ("وقال قائد القوات سامي الكناني إن قرارات المجلس لا قيمة لها داعياً جنوده لمواصلة حماية الوادي.")
    texts = _texts(text)
    assert texts[0] == "قرارات المجلس لا قيمة لها"


def test_expected_after_was_is_an_adjective_not_a_cue():
    text = "وأفادت هيئة المياه في بيان أن الأسعار بقيت مستقرة كما كان متوقعا في أسواق وادي النخيل."
    assert _texts(text) == ["الأسعار بقيت مستقرة كما كان متوقعا في أسواق وادي النخيل"]


def test_an_honorific_after_a_cue_opens_the_subject_not_the_content():
    text = ("وفي حديث لإذاعة الساحل، أكد معالي السيد سامر بن علي الحداد، وزير الخارجية، على قوة العلاقات "
            "بين جمهورية الواحات وجيرانها.")
    firsts = _first_words_kept_by_a_filter_that_keeps_all(text)
    assert "معالي" not in firsts, firsts


def test_a_long_titled_subject_still_reaches_its_complementizer():
    # the subject, its titles and the adjuncts run past forty words before «أن»
    text = ("وأوضح وزير الدولة عضو مجلس الوزراء لشؤون مجلس الشورى وزير الإعلام بالنيابة الدكتور سامر بن علي "
            "الحداد في بيانه لإذاعة الساحل عقب الجلسة الأسبوعية التي عقدها مجلس الوزراء برئاسة رئيس المجلس "
            "الأعلى لجمهورية الواحات الأمير فهد بن سالم الواحي في قصر الحكم بمدينة النخيل اليوم الثلاثاء "
            "بحضور عدد كبير من الوزراء والمسؤولين، أن المجلس أقر خطة جديدة لري مزارع الوادي.")
    assert _texts(text) == ["المجلس أقر خطة جديدة لري مزارع الوادي"]


# --- «بقوله»: a verbal noun of saying that introduces the words at once --------------------------------------


def test_by_his_saying_after_a_comma_is_a_new_statement_by_the_same_speaker():
    text = ("وقال المحامي سامي الكناني إن موكله بريء من التهمة، بقوله إنه كان خارج الوادي يوم الحادث.")
    article = extract(text)
    assert [q.text for q in article.quotes] == ["موكله بريء من التهمة", "كان خارج الوادي يوم الحادث"]
    assert all(q.speaker is not None and q.speaker.name == "سامي الكناني" for q in article.quotes)


def test_by_his_saying_with_nothing_opening_after_it_is_no_cue():
    # «بقوله» as a plain noun («استشهد بقوله المأثور …») introduces nothing
    assert _texts("واستشهد الخطيب سامي الكناني بقوله المأثور عن الصبر في خطبة الجمعة بمسجد الواحة.") == []


# --- «انتقد»: an attitude, a cue only with its words in marks -----------------------------------------------


def test_criticised_with_words_in_marks_is_a_quotation():
    text = "وانتقدت النائبة ليلى الوادي \"تأخر الحكومة في إصلاح قنوات الري قبل موسم الزراعة\"."
    assert _texts(text) == ["تأخر الحكومة في إصلاح قنوات الري قبل موسم الزراعة"]


def test_criticised_with_a_noun_object_is_no_quotation():
    assert _texts("وانتقدت النائبة ليلى الوادي تأخر الحكومة في إصلاح قنوات الري قبل موسم الزراعة.") == []


# --- «جاء فيها:»: a document named just before, speaking through a pronoun ----------------------------------


def test_it_read_in_it_opens_the_documents_words():
    text = ("وشارك اللاعب سامي الكناني تغريدة عبر حسابه على تويتر، جاء فيها: \"يا أصدقائي، لا تفقدوا الأمل في "
            "فريق الواحة أبداً\".")
    article = extract(text)
    assert [q.text for q in article.quotes] == ["يا أصدقائي، لا تفقدوا الأمل في فريق الواحة أبداً"]
    assert article.quotes[0].speaker is not None and article.quotes[0].speaker.name == "سامي الكناني"


def test_it_read_in_it_without_an_opener_is_no_quotation():
    assert _texts("وجاء فيها أيضاً ذكر لأسماء القرى التي غمرتها السيول في وادي النخيل.") == []
