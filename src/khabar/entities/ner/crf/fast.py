"""Tag with a CRFsuite model's weights in numpy: the same labels as python-crfsuite, without handing every
token's feature strings to it.

python-crfsuite rebuilds an item per token from its feature strings and looks each one up on every call.
Here the weights are read once out of the model file (CRFsuite's `lCRF` format: a feature table of
(type, source, destination, weight) records and two CQDB string tables, labels and attributes).

Fast path (`tag_many`): a word type's cached feature tuple (see `features.sentence_parts`) is turned once
into one row of label scores, the sum of its attributes' rows, so a token adds about six rows instead of
gathering forty; and Viterbi runs once per document over all its sentences at a time (sorted by length, a
step updates the sentences still running), not one numpy call per token.

Summing a part's rows first changes the order of float additions, so the scores can differ from CRFsuite's
in the last bits. The labels cannot: Viterbi's every decision on the chosen path (each token's best
predecessor and the best last label) is checked to win by at least `_MARGIN`, far above what a different
order of a few hundred float64 additions can move a score (~1e-12), so exact sums would choose the same
path; a sentence where any decision is closer is decoded again the exact way (`tag_parts`: each token's
attributes summed one after the other from 0.0, as CRFsuite sums them, first best kept on ties, as
CRFsuite keeps it). `tests/test_ner_fast.py` checks both against python-crfsuite on the ANERcorp test
file. (`Tagger.info()` is no use for this: it prints the weights with six decimals.)
"""
from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from khabar.errors import ModelError

# Feature tuples kept with their score rows; a word type has five (its own and four window slots), and a
# reader keeps 20,000 word types (features._CACHE_LIMIT), so this holds about as many words as the reader
# (100,000 rows of 9 float64 are 7 MB per CRF, allocated once: a long batch stays flat).
_CACHE_LIMIT = 100_000
# How much every Viterbi decision on the chosen path must win by for the summed-parts scores to be trusted
# (see the module docstring); the scores are sums of weights below ~12, their rounding error ~1e-12.
_MARGIN = 1e-6
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def _cqdb_strings(data: bytes, off: int) -> dict[int, str]:
    """id → string of a CQDB table at `off` (its backward array lists every record)."""
    chunk, _, _, _, bwd_size, bwd_off = struct.unpack_from("<4sIIIII", data, off)
    if chunk != b"CQDB":
        raise ModelError("NER model: not a CRFsuite string table")
    out: dict[int, str] = {}
    for k in range(bwd_size):
        (rec,) = struct.unpack_from("<I", data, off + bwd_off + 4 * k)
        if rec:
            i, size = struct.unpack_from("<II", data, off + rec)
            out[i] = data[off + rec + 8: off + rec + 8 + size - 1].decode("utf-8")
    return out


