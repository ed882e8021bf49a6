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


def test_committed_floors_are_gated_figures_and_cover_the_headline_ones() -> None:
    floors = gate.load_floors()
    assert set(floors["quotes_dev"]) == set(gate.GATED)  # every gated figure has its floor, and only those
    assert all(0 < v <= 1 for v in floors["quotes_dev"].values())


def test_field_figures_are_gated_statement_type_included() -> None:
    assert {"speaker_gender", "channel", "via", "statement_type"} <= set(gate.GATED)


def test_floors_without_the_field_keys_still_pass_and_raise_adds_them(tmp_path) -> None:
    figures = {"f1": 0.9, "speaker_full": 0.8, "speaker_any": 0.9, "end_to_end_f1": 0.85,
               "speaker_gender": 0.95, "statement_type": 0.0, "channel": 0.7, "via": 0.6}
    old = {"quotes_dev": {"f1": 0.9, "speaker_full": 0.8, "speaker_any": 0.9, "end_to_end_f1": 0.85}}
    assert gate.check(figures, old).ok
    path = tmp_path / "floors.json"
    path.write_text(json.dumps(old))
    raised = gate.raise_floors(figures, path)["quotes_dev"]
    assert raised == {**old["quotes_dev"], "speaker_gender": 0.95, "channel": 0.7, "via": 0.6}
    assert not gate.check({**figures, "via": 0.55}, {"quotes_dev": raised}).ok


def test_a_field_the_gold_cannot_measure_counts_as_zero(tmp_path) -> None:
    """A gold set without the field gives None; raising skips it and a floor on it fails."""
    figures = {"f1": 0.9, "speaker_gender": None, "channel": None, "via": None}
    assert gate.raise_floors(figures, tmp_path / "floors.json")["quotes_dev"] == {"f1": 0.9}
    assert gate.check(figures, {"quotes_dev": {"f1": 0.9}}).ok
    result = gate.check(figures, {"quotes_dev": {"via": 0.5}})
    assert result.failures == ["via 0.0000 is below its floor 0.5000"]


def test_gate_is_skipped_with_a_message_without_shared(monkeypatch, tmp_path, capsys) -> None:
    from khabar.cli import main

    monkeypatch.setenv("KHABAR_SHARED", str(tmp_path / "nowhere"))
    assert main(["gate"]) == 0
    assert "quality gate skipped" in capsys.readouterr().err
