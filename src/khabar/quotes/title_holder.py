"""Who holds a bare title: «وأضاف الوزير»، «وسجل المتحدث»، «المسؤولة الحكومية قالت» → the person named.

News names a speaker once in full («قالت وزيرة المالية نادية فتاح») and then refers back with a definite
description: the same title shortened («الوزيرة»), a generic one («المسؤولة الحكومية»، «المتحدث»), or a
title the article never gave the person before («المبعوث الأممي» for an envoy named by surname only). The
gold, like a reader, gives the person's name. This module finds the person such a description can stand
for, among the people the article named last, and says how the two fit; the learned scorer
(`choice.LearnedResolver`) weighs that fit against the other readings rather than trusting it blindly.

A title never goes to a person the article gave another office («الرئيس» is not the minister named just
before), nor across grammatical gender («الوزيرة» is not a man); a generic description («المسؤول»،
«المتحدث»، data file `generic_titles.txt`) may stand for any office holder.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from khabar.datafiles import lines
from khabar.entities.names import fold, honorifics, is_role_word
from khabar.quotes.gender import name_gender, title_gender
from khabar.quotes.lexicon import head_type
from khabar.quotes.speaker_phrase import _honorific_pronoun
from khabar.quotes.via import is_outlet

# How a holder fits the title, best first: the order in which two fitting people are preferred.
SAME_HEAD = "same_head"  # the person was given a title with the same head noun («وزيرة …» → «الوزيرة»)
GENERIC = "generic"  # a description any office holder takes («المسؤول الحكومي»، «المتحدث») for one given a title
UNTITLED = "untitled"  # the article gave the person no title at all: the description may be its first
KINDS = (SAME_HEAD, GENERIC, UNTITLED)


@dataclass(frozen=True, slots=True)
class Holder:
    """A person a bare title may stand for: their name as the article gives it and how they fit."""

    name: str
    entity_id: str
    kind: str
    rank: int  # 0 for the person named last before the quotation, then 1, 2 …


@cache
def generic_titles() -> frozenset[str]:
    """Head nouns of descriptions that stand for any office holder, folded, without «ال»."""
    return frozenset(_head_of(line) for line in lines("khabar.quotes", "generic_titles.txt"))


def _head_of(title: str) -> str:
    """The folded head noun of a title without the article or the feminine ending («الوزيرة» → وزير)."""
    words = [fold(w) for w in title.split() if fold(w) and fold(w) not in honorifics()]
    if not words:
        return ""
    head = words[0]
    if head.startswith("ال") and len(head) > 3:
        head = head[2:]
    if head.endswith("ه") and len(head) > 3 and is_role_word(head[:-1]):
        head = head[:-1]  # وزيره → وزير: the feminine form shares the office
    return head


def title_head(title: str) -> str:
    """The head noun a title is matched by: «المتحدثة الرسمية باسم الوزارة» → متحدث."""
    return _head_of(title)


def is_bare_title(name: str, role: str | None, type_: str | None) -> bool:
    """Whether a speaker is a title the rules could not tie to a name: a person whose name is its title,
    led by a title word («الوزير»، «المتحدث»), not a name that merely carries one; or a definite generic
    description the rules read as an unnamed source («المسؤول الحكومي»: definite, it points back, where
    «مسؤول حكومي» introduces someone new)."""
    words = name.split()
    if not words:
        return False
    if type_ == "ANON":
        first = fold(words[0])
        return first.startswith("ال") and title_head(words[0]) in generic_titles()
    if type_ != "PER" or not role or fold(role) != fold(name):
        return False
    return is_role_word(words[0])


def could_hold(name: str) -> bool:
    """Whether an entity the article typed as a person can hold a title: not an outlet the tagger took for
    a person («ميد راديو»: an outlet word anywhere), nor a phrase led by an institution, a document or an unnamed source."""
    words = name.split()
    return (bool(words) and not any(is_outlet(w) for w in words) and head_type(words[0]) is None and not is_role_word(words[0])
            and not (len(words) == 1 and _honorific_pronoun(words[0])))  # «جلالته» is a title's stand-in


def _short_description(title: str) -> bool:
    """«المسؤول الحكومي»، «المتحدثة»: a head noun and at most two adjectives, which can point back to anyone
    holding an office; «الناطق الرسمي باسم الجيش» names its office and fits only who was given it."""
    words = [fold(w) for w in title.split() if fold(w)]
    return 1 <= len(words) <= 3 and all(w.startswith("ال") for w in words)


def _gender(name: str, roles: Iterable[str]) -> str | None:
    """F or M from the person's titles (a title without the feminine ending is a man's: «المبعوث»), else
    from the given name."""
    titled = False
    for role in roles:
        words = role.split()
        if title_gender(words) == "F":
            return "F"
        titled = titled or bool(words and is_role_word(words[0]))
    return name_gender(name) or ("M" if titled else None)


def fit(title: str, name: str, roles: list[str]) -> str | None:
    """How a person fits a bare title (one of KINDS), or None when the title cannot be theirs."""
    head = title_head(title)
    if not head or not name.split():
        return None
    want = title_gender(title.split()) or "M"
    have = _gender(name, roles)
    if have is not None and have != want:
        return None
    heads = {title_head(r) for r in roles if r and is_role_word(r.split()[0])}
    if head in heads:
        return SAME_HEAD
    if not _short_description(title):
        return None  # a title that names its office fits only one the article gave it
    if not heads:
        return UNTITLED
    if head in generic_titles():
        return GENERIC  # an office holder: «المسؤول الحكومي» for the minister
    return None  # another office: «الرئيس» is not the minister


def holder(title: str, people: Iterable[tuple[str, str, list[str]]]) -> Holder | None:
    """The person a bare title most likely stands for among `people` ((name, entity id, titles), the one
    named last first): the best fit, and among equal fits the most recent."""
    best: Holder | None = None
    for rank, (name, entity_id, roles) in enumerate(people):
        kind = fit(title, name, roles) if could_hold(name) else None
        if kind is None:
            continue
        if best is None or KINDS.index(kind) < KINDS.index(best.kind):
            best = Holder(name, entity_id, kind, rank)
    return best


def trusted(found: Holder, last_speaker: str | None) -> bool:
    """Whether a holder is clear enough to replace the bare title outright: one the article gave the same
    title, or one a short generic description fits, who is the person named last or the previous speaker."""
    if found.kind in (SAME_HEAD, GENERIC):
        return found.rank == 0 or found.entity_id == last_speaker
    # a title the article never gave anyone: «المبعوث الأممي» after «وقال باتيلي» is likely the envoy, but
    # «القاضي» after a defendant spoke is not the defendant; the scorer weighs it as a candidate only
    return False
