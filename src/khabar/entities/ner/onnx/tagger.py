"""Run an exported token-classification model over khabar's tokens and give back character spans.

The article's own tokens are handed to the model's tokenizer as pre-split words, so every sub-token knows
the word it came from and the spans are the words' offsets in the input, never offsets recomputed from the
model's normalised text. A word takes the label of its first sub-token (how such models are trained).

An article is longer than the model can read at once (512 sub-tokens for BERT), so it is read in windows
of whole words that overlap by a quarter of a window; each word keeps the label from the window where it
has the most context on both sides. Every word is in some window, and the windows advance by at least
three quarters of one, so the cost stays linear in the article.

The model loads once per process and folder, on first use.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from khabar.entities.bio import bio_to_spans
from khabar.entities.ner.onnx.labels import OUTSIDE, read_label_map
from khabar.errors import ModelError

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "config.json"
TOKENIZER_CONFIG_FILE = "tokenizer_config.json"  # optional: its model_max_length, when the export has one
# The window when neither config.json nor tokenizer_config.json says how long the model reads (BERT's).
DEFAULT_MAX_LENGTH = 512
# The inputs a token-classification export may ask for; any other one is refused when the model loads.
_KNOWN_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
INSTALL_HINT = "pip install 'khabar[onnx]'"


@dataclass(frozen=True)
class OnnxModel:
    folder: str
    session: Any
    tokenizer: Any
    labels: list[str]  # BIO tag over khabar's types, per output index
    max_length: int
    inputs: dict[str, Any]  # input name -> numpy integer type the graph wants
    output: str
    specials: int  # sub-tokens the tokenizer adds around a sequence ([CLS] ... [SEP])

    def word_tags(self, words: list[str]) -> list[str]:
        """One BIO tag per word, read through as many windows as the words need."""
        if not words:
            return []
        pieces = self.tokenizer.encode(words, is_pretokenized=True, add_special_tokens=False)
        counts = [0] * len(words)
        for w in pieces.word_ids:
            if w is not None:
                counts[w] += 1
        tags = [OUTSIDE] * len(words)
        context = [-1] * len(words)
        n = len(words)
        for a, b in plan_windows(counts, max(1, self.max_length - self.specials)):
            first = self._first_token_tags(words[a:b])
            for w, tag in first.items():
                left = w if a > 0 else n  # the article's own edges cost no context
                right = (b - a - 1 - w) if b < n else n
                if min(left, right) > context[a + w]:
                    context[a + w] = min(left, right)
                    tags[a + w] = tag
        return tags

    def _first_token_tags(self, words: list[str]) -> dict[int, str]:
        import numpy as np

        enc = self.tokenizer.encode(words, is_pretokenized=True, add_special_tokens=True)
        ids, word_ids, type_ids = list(enc.ids), list(enc.word_ids), list(enc.type_ids)
        if len(ids) > self.max_length:  # one word longer than a window: keep its head and the closing token
            keep = list(range(self.max_length - 1)) + [len(ids) - 1]
            ids, word_ids, type_ids = ([seq[i] for i in keep] for seq in (ids, word_ids, type_ids))
        columns = {"input_ids": ids, "attention_mask": [1] * len(ids), "token_type_ids": type_ids}
        feed = {name: np.asarray([columns[name]], dtype=dtype) for name, dtype in self.inputs.items()}
        try:
            (logits,) = self.session.run([self.output], feed)
        except Exception as exc:  # onnxruntime's own errors (shape, type) carry no file name
            raise ModelError(f"NER model folder {self.folder}: {MODEL_FILE} failed to run: {exc}") from None
        if logits.ndim != 3 or logits.shape[1] != len(ids) or logits.shape[2] != len(self.labels):
            raise ModelError(f"NER model folder {self.folder}: {MODEL_FILE} gave scores of shape "
                             f"{tuple(logits.shape)} for {len(ids)} sub-tokens, but {CONFIG_FILE}'s id2label "
                             f"has {len(self.labels)} labels (expected (1, {len(ids)}, {len(self.labels)}))")
        best = logits[0].argmax(axis=-1)
        out: dict[int, str] = {}
        for pos, w in enumerate(word_ids):
            if w is not None and w not in out:
                out[w] = self.labels[int(best[pos])]
        return out


def plan_windows(counts: list[int], budget: int) -> list[tuple[int, int]]:
    """Word ranges `[a, b)` whose sub-tokens fit in `budget`, covering every word, consecutive ranges
    overlapping by about a quarter of `budget` (a word longer than `budget` gets a window of its own)."""
    overlap = budget // 4
    windows: list[tuple[int, int]] = []
    n = len(counts)
    a = 0
    while a < n:
        b, used = a, 0
        while b < n and (b == a or used + counts[b] <= budget):
            used += counts[b]
            b += 1
        windows.append((a, b))
        if b >= n:
            break
        nxt, back = b, 0
        while nxt - 1 > a and back + counts[nxt - 1] <= overlap:
            nxt -= 1
            back += counts[nxt]
        a = nxt
    return windows


def _need(folder: Path) -> None:
    if not folder.is_dir():
        raise ModelError(f"NER model folder {folder}: not a folder (give the folder `optimum-cli export onnx "
                         "--task token-classification` wrote)")
    missing = [name for name in (MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE) if not (folder / name).is_file()]
    if missing:
        raise ModelError(f"NER model folder {folder}: missing {', '.join(missing)} (an `optimum-cli export onnx "
                         "--task token-classification` folder has model.onnx, tokenizer.json and config.json)")


def _read_json(path: Path, folder: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"NER model folder {folder}: {path.name} is unreadable: {exc}") from None


def _max_length(folder: Path, config: dict[str, Any], session: Any) -> int:
    """The longest sequence the model reads: the least of what its files and its graph say."""
    found = []
    if isinstance(config.get("max_position_embeddings"), int):
        found.append(config["max_position_embeddings"])
    tok_config_path = folder / TOKENIZER_CONFIG_FILE
    if tok_config_path.is_file():
        tok_config = _read_json(tok_config_path, folder)
        value = tok_config.get("model_max_length") if isinstance(tok_config, dict) else None
        if isinstance(value, int) and value < 1_000_000:  # transformers writes 1e30 for "no limit"
            found.append(value)
    first = session.get_inputs()[0].shape
    if len(first) == 2 and isinstance(first[1], int):
        found.append(first[1])
    return min(found) if found else DEFAULT_MAX_LENGTH


@cache
def load(folder: str) -> OnnxModel:
    """The model in `folder`, checked against its label map; ModelError names the folder and the reason."""
    path = Path(folder)
    _need(path)
    try:
        import numpy as np
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelError(f"NER model folder {folder}: running it needs onnxruntime and tokenizers "
                         f"({exc.name} is not installed): {INSTALL_HINT}") from None
    config = _read_json(path / CONFIG_FILE, path)
    try:
        labels = read_label_map(config, CONFIG_FILE)
    except ValueError as exc:
        raise ModelError(f"NER model folder {folder}: {exc}") from None
    try:
        tokenizer = Tokenizer.from_file(str(path / TOKENIZER_FILE))
    except Exception as exc:  # tokenizers raises a bare Exception on a malformed file
        raise ModelError(f"NER model folder {folder}: {TOKENIZER_FILE} is unreadable: {exc}") from None
    tokenizer.no_truncation()  # the windows do the cutting, on word boundaries
    tokenizer.no_padding()
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    try:
        session = onnxruntime.InferenceSession(str(path / MODEL_FILE), sess_options=options,
                                               providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime's load errors are its own classes
        raise ModelError(f"NER model folder {folder}: {MODEL_FILE} is unreadable: {exc}") from None
    inputs: dict[str, Any] = {}
    for arg in session.get_inputs():
        if arg.name not in _KNOWN_INPUTS:
            raise ModelError(f"NER model folder {folder}: {MODEL_FILE} asks for an input {arg.name!r}; a "
                             f"token-classification export reads {', '.join(_KNOWN_INPUTS)}")
        inputs[arg.name] = np.int32 if arg.type == "tensor(int32)" else np.int64
    if "input_ids" not in inputs:
        raise ModelError(f"NER model folder {folder}: {MODEL_FILE} has no input_ids input")
    outputs = session.get_outputs()
    out = next((o for o in outputs if o.name == "logits"), outputs[0])
    width = out.shape[-1] if out.shape else None
    if isinstance(width, int) and width != len(labels):
        raise ModelError(f"NER model folder {folder}: {MODEL_FILE} scores {width} labels per sub-token but "
                         f"{CONFIG_FILE}'s id2label has {len(labels)}")
    return OnnxModel(folder=folder, session=session, tokenizer=tokenizer, labels=labels,
                     max_length=_max_length(path, config, session), inputs=inputs, output=out.name,
                     specials=tokenizer.num_special_tokens_to_add(False))


@dataclass(frozen=True)
class OnnxTagger:
    """A `khabar.entities.ner.Tagger` over the exported model in `folder`."""

    folder: str

    def load(self) -> OnnxModel:
        return load(self.folder)

    def tag_words(self, words: list[str]) -> list[str]:
        """One BIO tag (PER, ORG, LOC, MISC) per word of one document."""
        return self.load().word_tags(words)

    def tag_spans(self, text: str, token_offsets: list[tuple[int, int]], *, words: list[str] | None = None,
                  check_time: Callable[[str], None] | None = None) -> list[tuple[int, int, str]]:
        if check_time is not None:  # the model runs in one call: the budget is asked before it
            check_time("named entities: the ONNX model")
        if words is None:
            words = [text[s:e] for s, e in token_offsets]
        if len(words) != len(token_offsets):
            raise ValueError(f"{len(words)} words for {len(token_offsets)} token offsets")
        tags = self.tag_words(words)
        return [(token_offsets[a][0], token_offsets[b - 1][1], typ) for a, b, typ in bio_to_spans(tags)]
