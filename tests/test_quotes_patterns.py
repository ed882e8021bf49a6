"""Quotation patterns on short invented Arabic news texts (GUIDELINES.md): what a careful reader expects.

Every person, place and organisation here is invented (وزير الري سامر الحداد، المتحدثة ليلى العطار، وكالة
أنباء الساحل، مدينة وادي النخيل، جمهورية الواحات). A failing expectation that is a real bug stays here as a
strict xfail with the reason, so that fixing it turns the suite red until the mark is removed.
"""
from __future__ import annotations

import pytest

from khabar.article import Article, Quote
from khabar.pipeline import Options, extract

MARKS = "«»“”\"„‹›"


def _quotes(text: str, **kw) -> tuple[Article, list[Quote]]:
    article = extract(text, **kw)
    return article, list(article.quotes)


def _check_offsets(article: Article, q: Quote) -> None:
    assert article.text[q.content.start : q.content.end] == q.text


def _only(text: str) -> tuple[Article, Quote]:
    article, quotes = _quotes(text)
    assert len(quotes) == 1, [q.text for q in quotes]
    _check_offsets(article, quotes[0])
    return article, quotes[0]


# --- direct ------------------------------------------------------------------------------------------------


def test_direct_guillemets_after_colon():
    _, q = _only("قال الوزير سامر الحداد: «سنبدأ بناء السد في وادي النخيل الشهر المقبل».")
    assert q.kind == "direct"
    assert q.text == "سنبدأ بناء السد في وادي النخيل الشهر المقبل"
    assert not any(m in q.text for m in MARKS)
    assert q.speaker is not None and q.speaker.name == "سامر الحداد"
    assert q.speaker.type == "PER"


def test_direct_curly_quotes_after_inna():
    _, q = _only("وقالت المتحدثة ليلى العطار إن “المياه ستصل إلى القرى قبل الصيف”.")
    assert q.kind == "direct"
    assert q.text == "المياه ستصل إلى القرى قبل الصيف"
    assert not any(m in q.text for m in MARKS)
    assert q.speaker is not None and q.speaker.name == "ليلى العطار"


# --- indirect ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        ("وأكد الوزير سامر الحداد أن الحكومة ماضية في مشروع السد.", "الحكومة ماضية في مشروع السد", "سامر الحداد"),
        ("وقالت ليلى العطار إن الأمطار الأخيرة رفعت منسوب البحيرة.", "الأمطار الأخيرة رفعت منسوب البحيرة",
         "ليلى العطار"),
        ("وصرح سامر الحداد بأن الوزارة ستفتح باب التوظيف.", "الوزارة ستفتح باب التوظيف", "سامر الحداد"),
    ],
    ids=["anna", "inna", "bi-anna"],
)
def test_indirect_after_complementizer(text, content, speaker):
    _, q = _only(text)
    assert q.kind == "indirect"
    assert q.text == content  # starts after the complementizer, no final stop
    assert not q.text.endswith(".")
    assert q.speaker is not None and q.speaker.name == speaker


@pytest.mark.parametrize(
    "text, content",
    [
        ("وأشار الوزير سامر الحداد إلى أن العمل سيستمر طوال الصيف.", "العمل سيستمر طوال الصيف"),
        ("وشدد سامر الحداد على أن المشروع لن يتوقف.", "المشروع لن يتوقف"),
    ],
    ids=["ashara-ila", "shaddada-ala"],
)
def test_indirect_cue_with_preposition(text, content):
    _, q = _only(text)
    assert q.kind == "indirect"
    assert q.text == content
    assert q.speaker is not None and q.speaker.name == "سامر الحداد"


# --- mixed -------------------------------------------------------------------------------------------------


def test_mixed_when_only_part_of_the_clause_is_in_marks():
    _, q = _only("وقال قائد الشرطة رامي الصافي إن القوات «أدت واجبها» في وادي النخيل.")
    assert q.kind == "mixed"
    assert q.text == "القوات «أدت واجبها» في وادي النخيل"
    assert q.speaker is not None and q.speaker.name == "رامي الصافي"


def test_scare_quoted_term_inside_clause_does_not_make_it_mixed():
    _, q = _only("وقال الوزير سامر الحداد إن «الرايات» لن تعود إلى وادي النخيل.")
    assert q.text == "«الرايات» لن تعود إلى وادي النخيل"
    assert q.kind == "indirect"


