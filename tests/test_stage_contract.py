"""Every stage declares what it reads and writes: the pipeline refuses an undeclared write, and each
default stage reads only layers it declares."""
from __future__ import annotations

import pytest

from khabar.article import Article, Span
from khabar.pipeline import Options, StageContractError, default_stages, run, stage

TEXT = ("قالت وزيرة الصحة في جمهورية نوران #هالة_السمان إن «المستشفى الجديد سيفتح في الربيع».\n\n"
        "وأضافت #هالةالسمان أن الوزارة ستعين مئتي طبيب، بحسب وكالة أنباء الواحة.\n\n"
        "شارك الخبر: فيسبوك | تويتر")


class RecordingArticle(Article):
    """An article that notes every layer a stage asks for."""

    __slots__ = ("asked",)

    def layer(self, name: str) -> list[Span]:
        self.asked.add(name)
        return super().layer(name)


def test_a_stage_that_writes_an_undeclared_layer_is_refused() -> None:
    @stage(provides=("tokens",))
    def sneaky(article: Article, options: Options) -> None:
        article.add_layer("tokens", [])
        article.add_layer("sentences", [])

    with pytest.raises(StageContractError, match=r"sneaky wrote \['sentences'\]"):
        run(Article(TEXT), Options(), stages=[sneaky])


def test_a_stage_that_retypes_an_entity_must_declare_entities() -> None:
    @stage(provides=("quotes",))
    def retypes(article: Article, options: Options) -> None:
        article.entities[0].type = "PER"

    article = run(Article(TEXT), Options(quotes=False))
    assert article.entities
    with pytest.raises(StageContractError, match="entities"):
        run(article, Options(), stages=[retypes])


def test_the_default_stages_read_only_what_they_declare() -> None:
    options = Options()
    article = RecordingArticle(TEXT)
    have: set[str] = set()
    for st in default_stages(options):
        article.asked = set()
        st(article, options)
        allowed = set(st.requires) | set(st.reads) | set(st.provides)
        assert article.asked <= allowed, (st.__name__, article.asked - allowed)
        assert set(st.requires) <= have, (st.__name__, set(st.requires) - have)
        have |= set(st.provides)
    assert article.quotes and article.entities


def test_without_entities_the_quotation_stage_still_runs() -> None:
    """`reads` is optional: with the entity stages off, the quotation stage runs on the text alone."""
    article = run(Article(TEXT), Options(entities=False))
    assert "ner" not in article.layers
    assert [q.speaker.name for q in article.quotes if q.speaker][:1] == ["هالة السمان"]
