"""What the pages call things, in Arabic, from one place (`web/data/labels.tsv`, `web/data/plurals.tsv`).

The store and the API keep their English values (direct, press conference, PER …) so scripts read them
unchanged; a reader of the pages sees Arabic. Counts agree with their noun by the CLDR plural rules for
Arabic through babel, so «10 مقالات» and «11 مقالة» come from the rules, not from a guess per number.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from datetime import date

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from khabar.datafiles import rows
from khabar.fields import QUOTE_FIELDS

_CATEGORIES = ("zero", "one", "two", "few", "many", "other")

# confidences at or above HIGH read «ثقة عالية», at or above SURE «ثقة متوسطة»; below SURE a quotation is
# «غير مؤكد» and the lists hide it unless the reader asks to see it
HIGH = 0.85
SURE = 0.7


@cache
def _labels() -> dict[tuple[str, str], str]:
    table = {(field, value): arabic for field, value, arabic in rows("khabar.web", "labels.tsv")}
    for f in QUOTE_FIELDS:  # a field that names its own values (statement_type) is read from its declaration
        for value, arabic in f.values:
            table.setdefault((f.name, value), arabic)
    return table


@cache
def _plurals() -> dict[str, dict[str, str]]:
    return {row[0]: dict(zip(_CATEGORIES, row[1:], strict=True)) for row in rows("khabar.web", "plurals.tsv")}


def label(field: str, value: Any) -> str:
    """The Arabic name of `value` of `field`; a value with none is shown as it is (an outlet's own name)."""
    if value is None or value == "":
        return ""
    return _labels().get((field, str(value)), str(value))


def number(n: int) -> str:
    """A count as the pages write it: Western digits grouped by thousands («1,673»)."""
    return format_decimal(n, locale="en")


def counted(n: int, noun: str) -> str:
    """`n` with `noun` in the form Arabic agreement asks for: «مقالة واحدة», «قولان», «10 مقالات»."""
    forms = _plurals().get(noun)
    if forms is None:
        raise KeyError(f"plurals.tsv has no noun {noun!r}")
    return forms[Locale("ar").plural_form(abs(n))].replace("{n}", number(n))


def sureness(confidence: float | None) -> str:
    """The confidence in words: a reader gets «ثقة عالية» rather than 0.9."""
    if confidence is None:
        return ""
    key = "high" if confidence >= HIGH else "middle" if confidence >= SURE else "low"
    return label("confidence", key)


def is_unsure(confidence: float | None) -> bool:
    return confidence is not None and confidence < SURE


def day(value: str | None) -> str:
    """An article's date as a reader says it, «2 مارس 2026»; a date that is not on the calendar as written."""
    if not value:
        return ""
    try:
        return format_date(date.fromisoformat(value[:10]), format="d MMMM y", locale="ar")
    except ValueError:
        return value


def month(value: str | None) -> str:
    """A month YYYY-MM as a reader says it, «مارس 2026»; anything else as written."""
    if not value:
        return ""
    try:
        return format_date(date.fromisoformat(value[:7] + "-01"), format="MMMM y", locale="ar")
    except ValueError:
        return value
