"""Fuzzing the real editors: text typed into the panels' fields, table cells, and the dialogs' choices.

Contract: no exception escapes; a bad value shows one clear line and leaves the document alone (the same plan
object, the same undo stack); a good value is one undo step and gives a plan that is sound (no dangling
reference) and can be written and read back.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QWidget

from app.engine import model as m
from app.engine.references import structural_problems
from app.errors import InputError
from app.storage.interchange import dumps, parse_text, read_json
from app.ui.document import Document
from app.ui.selection import SystemSelection, TaskSelection
from app.ui.widgets.property_fields import CheckedLineEdit, CheckedTextEdit
from tests.conftest import SAMPLES
from tests.fuzz.helpers import assert_one_line, scratch_folder
from tests.fuzz.test_inventory_fuzz import _csv_text, sheets
from tests.fuzz.test_parsers_fuzz import any_text, numberish
from tests.strategies import plans

MIDSHIRE = read_json(SAMPLES / "midshire.json")
typed = st.one_of(numberish, any_text)


@pytest.fixture(autouse=True)
def _app(qapp: QApplication) -> Iterator[None]:
    """Every test here needs the (session-wide) application; widgets made per example are deleted after."""
    yield
    qapp.processEvents()


def _sound(plan: m.Plan) -> None:
    assert not structural_problems(plan)
    assert parse_text(dumps(plan)) == plan


class Watch:
    """What the document held before an action, to show the action was all or nothing."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.plan = document.plan
        self.count = document.undo_stack.count()

    def unchanged(self) -> bool:
        return self.document.plan is self.plan and self.document.undo_stack.count() == self.count

    def one_step(self) -> bool:
        return self.document.plan is not self.plan and self.document.undo_stack.count() == self.count + 1

    def check(self, refused: bool, message: str = "") -> None:
        if refused:
            assert self.unchanged(), "a refused value changed the document"
            assert_one_line(message)
        else:
            assert self.unchanged() or self.one_step()
            _sound(self.document.plan)


def _type_into(editor: CheckedLineEdit | CheckedTextEdit, text: str) -> tuple[bool, str]:
    """Put ``text`` in ``editor`` as if typed and commit it; return (refused, message shown)."""
    if isinstance(editor, CheckedLineEdit):
        editor.setText(text)
        editor.setModified(True)
        editor.commit()
    else:
        editor.setPlainText(text)
        editor.document().setModified(True)
        editor.commit()
    message = editor.error.text()
    return bool(message), message


def _drop(widget: QWidget) -> None:
    widget.close()
    widget.deleteLater()


# --- the system properties panel ------------------------------------------------------------------------

SYSTEM_FIELDS = ("id_edit", "name_edit", "vendor_edit", "seats_edit", "run_cost_edit", "notice_edit",
                 "renewal_edit", "exit_fee_edit", "personal_edit", "ranges_edit", "notes_edit")


@given(st.sampled_from(SYSTEM_FIELDS), typed, st.sampled_from(("A13", "L01", "C01")))
def test_system_panel_fields(field: str, text: str, system_id: str) -> None:
    from app.ui.widgets.system_properties import SystemPropertiesPanel

    assume(system_id in MIDSHIRE.system_by_id)
    document, selection = Document(MIDSHIRE), SystemSelection()
    panel = SystemPropertiesPanel(document, selection)
    try:
        selection.set_selected([system_id])
        watch = Watch(document)
        refused, message = _type_into(getattr(panel, field), text)
        watch.check(refused, message)
    finally:
        _drop(panel)


# --- the cost line editor -------------------------------------------------------------------------------

COST_FIELDS = ("name_edit", "unit_cost_edit", "quantity_edit", "low_edit", "high_edit", "vat_edit",
               "source_edit", "notes_edit")


