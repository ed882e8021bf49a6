"""A learned choice of each statement's channel among the channels its article names.

The resolver reads a channel next to the cue and carries it to an implicit «وأضاف»; `share_channels` gives
it to the same speaker's other statements. On news the rules were not grown on that leaves many statements
without the channel a reader understands (an interview named once in the lead, a press conference two
sentences back), while handing an article's only channel to every statement labels statements the gold
leaves bare. Here each channel the article names is a candidate for each statement, described by where it
is written relative to the statement (its own sentence, how many sentences before or after, near the same
speaker's name however spelt, beside another person's, in a sentence that only frames the report, after a
word crediting an outlet, claimed by another speaker's statement) and what the rules said; a logistic scorer fitted
on gold (`khabar train-channels`, code in `khabar.eval.channel_training`) keeps the best candidate when it
scores over `THRESHOLD`, else none. A channel named at the statement's own cue («وقال في بيان …») stands
as written: the scorer only chooses for statements whose cue names none (a «وأضاف», a statement two
sentences after the interview is named). The weights ship as JSON read with the standard library.
"""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from khabar.article import Article, Quote
from khabar.datafiles import lines
from khabar.entities.names import fold
from khabar.quotes.channel import share_channels
from khabar.quotes.lexicon import channel_at, may_start_pattern
from khabar.quotes.ranker import LinearScorer, read_shipped, shipped_model_path
from khabar.text.intervals import next_position, positions_where

MODEL_FILE = "channels.json"
# Keep the best channel from this probability on (for a statement whose cue names none). The probability is
# shared among an article's channels, so the best is often under one half. Chosen with C in
# `eval/channel_training.py` as the pair with the best F1 of channels given (right where the gold has one
# against all given) in the 5-fold cross-validation over train, the cue's own channel standing: right/unasked
# of 248/558 at C=1: 0.2 209/111, 0.25 203/105, 0.3 196/102, 0.35 192/97; C=0.3: 0.2 210/121, 0.3 195/106;
# C=0.1: 0.2 211/135, 0.3 194/109; the rules 172/127 (see CHANNEL_CARD.md).
THRESHOLD = 0.2
# Two channel words this many tokens apart in one sentence belong to one phrase («حوار مع برنامج …»).
_PHRASE = 6


@dataclass(slots=True)
class ChannelWord:
    """One place the article names a channel: the folded value, its offset, its sentence, whether it sits
    inside a quotation's content (then it is what was said, not how)."""

    channel: str
    start: int
    sentence: int
    in_content: bool
    index: int = 0  # its first token
    credited: bool = False  # just after «وفقاً ل»، «بحسب»، «مراسل»: the outlet credited, not the medium


@cache
def credit_words() -> frozenset[str]:
    """Words that, just before a channel word, make it an outlet credited for the report
    (`data/channel_credits.txt`)."""
    return frozenset(fold(line) for line in lines("khabar.quotes", "channel_credits.txt"))


def _credited(words: list[str], i: int) -> bool:
    """Whether one of the two words before token i credits an outlet («وفقاً لقناة»، «مراسلة قناة»)."""
    credits = credit_words()
    for w in words[max(0, i - 2):i]:
        if w in credits or (w[:1] in "وف" and w[1:] in credits):
            return True
    return False


_CHANNELS = "channels.tsv"  # the data file `lexicon.channel_at` reads


def _channel_tokens(words: list[str]) -> list[int]:
    """The tokens (folded `words`) where a channel can start, itself or behind a clitic: `channel_words`
    steps over the rest by bisection instead of trying each (each distinct word is asked once)."""
    return positions_where(words, lambda w: bool(w) and (may_start_pattern(_CHANNELS, w) or (
        w[:1] in "وفبل" and len(w) > 4 and may_start_pattern(_CHANNELS, w[1:]))))


def channel_words(article: Article, quotes: list[Quote]) -> list[ChannelWord]:
    """Every channel word of the article, in order (`data/channels.tsv`, also behind a clitic)."""
    toks = article.layer("tokens")
    words = [fold(t.text) for t in toks]
    starts = [s.start for s in article.layer("sentences")]
    contents = [(q.content.start, q.content.end) for q in quotes]
    out: list[ChannelWord] = []
    can_start = _channel_tokens(words)
    i = 0
    while (i := next_position(can_start, i, len(words))) < len(words):
        hit = channel_at(words, i) if words[i] else None
        if hit is None and words[i][:1] in "وفبل" and len(words[i]) > 4:
            whole, words[i] = words[i], words[i][1:]  # «ببرنامج»، «وبيان»: the clitic is not the word
            hit = channel_at(words, i)
            words[i] = whole
        if hit is None:
            i += 1
            continue
        at = toks[i].start
        sent = max(0, bisect.bisect_right(starts, at) - 1)
        out.append(ChannelWord(hit[1], at, sent, any(a <= at < b for a, b in contents), i, _credited(words, i)))
        i += hit[0]
    return out


