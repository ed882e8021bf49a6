"""Word clusters from an unlabelled corpus: learnt, shipped beside the model, read when tagging, licensed.

The corpora here are invented: persons, towns and bodies that do not exist, in sentences written for the
test. Town names and person names sit in different contexts, which is all word2vec can learn from.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("gensim")

from khabar.entities.ner.crf import features  # noqa: E402
from khabar.entities.ner.crf.tagger import CLUSTERS_NAME, load_model, read_lexicon, tag_document  # noqa: E402
from khabar.entities.training.word_clusters import corpus_sentences, learn_clusters, write_clusters  # noqa: E402
from khabar.errors import InputError  # noqa: E402

# Made-up words that no dictionary or frequency list knows, person and town names drawn from the same
# letters and endings, so that nothing but the contexts they are used in tells them apart.
PERSONS = ["عافتان", "ناغهان", "ماتجال", "قاشج", "قاهدون", "هاههال", "تاتنون", "طورنان", "هونزان", "هيسغان",
           "نيجهان", "سونقير"]
TOWNS = ["شاشج", "طيلعال", "طيجد", "قاعرال", "قاجن", "عوغل", "جاطهال", "طيفغان", "تاطرون", "قيصقير", "راشبال",
         "هاصطان"]
PERSON_FRAMES = ["قال {} إن الاجتماع كان مثمرا", "وأكد {} أن الخطة تسير كما أعلن", "وصرح {} للصحفيين بأن الوضع هادئ",
                 "وأضاف {} في كلمته أن العمل مستمر"]
TOWN_FRAMES = ["وصل الوفد إلى مدينة {} صباح اليوم", "في مدينة {} افتتح معرض جديد للكتاب",
               "شهدت {} أمطارا غزيرة خلال الليل", "عاد السكان إلى بلدة {} بعد الفيضان"]


def _unlabelled(n: int = 1500, seed: int = 5) -> list[str]:
    rnd = random.Random(seed)
    lines = []
    for _ in range(n):
        if rnd.random() < 0.5:
            lines.append(rnd.choice(PERSON_FRAMES).format(rnd.choice(PERSONS)))
        else:
            lines.append(rnd.choice(TOWN_FRAMES).format(rnd.choice(TOWNS)))
    return ["\n".join(lines[i:i + 30]) for i in range(0, n, 30)]  # articles of 30 lines


def _conll(path: Path, n: int = 160, seed: int = 3) -> Path:
    """A small labelled training file: half the names and towns, so the other half is unseen."""
    rnd = random.Random(seed)
    rows = []
    for _ in range(n):
        r = rnd.random()
        if r < 0.6:  # a frame that fits a person and a town alike: only the word itself can tell
            kind = rnd.choice(["PERS", "LOC"])
            name = rnd.choice((PERSONS if kind == "PERS" else TOWNS)[:6])
            words = ["وتحدث", "التقرير", "عن", name, "مرة", "أخرى", "."]
            tags = ["O", "O", "O", "B-" + kind, "O", "O", "O"]
        elif r < 0.8:
            name = rnd.choice(PERSONS[:6])
            words = ["وقال", name, "إن", "الاجتماع", "كان", "مثمرا", "."]
            tags = ["O", "B-PERS", "O", "O", "O", "O", "O"]
        else:
            town = rnd.choice(TOWNS[:6])
            words = ["وصل", "الوفد", "إلى", "مدينة", town, "صباح", "اليوم", "."]
            tags = ["O", "O", "O", "O", "B-LOC", "O", "O", "O"]
        rows.append("\n".join(f"{w} {t}" for w, t in zip(words, tags)))
    path.write_text("\n\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_corpus_lines_are_read_as_the_features_read_words():
    text = "قالَ سامر إن «الخطة» ناجحة\nسطر قصير\nوصل الوفد إلى مدينة ﻧﻮﺭﺍﻥ اليوم"
    lines = list(corpus_sentences([text]))
    assert lines[0] == ["قال", "سامر", "ان", "«", "الخطه", "»", "ناجحه"]  # diacritics gone, alef/ta folded
    assert ["سطر", "قصير"] not in lines  # two-token lines teach nothing
    assert "نوران" in lines[1]  # presentation forms read as letters, as the tagger reads them


def test_words_in_the_same_contexts_share_a_cluster():
    table = learn_clusters(corpus_sentences(_unlabelled()), sizes=(2, 8), min_count=3, workers=1, epochs=10)
    coarse_persons = {table[features.fold(p)][0] for p in PERSONS}
    coarse_towns = {table[features.fold(t)][0] for t in TOWNS}
    assert len(coarse_persons) == 1 and len(coarse_towns) == 1 and coarse_persons != coarse_towns


def test_learning_is_repeatable():
    a = learn_clusters(corpus_sentences(_unlabelled(600)), sizes=(2, 4), min_count=3, workers=1)
    b = learn_clusters(corpus_sentences(_unlabelled(600)), sizes=(2, 4), min_count=3, workers=1)
    assert a == b


def test_too_little_text_is_a_clear_error():
    with pytest.raises(InputError, match="too few"):
        learn_clusters(corpus_sentences(["قال سامر إن الخطة ناجحة"]), sizes=(64,), min_count=1, workers=1)
    with pytest.raises(InputError, match="no text lines"):
        learn_clusters(corpus_sentences(["", "سطر"]), sizes=(2,), workers=1)


def test_cluster_table_round_trips(tmp_path):
    write_clusters({"سامر": (1, 7), "نوران": (0, 3)}, tmp_path / CLUSTERS_NAME)
    assert read_lexicon(tmp_path / CLUSTERS_NAME) == {"سامر": ("1", "7"), "نوران": ("0", "3")}
    assert read_lexicon(tmp_path / "absent.tsv") == {}


def test_trained_with_clusters_ships_them_reads_them_and_says_their_licence(tmp_path):
    from khabar.entities.training.train import train

    out = tmp_path / "model"
    train([_conll(tmp_path / "train.txt")], out, holdout_fraction=0.2, grid=[(0.05, 0.01)], passes=1,
          unlabelled=_unlabelled(), unlabelled_source={"paths": ["invented.jsonl"], "licence": "CC0 1.0"},
          cluster_sizes=(2, 8), workers=1, lists=False, log=lambda m: None)
    table = read_lexicon(out / CLUSTERS_NAME)
    assert features.fold(TOWNS[-1]) in table  # an unlabelled-only town has a cluster
    record = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert record["clusters"]["licence"] == "CC0 1.0" and record["clusters"]["sizes"] == [2, 8]
    assert CLUSTERS_NAME in record["model"]
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "CC0 1.0" in card and "--unlabelled invented.jsonl" in card

    # Names the labelled file never had, in the frame that fits both: their clusters decide.
    person, town = (["وتحدث", "التقرير", "عن", w, "مرة", "أخرى", "."] for w in (PERSONS[-1], TOWNS[-1]))
    shipped_before = tag_document([person, town])
    labels = tag_document([person, town], model=out / "ner.crfsuite")
    assert any(f.startswith("c1=") for f in load_model(out / "ner.crfsuite").reader.word(PERSONS[-1]).at[0])
    assert labels[0][3] == "B-PER" and labels[1][3] == "B-LOC"

    # The table belongs to that model alone: the shipped one (no table) reads words as it did before.
    assert not any(f.startswith("c1=") for f in load_model().reader.word(PERSONS[-1]).at[0])
    assert not any(f.startswith("c1=") for f in features.sentence_features(person)[3])
    assert tag_document([person, town]) == shipped_before

    train([_conll(tmp_path / "train.txt")], out, holdout_fraction=0.2, grid=[(0.05, 0.01)], passes=1,
          workers=1, lists=False, log=lambda m: None)
    assert not (out / CLUSTERS_NAME).exists()  # retrained without a corpus: no stale table left behind


def test_cli_refuses_a_corpus_without_its_licence(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": _unlabelled(30)[0]}, ensure_ascii=False) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "khabar.cli", "train-ner", "--train", str(_conll(tmp_path / "t.txt")),
                           "--out", str(tmp_path / "m"), "--unlabelled", str(corpus)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "--unlabelled-licence" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "m" / "ner.crfsuite").exists()
