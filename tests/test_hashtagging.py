"""Writing hashtags: placement (first or every mention, clitics, quotations, existing tags), the house style,
ranking, offsets true to the input, and the editor-tag scorer. Invented articles only."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.article import Article, Entity, Mention, Quote, Span
from khabar.errors import InputError, ParameterError
from khabar.hashtagging import HashtagOptions, hashtag, parse_style
from khabar.hashtagging.style import name_key
from khabar.text.hashtags import find_hashtags


def _article(text: str, names: list[tuple[str, str]], quotes: list[tuple[str, str, str | None]] = ()) -> Article:
    """An analysed article made by hand: each entity's mentions are every place its name is written, each
    quotation is the first place its words are written."""
    article = Article(text=text)
    for k, (name, type_) in enumerate(names):
        spans = [article.span(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
        article.entities.append(Entity(f"e{k}", name, type_, spans))
    for words, kind, speaker in quotes:
        start = text.index(words)
        content = article.span(start, start + len(words), "quote")
        ent = next((e for e in article.entities if e.name == speaker), None)
        who = Mention(speaker, "PER", None, ent.id if ent else None) if speaker else None
        article.quotes.append(Quote(content, kind, speaker=who))
    return article


def _tag(text: str, names: list[tuple[str, str]], quotes=(), **options) -> object:
    return hashtag(text, HashtagOptions(**options), article=_article(text, names, quotes))


def _check_offsets(source: str, result) -> None:
    """Every hashtag stands on the name as the input writes it, and the rest of the output is the input:
    only the tags and a space after a conjunction written apart were added."""
    prev = prev_out = 0
    for h in result.inserted:
        assert result.text[h.out_start:h.out_end] == h.tag
        assert name_key(source[h.start:h.end]) == name_key(h.name)
        between = result.text[prev_out:h.out_start]
        assert between in (source[prev:h.start], source[prev:h.start] + " ")
        if between != source[prev:h.start]:
            assert source[h.start - 1] in "وف"
        (read,) = [t for t in find_hashtags(result.text) if t.start == h.out_start]
        assert read.body_end == h.out_end and read.split in ("underscore", "none")
        assert name_key(read.name(result.text)) == name_key(h.name)
        prev, prev_out = h.end, h.out_end
    assert result.text[prev_out:] == source[prev:]


def test_first_mention_gets_the_name_with_underscores() -> None:
    text = "زار الوزير سامر الحداد مدينة السنديان، ثم عاد سامر الحداد إلى العاصمة."
    r = _tag(text, [("سامر الحداد", "PER"), ("السنديان", "LOC")])
    assert r.text == "زار الوزير #سامر_الحداد مدينة #السنديان، ثم عاد سامر الحداد إلى العاصمة."
    _check_offsets(text, r)


def test_every_tags_each_free_mention() -> None:
    text = "زار الوزير سامر الحداد مدينة السنديان، ثم عاد سامر الحداد إلى العاصمة."
    r = _tag(text, [("سامر الحداد", "PER")], every=True)
    assert r.text.count("#سامر_الحداد") == 2
    _check_offsets(text, r)


def test_a_conjunction_is_written_apart_and_a_preposition_is_never_broken() -> None:
    text = "وصل الوفد إلى السنديان للقاء أهل الواحة، واتجه بعدها للواحة ثم زار والواحة تنتظر."
    r = _tag(text, [("الواحة", "LOC")], every=True)
    assert "للواحة" in r.text and "#لواحة" not in r.text  # ل + ال: untouched
    assert "أهل #الواحة" in r.text and "و #الواحة تنتظر" in r.text
    _check_offsets(text, r)
    first = _tag("سافر الوفد للواحة ثم وبالواحة ثم والواحة", [("الواحة", "LOC")])
    assert first.text == "سافر الوفد للواحة ثم وبالواحة ثم و #الواحة"


def test_short_names_take_no_clitic() -> None:
    """«فعلي» is a word, not ف + the name «علي»."""
    r = _tag("كان الأثر فعلي وواضح، وقال علي إن الأمر انتهى.", [("علي", "PER")])
    assert "فعلي" in r.text and r.text.count("#علي") == 1 and "قال #علي" in r.text


def test_quotations_own_words_are_left_untouched() -> None:
    text = "قال فادي المنصوري إن «رجال السنديان سيعودون إلى الميناء غداً» بعد لقائه أهالي السنديان."
    quote = "رجال السنديان سيعودون إلى الميناء غداً"
    names = [("فادي المنصوري", "PER"), ("السنديان", "LOC"), ("الميناء", "LOC")]
    r = _tag(text, names, [(quote, "direct", "فادي المنصوري")])
    assert quote in r.text and "أهالي #السنديان" in r.text
    assert {s.name: s.status for s in r.suggestions}["الميناء"] == "in quotations only"
    inside = _tag(text, names, [(quote, "direct", "فادي المنصوري")], inside_quotes=True)
    assert "«رجال #السنديان" in inside.text and "#الميناء" in inside.text
    _check_offsets(text, r)
    _check_offsets(text, inside)


def test_quoted_words_of_an_indirect_quotation_are_protected_too() -> None:
    text = "وأكد المنصوري أن سكان الواحة «يثقون بهيئة الساحل» كما يثقون بالحكومة."
    r = _tag(text, [("هيئة الساحل", "ORG"), ("الواحة", "LOC")],
             [("سكان الواحة «يثقون بهيئة الساحل» كما يثقون بالحكومة", "indirect", None)])
    assert "«يثقون بهيئة الساحل»" in r.text and "سكان #الواحة" in r.text


def test_an_existing_hashtag_is_not_doubled_and_a_merged_one_is_reported() -> None:
    text = "وصل #سامر_الحداد إلى السنديان، وقال سامر الحداد إن #فاديالمنصوري سيلحق به، ثم عاد فادي المنصوري."
    r = _tag(text, [("سامر الحداد", "PER"), ("فادي المنصوري", "PER"), ("السنديان", "LOC")], every=True)
    assert r.text.count("#سامر_الحداد") == 1 and "##" not in r.text
    assert r.text.count("#فادي_المنصوري") == 0  # already tagged (if badly): left as it is
    assert {s.name: s.status for s in r.suggestions}["سامر الحداد"] == "already tagged"
    assert r.broken == [{"start": text.index("#فادي"), "end": text.index("#فادي") + len("#فاديالمنصوري"),
                         "text": "#فاديالمنصوري", "suggest": "#فادي_المنصوري"}]
    assert "#السنديان" in r.text
    _check_offsets(text, r)


def test_kind_words_are_dropped_from_an_entity_tag() -> None:
    text = "حذرت هيئة الصحة من انتشار جائحة فيروس الحمى الزرقاء في مدينة السنديان."
    r = _tag(text, [("جائحة فيروس الحمى الزرقاء", "MISC"), ("مدينة السنديان", "LOC")])
    assert "جائحة فيروس #الحمى_الزرقاء" in r.text and "مدينة #السنديان" in r.text


def test_a_persons_title_or_descriptor_stays_out_of_the_tag() -> None:
    text = "وأكدت التاجرة هند الساعدي ووزير الري سامر الحداد أن السوق سيفتح."
    r = _tag(text, [("التاجرة هند الساعدي", "PER"), ("وزير الري سامر الحداد", "PER")])
    assert "التاجرة #هند_الساعدي" in r.text and "وزير الري #سامر_الحداد" in r.text


def test_what_names_no_one_is_not_tagged_and_a_kept_clitic_is_dropped() -> None:
    text = ("قالت السلطات إن الشركة وقعت العقد في بجدة، والله أعلم، بحضور ممثلين عن جدة وبيروت. "
            "وبلغ المبلغ 45.8 مليار ريال في نيسان، ثم زار الوفد والسنديان وماليزيا وعناصر ميليشيا.")
    names = [("السلطات", "ORG"), ("الشركة", "ORG"), ("الله", "PER"), ("45.8 مليار", "MISC"), ("ريال", "MISC"),
             ("نيسان", "PER"), ("ميليشيا", "ORG"), ("بجدة", "LOC"), ("بيروت", "LOC"), ("والسنديان", "LOC"),
             ("وماليزيا", "LOC")]
    r = _tag(text, names)
    assert {s.name for s in r.suggestions} == {"جدة", "بيروت", "السنديان", "ماليزيا"}
    assert "عن #جدة" in r.text and "و #السنديان" in r.text and "و #بيروت" in r.text
    assert "ب#" not in r.text and "#45" not in r.text


def test_max_keeps_the_most_salient() -> None:
    text = ("قال سامر الحداد إن «العمل بدأ». وأضاف سامر الحداد أن «الميناء جاهز». "
            "وقال سامر الحداد: «نشكر الجميع». وزار الوفد لاحقاً قرية النخيل.")
    names = [("سامر الحداد", "PER"), ("النخيل", "LOC")]
    quotes = [("العمل بدأ", "direct", "سامر الحداد"), ("الميناء جاهز", "direct", "سامر الحداد")]
    r = _tag(text, names, quotes)
    assert [s.name for s in r.suggestions] == ["سامر الحداد", "النخيل"]
    assert r.suggestions[0].salience > r.suggestions[1].salience
    one = _tag(text, names, quotes, max=1)
    assert [s.name for s in one.suggestions] == ["سامر الحداد"] and "#النخيل" not in one.text
    with pytest.raises(ParameterError):
        HashtagOptions(max=-1)


def test_the_title_counts_for_salience() -> None:
    text = "زار الوفد قرية النخيل أولاً.\n\nثم التقى الوفد لاحقاً في المساء رئيس البلدية فادي المنصوري."
    names = [("النخيل", "LOC"), ("فادي المنصوري", "PER")]
    plain = hashtag(text, article=_article(text, names))
    assert [s.name for s in plain.suggestions] == ["النخيل", "فادي المنصوري"]
    titled = _article(text, names)
    titled.meta["title"] = "فادي المنصوري يستقبل الوفد"
    assert [s.name for s in hashtag(text, article=titled).suggestions] == ["فادي المنصوري", "النخيل"]


def test_house_style_always_never_prefer() -> None:
    style = parse_style("# style of the Sindian desk\n"
                        "always  رابطة الصيادين\n"
                        "never   #وادي_النخيل\n"
                        "prefer  هيئة المياه = هيئة_مياه_السنديان\n")
    text = "قالت هيئة المياه إن رابطة الصيادين في وادي النخيل تطالب بحصة أكبر."
    r = _tag(text, [("هيئة المياه", "ORG"), ("وادي النخيل", "LOC")], style=style)
    assert r.text == "قالت #هيئة_مياه_السنديان إن #رابطة_الصيادين في وادي النخيل تطالب بحصة أكبر."
    assert r.suggestions[0].name == "رابطة الصيادين"  # always comes first
    (respelt,) = [h for h in r.inserted if h.tag == "#هيئة_مياه_السنديان"]
    assert text[respelt.start:respelt.end] == "هيئة المياه"


def test_a_tag_is_spelled_as_one_hashtag() -> None:
    from khabar.hashtagging.style import spell

    for name, body in [("مصطفى الكاظمي", "مصطفى_الكاظمي"), ("#كوفيد-19", "كوفيد_19"), ("مُحمّد  علي", "مُحمّد_علي")]:
        assert spell(name) == body
        (read,) = find_hashtags(f"قال #{spell(name)} أمس", split=False)
        assert read.body_end - read.body_start == len(body)


@pytest.mark.parametrize("line, reason", [("sometimes السنديان", "unknown rule"), ("never", "needs a name"),
                                          ("prefer السنديان", "prefer NAME = SPELLING")])
def test_a_bad_style_line_is_refused_by_file_and_line(line: str, reason: str) -> None:
    with pytest.raises(InputError) as err:
        parse_style("always النخيل\n" + line, "desk.style")
    assert "desk.style:2" in str(err.value) and reason in str(err.value)


_WORDS = ["زار", "الوفد", "قرية", "ثم", "عاد", "إلى", "البلدة", "مع", "بعد", "في", "و", "،", ".", "\n"]
_NAMES = ["سامر الحداد", "السنديان", "وادي النخيل"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + _NAMES + ["و" + n for n in _NAMES] + ["ل" + n for n in _NAMES]
                                + ["#" + n.replace(" ", "_") for n in _NAMES]), min_size=1, max_size=40),
       st.booleans(), st.booleans())
def test_offsets_stay_true_whatever_the_text(words: list[str], every: bool, quoted: bool) -> None:
    text = " ".join(words)
    quotes = []
    if quoted and len(text) > 10:
        text = text[:5] + "«" + text[5:-3] + "»" + text[-3:]
    r = _tag(text, [(n, "LOC") for n in _NAMES], quotes, every=every)
    _check_offsets(text, r)
    again = _tag(text, [(n, "LOC") for n in _NAMES], quotes, every=every)
    assert again.to_dict() == r.to_dict()


def test_the_pipeline_finds_what_to_tag() -> None:
    """End to end: khabar's own analysis of an invented article decides the tags."""
    text = ("التقى وزير المياه سامر الحداد في مدينة السنديان رئيس البلدية فادي المنصوري، وبحثا خطة الري "
            "مع الحكومة الواحية.\n\nوقال سامر الحداد إن «السنديان ستحصل على حصتها من مياه السد قبل الصيف».")
    r = hashtag(text)
    assert "#سامر_الحداد" in r.text and "#فادي_المنصوري" in r.text and "#الحكومة_الواحية" in r.text
    assert "«السنديان ستحصل على حصتها من مياه السد قبل الصيف»" in r.text
    _check_offsets(text, r)
    assert json.loads(json.dumps(r.to_dict(), ensure_ascii=False))["hashtags"][0]["tag"].startswith("#")


def test_eval_scores_an_editor_tagged_article() -> None:
    from khabar.eval.hashtags import score_article

    tagged = ("التقى وزير المياه #سامر_الحداد في مدينة #السنديان رئيس البلدية #فاديالمنصوري.\n\n"
              "وقال سامر الحداد إن «#الواحة ستحصل على حصتها من مياه السد قبل الصيف».")
    s = score_article(tagged, ident="invented")
    assert name_key("فادي المنصوري") in s.gold  # the merged tag counts in its split form
    assert len(s.gold) == 4 and s.gold_outside_quotes == 3
    assert s.in_quotes == 0 and s.misses == ["الواحة"]  # tagged by the editor only inside the quotation
    assert s.hits == 3 and s.placed_same == 3
