"""Find reported statements: a cue, the content it introduces, and the stretch where its speaker is named.

The reading is the one a careful reader does left to right inside a sentence: after a cue, skip the
speaker and adjuncts until something opens the content (a colon, quotation marks, a complementizer such as
أن/إن/بأن, or the verb's own preposition); the content then runs to the clause end. A cue with nothing
after it may close a quotation that came before it («…»، قال الوزير). Speech found inside content already
taken is nested speech and is left alone, as the guidelines ask.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache, lru_cache

from khabar.entities.names import is_role_word as is_role_word_folded
from khabar.quotes.lexicon import (
    WORD_CACHE_SIZE, Cue, channel_at, fold, head_type, is_complementizer, is_naming_with_object, is_owned_speech_noun, is_titled_work,
    lookup_owned_speech_noun, lookup_cue, lookup_cue_before_opener,
    attribution_linker_before, source_phrases, time_adjuncts,
)
from khabar.text.intervals import next_position
from khabar.quotes.sentence_reader import (  # Token and SentenceReader are re-exported: other modules read them here
    _ALSO, _CLOSER_OF, _STOPS, CLOSE_MARKS, MAX_ATTRIBUTION_WORDS, MAX_NAME_WORDS, MIN_QUOTE_WORDS, OPEN_MARKS,
    SentenceReader, Token, _pair_index, _sources_by_first, _title_dot, _words_between, content_pairs,
)

# How far after a cue the content may start (in tokens) before we stop believing it belongs to the cue: an
# official's chain of titles, the outlet and the occasion can run past forty (train: 40 → 60 found one more,
# none lost). Still a constant, so reading a sentence stays linear in its length.
MAX_GAP = 60
# A source phrase between commas after at most this many words of its clause is an aside inside it.
_ASIDE_AFTER_WORDS = 5
@dataclass(slots=True)
class Candidate:
    """A quotation before speaker resolution: offsets are into the article text."""

    start: int
    end: int
    kind: str
    cue_start: int | None
    cue_end: int | None
    cue: Cue | None
    cue_k: int = 0  # the cue's index in `tokens`
    # token index range (in the sentence's token list) where the speaker is named, and which side
    region: tuple[int, int] = (0, 0)
    side: str = "after"  # after (VSO) | before (SVO) | source (a source phrase's noun)
    sentence: int = 0
    source_kind: str | None = None
    glued: bool = False  # the source phrase's ل is glued to the speaker's first word (وفقاً لبلومبرج)
    via_region: tuple[int, int] | None = None
    tokens: list[Token] = field(default_factory=list)
    # which reading proposed it: "rule" (the rules above) or a generous reading of `quotes.generous`, whose
    # candidates the learned filter (`quotes.quote_filter`) keeps or drops
    reading: str = "rule"
    # for a generous reading whose content starts past a subject: whether that subject opens with a word
    # known to speak (a tagged name, a title, a speaker noun); None when no subject stands between
    subject_known: bool | None = None


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim spaces, final stops and dangling commas from a content range."""
    while a < b and (text[a].isspace() or text[a] in "،,:؛"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".،,؛;:…"):
        b -= 1
    return a, b


def find_candidates(
    text: str,
    sentences: list[tuple[int, int]],
    tokens: list[tuple[int, int]],
    pairs: list[tuple[int, int, str]],
    names: list[tuple[int, int]] = (),
) -> list[Candidate]:
    """All quotation candidates of an article, in text order, nested speech excluded. `names` are the
    tagged person/organisation spans, which tell where a subject ends and a verb's object begins."""
    out: list[Candidate] = []
    for si, reader in sentence_readers(text, sentences, tokens, pairs, names):
        out.extend(_read_sentence(reader, si))
    return out


def sentence_readers(
    text: str,
    sentences: list[tuple[int, int]],
    tokens: list[tuple[int, int]],
    pairs: list[tuple[int, int, str]],
    names: list[tuple[int, int]] = (),
) -> list[tuple[int, SentenceReader]]:
    """One reader per sentence, with its index: the rules and the generous readings share them."""
    by_open, _ = _pair_index(pairs)
    quoted = content_pairs(text, by_open)  # once for the article, not once per cue
    names = sorted(names, key=lambda n: n[0])  # each sentence takes its own by bisection, not a pass over all
    name_starts = [a for a, _ in names]
    out: list[tuple[int, SentenceReader]] = []
    ti = 0
    for si, (s_start, s_end) in enumerate(sentences):
        sent_toks: list[Token] = []
        while ti < len(tokens) and tokens[ti][0] < s_start:
            ti += 1
        tj = ti
        while tj < len(tokens) and tokens[tj][1] <= s_end:
            a, b = tokens[tj]
            word = text[a:b]
            sent_toks.append(Token(a, b, word, fold(word)))
            tj += 1
        reader = SentenceReader(text, sent_toks, by_open, s_end)
        reader.quoted = quoted
        reader.name_ends = {b: a for a, b in names[bisect_left(name_starts, s_start):bisect_left(name_starts, s_end)]}
        out.append((si, reader))
    return out


def _covered(cands: list[Candidate], offset: int) -> bool:
    return any(c.start <= offset < c.end for c in cands)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _may_open_at(word: str, folded: str) -> bool:
    """Whether a token spelling `word` (`folded` as its reader holds it) can by itself start one of
    `_read_sentence`'s readings: a speech verb, the first word of a source phrase, an owned speech noun
    («بقوله»), «جاء/ورد» of a document, «وبين». Only necessary, never sufficient (the readings check the rest);
    each condition reads the word as the reading it stands for does. Remembered per word, as `lookup_cue` is."""
    if lookup_cue(word) is not None or folded in ("وبين", "فبين") or "ب" in fold(word)[:2]:
        return True
    first = folded[1:] if folded[:1] in "وف" and len(folded) > 3 else folded
    return folded in _sources_by_first() or first in _sources_by_first() or first in _document_preps()


