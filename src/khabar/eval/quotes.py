"""Score quotation extraction the way the shared gold guidelines define it.

The figures must be the ones the project is judged by, so this follows GUIDELINES.md to the letter: both
sides folded the same way, a prediction matches a gold quotation when their word overlap reaches half of
the longer one, greedy best-first one-to-one matching, speaker checked strictly and leniently, and on matched
quotations the accuracy of the fields its `--fields` reports. A test holds this scorer and the shared one
(with `--fields`) to the same numbers on the dev set.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from khabar.errors import InputError

# The scorer's fold is deliberately not `khabar.arabic.fold_text`: the figures are only the project's if they
# equal the shared gold scorer's (../shared/eval/score_quotes.py), so this copies its `normalize` rule for
# rule (whole-string NFKC, its marks and letter table, '#'/'_' and punctuation as spaces) and changes only
# when it does. tests/test_eval_scorer.py holds the two folds equal.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_NOT_WORD = re.compile(r"[^\w\s]|_")
_LETTERS = str.maketrans({"إ": "ا", "أ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك",
                          "ھ": "ه", "ے": "ي", "#": " ", "_": " "})


def fold_for_scoring(text: str | None) -> str:
    text = _MARKS.sub("", unicodedata.normalize("NFKC", text or "")).translate(_LETTERS)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def overlap(a: str, b: str) -> float:
    """Shared words (as multisets) over the longer side's word count."""
    wa, wb = fold_for_scoring(a).split(), fold_for_scoring(b).split()
    if not wa or not wb:
        return 0.0
    common = sum((Counter(wa) & Counter(wb)).values())
    return common / max(len(wa), len(wb))


def speaker_matches(pred: str, gold: dict[str, Any], lenient: bool) -> bool:
    p = fold_for_scoring(pred)
    if not p:
        return False
    full = fold_for_scoring(gold.get("speaker"))
    if p == full:
        return True
    if not lenient:
        return False
    if p in {fold_for_scoring(a) for a in gold.get("aliases", [])}:
        return True
    pw, fw = p.split(), full.split()
    return any(fw[i : i + len(pw)] == pw for i in range(len(fw) - len(pw) + 1))


def pair_up(gold: list[dict], pred: list[dict], threshold: float = 0.5) -> list[tuple[int, int]]:
    scored = sorted(
        ((overlap(g["text"], p.get("text", "")), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for score, gi, pi in scored:
        if score < threshold:
            break
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def _speaker_name(q: dict) -> str:
    sp = q.get("speaker") or ""
    return (sp.get("name") or "") if isinstance(sp, dict) else str(sp)


# The quotation fields the shared scorer's `--fields` reports, in its order. Scored like it does: on matched
# quotations whose gold has the field; speaker_gender wherever gold has the key (null means "no gender", so
# the prediction must give none), the others only where gold gives a value.
FIELDS = ("speaker_gender", "statement_type", "channel", "via")


def predicted_field(q: dict, name: str) -> str | None:
    """The prediction's value for a field, None when it gives none (read the way the shared scorer reads it)."""
    if name == "speaker_gender":
        value = q.get("speaker_gender")
        if value is None and isinstance(q.get("speaker"), dict):
            value = q["speaker"].get("gender")
        return value or None
    if name == "via":
        via = q.get("via")
        return (via.get("name") if isinstance(via, dict) else via) or None
    return q.get(name) or None


def field_matches(name: str, pred: str | None, gold: Any) -> bool:
    if name == "via":  # the gold via or a word-for-word part of it, like a lenient speaker
        return pred is not None and speaker_matches(pred, {"speaker": gold}, True)
    if name == "channel":
        return fold_for_scoring(pred or "") == fold_for_scoring(gold)
    return pred == gold


@dataclass
class QuoteScore:
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_full_ok: int = 0
    speaker_any_ok: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})  # [scored, right]
    errors: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        def prf(tp: int) -> tuple[float, float, float]:
            p = tp / self.predicted if self.predicted else 0.0
            r = tp / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        p, r, f = prf(self.matched)
        e2e = prf(self.speaker_any_ok)[2]
        m = self.matched
        return {
            "articles": self.articles, "gold": self.gold, "predicted": self.predicted, "matched": m,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "speaker_full": round(self.speaker_full_ok / m, 4) if m else 0.0,
            "speaker_any": round(self.speaker_any_ok / m, 4) if m else 0.0,
            "end_to_end_f1": round(e2e, 4),
            "recall_by_kind": {k: round(v[1] / v[0], 4) for k, v in sorted(self.by_kind.items())},
            **{f: round(c[1] / c[0], 4) if c[0] else None for f, c in self.fields.items()},
        }


def score(gold: dict[str, dict], pred: dict[str, dict]) -> QuoteScore:
    """Score predictions against gold, both keyed by article id."""
    s = QuoteScore(articles=len(gold))
    for doc_id, g in gold.items():
        gq = g.get("quotes", [])
        pq = pred.get(doc_id, {}).get("quotes", [])
        s.gold += len(gq)
        s.predicted += len(pq)
        pairs = pair_up(gq, pq)
        s.matched += len(pairs)
        hit = {gi for gi, _ in pairs}
        for gi, q in enumerate(gq):
            k = s.by_kind.setdefault(q.get("kind", "?"), [0, 0])
            k[0] += 1
            k[1] += gi in hit
        for gi, pi in pairs:
            name = _speaker_name(pq[pi])
            s.speaker_full_ok += speaker_matches(name, gq[gi], False)
            if speaker_matches(name, gq[gi], True):
                s.speaker_any_ok += 1
            else:
                s.errors.append(f"[{doc_id}] speaker {name!r} != {gq[gi]['speaker']!r}: {gq[gi]['text'][:60]}")
            for f in FIELDS:
                if f in gq[gi] and (f == "speaker_gender" or gq[gi][f]):
                    value = predicted_field(pq[pi], f)
                    ok = field_matches(f, value, gq[gi][f])
                    s.fields[f][0] += 1
                    s.fields[f][1] += ok
                    if not ok:
                        s.errors.append(f"[{doc_id}] {f} {value!r} != {gq[gi][f]!r}: {gq[gi]['text'][:50]}")
        used = {pi for _, pi in pairs}
        s.errors += [f"[{doc_id}] missed ({q.get('kind')}): {q['text'][:70]}" for gi, q in enumerate(gq) if gi not in hit]
        s.errors += [f"[{doc_id}] spurious: {q.get('text', '')[:70]}" for pi, q in enumerate(pq) if pi not in used]
    return s


def load_jsonl(path: str | Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}", f"not JSON: {exc.msg}") from exc
        if not isinstance(row, dict) or "id" not in row:
            raise InputError(f"{path}:{n}", "a gold line needs an object with an id")
        out[str(row["id"])] = row
    return out


def predict(gold: dict[str, dict], options: Any = None) -> dict[str, dict]:
    """Run the pipeline on the gold articles' `id` and `text` only."""
    from khabar.pipeline import extract

    out = {}
    for doc_id, row in gold.items():
        article = extract(row.get("text", ""), id=doc_id, options=options)
        out[doc_id] = {"id": doc_id, "quotes": [q.to_dict() for q in article.quotes]}
    return out


def evaluate(paths: Iterable[str | Path], options: Any = None) -> QuoteScore:
    gold: dict[str, dict] = {}
    for p in paths:
        gold.update(load_jsonl(p))
    return score(gold, predict(gold, options))