# --- cue + noun phrase with content ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, content",
    [
        ("وحذر الوزير سامر الحداد من السيول في وادي النخيل خلال الأيام المقبلة.",
         "السيول في وادي النخيل خلال الأيام المقبلة"),
        ("أعلن وزير الري سامر الحداد إطلاق مشروع السد الكبير في وادي النخيل.",
         "إطلاق مشروع السد الكبير في وادي النخيل"),
    ],
    ids=["haddhara-min", "alana-np"],
)
def test_cue_with_content_noun_phrase(text, content):
    _, q = _only(text)
    assert q.kind == "indirect"
    assert q.text == content
    assert q.speaker is not None and q.speaker.name == "سامر الحداد"


def test_title_before_name_is_role_not_name():
    _, q = _only("قال وزير الري سامر الحداد إن المشروع سيكتمل في الربيع.")
    assert q.speaker is not None and q.speaker.name == "سامر الحداد"
    assert q.speaker.role == "وزير الري"


# --- second quotation opened by a participle ---------------------------------------------------------------


def test_participle_cue_opens_second_quotation_by_same_speaker():
    text = "وقال الوزير سامر الحداد إن السد سيكتمل في الربيع، مؤكداً أن التمويل متوفر بالكامل."
    article, quotes = _quotes(text)
    assert [q.text for q in quotes] == ["السد سيكتمل في الربيع", "التمويل متوفر بالكامل"]
    first, second = quotes
    for q in quotes:
        _check_offsets(article, q)
    assert first.content.end == text.index("،")  # the first ends before the comma
    assert first.speaker is not None and second.speaker is not None
    assert first.speaker.entity_id is not None
    assert first.speaker.entity_id == second.speaker.entity_id
    assert second.speaker.name == "سامر الحداد"


# --- implicit speaker --------------------------------------------------------------------------------------


def test_bare_wa_adafa_in_next_paragraph_continues_previous_speaker():
    text = (
        "قال وزير الري سامر الحداد: «سنفتح السد الجديد في الخريف».\n\n"
        "وأضاف: «لن نسمح بهدر قطرة ماء واحدة»."
    )
    article, quotes = _quotes(text)
    assert [q.text for q in quotes] == ["سنفتح السد الجديد في الخريف", "لن نسمح بهدر قطرة ماء واحدة"]
    assert all(q.kind == "direct" for q in quotes)
    assert quotes[1].speaker is not None
    assert quotes[1].speaker.name == "سامر الحداد"
    assert quotes[1].speaker.entity_id == quotes[0].speaker.entity_id


# --- quotation before its cue ------------------------------------------------------------------------------


def test_quotation_before_its_cue():
    _, q = _only("«المياه ستصل إلى كل بيت في وادي النخيل»، قال الوزير سامر الحداد أمام الصحفيين.")
    assert q.kind == "direct"
    assert q.text == "المياه ستصل إلى كل بيت في وادي النخيل"
    assert q.speaker is not None and q.speaker.name == "سامر الحداد"


# --- a name in marks before the colon ----------------------------------------------------------------------


def test_name_in_marks_before_colon_is_the_speaker_not_a_quotation():
    text = (
        "افتتح وزير الري سامر الحداد محطة الضخ في وادي النخيل يوم الأحد.\n\n"
        "وأضاف “الحداد”: «المشروع سيكتمل قبل نهاية العام»."
    )
    _, q = _only(text)  # “الحداد” itself is not a quotation
    assert q.text == "المشروع سيكتمل قبل نهاية العام"
    assert q.kind == "direct"
    assert q.speaker is not None and q.speaker.name == "سامر الحداد"


# --- source phrases ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "الطريق إلى السد سيفتح غداً، حسب مصدر في الوزارة.",
        "الطريق إلى السد سيفتح غداً، وفقاً لمصدر في الوزارة.",
    ],
    ids=["hasab", "wifqan-li"],
)
def test_trailing_source_phrase_without_cue(text):
    _, q = _only(text)
    assert q.text == "الطريق إلى السد سيفتح غداً"  # the clause before the source phrase
    assert q.speaker is not None and q.speaker.name == "مصدر في الوزارة"
    assert q.speaker.type == "ANON"


