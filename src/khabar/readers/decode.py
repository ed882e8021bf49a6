"""Bytes to text for files whose encoding nobody declared.

Arabic news still circulates as Windows-1256 and ISO-8859-6 exports next to UTF-8 and UTF-16 from Word.
A BOM is trusted first because it is unambiguous; strict UTF-8 next because legacy 8-bit Arabic almost never
happens to be valid UTF-8; only then is a detector asked, and it is asked about the Arabic code pages
first so that a short Windows-1256 snippet is not read as Japanese or Cyrillic.
"""
from __future__ import annotations

import codecs
import re
from typing import Any

BINARY_REASON = "binary or undecodable"

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ARABIC_CODEPAGES = ["cp1256", "iso8859_6"]
# C0/C1 controls other than ordinary whitespace: text files have almost none, binary files many.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we accept."""


# Files people point khabar at by mistake, named so the message says what the file is, not only what it
# is not. Compressed streams are not here: `decompressed` opens them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document, not text (extract its text first, e.g. with pdftotext)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF87a", "a GIF image, not text"),
    (b"GIF89a", "a GIF image, not text"),
    (b"PK\x03\x04", "a ZIP archive (Word, Excel or EPUB files are ZIP archives), not text"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document, not text"),
    (b"\x7fELF", "an executable, not text"),
    (b"SQLite format 3\x00", "an SQLite database, not text"),
)
_COMPRESSED: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)
# A compressed file is opened whole in memory; past this size it is refused rather than risk a zip bomb.
MAX_DECOMPRESSED = 256 * 1024 * 1024


def what_binary(data: bytes) -> str | None:
    """What a known non-text file is ("a PDF document, not text"), from its first bytes; else None."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        return "a WebP image, not text"
    return None


def compression_of(data: bytes) -> str | None:
    """`gzip`, `bzip2`, `xz` or `zstd` when `data` starts like such a stream."""
    for magic, name in _COMPRESSED:
        if data.startswith(magic):
            return name
    return None


def open_compressed(fh: Any, method: str) -> Any:
    """A binary stream reading the content of a gzip, bzip2 or xz stream `fh`, decompressed as it is read."""
    import bz2
    import gzip
    import lzma

    if method == "gzip":
        return gzip.GzipFile(fileobj=fh)
    if method == "bzip2":
        return bz2.BZ2File(fh)
    if method == "xz":
        return lzma.LZMAFile(fh)
    raise ValueError(f"no stream reader for {method}")


def decompressed(data: bytes, limit: int = MAX_DECOMPRESSED) -> tuple[bytes, str | None]:
    """`(content, method)`: the bytes inside a gzip/bzip2/xz/zstd stream whatever the file is called, or the
    bytes unchanged with `None`; raises `UndecodableError` for a broken or oversized stream."""
    method = compression_of(data)
    if method is None:
        return data, None
    try:
        if method == "zstd":
            try:
                import zstandard
            except ImportError:
                raise UndecodableError("zstd-compressed; install khabar[zstd] to read it") from None
            reader = zstandard.ZstdDecompressor().stream_reader(data)
        else:
            import io

            reader = open_compressed(io.BytesIO(data), method)
        out = reader.read(limit + 1)
    except UndecodableError:
        raise
    except Exception as exc:  # EOFError, OSError, zstd errors: a truncated or corrupt stream
        raise UndecodableError(f"{method}-compressed but broken ({type(exc).__name__}: {exc})") from None
    if len(out) > limit:
        raise UndecodableError(f"{method}-compressed content is over {limit // (1024 * 1024)} MB")
    return out, method


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    return len(_CONTROL.findall(text)) > max(2, len(text) // 100)


def _mostly_arabic(text: str) -> bool:
    letters = len(_LETTER.findall(text))
    return letters > 0 and len(_ARABIC_LETTER.findall(text)) * 2 >= letters


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return `(text, encoding)`; raise `UndecodableError` for binary or unreadable bytes.

    `encoding` is what was used: `utf-8`, `utf-16-le`, `windows-1256`, ... or `utf-8+windows-1256` for a
    file whose lines were saved in two encodings (each line is decoded on its own then).
    """
    what = what_binary(data)
    if what:
        raise UndecodableError(what)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UndecodableError(BINARY_REASON) from exc
            text = text.lstrip("\ufeff")
            if _looks_binary(text):
                raise UndecodableError(BINARY_REASON)
            return text, encoding.replace("-sig", "")
    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found is None:
            raise UndecodableError(BINARY_REASON)
        return found
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = _mixed_lines(data) or _detect(data)
    else:
        encoding = "utf-8"
    if _looks_binary(text):
        raise UndecodableError(BINARY_REASON)
    return text, encoding


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    arabic = from_bytes(data, cp_isolation=_ARABIC_CODEPAGES).best()
    if arabic is not None and _mostly_arabic(str(arabic)):
        return str(arabic), arabic.encoding
    anything = from_bytes(data).best()
    if anything is not None:
        return str(anything), anything.encoding
    if arabic is not None:
        return str(arabic), arabic.encoding
    raise UndecodableError(BINARY_REASON)


_PLAIN = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\u0020-\u007e\u00a0-\u024f"
                    r"\u2000-\u206f\s]")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a BOM (some Windows tools do): the zero high bytes of spaces and ASCII
    punctuation fall on one side; accept the reading only if it is nearly all ordinary text."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:16384]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    for encoding in order:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and len(_PLAIN.findall(text)) >= 0.97 * len(text) and not _looks_binary(text):
            return text, encoding
    return None


def _mixed_lines(data: bytes) -> tuple[str, str] | None:
    """A file that is UTF-8 except for some lines (two exports concatenated, a legacy line pasted in): each
    line is decoded on its own, the non-UTF-8 ones with the code page detected from them all together."""
    lines = data.split(b"\n")
    bad = []
    utf8_non_ascii = False
    for i, line in enumerate(lines):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(i)
        else:
            utf8_non_ascii = utf8_non_ascii or not line.isascii()
    if not utf8_non_ascii or not bad:
        return None  # all legacy (or all UTF-8): decode the file as one
    try:
        _, legacy = _detect(b"\n".join(lines[i] for i in bad))
    except UndecodableError:
        return None
    out = []
    bad_set = set(bad)
    for i, line in enumerate(lines):
        out.append(line.decode(legacy, errors="strict") if i in bad_set else line.decode("utf-8"))
    return "\n".join(out), f"utf-8+{legacy}"


def decode_line(raw: bytes, first: bool = False) -> tuple[str, str]:
    """One line of a line-oriented file (JSONL): UTF-8 as the format says, else its legacy code page;
    raises `UndecodableError` when it is neither."""
    try:
        return raw.decode("utf-8-sig" if first else "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw or what_binary(raw):
        raise UndecodableError("line is not UTF-8 and not text in an Arabic code page")
    text, encoding = _detect(raw)
    if _looks_binary(text) or not _mostly_arabic(text):
        raise UndecodableError("line is not UTF-8 and not text in an Arabic code page")
    return text, encoding
