"""Names in an article: splitting titles from names, and finding the fullest form the article gives.

Readers resolve «الكاظمي» to «مصطفى الكاظمي» and «الرئيس الأميركي» to the person the article introduced
with that title; this module does the same with the article's own mentions (hashtags, tagged entities,
speaker phrases) as the only evidence, so it works on names no gazetteer has heard of.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from khabar.arabic.fold import fold_word
from khabar.datafiles import lines


@lru_cache(maxsize=1 << 14)
def fold(word: str) -> str:
    """A word of a name folded like every other word, without a hashtag sign or spaces around it.
    Remembered per word (bounded): the entity grouping, the speaker resolver, the channel reader and the
    ranker fold every token of an article, and news repeats its words."""
    return fold_word(word).replace("#", "").strip()


def data_lines(name: str) -> list[str]:
    """The entries of a word list in `entities/data/`: stripped, without blank lines and # comments."""
    return lines("khabar.entities", name)


@cache
def role_words() -> frozenset[str]:
    """Head words of titles and offices (وزير، رئيس، المتحدث …): a phrase starting with one is a role."""
    heads = {fold(line.split()[0]) for line in data_lines("roles.txt")}
    heads |= {fold(line) for line in data_lines("descriptors.txt")}
    heads |= {fold(line) for line in data_lines("role_heads.txt")}
    return frozenset(heads)


@cache
def name_particles() -> frozenset[str]:
    """Parts of names that the honorifics list also holds (ابن، أبو): never stripped from a name."""
    return frozenset(fold(line) for line in data_lines("name_particles.txt"))


@cache
def honorifics() -> frozenset[str]:
    return frozenset(fold(line) for line in data_lines("honorifics.txt") if " " not in line) - name_particles()


def is_role_word(word: str) -> bool:
    """A title's head word, with a clitic before it or the feminine ending after it: the lists hold «نائب»,
    «مدرب»; «نائبة مبعوث الأمم المتحدة»، «مدربة المنتخب» are titles as well."""
    w = fold(word)
    if w in role_words() or (w[:1] in "وبلك" and w[1:] in role_words()):
        return True
    return len(w) > 4 and w.endswith("ه") and w[:-1] in role_words()


def titles_an_institution(words: list[str]) -> bool:
    """«شيخ قبيلة …»، «الشيخ مجلس …»: an honorific before an institution is a title (the tribe's sheikh),
    not a courtesy before a name."""
    return len(words) > 1 and fold(words[0]) in honorifics() and _institution_word(words[1])


def split_role(words: list[str]) -> tuple[list[str], list[str]]:
    """Split a phrase into (role words, name words).

    «وزير الخارجية الأميركي مايك بومبيو» → role «وزير الخارجية الأميركي», name «مايك بومبيو»;
    «وليد الطبطبائي عضو مجلس الأمة» → name first, role after. A role chain runs over definite words
    (الخارجية، الأميركي) and further role words; the name is the first stretch of indefinite words after it.
    """
    words = [w for w in words if fold(w)]
    while words and fold(words[0]) in honorifics() and not titles_an_institution(words):
        words = words[1:]
    if not words:
        return [], []
    if is_role_word(words[0]) or titles_an_institution(words):
        i = 1
        while i < len(words):
            f = fold(words[i])
            # the article and its clitic forms (and باسم) are structure, not a word list an editor extends
            if f.startswith(("ال", "وال", "بال", "لل", "باسم")) or is_role_word(words[i]):
                i += 1
                continue
            if f in role_modifiers():  # «مدير عام»، «نائب أول»
                i += 1
                continue
            # an institution noun without ال inside the role (عضو مجلس الأمة، مدير شركة النفط), or a chain
            # of them that ends on a definite word (مدير مديرية شرطة عاصمة الواحات)
            if _institution_word(words[i]):
                j = i + 1
                while j < len(words) and _institution_word(words[j]) and not fold(words[j]).startswith("ال"):
                    j += 1
                if j < len(words) and fold(words[j]).startswith("ال"):
                    i = j
                    continue
            break
        k = _given_name_at(words, i)
        return words[:k], name_extent(words[k:])
    for j, w in enumerate(words):
        if is_role_word(w):
            return words[j:], words[:j]
    return [], words


