"""Who speaks when an outlet carries the words (GUIDELINES.md, "Reports through others"): the outlet is
never the speaker of what it relays or of what it was told. Invented texts (وزير الري سامر الحداد، وكالة
أنباء الساحل، صحيفة «صدى الواحة»)."""
from __future__ import annotations

from khabar.pipeline import extract


def _said(text: str) -> list[tuple[str | None, str | None]]:
    return [(q.speaker.name if q.speaker else None, q.via.name if q.via else None) for q in extract(text).quotes]


def test_words_carried_by_an_agency_stay_with_the_speaker_and_so_do_the_next():
    text = ("قال وزير الري سامر الحداد إن السد سيكتمل في الربيع. "
            "وتابع نقلا عن وكالة أنباء الساحل “لدينا مهمة واحدة هي حماية القرى.” "
            "وقال إن الأمطار ستزيد هذا العام.")
    got = _said(text)
    assert [s for s, _ in got] == ["سامر الحداد"] * len(got) and len(got) >= 3
    assert got[2][1] == "وكالة أنباء الساحل"


def test_an_outlet_that_quotes_officials_is_not_their_speaker():
    text = ("ذكرت صحيفة «صدى الواحة» أن الحكومة ستقدم خطة جديدة. "
            "ونقلت عن المسؤولين قولهم إن الخطة ستعلن الأسبوع المقبل.")
    assert _said(text)[-1][0] == "المسؤولين"


def test_the_outlet_a_speaker_talked_to_is_not_the_speaker():
    text = ("أكد وزير الري سامر الحداد أن السد سيكتمل في الربيع. "
            "وقال لصحيفة «صدى الواحة»: “القرى ستحصل على المياه قبل الصيف”.")
    assert [s for s, _ in _said(text)] == ["سامر الحداد", "سامر الحداد"]


def test_a_source_phrase_naming_an_outlet_keeps_the_outlet_as_source():
    # «وفقاً لـ»: the outlet is the source the sentence is credited to, not someone it was told to
    text = "ووفقاً لوكالة أنباء الساحل، عقد الوزير اجتماعاً مع المزارعين في القرية."
    got = _said(text)
    assert got and got[0][0] == "وكالة أنباء الساحل"
