"""«قالت سلمى الراشد وزيرة المياه» … «وأضافت وزيرة المياه»: a title written right after the name of a speech
verb's subject is that person's, so the later bare title is her; a title after the object of another verb
(«استقبل كريم العطار وزير الخارجية») may be someone else's and is not tied. Articles and people are
invented."""
from __future__ import annotations

from khabar.pipeline import Options, extract


def _speakers(text: str) -> list[str | None]:
    article = extract(text, options=Options(extra={"speakers": "model"}))
    return [q.speaker.name if q.speaker else None for q in article.quotes]


def test_a_title_after_the_speakers_name_stands_for_her_later() -> None:
    text = ("قالت سلمى الراشد وزيرة المياه والري، إن الحكومة ستبني ثلاثة سدود جديدة في وادي نوران خلال العامين "
            "المقبلين.\nوأضافت وزيرة المياه والري، أمام أعضاء البرلمان، أن كلفة المشروع ستتحمله الموازنة العامة.\n")
    assert _speakers(text) == ["سلمى الراشد", "سلمى الراشد"]


def test_a_title_after_a_verbs_object_is_not_tied_to_that_person() -> None:
    text = ("استقبل كريم العطار وزير الخارجية في مكتبه وفدا من رجال الأعمال، وقال إن العلاقات التجارية تشهد "
            "نموا ملحوظا.\nوأضاف وزير الخارجية أن الاتفاقيات الجديدة ستوقع الشهر المقبل.\n")
    assert _speakers(text)[-1] == "وزير الخارجية"
