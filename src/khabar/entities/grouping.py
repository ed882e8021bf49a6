"""One entity per referent: cluster an article's mentions and name each cluster by its fullest form.

Evidence is the article's own: a tagged span, a hashtag (merged ones already split back into words), a
place from the gazetteer. A mention joins a cluster when it is the same name folded, or — for people — a
contiguous part of a longer name the article gave (الكاظمي → مصطفى الكاظمي). A short form that fits two
people is given to the one mentioned most recently, as a reader would.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field
from functools import cache

from khabar.arabic.clitics import strip_clitic
from khabar.arabic.fold import display_form
from khabar.article import Article, Entity, Span
from khabar.text.intervals import Intervals, next_position, positions_where
from khabar.entities.names import data_lines, fold, is_role_word, split_role, trim_descriptors

TYPES = ("PER", "ORG", "LOC", "MISC")


@dataclass(slots=True)
class _Mention:
    span: Span
    name: str
    words: tuple[str, ...]
    label: str | None


@dataclass(slots=True)
class _Cluster:
    name: str
    words: tuple[str, ...]
    labels: Counter = field(default_factory=Counter)
    mentions: list[Span] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    last: int = 0
    forms: dict[tuple[str, ...], list[str]] = field(default_factory=dict)  # folded words → surfaces

    def type(self) -> str:
        votes = [(n, t) for t, n in self.labels.items() if t]
        return max(votes)[1] if votes else ""


def _fold_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in (fold(x) for x in name.replace("_", " ").split()) if w)


def contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    n = len(short)
    return 0 < n < len(long) and any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _base(w: tuple[str, ...]) -> tuple[str, ...]:
    """A name without its article on the first word (الأميركي/أميركي are one name only for places)."""
    return (w[0][2:],) + w[1:] if w and w[0].startswith("ال") and len(w[0]) > 3 else w


def folded_tokens(article: Article) -> list[str]:
    """Every token of the article folded (`names.fold`), once: the organisation, place and further-mention
    scans all read every token, and folding it three times was a tenth of the grouping's time."""
    return [fold(t.text) for t in article.layer("tokens")]


def collect(article: Article, folded: list[str] | None = None) -> list[_Mention]:
    """Mentions from the model's spans and the hashtags; a hashtag replaces the tagged span inside it.
    `folded`: the article's `folded_tokens`, when the caller has them."""
    if folded is None:
        folded = folded_tokens(article)
    tags = article.layer("hashtags")
    out: list[_Mention] = []
    used_tags: set[int] = set()
    holding = _Holding(tags)
    for s in article.layer("ner"):
        tag = holding.first(s.start, s.end)
        if tag is not None:
            h = tags[tag]
            if tag in used_tags:
                continue
            used_tags.add(tag)
            name = h.attrs.get("name") or s.text
            out.append(_Mention(h, name, _fold_words(name), s.label))
        else:
            name = " ".join(s.text.replace("#", " ").split())
            out.append(_Mention(s, name, _fold_words(name), s.label))
    for i, h in enumerate(tags):
        if i not in used_tags and h.attrs.get("name"):
            out.append(_Mention(h, h.attrs["name"], _fold_words(h.attrs["name"]), None))
    out.extend(_organisations(article, [(m.span.start, m.span.end) for m in out], folded))
    out.extend(_places(article, [(m.span.start, m.span.end) for m in out], folded))
    return [m for m in out if m.words]


class _Holding:
    """The first hashtag (in order) holding a span: by bisection when the hashtags follow one another, as
    they do, so that collecting mentions is not a pass over every hashtag for every name."""

    def __init__(self, tags: list[Span]):
        self.tags = tags
        self.starts = [h.start for h in tags]
        self.ordered = all(tags[k].end <= tags[k + 1].start for k in range(len(tags) - 1))

    def first(self, a: int, b: int) -> int | None:
        if not self.ordered:
            return next((i for i, h in enumerate(self.tags) if h.start <= a and b <= h.end), None)
        i = bisect_right(self.starts, a) - 1
        return i if i >= 0 and b <= self.tags[i].end else None


