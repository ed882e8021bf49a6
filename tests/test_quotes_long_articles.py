"""Patterns read by hand in long news articles (issue 14): cues the lexicon lacked, conjunctions that look
like a complementizer, an adverb that looks like a participle cue, and where a quotation ends.

Every person, place and organisation here is invented (سامر الحداد، هيئة المياه، وادي النخيل …). Each pattern
has its positive and a negative a careless rule would get wrong.
"""
from __future__ import annotations

from khabar.pipeline import extract


def _quotes(text: str) -> list[tuple[str, str]]:
    """(cue, content) of every quotation, the content checked against its true offsets."""
    article = extract(text)
    out = []
    for q in article.quotes:
        assert article.text[q.content.start : q.content.end] == q.text
        out.append((q.cue.text if q.cue is not None else "", q.text))
    return out


def _texts(text: str) -> list[str]:
    return [t for _, t in _quotes(text)]


# --- verbs of saying the lexicon lacked ----------------------------------------------------------------------


def test_abana_introduces_what_was_said():
    text = "وأبان مدير الهيئة سامر الحداد أن الموسم سيشهد مشاركة عشرين فرقة من المحافظات."
    assert _texts(text) == ["الموسم سيشهد مشاركة عشرين فرقة من المحافظات"]


def test_mada_is_not_a_verb_of_saying():
    # «مضى إلى …» (went on to) reaching a colon far later: travel, not speech
    text = ("فلما أعطي الإذن، مضى سامر الحداد إلى وادي النخيل، ومنها إلى البصرة، ثم إلى النفود: "
            "«وما أجمل صوتا سمعناه آنذاك وراء الآكام في الليل».")
    assert _texts(text) == []


# --- conjunctions that end in أن ------------------------------------------------------------------------------


def test_wa_raghma_anna_does_not_open_speech():
    # «وأكمل» (he went on) reaches «ورغم أن» (and although): no one is quoted
    text = "وأكمل سامر الحداد جولته في وادي النخيل، ورغم أن الطريق كان وعرا فقد وصل إلى القرية مع فريقه."
    assert _texts(text) == []


def test_ala_anna_after_a_comma_means_provided_that():
    text = ("وأعلنت هيئة المياه عن فتح باب التسجيل للمزارعين، وهو ما أشارت له «صحيفة الوادي» في عدد أمس، "
            "على أن تعقد اللجنة اجتماعها في الشهر المقبل.")
    assert not any(t.startswith("تعقد اللجنة") for t in _texts(text))


def test_ala_anna_after_its_verb_still_opens_speech():
    text = "وشدد سامر الحداد على أن الهيئة ستعقد اجتماعها في الشهر المقبل."
    assert _texts(text) == ["الهيئة ستعقد اجتماعها في الشهر المقبل"]


# --- «مجدداً» alone is the adverb «again» ---------------------------------------------------------------------


def test_mujaddidan_as_again_does_not_cut_the_clause():
    text = ("قالت مصادر في حزب الوادي إن المحادثات لم تحقق تقدما، مما يهدد بخيار الانتخابات الذي تحدث عنه "
            "مجددا أمس رئيس الحزب سامر الحداد.")
    assert _texts(text) == ["المحادثات لم تحقق تقدما، مما يهدد بخيار الانتخابات الذي تحدث عنه مجددا أمس "
                            "رئيس الحزب سامر الحداد"]


def test_mujaddidan_with_its_content_is_a_new_statement():
    text = ("وقال سامر الحداد إن الهيئة أنهت المرحلة الأولى من المشروع، مجددا التأكيد على أن "
            "المرحلة الثانية تبدأ قريبا.")
    texts = _texts(text)
    assert texts[0] == "الهيئة أنهت المرحلة الأولى من المشروع"


def test_ibban_during_is_not_abana():
    text = "وكانت إنجازات المدينة كثيرة إبان تولي سامر الحداد إمارتها، ومن الطبيعي أن يكون نتاج أعماله كبيرا."
    assert _texts(text) == []


def test_afada_minha_is_benefited_from():
    text = ("وكانت زيارة سامر الحداد حلقة علمية أفاد منها ضيوف تلك الزيارة، وأما آخر مرة التقيته فكانت في "
            "مؤتمر وادي النخيل للغة العربية.")
    assert _texts(text) == []


# --- where a quotation in marks ends ---------------------------------------------------------------------------


def test_marks_then_narration_after_a_comma_end_the_quotation():
    # the words in marks are what was said; «، ولم يتيسر لي …» is the writer going on
    text = ("ثم التفت إلي سامر الحداد وقال “أنا أعطي على الباب الأول هذا ماجستير”، ولم يتيسر لي أن أراه "
            "بعدها حتى جاء أستاذا في جامعة وادي النخيل.")
    assert _quotes(text)[0][1] == "أنا أعطي على الباب الأول هذا ماجستير"


