"""The quality gate: figures on a pinned gold set must never fall below committed floors.

Floors live in `quality/floors.json` at the repository root. `check` compares; `raise_floors` moves a
floor up to the figure just measured and refuses to move any down, so quality only ratchets upward.
Floors are per key: a figure without a floor is not held, so a newly gated figure is held once raised.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

GATED = ("f1", "speaker_full", "speaker_any", "end_to_end_f1", "speaker_gender", "channel", "via", "statement_type")


def find_shared() -> Path | None:
    """`../shared` beside the checkout (or $KHABAR_SHARED): where the gold sets and corpora live."""
    env = os.environ.get("KHABAR_SHARED")
    if env:
        return Path(env) if Path(env).is_dir() else None
    starts = [Path.cwd(), Path(__file__).resolve()]
    for start in starts:
        for parent in [start, *start.parents]:
            cand = parent / "shared"
            if (cand / "eval").is_dir():
                return cand
    return None


def repo_root() -> Path:
    return Path(__file__).resolve().parents[3]


def floors_path() -> Path:
    return repo_root() / "quality" / "floors.json"


def dev_files(shared: Path) -> list[Path]:
    return sorted((shared / "eval" / "dev").glob("*.jsonl"))


@dataclass
class GateResult:
    figures: dict
    floors: dict
    failures: list[str]

    @property
    def ok(self) -> bool:
        return not self.failures


def load_floors(path: Path | None = None) -> dict:
    path = path or floors_path()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _figure(figures: dict, key: str) -> float:
    """A figure the gold set cannot measure (None: no gold quotation has the field) counts as 0.0."""
    value = figures.get(key)
    return 0.0 if value is None else float(value)


def check(figures: dict, floors: dict) -> GateResult:
    failures = [
        f"{key} {_figure(figures, key):.4f} is below its floor {floor:.4f}"
        for key, floor in floors.get("quotes_dev", {}).items()
        if _figure(figures, key) < floor
    ]
    return GateResult(figures, floors, failures)


def raise_floors(figures: dict, path: Path | None = None) -> dict:
    """Move each gated floor up to today's figure; a floor never goes down."""
    path = path or floors_path()
    floors = load_floors(path)
    current = floors.setdefault("quotes_dev", {})
    for key in GATED:
        value = round(_figure(figures, key), 4)
        if value > current.get(key, 0.0):
            current[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return floors
