"""Estate editor: filters, properties panel, add/duplicate/delete, integrations, undo, selection sync."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.engine.edits import set_item_fields
from app.engine.model import Plan
from app.storage.interchange import read_json
from app.ui.document import Document
from app.ui.models.integration_table import INTEGRATION_ROLE, IntegrationTableModel
from app.ui.models.system_table import SYSTEM_ROLE
from app.ui.pages.estate_page import EstatePage
from app.ui.selection import SystemSelection
from tests.conftest import SAMPLES


@pytest.fixture
def document() -> Document:
    """A document holding the Midshire sample (39 systems: 13 current, 26 target)."""
    return Document(read_json(SAMPLES / "midshire.json"))


@pytest.fixture
def selection() -> SystemSelection:
    """A fresh shared selection."""
    return SystemSelection()


@pytest.fixture
def page(hosted: Callable[[QWidget], QWidget], document: Document, selection: SystemSelection) -> EstatePage:
    """The estate page inside a shown main window, as the app hosts it."""
    return hosted(EstatePage(document, selection))  # type: ignore[return-value]


def _type(qtbot: QtBot, edit: QLineEdit, text: str, finish: bool = True) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)
    if finish:
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def _shown_ids(page: EstatePage) -> list[str]:
    return [s.id for s in page.proxy.shown_systems()]


# --- models ---------------------------------------------------------------------------------------------

def test_models_pass_the_model_tester(qtmodeltester: ModelTester, document: Document,
                                      page: EstatePage) -> None:
    qtmodeltester.check(page.model, force_py=True)
    model = IntegrationTableModel(document)
    qtmodeltester.check(model, force_py=True)
    model.set_system("A13")
    assert model.rowCount() == sum(1 for i in document.plan.integrations if "A13" in (i.source, i.target))
    model.set_system(None)
    assert model.rowCount() == len(document.plan.integrations)
    index = model.index(0, model.column_of("dependency"))
    assert model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    document.undo_stack.undo()
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


# --- filters --------------------------------------------------------------------------------------------

def test_count_label_and_filters_narrow_the_table(page: EstatePage, document: Document) -> None:
    plan = document.plan
    assert page.count_label.text() == "39 systems shown of 39: 13 current, 26 target"
    bar = page.filters
    bar.kind_combo.setCurrentIndex(bar.kind_combo.findData("numbers"))
    assert _shown_ids(page) == ["A10", "A11", "A12"]
    assert page.count_label.text() == "3 systems shown of 39: 3 current, 0 target"
    bar.kind_combo.setCurrentIndex(0)
    bar.phase_combo.setCurrentIndex(bar.phase_combo.findData("W4"))
    assert _shown_ids(page) == [s.id for s in plan.systems if s.phase == "W4"]
    bar.phase_combo.setCurrentIndex(bar.phase_combo.findText("No phase"))
    assert _shown_ids(page) == [s.id for s in plan.systems if s.phase is None]
    bar.phase_combo.setCurrentIndex(0)
    bar.personal_combo.setCurrentIndex(bar.personal_combo.findData(True))
    holding = [s.id for s in plan.systems if s.personal_data]
    assert _shown_ids(page) == holding and 0 < len(holding) < 39
    bar.personal_combo.setCurrentIndex(bar.personal_combo.findData(False))
    assert len(_shown_ids(page)) == 39 - len(holding)
    bar.personal_combo.setCurrentIndex(0)
    bar.classification_combo.setCurrentIndex(bar.classification_combo.findData("OFFICIAL-SENSITIVE"))
    assert _shown_ids(page) == [s.id for s in plan.systems if s.classification == "OFFICIAL-SENSITIVE"]
    bar.estate_combo.setCurrentIndex(bar.estate_combo.findData("current"))
    assert all(document.plan.system_by_id[i].estate == "current" for i in _shown_ids(page))
    bar.clear()
    assert page.proxy.rowCount() == 39


def test_supplier_filter_lists_the_suppliers_present(page: EstatePage, document: Document) -> None:
    combo = page.filters.vendor_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["All suppliers", "No supplier"]
    document.push(set_item_fields(document.plan, "systems", "A24", "Change supplier", vendor="Civica"))
    assert [combo.itemText(i) for i in range(combo.count())] == ["All suppliers", "Civica", "No supplier"]
    combo.setCurrentIndex(combo.findData("Civica"))
    assert _shown_ids(page) == ["A24"]
    page.filter_edit.setText("crm")
    assert _shown_ids(page) == ["A24"]
    document.undo_stack.undo()  # Civica is gone: the filter shows every supplier again
    assert combo.currentIndex() == 0


# --- properties panel -----------------------------------------------------------------------------------

def test_editing_a_field_pushes_one_named_edit(qtbot: QtBot, page: EstatePage, document: Document,
                                               selection: SystemSelection) -> None:
    selection.set_selected(["A13"])
    panel = page.properties
    assert panel.isEnabled() and panel.form_host.isEnabled()
    assert panel.name_edit.text() == "Legacy PBX/ACD/IVR"
    _type(qtbot, panel.vendor_edit, "Mitel")
    assert document.plan.system_by_id["A13"].vendor == "Mitel"
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Change supplier of A13"
    _type(qtbot, panel.vendor_edit, "Mitel UK")  # a second burst on the same field merges
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.plan.system_by_id["A13"].vendor == ""
    assert panel.vendor_edit.text() == ""
    _type(qtbot, panel.run_cost_edit, "£152,500")
    assert document.plan.system_by_id["A13"].annual_run_cost == 152500.0
    assert document.undo_stack.undoText() == "Change run cost of A13"
    panel.contract_end.check_box.setChecked(False)
    assert document.plan.system_by_id["A13"].contract_end is None
    assert document.undo_stack.undoText() == "Change contract end of A13"
    selection.set_selected(["A24"])
    panel.classification_combo.setCurrentIndex(panel.classification_combo.findData("OFFICIAL"))
    assert document.plan.system_by_id["A24"].classification == "OFFICIAL"
    assert document.undo_stack.undoText() == "Change classification of A24"
    panel.phase_combo.setCurrentIndex(panel.phase_combo.findData("P2"))
    assert document.plan.system_by_id["A24"].phase == "P2"
    document.undo_stack.undo()
    assert panel.phase_combo.currentText() == "No phase"


@pytest.mark.parametrize(("field", "text", "message"), [
    ("id_edit", "A 13", "cannot contain spaces"),
    ("id_edit", "A07", "already the ID of"),
    ("id_edit", "", "every system needs one"),
    ("name_edit", "  ", "every system needs one"),
    ("seats_edit", "lots", "whole number"),
    ("exit_fee_edit", "-5", "Cannot be negative"),
])
def test_invalid_input_shows_the_problem_and_pushes_nothing(
        qtbot: QtBot, page: EstatePage, document: Document, selection: SystemSelection,
        field: str, text: str, message: str) -> None:
    selection.set_selected(["A13"])
    edit: QLineEdit = getattr(page.properties, field)
    _type(qtbot, edit, text)
    assert document.undo_stack.count() == 0
    assert message in edit.error.text()
    assert edit.error.isVisible()
    assert edit.property("invalid")
    assert message in edit.accessibleDescription()
    document.push(set_item_fields(document.plan, "systems", "A13", "Change notes", notes="x"))
    assert edit.text() == text  # a refresh does not clobber what the user is typing
    qtbot.keyClick(edit, Qt.Key.Key_Escape)  # Escape drops the typing and shows the saved value
    assert not edit.error.isVisible() and edit.text() != text
    _type(qtbot, edit, "A13b" if field == "id_edit" else "7")
    assert not edit.error.isVisible()
    assert document.undo_stack.count() == 2


def test_number_ranges_refuse_blank_lines(page: EstatePage, document: Document,
                                          selection: SystemSelection) -> None:
    selection.set_selected(["A11"])
    ranges = page.properties.ranges_edit
    assert ranges.toPlainText().count("\n") == 2
    ranges.setPlainText("01632 960000-960999\n\n0113 496 0000-0999")
    ranges.document().setModified(True)
    assert "Line 2 is blank" in ranges.error.text()
    ranges.commit()
    assert document.undo_stack.count() == 0
    ranges.setPlainText("01632 960000-960999\n0113 496 0000-0999\n")
    ranges.document().setModified(True)
    ranges.commit()
    assert document.plan.system_by_id["A11"].number_ranges == ("01632 960000-960999", "0113 496 0000-0999")
    assert document.undo_stack.undoText() == "Change number ranges of A11"


def test_renaming_an_id_updates_every_reference_and_undo_restores(
        qtbot: QtBot, page: EstatePage, document: Document, selection: SystemSelection) -> None:
    original = document.plan
    selection.set_selected(["A13"])
    _type(qtbot, page.properties.id_edit, "PBX1")
    plan = document.plan
    assert "A13" not in plan.system_by_id and plan.system_by_id["PBX1"].name == "Legacy PBX/ACD/IVR"
    assert not any("A13" in (i.source, i.target) for i in plan.integrations)
    assert any("PBX1" in (i.source, i.target) for i in plan.integrations)
    assert not any("A13" in t.systems for t in plan.tasks) and any("PBX1" in t.systems for t in plan.tasks)
    assert document.undo_stack.undoText() == "Change ID of A13 to PBX1"
    assert selection.ids == ("PBX1",)
    assert page.properties.id_edit.text() == "PBX1"
    assert [r.data(SYSTEM_ROLE).id for r in page.table.selectionModel().selectedRows()] == ["PBX1"]
    document.undo_stack.undo()
    assert document.plan == original
    assert selection.ids == ("A13",)
    assert page.properties.id_edit.text() == "A13"


def test_replaced_by_checklist_sets_the_link(page: EstatePage, document: Document,
                                             selection: SystemSelection) -> None:
    selection.set_selected(["A13"])
    replacements = page.properties.replacements
    assert replacements.checked_ids() == ("A07", "A15", "A16", "A17", "A19")
    assert replacements.item(0).text() == "Target estate"
    replacements.set_checked("A14", True)
    assert document.plan.system_by_id["A13"].replaced_by == ("A07", "A15", "A16", "A17", "A19", "A14")
    assert document.undo_stack.undoText() == "Set replacements of A13"
    replacements.set_checked("A07", False)
    assert document.plan.system_by_id["A13"].replaced_by == ("A15", "A16", "A17", "A19", "A14")
    assert document.undo_stack.count() == 1  # clicks on one list merge into one step
    document.undo_stack.undo()
    assert replacements.checked_ids() == ("A07", "A15", "A16", "A17", "A19")


def test_panel_is_disabled_without_a_selection(page: EstatePage, selection: SystemSelection) -> None:
    assert not page.properties.form_host.isEnabled()
    assert page.properties.title_label.text() == "No system selected"
    assert not page.duplicate_system_action.isEnabled()
    selection.set_selected(["A01"])
    assert page.properties.form_host.isEnabled()
    assert page.duplicate_system_action.isEnabled()


# --- actions --------------------------------------------------------------------------------------------

def test_add_duplicate_and_delete_systems(page: EstatePage, document: Document,
                                          selection: SystemSelection) -> None:
    original = document.plan
    selection.set_selected(["A13"])
    page.add_system_action.trigger()
    assert selection.ids == ("A35",)
    added = document.plan.system_by_id["A35"]
    assert (added.name, added.estate, added.kind) == ("New system", "current", "platform")
    assert document.undo_stack.undoText() == "Add system A35"
    assert page.count_label.text() == "40 systems shown of 40: 14 current, 26 target"
    document.undo_stack.undo()
    selection.set_selected(["A13"])
    page.duplicate_system_action.trigger()
    copy = document.plan.system_by_id["A35"]
    assert copy.name == "Legacy PBX/ACD/IVR (copy)"
    assert copy.replaced_by == original.system_by_id["A13"].replaced_by
    assert not any("A35" in (i.source, i.target) for i in document.plan.integrations)
    assert document.undo_stack.undoText() == "Duplicate system A13"
    document.undo_stack.undo()
    assert document.plan == original

    selection.set_selected(["A13"])
    page.delete_system_action.trigger()
    plan = document.plan
    assert "A13" not in plan.system_by_id
    assert not any("A13" in (i.source, i.target) for i in plan.integrations)
    assert not any("A13" in t.systems for t in plan.tasks)
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Delete system A13"
    assert selection.ids == ("A14",)  # the next row is selected
    document.undo_stack.undo()
    assert document.plan == original


def test_delete_key_on_the_table_deletes_the_selection(qtbot: QtBot, page: EstatePage, document: Document,
                                                      selection: SystemSelection) -> None:
    selection.set_selected(["A09", "A10"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert "A09" not in document.plan.system_by_id and "A10" not in document.plan.system_by_id
    assert document.undo_stack.undoText() == "Delete 2 systems"


def test_integrations_add_edit_and_delete(page: EstatePage, document: Document,
                                          selection: SystemSelection) -> None:
    selection.set_selected(["A13"])
    listed = page.integrations.model
    before = listed.rowCount()
    page.add_integration_action.trigger()
    link = document.plan.integrations[-1]
    assert (link.id, link.source) == ("I075", "A13")
    assert document.plan.system_by_id[link.target].estate == "target"
    assert document.undo_stack.undoText() == f"Add integration from A13 to {link.target}"
    assert listed.rowCount() == before + 1
    assert page.side_tabs.currentWidget() is page.integrations
    row = listed.row_of("I075")
    page.integrations.view.closePersistentEditor(listed.index(row, listed.column_of("target")))
    assert listed.setData(listed.index(row, listed.column_of("name")), "PBX to CRM feed")
    assert document.undo_stack.undoText() == "Rename integration I075"
    assert listed.setData(listed.index(row, listed.column_of("target")), "A24")
    assert document.plan.integrations[-1].target == "A24"
    assert not listed.setData(listed.index(row, listed.column_of("target")), "A13")  # not to itself
    assert not listed.setData(listed.index(row, listed.column_of("kind")), " ")
    bridge = listed.index(row, listed.column_of("coexistence_bridge"))
    assert listed.setData(bridge, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert document.undo_stack.undoText() == "Mark integration I075 as a coexistence bridge"
    assert bridge.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    page.integrations.select("I075")
    assert page.delete_integration_action.isEnabled()
    page.delete_integration_action.trigger()
    assert "I075" not in {i.id for i in document.plan.integrations}
    assert document.undo_stack.undoText() == "Delete integration I075"
    document.undo_stack.undo()
    assert document.plan.integrations[-1].coexistence_bridge


def test_system_delegate_offers_every_system(page: EstatePage, selection: SystemSelection) -> None:
    selection.set_selected(["A13"])
    view = page.integrations.view
    index = view.model().index(0, page.integrations.model.column_of("target"))
    delegate = view.itemDelegateForColumn(index.column())
    editor = delegate.createEditor(view.viewport(), None, index)  # type: ignore[arg-type]
    assert isinstance(editor, QComboBox)
    delegate.setEditorData(editor, index)
    assert editor.currentData() == index.data(Qt.ItemDataRole.EditRole)
    assert editor.count() == 39 and editor.accessibleName()
    editor.deleteLater()


def test_undo_history_survives_saving(qtbot: QtBot, tmp_path: Path, page: EstatePage, document: Document,
                                      selection: SystemSelection) -> None:
    selection.set_selected(["A13"])
    _type(qtbot, page.properties.name_edit, "Old PBX")
    page.duplicate_system_action.trigger()
    assert document.undo_stack.count() == 2
    document.save(tmp_path / "midshire.ccplan")
    assert document.undo_stack.count() == 2 and not document.modified
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.plan.system_by_id["A13"].name == "Legacy PBX/ACD/IVR"
    assert document.modified


# --- selection and accessibility -----------------------------------------------------------------------

def test_table_panel_and_selection_follow_each_other(page: EstatePage, selection: SystemSelection) -> None:
    selection.set_selected(["A24"])
    assert [r.data(SYSTEM_ROLE).id for r in page.table.selectionModel().selectedRows()] == ["A24"]
    assert page.properties.id_edit.text() == "A24"
    assert page.integrations.model.system_id == "A24"
    page.table.selectRow(2)
    assert selection.ids == ("A03",)
    assert page.properties.name_edit.text().startswith("Entra ID SSO")
    page.filters.estate_combo.setCurrentIndex(page.filters.estate_combo.findData("current"))
    assert selection.ids == ("A03",)  # filtered out of the table, still the system being edited
    page.filters.estate_combo.setCurrentIndex(0)
    assert [r.data(SYSTEM_ROLE).id for r in page.table.selectionModel().selectedRows()] == ["A03"]


def test_every_control_has_an_accessible_name_and_actions_are_complete(page: EstatePage) -> None:
    interactive = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit)
    composite = (QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)
    unnamed = []
    for tab in range(page.side_tabs.count()):
        page.side_tabs.setCurrentIndex(tab)
        for widget in page.findChildren(QWidget):
            if isinstance(widget, interactive) and not isinstance(widget.parentWidget(), composite) \
                    and widget.isVisible() and not widget.accessibleName().strip():
                unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert unnamed == []
    shortcuts = [a.shortcut().toString() for a in page.estate_actions]
    assert shortcuts == ["Ctrl+Shift+A", "Ctrl+D", "Del", "Ctrl+Shift+L", "Del"]
    assert all(a.text() and a.statusTip() for a in page.estate_actions)


def test_integration_rows_carry_the_integration(document: Document) -> None:
    model = IntegrationTableModel(document)
    model.set_system("A07")
    link = model.index(0, 0).data(INTEGRATION_ROLE)
    assert "A07" in (link.source, link.target)
    tip = model.index(0, model.column_of("source")).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(link.source + "  ")


def test_small_plan_add_system_without_selection(qtbot: QtBot, demo_plan: Plan) -> None:
    document = Document(demo_plan)
    host = QMainWindow()
    host.setMinimumSize(640, 480)
    page = EstatePage(document)
    host.setCentralWidget(page)
    qtbot.addWidget(host)
    page.filters.estate_combo.setCurrentIndex(page.filters.estate_combo.findData("current"))
    page.filters.kind_combo.setCurrentIndex(page.filters.kind_combo.findData("crm"))
    page.add_system_action.trigger()
    added = document.plan.systems[-1]
    assert (added.id, added.estate, added.kind) == ("T6", "current", "crm")
    assert page.selection.ids == ("T6",)
    assert _shown_ids(page) == ["C4", "T6"]
