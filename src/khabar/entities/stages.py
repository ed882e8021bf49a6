"""The entity layer's stages: the model's mentions, then one entity per referent."""
from __future__ import annotations

from collections.abc import Callable
from functools import cache

from khabar.article import Article, Span
from khabar.entities.names import fold
from khabar.stage import Options, stage
from khabar.text.intervals import Intervals


@stage(requires=("tokens", "hashtags", "boilerplate"), provides=("ner",))
def ner_stage(article: Article, options: Options) -> None:
    """Mentions tagged by the NER model `options.ner` names (PER, ORG, LOC, MISC), outside boilerplate (a
    «شارك الخبر» line names nobody)."""
    from khabar.entities.ner import get_tagger
    from khabar.arabic.model import model_form

    tagger = get_tagger(options.ner)
    text = article.text
    boiler = Intervals((b.start, b.end) for b in article.layer("boilerplate"))
    offsets = [(t.start, t.end) for t in article.layer("tokens") if not boiler.covers(t.start)]
    words = [model_form(text[s:e]) for s, e in offsets]
    spans = tagger.tag_spans(text, offsets, words=words, **_budget(tagger, options))
    spans = [_without_conjunction(text, s, e, label) for s, e, label in spans]
    article.add_layer("ner", [Span(s, e, text[s:e], label) for s, e, label in spans])


@cache
def _given_names() -> frozenset[str]:
    """The given names of the shipped name lists (`lists.tsv`, flag `giv`): enough to tell «وميرزا» (و and
    a name) from «وليد» (a name that begins with و)."""
    from khabar.entities.ner.crf.tagger import LISTS_NAME, default_model_path, read_lists

    table = read_lists(default_model_path().with_name(LISTS_NAME))
    return frozenset(w for w, flags in table.items() if any(f.startswith("giv:") for f in flags))


def _without_conjunction(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    """A person the tagger started on the conjunction glued to the given name («…، وميرزا الحداد رئيس
    المجلس»): the name starts after the و, unless the word with its و is itself a name («وليد»، «وفاء»)."""
    if label != "PER" or text[start] != "و":
        return start, end, label
    first = text[start:end].split(maxsplit=1)[0]
    names = _given_names()
    if len(first) < 4 or fold(first) in names or fold(first[1:]) not in names:
        return start, end, label
    return start + 1, end, label


def _budget(tagger: object, options: Options) -> dict[str, Callable[[str], None]]:
    """The article's time budget for a tagger that asks it along its passes (`check_time`); a tagger
    written before the budget existed, without that parameter, is called as before."""
    import inspect

    takes = "check_time" in inspect.signature(tagger.tag_spans).parameters  # type: ignore[attr-defined]
    return {"check_time": options.check_time} if takes else {}


@stage(requires=("ner", "hashtags", "tokens", "boilerplate"), provides=("entities",))
def entities_stage(article: Article, options: Options) -> None:
    from khabar.entities.grouping import group_mentions

    article.entities = group_mentions(article)


STAGES = [ner_stage, entities_stage]
