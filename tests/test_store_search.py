"""Search: Arabic folding of text and queries, filters, highlights into the original, syntax errors."""
from __future__ import annotations

import json

import pytest
from store_corpus import build_store

from khabar.cli import main
from khabar.errors import ParameterError, QuerySyntaxError
from khabar.store import Filters, connect, search_articles, search_quotes
from khabar.store.textkeys import norm_text, stem_text


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db, _, _ = build_store(tmp_path_factory.mktemp("search"))
    return db


def _ids(hits):
    return sorted(h["article_id"] for h in hits)


def test_folding_of_stored_text_and_queries():
    assert norm_text("الحُكومةَ") == norm_text("الحكومه") == norm_text("الحكـــومة")
    assert norm_text("الكاظمى") == norm_text("الكاظمي")
    assert norm_text("إصلاح") == norm_text("اصلاح") == norm_text("أصلاح")
    assert stem_text("والحكومة وبالكاظمي للحكومة") == "حكومه كاظمي حكومه"


def test_query_without_harakat_finds_the_text_with_them(store):
    conn = connect(store)
    hits = search_quotes(conn, "الحكومة")
    target = [h for h in hits if "الحُكومةَ" in h["text"]]
    assert target, hits
    (s, e), = [span for span in target[0]["highlights"] if "حُكومة" in target[0]["text"][span[0]:span[1]]]
    assert target[0]["text"][s:e] == "الحُكومةَ"  # offsets into the original, harakat included
    assert _ids(search_quotes(conn, "الحُكومةُ")) == _ids(hits)


def test_alef_forms_and_alef_maqsura(store):
    conn = connect(store)
    assert _ids(search_quotes(conn, "الكاظمى")) == _ids(search_quotes(conn, "الكاظمي")) == ["art-024"]
    assert _ids(search_quotes(conn, "الاصلاح")) == _ids(search_quotes(conn, "الإصلاح"))
    assert _ids(search_quotes(conn, "الإصلاح"))


def test_light_stemming_finds_clitics(store):
    conn = connect(store)
    # «بقرارات» is stored; «قرارات» and «والقرارات» find it through the stemmed column
    assert "art-024" in _ids(search_quotes(conn, "قرارات"))
    assert "art-024" in _ids(search_quotes(conn, "والقرارات"))


def test_fts_syntax_is_kept(store):
    conn = connect(store)
    both = _ids(search_quotes(conn, "الخبز AND الأسواق", limit=0))
    either = _ids(search_quotes(conn, "الخبز OR المدارس", limit=0))
    assert both and set(both) < set(either)
    assert _ids(search_quotes(conn, '"شبكة الكهرباء"', limit=0)) == ["art-000", "art-001", "art-002"]
    assert "art-020" in _ids(search_quotes(conn, "الأجنب*"))
    assert not search_quotes(conn, "الخبز NOT الأسواق", limit=0)


def test_filters(store):
    conn = connect(store)
    everything = search_quotes(conn, "", limit=0)
    by_rami = search_quotes(conn, "", Filters(speaker="الشهابي"), limit=0)
    assert by_rami and all(h["speaker_canonical"] == "رامي الشهابي" for h in by_rami)
    assert _ids(search_quotes(conn, "", Filters(speaker="وزير المالية رامي الشهابي"), limit=0)) == _ids(by_rami)
    assert search_quotes(conn, "", Filters(speaker="لا أحد بهذا الاسم"), limit=0) == []
    assert all(h["kind"] == "direct" for h in search_quotes(conn, "", Filters(kind="direct"), limit=0))
    march_1_to_5 = search_quotes(conn, "", Filters(since="2024-03-01", until="2024-03-05"), limit=0)
    assert march_1_to_5 and all("2024-03-01" <= h["date"] <= "2024-03-05" for h in march_1_to_5)
    assert len(march_1_to_5) < len(everything)
    radio = search_quotes(conn, "", Filters(source="اذاعة الوادي"), limit=0)  # folded: إذاعة
    assert radio and {h["source"] for h in radio} == {"إذاعة الوادي"}
    ent = search_quotes(conn, "", Filters(entity="ناصر العبيدي"), limit=0)
    assert ent and len(ent) < len(everything)