@given(st.sampled_from(COST_FIELDS), typed, st.integers(0, len(MIDSHIRE.cost_lines) - 1))
def test_cost_line_editor_fields(field: str, text: str, line: int) -> None:
    from app.ui.widgets.cost_line_editor import CostLineEditor

    document = Document(MIDSHIRE)
    editor = CostLineEditor(document)
    try:
        editor.show_line(MIDSHIRE.cost_lines[line].id)
        watch = Watch(document)
        refused, message = _type_into(getattr(editor, field), text)
        watch.check(refused, message)
    finally:
        _drop(editor)


# --- the task panel: name and the three-point estimate ---------------------------------------------------


@given(typed, st.lists(st.tuples(st.sampled_from(("optimistic", "duration", "pessimistic")),
                                 st.integers(-5, 100_005)), max_size=4), st.integers(0, 5))
def test_task_panel_name_and_estimates(name: str, spins: list[tuple[str, int]], task: int) -> None:
    from app.ui.widgets.task_properties import TaskPropertiesPanel

    document, selection = Document(MIDSHIRE), TaskSelection()
    panel = TaskPropertiesPanel(document, selection)
    try:
        task_id = MIDSHIRE.tasks[task].id
        selection.set_selected([task_id])
        watch = Watch(document)
        refused, message = _type_into(panel.name_edit, name)
        watch.check(refused, message)
        for field, value in spins:
            panel.estimates.spins[field].setValue(value)
            shown = document.plan.task_by_id[task_id]
            low, likely, high = shown.estimates
            assert 0 <= low <= likely <= high <= 99_999, "an estimate out of order was pushed"
            problem = panel.estimates.error.text()
            if problem:
                assert all(line.strip() for line in problem.split("\n"))  # one reason a line, none blank
        _sound(document.plan)
    finally:
        _drop(panel)


# --- table cells: the progress table and the systems table ----------------------------------------------

cell_values = st.one_of(
    st.none(), st.just(""), st.dates(date(2000, 1, 1), date(2100, 12, 31)),
    st.dates(date(2000, 1, 1), date(2100, 12, 31)).map(lambda d: QDate(d.year, d.month, d.day)),
    st.just(QDate()), st.floats(), st.integers(), typed,
)


@given(st.sampled_from(("actual_start", "actual_finish", "percent_complete")), cell_values, st.integers(0, 8))
def test_progress_table_cells(column: str, value: Any, row: int) -> None:
    from app.ui.widgets.tracking_models import PROGRESS_KEYS, ProgressTableModel

    document = Document(MIDSHIRE)
    model = ProgressTableModel(document)
    refusals: list[str] = []
    model.edit_refused.connect(refusals.append)
    watch = Watch(document)
    accepted = model.setData(model.index(row, PROGRESS_KEYS.index(column)), value, Qt.ItemDataRole.EditRole)
    if accepted:
        assert not refusals
        watch.check(False)
        task = document.plan.tasks[row] if document.plan.tasks[row].id == MIDSHIRE.tasks[row].id else None
        assert task is not None and 0 <= task.percent_complete <= 100
        if task.actual_start and task.actual_finish:
            assert task.actual_start <= task.actual_finish
    else:
        assert len(refusals) == 1
        watch.check(True, refusals[0])
    model.deleteLater()


@given(st.integers(0, 12), typed, st.integers(0, 5))
def test_systems_table_cells(column: int, text: str, row: int) -> None:
    from app.ui.models.system_table import COLUMNS, SystemTableModel

    assume(column < len(COLUMNS) and COLUMNS[column].edit is not None)
    document = Document(MIDSHIRE)
    model = SystemTableModel(document)
    refusals: list[str] = []
    model.edit_refused.connect(refusals.append)
    watch = Watch(document)
    accepted = model.setData(model.index(row, column), text, Qt.ItemDataRole.EditRole)
    if accepted:
        assert not refusals
        watch.check(False)
    else:
        assert len(refusals) == 1
        watch.check(True, refusals[0])
    model.deleteLater()


