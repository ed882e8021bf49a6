"""The README is checked like code: its commands exist and its library example does what it says."""
from __future__ import annotations

import re
from pathlib import Path

from khabar.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _subcommands() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return set(action.choices)


def test_every_command_in_the_readme_exists() -> None:
    named = set(re.findall(r"`khabar ([a-z][a-z-]+)", README))
    assert named, "README names no commands"
    assert named <= _subcommands(), named - _subcommands()


def test_the_two_fresh_machine_commands_are_stated() -> None:
    assert "pip install -e . && .venv/bin/khabar extract examples/port-expansion.txt" in README
    assert "pip install -e '.[test]' && .venv/bin/python -m pytest" in README
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test]'" in ci and "-m pytest" in ci


def test_library_example_runs_and_says_true(capsys) -> None:
    block = re.search(r"```python\n(.*?)```", README, re.S)
    assert block is not None
    exec(compile(block.group(1), "README.md", "exec"), {})
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("سامر الحداد direct سنبدأ الأعمال")
