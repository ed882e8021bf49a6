"""The ONNX NER door, on a tiny token-classification model each test session builds itself.

The model is what `optimum-cli export onnx --task token-classification` writes for a BERT NER model, in
miniature: input_ids and attention_mask in, an embedding lookup, one matrix product, logits out; a WordPiece
tokenizer.json over a small invented Arabic vocabulary; config.json with id2label. The weights are seeded
noise with a strong `O`, plus a few rows crafted so chosen words get chosen labels: each sub-token's scores
depend on that sub-token alone, so what a word must be tagged is known without running the model.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")

import numpy as np  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402
from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors  # noqa: E402
from tokenizers.models import WordPiece  # noqa: E402

from khabar.cli import main  # noqa: E402
from khabar.entities.ner import check_tagger, get_tagger  # noqa: E402
from khabar.entities.ner.onnx import tagger as onnx_tagger  # noqa: E402
from khabar.entities.ner.onnx.labels import read_label_map, to_bio  # noqa: E402
from khabar.entities.ner.onnx.tagger import OnnxTagger, plan_windows  # noqa: E402
from khabar.errors import ModelError  # noqa: E402
from khabar.pipeline import Options, extract  # noqa: E402

# CAMeLBERT-NER's label names (PERS, not PER), and a type khabar has no room for (DATE).
LABELS = ["O", "B-PERS", "I-PERS", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-DATE", "I-DATE"]
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
# The invented surname «الدوسكي» is two sub-tokens; the second is crafted to say B-LOC, which must not count.
WORDS = ["قال", "إن", "في", "رئيس", "بلدية", "وادي", "السنديان", "المشروع", "سيكتمل", "قبل", "نهاية", "العام",
         "وأضاف", "أن", "العمل", "بدأ", "الربيع", "فارس", "الدو", "##سكي", "شركة", "نخيل", "مرجان", "الأحد"]
CRAFTED = {"فارس": "B-PERS", "الدو": "I-PERS", "##سكي": "B-LOC", "شركة": "B-ORG", "نخيل": "I-ORG",
           "مرجان": "B-LOC", "الأحد": "B-DATE"}
ARTICLE = ("قال فـارس الدوسكي، رئيس بلدية وادي السنديان، إن «المشروع سيكتمل قبل نهاية العام».\n\n"
           "وأضاف الدوسكي أن العمل في مرجان بدأ في الربيع مع شركة نخيل الأحد.\n")


def build_model(folder: Path, *, max_length: int = 512, labels: list[str] = LABELS,
                outputs: int | None = None, with_tokenizer_config: bool = False) -> Path:
    """Write model.onnx, tokenizer.json and config.json into `folder`, as an optimum export lays them out."""
    folder.mkdir(parents=True, exist_ok=True)
    vocab = {tok: i for i, tok in enumerate(SPECIAL + WORDS)}
    tok = Tokenizer(WordPiece(vocab, unk_token="[UNK]", max_input_chars_per_word=100))
    # The model reads words without tatweel; offsets must still point into the input, where it stays.
    tok.normalizer = normalizers.Sequence([normalizers.Replace("ـ", "")])
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.BertProcessing(("[SEP]", vocab["[SEP]"]), ("[CLS]", vocab["[CLS]"]))
    tok.save(str(folder / "tokenizer.json"))

    n_out = outputs if outputs is not None else len(labels)
    rng = np.random.default_rng(20)
    weights = rng.normal(0.0, 0.1, size=(len(vocab), n_out)).astype(np.float32)
    weights[:, 0] += 1.0  # everything is outside an entity unless crafted otherwise
    for word, label in CRAFTED.items():
        if label in labels and labels.index(label) < n_out:
            weights[vocab[word], labels.index(label)] += 5.0
    embedding = np.eye(len(vocab), dtype=np.float32)
    graph = helper.make_graph(
        [helper.make_node("Gather", ["embedding", "input_ids"], ["hidden"], axis=0),
         helper.make_node("MatMul", ["hidden", "classifier"], ["logits"])],
        "tiny-ner",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "sequence", n_out])],
        initializer=[numpy_helper.from_array(embedding, "embedding"),
                     numpy_helper.from_array(weights, "classifier")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(folder / "model.onnx"))
    config = {"model_type": "bert", "max_position_embeddings": max_length,
              "id2label": {str(i): name for i, name in enumerate(labels)},
              "label2id": {name: i for i, name in enumerate(labels)}}
    (folder / "config.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    if with_tokenizer_config:
        (folder / "tokenizer_config.json").write_text(json.dumps({"model_max_length": 1e30}), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_model(tmp_path_factory.mktemp("ner-onnx") / "tiny", with_tokenizer_config=True)


@pytest.fixture(scope="module")
def narrow_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same weights read through a window of 8 sub-tokens (6 after [CLS] and [SEP])."""
    return build_model(tmp_path_factory.mktemp("ner-onnx") / "narrow", max_length=8)


