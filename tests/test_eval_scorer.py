"""The project scorer against hand-computed figures, and against the shared scorer on the dev set."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from khabar.eval import gate
from khabar.eval.quotes import FIELDS, fold_for_scoring, load_jsonl, overlap, pair_up, predict, score

# A tiny invented gold/prediction pair. Hand count:
#   gold 4 (a: 3, b: 1), predicted 4 (a: 3, b: 1)
#   a/g1 ~ a/p1: 4 shared words of 5 → 0.8, matched; speaker «الحداد» is a surname of «سامر الحداد» (any, not full)
#   a/g2 ~ a/p2: 5 of 6 → matched; speaker object {"name": "ليلى العطار"} (full and any)
#   a/g3 (ANON) missed; a/p3 spurious
#   b/g4 ~ b/p4: same words once marks are dropped → matched; speaker «وزير الري» is wrong for رامي الصافي
# matched 3 → P = R = F1 = 0.75; speaker_full 1/3; speaker_any 2/3; end-to-end P = R = F1 = 2/4
GOLD = {
    "a": {"id": "a", "text": "…", "quotes": [
        {"text": "السد سيكتمل في الربيع المقبل", "kind": "indirect", "speaker": "سامر الحداد",
         "aliases": ["الحداد", "وزير الري"], "speaker_type": "PER"},
        {"text": "لن نسمح بهدر قطرة ماء", "kind": "direct", "speaker": "ليلى العطار", "speaker_type": "PER"},
        {"text": "الطريق إلى وادي النخيل مغلق", "kind": "indirect", "speaker": "مصدر أمني",
         "speaker_type": "ANON"},
    ]},
    "b": {"id": "b", "text": "…", "quotes": [
        {"text": "القوات «أدت واجبها» في وادي النخيل", "kind": "mixed", "speaker": "رامي الصافي",
         "speaker_type": "PER"},
    ]},
}
PRED = {
    "a": {"id": "a", "quotes": [
        {"text": "السدّ سيكتمل في الربيع", "speaker": "الحداد"},
        {"text": "لن نسمح بهدر قطرة ماء أبداً", "speaker": {"name": "ليلى العطار", "type": "PER"}},
        {"text": "كلام لا صلة له بأي اقتباس", "speaker": "مصدر أمني"},
    ]},
    "b": {"id": "b", "quotes": [
        {"text": "القوات أدت واجبها في وادي النخيل", "speaker": "وزير الري"},
    ]},
}


def test_known_figures_on_a_tiny_pair():
    figures = score(GOLD, PRED).figures()
    assert figures == {
        "articles": 2, "gold": 4, "predicted": 4, "matched": 3,
        "precision": 0.75, "recall": 0.75, "f1": 0.75,
        "speaker_full": 0.3333, "speaker_any": 0.6667,
        "end_to_end_f1": 0.5,
        "recall_by_kind": {"direct": 1.0, "indirect": 0.5, "mixed": 1.0},
        # no gold quotation gives a field, so none is measured (the shared scorer's --fields says None too)
        "speaker_gender": None, "statement_type": None, "channel": None, "via": None,
    }


def test_errors_name_the_miss_the_spurious_and_the_wrong_speaker():
    errors = score(GOLD, PRED).errors
    assert any("missed" in e and "الطريق إلى وادي النخيل" in e for e in errors)
    assert any("spurious" in e and "كلام لا صلة" in e for e in errors)
    assert any("speaker" in e and "وزير الري" in e for e in errors)
    assert len(errors) == 3


# Fields on an invented pair. Hand count over the 4 matched quotations (f/g5 is missed, so never scored):
#   speaker_gender: g1 F~speaker object's F, g2 null~none, g3 M~quotation's M right; g4 null~M wrong → 3/4
#   statement_type: g1 announcement~none wrong, g2 denial~denial right; g3, g4 give none → 1/2
#   channel: g1 right, g2 statement~tweet wrong, g3 right; g4 gives none → 2/3
#   via: g1 object {"name": a word-for-word part} right, g2 none wrong, g3 string equal once folded right,
#        g4 «قناة الإخبارية» is not a word-for-word part of «قناة الغدير الإخبارية» wrong → 2/4
FIELD_GOLD = {
    "f": {"id": "f", "text": "…", "quotes": [
        {"text": "المصنع الجديد سيفتح أبوابه في الصيف", "kind": "indirect", "speaker": "نادية الخطيب",
         "speaker_gender": "F", "statement_type": "announcement", "channel": "press conference",
         "via": "قناة الواحة الإخبارية"},
        {"text": "لا نية لرفع أسعار الخبز هذا العام", "kind": "direct", "speaker": "مجلس بلدية تل الزيتون",
         "speaker_gender": None, "statement_type": "denial", "channel": "statement", "via": "صحيفة المرفأ"},
        {"text": "الطريق سيفتح خلال أسبوعين على الأكثر", "kind": "indirect", "speaker": "كريم الزين",
         "speaker_gender": "M", "channel": "interview", "via": "إذاعة السهل"},
        {"text": "المفاوضات متعثرة منذ أسابيع طويلة", "kind": "indirect", "speaker": "مصدر في الوزارة",
         "speaker_gender": None, "via": "قناة الغدير الإخبارية"},
        {"text": "سنواصل حملة تنظيف الشاطئ كل جمعة", "kind": "direct", "speaker": "جمعية أصدقاء البحر",
         "speaker_gender": None, "channel": "post", "via": "صفحة الجمعية"},
    ]},
}
FIELD_PRED = {
    "f": {"id": "f", "quotes": [
        {"text": "المصنع الجديد سيفتح أبوابه في الصيف", "speaker": {"name": "نادية الخطيب", "gender": "F"},
         "channel": "press conference", "via": {"name": "الواحة الإخبارية", "type": "ORG"}},
        {"text": "لا نية لرفع أسعار الخبز هذا العام", "speaker": {"name": "مجلس بلدية تل الزيتون", "type": "ORG"},
         "statement_type": "denial", "channel": "tweet"},
        {"text": "الطريق سيفتح خلال أسبوعين على الأكثر", "speaker": "كريم الزين", "speaker_gender": "M",
         "channel": "interview", "via": "اذاعة السهل"},
        {"text": "المفاوضات متعثرة منذ أسابيع طويلة", "speaker": {"name": "مصدر في الوزارة", "gender": "M"},
         "via": "قناة الإخبارية"},
    ]},
}


def test_field_accuracies_on_an_invented_pair():
    figures = score(FIELD_GOLD, FIELD_PRED).figures()
    assert (figures["matched"], figures["gold"]) == (4, 5)
    assert {k: figures[k] for k in FIELDS} == {
        "speaker_gender": 0.75, "statement_type": 0.5, "channel": 0.6667, "via": 0.5,
    }
    assert list(figures)[-4:] == list(FIELDS)  # after recall_by_kind, in the shared scorer's order


def test_field_errors_name_each_wrong_field():
    errors = [e for e in score(FIELD_GOLD, FIELD_PRED).errors if not e.startswith("[f] missed")]
    assert sorted(e.split(" ")[1] for e in errors) == [
        "channel", "speaker_gender", "statement_type", "via", "via",
    ]
    assert "[f] speaker_gender 'M' != None: المفاوضات متعثرة منذ أسابيع طويلة" in errors


def test_missing_prediction_article_counts_as_all_missed():
    figures = score(GOLD, {"a": PRED["a"]}).figures()
    assert figures["gold"] == 4 and figures["predicted"] == 3 and figures["matched"] == 2
    assert figures["recall_by_kind"]["mixed"] == 0.0


def test_empty_sides_give_zeros_not_errors():
    figures = score({"x": {"id": "x", "quotes": []}}, {}).figures()
    assert figures["precision"] == figures["recall"] == figures["f1"] == 0.0
    assert figures["speaker_any"] == 0.0 and figures["end_to_end_f1"] == 0.0


def test_folding_follows_the_guidelines():
    assert fold_for_scoring("قالَ «الوزيـــرُ»: إنّ #سامر_الحداد أكّد") == "قال الوزير ان سامر الحداد اكد"
    assert fold_for_scoring("مدرسة مستشفى إلى") == fold_for_scoring("مدرسه مستشفي الي")


def test_overlap_threshold_is_half_of_the_longer_side_inclusive():
    assert overlap("ا ب ج د", "ا ب") == 0.5
    assert pair_up([{"text": "ا ب ج د"}], [{"text": "ا ب"}]) == [(0, 0)]
    assert pair_up([{"text": "ا ب ج د ه"}], [{"text": "ا ب"}]) == []


def test_matching_is_one_to_one_best_first():
    gold = [{"text": "السد سيكتمل في الربيع"}, {"text": "السد سيكتمل في الربيع المقبل حتما"}]
    pred = [{"text": "السد سيكتمل في الربيع المقبل حتما"}]
    assert pair_up(gold, pred) == [(1, 0)]


# --- against the shared scorer -------------------------------------------------------------------------------

SHARED = gate.find_shared()
needs_shared = pytest.mark.skipif(
    SHARED is None or not (SHARED / "eval" / "score_quotes.py").is_file() or not gate.dev_files(SHARED),
    reason="../shared/eval/score_quotes.py and dev/*.jsonl not found",
)


def _write_jsonl(path: Path, rows) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _shared_figures(gold_path: Path, pred_path: Path) -> dict:
    """The shared scorer's figures with `--fields`, which khabar's scorer always reports."""
    out = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score_quotes.py"), str(gold_path), str(pred_path), "--json",
         "--fields"],
        capture_output=True, text=True, encoding="utf-8", check=True, timeout=300,
    )
    return json.loads(out.stdout)


@needs_shared
def test_tiny_pair_scores_the_same_with_the_shared_scorer(tmp_path):
    _write_jsonl(tmp_path / "gold.jsonl", GOLD.values())
    _write_jsonl(tmp_path / "pred.jsonl", PRED.values())
    assert _shared_figures(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl") == score(GOLD, PRED).figures()


@needs_shared
def test_field_pair_scores_the_same_with_the_shared_scorer(tmp_path):
    _write_jsonl(tmp_path / "gold.jsonl", FIELD_GOLD.values())
    _write_jsonl(tmp_path / "pred.jsonl", FIELD_PRED.values())
    assert _shared_figures(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl") == score(FIELD_GOLD, FIELD_PRED).figures()


@needs_shared
def test_project_scorer_equals_shared_scorer_on_dev(tmp_path):
    gold: dict[str, dict] = {}
    for path in gate.dev_files(SHARED):
        gold.update(load_jsonl(path))
    assert gold
    pred = predict(gold)
    gold_path, pred_path = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    _write_jsonl(gold_path, gold.values())
    _write_jsonl(pred_path, pred.values())
    ours = score(gold, pred).figures()
    assert ours["predicted"] > 0
    assert all(ours[f] is not None for f in FIELDS)  # dev gold gives every field, so each is measured
    assert _shared_figures(gold_path, pred_path) == ours


@needs_shared
def test_gate_holds_on_this_tree(monkeypatch):
    from khabar.cli import main

    monkeypatch.chdir(gate.repo_root())
    assert main(["gate"]) == 0


@pytest.mark.skipif(SHARED is None or not (SHARED / "eval" / "score_quotes.py").is_file(),
                    reason="../shared/eval/score_quotes.py not found")
def test_scoring_fold_equals_the_shared_scorers_fold():
    """The scorer keeps its own fold (not `khabar.arabic`'s) because it must be the shared scorer's."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_score_quotes", SHARED / "eval" / "score_quotes.py")
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    samples = [
        "قالَ «الوزيـــرُ»: إنّ #سامر_الحداد أكّد",
        "إلى مدينة وادي النخيل، آمال ٱلساحل",
        "کتاب ی ھذا ے",  # Persian/Urdu letters the shared scorer folds
        "ﻻ تراجع ٣٫٥ ۲۰۲۳",  # presentation form and digits: NFKC only, no digit folding
        "سامر\u200f \u202bالحداد\u202c\u00ad",  # invisible controls are not word characters
        "ۃ ٲ ې",  # letters khabar.arabic folds but the shared scorer does not
        "",
    ]
    for s in samples:
        assert fold_for_scoring(s) == shared.normalize(s), s
    assert fold_for_scoring(None) == shared.normalize(None)
