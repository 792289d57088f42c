"""Issue 7 end to end in the main window: baseline Midshire, record progress, see the slip and the RAG change,
compare two scenarios, save, reopen and export it all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from app.engine.edits import SetProjectFields
from app.storage.project_file import load_plan
from app.ui.main_window import MainWindow
from app.ui.pages.scenarios_page import ScenariosPage
from app.ui.widgets.tracking_bar import TrackingBar
from tests.conftest import SAMPLES


def _progress_cell(window: MainWindow, task_id: str, key: str):  # type: ignore[no-untyped-def]
    model = window.tracking_page.progress_model
    return model.index(model.row_of(task_id), model.column_of(key))


def test_track_compare_save_and_export_midshire(make_window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TrackingBar, "ask_baseline_name", lambda self, suggested: "FBC approved")
    names = iter(["Start next FY"])
    monkeypatch.setattr(ScenariosPage, "_ask_name", lambda self, *args: next(names))
    window = make_window(SAMPLES / "midshire.json")
    doc = window.document

    # 1. Baseline the approved plan from the Programme menu: one undo step, chosen, on plan, no slip.
    window.menu_actions["save_baseline"].trigger()
    assert window.tabs.currentWidget() is window.tracking_page
    assert [b.name for b in doc.plan.baselines] == ["FBC approved"]
    assert doc.plan.project.baseline == doc.plan.baselines[0].id
    assert doc.status is not None and doc.status.programme.slip_days == 0
    baseline_finish = doc.plan.baselines[0].finish
    rag_before = {a.phase: a.status for a in doc.status.phases}
    assert rag_before["P0"] == "green"

    # 2. Record progress: discovery started on time and is 50% done at a status date four months in, but
    #    nothing else has started. Each is an undo step; the forecast slips against the baseline.
    first = doc.plan.tasks[0]
    model = window.tracking_page.progress_model
    assert model.setData(_progress_cell(window, first.id, "actual_start"), doc.schedule.start_of(first.id))
    assert model.setData(_progress_cell(window, first.id, "percent_complete"), 50.0)
    doc.push(SetProjectFields((("status_date", date(2026, 10, 1)),), "Set status date"))
    task = doc.plan.task_by_id[first.id]
    assert task.actual_start is not None and task.percent_complete == 50.0
    assert doc.schedule is not None and doc.schedule.finish > baseline_finish
    status = doc.status
    assert status is not None and status.programme.slip_days is not None and status.programme.slip_days > 0
    assert status.programme.status == "red"
    banner = window.tracking_page.banner
    assert "Red" in banner.status_label.text() and "past the baseline" in banner.reasons_label.text()
    assert doc.variance is not None and doc.variance.finish_days == status.programme.slip_days
    # the timeline draws the baseline bars under the current ones
    view = window.timeline_page.view
    assert view.baseline_rect(first.id) is not None and view.baseline_rect(first.id) != view.bar_rect(first.id)

    # 3. Two scenarios: clone, switch, start a year later, switch back; compare both off the GUI thread.
    window.menu_actions["new_scenario"].trigger()
    assert [s.name for s in doc.plan.scenarios] == ["Start next FY"]
    page = window.scenarios_page
    page.switch_to(doc.plan.scenarios[0].id)
    assert doc.plan.project.scenario_name == "Start next FY"
    doc.push(SetProjectFields((("start_date", date(2027, 4, 1)), ("status_date", None)), "Start next FY"))
    page.switch_to(doc.plan.scenarios[0].id)
    assert doc.plan.project.scenario_name == "Current plan"
    page.iterations_spin.setValue(200)
    window.menu_actions["compare_scenarios"].trigger()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=60_000)
    figures = page.figures
    assert figures is not None and [f.name for f in figures] == ["Current plan", "Start next FY"]
    assert figures[1].finish is not None and figures[0].finish is not None and figures[1].finish > figures[0].finish

    # 4. Save and reopen: baselines, progress and scenarios are in the file.
    path = tmp_path / "midshire.ccplan"
    doc.save(path)
    again = load_plan(path)
    assert again == doc.plan
    assert again.task_by_id[first.id].percent_complete == 50.0 and len(again.scenarios) == 1

    # 5. Export it all: the workbook has the Status and Comparison sheets with the same figures.
    target = tmp_path / "midshire.xlsx"
    assert window.export_workbook(target)
    book = openpyxl.load_workbook(target)
    assert {"Status", "Comparison"} <= set(book.sheetnames)
    words = [c.value for row in book["Status"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Red" in words or "RED" in words
    versions = [c.value for row in book["Comparison"].iter_rows(max_row=3) for c in row]
    assert "Start next FY" in versions and "Current plan" in versions

    # 6. Undo walks it all back.
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert doc.plan.baselines == () and doc.plan.scenarios == () and doc.plan.project.status_date is None
