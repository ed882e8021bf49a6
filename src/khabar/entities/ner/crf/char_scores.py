"""Per-word entity-type scores from letter n-grams, for any word: what an unseen name looks like from its
letters when no e5 vector of it was shipped.

Most missed names are words the tagger never saw, and half of those are not even among the frequent words
that have type scores from e5 vectors (`type_scores.tsv`). A logistic regression over the word's letter
2–4-grams (fitted at training time, `training/type_scores.py`) gives P(PER/ORG/LOC/MISC/O) for any word:
«سيبراسيو» reads as a name, «المفاوضات» as an ordinary word. Its weights ship as `char_scores.tsv`
(n-gram → one weight per class), and the words it was fitted on ship with their out-of-fold levels
(`char_words.tsv`), so a word the classifier saw reads exactly as it did when the CRF was trained.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

CLASSES = ("O", "PER", "ORG", "LOC", "MISC")
LEVELS = (0.2, 0.45, 0.7)  # probability cut points of levels 1, 2, 3 (the same as the e5 type scores)
NGRAMS = (2, 3, 4)
WEIGHTS_NAME = "char_scores.tsv"
WORDS_NAME = "char_words.tsv"


def ngrams(word: str) -> list[str]:
    """The distinct letter n-grams of the folded word with `<` and `>` at its ends, sorted (both the
    training and the tagger read them from here, so they always agree)."""
    w = "<" + word + ">"
    return sorted({w[i:i + n] for n in NGRAMS for i in range(len(w) - n + 1)})


def marks_of(probs: list[float] | tuple[float, ...], cuts: tuple[float, ...] = LEVELS) -> tuple[str, ...]:
    """`TYPE<level>` for each entity type whose probability reaches a level (CLASSES order, O left out)."""
    out = []
    for typ, p in zip(CLASSES[1:], probs[1:]):
        lv = sum(p >= c for c in cuts)
        if lv:
            out.append(f"{typ}{lv}")
    return tuple(out)


class CharScorer:
    """Level marks of a folded word: from the out-of-fold table when the classifier was fitted on the word,
    else from the n-gram weights."""

    __slots__ = ("weights", "bias", "words")

    def __init__(self, weights: Mapping[str, tuple[float, ...]], bias: tuple[float, ...],
                 words: Mapping[str, tuple[str, ...]]) -> None:
        self.weights = weights
        self.bias = bias
        self.words = words

    def probs(self, word: str) -> list[float]:
        z = list(self.bias)
        for g in ngrams(word):
            w = self.weights.get(g)
            if w:
                for k, x in enumerate(w):
                    z[k] += x
        top = max(z)
        e = [math.exp(x - top) for x in z]
        total = sum(e)
        return [x / total for x in e]

    def marks(self, word: str) -> tuple[str, ...]:
        known = self.words.get(word)
        if known is not None:
            return known
        return marks_of(self.probs(word))

    def __bool__(self) -> bool:
        return bool(self.weights)


def write(scorer: CharScorer, folder: Path) -> None:
    """The weights (first line: the bias, keyed `<bias>`) and the fitted words' marks (`-` for none)."""
    rows = [("<bias>", scorer.bias)] + sorted(scorer.weights.items())
    (folder / WEIGHTS_NAME).write_text("".join(f"{g}\t{' '.join(f'{x:.3f}' for x in w)}\n" for g, w in rows),
                                       encoding="utf-8")
    (folder / WORDS_NAME).write_text("".join(f"{w}\t{' '.join(m) or '-'}\n" for w, m in sorted(scorer.words.items())),
                                     encoding="utf-8")


def read(folder: Path) -> CharScorer | None:
    """The scorer shipped in a model folder, or None for a model trained without one."""
    path = folder / WEIGHTS_NAME
    if not path.is_file():
        return None
    weights: dict[str, tuple[float, ...]] = {}
    bias: tuple[float, ...] = (0.0,) * len(CLASSES)
    for line in path.read_text(encoding="utf-8").splitlines():
        g, _, vals = line.partition("\t")
        w = tuple(float(x) for x in vals.split())
        if g == "<bias>":
            bias = w
        elif g:
            weights[g] = w
    words: dict[str, tuple[str, ...]] = {}
    wpath = folder / WORDS_NAME
    if wpath.is_file():
        for line in wpath.read_text(encoding="utf-8").splitlines():
            w, _, m = line.partition("\t")
            if w:
                words[w] = () if m == "-" else tuple(m.split())
    return CharScorer(weights, bias, words)
