"""Task panel: the task table with schedule dates, the editor with validation, links, add/delete, undo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.engine.edits import set_item_fields
from app.storage.interchange import read_json
from app.ui.document import Document
from app.ui.formatting import format_date
from app.ui.models.task_table import TaskTableModel
from app.ui.selection import TaskSelection
from app.ui.widgets.task_panel import TaskPanel
from tests.conftest import SAMPLES

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
COMPOSITE = (QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)


@pytest.fixture
def document() -> Document:
    """A document holding the Midshire sample (22 tasks)."""
    return Document(read_json(SAMPLES / "midshire.json"))


@pytest.fixture
def selection() -> TaskSelection:
    """A fresh shared task selection."""
    return TaskSelection()


@pytest.fixture
def panel(hosted: Callable[[QWidget], QWidget], document: Document, selection: TaskSelection) -> TaskPanel:
    """The task panel inside a shown main window, as the timeline page hosts it."""
    return hosted(TaskPanel(document, selection))  # type: ignore[return-value]


def _cell(panel: TaskPanel, task_id: str, key: str) -> str:
    model = panel.model
    return str(model.index(model.row_of(task_id), model.column_of(key)).data())


def _type_number(qtbot: QtBot, spin: QSpinBox, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClick(spin, Qt.Key.Key_Delete)
    qtbot.keyClicks(spin, text)


# --- the table ------------------------------------------------------------------------------------------

def test_models_pass_the_model_tester(qtmodeltester: ModelTester, panel: TaskPanel) -> None:
    qtmodeltester.check(panel.model, force_py=True)
    qtmodeltester.check(panel.proxy, force_py=True)
    qtmodeltester.check(TaskTableModel(Document()), force_py=True)  # an empty plan


def test_table_lists_every_task_with_the_schedule_dates(panel: TaskPanel, document: Document) -> None:
    schedule = document.schedule
    assert schedule is not None
    assert panel.model.rowCount() == len(document.plan.tasks) == 22
    for task in document.plan.tasks:
        assert _cell(panel, task.id, "finish") == format_date(schedule.finish_of(task.id))
        assert _cell(panel, task.id, "start") == format_date(schedule.start_of(task.id))
    assert _cell(panel, "T07", "predecessors") == "T06 FS, T05 FS"
    assert _cell(panel, "D02", "predecessors") == "T13 SS+40"
    assert _cell(panel, "T07", "estimates") == "50 / 70 / 110"
    critical = panel.model.index(panel.model.row_of("T07"), panel.model.column_of("critical"))
    assert critical.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert panel.count_label.text() == "22 tasks, 10 critical"


def test_filter_and_sort(panel: TaskPanel) -> None:
    panel.filter_edit.setText("pilot")
    shown = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert shown == ["T09", "T10", "T11"]  # the P3 "Test, train, pilot" phase and the Pilot task
    assert panel.count_label.text().startswith("3 of 22 tasks shown")
    panel.filter_edit.clear()
    panel.table.sortByColumn(panel.model.column_of("duration"), Qt.SortOrder.DescendingOrder)
    assert panel.proxy.index(0, 0).data() == "T03"  # 90 days, first of the two in plan order


# --- editing ----------------------------------------------------------------------------------------------

def test_duration_edit_is_one_labelled_step_that_moves_successors(
        qtbot: QtBot, panel: TaskPanel, document: Document, selection: TaskSelection) -> None:
    selection.set_selected(["T07"])
    before = {i: _cell(panel, i, "finish") for i in ("T07", "T09", "T10", "T11")}
    stack = document.undo_stack
    count = stack.count()
    _type_number(qtbot, panel.properties.estimates.duration_spin, "80")
    assert stack.count() == count + 1  # "8" was invalid (below the optimistic 50): only "80" pushed
    assert stack.undoText() == "Change duration of T07"
    assert document.plan.task_by_id["T07"].duration == 80
    schedule = document.schedule
    assert schedule is not None
    for task_id, old in before.items():
        assert _cell(panel, task_id, "finish") == format_date(schedule.finish_of(task_id)) != old
    _type_number(qtbot, panel.properties.estimates.duration_spin, "85")  # typing on merges into that step
    assert stack.count() == count + 1 and document.plan.task_by_id["T07"].duration == 85
    stack.undo()
    assert document.plan.task_by_id["T07"].duration == 70
    assert _cell(panel, "T07", "finish") == before["T07"]
    assert panel.properties.estimates.duration_spin.value() == 70


def test_invalid_estimates_push_nothing(qtbot: QtBot, panel: TaskPanel, document: Document,
                                        selection: TaskSelection) -> None:
    selection.set_selected(["T07"])
    estimates = panel.properties.estimates
    count = document.undo_stack.count()
    _type_number(qtbot, estimates.duration_spin, "30")  # below the optimistic 50
    assert document.undo_stack.count() == count
    assert estimates.duration_spin.property("invalid") is True
    assert not estimates.error.isHidden() and "optimistic" in estimates.error.text()
    _type_number(qtbot, estimates.pessimistic_spin, "20")  # below the duration
    assert document.undo_stack.count() == count
    assert "pessimistic" in estimates.error.text()
    # A refresh from another edit keeps what is being typed.
    document.push(set_item_fields(document.plan, "tasks", "T01", "Rename task T01", name="Mobilise"))
    assert estimates.pessimistic_spin.value() == 20
    # Fixing the order pushes both changed fields as one step.
    _type_number(qtbot, estimates.optimistic_spin, "10")
    _type_number(qtbot, estimates.pessimistic_spin, "90")
    task = document.plan.task_by_id["T07"]
    assert (task.optimistic, task.duration, task.pessimistic) == (10, 30, 90)
    assert estimates.error.isHidden() and not estimates.duration_spin.property("invalid")


def test_deadline_and_name_edits_are_labelled(panel: TaskPanel, document: Document,
                                              selection: TaskSelection) -> None:
    selection.set_selected(["N01"])
    properties = panel.properties
    properties.deadline_field.date_edit.setDate(QDate(2026, 12, 18))
    assert document.undo_stack.undoText() == "Set deadline of N01"
    assert document.plan.task_by_id["N01"].deadline == date(2026, 12, 18)
    properties.deadline_field.check_box.setChecked(False)
    assert document.undo_stack.undoText() == "Clear deadline of N01"
    assert document.plan.task_by_id["N01"].deadline is None
    properties.name_edit.setText("")
    properties.name_edit.setModified(True)
    assert properties.name_edit.check() == (False, None)  # a blank name is refused
    properties.name_edit.setText("Re-provision lift lines")
    properties.name_edit.setModified(True)
    properties.name_edit.commit()
    assert document.undo_stack.undoText() == "Rename task N01"
    assert _cell(panel, "N01", "name") == "Re-provision lift lines"


def test_schedule_facts_and_critical_badge(panel: TaskPanel, selection: TaskSelection) -> None:
    info = panel.properties.schedule_info
    selection.set_selected(["T07"])
    assert info.finish_label.text() == "04/08/2027" and not info.critical_badge.isHidden()
    selection.set_selected(["T10"])
    assert info.float_label.text() == "15 working days" and info.critical_badge.isHidden()


# --- dependencies ---------------------------------------------------------------------------------------

def test_add_and_remove_a_dependency_with_undo(panel: TaskPanel, document: Document,
                                               selection: TaskSelection) -> None:
    selection.set_selected(["T10"])
    links = panel.properties.dependencies
    assert links.table.rowCount() == 1
    assert links.add_predecessor("T05")
    assert document.undo_stack.undoText() == "Add dependency T05 → T10"
    assert _cell(panel, "T10", "predecessors") == "T07 FS, T05 FS"
    assert links.table.rowCount() == 2
    document.undo_stack.undo()
    assert _cell(panel, "T10", "predecessors") == "T07 FS"
    assert links.table.rowCount() == 1
    assert links.remove_link(0)
    assert document.undo_stack.undoText() == "Remove dependency T07 → T10"
    assert document.plan.task_by_id["T10"].predecessors == ()
    document.undo_stack.undo()
    assert _cell(panel, "T10", "predecessors") == "T07 FS"


def test_lag_typing_merges_into_one_step(qtbot: QtBot, panel: TaskPanel, document: Document,
                                         selection: TaskSelection) -> None:
    selection.set_selected(["T10"])
    count = document.undo_stack.count()
    lag = panel.properties.dependencies.table.cellWidget(0, 2)
    assert isinstance(lag, QSpinBox)
    _type_number(qtbot, lag, "-3")
    assert document.undo_stack.count() == count + 1
    assert document.undo_stack.undoText() == "Change lag of dependency T07 → T10"
    assert _cell(panel, "T10", "predecessors") == "T07 FS-3"
    assert panel.properties.dependencies.table.cellWidget(0, 2) is lag  # not rebuilt under the typing


def test_a_link_that_makes_a_cycle_is_refused_by_name(panel: TaskPanel, document: Document,
                                                      selection: TaskSelection) -> None:
    selection.set_selected(["T07"])
    links = panel.properties.dependencies
    count = document.undo_stack.count()
    assert not links.add_predecessor("T09")
    assert document.undo_stack.count() == count
    message = links.message.text()
    assert not links.message.isHidden()
    assert "cycle" in message and "SIT/UAT/OAT/load/pen test" in message and "Build: routing" in message
    assert not links.change_predecessor(0, "T11")  # re-pointing a link is checked too
    assert document.plan.task_by_id["T07"].predecessors[0].task == "T06"
    assert not links.add_predecessor("T07") and "itself" in links.message.text()
    assert not links.add_predecessor("T06") and "already" in links.message.text()
    assert document.undo_stack.count() == count


# --- add and delete -------------------------------------------------------------------------------------

def test_delete_task_removes_links_to_it_and_undo_restores_exactly(
        panel: TaskPanel, document: Document, selection: TaskSelection) -> None:
    original = document.plan
    selection.set_selected(["T07"])
    count = document.undo_stack.count()
    panel.delete_task_action.trigger()
    plan = document.plan
    assert "T07" not in plan.task_by_id
    assert all(d.task != "T07" for t in plan.tasks for d in t.predecessors)
    assert _cell(panel, "T09", "predecessors") == "T08 FS, T04 FS, D01 FS"
    assert document.undo_stack.count() == count + 1
    assert document.undo_stack.undoText() == "Delete task T07"
    assert selection.current == "T08"  # the next row takes the selection
    document.undo_stack.undo()
    assert document.plan == original
    assert panel.model.rowCount() == 22


def test_add_task_after_the_current_one(panel: TaskPanel, document: Document,
                                        selection: TaskSelection) -> None:
    original = document.plan
    selection.set_selected(["T07"])
    panel.add_task_action.trigger()
    plan = document.plan
    ids = [t.id for t in plan.tasks]
    assert ids[ids.index("T07") + 1] == "T15"
    new = plan.task_by_id["T15"]
    assert new.phase == "P2" and [d.task for d in new.predecessors] == ["T07"]
    assert selection.current == "T15" and panel.properties.task_id == "T15"
    assert document.undo_stack.undoText() == "Add task T15"
    document.undo_stack.undo()
    assert document.plan == original


# --- selection, actions, accessibility ------------------------------------------------------------------

def test_selection_follows_both_ways(panel: TaskPanel, selection: TaskSelection) -> None:
    selection.set_selected(["T09"])
    current = panel.table.selectionModel().currentIndex()
    assert panel.model.task_id_at(panel.proxy.mapToSource(current).row()) == "T09"
    assert panel.properties.task_id == "T09"
    panel.table.selectRow(panel.model.row_of("T11"))
    assert selection.ids == ("T11",) and panel.properties.task_id == "T11"
    selection.set_selected([])
    assert not panel.table.selectionModel().selectedRows()
    assert not panel.delete_task_action.isEnabled()


def test_actions_have_text_tips_and_panel_scoped_shortcuts(panel: TaskPanel) -> None:
    assert len(panel.task_actions) == 5
    for action in panel.task_actions:
        assert action.text().strip() and action.statusTip().strip(), action.text()
        assert not action.shortcut().isEmpty(), action.text()
        assert action.shortcutContext() in (Qt.ShortcutContext.WidgetWithChildrenShortcut,
                                            Qt.ShortcutContext.WidgetShortcut)
    keys = [a.shortcut().toString() for a in panel.task_actions]
    assert len(set(keys)) == len(keys)
    assert panel.delete_task_action.shortcut().toString() == "Del"


def test_every_interactive_widget_has_an_accessible_name(panel: TaskPanel, selection: TaskSelection) -> None:
    selection.set_selected(["T07"])
    unnamed = []
    for widget in panel.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisible():
            continue
        if isinstance(widget.parentWidget(), COMPOSITE):
            continue
        if not widget.accessibleName().strip():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert unnamed == []