def _live_tokens(toks: list[Token]) -> list[int]:
    """The tokens of a sentence where `_read_sentence` can find something: those `_may_open_at` lets through,
    and those before a complementizer or a colon (an ambiguous verb is a cue there). At every other token
    every reading fails at once, so the scan steps over them."""
    n = len(toks)
    return [k for k in range(n) if _may_open_at(toks[k].text, toks[k].folded)
            or (k + 1 < n and (toks[k + 1].text == ":" or is_complementizer(toks[k + 1].text)))]


def _read_sentence(r: SentenceReader, si: int) -> list[Candidate]:
    found: list[Candidate] = []
    toks = r.toks
    n = len(toks)
    live = _live_tokens(toks)
    k = 0
    while (k := next_position(live, k, n)) < n:
        t = toks[k]
        if _covered(found, t.start):
            k += 1
            continue
        src = r.source_at(k)
        if src is not None:
            cand = _read_source(r, k, src, found, si)
            if cand is not None:
                found.append(cand)
            k += src[0]
            continue
        cue = lookup_cue(t.text)
        if cue is None and k + 1 < n and r.opens_content(k + 1) and lookup_owned_speech_noun(t.text) is not None:
            # «رد عليه الوزير بقوله: …»، «…، بقولها إن …»: the verbal noun introduces the words at once
            cue = lookup_owned_speech_noun(t.text)
        elif cue is None and k + 2 < n and _document_says_in_it(toks, k) and r.opens_content(k + 2):
            # «وشارك محرز تغريدة …، جاء فيها: "…"»: «جاء/ورد في» with a pronoun for the document just named
            cue = Cue(toks[k].folded.lstrip("وف") if len(toks[k].folded) > 3 else toks[k].folded, "participle",
                      None, frozenset({"noun"}))
        elif cue is None and k + 1 < n and (is_complementizer(toks[k + 1].text) or toks[k + 1].text == ":") and (
                t.folded[:1] in "وف" or k == 0 or toks[k - 1].text in ("،", ",")):
            # «وبيّن أن …»، «ووصفتها بأنها …» — clause-initial only: «الخيار بين أن …» is "between"
            cue = lookup_cue_before_opener(t.text)
        elif cue is None and t.folded in ("وبين", "فبين") and _subject_then_complementizer(r, k):
            # «وبين الوزير أن …»: a clause-initial «وبين» with a subject and «أن» is the verb «بيّن»
            cue = lookup_cue_before_opener(t.text)
        if cue is None or any(c.cue_start == t.start for c in found) or r.inside_quotation(t.start) \
                or _impersonal(r, k, cue) or ("topic" in cue.flags and not r.topic_opens(k, cue)):
            k += 1
            continue
        cand = _read_after_cue(r, k, cue, si) or _read_before_cue(r, k, cue, found, si) \
            or _read_attributed_before(r, k, cue, found, si)
        if cand is not None and not any(c.start == cand.start and c.end == cand.end for c in found):
            # «وأضاف موضحاً أن …»: a second cue stacked on the first reads the same content once
            found.append(cand)
        k += 1
    return found


def _document_says_in_it(toks: list[Token], k: int) -> bool:
    """«جاء فيها»، «ورد فيه»: a document source phrase of sources.tsv (جاء في، ورد في) whose preposition carries
    a pronoun instead of naming the document."""
    first = toks[k].folded
    if first[:1] in "وف" and len(first) > 3:
        first = first[1:]
    second = toks[k + 1].folded
    return any(second.startswith(prep) and second[len(prep):] in _PRONOUN_ENDINGS
               for prep in _document_preps().get(first, ()))


@cache
def _document_preps() -> dict[str, tuple[str, ...]]:
    """The two-word document phrases of sources.tsv (جاء في، ورد في), their prepositions by first word: a
    token is tried against its own few phrases, not every source phrase."""
    out: dict[str, list[str]] = {}
    for p, kind in source_phrases().items():
        if len(p) == 2 and kind == "document":
            out.setdefault(p[0], []).append(p[1])
    return {first: tuple(preps) for first, preps in out.items()}


_PRONOUN_ENDINGS = frozenset({"ه", "ها", "هما", "هم", "هن"})


# «آل» before a family name (آل الشيخ، آل سعود), matched unfolded: folded it is the article «ال».
_FAMILY_PARTICLES = frozenset({"آل", "وآل"})


def _subject_then_complementizer(r: SentenceReader, k: int) -> bool:
    """Within a subject's reach after token k, a complementizer that opens speech, with no stop, quotation
    or other speech verb before it and a word that can speak right after k (وبين الوزير، وبين سامر …)."""
    toks = r.toks
    if k + 2 >= len(toks):
        return False
    first = toks[k + 1]
    if not (head_type(first.text) is not None or is_role_word_folded(first.folded)
            or any(a == first.start for a in r.name_ends.values())
            or (first.text in _FAMILY_PARTICLES and toks[k + 2].folded.startswith("ال"))):
        return False  # «وبين البلدين …»، «وبين عامي …»: «and between»
    for x in range(k + 2, min(len(toks), k + 10)):
        t = toks[x]
        if t.text in (".", "؟", "?", "!", ":", "؛", ";") or r.pair_at(x) is not None or lookup_cue(t.text) is not None:
            return False
        if is_complementizer(t.text):
            return _opens_speech(r, x)
    return False


