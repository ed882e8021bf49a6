"""The top-level door: `khabar --version`, and a `--help` that names every command and shows real examples."""
from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys

import pytest

import khabar
from khabar.cli import build_parser, main, version


def _commands() -> dict[str, str]:
    action = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    return {choice.dest: choice.help for choice in action._get_subactions()}


def test_version_prints_the_installed_version(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"khabar {importlib.metadata.version('khabar')}\n"


def test_version_falls_back_to_the_package_when_not_installed(monkeypatch) -> None:
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert version() == khabar.__version__


def test_python_dash_m_runs_the_same_door() -> None:
    """The benchmarks and several tests spawn `python -m khabar.cli`."""
    out = subprocess.run([sys.executable, "-m", "khabar.cli", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("khabar ")


def test_help_names_every_command_with_its_summary(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    commands = _commands()
    assert {"extract", "ingest", "search", "serve", "demo", "batch", "eval", "bench", "bench-web"} <= set(commands)
    for name, summary in commands.items():
        assert re.search(rf"^  {re.escape(name)}\b", text, re.M), name
        assert summary.split()[0] in text, name
    assert text.startswith("usage: khabar [-h] [--version] COMMAND ...")
    assert "Arabic news" in text and "--version" in text


def test_help_examples_use_real_commands(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    examples = capsys.readouterr().out.split("examples:", 1)[1]
    used = re.findall(r"^  khabar ([a-z-]+)", examples, re.M)
    assert len(used) >= 2 and set(used) <= set(_commands()), used


def test_no_command_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main([])
    assert done.value.code == 2
    assert "usage: khabar" in capsys.readouterr().err
