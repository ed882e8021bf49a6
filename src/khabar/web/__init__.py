"""The web door: a FastAPI app (JSON API + server-rendered Arabic pages) over `store` and `pipeline`.

    from khabar.web import create_app
    app = create_app("khabar.db")          # read-only by default

FastAPI, Jinja2 and uvicorn are imported only here, never by the library.
"""
from __future__ import annotations

from typing import Any


def create_app(db_path: Any, read_only: bool = True, **settings: Any) -> Any:
    from khabar.web.app import create_app as _create

    return _create(db_path, read_only=read_only, **settings)


__all__ = ["create_app"]
