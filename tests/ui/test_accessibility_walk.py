"""Every page and dialog walked: each control has an accessible name and a place in the tab order.

The main window shows the Midshire sample with a saved baseline, a scenario, a finished simulation and a
finished comparison, so the tracking, risk and scenario widgets all exist. Dialogs are built and shown
without ``exec()``; the standard message and input boxes are inspected from a timer while they run.
Rules and the exceptions Qt forces (sub-controls, scroll bars, headers) live in ``tests/ui/a11y_audit.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHeaderView,
    QProgressDialog,
    QStyledItemDelegate,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
    QWidgetAction,
)
from pytestqt.qtbot import QtBot

from app.engine.merge import merge
from app.storage.team import TeamConflict, TeamPlan
from app.ui.dialogs.inventory_import import InventoryImportDialog
from app.ui.dialogs.plan_wave_dialog import PlanWaveDialog
from app.ui.dialogs.waves_dialog import SuggestedWavesDialog
from app.ui.main_window import MainWindow
from app.ui.pages.scenarios_page import ScenariosPage
from app.ui.team_dialogs import ConflictDialog, TeamDatabaseDialog
from app.ui.widgets.tracking_bar import TrackingBar
from app.ui.workers import run_with_progress
from tests.conftest import SAMPLES
from tests.ui.a11y_audit import Allowance, any_menu_path, audited, describe, offenders, tab_walk

ASK_BASELINE_NAME = TrackingBar.ask_baseline_name  # the real dialogs, before the fixtures replace them
ASK_SCENARIO_NAME = ScenariosPage._ask_name
CONFIRM_DELETE = ScenariosPage._confirm_delete
SHOW_PAGE_ERROR = ScenariosPage._show_error

PENDING_LEAD_FIX: list[Allowance] = []  # offenders awaiting a fix elsewhere (none now)


@pytest.fixture(autouse=True)
def _no_worker_left() -> Iterator[None]:
    yield
    assert QThreadPool.globalInstance().waitForDone(10_000), "a worker is still running"


@pytest.fixture
def midshire(make_window: Callable[..., MainWindow], qtbot: QtBot,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    """Midshire with a baseline, a scenario, a simulation and a comparison, shown at 1280x800, with a system
    (one with integrations) and a task selected so the properties panels and lists are filled."""
    monkeypatch.setattr(TrackingBar, "ask_baseline_name", lambda self, suggested: suggested)
    monkeypatch.setattr(ScenariosPage, "_ask_name", lambda self, title, label, text: "Phased")
    window = make_window(SAMPLES / "midshire.json", show=True)
    window.tracking_page.bar.save_baseline()
    window.scenarios_page.new_scenario()
    assert window.document.plan.baselines and window.document.plan.scenarios
    window.risk_page.iterations_spin.setValue(200)
    with qtbot.waitSignal(window.risk_page.simulation_finished, timeout=30_000):
        window.risk_page.run()
    window.scenarios_page.iterations_spin.setValue(100)
    with qtbot.waitSignal(window.scenarios_page.comparison_finished, timeout=30_000):
        window.scenarios_page.run()
    linked = next(i.source for i in window.document.plan.integrations)
    window.selection.set_selected([linked])
    window.task_selection.set_selected([window.document.plan.tasks[0].id])
    yield window
    window.risk_page.shutdown()
    window.scenarios_page.shutdown()


def _show_page(window: MainWindow, index: int) -> QWidget:
    window.tabs.setCurrentIndex(index)
    QApplication.processEvents()
    page = window.tabs.widget(index)
    assert page is not None
    return page


def _each_view(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """Show each page, and within it each tab of its own tab widgets; yield (where, page) for each."""
    for index in range(window.tabs.count()):
        page = _show_page(window, index)
        title = window.tabs.tabText(index).replace("&", "")
        yield title, page
        for inner in page.findChildren(QTabWidget):
            for tab in range(1, inner.count()):
                inner.setCurrentIndex(tab)
                QApplication.processEvents()
                yield f"{title} ▸ {inner.tabText(tab).replace('&', '')}", page
            inner.setCurrentIndex(0)


def test_every_page_control_is_named_and_in_the_tab_order(midshire: MainWindow) -> None:
    problems: list[str] = []
    for title, page in _each_view(midshire):
        assert len(audited(page)) > 2, title
        problems += [f"{title}: {p}" for p in offenders(page, PENDING_LEAD_FIX) if p not in problems]
    assert problems == [], "\n".join(problems)


def test_window_frame_controls_are_named_and_reachable(midshire: MainWindow) -> None:
    """The toolbar, tab bar and status bar outside the pages."""
    problems = []
    for widget in audited(midshire):
        if any(p is widget or p.isAncestorOf(widget) for p in map(midshire.tabs.widget, range(10)) if p):
            continue
        problems += offenders_of_one(widget)
    assert problems == [], "\n".join(problems)


def offenders_of_one(widget: QWidget) -> list[str]:
    """The audit of ``widget`` alone (its children are audited on their own)."""
    return [p for p in offenders(widget, PENDING_LEAD_FIX) if describe(widget) in p]


def test_tab_reaches_every_control_of_each_page_in_one_run(midshire: MainWindow) -> None:
    problems = []
    for title, page in _each_view(midshire):
        missed, chain = tab_walk(page, midshire.tabs.tabBar())  # Tab from the page's tab, as a user does
        assert chain, title
        problems += [f"{title}: Tab never reaches {describe(w)}" for w in missed]
    assert problems == [], "\n".join(problems)


def _window_actions(window: MainWindow) -> list[QAction]:
    """Every command the window offers: actions of its widgets and actions it owns (not Qt's internals)."""
    found: dict[int, QAction] = {}
    for widget in [window, *window.findChildren(QWidget)]:
        found.update((id(a), a) for a in widget.actions())
    found.update((id(a), a) for a in window.findChildren(QAction))
    toggles = {id(bar.toggleViewAction()) for bar in window.findChildren(QToolBar)}
    return [a for a in found.values()
            if not a.isSeparator() and a.text().strip() and a.menu() is None and a.isVisible()
            and not isinstance(a, QWidgetAction) and id(a) not in toggles
            and not a.objectName().startswith("_q_")]  # Qt's own (a line edit's clear button)


def test_every_action_has_a_shortcut_or_a_menu_path(midshire: MainWindow) -> None:
    actions = _window_actions(midshire)
    assert len(actions) > 60
    missing = [f"{a.text()!r} ({describe(a.parent()) if isinstance(a.parent(), QWidget) else a.parent()})"
               for a in actions if not a.shortcuts() and any_menu_path(a, midshire) is None]
    assert missing == [], "\n".join(missing)


def test_every_toolbar_button_has_a_menu_path(midshire: MainWindow) -> None:
    missing = []
    for _title, page in itertools.chain([("window", midshire)], _each_view(midshire)):
        for toolbar in page.findChildren(QToolBar):
            for action in toolbar.actions():
                button = toolbar.widgetForAction(action)
                if not isinstance(button, QToolButton) or not button.isVisibleTo(midshire):
                    continue
                if any_menu_path(action, midshire) is None:
                    entry = f"{toolbar.accessibleName()}: {action.text().replace('&', '')}"
                    if entry not in missing:
                        missing.append(entry)
    assert missing == [], "\n".join(missing)


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "inventory.csv"
    path.write_text("System,Supplier,Type,Seats,Annual cost,Contract end\n"
                    "Avaya PBX,Avaya,ACD,120,\"£48,000\",31/03/2027\n"
                    "Call recorder,NICE,Recording,120,\"£9,500\",01/04/2027\n", encoding="utf-8")
    return path


def _conflict(window: MainWindow) -> TeamConflict:
    """A conflict on the window's first task and first system (for the Conflicting Changes dialog)."""
    base = window.document.plan
    task, system = base.tasks[0], base.systems[0]
    mine = replace(base, tasks=(replace(task, duration=task.duration + 5), *base.tasks[1:]),
                   systems=(replace(system, vendor="Mine Ltd"), *base.systems[1:]))
    theirs = replace(base, tasks=(replace(task, duration=task.duration + 9), *base.tasks[1:]),
                     systems=base.systems[1:])
    state = TeamPlan("postgresql+psycopg://ann@db/plans", theirs, 2, {}, "ann@pc1",
                     "2026-11-22T10:00:00+00:00")
    return TeamConflict(merge(base, mine, theirs).conflicts, state, ())


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen, top-level dialogs
@pytest.mark.parametrize("name", ["inventory", "plan_wave", "waves", "team_open", "team_publish",
                                  "team_conflict"])
def test_every_dialog_control_is_named_and_in_the_tab_order(
        midshire: MainWindow, qtbot: QtBot, tmp_path: Path, name: str) -> None:
    builders: dict[str, Callable[[], QDialog]] = {
        "inventory": lambda: InventoryImportDialog(midshire.document, _csv(tmp_path), midshire),
        "plan_wave": lambda: PlanWaveDialog(midshire.document, midshire, "W2"),
        "waves": lambda: SuggestedWavesDialog(midshire.document, midshire),
        "team_open": lambda: TeamDatabaseDialog(["postgresql+psycopg://ann@db/plans"], True, False, midshire),
        "team_publish": lambda: TeamDatabaseDialog([], False, True, midshire),
        "team_conflict": lambda: ConflictDialog(_conflict(midshire), midshire),
    }
    dialog = builders[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    try:
        problems = offenders(dialog)
        missed, chain = tab_walk(dialog)
        problems += [f"Tab never reaches {describe(w)}" for w in missed]
        assert len(chain) >= 3
        problems += _delegate_editor_problems(dialog)
    finally:
        dialog.reject()
    assert problems == [], "\n".join(problems)


def _delegate_editor_problems(root: QWidget, opened: list[str] | None = None) -> list[str]:
    """Open the editor of the first editable cell of each column of each view; each must be named.

    The views' names and columns whose custom editors were opened are added to ``opened``.
    """
    problems = []
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if isinstance(view, QHeaderView):
            continue
        if model is None or not view.isVisible() or model.rowCount(QModelIndex()) == 0:
            continue
        # (list models keep columnCount private: count the valid columns instead)
        columns = next(c for c in range(1000) if not model.index(0, c).isValid())
        for column in range(columns):
            cells = [model.index(row, column) for row in range(min(model.rowCount(QModelIndex()), 20))]
            index = next((c for c in cells if model.flags(c) & Qt.ItemFlag.ItemIsEditable), None)
            if index is None:
                continue
            delegate = view.itemDelegateForIndex(index)
            if type(delegate) is QStyledItemDelegate:
                continue  # Qt's default editors: named by the cell they edit
            before = set(map(id, view.findChildren(QWidget)))
            view.setCurrentIndex(index)
            view.edit(index)
            QApplication.processEvents()
            editors = [w for w in view.viewport().findChildren(QWidget)
                       if id(w) not in before and w.isVisible()]
            if opened is not None and editors:
                opened.append(f"{view.accessibleName()}:{column}")
            for editor in editors:
                if editor.parentWidget() is view.viewport() and not editor.accessibleName().strip():
                    problems.append(f"cell editor without a name: {describe(editor)} in {describe(view)} "
                                    f"column {column}")
            view.closePersistentEditor(index)
            for editor in editors:
                delegate.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.RevertModelCache)
            QApplication.processEvents()
    return problems


def test_every_table_cell_editor_is_named(midshire: MainWindow) -> None:
    problems: list[str] = []
    opened: list[str] = []
    for title, page in _each_view(midshire):
        problems += [f"{title}: {p}" for p in _delegate_editor_problems(page, opened)]
    # The custom editors: cost lines (category, money), progress (dates, percent), integrations (system).
    assert {name.split(":")[0] for name in opened} >= {"Cost lines", "Task progress", "Integrations"}, opened
    midshire.document.undo_stack.setClean()
    assert problems == [], "\n".join(problems)


def _inspect_modal(qtbot: QtBot, open_it: Callable[[], object]) -> list[str]:
    """Run ``open_it`` (which shows a modal box) and audit the box from a timer, then close it."""
    found: dict[str, list[str]] = {}

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, inspect)
            return
        try:
            problems = offenders(dialog)
            missed, _chain = tab_walk(dialog)
            problems += [f"Tab never reaches {describe(w)}" for w in missed]
            if not dialog.accessibleName().strip() and not dialog.windowTitle().strip():
                problems.append(f"dialog without a name or title: {describe(dialog)}")
            found["problems"] = problems
        finally:
            if isinstance(dialog, QProgressDialog):
                dialog.canceled.emit()
            elif isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()

    QTimer.singleShot(0, inspect)
    open_it()
    qtbot.waitUntil(lambda: "problems" in found, timeout=5_000)
    return found["problems"]


