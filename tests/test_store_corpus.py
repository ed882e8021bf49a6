"""Across articles: one corpus speaker per person however named, common surnames kept apart, and the
same statement carried by several outlets grouped with its earliest article as the source."""
from __future__ import annotations

import json

import pytest
from store_corpus import STATEMENTS, build_store

from khabar.cli import main
from khabar.errors import ParameterError
from khabar.store import connect, list_speakers, quote_origin, refresh_derived
from khabar.store.speakers import SPEAKER_TYPES, name_key, resolve_keys


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db, _, _ = build_store(tmp_path_factory.mktemp("corpus"))
    return db


def _by_name(conn):
    refresh_derived(conn)
    return {s["name"]: s for s in list_speakers(conn, limit=None)}


def test_name_keys_drop_titles_and_honorifics_but_keep_the_role():
    full, role = name_key("رئيس الوزراء العراقي مصطفى الكاظمي")
    assert full == name_key("مصطفى الكاظمي")[0] == name_key("السيد مصطفى الكاظمي")[0]
    assert role == "رئيس الوزراء العراقي"
    keys = [name_key(n)[0] for n in ("الكاظمي", "مصطفى الكاظمي", "رئيس الوزراء العراقي مصطفى الكاظمي")]
    resolved = resolve_keys(keys)
    assert {resolved[k] for k in keys} == {name_key("مصطفى الكاظمي")[0]}
    # a shorter name joins a longer one only when exactly one longer one fits
    k3, k2 = name_key("مصطفى عبد اللطيف الكاظمي")[0], name_key("مصطفى الكاظمي")[0]
    assert resolve_keys([k3, k2])[k2] == k3
    other = name_key("مصطفى حسن الكاظمي")[0]
    assert resolve_keys([k3, k2, other])[k2] == k2


def test_the_same_person_named_differently_is_one_speaker(store):
    conn = connect(store)
    speakers = _by_name(conn)
    assert "الشهابي" not in speakers and "الحلبي" not in speakers and "العبيدي" not in speakers
    rami = speakers["رامي الشهابي"]
    # two statements carried three times each, four single quotations
    assert rami["quotes"] == 2 * 3 + 4 and rami["articles"] == rami["quotes"]
    assert "وزير المالية" in rami["roles"]
    assert {"الشهابي", "رامي الشهابي"} <= set(rami["aliases"])
    ids = {r[0] for r in conn.execute(
        "SELECT DISTINCT speaker_id FROM quotes WHERE speaker_name IN ('الشهابي', 'رامي الشهابي')")}
    assert ids == {rami["id"]}


def test_a_shared_surname_does_not_merge(store):
    conn = connect(store)
    speakers = _by_name(conn)
    assert speakers["سامر النجار"]["quotes"] == 2 and speakers["هالة النجار"]["quotes"] == 2
    assert speakers["النجار"]["quotes"] == 1  # two known people end with النجار: the bare form stays apart
    assert len({speakers[n]["id"] for n in ("سامر النجار", "هالة النجار", "النجار")}) == 3


def test_statements_carried_by_several_outlets_are_grouped_with_the_earliest_as_source(store):
    conn = connect(store)
    refresh_derived(conn)
    groups = conn.execute(
        "SELECT g.size, a.id, a.date FROM quote_groups g JOIN quotes q ON q.rowid = g.source_quote "
        "JOIN articles a ON a.rowid = q.article_rowid ORDER BY a.date").fetchall()
    assert len(groups) == len(STATEMENTS)
    assert all(size == 3 for size, _, _ in groups)
    # the original is the second article of each triple and is dated two days before the edited copies
    assert [aid for _, aid, _ in groups] == [f"art-{3 * k + 1:03d}" for k in range(len(STATEMENTS))]
    ungrouped = conn.execute("SELECT count(*) FROM quotes WHERE group_id IS NULL").fetchone()[0]
    assert ungrouped == conn.execute("SELECT count(*) FROM quotes").fetchone()[0] - 3 * len(STATEMENTS)


