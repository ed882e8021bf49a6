"""Progress bars with a total and a rate on `extract` (several articles), `ingest` and `batch` when stderr
is a terminal; nothing but errors and the summary when it is piped."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from khabar.cli import main
from khabar.cli.console import wants_progress
from khabar.readers import count_articles

from conftest import ARTICLE

BAR = "━"  # what rich draws a bar with


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr is when a person watches the command."""

    def isatty(self) -> bool:
        return True


class Closed(io.StringIO):
    def isatty(self) -> bool:
        raise ValueError("I/O operation on closed file")


def test_a_bar_only_on_a_terminal_and_never_when_asked_to_be_quiet() -> None:
    assert wants_progress(Terminal())
    assert not wants_progress(Terminal(), quiet=True)
    assert not wants_progress(io.StringIO())
    assert not wants_progress(Closed())
    assert not wants_progress(object())


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE.replace("سامر", "نبيل"), encoding="utf-8")
    lines = [json.dumps({"id": f"j{i}", "text": ARTICLE}, ensure_ascii=False) for i in range(3)]
    (folder / "more.jsonl").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_the_total_is_counted_before_reading(articles: Path) -> None:
    assert count_articles([str(articles)]) == 5  # two files, three JSONL lines (blank lines and hidden files out)
    assert count_articles([str(articles / "a.txt"), str(articles / "more.jsonl")]) == 4
    assert count_articles(["-"]) is None


def test_extract_of_many_articles_shows_total_and_rate_on_a_terminal(articles: Path) -> None:
    from khabar.cli.extract import run_extract
    import argparse

    err, out = Terminal(), io.StringIO()
    args = argparse.Namespace(paths=[str(articles)], format="jsonl")
    assert run_extract(args, out=out, err=err) == 0
    assert len(out.getvalue().splitlines()) == 5
    shown = err.getvalue()
    assert "khabar extract" in shown and "5/5" in shown and "articles/s" in shown


def test_extract_piped_writes_no_bar(articles: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(articles), "--format", "jsonl"]) == 0
    assert capsys.readouterr().err == ""


def test_ingest_shows_total_and_rate_on_a_terminal(articles: Path, tmp_path: Path) -> None:
    from khabar.cli.store import run_ingest
    from khabar.cli import build_parser

    args = build_parser().parse_args(["ingest", str(articles), "--db", str(tmp_path / "k.db")])
    err = Terminal()
    assert run_ingest(args, err=err) == 0
    assert "5/5" in err.getvalue() and "articles/s" in err.getvalue()


def test_ingest_piped_writes_only_its_summary(articles: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(articles), "--db", str(tmp_path / "k.db")]) == 0
    err = capsys.readouterr().err
    assert BAR not in err and err.startswith("khabar: ingest: 5 read") and len(err.splitlines()) == 1


def test_batch_piped_writes_only_its_summary(articles: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    jsonl = articles / "more.jsonl"
    assert main(["batch", str(jsonl), "--out", str(tmp_path / "out"), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert BAR not in err and err.startswith("khabar: batch: 3 articles") and len(err.splitlines()) == 1