class FastCrf:
    """A CRFsuite first-order model's weights, tagging like `pycrfsuite.Tagger.tag`."""

    def __init__(self, path: str | Path) -> None:
        data = Path(path).read_bytes()
        try:
            magic, _, kind, _, _, n_labels, n_attrs, off_feat, off_labels, off_attrs = struct.unpack_from(
                "<4sI4sIIIIIII", data, 0)
            if magic != b"lCRF" or kind != b"FOMC":
                raise ValueError("not a first-order CRFsuite model")
            chunk, _, n_feat = struct.unpack_from("<4sII", data, off_feat)
            if chunk != b"FEAT":
                raise ValueError("no feature table")
            feats = np.frombuffer(data, dtype=_FEATURE, count=n_feat, offset=off_feat + 12)
            labels = _cqdb_strings(data, off_labels)
            attrs = _cqdb_strings(data, off_attrs)
        except (struct.error, ValueError, UnicodeDecodeError) as exc:
            raise ModelError(f"NER model at {path} is unreadable: {exc}") from None
        self.labels = [labels[i] for i in range(n_labels)]
        self.attr_ids = {a: i for i, a in attrs.items()}
        # One row per attribute, then an all-zero row every token's sum starts from (CRFsuite starts at 0.0),
        # then the rows of the feature tuples met so far (`_part_row`), in one table so a token's rows are
        # gathered and summed in one call whatever they come from.
        self.zero = n_attrs
        self._first_part = n_attrs + 1
        self.state = np.zeros((n_attrs + 1 + _CACHE_LIMIT, n_labels))
        self.trans = np.zeros((n_labels, n_labels))
        st = feats[feats["type"] == 0]
        self.state[st["src"], st["dst"]] = st["weight"]
        tr = feats[feats["type"] == 1]
        self.trans[tr["src"], tr["dst"]] = tr["weight"]
        self._by_id: dict[int, tuple[tuple[str, ...], int]] = {}  # id(tuple) -> (the tuple, its row)
        self._by_content: dict[tuple[str, ...], int] = {}
        self._free = list(range(len(self.state) - 1, self._first_part - 1, -1))  # part rows not in use
        self._used = np.zeros(len(self.state), dtype=np.int64)  # row -> the last call that read it
        self._calls = 0
        self._pending: tuple[list[int], list[int], list[int]] = ([], [], [])  # rows to fill: ids, starts, rows
        self.exact_retries = 0  # sentences decoded again the exact way (a near tie on the fast path)

    def _part_row(self, part: tuple[str, ...]) -> int:
        """The row of `state` holding the sum of `part`'s attribute rows, made on first meeting (filled by
        `_fill_rows`, all of a call's new rows in one numpy call).

        Found by the tuple's identity first (a word type's reader hands out the same tuple each time it
        meets the word; hashing a 40-string tuple per token cost more than the lookup it saved), then by its
        content (a word the reader dropped and met again comes back as a new, equal tuple). -1 when the rows
        are all taken (`tag_many` then adds the part's attribute rows one by one); between calls, when they
        are nearly all taken, the least recently read half is dropped (`_drop_old_rows`): which rows exist
        never changes a label, only how often a sum is made.
        """
        row = self._by_content.get(part)
        if row is None:
            ids = [i for i in map(self.attr_ids.get, part) if i is not None]
            if not ids:
                row = self.zero
            elif not self._free:
                return -1
            else:
                row = self._free.pop()
                new_ids, new_starts, new_rows = self._pending
                new_starts.append(len(new_ids))
                new_ids += ids
                new_rows.append(row)
            self._by_content[part] = row
        self._by_id[id(part)] = (part, row)
        return row

    def _fill_rows(self) -> None:
        new_ids, new_starts, new_rows = self._pending
        if new_rows:
            self.state[new_rows] = np.add.reduceat(self.state[new_ids], new_starts, axis=0)
            self._pending = ([], [], [])

    def _drop_old_rows(self) -> None:
        """Free the part rows read least recently (about half of them; a news stream keeps bringing new
        names, while the common words are read in every call and keep their rows), and forget the tuples
        pointing to them or to the zero row."""
        first = self._first_part
        used = self._used[first:]
        cut = np.median(used)
        freed = set((np.flatnonzero(used <= cut) + first).tolist())
        self._by_id = {k: v for k, v in self._by_id.items() if v[1] != self.zero and v[1] not in freed}
        self._by_content = {k: r for k, r in self._by_content.items() if r != self.zero and r not in freed}
        in_use = set(self._by_content.values())
        self._free = sorted((r for r in range(len(self.state) - 1, first - 1, -1) if r not in in_use), reverse=True)

    def tag_many(self, sentences: Sequence[Sequence[Sequence[Sequence[str]]]]) -> list[list[str]]:
        """Labels for each sentence, each given per token as its features in parts (see
        `features.sentence_parts`); the same labels as `tag_parts` on each, decoded together."""
        self._calls += 1
        if len(self._free) < _CACHE_LIMIT // 10 or len(self._by_id) > 2 * _CACHE_LIMIT:
            self._drop_old_rows()  # between calls, so no row this call reads is reused
        by_id = self._by_id
        get = self.attr_ids.get
        zero = self.zero
        flat: list[int] = []
        starts: list[int] = []
        for tokens in sentences:
            for parts in tokens:
                starts.append(len(flat))
                flat.append(zero)
                for part in parts:
                    if type(part) is tuple:
                        entry = by_id.get(id(part))
                        if entry is not None and entry[0] is part:
                            flat.append(entry[1])
                            continue
                        row = self._part_row(part)
                        if row >= 0:
                            flat.append(row)
                            continue
                    flat += [i for i in map(get, part) if i is not None]
        self._fill_rows()
        self._used[flat] = self._calls
        out: list[list[str]] = [[] for _ in sentences]
        if not starts:
            return out
        scores = np.add.reduceat(self.state[flat], starts, axis=0)
        lengths = [len(t) for t in sentences]
        offsets = [0]
        for n in lengths:
            offsets.append(offsets[-1] + n)
        paths = self._viterbi_many([scores[offsets[b]:offsets[b + 1]] for b in range(len(sentences))])
        labels = self.labels
        for b, path in enumerate(paths):
            if path is None:
                self.exact_retries += 1
                out[b] = self.tag_parts(sentences[b])
            else:
                out[b] = [labels[i] for i in path]
        return out

    def _viterbi_many(self, states: list[np.ndarray]) -> list[list[int] | None]:
        """Viterbi over several sentences at once (sorted longest first, each step updates the sentences
        that are that long). A sentence whose chosen path has a decision won by less than `_MARGIN` gets
        None: decode it the exact way."""
        trans = self.trans
        n_labels = trans.shape[0]
        order = sorted((b for b in range(len(states)) if len(states[b])), key=lambda b: -len(states[b]))
        out: list[list[int] | None] = [[] for _ in states]
        if not order:
            return out
        lengths = np.array([len(states[b]) for b in order])
        rows = np.arange(len(order))
        size = int(lengths[0])
        running = [int(np.count_nonzero(lengths > t)) for t in range(size + 1)]
        hist = np.zeros((len(order), size, n_labels))
        for r, b in enumerate(order):
            hist[r, :lengths[r]] = states[b]
        back = np.zeros((len(order), size, n_labels), dtype=np.intp)
        for t in range(1, size):
            m = running[t]
            cand = hist[:m, t - 1, :, None] + trans  # [s, i, j]: from label i at t-1 to label j at t
            back[:m, t] = cand.argmax(axis=1)  # the first best i, as CRFsuite keeps it
            hist[:m, t] += cand.max(axis=1)
        last = hist[rows, lengths - 1]
        path = np.zeros((len(order), size), dtype=np.intp)
        cur = last.argmax(axis=1)  # the first best last label, as CRFsuite keeps it
        for t in range(size - 1, 0, -1):
            m = running[t]
            path[:m, t] = np.where(lengths[:m] - 1 == t, cur[:m], path[:m, t])
            cur[:m] = back[rows[:m], t, path[:m, t]]
            path[:m, t - 1] = cur[:m]
        path[:, 0] = np.where(lengths == 1, cur, path[:, 0])
        clear = self._clear_paths(hist, path, lengths, last)
        for r, b in enumerate(order):
            out[b] = path[r, :lengths[r]].tolist() if clear[r] else None
        return out

    def _clear_paths(self, hist: np.ndarray, path: np.ndarray, lengths: np.ndarray, last: np.ndarray) -> np.ndarray:
        """Per sentence, whether its best last label and each token's predecessor on `path` beat every other
        choice by `_MARGIN` (`hist[s, t]`: the Viterbi scores at token t)."""
        top = np.sort(last, axis=1)
        clear = top[:, -1] - top[:, -2] >= _MARGIN if last.shape[1] > 1 else np.ones(len(last), dtype=bool)
        if hist.shape[1] < 2:
            return clear
        # [s, t, i]: from label i at token t to the path's label at t + 1
        cand = hist[:, :-1, :] + np.moveaxis(self.trans[:, path[:, 1:]], 0, -1)
        chosen = path[:, :-1, None]
        best = np.take_along_axis(cand, chosen, axis=2)[..., 0]
        np.put_along_axis(cand, chosen, -np.inf, axis=2)
        won = best - cand.max(axis=2) >= _MARGIN
        inside = np.arange(hist.shape[1] - 1) < (lengths - 1)[:, None]
        return clear & (won | ~inside).all(axis=1)

    def tag_parts(self, tokens: Sequence[Sequence[Sequence[str]]]) -> list[str]:
        """Labels for one sentence given per token its features in parts, summed the exact way: each
        token's attributes one after the other from 0.0, as CRFsuite sums them."""
        if not tokens:
            return []
        get = self.attr_ids.get
        flat: list[int] = []
        starts: list[int] = []
        for parts in tokens:
            starts.append(len(flat))
            flat.append(self.zero)
            for part in parts:
                flat += [i for i in map(get, part) if i is not None]
        state = np.add.reduceat(self.state[flat], starts, axis=0)
        return self._viterbi(state)

    def tag(self, items: Sequence[Sequence[str]]) -> list[str]:
        """Labels for one sentence of flat feature lists, as `pycrfsuite.Tagger.tag` takes them."""
        return self.tag_parts([[list(f)] for f in items])

    def _viterbi(self, state: np.ndarray) -> list[str]:
        n = len(state)
        trans = self.trans
        back = np.empty((n, trans.shape[0]), dtype=np.intp)
        score = state[0]
        for t in range(1, n):
            cand = score[:, None] + trans  # [i, j]: from label i at t-1 to label j at t
            back[t] = best = cand.argmax(axis=0)  # the first best i, as CRFsuite keeps it
            score = cand[best, np.arange(len(best))] + state[t]
        k = int(score.argmax())
        out = [k]
        for t in range(n - 1, 0, -1):
            k = int(back[t, k])
            out.append(k)
        labels = self.labels
        return [labels[i] for i in reversed(out)]
