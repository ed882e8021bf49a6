"""khabar ships its types (`py.typed`): a user's script that calls `khabar.extract` passes `mypy --strict`,
and mypy sees khabar's real types — a misuse of them is reported, not waved through as `Any`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy")

USER_SCRIPT = '''
from khabar import Article, Options, extract
from khabar.article import QuoteKind


def speakers(text: str) -> list[tuple[str, QuoteKind]]:
    article: Article = extract(text, options=Options(min_confidence=0.5))
    out: list[tuple[str, QuoteKind]] = []
    for quote in article.quotes:
        if quote.speaker is not None:
            out.append((quote.speaker.name, quote.kind))
    return out


print(speakers("قال رئيس بلدية السنديان سامر الحداد إن «العمل سيبدأ في الربيع»."))
'''

MISUSE = '''
from khabar import extract

article = extract("قال المدير: «نعم».")
count: int = article.text
print([q for q in article.quotes if q.kind == "quoted"])
'''


def _mypy(folder: Path, source: str) -> subprocess.CompletedProcess[str]:
    (folder / "script.py").write_text(source, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir",
                           str(folder / ".cache"), "script.py"], cwd=folder, capture_output=True, text=True,
                          timeout=600, check=False)


def test_a_user_script_passes_mypy_strict(tmp_path: Path) -> None:
    done = _mypy(tmp_path, USER_SCRIPT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_sees_khabars_types(tmp_path: Path) -> None:
    done = _mypy(tmp_path, MISUSE)
    assert done.returncode == 1
    assert 'Incompatible types in assignment (expression has type "str", variable has type "int")' in done.stdout
    assert "Non-overlapping equality check" in done.stdout and "quoted" in done.stdout
