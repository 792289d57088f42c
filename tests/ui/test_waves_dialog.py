"""Suggested-waves dialog: waves with reasons, Accept as one undo step, Cancel changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.engine.model import new_plan
from app.engine.waves import suggest_waves
from app.storage.interchange import read_json
from app.ui.dialogs.waves_dialog import SYSTEM_ROLE, SuggestedWavesDialog, suggest_waves_interactively
from app.ui.document import Document
from tests.conftest import SAMPLES


@pytest.fixture
def document() -> Document:
    """A document holding the Midshire sample."""
    return Document(read_json(SAMPLES / "midshire.json"))


@pytest.fixture
def dialog(qtbot: QtBot, document: Document) -> SuggestedWavesDialog:
    """The dialog on the Midshire sample (not shown)."""
    widget = SuggestedWavesDialog(document)
    qtbot.addWidget(widget)
    return widget


def test_lists_every_wave_with_its_systems_and_reasons(dialog: SuggestedWavesDialog,
                                                       document: Document) -> None:
    waves = suggest_waves(document.plan)
    assert len(waves) > 1
    assert dialog.tree.topLevelItemCount() == len(waves)
    for index, wave in enumerate(waves):
        node = dialog.tree.topLevelItem(index)
        assert node.text(0).startswith(f"Wave {wave.number} (")
        assert [node.child(k).data(0, SYSTEM_ROLE) for k in range(node.childCount())] == list(wave.systems)
        for k, system_id in enumerate(wave.systems):
            row = node.child(k)
            assert row.text(0) == document.plan.system_by_id[system_id].name
            assert row.text(1) == system_id
            assert row.text(2) in ("Current", "Target")
            assert row.text(3) == wave.reasons[system_id]
    assert "no dependencies: first wave" in dialog.tree.topLevelItem(0).child(0).text(3)
    assert dialog.reason_label.text().endswith("no dependencies: first wave")


def test_accept_pushes_one_undo_step_that_undo_removes(dialog: SuggestedWavesDialog, document: Document,
                                                       qtbot: QtBot) -> None:
    before = document.plan
    steps = document.undo_stack.count()
    waves = dialog.waves
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert document.undo_stack.count() == steps + 1
    added = document.plan.phases[len(before.phases):]
    assert [p.name for p in added] == [f"Suggested wave {w.number}" for w in waves]
    for wave, phase in zip(waves, added, strict=True):
        for system_id in wave.systems:
            assert document.plan.system_by_id[system_id].phase == phase.id
    document.undo_stack.undo()
    assert document.plan == before


def test_cancel_changes_nothing(dialog: SuggestedWavesDialog, document: Document, qtbot: QtBot) -> None:
    before = document.plan
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert document.plan is before
    assert document.undo_stack.count() == 0


def test_no_systems_to_place_says_so(qtbot: QtBot) -> None:
    widget = SuggestedWavesDialog(Document(new_plan("Empty", date(2026, 6, 1))))
    qtbot.addWidget(widget)
    assert widget.waves == ()
    assert "no systems to place" in widget.intro_label.text()
    assert not widget.accept_button.isEnabled()


def test_interactive_accept_returns_true(document: Document, qtbot: QtBot) -> None:
    def accept() -> None:
        active = QApplication.activeModalWidget()
        assert isinstance(active, SuggestedWavesDialog)
        active.accept_button.click()

    QTimer.singleShot(0, accept)
    assert suggest_waves_interactively(None, document) is True
    assert document.undo_stack.count() == 1


def test_interactive_cancel_returns_false(document: Document, qtbot: QtBot) -> None:
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert suggest_waves_interactively(None, document) is False
    assert document.undo_stack.count() == 0


def test_every_control_has_an_accessible_name(dialog: SuggestedWavesDialog) -> None:
    controls = [w for w in dialog.findChildren(QWidget) if isinstance(w, QAbstractButton | QAbstractItemView)
                and not isinstance(w.parentWidget(), QAbstractItemView)]
    assert len(controls) >= 3
    assert [type(w).__name__ for w in controls if not w.accessibleName().strip()] == []


def test_enter_accepts_from_the_tree(dialog: SuggestedWavesDialog, document: Document, qtbot: QtBot) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tree.setFocus()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    assert document.undo_stack.count() == 1
