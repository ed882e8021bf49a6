"""Reading one sentence's tokens: where a clause ends, whether content opens, which phrase is a source.

`SentenceReader` holds a sentence's tokens with the article's quotation-mark pairs and tagged names, and
answers the questions every reading of `extract.py` and `generous.py` asks: does content open at this token
(a colon, a content-size quotation, a complementizer), where does the clause that starts here end (the
sentence stop, or a comma before a new statement, a trailing source or the reporter's adjunct), is this a
source phrase (حسب، وفقاً لـ) or a trailing attribution (حسبما أفاد، كما قال). Split out of `extract.py`
unchanged in behaviour; the clause-end scan memoises per token so a long sentence stays linear.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from khabar.text.intervals import Intervals
from khabar.entities.names import honorifics, is_role_word as is_role_word_folded
from khabar.quotes.lexicon import (
    Cue, attribution_linker_before, fold, head_type, is_complementizer, lookup_cue, lookup_owned_speech_noun,
    source_phrases, trailing_adjunct_at,
)

# A quotation-mark pair with at least this many words is content, not a scare-quoted name or term.
MIN_QUOTE_WORDS = 3
# A pair this short, followed by another content opener, is a name in marks (قال “الكاظمي”: «…»).
MAX_NAME_WORDS = 4

OPEN_MARKS = "«“„‹\"'"
CLOSE_MARKS = "»”“›\"'"
SENTENCE_END = {".", "؟", "?", "!", "…"}
_CLOSER_OF = {'"': '"', "«": "»", "“": "”", "„": "“", "‹": "›", "'": "'"}
_STOPS = {".", "؟", "?", "!", "،", ",", ":"}
# How many words after a comma a new speech verb may stand and still end the clause before it.
SPEECH_AHEAD = 8
# How many words after a comma a speech verb with its complementizer may stand and still end the clause
# before it («…، وعن وضعه الأسري أفادت بأن …»).
CUE_AHEAD = 6
# How far a topic cue's preposition may stand from it (تحدث الوزير في كلمته عن «…»).
TOPIC_PREP_REACH = 8
# How many words after a weak cue (اتهم، وصف) its own preposition may stand and still open its content.
WEAK_OPENER_REACH = 6
# Words that link a new clause with its own speech verb to the one before (…، فيما طالب …).
_CLAUSE_LINKERS = frozenset({"فيما", "كما", "وكما", "بينما", "حيث"})
# Copulas whose predicate is accusative: «كان متوقعاً» is "was expected", an adjective, not a participle cue.
_COPULAS = frozenset(fold(w) for w in "كان كانت يكون تكون ليس ليست أصبح أصبحت بات باتت ظل ظلت صار صارت "
                     "مازال مازالت لايزال لاتزال زال".split())
# «كما»/«مثلما» before a cue mean «as X said» only when a speaker follows the cue; else «and also».
_ALSO = frozenset({"كما", "وكما", "مثلما", "ومثلما"})
# A preposition with a pronoun between a speech verb and its complementizer (قال فيه إن، أكد لهم أن).
_PRONOUN_PREPOSITIONS = frozenset({"فيه", "فيها", "له", "لها", "لهم", "عنه", "عنها", "منه", "منها"})
# After «وذلك» these words say where or when something was said (وذلك في ندوة، وذلك عقب أيام): the reporter's.
_NARRATION_AFTER_THAT = frozenset({"في", "عقب", "اثر", "خلال", "بعد", "قبل", "اثناء", "لدي", "عند", "ضمن",
                                   "علي", "بمناسبة", "تزامنا"})  # folded


# A trailing attribution names its speaker in at most this many words («، حسبما أفاد المصدر الأمني.»).
MAX_ATTRIBUTION_WORDS = 12


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    folded: str


def _bare(word: str) -> str:
    """The word without diacritics (tanween included): «داعياً» → «داعيا»."""
    return "".join(ch for ch in word if not "\u064b" <= ch <= "\u0652")


def _title_dot(toks: list[Token], j: int) -> bool:
    """The dot at token j closes a one-letter abbreviation (قال د. عبدالله …): a title, not a stop."""
    return toks[j].text == "." and j > 0 and len(toks[j - 1].folded) == 1 and toks[j - 1].end == toks[j].start


def _pair_index(pairs: list[tuple[int, int, str]]) -> tuple[dict[int, tuple[int, int]], list[tuple[int, int]]]:
    by_open = {o: (o, c) for o, c, _ in pairs}
    return by_open, [(o, c) for o, c, _ in pairs]


def _words_between(text: str, a: int, b: int) -> int:
    return len(text[a:b].split())


class SentenceReader:
    """Reads one sentence's tokens with the article's quotation-mark pairs at hand."""

    def __init__(self, text: str, tokens: list[Token], by_open: dict[int, tuple[int, int]], sent_end: int):
        self.text = text
        self.toks = tokens
        self.by_open = by_open
        self.sent_end = sent_end
        self.name_ends: dict[int, int] = {}  # end offset → start offset of a tagged name in this sentence
        # start offsets of tagged places: a country speaks through its government («أكدت السعودية دعمها …»)
        self.place_starts: frozenset[int] = frozenset()
        self.place_ends: frozenset[int] = frozenset()
        self.quoted: Intervals | None = None  # the insides of content-size pairs, when the article's are known
        self._starts = [t.start for t in tokens]
        # clause end met when the scan reaches token j from an earlier token: the same for every start
        # before j, so the cues of a long sentence share one scan instead of each walking to its end
        self._end_from: dict[int, int] = {}

    def index_at(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect_left(self._starts, offset)

    def pair_at(self, k: int) -> tuple[int, int] | None:
        if k < len(self.toks):
            return self.by_open.get(self.toks[k].start)
        return None

    def opens_content(self, k: int) -> bool:
        """Whether token k opens content: a colon, a content-sized quotation, or a complementizer."""
        if k >= len(self.toks):
            return False
        t = self.toks[k]
        if t.text == ":" or is_complementizer(t.text):
            return True
        pair = self.pair_at(k)
        return pair is not None and _words_between(self.text, pair[0] + 1, pair[1]) >= MIN_QUOTE_WORDS

    def clause_end(self, k: int) -> int:
        """Offset where the clause that starts at token k ends: the sentence stop, or a comma before a new
        cue (مؤكداً أن …) or before a trailing source phrase (، حسب الوزارة)."""
        n = len(self.toks)
        j = k
        path: list[int] = []  # tokens reached after the first: each remembers where the clause ends
        end = self.sent_end
        while j < n:
            if j > k and j in self._end_from:
                end = self._end_from[j]
                break
            if j > k:
                path.append(j)
            stop = self._stop_at(j, k)
            if stop is None:
                pair = self.by_open.get(self.toks[j].start)
                j = self.index_at(pair[1] + 1) if pair is not None and pair[1] > self.toks[j].start else j + 1
                continue
            end = stop
            break
        for x in path:
            self._end_from[x] = end
        return end

    def _stop_at(self, j: int, k: int) -> int | None:
        """The clause end at token j when the scan started at token k (only whether j > k matters), or
        None when the clause goes on past j (a pair at j is skipped by the caller)."""
        n = len(self.toks)
        t = self.toks[j]
        pair = self.by_open.get(t.start)
        if pair is not None and pair[1] > t.start:
            return None
        if t.text in (".", "؟", "?", "!") and j > k and not _title_dot(self.toks, j):
            return t.start
        if t.text in ("،", ",", "؛", ";") and j + 1 < n:
            nxt = self.toks[j + 1]
            cue = lookup_cue(nxt.text)
            if cue is not None and (cue.participle or (nxt.folded[:1] == "و" and cue.form == "perfect")
                                    or (nxt.folded[:1] == "ل" and cue.form == "imperfect")) \
                    and ("weak" not in cue.flags or cue.participle or self._weak_cue_opens(j + 2, cue)):  # «، ليشير …»
                return t.start
            if lookup_owned_speech_noun(nxt.text) is not None and self.opens_content(j + 2):
                return t.start  # «…، بقوله إنه …»: the same speaker goes on with a new statement
            if self.source_at(j + 1) is not None or trailing_adjunct_at([x.folded for x in self.toks[j + 1 : j + 4]]) \
                    or self.attribution_after(j + 1):
                return t.start  # «، حسب الوزارة»، «، رداً على الهجوم»: the reporter's words, not the speaker's
            if self._cue_with_content_ahead(j + 1):
                # «…، إلا أنه أوضح أن …» / «…، كما أكد أن …»: the speaker goes on with a new cue
                return t.start
            if self._speech_ahead(j + 1):
                # «…، وهنا رد رئيس المحكمة على الدفاع قائلاً: "…"»: a new speaker, a new quotation
                return t.start
            if self._linked_cue(j + 1):
                # «…، فيما طالب إسرائيل بأن …»، «…، كما أكدت فرنسا مقتل …»: a linker and a new speech verb
                return t.start
        elif j > k and self.toks[j - 1].text not in ("،", ",") and t.folded in _CLAUSE_LINKERS \
                and self._linked_cue(j) and any(self._cue_with_content(j2) for j2 in range(j + 1, min(n, j + 4))):
            # «… لأنفسنا حيث أوضح بأنه …»: the linker opens a new quotation even without a comma
            return t.start
        elif j > k and t.folded[:1] == "و" and self.toks[j - 1].text not in ("،", ",") \
                and self._conjoined_cue_with_content(j):
            # «… في السفارة وأوضحت أن …»: a و-joined speech verb whose content opens at once is a new
            # statement even without a comma before it
            return t.start
        elif j > k and t.folded in ("اما", "واما") and self._fa_cue_ahead(j + 1):
            # «… أما عن الطاقم الجديد فأوضح أنه …»: «أما … فـ» opens a new statement
            return t.start
        elif j > k and t.folded == "وذلك" and j + 1 < n and self.toks[j + 1].folded in _NARRATION_AFTER_THAT:
            # «… ومبرز لدى شعبه وذلك في ندوة نظمتها الهيئة»: the reporter says where and when, not the speaker
            return t.start
        elif j > k and self._participle_clause(j):
            # «… القرآن مشيراً إلى أنه …»: a participle cue opens a new quotation even without a comma
            return t.start
        return None

    def _weak_cue_opens(self, j: int, cue: Cue) -> bool:
        """Whether a weak finite cue (ضمن، حدد، تابع) whose next token is j introduces content of its own
        before the sentence ends or another cue comes: a colon, quotation marks, a complementizer, its
        preposition or a participle cue. Without one it is an ordinary verb going on with the clause
        («استطاعت، وضمن إجراءاتها، ضبط …»، «، وحددت يوم 1 يوليو لطرحه»)."""
        for x in range(j, len(self.toks)):
            t = self.toks[x]
            if t.text in (".", "؟", "?", "!", "؛", ";"):
                return False
            if self._opens_with_marks_or_colon(x, MIN_QUOTE_WORDS) or is_complementizer(t.text):
                return True
            if cue.prep and x - j < WEAK_OPENER_REACH and (
                    t.folded in (cue.prep, "و" + cue.prep)
                    or (len(cue.prep) == 1 and t.folded.startswith(cue.prep) and len(t.folded) > 3)):
                return True
            nxt_cue = lookup_cue(t.text)
            if nxt_cue is not None:  # «وتابع الوزير قائلاً»: a participle right after it carries the content
                return nxt_cue.participle and x - j <= 2
        return False

    def attribution_after(self, j: int) -> int:
        """The index of the speech verb when an attribution linker starts at token j and one follows it
        («، حسبما أفاد …»، «، كما يقول …»), else 0: the clause before the linker is that verb's content."""
        for n in (1, 2):
            x = j + n
            if x < len(self.toks) and attribution_linker_before([t.folded for t in self.toks[j:x]]) == n \
                    and lookup_cue(self.toks[x].text) is not None and not self.toks[x].folded.startswith("ال") \
                    and self._names_only(x) and (self.toks[x - 1].folded not in _ALSO or self.speaker_starts(x + 1)):
                return x
        return 0

    def speaker_starts(self, j: int) -> bool:
        """Whether token j opens a phrase that can speak: a tagged name, a title, an honorific or a speaker
        noun the lexicon knows («كما قال رئيس البلدية»، «كما يقول الخبراء», not «كما يؤكد استمرار …»)."""
        if j >= len(self.toks):
            return False
        t = self.toks[j]
        return any(a == t.start for a in self.name_ends.values()) or is_role_word_folded(t.folded) \
            or t.folded in honorifics() or head_type(t.text) is not None

    def _names_only(self, k: int) -> bool:
        """After the cue at k, only a short subject until the next comma or stop: no complementizer, colon,
        quotation or the cue's preposition («، كما أقروا بخطف …» reports content of its own)."""
        cue = lookup_cue(self.toks[k].text)
        words = 0
        for x in range(k + 1, len(self.toks)):
            t = self.toks[x]
            if t.text in _STOPS or t.text in ("؛", ";"):
                return t.text != ":" and words > 0
            if is_complementizer(t.text) or self._opens_with_marks_or_colon(x, MIN_QUOTE_WORDS):
                return False
            if cue is not None and cue.prep and (t.folded in (cue.prep, "و" + cue.prep) or (
                    len(cue.prep) == 1 and t.folded.startswith(cue.prep) and x == k + 1)):
                return False
            words += 1
            if words > MAX_ATTRIBUTION_WORDS:
                return False
        return words > 0

    def topic_opens(self, k: int, cue: Cue) -> bool:
        """For a cue flagged topic (تحدث عن): whether its preposition follows within a subject's reach and
        content opens right after it (quotation marks or a complementizer). Otherwise the verb names what
        was talked about («تحدث الوزير عن خطة …») or stands in a relative clause («مصدر تحدث لـ… أن»)."""
        toks = self.toks
        for x in range(k + 1, min(len(toks) - 1, k + 1 + TOPIC_PREP_REACH)):
            t = toks[x]
            if t.text in _STOPS or t.text in ("؛", ";") or is_complementizer(t.text) or self.pair_at(x) is not None:
                return False
            if t.folded in (cue.prep, "و" + cue.prep):
                return is_complementizer(toks[x + 1].text) or self._opens_with_marks_or_colon(x + 1, MIN_QUOTE_WORDS)
        return False

    def _fa_cue_ahead(self, j: int) -> bool:
        """A ف-joined speech verb within a few words from token j, before any stop (أما عن X فأوضح …)."""
        for x in range(j, min(len(self.toks), j + 10)):
            t = self.toks[x]
            if t.text in _STOPS:
                return False
            if t.folded[:1] == "ف" and lookup_cue(t.text) is not None:
                return True
        return False

    def _linked_cue(self, j: int) -> bool:
        """A clause linker (فيما، كما، بينما، في حين، حيث) at token j followed by a finite speech verb."""
        toks = self.toks
        if j >= len(toks):
            return False
        x = j + 1
        if toks[j].folded in ("في", "وفي") and j + 1 < len(toks) and toks[j + 1].folded == "حين":  # في حين
            x = j + 2
        elif toks[j].folded not in _CLAUSE_LINKERS:
            return False
        while x < len(toks) and toks[x].folded in ("قد", "ايضا", "كذلك"):
            x += 1
        if x >= len(toks):
            return False
        cue = lookup_cue(toks[x].text)
        # «كما يقول» is an aside about the clause before («as he says»), not a new statement
        return cue is not None and not cue.participle and "weak" not in cue.flags and (
            "np" not in cue.flags or any(is_complementizer(t.text) or t.text == ":" for t in toks[x + 1 : x + 9])
        ) and not (
            cue.form == "imperfect" and toks[j].folded in ("كما", "وكما"))

    def inside_quotation(self, offset: int) -> bool:
        """Whether `offset` lies inside a content-size quotation pair: a cue there is speech nested in
        what someone is quoted as saying, which the guidelines leave unannotated."""
        if self.quoted is None:
            self.quoted = content_pairs(self.text, self.by_open)
        return self.quoted.covers(offset)

    def _cue_with_content(self, j: int) -> bool:
        cue = lookup_cue(self.toks[j].text)
        if cue is None or cue.participle or "weak" in cue.flags:
            return False
        nxt = self.toks[j + 1 : j + 3]
        return bool(nxt) and (is_complementizer(nxt[0].text) or (
            len(nxt) == 2 and (nxt[0].folded == cue.prep or nxt[0].folded in _PRONOUN_PREPOSITIONS)
            and is_complementizer(nxt[1].text)))  # «…، قال فيه إن …»

    def _cue_with_content_ahead(self, j: int) -> bool:
        """Within the few words from token j, before any comma or stop, a finite speech verb whose
        complementizer follows at once: «…، إلا أنه أوضح أن …»، «…، وعن وضعه الأسري أفادت بأن …»."""
        for x in range(j, min(len(self.toks), j + CUE_AHEAD)):
            if x > j and (self.toks[x].text in _STOPS or self.toks[x].text in ("؛", ";")):
                return False
            if self._cue_with_content(x):
                return True
        return False

    def _conjoined_cue_with_content(self, j: int) -> bool:
        """A و-joined finite speech verb at j (وأكد، وأوضحت) whose complementizer follows at once."""
        cue = lookup_cue(self.toks[j].text)
        return cue is not None and cue.form == "perfect" and lookup_cue(self.toks[j].folded[1:]) is not None \
            and self._cue_with_content(j)

    def _speech_ahead(self, j: int) -> bool:
        """Within the few words after a comma at j - 1 (before the next comma or stop), a speech verb whose
        content opens right after it with a colon or quotation marks."""
        toks = self.toks
        for x in range(j, min(len(toks) - 1, j + SPEECH_AHEAD)):
            if toks[x].text in _STOPS or toks[x].text in ("؛", ";"):
                return False
            cue = lookup_cue(toks[x].text)
            if cue is not None and "weak" not in cue.flags and not toks[x].folded.startswith("ال") \
                    and self._opens_with_marks_or_colon(x + 1, MIN_QUOTE_WORDS if cue.participle else MAX_NAME_WORDS + 1):
                return True
        return False

    def _opens_with_marks_or_colon(self, k: int, min_words: int = MAX_NAME_WORDS + 1) -> bool:
        """A colon at token k, or quotation marks around at least `min_words` words (fewer may be a name)."""
        if k >= len(self.toks):
            return False
        pair = self.pair_at(k)
        return self.toks[k].text == ":" or (
            pair is not None and _words_between(self.text, pair[0] + 1, pair[1]) >= min_words)

    def _participle_clause(self, j: int) -> bool:
        cue = lookup_cue(self.toks[j].text)
        if cue is None or not cue.participle:
            return False
        if _bare(self.toks[j].text).endswith("ا") and not self.toks[j].folded.startswith("ال") \
                and not (j > 0 and self.toks[j - 1].folded in _COPULAS) and "weak" not in cue.flags:
            # «… لا تسمن ولا تغني من جوع داعياً قواته لمواصلة القتال»: a participle in the accusative
            # (مؤكداً، داعياً) is circumstantial, a new statement by the same speaker, whatever follows it;
            # a weak one is so only when content opens after it: «مجدداً» alone is the adverb «again»
            # («… الذي تحدث عنه مجدداً أمس رئيس الجمهورية»)
            return True
        if self._opens_with_marks_or_colon(j + 1, MIN_QUOTE_WORDS):
            return True  # «… للشعب قائلاً "…"»: a participle names no one, so marks right after it are speech
        nxt = self.toks[j + 1 : j + 3]
        return bool(nxt) and (is_complementizer(nxt[0].text) or (
            len(nxt) == 2 and nxt[0].folded == cue.prep and is_complementizer(nxt[1].text)))

    def source_at(self, k: int) -> tuple[int, str] | None:
        """A source phrase starting at token k (و/ف allowed): (length in tokens, kind)."""
        if k >= len(self.toks):
            return None
        table = _sources_by_first()
        first = self.toks[k].folded
        if first not in table and first[:1] in "وف" and len(first) > 3:
            first = first[1:]  # وحسب، ووفقا — but وفقا itself starts with و
        phrases = table.get(first)
        if not phrases:
            return None  # asked of every token: most start no source phrase, and no list is built for them
        words = [first] + [t.folded for t in self.toks[k + 1 : k + 4]]
        for phrase, kind in phrases:
            n = len(phrase)
            if len(words) < n:
                continue
            head = words[:n]
            if head[:-1] == list(phrase[:-1]) and (
                head[-1] == phrase[-1] or (phrase[-1] in ("ل", "لـ") and head[-1].startswith("ل"))
            ):
                # "وفقا لمصدر": the ل is glued to the noun — the noun starts inside the last token
                return n, kind
        return None


@cache
def _sources_by_first() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, kind in sorted(source_phrases().items(), key=lambda p: -len(p[0])):
        out.setdefault(phrase[0], []).append((phrase, kind))
    return out


def content_pairs(text: str, by_open: dict[int, tuple[int, int]]) -> Intervals:
    """The insides (o < offset < c) of the quotation pairs long enough to hold speech of their own."""
    return Intervals((o + 1, c) for o, c in by_open.values() if _words_between(text, o + 1, c) >= MIN_QUOTE_WORDS)
