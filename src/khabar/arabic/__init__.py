"""The one home of Arabic text handling; every room folds, strips clitics and tokenizes through it.

- `fold`: the fold all matching and search use (`fold_text`, `fold_word`), the character table it is made
  of (`fold_table`, walked with an offset map by `khabar.text.normalize`), `display_form` for names shown
  to people, and the character classes other modules' regexes share (`MARKS`, `CONTROLS`, `DROP_CHARS`).
- `clitics`: the store's index stemmer (`stem_word`) and the clusterer's clitic stripper (`strip_clitic`).
- `model`: the NER model's frozen forms (`model_form`, `model_fold`, its prefix tables and stemmer).
- `tokens`: word tokens with offsets, the unit the tagger and the cue matcher read.

Variants that must differ say why where they live: `model` (the shipped model was trained on it),
`clitics.stem_word` (stored indexes hold its output), and the scorer's fold in `khabar.eval.quotes`
(it must equal the shared gold scorer's, character for character). This room imports nothing else from
khabar.
"""
from __future__ import annotations

from khabar.arabic.clitics import stem_runs, stem_word, strip_clitic
from khabar.arabic.fold import (CONTROLS, DROP_CHARS, MARKS, PERSIAN_FORMS, UNPAIRED_SURROGATE, display_form,
                                fold_table, fold_text, fold_word)
from khabar.arabic.model import model_fold, model_form
from khabar.arabic.tokens import tokenize

__all__ = [
    "CONTROLS", "DROP_CHARS", "MARKS", "PERSIAN_FORMS", "UNPAIRED_SURROGATE", "display_form", "fold_table",
    "fold_text", "fold_word", "model_fold", "model_form", "stem_runs", "stem_word", "strip_clitic", "tokenize",
]