def test_trailing_source_phrase_after_cue_is_not_content():
    text = (
        "افتتح الوزير سامر الحداد محطة الضخ في وادي النخيل يوم الأحد.\n\n"
        "وأكد الحداد أن الطريق إلى السد سيفتح غداً، وفقاً لمصدر في الوزارة."
    )
    _, quotes = _quotes(text)
    assert [q.text for q in quotes] == ["الطريق إلى السد سيفتح غداً"]


def test_leading_source_phrase_framing_a_cue_gives_via_and_addressee():
    text = (
        "افتتح وزير الري سامر الحداد محطة الضخ في وادي النخيل يوم الأحد.\n\n"
        "وحسب وكالة أنباء الساحل، فإن الوزير أكد لـ“العطار” «العمل سيبدأ فوراً في كل القرى»."
    )
    _, q = _only(text)
    assert q.text == "العمل سيبدأ فوراً في كل القرى"
    assert q.kind == "direct"
    assert q.via is not None and q.via.name == "وكالة أنباء الساحل"
    assert q.addressee is not None and q.addressee.name == "العطار"
    assert q.speaker is not None and q.speaker.name == "سامر الحداد"


# --- fullest name, hashtags, bare titles -------------------------------------------------------------------

PERSON_ARTICLE = (
    "{intro} وزير الري سامر الحداد محطة الضخ في وادي النخيل.\n\n"
    "وقال الحداد إن المشروع سيوفر آلاف الوظائف.\n\n"
    "وتداول المتابعون وسم #سامر_الحداد على نطاق واسع.\n\n"
    "وأكد وزير الري أن التمويل مضمون بالكامل."
)


@pytest.mark.parametrize("intro", ["افتتح", "زار"])
def test_surname_resolves_to_fullest_name(intro):
    article, quotes = _quotes(PERSON_ARTICLE.format(intro=intro))
    q = next(q for q in quotes if q.text == "المشروع سيوفر آلاف الوظائف")
    assert q.speaker is not None and q.speaker.name == "سامر الحداد"
    assert q.speaker.type == "PER"


def test_hashtag_counts_as_mention_of_the_person():
    article = extract(PERSON_ARTICLE.format(intro="افتتح"))
    ent = next(e for e in article.entities if e.name == "سامر الحداد")
    tag_at = article.text.index("#سامر_الحداد")
    assert any(m.start <= tag_at + 1 and tag_at + len("#سامر_الحداد") - 1 <= m.end for m in ent.mentions), \
        [(m.text, m.start) for m in ent.mentions]


def test_bare_title_resolves_to_the_person_it_introduced():
    _, quotes = _quotes(PERSON_ARTICLE.format(intro="افتتح"))
    q = next(q for q in quotes if q.text == "التمويل مضمون بالكامل")
    assert q.speaker is not None and q.speaker.name == "سامر الحداد"


def test_all_quotations_of_one_person_share_an_entity_id():
    _, quotes = _quotes(PERSON_ARTICLE.format(intro="افتتح"))
    assert len(quotes) == 2
    ids = {q.speaker.entity_id for q in quotes if q.speaker is not None}
    assert len(ids) == 1 and None not in ids


# --- DOC and ANON speakers ---------------------------------------------------------------------------------


def test_document_speaker_and_its_continuation():
    text = (
        "أكد بيان مشترك صادر عن وزارة الري في جمهورية الواحات ووكالة أنباء الساحل أن السد آمن تماماً.\n\n"
        "وأكمل البيان أن فرق الصيانة تعمل على مدار الساعة."
    )
    _, quotes = _quotes(text)
    assert [q.text for q in quotes] == ["السد آمن تماماً", "فرق الصيانة تعمل على مدار الساعة"]
    first, second = quotes
    assert first.speaker is not None and first.speaker.type == "DOC"
    assert second.speaker is not None and second.speaker.type == "DOC"
    assert second.speaker.name == first.speaker.name
    assert second.speaker.entity_id == first.speaker.entity_id


def test_unnamed_source_is_anon():
    _, q = _only("قال مصدر أمني إن الطريق إلى وادي النخيل أغلق بسبب السيول.")
    assert q.text == "الطريق إلى وادي النخيل أغلق بسبب السيول"
    assert q.speaker is not None and q.speaker.type == "ANON"
    assert q.speaker.name == "مصدر أمني"


