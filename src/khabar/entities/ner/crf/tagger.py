"""Tag Arabic tokens with the shipped CRF: BIO labels, or entity spans in character offsets.

The model is two CRFs and a word list learnt with them (see MODEL_CARD.md): a first pass over each sentence,
then a second pass that also sees what the first said about the same word elsewhere in the article (a name
tagged once is usually the same name everywhere). A model folder without the second pass still works (one pass).

The model loads on first use and once per process (it is a few MB, and most imports of khabar never tag),
so importing this module costs nothing. Training code lives in `khabar.entities.training` and is never
imported here.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import chain
from importlib import resources
from pathlib import Path
from typing import Any

from khabar.budget import pace
from khabar.entities.bio import bio_to_spans
from khabar.entities.ner.crf import char_scores
from khabar.entities.ner.crf.fast import FastCrf
from khabar.entities.ner.crf.features import (PLAIN, WordReader, document_features, hashtag_flags, is_trigger,
                                              place_after_head, propagate, sentence_parts, settle_lone_words,
                                              warm)
from khabar.errors import ModelError

MODEL_NAME = "ner.crfsuite"
SECOND_NAME = "ner2.crfsuite"
LEXICON_NAME = "lexicon.tsv"
CLUSTERS_NAME = "clusters.tsv"  # word clusters from an unlabelled corpus; only in models trained with one
LISTS_NAME = "lists.tsv"  # name/place list flags per folded word (entities/training/name_lists.py)
TYPE_SCORES_NAME = "type_scores.tsv"  # per-word entity-type score levels (entities/training/type_scores.py)
# Sentences either side whose first-pass labels the second pass sees.
DOC_WINDOW = 8
# Tokens after which a new tagging unit starts: the CRF was trained on sentences, not whole articles.
_SENTENCE_END = frozenset({".", "!", "?", "؟", "…", "۔"})
_MAX_UNIT = 200
# Tokens the numpy decoder takes at once (several sentences decoded together, see fast.py).
_CHUNK = 2000


@dataclass(frozen=True)
class Model:
    first: Any
    second: Any | None
    lexicon: dict[str, tuple[str, ...]]
    reader: WordReader  # how this model reads words: with its own clusters, list flags and type scores, if any
    path: Path  # the CRF files, for the numpy decoder's weights (`fast_crf`), read only when asked for
    second_path: Path | None


@cache
def default_model_path() -> Path:
    """Where the shipped model lives inside the installed package."""
    return Path(str(resources.files("khabar.entities.ner.crf").joinpath("model", MODEL_NAME)))


def read_lexicon(path: Path) -> dict[str, tuple[str, ...]]:
    """`word<TAB>value value ...` lines, as training writes the word list and the word clusters; empty
    without the file."""
    out: dict[str, tuple[str, ...]] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            stem, _, feats = line.partition("\t")
            if stem and feats:
                out[stem] = tuple(feats.split())
    return out


def _open(path: Path) -> Any:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except Exception as exc:  # crfsuite raises a bare ValueError/OSError with little context
        raise ModelError(f"NER model at {path} is unreadable: {exc}") from None
    return tagger


@cache
def read_lists(path: Path) -> dict[str, tuple[str, ...]]:
    """A model's name/place list flags (`lists.tsv`), read once per process: the model's word reader and the
    entity stage's given names (`entities/stages.py`) share the one table."""
    return read_lexicon(path)


@cache
def _load(path: str) -> Model:
    p = Path(path)
    if not p.is_file():
        raise ModelError(f"NER model not found at {path}; train one with `khabar train-ner`")
    first = _open(p)
    second_path = p.with_name(SECOND_NAME)
    second = _open(second_path) if second_path.is_file() else None
    lexicon = read_lexicon(p.with_name(LEXICON_NAME))
    warm()
    clusters = read_lexicon(p.with_name(CLUSTERS_NAME))
    lists = read_lists(p.with_name(LISTS_NAME))
    scores = read_lexicon(p.with_name(TYPE_SCORES_NAME))
    chars = char_scores.read(p.parent)
    return Model(first, second, lexicon,
                 WordReader(clusters, lists, scores, chars) if clusters or lists or scores or chars else PLAIN,
                 p, second_path if second is not None else None)


@cache
def fast_crf(path: Path) -> FastCrf:
    """The numpy decoder's weights of one CRF file (same labels, see fast.py), read on first use: the
    default path never decodes with them, so start-up neither reads them nor holds their attribute table."""
    return FastCrf(path)


def load_model(path: str | Path | None = None) -> Model:
    """The model at `path` (default: the shipped one; the first-pass `.crfsuite` file), opened once per process."""
    return _load(str(path or default_model_path()))