def test_article_search(store):
    conn = connect(store)
    hits = search_articles(conn, "قنوات تصريف")
    assert len(hits) >= 10
    h = hits[0]
    assert any(h["snippet"][s:e] == "قنوات" for s, e in h["highlights"])


def test_syntax_error_is_a_clear_message(store, capsys):
    conn = connect(store)
    with pytest.raises(QuerySyntaxError, match="cannot parse the search query"):
        search_quotes(conn, "الخبز AND (")
    assert main(["search", "الخبز AND (", "--db", str(store)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("khabar: error: cannot parse the search query") and "Traceback" not in err
    assert main(["search", "foo.bar", "--db", str(store)]) == 2
    assert "double quotes" in capsys.readouterr().err


def test_cli_formats(store, capsys):
    assert main(["search", "الخبز", "--db", str(store), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {"speaker", "article_id", "date", "text", "highlights"} <= set(rows[0])
    assert main(["search", "الخبز", "--db", str(store), "--format", "csv", "--limit", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("quote_id,article_id") and len(lines) == 2
    assert main(["search", "الخبز", "--db", str(store), "--speaker", "الحلبي"]) == 0
    out = capsys.readouterr().out
    assert "دينا الحلبي" in out and "الخبز" in out


@pytest.mark.parametrize("bad", ["2015-13-01", "2015-02-30", "2015-2-3", "20150201", "٢٠١٥-٠١-٠١", "yesterday"])
def test_a_date_bound_must_be_a_calendar_day(store, capsys, bad):
    """Compared as text, «2015-13-01» would quietly match nothing; it is refused, at every door alike."""
    for name in ("since", "until"):
        with pytest.raises(ParameterError) as caught:
            Filters(**{name: bad})
        assert caught.value.name == name and caught.value.value == bad
        assert main(["search", "--db", str(store), f"--{name}", bad]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err == f"khabar: error: --{name}: not a calendar date in the form YYYY-MM-DD: {bad!r}\n"


def test_a_leap_day_and_no_bound_are_accepted(store):
    conn = connect(store)
    assert Filters(since="2024-02-29", until="").until == ""
    assert search_quotes(conn, "", Filters(since="2024-02-29", until="2024-03-05"), limit=0)


def test_statement_type_and_gender_filters(store, capsys):
    conn = connect(store)
    everything = search_quotes(conn, "", limit=0)
    women = search_quotes(conn, "", Filters(gender="F"), limit=0)
    count = conn.execute("SELECT count(*) FROM quotes WHERE speaker_gender = 'F'").fetchone()[0]
    assert women and len(women) == count < len(everything)
    assert {h["speaker_canonical"] for h in women} >= {"دينا الحلبي", "هالة النجار"}
    pledges = search_quotes(conn, "", Filters(statement_type="commitment"), limit=0)
    assert pledges and all(h["statement_type"] == "commitment" for h in pledges)
    assert any(h["text"].startswith("لن نسمح") for h in pledges) and any(h["text"].startswith("سنفتتح") for h in pledges)
    both = search_quotes(conn, "", Filters(statement_type="commitment", gender="F"), limit=0)
    assert both and {h["quote_id"] for h in both} == {h["quote_id"] for h in pledges} & {h["quote_id"] for h in women}
    with pytest.raises(ParameterError, match="statement_type"):
        Filters(statement_type="rumour")
    with pytest.raises(ParameterError, match="gender"):
        Filters(gender="X")
    assert main(["search", "", "--db", str(store), "--type", "commitment", "--gender", "F", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["quote_id"] for r in rows) == sorted(h["quote_id"] for h in both)
    assert all(r["speaker_gender"] == "F" and r["statement_type"] == "commitment" for r in rows)