# --- channels ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, content, channel",
    [
        ("وكتب الوزير سامر الحداد في تغريدة على حسابه أن السد سيفتح غداً.", "السد سيفتح غداً", "tweet"),
        ("وقال الوزير سامر الحداد في مؤتمر صحفي إن المشروع سيكتمل في الموعد.", "المشروع سيكتمل في الموعد",
         "press conference"),
        ("وقالت وزارة الري في جمهورية الواحات في بيان إن المياه صالحة للشرب.", "المياه صالحة للشرب",
         "statement"),
    ],
    ids=["tweet", "press-conference", "statement"],
)
def test_channel(text, content, channel):
    _, q = _only(text)
    assert q.text == content  # words between the cue and the content are not content
    assert q.channel == channel


# --- confidence --------------------------------------------------------------------------------------------

CONFIDENCE_ARTICLE = (
    "قال الوزير سامر الحداد: «سنبدأ بناء السد في وادي النخيل الشهر المقبل».\n\n"
    "وقال مصدر أمني إن الطريق إلى وادي النخيل أغلق بسبب السيول.\n\n"
    "وقال الحداد إن السد سيكتمل في الربيع، مؤكداً أن التمويل متوفر بالكامل."
)


def test_confidence_is_a_probability_and_min_confidence_filters():
    all_quotes = extract(CONFIDENCE_ARTICLE).quotes
    assert len(all_quotes) == 4
    assert all(0.0 <= q.confidence <= 1.0 for q in all_quotes)
    strict = extract(CONFIDENCE_ARTICLE, options=Options(min_confidence=0.99)).quotes
    assert all(q.confidence >= 0.99 for q in strict)
    assert [q.text for q in strict] == [q.text for q in all_quotes if q.confidence >= 0.99]
    # an unnamed source and a participle continuation are not near-certain
    assert len(strict) < len(all_quotes)
    cut = sorted(q.confidence for q in all_quotes)[-1]
    kept = extract(CONFIDENCE_ARTICLE, options=Options(min_confidence=cut)).quotes
    assert kept and [q.text for q in kept] == [q.text for q in all_quotes if q.confidence >= cut]


# --- robustness --------------------------------------------------------------------------------------------


def test_quotation_running_over_two_paragraphs():
    text = (
        "وقال الوزير سامر الحداد: «المرحلة الأولى من المشروع ستنتهي في الربيع.\n\n"
        "أما المرحلة الثانية فستبدأ مع بداية الصيف المقبل».\n\n"
        "وأكدت المتحدثة ليلى العطار أن الوزارة ستنشر الجدول الزمني كاملاً."
    )
    article, quotes = _quotes(text)
    for q in quotes:
        _check_offsets(article, q)
    assert len(quotes) == 2
    first, second = quotes
    assert first.kind == "direct"
    assert first.text.startswith("المرحلة الأولى") and first.text.endswith("الصيف المقبل")
    assert first.speaker is not None and first.speaker.name == "سامر الحداد"
    assert second.text == "الوزارة ستنشر الجدول الزمني كاملاً"
    assert second.speaker is not None and second.speaker.name == "ليلى العطار"


def test_unbalanced_mark_does_not_crash_or_hide_other_quotations():
    text = (
        "وقال الوزير سامر الحداد: «المرحلة الأولى من المشروع ستنتهي في الربيع.\n\n"
        "وأكدت المتحدثة ليلى العطار أن الوزارة ستنشر الجدول الزمني كاملاً.\n\n"
        "وقال مصدر أمني إن الطريق إلى وادي النخيل أغلق بسبب السيول."
    )
    article, quotes = _quotes(text)
    for q in quotes:
        _check_offsets(article, q)
    texts = [q.text for q in quotes]
    assert "الوزارة ستنشر الجدول الزمني كاملاً" in texts
    assert "الطريق إلى وادي النخيل أغلق بسبب السيول" in texts
    by_text = {q.text: q for q in quotes}
    assert by_text["الوزارة ستنشر الجدول الزمني كاملاً"].speaker.name == "ليلى العطار"


def test_stray_closing_mark_does_not_crash():
    text = "» وقال مصدر أمني إن الطريق إلى وادي النخيل أغلق بسبب السيول.\n\n«\n\n”"
    article, quotes = _quotes(text)
    for q in quotes:
        _check_offsets(article, q)
    assert [q.text for q in quotes] == ["الطريق إلى وادي النخيل أغلق بسبب السيول"]


# --- institutions named «X الوطني للY» ---------------------------------------------------------------------


