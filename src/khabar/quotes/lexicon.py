"""The cue lexicon: speech verbs in every person, gender and tense, source phrases, complementizers.

The data files list each verb once (perfect, imperfect, participle); inflection is generated here, because
a hand-written list of every form drifts out of step with itself. Everything is matched on folded text
(see `khabar.arabic.fold_text`), so diacritics, hamza forms and tanween never matter.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TypeVar

from khabar.arabic.fold import fold_word
from khabar.datafiles import rows



# Lexicon lookups fold words as everything else does (diacritics, tatweel, alef forms, ى/ي, ة/ه).
fold = fold_word

T = TypeVar("T")


@dataclass(slots=True, frozen=True)
class Cue:
    lemma: str
    form: str  # perfect | imperfect | participle
    prep: str | None
    flags: frozenset[str]

    @property
    def participle(self) -> bool:
        return self.form == "participle"


def _rows(name: str) -> list[list[str]]:
    return rows("khabar.quotes", name)


def _perfect_forms(p: str) -> set[str]:
    if p[-1] in "يا":  # defective: نفى → نفت، نفوا
        stem = p[:-1]
        return {p, stem + "ت", stem + "وا", stem + "تا", p + "ا"}
    out = {p, p + "ت", p + "وا", p + "ا", p + "تا", p + "ن"}
    if len(p) == 3 and p[1] == "ا":  # hollow: قال → قلن (they, feminine)
        out.add(p[0] + p[2] + "ن")
    return out


def _imperfect_forms(i: str) -> set[str]:
    body = i[1:]
    out = {i, "ت" + body, i + "ون", i + "ان", "ت" + body + "ان", "ن" + body}
    if i[-1] in "يو":  # يدعو → يدعون، ينفي → ينفون
        out |= {i[:-1] + "ون", "ت" + body[:-1] + "ين"}
    return out


def _participle_forms(m: str) -> set[str]:
    out = {m, m + "ا", m + "ه", m + "ين", m + "ون", m + "ات", m + "تين"}
    if m.endswith("ا") or m.endswith("ي"):
        m = m[:-1]
    out |= {m + "يا", m + "يه", m + "يين"}
    return out


@cache
def cue_table() -> dict[str, Cue]:
    table: dict[str, Cue] = {}
    for row in _rows("cues.tsv"):
        perfect, imperfect, participle, prep, flags = (row + ["-"] * 5)[:5]
        flagset = frozenset(f for f in flags.split(",") if f and f != "-")
        prep_f = None if prep == "-" else fold(prep)
        lemma = fold(perfect)
        groups = []
        if perfect != "-" and "nperf" not in flagset:
            groups.append(("perfect", _perfect_forms(lemma)))
        if imperfect != "-":
            groups.append(("imperfect", _imperfect_forms(fold(imperfect))))
        if participle != "-":
            forms = _participle_forms(fold(participle))
            if "nfem" in flagset:  # متابعة is "follow-up" far more often than "she continued"
                # the feminine endings are morphology, not vocabulary: they stay in code
                forms = {f for f in forms if not f.endswith(("ه", "ات", "يه"))}
            groups.append(("participle", forms))
        for form, words in groups:
            for w in words:
                if "conj" in flagset and form == "perfect":
                    # «وأبان» is a cue, a bare «إبان» is "during": only the conjoined forms are kept
                    for prefix in "وف":
                        table.setdefault(prefix + fold(w), Cue(lemma, form, prep_f, flagset))
                    continue
                table.setdefault(fold(w), Cue(lemma, form, prep_f, flagset))
    return table


@cache
def cue_agreement_table() -> dict[str, str]:
    """Each inflected cue form → the subject it agrees with: M or F (one person) or PL (dual or plural).
    Built from the same rows and endings as `cue_table`, so the two never disagree on a form."""
    table: dict[str, str] = {}
    for row in _rows("cues.tsv"):
        perfect, imperfect, participle, _, flags = (row + ["-"] * 5)[:5]
        forms: dict[str, str] = {}
        if perfect != "-" and "nperf" not in flags:
            p = fold(perfect)
            stem = p[:-1] if p[-1] in "يا" else p
            forms.update({p + "ن": "PL", p + "ا": "PL", stem + "تا": "PL", stem + "وا": "PL", stem + "ت": "F", p: "M"})
        if imperfect != "-":
            i = fold(imperfect)
            body = i[1:]
            # «نؤكد» (we) is left out: a name such as نجيب spells a «we» form too
            forms.update({i + "ون": "PL", i + "ان": "PL", "ت" + body + "ان": "PL"})
            if i[-1] in "يو":
                forms.update({i[:-1] + "ون": "PL", "ت" + body[:-1] + "ين": "PL"})
            forms.update({"ت" + body: "F", i: "M"})
        if participle != "-":
            m = fold(participle)
            short = m[:-1] if m.endswith(("ا", "ي")) else m
            forms.update({m + "ين": "PL", m + "ون": "PL", m + "ات": "PL", m + "تين": "PL", short + "يين": "PL",
                          m + "ه": "F", short + "يه": "F", m: "M", m + "ا": "M", short + "يا": "M"})
        for w, agree in forms.items():
            table.setdefault(fold(w), agree)
    return table


WORD_CACHE_SIZE = 1 << 14  # distinct words remembered by the per-word lookups below (bounded: a long run stays flat)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def lookup_cue(token: str) -> Cue | None:
    """The cue a token spells, allowing a leading و or ف (وأضاف، فقال), and the ل of purpose or sequence
    before an imperfect («ليشير الدفاع إلى أن …»، «لتضيف بأنه …»), which still reports speech. Remembered
    per word: an article asks it of every token in several passes, and the answer depends on the word alone."""
    hit = lookup_conjoined(cue_table(), token)
    if hit is None:
        w = fold(token)
        if w[:1] in "وف" and w[1:2] == "ل":
            w = w[1:]
        if w[:1] == "ل" and len(w) >= 4:
            hit = cue_table().get(w[1:])
            if hit is not None and hit.form != "imperfect":
                hit = None
    return hit


@cache
def _opener_only_table() -> dict[str, Cue]:
    """Perfect forms too ambiguous alone (بيّن = بين "between"), which are cues right before an opener."""
    table: dict[str, Cue] = {}
    for row in _rows("cues.tsv"):
        perfect, _, _, prep, flags = (row + ["-"] * 5)[:5]
        flagset = frozenset(f for f in flags.split(",") if f and f != "-")
        if perfect != "-" and "nperf" in flagset:
            lemma = fold(perfect)
            for w in _perfect_forms(lemma):
                table.setdefault(fold(w), Cue(lemma, "perfect", None if prep == "-" else fold(prep), flagset))
    return table


_OBJECT_SUFFIXES = ("هما", "هم", "ها", "ه")


def lookup_cue_before_opener(token: str) -> Cue | None:
    """The cue a token spells when an opener (أن، بأن، a colon) follows it at once, beyond `lookup_cue`:
    an ambiguous perfect («وبيّن أن …») or a cue carrying an object pronoun («ووصفتها بأنها …»)."""
    hit = lookup_cue(token) or lookup_conjoined(_opener_only_table(), token)
    if hit is not None:
        return hit
    w = fold(token)
    for suffix in _OBJECT_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: -len(suffix)]
            hit = lookup_conjoined(cue_table(), stem) or lookup_conjoined(_opener_only_table(), stem)
            if hit is not None and hit.form != "participle":
                return hit
    return None


def lookup_conjoined(table: dict[str, T], token: str) -> T | None:
    """`table`'s entry for the folded token, or for it without a leading و or ف."""
    w = fold(token)
    hit = table.get(w)
    if hit is None and len(w) >= 3 and w[0] in "وف":
        hit = table.get(w[1:])
    return hit


