"""Fit the channel scorer on gold quotations: candidates are the channels each article names.

Every predicted quotation that pairs with a gold one gives a group of candidate channels (features from
`khabar.quotes.channel_choice`); a candidate is positive when it equals the gold channel, so a quotation the
gold leaves without a channel teaches the scorer to keep none. A logistic regression is fitted with
scikit-learn and its weights ship as JSON. Folds for cross-validation are by article, round-robin in sorted
id order, so the figures and the weights are the same on every run.

Two figures matter: `channel` (right channel on matched quotations whose gold has one, as the gold scorer
counts it) and `unasked` (matched quotations the gold leaves bare that are given a channel anyway: a label
the reader did not see in the article).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khabar.eval.quotes import fold_for_scoring, pair_up
from khabar.eval.speaker_training import fit_and_save, folds_of, load_gold
from khabar.pipeline import Options, extract
from khabar.quotes.channel_choice import THRESHOLD, model_path, pick
from khabar.quotes.ranker import LinearScorer

FOLDS = 5
# chosen with `channel_choice.THRESHOLD` by the 5-fold cross-validation over train (the comment there)
C_VALUE = 1.0


@dataclass
class Group:
    """One matched quotation: its candidate channels, their features, the gold channel and the rules'."""

    article: str
    names: list[str]
    feats: list[dict[str, float]]
    gold: str | None
    rules: str | None


def collect(gold: dict[str, dict]) -> list[Group]:
    """Candidate groups of every predicted quotation that pairs with a gold one."""
    groups: list[Group] = []
    for doc_id in sorted(gold):
        seen: list = []
        extra: dict[str, Any] = {"channels": "rules", "channel_observer": seen.append}
        article = extract(gold[doc_id].get("text", ""), id=doc_id, options=Options(extra=extra))
        options = seen[0] if seen else []
        gq = gold[doc_id].get("quotes", [])
        pq = [q.to_dict() for q in article.quotes]
        for gi, pi in sorted(pair_up(gq, pq), key=lambda x: x[1]):
            opts = options[pi] if pi < len(options) else []
            groups.append(Group(doc_id, [c for c, _ in opts], [f for _, f in opts],
                                gq[gi].get("channel") or None, article.quotes[pi].channel))
    return groups


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and fold_for_scoring(a) == fold_for_scoring(b)


def fit(groups: list[Group], c_value: float = C_VALUE) -> LinearScorer:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [f for g in groups for f in g.feats]
    y = [int(_same(n, g.gold)) for g in groups for n in g.names]
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=c_value, max_iter=5000, solver="lbfgs")
    model.fit(x, y)
    weights = {name: float(w) for name, w in zip(vec.get_feature_names_out(), model.coef_[0]) if abs(w) > 1e-9}
    return LinearScorer(weights, float(model.intercept_[0]),
                        {"C": c_value, "groups": len(groups), "rows": len(rows), "threshold": THRESHOLD})


def figures(groups: list[Group], picks: list[str | None]) -> dict[str, Any]:
    """Channel accuracy where the gold has one, and the channels given where it has none."""
    asked = [(g, p) for g, p in zip(groups, picks) if g.gold]
    right = sum(_same(p, g.gold) for g, p in asked)
    bare = [(g, p) for g, p in zip(groups, picks) if not g.gold]
    return {"with_gold_channel": len(asked), "right": right,
            "channel": round(right / len(asked), 4) if asked else None,
            "without_gold_channel": len(bare), "unasked": sum(p is not None for _, p in bare)}


def cross_validate(gold: dict[str, dict], groups: list[Group], k: int = FOLDS,
                   c_value: float = C_VALUE) -> dict[str, dict]:
    """Pooled figures over k folds by article: the rules alone and the model fitted on the other folds."""
    fold = folds_of(list(gold), k)
    picks: list[str | None] = [None] * len(groups)
    for f in range(k):
        scorer = fit([g for g in groups if fold[g.article] != f], c_value)
        for i, g in enumerate(groups):
            if fold[g.article] == f:
                picks[i] = pick(scorer, list(zip(g.names, g.feats)))
    return {"rules": figures(groups, [g.rules for g in groups]), "model": figures(groups, picks)}


def train(paths: list[str | Path], out: Path | None = None, cv: bool = True,
          c_value: float = C_VALUE, licence: str = "") -> dict[str, Any]:
    """Fit on every gold file given, write channels.json and CHANNEL_CARD.md, return the figures."""
    return fit_and_save(paths, out or model_path(), "CHANNEL_CARD.md", collect, cross_validate, fit,
                        lambda scorer, report: model_card(scorer, report, paths, licence), cv, c_value)


def model_card(scorer: LinearScorer, report: dict[str, Any], paths: list[str | Path], licence: str) -> str:
    top = sorted(scorer.weights.items(), key=lambda kv: -abs(kv[1]))[:12]
    lines = [
        "# Channel scorer (learned choice among the channels an article names)",
        "",
        "What: a logistic regression over (quotation, candidate channel) pairs. The candidates are the "
        "channels the article names (`data/channels.tsv`) and the rules' own reading; the best-scoring one "
        f"is kept when its probability reaches {THRESHOLD}, else the quotation gets no channel; a channel named "
        "at the quotation's own cue stands as written (the cross-validation below counts it so). Weights: "
        "`channels.json`, read with the standard library by `khabar.quotes.channel_choice`.",
        "",
        f"Trained on: {', '.join(Path(p).name for p in paths)} (the project's gold quotations, "
        f"`shared/eval/train/`), {report['articles']} articles, {report['groups']} matched quotations, "
        f"{scorer.meta.get('rows')} candidates. Never on `dev/`.",
        f"Data licence: {licence or 'as stated with the gold data'}.",
        f"Fitted with scikit-learn LogisticRegression (lbfgs, C={scorer.meta.get('C')}), deterministic; "
        "rebuild with `khabar train-channels`. C was chosen by the cross-validation below, so its model row "
        "is a little optimistic. Channels the lexicon cannot name are never proposed; the features say where "
        "each channel word stands relative to the statement (sentences away, near the speaker's name — "
        "however spelt —, beside another person's, in a sentence that holds no statement, second word of a "
        "phrase such as «مقابلة مع قناة», after «وفقاً ل»/«بحسب»/«مراسل» that credit an outlet, behind "
        "another speaker's statement) and what the rules read.",
        "",
    ]
    if "cv_model" in report:
        lines += [f"{FOLDS}-fold cross-validation over the training articles (folds by article). `channel`: "
                  "right on matched quotations whose gold has a channel; `unasked`: channels given to matched "
                  "quotations whose gold has none.", "",
                  "| | with gold channel | right | channel | without | unasked |", "|---|---|---|---|---|---|"]
        for name in ("rules", "model"):
            f = report[f"cv_{name}"]
            lines.append(f"| {name} | {f['with_gold_channel']} | {f['right']} | {f['channel']} | "
                         f"{f['without_gold_channel']} | {f['unasked']} |")
        lines.append("")
    lines += ["Largest weights:", ""] + [f"- `{k}`: {v:+.3f}" for k, v in top] + [""]
    return "\n".join(lines)
