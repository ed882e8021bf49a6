"""The outlet or agency an article credits for a statement (`Quote.via`).

A reporter who did not hear the words names who did: «قال مصدر لوكالة فرانس برس»، «في مقابلة مع قناة …»،
«وفقاً لما ذكرته شبكة "العربية"», a dateline «بنغازي (وال) –», a credit line «المصدر: روسيا اليوم». The
outlet is found in the statement's own sentence (outside any quotation's content), then carried to the
same speaker's other statements in the article, since one interview or dispatch is the usual source of
them all, and to a speaker named in a crediting sentence under another name; a dateline or credit line
covers every statement left without one. The outlet that publishes the article (its page's host) is never
its own `via`, nor is an outlet that is itself the speaker, nor a platform (تويتر is a channel).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import urlparse

from khabar.article import Article, Mention, Quote
from khabar.datafiles import rows
from khabar.entities.names import trailing_descriptors
from khabar.quotes.lexicon import WORD_CACHE_SIZE, channel_at, fold, lookup_cue
from khabar.text.intervals import next_position, positions_where


# a word may carry diacritics and tatweel inside it («العُمانية»): they are not letters to `\w`
_W = r"[\w\u0640\u064B-\u065F\u0670]"
_TOKEN = re.compile(rf"{_W}+(?:\.{_W}+)+\.?|{_W}+|[^\w\s]")
_OPEN = frozenset("«“\"„‹(/'")
_CLOSE = frozenset("»”\"“›)/'")
_DASHES = frozenset("–—-")
_PREFIXES = ("ول", "وب", "فل", "و", "ف", "ل", "ب")
_DATELINE_CHARS = 300


@dataclass(slots=True, frozen=True)
class Outlet:
    start: int
    end: int
    name: str
    host: str | None
    head: str | None = None  # the folded outlet noun it was named with (وكاله، صحيفه), or its kind


def _rows(name: str) -> list[list[str]]:
    return rows("khabar.quotes", name)


@cache
def name_stops() -> frozenset[str]:
    """Words that end an outlet's name when no marks bound it: prepositions, complementizers, time words."""
    return frozenset(fold(r[0]) for r in _rows("outlet_name_stops.txt"))


@cache
def known_outlets() -> dict[tuple[str, ...], tuple[str, str | None, bool]]:
    """Folded name words → (kind, host, set_off): `set_off` names count only inside marks or brackets."""
    out: dict[tuple[str, ...], tuple[str, str | None, bool]] = {}
    for name, kind, host in _rows("outlets.tsv"):
        set_off = name.endswith("*")
        words = tuple(fold(w) for w in name.rstrip("*").split())
        out[words] = (kind, None if host == "-" else host, set_off)
    return out


@cache
def _outlets_by_first() -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, str | None, bool]], ...]]:
    """`known_outlets()` grouped by the first folded word, each group in the table's order: a token is
    tried against the few names that can start with it, not the whole table."""
    out: dict[str, list[tuple[tuple[str, ...], tuple[str, str | None, bool]]]] = {}
    for words, info in known_outlets().items():
        out.setdefault(words[0], []).append((words, info))
    return {first: tuple(group) for first, group in out.items()}


@cache
def outlet_heads() -> frozenset[str]:
    return frozenset(fold(r[0]) for r in _rows("outlet_heads.txt"))


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    # matched in place (`pos`, `endpos`): the offsets are the text's own, and no slice is copied
    return [(*m.span(), m.group()) for m in _TOKEN.finditer(text, start, end)]


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _bare(word: str) -> tuple[tuple[int, str], ...]:
    """The folded word and its forms without a leading و/ف/ل/ب, each with how many letters went (remembered
    per word: every token of an article is tried as an outlet's first word)."""
    f = fold(word)
    out = [(0, f)]
    for p in _PREFIXES:
        if f.startswith(p) and len(f) - len(p) >= 2:
            out.append((len(p), f[len(p):]))
    for p in ("لل", "ولل", "فلل"):  # ل + ال is written لل: «للعربية نت» is «ل» + «العربية نت»
        if f.startswith(p) and len(f) - len(p) >= 2:
            out.append((len(p) - 1, "ا" + f[len(p) - 1:]))
    return tuple(out)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _may_start_outlet(word: str) -> bool:
    """Whether a known outlet's name can start at `word` (one of its `_bare` forms is a name's first word).
    Remembered per word: every token of an article is asked, and most start no name, so `_known_at` is only
    called for the few that do."""
    table = _outlets_by_first()
    return any(first in table for _, first in _bare(word))


