"""The corpus readers, BIO merging and the scorer, on tiny files written here."""
from __future__ import annotations

import pytest

from khabar.entities.bio import bio_to_spans
from khabar.entities.training.conll import detect_format, read_conll, repair_bio
from khabar.entities.training.evaluate import format_scores, score
from khabar.errors import InputError

ANER = "قال O\nسامر B-PERS\nالحداد I-PERS\nفي O\nدمياط B-LOC\n\nاتحاد B-ORG\nالصيادين I-ORG\nيحتج O\n"


def test_anercorp_reader_maps_pers_and_splits_sentences(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ANER, encoding="utf-8")
    sents = read_conll(f)
    assert detect_format(f) == "anercorp"
    assert sents == [
        (["قال", "سامر", "الحداد", "في", "دمياط"], ["O", "B-PER", "I-PER", "O", "B-LOC"]),
        (["اتحاد", "الصيادين", "يحتج"], ["B-ORG", "I-ORG", "O"]),
    ]


def test_aqmar_reader_folds_mis_classes_and_known_typos(tmp_path):
    f = tmp_path / "art.txt"
    f.write_text("كأس B-MIS1\nالوادي I-MIS1\nفاز O\nبها OO\nنادي B-ORG\nالنخيل I--ORG\nو O\nرامي B-PER\n",
                 encoding="utf-8")
    (tokens, tags), = read_conll(tmp_path, "aqmar")  # a folder of articles reads too
    assert tags == ["B-MISC", "I-MISC", "O", "O", "B-ORG", "I-ORG", "O", "B-PER"]
    assert detect_format(f) == "aqmar"


def test_wojood_keeps_outermost_mapped_entity_and_drops_other_types(tmp_path):
    f = tmp_path / "w.txt"
    f.write_text(
        "وزارة B-ORG\nالزراعة I-ORG\nفي I-ORG\nمدينة I-ORG B-GPE\nالواحة I-ORG I-GPE\nأمس B-DATE\n"
        "الوزير B-OCC\nنادر B-PERS\n",
        encoding="utf-8",
    )
    (tokens, tags), = read_conll(f)
    assert detect_format(f) == "wojood"
    assert tags == ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "B-PER"]


def test_wojood_gpe_alone_becomes_loc(tmp_path):
    f = tmp_path / "w.txt"
    f.write_text("زار O\nقرية B-GPE\nالسنابل I-GPE\nو O\nجسر B-FAC\n", encoding="utf-8")
    assert read_conll(f, "wojood")[0][1] == ["O", "B-LOC", "I-LOC", "O", "B-LOC"]


@pytest.mark.parametrize("bad, line, reason", [
    ("سامر B-PERS\nالحداد\n", 2, "expected 'token tag'"),
    ("سامر B-PERS\n\nالحداد X-PERS\n", 3, "bad tag"),
    ("سامر B-PERS\nالحداد I-ANIMAL\n", 2, "unknown entity type"),
    ("سامر B-PERS extra\n", 1, "expected 2 columns"),
])
def test_malformed_line_names_file_and_line(tmp_path, bad, line, reason):
    f = tmp_path / "bad.txt"
    f.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_conll(f, "anercorp")
    assert str(f) in str(err.value)
    assert reason in str(err.value)
    assert f"{f}:{line}:" in str(err.value)


def test_missing_file_and_non_utf8_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_conll(tmp_path / "nope.txt")
    f = tmp_path / "latin1.txt"
    f.write_bytes("caf\xe9 O\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_conll(f, "anercorp")


def test_bio_to_spans_merges_and_repairs_stray_inside_tags():
    tags = ["I-PER", "I-PER", "O", "B-LOC", "I-ORG", "B-LOC", "I-LOC", "B-PER"]
    assert bio_to_spans(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 7, "LOC"), (7, 8, "PER")]
    assert repair_bio(["O", "I-PER", "I-PER", "I-LOC"]) == ["O", "B-PER", "I-PER", "B-LOC"]
    assert bio_to_spans([]) == []


def test_scorer_counts_exact_spans_only():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O", "B-PER"]]
    # PER: one exact hit, one miss (second one predicted as LOC). LOC: one hit, one false alarm.
    # ORG: predicted one token short, so both a miss and a false alarm.
    pred = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O", "O", "B-LOC"]]
    s = score(gold, pred)
    assert s["PER"]["precision"] == 1.0 and s["PER"]["recall"] == 0.5 and s["PER"]["support"] == 2
    assert s["LOC"]["precision"] == 0.5 and s["LOC"]["recall"] == 1.0
    assert s["ORG"]["f1"] == 0.0
    # overall: 2 true positives out of 4 predicted and 4 gold.
    assert s["overall"]["precision"] == 0.5 and s["overall"]["recall"] == 0.5 and s["overall"]["f1"] == 0.5
    text = format_scores(s)
    assert text.splitlines()[-1].startswith("overall")
    assert "PER      precision 1.0000 recall 0.5000 f1 0.6667 support 2" in text


def test_scorer_ignores_types_the_gold_file_never_uses():
    gold = [["B-PER", "O", "B-LOC"]]
    pred = [["B-PER", "B-MISC", "B-LOC"]]
    s = score(gold, pred)
    assert "MISC" not in s and s["overall"]["precision"] == 1.0
    with pytest.raises(ValueError):
        score(gold, [["O"]])


def test_recall_is_split_by_whether_training_had_the_entity():
    from khabar.entities.training.evaluate import recall_by_seen

    train = [(["زار", "سامر", "الحداد", "نوران"], ["O", "B-PER", "I-PER", "B-LOC"])]
    gold = [(["قال", "سامر", "الحداد", "في", "نوران", "و", "ليلى"], ["O", "B-PER", "I-PER", "O", "B-LOC", "O", "B-PER"])]
    pred = [["O", "B-PER", "I-PER", "O", "O", "O", "B-PER"]]
    got = recall_by_seen(gold, pred, train)
    assert got == {"LOC": {"seen": (0, 1), "unseen": (0, 0)}, "PER": {"seen": (1, 1), "unseen": (1, 1)}}
