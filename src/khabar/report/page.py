"""The report as one self-contained HTML page (charts as inline SVG data, tables beside them, no script and
nothing fetched) or as a folder of PNGs for slides."""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

from khabar.report.charts import CHARTS, GENDER_NAMES, KIND_NAMES, ROLE_NAMES, TYPE_NAMES
from khabar.store.sources import Figures

COLUMN_NAMES = {
    "gender": "الجنس", "quotations": "الاقتباسات", "share_of_quotations": "نسبة الاقتباسات", "speakers": "المتحدثون",
    "share_of_speakers": "نسبة المتحدثين", "kind": "نوع المتحدث", "group": "الفئة", "type": "نوع التصريح",
    "speaker": "المتحدث", "outlet": "المنبر", "women": "نساء", "men": "رجال", "share_of_women": "نسبة النساء",
    "month": "الشهر",
}
VALUE_NAMES = {"gender": GENDER_NAMES, "kind": KIND_NAMES, "group": ROLE_NAMES, "type": TYPE_NAMES}
FILTER_NAMES = {"source": "المنبر", "since": "من", "until": "إلى", "entity": "الكيان", "query": "كلمات الموضوع",
                "speaker": "المتحدث", "kind": "نوع الاقتباس", "statement_type": "نوع التصريح", "gender": "الجنس"}
# tables shown without a chart of their own
EXTRA_TABLES = (("speaker_kind", "المتحدثون حسب النوع"), ("role_group", "المتحدثون حسب الصفة"),
                ("statement_type", "أنواع التصريحات"), ("top_women", "أكثر النساء اقتباسًا"),
                ("top_men", "أكثر الرجال اقتباسًا"))

CSS = """body{font-family:"Noto Naskh Arabic","Segoe UI",Tahoma,sans-serif;margin:2em auto;max-width:1200px;
color:#222;padding:0 1em}h1{margin-bottom:.2em}.meta{color:#555}section{display:flex;flex-wrap:wrap;gap:1.5em;
align-items:flex-start;border-top:1px solid #ddd;padding:1em 0}section img{max-width:640px;width:100%}
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}
th{background:#f3f3f3}td.n{direction:ltr;text-align:left}"""


def _cell(column: str, value: Any) -> str:
    if value is None:
        return '<td class="n">–</td>'
    if isinstance(value, float) and column.startswith("share"):
        return f'<td class="n">{value:.1%}</td>'
    if isinstance(value, (int, float)):
        return f'<td class="n">{value}</td>'
    shown = VALUE_NAMES.get(column, {}).get(value, value)
    return f"<td>{html.escape(str(shown))}</td>"


def table_html(fig: Figures, name: str) -> str:
    t = fig.tables[name]
    head = "".join(f"<th>{html.escape(COLUMN_NAMES.get(c, c))}</th>" for c in t.columns)
    body = "".join("<tr>" + "".join(_cell(c, v) for c, v in zip(t.columns, row)) + "</tr>" for row in t.rows)
    return f'<table data-table="{name}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _svg(chart: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    chart.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(chart)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def corpus_line(fig: Figures) -> str:
    """The corpus size and the filters the figures were made from, as one line of HTML."""
    filters = "، ".join(f"{FILTER_NAMES.get(k, k)}: {v}" for k, v in fig.filters.items()) or "بلا تصفية"
    return (f'<p class="meta" data-corpus="{fig.articles} {fig.quotations} {fig.speakers}">{fig.articles} مقالًا، '
            f"{fig.quotations} اقتباسًا، {fig.speakers} متحدثًا — {html.escape(filters)}</p>")


def sections_html(fig: Figures, charts: bool = True) -> str:
    """Each chart beside its table, then the tables without a chart; `charts=False` gives the tables alone
    (a web app installed without the report extra)."""
    parts = []
    for stem, title, draw, table in CHARTS:
        img = ""
        if charts:
            chart = draw(fig)
            img = (f'<img alt="{html.escape(title)}" src="data:image/svg+xml;base64,{_svg(chart)}">'
                   if chart is not None else "<p>لا بيانات</p>")
        parts.append(f'<section id="{stem}"><div><h2>{html.escape(title)}</h2>{img}</div>{table_html(fig, table)}</section>')
    for name, title in EXTRA_TABLES:
        parts.append(f'<section id="{name}"><div><h2>{html.escape(title)}</h2>{table_html(fig, name)}</div></section>')
    return "\n".join(parts)


def render_html(fig: Figures) -> str:
    """The page: title, the filter and the corpus size, then each chart beside its table."""
    return "\n".join([
        '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>المصادر: من يُقتبس عنه</title><style>{CSS}</style></head><body>",
        "<h1>المصادر: من يُقتبس عنه</h1>",
        corpus_line(fig),
        sections_html(fig),
        '<p class="meta">صنعه khabar report من مخزن المقالات؛ كل رقم عدٌّ للاقتباسات المخزنة.</p></body></html>',
    ])


def write_html(fig: Figures, out: str | Path) -> Path:
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(fig), encoding="utf-8")
    return path


def write_pngs(fig: Figures, folder: str | Path, dpi: int = 150) -> list[Path]:
    """One PNG per chart the corpus gives something to draw, named after the chart."""
    import matplotlib.pyplot as plt

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, _, draw, _ in CHARTS:
        chart = draw(fig)
        if chart is None:
            continue
        path = target / f"{stem}.png"
        chart.savefig(path, format="png", dpi=dpi, metadata={"Software": None})
        plt.close(chart)
        written.append(path)
    return written
