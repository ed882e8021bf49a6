"""Word clusters learnt from unlabelled text: what a name the labelled corpus never saw is "like".

The NER's largest error is the unseen name (ANERcorp test: recall 0.64 on person names absent from training,
0.22 on organisations). A word's neighbours in a large unlabelled corpus tell the tagger that «تسيبراس» sits
where «كاميرون» and «نتنياهو» sit. We learn word vectors (gensim's word2vec, skip-gram) from the corpus
the trainer is given, cut them into k-means clusters at a few granularities (coarse: word class; fine:
"foreign head of government"), and give the CRF the cluster ids of a word and of its neighbours.

Only the cluster table ships (`clusters.tsv`, one line per word: the folded word and an id per
granularity); tagging needs no gensim and no vectors. The table is derived from the corpus, so it carries
the corpus's licence: training records it, and the model card says it.
"""
from __future__ import annotations

import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from khabar.arabic.model import model_fold as fold
from khabar.errors import InputError
from khabar.arabic.model import model_form
from khabar.arabic.tokens import tokenize

DEFAULT_SIZES = (64, 256, 1024)
# A word seen fewer times than this gets no cluster: its vector is noise.
DEFAULT_MIN_COUNT = 3
# Lines shorter than this many tokens (bylines, dates, menu items) teach the vectors little.
_MIN_LINE_TOKENS = 3


def corpus_sentences(texts: Iterable[str]) -> Iterator[list[str]]:
    """Each line of each text as the folded tokens the tagger's features read (same tokenizer, same fold)."""
    for text in texts:
        for line in text.splitlines():
            toks = [fold(model_form(line[s:e])) for s, e in tokenize(line)]
            if len(toks) >= _MIN_LINE_TOKENS:
                yield toks


def _stable_hash(s: str) -> int:
    """word2vec seeds each word's first vector from a hash of it; Python's own hash changes per process."""
    return zlib.crc32(s.encode("utf-8"))


class _Replay:
    """word2vec reads the corpus once per epoch (plus once to count), so keep it on disk, not in memory."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[list[str]]:
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                yield line.split()


def learn_clusters(sentences: Iterable[list[str]], *, sizes: Iterable[int] = DEFAULT_SIZES,
                   dim: int = 100, window: int = 5, epochs: int = 5, min_count: int = DEFAULT_MIN_COUNT,
                   workers: int = 2, seed: int = 13) -> dict[str, tuple[int, ...]]:
    """word -> one k-means cluster id per size in `sizes`, from skip-gram vectors of `sentences`.

    The corpus is spooled to a temporary file so word2vec can read it once per epoch without holding it in
    memory. Needs the `train` extra (gensim)."""
    try:
        from gensim.models import Word2Vec
    except ImportError:
        raise InputError("--unlabelled", "learning word clusters needs gensim: pip install 'khabar[train]'") from None
    import numpy as np
    from scipy.cluster.vq import kmeans2  # gensim depends on scipy

    sizes = tuple(sorted({int(k) for k in sizes}))
    if not sizes or sizes[0] < 2:
        raise InputError("cluster sizes", f"need sizes of at least 2, got {sizes}")
    with tempfile.TemporaryDirectory(prefix="khabar-clusters-") as tmp:
        spool = Path(tmp) / "corpus.txt"
        n_tokens = 0
        with spool.open("w", encoding="utf-8") as fh:
            for toks in sentences:
                fh.write(" ".join(toks) + "\n")
                n_tokens += len(toks)
        if n_tokens == 0:
            raise InputError("--unlabelled", "no text lines of 3 or more tokens to learn word clusters from")
        model = Word2Vec(sentences=_Replay(spool), vector_size=dim, window=window, min_count=min_count, sg=1,
                         negative=5, epochs=epochs, workers=max(1, workers), seed=seed, hashfxn=_stable_hash)
    words = list(model.wv.index_to_key)
    if len(words) < 2 * sizes[-1]:
        raise InputError("--unlabelled", f"{len(words)} words seen {min_count}+ times: too few for "
                                         f"{sizes[-1]} clusters (give more text or smaller sizes)")
    vectors = np.asarray(model.wv.vectors, dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    # Random rows as the first centroids: scipy's k-means++ start recomputes every distance each round
    # (hours for 1,024 clusters of 100k words); this start takes seconds.
    ids = [kmeans2(vectors, k, minit="points", seed=seed + k)[1] for k in sizes]
    return {w: tuple(int(c[i]) for c in ids) for i, w in enumerate(words)}


def write_clusters(table: dict[str, tuple[int, ...]], path: Path) -> None:
    """`word<TAB>id id ...` lines (the word list's layout, read by `tagger.read_lexicon`), sorted, so two
    trainings on the same corpus give the same file."""
    path.write_text("".join(w + "\t" + " ".join(map(str, c)) + "\n" for w, c in sorted(table.items())),
                    encoding="utf-8")
