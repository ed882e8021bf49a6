"""Messy input as users really have it: legacy and mixed encodings, binaries under text names, compressed
files without their suffix, huge files, invisible characters, presentation forms and Persian letters.

Each case ends in a correct result or in a message naming the input and the reason, with the documented
exit code (0 all read, 1 some failed, 2 nothing produced). The article is invented.
"""
from __future__ import annotations

import bz2
import gzip
import json
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khabar.cli import main
from khabar.errors import InputError
from khabar.pipeline import Options, extract
from khabar.readers import ReadFailure, Record, iter_records
from khabar.readers import files as files_module
from khabar.readers.decode import UndecodableError, decode_bytes

ARTICLE = (
    "قال وزير الري في جمهورية نوران، سامر الحداد، إن «الموسم الزراعي هذا العام وفير».\n\n"
    "وأضاف الحداد في مؤتمر صحفي أن «الوزارة ستدعم المزارعين في وادي الصفصاف».\n"
)


def _items(tmp_path: Path, name: str, data: bytes) -> list[Record | ReadFailure]:
    path = tmp_path / name
    path.write_bytes(data)
    return list(iter_records([str(path)]))


def _extract_cli(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = main(["extract", *args, "--format", "jsonl"])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def _quotes(doc: dict) -> list[tuple[str, str | None]]:
    return [(q["text"], (q.get("speaker") or {}).get("name")) for q in doc["quotes"]]


# --- encodings ---------------------------------------------------------------------------------------

def test_lines_in_two_encodings_are_each_decoded_and_the_mix_reported(tmp_path: Path) -> None:
    first, second = ARTICLE.strip().split("\n\n")
    data = first.encode("utf-8") + b"\n\n" + second.encode("cp1256") + b"\n"
    (rec,) = _items(tmp_path, "mixed.txt", data)
    assert isinstance(rec, Record)
    assert rec["text"] == first + "\n\n" + second + "\n"
    assert rec["encoding"] == "utf-8+cp1256"


def test_a_jsonl_line_in_a_legacy_code_page_is_read_and_marked(tmp_path: Path, capsys) -> None:
    good = json.dumps({"id": "u", "text": ARTICLE}, ensure_ascii=False).encode("utf-8")
    legacy = json.dumps({"id": "w", "text": ARTICLE}, ensure_ascii=False).encode("cp1256")
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(good + b"\n" + legacy + b"\n" + b"\xff\xfe\x00\x01garbage\n")
    code, docs, err = _extract_cli(capsys, str(path))
    assert code == 1
    assert [d["id"] for d in docs] == ["u", "w"]
    assert docs[0]["text"] == docs[1]["text"] == ARTICLE
    assert "encoding" not in docs[0]["meta"] and docs[1]["meta"]["encoding"] == "cp1256"
    assert f"khabar: {path}:3: line is not UTF-8 and not text in an Arabic code page" in err


def test_the_detected_encoding_is_in_the_output(tmp_path: Path, capsys) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARTICLE.encode("utf-16-le"))
    code, (doc,), _ = _extract_cli(capsys, str(path))
    assert code == 0 and doc["text"] == ARTICLE and doc["meta"]["encoding"] == "utf-16-le"
    assert len(doc["quotes"]) == 2


