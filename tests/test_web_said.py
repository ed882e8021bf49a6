"""The pages show each quotation as the article gives it (khabar.web.said, the `said` macro) and speak Arabic
with agreeing counts (khabar.web.words). Articles here are invented for the tests."""
from __future__ import annotations

import re
import warnings

import pytest

pytest.importorskip("fastapi")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from khabar.web import create_app  # noqa: E402
from khabar.web.said import bare_cue, opener, shown_as  # noqa: E402
from khabar.web.words import counted, label, sureness  # noqa: E402

ARTICLE = ("أعلنت شركة النخيل للشحن خطة جديدة لتنظيم الرحلات.\n"
           "ونفى المدير العام للشركة سامر الدباغ وجود أي خلل في مواعيد الشحنات.\n"
           "وقال الدباغ: «سنضاعف عدد الرحلات قبل نهاية العام».\n"
           "وأشار الدباغ إلى أن الشركة «لن تتراجع عن خطتها» مهما كانت الكلفة.")


@pytest.mark.parametrize(("cue", "bare"), [("ونفى", "نفى"), ("فقال", "قال"), ("وأكدت", "أكدت"),
                                           ("قال", "قال"), ("وعد", "وعد"), (None, "")])
def test_cue_loses_only_the_joining_conjunction(cue, bare):
    assert bare_cue(cue) == bare


@pytest.mark.parametrize(("before", "word"), [("ونفى الدباغ ", ""), ("وأكدت المديرة أن ", "أن"),
                                              ("وأشار الدباغ إلى أن ", "إلى أن"), ("وقال الدباغ: ", ""),
                                              ("وأوضح بأن «", "بأن")])
def test_opener_is_the_complementizer_before_the_words(before, word):
    assert opener(before) == word


def test_direct_in_marks_reported_not():
    assert shown_as({"kind": "direct", "cue": "وقال"}, "وقال الدباغ: ") == {"marks": True, "verb": "قال", "opener": ""}
    assert shown_as({"kind": "indirect", "cue": "ونفى"}, "ونفى الدباغ ")["marks"] is False
    assert shown_as({"kind": "mixed", "cue": "وأشار"}, "وأشار الدباغ إلى أن ")["opener"] == "إلى أن"


@pytest.mark.parametrize(("n", "noun", "text"), [
    (1, "article", "مقالة واحدة"), (2, "quote", "قولان"), (10, "article", "10 مقالات"), (8, "speaker", "8 متحدثين"),
    (11, "quote", "11 قولاً"), (100, "article", "100 مقالة"), (1673, "quote", "1,673 قولاً"), (0, "quote", "لا أقوال"),
    (103, "speaker", "103 متحدثين")])
def test_counts_agree_by_cldr_plural_rules(n, noun, text):
    assert counted(n, noun) == text


def test_labels_are_arabic():
    assert label("kind", "indirect") == "قول منقول بتصرف"
    assert label("channel", "press conference") == "مؤتمر صحفي"
    assert label("statement_type", "denial") == "نفي"
    assert label("source", "وكالة السنبلة") == "وكالة السنبلة"  # a name is shown as it is
    assert sureness(0.9) == "ثقة عالية" and sureness(0.5) == "غير مؤكد" and sureness(None) == ""
    with pytest.raises(KeyError):
        counted(3, "no-such-noun")


def _said_items(html: str) -> list[str]:
    items = re.findall(r'<div class="said (kind-\w+)[^"]*">\s*<p class="utterance">(.*?)</p>', html, re.S)
    return [(kind, re.sub(r"<[^>]+>", "", body)) for kind, body in items]


def test_paste_page_shows_each_kind_faithfully():
    client = TestClient(create_app(None))
    html = client.post("/paste", data={"text": ARTICLE}).text
    items = dict((text.split()[0], (kind, text)) for kind, text in _said_items(html))
    kind, denial = items["نفى"]
    assert kind == "kind-indirect" and "«" not in denial and "»" not in denial
    assert denial.startswith("نفى سامر الدباغ وجود أي خلل")
    kind, direct = items["قال"]
    assert kind == "kind-direct" and "سامر الدباغ: «سنضاعف عدد الرحلات قبل نهاية العام»" in direct
    kind, mixed = items["أشار"]  # the mixed one: only the speaker's own words in marks, never doubled
    assert kind == "kind-mixed" and mixed.count("«") == 1 and mixed.count("»") == 1
    assert mixed.startswith("أشار سامر الدباغ إلى أن الشركة «لن تتراجع عن خطتها» مهما")
    assert "قول منقول بتصرف" in html and "نفي" in html and "direct" not in re.sub(r"<[^>]*>", "", html)
    assert 'id="p1"' in html and 'href="#p1"' in html  # each quotation links to its place in the text


def test_hashtag_names_are_shown_resolved():
    from khabar.web.render import resolved

    assert resolved("#وزارة_الصحة") == "وزارة الصحة"
    assert resolved("#وزارةالصحة") == "وزارة الصحة"  # a merged tag is split as the text room splits it
    assert resolved("كريم الزهيري") == "كريم الزهيري" and resolved(None) == ""
    client = TestClient(create_app(None))
    html = client.post("/paste", data={"text": "وقالت #وزارة_الصحة في بيان: «سنفتح ثلاثة مراكز جديدة هذا الشهر»."}).text
    said = [text for _, text in _said_items(html)]
    assert any("وزارة الصحة: «سنفتح ثلاثة مراكز" in s for s in said), said


def test_dates_are_said_in_arabic():
    from khabar.web.words import day

    assert day("2026-03-02") == "2 مارس 2026" and day("2026-11-30T08:00:00") == "30 نوفمبر 2026"
    assert day("2026-02-30") == "2026-02-30" and day(None) == ""
    assert label("speaker_gender", "F") == "امرأة"
