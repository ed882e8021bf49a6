"""Generous readings: every plausible content a cue could introduce when the rules found none.

The rules in `extract.py` open content only at a colon, quotation marks, a complementizer or the verb's
own preposition right after it. Real news reports much of what is said as the verb's object with no
opener at all, after a subject and adjuncts of any length: «أكدت المملكة اليوم الثلاثاء، دعمها …»،
«نفى X، المتحدث باسم الوزارة، إصابة …»، «كشفت مصادر … عن …»، «وقال حمدوك بدأنا محادثات …». Rules for each
shape grew one sentence at a time and did not carry; here each cue left without content proposes every
place its content could start (after a comma, after a tagged name, after the cue's preposition, at a
possessed verbal noun …) and the learned filter (`quote_filter.py`) picks one of them or none.
"""
from __future__ import annotations

from collections.abc import Callable

from khabar.quotes.extract import (
    MAX_GAP, MAX_NAME_WORDS, OPEN_MARKS, Candidate, SentenceReader, Token, _cand, _content_from,
    _covered, _impersonal, _read_sentence, _words_between, conjunction_before, sentence_readers, speaks_at,
)
from khabar.entities.names import honorifics, is_role_word
from khabar.quotes.lexicon import (
    Cue, fold, head_type, is_announced_topic, is_complementizer, lookup_cue, match_pattern,
)

# At most this many start points are proposed per cue: the nearest ones, which is where content starts.
MAX_STARTS = 6
# Content shorter than this many words is a name or a topic, not a statement.
MIN_CONTENT_WORDS = 2
# How far the verb's own preposition may stand from it and still take its content (كشفت X …، اليوم، عن).
MAX_PREP_GAP = 24
_FAR_PREPOSITIONS = frozenset({"عن", "الي"})
_COMMAS = ("،", ",")
# Endings of relative adjectives (رسمية، أمني، عراقيين) that go on describing a subject («مصادر رسمية»).
_NISBA = ("ي", "يه", "يين", "يون", "ييه")
_NOT_REPORTING_BEFORE = frozenset({"الذي", "التي", "الذين", "ما", "مما", "عما", "لا", "لم", "لن", "ان", "وان", "حين", "عندما",
                                   "حينما", "لما", "اذ"})
# Prepositions and particles after which a noun is their object, never the start of what was said.
_GOVERNORS = frozenset(fold(w) for w in "في من عن إلى الى على مع حول خلال عبر أمام لدى بين ضمن عقب إثر منذ بعد قبل "
                       "وسط أثناء اثناء نحو لدي تجاه".split())
_HARD_STOPS = (".", "؟", "?", "!", ":", "؛", ";")
# Relative pronouns (folded): they look definite (ال…) but open a clause that describes the noun before them.
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي", "اللاتي", "اللائي"})
# Possessive endings of a verbal noun that refers back to the subject (دعمها، موافقته، التزامهم).
_POSSESSIVE = ("ه", "ها", "هم", "هما", "هن")


# «من» and «من» with a pronoun right after a verb whose content does not take «من» (أفاد منها = benefited from).
_MIN_FORMS = frozenset(("من", "منه", "منها", "منهم", "منهما", "منهن"))

def all_candidates(
    text: str,
    sentences: list[tuple[int, int]],
    tokens: list[tuple[int, int]],
    pairs: list[tuple[int, int, str]],
    names: list[tuple[int, int]] = (),
    check_time: Callable[[str], None] | None = None,
    places: list[tuple[int, int]] = (),
) -> list[Candidate]:
    """The rules' candidates of every sentence, then the generous alternatives of the cues they left;
    `check_time` (the article's budget, `Options.check_time`) is asked before each sentence. `places` are
    the tagged places, which may speak as a state does."""
    out: list[Candidate] = []
    place_starts, place_ends = frozenset(a for a, _ in places), frozenset(b for _, b in places)
    for si, reader in sentence_readers(text, sentences, tokens, pairs, names):
        reader.place_starts, reader.place_ends = place_starts, place_ends
        if check_time is not None:
            check_time("quotations: reading sentences")
        found = _read_sentence(reader, si)
        out.extend(found)
        out.extend(generous_candidates(reader, si, found))
    return out


