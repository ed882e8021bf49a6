"""The NER model is chosen by name (`Options.ner`); the entity stage asks the registry for it."""
from __future__ import annotations

import pytest

from khabar import extract
from khabar.entities import ner
from khabar.entities.ner.crf.tagger import CrfTagger, tag_spans
from khabar.errors import ModelError
from khabar.stage import Options
from khabar.arabic.tokens import tokenize

TEXT = "قال وزير الري سامر الحداد في مدينة نوران إن المحطة جاهزة."


def test_the_default_is_the_shipped_crf() -> None:
    assert Options().ner == ner.DEFAULT == "crf"
    tagger = ner.get_tagger("crf")
    assert isinstance(tagger, CrfTagger)
    assert tagger.tag_spans(TEXT, tokenize(TEXT)) == tag_spans(TEXT, tokenize(TEXT))


def test_an_unknown_model_is_refused_by_name_with_the_known_ones() -> None:
    with pytest.raises(ModelError, match=r"'bilstm'.*known: crf"):
        extract(TEXT, options=Options(ner="bilstm"))
    extract(TEXT, options=Options(ner="bilstm", entities=False))  # not asked for: not looked up


class _OneOrganisation:
    """A stand-in model: whatever the text, its first two tokens are an organisation."""

    def tag_spans(self, text: str, token_offsets: list[tuple[int, int]], *,
                  words: list[str] | None = None) -> list[tuple[int, int, str]]:
        assert words is not None and len(words) == len(token_offsets)
        return [(token_offsets[0][0], token_offsets[1][1], "ORG")]


def test_the_entity_stage_uses_the_model_the_options_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ner.TAGGERS, "stand-in", _OneOrganisation)
    article = extract(TEXT, options=Options(ner="stand-in"))
    assert [(s.text, s.label) for s in article.layer("ner")] == [("قال وزير", "ORG")]
    assert any(e.type == "ORG" and e.mentions[0].text == "قال وزير" for e in article.entities)
    assert any(s.text == "سامر الحداد" for s in extract(TEXT).layer("ner"))  # the default model again
