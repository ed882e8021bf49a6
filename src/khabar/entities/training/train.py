"""Train the shipped CRF: tune on a held-out tail of the training file, refit on all of it, write a card.

The test file is never used for any choice here. It may be passed as `report_paths` only so that its
figures end up in the model card next to the held-out ones. Inference code never imports this module.
"""
from __future__ import annotations

import json
import random
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from khabar.entities.bio import bio_to_spans
from khabar.entities.ner.crf import char_scores as char_scores_mod
from khabar.entities.ner.crf import features
from khabar.entities.ner.crf.tagger import (CLUSTERS_NAME, DOC_WINDOW, LEXICON_NAME, LISTS_NAME, MODEL_NAME,
                                            SECOND_NAME, TYPE_SCORES_NAME, finish, read_lexicon)
from khabar.entities.training import e5_clusters, name_lists, type_scores
from khabar.entities.training.conll import Sentence, read_conll
from khabar.entities.training.evaluate import format_scores, recall_by_seen, score
from khabar.entities.training.model_card import model_card
from khabar.entities.training.word_clusters import DEFAULT_SIZES, corpus_sentences, learn_clusters, write_clusters

DEFAULT_GRID: tuple[tuple[float, float], ...] = ((0.02, 0.001), (0.05, 0.01), (0.1, 0.01), (0.1, 0.05))
DEFAULT_TRAIN = "../shared/data/anercorp/train.txt"


def default_train_path() -> Path:
    """The ANERcorp training file relative to the current directory, or to the repository root."""
    here = Path(DEFAULT_TRAIN)
    if here.is_file():
        return here
    repo = Path(__file__).resolve().parents[4]
    return repo / DEFAULT_TRAIN


STACK_FOLDS = 5  # folds for the out-of-fold first-pass labels and the word list the second pass trains on
_LEX_TYPES = ("PER", "ORG", "LOC", "MISC")


def build_lexicon(sentences: list[Sentence]) -> dict[str, tuple[str, ...]]:
    """Clitic-free stem → the entity types it carried in `sentences`, each with a share bucket (hi/mid/lo)."""
    counts: dict[str, dict[str, int]] = {}
    for tokens, tags in sentences:
        for tok, tag in zip(tokens, tags):
            c = counts.setdefault(features.stem(tok), {})
            typ = tag[2:] if tag != "O" else "O"
            c[typ] = c.get(typ, 0) + 1
    out: dict[str, tuple[str, ...]] = {}
    for stem, c in counts.items():
        total = sum(c.values())
        feats = []
        for typ in _LEX_TYPES:
            k = c.get(typ, 0)
            if k:
                r = k / total
                feats.append(f"D:{typ}:" + ("hi" if r >= 0.7 else "mid" if r >= 0.3 else "lo"))
        if feats and stem:
            out[stem] = tuple(feats)
    return out


def _bounds(n: int, k: int) -> list[int]:
    return [round(n * i / k) for i in range(k + 1)]


def crossfold_lexicons(sentences: list[Sentence], k: int = STACK_FOLDS) -> list[dict[str, tuple[str, ...]]]:
    """For each sentence, the word list built from the other k-1 contiguous blocks (never from itself)."""
    b = _bounds(len(sentences), k)
    out: list[dict[str, tuple[str, ...]]] = []
    for i in range(k):
        lex = build_lexicon(sentences[:b[i]] + sentences[b[i + 1]:])
        out += [lex] * (b[i + 1] - b[i])
    return out


def write_lexicon(lexicon: dict[str, tuple[str, ...]], path: Path) -> None:
    path.write_text("".join(f"{s}\t{' '.join(f)}\n" for s, f in sorted(lexicon.items())), encoding="utf-8")


def _with_hashtags(sentences: list[Sentence], fraction: float, seed: int = 13) -> list[tuple[list[str], list[str], list[bool], int]]:
    """Originals plus a few copies where an entity is written as a hashtag, so `#` and the flag are known.

    Each item ends with the index of the sentence it came from."""
    rng = random.Random(seed)
    out = [(t, g, [False] * len(t), k) for k, (t, g) in enumerate(sentences)]
    for k, (tokens, tags) in enumerate(sentences):
        spans = bio_to_spans(tags)
        if not spans or rng.random() >= fraction:
            continue
        a, b, _ = rng.choice(spans)
        toks = tokens[:a] + ["#"] + tokens[a:]
        tgs = tags[:a] + ["O"] + tags[a:]
        flags = [False] * len(toks)
        for i in range(a + 1, b + 1):
            flags[i] = True
        out.append((toks, tgs, flags, k))
    return out