def _known_at(toks: list[tuple[int, int, str]], i: int, loose: bool = False) -> Outlet | None:
    """A known outlet's name starting at token i; `loose` waives the marks an everyday word needs (inside
    an outlet noun's phrase, or in a dateline that sets it off by its own punctuation)."""
    table = _outlets_by_first()
    best: Outlet | None = None
    for cut, first in _bare(toks[i][2]):
        for words, (kind, host, set_off) in table.get(first, ()):
            n = len(words)
            if i + n > len(toks) or (best and best.end >= toks[i + n - 1][1]):
                continue
            if any(fold(toks[i + k][2]) != words[k] for k in range(1, n)):
                continue
            if set_off and not loose and not (i > 0 and toks[i - 1][2] in _OPEN and cut == 0
                                and i + n < len(toks) and toks[i + n][2] in _CLOSE):
                continue
            start = toks[i][0] + _offset(toks[i][2], cut)
            end = toks[i + n - 1][1]
            # after «لل» the name's «ا» is not written: it is given back
            name = "ا" + _text_of(toks, start, end) if fold(toks[i][2])[cut:] != first else ""
            best = Outlet(start, end, name, host, fold("وكالة") if kind == "agency" else None)
    return best


def _text_of(toks: list[tuple[int, int, str]], start: int, end: int) -> str:
    """The text between two offsets of the tokens' source, rebuilt from the tokens (single spaces)."""
    parts: list[str] = []
    for a, b, w in toks:
        if b <= start or a >= end:
            continue
        parts.append(w[max(0, start - a): len(w) - max(0, b - end)])
    return " ".join(parts)


def _offset(word: str, cut: int) -> int:
    """Characters of `word` that make up its first `cut` folded letters (a tatweel or diacritic may follow)."""
    k = 0
    for pos, ch in enumerate(word):
        if k == cut and fold(ch):  # a tatweel or diacritic after the prefix («لـبوابة») is not the name's
            return pos
        if fold(ch):
            k += 1
    return len(word)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _head(word: str) -> tuple[int, str, bool] | None:
    """An outlet noun in `word`: (letters of prefix before it, the folded noun, definite?) — «لوكالة»،
    «الصحيفة»، «للوكالة» (ل + الوكالة). Remembered per word: every token of an article is asked."""
    f = fold(word)
    if not f.endswith(_head_endings()):
        return None  # every reading below ends the word with an outlet noun: most words are rejected here
    for p in ("", "و", "ف", "ل", "ب", "ول", "وب", "فل"):
        if not f.startswith(p):
            continue
        rest = f[len(p):]
        if rest in outlet_heads():
            return len(p), rest, False
        if rest.startswith("ال") and rest[2:] in outlet_heads():
            return len(p), rest[2:], True
        if p == "ل" and rest.startswith("ل") and rest[1:] in outlet_heads():
            return 1, rest[1:], True
    return None


@cache
def _head_endings() -> tuple[str, ...]:
    """The outlet nouns as a tuple for `str.endswith`, sorted so the tuple is the same in every run."""
    return tuple(sorted(outlet_heads()))


def _nisba(word: str) -> bool:
    """A definite relative adjective (الأمريكية، الروسي): what follows «الصحيفة» when it refers back."""
    f = fold(word)
    return f.startswith("ال") and f.endswith(("يه", "ي"))


