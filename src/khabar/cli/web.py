"""`khabar serve` and `khabar demo`: argument parsing over `khabar.web`."""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from khabar.errors import KhabarError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="the web app and JSON API over a corpus store (read-only)")
    p.add_argument("--db", default="khabar.db", help="the SQLite store (default khabar.db)")
    _net(p)
    p.add_argument("--allow-remote", action="store_true",
                   help="allow binding to a host other than loopback (the app has no authentication)")
    from khabar.cli.console import add_budget_argument
    from khabar.web.limits import MAX_SECONDS

    add_budget_argument(p, default=MAX_SECONDS)
    p.set_defaults(func=run_serve)

    d = sub.add_parser("demo", help="ingest the bundled demo corpus into a fresh temporary store and serve it")
    _net(d)
    d.add_argument("--no-serve", action="store_true", help="ingest, print the store's path and exit")
    d.set_defaults(func=run_demo, allow_remote=False)


def _net(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="uvicorn worker processes sharing the port (default 1); each opens the store read-only")


def _serve(db: Path, args: argparse.Namespace) -> int:
    from khabar.web.app import is_loopback

    if not is_loopback(args.host) and not args.allow_remote:
        raise KhabarError(f"refusing to bind to {args.host}: not a loopback address; pass --allow-remote "
                          "to serve the corpus to other machines (there is no authentication)")
    import uvicorn

    from khabar.web import create_app
    from khabar.web.limits import MAX_SECONDS

    workers = getattr(args, "workers", 1)
    if workers < 1:
        raise KhabarError(f"--workers must be at least 1, not {workers}")
    max_seconds = getattr(args, "max_seconds", MAX_SECONDS)
    app = create_app(db, read_only=True, max_seconds=max_seconds)  # checks the store and the budget here, once
    print(f"khabar: serving {db} on http://{args.host}:{args.port}/ with {workers} worker(s)  "
          "(API docs at /docs; Ctrl-C to stop)", file=sys.stderr)
    if workers == 1:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return 0
    import os

    from khabar.web import serving

    # each worker process builds its own app from these (uvicorn passes workers an import path only)
    os.environ[serving.DB] = str(Path(db).resolve())
    os.environ[serving.MAX_SECONDS] = repr(float(max_seconds))
    uvicorn.run(serving.FACTORY, factory=True, host=args.host, port=args.port, workers=workers,
                log_level="warning")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    db = Path(args.db)
    if not db.exists():
        raise KhabarError(f"{db}: no such store (run `khabar ingest FILES --db {db}` or `khabar demo`)")
    return _serve(db, args)


DEMO = Path(__file__).resolve().parents[1] / "web" / "demo" / "articles.jsonl"


def build_demo(folder: str | Path) -> Path:
    """Ingest the bundled demo corpus into `folder`/demo.db; returns the store's path."""
    from khabar.store import connect, ingest_paths, refresh_derived

    db = Path(folder) / "demo.db"
    conn = connect(db)
    try:
        stats = ingest_paths(conn, [str(DEMO)])
        if stats.to_dict().get("failed"):
            raise KhabarError(f"{DEMO}: the demo corpus did not ingest cleanly ({stats.to_dict()})")
        refresh_derived(conn)
    finally:
        conn.close()
    return db


def run_demo(args: argparse.Namespace) -> int:
    import signal

    # uvicorn re-raises SIGTERM after shutting down; make it an exit so the temporary store is removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with tempfile.TemporaryDirectory(prefix="khabar-demo-") as tmp:
        db = build_demo(tmp)
        from khabar.store import connect
        from khabar.web.reads import counts

        conn = connect(db, create=False)
        c = counts(conn)
        conn.close()
        print(f"khabar: demo store {db}: {c['articles']} articles, {c['quotes']} quotations, "
              f"{c['speakers']} speakers", file=sys.stderr)
        if args.no_serve:
            return 0
        try:
            return _serve(db, args)
        except KeyboardInterrupt:
            return 0
