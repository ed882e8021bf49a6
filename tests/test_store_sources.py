"""The corpus figures of `khabar sources`, each held to its own SQL count on the small invented store of
`store_corpus` (outlets, people of both genders, statements of several types)."""
from __future__ import annotations

import csv
import io
import json

import pytest
from store_corpus import OUTLETS, build_store

from khabar.cli import main
from khabar.store import Filters, connect, refresh_derived
from khabar.store.sources import corpus_figures, role_group


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    db, _, _ = build_store(tmp_path_factory.mktemp("sources"))
    c = connect(db)
    refresh_derived(c)
    yield c
    c.close()


def _one(conn, sql, *params):
    return conn.execute(sql, params).fetchone()[0]


def _rows(fig, name):
    t = fig.tables[name]
    return [dict(zip(t.columns, r)) for r in t.rows]


def _speaker_gender(conn, sid):
    f, m = conn.execute("SELECT sum(speaker_gender = 'F'), sum(speaker_gender = 'M') FROM quotes WHERE speaker_id = ?",
                        (sid,)).fetchone()
    f, m = f or 0, m or 0
    return "F" if f > m else "M" if m > f else "-"


def test_every_figure_is_its_sql_count(conn):
    fig = corpus_figures(conn)
    n = _one(conn, "SELECT count(*) FROM quotes")
    assert fig.quotations == n > 0
    assert fig.articles == _one(conn, "SELECT count(*) FROM articles")
    assert fig.speakers == _one(conn, "SELECT count(DISTINCT speaker_id) FROM quotes")
    by_speaker_gender: dict[str, set] = {}
    for (sid,) in conn.execute("SELECT DISTINCT speaker_id FROM quotes WHERE speaker_id IS NOT NULL"):
        by_speaker_gender.setdefault(_speaker_gender(conn, sid), set()).add(sid)
    for row in _rows(fig, "gender"):
        g = row["gender"]
        want = (_one(conn, "SELECT count(*) FROM quotes WHERE speaker_gender = ?", g) if g != "-" else
                _one(conn, "SELECT count(*) FROM quotes WHERE speaker_gender IS NULL OR speaker_gender NOT IN ('F', 'M')"))
        assert row["quotations"] == want and row["share_of_quotations"] == round(want / n, 4)
        assert row["speakers"] == len(by_speaker_gender.get(g, ()))
    assert {r["gender"]: r["quotations"] for r in _rows(fig, "gender")}["F"] > 0
    for row in _rows(fig, "speaker_kind"):
        assert row["quotations"] == _one(conn, "SELECT count(*) FROM quotes WHERE speaker_type = ?", row["kind"])
        assert row["speakers"] == _one(conn, "SELECT count(DISTINCT speaker_id) FROM quotes WHERE speaker_type = ?",
                                       row["kind"])
    for row in _rows(fig, "statement_type"):
        assert row["quotations"] == _one(conn, "SELECT count(*) FROM quotes WHERE statement_type = ?", row["type"])
    assert sum(r["quotations"] for r in _rows(fig, "statement_type")) == n
    for row in _rows(fig, "type_by_kind"):
        assert row["quotations"] == _one(conn, "SELECT count(*) FROM quotes WHERE speaker_type = ? AND statement_type = ?",
                                         row["kind"], row["type"])
    assert sum(r["quotations"] for r in _rows(fig, "role_group")) == n
    for row in _rows(fig, "by_outlet"):
        src = "FROM quotes q JOIN articles a ON a.rowid = q.article_rowid WHERE a.source = ?"
        assert row["quotations"] == _one(conn, f"SELECT count(*) {src}", row["outlet"])
        assert row["women"] == _one(conn, f"SELECT count(*) {src} AND q.speaker_gender = 'F'", row["outlet"])
        assert row["men"] == _one(conn, f"SELECT count(*) {src} AND q.speaker_gender = 'M'", row["outlet"])
        assert row["speakers"] == _one(conn, f"SELECT count(DISTINCT q.speaker_id) {src}", row["outlet"])
        both = row["women"] + row["men"]
        assert row["share_of_women"] == (round(row["women"] / both, 4) if both else None)
    assert {r["outlet"] for r in _rows(fig, "by_outlet")} == set(OUTLETS)
    for row in _rows(fig, "by_month"):
        src = "FROM quotes q JOIN articles a ON a.rowid = q.article_rowid WHERE substr(a.date, 1, 7) = ?"
        assert row["quotations"] == _one(conn, f"SELECT count(*) {src}", row["month"])
        assert row["women"] == _one(conn, f"SELECT count(*) {src} AND q.speaker_gender = 'F'", row["month"])
    top = _rows(fig, "top_speakers")
    counts = [r["quotations"] for r in top]
    assert counts == sorted(counts, reverse=True)
    for row in top:
        sid = _one(conn, "SELECT id FROM speakers WHERE name = ?", row["speaker"])
        assert row["quotations"] == _one(conn, "SELECT count(*) FROM quotes WHERE speaker_id = ?", sid)
        assert row["gender"] == _speaker_gender(conn, sid)
    assert _rows(fig, "top_women") and all(r["gender"] == "F" for r in _rows(fig, "top_women"))
    assert all(r["gender"] == "M" for r in _rows(fig, "top_men"))


