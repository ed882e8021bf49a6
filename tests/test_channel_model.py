"""The learned channel choice: candidates from the channels an article names, a shipped model, training.

Every person and place here is invented (وزير الري سامر الحداد، المتحدثة ليلى العطار، وادي النخيل).
"""
from __future__ import annotations

import pytest

from khabar.pipeline import Options, extract
from khabar.quotes.channel_choice import THRESHOLD, decide, pick, shipped_channel_scorer
from khabar.quotes.ranker import LinearScorer

TEXT = ("قال وزير الري سامر الحداد في مقابلة مع صحيفة الواحة إن السد سيكتمل في الربيع المقبل. "
        "وأضاف أن المياه ستصل إلى وادي النخيل قبل الصيف. "
        "وقالت المتحدثة ليلى العطار في تغريدة إن القناة الجديدة ستفتح في الربيع.")


def _options(text: str) -> list[list[tuple[str, dict[str, float]]]]:
    seen: list = []
    extract(text, options=Options(extra={"channels": "rules", "channel_observer": seen.append}))
    return seen[0]


def test_each_quotation_is_offered_every_channel_the_article_names() -> None:
    options = _options(TEXT)
    assert len(options) == 3
    for opts in options:
        assert sorted(ch for ch, _ in opts) == ["interview", "tweet"]
    own = {ch: f for ch, f in options[2]}
    assert own["tweet"]["own"] == 1.0 and own["interview"]["own"] == 0.0
    assert own["interview"]["other_has"] == 1.0  # another speaker's statement named it
    first = {ch: f for ch, f in options[0]}
    assert first["interview"]["dist=<=0"] == 1.0 and first["tweet"]["dir=after"] == 1.0


def test_a_channel_word_inside_the_content_is_what_was_said_not_how() -> None:
    options = _options("وقال الحداد إن المقابلة التي نشرتها الصحف لم تحدث أصلاً.")
    assert options == [[]]
    assert [q.channel for q in extract("وقال الحداد إن المقابلة التي نشرتها الصحف لم تحدث أصلاً.").quotes] == [None]


def test_decide_keeps_the_best_channel_only_from_the_threshold_on() -> None:
    scorer = LinearScorer({"own": 4.0, "chan=tweet": -1.0}, intercept=-2.0)
    opts = [("tweet", {"chan=tweet": 1.0}), ("interview", {"own": 1.0})]
    assert decide(scorer, opts) == "interview"
    assert decide(scorer, opts[:1]) is None  # probability 0.05, under the threshold
    assert decide(scorer, []) is None
    assert 0.0 < THRESHOLD < 1.0


def test_the_channel_named_at_the_cue_stands_whatever_the_scorer_says() -> None:
    against = LinearScorer({"own": -6.0, "chan=tweet": 3.0}, intercept=0.0)  # a scorer that would veto it
    opts = [("tweet", {"chan=tweet": 1.0}), ("interview", {"own": 1.0})]
    assert decide(against, opts) == "tweet"
    assert pick(against, opts) == "interview"
    # without a channel at the cue the scorer chooses, and may choose none
    assert pick(against, [("tweet", {"chan=tweet": 1.0})]) == "tweet"
    assert pick(LinearScorer({}, intercept=-6.0), [("tweet", {"chan=tweet": 1.0})]) is None


def test_a_statement_whose_cue_names_its_channel_keeps_it_in_the_pipeline() -> None:
    against = LinearScorer({"own": -6.0}, intercept=-6.0)  # vetoes every candidate
    text = ("قالت المتحدثة ليلى العطار في تغريدة إن القناة الجديدة ستفتح في الربيع. "
            "وقال المهندس فارس الدباغ إن الأنابيب وصلت إلى المدينة.")
    got = [q.channel for q in extract(text, options=Options(extra={"channels": against})).quotes]
    assert got == ["tweet", None]


def test_the_model_gives_the_channel_named_in_the_lead_to_the_same_speakers_statements() -> None:
    assert [q.channel for q in extract(TEXT).quotes] == ["interview", "interview", "tweet"]


