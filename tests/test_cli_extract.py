"""`khabar extract` end to end through `khabar.cli.main`: formats, stdin, errors on stderr, exit codes."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from khabar.cli import main

from conftest import ARTICLE

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def txt(tmp_path: Path) -> Path:
    path = tmp_path / "port.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_json_single_article_is_an_object(txt: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(txt), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert isinstance(doc, dict)
    assert doc["id"] == "port" and doc["text"] == ARTICLE
    assert {"schema_version", "meta", "hashtags", "boilerplate", "entities", "quotes"} <= doc.keys()
    assert "سامر" in out  # ensure_ascii=False: Arabic written as itself
    assert err == ""


def test_json_several_articles_is_an_array(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(corpus_dir)]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in docs] == ["a", "j1", "j2", "c", "page"]
    assert docs[1]["meta"] == {"title": "عنوان أول"}
    assert "html" not in docs[-1]


def test_jsonl_one_line_per_article_with_ids(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(corpus_dir), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d["id"] for d in docs] == ["a", "j1", "j2", "c", "page"]
    for d in docs:  # the shape score_quotes.py reads
        assert isinstance(d["quotes"], list)
        for q in d["quotes"]:
            assert isinstance(q["text"], str)
            assert q["speaker"] is None or isinstance(q["speaker"]["name"], str)


def test_keep_html(tmp_path: Path, html_page: str, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(html_page, encoding="utf-8")
    assert main(["extract", str(page)]) == 0
    assert "html" not in json.loads(capsys.readouterr().out)
    assert main(["extract", str(page), "--keep-html"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["html"] == html_page
    assert doc["meta"]["title"] == "بلدية السنديان تطلق مشروع الميناء"
    assert "جميع الحقوق محفوظة" not in doc["text"]


def test_text_format_renders_id_and_meta(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(corpus_dir / "b"), "--format", "text"]) == 0
    out = capsys.readouterr().out
    for ident in ("j1", "j2", "c", "page"):
        assert ident in out
    assert "title: عنوان أول" in out
    assert "hashtags (" in out and "quotations (" in out


def test_text_format_renders_every_layer_it_is_given(capsys: pytest.CaptureFixture[str]) -> None:
    """The renderer reads the output dict, so a full one (as later stages will fill it) must show."""
    from khabar.cli.extract import make_console, render_article

    doc = {
        "id": "full", "text": ARTICLE, "meta": {"source": "وكالة أنباء الواحة"},
        "hashtags": [{"start": 0, "end": 11, "text": "#سامرالحداد", "resolved": "سامر الحداد"},
                     {"start": 20, "end": 29, "text": "#السنديان", "resolved": "السنديان"}],
        "boilerplate": [{"start": 0, "end": 5, "text": "اشترك في نشرتنا", "label": "newsletter"}],
        "entities": [{"id": "e1", "name": "سامر الحداد", "type": "PER", "mentions": [{}, {}], "roles": ["رئيس البلدية"]}],
        "quotes": [{"text": "العمل سيبدأ", "kind": "direct", "confidence": 0.9,
                    "cue": {"text": "قال"}, "speaker": {"name": "سامر الحداد"}},
                   {"text": "بلا متحدث", "kind": "indirect", "cue": None, "speaker": None}],
    }
    buf = io.StringIO()
    render_article(make_console(buf), doc)
    out = buf.getvalue()
    for piece in ("full", "source: وكالة أنباء الواحة", "#سامرالحداد → سامر الحداد", "[newsletter] اشترك في نشرتنا",
                  "سامر الحداد  PER  ×2", "رئيس البلدية", "cue: قال", "kind: direct", "    العمل سيبدأ", "    بلا متحدث"):
        assert piece in out, piece
    assert "#السنديان →" not in out  # nothing to resolve, nothing shown


def test_stdin_text(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(ARTICLE))
    assert main(["extract", "-", "--format", "jsonl"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["id"] == "stdin" and doc["text"] == ARTICLE


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"id": "s1", "text": ARTICLE, "extra": "dropped"}, {"id": "s2", "text": "نص قصير"}]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(json.dumps(r, ensure_ascii=False) for r in rows)))
    assert main(["extract", "-", "--format", "jsonl"]) == 0
    docs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [d["id"] for d in docs] == ["s1", "s2"]
    assert all("extra" not in d and "extra" not in d["meta"] for d in docs)


def test_stdin_html(monkeypatch: pytest.MonkeyPatch, html_page: str, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(html_page))
    assert main(["extract", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["meta"]["title"] == "بلدية السنديان تطلق مشروع الميناء"
    assert "<p>" not in doc["text"]


def test_some_failures_exit_1_and_name_the_inputs(
    tmp_path: Path, txt: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"id": "ok", "text": "نص"}\n{broken\n', encoding="utf-8")
    code = main(["extract", str(missing), str(binary), str(txt), str(batch), "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["port", "ok"]
    errors = err.splitlines()
    assert f"khabar: {missing}: no such file or folder" in errors
    assert f"khabar: {binary}: binary or undecodable" in errors
    assert any(line.startswith(f"khabar: {batch}:2: not JSON") for line in errors)
    assert len(errors) == 3


def test_nothing_readable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["extract", str(tmp_path / "a.txt"), str(tmp_path / "b.html")])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 2


def test_empty_html_extraction_is_reported_with_its_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "shell.html"
    page.write_text("<html><head><title>x</title></head><body><div></div></body></html>", encoding="utf-8")
    assert main(["extract", str(page)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"khabar: {page}: ") and "empty" in err


def test_stage_crash_is_reported_and_batch_continues(
    monkeypatch: pytest.MonkeyPatch, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import khabar.cli.extract as cli_extract

    real = cli_extract.process_record

    def flaky(record, options=None):
        if record["id"] == "j1":
            raise RuntimeError("boom")
        return real(record, options)

    monkeypatch.setattr(cli_extract, "process_record", flaky)
    assert main(["extract", str(corpus_dir), "--format", "jsonl"]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 4
    assert err.strip().endswith("batch.jsonl:1: internal error: RuntimeError: boom")


def test_flags_reach_the_pipeline(monkeypatch: pytest.MonkeyPatch, txt: Path, capsys) -> None:
    import khabar.cli.extract as cli_extract

    seen = []
    monkeypatch.setattr(cli_extract, "process_record", lambda rec, opts: seen.append(opts) or {"id": rec["id"]})
    main(["extract", str(txt), "--no-entities", "--no-quotes", "--min-confidence", "0.7", "--keep-html"])
    (opts,) = seen
    assert (opts.entities, opts.quotes, opts.min_confidence, opts.keep_html) == (False, False, 0.7, True)


def test_examples_all_extract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(EXAMPLES), "--format", "jsonl"]) == 0
    docs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {d["id"] for d in docs} == {"brief-001", "brief-002", "brief-003", "port-expansion", "water-station"}
    water = next(d for d in docs if d["id"] == "water-station")
    assert water["meta"]["date"] == "2024-05-14" and "اقرأ أيضاً" not in water["text"]