_NISBA = ("ي", "يه", "يين", "يون")  # the nisba adjective's endings: morphology, not a word list


def _organisations(article: Article, taken: list[tuple[int, int]], folded: list[str]) -> list[_Mention]:
    """Organisations the model missed, written as an organisation noun in construct with a definite noun
    and its nationality adjectives: «وقوات الأمن العراقية»، «وزارة الخارجية السودانية». Runs before the
    place lists, so «جامعة الدول العربية» is one organisation rather than hiding a place."""
    heads, stops = _construct_heads(), _phrase_stops()
    tokens = article.layer("tokens")
    boiler = Intervals((b.start, b.end) for b in article.layer("boilerplate"))
    taken_ = Intervals(taken)

    def definite(k: int) -> bool:
        return k < len(tokens) and folded[k].startswith("ال") and len(folded[k]) >= 4 and folded[k] not in stops

    out: list[_Mention] = []
    for i, w in enumerate(folded):
        clitic = w not in heads and w[:1] in "وفبل" and w[1:] in heads
        if not (w in heads or clitic) or not definite(i + 1):
            continue
        j = i + 2
        if folded[i + 1] in _royal_titles():  # «جامعة الملك سعود»، «مستشفى الأمير محمد بن فهد»: the name too
            while j < len(tokens) and j < i + 6 and _is_name_word(folded[j]) and (
                    j == i + 2 or folded[j - 1] in ("بن", "بنت") or folded[j] in ("بن", "بنت")):
                j += 1
        if definite(j) and folded[j].endswith(_NISBA):  # one adjective: a second is description («الرسمية»)
            j += 1
        head = w[1:] if clitic else w
        while head == "وزاره" and j < i + 7 and j < len(tokens) and folded[j].startswith("وال") and len(folded[j]) >= 5:
            # a ministry's name joins its portfolios: «وزارة الشؤون الإسلامية والتعليم الأصلي»
            j += 1
            if definite(j) and folded[j].endswith(_NISBA):
                j += 1
        a, b = tokens[i].start, tokens[j - 1].end
        if taken_.overlaps(a, b) or boiler.covers(a):
            continue
        first = tokens[i].text[1:].lstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652") if clitic else tokens[i].text
        name = " ".join([first] + [t.text for t in tokens[i + 1 : j]])
        out.append(_Mention(article.span(a, b, "mention"), name, _fold_words(name), "ORG"))
    return out


@cache
def _royal_titles() -> frozenset[str]:
    return frozenset(fold(x) for x in data_lines("royal_titles.txt"))


def _is_name_word(w: str) -> bool:
    return len(w) >= 2 and w.isalpha() and not w.startswith("ال")


@cache
def _construct_heads() -> frozenset[str]:
    return frozenset(fold(x) for x in data_lines("org_construct_heads.txt"))


@cache
def _phrase_stops() -> frozenset[str]:
    return frozenset(fold(x) for x in data_lines("org_phrase_stops.txt"))


def _places(article: Article, taken: list[tuple[int, int]], folded: list[str]) -> list[_Mention]:
    """Countries, territories and cities from the gazetteer (CLDR via babel, and the hand-kept list)
    that the model did not tag — with a clitic (بالعراق، ولبنان) as well as bare."""
    from khabar.entities.gazetteer import index

    places = index()["place"]
    tokens = article.layer("tokens")
    boiler = Intervals((b.start, b.end) for b in article.layer("boilerplate"))
    taken_ = Intervals(taken)
    out: list[_Mention] = []
    # the tokens whose word, bare or behind a clitic, starts some place's name: every other token is stepped
    # over by bisection (each distinct word asked once), as the scan below would step over it one by one
    can_start = _starting(folded, places)
    i = 0
    while (i := next_position(can_start, i, len(tokens))) < len(tokens):
        if folded[i] in _ambiguous_places() or boiler.covers(tokens[i].start):
            i += 1
            continue
        hit = None
        for first in (folded[i], strip_clitic(folded[i])):
            for rest in places.get(first, ()):
                n = 1 + len(rest)
                if tuple(folded[i + 1 : i + n]) == rest:
                    hit = n
                    break
            if hit:
                break
        if hit:
            a, b = tokens[i].start, tokens[i + hit - 1].end
            if not taken_.overlaps(a, b):
                span = article.span(a, b, "mention")
                words = tuple(w for w in (strip_clitic(folded[i]),) + tuple(folded[i + 1 : i + hit]))
                out.append(_Mention(span, " ".join(words), words, "LOC"))
            i += hit
        else:
            i += 1
    return out


