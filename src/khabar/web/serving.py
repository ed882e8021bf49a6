"""The app as uvicorn's worker processes build it: `khabar serve --workers N` starts N processes, each of
which imports this module and calls `app_from_env` (uvicorn can only hand a factory's import path to a
worker, not an app object), so the store and the time budget travel in the environment."""
from __future__ import annotations

import os

from fastapi import FastAPI

DB = "KHABAR_SERVE_DB"
MAX_SECONDS = "KHABAR_SERVE_MAX_SECONDS"
FACTORY = "khabar.web.serving:app_from_env"


def app_from_env() -> FastAPI:
    from khabar.web import create_app
    from khabar.web.limits import MAX_SECONDS as DEFAULT_SECONDS

    return create_app(os.environ[DB], read_only=True,
                      max_seconds=float(os.environ.get(MAX_SECONDS, DEFAULT_SECONDS)))
