"""How the words of a speaker phrase are read, before anyone is resolved: where the noun phrase after or
before a cue ends, the body a title serves, whom it was said to, and how far a document's or an unnamed
source's description goes. Pure functions of the sentence's tokens; `speakers.Resolver` uses them.
"""
from __future__ import annotations

from khabar.article import Span
from khabar.entities.gazetteer import phrases
from khabar.entities.names import fold, is_role_word, trim_descriptors
from khabar.quotes.extract import Token
from khabar.quotes.lexicon import addressee_words, head_type, is_complementizer, lookup_cue, match_pattern
from khabar.quotes.via import is_outlet

# Words that end a speaker phrase: prepositions, time words, relatives. Folded.
_BOUNDARY = frozenset(
    fold(w)
    for w in (
        "في خلال عبر على عن مع أمام لدى حول بعد قبل منذ إلى الى من ضمن أثناء اثناء خلال عقب إثر وسط بين "
        "اليوم أمس الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت صباح مساء ظهر مساء صباحا مساءا "
        "الذي التي الذين اللذين اللتين اللواتي حيث كما وقد قد كذلك أيضا ايضا بدوره بدورها بشكل بدوره "
        "نشره نشرته أصدره أصدرته القول بالقول قوله قولها قولهم قائلا ل لـ له لها لهم "
        "كلمته كلمتها حديثه حديثها خطابه خطابها تصريحه تصريحها كلامه كلامها رده ردها"
    ).split()
)
# A phrase that starts with one of these is not a speaker: pronoun-carrying particles and auxiliaries.
_FUNCTION_WORDS = frozenset(
    fold(w)
    for w in (
        "فيها فيه فيهم له لها لهم عليه عليها إياه إياها إياهم لكنه لكنها لكن كان كانت يكون ما ماذا هذا هذه "
        "ذلك تلك هو هي هم إنه إنها أنه أنها وهو وهي ثم أيضا كما إذ إذا حين عندما بينما بعدما منه منها عنه عنها "
        "معه معها بها به خلالها خلاله نقلا ونقلا تعليقا تعليقاً ردا رداً كل إليه إليها إليهم لي لنا المزيد دائما دائماً ب"
    ).split()
)
_RELAY_OPENERS = frozenset(fold(w) for w in "نقلا ونقلا نقلاً ونقلاً".split())
_QUANTIFIED = frozenset(fold(w) for w in "بعضهم كلهم أحدهم معظمهم جميعهم غالبيتهم أغلبهم بعضهن إحداهن".split())
_TURN_WORDS = frozenset(fold(w) for w in "جانبه جانبها جهته جهتها بدوره بدورها ناحيته ناحيتها".split())
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي", "اللاتي"})
_PUNCT = frozenset("،,:؛;.!؟?()[]-–—")
_DOC_ADJ_STOP = frozenset(fold(w) for w in "بين عن حول من في صادر".split())


def _np(tokens: list[Token], a: int, b: int, addressee_stop: bool = True,
        names: frozenset[int] = frozenset()) -> tuple[int, int]:
    """The noun phrase at the start of tokens[a:b]: up to the first boundary word or punctuation.

    `names` are the starts of tokens inside a tagged person's name: there «علي» is Ali, not «على»
    written with a dotted ya (the fold makes the two one word)."""
    i = a
    while i < b:
        t = tokens[i]
        if t.text in ("#", "“", "”", "«", "»", '"', "'", "‹", "›", "„"):
            i += 1
            continue
        if t.text in _PUNCT or (t.folded in _BOUNDARY and t.start not in names) or is_complementizer(t.text):
            break
        if i > a and lookup_cue(t.text) is not None and not t.folded.startswith("ال"):
            break
        if addressee_stop and i > a and t.folded.startswith("لل") and not _names_on(tokens, a, i) \
                and not _title_body_before_name(tokens, a, i, b, names):
            break  # «قال كوك للموظفين»: the addressee
        i += 1
    return a, i


def _names_on(tokens: list[Token], a: int, i: int) -> bool:
    """«لل…» at tokens[i] goes on naming the institution begun at tokens[a] when an adjective already
    follows its head: «المركز الوطني للأرصاد»، «الهيئة العامة للإحصاء» — not «الوزارة للصحفيين», and not
    an audience word after a name («قالت الهيئة العامة للصحفيين»)."""
    return (i - a >= 2 and head_type(tokens[a].text) == "ORG" and tokens[a + 1].folded.startswith("ال")
            and tokens[i].folded not in addressee_words())


def _title_body_before_name(tokens: list[Token], a: int, i: int, b: int, names: frozenset[int]) -> bool:
    """«الأمين العام للأمم المتحدة أنطونيو …»، «المتحدث باسم القيادة العامة للقوات المسلحة اللواء أحمد …»:
    after a title, «لل…» names the body the title serves when a tagged person follows in the same stretch
    (no mark between); the audience («للصحفيين») never does."""
    if not is_role_word(tokens[a].text) or tokens[i].folded in addressee_words():
        return False
    for j in range(i + 1, min(b, i + 8)):
        if tokens[j].text in _PUNCT:
            return tokens[j].text in ("،", ",") and j + 1 < b and tokens[j + 1].start in names
        if tokens[j].start in names:
            return True
    return False


