"""The shipped CRF model on invented sentences, the span mapping, and import hygiene."""
from __future__ import annotations

import subprocess
import sys

import pytest

from khabar.entities.ner.crf import tagger
from khabar.entities.ner.crf.features import candidates, fold, sentence_features, strip_clitics
from khabar.errors import ModelError
from khabar.arabic.tokens import tokenize


def _spans(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], typ) for s, e, typ in tagger.tag_spans(text, tokenize(text))]


def test_importing_the_tagger_loads_neither_model_nor_training_code():
    code = (
        "import sys, khabar.entities.ner.crf.tagger as t\n"
        "assert 'khabar.entities.training' not in sys.modules\n"
        "assert 'pycrfsuite' not in sys.modules\n"
        "assert t._load.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_minister_and_city_are_found():
    spans = _spans("قال وزير الخارجية سامر الحداد في القاهرة إن المحادثات ستستمر.")
    assert ("سامر الحداد", "PER") in spans
    assert ("القاهرة", "LOC") in spans


def test_president_in_a_capital():
    spans = _spans("وصل الرئيس الفرنسي إلى بغداد أمس في زيارة رسمية.")
    assert ("بغداد", "LOC") in spans
    assert all(typ != "PER" for _, typ in spans)  # a title alone names nobody


def test_spans_are_character_offsets_of_the_text_and_cover_several_sentences():
    text = "أكد الدكتور كريم العساف أن الاتفاق جيد.\nوفي دمشق، قالت الوزيرة ليلى الشامي إن الوفد وصل."
    got = tagger.tag_spans(text, tokenize(text))
    assert got == sorted(got)
    for s, e, typ in got:
        assert text[s:e] == text[s:e].strip() and typ in {"PER", "ORG", "LOC", "MISC"}
    found = {(text[s:e], t) for s, e, t in got}
    assert ("كريم العساف", "PER") in found
    assert ("ليلى الشامي", "PER") in found
    assert any(t == "LOC" and "دمشق" in w for w, t in found)


def test_tag_returns_one_bio_label_per_token():
    tokens = ["قال", "الشيخ", "فهد", "الراشد", "في", "الرياض", "."]
    labels = tagger.tag(tokens)
    assert len(labels) == len(tokens)
    assert all(lab == "O" or lab[:2] in ("B-", "I-") for lab in labels)
    assert labels[2] == "B-PER" and labels[5] == "B-LOC"
    assert tagger.tag([]) == []


def test_hashtag_words_are_tagged_like_plain_words():
    text = "تظاهر آلاف في #القاهرة اليوم"
    assert ("القاهرة", "LOC") in _spans(text)


def test_missing_model_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        tagger.tag(["سامر"], model=tmp_path / "none.crfsuite")


def test_fold_and_clitics():
    assert fold("أَحْمَدُ") == "احمد"
    assert fold("مدرسةٌ") == "مدرسه"
    assert fold("مصطفى") == "مصطفي"
    assert fold("١٩٩٠") == "1990"
    assert strip_clitics(fold("وبالقاهرة")) == "قاهره"
    assert strip_clitics("ولد") == "ولد"  # too short to lose its first letter
    assert "القاهره" in candidates(fold("بالقاهرة"))


def test_features_see_titles_before_a_name():
    feats = sentence_features(["قال", "وزير", "الخارجية", "سامر", "الحداد"])
    assert "after1:role" in feats[3]
    assert "G:role:B" in feats[1] and "G:role:I" in feats[2]
    assert "L:place" in sentence_features(["في", "القاهرة"])[1]


def test_a_name_tagged_once_is_seen_by_the_second_pass_elsewhere():
    from khabar.entities.ner.crf.features import document_features

    sents = [["قال", "جوزيه", "إن", "الفريق", "جاهز"], ["ورفض", "جوزيه", "الكلام"]]
    first = [["O", "B-PER", "O", "O", "O"], ["O", "O", "O"]]
    feats = document_features(sents, first, window=8)
    assert "W:PER:all" in feats[1][1]  # the other جوزيه was a person
    assert "S1=O" in feats[1][1] and "+1W:PER:all" in feats[1][0]
    assert not any(f.startswith("W:") for f in feats[0][0])  # قال occurs once
    assert document_features(sents, first, window=0)[1][1][:3] == ["S1=O", "S1-1=O", "S1+1=O"]
    assert not any(f.startswith("W:") for f in document_features(sents, first, window=0)[1][1])


def test_training_word_list_never_holds_a_sentences_own_labels():
    from khabar.entities.training.train import build_lexicon, crossfold_lexicons

    sents = [(["زار", "سامر", "دمشق"], ["O", "B-PER", "B-LOC"]), (["وصل", "سعيد"], ["O", "B-PER"])]
    lex = build_lexicon(sents)
    assert lex["سامر"] == ("D:PER:hi",) and lex["دمشق"] == ("D:LOC:hi",) and "زار" not in lex
    folds = crossfold_lexicons(sents, 2)
    assert "سامر" not in folds[0] and "سعيد" in folds[0]
    assert "سعيد" not in folds[1] and "سامر" in folds[1]


def test_tag_document_gives_one_label_list_per_sentence():
    sents = [["قال", "الشيخ", "فهد", "الراشد", "في", "الرياض", "."], [], ["وأكد", "فهد", "الراشد", "ذلك", "."]]
    labels = tagger.tag_document(sents)
    assert [len(x) for x in labels] == [7, 0, 5]
    assert labels[0][2] == "B-PER" and labels[0][5] == "B-LOC"



def test_curly_quotes_fold_to_the_straight_ones_of_the_training_text():
    assert fold("“") == fold("”") == '"'
    assert fold("’") == "'"


def test_wordfreq_usage_tells_a_name_from_a_common_noun():
    from khabar.entities.ner.crf.features import _usage

    noun, name = dict(f.split("=") for f in _usage("برنامج")), dict(f.split("=") for f in _usage("بنفيكا"))
    assert noun["alr"] not in ("z", "n") and noun["sfr"] not in ("z", "n")  # البرنامج, برنامجه are common
    assert name["alr"] == "z" and name["sfr"] == "z"  # nobody writes البنفيكا or بنفيكاه
    assert _usage("برنامجا") == _usage("برنامجا") and dict(f.split("=") for f in _usage("برنامجا"))["zs"] != "0"


def test_nationality_adjectives_are_flagged():
    feats = sentence_features(["اللاعب", "البرتغالي", "ريكاردو"])
    assert "nis" in feats[1] and "-1nis" in feats[2] and "nis" not in feats[2]


def test_consistency_step_tags_a_lone_word_seen_as_a_name_nearby():
    from khabar.entities.ner.crf.features import propagate

    sents = [["قال", "إيدي", "كيو", "إن"], ["لا", "يعلم", "“", "كيو", "”", "ما"], ["وأكد", "المصري", "ذلك"]]
    labels = [["O", "B-PER", "I-PER", "O"], ["O"] * 6, ["O", "O", "O"]]
    out = propagate(sents, labels, window=8)
    assert out[1][3] == "B-PER" and out[0] == labels[0]
    assert propagate(sents, labels, window=0)[1][3] == "O"  # out of reach
    named = [["قال", "ياسر", "المصري"], ["وأكد", "المصري", "ذلك"]]
    assert propagate(named, [["O", "B-PER", "I-PER"], ["O", "O", "O"]])[1][1] == "O"  # «Egyptian» stays O
    two = [["التقى", "سامر", "الحداد", "و", "ليلى", "الحداد"], ["وقال", "الحداد", "إن"]]
    assert propagate(two, [["O", "B-PER", "I-PER", "O", "B-PER", "I-PER"], ["O", "O", "O"]])[1][1] == "O"  # whose?


def test_a_speech_verb_or_title_at_the_start_of_a_name_is_trimmed_off():
    sents = [["وشدد", "سامر", "الحداد", "على"], ["قال", "وزير", "الري", "سامر", "الحداد"], ["وزير", "الخارجية"]]
    labels = [["B-PER", "I-PER", "I-PER", "O"], ["O", "B-PER", "I-PER", "I-PER", "I-PER"], ["B-PER", "I-PER"]]
    out = tagger.trim_titles(sents, labels)
    assert out[0] == ["O", "B-PER", "I-PER", "O"]
    assert out[1] == ["O", "O", "O", "B-PER", "I-PER"]
    assert out[2] == labels[2]  # nothing would be left of the name: kept as tagged


def test_a_lone_particle_or_preposition_is_never_an_entity():
    from khabar.entities.ner.crf.tagger import drop_function_words

    sentences = [["وشدد", "على", "أن", "علي", "سيحضر"], ["قال", "هذا", "الرجل"]]
    labels = [["O", "B-PER", "O", "B-PER", "O"], ["O", "B-ORG", "O"]]
    assert drop_function_words(sentences, labels) == [["O", "O", "O", "B-PER", "O"], ["O", "O", "O"]]


def test_the_cldr_place_list_is_what_its_generator_writes(tmp_path):
    from importlib import resources

    babel = pytest.importorskip("babel")
    from khabar.entities.training.cldr import write_cldr_places

    shipped = resources.files("khabar.entities").joinpath("data", "cldr_places.txt").read_text(encoding="utf-8")
    if f"babel {babel.__version__} " not in shipped.splitlines()[0]:
        pytest.skip("CLDR differs between babel versions")
    assert write_cldr_places(tmp_path / "cldr_places.txt").read_text(encoding="utf-8") == shipped