def generous_candidates(r: SentenceReader, si: int, found: list[Candidate]) -> list[Candidate]:
    """Alternatives for every cue of the sentence that the rules gave no quotation, grouped by cue."""
    out: list[Candidate] = []
    toks = r.toks
    used_cues = {c.cue_start for c in found}
    for k, t in enumerate(toks):
        cue = lookup_cue(t.text)
        if cue is None or t.start in used_cues or _covered(found, t.start) or r.inside_quotation(t.start) \
                or _impersonal(r, k, cue) or r.source_at(k) is not None:
            continue
        bare = t.text.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
        if cue.participle and not (bare.endswith("ا") or (k > 0 and toks[k - 1].text in _COMMAS)):
            # a circumstantial participle ends in -an (مؤكداً) or follows a comma (…، مشيرة): «مدعي عام»
            # and «مذكرة تفاهم» are nouns
            continue
        if cue.form == "imperfect" and t.folded[:1] not in "وف":
            continue  # «تبلغ قيمته …»، «مما يؤكد …»: a bare imperfect seldom reports, and often means else
        if k + 1 < len(toks) and toks[k + 1].folded in _MIN_FORMS and cue.prep != "من":
            continue  # «أخبر من الجميع»: a comparative; «أفاد منها»: "benefited from" — not a verb of saying
        if ("weak" in cue.flags and not (cue.participle and k > 0 and toks[k - 1].text in _COMMAS
                                         and _bare(t.text).endswith(("ا", "ة")))) \
                or "prep" in cue.flags or "att" in cue.flags or "topic" in cue.flags:
            # زاد، يضيف، نقل: without an opener right after them they rarely report speech; a weak verb's
            # participle after a comma («…، متهمة إسرائيل بالوقوف وراء …»، «…، مجددة التزامها …») does,
            # unless it voices an attitude («…، مستنكرة الزج باسم …»: flag att)
            continue
        if k > 0 and toks[k - 1].folded in _NOT_REPORTING_BEFORE:
            continue  # a relative, negated or subordinate verb describes, it does not report
        if k > 1 and is_complementizer(toks[k - 1].text) and conjunction_before(toks, k - 1):
            continue  # «بعد أن ذكرت»، «قبل أن يضيف»
        out.extend(_alternatives(r, k, cue, si))
    return out


def _alternatives(r: SentenceReader, k: int, cue: Cue, si: int) -> list[Candidate]:
    toks = r.toks
    n = len(toks)
    out: list[Candidate] = []
    seen: set[int] = set()
    limit = min(n, k + 1 + MAX_GAP)
    first = k + 1
    if cue.prep in _FAR_PREPOSITIONS:
        # «كشفت مصادر …، اليوم، عن خطة …»: when the verb's own preposition follows, the content is after it
        # (عن and إلى only: على and من govern nouns inside the content too, «للقبض على …»)
        for x in range(k + 1, min(limit, k + 1 + MAX_PREP_GAP)):
            pair = r.pair_at(x)
            if toks[x].text in _HARD_STOPS or (
                    pair is not None and _words_between(r.text, pair[0] + 1, pair[1]) > MAX_NAME_WORDS):
                break
            if toks[x].folded in (cue.prep, "و" + cue.prep):
                first = x
                break
    elif cue.prep is not None and len(cue.prep) > 1:  # not ب/ل, which glue to their noun or marks («، بـ”…”»)
        # «حذر الشيخ …، مفتي عام …، من تساهل …»: على and من govern nouns inside content too, but the verb's
        # own one right after a comma, before any other, ends the subject's titles: the content is after it
        for x in range(k + 2, min(limit, k + 1 + MAX_PREP_GAP)):
            if toks[x].text in _HARD_STOPS or r.pair_at(x) is not None or is_complementizer(toks[x].text):
                break
            if toks[x].folded in (cue.prep, "و" + cue.prep):
                if toks[x - 1].text in _COMMAS and x + 1 < n and not is_complementizer(toks[x + 1].text):
                    first = x
                break
    speaker_first = _can_speak(r, k + 1) if k + 1 < n else False
    j = first - 1
    while j + 1 < limit:
        j += 1
        t = toks[j]
        pair = r.pair_at(j)
        if pair is not None and _words_between(r.text, pair[0] + 1, pair[1]) <= MAX_NAME_WORDS:
            j = r.index_at(pair[1] + 1) - 1  # «لـ«الشرق الأوسط»»: a name in marks, read past it
            continue
        if t.text in _HARD_STOPS or pair is not None or t.text in OPEN_MARKS or is_complementizer(t.text):
            break  # past here the rules' openers apply, or the sentence is over
        if j > k + 1 and speaks_at(r, j):
            break  # a second verb of saying has content of its own
        trigger = _trigger(r, k, j, cue)
        if trigger is None:
            if cue.prep and t.folded in (cue.prep, "و" + cue.prep):
                break  # the verb's own preposition came and opened no content: what follows is its topic
            continue
        if j > k + 1 and not speaker_first:
            continue  # «وكشف الجفاف عن آثار …»: what stands before the content is no one who speaks
        begin = j + 1 if trigger in ("prep", "prep_topic") else j
        if begin >= n or begin in seen:
            continue
        a, b, kind, nxt = _content_from(r, begin)
        if _words_between(r.text, a, b) < MIN_CONTENT_WORDS or _own_preposition_after_comma(r, begin, nxt, cue):
            continue
        cand = _cand(r, a, b, kind, k, cue, (k + 1, begin), si)
        if cand is None:
            continue
        seen.add(begin)
        cand.reading = f"generous:{trigger}"
        out.append(cand)
        if len(out) >= MAX_STARTS:
            break
    return out


