"""A participle cue («قائلة»، «مشيراً») continues its sentence's subject: «وأعربت نهى الحداد عن سعادتها …،
قائلة …» is hers, not the previous sentence's speaker's; when someone already spoke in the same sentence
(«وقال كريم الحداد إن …، موضحاً أن …») the participle stays with him. Articles and people are invented."""
from __future__ import annotations

from khabar.pipeline import Options, extract


def _speakers(text: str) -> list[str | None]:
    article = extract(text, options=Options(extra={"speakers": "model"}))
    return [q.speaker.name if q.speaker else None for q in article.quotes]


_FIRST = "قالت المدربة ريم العطار إن الفريق استعد جيدا للمباراة النهائية.\n"


def test_a_participle_goes_to_its_sentences_named_subject() -> None:
    text = _FIRST + ("وأعربت اللاعبة نهى الحداد عن سعادتها بالفوز، قائلة إن «الفريق قدم أفضل مبارياته هذا "
                     "الموسم».\n")
    assert _speakers(text) == ["ريم العطار", "نهى الحداد"]


def test_a_participle_after_a_quotation_in_its_sentence_stays_with_that_speaker() -> None:
    text = _FIRST + ("وأعلن نادر سليم عن خطة جديدة للنادي، وقال كريم الحداد إن «الملعب سيجدد قبل نهاية العام»، "
                     "موضحاً أن الكلفة ستتحملها البلدية.\n")
    assert _speakers(text)[-1] == "كريم الحداد"
