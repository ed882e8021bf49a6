"""The `onnx` NER door: a token-classification model the user exported from Hugging Face, run offline.

Nothing here ships weights: the user points `Options.ner` (`--ner-model DIR`) to the folder that
`optimum-cli export onnx --task token-classification` writes (`model.onnx`, `tokenizer.json`, `config.json`
with `id2label`). onnxruntime and tokenizers come with the `onnx` extra and are imported only when such a
folder is used, so the default CRF path never needs them.
"""