def _content_from(r: SentenceReader, k: int, start: int | None = None) -> tuple[int, int, str, int]:
    """Content that begins at token k (or at offset `start` inside it): (start, end, kind, next token)."""
    toks = r.toks
    pair = r.pair_at(k)
    if pair is not None:
        end = r.clause_end(k)
        rest = r.text[pair[1] + 1 : end]
        after_comma = rest.lstrip()[1:].split()[:1] if rest.lstrip()[:1] in ("،", ",") else []
        # «أنها "ليست ذات موضوع"، وأن …»: the clause goes on in the speaker's voice (و…, أن …)
        coordinated = bool(after_comma) and is_complementizer(after_comma[0])
        words = _words_between(r.text, pair[0] + 1, pair[1])
        # «غرّد عبر "تويتر"، أنّ "عدن بخير"، كما نشر صوراً …»: two words in marks that open the content and
        # a comma after them are the whole quotation too; the writer goes on after the comma
        if not any(ch.isalnum() for ch in rest) or (
            (words >= MIN_QUOTE_WORDS or (words >= 2 and bool(after_comma))) and not coordinated
        ):
            # the whole content in marks, or marks around what was said followed by an adjunct
            # (اعترف بـ"وقوع خلل …" بخصوص الشكاية): the quotation is what stands inside them
            a, b = _strip(r.text, pair[0] + 1, pair[1])
            return a, b, "direct", r.index_at(pair[1] + 1)
    elif toks[k].text in OPEN_MARKS and start is None and k + 1 < len(toks):
        # a mark the pairing left open: if its closer follows in the sentence, what lies between is the
        # quotation (straight quotes with stray spaces, «وكتب في تغريدة " قلباً … "»)
        closer = _CLOSER_OF.get(toks[k].text)
        close = r.text.find(closer, toks[k].end, r.sent_end) if closer else -1
        if close > toks[k].end and _words_between(r.text, toks[k].end, close) >= MIN_QUOTE_WORDS:
            a, b = _strip(r.text, toks[k].end, close)
            return a, b, "direct", r.index_at(close + 1)
        k += 1  # an opening mark that never closes is not part of the content
    begin = toks[k].start if start is None else start
    end = r.clause_end(k)
    a, b = _strip(r.text, begin, end)
    kind = "mixed" if _quoted_part(r, a, b) else "indirect"
    return a, b, kind, r.index_at(end)


def _quoted_part(r: SentenceReader, a: int, b: int) -> bool:
    """Marks around more than a single term inside a clause make it mixed; «الرايات» alone does not."""
    return any(a <= o and c <= b and _words_between(r.text, o + 1, c) >= 2 for o, c in r.by_open.values())


_PREPOSITIONS = frozenset({"عن", "في", "من", "الي", "على", "علي", "مع", "ب", "ل", "حول"})
_PASSIVE_MARK = "\u064f"  # damma on the imperfect prefix: يُذكر، يُتوقع
_IMPERSONAL = frozenset({"يتوقع", "ويتوقع", "يعتقد", "ويعتقد", "يذكر", "ويذكر", "يشار", "ويشار"})
# Words before أن that make it a conjunction, not the opening of reported speech (إلا أن، بعد أن …).
_NOT_SPEECH_BEFORE_AN = frozenset({"الا", "غير", "بعد", "قبل", "رغم", "برغم", "منذ", "لولا", "حتي", "دون", "بدون",
                                   "بمجرد", "لمجرد", "يمكن", "يجب", "ينبغي", "لابد"})


def _impersonal(r: SentenceReader, k: int, cue: Cue) -> bool:
    """«يُذكر أن»، «كما يتوقع أن»: a passive or impersonal verb with no speaker."""
    t = r.toks[k]
    if cue.form == "imperfect" and _PASSIVE_MARK in t.text[:3]:
        return True
    nxt = r.toks[k + 1] if k + 1 < len(r.toks) else None
    return t.folded in _IMPERSONAL and nxt is not None and is_complementizer(nxt.text)


def conjunction_before(toks: list[Token], j: int) -> bool:
    """Whether the word before the complementizer at j makes it a conjunction: «إلا أن»، «ورغم أن» (the و
    joins the clause on, it does not change the conjunction), or «، على أن» after a comma ("provided that",
    not the «على» of «أكد على أن», which follows its verb)."""
    if j <= 0:
        return False
    f = toks[j - 1].folded
    if f in _NOT_SPEECH_BEFORE_AN or (f[:1] == "و" and f[1:] in _NOT_SPEECH_BEFORE_AN):
        return True
    return f in ("على", "علي") and j > 1 and toks[j - 2].text in ("،", ",")


def _opens_speech(r: SentenceReader, j: int) -> bool:
    return not conjunction_before(r.toks, j)


def _stronger_opener(r: SentenceReader, j: int) -> bool:
    """A colon, quotation or أن further on in the clause: «أكد … على حسابه في تويتر: "…"» is not
    content after «على»."""
    end = r.clause_end(j)
    for x in range(j, len(r.toks)):
        t = r.toks[x]
        if t.start >= end:
            return False
        if t.text == ":" or (is_complementizer(t.text) and _opens_speech(r, x)):
            return True
        pair = r.pair_at(x)
        if pair is not None and _words_between(r.text, pair[0] + 1, pair[1]) >= MIN_QUOTE_WORDS:
            return True
    return False


