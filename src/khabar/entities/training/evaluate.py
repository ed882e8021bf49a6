"""CoNLL-style scoring: an entity counts only when its span and type both match exactly.

Types absent from the gold file (Wojood has no MISC) are left out of the score on both sides, so a
corpus that never annotates a type does not turn every prediction of it into a false positive.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from khabar.entities.bio import bio_to_spans
from khabar.entities.training.conll import read_conll


def score(gold: list[list[str]], pred: list[list[str]], types: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Per-type and micro `overall` precision/recall/F1/support over aligned BIO sequences."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    g_spans = []
    p_spans = []
    for k, (g, p) in enumerate(zip(gold, pred)):
        if len(g) != len(p):
            raise ValueError(f"sentence {k}: {len(g)} gold tags but {len(p)} predicted")
        g_spans.extend((k, *s) for s in bio_to_spans(g))
        p_spans.extend((k, *s) for s in bio_to_spans(p))
    if types is None:
        types = sorted({s[3] for s in g_spans})
    keep = set(types)
    g_set = {s for s in g_spans if s[3] in keep}
    p_set = {s for s in p_spans if s[3] in keep}
    out: dict[str, dict[str, float]] = {}
    for typ in [*types, "overall"]:
        g = g_set if typ == "overall" else {s for s in g_set if s[3] == typ}
        p = p_set if typ == "overall" else {s for s in p_set if s[3] == typ}
        tp = len(g & p)
        prec = tp / len(p) if p else 0.0
        rec = tp / len(g) if g else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[typ] = {"precision": prec, "recall": rec, "f1": f1, "support": len(g), "predicted": len(p)}
    return out


def format_scores(scores: dict[str, dict[str, float]]) -> str:
    """One line per type, then `overall`, in the layout the CLI prints."""
    lines = []
    for typ, s in scores.items():
        lines.append(f"{typ:<8} precision {s['precision']:.4f} recall {s['recall']:.4f} "
                     f"f1 {s['f1']:.4f} support {int(s['support'])}")
    return "\n".join(lines)


def evaluate_file(path: str | Path, fmt: str = "auto", model: str | Path | None = None,
                  ner_folder: str | None = None) -> dict[str, Any]:
    """Tag every sentence of a gold file with the model and score it; also time the tagging.

    `model` is a CRF file (default: the shipped one); `ner_folder` an ONNX token-classification export,
    which then tags instead, one sentence at a time (how such models are trained and published figures
    are measured).
    """
    sentences = read_conll(path, fmt)
    if ner_folder:
        from khabar.entities.ner.onnx.tagger import OnnxTagger

        onnx = OnnxTagger(ner_folder)
        onnx.load()  # not part of the timing: loading happens once per process
        t0 = time.perf_counter()
        pred = [onnx.tag_words(tokens) for tokens, _ in sentences]
    else:
        from khabar.entities.ner.crf.tagger import load_model, tag_document

        load_model(model)
        t0 = time.perf_counter()
        # The file's sentences are consecutive text, read as one document (the second pass sees ±8 sentences).
        pred = tag_document([tokens for tokens, _ in sentences], model=model)
    elapsed = time.perf_counter() - t0
    n_tokens = sum(len(t) for t, _ in sentences)
    return {
        "path": str(path),
        "gold": sentences,
        "pred": pred,
        "sentences": len(sentences),
        "tokens": n_tokens,
        "scores": score([g for _, g in sentences], pred),
        "seconds": elapsed,
        "tokens_per_second": n_tokens / elapsed if elapsed else float("inf"),
    }


def recall_by_seen(gold: list[tuple[list[str], list[str]]], pred: list[list[str]],
                   train: list[tuple[list[str], list[str]]]) -> dict[str, dict[str, tuple[int, int]]]:
    """Per type, `(found, total)` for gold entities whose exact words the training data tagged with that
    type (`seen`) and for the rest (`unseen`): where a tagger's errors are, names it has met or new ones."""
    known: set[tuple[str, tuple[str, ...]]] = set()
    for tokens, tags in train:
        known.update((typ, tuple(tokens[a:b])) for a, b, typ in bio_to_spans(tags))
    out: dict[str, dict[str, list[int]]] = {}
    for (tokens, tags), labels in zip(gold, pred):
        found = set(bio_to_spans(labels))
        for a, b, typ in bio_to_spans(tags):
            key = "seen" if (typ, tuple(tokens[a:b])) in known else "unseen"
            cell = out.setdefault(typ, {"seen": [0, 0], "unseen": [0, 0]})[key]
            cell[0] += (a, b, typ) in found
            cell[1] += 1
    return {typ: {k: (v[0], v[1]) for k, v in d.items()} for typ, d in sorted(out.items())}
