"""The sources report: the corpus figures of `khabar.store.sources` drawn as charts beside their tables, as
one self-contained offline HTML page or a folder of PNGs (`khabar report`). Needs the `report` extra."""
from khabar.report.page import write_html, write_pngs

__all__ = ["write_html", "write_pngs"]
