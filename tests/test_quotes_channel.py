"""Channels on short invented Arabic news texts: the lexicon, and one appearance per speaker.

Every person and place here is invented (وزير الري سامر الحداد، المتحدثة ليلى العطار، وادي النخيل).
"""
from __future__ import annotations

from khabar.pipeline import extract


def _channels(text: str) -> list[str | None]:
    return [q.channel for q in extract(text).quotes]


def test_earlier_statement_takes_the_channel_named_later_for_the_same_speaker():
    text = ("قال وزير الري سامر الحداد إن السد سيكتمل في الربيع المقبل. "
            "وأكد الحداد في مؤتمر صحفي أن المياه ستصل إلى وادي النخيل قبل الصيف.")
    assert _channels(text) == ["press conference", "press conference"]


def test_another_speaker_keeps_its_own():
    text = ("وأكد الحداد في مؤتمر صحفي أن المياه ستصل إلى وادي النخيل قبل الصيف. "
            "وقالت المتحدثة ليلى العطار إن القناة الجديدة ستفتح في الربيع.")
    assert _channels(text) == ["press conference", None]


def test_speech_and_press_statement_words():
    assert _channels("وقال الحداد في كلمته إن السد سيكتمل في الربيع المقبل.") == ["speech"]
    assert _channels("وقالت العطار في تصريح صحفي إن القناة ستفتح في الربيع المقبل.") == ["statement"]
