"""Hashtags: surface forms, names, splitting merged tags, and the clean-text view."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.article import Article
from khabar.pipeline import Options, run
from khabar.text.hashtags import clean_view, find_hashtags
from khabar.text.stages import STAGES

SEED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "seed.jsonl"


def _tags(text: str, **kw: bool) -> list[tuple[str, str, str]]:
    return [(text[t.start : t.body_end], t.name(text), t.split) for t in find_hashtags(text, **kw)]


def test_surface_forms_stop_at_arabic_punctuation() -> None:
    text = "زار #سامر_الحداد مدينة #وادي_النخيل، وقال إن #الساحل». انتهى #الميناء؟ ثم #الربيع_"
    assert [s for s, _, _ in _tags(text)] == ["#سامر_الحداد", "#وادي_النخيل", "#الساحل", "#الميناء", "#الربيع"]


def test_underscore_names_and_offsets() -> None:
    text = "بحسب #وكالة_أنباء_الساحل اليوم"
    (t,) = find_hashtags(text)
    assert t.split == "underscore"
    assert t.name(text) == "وكالة أنباء الساحل"
    assert text[t.body_start : t.body_end] == "وكالة_أنباء_الساحل"
    assert text[t.start] == "#"


def test_glued_and_broken_hashtags() -> None:
    text = "الخبر#الساحل و##النخيل و# ليس_وسماً و#٢٠٢٤ و&#1234; و#\u200fالحداد"
    got = [s for s, _, _ in _tags(text)]
    assert got == ["#الساحل", "#النخيل", "#\u200fالحداد"]
    (last,) = [t for t in find_hashtags(text) if t.name(text) == "الحداد"]
    assert text[last.body_start : last.body_end] == "الحداد"


def test_hashtag_inside_url_is_not_a_tag() -> None:
    text = "المصدر https://example.org/news#الساحل و #النخيل"
    assert [s for s, _, _ in _tags(text)] == ["#النخيل"]


def test_merged_tag_split_by_article_spelling() -> None:
    text = "التقى الوزير سامر الحداد وفد وكالة أنباء الساحل. #سامرالحداد #وكالةأنباءالساحل"
    assert _tags(text)[0][1:] == ("سامر الحداد", "article")
    assert _tags(text)[1][1:] == ("وكالة أنباء الساحل", "article")


def test_merged_tag_split_by_other_hashtag() -> None:
    text = "#رأس_الفنار يستعد، وقالت البلدية إن #رأسالفنار جاهز"
    assert _tags(text)[1][1:] == ("رأس الفنار", "article")


def test_merged_tag_split_by_word_frequencies() -> None:
    text = "تصريحات عن #الأمنالغذائي و #الانتخاباتالرئاسية"
    assert [(n, h) for _, n, h in _tags(text)] == [
        ("الأمن الغذائي", "wordfreq"),
        ("الانتخابات الرئاسية", "wordfreq"),
    ]


@pytest.mark.parametrize("word", ["كورونا", "العراق", "بيروت", "الخرطوم", "ترند", "فيلما"])
def test_plausible_single_word_stays_whole(word: str) -> None:
    text = f"وسم #{word} متداول"
    assert _tags(text) == [(f"#{word}", word, "none")]


def test_no_split_when_disabled() -> None:
    text = "التقى سامر الحداد #سامرالحداد و #سامر_الحداد"
    assert [h for *_, h in _tags(text, split=False)] == ["none", "underscore"]


def test_harakat_inside_tag_keep_split_offsets_right() -> None:
    text = "قال سامر الحداد #سامرُالحدّاد"
    (t,) = find_hashtags(text)
    assert t.split == "article"
    assert t.name(text) == "سامرُ الحدّاد"


def test_clean_view_reads_tags_as_words() -> None:
    text = "قال سامر الحداد عبر #وكالة_أنباء_الساحل إن #سامرالحداد زار #النخيل."
    view = clean_view(text, find_hashtags(text))
    assert view.text == "قال سامر الحداد عبر وكالة أنباء الساحل إن سامر الحداد زار النخيل."
    assert len(view.origin) == len(view.text) + 1
    assert all(a <= b for a, b in zip(view.origin, view.origin[1:]))
    i = view.text.index("وكالة")
    a, b = view.to_original(i, i + len("وكالة أنباء الساحل"))
    assert text[a:b] == "وكالة_أنباء_الساحل"


def test_stage_spans_and_attributes() -> None:
    text = "زار #سامرالحداد مدينة #وادي_النخيل مع سامر الحداد"
    art = run(Article(text), Options(), stages=list(STAGES))
    spans = art.layer("hashtags")
    assert [s.text for s in spans] == ["#سامرالحداد", "#وادي_النخيل"]
    assert spans[0].attrs["name"] == "سامر الحداد"
    assert text[spans[1].attrs["name_start"] : spans[1].attrs["name_end"]] == "وادي_النخيل"
    assert art.views["clean_text"].text == "زار سامر الحداد مدينة وادي النخيل مع سامر الحداد"


@pytest.mark.skipif(not SEED.exists(), reason="shared seed not present")
def test_seed_hashtags() -> None:
    record = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    text = record["text"]
    tags = find_hashtags(text)
    assert len(tags) == 25 == text.count("#")
    names = {text[t.start : t.body_end]: t.name(text) for t in tags}
    for surface, name in record["hashtags"].items():
        assert names[surface] == name
    for t in tags:
        assert text[t.start : t.body_end] in text and text[t.body_end : t.body_end + 1] not in "_"
        if "_" not in text[t.start : t.body_end] and text[t.start : t.body_end] not in record["hashtags"]:
            assert t.split == "none"
