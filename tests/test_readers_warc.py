"""WARC input: HTML responses become records with the WARC id, URL and date; the rest is skipped, counted."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from khabar.readers import ReadFailure, Record
from khabar.readers.warc import Skipped, read_warc

from conftest import HTML_PAGE

warcio = pytest.importorskip("warcio", reason="warcio is a core dependency; install khabar")

PAGE_1256 = (
    '<html><head><meta charset="windows-1256"><title>سوق السنديان</title></head><body><article>'
    "<p>افتتحت بلدية السنديان صباح الأحد السوق الشعبي الجديد بعد عامين من أعمال الترميم والتوسعة.</p>"
    "<p>وقالت مديرة السوق منى العطار إن «المحال كلها ستفتح أبوابها قبل شهر رمضان المقبل».</p>"
    "</article></body></html>"
)


def write_warc(path: Path, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "khabar tests"}))

        def response(uri: str, body: bytes, ctype: str, status: str = "200 OK", date: str = "2024-04-09T08:30:00Z"):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                            warc_headers_dict={"WARC-Date": date})
            writer.write_record(rec)
            return rec.rec_headers.get_header("WARC-Record-ID")

        req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.test")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://sahil.example/port", "request",
                                                      payload=io.BytesIO(b""), http_headers=req))
        ids = [response("https://sahil.example/port", HTML_PAGE.encode("utf-8"), "text/html; charset=utf-8")]
        response("https://sahil.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image/png")
        response("https://sahil.example/missing", b"<html><body>not found</body></html>", "text/html", "404 Not Found")
        ids.append(response("https://sahil.example/souq", PAGE_1256.encode("cp1256"), "text/html",
                            date="2024-05-01T10:00:00Z"))
    path.with_suffix(".ids").write_text("\n".join(ids), encoding="utf-8")


@pytest.mark.parametrize("name,gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_html_responses_become_records_and_the_rest_is_skipped(tmp_path: Path, name: str, gz: bool) -> None:
    path = tmp_path / name
    write_warc(path, gz)
    ids = path.with_suffix(".ids").read_text(encoding="utf-8").split("\n")
    items = list(read_warc(path))
    records = [i for i in items if isinstance(i, Record)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert not [i for i in items if isinstance(i, ReadFailure)]
    assert [r["id"] for r in records] == ids and ids[0].startswith("<urn:uuid:")
    assert [r["url"] for r in records] == ["https://sahil.example/port", "https://sahil.example/souq"]
    assert records[1]["date"] == "2024-05-01T10:00:00Z"
    assert "بلدية السنديان تطلق" in records[0]["html"]
    assert "منى العطار" in records[1]["html"]  # Windows-1256 page decoded by its meta charset
    assert sorted(s.reason for s in skipped) == [
        "HTTP status 4xx", "WARC request record", "WARC warcinfo record", "non-HTML response (image/png)",
    ]


def test_warc_records_go_through_trafilatura(tmp_path: Path) -> None:
    from khabar.pipeline import process_record

    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gz=True)
    record = next(i for i in read_warc(path) if isinstance(i, Record))
    out = process_record(record)
    assert out["id"] == record["id"] and out["meta"]["url"] == "https://sahil.example/port"
    assert out["meta"]["date"].startswith("2024-04-09")
    assert "الرئيسية" not in out["text"]  # the menu is not the article
    assert any(q["speaker"]["name"] == "سامر الحداد" for q in out["quotes"])


def test_broken_archives_are_failures_not_exceptions(tmp_path: Path) -> None:
    good = tmp_path / "crawl.warc.gz"
    write_warc(good, gz=True)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(good.read_bytes()[: len(good.read_bytes()) - 200])
    items = list(read_warc(cut))
    assert isinstance(items[-1], ReadFailure) and items[-1].source.startswith(f"{cut}#6 <urn:uuid:")
    assert "truncated" in items[-1].reason
    junk = tmp_path / "junk.warc"
    junk.write_bytes("ليس أرشيفاً".encode("utf-8") * 10)
    assert [type(i) for i in read_warc(junk)] == [ReadFailure]
    assert [type(i) for i in read_warc(tmp_path / "absent.warc")] == [ReadFailure]
