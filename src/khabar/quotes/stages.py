"""The quotation layer's stages, in order."""
from __future__ import annotations

import re

from khabar.article import Article
from khabar.quotes.channel_choice import choose_channels, shipped_channel_scorer
from khabar.quotes.choice import LearnedResolver
from khabar.quotes.generous import all_candidates
from khabar.quotes.gender import settle
from khabar.quotes.lexicon import fold, is_complementizer, lookup_cue
from khabar.quotes.quote_filter import QuoteFilter, select, shipped_filter
from khabar.quotes.ranker import LinearScorer, load_scorer
from khabar.quotes.speakers import Resolver
from khabar.quotes.statement_type import classify
from khabar.quotes.via import assign_via
from khabar.stage import Options, stage
from khabar.text.intervals import Intervals
from khabar.text.segment import quote_pairs


@stage(requires=("tokens", "paragraphs", "sentences", "hashtags", "boilerplate"), reads=("ner", "entities"),
       provides=("quotes", "entities"))
def quotations(article: Article, options: Options) -> None:
    """Find every reported statement outside boilerplate and attribute it. Linking speakers to entities
    adds the speakers the tagger missed to `entities` and makes a titled speaker a person, hence
    `provides` names it."""
    text = article.text
    aside = Intervals([(b.start, b.end) for b in article.layer("boilerplate")]
                      + [(p.start, p.end) for p in article.layer("paragraphs") if _looks_like_heading(p.text)])
    # joined before headings are set aside: a short wrapped line («السعودية،») is no heading
    sentences = [(a, b) for a, b in _join_wrapped(text, [(s.start, s.end) for s in article.layer("sentences")])
                 if not aside.contains(a, b)]
    tokens = [(t.start, t.end) for t in article.layer("tokens")]
    walls = [(b.start, b.end) for b in article.layer("boilerplate")] + [
        (p.start, p.end) for p in article.layer("paragraphs") if _unterminated_line(p.text)]
    pairs = _pairs_between(text, [(a, b) for a, b in walls if _BLANK_AFTER.match(text, b)])
    resolver = _resolver(article, options)
    names = [(s.start, s.end) for s in article.layer("ner") if s.label in ("PER", "ORG")]
    places = [(s.start, s.end) for s in article.layer("ner") if s.label == "LOC"]
    candidates = select(all_candidates(text, sentences, tokens, pairs, names, options.check_time, places),
                        _quote_filter(options), options.extra.get("quote_observer"))
    quotes = []
    for candidate in candidates:  # the costliest loop of the pipeline: the budget is checked at each step
        options.check_time("quotations: attributing speakers")
        quotes.append(resolver.resolve(candidate))
    article.quotes = quotes
    options.check_time("quotations: settling genders and channels")
    settle(article.quotes, resolver.signs)
    assign_via(article, article.quotes)
    choose_channels(article, article.quotes, _channel_scorer(options), options.extra.get("channel_observer"))


# Words a sentence cannot end on: after them a line break is the width of a column, not a sentence end.
_RUNS_ON = frozenset(fold(w) for w in "في من إلى الى على عن مع خلال بعد قبل لدى حول ب ل و ثم أو بين".split())


