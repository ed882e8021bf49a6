"""The learned filter over quotation candidates: which generous reading of a cue is what was said, if any.

`generous.py` proposes, for a cue the rules left without content, every place its content could start.
Most are wrong (the subject's apposition, an adjunct, a topic). A logistic regression over general
features of each alternative — why it was proposed, the cue's kind, the shape of the content's first
word, how far it starts from the cue, how long it runs — fitted on gold (`khabar train-quotes`, code in
`khabar.eval.quote_training`) scores them; the best alternative of a cue is kept when it scores above
the threshold. The weights ship as JSON read with the standard library. The rules' own candidates pass
through: they are what the shipped speaker model was fitted on.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Callable

from khabar.entities.names import is_role_word
from khabar.quotes.extract import Candidate, Token
from khabar.quotes.lexicon import fold, head_type, lookup_cue, match_pattern
from khabar.quotes.ranker import read_shipped, shipped_model_path

MODEL_FILE = "quote_filter.json"
THRESHOLD = 0.5
_PREPOSITIONS = frozenset(fold(w) for w in "عن في من إلى الى على مع حول ب ل خلال عبر أمام لدى".split())
_POSSESSIVE = ("ه", "ها", "هم", "هما", "هن")
_LONG = 30  # content longer than this many words is simply long: no need to count further


def _start(t: Token) -> int:
    return t.start


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def _shape(word: str) -> str:
    """A word's outline: clitic or article, possessive ending, tanween, digits — what tells a verbal-noun
    object (دعمها، إصابةَ) from an apposition (المتحدث) or an adjunct (اليوم، في)."""
    f = fold(word)
    if not f:
        return "empty"
    if any(ch.isdigit() for ch in f):
        return "digit"
    if f in _PREPOSITIONS:
        return "prep"
    if f in ("و", "ف", "او", "ثم"):
        return "conj"
    cls = match_pattern("speaker_words.tsv", [f], 0)
    if cls is not None:
        return f"class:{cls[1]}"
    if is_role_word(word):
        return "role"
    if head_type(word) is not None:
        return f"head:{head_type(word)}"
    if f.startswith(("ال", "وال")):
        return "definite"
    if f.startswith(("لل", "بال", "كال")):
        return "prep+definite"
    if f[:1] in "بل" and len(f) > 3:
        return "prep_glued"
    if f.endswith(_POSSESSIVE) and len(f) > 4:
        return "possessed"
    if "\u064b" in word or word.endswith("اً"):
        return "tanween"
    return "plain"


def features(c: Candidate) -> dict[str, float]:
    """General features of one candidate; nothing names an article, a person or a sentence."""
    toks = c.tokens
    out: dict[str, float] = {"bias": 1.0, f"reading={c.reading}": 1.0, f"kind={c.kind}": 1.0}
    cue = c.cue
    if cue is not None:
        out[f"cue_form={cue.form}"] = 1.0
        for flag in sorted(cue.flags):
            out[f"cue_flag={flag}"] = 1.0
        out[f"cue_prep={'yes' if cue.prep else 'no'}"] = 1.0
        out[f"cue={cue.lemma}"] = 1.0
        out[f"reading={c.reading}&cue_form={cue.form}"] = 1.0
    # only the content's first words and the few tokens before it are read: a candidate's features cost
    # the same however far its clause runs, so a long sentence of cues stays linear
    first_in = bisect_left(toks, c.start, key=_start)
    words = []
    for t in toks[first_in:]:
        if t.start >= c.end or len(words) > _LONG:
            break
        if any(ch.isalnum() for ch in t.text):
            words.append(t)
    out[f"length={_bucket(len(words), (2, 4, 8, 16, _LONG))}"] = 1.0
    if words:
        first = words[0]
        out[f"first={_shape(first.text)}"] = 1.0
        out[f"reading={c.reading}&first={_shape(first.text)}"] = 1.0
        if len(words) > 1:
            out[f"second={_shape(words[1].text)}"] = 1.0
        out["first_is_cue"] = float(lookup_cue(first.text) is not None)
    between = [] if c.cue_end is None or c.cue_k >= len(toks) else \
        [t for t in toks[c.cue_k + 1 : first_in] if c.cue_end <= t.start < c.start]
    out[f"gap={_bucket(len(between), (0, 1, 2, 4, 7, 12))}"] = 1.0
    out["gap_has_comma"] = float(any(t.text in ("،", ",") for t in between))
    out["gap_has_role"] = float(any(is_role_word(t.text) for t in between))
    out["gap_has_time"] = float(any((match_pattern("speaker_words.tsv", [t.folded], 0) or (0, ""))[1] == "TIME"
                                    for t in between))
    if cue is not None and cue.prep:
        out["cue_prep_later"] = float(any(t.folded == cue.prep for t in words[1:]))
    if c.cue_k < len(toks):
        cue_tok = toks[c.cue_k]
        before = toks[c.cue_k - 1] if c.cue_k > 0 else None
        where = "start" if before is None else "comma" if before.text in ("،", ",") else \
            "punct" if not any(ch.isalnum() for ch in before.text) else "word"
        out[f"cue_after={where}"] = 1.0
        out["cue_conjoined"] = float(cue_tok.folded[:1] in "وف" and lookup_cue(cue_tok.folded[1:]) is not None)
    after_k = bisect_left(toks, c.end, key=_start)
    after = toks[after_k] if after_k < len(toks) else None
    out[f"ends_at={'sentence' if after is None or after.text in ('.', '؟', '?', '!') else 'clause'}"] = 1.0
    return out


@dataclass(slots=True)
class QuoteFilter:
    """Weights of a logistic regression over `features`; an alternative above `threshold` may be kept."""

    weights: dict[str, float]
    intercept: float = 0.0
    threshold: float = THRESHOLD
    meta: dict = field(default_factory=dict)

    def score(self, feats: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_json(cls, data: dict) -> "QuoteFilter":
        return cls(dict(data["weights"]), float(data.get("intercept", 0.0)),
                   float(data.get("threshold", THRESHOLD)), dict(data.get("meta", {})))

    def to_json(self) -> dict:
        return {"weights": {k: round(v, 6) for k, v in sorted(self.weights.items())},
                "intercept": round(self.intercept, 6), "threshold": self.threshold, "meta": self.meta}


Observer = Callable[[Candidate, dict[str, float]], None]


def select(candidates: list[Candidate], scorer: QuoteFilter | None,
           observe: Observer | None = None) -> list[Candidate]:
    """The rules' candidates, and of each cue's generous alternatives the nearest one the filter accepts;
    in text order. Without a filter no generous alternative is kept."""
    kept: list[Candidate] = []
    groups: dict[int | None, list[Candidate]] = {}
    for c in candidates:
        if c.reading == "rule":
            kept.append(c)
        else:
            groups.setdefault(c.cue_start, []).append(c)
    for cue_start in sorted(groups, key=lambda s: -1 if s is None else s):
        alts = groups[cue_start]
        best = None
        for rank, c in enumerate(alts):
            feats = features(c)
            # the nearest start is where content usually begins; later ones run past a subject or adjunct
            feats[f"alt_rank={min(rank, 3)}"] = 1.0
            feats[f"reading={c.reading}&alt_rank={min(rank, 3)}"] = 1.0
            if observe is not None:
                observe(c, feats)
            if best is None and scorer is not None and scorer.score(feats) >= scorer.threshold:
                best = c  # the nearest start the filter accepts: later ones are tails of the same clause
        if best is not None and not any(k.start < best.end and best.start < k.end for k in kept):
            kept.append(best)
    return sorted(kept, key=lambda c: (c.start, c.end))


def model_path() -> Path:
    return shipped_model_path(MODEL_FILE)


@cache
def shipped_filter() -> QuoteFilter | None:
    """The filter that ships with the package, or None when it is absent (then no generous reading is kept)."""
    return read_shipped(MODEL_FILE, QuoteFilter.from_json)