def _read_after_cue(r: SentenceReader, k: int, cue: Cue, si: int) -> Candidate | None:
    toks = r.toks
    n = len(toks)
    j = k + 1
    limit = min(n, k + 1 + MAX_GAP)
    term: int | None = None  # marks after a naming verb («ما وصفته بـ"…"»), content only when nothing else is
    while j < limit:
        t = toks[j]
        if t.text in (".", "؟", "?", "!") and not _title_dot(toks, j):
            break
        if t.text == ":":
            if j + 1 >= n:
                return None
            a, b, kind, _ = _content_from(r, j + 1)
            if b - a < 2:
                return None
            return _cand(r, a, b, "direct" if kind == "direct" else kind, k, cue, (k + 1, j), si)
        pair = r.pair_at(j)
        if pair is None and j == k + 1 and t.text in OPEN_MARKS:
            # «واردفت" لدينا …"»: a mark right after the cue that the pairing left open (the outlet glues
            # its marks to the word before) still opens a quotation when its closer follows in the sentence
            a, b, kind, _ = _content_from(r, j)
            if kind == "direct":
                return _cand(r, a, b, kind, k, cue, (k + 1, j), si)
        if pair is not None:
            words = _words_between(r.text, pair[0] + 1, pair[1])
            after = r.index_at(pair[1] + 1)
            # skip a comma between a name in marks and what opens the content
            nxt = after + 1 if after < n and toks[after].text in ("،", ",") else after
            # a participle names no one, so marks right after it are speech («قائلاً “الديمقراطية لها ثمن”»)
            # a work's title in marks («في مقاله "حتى لا يظلم الشاب" بصحيفة "الوادي": "…"») may run past a
            # name's length: after a titled-work noun a later opener still says where the content starts
            titled = j > k + 1 and is_titled_work(toks[j - 1].text)
            later_opener = (words <= MAX_NAME_WORDS or titled) and not (cue.participle and j == k + 1) and any(
                r.opens_content(x) for x in range(nxt, min(n, nxt + 12)))
            outlet = words <= MAX_NAME_WORDS and _names_addressee(r, j)
            if words >= MIN_QUOTE_WORDS and not (words <= MAX_NAME_WORDS and r.opens_content(nxt)) and not later_opener \
                    and not outlet and not (words <= MAX_NAME_WORDS and _term_in_clause(r, k, j, after)) \
                    and not _named_term(r, j):
                a, b, kind, _ = _content_from(r, j)
                return _cand(r, a, b, kind, k, cue, (k + 1, j), si)
            if term is None and words >= MIN_QUOTE_WORDS and _named_term(r, j):
                term = j
            j = after
            continue
        if is_complementizer(t.text) and _opens_speech(r, j):
            if "prep" in cue.flags and not any(x.folded == cue.prep for x in toks[k + 1 : j]):
                return None  # «نُقل إلى المستشفى … أن»: نقل reports only with its «عن»
            if j + 1 >= n:
                return None
            a, b, kind, _ = _content_from(r, j + 1)
            if b - a < 2:
                return None
            return _cand(r, a, b, kind, k, cue, (k + 1, j), si)
        if cue.prep and j > k:
            f = t.folded
            if f == cue.prep or (f[:1] == "و" and f[1:] == cue.prep):
                if j + 1 < n and is_complementizer(toks[j + 1].text):
                    if j + 2 >= n:
                        return None
                    a, b, kind, _ = _content_from(r, j + 2)
                    return _cand(r, a, b, kind, k, cue, (k + 1, j), si)
                if ("np" in cue.flags or cue.prep != "عن") and j + 1 < n and r.toks[j + 1].text not in _STOPS \
                        and j - k <= (25 if cue.participle else 8) and not _stronger_opener(r, j + 1):
                    # a participle has no subject of its own, so only adjuncts can stand before its
                    # preposition (مشدداً خلال ترحيبه بعودة … على أهمية …)
                    a, b, kind, _ = _content_from(r, j + 1)
                    return _cand(r, a, b, kind, k, cue, (k + 1, j), si)
            elif len(cue.prep) == 1 and f.startswith(cue.prep) and len(f) > 3 and not _whole_word(t) and (
                    ("np" in cue.flags and j - k <= 6) or (cue.participle and j == k + 1)):
                # «طالب الوزير بالإسراع»، «مذكّراً بصورة شهيرة»
                # طالب الوزير بالإسراع: the preposition is glued to its noun
                a, b, kind, _ = _content_from(r, j, start=t.start + 1)
                return _cand(r, a, b, kind, k, cue, (k + 1, j), si)
        if "prep" in cue.flags and j + 1 < n and is_owned_speech_noun(t.text) and not r.opens_content(j + 1) \
                and any(x.folded == cue.prep for x in toks[k + 1 : j]):
            # «نقلت الوكالة عن الوزير قوله لنا برامج …»، «عن مصادر تأكيدها مقتل …»: the relayed words follow
            a, b, kind, _ = _content_from(r, j + 1)
            if _words_between(r.text, a, b) >= 3:
                return _cand(r, a, b, kind, k, cue, (k + 1, j), si)
        src = r.source_at(j) if j > k + 1 else None
        if src is not None:
            j += src[0]  # «ذكر موقع X، نقلاً عن Y أن …»: the relay belongs to the speaker phrase
            continue
        if j > k + 1 and speaks_at(r, j):
            break
        j += 1
    if term is not None and ({"weak", "att", "prep"} & cue.flags):
        # «أعربت عن قلقها إزاء ما وصفته بـ"…"»: a verb that takes no object as content has only the term to
        # give; others («أعلن، السبت، سحب …، في إطار ما وصفه بـ"…"») leave it to their generous readings
        pair = r.pair_at(term)
        a, b = _strip(r.text, pair[0] + 1, pair[1])
        return _cand(r, a, b, "direct", k, cue, (k + 1, term), si)
    bare = _read_bare(r, k, cue, si)
    if bare is not None:
        return bare
    if "obj" in cue.flags:
        return _read_object(r, k, cue, si)
    if k > 0 and toks[k - 1].folded in ("كما", "وكما"):
        return _read_as_said(r, k, cue, si)
    return None