def _starting(folded: list[str], table: Container[str]) -> list[int]:
    """Indexes of the tokens whose folded word, as written or without its clitic, is a key of `table`."""
    return positions_where(folded, lambda w: w in table or strip_clitic(w) in table)


@cache
def _ambiguous_places() -> frozenset[str]:
    return frozenset(fold(x) for x in data_lines("ambiguous_places.txt"))


@cache
def _org_heads() -> frozenset[str]:
    from khabar.entities.gazetteer import phrases

    return frozenset(fold(x) for x in data_lines("org_heads.txt")) | {w[0] for w in phrases()["orgw"] if len(w) == 1}


def _headed_by_organisation(words: tuple[str, ...]) -> bool:
    from khabar.entities.gazetteer import phrases

    return words[0] in _org_heads() and words not in phrases()["place"]


def _gazetteer_type(words: tuple[str, ...]) -> str | None:
    from khabar.entities.gazetteer import phrases

    lists = phrases()
    if words in lists["place"] or _base(words) in lists["place"]:
        return "LOC"
    if (words[0],) in lists["orgw"]:
        return "ORG"
    if (words[0],) in lists["locw"]:
        return "LOC"
    return None


def group_mentions(article: Article) -> list[Entity]:
    folded = folded_tokens(article)
    mentions = collect(article, folded)
    order = sorted(range(len(mentions)), key=lambda i: (-len(mentions[i].words), mentions[i].span.start))
    clusters: list[_Cluster] = []
    index = _ClusterIndex()
    for i in order:
        m = mentions[i]
        target = index.find(m)
        if target is None:
            target = _Cluster(m.name, m.words)
            clusters.append(target)
            index.add(target)
        target.labels[m.label] += 1
        target.forms.setdefault(m.words, []).append(m.name)
        target.mentions.append(m.span)
        target.last = max(target.last, m.span.start)
    for c in clusters:
        _settle_name(c)
    _more_mentions(article, clusters, folded)
    entities: list[Entity] = []
    starts: dict[int, int] | None = None  # token start → index: built once, for the first person
    clusters.sort(key=lambda c: min(s.start for s in c.mentions))
    for n, c in enumerate(clusters, 1):
        typ = c.type() or _gazetteer_type(c.words) or "MISC"
        if typ in ("MISC", "LOC") and len(c.words) > 1 and _headed_by_organisation(c.words):
            typ = "ORG"  # «التحالف الدولي», «وكالة …»: a name headed by an organisation noun names one
        c.mentions.sort(key=lambda s: s.start)
        if typ == "PER" and starts is None:
            starts = {t.start: i for i, t in enumerate(article.layer("tokens"))}
        roles = _roles(article, c.mentions, starts) if typ == "PER" and starts is not None else []
        entities.append(Entity(f"e{n}", display_form(c.name), typ, c.mentions, [display_form(r) for r in roles]))
    return entities