# --- what is not text ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, reason", [
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(range(256)) * 8, "a PDF document"),
    ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8, "a JPEG image"),
    ("report.html", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8, "a ZIP archive"),
    ("noise", bytes(range(256)) * 16, "binary or undecodable"),
    ("empty.txt", b"", "empty input (no bytes)"),
    ("blank.txt", b" \n\t\r\n  \n", "empty input (only whitespace)"),
    ("broken.txt", gzip.compress(ARTICLE.encode())[:-12], "gzip-compressed but broken"),
])
def test_non_text_is_named_in_the_message(tmp_path: Path, capsys, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, docs, err = _extract_cli(capsys, str(path))
    assert code == 2 and docs == []
    assert err.startswith(f"khabar: {path}: {reason}")


def test_a_json_array_or_a_warc_is_refused_naming_batch(tmp_path: Path, capsys) -> None:
    """A .json array of articles or a WARC read as one article would be analysed as its syntax; `extract`
    and `ingest` refuse them and name `khabar batch`, which reads both."""
    array = tmp_path / "day.json"
    array.write_text(json.dumps([{"id": "n1", "text": ARTICLE}], ensure_ascii=False), encoding="utf-8")
    code, docs, err = _extract_cli(capsys, str(array))
    assert code == 2 and docs == []
    assert err == (f"khabar: {array}: a JSON array, not an article or JSON lines (one object per line); "
                   "`khabar batch` reads JSON arrays\n")
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n"))
    code, docs, err = _extract_cli(capsys, str(warc))
    assert code == 2 and err == f"khabar: {warc}: a WARC web archive, not an article; `khabar batch` reads WARC files\n"
    assert main(["ingest", str(array), "--db", str(tmp_path / "k.db"), "--quiet"]) == 2
    assert "`khabar batch` reads JSON arrays" in capsys.readouterr().err
    one = tmp_path / "one.json"  # one object is one article, as JSONL of one line
    one.write_text(json.dumps({"id": "n1", "text": ARTICLE}, ensure_ascii=False), encoding="utf-8")
    code, docs, err = _extract_cli(capsys, str(one))
    assert code == 0 and [d["id"] for d in docs] == ["n1"]


def test_an_archive_only_batch_reads_says_so(tmp_path: Path, capsys) -> None:
    """`extract` and `ingest` read files one article (or JSONL line) at a time; a .zip of JSON or a Parquet
    dump is `khabar batch`'s, and the refusal says so rather than only "not text"."""
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("day.json", json.dumps([{"id": "n1", "text": ARTICLE}], ensure_ascii=False))
    code, docs, err = _extract_cli(capsys, str(archive))
    assert code == 2 and docs == []
    assert err == (f"khabar: {archive}: a ZIP archive (Word, Excel or EPUB files are ZIP archives), not text; "
                   "`khabar batch` reads .zip archives (the .json and .jsonl files inside)\n")
    assert main(["ingest", str(archive), "--db", str(tmp_path / "k.db"), "--quiet"]) == 2
    assert "`khabar batch` reads .zip archives" in capsys.readouterr().err
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    dump = tmp_path / "dump.parquet"
    pq.write_table(pa.table({"id": ["n1"], "text": [ARTICLE]}), dump)
    code, docs, err = _extract_cli(capsys, str(dump))
    assert code == 2 and err.endswith("; `khabar batch` reads Parquet files\n")
    # the hint goes by the name batch would read it by: a zip under a .txt name (a Word file) gets none
    letter = tmp_path / "letter.txt"
    letter.write_bytes(archive.read_bytes())
    code, docs, err = _extract_cli(capsys, str(letter))
    assert code == 2 and "a ZIP archive" in err and "khabar batch" not in err


@pytest.mark.parametrize("name, pack", [
    ("wire.txt", gzip.compress), ("wire", gzip.compress), ("wire.txt", bz2.compress),
])
def test_compressed_text_without_its_suffix_is_opened(tmp_path: Path, name: str, pack) -> None:
    (rec,) = _items(tmp_path, name, pack(ARTICLE.encode("cp1256")))
    assert isinstance(rec, Record) and rec["text"] == ARTICLE and rec["encoding"] == "cp1256"


def test_gzipped_jsonl_without_gz_suffix_is_streamed(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": f"a{i}", "text": ARTICLE}, ensure_ascii=False) + "\n" for i in range(5))
    items = _items(tmp_path, "dump.jsonl", gzip.compress(lines.encode()))
    assert [r["id"] for r in items] == [f"a{i}" for i in range(5)]


def test_html_without_a_body_or_with_only_scripts_is_reported(tmp_path: Path, capsys) -> None:
    bare = tmp_path / "bare.html"
    bare.write_text("<html><head><title>عنوان فقط</title></head></html>", encoding="utf-8")
    scripts = tmp_path / "scripts.html"
    scripts.write_text("<html><body><script>var x = '«نص»';</script><script src=a.js></script></body></html>",
                       encoding="utf-8")
    code, docs, err = _extract_cli(capsys, str(bare), str(scripts))
    assert code == 2 and docs == []
    for path in (bare, scripts):
        assert f"khabar: {path}: no article text found in the HTML" in err


# --- size -----------------------------------------------------------------------------------------------

def test_a_50_mb_single_line_file_is_refused_by_name_and_the_next_file_still_read(tmp_path: Path, capsys) -> None:
    huge = tmp_path / "dump.txt"
    line = ("قال سامر الحداد إن «المحصول وفير» " * 40).encode("utf-8")
    with huge.open("wb") as fh:
        while fh.tell() < 50 * 2**20:
            fh.write(line)
    small = tmp_path / "small.txt"
    small.write_text(ARTICLE, encoding="utf-8")
    code, docs, err = _extract_cli(capsys, str(huge), str(small))
    assert code == 1 and [d["id"] for d in docs] == ["small"]
    assert re.search(rf"khabar: {re.escape(str(huge))}: text of [\d,]+ characters is over the limit of 500,000", err)


def test_max_chars_can_be_raised_or_lifted(capsys, tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 20, encoding="utf-8")
    code, _, err = _extract_cli(capsys, str(path), "--max-chars", "1000")
    assert code == 2 and "over the limit of 1,000" in err
    code, (doc,), _ = _extract_cli(capsys, str(path), "--max-chars", "0")
    assert code == 0 and doc["text"] == ARTICLE * 20


def test_an_overlong_jsonl_line_is_skipped_without_reading_it_whole(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(files_module, "MAX_LINE_BYTES", 4096)
    path = tmp_path / "lines.jsonl"
    good = json.dumps({"id": "ok", "text": ARTICLE}, ensure_ascii=False)
    path.write_text(good + "\n" + json.dumps({"id": "big", "text": "ن" * 20_000}) + "\n" + good.replace('"ok"', '"ok2"')
                    + "\n", encoding="utf-8")
    items = list(iter_records([str(path)]))
    assert [getattr(i, "get", lambda k: None)("id") for i in items] == ["ok", None, "ok2"]
    assert items[1] == ReadFailure(f"{path}:2", "line is over 4,096 bytes; skipped")


def test_a_million_short_articles_stream_in_bounded_memory(tmp_path: Path) -> None:
    """The reader must stream a JSONL of a million records: resident memory stays far below the file."""
    path = tmp_path / "million.jsonl"
    row = '{"id": "n%d", "text": "قال سامر الحداد إن «الميناء جاهز» بحسب وكالة أنباء الواحة."}\n'
    with path.open("w", encoding="utf-8") as fh:
        for i in range(0, 1_000_000, 1000):
            fh.write("".join(row % n for n in range(i, i + 1000)))
    size_mb = path.stat().st_size / 2**20
    probe = (  # VmHWM: peak resident memory of this program (ru_maxrss would include the forking parent's)
        "import re, sys\n"
        "from khabar.readers import iter_records, Record\n"
        "n = 0\n"
        "for r in iter_records([sys.argv[1]]):\n"
        "    n += isinstance(r, Record)\n"
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "print(n, int(hwm) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    count, rss_mb = map(int, done.stdout.split())
    assert count == 1_000_000
    assert size_mb > 100 and rss_mb < size_mb / 2, (size_mb, rss_mb)


# --- text that looks the same but is not the same code points ------------------------------------------

def _presentation(text: str) -> str:
    """The article as a PDF copy gives it: each letter in a contextual presentation form."""
    forms: dict[str, dict[str, str]] = {}
    for cp in range(0xFB50, 0xFEFF):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and parts[0].startswith("<"):
            forms.setdefault(chr(int(parts[1], 16)), {})[parts[0]] = chr(cp)
    out = []
    for word in re.split(r"(\s+)", text):
        for i, ch in enumerate(word):
            f = forms.get(ch, {})
            tag = "<isolated>" if len(word) == 1 else "<initial>" if i == 0 else "<final>" if i == len(word) - 1 \
                else "<medial>"
            out.append(f.get(tag) or f.get("<isolated>") or ch)
    return "".join(out)


VARIANTS = {
    "presentation forms": _presentation,
    "zero-width joiners": lambda t: t.replace("الحداد", "الح\u200dد\u200cاد").replace("سامر", "سا\u200dمر"),
    "bidi marks": lambda t: t.replace("سامر الحداد", "\u200fسامر\u200e الحداد\u202c").replace("قال", "\u202bقال"),
    "persian letters": lambda t: t.replace("ي", "ی").replace("ك", "ک"),
    "tatweel": lambda t: t.replace("الحداد", "الحـــداد"),
    "windows line ends": lambda t: t.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_lookalike_text_gives_the_same_statements_and_names(variant: str) -> None:
    plain = extract(ARTICLE).to_dict()
    text = VARIANTS[variant](ARTICLE)
    odd = extract(text).to_dict()
    assert odd["text"] == text
    for q in odd["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
    speakers = [(q.get("speaker") or {}).get("name") for q in odd["quotes"]]
    expected = [(q.get("speaker") or {}).get("name") for q in plain["quotes"]]
    if variant == "persian letters":  # names keep the writer's letters; they must still be found
        speakers = [s.replace("ی", "ي").replace("ک", "ك") if s else s for s in speakers]
    assert len(odd["quotes"]) == len(plain["quotes"]) == 2
    assert speakers == expected
    assert all("\u200d" not in e["name"] and "\u200f" not in e["name"] and "ـ" not in e["name"]
               for e in odd["entities"])


def test_nested_and_unbalanced_marks_do_not_lose_the_outer_quotation() -> None:
    nested = "قال سامر الحداد إن «الفلاحين يرددون “الموسم وفير” منذ الربيع».\n"
    doc = extract(nested).to_dict()
    assert _quotes(doc) == [("الفلاحين يرددون “الموسم وفير” منذ الربيع", "سامر الحداد")]
    broken = "قال سامر الحداد إن «الموسم وفير.\n\nوتابع «« » “ ” « ثم سكت.\n"
    doc = extract(broken).to_dict()
    for q in doc["quotes"]:
        assert broken[q["start"]:q["end"]] == q["text"]


def test_unpaired_surrogates_are_refused_with_the_line_named(tmp_path: Path, capsys) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "bad", "text": "قال \\ud83d الحداد"}\n' + json.dumps({"id": "ok", "text": ARTICLE}) + "\n",
                    encoding="utf-8")
    code, docs, err = _extract_cli(capsys, str(path))
    assert code == 1 and [d["id"] for d in docs] == ["ok"]
    assert f"khabar: {path}:1: 'text' has an unpaired UTF-16 surrogate (U+D83D" in err
    with pytest.raises(InputError, match="unpaired UTF-16 surrogate"):
        extract("قال \udc00 الحداد", id="api")


# --- properties -----------------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_fail_with_a_reason(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as exc:
        assert str(exc)
    else:
        assert isinstance(text, str) and encoding


_ODD = st.sampled_from(
    list("ابتثجحخدسعقلمنهوي ی ک ٹ ﻻ ﷲ ﺍ ﻠ ﺤ ﺩ \u200d\u200c\u200f\u202e\u2066 «»“”„\"'#_\n\r\t\x00\x85\u2028")
    + ["قال", "إن", "سامر الحداد", "«", "»", "#سامرالحداد", "\ufeff", "\ufffd", "A", "é", "😀", "\U0001ee00"]
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ODD, max_size=60).map("".join) | st.text(max_size=80))
def test_no_string_makes_the_pipeline_raise_and_offsets_hold(text: str) -> None:
    try:
        article = extract(text, options=Options())
    except InputError:
        return  # only for text that is not valid Unicode (unpaired surrogates)
    assert article.text == text
    for span in article.all_spans():
        assert text[span.start:span.end] == span.text
    for ent in article.entities:
        assert ent.name == ent.name.strip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.html", "a.jsonl", "a"]))
def test_any_file_yields_records_or_failures(tmp_path: Path, data: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    for item in iter_records([str(path)]):
        assert isinstance(item, (Record, ReadFailure))
        if isinstance(item, ReadFailure):
            assert item.source.startswith(str(path)) and item.reason
