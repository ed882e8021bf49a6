"""The rooms' word lists are data files: each loads, holds entries, and lists none twice."""
from __future__ import annotations

from importlib.resources import files

import pytest

from khabar.entities import grouping, names
from khabar.text import segment

_ROOMS = ("khabar.text", "khabar.entities", "khabar.quotes", "khabar.hashtagging")
_FILES = sorted((room, f.name) for room in _ROOMS for f in (files(room) / "data").iterdir()
                if f.name.endswith((".txt", ".tsv")))


def _entries(room: str, name: str) -> list[str]:
    text = (files(room) / "data" / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def test_the_three_rooms_ship_their_word_lists() -> None:
    names_ = {name for _, name in _FILES}
    assert {"abbreviations.txt", "boilerplate.txt", "cues.tsv", "roles.txt", "not_name_words.txt"} <= names_


@pytest.mark.parametrize(("room", "name"), _FILES)
def test_a_word_list_is_non_empty_and_lists_nothing_twice(room: str, name: str) -> None:
    entries = _entries(room, name)
    assert entries, f"{room} {name} is empty"
    twice = sorted({e for e in entries if entries.count(e) > 1})
    assert not twice, f"{room} {name} lists {twice} more than once"


def test_the_room_readers_keep_file_order() -> None:
    assert names.data_lines("royal_titles.txt")[:2] == ["الملك", "الأمير"]
    assert segment.data_lines("abbreviations.txt")[0] == "mr"


def test_moved_lists_load_folded() -> None:
    assert "السابقه" in names.trailing_descriptors()  # written السابقة in the file
    assert "ابو" in names.name_particles() and "ال" in names.name_particles()  # أبو، آل
    assert "الي" in names.not_name_words() and "علي" not in names.not_name_words()
    assert "مكتب" in names.institution_heads()
    assert "المستشار" in names.role_words()
    assert "امير" not in grouping._royal_titles() and "الامير" in grouping._royal_titles()
    assert {"dr", "ق.م", "هـ"} <= segment.abbreviations()


def test_the_lists_still_drive_names_and_sentences() -> None:
    # a trailing descriptor is no part of a name; a name particle is no honorific; a stop word ends a name
    assert names.trim_descriptors(["وكالة", "أنباء", "الواحة", "الرسمية"]) == ["وكالة", "أنباء", "الواحة"]
    assert names.split_role(["أبو", "سامر", "الحداد"]) == ([], ["أبو", "سامر", "الحداد"])
    assert names.name_extent(["نبيل", "العطار", "كان", "هناك"]) == ["نبيل", "العطار"]
    assert names.split_role(["مستشار", "سامر", "الحداد"]) == (["مستشار"], ["سامر", "الحداد"])
    # a listed abbreviation's dot does not end the sentence (lone letters like «د.» are caught by a pattern)
    text = "وصل المبعوث مع Mr. Haddad إلى المدينة. ثم غادر."
    assert len(segment.sentence_ranges(text, 0, len(text))) == 2
