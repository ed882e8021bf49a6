"""Generate the gazetteer's CLDR place list (`entities/data/cldr_places.txt`) from babel.

Run by hand when CLDR should be refreshed, never while tagging: the list is data, so the model's features
do not change with the installed babel version.
"""
from __future__ import annotations

import re
from pathlib import Path


def cldr_places() -> list[str]:
    """Arabic names of countries, territories and time-zone cities from CLDR, cleaned of qualifiers."""
    from babel import Locale

    loc = Locale("ar")
    names: set[str] = set()
    for code, name in loc.territories.items():
        if code.isdigit() and code != "001":
            names.add(name)  # world regions such as أفريقيا are places too
        elif not code.isdigit():
            names.add(name)
    for zone in loc.time_zones.values():
        city = zone.get("city")
        if city:
            names.add(city)
    out: set[str] = set()
    for name in names:
        name = re.sub(r"\s*\(.*?\)\s*", " ", name).split(" - ")[0].strip()
        if name and len(name) > 1:
            out.add(name)
    return sorted(out)


def write_cldr_places(path: Path | None = None) -> Path:
    """Regenerate `entities/data/cldr_places.txt` from the installed babel."""
    import babel

    path = path or Path(__file__).resolve().parents[1] / "data" / "cldr_places.txt"
    header = (f"# Generated from Unicode CLDR via babel {babel.__version__} (Locale('ar') territories and "
              "time-zone exemplar cities).\n# Unicode License v3; regenerate with "
              "`python -m khabar.entities.training.cldr`.\n")
    path.write_text(header + "\n".join(cldr_places()) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_cldr_places())
