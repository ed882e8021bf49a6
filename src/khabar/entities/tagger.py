"""Tag Arabic tokens with the shipped CRF: BIO labels, or entity spans in character offsets.

The model loads on first use and once per process (it is a few MB, and most imports of khabar never tag),
so importing this module costs nothing. Training code lives in `train.py` and is never imported here.
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from khabar.entities.conll import bio_to_spans
from khabar.entities.features import hashtag_flags, sentence_features, warm
from khabar.errors import ModelError

MODEL_NAME = "ner.crfsuite"
# Tokens after which a new tagging unit starts: the CRF was trained on sentences, not whole articles.
_SENTENCE_END = frozenset({".", "!", "?", "؟", "…", "۔"})
_MAX_UNIT = 200


def default_model_path() -> Path:
    """Where the shipped model lives inside the installed package."""
    return Path(str(resources.files("khabar.entities").joinpath("model", MODEL_NAME)))


@cache
def _load(path: str) -> Any:
    import pycrfsuite

    if not Path(path).is_file():
        raise ModelError(f"NER model not found at {path}; train one with `khabar train-ner`")
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(path)
    except Exception as exc:  # crfsuite raises a bare ValueError/OSError with little context
        raise ModelError(f"NER model at {path} is unreadable: {exc}") from None
    warm()
    return tagger


def load_model(path: str | Path | None = None) -> Any:
    """The `pycrfsuite.Tagger` for `path` (default: the shipped model), opened once per process."""
    return _load(str(path or default_model_path()))


def tag(tokens: list[str], *, hashtag: list[bool] | None = None, model: str | Path | None = None) -> list[str]:
    """BIO labels (B-PER, I-LOC, ..., O) for one sentence's tokens."""
    if not tokens:
        return []
    tagger = load_model(model)
    if hashtag is None:
        hashtag = hashtag_flags(tokens)
    return list(tagger.tag(sentence_features(tokens, hashtag)))


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


def tag_spans(text: str, token_offsets: list[tuple[int, int]], *,
              model: str | Path | None = None) -> list[tuple[int, int, str]]:
    """Entity spans `(start, end, TYPE)` in character offsets of `text`, one per BIO entity.

    `token_offsets` come from `khabar.text.tokens.tokenize`; a hashtag's words (after `#` or `_`) are flagged
    so `#البيت_الأبيض` is read as the words it joins.
    """
    out: list[tuple[int, int, str]] = []
    for a, b in _units(text, token_offsets):
        offs = token_offsets[a:b]
        tokens = [text[s:e] for s, e in offs]
        flags = [False] * len(offs)
        for i, (s, _) in enumerate(offs):
            before = text[s - 1] if s > 0 else ""
            flags[i] = before == "#" or (before == "_" and i > 0 and flags[i - 1])
        labels = tag(tokens, hashtag=flags, model=model)
        for first, last, typ in bio_to_spans(labels):
            out.append((offs[first][0], offs[last - 1][1], typ))
    return out
