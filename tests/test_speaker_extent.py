"""How far a speaker phrase goes: an unnamed source keeps where it is («مصدر … بوزارة …»، «بـ» and a place), a
body keeps its remit («المديرية العامة لشؤون …»). Articles, places and bodies are invented."""
from __future__ import annotations

from khabar.entities.gazetteer import phrases
from khabar.pipeline import Options, extract
from khabar.quotes.speaker_phrase import _at_place_or_body


def _speakers(text: str, how: str = "model") -> list[str | None]:
    article = extract(text, options=Options(extra={"speakers": how}))
    return [q.speaker.name if q.speaker else None for q in article.quotes]


def test_an_unnamed_source_keeps_where_it_is() -> None:
    text = "وقال مصدر رسمي رفيع المستوى بوزارة المياه إن محطة الضخ ستعود إلى العمل غداً."
    assert _speakers(text) == ["مصدر رسمي رفيع المستوى بوزارة المياه"]


def test_a_place_glued_to_bi_is_where_the_source_is() -> None:
    # any one-word place the gazetteer knows (the fixture names no real place itself)
    place = sorted(w[0] for w in phrases()["place"] if len(w) == 1 and len(w[0]) > 4 and not w[0].startswith("ال"))[0]
    assert _at_place_or_body("ب" + place)
    assert not _at_place_or_body("بأن") and not _at_place_or_body("بالقول")


def test_an_unnamed_source_does_not_take_what_follows_bi() -> None:
    text = "وأفاد مصدر مطلع بأن محطة الضخ ستعود إلى العمل غداً."
    assert _speakers(text) == ["مصدر مطلع"]


def test_a_body_keeps_its_remit() -> None:
    text = "أعلنت المديرية العامة لشؤون المياه في جمهورية نوران أن محطة الضخ ستعود إلى العمل غداً."
    assert _speakers(text)[0].startswith("المديرية العامة لشؤون المياه")


def test_an_outlet_is_named_with_its_noun_and_origin_and_found_again() -> None:
    text = ("ذكرت صحيفة «البيدر» السندانية أن وزارة المياه ستفتح ثلاث محطات جديدة. "
            "وأضافت الصحيفة أن المحطات ستعمل في الصيف.")
    assert _speakers(text) == ["صحيفة البيدر السندانية", "صحيفة البيدر السندانية"]


def test_an_outlet_told_is_not_named_as_speaker() -> None:
    text = "وقال وزير المياه سامر الحداد لصحيفة «البيدر» إن المحطات ستعمل في الصيف."
    assert _speakers(text) == ["سامر الحداد"]
