"""The one rule that matters most: data flows one way, and inner rooms never import outer ones."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "khabar"
INNER = ("article", "stage", "arabic", "text", "entities", "quotes")
OUTER = ("khabar.pipeline", "khabar.readers", "khabar.store", "khabar.batch", "khabar.web", "khabar.cli",
         "khabar.eval")


def _modules(room: str) -> list[Path]:
    path = PACKAGE / room
    return sorted(path.rglob("*.py")) if path.is_dir() else [PACKAGE / f"{room}.py"]


def _imports(path: Path, submodules: bool = False) -> set[str]:
    """Modules a file imports anywhere in it; with `submodules`, `from x import y` also counts as `x.y`
    (y may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            if submodules:
                out.update(f"{node.module}.{a.name}" for a in node.names)
    return out


def test_inner_rooms_never_import_outer_ones() -> None:
    offenders = []
    for room in INNER:
        for path in _modules(room):
            for name in _imports(path):
                if any(name == o or name.startswith(o + ".") or name.startswith(o + "_") for o in OUTER):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not offenders, offenders


def test_article_knows_nothing_else_in_khabar() -> None:
    names = _imports(PACKAGE / "article.py")
    assert not [n for n in names if n.startswith("khabar")], names


def test_arabic_imports_no_other_khabar_module() -> None:
    """Every room folds through `khabar.arabic`, so it must not lean on any of them."""
    offenders = [f"{path.relative_to(PACKAGE)} imports {name}" for path in _modules("arabic")
                 for name in _imports(path) if name.startswith("khabar") and not name.startswith("khabar.arabic")]
    assert _modules("arabic") and not offenders, offenders


def test_inference_never_imports_training_code() -> None:
    """Training, word-cluster learning, NER scoring and the corpus readers live in `entities/training/`;
    nothing the pipeline runs may import them (the CLI's train-ner/eval-ner handlers do, lazily)."""
    training = PACKAGE / "entities" / "training"
    offenders = []
    for room in INNER + ("pipeline",):
        for path in _modules(room):
            if training in path.parents:
                continue
            for name in _imports(path):
                if name == "khabar.entities.training" or name.startswith("khabar.entities.training."):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not offenders, offenders


def test_importing_khabar_is_light() -> None:
    """Models and heavy libraries load lazily, on first use, not at import."""
    code = ("import sys, khabar; heavy = [m for m in ('pycrfsuite', 'trafilatura', 'wordfreq', 'rich') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_import_loop_in_the_inner_rooms() -> None:
    """Counting imports inside functions too: a loop hidden by a function-level import is still a loop."""
    graph: dict[str, set[str]] = {}
    for room in INNER:
        for path in _modules(room):
            parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            graph[name] = {n for n in _imports(path, submodules=True) if n.startswith("khabar.")}
    loops: list[str] = []
    done: set[str] = set()

    def walk(node: str, trail: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in trail:
                loops.append(" -> ".join(trail[trail.index(nxt):] + [nxt]))
            elif nxt not in done:
                walk(nxt, trail + [nxt])
        done.add(node)

    for start in sorted(graph):
        if start not in done:
            walk(start, [start])
    assert not loops, sorted(set(loops))[:5]