def _strip_al(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def _speaker_key(q: Quote) -> str | None:
    if q.speaker is None:
        return None
    return q.speaker.entity_id or fold(q.speaker.name)


def _name_words(q: Quote) -> frozenset[str]:
    """The speaker's name as folded words without the article «ال» (حازم القاسم and حازم قاسم are one man)."""
    if q.speaker is None:
        return frozenset()
    words = (fold(w) for w in q.speaker.name.split())
    return frozenset(_strip_al(w) for w in words if len(w) > 1)


def _other_speaker_since(quotes: list[Quote]) -> list[int]:
    """For each statement, where the latest earlier statement of another speaker starts (-1: none)."""
    out = [-1] * len(quotes)
    latest: tuple[int, str | None] | None = None  # the latest statement's start and speaker
    other = -1  # the latest start whose speaker differs from `latest`'s
    for i in sorted(range(len(quotes)), key=lambda k: quotes[k].content.start):
        key = _speaker_key(quotes[i])
        if latest is not None and latest[1] != key:
            out[i], other = latest[0], latest[0]
        else:
            out[i] = other
        latest = (quotes[i].content.start, key)
    return out


def channel_options(article: Article, quotes: list[Quote], own: list[str | None]) -> list[list[tuple[str, dict[str, float]]]]:
    """For each quotation, its candidate channels with their features.

    `own` is each quotation's channel as the resolver read it (next to its cue, or carried to an implicit
    cue); the quotations' `channel` may already hold the shared reading."""
    words = channel_words(article, quotes)
    outside = [w for w in words if not w.in_content]
    starts = [s.start for s in article.layer("sentences")]
    paragraphs = article.layer("paragraphs")
    first_par_end = paragraphs[0].end if paragraphs else 0
    distinct = sorted({w.channel for w in outside})
    counts = {c: sum(1 for w in outside if w.channel == c) for c in distinct}
    # how often each speaker's statements (and all statements) name each channel next to their cue
    by_speaker: dict[str | None, Counter[str]] = {}
    overall: Counter[str] = Counter()
    for q, ch in zip(quotes, own):
        by_speaker.setdefault(_speaker_key(q), Counter())
        if ch:
            by_speaker[_speaker_key(q)][ch] += 1
            overall[ch] += 1
    entities = {e.id: e for e in article.entities}
    other_since = _other_speaker_since(quotes)
    # the sentences that hold a statement: a channel word in any other sentence frames the report as a whole
    # («وأنهى المتحدث مداخلته الهاتفية …»، «جاء ذلك في مؤتمر صحفي …»)
    quoted = {max(0, bisect.bisect_right(starts, q.content.start) - 1) for q in quotes}
    sents = article.layer("sentences")
    # the people each sentence names: a channel word beside another person («وأشاد فلان خلال مؤتمر صحفي …»)
    # is that person's appearance
    people: dict[int, list[frozenset[str]]] = {}
    for e in article.entities:
        if e.type != "PER":
            continue
        person = frozenset(_strip_al(fold(w)) for w in e.name.split() if len(w) > 1)
        for m in e.mentions:
            people.setdefault(max(0, bisect.bisect_right(starts, m.start) - 1), []).append(person)
    toks = article.layer("tokens")
    tok_starts = [t.start for t in toks]
    sent_words: dict[int, frozenset[str]] = {}
    for w in outside:
        if w.sentence < len(sents) and w.sentence not in sent_words:
            a = bisect.bisect_left(tok_starts, sents[w.sentence].start)
            b = bisect.bisect_left(tok_starts, sents[w.sentence].end)
            sent_words[w.sentence] = frozenset(_strip_al(fold(t.text)) for t in toks[a:b])
    result: list[list[tuple[str, dict[str, float]]]] = []
    for i, q in enumerate(quotes):
        sent = max(0, bisect.bisect_right(starts, q.content.start) - 1)
        key = _speaker_key(q)
        names = _name_words(q)
        mates: Counter[str] = Counter(by_speaker[key]) if key is not None else Counter()
        if own[i] and key is not None:
            mates[own[i]] -= 1
        mine_total = Counter(by_speaker[key]) if key is not None else Counter({own[i]: 1} if own[i] else {})
        speaker_sents: set[int] = set()
        if q.speaker is not None and q.speaker.entity_id in entities:
            speaker_sents = {max(0, bisect.bisect_right(starts, m.start) - 1)
                             for m in entities[q.speaker.entity_id].mentions}
        cands = list(distinct)
        for extra in (own[i], q.channel):
            if extra and extra not in cands:
                cands.append(extra)
        opts: list[tuple[str, dict[str, float]]] = []
        for ch in cands:
            f: dict[str, float] = {"bias": 1.0, f"chan={ch}": 1.0, f"kind={q.kind}": 1.0}
            f["own"] = float(own[i] == ch)
            f["own_other"] = float(own[i] is not None and own[i] != ch)
            f["shared"] = float(q.channel == ch and own[i] != ch)
            f["mate_has"] = float(mates[ch] > 0)
            f["mate_other"] = float(any(n > 0 for c, n in mates.items() if c != ch))
            f["other_has"] = float(overall[ch] - mine_total[ch] > 0)
            f["no_speaker"] = float(q.speaker is None)
            f["implicit"] = float(q.speaker is not None and q.speaker.span is None)
            if q.speaker is not None:
                f[f"stype={q.speaker.type or '?'}"] = 1.0
            mine = [w for w in outside if w.channel == ch]
            f[f"count={_bucket(len(mine), (0, 1, 2, 4))}"] = 1.0
            f[f"distinct={_bucket(len(distinct), (1, 2))}"] = 1.0
            f["only_channel"] = float(distinct == [ch])
            f["most_named"] = float(bool(mine) and len(mine) == max(counts.values()))
            f["in_lead"] = float(any(w.start < first_par_end for w in mine))
            f["only_in_content"] = float(not mine and any(w.channel == ch for w in words))
            if mine:
                near = min(mine, key=lambda w: (abs(w.sentence - sent), w.sentence > sent))
                d = near.sentence - sent
                # «في مقابلة مع قناة …»: the first channel word of a phrase says how it was said, the next
                # one describes the medium
                f["modifier"] = float(any(w.channel != ch and w.sentence == near.sentence
                                          and 0 < near.index - w.index <= _PHRASE for w in outside))
                f[f"dist={_bucket(abs(d), (0, 1, 2, 4, 8))}"] = 1.0
                if d:
                    f[f"dir={'before' if d < 0 else 'after'}"] = 1.0
                f["near_speaker"] = float(any(w.sentence in speaker_sents for w in mine))
                f["names_speaker"] = float(bool(names) and any(names & sent_words.get(w.sentence, frozenset())
                                                               for w in mine))
                f["credited"] = float(near.credited)
                f["names_other"] = float(any(not (p & names) for w in mine if w.sentence == near.sentence
                                             for p in people.get(w.sentence, [])))
                f["frame"] = float(any(w.sentence not in quoted for w in mine))
                if d < 0:  # another speaker's statement since the channel word closes its scope
                    f["crossed"] = float(other_since[i] > near.start)
                f["before_quote"] = float(any(w.start <= q.content.start for w in mine))
            else:
                f["dist=none"] = 1.0
            opts.append((ch, f))
        result.append(opts)
    return result


def decide(scorer: LinearScorer, options: list[tuple[str, dict[str, float]]]) -> str | None:
    """The best-scoring channel when its probability reaches `THRESHOLD`, else none (the first wins ties)."""
    best: tuple[float, str] | None = None
    for ch, f in options:
        s = scorer.score(f)
        if best is None or s > best[0] + 1e-12:
            best = (s, ch)
    return best[1] if best is not None and best[0] >= THRESHOLD else None


def pick(scorer: LinearScorer, options: list[tuple[str, dict[str, float]]]) -> str | None:
    """A statement's channel: the one named at its cue when the rules read one («وقال في بيان …»: the
    article says how it was said, GUIDELINES.md), else the learned choice among the article's channels."""
    own = next((ch for ch, f in options if f.get("own")), None)
    return own if own is not None else decide(scorer, options)


Observer = Callable[[list[list[tuple[str, dict[str, float]]]]], None]


def choose_channels(article: Article, quotes: list[Quote], scorer: LinearScorer | None,
                    observe: Observer | None = None) -> None:
    """Set each quotation's channel: the rules' reading shared across a speaker's statements, then, with a
    scorer, the learned choice over the article's channels. `observe` (training) is shown every
    quotation's candidates."""
    own = [q.channel for q in quotes]
    share_channels(quotes)
    if scorer is None and observe is None:
        return
    options = channel_options(article, quotes, own)
    if observe is not None:
        observe(options)
    if scorer is None:
        return
    for q, opts in zip(quotes, options):
        q.channel = pick(scorer, opts)


def model_path() -> Path:
    return shipped_model_path(MODEL_FILE)


@cache
def shipped_channel_scorer() -> LinearScorer | None:
    """The channel model that ships with the package, or None when it is absent."""
    return read_shipped(MODEL_FILE, LinearScorer.from_json)