def test_marks_then_a_coordinated_complementizer_go_on_in_the_speakers_voice():
    text = "وقال سامر الحداد إنها “ليست ذات موضوع أبدا”، وأن الهيئة ستواصل عملها في وادي النخيل."
    assert _texts(text) == ["“ليست ذات موضوع أبدا”، وأن الهيئة ستواصل عملها في وادي النخيل"]


# --- a work's title in marks is not what was said -------------------------------------------------------------


def test_a_titled_work_in_marks_before_a_colon_is_a_title():
    text = ('ويتساءل الكاتب سامر الحداد، في مقاله "حتى لا يظلم الشاب في وادي النخيل" بصحيفة "الوادي": '
            '"هل يخجل الناس من واقع شبابهم الحقيقي؟".')
    assert _texts(text) == ["هل يخجل الناس من واقع شبابهم الحقيقي؟"]


def test_marks_after_a_titled_work_with_no_later_opener_are_what_was_written():
    text = 'وكتب سامر الحداد في مقاله "نحن بحاجة إلى مدارس جديدة في وادي النخيل".'
    assert _texts(text) == ["نحن بحاجة إلى مدارس جديدة في وادي النخيل"]


# --- verbs of saying that also spell a common noun or verb -----------------------------------------------------


def test_a_sum_and_amounts_to_are_not_informing():
    text = ("قال سامر الحداد إن الفريق بخير. وبحسب المصادر، كلف اللاعب خزينة النادي مبلغ أربعة ملايين "
            "في الموسم الماضي.")
    assert "كلف اللاعب خزينة النادي مبلغ أربعة ملايين في الموسم الماضي" in _texts(text)


def test_ablagha_in_the_perfect_still_reports():
    text = "وأبلغ سامر الحداد الصحفيين أن الفريق سيعود غدا إلى وادي النخيل."
    assert _texts(text) == ["الفريق سيعود غدا إلى وادي النخيل"]


def test_a_conjoined_cue_with_its_complementizer_starts_a_new_statement_without_a_comma():
    text = ("وقالت المحامية سلمى الحداد إن صورته كانت في لوحة الشرف في السفارة وأوضحت أن موكلها يحتاج إلى "
            "عملية جراحية عاجلة.")
    assert _texts(text) == ["صورته كانت في لوحة الشرف في السفارة", "موكلها يحتاج إلى عملية جراحية عاجلة"]


def test_a_conjoined_verb_that_is_not_speech_goes_on_with_the_clause():
    text = "وقالت سلمى الحداد إن الفريق وصل إلى وادي النخيل وأقام معسكره أن شاء الله قبل المباراة."
    texts = _texts(text)
    assert texts and texts[0].endswith("قبل المباراة")


# --- text wrapped at a fixed width ------------------------------------------------------------------------------

_WRAPPED = ("قال\nوزير المالية في وادي النخيل\nسامر الحداد، إن الهيئة غيرت طريقتها في تقديم\n"
            "المساعدات للمزارعين، بعد أن\nكانت دون شروط.\nوأوضح الحداد خلال\nمشاركته في منتدى\n"
            "النخيل الاقتصادي، \"اعتدنا تقديم منح ومساعدات\nمباشرة دون شروط، ونحن نغير ذلك\".\n"
            "وأضاف أن الهيئة\nستراجع كل العقود\nقبل نهاية العام.\n")


def test_lines_wrapped_at_a_column_width_run_on_into_one_sentence():
    texts = _texts(_WRAPPED)
    assert "الهيئة غيرت طريقتها في تقديم\nالمساعدات للمزارعين، بعد أن\nكانت دون شروط" in texts
    assert "اعتدنا تقديم منح ومساعدات\nمباشرة دون شروط، ونحن نغير ذلك" in texts
    assert "الهيئة\nستراجع كل العقود\nقبل نهاية العام" in texts


def test_paragraphs_without_a_final_stop_are_not_a_wrapped_column():
    # long lines the outlet left without a stop, then a list of related headlines between dashes
    text = ("أكدت هيئة المياه في وادي النخيل، اليوم الاثنين، أن الأوضاع في القرى مطمئنة والحياة اليومية تسير "
            "بصورة طبيعية في كل المناطق\n"
            "وأوضحت الهيئة في بيان صدر عنها أن فرقها تعمل على مدار الساعة ضمن منظومة متكاملة لخدمة المزارعين\n"
            "-\nأخبار متعلقة\n-\nسامر الحداد يعلن تبرع الهيئة بمليون دينار لصندوق القرى\n-\n"
            "سلمى الحداد تدعم صندوق القرى بمبلغ نصف مليون دينار\n-\nشاهد\n")
    texts = _texts(text)
    assert len(texts) == 2
    assert texts[0].startswith("الأوضاع في القرى مطمئنة")
    assert texts[1].startswith("فرقها تعمل على مدار الساعة")