@dataclass(frozen=True)
class Augment:
    """How training sentences are copied with a change: `hashtag` of them with an entity written as a
    hashtag, `mentions` of them with their PER/LOC/ORG mentions replaced by entries of `pool` (the name
    lists' `mention_pool`); each copy keeps its sentence's word-list features."""

    hashtag: float = 0.05
    mentions: float = 0.0
    pool: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)


def _with_mentions(sentences: list[Sentence], pool: Mapping[str, tuple[tuple[str, ...], ...]], fraction: float,
                   seed: int = 17) -> list[tuple[list[str], list[str], list[bool], int]]:
    """Copies of a `fraction` of the sentences with every mention of a pooled type replaced by a random
    pool entry of that type (B- then I- tags over its words). Each item ends with its sentence's index."""
    rng = random.Random(seed)
    out = []
    for k, (tokens, tags) in enumerate(sentences):
        spans = [s for s in bio_to_spans(tags) if s[2] in pool]
        if not spans or rng.random() >= fraction:
            continue
        toks: list[str] = []
        tgs: list[str] = []
        at = 0
        for a, b, typ in spans:
            words = list(rng.choice(pool[typ]))
            toks += tokens[at:a] + words
            tgs += tags[at:a] + ["B-" + typ] + ["I-" + typ] * (len(words) - 1)
            at = b
        toks += tokens[at:]
        tgs += tags[at:]
        out.append((toks, tgs, [False] * len(toks), k))
    return out


Item = tuple[list[str], list[str], list[bool], dict[str, tuple[str, ...]] | None, list[list[str]] | None]


def _fit(args: tuple[list[Item], str, dict[str, Any], features.WordReader]) -> str:
    import pycrfsuite

    data, path, params, reader = args
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for tokens, tags, flags, lex, extra in data:
        trainer.append(features.sentence_features(tokens, flags, lexicon=lex, extra=extra, reader=reader), tags)
    trainer.set_params(params)
    trainer.train(path)
    return path


