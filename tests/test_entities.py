"""One entity per referent, on articles written for the tests (invented people and organisations)."""
from __future__ import annotations

import json

import pytest

from khabar import extract
from khabar.entities.export import to_conll
from khabar.eval.gate import find_shared

ARTICLE = (
    "افتتح وزير الري #سامر_الحداد محطة الضخ الجديدة في #وادي_النخيل صباح الأحد.\n\n"
    "وقال الحداد إن المحطة ستروي آلاف الهكتارات بوادي النخيل.\n\n"
    "وتداول ناشطون وسم #سامرالحداد على نطاق واسع، فيما زار وفد من الأردن المحطة."
)


def _entity_of(article, surface: str):
    at = article.text.index(surface)
    hits = [e for e in article.entities if any(m.start <= at < m.end for m in e.mentions)]
    assert len(hits) == 1, (surface, [(e.name, [m.text for m in e.mentions]) for e in article.entities])
    return hits[0]


def test_hashtag_merged_hashtag_and_surname_are_one_person() -> None:
    article = extract(ARTICLE)
    full = _entity_of(article, "#سامر_الحداد")
    assert full.name == "سامر الحداد"
    assert _entity_of(article, "#سامرالحداد") is full
    assert _entity_of(article, "الحداد إن") is full


def test_clitic_form_joins_the_place() -> None:
    article = extract(ARTICLE)
    assert _entity_of(article, "بوادي النخيل") is _entity_of(article, "#وادي_النخيل")


def test_country_from_the_gazetteer_is_a_place() -> None:
    article = extract(ARTICLE)
    ent = _entity_of(article, "الأردن")
    assert ent.type == "LOC"


def test_two_people_with_one_surname_keep_the_surname_apart() -> None:
    text = ("التقى #سامر_الحداد بالمهندسة #ليلى_الحداد في #وادي_النخيل.\n\n"
            "وقال الحداد إن اللقاء كان مثمراً.")
    article = extract(text)
    sameer, layla = _entity_of(article, "#سامر_الحداد"), _entity_of(article, "#ليلى_الحداد")
    assert sameer is not layla
    at = text.index("الحداد إن")
    assert not any(m.start <= at < m.end for m in sameer.mentions + layla.mentions)


def test_every_speaker_points_to_an_entity_holding_its_mention() -> None:
    article = extract(ARTICLE)
    by_id = {e.id: e for e in article.entities}
    assert article.quotes
    for q in article.quotes:
        ent = by_id[q.speaker.entity_id]
        assert ent.name == q.speaker.name
        assert any(m.start <= q.speaker.span.start and q.speaker.span.end <= m.end for m in ent.mentions)


def test_entity_mentions_are_spans_of_the_text() -> None:
    article = extract(ARTICLE)
    for e in article.entities:
        for m in e.mentions:
            assert article.text[m.start:m.end] == m.text


def test_conll_export_tags_each_mention_token() -> None:
    doc = extract(ARTICLE).to_dict()
    lines = [ln for ln in to_conll(doc).splitlines() if ln and not ln.startswith("#")]
    assert all(len(ln.split("\t")) == 3 for ln in lines)
    rows = [ln.split("\t") for ln in lines]
    i = next(n for n, r in enumerate(rows) if r[0] == "سامر")
    assert rows[i][1].startswith("B-") and rows[i + 1][0] == "الحداد" and rows[i + 1][1].startswith("I-")
    assert rows[i][2] == rows[i + 1][2] != "_"


def test_seed_people_and_places_are_each_one_entity() -> None:
    shared = find_shared()
    if shared is None:
        pytest.skip("../shared not found")
    gold = json.loads((shared / "eval" / "dev" / "seed.jsonl").read_text(encoding="utf-8").splitlines()[0])
    article = extract(gold["text"])
    names = [e.name for e in article.entities]
    for typ in ("PER", "LOC"):
        for name in gold["entities"][typ]:
            assert names.count(name) == 1, (typ, name, names)
    found_orgs = [n for n in gold["entities"]["ORG"] if n in names]
    assert found_orgs == gold["entities"]["ORG"], found_orgs