@cache
def complementizers() -> frozenset[str]:
    return frozenset(fold(r[0]) for r in _rows("complementizers.txt"))


@cache
def addressee_words() -> frozenset[str]:
    """«لل…» words naming an audience (للصحفيين، للإذاعة), never the rest of an institution's name."""
    return frozenset(fold(r[0]) for r in _rows("addressees.txt"))


@cache
def time_adjuncts() -> frozenset[str]:
    """Folded words of a time adjunct («اليوم الثلاثاء»، «مساء أمس») that can follow a speaker's name."""
    return frozenset(fold(r[0]) for r in _rows("time_adjuncts.txt"))


@cache
def trailing_adjuncts() -> dict[str, list[tuple[str, ...]]]:
    """Phrases of the reporter's adjunct after a comma (رداً على، في أعقاب، على حد تعبيره), folded, by first word."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for r in _rows("trailing_adjuncts.txt"):
        words = tuple(fold(w) for w in r[0].split())
        out.setdefault(words[0], []).append(words)
    return out


def trailing_adjunct_at(words: list[str]) -> int:
    """Length in words of the trailing adjunct phrase that `words` (folded) open with, 0 when none; a و or ف
    before the first word is allowed."""
    if not words:
        return 0
    first = words[0]
    phrases = trailing_adjuncts().get(first) or (
        trailing_adjuncts().get(first[1:], []) if first[:1] in "وف" and len(first) > 3 else [])
    for phrase in phrases:
        if len(words) >= len(phrase) and all(w == p for w, p in zip(words[1:], phrase[1:])):
            return len(phrase)
    return 0


@cache
def attribution_linkers() -> frozenset[tuple[str, ...]]:
    """Linkers before a speech verb that attribute the clause before them (حسبما، بحسب ما، كما), folded."""
    return frozenset(tuple(fold(w) for w in r[0].split()) for r in _rows("attribution_linkers.txt"))


def attribution_linker_before(words: list[str]) -> int:
    """Length in words of the attribution linker that the folded `words` end with (the words right before a
    speech verb), 0 when none; a و before the linker is allowed."""
    for n in (2, 1):
        if len(words) < n:
            continue
        tail = list(words[-n:])
        if tuple(tail) in attribution_linkers():
            return n
        if tail[0][:1] == "و" and len(tail[0]) > 2 and tuple([tail[0][1:]] + tail[1:]) in attribution_linkers():
            return n
    return 0


@cache
def naming_verbs() -> frozenset[str]:
    """Folded verbs of naming or describing (وصف، أسمى): «ما وصفه بـ"…"» labels a term, it does not quote."""
    return frozenset(fold(r[0]) for r in _rows("naming_verbs.txt"))


def is_naming_with_object(token: str) -> bool:
    """«وصفه»، «وصفتهم»، «أسماها»، «تصفه»: a naming verb carrying an object pronoun (و/ف or «بما» glued
    before it allowed)."""
    w = fold(token)
    for ending in ("هما", "هم", "هن", "ها", "ه"):
        if not w.endswith(ending) or len(w) <= len(ending) + 2:
            continue
        stem = w[: -len(ending)]
        stems = {stem, stem[:-1] if stem.endswith(("ت", "و")) else stem}  # وصفته، وصفوه
        for s in list(stems):
            stems |= {s[1:] if s[:1] in "وف" else s, s[2:] if s[:2] == "بم" else s}
        for s in stems:
            forms = {s, s[:-1] + "ي" if s.endswith("ا") else s, "ي" + s[1:] if s[:1] == "ت" else s}
            if forms & naming_verbs():
                return True
    return False


@cache
def announced_topics() -> frozenset[str]:
    """Nouns after «أعلن عن» that name a topic (أسماء الفائزين، موعد المباراة), never what was said."""
    return frozenset(fold(r[0]) for r in _rows("announced_topics.txt"))


@cache
def titled_works() -> frozenset[str]:
    """Nouns whose following marks name a work or event (مقاله "…"، بعنوان "…"): see titled_works.txt."""
    return frozenset(fold(r[0]) for r in _rows("titled_works.txt") if len(r[0].split()) == 1)


def is_titled_work(token: str) -> bool:
    """«مقاله»، «المقال»، «بعنوان»، «كتابه»: a titled-work noun, with ال، و or ب before it and a possessive
    ending after it allowed."""
    w = fold(token)
    for prefix in ("", "و", "ب", "ال", "وال", "بال"):
        if not w.startswith(prefix):
            continue
        stem = w[len(prefix):]
        for ending in ("", "ه", "ها", "هم", "ت", "ته", "تها"):
            if ending and not stem.endswith(ending):
                continue
            core = stem[: len(stem) - len(ending)] if ending else stem
            if ending.startswith("ت"):
                core += "ه"  # مقالته → مقاله (ة folds to ه)
            if len(core) > 2 and core in titled_works():
                return True
    return False


def is_announced_topic(token: str) -> bool:
    w = fold(token)
    for prefix in ("و", "ال", "وال"):
        if w.startswith(prefix) and len(w) - len(prefix) > 2 and w[len(prefix):] in announced_topics():
            return True
    return w in announced_topics()


@cache
def speech_nouns() -> frozenset[str]:
    """Verbal nouns of saying (قول، تأكيد، إشارة), folded: with a possessive they carry a relayed statement."""
    return frozenset(fold(r[0]) for r in _rows("speech_nouns.txt"))


def is_owned_speech_noun(token: str) -> bool:
    """«قوله»، «تأكيدها»، «إشارتهم»: a verbal noun of saying with a possessive ending."""
    w = fold(token)
    for ending in ("هما", "هم", "هن", "ها", "ه"):
        if w.endswith(ending) and len(w) > len(ending) + 2:
            stem = w[: -len(ending)]
            return stem in speech_nouns() or (stem.endswith("ت") and stem[:-1] + "ه" in speech_nouns())
    return False


def lookup_owned_speech_noun(token: str) -> Cue | None:
    """«بقوله»، «وبقولها»، «بتأكيده»: ب + a verbal noun of saying with a possessive, which introduces the
    words of the one it refers to («رد عليه الوزير بقوله: …»، «… ، بقولها إن …»). Read as a participle cue: it
    names no speaker of its own."""
    w = fold(token)
    if w[:1] in "وف" and w[1:2] == "ب":
        w = w[1:]
    if w[:1] != "ب" or not is_owned_speech_noun(w[1:]):
        return None
    stem = w[1:]
    for ending in ("هما", "هم", "هن", "ها", "ه"):
        if stem.endswith(ending):
            stem = stem[: -len(ending)]
            break
    return Cue(stem, "participle", None, frozenset({"noun"}))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def is_complementizer(token: str) -> bool:
    """أن، إن، بأن … (also behind و). Remembered per word: the sentence readers ask it of token after token."""
    w = fold(token)
    return w in complementizers() or (len(w) > 2 and w[0] == "و" and w[1:] in complementizers())


@cache
def source_phrases() -> dict[tuple[str, ...], str]:
    """Source phrases as tuples of folded words → kind (source, relay, voice, document)."""
    out: dict[tuple[str, ...], str] = {}
    for phrase, kind in _rows("sources.tsv"):
        out[tuple(fold(w) for w in phrase.split())] = kind
    return out


@cache
def _patterns(name: str) -> tuple[dict[str, list], list]:
    """Patterns by exact first word, and those whose first word is a prefix (تغريد*), longest first."""
    exact: dict[str, list] = {}
    prefix: list = []
    for pattern, value in _rows(name):
        pat = tuple(fold(w) if not w.endswith("*") else fold(w[:-1]) + "*" for w in pattern.split())
        if pat[0].endswith("*"):
            prefix.append((pat, value))
        else:
            exact.setdefault(pat[0], []).append((pat, value))
    for group in exact.values():
        group.sort(key=lambda p: -len(p[0]))
    prefix.sort(key=lambda p: -len(p[0]))
    return exact, prefix


@cache
def _prefixes_by_letter(name: str) -> dict[str, list] | None:
    """The prefix patterns of `name` by the first letter of their stem, each group in `_patterns` order (None
    when a bare «*» would match every word): a word is tried against its own letter's few patterns."""
    out: dict[str, list] = {}
    for p in _patterns(name)[1]:
        stem = p[0][0][:-1]
        if not stem:
            return None
        out.setdefault(stem[0], []).append(p)
    return out


