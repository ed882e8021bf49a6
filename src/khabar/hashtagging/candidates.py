"""Which names earn a hashtag, and how central each is to the article (its salience).

Candidates come from the analysis khabar already makes — the people, organisations and places of the entity
layer — and from what a person-name tagger misses but an editor tags: well-known one-word names and recurring
topics (data files), and a government or force named by its nationality («الحكومة العراقية»: an organisation
word with ال followed by a nisba adjective). The house style is applied here, before ranking.

Salience adds up what makes an editor think a name central: how often it is mentioned (diminishing), whether
it appears in the title or the first paragraph, how early it first appears, and how many quotations it speaks.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache

from khabar.arabic import MARKS
from khabar.article import Article
from khabar.datafiles import lines, rows
from khabar.entities.names import split_role
from khabar.hashtagging.matching import DETACHABLE, Occurrence, Words, name_words
from khabar.hashtagging.style import HouseStyle, name_key

_NAME_WORD = re.compile(rf"(?=.*[^\W\d_])(?:[^\W_]|[{MARKS}])+")  # letters (digits beside them), harakat
TAGGABLE_TYPES = ("PER", "ORG", "LOC", "MISC")  # a DOC («بيان مشترك») or a date is not a topic page
# What each source adds to salience: a name the style asks for comes first; the tagger's entities carry more
# evidence than a word-list hit or the nisba-phrase rule.
SOURCE_WEIGHT = {"always": 100.0, "entity": 1.0, "known": 0.5, "topic": 0.5, "phrase": 0.0}
LEAD_WEIGHT = 1.5
SPEAKER_WEIGHT = 1.0
EARLY_WEIGHT = 1.0


@dataclass(slots=True)
class Candidate:
    """A name that may be tagged: its spelling, where it is written, and why it matters."""

    name: str  # the tag's words, spaces between them
    source: str  # always | entity | known | topic | phrase
    type: str  # PER, ORG, LOC, MISC, or TOPIC
    occurrences: list[Occurrence] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # how the text writes it, when the style respells it
    mentions: int = 0
    speaks: int = 0
    salience: float = 0.0

    @property
    def key(self) -> str:
        return name_key(self.name)

    @property
    def first(self) -> int:
        return self.occurrences[0].start if self.occurrences else 1 << 62


@cache
def _list(name: str) -> tuple[str, ...]:
    return tuple(lines("khabar.hashtagging", name))


@cache
def _rows(name: str) -> tuple[tuple[str, str], ...]:
    return tuple((row[0].strip(), row[1].strip()) for row in rows("khabar.hashtagging", name))


@cache
def _dropped_heads() -> frozenset[str]:
    return frozenset(w for line in _list("dropped_heads.txt") for w in name_words(line))


@cache
def _org_words() -> frozenset[str]:
    """Organisation nouns (حكومة، الحكومة، التحالف …) from the entity room's lists, folded."""
    return frozenset(w for name in ("org_words.txt", "org_heads.txt") for line in lines("khabar.entities", name)
                     for w in name_words(line))


@cache
def _definite_org_words() -> frozenset[str]:
    return frozenset(w for w in _org_words() if w.startswith("ال"))


def _is_place(word: str) -> bool:
    from khabar.arabic import model_fold
    from khabar.entities.gazetteer import phrases

    return (model_fold(word),) in phrases()["place"]


def tag_name(name: str, type_: str = "") -> str:
    """An entity's name as an editor tags it: the kind-of-thing words at its start dropped
    («جائحة فيروس كورونا» → «كورونا»); a person's title or descriptor too («التاجرة هند الساعدي» → «هند
    الساعدي»: a person's name starts with an indefinite given name, so a definite word before one is not
    part of it)."""
    words = name.split()
    if type_ == "PER":
        role, person = split_role(words)
        if role and person:
            words = person
        folds = [name_words(w)[0] if name_words(w) else "" for w in words]
        if len(words) >= 3 and folds[0].startswith("ال") and not folds[1].startswith("ال"):
            words = words[1:]
    heads = _dropped_heads()
    k = 0
    while k < len(words) - 1 and name_words(words[k]) and name_words(words[k])[0] in heads:
        k += 1
    return " ".join(words[k:])


@cache
def _not_tags() -> frozenset[str]:
    return frozenset(name_key(line) for line in _list("not_tags.txt"))


def taggable(name: str) -> bool:
    """A name that can be a hashtag: every word a run of letters (digits only beside letters), and not a
    word that names no one in particular — a listed one, or an organisation noun alone («الشركة»)."""
    words = name.split()
    if not words or any(not _NAME_WORD.fullmatch(w) for w in words):
        return False
    if name_key(name) in _not_tags():
        return False
    return not (len(words) == 1 and name_words(name)[0] in _org_words())


