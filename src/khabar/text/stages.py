"""The text layer's stages, in the order the pipeline runs them.

Each stage only reads `article.text` (never changes it) and adds one layer or view, so later stages
(entities, quotes) can rely on offsets into the original whatever the text layer folded or split.
"""
from __future__ import annotations

from khabar.arabic.tokens import tokenize
from khabar.article import Article, Span
from khabar.stage import Options, Stage, stage
from khabar.text.boilerplate import find_boilerplate
from khabar.text.hashtags import clean_view, find_hashtags
from khabar.text.normalize import normalize
from khabar.text.segment import paragraph_ranges, sentence_ranges


@stage(provides=("tokens",))
def tokens_stage(article: Article, options: Options) -> None:
    text = article.text
    # Span built directly: tokenize only yields in-range offsets, and this is the hottest layer.
    article.add_layer("tokens", [Span(s, e, text[s:e]) for s, e in tokenize(text)])


@stage(provides=("normalized",))
def normalize_stage(article: Article, options: Options) -> None:
    article.views["normalized"] = normalize(
        article.text, fold_ta_marbuta=options.fold_ta_marbuta, fold_alef_maqsura=options.fold_alef_maqsura
    )


@stage(provides=("hashtags",))
def hashtags_stage(article: Article, options: Options) -> None:
    text = article.text
    tags = find_hashtags(text, split=options.split_hashtags)
    article.add_layer(
        "hashtags",
        [
            article.span(
                t.start, t.body_end, "hashtag",
                name=t.name(text), name_start=t.body_start, name_end=t.body_end, split=t.split,
            )
            for t in tags
        ],
    )


@stage(requires=("hashtags",), provides=("clean_text",))
def clean_text_stage(article: Article, options: Options) -> None:
    # find_hashtags is memoised on the text, so this reuses the hashtag stage's word breaks.
    article.views["clean_text"] = clean_view(article.text, find_hashtags(article.text, split=options.split_hashtags))


@stage(provides=("boilerplate",))
def boilerplate_stage(article: Article, options: Options) -> None:
    article.add_layer("boilerplate", [article.span(s, e, kind) for s, e, kind in find_boilerplate(article.text)])


@stage(provides=("paragraphs",))
def paragraphs_stage(article: Article, options: Options) -> None:
    article.add_layer("paragraphs", [article.span(s, e, "paragraph") for s, e in paragraph_ranges(article.text)])


@stage(requires=("paragraphs",), provides=("sentences",))
def sentences_stage(article: Article, options: Options) -> None:
    text = article.text
    semi = bool(options.extra.get("split_semicolon", False))
    spans = [
        article.span(s, e, "sentence", paragraph=k)
        for k, para in enumerate(article.layer("paragraphs"))
        for s, e in sentence_ranges(text, para.start, para.end, split_semicolon=semi)
    ]
    article.add_layer("sentences", spans)


STAGES: list[Stage] = [
    tokens_stage,
    normalize_stage,
    hashtags_stage,
    clean_text_stage,
    boilerplate_stage,
    paragraphs_stage,
    sentences_stage,
]
