"""The quality gate's floors only go up, and a figure below a floor fails the check."""
from __future__ import annotations

import json

from khabar.eval import gate


def test_raise_moves_floors_up_and_never_down(tmp_path) -> None:
    path = tmp_path / "floors.json"
    gate.raise_floors({"f1": 0.80, "speaker_full": 0.5, "speaker_any": 0.70, "end_to_end_f1": 0.60}, path)
    floors = gate.raise_floors({"f1": 0.75, "speaker_full": 0.6, "speaker_any": 0.90, "end_to_end_f1": 0.60}, path)
    assert floors["quotes_dev"] == {"f1": 0.80, "speaker_full": 0.6, "speaker_any": 0.90, "end_to_end_f1": 0.60}
    assert json.loads(path.read_text())["quotes_dev"]["f1"] == 0.80


def test_check_names_each_figure_below_its_floor() -> None:
    floors = {"quotes_dev": {"f1": 0.9, "speaker_any": 0.8}}
    result = gate.check({"f1": 0.85, "speaker_any": 0.95}, floors)
    assert not result.ok
    assert len(result.failures) == 1 and result.failures[0].startswith("f1 0.8500 is below its floor 0.9000")
    assert gate.check({"f1": 0.9, "speaker_any": 0.8}, floors).ok


def test_committed_floors_cover_the_gated_figures() -> None:
    floors = gate.load_floors()
    assert set(floors["quotes_dev"]) == set(gate.GATED)
    assert all(0 < v <= 1 for v in floors["quotes_dev"].values())


def test_gate_is_skipped_with_a_message_without_shared(monkeypatch, tmp_path, capsys) -> None:
    from khabar.cli import main

    monkeypatch.setenv("KHABAR_SHARED", str(tmp_path / "nowhere"))
    assert main(["gate"]) == 0
    assert "quality gate skipped" in capsys.readouterr().err