def _pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes for CRF fits; each job carries the word reader (its cluster table) it fits with."""
    return ProcessPoolExecutor(max_workers=max(1, workers))


def _first_pass_items(sents: list[Sentence], lexs: list[dict[str, tuple[str, ...]]] | None,
                      aug: Augment) -> list[Item]:
    items = _with_hashtags(sents, aug.hashtag)
    if aug.mentions and aug.pool:
        items += _with_mentions(sents, aug.pool, aug.mentions)
    return [(t, g, f, lexs[k] if lexs else None, None) for t, g, f, k in items]


def _open(path: str) -> Any:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def _predict(path: str, sentences: list[list[str]], lexicon: dict[str, tuple[str, ...]] | None = None,
             second: str | None = None, window: int = 8, consistency: bool = False, *,
             reader: features.WordReader) -> list[list[str]]:
    """First-pass labels, or with `second` the two-pass labels, for consecutive sentences; with
    `consistency` also what the tagger runs after the CRFs (`tagger.finish`)."""
    t1 = _open(path)
    lex = lexicon or None
    feats = [features.sentence_features(t, features.hashtag_flags(t), lexicon=lex, reader=reader) for t in sentences]
    labels = [list(t1.tag(f)) for f in feats]
    if second is not None:
        t2 = _open(second)
        extra = features.document_features(sentences, labels, window)
        labels = [list(t2.tag([a + b for a, b in zip(f, x)])) for f, x in zip(feats, extra)]
    return finish(sentences, labels, window) if consistency else labels


def fit_one_pass(sents: list[Sentence], first_path: Path, lexicon_path: Path, params: dict[str, Any],
                 aug: Augment, folds: int, log: Callable[[str], None], *,
                 reader: features.WordReader) -> dict[str, tuple[str, ...]]:
    """Fit the first pass alone on `sents` (word-list features from the other folds); write the word list."""
    t0 = time.time()
    _fit((_first_pass_items(sents, crossfold_lexicons(sents, folds), aug), str(first_path), params,
          reader))
    log(f"first pass took {time.time() - t0:.0f}s")
    full = build_lexicon(sents)
    write_lexicon(full, lexicon_path)
    return full


def fit_two_pass(sents: list[Sentence], first_path: Path, second_path: Path, lexicon_path: Path,
                 params: dict[str, Any], aug: Augment, folds: int, window: int, workers: int,
                 log: Callable[[str], None], *, reader: features.WordReader) -> dict[str, tuple[str, ...]]:
    """Fit the first pass on all of `sents`, the second on out-of-fold first-pass labels; write the word list.

    Every training sentence's word-list features come from the other folds, so the CRF learns how far to
    trust a word seen as a name elsewhere, not that its own label is in the list."""
    lexs = crossfold_lexicons(sents, folds)
    full = build_lexicon(sents)
    b = _bounds(len(sents), folds)
    work = first_path.parent / ".work"
    work.mkdir(exist_ok=True)
    jobs = []
    for i in range(folds):
        keep = sents[:b[i]] + sents[b[i + 1]:]
        keep_lex = lexs[:b[i]] + lexs[b[i + 1]:]
        jobs.append((_first_pass_items(keep, keep_lex, aug), str(work / f"fold{i}.crfsuite"), params,
                     reader))
    jobs.append((_first_pass_items(sents, lexs, aug), str(first_path), params, reader))
    t0 = time.time()
    with _pool(workers) as pool:
        paths = list(pool.map(_fit, jobs))
    oof: list[list[str]] = []
    for i in range(folds):
        t = _open(paths[i])
        for k in range(b[i], b[i + 1]):
            toks = sents[k][0]
            oof.append(list(t.tag(features.sentence_features(toks, [False] * len(toks), lexicon=lexs[k],
                                                             reader=reader))))
    log(f"first pass: {folds} folds and the full fit took {time.time() - t0:.0f}s")
    extra = features.document_features([t for t, _ in sents], oof, window)
    second = [(t, g, [False] * len(t), lexs[k], extra[k]) for k, (t, g) in enumerate(sents)]
    t0 = time.time()
    _fit((second, str(second_path), params, reader))
    log(f"second pass took {time.time() - t0:.0f}s")
    write_lexicon(full, lexicon_path)
    for p in work.glob("*"):
        p.unlink()
    work.rmdir()
    return full


def train(
    train_paths: Iterable[str | Path],
    out_dir: str | Path,
    holdout_fraction: float = 0.1,
    extra_paths: Iterable[str | Path] = (),
    grid: Iterable[tuple[float, float]] = DEFAULT_GRID,
    max_iterations: int = 300,
    min_freq: int = 1,
    hashtag_fraction: float = 0.05,
    mention_fraction: float = 0.0,
    org_mentions: bool = False,
    report_paths: Iterable[str | Path] = (),
    workers: int = 2,
    folds: int = STACK_FOLDS,
    window: int = DOC_WINDOW,
    passes: int = 2,
    unlabelled: Iterable[str] | None = None,
    unlabelled_source: dict[str, Any] | None = None,
    cluster_sizes: Iterable[int] = DEFAULT_SIZES,
    lists: bool | list[name_lists.Source] = True,
    e5_work: str | Path | None = None,
    e5_words: int = e5_clusters.DEFAULT_WORDS,
    scores_work: str | Path | None = None,
    scores_words: int = type_scores.DEFAULT_WORDS,
    char_scores: bool = False,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Pick c1/c2 on the held-out tail of `train_paths` (first pass), measure the model there, refit its
    `passes` (1: the first pass alone, 2: both) on everything, write the model files and MODEL_CARD.md.

    With `unlabelled` texts, word clusters are learnt first from them and the training sentences
    (`word_clusters.py`), used as features, and shipped as `clusters.tsv`; `unlabelled_source` (paths, licence)
    goes into the card, because the table is derived from that corpus and carries its licence.

    With `lists` (True: the `train` extra's list packages that are installed; or the sources given), the
    name/place word table is built first (`name_lists.py`), read as features, and shipped as `lists.tsv`;
    each source's licence goes into the card.

    With `e5_work` (a cache folder), the clusters come instead from e5 vectors of wordfreq's `e5_words` most
    frequent Arabic words (`e5_clusters.py`; embedding resumes from the cache), shipped as `clusters.tsv`.

    With `org_mentions`, the mention copies also replace organisation mentions, by sports club names
    (`name_lists.club_entries`).

    With `scores_work` (an e5 cache folder), per-word entity-type scores of wordfreq's `scores_words` most
    frequent Arabic words (`type_scores.py`) are read as features and shipped as `type_scores.tsv`: for the
    held-out measurement they are learnt from the fit part only, for the final model from all sentences.
    With `char_scores`, a letter n-gram classifier gives the same kind of score for any word
    (`ner/crf/char_scores.py`), learnt the same way, shipped as `char_scores.tsv` and `char_words.tsv`."""
    if passes not in (1, 2):
        raise ValueError(f"passes must be 1 or 2, got {passes}")
    train_paths = [Path(p) for p in train_paths]
    extra_paths = [Path(p) for p in extra_paths]
    sents: list[Sentence] = [s for p in train_paths for s in read_conll(p)]
    extra: list[Sentence] = [s for p in extra_paths for s in read_conll(p)]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / ".heldout"
    work.mkdir(exist_ok=True)
    cut = len(sents) - int(round(len(sents) * holdout_fraction))
    fit_part, held = sents[:cut], sents[cut:]
    held_tokens = [t for t, _ in held]
    log(f"train {len(fit_part)} sentences, held-out {len(held)}, extra {len(extra)}")
    table: dict[str, tuple[str, ...]] = {}
    clusters_info: dict[str, Any] | None = None
    if unlabelled is not None:
        t0 = time.time()
        own = ([features.fold(t) for t in toks] for toks, _ in sents + extra)
        learnt = learn_clusters(chain(corpus_sentences(unlabelled), own), sizes=cluster_sizes, workers=workers)
        table = {w: tuple(map(str, ids)) for w, ids in learnt.items()}
        clusters_info = {**(unlabelled_source or {}), "words": len(table),
                         "sizes": sorted({int(k) for k in cluster_sizes})}
        log(f"word clusters: {len(table)} words, sizes {clusters_info['sizes']}, {time.time() - t0:.0f}s")
    if e5_work is not None:
        if unlabelled is not None:
            raise ValueError("word clusters come from either an unlabelled corpus or e5 vectors, not both")
        learnt, clusters_info = e5_clusters.build(Path(e5_work), e5_words, cluster_sizes, log=log)
        clusters_info = {**clusters_info, "method": "e5"}
        table = {w: tuple(map(str, ids)) for w, ids in learnt.items()}
    lists_table: dict[str, tuple[str, ...]] = {}
    lists_info: dict[str, Any] | None = None
    final_lists = out_dir / LISTS_NAME
    sources = (name_lists.required() if lists is True else list(lists)) if lists else []
    if sources:
        lists_info = name_lists.build(final_lists, sources, log=log)
        lists_table = read_lexicon(final_lists)
    else:
        final_lists.unlink(missing_ok=True)  # a stale table would change how the new model reads words
    aug = Augment(hashtag_fraction, mention_fraction,
                  name_lists.mention_pool(sources, org=org_mentions) if sources and mention_fraction else {})
    if aug.pool:
        log("mention pool: " + ", ".join(f"{typ} {len(v)}" for typ, v in sorted(aug.pool.items())))
    scores_info: dict[str, Any] | None = None
    chars_info: dict[str, Any] | None = None
    final_scores = out_dir / TYPE_SCORES_NAME

    def reader_for(labelled: list[Sentence]) -> features.WordReader:
        """How this model reads words, with type scores learnt from `labelled` when asked for."""
        nonlocal scores_info
        nonlocal chars_info
        scores: dict[str, tuple[str, ...]] = {}
        chars = None
        if scores_work is not None:
            scores, scores_info = type_scores.build(Path(scores_work), labelled, lists_table, scores_words, log=log)
        if char_scores:
            vocab = [k for k, _ in e5_clusters.vocabulary(scores_words)]
            chars, chars_info = type_scores.build_chars(vocab, labelled, lists_table, log=log)
        if table or lists_table or scores or chars:
            return features.WordReader(table, lists_table, scores, chars)
        return features.PLAIN

    reader = reader_for(fit_part + extra) if held else features.PLAIN

    def params(c1: float, c2: float) -> dict[str, Any]:
        return {"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.minfreq": min_freq,
                "feature.possible_transitions": True}

    tried: list[dict[str, Any]] = []
    best: dict[str, Any] | None = None
    grid = list(grid)
    if held and len(grid) > 1:  # c1/c2 on the first pass alone (with the word list built from the fit part)
        lexs = crossfold_lexicons(fit_part + extra, folds)
        lex = build_lexicon(fit_part + extra)
        data = _first_pass_items(fit_part + extra, lexs, aug)
        jobs = [(data, str(work / f"grid{k}.crfsuite"), params(c1, c2), reader) for k, (c1, c2) in enumerate(grid)]
        with _pool(workers) as pool:
            paths = list(pool.map(_fit, jobs))
        for (c1, c2), path in zip(grid, paths):
            sc = score([g for _, g in held], _predict(path, held_tokens, lex, reader=reader))
            row = {"c1": c1, "c2": c2, "first_pass_heldout": sc}
            tried.append(row)
            log(f"c1={c1} c2={c2}: first-pass held-out overall f1 {sc['overall']['f1']:.4f}")
            if best is None or sc["overall"]["f1"] > best["first_pass_heldout"]["overall"]["f1"]:
                best = row
    c1, c2 = (best["c1"], best["c2"]) if best else grid[0]
    heldout: dict[str, Any] = {}
    if held:
        p1, p2, pl = work / MODEL_NAME, work / SECOND_NAME, work / LEXICON_NAME
        gold = [g for _, g in held]
        if passes == 2:
            lex = fit_two_pass(fit_part + extra, p1, p2, pl, params(c1, c2), aug, folds, window, workers, log,
                               reader=reader)
            heldout["two_pass"] = score(gold, _predict(str(p1), held_tokens, lex, str(p2), window, reader=reader))
            log(f"held-out two passes:\n{format_scores(heldout['two_pass'])}")
        else:
            lex = fit_one_pass(fit_part + extra, p1, pl, params(c1, c2), aug, folds, log, reader=reader)
        heldout["first_pass"] = score(gold, _predict(str(p1), held_tokens, lex, reader=reader))
        log(f"held-out first pass:\n{format_scores(heldout['first_pass'])}")
        heldout["shipped"] = score(gold, _predict(str(p1), held_tokens, lex, str(p2) if passes == 2 else None,
                                                  window, consistency=True, reader=reader))
        log(f"held-out, as shipped ({passes} pass(es) + consistency):\n{format_scores(heldout['shipped'])}")
        for p in work.glob("*"):
            p.unlink()
    work.rmdir()
    final, final2, final_lex = out_dir / MODEL_NAME, out_dir / SECOND_NAME, out_dir / LEXICON_NAME
    reader = reader_for(sents + extra) if scores_work is not None or char_scores or not held else reader
    if reader.scores:
        type_scores.write(reader.scores, final_scores)
    else:
        final_scores.unlink(missing_ok=True)  # a stale table would change how the new model reads words
    final_chars = [out_dir / char_scores_mod.WEIGHTS_NAME, out_dir / char_scores_mod.WORDS_NAME]
    if reader.chars:
        char_scores_mod.write(reader.chars, out_dir)
    else:
        for p in final_chars:
            p.unlink(missing_ok=True)
    if passes == 2:
        fit_two_pass(sents + extra, final, final2, final_lex, params(c1, c2), aug, folds, window, workers, log,
                     reader=reader)
    else:
        fit_one_pass(sents + extra, final, final_lex, params(c1, c2), aug, folds, log, reader=reader)
        final2.unlink(missing_ok=True)  # a stale second pass would be loaded by the tagger
    final_clusters = out_dir / CLUSTERS_NAME
    if table:
        write_clusters(learnt, final_clusters)
    else:
        final_clusters.unlink(missing_ok=True)  # a stale table would change how the new model reads words
    files = [p for p in (final, final2, final_lex, final_clusters, final_lists, final_scores,
                                 *final_chars) if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    log(f"final model {out_dir} ({size / 1e6:.2f} MB)")

    reports = []
    for path in report_paths:
        gold = read_conll(path)
        t0 = time.perf_counter()
        pred = _predict(str(final), [t for t, _ in gold], read_lexicon(final_lex),
                        str(final2) if passes == 2 else None, window, consistency=True, reader=reader)
        secs = time.perf_counter() - t0
        sc = score([g for _, g in gold], pred)
        n_tok = sum(len(t) for t, _ in gold)
        seen = {typ: {k: list(v) for k, v in cells.items()} for typ, cells in recall_by_seen(gold, pred, sents + extra).items()}
        reports.append({"path": str(path), "scores": sc, "tokens": n_tok, "tokens_per_second": n_tok / secs,
                        "recall_by_seen": seen})
        log(f"{path}:\n{format_scores(sc)}")

    result = {
        "model": [p.name for p in files],  # names only: the folder differs on every machine
        "size_bytes": size,
        "train_paths": [str(p) for p in train_paths],
        "extra_paths": [str(p) for p in extra_paths],
        "sentences": len(sents),
        "tokens": sum(len(t) for t, _ in sents),
        "holdout_fraction": holdout_fraction,
        "chosen": {"c1": c1, "c2": c2, "max_iterations": max_iterations, "min_freq": min_freq,
                   "mention_fraction": mention_fraction if aug.pool else 0.0,
                   "mention_types": sorted(aug.pool),
                   "folds": folds, "window": window, "passes": passes},
        "grid": tried,
        "heldout": heldout,
        "pinned": len(grid) == 1,
        "reports": reports,
        "clusters": clusters_info,
        "lists": lists_info,
        "type_scores": scores_info,
        "char_scores": chars_info,
        "feature_version": features.FEATURE_VERSION,
        "date": date.today().isoformat(),
    }
    (out_dir / "training.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out_dir / "MODEL_CARD.md").write_text(model_card(result), encoding="utf-8")
    return result
