"""The one rule that matters most: data flows one way, and inner rooms never import outer ones."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "khabar"
INNER = ("article", "datafiles", "stage", "arabic", "text", "entities", "quotes")
OUTER = ("khabar.pipeline", "khabar.hashtagging", "khabar.readers", "khabar.store", "khabar.batch", "khabar.web",
         "khabar.cli", "khabar.eval", "khabar.bench", "khabar.report")


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


def _importing(prefix: str, paths: list[Path]) -> list[str]:
    return [f"{path.relative_to(PACKAGE)} imports {name}" for path in paths for name in sorted(_imports(path))
            if name == prefix or name.startswith(prefix + ".")]


def test_store_and_web_never_import_the_benchmarks() -> None:
    """Benchmarks and their synthetic corpus live in `bench/`; what is measured does not load them."""
    assert not _importing("khabar.bench", _modules("store") + _modules("web"))


def test_nothing_imports_the_cli() -> None:
    """The command line is the outermost door: the library, the web app and the benchmarks never call it."""
    paths = [p for p in sorted(PACKAGE.rglob("*.py")) if (PACKAGE / "cli") not in p.parents]
    assert paths and not _importing("khabar.cli", paths)


def test_command_groups_register_one_way_and_never_import_each_other() -> None:
    """Each `cli/` module but the package itself and `console` is one command group with one `register`."""
    groups = [p for p in sorted((PACKAGE / "cli").glob("*.py")) if p.stem not in ("__init__", "__main__", "console")]
    assert len(groups) >= 7, groups
    names = {f"khabar.cli.{p.stem}" for p in groups}
    for path in groups:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        registers = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "register"]
        assert len(registers) == 1 and [a.arg for a in registers[0].args.args] == ["sub"], path
        imported = set(_imports(path))
        imported |= {f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                     and n.module == "khabar.cli" for a in n.names}
        assert not imported & names, f"{path.name} imports {sorted(imported & names)}"


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


def test_the_architecture_page_names_every_room() -> None:
    """docs/architecture.md is the map of the house: a room added without a line there fails here."""
    page = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    rooms = sorted(p.name + ("/" if p.is_dir() else "") for p in PACKAGE.iterdir()
                   if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.stem != "__init__"))
    missing = [r for r in rooms if f"\n| `{r}` |" not in page]
    assert not missing, missing