# Words that begin with ب or ل yet are prepositions or particles of their own (باسم «on behalf of», بشأن …).
_B_L_PARTICLES = frozenset(fold(w) for w in "باسم بشأن بخصوص بسبب بين بعد بدون بحسب بموجب بمناسبة بينما بل لدى "
                           "لكن لكنه لكنها لذلك لهذا لأن لم لن لا".split())


def _whole_word(t: Token) -> bool:
    """A word that begins with a preposition's letter yet is a word of its own: a channel or a speaker noun
    («في بيان لها»، «بيانها») or a particle («الناطق باسم الجيش»), which a quotation never starts inside
    («يان لها …»، «اسم الجيش …»)."""
    return t.folded in _B_L_PARTICLES or channel_at([t.folded], 0) is not None or head_type(t.text) is not None


def speaks_at(r: SentenceReader, j: int) -> bool:
    """Whether token j is a verb of saying that opens a statement of its own, so that a reading from an
    earlier cue stops before it: a cue that is not a definite noun (المعلن), and a topic cue only with its
    content opening after its preposition («مصدر تحدث لـ"الصحيفة" أن …» goes on with the first cue)."""
    t = r.toks[j]
    cue = lookup_cue(t.text)
    return cue is not None and not t.folded.startswith("ال") and ("topic" not in cue.flags or r.topic_opens(j, cue))


def _term_in_clause(r: SentenceReader, k: int, j: int, after: int) -> bool:
    """Name-size marks at token j that a word governs and the clause runs on past («أكد رفضه لفكرة وجود
    "نهر من نار" يفصل بين البلدين»، «أعلن تنفيذ "عمليتين عسكريتين نوعيتين"، الأولى …»): a term the clause
    quotes, not what was said; what was said is the clause around it, which the generous readings offer.
    Marks right after the cue, a comma, a colon or a tagged name stay content («قال الحداد "لن نتراجع"»)."""
    prev = r.toks[j - 1]
    if j == k + 1 or not any(ch.isalnum() for ch in prev.text) or prev.end in r.name_ends:
        return False
    if after >= len(r.toks):
        return False
    return _words_between(r.text, r.toks[after].start, r.clause_end(after)) >= 2


def _named_term(r: SentenceReader, j: int) -> bool:
    """Marks at token j right after a naming verb with its object («ما وصفه بـ"…"»، «من وصفتهم «…»»): a label
    for something inside a longer clause, not what was said; the reading goes on past them."""
    p = j - 1
    if p >= 0 and r.toks[p].folded in ("ب", "بـ"):
        p -= 1
    return p >= 0 and is_naming_with_object(r.toks[p].text)


def _names_addressee(r: SentenceReader, j: int) -> bool:
    """Name-size marks right after «لـ» name the outlet spoken to («في تصريحات لـ"سكاي نيوز عربية"،
    الإثنين: …»), never what was said; the content, if any, opens later."""
    return j > 0 and (r.toks[j - 1].folded == "ل" or r.text[r.toks[j].start - 1] == "ـ")


# Words that open speech rather than name a speaker: pronouns, demonstratives, particles (وقال: أنا …،
# وتابع لن نقبل …). A subject never starts with them.
_SPEECH_OPENERS = frozenset(fold(w) for w in (
    "أنا نحن أنت أنتم هذا هذه هذه هناك هنا لا لن لم ليس لسنا لست ما كل حتى إننا إنني لقد نحنا احنا مش "
    "اليوم الآن").split())


def _read_bare(r: SentenceReader, k: int, cue: Cue, si: int) -> Candidate | None:
    """«وتابع مشكلتنا …»، «وقال أنا …»: a و-cue with no subject, followed at once by the words spoken."""
    toks = r.toks
    clause_initial = toks[k].folded[:1] in "وف" or (k > 0 and toks[k - 1].text in ("،", ","))
    if cue.participle or k + 1 >= len(toks) or not clause_initial:
        return None
    nxt = toks[k + 1]
    f = nxt.folded
    speechlike = f in _SPEECH_OPENERS or (len(f) > 4 and f.endswith(("نا", "ني")) and not f.startswith("ال"))
    if not speechlike or _words_between(r.text, nxt.start, r.clause_end(k + 1)) < 3:
        return None
    a, b, kind, _ = _content_from(r, k + 1)
    return _cand(r, a, b, kind, k, cue, (k + 1, k + 1), si)