def tag_document(sentences: list[list[str]], *, hashtags: list[list[bool]] | None = None,
                 model: str | Path | None = None, window: int = DOC_WINDOW,
                 check_time: Callable[[str], None] | None = None, crfsuite: bool = True) -> list[list[str]]:
    """BIO labels for consecutive sentences of one text; the second pass and the consistency step
    (`features.propagate`) look `window` sentences around. `check_time` (the article's time budget) is
    asked every couple of thousand words of each pass, so a long article cannot overrun it by a whole pass.

    `crfsuite=False` decodes the CRFs in numpy instead (`fast.py`: the same labels, each word type's features
    turned into label scores once, the sentences of a ~2,000-word run decoded together). It is not the
    default: alone it is faster (tag_document over 300 SaudiNewsNet articles 4.8 s CPU against 6.3 s; with
    the garbage collector off, the NER stage 6.5 s against 6.9 s), but in the whole pipeline the score rows
    and tuples it keeps cost more in garbage collection and memory than it saves (pipeline CPU 21.7 s against
    19.5 s, peak RSS 393 against 340 MB over the same 300 articles)."""
    m = load_model(model)
    if hashtags is None:
        hashtags = [hashtag_flags(t) for t in sentences]
    lex = m.lexicon or None
    tick = pace(check_time)
    parts = []
    for t, h in zip(sentences, hashtags):
        tick(len(t), "named entities: reading words")
        parts.append(sentence_parts(t, h, lexicon=lex, reader=m.reader))
    feats = [[list(chain.from_iterable(ps)) for ps in sp] for sp in parts] if crfsuite else []
    if crfsuite:
        first = []
        for i, p in enumerate(parts):
            tick(len(p), "named entities: first pass")
            first.append(list(m.first.tag(feats[i])) if p else [])
    else:
        first = _in_chunks(fast_crf(m.path).tag_many, parts, tick, "named entities: first pass")
    if m.second is None or m.second_path is None:
        return finish(sentences, first, window)
    extra = document_features(sentences, first, window)
    # The second pass reads the same features plus the document ones (their order does not matter to a CRF).
    if crfsuite:
        second = []
        for i, (p, x) in enumerate(zip(parts, extra)):
            tick(len(p), "named entities: second pass")
            second.append(list(m.second.tag([a + b for a, b in zip(feats[i], x)])) if p else [])
    else:
        second = _in_chunks(fast_crf(m.second_path).tag_many,
                            [[ps + [xs] for ps, xs in zip(p, x)] for p, x in zip(parts, extra)],
                            tick, "named entities: second pass")
    return finish(sentences, second, window)


def _in_chunks(tag_many: Callable[[list[Any]], list[list[str]]], sentences: list[Any],
               tick: Callable[[int, str], None], where: str, size: int = _CHUNK) -> list[list[str]]:
    """`tag_many` over runs of sentences of about `size` tokens, the time budget ticked per sentence as they
    join a run (as often as when each sentence was tagged alone): a sentence's labels never depend on the
    others decoded with it, so where runs are cut changes nothing."""
    out: list[list[str]] = []
    start = count = 0
    for end, sentence in enumerate(sentences, 1):
        tick(len(sentence), where)
        count += len(sentence)
        if count >= size or end == len(sentences):
            out += tag_many(sentences[start:end])
            start, count = end, 0
    return out


def trim_titles(sentences: list[list[str]], labels: list[list[str]]) -> list[list[str]]:
    """A person's span that starts with a speech verb or a title loses them («وشدد سامر الحداد»، «وزير الري
    سامر الحداد» → «سامر الحداد»): ANERcorp leaves titles outside names (7 of 2,722 training names start
    with one), and so do the speakers."""
    from khabar.entities.names import fold, is_role_word

    out = [list(labs) for labs in labels]
    for words, labs, orig in zip(sentences, out, labels):
        for a, b, typ in bio_to_spans(orig):
            if typ != "PER" or b - a < 2:
                continue
            k = a
            while k < b - 1 and is_trigger(words[k]):  # «وشدد سامر الحداد»: the speech verb is no part of it
                k += 1
            if is_role_word(words[k]):
                k += 1
                # the article and its clitic forms are structure, not a word list: they stay in code
                while k < b and (fold(words[k]).startswith(("ال", "وال", "بال", "لل")) or is_role_word(words[k])):
                    k += 1
            if k == a:
                continue
            if k < b:
                labs[a:k] = ["O"] * (k - a)
                labs[k] = "B-PER"
    return out


