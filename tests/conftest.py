"""Shared fixtures: small invented Arabic articles written to a temporary folder, never real news."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ARTICLE = (
    "قال رئيس بلدية #السنديان، #سامر_الحداد، إن «العمل في الميناء سيبدأ قبل نهاية الربيع».\n\n"
    "وأضاف “الحداد” أن البلدية «لن تترك الصيادين بلا رصيف»، بحسب #وكالة_أنباء_الواحة.\n\n"
    "اشترك في نشرتنا البريدية لتصلك أهم الأخبار."
)

HTML_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>بلدية السنديان تطلق مشروع الميناء | الساحل اليوم</title>
<meta property="og:title" content="بلدية السنديان تطلق مشروع الميناء">
<meta property="og:site_name" content="الساحل اليوم">
<meta property="article:published_time" content="2024-04-09">
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/local">محليات</a> <a href="/sport">رياضة</a></nav>
<article><h1>بلدية السنديان تطلق مشروع الميناء</h1>
<p>أطلقت بلدية السنديان صباح الثلاثاء مشروع توسعة ميناء رأس الفنار بكلفة أربعين مليون دينار، في أكبر استثمار تشهده المدينة منذ عقد كامل من الزمن.</p>
<p>وقال رئيس البلدية سامر الحداد إن «الأعمال ستبدأ قبل نهاية الربيع»، مضيفاً أن المشروع سيوفر مئات فرص العمل لشباب المدينة والقرى المجاورة لها.</p>
</article>
<footer>جميع الحقوق محفوظة لموقع الساحل اليوم</footer>
</body></html>"""


@pytest.fixture
def article_text() -> str:
    return ARTICLE


@pytest.fixture
def html_page() -> str:
    return HTML_PAGE


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A folder with one input of each kind, nested, plus files the readers must skip."""
    root = tmp_path / "corpus"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "b" / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (root / "b" / "deeper" / "c.txt").write_text("خبر قصير عن " + ARTICLE, encoding="utf-8")
    rows = [
        {"id": "j1", "text": ARTICLE, "title": "عنوان أول"},
        {"id": "j2", "text": "نص ثان: " + ARTICLE},
    ]
    (root / "b" / "batch.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    (root / "notes.md").write_text("not an input", encoding="utf-8")
    (root / ".hidden" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    return root
