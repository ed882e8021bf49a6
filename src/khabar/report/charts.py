"""The report's charts, drawn by matplotlib with Arabic labels made legible.

A matplotlib built with libraqm (3.11 on) joins Arabic letters and orders them right to left itself, and
is given labels as they are. An older one draws characters one by one, left to right: Arabic would come
out as isolated letters in the wrong order, so for it every label is reshaped to its joined presentation
forms (arabic-reshaper) and put in visual order (python-bidi) first. Doing both would reverse the labels
again (they read backwards, letters apart). The fonts matplotlib ships (DejaVu Sans) hold the Arabic
letters and their presentation forms, so nothing is fetched or looked up on the machine. Each chart is a function of one `Figures` and
returns a matplotlib figure, or None when the corpus gives it nothing to draw.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Any

from khabar.fields import QUOTE_FIELDS
from khabar.store.sources import Figures

FONT = "DejaVu Sans"  # ships with matplotlib and holds the Arabic presentation forms
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")

GENDER_NAMES = {"F": "نساء", "M": "رجال", "-": "غير محدد"}
KIND_NAMES = {"PER": "أشخاص", "ORG": "جهات", "DOC": "وثائق وبيانات", "ANON": "مصادر غير مسماة", "-": "غير محدد"}
ROLE_NAMES = {"officials": "مسؤولون", "security": "أمنيون وعسكريون", "experts": "خبراء", "citizens": "مواطنون",
              "activists": "ناشطون ونقابات", "media": "إعلاميون", "unnamed sources": "مصادر غير مسماة",
              "other": "غير ذلك"}
TYPE_NAMES = dict(next(f.values for f in QUOTE_FIELDS if f.name == "statement_type")) | {"-": "غير محدد"}
COLOURS = {"F": "#c2185b", "M": "#1565c0", "-": "#9e9e9e"}
TYPE_COLOURS = ["#607d8b", "#e53935", "#fb8c00", "#43a047", "#8e24aa", "#1e88e5", "#6d4c41", "#00897b", "#fdd835",
                "#bdbdbd"]


@cache
def _reshaper() -> Any:
    """A reshaper that makes only the ligatures the chart font can draw: «عبدالله» must not become the
    one-glyph ﷲ that DejaVu Sans lacks (it would be drawn as an empty box)."""
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.ligatures import LIGATURES
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    _plt()
    charmap = FT2Font(font_manager.findfont(FONT)).get_charmap()
    config = {name: all(ord(c) in charmap for form in forms for c in form)
              for name, (_, forms) in LIGATURES}
    return ArabicReshaper(configuration=config)


@cache
def lays_out_text() -> bool:
    """Whether this matplotlib joins and orders right-to-left text itself (built with libraqm)."""
    from matplotlib import ft2font

    return bool(getattr(ft2font, "__libraqm_version__", None))


def shaped(text: Any) -> str:
    """A label as matplotlib must be given it: as it is when matplotlib lays text out itself, else Arabic
    joined and in visual (right-to-left) order."""
    s = "" if text is None else str(text)
    if not _ARABIC.search(s) or lays_out_text():
        return s
    from bidi.algorithm import get_display

    return get_display(_reshaper().reshape(s))


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # no display, no GUI toolkit
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": FONT, "svg.hashsalt": "khabar", "axes.spines.top": False,
                         "axes.spines.right": False, "figure.dpi": 100})
    return plt


def _rows(fig: Figures, name: str) -> list[dict[str, Any]]:
    t = fig.tables[name]
    return [dict(zip(t.columns, r)) for r in t.rows]


def _hbar(labels: list[str], values: list[float], title: str, xlabel: str, colours: Any = "#1565c0",
          percent: bool = False) -> Any:
    plt = _plt()
    height = max(2.4, 0.42 * len(labels) + 1.2)
    f, ax = plt.subplots(figsize=(8, height))
    ys = list(range(len(labels)))[::-1]
    ax.barh(ys, values, color=colours)
    ax.set_yticks(ys, [shaped(x) for x in labels])
    ax.set_title(shaped(title))
    ax.set_xlabel(shaped(xlabel))
    for y, v in zip(ys, values):
        ax.text(v, y, f" {v:.0%}" if percent else f" {v:g}", va="center", fontsize=9)
    if percent:
        ax.set_xlim(0, max(1.0, max(values, default=0) * 1.15))
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    f.tight_layout()
    return f


def women_by_outlet(fig: Figures) -> Any:
    rows = [r for r in _rows(fig, "by_outlet") if r["share_of_women"] is not None][:20]
    if not rows:
        return None
    return _hbar([r["outlet"] for r in rows], [r["share_of_women"] for r in rows],
                 "نسبة النساء بين من عُرف جنسهم، حسب المنبر", "نسبة اقتباسات النساء", COLOURS["F"], percent=True)


def women_over_time(fig: Figures) -> Any:
    rows = [r for r in _rows(fig, "by_month") if r["share_of_women"] is not None and r["month"] != "-"]
    if not rows:
        return None
    plt = _plt()
    f, ax = plt.subplots(figsize=(8, 3.6))
    xs = list(range(len(rows)))
    ax.plot(xs, [r["share_of_women"] for r in rows], marker="o", color=COLOURS["F"])
    ax.set_xticks(xs, [r["month"] for r in rows], rotation=45 if len(rows) > 8 else 0)
    ax.set_ylim(0, max(0.5, max(r["share_of_women"] for r in rows) * 1.2))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_title(shaped("نسبة النساء بين المقتبَس عنهم، شهرًا بشهر"))
    f.tight_layout()
    return f


def gender_shares(fig: Figures) -> Any:
    rows = _rows(fig, "gender")
    if not fig.quotations:
        return None
    plt = _plt()
    f, ax = plt.subplots(figsize=(8, 2.6))
    bars = (("share_of_quotations", "الاقتباسات"), ("share_of_speakers", "المتحدثون"))
    for y, (col, name) in enumerate(bars[::-1]):
        left = 0.0
        for r in rows:
            v = r[col] or 0.0
            ax.barh(y, v, left=left, color=COLOURS[r["gender"]], label=shaped(GENDER_NAMES[r["gender"]]) if y == 0 else None)
            if v >= 0.06:
                ax.text(left + v / 2, y, f"{v:.0%}", ha="center", va="center", color="white", fontsize=9)
            left += v
    ax.set_yticks([0, 1], [shaped(n) for _, n in bars[::-1]])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_title(shaped("الاقتباسات والمتحدثون حسب الجنس"))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.55), ncol=3, frameon=False)
    f.tight_layout()
    return f


def types_by_kind(fig: Figures) -> Any:
    rows = _rows(fig, "type_by_kind")
    if not rows:
        return None
    kinds = sorted({r["kind"] for r in rows}, key=lambda k: list(KIND_NAMES).index(k) if k in KIND_NAMES else 99)
    types = [t for t in list(TYPE_NAMES) if any(r["type"] == t for r in rows)]
    count = {(r["kind"], r["type"]): r["quotations"] for r in rows}
    plt = _plt()
    f, ax = plt.subplots(figsize=(8, max(2.6, 0.6 * len(kinds) + 1.6)))
    ys = list(range(len(kinds)))[::-1]
    for i, t in enumerate(types):
        lefts = [sum(count.get((k, u), 0) for u in types[:i]) for k in kinds]
        ax.barh(ys, [count.get((k, t), 0) for k in kinds], left=lefts, color=TYPE_COLOURS[i % len(TYPE_COLOURS)],
                label=shaped(TYPE_NAMES.get(t, t)))
    ax.set_yticks(ys, [shaped(KIND_NAMES.get(k, k)) for k in kinds])
    ax.set_xlabel(shaped("عدد الاقتباسات"))
    ax.set_title(shaped("أنواع التصريحات حسب نوع المتحدث"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)
    f.tight_layout()
    return f


def top_speakers(fig: Figures) -> Any:
    rows = _rows(fig, "top_speakers")
    if not rows:
        return None
    return _hbar([r["speaker"] for r in rows], [r["quotations"] for r in rows], "الأكثر اقتباسًا",
                 "عدد الاقتباسات", [COLOURS.get(r["gender"], COLOURS["-"]) for r in rows])


def outlets_compared(fig: Figures) -> Any:
    rows = _rows(fig, "by_outlet")[:20]
    if not rows:
        return None
    plt = _plt()
    f, ax = plt.subplots(figsize=(8, max(2.6, 0.42 * len(rows) + 1.4)))
    ys = list(range(len(rows)))[::-1]
    parts = (("women", "F"), ("men", "M"), (None, "-"))
    lefts = [0] * len(rows)
    for col, g in parts:
        vals = [r[col] if col else r["quotations"] - r["women"] - r["men"] for r in rows]
        ax.barh(ys, vals, left=lefts, color=COLOURS[g], label=shaped(GENDER_NAMES[g]))
        lefts = [a + b for a, b in zip(lefts, vals)]
    ax.set_yticks(ys, [shaped(r["outlet"]) for r in rows])
    ax.set_xlabel(shaped("عدد الاقتباسات"))
    ax.set_title(shaped("المنابر: من تقتبس"))
    ax.legend(frameon=False, fontsize=9)
    f.tight_layout()
    return f


# (file stem, title, chart, the table shown beside it)
CHARTS = (
    ("gender", "الاقتباسات والمتحدثون حسب الجنس", gender_shares, "gender"),
    ("women_by_outlet", "نسبة النساء حسب المنبر", women_by_outlet, "by_outlet"),
    ("women_over_time", "نسبة النساء عبر الزمن", women_over_time, "by_month"),
    ("types_by_kind", "أنواع التصريحات حسب نوع المتحدث", types_by_kind, "type_by_kind"),
    ("top_speakers", "الأكثر اقتباسًا", top_speakers, "top_speakers"),
    ("outlets_compared", "المنابر مقارنةً", outlets_compared, "by_outlet"),
)