def test_quote_origin(store, capsys):
    conn = connect(store)
    refresh_derived(conn)
    original, edited = STATEMENTS[0]
    (found, *rest) = quote_origin(conn, edited.replace("الحكومة", "الحُكومةُ"))
    assert found["source"]["article_id"] == "art-001" and found["source"]["date"] == "2024-03-01"
    assert sorted(m["article_id"] for m in found["carried_by"]) == ["art-000", "art-002"]
    assert not rest
    assert quote_origin(conn, "جملة لم يقلها أحد في هذا الأرشيف على الإطلاق") == []
    assert main(["quote-origin", original, "--db", str(store), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["source"]["article_id"] == "art-001"
    assert main(["quote-origin", original, "--db", str(store)]) == 0
    out = capsys.readouterr().out
    assert "art-001" in out and "art-000" in out and "art-002" in out
    assert main(["quote-origin", "لا شيء يشبه هذا النص أبدا هنا", "--db", str(store)]) == 1


def test_speakers_command(store, capsys):
    assert main(["speakers", "--db", str(store), "--format", "jsonl", "--limit", "3"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 3 and rows[0]["quotes"] >= rows[-1]["quotes"]
    assert {"name", "type", "quotes", "articles", "roles", "aliases"} <= set(rows[0])
    assert main(["speakers", "--db", str(store)]) == 0
    assert "رامي الشهابي" in capsys.readouterr().out


def test_an_unknown_speaker_type_is_refused_naming_the_known_ones(store, capsys):
    """An empty table would read as "nobody of that type in this corpus"."""
    with pytest.raises(ParameterError, match="PER, ORG, DOC, ANON"):
        list_speakers(connect(store), type_="foo")
    assert main(["speakers", "--db", str(store), "--type", "foo"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "khabar: error: --type: not a speaker type (one of PER, ORG, DOC, ANON): 'foo'\n"
    for known in SPEAKER_TYPES:
        assert main(["speakers", "--db", str(store), "--type", known, "--format", "jsonl", "--limit", "0"]) == 0
        assert {json.loads(line)["type"] for line in capsys.readouterr().out.splitlines()} <= {known}
    every = {s["type"] for s in list_speakers(connect(store), limit=None)}
    assert every and every <= set(SPEAKER_TYPES)


UNNAMED = [
    {"id": "un-1", "date": "2026-01-05", "source": "صحيفة الساحل",
     "text": "قال مصدر مطلع في وزارة المياه إن «المحطة ستتوقف أسبوعاً».\n\n"
             "وقال المتحدث باسم الوزارة إن الصيانة «ضرورية بعد الفيضان».\n\n"
             "وأكد وزير المياه سامي العبدلي أن «الماء سيعود قبل العيد»."},
    {"id": "un-2", "date": "2026-02-11", "source": "جريدة الوادي",
     "text": "قال مصدر مطلع في وزارة المياه إن «السد الجديد تأخر عاماً كاملاً».\n\n"
             "وقال المتحدث باسم الوزارة إن التأخير «سببه المقاول».\n\n"
             "وقال سامي العبدلي إن «العمل سيستأنف الشهر المقبل»."},
]


def test_a_speaker_without_a_name_is_never_merged_across_articles(tmp_path):
    """«مصدر مطلع» or «المتحدث باسم الوزارة» in two articles may be two people: one speaker per article;
    a named person is still one speaker across both."""
    src = tmp_path / "unnamed.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in UNNAMED), encoding="utf-8")
    conn = connect(tmp_path / "u.db")
    from khabar.store import ingest_paths

    ingest_paths(conn, [str(src)])
    refresh_derived(conn)
    rows = conn.execute("SELECT a.id, q.speaker_name, q.speaker_type, q.speaker_id FROM quotes q "
                        "JOIN articles a ON a.rowid = q.article_rowid ORDER BY a.rowid, q.idx").fetchall()
    by_name: dict[str, set[tuple[str, int]]] = {}
    for article, name, _type, sid in rows:
        by_name.setdefault(name, set()).add((article, sid))
    person = by_name["سامي العبدلي"]
    assert {a for a, _ in person} == {"un-1", "un-2"} and len({s for _, s in person}) == 1
    unnamed = [n for n in by_name if "مصدر" in n or "المتحدث" in n]
    assert unnamed
    for name in unnamed:
        ids = [s for _, s in by_name[name]]
        assert len(ids) == len(set(ids)), (name, by_name[name])  # one speaker per article, never shared


def test_a_speakers_gender_is_the_one_most_of_their_quotations_show(tmp_path):
    db, _, _ = build_store(tmp_path)
    conn = connect(db)
    speakers = _by_name(conn)
    assert speakers["دينا الحلبي"]["gender"] == "F" and speakers["رامي الشهابي"]["gender"] == "M"
    assert speakers["هالة النجار"]["gender"] == "F" and speakers["سامر النجار"]["gender"] == "M"
    dina = speakers["دينا الحلبي"]["id"]
    rows = [r[0] for r in conn.execute("SELECT rowid FROM quotes WHERE speaker_id = ? ORDER BY rowid", (dina,))]
    assert len(rows) >= 3
    with conn:  # one quotation read as M: F still has the majority
        conn.execute("UPDATE quotes SET speaker_gender = 'M' WHERE rowid = ?", (rows[0],))
    assert {s["id"]: s for s in list_speakers(conn, limit=None)}[dina]["gender"] == "F"
    with conn:  # as many M as F: no gender rather than a guess
        n = len(rows)
        conn.executemany("UPDATE quotes SET speaker_gender = ? WHERE rowid = ?",
                         [("M" if k < n // 2 else "F" if k < 2 * (n // 2) else None, r) for k, r in enumerate(rows)])
    assert {s["id"]: s for s in list_speakers(conn, limit=None)}[dina]["gender"] is None
    with conn:  # a majority of quotations without a sign does not outvote the one that has one
        conn.execute("UPDATE quotes SET speaker_gender = NULL WHERE speaker_id = ?", (dina,))
        conn.execute("UPDATE quotes SET speaker_gender = 'F' WHERE rowid = ?", (rows[-1],))
    assert {s["id"]: s for s in list_speakers(conn, limit=None)}[dina]["gender"] == "F"
    assert main(["speakers", "--db", str(db), "--format", "jsonl"]) == 0