def test_filters_narrow_every_figure(conn):
    outlet = OUTLETS[0]
    fig = corpus_figures(conn, Filters(source=outlet, since="2024-03-01", until="2024-03-15"))
    src = ("FROM quotes q JOIN articles a ON a.rowid = q.article_rowid WHERE a.source = ? "
           "AND substr(a.date, 1, 10) BETWEEN '2024-03-01' AND '2024-03-15'")
    assert fig.quotations == _one(conn, f"SELECT count(*) {src}", outlet) > 0
    assert fig.articles == _one(conn, "SELECT count(*) FROM articles a WHERE a.source = ? AND "
                                      "substr(a.date, 1, 10) BETWEEN '2024-03-01' AND '2024-03-15'", outlet)
    assert [r["outlet"] for r in _rows(fig, "by_outlet")] == [outlet]
    assert fig.filters == {"since": "2024-03-01", "until": "2024-03-15", "source": outlet}
    women = corpus_figures(conn, Filters(gender="F"))
    assert women.quotations == _one(conn, "SELECT count(*) FROM quotes WHERE speaker_gender = 'F'")
    topic = corpus_figures(conn, query="الخبز")
    assert 0 < topic.quotations < corpus_figures(conn).quotations


def test_role_groups_read_titles_and_unnamed_sources():
    assert role_group("وزير المالية", "رامي الشهابي", "PER") == "officials"
    assert role_group("رئيسة بلدية النخيل", "دينا الحلبي", "PER") == "officials"
    assert role_group("الخبير الاقتصادي", "سمير", "PER") == "experts"
    assert role_group(None, "مصدر أمني", "ANON") == "unnamed sources"
    assert role_group(None, "مصدر أمني", "PER") == "other"
    assert role_group(None, None, None) == "other"


def test_sources_command_formats(conn, tmp_path, capsys):
    db = conn.execute("PRAGMA database_list").fetchone()[2]
    assert main(["sources", "--db", db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["quotations"] == corpus_figures(conn).quotations
    assert set(data["tables"]) >= {"gender", "speaker_kind", "role_group", "statement_type", "top_speakers",
                                   "top_women", "top_men", "by_outlet", "by_month"}
    assert main(["sources", "--db", db, "--format", "csv", "--gender", "F"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    quotations = next(r for r in rows if r["table"] == "corpus" and r["column"] == "quotations")
    assert int(quotations["value"]) == _one(conn, "SELECT count(*) FROM quotes WHERE speaker_gender = 'F'")
    assert main(["sources", "--db", db]) == 0
    assert "Per outlet" in capsys.readouterr().out
    assert main(["sources", "--db", db, "--since", "2024-02-30"]) == 2
    assert "--since" in capsys.readouterr().err