def _read_as_said(r: SentenceReader, k: int, cue: Cue, si: int) -> Candidate | None:
    """«وكما ذكرت بلومبرج، هذه هي المرة الأولى …»: after «كما + cue + source،» the clause is the content."""
    toks = r.toks
    for j in range(k + 1, min(len(toks), k + 8)):
        if toks[j].text in ("،", ","):
            if j + 1 < len(toks) and _words_between(r.text, toks[j + 1].start, r.clause_end(j + 1)) >= 4:
                a, b, kind, _ = _content_from(r, j + 1)
                return _cand(r, a, b, kind, k, cue, (k + 1, j), si)
            return None
        if toks[j].text in (".", "؟", "!", ":"):
            return None
    return None


def _past_time_adjunct(toks: list[Token], j: int) -> int:
    """The index of the last token of the name ending at j, moved past a time adjunct and its comma right
    after it («اليوم الثلاثاء،»), so that what was said starts after them; j when none follows."""
    m = j + 1
    while m < len(toks) and toks[m].folded in time_adjuncts():
        m += 1
    if m == j + 1:
        return j
    if m < len(toks) and toks[m].text in ("،", ","):
        m += 1
    return m - 1


def _read_object(r: SentenceReader, k: int, cue: Cue, si: int) -> Candidate | None:
    """نفى المصدر ما يشاع / توقع المركز الوطني هطول أمطار: the content is the verb's object, which starts
    after the subject — at «ما», after a comma, or at the first indefinite word after a definite subject.
    Only institution-like subjects are read this way; a person's name would look like an object. A participle
    has no subject of its own («مؤكداً مشاركة رئيس الهيئة سامر الحداد فيه»): it is left to the generous readings."""
    if cue.participle:
        return None
    toks = r.toks
    n = len(toks)
    # «أعلن وزير الري سامر الحداد إطلاق مشروع …»: a tagged name ending the subject (within a title's reach)
    for j0 in range(k + 1, min(n, k + 8)):
        if toks[j0].end not in r.name_ends:
            continue
        j = _past_time_adjunct(toks, j0)  # «… سامر الحداد اليوم الثلاثاء، دعمه …»
        if j + 1 < n and toks[j + 1].text not in _STOPS \
                and toks[j + 1].folded not in _PREPOSITIONS and not is_complementizer(toks[j + 1].text) \
                and r.pair_at(j + 1) is None and lookup_cue(toks[j + 1].text) is None \
                and _words_between(r.text, toks[j + 1].start, r.clause_end(j + 1)) >= 3:
            a, b, kind, _ = _content_from(r, j + 1)
            return _cand(r, a, b, kind, k, cue, (k + 1, j + 1), si)
    seen_definite = False
    for j in range(k + 1, min(n, k + 12)):
        t = toks[j]
        f = t.folded
        if t.text in (".", "؟", "!", ":") or r.pair_at(j) is not None:
            return None
        start = None
        if j > k + 1 and f in ("ما", "عدم"):
            start = j
        elif t.text in ("،", ",") and j > k + 1:
            start = j + 1
        elif seen_definite and not f.startswith(("ال", "لل", "بال", "وال")) and f not in ("بن", "ابن"):
            start = j
        if start is not None:
            if start >= n or _words_between(r.text, toks[start].start, r.clause_end(start)) < 3:
                return None
            if toks[start].folded in _PREPOSITIONS:
                return None  # «أعلنت الوزارة عن أسماء الفائزين»: a topic, not what was said
            if head_type(toks[k + 1].text) not in ("ORG", "ANON", "DOC"):
                return None
            a, b, kind, _ = _content_from(r, start)
            return _cand(r, a, b, kind, k, cue, (k + 1, start), si)
        seen_definite = seen_definite or f.startswith(("ال", "لل", "بال", "وال"))
    return None


def _read_before_cue(r: SentenceReader, k: int, cue: Cue, found: list[Candidate], si: int) -> Candidate | None:
    """«…»، قال الوزير — the quotation closes just before the cue (a comma may stand between).

    «معتبرة أنه «…» كما يقول X»: an «as X says» right after the quotation names who said it, over a
    participle before it that only carried the previous subject on."""
    j = k - 1
    # right after the mark only: «…»، كما أكد عدد من … is «also», a new clause with its own subject
    as_said = j >= 1 and r.toks[j].folded in ("كما", "وكما") and r.toks[j - 1].text in CLOSE_MARKS
    if as_said:
        j -= 1
    while j >= 0 and r.toks[j].text in ("،", ",", "-", "–"):
        j -= 1
    if j < 0 or r.toks[j].text not in CLOSE_MARKS:
        return None
    close = r.toks[j].start
    pair = next(((o, c) for o, (o2, c) in r.by_open.items() if c == close), None)
    if pair is None or _words_between(r.text, pair[0] + 1, pair[1]) < MIN_QUOTE_WORDS:
        return None
    if _covered(found, pair[0] + 1):
        earlier = [c for c in found if c.start <= pair[0] + 1 < c.end]
        if not (as_said and all(c.cue is not None and c.cue.participle for c in earlier)):
            return None
        for c in earlier:
            found.remove(c)
    a, b = _strip(r.text, pair[0] + 1, pair[1])
    end = r.clause_end(k + 1)
    end_k = r.index_at(end)
    return _cand(r, a, b, "direct", k, cue, (k + 1, end_k), si)



