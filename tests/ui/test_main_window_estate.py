"""The main window's estate features: the graph tab, inventory import and the template export."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog

from app.ui.dialogs import inventory_import
from app.ui.main_window import MainWindow
from app.ui.pages.graph_page import GraphPage


def test_pages_and_view_shortcuts(window: MainWindow) -> None:
    assert isinstance(window.tabs.widget(2), GraphPage)
    window.menu_actions["show_page_3"].trigger()
    assert window.tabs.currentWidget() is window.graph_page
    assert window.menu_actions["show_page_3"].shortcut().toString() == "Ctrl+3"


def test_export_template_then_import_it(window: MainWindow, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    template = tmp_path / "inventory.xlsx"
    assert window.export_inventory_template(template)
    book = openpyxl.load_workbook(template)
    sheet = book["Inventory"]
    headers = [c.value for c in sheet[1]]
    row = [None] * len(headers)
    row[headers.index("Name")] = "Legacy wallboards"
    row[headers.index("Estate (current/target)")] = "current"
    row[headers.index("Annual run cost (£)")] = "£4,500"
    for column, value in enumerate(row, start=1):
        sheet.cell(row=2, column=column, value=value)
    book.save(template)
    before = len(window.document.plan.systems)
    monkeypatch.setattr(inventory_import.InventoryImportDialog, "exec",
                        lambda self: (self.accept(), QDialog.DialogCode.Accepted)[1])
    assert window.import_inventory(template)
    added = window.document.plan.systems[before:]
    assert [(s.name, s.annual_run_cost) for s in added] == [("Legacy wallboards", 4500.0)]
    assert window.tabs.currentWidget() is window.estate_page
    window.document.undo_stack.undo()
    assert len(window.document.plan.systems) == before


def test_template_export_error_is_one_line(window: MainWindow, tmp_path: Path) -> None:
    assert not window.export_inventory_template(tmp_path / "missing-folder" / "t.xlsx")
    ((title, message),) = window.dialogs.errors  # type: ignore[attr-defined]
    assert "template" in title.lower() and "\n" not in message


def test_gaps_tab_and_suggest_waves_menu(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui.dialogs import waves_dialog
    from app.ui.pages.gaps_page import GapsPage

    assert isinstance(window.tabs.widget(3), GapsPage)
    assert window.estate_menu is not None
    assert window.menu_actions["suggest_waves"] in window.estate_menu.actions()
    asked: list[object] = []
    monkeypatch.setattr(waves_dialog, "suggest_waves_interactively",
                        lambda parent, document: asked.append(document) or False)
    window.menu_actions["suggest_waves"].trigger()
    assert asked == [window.document]


def test_no_two_window_wide_shortcuts_collide(window: MainWindow) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction

    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        if action.shortcutContext() != Qt.ShortcutContext.WindowShortcut:
            continue  # page actions only fire while their page has focus
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text}: {seen.get(text)} and {action.text()}"
            seen[text] = action.text()


def test_table_and_graph_selection_follow_each_other(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QItemSelectionModel, Qt

    from tests.conftest import SAMPLES

    window = make_window(SAMPLES / "midshire.json", show=True)
    window.resize(1280, 800)
    page, graph = window.estate_page, window.graph_page.view
    # a row picked in the estate table highlights that system in the graph
    row = next(r for r in range(page.proxy.rowCount())
               if page.proxy.index(r, 0).data(Qt.ItemDataRole.DisplayRole) == "A24")
    page.table.selectionModel().select(
        page.proxy.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    assert window.selection.ids == ("A24",)
    assert graph.nodes["A24"].highlighted and not graph.nodes["A13"].highlighted
    # a system clicked in the graph becomes the table's selected row and the panel's system
    window.tabs.setCurrentWidget(window.graph_page)
    graph.fit()
    qtbot.wait(10)
    point = graph.mapFromScene(graph.nodes["A13"].sceneBoundingRect().center())
    qtbot.mouseClick(graph.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.selection.ids == ("A13",)
    selected = {page.proxy.index(i.row(), 0).data() for i in page.table.selectionModel().selectedRows()}
    assert selected == {"A13"}


def test_timeline_tab_and_tasks_menu(window: MainWindow) -> None:
    from app.ui.pages.timeline_page import TimelinePage

    assert isinstance(window.timeline_page, TimelinePage)
    assert window.tabs.indexOf(window.timeline_page) >= 0
    assert window.tasks_menu is not None and window.tasks_menu.actions()
    texts = [a.text().replace("&", "") for a in window.tasks_menu.actions()]
    assert any("Plan Wave" in t for t in texts) and any("Add Task" in t for t in texts)


def test_a_task_edit_moves_its_bar_and_its_successors(make_window) -> None:  # type: ignore[no-untyped-def]
    from app.engine.edits import set_item_fields
    from tests.conftest import SAMPLES

    window = make_window(SAMPLES / "northvale.json")
    document = window.document
    before = {t: document.schedule.finish_of(t) for t in ("B4", "B6", "B9", "B10")}
    document.push(set_item_fields(document.plan, "tasks", "B4", "Change duration of B4", duration=80))
    after = {t: document.schedule.finish_of(t) for t in before}
    assert all(after[t] > before[t] for t in before)  # B4 and everything after it moved
    view = window.timeline_page.view

    def bar_end(task_id: str) -> float:
        return view.bar_rect(task_id).right()  # type: ignore[union-attr]

    for task_id in ("B4", "B10"):  # each bar ends at the end of its (inclusive) finish day's column
        assert bar_end(task_id) == pytest.approx(view.day_x(after[task_id]) + view.pixels_per_day)
    document.undo_stack.undo()
    assert bar_end("B10") == pytest.approx(view.day_x(before["B10"]) + view.pixels_per_day)


def test_costs_risk_and_summary_tabs_and_p80_reaches_the_summary(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.engine.risk import simulate
    from tests.conftest import SAMPLES

    window = make_window(SAMPLES / "northvale.json")
    titles = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert titles[-5:] == ["Costs", "Risk", "Summary", "Tracking", "Scenarios"]
    result = simulate(window.document.plan, 300, seed=2)
    window.risk_page.simulation_finished.emit(result)
    p80 = result.percentiles[80]
    assert f"{p80.day} {p80:%B %Y}" in window.summary_page.tiles["p80"].value_label.text()


def test_file_export_writes_ms_project_xml_off_the_gui_thread(window: MainWindow, tmp_path: Path) -> None:
    from app.exporters.mspdi import read_mspdi

    target = tmp_path / "plan.xml"
    assert window.export_mspdi(target)
    assert {t.name for t in read_mspdi(target).tasks} >= {t.name for t in window.document.plan.tasks}
    assert window.export_csv(tmp_path / "csv")
    assert (tmp_path / "csv" / "schedule.csv").exists()
    texts = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()]
    assert "Export" in texts


def test_file_export_workbook(window: MainWindow, tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "plan.xlsx"
    assert window.export_workbook(target)
    assert "Cost by FY" in openpyxl.load_workbook(target).sheetnames