@given(st.sampled_from(("unit_cost", "quantity", "name", "category")), st.one_of(typed, st.floats()),
       st.integers(0, 5))
def test_cost_table_cells(key: str, value: Any, row: int) -> None:
    from app.ui.models.cost_models import COLUMN_KEYS, CostLineTableModel

    document = Document(MIDSHIRE)
    model = CostLineTableModel(document)
    refusals: list[str] = []
    model.edit_refused.connect(refusals.append)
    watch = Watch(document)
    accepted = model.setData(model.index(row, COLUMN_KEYS.index(key)), value, Qt.ItemDataRole.EditRole)
    if accepted:
        assert not refusals
        watch.check(False)
        if key in ("unit_cost", "quantity"):
            line = next(c for c in document.plan.cost_lines if c.id == MIDSHIRE.cost_lines[row].id)
            assert math.isfinite(getattr(line, key)) and getattr(line, key) >= 0
    else:
        assert len(refusals) == 1
        watch.check(True, refusals[0])
    model.deleteLater()


# --- the dialogs --------------------------------------------------------------------------------------------


@settings(max_examples=15)
@given(st.data())
def test_plan_wave_dialog_choices(data: st.DataObject) -> None:
    from app.ui.dialogs.plan_wave_dialog import PlanWaveDialog

    document = Document(MIDSHIRE)
    dialog = PlanWaveDialog(document, None, data.draw(st.sampled_from(("W1", "W2", "W3", "P0", None))))
    try:
        combo = dialog.wave_combo
        combo.setCurrentIndex(data.draw(st.integers(0, combo.count() - 1)))
        dialog.new_wave_edit.setText(data.draw(any_text))
        dialog.template_combo.setCurrentIndex(data.draw(st.integers(-1, dialog.template_combo.count() - 1)))
        systems = [s.id for s in MIDSHIRE.systems]
        dialog.set_systems(data.draw(st.lists(st.sampled_from(systems), max_size=5)))
        dialog.set_after(data.draw(st.lists(st.sampled_from([t.id for t in MIDSHIRE.tasks]), max_size=3)))
        if data.draw(st.booleans()):
            day = data.draw(st.dates(date(2020, 1, 1), date(2040, 12, 31)))
            dialog.start_field.show_value(day)
        dialog._update_preview()
        watch = Watch(document)
        dialog._on_buttons_accepted()
        if dialog.edit() is None:
            assert watch.unchanged()
            assert_one_line(dialog.problem_label.text())
        else:
            assert watch.one_step()
            _sound(document.plan)
    finally:
        _drop(dialog)


@settings(max_examples=15)
@given(plans(max_items=5, scenarios=False))
def test_suggested_waves_dialog_on_any_plan(plan: m.Plan) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.ui.dialogs.waves_dialog import SuggestedWavesDialog

    warnings: list[str] = []

    def warn(_parent: object, _title: str, text: str) -> None:
        warnings.append(text)

    original = QMessageBox.warning
    setattr(QMessageBox, "warning", warn)  # noqa: B010 - no monkeypatch fixture under Hypothesis
    try:
        document = Document(plan)
        dialog = SuggestedWavesDialog(document)
        watch = Watch(document)
        dialog._on_buttons_accepted()
        if warnings:
            watch.check(True, warnings[0])
        elif dialog.waves:
            assert watch.one_step()
            _sound(document.plan)
        else:
            assert watch.unchanged()
        _drop(dialog)
    finally:
        setattr(QMessageBox, "warning", original)  # noqa: B010


