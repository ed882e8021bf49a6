"""Boilerplate lines: found by cue and shape, never by narrative sentences that share a cue word."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.text.boilerplate import classify_line, find_boilerplate

SEED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "seed.jsonl"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("اشترك في نشرتنا البريدية ليصلك كل جديد", "newsletter"),
        ("هل تريد أن تصلك أخبار وادي النخيل إلى بريدك الإلكتروني؟", "newsletter"),
        ("شو رأيك؟ اشترك بالنشرة وخليك عالموعد", "newsletter"),  # dialect
        ("تابعونا على فيسبوك وتويتر", "share"),
        ("تابعوا وكالة أنباء الساحل عبر تيليغرام", "share"),
        ("شارك عبر واتساب", "share"),
        ("فيسبوك | تويتر | واتساب", "share"),
        ("اقرأ أيضاً: الحداد يزور وادي النخيل", "related"),
        ("إقرأ ايضا - ميناء الساحل يستقبل أول سفينة", "related"),
        ("إعلان", "ad"),
        ("- إعلان -", "ad"),
        ("كتب: سامر الحداد", "byline"),
        ("بقلم ليلى النجار", "byline"),
        ("الأحد، ١٢ مارس ٢٠٢٣ - 10:30 ص", "dateline"),
        ("تاريخ النشر: 12/03/2023", "dateline"),
        ("منذ 3 ساعات", "dateline"),
        ("2023-03-12 10:45", "dateline"),
        ("© 2023 وكالة أنباء الساحل. جميع الحقوق محفوظة", "copyright"),
    ],
)
def test_boilerplate_kinds(line: str, kind: str) -> None:
    assert classify_line(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "وتابع الوزير سامر الحداد أن الحكومة ماضية في خطتها.",
        "وتابع: «لن نسمح بإغلاق الميناء».",
        "كتب الوزير في تغريدة على تويتر أن الوضع مستقر",
        "شارك الوزير في مؤتمر عبر الفيديو",
        "شارك عبر تقنية الفيديو في اجتماع البلدية",
        "نشر في الجريدة الرسمية قرار جديد بشأن الضرائب",
        "هل تلقى الوزير رسالة عبر البريد الإلكتروني؟",
        "ودعت الوزارة المواطنين إلى الاشتراك في النشرة البريدية للتحذيرات الجوية.",
        "وأضاف الحداد في 12 مارس 2023",
        "(١)",  # a list marker is a number, not a date
        "2023",
        "في 12",
        "أعلنت البلدية عن إعلان مناقصة جديدة لتوسعة الميناء",
    ],
)
def test_news_sentences_are_not_boilerplate(line: str) -> None:
    assert classify_line(line) is None


def test_offsets_are_trimmed_lines() -> None:
    text = "قال الحداد إن الميناء جاهز.\n\n  اقرأ أيضاً: الميناء يفتح  \nتابعونا على فيسبوك\n"
    got = [(text[s:e], k) for s, e, k in find_boilerplate(text)]
    assert got == [("اقرأ أيضاً: الميناء يفتح", "related"), ("تابعونا على فيسبوك", "share")]


def test_long_paragraph_with_cue_words_is_news() -> None:
    line = (
        "وقال الحداد إن البلدية ستطلق خدمة جديدة تتيح للمواطنين الاشتراك في نشرة الطقس عبر البريد، "
        "وأضاف أن الخدمة ستشمل وادي النخيل ورأس الفنار والقرى المجاورة لها، وأن على من يريد "
        "الاستفادة أن يسجل اسمه لدى البلدية قبل نهاية الشهر الجاري، مشيراً إلى أن الخدمة مجانية "
        "وأن اشترك فيها أكثر من ألف شخص حتى الآن بحسب أرقام البلدية."
    )
    assert classify_line(line) is None


@pytest.mark.skipif(not SEED.exists(), reason="shared seed not present")
def test_seed_boilerplate() -> None:
    record = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    text = record["text"]
    got = [text[s:e] for s, e, _ in find_boilerplate(text)]
    assert got == record["boilerplate"]
