"""The quotation layer's stages, in order."""
from __future__ import annotations

from khabar.article import Article
from khabar.pipeline import Options, stage
from khabar.quotes.extract import find_candidates
from khabar.quotes.speakers import Resolver
from khabar.text.segment import quote_pairs


@stage(requires=("tokens", "sentences", "hashtags", "boilerplate"), provides=("quotes",))
def quotations(article: Article, options: Options) -> None:
    """Find every reported statement outside boilerplate and attribute it."""
    text = article.text
    boiler = article.layer("boilerplate")
    sentences = [
        (s.start, s.end) for s in article.layer("sentences")
        if not any(b.start <= s.start and s.end <= b.end for b in boiler)
    ]
    tokens = [(t.start, t.end) for t in article.layer("tokens")]
    pairs = quote_pairs(text, 0, len(text))
    resolver = Resolver(article)
    article.quotes = [resolver.resolve(c) for c in find_candidates(text, sentences, tokens, pairs)]


STAGES = [quotations]
