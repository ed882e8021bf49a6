"""Ingest: every article once, idempotent, re-extracted by a newer pipeline, bad records in `errors`."""
from __future__ import annotations

import io
import sqlite3

import pytest
from store_corpus import BAD_LINES, build_store, corpus

from khabar.cli import main
from khabar.readers import Record, iter_records
from khabar.store import Ingester, connect


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("ingest"))


def _counts(db) -> dict[str, int]:
    conn = sqlite3.connect(db)
    out = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
           for t in ("articles", "quotes", "entities", "mentions", "errors", "quotes_fts", "articles_fts")}
    conn.close()
    return out


def test_the_corpus_is_stored_with_offsets_into_the_text(built):
    db, _, stats = built
    assert len(corpus()) >= 50
    assert stats.added == len(corpus()) and stats.failed == len(BAD_LINES)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(corpus())
    assert conn.execute("SELECT count(*) FROM quotes").fetchone()[0] >= 35
    for text, qtext, s, e, sp_s, sp_e, sp in conn.execute(
            'SELECT a.text, q.text, q.start, q."end", q.speaker_start, q.speaker_end, q.speaker_name '
            "FROM quotes q JOIN articles a ON a.rowid = q.article_rowid"):
        assert text[s:e] == qtext
        assert sp_s is not None and sp.split()[-1] in text[sp_s:sp_e]
    for text, m_text, s, e in conn.execute(
            'SELECT a.text, m.text, m.start, m."end" FROM mentions m JOIN articles a ON a.rowid = m.article_rowid'):
        assert text[s:e] == m_text
    assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] > 0
    assert {r[0] for r in conn.execute("SELECT pipeline_version FROM articles")} != {None}


def test_bad_records_go_to_the_errors_table_and_the_rest_is_stored(built):
    db, src, _ = built
    conn = sqlite3.connect(db)
    errors = conn.execute("SELECT source, reason FROM errors ORDER BY source").fetchall()
    assert len(errors) == 2
    assert all(source.startswith(str(src) + ":") for source, _ in errors)
    assert {("not JSON" in r) or ("no 'text'" in r) for _, r in errors} == {True}


def test_ingesting_twice_adds_nothing(built, tmp_path):
    db, src, _ = built
    before = _counts(db)
    conn = connect(db)
    stats = Ingester(conn, batch_size=7).run(iter_records([str(src)]))
    conn.close()
    assert stats.added == 0 and stats.updated == 0 and stats.unchanged == len(corpus())
    after = _counts(db)
    assert after == before  # the two bad lines are counted again, not stored twice
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT max(count) FROM errors").fetchone()[0] == 2


def test_a_newer_pipeline_re_extracts_in_place(built, tmp_path):
    db, src, _ = built
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as a, sqlite3.connect(copy) as b:
        a.backup(b)
    before = _counts(copy)
    conn = connect(copy)
    order = conn.execute("SELECT id FROM articles ORDER BY rowid").fetchall()
    stats = Ingester(conn, batch_size=20, pipeline_version="999.0").run(iter_records([str(src)]))
    assert stats.updated == len(corpus()) and stats.added == 0
    assert {r[0] for r in conn.execute("SELECT pipeline_version FROM articles")} == {"999.0"}
    assert conn.execute("SELECT id FROM articles ORDER BY rowid").fetchall() == order
    conn.close()
    assert _counts(copy) == before


def test_articles_without_an_id_are_keyed_by_their_normalised_text(tmp_path):
    conn = connect(tmp_path / "s.db")
    text = corpus()[0]["text"]
    with_harakat = text.replace("الحكومة", "الحُكومةُ")
    recs = [Record(text=text, origin="<stdin>"), Record(text=with_harakat, origin="<stdin>")]
    stats = Ingester(conn).run(recs)
    assert stats.added == 1 and stats.unchanged == 1
    (key,) = conn.execute("SELECT id FROM articles").fetchone()
    assert key.startswith("txt-")


def test_cli_ingest_exit_codes_and_summary(built, tmp_path, capsys):
    _, src, _ = built
    db = tmp_path / "cli.db"
    assert main(["ingest", str(src), "--db", str(db), "--log-json"]) == 1  # two bad lines
    err = capsys.readouterr().err
    assert '"event": "done"' in err and '"event": "error"' in err
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(src.read_text(encoding="utf-8").splitlines()[:2]) + "\n", encoding="utf-8")
    assert main(["ingest", str(good), "--db", str(db), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["ingest", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "x.db"), "--quiet"]) == 2


def test_stdin_ingest(tmp_path):
    from khabar.cli.store import run_ingest
    from khabar.cli import build_parser

    args = build_parser().parse_args(["ingest", "-", "--db", str(tmp_path / "stdin.db"), "--quiet"])
    stdin = io.StringIO("وقال رامي الشهابي: «الحكومة ستعلن خطة شاملة لإصلاح شبكة الكهرباء».")
    assert run_ingest(args, stdin=stdin) == 0
    conn = sqlite3.connect(tmp_path / "stdin.db")
    assert conn.execute("SELECT count(*) FROM quotes").fetchone()[0] == 1