# Qt's own message and input boxes resize themselves on show, which the offscreen platform warns about.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_message_and_input_boxes_are_named_and_in_the_tab_order(
        midshire: MainWindow, qtbot: QtBot) -> None:
    scenarios, bar = midshire.scenarios_page, midshire.tracking_page.bar
    boxes: dict[str, Callable[[], object]] = {
        "about": midshire.show_about,
        "baseline name": lambda: ASK_BASELINE_NAME(bar, "Baseline 2"),
        "scenario name": lambda: ASK_SCENARIO_NAME(scenarios, "New scenario", "Name:", "Phased (copy)"),
        "confirm delete": lambda: CONFIRM_DELETE(scenarios, "Phased"),
        "error": lambda: SHOW_PAGE_ERROR(scenarios, "Rename", "A scenario is already called Phased."),
        "progress": lambda: run_with_progress(midshire, "Writing plan.xlsx…", _slow_job),
    }
    problems = []
    for name, open_it in boxes.items():
        problems += [f"{name}: {p}" for p in _inspect_modal(qtbot, open_it)]
    assert problems == [], "\n".join(problems)


def _slow_job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> None:
    """A job that runs until cancelled (or 10 s), so its progress dialog shows and can be inspected."""
    import time

    for step in range(1000):
        if cancelled():
            return
        progress(step, 1000)
        time.sleep(0.01)