@lru_cache(maxsize=65536)
def _starting_with(name: str, word: str) -> tuple:
    """The patterns of `name` that can start at folded word `word`, in the order `match_pattern` tries them:
    those whose first word is `word`, then the prefix patterns it begins with. Remembered per (file, word):
    every token of an article is asked, most of them more than once, and the answer depends on the word alone."""
    by_letter = _prefixes_by_letter(name)
    group = _patterns(name)[1] if by_letter is None else by_letter.get(word[:1], ())
    return tuple(_patterns(name)[0].get(word, ())) + tuple(p for p in group if word.startswith(p[0][0][:-1]))


def may_start_pattern(name: str, word: str) -> bool:
    """Whether some pattern of data file `name` can start at folded word `word` (`match_pattern` finds
    nothing at a word for which this is False): a reader skips such words without asking at each token."""
    return bool(_starting_with(name, word))


def _word_matches(pat: str, word: str) -> bool:
    return word.startswith(pat[:-1]) if pat.endswith("*") else word == pat


def match_pattern(name: str, words: list[str], i: int) -> tuple[int, str] | None:
    """Longest pattern of data file `name` that starts at folded word `words[i]`: (length, value)."""
    patterns = _starting_with(name, words[i])
    if not patterns:
        return None  # most words start no pattern
    best: tuple[int, str] | None = None
    for pat, value in patterns:
        n = len(pat)
        if (best is None or n > best[0]) and i + n <= len(words) and all(
                _word_matches(p, w) for p, w in zip(pat[1:], words[i + 1 : i + n])):
            best = (n, value)
    return best


def channel_at(words: list[str], i: int) -> tuple[int, str] | None:
    return match_pattern("channels.tsv", words, i)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def head_type(word: str) -> str | None:
    """PER/ORG/DOC/ANON implied by a speaker phrase's head noun, if the lexicon knows it (remembered per
    word, like `lookup_cue`)."""
    w = fold(word)
    for form in (w, w[1:] if w[:1] in "وف" and len(w) > 3 else None):
        if not form:
            continue
        hit = match_pattern("speakers.tsv", [form], 0)
        if hit is None and form.startswith("ال") and len(form) > 4:
            hit = match_pattern("speakers.tsv", [form[2:]], 0)  # المغردون → مغردون
        if hit is not None:
            return hit[1]
    return None
