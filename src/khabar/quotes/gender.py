"""A speaker's gender, as the article shows it: F, M, or None when it shows none.

Arabic marks the gender of a singular subject on its verb and participle (قالت/قال، مضيفةً/مضيفاً), so the
cue itself is the nearest and surest sign; a feminine title (الوزيرة، السيدة) or a plain given name speaks
when the cue cannot (a source phrase «بحسب …», a relayed statement whose verb agrees with the outlet).
Only a person has a gender here: a feminine verb after an organisation («وأكدت الوزارة») is grammar, not
a woman, and a plural subject names no one person.
"""
from __future__ import annotations

from functools import cache

from khabar.article import Quote
from khabar.datafiles import rows
from khabar.entities.names import is_role_word
from khabar.quotes.lexicon import cue_agreement_table, fold, head_type, lookup_conjoined, lookup_cue
from khabar.quotes.via import is_outlet


def _lines(name: str) -> list[list[str]]:
    return rows("khabar.quotes", name)


@cache
def relay_nouns() -> tuple[str, ...]:
    """Verbal nouns an outlet uses when it relays someone: «نقلت الوكالة عن الوزير قوله/قولها»."""
    return tuple(fold(row[0]) for row in _lines("relay_nouns.txt"))


@cache
def given_names() -> dict[str, str]:
    return {fold(row[0]): row[1] for row in _lines("given_names.tsv")}


@cache
def feminine_titles() -> frozenset[str]:
    return frozenset(fold(row[0]) for row in _lines("feminine_titles.txt"))


def cue_agreement(word: str) -> str | None:
    """M, F or PL from the cue word's own inflection; None when it has none (حسب، a noun)."""
    if lookup_cue(word) is None:
        return None
    return lookup_conjoined(cue_agreement_table(), word)


def relay_agreement(words: list[str]) -> str | None:
    """«… عن الوزير قوله» (M), «قولها» (F), «قولهم» (PL): the relayed speaker's pronoun."""
    for word in words:
        w = fold(word)
        for noun in relay_nouns():
            if w.startswith(noun):
                suffix = w[len(noun):]
                if suffix == "ه":
                    return "M"
                if suffix == "ها":
                    return "F"
                if suffix in ("هم", "هما", "هن"):
                    return "PL"
    return None


def title_gender(words: list[str]) -> str | None:
    """F from a feminine title or form of address among the words before and in the speaker's name."""
    for word in words:
        w = fold(word)
        w = w[1:] if w[:1] in "وبل" and len(w) > 4 and w[1:] in feminine_titles() else w
        if w in feminine_titles():
            return "F"
        if w.endswith("ه") and len(w) > 3 and is_role_word(w) and is_role_word(w[:-1]):
            return "F"  # الوزيرة، رئيسة، المتحدثة: a title with the feminine ending
    return None


def name_gender(name: str) -> str | None:
    """The gender of a given name the data file knows, read from the name's first word."""
    words = name.split()
    return given_names().get(fold(words[0])) if words else None


def settle(quotes: list[Quote], signs: list[str | None]) -> None:
    """Give each person speaker a gender: the quotation's own sign first, else what the article shows of
    the same person elsewhere (the majority of its signs). `signs[k]` is quotation k's own sign: M, F,
    PL (a plural subject: no gender, whatever else says), or None."""
    votes: dict[str, list[str]] = {}
    for q, sign in zip(quotes, signs):
        if q.speaker is not None and q.speaker.type == "PER" and q.speaker.entity_id and sign in ("M", "F"):
            votes.setdefault(q.speaker.entity_id, []).append(sign)
    for q, sign in zip(quotes, signs):
        m = q.speaker
        if m is None:
            continue
        if m.type != "PER" or sign == "PL" or not _a_person(m.name):
            m.gender = None
            continue
        if sign in ("M", "F"):
            m.gender = sign
            continue
        seen = votes.get(m.entity_id or "", [])
        f, n = seen.count("F"), seen.count("M")
        m.gender = "F" if f > n else "M" if n > f else None


def _a_person(name: str) -> bool:
    """Whether a speaker the rules typed as a person is one: not an outlet («ذكرت بلومبرج») nor a name
    whose head is an institution, a document or an unnamed source («قوى إعلان …»، «البيان»)."""
    words = name.split()
    return bool(words) and not is_outlet(name) and head_type(words[0]) not in ("ORG", "DOC", "ANON")


def gender_sign(cue: str | None, relay_words: list[str] | None, title_words: list[str], name: str) -> str | None:
    """One quotation's own sign of its speaker's gender. `cue` is the cue word when its subject is the
    speaker; `relay_words` the words after an outlet's «نقلت … عن» (then the cue agrees with the outlet);
    `title_words` the title and name as written."""
    sign = None
    if relay_words is not None:
        sign = relay_agreement(relay_words)
    elif cue is not None:
        sign = cue_agreement(cue)
    return sign or title_gender(title_words) or name_gender(name)


def person_gender(name: str, role: str | None) -> str | None:
    """A person candidate's gender as the article writes it: a feminine title or form of address, a given
    name the data file knows, else M for one led by a masculine title («الوزير»، «المتحدث»); None when
    nothing shows it (a surname alone)."""
    words = ((role or "") + " " + name).split()
    g = title_gender(words) or name_gender(name)
    if g:
        return g
    first = name.split()[0] if name.split() else ""
    return "M" if first and is_role_word(first) else None


@cache
def masculine_heads() -> frozenset[str]:
    return frozenset(fold(row[0]) for row in _lines("masculine_heads.txt"))


def _head_word(name: str) -> str:
    words = name.split()
    f = fold(words[0]) if words else ""
    f = f[1:] if f[:1] in "وف" and len(f) > 4 else f
    return f[2:] if f.startswith("ال") and len(f) > 4 else f


def clashes(cue_sign: str | None, type_: str | None, name: str, role: str | None) -> bool:
    """Whether a candidate cannot be the subject of a cue of this agreement: «وأوضحت» is not a man's,
    «قائلاً» not a woman's (train gold: 603 of 604 person speakers agree with their cue once relaying
    verbs, whose subject is the outlet, are set aside); «مؤكدة» is not a statement's or a source's whose
    head is masculine singular («بيان»، «مصدر»: masculine_heads.txt), and «وأكد» not a body's whose head
    has the feminine ending («وزارة»، «هيئة»: no such pair in the train gold). Other institutions and
    plurals are left alone: «قالت المصادر»، «أكدت البحرين» agree by rules a word list cannot hold."""
    if cue_sign not in ("M", "F"):
        return False
    if type_ == "PER":
        g = person_gender(name, role)
        return g is not None and g != cue_sign
    head = _head_word(name)
    if cue_sign == "F":
        return type_ in ("DOC", "ANON") and head in masculine_heads()
    return type_ == "ORG" and len(head) > 3 and head.endswith("ه")