def _told_outlet(toks: list[Token], a: int, b: int) -> bool:
    """Whether tokens[a:b] open with «لـ» glued to an outlet (لصحيفة "النهار"، لرويترز): who was told."""
    f = toks[a].folded
    if f[:1] != "ل" or f.startswith(("لل", "ال")) or len(f) < 4:
        return False
    rest = [t.text for t in toks[a + 1:b] if t.text not in _PUNCT and any(ch.isalnum() for ch in t.text)][:3]
    return is_outlet(toks[a].text[1:]) or is_outlet(" ".join([toks[a].text[1:]] + rest))


def _before_outlet(toks: list[Token], a: int, b: int) -> int:
    """Where a speaker phrase ends before the outlet it spoke to: «مصدر أمني لفرانس برس»، «مصدر في الوزارة
    لوكالة الأنباء» — the outlet is left to via."""
    for i in range(a + 1, b):
        f = toks[i].folded
        if f[:1] == "ل" and not f.startswith("لل") and len(f) > 2 \
                and is_outlet(" ".join([toks[i].text[1:]] + [t.text for t in toks[i + 1:b]])):
            return i
        if f[:1] == "ل" and not f.startswith("لل") and len(f) > 2 and is_outlet(toks[i].text[1:]):
            return i
    return b


def _body_of_title(word: str) -> bool:
    """«لوزارة»، «للمجلس»، «لحركة»: a word that opens with the preposition لـ before an institution's head
    noun ties a title to its body; a name never starts so."""
    f = fold(word)
    if f.startswith("لل") and len(f) > 4:
        return True
    return f[:1] == "ل" and len(f) > 3 and head_type(word[1:]) == "ORG"


def _opens_body(name: list[str]) -> bool:
    """Whether a would-be name opens with the body of the title before it: «لوزارة …», or «لـX الـY» (a
    construct behind the preposition: «لبرنامج الأغذية») whose first word is no given name («لطفي», «ليلى»)."""
    if _body_of_title(name[0]):
        return True
    f = fold(name[0])
    given = phrases()["given"]
    return (f[:1] == "ل" and len(f) > 4 and len(name) > 1 and fold(name[1]).startswith("ال")
            and (f,) not in given and (f[1:],) not in given)


def _title_body(role: list[str], name: list[str]) -> tuple[list[str], list[str]]:
    """«المتحدث الرسمي | لوزارة الري سامر الحداد» → «المتحدث الرسمي لوزارة الري | سامر الحداد»: the body a
    title serves belongs to the title, and the name starts after it."""
    if not role or not name or not _opens_body(name):
        return role, name
    body = _institution(name)
    return role + body, name[len(body):]


def _honorific_pronoun(word: str) -> bool:
    """«معاليه»، «سموها»، «فخامته»: a courtesy that stands for a named person (data/speaker_words.tsv,
    class PRONOUN), not a word that ends a phrase like «قوله»."""
    f = fold(word)
    hit = match_pattern("speaker_words.tsv", [f], 0) if f else None
    return hit is not None and hit[1] == "PRONOUN" and f not in _BOUNDARY


def _without_cue(name: str) -> str:
    """A tagged name that starts with a speech verb («فيؤكد مصطفى») is the name after it: otherwise it
    passes for a second person with the same surname, and «مصطفى» could no longer be given its full name."""
    words = name.split()
    if len(words) < 2 or lookup_cue(words[0]) is None or (fold(words[0]),) in phrases()["given"]:
        return name  # «نجيب ميقاتي»: a given name that also reads as a verb («نُجيب») stays a name
    return " ".join(words[1:])


def _head_key(word: str) -> str:
    """A description's head noun without article or accusative ending: البيان، بيان، بياناً → بيان."""
    f = fold(word)
    f = f[2:] if f.startswith("ال") and len(f) > 3 else f
    return f[:-1] if f.endswith("ا") and len(f) > 3 else f


def _words(tokens: list[Token], a: int, b: int, hashtags: list[Span]) -> list[tuple[str, int, int]]:
    """The phrase's words with offsets; a merged hashtag contributes its split name's words."""
    out: list[tuple[str, int, int]] = []
    for t in tokens[a:b]:
        if not any(ch.isalnum() for ch in t.text):
            continue
        tag = next((h for h in hashtags if h.start <= t.start < h.end), None)
        name = tag.attrs.get("name") if tag is not None else None
        if name and " " in name and " " not in t.text and fold(name.replace(" ", "")) == fold(t.text):
            out.extend((w, t.start, t.end) for w in name.split())
        else:
            out.append((t.text, t.start, t.end))
    return out


