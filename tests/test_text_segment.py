"""Paragraphs and sentences: exact offsets, Arabic punctuation, and no split inside a quotation."""
from __future__ import annotations

from khabar.text.segment import open_marks, paragraph_ranges, quote_pairs, sentence_ranges


def _sentences(text: str, **kw: bool) -> list[str]:
    out = []
    for ps, pe in paragraph_ranges(text):
        out.extend(text[s:e] for s, e in sentence_ranges(text, ps, pe, **kw))
    return out


def test_paragraphs_are_trimmed_lines_with_exact_offsets() -> None:
    text = "  \u200fالسطر الأول.  \n\n\n\tالسطر الثاني\r\nالثالث\n   \n"
    got = [text[s:e] for s, e in paragraph_ranges(text)]
    assert got == ["السطر الأول.", "السطر الثاني", "الثالث"]


def test_arabic_terminators_and_comma() -> None:
    text = "وصل الوزير سامر الحداد إلى وادي النخيل، واجتمع بالأهالي. هل انتهت الأزمة؟ لا! ربما… لاحقاً"
    assert _sentences(text) == [
        "وصل الوزير سامر الحداد إلى وادي النخيل، واجتمع بالأهالي.",
        "هل انتهت الأزمة؟",
        "لا!",
        "ربما…",
        "لاحقاً",
    ]


def test_semicolon_splits_only_when_asked() -> None:
    text = "ارتفعت الأسعار؛ وانخفضت الأجور."
    assert len(_sentences(text)) == 1
    assert _sentences(text, split_semicolon=True) == ["ارتفعت الأسعار؛", "وانخفضت الأجور."]


def test_abbreviations_and_numbers_do_not_end_sentences() -> None:
    text = "قال د. سامر الحداد إن النمو بلغ 3.5 في المئة عام 300 ق.م. تقريباً وإن أ. ليلى وافقت. ثم غادر."
    assert _sentences(text) == [
        "قال د. سامر الحداد إن النمو بلغ 3.5 في المئة عام 300 ق.م. تقريباً وإن أ. ليلى وافقت.",
        "ثم غادر.",
    ]
    assert _sentences("Dr. Haddad met the U.S. envoy. Then he left.") == [
        "Dr. Haddad met the U.S. envoy.",
        "Then he left.",
    ]


def test_never_splits_inside_guillemets_or_nested_marks() -> None:
    text = (
        "قال الحداد: «الوضع مستقر. لن نتراجع عن “خطة الساحل. كاملةً” أبداً». "
        "وأضاف أن الميناء سيفتح."
    )
    assert _sentences(text) == [
        "قال الحداد: «الوضع مستقر. لن نتراجع عن “خطة الساحل. كاملةً” أبداً».",
        "وأضاف أن الميناء سيفتح.",
    ]


def test_sentence_may_end_inside_closing_mark() -> None:
    text = "قال الحداد: «انتهى الاجتماع.» ثم غادر القاعة."
    assert _sentences(text) == ["قال الحداد: «انتهى الاجتماع.»", "ثم غادر القاعة."]


def test_straight_quotes_pair_by_alternation() -> None:
    text = 'قالت الوكالة "الطريق مغلق. لا عبور" ثم صمتت. وقال "نعم. تماماً".'
    assert _sentences(text) == ['قالت الوكالة "الطريق مغلق. لا عبور" ثم صمتت.', 'وقال "نعم. تماماً".']
    assert [m for *_, m in quote_pairs(text)] == ['""', '""']


def test_unclosed_mark_stops_at_paragraph_end() -> None:
    text = "قال الحداد: «لن نتراجع. أبداً\nوفي سياق آخر، افتتح الميناء. ثم عاد الوفد."
    assert _sentences(text) == ["قال الحداد: «لن نتراجع. أبداً", "وفي سياق آخر، افتتح الميناء.", "ثم عاد الوفد."]


def test_quote_pairs_reports_nested_and_scare_quotes() -> None:
    text = "وصف “الحداد” الخطة بأنها «مشروع “الساحل الجديد” الكبير»"
    pairs = quote_pairs(text)
    assert [(text[o], text[c], m) for o, c, m in pairs] == [("“", "”", "“”"), ("«", "»", "«»"), ("“", "”", "“”")]
    assert text[pairs[1][0] + 1 : pairs[1][1]] == "مشروع “الساحل الجديد” الكبير"
    # a range restricts the search
    start = text.index("«")
    assert len(quote_pairs(text, start, len(text))) == 2


def test_quote_pairs_other_conventions_and_strays() -> None:
    text = "»نص معكوس« و„نص ألماني“ و‹نص› وعلامة » شاردة"
    got = {m for *_, m in quote_pairs(text)}
    assert got == {"»«", "„“", "‹›"}
    assert open_marks(text) == []
    assert open_marks("قال «أولاً") == [(4, "«")]


def test_no_crash_on_marks_only() -> None:
    for text in ["«", "»", "“”", '"', "«««", "» . « . ”", '". "']:
        for s, e in paragraph_ranges(text):
            for a, b in sentence_ranges(text, s, e):
                assert s <= a < b <= e


def test_straight_quotes_glued_to_clitics_and_stray_closers() -> None:
    # و"…" and بـ"…" open; a closer-shaped mark with nothing open is skipped instead of flipping the pairing.
    text = 'أعلن الحداد" أن "الميناء" و"الرصيف" جاهزان. وسمي بـ"الساحل. الجديد" رسمياً.'
    assert [text[o + 1 : c] for o, c, _ in quote_pairs(text)] == ["الميناء", "الرصيف", "الساحل. الجديد"]
    assert _sentences(text) == [
        'أعلن الحداد" أن "الميناء" و"الرصيف" جاهزان.',
        'وسمي بـ"الساحل. الجديد" رسمياً.',
    ]


def test_unclosed_mark_reach_is_bounded_in_long_paragraphs() -> None:
    filler = "وأضاف الحداد أن العمل مستمر في وادي النخيل. " * 20
    text = "قال «لن نتراجع. " + filler
    sentences = _sentences(text)
    assert sentences[0].startswith("قال «لن نتراجع. وأضاف")
    assert len(sentences) > 5  # the stray « does not swallow the whole paragraph