def spans_of(text: str, folder: Path) -> list[tuple[str, str]]:
    doc = extract(text, options=Options(ner=str(folder), quotes=False))
    return [(s.text, s.label) for s in doc.layer("ner")]


def test_labels_from_every_scheme_map_to_khabar_types() -> None:
    assert [to_bio(x) for x in ("B-PERS", "I-PERSON", "S-GPE", "E-ORGANIZATION", "U-MISC", "O")] == \
        ["B-PER", "I-PER", "B-LOC", "I-ORG", "B-MISC", "O"]
    assert to_bio("B-DATE") == "O" and to_bio("I-OCC") == "O"  # types khabar has no room for
    assert to_bio("LOC") == "I-LOC"  # an IO label set: a run of LOC words is one place
    assert read_label_map({"id2label": {"1": "B-PER", "0": "O"}}, "config.json") == ["O", "B-PER"]
    with pytest.raises(ValueError, match="0..2"):
        read_label_map({"id2label": {"0": "O", "1": "B-PER", "3": "I-PER"}}, "config.json")
    with pytest.raises(ValueError, match="no id2label"):
        read_label_map({"label2id": {"O": 0}}, "config.json")


def test_a_word_takes_its_first_sub_token_label_and_true_offsets(model_dir: Path) -> None:
    text = ARTICLE
    doc = extract(text, options=Options(ner=str(model_dir), quotes=False))
    ner = [(s.start, s.end, s.text, s.label) for s in doc.layer("ner")]
    for start, end, surface, _ in ner:
        assert text[start:end] == surface
    # «فـارس» has a tatweel the tokenizer drops; the span still covers the input's own characters.
    first = text.index("فـارس")
    assert (first, first + len("فـارس الدوسكي"), "فـارس الدوسكي", "PER") in ner
    # «الدوسكي» alone continues nobody: a stray I- opens a person (its «##سكي» B-LOC is ignored).
    second = text.index("الدوسكي", first + 10)
    assert (second, second + len("الدوسكي"), "الدوسكي", "PER") in ner
    assert ("شركة نخيل", "ORG") in [(s, lab) for _, _, s, lab in ner]
    assert ("مرجان", "LOC") in [(s, lab) for _, _, s, lab in ner]
    assert not any(s == "الأحد" for _, _, s, _ in ner)  # B-DATE has no khabar type: outside
    assert not any(lab == "LOC" and "الدوسكي" in s for _, _, s, lab in ner)


def test_windows_cover_every_word_and_change_nothing(model_dir: Path, narrow_dir: Path) -> None:
    text = " ".join(["قال فارس الدوسكي إن العمل بدأ في مرجان."] * 40)
    wide = spans_of(text, model_dir)
    narrow = spans_of(text, narrow_dir)
    assert narrow == wide
    assert wide.count(("فارس الدوسكي", "PER")) == 40
    assert wide.count(("مرجان", "LOC")) == 40
    assert onnx_tagger.load(str(narrow_dir)).max_length == 8
    assert onnx_tagger.load(str(model_dir)).max_length == 512  # tokenizer_config's 1e30 means no limit


@pytest.mark.parametrize("counts,budget", [([1] * 50, 6), ([3, 1, 2, 9, 1, 1, 4, 0, 2] * 7, 6), ([1], 1),
                                           ([2, 2, 2, 2], 4)])
def test_window_plan_covers_all_words_within_budget(counts: list[int], budget: int) -> None:
    windows = plan_windows(counts, budget)
    assert windows[0][0] == 0 and windows[-1][1] == len(counts)
    for (a, b), (c, _) in zip(windows, windows[1:]):
        assert a < c <= b  # each window starts later, and no word is left between two windows
    for a, b in windows:
        assert b - a == 1 or sum(counts[a:b]) <= budget
    assert len(windows) <= 2 * sum(max(c, 1) for c in counts) // max(1, budget // 2) + 2


def test_a_word_longer_than_a_window_is_still_read(tmp_path: Path) -> None:
    folder = build_model(tmp_path / "m", max_length=4)
    tagger = OnnxTagger(str(folder))
    long_word = "فارس" + "##"  # not in the vocabulary beyond its head: [UNK] pieces, no crash
    tags = tagger.tag_words(["قال", "الدوسكي", long_word, "وادي", "فارس"])
    assert len(tags) == 5 and tags[-1] == "B-PER" and tags[1] == "I-PER"


