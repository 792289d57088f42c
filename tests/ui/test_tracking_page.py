"""Tracking page on Midshire: baselines saved, chosen and deleted; actuals recorded in place; RAG status."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QStyleOptionViewItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.engine.edits import SetProjectFields
from app.engine.model import Task
from app.storage.interchange import read_json
from app.ui.document import Document
from app.ui.pages import tracking_page
from app.ui.pages.tracking_page import TrackingPage
from app.ui.widgets.tracking_bar import TrackingBar
from app.ui.widgets.tracking_delegate import ClearableDateEdit, ProgressDelegate
from app.ui.widgets.tracking_models import ProgressTableModel
from app.ui.widgets.tracking_status_models import PHASE_KEYS
from tests.conftest import SAMPLES
from tests.storage.bigplan import big_plan


@pytest.fixture
def document() -> Document:
    """The Midshire sample (no baseline, no status date, no progress)."""
    return Document(read_json(SAMPLES / "midshire.json"))


@pytest.fixture
def page(
    hosted: Callable[[QWidget], QWidget], document: Document, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TrackingPage]:
    """The Tracking page shown at 1280x800; the baseline-name dialog answers with its suggestion."""
    monkeypatch.setattr(TrackingBar, "ask_baseline_name", lambda self, suggested: suggested)
    shown = hosted(TrackingPage(document))
    assert isinstance(shown, TrackingPage)
    yield shown
    document.undo_stack.setClean()


def _cell(model: ProgressTableModel, task_id: str, key: str) -> QModelIndex:
    return model.index(model.row_of(task_id), model.column_of(key))


def _task(document: Document, task_id: str) -> Task:
    return document.plan.task_by_id[task_id]


def test_saving_a_baseline_adds_it_chooses_it_and_undo_removes_it(
    page: TrackingPage, document: Document
) -> None:
    assert document.plan.baselines == () and page.bar.baseline_combo.count() == 1
    assert not page.bar.delete_baseline_button.isEnabled()
    page.bar.save_baseline_button.click()
    plan = document.plan
    assert [b.name for b in plan.baselines] == ["Baseline 1"]
    assert plan.project.baseline == plan.baselines[0].id == "B01"
    assert plan.baselines[0].finish == document.schedule.finish  # type: ignore[union-attr]
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Save baseline 'Baseline 1'"
    assert page.bar.baseline_combo.count() == 2 and page.bar.baseline_combo.currentData() == "B01"
    assert page.bar.delete_baseline_button.isEnabled()
    # Measured against itself, every phase is on the baseline.
    slips = [
        page.phase_model.index(r, PHASE_KEYS.index("slip_days")).data()
        for r in range(page.phase_model.rowCount())
    ]
    assert slips and set(slips) == {"0"}
    assert "on the baseline" in page.banner.facts_label.text()
    document.undo_stack.undo()
    assert document.plan.baselines == () and document.plan.project.baseline is None
    assert page.bar.baseline_combo.count() == 1 and page.bar.baseline_combo.currentData() is None


def test_a_cancelled_name_saves_nothing(
    page: TrackingPage, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TrackingBar, "ask_baseline_name", lambda self, suggested: None)
    page.bar.save_baseline()
    assert document.undo_stack.count() == 0 and document.plan.baselines == ()


def test_choosing_no_baseline_then_the_baseline_again_is_undoable(
    page: TrackingPage, document: Document
) -> None:
    page.bar.save_baseline()
    page.bar.save_baseline()
    assert [b.id for b in document.plan.baselines] == ["B01", "B02"]
    assert document.plan.project.baseline == "B02"
    page.bar.baseline_combo.setCurrentIndex(page.bar.baseline_combo.findData("B01"))
    assert document.plan.project.baseline == "B01"
    assert document.undo_stack.undoText() == "Measure against baseline 'Baseline 1'"
    page.bar.baseline_combo.setCurrentIndex(0)
    assert document.plan.project.baseline is None and document.variance is None
    assert page.cost_model.rowCount() == 0
    document.undo_stack.undo()
    assert document.plan.project.baseline == "B01" and page.bar.baseline_combo.currentData() == "B01"


def test_recording_actuals_in_place_pushes_one_step_each(page: TrackingPage, document: Document) -> None:
    model = page.progress_model
    assert model.setData(_cell(model, "T01", "actual_start"), date(2026, 6, 1))
    assert _task(document, "T01").actual_start == date(2026, 6, 1)
    assert document.undo_stack.count() == 1 and document.undo_stack.undoText() == "Record actual start of T01"
    assert model.setData(_cell(model, "T01", "actual_finish"), date(2026, 6, 19))
    assert _task(document, "T01").actual_finish == date(2026, 6, 19)
    assert document.undo_stack.undoText() == "Record actual finish of T01"
    assert model.setData(_cell(model, "T02", "percent_complete"), 40.0)
    assert _task(document, "T02").percent_complete == 40.0
    assert document.undo_stack.count() == 3 and document.undo_stack.undoText() == "Set T02 to 40% complete"
    assert _cell(model, "T01", "actual_finish").data() == "19/06/2026"
    assert _cell(model, "T02", "percent_complete").data() == "40%"
    assert model.setData(_cell(model, "T01", "actual_finish"), None)
    assert _task(document, "T01").actual_finish is None
    assert document.undo_stack.undoText() == "Clear actual finish of T01"
    for _ in range(4):
        document.undo_stack.undo()
    assert _task(document, "T01").actual_start is None and _task(document, "T02").percent_complete == 0.0


def test_actual_finish_before_actual_start_is_refused_and_says_why(
    page: TrackingPage, document: Document
) -> None:
    model = page.progress_model
    assert model.setData(_cell(model, "T01", "actual_start"), date(2026, 6, 10))
    before, steps = document.plan, document.undo_stack.count()
    assert not model.setData(_cell(model, "T01", "actual_finish"), date(2026, 6, 5))
    assert document.plan is before and document.undo_stack.count() == steps
    assert page.message_label.isVisible()
    assert "before it started" in page.message_label.text() and "T01" in page.message_label.text()
    # A start after the recorded finish is refused the same way; out-of-range percentages too.
    assert model.setData(_cell(model, "T02", "actual_finish"), date(2026, 7, 1))
    assert not model.setData(_cell(model, "T02", "actual_start"), date(2026, 7, 2))
    assert not model.setData(_cell(model, "T02", "percent_complete"), 140)
    assert _task(document, "T02").actual_start is None and _task(document, "T02").percent_complete == 0.0
    # The next successful edit clears the message.
    assert model.setData(_cell(model, "T01", "actual_finish"), date(2026, 6, 12))
    assert not page.message_label.isVisible()


def test_a_status_date_with_no_progress_slips_the_phases_and_turns_the_programme_red(
    page: TrackingPage, document: Document
) -> None:
    page.bar.save_baseline()
    first = page.phase_model.index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert first.status == "green" and first.slip_days == 0
    page.bar.status_date_check.setChecked(True)
    status_day = document.plan.project.start_date + timedelta(days=120)
    page.bar.status_date_edit.setDate(
        page.bar.status_date_edit.date().fromString(status_day.isoformat(), Qt.DateFormat.ISODate)
    )
    assert document.plan.project.status_date == status_day
    assert document.undo_stack.undoText() == f"Set status date to {status_day:%d/%m/%Y}"
    status = document.status
    assert status is not None
    assert all(p.slip_days is not None and p.slip_days > 0 for p in status.phases)
    assert status.programme.status in ("red", "amber")
    word = {"red": "Red", "amber": "Amber"}[status.programme.status]
    assert word in page.banner.status_label.text()
    assert "past the baseline" in page.banner.reasons_label.text()
    assert status.programme.reasons[0].split(" is ")[0] in page.banner.reasons_label.text()
    row = page.phase_model.index(0, PHASE_KEYS.index("status"))
    assert row.data() in ("Red", "Amber") and row.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert int(page.phase_model.index(0, PHASE_KEYS.index("slip_days")).data()) > 0
    # Tasks now show a positive finish variance against the baseline.
    cell = _cell(page.progress_model, "T01", "finish_variance")
    assert cell.data(Qt.ItemDataRole.EditRole) > 0 and cell.data().startswith("+")
    page.bar.status_date_check.setChecked(False)
    assert document.plan.project.status_date is None


def test_rag_thresholds_are_project_settings(page: TrackingPage, document: Document) -> None:
    page.bar.amber_spin.setValue(3)
    page.bar.red_spin.setValue(30)
    assert document.plan.project.rag_amber_days == 3 and document.plan.project.rag_red_days == 30
    assert document.undo_stack.undoText() == "Set red threshold to 30 days"
    document.undo_stack.undo()
    assert page.bar.red_spin.value() == 20


def test_deleting_the_active_baseline_clears_it_in_one_step(page: TrackingPage, document: Document) -> None:
    page.bar.save_baseline()
    assert document.plan.project.baseline == "B01"
    page.bar.delete_baseline_button.click()
    assert document.plan.baselines == () and document.plan.project.baseline is None
    assert document.undo_stack.undoText() == "Delete baseline 'Baseline 1'"
    assert page.bar.baseline_combo.currentData() is None and not page.bar.delete_baseline_button.isEnabled()
    document.undo_stack.undo()
    assert document.plan.project.baseline == "B01" and len(document.plan.baselines) == 1


def test_cost_variance_lists_items_and_totals(page: TrackingPage, document: Document) -> None:
    assert page.cost_model.rowCount() == 0
    assert "baseline" in page.cost_totals_label.text()
    page.bar.save_baseline()
    moved = document.variance
    assert moved is not None and page.cost_model.rowCount() == len(moved.costs) > 0
    first = moved.costs[0]
    assert page.cost_model.index(0, 3).data() == f"£{first.baseline:,.0f}"
    assert page.cost_model.index(0, 5).data() in ("£0", "-£0")
    assert f"£{moved.baseline.total_migrate:,.0f}" in page.cost_totals_label.text()
    document.push(SetProjectFields((("status_date", date(2026, 10, 1)),)))  # later start: dual running moves
    moved = document.variance
    assert moved is not None and moved.total_change
    assert page.cost_model.rowCount() == len(moved.costs)
    assert f"£{abs(moved.total_change):,.0f}" in page.cost_totals_label.text()
    # Sorting by variance puts the item that moved most on top.
    page.cost_table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    top = page.cost_proxy.index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert top.variance == max(c.variance for c in moved.costs) > 0


def test_the_date_editor_writes_nothing_unless_changed_and_delete_clears(
    qtbot: QtBot, page: TrackingPage, document: Document
) -> None:
    model = page.progress_model
    delegate = ProgressDelegate()
    index = _cell(model, "T01", "actual_start")
    editor = delegate.createEditor(page, QStyleOptionViewItem(), index)
    assert isinstance(editor, ClearableDateEdit) and editor.accessibleName() == "Actual start"
    delegate.setEditorData(editor, index)
    forecast = document.schedule.start_of("T01")  # type: ignore[union-attr]
    assert editor.value() == forecast
    delegate.setModelData(editor, model, index)
    assert document.undo_stack.count() == 0  # opened and closed: nothing recorded
    editor.setDate(editor.date().addDays(2))
    delegate.setModelData(editor, model, index)
    assert _task(document, "T01").actual_start == forecast + timedelta(days=2)
    delegate.setEditorData(editor, index)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.value() is None and editor.text() == "None"
    delegate.setModelData(editor, model, index)
    assert _task(document, "T01").actual_start is None
    editor.deleteLater()


def test_delete_on_the_table_clears_the_current_actual_date(
    qtbot: QtBot, page: TrackingPage, document: Document
) -> None:
    model = page.progress_model
    model.setData(_cell(model, "T03", "actual_start"), date(2026, 6, 3))
    page.tabs.setCurrentWidget(page.progress_tab)
    table = page.progress_table
    table.setCurrentIndex(page.progress_proxy.mapFromSource(_cell(model, "T03", "actual_start")))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert _task(document, "T03").actual_start is None
    assert document.undo_stack.undoText() == "Clear actual start of T03"


def test_every_control_has_an_accessible_name(page: TrackingPage) -> None:
    interactive = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
    composite = (QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)
    page.bar.save_baseline()  # a baseline fills the cost table and enables every control
    seen = 0
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        controls = [
            w
            for w in page.findChildren(QWidget)
            if isinstance(w, interactive) and w.isVisible() and not isinstance(w.parentWidget(), composite)
        ]
        seen += len(controls)
        assert [
            f"{type(w).__name__} {w.objectName()!r}" for w in controls if not w.accessibleName().strip()
        ] == []
    assert seen > 10
    for action in (page.export_png_action, page.export_pdf_action, page.clear_actual_action):
        assert action.statusTip()
    assert page.tabs.accessibleName() and page.banner.accessibleDescription()


def test_the_dashboard_is_drawn_and_exports_png_and_pdf(
    page: TrackingPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.bar.save_baseline()
    page.tabs.setCurrentWidget(page.chart_host)
    assert page.chart_host.figure is not None and "Programme" in page.chart_host.summary
    for suffix, action, magic in (
        (".png", page.export_png_action, b"\x89PNG"),
        (".pdf", page.export_pdf_action, b"%PDF"),
    ):
        target = tmp_path / f"dashboard{suffix}"
        monkeypatch.setattr(tracking_page, "ask_save_path", lambda *args, target=target: target)
        action.trigger()
        assert target.read_bytes().startswith(magic) and target.stat().st_size > 10_000
    image = QImage(str(tmp_path / "dashboard.png"))
    assert image.width() >= 1280 and image.height() >= 800


def test_models_pass_the_model_tester(qtmodeltester, page: TrackingPage) -> None:  # type: ignore[no-untyped-def]
    page.bar.save_baseline()
    for model in (page.progress_model, page.phase_model, page.cost_model):
        qtmodeltester.check(model, force_py=True)


def test_the_progress_table_copes_with_five_thousand_tasks(hosted: Callable[[QWidget], QWidget]) -> None:
    document = Document(big_plan(5000, 3))
    page = hosted(TrackingPage(document))
    assert isinstance(page, TrackingPage)
    page.tabs.setCurrentWidget(page.progress_tab)
    model = page.progress_model
    assert model.rowCount() == 5000
    assert model.setData(_cell(model, "T4999", "percent_complete"), 55.0)
    assert _cell(model, "T4999", "percent_complete").data() == "55%"
    page.search_edit.setText("T4999")
    assert page.progress_proxy.rowCount() == 1
    document.undo_stack.setClean()