@settings(max_examples=15)
@given(sheets(), st.data())
def test_inventory_import_dialog(rows: list[list[Any]], data: st.DataObject) -> None:
    from app.ui.dialogs.inventory_import import InventoryImportDialog

    with scratch_folder() as folder:
        path = folder / "estate.csv"
        path.write_text(_csv_text(rows, ","), encoding="utf-8")
        document = Document(MIDSHIRE)
        try:
            dialog = InventoryImportDialog(document, path)
        except InputError as error:
            assert_one_line(str(error))
            assert document.plan is MIDSHIRE
            return
        try:
            for combo in dialog.mapping_combos.values():
                if data.draw(st.integers(0, 3)) == 0:
                    combo.setCurrentIndex(data.draw(st.integers(0, combo.count() - 1)))
            if data.draw(st.booleans()):
                dialog.header_spin.setValue(data.draw(st.integers(dialog.header_spin.minimum(),
                                                                  dialog.header_spin.maximum())))
            watch = Watch(document)
            dialog.accept()
            if watch.unchanged():
                assert_one_line(dialog.status_label.text())
            else:
                assert watch.one_step()
                _sound(document.plan)
        finally:
            _drop(dialog)


@settings(max_examples=10)
@given(st.sampled_from(("name_edit", "organisation_edit", "organisation_type_edit")), typed)
def test_project_page_text_fields(field: str, text: str) -> None:
    from app.ui.pages.project_page import ProjectPage

    document = Document(MIDSHIRE)
    page = ProjectPage(document)
    try:
        watch = Watch(document)
        editor = getattr(page, field)
        editor.setText(text)
        editor.editingFinished.emit()
        watch.check(False)
        if field == "name_edit":
            assert document.plan.project.name.strip()
    finally:
        _drop(page)



# --- the progress table's own editors (what a double-click opens) ----------------------------------------


@given(st.sampled_from(("actual_start", "actual_finish", "percent_complete")), st.integers(0, 8),
       st.one_of(st.integers(-50, 150), st.dates(date(2000, 1, 1), date(2100, 12, 31)), st.none()))
def test_progress_delegate_editors(column: str, row: int, value: int | date | None) -> None:
    from PySide6.QtWidgets import QSpinBox, QStyleOptionViewItem

    from app.ui.widgets.tracking_delegate import ClearableDateEdit, ProgressDelegate
    from app.ui.widgets.tracking_models import PROGRESS_KEYS, ProgressTableModel

    document = Document(MIDSHIRE)
    model = ProgressTableModel(document)
    delegate = ProgressDelegate()
    host = QWidget()
    refusals: list[str] = []
    model.edit_refused.connect(refusals.append)
    index = model.index(row, PROGRESS_KEYS.index(column))
    editor = delegate.createEditor(host, QStyleOptionViewItem(), index)
    try:
        delegate.setEditorData(editor, index)
        watch = Watch(document)
        if isinstance(editor, ClearableDateEdit):
            if value is None:
                editor.clear_date()
            elif isinstance(value, date):
                editor.setDate(QDate(value.year, value.month, value.day))
        elif isinstance(editor, QSpinBox) and isinstance(value, int):
            editor.setValue(value)
        delegate.setModelData(editor, model, index)
        if refusals:
            watch.check(True, refusals[0])
        else:
            watch.check(False)
            task = document.plan.task_by_id[MIDSHIRE.tasks[row].id]
            assert 0 <= task.percent_complete <= 100
            assert not (task.actual_start and task.actual_finish) or task.actual_start <= task.actual_finish
    finally:
        _drop(host)
        model.deleteLater()
        delegate.deleteLater()


# --- what the editors allow is what a file may hold -------------------------------------------------------