def test_extract_with_ner_model_end_to_end(model_dir: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code = main(["extract", str(article), "--ner-model", str(model_dir)])
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = json.loads(out)
    person = next(e for e in doc["entities"] if e["type"] == "PER")
    first = ARTICLE.index("فـارس")
    assert person["name"] == "فارس الدوسكي"
    assert (person["mentions"][0]["start"], person["mentions"][0]["end"]) == (first, first + len("فـارس الدوسكي"))
    for entity in doc["entities"]:
        for span in entity["mentions"]:
            assert doc["text"][span["start"]:span["end"]] == span["text"]
    direct = next(q for q in doc["quotes"] if q["text"] == "المشروع سيكتمل قبل نهاية العام")
    assert direct["speaker"]["entity_id"] == person["id"]
    assert (direct["speaker"]["start"], direct["speaker"]["end"]) == (first, first + len("فـارس الدوسكي"))


def test_the_default_tagger_is_unchanged_and_names_are_still_checked() -> None:
    assert type(get_tagger()).__name__ == "CrfTagger"
    with pytest.raises(ModelError, match="unknown NER model 'bert'.*folder"):
        get_tagger("bert")


def test_missing_files_are_named_with_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "config.json").write_text('{"id2label": {"0": "O"}}', encoding="utf-8")
    with pytest.raises(ModelError, match=r"export: missing model\.onnx, tokenizer\.json"):
        check_tagger(str(folder))
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(article), "--ner-model", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and str(folder) in err and "missing model.onnx" in err
    with pytest.raises(ModelError, match="not a folder"):
        check_tagger(str(tmp_path / "nowhere" / "model"))


def test_outputs_that_do_not_match_the_label_map_are_refused(tmp_path: Path) -> None:
    folder = build_model(tmp_path / "m", outputs=5)
    with pytest.raises(ModelError, match=r"m: model\.onnx scores 5 labels .* id2label has 9"):
        check_tagger(str(folder))


def test_unreadable_files_are_refused_by_name(tmp_path: Path) -> None:
    folder = build_model(tmp_path / "m")
    (folder / "model.onnx").write_bytes(b"not a model")
    with pytest.raises(ModelError, match=r"m: model\.onnx is unreadable"):
        check_tagger(str(folder))
    folder = build_model(tmp_path / "t")
    (folder / "config.json").write_text("{", encoding="utf-8")
    with pytest.raises(ModelError, match=r"t: config\.json is unreadable"):
        check_tagger(str(folder))


def test_without_onnxruntime_the_error_says_what_to_install(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    folder = build_model(tmp_path / "m")
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # what an install without the extra looks like
    with pytest.raises(ModelError, match=r"m: .*onnxruntime.*pip install 'khabar\[onnx\]'"):
        check_tagger(str(folder))


def test_eval_ner_scores_the_onnx_model(model_dir: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("قال O\nفارس B-PERS\nالدوسكي I-PERS\nفي O\nمرجان B-LOC\n\n"
                    "العمل O\nبدأ O\nفي O\nشركة B-ORG\nنخيل I-ORG\n.\tO\n\n", encoding="utf-8")
    assert main(["eval-ner", str(gold), "--format", "anercorp", "--ner-model", str(model_dir)]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "f1 1.0000 support 3" in lines["overall"]
    assert "tokens 11 sentences 2 tokens/s" in out


class _EdgeBlindSession:
    """Stands in for a model that, like a real one, is unsure near a window's edges: it says B-PER only
    for sub-tokens at least two places from either end, and O elsewhere."""

    def run(self, outputs: list[str], feed: dict[str, np.ndarray]) -> list[np.ndarray]:
        length = feed["input_ids"].shape[1]
        logits = np.zeros((1, length, len(LABELS)), dtype=np.float32)
        for pos in range(length):
            logits[0, pos, 1 if min(pos, length - 1 - pos) >= 2 else 0] = 1.0
        return [logits]


def test_each_word_keeps_the_label_from_the_window_where_it_has_most_context(model_dir: Path) -> None:
    import dataclasses

    model = dataclasses.replace(onnx_tagger.load(str(model_dir)), session=_EdgeBlindSession(), max_length=10)
    tags = model.word_tags(["قال"] * 30)
    # Every word but the article's first and last sits well inside some window: none is left at an edge.
    assert tags[1:-1] == ["B-PER"] * 28


def test_batch_and_ingest_take_the_model_too(model_dir: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(ARTICLE, encoding="utf-8")
    # The shipped CRF finds only the person here; the company and the place are the tiny model's.
    expected = {("فارس الدوسكي", "PER"), ("مرجان", "LOC"), ("شركة نخيل", "ORG")}
    out = tmp_path / "out"
    assert main(["batch", str(inputs), "--out", str(out), "--workers", "1", "--quiet",
                 "--ner-model", str(model_dir)]) == 0
    (line,) = (out / "shards" / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()
    assert {(e["name"], e["type"]) for e in json.loads(line)["entities"]} == expected
    db = tmp_path / "k.db"
    assert main(["ingest", str(inputs), "--db", str(db), "--quiet", "--ner-model", str(model_dir)]) == 0
    with sqlite3.connect(db) as conn:
        assert {tuple(r) for r in conn.execute("SELECT name, type FROM entities")} == expected
    assert main(["ingest", str(inputs), "--db", str(tmp_path / "k2.db"), "--quiet",
                 "--ner-model", str(tmp_path / "nowhere" / "model")]) == 2
    assert "nowhere/model: not a folder" in capsys.readouterr().err