def _more_mentions(article: Article, clusters: list[_Cluster], folded: list[str]) -> None:
    """Mentions the model missed: the full name written again anywhere (also with a clitic: للعراق), and
    for a person the surname alone («“الكاظمي”») when no other person shares it."""
    tokens = article.layer("tokens")
    covered = {(s.start, s.end) for c in clusters for s in c.mentions}
    inside = Intervals((s.start, s.end) for c in clusters for s in c.mentions)
    surnames: Counter = Counter(c.words[-1] for c in clusters if c.type() in ("PER", "") and len(c.words) > 1)
    forms: dict[tuple[str, ...], _Cluster] = {}
    for c in clusters:
        forms.setdefault(c.words, c)
        if c.type() in ("PER", "") and len(c.words) > 1 and surnames[c.words[-1]] == 1 and len(c.words[-1]) > 3:
            forms.setdefault((c.words[-1],), c)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for f in forms:
        by_first.setdefault(f[0], []).append(f)
    for i in _starting(folded, by_first):  # the other tokens start no name
        for first in dict.fromkeys((folded[i], strip_clitic(folded[i]))):  # the word as written first; a set's order would follow the hash seed
            for form in sorted(by_first.get(first, ()), key=len, reverse=True):
                n = len(form)
                if i + n > len(tokens):
                    continue
                if tuple([first] + folded[i + 1 : i + n]) != form:
                    continue
                a, b = tokens[i].start, tokens[i + n - 1].end
                if (a, b) in covered or inside.contains(a, b) or (first != folded[i] and inside.contains(a + 1, b)):
                    continue  # (the last: the name after its clitic is a mention already: «و|ميرزا الحداد»)
                c = forms[form]
                c.mentions.append(article.span(a, b, "mention"))
                covered.add((a, b))
                break


def _variants(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    out = [words]
    bare = strip_clitic(words[0])
    if bare != words[0]:
        out.append((bare,) + words[1:])
    return out


def _settle_name(c: _Cluster) -> None:
    """The fullest name, unless it is a tagger's overrun: a longest form seen once whose own beginning
    the article also writes alone as a name («فاطمة أحمد هربت مع عائلتها» … «عائلة فاطمة أحمد»)."""
    if c.type() not in ("PER", "") or len(c.forms.get(c.words, ())) != 1:
        return
    shorter = [f for f in c.forms if 2 <= len(f) < len(c.words) and c.words[: len(f)] == f]
    if shorter:
        best = max(shorter, key=len)
        c.words, c.name = best, c.forms[best][0]


class _ClusterIndex:
    """The clusters by their name without its article and by each word, so that a mention finds its
    cluster without being compared with every other (the cost stays linear in the article)."""

    def __init__(self) -> None:
        self.by_base: dict[tuple[str, ...], _Cluster] = {}
        self.by_word: dict[str, list[_Cluster]] = {}

    def add(self, c: _Cluster) -> None:
        self.by_base.setdefault(_base(c.words), c)  # the first cluster of a name, as a scan in order finds
        for w in dict.fromkeys(c.words):
            self.by_word.setdefault(w, []).append(c)

    def find(self, m: _Mention) -> _Cluster | None:
        for variant in _variants(m.words):
            c = self.by_base.get(_base(variant))
            if c is not None:
                return c
        if m.label in (None, "PER"):
            rarest = min((self.by_word.get(w, []) for w in m.words), key=len)  # a fit holds every word
            fits = [c for c in rarest if c.type() in ("", "PER") and contains(c.words, m.words)][:2]
            if len(fits) == 1:
                return fits[0]
            # a surname shared by two people («سامر الحداد» and «ليلى الحداد») names neither for sure: it
            # stays its own entity rather than be given to the wrong one
        return None


def _roles(article: Article, mentions: list[Span], starts: dict[int, int]) -> list[str]:
    """Titles written right before a mention (وزير الخارجية الأميركي مايك بومبيو → the role); `starts` maps
    each token's start to its index."""
    tokens = article.layer("tokens")
    roles: list[str] = []
    for s in mentions:
        i = starts.get(s.start)
        if i is None:
            continue
        for back in range(1, 6):
            j = i - back
            if j < 0 or tokens[j].text in ("،", ",", ".", ":", "«", "»"):
                break
            if is_role_word(tokens[j].text):
                words = [t.text for t in tokens[j:i] if t.text not in ("#", "“", "”", '"')]
                role, _ = split_role(words + ["x"])
                phrase = " ".join(trim_descriptors(role or words))
                if phrase and phrase not in roles:
                    roles.append(phrase)
                break
    return roles
