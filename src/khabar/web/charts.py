"""The speaker page's chart of quotations month by month, drawn by matplotlib (as the report's charts are,
with its Arabic shaping) into an SVG the page shows as an image: nothing fetched, no script, no SVG written
by hand. Needs the `report` extra; without it the page lists the months as a table instead."""
from __future__ import annotations

import base64
import io
from functools import cache


@cache
def can_draw() -> bool:
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in ("matplotlib", "arabic_reshaper", "bidi"))


def _months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (YYYY-MM), so a quiet month shows as a gap, not as nothing."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last and len(out) < 1200:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def months_svg(months: list[tuple[str, int]], title: str) -> str | None:
    """A bar per month (YYYY-MM, quotations) from the first to the last, as a base64 SVG for a data: URI;
    None when nothing is dated or matplotlib is not installed."""
    dated = [(m, n) for m, n in months if len(m) == 7 and m[:4].isdigit() and m[5:7].isdigit()]
    if not dated or not can_draw():
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from khabar.report.charts import FONT, shaped
    from khabar.web.words import month

    counts = dict(dated)
    axis = _months_between(dated[0][0], dated[-1][0])
    with plt.rc_context({"font.family": FONT, "svg.hashsalt": "khabar", "axes.spines.top": False,
                         "axes.spines.right": False, "figure.dpi": 100}):
        fig, ax = plt.subplots(figsize=(7.5, 2.6))
        xs = list(range(len(axis)))
        ax.bar(xs, [counts.get(m, 0) for m in axis], color="#0b6e4f", width=0.7)
        step = max(1, len(axis) // 12)
        ax.set_xticks(xs[::step], [shaped(month(m)) for m in axis[::step]], rotation=45 if len(axis) > 6 else 0,
                      fontsize=8)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel(shaped("الأقوال"))
        ax.set_title(shaped(title), fontsize=11)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
        plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")