def _join_wrapped(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences of text wrapped at a fixed width, joined again: a line that stops on a comma, a
    complementizer, a preposition or a speech verb («وشدد على أن⏎السعودية، تحث …»، «مضيفاً أنه⏎عند …») runs on
    into the next line when only a single line break stands between them."""
    out: list[tuple[int, int]] = []
    wrapped = _hard_wrapped(text, sentences)
    for start, end in sentences:
        if out and (_runs_on(text, out[-1], start) or (wrapped and _unfinished(text, out[-1], start))):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


# An article whose lines break mid-sentence at least this many times, and at most of its single line breaks,
# is wrapped at a fixed width: every line that does not end a sentence runs on into the next.
_MIN_WRAPPED_BREAKS = 4


# A line of a column wrapped at a fixed width holds at most this many words; a paragraph the outlet left
# without a final stop («وأكدت الوزارة أن …⏎وأوضحت …») is longer.
_MAX_COLUMN_WORDS = 12


def _unfinished(text: str, before: tuple[int, int], start: int) -> bool:
    """A single line break after a short line that ends with no stop (the sentence runs on)."""
    gap = text[before[1]:start]
    line = text[text.rfind("\n", 0, before[1]) + 1 : before[1]]
    line_end = text.find("\n", start)
    nxt = text[start : line_end if line_end >= 0 else len(text)]
    # a line of dashes or bullets between items of a list (related headlines) is no column text
    return gap.count("\n") == 1 and not gap.strip() and start > before[1] \
        and any(ch.isalpha() for ch in line) and any(ch.isalpha() for ch in nxt) \
        and len(line.split()) <= _MAX_COLUMN_WORDS \
        and text[before[0]:before[1]].rstrip(_CLOSERS)[-1:] not in _TERMINAL + ":"


def _hard_wrapped(text: str, sentences: list[tuple[int, int]]) -> bool:
    """Whether the article's lines are wrapped at a fixed width («قال⏎وزير المالية⏎محمد الجدعان، إن …»): most
    single line breaks fall after a line with no stop, and there are several of them. A page with a headline
    and a few lines of byline is not."""
    single = unfinished = 0
    for before, (start, _) in zip(sentences, sentences[1:]):
        gap = text[before[1]:start]
        if gap.count("\n") != 1 or gap.strip():
            continue
        single += 1
        unfinished += _unfinished(text, before, start)
    return unfinished >= _MIN_WRAPPED_BREAKS and 2 * unfinished > single


def _runs_on(text: str, before: tuple[int, int], start: int) -> bool:
    gap = text[before[1]:start]
    if gap.count("\n") != 1 or gap.strip() or start <= before[1]:
        return False
    words = text[before[0]:before[1]].split()
    if not words:
        return False
    last = words[-1]
    if last[-1:] in ("،", ","):
        return True
    f = fold(last)
    return f in _RUNS_ON or is_complementizer(last) or (lookup_cue(last) is not None and not f.startswith("ال"))


_BLANK_AFTER = re.compile(r"[ \t\u00a0]*\n\s*\n|\s*$")


def _unterminated_line(text: str) -> bool:
    """A short line with no closing stop, whatever its marks: a headline, a dateline, a byline."""
    return len(text.split()) < 15 and text.rstrip(_CLOSERS)[-1:] not in _TERMINAL


def _pairs_between(text: str, walls: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Quotation-mark pairs of the text between `walls`, the headlines, bylines and boilerplate that stand
    alone (a blank line after them): a headline's unclosed mark must not pair with one paragraphs later and hide every cue between them
    as nested speech, while a quotation of several paragraphs (a letter, a speech) or of lines wrapped at a
    fixed width still pairs across them."""
    out: list[tuple[int, int, str]] = []
    start = 0
    for a, b in sorted(walls):
        if a > start:
            out.extend(quote_pairs(text, start, a))
        start = max(start, b)
    out.extend(quote_pairs(text, start, len(text)))
    return out


# How speakers are chosen unless options.extra["speakers"] says: "rules", "model" (the shipped learned
# scorer over the rules' candidates) or a LinearScorer.
DEFAULT_SPEAKERS = "model"


def _resolver(article: Article, options: Options) -> Resolver:
    how = options.extra.get("speakers", DEFAULT_SPEAKERS)
    observe = options.extra.get("speaker_observer")
    scorer = how if isinstance(how, LinearScorer) else load_scorer() if how == "model" else None
    if scorer is None and observe is None:
        return Resolver(article)
    return LearnedResolver(article, scorer, observe)


def _channel_scorer(options: Options) -> LinearScorer | None:
    """options.extra["channels"]: "model" (the shipped channel scorer, the default), "rules" (the channel
    next to the cue, shared across a speaker's statements) or a LinearScorer (training passes its own)."""
    how = options.extra.get("channels", "model")
    if isinstance(how, LinearScorer):
        return how
    return shipped_channel_scorer() if how == "model" else None


def _quote_filter(options: Options) -> QuoteFilter | None:
    """options.extra["quote_filter"]: "model" (the shipped filter, the default), "rules" (the rules'
    candidates only) or a QuoteFilter (training and cross-validation pass their own)."""
    how = options.extra.get("quote_filter", "model")
    if isinstance(how, QuoteFilter):
        return how
    return shipped_filter() if how == "model" else None


_TERMINAL = ".!؟?…"
_CLOSERS = "»”\"'’)] \t"


def _looks_like_heading(text: str) -> bool:
    """A headline or subheading: short, no closing stop, and not opened by a و-cue as body text is.
    The guidelines leave headlines unannotated («مسؤول: …» above an article paraphrases its body)."""
    words = text.split()
    if not words or len(words) >= 15:
        return False
    if text.rstrip(_CLOSERS)[-1:] in _TERMINAL:
        return False
    if text[0] in "«“\"„" or sum(text.count(m) for m in "«“„") != sum(text.count(m) for m in "»”") \
            or text.count('"') % 2:
        return False  # a quotation running over lines, not a heading
    first = words[0].strip("«“\":،,")
    cue = lookup_cue(first)
    return not (cue is not None and fold(first)[:1] in "وف")


@stage(requires=("quotes",), provides=("quotes",))
def statement_types(article: Article, options: Options) -> None:
    """File every quotation under the one statement type an editor would: the cue's, or its content's
    when the cue says nothing more than «قال»."""
    for q in article.quotes:
        q.statement_type = classify(article.text, q)


STAGES = [quotations, statement_types]
