"""Tag with a CRFsuite model's weights in numpy: the same labels as python-crfsuite, without handing every
token's feature strings to it.

python-crfsuite rebuilds an item per token from its feature strings and looks each one up on every call.
Here the weights are read once out of the model file (CRFsuite's `lCRF` format: a feature table of
(type, source, destination, weight) records and two CQDB string tables, labels and attributes), a word
type's cached feature tuple is turned into attribute ids once, and Viterbi runs in numpy.

The labels are exactly python-crfsuite's, not merely close: a token's state scores are summed in the
order CRFsuite sums them (its attributes one after the other, starting from 0.0), in float64, and Viterbi
keeps the first best predecessor and the first best last label, as CRFsuite does. `tests/test_ner_fast.py`
checks it against python-crfsuite on the ANERcorp test file. (`Tagger.info()` is no use for this: it prints
the weights with six decimals.)
"""
from __future__ import annotations

import struct
from collections.abc import Sequence
from itertools import islice
from pathlib import Path

import numpy as np

from khabar.errors import ModelError

# Feature tuples kept with their attribute ids; a word type has five (its own and four window slots), and a
# reader keeps 20,000 word types (features._CACHE_LIMIT), so this holds about as many words as the reader.
_CACHE_LIMIT = 100_000
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
        # one row per attribute and a last all-zero row every token's sum starts from (CRFsuite starts at 0.0)
        self.zero = n_attrs
        self.state = np.zeros((n_attrs + 1, n_labels))
        self.trans = np.zeros((n_labels, n_labels))
        st = feats[feats["type"] == 0]
        self.state[st["src"], st["dst"]] = st["weight"]
        tr = feats[feats["type"] == 1]
        self.trans[tr["src"], tr["dst"]] = tr["weight"]
        self._ids: dict[int, tuple[tuple[str, ...], list[int]]] = {}

    def _part_ids(self, part: tuple[str, ...]) -> list[int]:
        # Keyed by the tuple's identity (a word type's reader hands out the same tuple each time it meets
        # the word), checked against the tuple kept in the entry: hashing a 40-string tuple per token cost
        # more than the lookup it saved.
        entry = self._ids.get(id(part))
        if entry is not None and entry[0] is part:
            return entry[1]
        if len(self._ids) >= _CACHE_LIMIT:  # drop the older half (insertion order); the reader refills it
            for key in list(islice(self._ids, _CACHE_LIMIT // 2)):
                del self._ids[key]
        get = self.attr_ids.get
        ids = [i for i in map(get, part) if i is not None]
        self._ids[id(part)] = (part, ids)
        return ids

    def tag_parts(self, tokens: Sequence[Sequence[Sequence[str]]]) -> list[str]:
        """Labels for one sentence given per token its features in parts (see `features.sentence_parts`):
        a tuple part is looked up once per distinct tuple, a list part every time."""
        if not tokens:
            return []
        get = self.attr_ids.get
        flat: list[int] = []
        starts: list[int] = []
        for parts in tokens:
            starts.append(len(flat))
            flat.append(self.zero)
            for part in parts:
                if isinstance(part, tuple):
                    flat += self._part_ids(part)
                else:
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