def _read_attributed_before(r: SentenceReader, k: int, cue: Cue, found: list[Candidate], si: int) -> Candidate | None:
    """«قتل 18 شخصاً في …، بحسب ما ذكر المرصد.»، «…، كما قال رئيس البلدية.»: a linker before the cue attributes
    the clause before it to the cue's subject, when nothing after the subject opens content of its own. The
    clause runs from the sentence start, or from the end of an earlier quotation in the sentence, and holds no
    speech verb of its own (that verb's reading says who spoke; the linker then names the relay)."""
    toks = r.toks
    n = attribution_linker_before([t.folded for t in toks[max(0, k - 2):k]])
    if n == 0:
        return None
    first = k - n
    last = first - 1
    while last >= 0 and toks[last].text in ("،", ",", "-", "–"):
        last -= 1
    if last < 0 or (toks[first].folded in _ALSO and (toks[first - 1].text not in ("،", ",") or not r.speaker_starts(k + 1))):
        return None  # «… كما قال» with no comma before it, or no speaker after it, is «as also said»
    end = r.clause_end(k + 1)
    after = [t for t in toks[k + 1 : r.index_at(end)] if any(ch.isalnum() for ch in t.text)]
    if not after or len(after) > MAX_ATTRIBUTION_WORDS or any(
            is_complementizer(t.text) or t.text == ":" for t in toks[k + 1 : r.index_at(end)]):
        return None
    start = 0
    for c in found:
        if c.sentence == si and c.start <= toks[last].start:
            if c.end > toks[last].start:
                return None  # the clause is already someone's quotation
            start = max(start, r.index_at(c.end))
    while start <= last and not any(ch.isalnum() for ch in toks[start].text) and toks[start].text not in OPEN_MARKS:
        start += 1
    if start > last or any(speaks_at(r, x) or r.source_at(x) for x in range(start, last + 1)):
        return None
    a, b = _strip(r.text, toks[start].start, toks[last].end)
    if _words_between(r.text, a, b) < 4:
        return None
    pair = r.pair_at(start)
    if pair is not None and pair[0] + 1 <= a + 1 and pair[1] >= b - 1 and r.text[b:b + 1] in CLOSE_MARKS + " ":
        a, b = _strip(r.text, pair[0] + 1, pair[1])
        kind = "direct"
    else:
        kind = "mixed" if _quoted_part(r, a, b) else "indirect"
    return _cand(r, a, b, kind, k, cue, (k + 1, r.index_at(end)), si)


def _read_source(r: SentenceReader, k: int, src: tuple[int, str], found: list[Candidate], si: int) -> Candidate | None:
    """حسب/وفقاً لـ/نقلاً عن X: X is the source. Leading, it may frame a cue of its own (then X is `via`);
    trailing, the content is the clause before it."""
    n_words, kind = src
    toks = r.toks
    noun_k = k + n_words
    last = toks[k + n_words - 1]
    glued = last.folded.startswith("ل") and len(last.folded) > 2 and last.folded not in ("ل", "لـ")
    if glued:  # وفقا لمصدر: the noun starts after the glued ل
        noun_k = k + n_words - 1
    # the source noun phrase runs to a comma, a complementizer or the clause end
    e = noun_k
    definite = True  # every word after the head so far has the article: kept as the scan goes, not re-read
    while (e < len(toks) and toks[e].text not in ("،", ",", ".", "؟", ":") and toks[e].text not in OPEN_MARKS
           and toks[e].folded not in ("فقد", "فان", "وقد") and not is_complementizer(toks[e].text)):
        if lookup_cue(toks[e].text) is not None and e > noun_k:
            break
        if e > noun_k and definite and _verb_after_definite_source(toks, noun_k, e, glued):
            break  # «وحسب الإحصاءات الرسمية الأخيرة يبلغ إجمالي …»: no comma, the clause starts at its verb
        definite = definite and (e == noun_k or toks[e].folded.startswith(("ال", "لل", "وال")))
        e += 1
    if e == noun_k:
        return None
    before = [c for c in found if c.sentence == si]
    at_clause_end = e >= len(toks) or toks[e].text in (".", "؟", "!") or (
        toks[e].text in ("،", ",") and e + 1 < len(toks) and lookup_cue(toks[e + 1].text) is not None
    )
    q = k - 1
    while q > 0 and toks[q].text in ("،", ","):
        q -= 1
    closing = next((p for p in r.by_open.values() if p[1] == toks[q].start), None) if q > 0 else None
    after_quote = closing is not None and _words_between(r.text, closing[0] + 1, closing[1]) >= MIN_QUOTE_WORDS
    noun = toks[noun_k].folded
    if glued:
        noun = "ال" + noun[2:] if noun.startswith("لل") else noun[1:]
    can_speak = head_type(noun) is not None or is_role_word_folded(noun)
    if k > 2 and not before and can_speak and not after_quote and not at_clause_end \
            and toks[k - 1].text in ("،", ",") and e < len(toks) and toks[e].text in ("،", ","):
        # «ويهم المحور الثالث، حسب وزيرة المالية، مواصلة الإصلاحات …»: a source between commas after a
        # clause's first few words attributes the whole clause, the aside included; after a whole clause
        # («وتم خلال اللقاء التطرق إلى …، وفق بلاغ للرئاسة، فضلا عن …») it closes what it attributes
        first = 1 if toks[0].folded in ("و", "ف") else 0
        before_words = _words_between(r.text, toks[first].start, toks[k - 1].start)
        end = r.clause_end(e + 1) if before_words <= _ASIDE_AFTER_WORDS else toks[k - 1].start
        a, b = _strip(r.text, toks[first].start, end)
        if _words_between(r.text, a, b) >= 4 and not any(lookup_cue(t.text) for t in toks[first:k]):
            return _glue(_cand(r, a, b, "mixed" if _quoted_part(r, a, b) else "indirect", k, None, (noun_k, e), si,
                               side="source", source_kind=kind), glued)
    if k > 1 and not before and (after_quote or (at_clause_end and can_speak)):
        # a clause closed by «وفقاً لمصدر» is a statement; one closed by «وفقاً للقانون» is not
        # trailing: «…» حسب الوزارة or "X happened، وفقا لمصدر"
        j = k - 1
        while j >= 0 and toks[j].text in ("،", ","):
            j -= 1
        if j < 0:
            return None
        if toks[j].text in CLOSE_MARKS:
            close = toks[j].start
            pair = next(((o, c) for o, (o2, c) in r.by_open.items() if c == close), None)
            if pair is not None and _words_between(r.text, pair[0] + 1, pair[1]) >= MIN_QUOTE_WORDS:
                a, b = _strip(r.text, pair[0] + 1, pair[1])
                return _glue(_cand(r, a, b, "direct", k, None, (noun_k, e), si, side="source", source_kind=kind), glued)
        a, b = _strip(r.text, toks[0].start, toks[j].end)
        if _words_between(r.text, a, b) < 4:
            return None
        return _glue(_cand(r, a, b, "mixed" if _quoted_part(r, a, b) else "indirect", k, None, (noun_k, e), si, side="source",
                           source_kind=kind), glued)
    if k <= 1:
        # «وبحسب بلاغ صادر عن اللقاء فقد “…”»: marks right after the phrase are what the source says
        j = e
        while j < len(toks) and (toks[j].text in ("،", ",") or toks[j].folded in ("فقد", "وقد", "فان")):
            j += 1
        pair = r.pair_at(j)
        if pair is not None and _words_between(r.text, pair[0] + 1, pair[1]) >= MIN_QUOTE_WORDS:
            a, b = _strip(r.text, pair[0] + 1, pair[1])
            return _glue(_cand(r, a, b, "direct", k, None, (noun_k, e), si, side="source", source_kind=kind), glued)
        # «وحسب الصحيفة، فإن التقرير …»: a complementizer right after the phrase opens what the source says,
        # whatever cues come later in the sentence (they are read on their own); but in «وحسب الوكالة، فإن
        # الرئيس أكد …» the clause has its own speech verb and the phrase names the outlet
        j = e
        while j < len(toks) and toks[j].text in ("،", ","):
            j += 1
        if j + 1 < len(toks) and is_complementizer(toks[j].text) and not _cue_in_first_clause(r, j + 1):
            a, b, ckind, _ = _content_from(r, j + 1)
            if _words_between(r.text, a, b) >= 3:
                return _glue(_cand(r, a, b, ckind, k, None, (noun_k, e), si, side="source", source_kind=kind), glued)
        # leading: does a cue of its own follow? Then the phrase names the outlet (via).
        for j in range(e, len(toks)):
            if lookup_cue(toks[j].text) is not None:
                for c in _read_sentence_from(r, j, si):
                    c.via_region = (noun_k, e)
                    found.append(c)
                return None
        j = e
        while j < len(toks) and toks[j].text in ("،", ","):
            j += 1
        if j < len(toks) and (is_complementizer(toks[j].text) or toks[j].folded in ("فقد", "وقد")):
            j += 1
        if j >= len(toks):
            return None
        a, b, ckind, _ = _content_from(r, j)
        if _words_between(r.text, a, b) < 3:
            return None
        return _glue(_cand(r, a, b, ckind, k, None, (noun_k, e), si, side="source", source_kind=kind), glued)
    return None


