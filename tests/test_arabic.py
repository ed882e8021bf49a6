"""Normalisation folds spelling variants for matching while every output character maps to its source."""
from __future__ import annotations

import pytest

from khabar.text.normalize import normalize, normalize_str


def _check_map(src: str) -> None:
    m = normalize(src)
    assert len(m.origin) == len(m.text) + 1
    assert m.origin[-1] == len(src)
    assert all(a <= b for a, b in zip(m.origin, m.origin[1:]))
    assert all(0 <= o < len(src) for o in m.origin[:-1])


@pytest.mark.parametrize(
    ("src", "want"),
    [
        ("أعلنَ الوزيرُ سامر الحداد", "اعلن الوزير سامر الحداد"),  # harakat gone, hamza alef folded
        ("إلى مدينة وادي النخيل", "الي مدينه وادي النخيل"),  # إ, ى and ة folded
        ("آمال ٱلساحل", "امال الساحل"),  # madda and wasla alef
        ("الـــوزيـــر", "الوزير"),  # tatweel
        ("ﻻ تراجع", "لا تراجع"),  # presentation-form ligature expands
        ("بلغ النمو ٣٫٥ في عام ۲۰۲۳", "بلغ النمو 3.5 في عام 2023"),  # Eastern and Persian digits
        ("کتاب ی ھذا", "كتاب ي هذا"),  # Persian kaf and yeh, heh doachashmee
        ("سامر\u200f \u202bالحداد\u202c\u200d\ufeff", "سامر الحداد"),  # bidi and zero-width controls
        ("وادي\u00a0النخيل", "وادي النخيل"),  # no-break space
    ],
)
def test_folds(src: str, want: str) -> None:
    assert normalize(src).text == want
    assert normalize_str(src) == want
    _check_map(src)


def test_options_keep_ta_marbuta_and_alef_maqsura() -> None:
    src = "مدينة على الساحل"
    assert normalize(src, fold_ta_marbuta=False).text == "مدينة علي الساحل"
    assert normalize(src, fold_alef_maqsura=False).text == "مدينه على الساحل"
    assert normalize_str(src, fold_ta_marbuta=False, fold_alef_maqsura=False) == "مدينة على الساحل"


def test_map_points_back_into_original() -> None:
    src = "قالَ: ﻻ، إنّ «وكالة أنباء الساحل» نشرت ٣ تقارير"
    m = normalize(src)
    i = m.text.index("وكاله")
    a, b = m.to_original(i, i + len("وكاله انباء الساحل"))
    assert src[a:b] == "وكالة أنباء الساحل"
    # both characters of the expanded ligature point at the ligature
    j = m.text.index("لا")
    assert m.origin[j] == m.origin[j + 1] == src.index("ﻻ")
    _check_map(src)


def test_plain_ascii_is_identity() -> None:
    m = normalize("Samer Haddad, 2024.")
    assert m.text == "Samer Haddad, 2024."
    assert m.origin == tuple(range(len(m.text) + 1))


def test_only_dropped_characters_give_empty_view() -> None:
    m = normalize("\u064e\u0651\u200f")
    assert m.text == "" and m.origin == (3,)