@pytest.mark.parametrize("text, speaker, addressee", [
    ("حذر المركز الوطني للرصد الزلزالي من هزات ارتدادية، وقال المركز الوطني للرصد الزلزالي إن الهزة كانت خفيفة.",
     "المركز الوطني للرصد الزلزالي", None),
    ("وقالت الهيئة العامة للإحصاء في نوران إن عدد السكان ارتفع.", "الهيئة العامة للإحصاء", None),
    ("وقالت الهيئة العامة للصحفيين إن عدد السكان ارتفع.", "الهيئة العامة", "الصحفيين"),
    ("وقال سامر الحداد للموظفين إن الرواتب ستصرف غداً.", "سامر الحداد", "الموظفين"),
])
def test_an_institutions_name_goes_on_after_its_adjective_but_an_audience_does_not(text, speaker, addressee):
    _, quotes = _quotes(text)
    q = quotes[-1]
    assert q.speaker is not None and q.speaker.name == speaker
    assert (q.addressee.name if q.addressee else None) == addressee


# --- «المصدر» and «البيان» refer back to the description the article gave ---------------------------------


def test_a_bare_definite_source_or_statement_takes_the_nearest_earlier_description():
    text = ("نفى مصدر مطلع في وزارة الري ما يشاع عن نقص المياه في وادي النخيل.\n\n"
            "وقال المصدر إن المخزون يكفي حتى نهاية الصيف.\n\n"
            "وجاء في بيان نقابة المزارعين: «لن نقبل بأي تأخير في التوزيع».\n\n"
            "وأضاف البيان أن المزارعين سيجتمعون الأحد.\n\n"
            "ثم أصدرت البلدية بياناً مقتضباً، وقال البيان إن الطرق مفتوحة.")
    article, quotes = _quotes(text)
    by_text = {q.text: q for q in quotes}
    source = by_text["المخزون يكفي حتى نهاية الصيف"]
    assert source.speaker is not None and source.speaker.name == "مصدر مطلع في وزارة الري"
    later = by_text["المزارعين سيجتمعون الأحد"]
    assert later.speaker is not None and later.speaker.name == "بيان نقابة المزارعين"
    # the nearest description wins: the municipality's statement, not the union's
    last = by_text["الطرق مفتوحة"]
    assert last.speaker is not None and last.speaker.name != "بيان نقابة المزارعين"


def test_a_shortened_title_finds_the_one_person_it_was_given_to():
    text = ("قال سامر الحداد، مدرب فريق النجوم، في المؤتمر الصحافي إن المباراة كانت صعبة.\n\n"
            "وأضاف مدرب النجوم: «لعبنا بعشرة لاعبين معظم الوقت».")
    _, quotes = _quotes(text)
    assert [q.speaker.name for q in quotes if q.speaker] == ["سامر الحداد", "سامر الحداد"]


def test_a_shortened_title_that_fits_two_people_is_left_as_written():
    from khabar.entities.names import NameIndex

    index = NameIndex()
    index.add_title("مدرب فريق النجوم", "سامر الحداد")
    index.add_title("مدرب منتخب النجوم للشباب", "ليلى العطار")
    assert index.by_title("مدرب فريق النجوم") == "سامر الحداد"
    assert index.by_title("مدرب النجوم") is None  # both titles shorten to it: no guess
    assert index.by_title("مدرب للشباب") == "ليلى العطار"


def test_a_tagged_name_that_starts_with_a_speech_verb_does_not_pass_for_a_second_person():
    from khabar.article import Article, Span
    from khabar.entities.stages import entities_stage
    from khabar.pipeline import run
    from khabar.quotes.stages import STAGES as QUOTE_STAGES
    from khabar.stage import Options
    from khabar.text.stages import STAGES as TEXT_STAGES

    text = ("أكد سامر الحداد نائب رئيس البلدية أن المشاريع تأخرت.\n\n"
            "ولفت الحداد إلى أن التأخير يعود لنقص التمويل.\n\n"
            "أما عن الطرق فيؤكد الحداد أن العمل سيبدأ قريباً.")
    article = run(Article(text), stages=list(TEXT_STAGES))
    spans = []
    for surface in ("سامر الحداد", "فيؤكد الحداد"):  # as a tagger might: the verb inside the name
        at = text.index(surface)
        spans.append(Span(at, at + len(surface), surface, "PER"))
    article.add_layer("ner", spans)
    entities_stage(article, Options())
    for st in QUOTE_STAGES:  # called directly: the text layers are already there
        st(article, Options())
    said = {q.text: q.speaker.name for q in article.quotes if q.speaker}
    assert said["التأخير يعود لنقص التمويل"] == "سامر الحداد"


