"""Readers: encodings, binary and missing files, folders, JSONL line failures, stdin sniffing."""
from __future__ import annotations

import codecs
import io
import json
import pickle
from pathlib import Path

import pytest

from khabar.readers import ReadFailure, Record, iter_records, sniff
from khabar.readers.decode import UndecodableError, decode_bytes

from conftest import ARTICLE

CP1256_ARTICLE = "قال رئيس البلدية سامر الحداد إن المشروع سيكتمل قبل نهاية العام، بحسب وكالة أنباء الواحة."


def _one(paths: list[str], **kw) -> Record | ReadFailure:
    items = list(iter_records(paths, **kw))
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    "encode, reported",
    [
        (lambda s: s.encode("utf-8"), None),
        (lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), None),
        (lambda s: s.encode("utf-16"), "utf-16"),  # Python writes the BOM
        (lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), "utf-16"),
        (lambda s: s.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (lambda s: s.encode("utf-16-be"), "utf-16-be"),
        (lambda s: s.encode("cp1256"), "cp1256"),
        (lambda s: s.encode("iso8859_6"), "iso8859_6"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf16-le", "utf16-be", "cp1256", "iso-8859-6"],
)
def test_txt_encodings_decode_to_the_same_text(tmp_path: Path, encode, reported) -> None:
    path = tmp_path / "khabar-1.txt"
    path.write_bytes(encode(CP1256_ARTICLE))
    rec = _one([str(path)])
    assert isinstance(rec, Record)
    expected = {"id": "khabar-1", "text": CP1256_ARTICLE}
    if reported:
        expected["encoding"] = reported
    assert rec == expected
    assert not rec["text"].startswith("\ufeff")


def test_iso_8859_6_is_detected() -> None:
    text, encoding = decode_bytes(CP1256_ARTICLE.encode("iso8859_6"))
    assert text == CP1256_ARTICLE
    assert encoding == "iso8859_6"


def test_short_cp1256_snippet_is_read_as_arabic_not_cjk() -> None:
    text, encoding = decode_bytes("مرحبا بكم في السنديان".encode("cp1256"))
    assert text == "مرحبا بكم في السنديان"
    assert encoding == "cp1256"


def test_binary_file_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    fail = _one([str(path)])
    assert isinstance(fail, ReadFailure)
    assert fail.source == str(path)
    assert fail.reason == "a PNG image, not text"


def test_control_heavy_bytes_without_nul_are_binary() -> None:
    with pytest.raises(UndecodableError):
        decode_bytes(bytes(range(1, 9)) * 50)


def test_missing_file_is_named(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.txt")
    fail = _one([missing])
    assert isinstance(fail, ReadFailure)
    assert fail.source == missing
    assert "no such file" in fail.reason
    assert str(fail) == f"{missing}: {fail.reason}"


def test_empty_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n ", encoding="utf-8")
    fail = _one([str(path)])
    assert isinstance(fail, ReadFailure) and "empty" in fail.reason


def test_folder_is_walked_recursively_in_sorted_order(corpus_dir: Path) -> None:
    items = list(iter_records([str(corpus_dir)]))
    assert all(isinstance(i, Record) for i in items), items
    # a.txt < b/batch.jsonl < b/deeper/c.txt < b/page.html; notes.md and .hidden/ are skipped
    assert [i["id"] for i in items] == ["a", "j1", "j2", "c", "page"]
    assert "html" in items[-1] and "text" not in items[-1]
    assert items[1]["title"] == "عنوان أول"
    assert items[1].origin.endswith("batch.jsonl:1")


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    fail = _one([str(tmp_path / "empty")])
    assert isinstance(fail, ReadFailure) and "no .txt" in fail.reason


def test_jsonl_bad_lines_are_reported_and_good_lines_kept(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok1", "text": ARTICLE}, ensure_ascii=False),
        "{not json",
        json.dumps(["an", "array"]),
        json.dumps({"id": "no-body", "title": "عنوان"}, ensure_ascii=False),
        json.dumps({"id": "bad-type", "text": 42}),
        "",
        json.dumps({"id": 7, "html": "<p>نص</p>", "title": None}, ensure_ascii=False),
        json.dumps({"id": "bad-title", "text": "نص", "title": ["x"]}, ensure_ascii=False),
        json.dumps({"id": "ok2", "text": "نص آخر", "url": "https://example.org/x"}, ensure_ascii=False),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_records([str(path)]))
    good = [i for i in items if isinstance(i, Record)]
    bad = {i.source: i.reason for i in items if isinstance(i, ReadFailure)}
    assert [g["id"] for g in good] == ["ok1", "7", "ok2"]
    assert good[1] == {"id": "7", "html": "<p>نص</p>"}  # null title dropped, id as a string
    assert set(bad) == {f"{path}:{n}" for n in (2, 3, 4, 5, 8)}
    assert bad[f"{path}:2"].startswith("not JSON")
    assert "not a JSON object" in bad[f"{path}:3"]
    assert "no 'text' or 'html'" in bad[f"{path}:4"]
    assert "'text' must be a string" in bad[f"{path}:5"]
    assert "'title' must be a string" in bad[f"{path}:8"]


def test_jsonl_extra_keys_are_not_copied(tmp_path: Path) -> None:
    row = {"id": "x", "text": "نص", "source": "وكالة أنباء الواحة", "date": "2024-01-02",
           "crawler": {"secret": "token"}, "raw_headers": "Cookie: abc"}
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    rec = _one([str(path)])
    assert rec == {"id": "x", "text": "نص", "source": "وكالة أنباء الواحة", "date": "2024-01-02"}


def test_jsonl_without_id_gets_one_from_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('\n{"text": "نص"}\n', encoding="utf-8")
    assert _one([str(path)])["id"] == "feed-2"


def test_jsonl_invalid_utf8_line_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        '{"id": "a", "text": "نص"}\n'.encode("utf-8")
        + '{"id": "b", "text": "نص"}\n'.encode("cp1256")
        + b'{"id": "c", "text": "ok"}\n'
    )
    items = list(iter_records([str(path)]))
    assert [type(i).__name__ for i in items] == ["Record", "ReadFailure", "Record"]
    assert items[1].source == f"{path}:2"


def test_utf16_jsonl_is_read(tmp_path: Path) -> None:
    path = tmp_path / "w.jsonl"
    path.write_bytes(json.dumps({"id": "u", "text": "نص"}, ensure_ascii=False).encode("utf-16"))
    assert _one([str(path)]) == {"id": "u", "text": "نص", "encoding": "utf-16"}


def test_html_file_keeps_html_and_honours_meta_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1256"><title>خبر</title></head><body><p>نص الخبر</p></body></html>'
    path = tmp_path / "p.htm"
    path.write_bytes(page.encode("cp1256"))
    rec = _one([str(path)])
    assert rec == {"id": "p", "html": page, "encoding": "windows-1256"}


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        ('{"id": "s1", "text": "نص"}\n{"id": "s2", "text": "نص"}\n', "jsonl"),
        ("<!doctype html><html><body><p>نص</p></body></html>", "html"),
        ("  <html lang='ar'><p>نص</p></html>", "html"),
        (ARTICLE, "text"),
        ("{ليس JSON} بل نص يبدأ بقوس", "jsonl"),  # documented: a leading brace means JSONL
    ],
)
def test_sniff(payload: str, kind: str) -> None:
    assert sniff(payload) == kind