_RELATIVE_WORDS = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "ما", "من"})


def _verb_after_definite_source(toks: list[Token], noun_k: int, e: int, glued: bool) -> bool:
    """Token e, after a source noun phrase that is definite throughout (the caller keeps that as it scans),
    is an imperfect verb (ي/ت and no article): the phrase has ended and what the source says begins there, with no comma between them. A
    relative before it («حسب البيان الذي تلقته …») keeps it in the phrase."""
    head = toks[noun_k].folded
    if glued:
        head = "ال" + head[2:] if head.startswith("لل") else head[1:]
    f = toks[e].folded
    return head.startswith("ال") and f[:1] in "يت" and len(f) >= 4 and not f.startswith("ال") and toks[e - 1].folded not in _RELATIVE_WORDS


def _cue_in_first_clause(r: SentenceReader, j: int) -> bool:
    """A speech verb between token j and the first comma or stop."""
    for t in r.toks[j:]:
        if t.text in _STOPS or t.text in ("؛", ";"):
            return False
        if lookup_cue(t.text) is not None and not t.folded.startswith("ال"):
            return True
    return False


def _glue(c: Candidate | None, glued: bool) -> Candidate | None:
    if c is not None:
        c.glued = glued
    return c


def _read_sentence_from(r: SentenceReader, j: int, si: int) -> list[Candidate]:
    cue = lookup_cue(r.toks[j].text)
    if cue is None:
        return []
    cand = _read_after_cue(r, j, cue, si)
    return [cand] if cand is not None else []


def _cand(
    r: SentenceReader,
    a: int,
    b: int,
    kind: str,
    k: int,
    cue: Cue | None,
    region: tuple[int, int],
    si: int,
    side: str = "after",
    source_kind: str | None = None,
) -> Candidate | None:
    if b <= a:
        return None
    t = r.toks[k]
    return Candidate(
        start=a,
        end=b,
        kind=kind,
        cue_start=t.start,
        cue_end=t.end,
        cue=cue,
        cue_k=k,
        region=region,
        side=side,
        sentence=si,
        source_kind=source_kind,
        tokens=r.toks,
    )