def test_the_shipped_model_says_what_it_was_trained_on_and_beats_the_rules() -> None:
    scorer = shipped_channel_scorer()
    assert scorer is not None
    assert all("dev" not in name for name in scorer.meta["trained_on"])
    cv = scorer.meta["cv"]
    assert cv["model"]["right"] > cv["rules"]["right"]
    assert cv["model"]["unasked"] < cv["rules"]["unasked"]


def test_fitting_is_deterministic() -> None:
    pytest.importorskip("sklearn")
    from khabar.eval.channel_training import Group, fit

    groups = [Group(f"a{i}", ["tweet", "interview"],
                    [{"own": float(i % 2), "chan=tweet": 1.0}, {"own": float(1 - i % 2), "chan=interview": 1.0}],
                    "tweet" if i % 2 else "interview", None) for i in range(8)]
    one, two = fit(groups), fit(groups)
    assert one.to_json() == two.to_json()
    assert one.weights["own"] > 0



def test_the_second_channel_word_of_a_phrase_is_marked_as_describing_the_medium() -> None:
    options = _options("وقال وزير الري سامر الحداد في مقابلة مع قناة الواحة إن السد سيكتمل في الربيع المقبل.")
    feats = {ch: f for ch, f in options[0]}
    assert sorted(feats) == ["TV", "interview"]
    assert feats["TV"]["modifier"] == 1.0 and feats["interview"]["modifier"] == 0.0
    assert [q.channel for q in extract("وقال وزير الري سامر الحداد في مقابلة مع قناة الواحة إن السد "
                                       "سيكتمل في الربيع المقبل.").quotes] == ["interview"]


def test_another_speakers_statement_closes_the_scope_of_a_channel_word() -> None:
    text = ("وقال وزير الري سامر الحداد في مؤتمر صحفي إن السد سيكتمل في الربيع المقبل. "
            "وقالت المزارعة ليلى العطار إن القرى تنتظر المياه منذ سنوات. "
            "وأضاف الحداد أن الأنابيب وصلت إلى وادي النخيل.")
    options = _options(text)
    assert len(options) == 3
    crossed = [dict(opts)["press conference"].get("crossed") for opts in options]
    assert crossed == [None, 1.0, 1.0]  # the first names it in its own sentence
    near = ("وقال وزير الري سامر الحداد في مؤتمر صحفي إن السد سيكتمل في الربيع المقبل. "
            "وأضاف الحداد أن الأنابيب وصلت إلى وادي النخيل.")
    assert [dict(opts)["press conference"].get("crossed") for opts in _options(near)] == [None, 0.0]


def test_a_channel_word_beside_the_speakers_name_elsewhere_in_the_article_is_marked() -> None:
    # the phone call is named once, after every statement, in a sentence that names the speaker as written
    # differently («القاسم» / «قاسم»): it is still his
    text = ("قال المتحدث باسم الحركة نادر القاسم إن الجسر سيفتح في الربيع المقبل. "
            "وأضاف أن الأنابيب وصلت إلى وادي النخيل قبل الصيف. "
            "وأنهى نادر قاسم مداخلته الهاتفية مع إذاعة الواحة بالشكر.")
    options = _options(text)
    assert len(options) == 2
    for opts in options:
        feats = dict(opts)["phone call"]
        assert feats["names_speaker"] == 1.0
        assert feats["frame"] == 1.0  # its sentence holds no statement: it frames the report
        assert feats["names_other"] == 0.0


def test_a_channel_word_beside_another_person_is_marked_as_that_persons() -> None:
    text = ("وأشاد الوزير سامر الحداد خلال مؤتمر صحفي بالمزارعين في وادي النخيل. "
            "وقالت المهندسة ليلى العطار إن المياه ستصل إلى القرى قبل الصيف.")
    options = _options(text)
    feats = dict(options[-1])["press conference"]
    assert feats["names_speaker"] == 0.0
    assert feats["names_other"] == 1.0


def test_a_channel_word_that_credits_an_outlet_is_marked() -> None:
    text = "وقال المهندس سالم العطار، وفقاً لقناة الواحة، إن الجسر سيفتح في الربيع المقبل."
    feats = dict(_options(text)[0])["TV"]
    assert feats["credited"] == 1.0
    told = "وقال المهندس سالم العطار في تصريحات لقناة الواحة إن الجسر سيفتح في الربيع المقبل."
    assert dict(_options(told)[0])["TV"]["credited"] == 0.0