def test_editor_limits_match_the_interchange_limits() -> None:
    """A value typed in the app can be saved as JSON and read back; a value the reader takes can be edited."""
    from app.storage.interchange import FIRST_START, MAXIMUMS
    from app.ui.pages.project_page import ProjectPage
    from app.ui.widgets import dependency_editor, task_estimates, tracking_bar

    assert task_estimates._MOST_DAYS == MAXIMUMS["duration"] == MAXIMUMS["optimistic"]
    assert MAXIMUMS["optimistic"] == MAXIMUMS["pessimistic"]
    assert dependency_editor._LONGEST_LAG == MAXIMUMS["lag"]
    assert tracking_bar._MAX_THRESHOLD == MAXIMUMS["rag_amber_days"] == MAXIMUMS["rag_red_days"]
    page: Any = ProjectPage(Document(MIDSHIRE))
    try:
        assert page.benchmark_spin.maximum() == MAXIMUMS["benchmark_months"]
        assert page.appraisal_spin.maximum() == MAXIMUMS["appraisal_years"]
        assert round(page.discount_spin.maximum() / 100, 6) == MAXIMUMS["discount_rate"]
        assert round(page.vat_spin.maximum() / 100, 6) == MAXIMUMS["vat_rate"]
        for upper, _mitigation in page.ob_spins.values():
            assert round(upper.maximum() / 100, 6) == MAXIMUMS["upper"]
        low = page.start_date_edit.minimumDate()
        assert date(low.year(), low.month(), low.day()) == FIRST_START
    finally:
        _drop(page)


def test_project_start_date_editor_stops_where_files_do() -> None:
    from app.storage.interchange import LAST_START
    from app.ui.pages.project_page import ProjectPage

    page = ProjectPage(Document(MIDSHIRE))
    try:
        high = page.start_date_edit.maximumDate()
        assert date(high.year(), high.month(), high.day()) == LAST_START
    finally:
        _drop(page)


def test_every_date_editor_stops_where_files_do() -> None:
    """No date typed in the app lies past LAST_START (well inside the working calendar, to 31 Dec 3999)."""
    from app.storage.interchange import LAST_START
    from app.ui.widgets.cost_anchor_field import CostTimingField
    from app.ui.widgets.cost_ramp_editor import CostRampEditor
    from app.ui.widgets.property_fields import OptionalDateField
    from app.ui.widgets.tracking_bar import TrackingBar
    from app.ui.widgets.tracking_delegate import ClearableDateEdit

    ramp = CostRampEditor()
    ramp.show_value((m.RampStep(date(2027, 4, 1), 0.5),), date(2027, 4, 1))
    widgets: list[QWidget] = [OptionalDateField("Deadline"),
                              CostTimingField([("date", "On a date")], "Start"),
                              TrackingBar(Document(MIDSHIRE)), ClearableDateEdit(), ramp]
    try:
        editors = [e for w in widgets
                   for e in ([w] if isinstance(w, QDateEdit) else w.findChildren(QDateEdit))]
        assert len(editors) == len(widgets)
        for editor in editors:
            high = editor.maximumDate()
            assert date(high.year(), high.month(), high.day()) == LAST_START, type(editor.parent()).__name__
            editor.setDate(QDate(9999, 12, 31))
            assert editor.date() == QDate(LAST_START.year, LAST_START.month, LAST_START.day)
    finally:
        for widget in widgets:
            _drop(widget)


# --- the predecessors table: links added, re-pointed and removed in any order -----------------------------


link_steps = st.tuples(st.sampled_from(("add", "change", "remove")), st.integers(0, 40), st.integers(0, 4))


@settings(max_examples=10)
@given(st.integers(0, 12), st.lists(link_steps, min_size=1, max_size=6))
def test_dependency_editor_never_makes_a_cycle(task: int, steps: list[tuple[str, int, int]]) -> None:
    import networkx as nx

    from app.ui.widgets.dependency_editor import DependencyEditor

    document = Document(MIDSHIRE)
    editor = DependencyEditor(document)
    ids = [t.id for t in MIDSHIRE.tasks]
    try:
        editor.show_task(ids[task])
        for operation, other, row in steps:
            watch = Watch(document)
            predecessor = ids[other % len(ids)]
            if operation == "add":
                done = editor.add_predecessor(predecessor)
            elif operation == "change":
                done = editor.change_predecessor(row, predecessor)
            else:
                done = editor.remove_link(row)
            if done:
                watch.check(False)
            else:
                assert watch.unchanged()
                if editor.message.text():
                    assert_one_line(editor.message.text())
            plan = document.plan
            graph = nx.DiGraph((d.task, t.id) for t in plan.tasks for d in t.predecessors)
            assert nx.is_directed_acyclic_graph(graph)
            for shown in plan.tasks:
                linked = [d.task for d in shown.predecessors]
                assert len(set(linked)) == len(linked) and shown.id not in linked
    finally:
        _drop(editor)