def _own_preposition_after_comma(r: SentenceReader, begin: int, end: int, cue: Cue) -> bool:
    """The verb's own far preposition right after a comma inside the stretch: «أعلن المهرجان، خلال حفل
    ختامه، المقام أمس في الأوبرا، عن الفائزين» — what stands before «، عن» is an adjunct, and the verb's
    object, content or topic, comes after it."""
    if cue.prep not in _FAR_PREPOSITIONS:
        return False
    toks = r.toks
    return any(toks[x].text in _COMMAS and toks[x + 1].folded in (cue.prep, "و" + cue.prep)
               for x in range(begin, min(end, len(toks) - 1)))


def _can_speak(r: SentenceReader, j: int) -> bool:
    """Whether the word after the cue opens a phrase that can speak: a tagged name or place, a title, a word the
    speaker lexicon knows (وزارة، مصادر، البيان), or a preposition before one (في بيان لها …)."""
    t = r.toks[j]
    if _tagged_start(r, t.start) or is_role_word(t.text) or t.folded in honorifics():  # الدكتور، الشيخ
        return True
    if (match_pattern("speaker_words.tsv", [t.folded], 0) or (0, ""))[1] in ("TIME", "COUNT", "ABSTRACT"):
        return False
    return head_type(t.text) is not None or t.folded in _GOVERNORS or not t.folded.startswith(("ال", "وال"))


def _tagged_start(r: SentenceReader, offset: int) -> bool:
    """Whether a tagged name or place starts at `offset`: a subject, never the first word of what was said."""
    return offset in r.place_starts or any(a == offset for a in r.name_ends.values())


def _continues(r: SentenceReader, k: int) -> bool:
    """A cue joined on with و/ف or after a comma goes on with the subject before it, so it may have none of
    its own; a sentence-initial «أعلنت جماعة …» names its subject first."""
    f = r.toks[k].folded
    return (f[:1] in "وف" and lookup_cue(f[1:]) is not None) or (k > 0 and r.toks[k - 1].text in _COMMAS)


def _bare(word: str) -> str:
    """The word without diacritics but with ة kept apart from ه (the fold makes them one)."""
    return "".join(ch for ch in word if not "\u064b" <= ch <= "\u0652")


def _possessed(t: Token) -> bool:
    """A noun with a possessive ending (مسؤوليتها، دعمه): a verbal noun referring back to the subject."""
    f = t.folded
    return _bare(t.text).endswith(_POSSESSIVE) and not f.startswith(("ال", "ل", "ب")) and len(f) > 4


