"""Name and place lists: folded and filtered into one word table, read as CRF features, shipped with the model
and credited in its card.

Every name here is invented (persons, towns and clubs that do not exist), written for these tests.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from khabar.entities.ner.crf import features
from khabar.entities.ner.crf.tagger import LISTS_NAME, load_model, read_lexicon, tag_document
from khabar.entities.training import name_lists
from khabar.entities.training.name_lists import Source, build_table, entry_words, zipf_band

# Made-up words no frequency list knows; persons and towns share letters and endings, so only a list can
# tell an unseen one from the other.
PERSONS = ["عافتان", "ناغهان", "ماتجال", "قاشج", "قاهدون", "هاههال", "تاتنون", "طورنان", "هونزان", "هيسغان"]
TOWNS = ["شاشج", "طيلعال", "طيجد", "قاعرال", "قاجن", "عوغل", "جاطهال", "طيفغان", "تاطرون", "قيصقير"]


def test_entries_are_folded_and_persian_spellings_dropped():
    assert entry_words("أسامة  بن-زهران") == ["اسامه", "بن", "زهران"]  # alef and ta folded, hyphen splits
    assert entry_words("کاوه") == []  # Persian kaf: not an Arabic spelling
    assert entry_words("گلزار عادل") == []  # one Persian letter drops the whole entry
    assert entry_words("Zahran") == []


def test_table_keeps_kinds_and_frequency_bands_and_drops_common_words():
    zipf = {"امل": 4.6, "نوران": 3.4, "في": 6.5}
    pairs = [("giv", "أمل"), ("giv", "نوران"), ("sur", "نوران"), ("loc", "طيلعال"), ("loc", "في طيجد"),
             ("giv", "في")]
    table = build_table(pairs, zipf)
    assert table["امل"] == ("giv:c",)  # a given name that is also an everyday word: marked common
    assert table["نوران"] == ("giv:m", "sur:m")
    assert table["طيلعال"] == ("loc1:r", "loc:r")  # a whole one-word place
    assert table["طيجد"] == ("loc:r",)  # only part of a longer entry
    assert "في" not in table  # too common to be evidence of anything
    assert list(table) == sorted(table)  # same input, same file
    assert [zipf_band(z) for z in (0.0, 3.5, 5.0)] == ["r", "m", "c"]


def test_a_word_is_looked_up_as_written_then_without_its_clitics():
    lists = {"نوران": ("giv:r",), "بنوران": ("loc:r",)}
    assert features.list_marks("بنوران", "نوران", ("بنوران", "نوران"), lists) == ["R:loc:r"]
    assert features.list_marks("ونوران", "نوران", ("ونوران", "نوران"), lists) == ["R~giv:r"]
    assert features.list_marks("طيجد", "طيجد", ("طيجد",), lists) == []


def _conll(path: Path, n: int = 200, seed: int = 3) -> Path:
    """A small training file using half the persons and towns, so the other half is unseen."""
    rnd = random.Random(seed)
    rows = []
    for _ in range(n):
        r = rnd.random()
        if r < 0.6:  # a frame that fits a person and a town alike: only the word (or a list) can tell
            kind = rnd.choice(["PERS", "LOC"])
            name = rnd.choice((PERSONS if kind == "PERS" else TOWNS)[:5])
            words = ["وتحدث", "التقرير", "عن", name, "مرة", "أخرى", "."]
            tags = ["O", "O", "O", "B-" + kind, "O", "O", "O"]
        elif r < 0.8:
            words = ["وقال", rnd.choice(PERSONS[:5]), "إن", "الاجتماع", "كان", "مثمرا", "."]
            tags = ["O", "B-PERS", "O", "O", "O", "O", "O"]
        else:
            words = ["وصل", "الوفد", "إلى", "مدينة", rnd.choice(TOWNS[:5]), "صباح", "اليوم", "."]
            tags = ["O", "O", "O", "O", "B-LOC", "O", "O", "O"]
        rows.append("\n".join(f"{w} {t}" for w, t in zip(words, tags)))
    path.write_text("\n\n".join(rows) + "\n", encoding="utf-8")
    return path


def _invented_source() -> Source:
    def read():
        yield from (("giv", p) for p in PERSONS)
        yield from (("loc", t) for t in TOWNS)

    return Source("invented-names", "none", "CC0 1.0", "Names written for the khabar tests", read)


def test_trained_with_lists_ships_them_reads_them_and_credits_them(tmp_path):
    from khabar.entities.training.train import train

    out = tmp_path / "model"
    train([_conll(tmp_path / "train.txt")], out, holdout_fraction=0.2, grid=[(0.05, 0.01)], passes=1,
          lists=[_invented_source()], workers=1, log=lambda m: None)
    table = read_lexicon(out / LISTS_NAME)
    assert table[features.fold(PERSONS[-1])] == ("giv:r",) and table[features.fold(TOWNS[-1])] == ("loc1:r", "loc:r")
    record = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert LISTS_NAME in record["model"]
    assert record["lists"]["sources"][0] == {"name": "invented-names", "entries": len(PERSONS) + len(TOWNS),
                                             "licence": "CC0 1.0", "attribution": "Names written for the khabar tests"}
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "invented-names" in card and "CC0 1.0" in card and "--no-lists" not in card

    # Names training never saw, in the frame that fits both: the lists decide.
    person, town = (["وتحدث", "التقرير", "عن", w, "مرة", "أخرى", "."] for w in (PERSONS[-1], TOWNS[-1]))
    labels = tag_document([person, town], model=out / "ner.crfsuite")
    assert labels[0][3] == "B-PER" and labels[1][3] == "B-LOC"
    assert "R:giv:r" in load_model(out / "ner.crfsuite").reader.word(PERSONS[-1]).at[0]
    assert "R:giv:r" not in features.sentence_features(person)[3]  # the plain reader has no lists

    train([_conll(tmp_path / "train.txt")], out, holdout_fraction=0.2, grid=[(0.05, 0.01)], passes=1,
          lists=False, workers=1, log=lambda m: None)
    assert not (out / LISTS_NAME).exists()  # retrained without lists: no stale table left behind
    assert "--no-lists" in (out / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_a_rebuild_missing_a_source_package_is_refused_by_name():
    missing = Source("absent", "khabar_no_such_package", "MIT", "", lambda: iter(()))
    assert name_lists.available([missing]) == []
    with pytest.raises(ModuleNotFoundError, match="khabar_no_such_package"):
        name_lists.required([missing])


def test_mention_copies_replace_names_and_keep_tags_aligned():
    from khabar.entities.training.train import _with_mentions

    sents = [(["وقال", "سامر", "الحداد", "في", "طيجد", "."], ["O", "B-PER", "I-PER", "O", "B-LOC", "O"]),
             (["لا", "أسماء", "هنا", "."], ["O", "O", "O", "O"])]
    pool = {"PER": (("عافتان",), ("ناغهان", "بن", "قاشج")), "LOC": (("شاشج",),)}
    copies = _with_mentions(sents, pool, fraction=1.0)
    assert len(copies) == 1  # a sentence without a mention gives no copy
    tokens, tags, flags, k = copies[0]
    assert k == 0 and len(tokens) == len(tags) == len(flags)
    assert tokens[0] == "وقال" and tokens[-3:] == ["في", "شاشج", "."] and tags[-2] == "B-LOC"
    person = tokens[1:-3]
    assert tuple(person) in pool["PER"] and tags[1:-3] == ["B-PER"] + ["I-PER"] * (len(person) - 1)
    assert _with_mentions(sents, pool, fraction=1.0) == copies  # same seed, same copies


def test_the_mention_pool_holds_short_arabic_entries_by_type():
    def read():
        yield from [("pn", "سامر الحداد"), ("fpn", "عافتان"), ("pn", "واحد اثنان ثلاثة أربعة"),
                    ("loc", "طيجد"), ("loc", "مدينة طيجد"), ("pn", "کاوه"), ("org", "نادي شاشج"),
                    ("giv", "نوران")]

    pool = name_lists.mention_pool([Source("t", "none", "CC0", "", read)])
    assert pool == {"PER": (("سامر", "الحداد"), ("عافتان",)), "LOC": (("طيجد",),)}


def test_organisation_copies_take_club_names_only_when_asked(monkeypatch):
    clubs = {"a": "نادي شاشج (كرة سلة)", "b": "طيجد يونايتد", "c": "نادي قاجن الرياضي لكرة القدم للسيدات",
             "d": "نادي کاوه", "e": ["not", "a", "label"]}
    monkeypatch.setattr(name_lists, "_json", lambda *parts: clubs)
    # the parenthesis dropped; more than four words and Persian letters left out
    assert name_lists.club_entries() == [("نادي", "شاشج"), ("طيجد", "يونايتد")]

    def read():
        yield from [("pn", "سامر الحداد"), ("org", "شركات طباعة في")]

    src = Source("arwikicats", "none", "MIT", "", read)
    assert "ORG" not in name_lists.mention_pool([src])
    pool = name_lists.mention_pool([src], org=True)
    assert pool["ORG"] == (("طيجد", "يونايتد"), ("نادي", "شاشج"))  # the category label is no name
    assert "ORG" not in name_lists.mention_pool([Source("t", "none", "CC0", "", read)], org=True)


def test_train_ner_without_the_list_packages_says_so_before_training(tmp_path, monkeypatch, capsys):
    # as on a machine with the test extra only: the list packages cannot be found
    from khabar.cli import main

    monkeypatch.setattr(name_lists, "_folder", lambda package: None)
    train_file = tmp_path / "train.txt"
    train_file.write_text("سامر B-PERS\nقال O\n", encoding="utf-8")
    assert main(["train-ner", "--train", str(train_file), "--out", str(tmp_path / "m")]) != 0
    assert not (tmp_path / "m" / "ner.crfsuite").exists()
    err = capsys.readouterr().err
    assert "arabnamer" in err and "--no-lists" in err and "Traceback" not in err