def _given_name_at(words: list[str], i: int) -> int:
    """Where the name after a role starts: at `i`, or further on at a given name when the words between
    go on with the title without marks («شيخ مطارح نخلا والسحيل صالح لنجف»: the name is «صالح لنجف»).
    Only a given name with a word after it, and none before it, moves the start."""
    from khabar.entities.gazetteer import phrases

    given = phrases()["given"]
    if i >= len(words) or (fold(words[i]),) in given:
        return i
    for k in range(i + 1, min(len(words) - 1, i + 5)):
        if (fold(words[k]),) in given and could_be_name_word(words[k + 1]) and not is_role_word(words[k + 1]):
            return k
    return i


def title_words_before_name(words: list[str]) -> int:
    """How many leading words of a tagged name are the end of a title: «النخيل والوادي صالح العمري» (a
    tagger that took «شيخ قبيلة النخيل والوادي» for part of the name) → 2. Only definite words, none a
    given name, before a given name with a word after it."""
    from khabar.entities.gazetteer import phrases

    given = phrases()["given"]
    for k in range(1, len(words) - 1):
        f = fold(words[k])
        if (f,) in given:
            before = [fold(w) for w in words[:k]]
            if all(b.startswith(("ال", "وال")) and (b,) not in given for b in before):
                return k
            return 0
    return 0


@cache
def not_name_words() -> frozenset[str]:
    """Words that are never part of a name: auxiliaries, particles, pronoun-carrying prepositions."""
    return frozenset(fold(line) for line in data_lines("not_name_words.txt"))


# not in that list: «على» folded (ى→ي) is «علي», the name Ali; written with its ى it is the preposition.
# Kept here, not in a data file: these are the fold's own forms of one word, tied to the check below.
_ALA = frozenset({"علي", "وعلي", "فعلي"})
_TANWEEN = frozenset("\u064b\u064c\u064d")


def could_be_name_word(word: str) -> bool:
    """Names carry no tanween (خطاباً، مؤثراً) and are not particles or auxiliaries."""
    f = fold(word)
    return (f not in not_name_words() and not (f in _ALA and word.endswith("ى"))
            and not (_TANWEEN & set(word)) and not word.endswith("اً"))


def name_extent(words: list[str]) -> list[str]:
    """The words of a name at the start of `words`: at most five, ending before a role word or a word
    carrying a preposition (برئيس، للحكومة) — where a name ends and the sentence goes on."""
    out: list[str] = []
    for w in words:
        f = fold(w)
        if len(out) >= 5 or is_role_word(w) or not could_be_name_word(w):
            break
        if out and f.startswith(("بال", "لل", "وال", "كال")):  # clitics on the article: structure, not a word list
            break
        if len(out) >= 2 and f[:1] in "بل" and f not in ("بن",):  # «سعد رمضان بوفاة …»
            break
        out.append(w)
    return out


def _institution_word(word: str) -> bool:
    """Heads of institution names (مجلس، وزارة، شركة …): inside a title they continue it, where an
    indefinite word of any other kind starts the name (المتحدث باسم الحكومة عز الدين الفالح)."""
    from khabar.entities.gazetteer import phrases

    f = fold(word)
    return (f,) in phrases()["orgw"] or (f,) in phrases()["locw"] or f in institution_heads()


@cache
def role_modifiers() -> frozenset[str]:
    """Indefinite words that go on with a title (مدير عام، نائب أول، وزير سابق)."""
    return frozenset(fold(line) for line in data_lines("role_modifiers.txt"))


@cache
def institution_heads() -> frozenset[str]:
    """Institution nouns beyond org_words.txt and loc_words.txt that continue a title (مجلس، مكتب …)."""
    return frozenset(fold(line) for line in data_lines("institution_heads.txt"))


@cache
def trailing_descriptors() -> frozenset[str]:
    """Words that end a descriptive phrase rather than belong to a name (وكالة الأنباء العراقية الرسمية)."""
    return frozenset(fold(line) for line in data_lines("trailing_descriptors.txt"))


def trim_descriptors(words: list[str]) -> list[str]:
    while len(words) > 1 and fold(words[-1]) in trailing_descriptors():
        words = words[:-1]
    return words


