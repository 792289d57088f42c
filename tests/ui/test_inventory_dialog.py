"""The inventory import dialog: guessed mapping, a corrected column, Check, one undo step, Cancel, a11y."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.engine.model import Plan
from app.importers.columns import FIELDS
from app.ui.dialogs.inventory_import import InventoryImportDialog, import_inventory_interactively
from app.ui.document import Document


def _workbook(path: Path) -> Path:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "Estate"
    ws.append(["Estate inventory – spring 2026"])
    ws.append([])
    ws.append(["System", "Supplier", "Type", "Seats", "Annual cost", "Contract end", "Owner"])
    ws.append(["Avaya PBX", "Avaya", "ACD", 120, "£48,000", "31/03/2027", "Avaya"])
    ws.append(["Call recording server", "NICE", "Recording", "lots", "£9,500", "01/04/2027", "NICE"])
    ws.append(["Workforce tool", "Verint", "WFM", 80, "£12,000", "30/06/2027", "Calabrio"])
    workbook.save(path)
    return path


@pytest.fixture
def document(demo_plan: Plan) -> Document:
    return Document(demo_plan)


def test_dialog_imports_with_a_corrected_mapping_as_one_undo_step(
        qtbot: QtBot, tmp_path: Path, document: Document, demo_plan: Plan) -> None:
    dialog = InventoryImportDialog(document, _workbook(tmp_path / "estate.xlsx"))
    qtbot.addWidget(dialog)
    assert dialog.header_spin.value() == 3
    assert dialog.mapping() == {"name": 0, "vendor": 1, "kind": 2, "seats": 3, "annual_run_cost": 4,
                                "contract_end": 5}
    assert dialog.preview_table.rowCount() == 2  # the row with text in Seats is not previewed

    dialog.set_mapping("vendor", "Owner")  # the user corrects one column
    dialog.set_mapping("seats", None)  # and stops importing another
    assert dialog.mapping()["vendor"] == 6 and "seats" not in dialog.mapping()
    assert dialog.preview_table.rowCount() == 3

    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "Imported 3 of 3 rows from estate.xlsx." in dialog.report_edit.toPlainText()

    with qtbot.waitSignal(document.plan_changed):
        dialog.ok_button.click()
    assert dialog.import_result is not None and len(dialog.import_result.systems) == 3
    added = document.plan.systems[len(demo_plan.systems):]
    assert [(s.name, s.vendor, s.kind) for s in added] == [
        ("Avaya PBX", "Avaya", "acd"), ("Call recording server", "NICE", "recording"),
        ("Workforce tool", "Calabrio", "wfm")]
    assert added[0].contract_end == date(2027, 3, 31)
    assert {s.id for s in added}.isdisjoint(s.id for s in demo_plan.systems)
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Import 3 systems"
    document.undo_stack.undo()
    assert document.plan == demo_plan


def test_problems_are_listed_and_cancel_changes_nothing(qtbot: QtBot, tmp_path: Path, document: Document,
                                                        demo_plan: Plan) -> None:
    dialog = InventoryImportDialog(document, _workbook(tmp_path / "estate.xlsx"))
    qtbot.addWidget(dialog)
    dialog.check_button.click()
    report = dialog.report_edit.toPlainText()
    assert report.startswith("Imported 2 of 3 rows from estate.xlsx; 1 skipped:")
    assert "Estate!row 5, column 'Seats': 'lots' is not a whole number of seats" in report
    dialog.set_mapping("name", None)
    assert not dialog.ok_button.isEnabled()
    dialog.reject()
    assert document.plan == demo_plan and document.undo_stack.count() == 0


def test_every_control_has_an_accessible_name(qtbot: QtBot, tmp_path: Path, document: Document) -> None:
    dialog = InventoryImportDialog(document, _workbook(tmp_path / "estate.xlsx"))
    qtbot.addWidget(dialog)
    controls = [w for w in dialog.findChildren(QWidget)
                if isinstance(w, (QAbstractButton, QComboBox, QAbstractSpinBox, QTableWidget, QPlainTextEdit))
                and not w.inherits("QTableCornerButton")]  # Qt's own corner button is not in the tab order
    assert len(controls) > len(FIELDS)
    assert [w.metaObject().className() for w in controls if not w.accessibleName()] == []
    assert dialog.mapping_combos["annual_run_cost"].accessibleName() == "Column for Annual run cost"
    assert all(w.focusPolicy() != Qt.FocusPolicy.NoFocus for w in controls if w.isEnabled())


def test_unreadable_file_shows_a_message(qtbot: QtBot, tmp_path: Path, document: Document,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "estate.xlsx"
    path.write_bytes(b"not a workbook")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    assert import_inventory_interactively(None, document, path) is False
    assert "not an Excel workbook" in shown[0] and "estate.xlsx" in shown[0]


def test_interactive_import_returns_true_when_accepted(qtbot: QtBot, tmp_path: Path, document: Document,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def press_import(dialog: InventoryImportDialog) -> int:
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(InventoryImportDialog, "exec", press_import)
    assert import_inventory_interactively(None, document, _workbook(tmp_path / "estate.xlsx")) is True
    assert len(document.plan.systems) == 9 + 2
