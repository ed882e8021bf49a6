"""Readers for the column NER corpora we train and measure on, all mapped to one tag set.

The three corpora disagree on names (PERS/PER, MISC/MIS0..3) and on structure (Wojood is nested, one
column per layer), so everything downstream sees flat BIO over PER, ORG, LOC and MISC only. A reader that
silently skipped bad lines would quietly change a reported score, hence an `InputError` naming the line.
"""
from __future__ import annotations

import re
from pathlib import Path

from khabar.errors import InputError

TYPES = ("PER", "ORG", "LOC", "MISC")
FORMATS = ("anercorp", "aqmar", "wojood")

Sentence = tuple[list[str], list[str]]

_TAG = re.compile(r"^([BI])-([A-Za-z]+)$")
_ANER_TYPES = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
_WOJOOD_TYPES = {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
_WOJOOD_ONLY = {"GPE", "FAC", "NORP", "OCC", "EVENT", "DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT",
                "QUANTITY", "UNIT", "MONEY", "CURR", "LANGUAGE", "WEBSITE", "LAW", "PRODUCT"}
# AQMAR's article-specific miscellany classes and its known typos (see its PROVENANCE.md).
_AQMAR_TAG = re.compile(r"^([BI])-+([A-Za-z]+?)(?:-?\d+`?)?$")
_AQMAR_TYPES = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MIS": "MISC", "MISS": "MISC",
                "ENGLISH": "MISC", "SPANISH": "MISC"}


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".txt")
        if not files:
            raise InputError(str(path), "folder holds no .txt files")
        return files
    if not path.is_file():
        raise InputError(str(path), "no such file")
    return [path]


def detect_format(path: str | Path) -> str:
    """Guess the corpus format from its tags: extra columns or Wojood-only types mean Wojood, PER/MIS AQMAR."""
    aner = aqmar = False
    for file in _files(Path(path)):
        with open(file, encoding="utf-8-sig", errors="replace") as fh:
            for n, line in enumerate(fh):
                parts = line.split()
                if len(parts) > 2:
                    return "wojood"
                if len(parts) == 2:
                    typ = parts[1].partition("-")[2]
                    if typ in _WOJOOD_ONLY:
                        return "wojood"
                    aner = aner or typ in ("PERS", "MISC")
                    aqmar = aqmar or typ == "PER" or typ.startswith("MIS") and typ != "MISC"
                if n > 20000:
                    break
    return "aqmar" if aqmar and not aner else "anercorp"


def _map_tag(tag: str, fmt: str, where: str) -> str:
    if tag == "O":
        return "O"
    if fmt == "aqmar":
        if tag in ("OO", "IO"):  # known noise in AQMAR; both sit on plain words
            return "O"
        m = _AQMAR_TAG.match(tag)
        typ = _AQMAR_TYPES.get(m.group(2).upper()) if m else None
        if typ is None and m and m.group(2).upper().startswith("MIS"):
            typ = "MISC"
    else:
        m = _TAG.match(tag)
        table = _WOJOOD_TYPES if fmt == "wojood" else _ANER_TYPES
        if m is None:
            raise InputError(where, f"bad tag {tag!r} (want O, B-TYPE or I-TYPE)")
        typ = table.get(m.group(2))
        if typ is None:
            if fmt == "wojood":
                return "O"  # Wojood's other 18 types are outside our tag set
            raise InputError(where, f"unknown entity type in tag {tag!r}")
    if m is None or typ is None:
        raise InputError(where, f"bad tag {tag!r}")
    return f"{m.group(1)}-{typ}"


def repair_bio(tags: list[str]) -> list[str]:
    """Turn an I- that does not continue an entity of its own type into a B-, as conlleval reads it."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def _read_file(file: Path, fmt: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    try:
        fh = open(file, encoding="utf-8-sig")
        lines = list(fh)
        fh.close()
    except UnicodeDecodeError as exc:
        raise InputError(str(file), f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(str(file), exc.strerror or "unreadable") from None
    for lineno, line in enumerate(lines, 1):
        parts = line.split()
        where = f"{file}:{lineno}"
        if not parts:
            if tokens:
                sentences.append((tokens, repair_bio(tags)))
                tokens, tags = [], []
            continue
        if len(parts) < 2:
            raise InputError(where, f"expected 'token tag', got {line.strip()!r}")
        if fmt != "wojood" and len(parts) > 2:
            raise InputError(where, f"expected 2 columns for {fmt}, got {len(parts)}")
        tag = "O"
        # Wojood lists a token's tags outermost first; the flat view keeps the outermost one we map.
        for raw in parts[1:]:
            tag = _map_tag(raw, fmt, where)
            if tag != "O":
                break
        tokens.append(parts[0])
        tags.append(tag)
    if tokens:
        sentences.append((tokens, repair_bio(tags)))
    return sentences


def read_conll(path: str | Path, fmt: str = "auto") -> list[Sentence]:
    """Read a column NER file (or a folder of them) as `(tokens, BIO tags)` sentences over PER/ORG/LOC/MISC.

    `fmt` is `anercorp`, `aqmar`, `wojood` or `auto`.
    """
    path = Path(path)
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt not in FORMATS:
        raise InputError(str(path), f"unknown format {fmt!r} (choose from {', '.join(FORMATS)} or auto)")
    out: list[Sentence] = []
    for file in _files(path):
        out.extend(_read_file(file, fmt))
    return out