def _sub(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


_NASAB = frozenset({"بن", "ابن", "بنت"})


def _without_nasab(words: tuple[str, ...]) -> tuple[str, ...]:
    """A name without its «بن X» links: «ماجد الأنصاري» is how the article shortens «ماجد بن محمد
    الأنصاري», dropping the father's name, so the short form is a part of the long one."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if i > 0 and words[i] in _NASAB and i + 1 < len(words) - 1:
            i += 2
            continue
        out.append(words[i])
        i += 1
    return tuple(out)


def _part_of(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    return _sub(long, short) or (len(short) >= 2 and _sub(_without_nasab(long), short))


def _in_order(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """Every word of `short` appears in `long`, in the same order (gaps allowed)."""
    it = iter(long)
    return all(w in it for w in short)


def _bare(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words)


Entry = tuple[tuple[str, ...], str, str]  # (folded words, surface, type)
# A short form is read against the last this many names sharing its word. A news article names a few dozen
# people; an "article" naming thousands with one surname would otherwise cost the square of its length, and
# a reader, too, takes «الحداد» for one of the Haddads named lately.
RECENT_NAMES = 32
LOOK_BACK = 16  # entries looked at per distinct name wanted, at most


@dataclass(slots=True)
class NameIndex:
    """Every name-like mention an article offers, folded, to resolve short forms and titles against.

    `names` and `titled` only grow, but a caller may cut them back (a trial reading undone); the lookups go
    through buckets by word, whose entries are (position, entry) and count only while that position still
    holds that entry, so that a lookup costs what the names sharing its word cost, not the whole article."""

    names: list[Entry] = field(default_factory=list)
    titled: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # (folded role words, name surface)
    _with_word: dict[str, list[tuple[int, Entry]]] = field(default_factory=dict)
    _first_word: dict[str, list[tuple[int, Entry]]] = field(default_factory=dict)
    _exact: dict[tuple[str, ...], list[tuple[int, Entry]]] = field(default_factory=dict)
    _title_exact: dict[tuple[str, ...], list[tuple[int, tuple]]] = field(default_factory=dict)
    _title_head: dict[str, list[tuple[int, tuple]]] = field(default_factory=dict)
    _title_of: dict[tuple[str, ...], list[tuple[int, tuple]]] = field(default_factory=dict)  # by folded name

    def add(self, surface: str, type_: str = "") -> None:
        cut = title_words_before_name(surface.split())
        if cut:  # «النخيل والوادي صالح العمري»: a title's end is no part of the name
            surface, type_ = " ".join(surface.split()[cut:]), "PER"
        if type_ == "PER":
            # a tagged name that ran on into the sentence («كوك للموظفين») is cut where a name ends
            surface = " ".join(name_extent(surface.split())) or surface
        words = tuple(fold(w) for w in surface.split() if fold(w))
        if words:
            entry = (words, " ".join(surface.replace("#", " ").replace("_", " ").split()), type_)
            item = (len(self.names), entry)
            self.names.append(entry)
            for w in dict.fromkeys(words):
                self._with_word.setdefault(w, []).append(item)
            self._first_word.setdefault(words[0], []).append(item)
            self._exact.setdefault(words, []).append(item)

    def add_title(self, role: str, name: str) -> None:
        key = tuple(fold(w) for w in role.split() if fold(w))
        if key and name.strip() and all(could_be_name_word(w) for w in name.split()):
            entry = (key, name)
            item = (len(self.titled), entry)
            self.titled.append(entry)
            self._title_exact.setdefault(key, []).append(item)
            self._title_head.setdefault(_bare(key)[0], []).append(item)
            self._title_of.setdefault(tuple(fold(w) for w in name.split() if fold(w)), []).append(item)

    def _live(self, items: list[tuple[int, Entry]], recent: int | None = None,
              by_name: bool = False) -> list[Entry]:
        """The entries still in `names`, in order; with `recent`, only the last that many of them."""
        names = self.names
        if recent is None:
            return [e for pos, e in items if pos < len(names) and names[pos] is e]
        # with `by_name`, the last `recent` distinct names, not entries: a name repeated fifty times must not
        # hide the full form written once before it; the look-back is bounded too, so a lookup costs a constant
        out: list[Entry] = []
        distinct: set[tuple[str, ...]] = set()
        for looked, (pos, e) in enumerate(reversed(items)):
            if by_name and looked == recent * LOOK_BACK:
                break
            if pos < len(names) and names[pos] is e:
                out.append(e)
                distinct.add(e[0] if by_name else (str(len(out)),))
                if len(distinct) == recent:
                    break
        return out[::-1]

    def _live_titles(self, items: list[tuple[int, tuple]]) -> list[tuple[tuple[str, ...], str]]:
        titled = self.titled
        return [e for pos, e in items if pos < len(titled) and titled[pos] is e]

    def titles_of(self, name: str) -> list[str]:
        """The titles the article wrote before or beside this name, as folded words joined by spaces."""
        key = tuple(fold(w) for w in name.split() if fold(w))
        return [" ".join(role) for role, _ in self._live_titles(self._title_of.get(key, []))]

    def names_titled(self, head: str) -> list[str]:
        """The names the article wrote after or beside a title with this folded head noun (without «ال»),
        oldest first: «الوزيرة» may stand for the one introduced as «وزيرة المالية …»."""
        return [name for _, name in self._live_titles(self._title_head.get(head, []))]

    def knows_word(self, word: str, types: tuple[str, ...]) -> bool:
        """Whether a known name of one of `types` holds this folded word."""
        return any(typ in types for _, _, typ in self._live(self._with_word.get(word, [])))

    def fullest(self, surface: str) -> str:
        """The longest known name containing `surface` word for word (الكاظمي → مصطفى الكاظمي)."""
        words = tuple(fold(w) for w in surface.split() if fold(w))
        if not words:
            return surface
        n = len(words)
        seen: Counter = Counter()
        fits: dict[tuple[str, ...], str] = {}
        for cand, cand_surface, _ in self._live(self._with_word.get(words[0], []), RECENT_NAMES, by_name=True):
            if len(cand) > n and _part_of(cand, words):
                fits.setdefault(cand, cand_surface)
                seen[cand] += 1
        # two different people who share the surname: the short form stays as written, unless one of
        # them is named clearly more often. A fit that is part of a longer fit (as written, or without its
        # «بن X» links) is not maximal: found from each fit's own parts (a name has a few words), not by
        # comparing every fit with every other.
        inner = {w[i : j] for o in fits for w in (o, _without_nasab(o)) for i in range(len(w))
                 for j in range(i + n + 1, len(w) + 1) if j - i < len(o) and (w is o or j - i >= 2)}
        maximal = sorted((c for c in fits if c not in inner), key=lambda c: -seen[c])
        if not maximal or (len(maximal) > 1 and seen[maximal[0]] == seen[maximal[1]]):
            return surface
        best = maximal[0]
        # «فاطمة أحمد هربت» once against «فاطمة أحمد» twice: a tagger that ran one word too far
        shorter = [c for c in fits if len(c) >= 2 and len(c) < len(best) and best[: len(c)] == c and seen[c] >= 2]
        own = len(self._live(self._exact.get(words, []), 2))
        if seen[best] == 1 and (shorter or (n >= 2 and own >= 2 and best[:n] == words)):
            return fits[max(shorter, key=len)] if shorter else surface
        return fits[best]

    def by_title(self, role: str) -> str | None:
        """The name the article gives right after this title (الرئيس الأميركي → دونالد ترامب)."""
        key = tuple(fold(w) for w in role.split() if fold(w))
        if not key:
            return None
        exact = self._live_titles(self._title_exact.get(key, []))
        if exact:
            return exact[-1][1]
        # «الوزير» after «وزير الري سامر الحداد»: the same title, shorter or with the article; the person
        # titled most recently wins, as for a reader
        bare = _bare(key)
        same_head = self._live_titles(self._title_head.get(bare[0], []))
        for cand, name in reversed(same_head):
            c = _bare(cand)
            if len(bare) <= len(c) and c[: len(bare)] == bare:
                return name
        # «مدرب الرائد» after «إيغور …، مدرب فريق الرائد»: the same head noun, the other words a shortening
        # of the title (in order); only when it fits one person, since a guess between two is worse than none
        fits = {name for cand, name in same_head if len(bare) >= 2 and _in_order(_bare(cand)[1:], bare[1:])}
        return fits.pop() if len(fits) == 1 else None

    def by_head(self, surface: str) -> str | None:
        """«الوكالة» or «البيان المشترك» refers back to «وكالة الأنباء العراقية» or «بيان مشترك»."""
        words = [fold(w) for w in surface.split() if fold(w)]
        if not words or not words[0].startswith("ال"):
            return None
        head = words[0][2:]
        best = None
        for cand, cand_surface, _ in self._live(self._first_word.get(head, []), RECENT_NAMES, by_name=True):
            if len(cand) > 1 and (best is None or len(cand) > len(best[0])):
                best = (cand, cand_surface)
        return best[1] if best else None