def outlets_in(text: str, toks: list[tuple[int, int, str]]) -> list[Outlet]:
    """Outlets named in `toks`, in order; «الوكالة»، «الصحيفة الأمريكية» name the last one with that noun."""
    out: list[Outlet] = []
    can_start = _outlet_tokens(toks)
    i = 0
    while (i := next_position(can_start, i, len(toks))) < len(toks):
        s0 = toks[i][0]
        head = _head(toks[i][2])
        if head is not None:
            cut, noun, definite = head
            j = i + 1
            if j < len(toks) and toks[j][2] in _OPEN:
                k = next((x for x in range(j + 1, min(len(toks), j + 8)) if toks[x][2] in _CLOSE), None)
                if k is not None and k > j + 1:
                    a, b = toks[j + 1][0], toks[k - 1][1]
                    out.append(_with_host(Outlet(a, b, text[a:b], None, noun)))
                    i = k + 1
                    continue
            while j < len(toks) and j - i <= 4 and re.match(r"\w", toks[j][2]) \
                    and fold(toks[j][2]) not in name_stops() and lookup_cue(toks[j][2]) is None:
                j += 1
            named = next((o for o in (_known_at(toks, x, loose=True) for x in range(i + 1, j)) if o), None)
            if named is not None:  # «شبكة CNN الأميركية»: the outlet is CNN
                out.append(Outlet(named.start, named.end, named.name or text[named.start:named.end], named.host, noun))
                i = next((x for x in range(i, len(toks)) if toks[x][1] >= named.end), i) + 1
                continue
            start = s0 + _offset(toks[i][2], cut)
            if definite and (j == i + 1 or (j == i + 2 and _nisba(toks[i + 1][2]))):
                earlier = next((o for o in reversed(out) if o.head == noun), None)
                if earlier is not None:  # «الوكالة»: the agency named before
                    out.append(Outlet(start, toks[j - 1][1], earlier.name, earlier.host, noun))
                i = j
                continue
            while j > i + 2 and fold(toks[j - 1][2]) in trailing_descriptors():
                j -= 1  # «وكالة الأنباء العراقية الرسمية»: «الرسمية» describes, it does not name
            if j > i + 1:
                end = toks[j - 1][1]
                out.append(_with_host(Outlet(start, end, text[start:end], None, noun)))
                i = j
                continue
        hit = _known_at(toks, i) if _may_start_outlet(toks[i][2]) else None
        if hit is not None:
            out.append(Outlet(hit.start, hit.end, hit.name or text[hit.start:hit.end], hit.host, hit.head))
            i = next((x for x in range(i, len(toks)) if toks[x][1] >= hit.end), i) + 1
            continue
        i += 1
    return out


def _outlet_tokens(toks: list[tuple[int, int, str]]) -> list[int]:
    """The tokens where `outlets_in` can find something: an outlet noun (`_head`) or the first word of a
    known name. At every other token it finds nothing and moves one on, so it steps over them by bisection
    instead of asking each in turn (each distinct word is asked once)."""
    return positions_where([t[2] for t in toks], lambda w: _head(w) is not None or _may_start_outlet(w))


def _with_host(o: Outlet) -> Outlet:
    if o.host is not None:
        return o
    words = [fold(w) for w in o.name.split()]
    for k in range(len(words)):
        for n in range(len(words) - k, 0, -1):
            hit = known_outlets().get(tuple(words[k : k + n]))
            if hit is not None and hit[1]:
                return Outlet(o.start, o.end, o.name, hit[1], o.head)
    return o


def _dateline(article: Article) -> Outlet | None:
    """An agency in the article's opening lines set off as a dateline: «(وال) –»، «/ وام /»، «الدوحة – قنا»،
    «دبي رويترز قالت …», a line of its own («وكالات»); or a closing credit line «المصدر: سبوتنيك», «(باريس ـ أ ف ب)»."""
    text = article.text
    toks = _tokens(text, 0, min(len(text), _DATELINE_CHARS))
    for i in range(len(toks)):
        hit = _known_at(toks, i, loose=True) if _may_start_outlet(toks[i][2]) else None
        if hit is None or known_outlets().get(tuple(fold(w) for w in text[hit.start:hit.end].split()), ("",))[0] != "agency":
            continue
        j = next((x for x in range(i, len(toks)) if toks[x][1] >= hit.end), i)
        before = toks[i - 1][2] if i > 0 else "\n"
        after = toks[j + 1][2] if j + 1 < len(toks) else "\n"
        line_alone = text[:hit.start].rstrip(" \t").endswith("\n") and text[hit.end:].lstrip(" \t")[:1] in ("\n", "")
        if before in "(/" and after in ")/" or before in _DASHES or after in _DASHES or line_alone \
                or lookup_cue(after) is not None:
            return Outlet(hit.start, hit.end, text[hit.start:hit.end], hit.host)
    for m in re.finditer(r"(?m)^[ \t]*المصدر[ \t]*:[ \t]*([^\n]{2,40})$", text):
        name = m.group(1).strip().strip(".")
        if 0 < len(name.split()) <= 4:
            start = m.start(1) + m.group(1).index(name)
            return _with_host(Outlet(start, start + len(name), name, None))
    return _credit_line(article) or _closing_credit(article)


# An opening line that is an outlet's name alone before a colon or a dash, a bracket between them allowed:
# «بوابة الوسط (صوت ليبيا الدولي) :»، «سكاي نيوز عربية –».
_CREDIT_LINE = re.compile(r"(?m)^[ \t]*([^\n:()«»\"]{2,50}?)[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?[:–—]")