# Document steps after the one-word consistency (`propagate`), in order: a word tagged alone as a person and
# as a place nearby is the place («وأكدت سالوريا»); the word after «مدينة/قرية/…» is a place («مدينة الرمال»).
# Both fix misses on invented names and are near neutral on ANERcorp (held-out tail, one 90% model: -0.0011
# (one word) and 0; test 0 and 0). A third step, a multi-word organisation found once copied to its other
# exact occurrences within the window, changed 3 spans on the held-out tail and test, all wrongly
# («مجلس إدارة البنك» is no name in ANERcorp), and was left out.
DOCUMENT_STEPS: tuple[Callable[[list[list[str]], list[list[str]], int], list[list[str]]], ...] = (
    settle_lone_words, place_after_head)


def finish(sentences: list[list[str]], labels: list[list[str]], window: int = DOC_WINDOW) -> list[list[str]]:
    """What follows the CRF(s): titles trimmed off names, then the document consistency steps."""
    labels = propagate(sentences, trim_titles(sentences, labels), window)
    for step in DOCUMENT_STEPS:
        labels = step(sentences, labels, window)
    return drop_function_words(sentences, labels)


def drop_function_words(sentences: list[list[str]], labels: list[list[str]]) -> list[list[str]]:
    """A one-word entity that is a particle, pronoun or preposition («على»، «هذا»، «كان») is no entity:
    the fold makes «على» read as the name «علي», and the tagger sometimes follows it."""
    from khabar.entities.names import could_be_name_word

    out = [list(labs) for labs in labels]
    for words, labs in zip(sentences, out):
        for a, b, _ in bio_to_spans(labs):
            if b - a == 1 and not could_be_name_word(words[a]):
                labs[a] = "O"
    return out


def tag(tokens: list[str], *, hashtag: list[bool] | None = None, model: str | Path | None = None) -> list[str]:
    """BIO labels (B-PER, I-LOC, ..., O) for one sentence's tokens."""
    if not tokens:
        return []
    return tag_document([tokens], hashtags=None if hashtag is None else [hashtag], model=model)[0]


def _units(text: str, offsets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Index ranges of tokens that form sentence-like units: cut after end punctuation and at line breaks."""
    units: list[tuple[int, int]] = []
    start = 0
    for i, (s, e) in enumerate(offsets):
        if i > start and ("\n" in text[offsets[i - 1][1]:s] or i - start >= _MAX_UNIT):
            units.append((start, i))
            start = i
        if text[s:e] in _SENTENCE_END:
            units.append((start, i + 1))
            start = i + 1
    if start < len(offsets):
        units.append((start, len(offsets)))
    return units


@dataclass(frozen=True)
class CrfTagger:
    """The `crf` NER model of `khabar.entities.ner`: the shipped CRF, or the one at `model`."""

    model: str | Path | None = None

    def tag_spans(self, text: str, token_offsets: list[tuple[int, int]], *, words: list[str] | None = None,
                  check_time: Callable[[str], None] | None = None) -> list[tuple[int, int, str]]:
        return tag_spans(text, token_offsets, words=words, model=self.model, check_time=check_time)


def tag_spans(text: str, token_offsets: list[tuple[int, int]], *, words: list[str] | None = None,
              model: str | Path | None = None,
              check_time: Callable[[str], None] | None = None) -> list[tuple[int, int, str]]:
    """Entity spans `(start, end, TYPE)` in character offsets of `text`, one per BIO entity.

    `token_offsets` come from `khabar.arabic.tokens.tokenize`; a hashtag's words (after `#` or `_`) are flagged
    so `#البيت_الأبيض` is read as the words it joins. The whole text is one document for the second pass.
    `words`, one per offset, are what the model reads instead of the raw slices (e.g. PDF presentation
    forms rewritten as letters); the spans still point into `text`.
    """
    units = _units(text, token_offsets)
    sentences: list[list[str]] = []
    hashtags: list[list[bool]] = []
    for a, b in units:
        offs = token_offsets[a:b]
        sentences.append(words[a:b] if words is not None else [text[s:e] for s, e in offs])
        flags = [False] * len(offs)
        for i, (s, _) in enumerate(offs):
            before = text[s - 1] if s > 0 else ""
            flags[i] = before == "#" or (before == "_" and i > 0 and flags[i - 1])
        hashtags.append(flags)
    out: list[tuple[int, int, str]] = []
    if not sentences:
        return out
    for (a, _), labels in zip(units, tag_document(sentences, hashtags=hashtags, model=model, check_time=check_time)):
        offs = token_offsets[a:]
        for first, last, typ in bio_to_spans(labels):
            out.append((offs[first][0], offs[last - 1][1], typ))
    return out
