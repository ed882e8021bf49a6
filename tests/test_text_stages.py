"""The text stages as a pipeline: order, declared layers, and what an article carries afterwards."""
from __future__ import annotations

from khabar.article import Article
from khabar.pipeline import Options, check_order, run
from khabar.text.stages import STAGES

TEXT = (
    "كتب: ليلى النجار\n"
    "أعلن الوزير سامر الحداد في #وادي_النخيل أن «الميناء سيفتح. والعمل بدأ».\n\n"
    "وتابع #سامرالحداد: «لن نتراجع».\n"
    "تابعونا على فيسبوك"
)


def _run(options: Options | None = None) -> Article:
    return run(Article(TEXT), options or Options(), stages=list(STAGES))


def test_order_and_declarations() -> None:
    check_order(list(STAGES))
    provided = [p for st in STAGES for p in st.provides]
    assert provided == ["tokens", "normalized", "hashtags", "clean_text", "boilerplate", "paragraphs", "sentences"]
    for st in STAGES:
        assert all(r in provided[: provided.index(st.provides[0])] for r in st.requires)


def test_layers_and_views() -> None:
    art = _run()
    assert art.text == TEXT
    assert [s.text for s in art.layer("paragraphs")] == [line for line in TEXT.split("\n") if line]
    assert [s.text for s in art.layer("sentences")][1] == (
        "أعلن الوزير سامر الحداد في #وادي_النخيل أن «الميناء سيفتح. والعمل بدأ»."
    )
    assert [(s.label, s.text) for s in art.layer("boilerplate")] == [
        ("byline", "كتب: ليلى النجار"),
        ("share", "تابعونا على فيسبوك"),
    ]
    assert [s.attrs["name"] for s in art.layer("hashtags")] == ["وادي النخيل", "سامر الحداد"]
    assert "وتابع سامر الحداد:" in art.views["clean_text"].text
    assert "اعلن الوزير سامر الحداد" in art.views["normalized"].text
    assert art.layer("tokens")[0].text == "كتب"
    out = art.to_dict()
    assert out["clean_text"] == art.views["clean_text"].text
    assert len(out["hashtags"]) == 2 and out["hashtags"][1]["split"] == "article"


def test_options_reach_the_stages() -> None:
    art = _run(Options(fold_ta_marbuta=False, split_hashtags=False))
    assert "#" not in art.views["clean_text"].text
    assert [s.attrs["split"] for s in art.layer("hashtags")] == ["underscore", "none"]
    assert "سامرالحداد" in art.views["clean_text"].text
    semi = run(Article("ارتفعت الأسعار؛ وانخفضت الأجور."), Options(extra={"split_semicolon": True}), list(STAGES))
    assert len(semi.layer("sentences")) == 2