def test_a_name_headed_by_an_organisation_noun_is_an_organisation_whatever_the_tagger_said() -> None:
    from khabar.article import Article, Span
    from khabar.entities.grouping import group_mentions
    from khabar.pipeline import run
    from khabar.text.stages import STAGES

    text = "وأعلن التحالف الوطني للمزارعين دعمه للخطة، فيما زار وفد من مدينة السنديان المزارع."
    article = run(Article(text), stages=list(STAGES))
    spans = []
    for surface, label in (("التحالف الوطني للمزارعين", "MISC"), ("مدينة السنديان", "LOC")):
        at = text.index(surface)
        spans.append(Span(at, at + len(surface), surface, label))
    article.add_layer("ner", spans)
    types = {e.name: e.type for e in group_mentions(article)}
    assert types["التحالف الوطني للمزارعين"] == "ORG"
    assert types["مدينة السنديان"] == "LOC"  # a place head stays a place


def test_an_organisation_noun_in_construct_with_a_definite_noun_is_an_organisation_the_model_missed() -> None:
    from khabar.article import Article
    from khabar.entities.grouping import group_mentions
    from khabar.pipeline import run
    from khabar.text.stages import STAGES

    text = ("وقالت وزارة الري السندية إن وقوات الحرس النوراني انتشرت، فيما اجتمع مجلس اليوم. "
            "ودرس الطلاب إدارة الأعمال في جامعة الملك فارس بن نادر الأهلية، وأعلنت وكالة الأنباء السندية الرسمية الخبر. "
            "وردت وزارة الزراعة والموارد المائية ببيان.")
    article = run(Article(text), stages=list(STAGES))
    article.add_layer("ner", [])  # as if the model had found nothing
    found = {e.name: (e.type, [m.text for m in e.mentions]) for e in group_mentions(article)}
    assert found["وزارة الري السندية"] == ("ORG", ["وزارة الري السندية"])
    assert found["قوات الحرس النوراني"] == ("ORG", ["وقوات الحرس النوراني"])  # the span keeps its و
    assert found["جامعة الملك فارس بن نادر الأهلية"][0] == "ORG"  # a king's name belongs to the university's
    assert found["وكالة الأنباء السندية"][0] == "ORG"  # a second adjective («الرسمية») is description
    assert not any(n.startswith(("مجلس", "إدارة")) for n in found), found
    assert found["وزارة الزراعة والموارد المائية"][0] == "ORG"  # a ministry joins its portfolios  # «اليوم» ends it; «إدارة» is no head


def test_a_tagged_surname_shared_by_two_people_is_given_to_neither() -> None:
    from khabar.article import Article, Span
    from khabar.entities.grouping import group_mentions
    from khabar.pipeline import run
    from khabar.text.stages import STAGES

    text = "التقى سامر الحداد بالمهندسة ليلى الحداد أمس. وقال الحداد إن اللقاء كان مثمراً. وأضاف سامر الحداد أنه راضٍ."
    article = run(Article(text), stages=list(STAGES))
    spans = []
    for surface, nth in (("سامر الحداد", 0), ("ليلى الحداد", 0), ("الحداد إن", 0), ("سامر الحداد", 1)):
        at = text.index(surface) if nth == 0 else text.index(surface, text.index(surface) + 1)
        name = surface.replace(" إن", "")
        spans.append(Span(at, at + len(name), name, "PER"))
    article.add_layer("ner", sorted(spans, key=lambda s: s.start))
    entities = group_mentions(article)
    lone = text.index("الحداد إن")
    owners = [e.name for e in entities if any(m.start <= lone < m.end for m in e.mentions)]
    assert owners == ["الحداد"]
    sameer = next(e for e in entities if e.name == "سامر الحداد")
    assert len(sameer.mentions) == 2  # the full name repeated still joins