def _without_clitic(name: str, words: Words) -> str:
    """A name whose first word carries a proclitic the grouping kept («والعراق», «بجدة»): the article
    before ال is always one (و/ف/ب/ك + ال، ل + ال); a single letter otherwise only when the text also writes
    the word without it or the word is a known place («وماليزيا»; بريطانيا is no ب + ريطانيا)."""
    first, _, rest = name.partition(" ")
    f = name_words(first)[0] if name_words(first) else ""
    bare = None
    if f.startswith(("وال", "فال", "بال", "كال")) and len(f) > 4:
        bare = first[1:]
    elif f.startswith("لل") and len(f) > 3:
        bare = "ا" + first[1:]
    elif f[:1] in DETACHABLE + "بلك" and len(f) > 3 and (_is_place(first[1:]) or any(
            o.start == o.clitic_start and not o.bound for o in words.find(first[1:]))):
        bare = first[1:]
    if bare is None:
        return name
    return f"{bare} {rest}".strip()


def _is_nisba(folded: str) -> bool:
    """A definite adjective of belonging: العراقي، العراقيه، الدولي، الاميركيين."""
    return folded.startswith("ال") and len(folded) > 4 and folded.endswith(("ي", "يه", "يين", "يون"))


def _phrases(words: Words) -> list[str]:
    """«الحكومة العراقية», «القوات الأميركية»: an organisation word with ال and a nisba adjective after it,
    written as the text writes it (a conjunction before it left out)."""
    orgs = _definite_org_words()
    out: list[str] = []
    text, spans, folds = words.text, words.spans, words.folds
    for i in range(len(folds) - 1):
        head = folds[i]
        if head not in orgs and not (head[:1] in DETACHABLE and head[1:] in orgs):
            continue
        if not _is_nisba(folds[i + 1]) or text[spans[i][1]:spans[i + 1][0]] != " ":
            continue
        first = text[spans[i][0]:spans[i][1]]
        if head not in orgs:
            first = first[1:]
        out.append(f"{first} {text[spans[i + 1][0]:spans[i + 1][1]]}")
    return out


def collect(article: Article, style: HouseStyle | None = None) -> list[Candidate]:
    """Every candidate name the article writes at least once, merged by folded name, style applied."""
    words = Words(article.text)
    found: list[Candidate] = []
    if style is not None:
        found.extend(Candidate(name, "always", "TOPIC") for name in style.always)
    speaks: dict[str, int] = {}
    for q in article.quotes:
        if q.speaker is not None and q.speaker.entity_id:
            speaks[q.speaker.entity_id] = speaks.get(q.speaker.entity_id, 0) + 1
    for ent in article.entities:
        if ent.type in TAGGABLE_TYPES and ent.name.strip():
            spans = {(m.start, m.end) for m in ent.mentions}
            found.append(Candidate(_without_clitic(tag_name(ent.name, ent.type), words), "entity", ent.type,
                                   mentions=len(spans), speaks=speaks.get(ent.id, 0)))
    found.extend(Candidate(name, "known", type_) for name, type_ in _rows("known_names.tsv"))
    found.extend(Candidate(name, "topic", "TOPIC") for name in _list("topics.txt"))
    found.extend(Candidate(name, "phrase", "ORG") for name in _phrases(words))

    merged: dict[str, Candidate] = {}
    for cand in found:  # in source order: the first source to name a key keeps it, later ones add evidence
        cand.written = [cand.name]
        if style is not None:
            if style.banned(cand.name):
                continue
            cand.name = style.spelling(cand.name)
            if style.banned(cand.name):
                continue
        key = cand.key
        if not key or cand.source != "always" and not taggable(cand.name):
            continue
        have = merged.get(key)
        if have is None:
            merged[key] = cand
        else:
            have.mentions = max(have.mentions, cand.mentions)
            have.speaks = max(have.speaks, cand.speaks)
            if have.type == "TOPIC" and cand.source == "entity":  # an always-name the tagger also found
                have.type = cand.type
            have.written.extend(w for w in cand.written if w not in have.written)
    out: list[Candidate] = []
    for cand in merged.values():
        places = {(o.clitic_start, o.end): o for w in dict.fromkeys([cand.name, *cand.written])
                  for o in words.find(w)}
        cand.occurrences = [places[k] for k in sorted(places)]
        if cand.occurrences:
            out.append(cand)
    lead_end = _lead_end(article)
    title = article.meta.get("title")
    title_words = Words(title) if isinstance(title, str) and title else None
    for cand in out:
        cand.mentions = max(cand.mentions, len(cand.occurrences))
        cand.salience = round(_salience(cand, len(article.text), lead_end, title_words), 3)
    out.sort(key=lambda c: (-c.salience, c.first, c.key))
    return out


def _lead_end(article: Article) -> int:
    paragraphs = article.layer("paragraphs")
    return paragraphs[0].end if paragraphs else min(len(article.text), 300)


def _salience(cand: Candidate, length: int, lead_end: int, title: Words | None) -> float:
    score = SOURCE_WEIGHT[cand.source] + math.log2(1 + cand.mentions)
    in_title = title is not None and bool(title.find(cand.name))
    score += LEAD_WEIGHT * (int(in_title) + int(cand.first < lead_end))  # the title and the lead each count
    score += EARLY_WEIGHT * (1 - cand.first / max(length, 1))
    score += SPEAKER_WEIGHT * math.log2(1 + cand.speaks)
    return score
