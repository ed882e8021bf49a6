"""A person the tagger starts on the conjunction glued to the given name («…، وميرزا الحداد رئيس …») is
named without it; a given name that itself begins with و («وليد»، «وفاء») keeps it. Articles are invented."""
from __future__ import annotations

from khabar import extract

ATTENDEES = ("أعلنت الجامعة عن البرنامج الصيفي خلال مؤتمر صحافي بحضور الدكتور سالم راشد الكندي مدير "
             "الجامعة، وميرزا الحداد رئيس مجلس الأمناء، والدكتور فهد العمري. "
             "وقال الحداد إن البرنامج سيستقبل ألف طالب.")


def test_the_conjunction_before_a_given_name_is_not_part_of_the_name() -> None:
    article = extract(ATTENDEES)
    people = {e.name for e in article.entities if e.type == "PER"}
    assert "ميرزا الحداد" in people and not any(name.startswith("وميرزا") for name in people)
    assert [q.speaker.name for q in article.quotes if q.speaker] == ["ميرزا الحداد"]
    mentions = [m for e in article.entities for m in e.mentions if "ميرزا" in m.text]
    assert [m.text for m in mentions] == ["ميرزا الحداد"]  # one mention, not a second with the و
    assert all(article.text[m.start:m.end] == m.text for m in mentions)


def test_a_given_name_that_begins_with_waw_keeps_it() -> None:
    article = extract("وقال وليد سامر الحداد رئيس مجلس الأمناء إن البرنامج سيستقبل ألف طالب.")
    assert [q.speaker.name for q in article.quotes if q.speaker] == ["وليد سامر الحداد"]
