"""On arbitrary Arabic-looking text, every span quotes the original exactly and every view maps back."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khabar.article import Article
from khabar.pipeline import Options, run
from khabar.text.mapped import MappedText
from khabar.text.stages import STAGES

_PIECES = (
    list("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىةٱ")
    + ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b", "\u0670", "\u0640"]  # harakat, tatweel
    + ["#", "_", " ", " ", "\n", "\n\n", "«", "»", "“", "”", '"', "„", "،", ".", "؟", "!", "…", "؛", ":"]
    + ["0", "7", "٣", "۵", "3.5", "د.", "ﻻ", "ﷲ", "ی", "ک"]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202b", "\u202c", "\u2067", "\u2069", "\ufeff", "\u00a0"]
    + ["ال", "سامر", "الحداد", "وادي", "النخيل", "#سامرالحداد", "#وادي_النخيل", "قال", "وتابع"]
    + ["اشترك في نشرتنا", "تابعونا على فيسبوك", "إعلان", "كتب:", "اقرأ أيضا", "© ", "12 مارس 2023", "https://a.b/c#د"]
)

arabic_ish = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join) | st.text(max_size=60)


def _check_view(view: MappedText, text: str) -> None:
    assert len(view.origin) == len(view.text) + 1
    assert view.origin[-1] == len(text)
    assert all(0 <= o <= len(text) for o in view.origin)
    assert all(a <= b for a, b in zip(view.origin, view.origin[1:]))
    for i in range(len(view.text)):
        a, b = view.to_original(i, i + 1)
        assert 0 <= a < b <= len(text)


def _check(article: Article, text: str) -> None:
    assert article.text == text
    for s in article.all_spans():
        assert 0 <= s.start <= s.end <= len(text)
        assert text[s.start : s.end] == s.text
    for name in ("normalized", "clean_text"):
        _check_view(article.views[name], text)
    for name in ("paragraphs", "sentences", "hashtags", "boilerplate"):
        spans = article.layer(name)
        assert all(s.start < s.end for s in spans)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:])), name  # no overlaps within a layer


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arabic_ish, st.booleans())
def test_text_stages_keep_offsets(text: str, fold: bool) -> None:
    options = Options(fold_ta_marbuta=fold, fold_alef_maqsura=not fold, split_hashtags=fold)
    _check(run(Article(text), options, stages=list(STAGES)), text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arabic_ish)
def test_full_pipeline_keeps_offsets(text: str) -> None:
    art = run(Article(text))
    assert art.text == text
    for s in art.all_spans():
        assert text[s.start : s.end] == s.text
    for name in ("normalized", "clean_text"):
        _check_view(art.views[name], text)
