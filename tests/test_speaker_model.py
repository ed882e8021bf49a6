"""The learned speaker scorer: non-agents never speak, the shipped weights load without training code, and
the choice is a plain argmax with the rules' pick winning ties. Articles are invented."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from khabar.article import Mention
from khabar.pipeline import Options, extract
from khabar.quotes.ranker import LinearScorer, non_agent, shipped_scorer


def _speakers(text: str, how: str = "model") -> list[str | None]:
    article = extract(text, options=Options(extra={"speakers": how}))
    return [q.speaker.name if q.speaker else None for q in article.quotes]


def test_a_time_expression_is_never_the_speaker() -> None:
    text = "وكانت شركة الندى للألبان قد أكدت الأسبوع الماضي أن الأسعار لن ترتفع هذا العام."
    assert _speakers(text, "rules") == ["الأسبوع الماضي"]  # the rules alone take the time phrase
    assert not any("الأسبوع" in (s or "") for s in _speakers(text))


def test_a_count_is_not_the_speaker_but_what_it_counts() -> None:
    text = "شهدت مدينة السنديان احتجاجات واسعة. وقال عدد من المسؤولين إن الحكومة ستدرس مطالب المحتجين خلال أيام."
    assert _speakers(text) == ["المسؤولين"]


def test_the_addressee_of_a_prayer_never_speaks() -> None:
    text = "احتفل أهالي قرية الزيتون بعودة الصيادين سالمين، داعين الله أن يحفظ البحارة من كل سوء."
    assert "الله" not in _speakers(text)


def test_a_named_speaker_stays_with_the_model() -> None:
    text = ("أعلنت وزارة المياه في جمهورية نوران خطة جديدة للري. وقال وزير المياه سامر الحداد إن الخطة ستبدأ "
            "في الربيع.")
    assert _speakers(text) == _speakers(text, "rules") == ["سامر الحداد"]


def test_non_agents_are_word_classes_not_surnames() -> None:
    assert non_agent(Mention("الشهر الماضي"))
    assert non_agent(Mention("الله"))
    assert not non_agent(Mention("الشهري"))  # a surname, not «الشهر»
    assert not non_agent(Mention("عبد الله الشهري"))


def test_a_lone_word_carrying_a_pronoun_is_what_the_verb_acts_on() -> None:
    # «أعلن سيطرته»، «طلب عدم كشف اسمه»: an object, never a speaker
    for word in ("سيطرته", "اسمه", "هويته", "عزمهن"):
        assert non_agent(Mention(word)), word
    # but a relative, an office, some of a group, a courtesy or a name ending in ة speak
    for word in ("شقيقه", "محاميه", "رئيسها", "بعضهم", "أحدهم", "معاليه", "فاطمة"):
        assert not non_agent(Mention(word)), word


def test_the_scorer_is_an_argmax_and_the_first_wins_ties() -> None:
    scorer = LinearScorer({"good": 2.0, "bad": -1.0}, 0.1)
    assert scorer.choose([{"bad": 1.0}, {"good": 1.0}]) == 1
    assert scorer.choose([{"other": 1.0}, {"other": 1.0}]) == 0
    again = LinearScorer.from_json(json.loads(json.dumps(scorer.to_json())))
    assert again.weights == scorer.weights and again.intercept == scorer.intercept


def test_the_shipped_model_says_what_it_was_trained_on() -> None:
    scorer = shipped_scorer()
    assert scorer is not None and scorer.weights
    assert scorer.meta["trained_on"] and not any("dev" in p for p in scorer.meta["trained_on"])
    assert scorer.meta["cv"]["model"]["speaker_any"] > scorer.meta["cv"]["rules"]["speaker_any"]


def test_run_time_never_imports_training_code() -> None:
    code = ("import sys; from khabar.pipeline import extract; "
            "extract('وقال وزير المياه سامر الحداد إن الخطة ستبدأ في الربيع.'); "
            "print(sorted(m for m in sys.modules if m.startswith(('sklearn', 'khabar.eval'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_fitting_is_deterministic() -> None:
    pytest.importorskip("sklearn")
    from khabar.eval.speaker_training import Group, fit

    groups = [Group("a", [{"src=rule": 1.0}, {"src=after": 1.0, "words=<=2": 1.0}], [0, 1]),
              Group("b", [{"src=rule": 1.0, "words=<=2": 1.0}, {"src=last": 1.0}], [1, 0]),
              Group("c", [{"src=rule": 1.0}, {"src=after": 1.0}], [1, 0])]
    assert fit(groups).to_json() == fit(groups).to_json()


def test_an_accusative_word_is_how_one_spoke_not_who() -> None:
    assert non_agent(Mention("ضاحكًا")) and non_agent(Mention("مبتسماً"))
    assert not non_agent(Mention("مصدراً أمنياً"))  # a source after «أن» keeps its accusative: still a source


def test_tens_and_hundreds_are_counts_not_speakers() -> None:
    text = ("تظاهر سكان بلدة السنديان أمام البلدية. واعتبر العشرات من المحتجين أن قرار إغلاق السوق جائر، "
            "وقال المئات إن المياه مقطوعة منذ أسبوع.")
    speakers = _speakers(text)
    assert "العشرات" not in speakers and "المئات" not in speakers


def test_a_phrase_led_by_an_owned_noun_or_running_into_a_clause_is_no_one() -> None:
    assert non_agent(Mention("هويته لأنه غير مخول بالتحدث", "PER"))
    assert non_agent(Mention("اسمه فإن", "PER"))
    assert not non_agent(Mention("شقيقه سامر", "PER"))  # a relative speaks
    assert not non_agent(Mention("رئيسها سامر الحداد", "PER"))  # so does one who heads it
    assert not non_agent(Mention("سامر الحداد", "PER"))


def _sources(text: str) -> list[set[str]]:
    """The readings that proposed each option of each quotation, as the scorer sees them."""
    seen: list[set[str]] = []

    def record(c, opts, feats, pick) -> None:
        seen.append(set().union(*(o.sources for o in opts)) if opts else set())

    extract(text, options=Options(extra={"speakers": "model", "speaker_observer": record}))
    return seen


def test_the_words_before_a_cue_are_an_antecedent_only_after_a_relative_pronoun() -> None:
    # «… الذي طالب …»: the relative's antecedent speaks; without a relative, the eight words before a comma
    # («وبعد انقطاع طويل للمياه عن الحي القديم») are an adjunct of time, never offered as a speaker
    relative = _sources("وتحدث رئيس النقابة فارس العتيبي الذي طالب الحكومة بزيادة الأجور قبل نهاية العام.")
    assert any("antecedent" in s for s in relative)
    adjunct = _sources("وقالت المعلمة سلمى الراشد إن المدرسة تحتاج إلى ترميم عاجل. وبعد انقطاع طويل للمياه عن "
                       "الحي القديم، أكدت أن الأهالي سيعتصمون أمام البلدية.")
    assert len(adjunct) == 2 and not any("antecedent" in s for s in adjunct)


def test_a_manner_adverb_after_the_cue_is_how_one_spoke_not_who() -> None:
    # «نفت بشدة تقرير الصحيفة»، «أكد مجدداً أن …»: the words after the cue start with an adverb
    for phrase in ("بشدة تقرير الصحيفة", "مجدداً", "بوضوح", "أيضاً"):
        assert non_agent(Mention(phrase)), phrase
    # a name that merely starts with the same letters still speaks
    assert not non_agent(Mention("بشير العطار")) and not non_agent(Mention("بشدى الراشد"))


def test_a_phrase_led_by_the_preposition_bi_is_what_the_verb_is_about() -> None:
    # «أشاد بالمواقف …»، «أفادت بأسعار اللحوم …»: بـ before the article or a hamza is never a name's start
    for phrase in ("بأسعار اللحوم الحمراء", "بالمواقف الحازمة", "بإجراء التحقيق"):
        assert non_agent(Mention(phrase)), phrase
    for name in ("بدر الراشد", "بسام العطار", "بن سالم"):
        assert not non_agent(Mention(name)), name
