"""docs/reliability.md is checked like code: every test it names exists, so the table cannot quietly point
at a test that was renamed or removed."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def test_every_test_the_reliability_table_names_exists() -> None:
    named: list[tuple[str, str]] = []
    for cell in re.findall(r"`([^`]*)`", DOC):
        current = None
        for file, name in re.findall(r"(?:(test_[a-z_]+\.py))?::(test_[a-z0-9_]+)", cell):
            current = file or current
            named.append((current, name))
        for file in re.findall(r"(test_[a-z_]+\.py)(?!::)", cell):
            named.append((file, ""))
    assert len(named) >= 30, named
    missing = []
    last_file = None
    for file, name in named:
        file = file or last_file
        last_file = file
        path = ROOT / "tests" / file
        if not path.is_file():
            missing.append(file)
            continue
        if name and not any(t == name or (name.endswith("_") and t.startswith(name)) for t in _tests_in(path)):
            missing.append(f"{file}::{name}")
    assert not missing, missing