def _credit_line(article: Article) -> Outlet | None:
    """An outlet credited at the head of a line of the article's opening: the report is that outlet's, as a
    dateline's agency («بوابة الوسط (…) : علمت بوابة الوسط …»). A place before the dash («بنغازي –») or
    any name that is not an outlet's (no outlet noun, not a known outlet) credits nothing."""
    text = article.text
    for m in _CREDIT_LINE.finditer(text, 0, min(len(text), _DATELINE_CHARS)):
        a, b = m.span(1)
        found = outlets_in(text, _tokens(text, a, b))
        if found and found[0].start == a and found[0].end == b and not _platform(found[0].name):
            return _with_host(found[0])
    return None


def _closing_credit(article: Article) -> Outlet | None:
    """An agency credited in brackets as the article's last words: «… (باريس ـ أ ف ب)»، «(سونا)»."""
    text = article.text
    m = re.search(r"\(([^()\n]{1,40})\)[\s.]*$", text)
    if m is None:
        return None
    toks = _tokens(text, m.start(1), m.end(1))
    for i in range(len(toks)):
        hit = _known_at(toks, i, loose=True)
        if hit is not None and known_outlets().get(tuple(fold(w) for w in text[hit.start:hit.end].split()),
                                                   ("",))[0] == "agency":
            return Outlet(hit.start, hit.end, text[hit.start:hit.end], hit.host)
    return None


def _same(speaker: str, outlet: str) -> bool:
    """Whether the speaker is the outlet: one name holds the other word for word."""
    a, b = [fold(w) for w in speaker.split()], [fold(w) for w in outlet.split()]
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return bool(short) and any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _publisher(article: Article) -> str:
    url = article.meta.get("url")
    host = urlparse(url).netloc.lower() if isinstance(url, str) else ""
    return host


def _mention(article: Article, o: Outlet) -> Mention:
    key = tuple(fold(w) for w in o.name.split())
    entity = next((e for e in article.entities if tuple(fold(w) for w in e.name.split()) == key), None)
    return Mention(o.name, "ORG", article.span(o.start, o.end, "via"), entity.id if entity else None)


def assign_via(article: Article, quotes: list[Quote]) -> None:
    """Fill `via` where the resolver left none: the sentence's outlet, the speaker's, the dateline's."""
    for q, (outlet, why) in zip(quotes, via_reasons(article, quotes)):
        if outlet is not None:
            q.via = _mention(article, outlet)
        elif why != "relay":
            q.via = None  # the resolver's relay named the speaker itself


def via_reasons(article: Article, quotes: list[Quote]) -> list[tuple[Outlet | None, str]]:
    """Each statement's outlet, if it gets one, and why: `relay` (the resolver read it; the outlet it
    names, or None to keep the resolver's reading as it is), `sentence` (named in its own sentence),
    `speaker` (the same speaker's other statement), `named` (the speaker is named in a sentence that
    credits it), `dateline` (the opening or closing credit), `sole` (the article's one relaying outlet), or
    `` (none). An outlet that is itself the speaker («وذكرت الصحيفة أن …») relays nothing, nor does a relay
    the resolver read that names the speaker itself (the statement then gets the other readings); a relay
    written with ل + ال («ووفقاً للأمم المتحدة») is named without the ل."""
    text = article.text
    host = _publisher(article)
    named = named_outlets(article, quotes)
    sentences = article.layer("sentences")
    found: dict[int, Outlet] = {}
    for k, q in enumerate(quotes):
        sent = next((s for s in sentences if s.start <= q.content.start < s.end), None)
        if sent is None:
            continue
        for o in named:
            if not (sent.start <= o.start < max(sent.end, q.content.end)):
                continue
            if q.speaker is not None and _same(q.speaker.name, o.name):
                continue  # the outlet speaks for itself: it is the speaker, not a relay
            found[k] = o
            break
    # the same speaker's other statements came through the same outlet
    by_speaker: dict[str, Outlet] = {}
    for k, q in enumerate(quotes):
        if k in found and q.speaker is not None:
            by_speaker.setdefault(q.speaker.entity_id or q.speaker.name, found[k])
    credited = _credited_names(article, quotes, found)
    default = _dateline(article)
    relay = None if default is not None else _sole_relay(article, quotes, found, named)
    out: list[tuple[Outlet | None, str]] = []
    for k, q in enumerate(quotes):
        # «كما نقلت عن مصدر طبي»: a relay the resolver read that names the speaker itself is no relay
        if q.via is not None and not (q.speaker is not None and _same(q.speaker.name, q.via.name)):
            span = q.via.span
            o = next((o for o in named if span is not None and o.start < span.end and span.start < o.end), None)
            if o is None and span is not None and fold(q.via.name).startswith("لل"):
                # «ووفقاً للأمم المتحدة»: ل + ال is written لل, the name is «الأمم المتحدة»
                o = Outlet(span.start + 1, span.end, "ال" + q.via.name[2:], None)
            out.append((o, "relay"))  # the relay the resolver read, named as the outlet («الوكالة» → its full name)
            continue
        key = (q.speaker.entity_id or q.speaker.name) if q.speaker is not None else None
        o, why = found.get(k), "sentence"
        if o is None and key:
            o, why = by_speaker.get(key), "speaker"
        if o is None and key:
            o, why = credited.get(tuple(fold(w) for w in q.speaker.name.split())), "named"
        if o is None:
            o, why = default, "dateline"
        if o is None and relay is not None and relay.start < q.content.start and not (
                q.speaker is not None and q.speaker.type == "ORG"):  # an organisation issues its own
            o, why = relay, "sole"
        if o is None or (o.host and host and o.host in host) or (q.speaker is not None and (
                _same(q.speaker.name, o.name) or is_outlet(q.speaker.name))):
            out.append((None, ""))  # an outlet that speaks («وذكرت الصحيفة أن …») is the speaker, not a relay
            continue
        out.append((o, why))
    return out

