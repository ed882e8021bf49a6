"""A cue with no subject of its own («وقال، أمس، إنها …») most often continues the previous sentence's subject
(the person right after its verb), not whoever the article named last or first: the `prev_subject` feature
of the learned scorer. Articles and people are invented."""
from __future__ import annotations

from khabar.pipeline import Options, extract

_OPENING = "أشاد رئيس بلدية وادي الزهور الشيخ فارس العطار بالمشروع الجديد.\n"
_SAID = "وقال، أمس، إنها تفتح صفحة جديدة للتعاون بين البلدية والقطاع الخاص.\n"


def _speakers(text: str) -> list[str | None]:
    article = extract(text, options=Options(extra={"speakers": "model"}))
    return [q.speaker.name if q.speaker else None for q in article.quotes]


def test_the_previous_sentences_subject_speaks_over_an_earlier_person() -> None:
    assert _speakers(_OPENING + "واستقبل كريم الحداد وفد البلدية في مقر الشركة. " + _SAID) == ["كريم الحداد"]


def test_the_previous_sentences_subject_speaks_over_a_person_named_after_him() -> None:
    text = _OPENING + "ووصف الشيخ العطار زيارة رجل الأعمال كريم الحداد بالمباركة. " + _SAID
    assert _speakers(text) == ["فارس العطار"]