def test_stdin_text_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(ARTICLE))
    rec = _one(["-"])
    assert rec == {"id": "stdin", "text": ARTICLE}
    assert rec.origin == "<stdin>"


def test_stdin_binary_buffer_in_cp1256() -> None:
    stream = io.TextIOWrapper(io.BytesIO(CP1256_ARTICLE.encode("cp1256")))
    rec = _one(["-"], stdin=stream)
    assert rec["text"] == CP1256_ARTICLE


def test_stdin_jsonl_lines_are_named_by_line() -> None:
    stream = io.StringIO('{"id": "a", "text": "نص"}\n{"id": "b"}\n')
    items = list(iter_records(["-"], stdin=stream))
    assert isinstance(items[0], Record) and items[0]["id"] == "a"
    assert isinstance(items[1], ReadFailure) and items[1].source == "<stdin>:2"


def test_record_survives_pickling_with_its_origin() -> None:
    rec = Record(id="a", text="نص", origin="f.jsonl:3")
    back = pickle.loads(pickle.dumps(rec))
    assert back == rec and back.origin == "f.jsonl:3"


def test_later_inputs_are_read_after_a_failure(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    items = list(iter_records([str(tmp_path / "missing.txt"), str(good)]))
    assert isinstance(items[0], ReadFailure)
    assert isinstance(items[1], Record) and items[1]["id"] == "good"