def test_wa_bayyana_with_a_family_name_and_a_complementizer_reports():
    text = "وبين آل الحداد أن الإسلام حرم قتل النفس لأن في قتلها إزهاقا لحياة الإنسان."
    assert _texts(text) == ["الإسلام حرم قتل النفس لأن في قتلها إزهاقا لحياة الإنسان"]


def test_wa_bayna_with_a_definite_dual_is_between():
    assert _texts("وبين البلدين أن تكون العلاقة قوية أمر مهم للجميع في وادي النخيل.") == []


# --- the verb's own preposition after a comma ends the subject's titles ------------------------------------------


def test_own_preposition_after_a_comma_ends_a_long_title_chain():
    text = ("من جانبه حذر الشيخ سامر آل الحداد مفتي عام وادي النخيل رئيس هيئة كبار العلماء رئيس اللجنة الدائمة "
            "للبحوث العلمية والإفتاء، من تساهل بعض القضاة والحكم في القضايا المرتبطة بأشخاص لهم صلة قرابة.")
    assert _texts(text) == ["تساهل بعض القضاة والحكم في القضايا المرتبطة بأشخاص لهم صلة قرابة"]


def test_a_preposition_inside_the_content_is_not_the_verbs_own():
    # «من» first stands inside what was said, with no comma before it: the content starts at the verb's
    text = "وحذر سامر الحداد من تساهل بعض القضاة، من جهة، ومن تأخر الأحكام في وادي النخيل."
    texts = _texts(text)
    assert texts and texts[0].startswith("تساهل بعض القضاة")


# --- a long statement split by commas: a new speech verb a few words after a comma -------------------------------


def test_a_speech_verb_a_few_words_after_a_comma_ends_the_clause():
    text = ("وأكدت الباحثة سلمى الحداد أن المتهم طالب في كلية الهندسة، لتضيف بأنه شخص مثقف ومحب للعلم، "
            "وعن وضعه الأسري أفادت بأن والده متوفى منذ سنوات.")
    texts = _texts(text)
    assert "شخص مثقف ومحب للعلم" in texts
    assert "والده متوفى منذ سنوات" in texts


def test_a_speech_verb_far_after_a_comma_stays_inside_the_clause():
    # «قالوا إن» stands more than a few words after the comma: it is part of what the speaker said
    text = ("وأكد سامر الحداد أن المزارعين تعبوا، ومعهم أهالي القرى المجاورة وعمال المزارع الموسميون في الوادي "
            "قالوا إن الموسم كان جيدا.")
    assert _texts(text) == ["المزارعين تعبوا، ومعهم أهالي القرى المجاورة وعمال المزارع الموسميون في الوادي "
                            "قالوا إن الموسم كان جيدا"]


def test_two_words_in_marks_after_a_complementizer_then_a_comma_are_the_quotation():
    text = ("من جهته، غرّد سامر الحداد نائب رئيس مجلس الوادي عبر \"تويتر\"، أنّ \"الوادي بخير\"، كما نشر صورا له "
            "يتجول في شوارع المدينة ويتفقد المطار.")
    assert _texts(text) == ["الوادي بخير"]


def test_two_words_in_marks_inside_a_running_clause_stay_a_term():
    text = "وقال سامر الحداد إن \"الرايات السود\" رفعت فوق مبنى البلدية في وادي النخيل أمس."
    assert _texts(text) == ["\"الرايات السود\" رفعت فوق مبنى البلدية في وادي النخيل أمس"]


# --- a leading source with no comma after it ---------------------------------------------------------------------


def test_a_leading_definite_source_ends_at_its_verb_without_a_comma():
    text = ("قال سامر الحداد إن الفريق بخير. وحسب الإحصاءات الرسمية الأخيرة يبلغ إجمالي أعضاء هيئة التدريس في "
            "جامعة وادي النخيل 7300 عضو.")
    assert "يبلغ إجمالي أعضاء هيئة التدريس في جامعة وادي النخيل 7300 عضو" in _texts(text)


def test_a_verb_after_a_relative_stays_in_the_source_phrase():
    text = "قال سامر الحداد إن الفريق بخير. وحسب البيان الذي تلقته الصحيفة، فإن الفريق سيعود غدا إلى الوادي."
    assert "الفريق سيعود غدا إلى الوادي" in _texts(text)
