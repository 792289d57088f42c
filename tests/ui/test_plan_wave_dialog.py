"""Plan-wave dialog: a template's task chain for a wave's systems in one undo step; Cancel changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.storage.interchange import read_json
from app.ui.dialogs import plan_wave_dialog
from app.ui.dialogs.plan_wave_dialog import PlanWaveDialog, plan_wave_interactively
from app.ui.document import Document
from tests.conftest import SAMPLES
from tests.ui.test_task_panel import COMPOSITE, INTERACTIVE


@pytest.fixture
def document() -> Document:
    """A document holding the Midshire sample (waves W1-W4)."""
    return Document(read_json(SAMPLES / "midshire.json"))


def _dialog(qtbot: QtBot, document: Document, phase: str | None) -> PlanWaveDialog:
    dialog = PlanWaveDialog(document, None, phase)
    qtbot.addWidget(dialog)
    return dialog


def test_defaults_tick_the_waves_systems_and_follow_the_pilot(qtbot: QtBot, document: Document) -> None:
    dialog = _dialog(qtbot, document, "W3")
    assert dialog.wave_id() == "W3"
    template = dialog.template_combo.template()
    assert template is not None and template.name == "Standard wave"
    assert set(dialog.selected_systems()) == {"A18", "L02"}
    assert dialog.selected_after() == ("T11",)
    assert dialog.ok_button.isEnabled()
    assert dialog.preview.topLevelItemCount() == len(template.steps)


def test_standard_wave_for_w2_is_one_undo_step(qtbot: QtBot, document: Document) -> None:
    original = document.plan
    dialog = _dialog(qtbot, document, "W2")
    assert dialog.template_combo.select_template("standard-wave")
    template = dialog.template_combo.template()
    assert template is not None
    dialog.set_systems(["A15", "A16", "A21", "L03"])
    count = document.undo_stack.count()
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert document.undo_stack.count() == count + 1
    added = [t for t in document.plan.tasks if t.id not in original.task_by_id]
    assert len(added) == len(template.steps)
    assert all(t.phase == "W2" for t in added)
    assert {s for t in added for s in t.systems} <= {"A15", "A16", "A21", "L03"}
    assert any("A15" in t.systems for t in added)
    first = [t for t in added if any(d.task == "T11" for d in t.predecessors)]
    assert first  # the chain follows the pilot
    assert document.schedule is not None
    document.undo_stack.undo()
    assert document.plan == original


def test_a_new_wave_is_added_with_its_tasks_in_one_step(qtbot: QtBot, document: Document) -> None:
    original = document.plan
    dialog = _dialog(qtbot, document, "W2")
    dialog.wave_combo.setCurrentIndex(dialog.wave_combo.count() - 1)  # "New wave…"
    assert dialog.wave_id() is None and not dialog.ok_button.isEnabled()
    assert "Name the new wave" in dialog.problem_label.text()
    dialog.new_wave_edit.setText("W5 Housing repairs")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    plan = document.plan
    assert plan.phase_by_id["W5"].name == "W5 Housing repairs"
    assert [p.id for p in plan.phases].index("W5") == [p.id for p in plan.phases].index("W4") + 1
    assert any(t.phase == "W5" for t in plan.tasks)
    document.undo_stack.undo()
    assert document.plan == original


def test_cancel_changes_nothing(qtbot: QtBot, document: Document) -> None:
    original = document.plan
    dialog = _dialog(qtbot, document, "W2")
    dialog.set_systems(["A15"])
    dialog.cancel_button.click()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert document.plan is original and document.undo_stack.count() == 0


def test_plan_wave_interactively_reports_what_happened(monkeypatch: pytest.MonkeyPatch,
                                                       document: Document) -> None:
    monkeypatch.setattr(plan_wave_dialog.PlanWaveDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert plan_wave_interactively(None, document, "W2") is False
    assert document.undo_stack.count() == 0


def test_every_control_has_an_accessible_name(qtbot: QtBot, document: Document) -> None:
    dialog = _dialog(qtbot, document, "W3")
    unnamed = [f"{type(w).__name__}" for w in dialog.findChildren(QWidget)
               if isinstance(w, INTERACTIVE) and not isinstance(w.parentWidget(), COMPOSITE)
               and w.isVisibleTo(dialog) and not w.accessibleName().strip()]
    assert unnamed == []
