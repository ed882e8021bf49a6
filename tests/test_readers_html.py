"""HTML pages to articles: main text found, boilerplate left out, metadata kept, empty pages refused."""
from __future__ import annotations

import pytest

from khabar.errors import InputError
from khabar.pipeline import Options, extract
from khabar.readers.html import html_to_article


def test_main_text_and_metadata(html_page: str) -> None:
    art = html_to_article(html_page, id="p1")
    assert art.id == "p1"
    assert "أطلقت بلدية السنديان صباح الثلاثاء" in art.text
    assert "«الأعمال ستبدأ قبل نهاية الربيع»" in art.text
    for chrome in ("الرئيسية", "رياضة", "جميع الحقوق محفوظة"):
        assert chrome not in art.text
    assert art.meta["title"] == "بلدية السنديان تطلق مشروع الميناء"
    assert art.meta["date"] == "2024-04-09"
    assert art.meta["site"] == "الساحل اليوم"
    assert all(v for v in art.meta.values())
    assert art.html is None


def test_paragraphs_are_blank_line_separated_and_headline_not_repeated(html_page: str) -> None:
    art = html_to_article(html_page)
    paragraphs = art.text.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("أطلقت")


def test_given_meta_wins_and_html_is_kept_when_asked(html_page: str) -> None:
    art = html_to_article(
        html_page, id="p2", meta={"title": "عنوان من المصدر", "source": "وكالة أنباء الواحة", "url": None},
        keep_html=True,
    )
    assert art.meta["title"] == "عنوان من المصدر"
    assert art.meta["source"] == "وكالة أنباء الواحة"
    assert "url" not in art.meta
    assert art.html == html_page


def test_short_page_is_still_extracted() -> None:
    art = html_to_article("<html><body><p>قال سامر الحداد إن العمل سيبدأ غداً.</p></body></html>")
    assert "سامر الحداد" in art.text


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<html><head><title>فارغ</title><script>var x = 1;</script></head><body><div></div></body></html>"],
)
def test_empty_extraction_is_an_input_error(html: str) -> None:
    with pytest.raises(InputError) as info:
        html_to_article(html, id="empty-page")
    assert info.value.source == "empty-page"
    assert "empty" in info.value.reason


def test_pipeline_extract_takes_html(html_page: str) -> None:
    art = extract(html=html_page, id="p3", options=Options(keep_html=True, entities=False, quotes=False))
    assert art.meta["title"] == "بلدية السنديان تطلق مشروع الميناء"
    assert art.html == html_page
    for span in art.all_spans():  # whatever the text layer adds must point into the extracted text
        assert art.text[span.start:span.end] == span.text