def _trigger(r: SentenceReader, k: int, j: int, cue: Cue) -> str | None:
    """Why content could start at token j after the cue at k, or None."""
    toks = r.toks
    t, prev = toks[j], toks[j - 1]
    if not any(ch.isalnum() for ch in t.text):
        return None
    f = t.folded
    if f in ("و", "ف", "او", "ثم") or f in _RELATIVES:
        # a conjunction joins on to what came before, a relative describes it; content does not start there
        return None
    if (match_pattern("speaker_words.tsv", [f], 0) or (0, ""))[1] == "TIME":
        return None  # «اليوم الأحد»: a time adjunct, not what was said
    if (prev.folded in _GOVERNORS and j - 1 > k) or (f in _GOVERNORS and f != cue.prep):
        return None  # «في مؤتمره»: the object of a preposition; content does not open with one
    if cue.prep and (f == cue.prep or (f[:1] == "و" and f[1:] == cue.prep)) and j + 1 < len(toks):
        # a verb whose content is its direct object (أعلن، أكد) often names only a topic with «عن»:
        # «أعلنت الوزارة عن أسماء الفائزين»، yet «أعلنت اللجنة عن مقتل 23 شخصاً» says what happened: the
        # filter reads the noun after «عن» to tell a topic from an announcement
        if "obj" in cue.flags and cue.prep == "عن":
            # «أعلنت الجماعة مسؤوليتها عن الهجوم»: after the verb's own object «عن» heads an adjunct
            owned = any(_possessed(x) for x in toks[k + 1 : j])
            return None if owned or is_announced_topic(toks[j + 1].text) else "prep_topic"
        return "prep"
    if prev.text in _COMMAS and j - 1 > k:
        # «نفى سالم الحمداني، المتحدث باسم …،»: a title after a comma is the subject's apposition
        # «…، ببرنامج "…" على قناة …»: an adjunct with its glued preposition, unless the verb takes that one
        if is_role_word(t.text) or (f[:1] == "ب" and len(f) > 3 and cue.prep != "ب" and not f.startswith("بان")):
            return None
        return "comma"
    if (prev.end in r.name_ends or (prev.end in r.place_ends and prev.start in r.place_starts and j - 1 == k + 1)) \
            and j - 1 > k and not cue.participle:
        # a participle has no subject of its own: a name after it is inside what was said («مؤكداً مشاركة
        # رئيس الحكومة سامر الحداد فيه»), never the end of a subject
        # «كما أكدت فرنسا مقتل …»: a place standing alone as the subject; a title after a name is its
        # apposition («وأوضح المهندس أحمد البركاتي مدير الإدارة أن …»)
        return None if is_role_word(t.text) else "name"
    if j == k + 1 and cue.participle:
        return "participle"
    if j == k + 1 and _continues(r, k) and not f.startswith(("ال", "لل", "بال", "وال")) \
            and not is_role_word(t.text) and head_type(t.text) is None and not _tagged_start(r, t.start) \
            and t.folded not in honorifics():  # «، أكد معالي السيد …»: an honorific opens the subject
        return "adjacent"  # «… وأكد تكثيف الجهود …»: the subject is the one already speaking
    if j in (k + 2, k + 3) and (head_type(toks[k + 1].text) in ("ORG", "ANON", "DOC")) and \
            not f.startswith(("ال", "لل", "بال", "وال", "ل", "ب")) and not f.endswith(_NISBA) and \
            (j == k + 2 or not toks[k + 2].folded.startswith("ال")):
        return "short_subject"  # «أعلنت مصادر رسمية مقتل …»: a one- or two-word institution or source
    if _possessed(t) and (j > k + 1 or (not cue.participle and not _continues(r, k))):
        # «وكان المجلس في اليمن أعلن سيطرته على …»: right after a verb whose subject came before it, a
        # possessed verbal noun is its object
        return "possessed"
    if j > k + 1 and prev.folded.startswith(("ال", "وال")) and not f.startswith(("ال", "لل", "بال", "وال", "ب", "ل")) \
            and match_pattern("speaker_words.tsv", [prev.folded], 0) is None and not _tagged_start(r, t.start) \
            and prev.folded not in _RELATIVES:
        # «قوات التحالف التي تساند اليمن»: a relative's clause describes the subject
        # «الإعلامي أحمد موسى»: a tagged name after a definite word goes on naming someone
        return "indefinite"
    return None