def named_outlets(article: Article, quotes: list[Quote]) -> list[Outlet]:
    """Every outlet the article names outside the statements' content, platforms (تويتر) left out."""
    text = article.text
    skip = [(q.content.start, q.content.end) for q in quotes]
    return [o for o in outlets_in(text, _tokens(text, 0, len(text)))
            if not any(a <= o.start < b for a, b in skip) and not _platform(o.name)]


# the longest speaker name (in words) looked up in a sentence that credits an outlet
_NAME_WORDS = 6


def _credited_names(article: Article, quotes: list[Quote], found: dict[int, Outlet]) -> dict[tuple[str, ...], Outlet]:
    """Every run of up to `_NAME_WORDS` folded words of a sentence that credits an outlet, to that outlet
    (the first credited wins): a speaker named there («قال القائد …، المعروف بلقب «النسر»، لقناة …») is the
    one who spoke to it, whatever name his later statements go by. Each sentence is read once."""
    sentences = article.layer("sentences")
    starts = [s.start for s in sentences]
    out: dict[tuple[str, ...], Outlet] = {}
    done: set[int] = set()
    for k, o in sorted(found.items()):
        i = bisect.bisect_right(starts, quotes[k].content.start) - 1
        if i < 0 or i in done:
            continue
        done.add(i)
        words = [fold(w) for _, _, w in _tokens(article.text, sentences[i].start, sentences[i].end)]
        for a in range(len(words)):
            for b in range(a + 1, min(len(words), a + _NAME_WORDS) + 1):
                out.setdefault(tuple(words[a:b]), o)
    return out


def _platform(name: str) -> bool:
    """Whether an outlet's name is only a platform (تويتر، فيسبوك): how it was said, a channel, not who
    relayed it («في بيان على موقع "تويتر"»)."""
    words = [fold(w) for w in name.split()]
    hit = channel_at(words, 0) if words else None
    if hit is not None and hit[0] == len(words):
        return True
    # «موقع التواصل الاجتماعي تويتر»: social media as a whole (`data/platform_names.txt`)
    return any(words[i:i + len(p)] == list(p) for p in platform_names() for i in range(len(words)))


@cache
def platform_names() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(w) for w in r[0].split()) for r in _rows("platform_names.txt"))


def _sole_relay(article: Article, quotes: list[Quote], found: dict[int, Outlet],
                named: list[Outlet]) -> Outlet | None:
    """The one outlet an article credits for its statements, when it credits exactly one: a report put
    together from one interview or dispatch («قال لسكاي نيوز …») is that outlet's report throughout, so its
    other statements, whoever made them, came through it too. Two outlets credited leave each statement
    with its own."""
    relays: list[Outlet] = list(found.values())
    for q in quotes:
        span = q.via.span if q.via is not None else None
        if span is not None:
            o = next((o for o in named if o.start < span.end and span.start < o.end), None)
            relays.append(o or Outlet(span.start, span.end, q.via.name, None))
    keys = {tuple(fold(w) for w in o.name.split()) for o in relays}
    if len(keys) != 1:
        return None
    return min(relays, key=lambda o: o.start)


def is_outlet(name: str) -> bool:
    """Whether a speaker's name is a news outlet: an outlet noun first (وكالة …، صحيفة …) or a known name."""
    words = name.split()
    if not words:
        return False
    if _head(words[0]) is not None:
        return True
    return tuple(fold(w) for w in words) in known_outlets()
