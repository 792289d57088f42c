"""SystemTableModel and the Estate page: Qt model contract, formatting, edits with undo/redo, filter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.engine.edits import InsertItem, RemoveItem, set_item_fields
from app.engine.model import Plan, System
from app.ui.document import Document
from app.ui.main_window import MainWindow
from app.ui.models.system_table import COLUMN_KEYS, SYSTEM_ROLE, SystemTableModel


def _cell(model: SystemTableModel, system_id: str, key: str,
          role: int = Qt.ItemDataRole.DisplayRole) -> object:
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == system_id)
    return model.index(row, model.column_of(key)).data(role)


def test_model_contract(qtmodeltester: ModelTester, demo_plan: Plan) -> None:
    document = Document(demo_plan)
    model = SystemTableModel(document)
    qtmodeltester.check(model, force_py=True)
    document.push(InsertItem("systems", System("T9", "New thing", "target", "wfm")))
    document.push(set_item_fields(document.plan, "systems", "C1", "Rename system", name="PBX"))
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert model.rowCount() == len(demo_plan.systems)


def test_cells_are_formatted(demo_plan: Plan) -> None:
    model = SystemTableModel(Document(demo_plan))
    assert model.columnCount() == len(COLUMN_KEYS)
    assert _cell(model, "C1", "annual_run_cost") == "£48,000"
    assert _cell(model, "C3", "annual_run_cost") == "£9,500"  # whole pounds
    assert _cell(model, "C1", "contract_end") == "31/03/2027"
    assert _cell(model, "C3", "contract_end") == ""
    assert _cell(model, "C1", "estate") == "Current"
    assert _cell(model, "C1", "replaced_by") == "Cloud contact centre"
    assert _cell(model, "C1", "phase") == "Cutover"
    assert _cell(model, "T1", "kind") == "Contact-centre platform / tenant"
    assert isinstance(_cell(model, "C1", "id", SYSTEM_ROLE), System)
    assert model.headerData(model.column_of("seats"), Qt.Orientation.Horizontal) == "Seats"
    assert model.headerData(model.column_of("vendor"), Qt.Orientation.Horizontal) == "Supplier"
    assert _cell(model, "C1", "classification") == "OFFICIAL"
    assert _cell(model, "C1", "personal_data") == ""


def test_set_data_pushes_undoable_edit(qtbot: QtBot, demo_plan: Plan) -> None:
    document = Document(demo_plan)
    model = SystemTableModel(document)
    index = model.index(0, model.column_of("vendor"))
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(index, "Mitel")
    assert document.plan.systems[0].vendor == "Mitel"
    assert document.modified
    assert document.undo_stack.undoText() == "Change supplier of C1"
    document.undo_stack.undo()
    assert index.data() == "Avaya"
    assert not document.modified
    document.undo_stack.redo()
    assert index.data() == "Mitel"


def test_set_data_parses_money_and_rejects_bad_values(demo_plan: Plan) -> None:
    document = Document(demo_plan)
    model = SystemTableModel(document)
    cost = model.index(0, model.column_of("annual_run_cost"))
    assert model.setData(cost, "£52,500")
    assert document.plan.systems[0].annual_run_cost == 52500.0
    assert not model.setData(cost, "-1")
    assert not model.setData(model.index(0, model.column_of("seats")), "lots")
    assert not model.setData(model.index(0, model.column_of("name")), "  ")
    assert not model.setData(model.index(0, model.column_of("estate")), "target")  # read-only column
    assert document.undo_stack.count() == 1


def test_renaming_a_system_refreshes_replaced_by(qtbot: QtBot, demo_plan: Plan) -> None:
    document = Document(demo_plan)
    model = SystemTableModel(document)
    document.push(set_item_fields(document.plan, "systems", "T1", "Rename system", name="Genesys Cloud"))
    assert _cell(model, "C1", "replaced_by") == "Genesys Cloud"


def test_estate_page_counts_filters_and_sorts(window: MainWindow, demo_plan: Plan) -> None:
    page = window.estate_page
    assert page.count_label.text() == "9 systems shown of 9: 4 current, 5 target"
    page.filter_edit.setText("genesys")
    assert page.proxy.rowCount() == 3
    assert page.count_label.text() == "3 systems shown of 9: 0 current, 3 target"
    page.filter_edit.clear()
    page.estate_combo.setCurrentIndex(page.estate_combo.findData("current"))
    assert page.proxy.rowCount() == 4
    page.estate_combo.setCurrentIndex(0)
    cost = COLUMN_KEYS.index("annual_run_cost")
    page.table.sortByColumn(cost, Qt.SortOrder.DescendingOrder)
    assert page.proxy.index(0, 0).data() == "T1"  # £96,000, sorted as a number not as text
    window.document.push(RemoveItem("systems", "T5", "Delete system"))
    assert page.count_label.text() == "8 systems shown of 8: 4 current, 4 target"


def test_table_and_shared_selection_follow_each_other(window: MainWindow) -> None:
    page = window.estate_page
    window.selection.set_selected(["T2"])
    rows = page.table.selectionModel().selectedRows()
    assert [r.data() for r in rows] == ["T2"]
    page.table.selectRow(0)
    assert window.selection.ids == (page.proxy.index(0, 0).data(),)
    window.document.push(RemoveItem("systems", window.selection.ids[0], "Delete system"))
    assert window.selection.ids == ()