# --- what the bad values once did elsewhere: autosave and the progress table ------------------------------


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_autosave_of_a_plan_json_cannot_hold_fails_with_a_message(bad: float) -> None:
    """A NaN in the plan (an older editor let one in) makes the autosave fail and say so, not raise."""
    import dataclasses

    from app.engine.edits import SetProjectFields
    from app.ui.autosave import AutosaveController

    line = dataclasses.replace(MIDSHIRE.cost_lines[0], quantity=bad)
    plan = dataclasses.replace(MIDSHIRE, cost_lines=(line, *MIDSHIRE.cost_lines[1:]))
    with scratch_folder() as folder:
        document = Document(plan)
        controller = AutosaveController(document, 0, folder)
        failures: list[str] = []
        controller.autosave_failed.connect(failures.append)
        document.push(SetProjectFields((("name", "Edited"),), "Rename project"))
        assert controller.autosave_now() is False
        assert len(failures) == 1 and "not a finite number" in failures[0]
        assert_one_line(failures[0])
        assert not [p for p in folder.rglob("*") if p.is_file()]
        controller.deleteLater()


@pytest.mark.parametrize("typed", ["abc", "", "nan", "inf", "1e400", "١٢٣x"])
def test_percent_complete_typed_as_text_gets_a_clear_message(typed: str) -> None:
    from app.ui.widgets.tracking_models import PROGRESS_KEYS, ProgressTableModel

    document = Document(MIDSHIRE)
    model = ProgressTableModel(document)
    refusals: list[str] = []
    model.edit_refused.connect(refusals.append)
    watch = Watch(document)
    assert not model.setData(model.index(0, PROGRESS_KEYS.index("percent_complete")), typed,
                             Qt.ItemDataRole.EditRole)
    assert len(refusals) == 1 and "could not convert" not in refusals[0]
    assert "0" in refusals[0] and "100" in refusals[0]
    watch.check(True, refusals[0])
    model.deleteLater()


@pytest.mark.parametrize("where", ["start_no_earlier_than", "status_date", "deadline"])
# A deadline or contract end in 9999 still breaks the timeline (app/ui/widgets/gantt_geometry.py: its last
# column is the latest date plus a tail, past 31 Dec 9999): the deadline case uses the last date an editor
# allows instead.
def test_a_plan_with_a_date_far_past_the_calendar_opens_and_every_page_shows(
        where: str, tmp_path: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A date in 9999 once hung the app for minutes; now the plan opens at once, unschedulable (a start
    no earlier than or a status date there) or scheduled as usual (a far deadline bounds nothing)."""
    import json

    from app.ui.app import create_main_window
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    errors: list[str] = []
    monkeypatch.setattr(MainWindow, "_show_error", lambda _self, _title, message: errors.append(message))
    doc = json.loads(dumps(MIDSHIRE))
    if where == "status_date":
        doc["project"]["status_date"] = "9999-12-31"
    else:
        doc["tasks"][0][where] = "2999-12-31" if where == "deadline" else "9999-12-31"
    path = tmp_path / "far.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    window = create_main_window(path, Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
    assert not errors
    codes = [issue.code for issue in window.document.validation.errors]
    if where == "deadline":
        assert window.document.schedule is not None and "unschedulable" not in codes
    else:
        assert window.document.schedule is None and codes == ["unschedulable"]
        assert window.document.costs is None and window.document.status is None
    window.document.undo_stack.setClean()