def _doc_phrase(words: list[str]) -> list[str]:
    """A document speaker keeps its noun and agreeing adjectives: «بيان مشترك نشره …» → «بيان مشترك»; an
    unnamed one also who issued it, as written: «بيان صدر عن المجلس الرئاسي»، «بلاغ للشبكة»."""
    head = words[0]
    definite = fold(head).startswith("ال")
    out = [head]
    for i, w in enumerate(words[1:5], 1):
        f = fold(w)
        if not definite and f in _ISSUED and i + 1 < len(words) and fold(words[i + 1]) in ("عن", "من"):
            issuer = _issuer(words[i + 2:])
            return out + [w, words[i + 1]] + issuer if issuer else out
        if not definite and f.startswith("لل") and len(f) > 4:
            return out + _issuer(words[i:])
        if f in _DOC_ADJ_STOP or (w.endswith("ه") and not w.endswith("ة")):
            break
        if f.startswith("ال") != definite:
            if not definite and f.startswith("ال") and f not in _BOUNDARY:
                out.append(w)  # the construct ends on its definite noun: بيان الخارجية، تقرير وكالة أنباء الساحل
            break
        out.append(w)
    return out


_ISSUED = frozenset(fold(w) for w in "صادر صادرة صدر صدرت".split())


def _issuer(words: list[str]) -> list[str]:
    """The body that issued a document, as far as its name goes: a construct that ends on its definite
    noun and that noun's adjectives (المجلس الرئاسي، رئاسة الجمهورية التونسية، للوزارة)."""
    out: list[str] = []
    seen_definite = False
    for w in words[:5]:
        f = fold(w)
        definite = f.startswith(("ال", "لل"))
        if f in _BOUNDARY or (seen_definite and not definite) or w.endswith(("ها", "هم")):
            break
        seen_definite = seen_definite or definite
        out.append(w)
    return out if seen_definite else []


def _anon_phrase(words: list[str]) -> list[str]:
    """An unnamed source as written: its head and adjectives, then what it belongs to (مصدر مقرب من الحزب);
    not whom it spoke to or why it is unnamed («مصدر قضائي لوكالة الأنباء»، «مصادر مطلعة تحدثت لـ…»)."""
    told = next((i for i, w in enumerate(words) if i > 0 and (_speaker_word_class(w) == "TOLD" or (
        fold(w)[:1] == "ل" and not fold(w).startswith(("لل", "ال")) and len(fold(w)) > 3
        and is_outlet(" ".join([w[1:]] + words[i + 1:i + 4]))))), len(words))
    words = words[:told]
    k = next((i for i, w in enumerate(words) if i > 0 and (fold(w) in ("في", "من") or _at_place_or_body(w))),
             len(words))
    head = _institution(words[:k])
    if len(head) < k:
        return trim_descriptors(head)
    end = next((i for i in range(k + 1, len(words)) if fold(words[i]) in _FUNCTION_WORDS
                or fold(words[i]) in _BOUNDARY or lookup_cue(words[i]) is not None), len(words))
    return trim_descriptors((head + words[k:end])[:10])


def _at_place_or_body(word: str) -> bool:
    """«ببنغازي»، «بوزارة الدفاع»: «بـ» glued to a place or an institution says where an unnamed source
    is, as «في» does («مصدر أمني رفيع المستوى ببنغازي»); not «بأن»، «بالقول»."""
    f = fold(word)
    if f[:1] != "ب" or len(f) < 4 or f.startswith("بال"):
        return False
    rest = word[1:]
    return head_type(rest) == "ORG" or (fold(rest),) in phrases()["place"]


def _speaker_word_class(word: str) -> str | None:
    f = fold(word)
    hit = match_pattern("speaker_words.tsv", [f], 0) if f else None
    return hit[1] if hit else None


def _institution(words: list[str]) -> list[str]:
    """An institution's phrase ends where its object begins: «وزارة التجارة أسعار الخضر» → «وزارة
    التجارة» (an indefinite word after a definite one), «الوزارة بيانها» (a word with a pronoun suffix)."""
    out = [words[0]]
    head = fold(words[0])
    seen_definite = head.startswith("ال")
    for n, w in enumerate(words[1:], 1):
        f = fold(w)
        definite = f.startswith(("ال", "لل", "بال", "وال"))
        if (seen_definite and len(out) >= 2 and f[:1] == "ل" and not definite and len(f) > 3
                and n + 1 < len(words) and fold(words[n + 1]).startswith("ال")):
            # «المديرية العامة لقوى الأمن الداخلي»، «مكتب الأمم المتحدة لتنسيق الشؤون»: «لـ» and a noun
            # in construct with a definite one name the body's remit, still its name
            definite = True
        if len(out) == 1 and seen_definite:
            # «الوزارة» is complete; only an agreeing adjective follows it (الوزارة المصرية), not an object
            # (الوزارة الرأي العام)
            # (الوزارة الرأي العام); a feminine head takes a feminine adjective (الهيئة العامة، الوزارة المصرية)
            agree = f.endswith("ه") if head.endswith("ه") else (f.endswith("ي") and not f.endswith("اي"))
            if not (definite and agree):
                break
        if seen_definite and not definite:
            break
        if w.endswith(("ها", "هم", "هما")) or f in ("الجميع", "كافه", "جميع"):
            break
        seen_definite = seen_definite or definite
        out.append(w)
    return out
