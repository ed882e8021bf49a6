"""The Arabic room: one fold for every room, its offset-mapped view, clitic stripping, the model's frozen
forms, and word tokens."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.arabic import (CONTROLS, DROP_CHARS, MARKS, UNPAIRED_SURROGATE, display_form, fold_text, fold_word,
                           model_fold, model_form, stem_runs, stem_word, strip_clitic, tokenize)
from khabar.arabic.model import candidates, strip_clitics
from khabar.text.normalize import normalize


def _check_map(src: str) -> None:
    m = normalize(src)
    assert len(m.origin) == len(m.text) + 1
    assert m.origin[-1] == len(src)
    assert all(a <= b for a, b in zip(m.origin, m.origin[1:]))
    assert all(0 <= o < len(src) for o in m.origin[:-1])


# --- the fold ------------------------------------------------------------------------------------------------

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
        ("سا\u00adمر", "سامر"),  # soft hyphen
    ],
)
def test_folds(src: str, want: str) -> None:
    assert normalize(src).text == want
    assert fold_text(src) == want
    assert fold_word(src) == want
    _check_map(src)


def test_options_keep_ta_marbuta_and_alef_maqsura() -> None:
    src = "مدينة على الساحل"
    assert normalize(src, fold_ta_marbuta=False).text == "مدينة علي الساحل"
    assert normalize(src, fold_alef_maqsura=False).text == "مدينه على الساحل"
    assert fold_text(src, fold_ta_marbuta=False, fold_alef_maqsura=False) == "مدينة على الساحل"


def test_character_classes_are_what_the_fold_drops() -> None:
    """Regexes elsewhere (tokens, hashtags, sentences) use MARKS and CONTROLS; the fold drops all of them."""
    for cls in (MARKS, CONTROLS):
        chars = [chr(c) for c in range(0x10000) if re.fullmatch(f"[{cls}]", chr(c))]
        assert chars and all(c in DROP_CHARS for c in chars)
    assert "\u064e" in re.findall(f"[{MARKS}]", "قالَ") and not re.search(f"[{MARKS}]", "قال")


def test_display_form_keeps_spelling_but_drops_invisible_marks() -> None:
    assert display_form("ﺳﺎﻣﺮ\u200f  الحدّاد\u0640") == "سامر الحدّاد"  # presentation forms read, shadda kept
    assert display_form("أحمد") == "أحمد"  # no folding: hamza stays


def test_unpaired_surrogates_are_found() -> None:
    assert UNPAIRED_SURROGATE.search("سامر\ud800") and not UNPAIRED_SURROGATE.search("سامر 😀")


# --- the offset map ------------------------------------------------------------------------------------------

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


_PIECES = list("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىةٱ ") + [
    "\u064e", "\u0651", "\u0640", "\u06d6", "\u200f", "\u202b", "\ufeff", "\u00ad", "\u00a0", "ﻻ", "ﷲ", "ﺳ",
    "٣", "۵", "ی", "ک", "ۃ", "ٲ", "A", "1", "«", ".", "\U0001d400",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join) | st.text(max_size=40))
def test_mapped_view_is_the_fold_and_every_character_comes_from_its_origin(src: str) -> None:
    m = normalize(src)
    assert m.text == fold_text(src)
    _check_map(src) if src else None
    for i, ch in enumerate(m.text):
        assert ch in fold_text(src[m.origin[i]])


# --- one fold for every room ---------------------------------------------------------------------------------

WORDS = ["الوزيرُ", "إلى", "مدينة", "وادي\u00a0النخيل", "ﻻ", "کتاب", "الـــحداد", "سامر\u200f", "٢٠٢٤", "على"]


def test_lexicon_names_boilerplate_and_store_fold_alike() -> None:
    from khabar.entities.names import fold as name_fold
    from khabar.quotes.lexicon import fold as cue_fold
    from khabar.store.textkeys import norm_text
    from khabar.text.boilerplate import _fold as boilerplate_fold

    for w in WORDS:
        want = fold_text(w)
        assert cue_fold(w) == want
        assert norm_text(w) == want
        assert boilerplate_fold(w) == want.lower()
        assert name_fold(w) == want.strip()  # a name's word also loses a hashtag sign and edge spaces
    assert name_fold("#سامر") == "سامر"


def test_the_model_fold_is_its_own_frozen_table() -> None:
    """The NER model was trained on this fold; it differs from `fold_text` where the model's data did."""
    assert model_fold("أعلنَ إلى مدينة ٣") == "اعلن الي مدينه 3"
    assert model_fold("“قال”") == '"قال"'  # curly quotes as the newswire's straight ones
    assert model_fold("کتاب") == "کتاب"  # Persian letters are `model_form`'s business, before the fold
    assert model_form("وزیر\u200f") == "وزير"
    assert model_form("ﺳﺎﻣﺮ") == "سامر"


# --- clitics -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("word", "stem"),
    [("والحكومه", "حكومه"), ("للحكومه", "حكومه"), ("بالقرار", "قرار"), ("بقرارات", "قرارات"),
     ("بلديه", "بلديه"), ("وزير", "زير"), ("الي", "الي"), ("فال", "فال")],
)
def test_store_stemmer(word: str, stem: str) -> None:
    """Light and blind: «وزير» loses its و like «ووزير» does; the index and the query lose it alike."""
    assert stem_word(word) == stem


def test_stem_runs_stems_arabic_words_only() -> None:
    assert stem_runs("والحكومه قالت Haddad-2024 للمواطنين") == "حكومه قالت Haddad-2024 مواطنين"


@pytest.mark.parametrize(
    ("word", "bare"),
    [("والعراق", "العراق"), ("للعراق", "العراق"), ("بواشنطن", "واشنطن"), ("وادي", "ادي"), ("ولد", "ولد")],
)
def test_mention_clitic_keeps_the_article(word: str, bare: str) -> None:
    assert strip_clitic(word) == bare


def test_model_stemmer_and_candidates() -> None:
    assert strip_clitics(model_fold("وبالقاهرة")) == "قاهره"
    assert strip_clitics("ولد") == "ولد"
    assert candidates("والنخيل") == ("والنخيل", "نخيل", "النخيل")


# --- tokens --------------------------------------------------------------------------------------------------

def _toks(text: str) -> list[str]:
    return [text[a:b] for a, b in tokenize(text)]


def test_tokens_keep_clitics_and_marks_inside_words() -> None:
    assert _toks("وقالَ سامر: «النمو ٣٫٥%»") == ["وقالَ", "سامر", ":", "«", "النمو", "٣٫٥%", "»"]
    assert _toks("#وادي_النخيل\u200f.") == ["#", "وادي", "النخيل", "."]
    assert _toks("الـــوزير") == ["الـــوزير"]


def test_tokens_can_cover_a_range() -> None:
    text = "قال سامر الحداد"
    assert tokenize(text, 4, 8) == [(4, 8)]
