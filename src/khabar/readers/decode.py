"""Bytes to text for files whose encoding nobody declared.

Arabic news still circulates as Windows-1256 and ISO-8859-6 exports next to UTF-8 and UTF-16 from Word.
A BOM is trusted first because it is unambiguous; strict UTF-8 next because legacy 8-bit Arabic almost never
happens to be valid UTF-8; only then is a detector asked, and it is asked about the Arabic code pages
first so that a short Windows-1256 snippet is not read as Japanese or Cyrillic.
"""
from __future__ import annotations

import codecs
import re

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


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    return len(_CONTROL.findall(text)) > max(2, len(text) // 100)


def _mostly_arabic(text: str) -> bool:
    letters = len(_LETTER.findall(text))
    return letters > 0 and len(_ARABIC_LETTER.findall(text)) * 2 >= letters


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return `(text, encoding)`; raise `UndecodableError` for binary or unreadable bytes."""
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
        raise UndecodableError(BINARY_REASON)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = _detect(data)
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
