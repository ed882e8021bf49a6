"""The sources report: one offline HTML page whose every number is a count of the store, charts whose
Arabic is joined and right to left, and a folder of PNGs; on the small invented store of `store_corpus`."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from store_corpus import build_store

from khabar.cli import main
from khabar.report.charts import CHARTS, GENDER_NAMES, KIND_NAMES, ROLE_NAMES, TYPE_NAMES, lays_out_text, shaped
from khabar.report.page import EXTRA_TABLES, VALUE_NAMES, render_html, write_pngs
from khabar.store import connect, refresh_derived
from khabar.store.sources import corpus_figures


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db, _, _ = build_store(tmp_path_factory.mktemp("report"))
    conn = connect(db)
    refresh_derived(conn)
    conn.close()
    return db


class _Tables(HTMLParser):
    """The page's tables as lists of rows of cell text, by their data-table name."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: str | None = None
        self.cell: list[str] | None = None
        self.imgs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.current = a["data-table"]
            self.tables[self.current] = []
        elif tag == "tr" and self.current:
            self.tables[self.current].append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "img":
            self.imgs.append(a["src"])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.current:
            self.tables[self.current][-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_every_number_on_the_page_is_a_count_of_the_store(store):
    conn = connect(store)
    page = render_html(corpus_figures(conn))
    parsed = _Tables()
    parsed.feed(page)
    outlets = parsed.tables["by_outlet"]
    assert outlets[0][:4] == ["المنبر", "الاقتباسات", "نساء", "رجال"]
    for outlet, quotations, women, men, *_ in outlets[1:]:
        src = "FROM quotes q JOIN articles a ON a.rowid = q.article_rowid WHERE a.source = ?"
        assert int(quotations) == conn.execute(f"SELECT count(*) {src}", (outlet,)).fetchone()[0]
        assert int(women) == conn.execute(f"SELECT count(*) {src} AND q.speaker_gender = 'F'", (outlet,)).fetchone()[0]
        assert int(men) == conn.execute(f"SELECT count(*) {src} AND q.speaker_gender = 'M'", (outlet,)).fetchone()[0]
    by_gender = {row[0]: int(row[1]) for row in parsed.tables["gender"][1:]}
    assert by_gender[GENDER_NAMES["F"]] == conn.execute(
        "SELECT count(*) FROM quotes WHERE speaker_gender = 'F'").fetchone()[0] > 0
    types = {row[0]: int(row[1]) for row in parsed.tables["statement_type"][1:]}
    for value, name in TYPE_NAMES.items():
        if name in types:
            assert types[name] == conn.execute("SELECT count(*) FROM quotes WHERE statement_type = ?",
                                               (value,)).fetchone()[0]
    n_articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    n_quotes = conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
    assert f'data-corpus="{n_articles} {n_quotes} ' in page and "بلا تصفية" in page


def _shown(column, value):
    """A figure as the page should show it: a count as is, a share as a percentage, a name in Arabic."""
    if value is None:
        return "–"
    if isinstance(value, float) and column.startswith("share"):
        return f"{value:.1%}"
    if isinstance(value, (int, float)):
        return str(value)
    return str(VALUE_NAMES.get(column, {}).get(value, value))


def test_every_table_on_the_page_is_the_stores_figures_and_nothing_else(store):
    """Each table the page shows, cell by cell, is a table of `corpus_figures` (each of which
    tests/test_store_sources.py holds to its SQL count), and the page shows no other table; with a filter
    the page's numbers change with the figures."""
    conn = connect(store)
    whole = corpus_figures(conn)
    for fig in (whole, corpus_figures(conn, query="الخبز")):
        parsed = _Tables()
        parsed.feed(render_html(fig))
        assert set(parsed.tables) == {table for *_, table in CHARTS} | {name for name, _ in EXTRA_TABLES}
        for name, rows in parsed.tables.items():
            t = fig.tables[name]
            assert rows[1:] == [[_shown(c, v) for c, v in zip(t.columns, row)] for row in t.rows], name
            if fig is whole:  # on the whole store every table has counts, so the comparison is not of empties
                assert sum(int(cell) for row in rows[1:] for cell in row if cell.isdigit()) > 0, name


def test_the_page_is_self_contained_and_right_to_left(store):
    page = render_html(corpus_figures(connect(store)))
    parsed = _Tables()
    parsed.feed(page)
    assert '<html lang="ar" dir="rtl">' in page
    assert "<script" not in page and not re.search(r"(src|href)=\"(https?:)?//", page)
    assert len(parsed.imgs) == len(CHARTS) and all(s.startswith("data:image/svg+xml;base64,") for s in parsed.imgs)
    assert render_html(corpus_figures(connect(store))) == page  # same store, same page


def test_filters_are_named_on_the_page(store):
    page = render_html(corpus_figures(connect(store), query="الخبز"))
    assert "كلمات الموضوع: الخبز" in page


def test_arabic_labels_are_joined_and_in_visual_order():
    if lays_out_text():  # matplotlib joins and orders Arabic itself: shaping first would reverse it again
        assert shaped("سلمى") == "سلمى"
    else:  # final ى, medial م, medial ل, initial س: read right to left
        assert shaped("سلمى") == "\ufef0\ufee4\ufee0\ufeb3"
    assert shaped("2024-03") == "2024-03" and shaped(None) == ""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from khabar.report.charts import _plt

    _plt()
    charmap = FT2Font(font_manager.findfont("DejaVu Sans")).get_charmap()
    labels = [*GENDER_NAMES.values(), *KIND_NAMES.values(), *ROLE_NAMES.values(), *TYPE_NAMES.values(),
              *(title for _, title, _, _ in CHARTS), "دينا الحلبي", "صحيفة الأفق", "سعد عبدالله"]
    missing = {c for label in labels for c in shaped(label) if not c.isspace() and ord(c) not in charmap}
    assert not missing, [hex(ord(c)) for c in missing]  # every glyph drawn from the shipped font, none as a box


def test_pngs_and_the_command(store, tmp_path, capsys):
    written = write_pngs(corpus_figures(connect(store)), tmp_path / "png")
    assert [p.stem for p in written] == [stem for stem, *_ in CHARTS]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in written)
    out = tmp_path / "report.html"
    assert main(["report", "--db", str(store), "--out", str(out), "--source", "صحيفة الأفق"]) == 0
    assert "المنبر: صحيفة الأفق" in out.read_text(encoding="utf-8")
    assert main(["report", "--db", str(store), "--format", "png", "--out", str(tmp_path / "slides")]) == 0
    assert len(list((tmp_path / "slides").glob("*.png"))) == len(CHARTS)
    assert main(["report", "--db", str(tmp_path / "missing.db"), "--out", str(out)]) == 2
    assert "missing.db" in capsys.readouterr().err