def test_a_surname_the_tagger_left_off_joins_the_name_when_the_article_quotes_the_person_by_it():
    from khabar.article import Article, Span
    from khabar.entities.stages import entities_stage
    from khabar.pipeline import run
    from khabar.quotes.stages import STAGES as QUOTE_STAGES
    from khabar.stage import Options
    from khabar.text.stages import STAGES as TEXT_STAGES

    text = ("أكد مدير التعليم في وادي النخيل الدكتور فارس بن نادر العطار أن العام الدراسي سيبدأ في موعده.\n\n"
            "وأشار العطار إلى أن المدارس جاهزة لاستقبال الطلاب.")
    article = run(Article(text), stages=list(TEXT_STAGES))
    at = text.index("فارس بن نادر")
    article.add_layer("ner", [Span(at, at + len("فارس بن نادر"), "فارس بن نادر", "PER")])  # stopped short
    entities_stage(article, Options())
    for st in QUOTE_STAGES:
        st(article, Options())
    said = {q.text: q.speaker.name for q in article.quotes if q.speaker}
    assert said == {"العام الدراسي سيبدأ في موعده": "فارس بن نادر العطار",
                    "المدارس جاهزة لاستقبال الطلاب": "فارس بن نادر العطار"}


@pytest.mark.parametrize("text, speaker", [
    ("قال أحد السائقين إن الطريق مغلق، وقال آخر إن الشرطة وصلت متأخرة.", "آخر"),
    ("وقال الرجل إنه انتظر ثلاث ساعات في المحطة.", "الرجل"),
    ("وتشير المعلومات إلى أن المصنع أغلق أبوابه منذ شهر.", "المعلومات"),
])
def test_an_unnamed_description_is_an_anonymous_source_not_a_person(text, speaker):
    article, quotes = _quotes(text)
    q = quotes[-1]
    assert q.speaker is not None and q.speaker.name == speaker and q.speaker.type == "ANON"
    assert not any(e.type == "PER" and e.name == speaker for e in article.entities)


@pytest.mark.parametrize("text, speaker", [
    ("وقال وزير الري علي الحسن إن المشروع سيبدأ قريباً.", "علي الحسن"),
    ("وأكد علي الحسن للصحفيين أن المشروع سيبدأ قريباً.", "علي الحسن"),
    ("وأكد الوزير علي أهمية المشروع، وقال إن العمل سيبدأ قريباً.", "الوزير"),  # «علي» for «على», as often written
])
def test_the_name_ali_is_a_name_though_it_folds_like_the_preposition(text, speaker):
    _, quotes = _quotes(text)
    assert quotes and all(q.speaker is not None and q.speaker.name == speaker for q in quotes)


def test_as_x_says_right_after_a_quotation_names_its_speaker():
    text = ("ورفضت بلدية وادي النخيل الاتهامات، معتبرة أنها «لا أساس لها من الصحة» كما يقول سامر الحداد "
            "نائب رئيس البلدية.")
    _, q = _only(text)
    assert q.text == "لا أساس لها من الصحة"
    assert q.speaker is not None and q.speaker.name == "سامر الحداد"


def test_also_after_a_comma_starts_a_new_clause_and_keeps_the_quotations_speaker():
    text = ("ونعى الفنان ليلى العطار قائلاً في تغريدة: «رحم الله صديقي العزيز وأسكنه فسيح جناته»، "
            "كما أكد الخبر عدد من زملائه في الفرقة.")
    _, quotes = _quotes(text)
    q = next(q for q in quotes if q.text.startswith("رحم الله"))
    assert q.speaker is not None and "عدد" not in q.speaker.name


@pytest.mark.parametrize("text", [
    "قال وزير الري في جمهورية نوران، سامر الحداد، إن المشروع سيبدأ قريباً.",
    "وقال المتحدث باسم وزارة الري، سامر الحداد، إن المشروع سيبدأ قريباً.",
])
def test_a_name_in_apposition_after_a_title_and_its_place_is_the_speaker(text):
    _, q = _only(text)
    assert q.speaker is not None and q.speaker.name == "سامر الحداد"
