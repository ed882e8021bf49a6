"""What the pipeline keeps between articles, by cache: how full each is and its bound, so a long run's
memory can be explained (`python -m khabar.bench.caches`, or `cache_sizes()` after analysing a corpus).

Every functools cache of khabar's modules is listed with its entries and `maxsize` (None: unbounded, which
is only right for a cache over a fixed set of keys, such as a data file's name), and the NER word readers
with their words and limit.
"""
from __future__ import annotations

import sys
from typing import Any


def cache_sizes() -> dict[str, dict[str, Any]]:
    """`{"module.function": {"entries": n, "maxsize": m}}` for every cache of a loaded khabar module."""
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(m for m in sys.modules if m == "khabar" or m.startswith("khabar.")):
        module = sys.modules[name]
        for attr, obj in sorted(vars(module).items()):
            info = getattr(obj, "cache_info", None)
            if callable(info) and getattr(obj, "__module__", None) == name:
                ci = info()
                out[f"{name}.{attr}"] = {"entries": ci.currsize, "maxsize": ci.maxsize}
    features = sys.modules.get("khabar.entities.ner.crf.features")
    if features is not None:  # one reader per loaded NER model, and the plain one
        import gc

        readers = [o for o in gc.get_objects() if isinstance(o, features.WordReader)]
        for i, reader in enumerate(sorted(readers, key=lambda r: -len(r._cache))):
            out[f"khabar.entities.ner.crf.features.WordReader#{i}"] = {
                "entries": len(reader._cache), "maxsize": features._CACHE_LIMIT}
    return out


if __name__ == "__main__":
    import json

    from khabar.bench.hard import SHAPES
    from khabar.pipeline import extract

    for shape in SHAPES.values():
        extract(shape(200))
    print(json.dumps(cache_sizes(), indent=1))
