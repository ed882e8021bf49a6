"""Articles built to be hard for the pipeline's cost, at any size: many distinct hashtags, many distinct
names, many quotation marks, one endless sentence, one sentence of cues
with content as their object, many short paragraphs, many repeated surnames.

Each shape stresses a different loop (a mention compared with every other, a speaker looked up in every
entity, a span tested against every boilerplate line), so the scaling tests and `khabar bench` can show
that doubling an article at most roughly doubles its cost. Names are invented from syllables; the same
size always gives the same text.
"""
from __future__ import annotations

from collections.abc import Callable

_LETTERS = "بتجحدرزسشصطعفقكلمنهو"
_FIRST = ["سامر", "ليلى", "نبيل", "هدى", "مروان", "سعاد", "عادل", "رنا", "سليم", "منى", "جواد", "طارق"]


def invented_word(n: int, length: int = 4) -> str:
    """The n-th of a family of distinct made-up Arabic words (base-20 digits as letters)."""
    letters = []
    for _ in range(length):
        n, k = divmod(n, len(_LETTERS))
        letters.append(_LETTERS[k])
    return "".join(letters)


def many_hashtags(n: int) -> str:
    """n distinct two-word hashtags in short posts (what made one article take minutes)."""
    return "\n".join(f"تابعوا #{invented_word(i)}_{invented_word(i + 7919)} اليوم." for i in range(n))


def many_names(n: int) -> str:
    """n distinct people, each quoted once after a speech verb."""
    return "\n".join(f"وقال {_FIRST[i % len(_FIRST)]} ال{invented_word(i)}، مدير شركة {invented_word(i + 31)}، "
                     f"إن «العمل مستمر في المشروع». " for i in range(n))


def many_quotes(n: int) -> str:
    """n quotations, most of them without a speech verb, marks of every kind."""
    marks = [("«", "»"), ("“", "”"), ('"', '"')]
    return " ".join(f"{a}الخطة {invented_word(i)} جاهزة{b} وأضاف: {a}سنبدأ غداً{b}."
                    for i, (a, b) in ((i, marks[i % 3]) for i in range(n)))


def endless_sentence(n: int) -> str:
    """One sentence of about 8n words, with names, cues and no full stop."""
    return "قال سامر الحداد إن " + " و".join(f"المشروع {invented_word(i)} سيكتمل وأكدت ليلى العطار أن الخطة مستمرة"
                                               for i in range(n))


def objects_without_opener(n: int) -> str:
    """One sentence of about 6n words whose cues report their content as an object with no opener: each
    cue gets generous readings, and each reading's clause runs on to the sentence's far end."""
    return " ".join(f"وأكد الوزير {invented_word(i)} في الاجتماع، دعم المشروع" for i in range(n)) + "."


def short_paragraphs(n: int) -> str:
    """n one-line paragraphs, some of them boilerplate lines."""
    lines = ["شارك الخبر: فيسبوك | تويتر", "اقرأ أيضاً: أسعار الخضار", "قال مروان الخطيب: «نعم».", "الخبر التالي."]
    return "\n\n".join(lines[i % len(lines)] + f" {invented_word(i)}" for i in range(n))


def repeated_surnames(n: int) -> str:
    """n people sharing a few surnames, each named in full then by the surname alone."""
    families = ["الحداد", "العطار", "الخطيب"]
    return "\n".join(f"وقال {invented_word(i)} {families[i % 3]}: «سنواصل العمل». وأضاف {families[i % 3]} أن "
                     f"الخطة جاهزة." for i in range(n))


SHAPES: dict[str, Callable[[int], str]] = {
    "hashtags": many_hashtags,
    "names": many_names,
    "quotes": many_quotes,
    "endless": endless_sentence,
    "objects": objects_without_opener,
    "paragraphs": short_paragraphs,
    "surnames": repeated_surnames,
}
