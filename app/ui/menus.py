"""The main window's menus and actions (File, Edit, Help), each with text, shortcut and status tip."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QWidget

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def _action(window: MainWindow, text: str, tip: str, slot: Callable[[], object],
            shortcut: QKeySequence.StandardKey | str | None = None, icon: QIcon | None = None) -> QAction:
    action = QAction(text, window)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        action.setIcon(icon)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _icon(window: MainWindow, theme: str, fallback: QStyle.StandardPixmap) -> QIcon:
    return QIcon.fromTheme(theme, window.style().standardIcon(fallback))


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """Create the menu bar of ``window`` and return its actions by name."""
    sp = QStyle.StandardPixmap
    key = QKeySequence.StandardKey
    actions: dict[str, QAction] = {
        "new": _action(window, _tr("&New"), _tr("Start a new, empty project"), window.new_project, key.New,
                       _icon(window, "document-new", sp.SP_FileIcon)),
        "open": _action(window, _tr("&Open…"), _tr("Open a ccplan project or an interchange JSON file"),
                        window.open_file, key.Open, _icon(window, "document-open", sp.SP_DialogOpenButton)),
        "save": _action(window, _tr("&Save"), _tr("Save the project"), window.save, key.Save,
                        _icon(window, "document-save", sp.SP_DialogSaveButton)),
        "save_as": _action(window, _tr("Save &As…"), _tr("Save the project under a new name"),
                           window.save_as, "Ctrl+Shift+S"),
        "quit": _action(window, _tr("&Quit"), _tr("Close ccplan"), window.close, "Ctrl+Q"),
        "open_team": _action(window, _tr("Open Team &Database…"),
                             _tr("Open the plan the team shares in a database (PostgreSQL URL)"),
                             window.open_team_database, "Ctrl+Shift+O"),
        "publish_team": _action(window, _tr("Pu&blish to Team Database…"),
                                _tr("Put this plan into an empty team database so others can open it"),
                                window.publish_to_team_database),
        "recover": _action(window, _tr("Recover &Unsaved Work…"),
                           _tr("Offer the work a crashed ccplan left in its autosaves"), window.offer_recovery),
        "export_workbook": _action(window, _tr("Excel &Workbook…"),
                                   _tr("Export the plan, schedule, costs by financial year, risk, status "
                                       "and scenarios to Excel, with live formulas"), window.export_workbook),
        "export_mspdi": _action(window, _tr("MS &Project XML…"),
                                _tr("Export the schedule as MS Project XML (MSPDI)"), window.export_mspdi),
        "export_csv": _action(window, _tr("&CSV Tables…"),
                              _tr("Export each table as a CSV file, for anyone without Excel"), window.export_csv),
        "import_inventory": _action(window, _tr("&Import Inventory…"),
                                    _tr("Add systems from an estate inventory workbook (.xlsx) or CSV file"),
                                    window.import_inventory),
        "export_template": _action(window, _tr("Export Inventory &Template…"),
                                   _tr("Write a blank inventory workbook with the expected columns and guidance"),
                                   window.export_inventory_template),
        "suggest_waves": _action(window, _tr("Suggest &Waves…"),
                                 _tr("Propose an order of cutovers from the dependency graph, with reasons"),
                                 window.suggest_waves),
        "about": _action(window, _tr("&About ccplan"), _tr("Show the version of ccplan and what it does"),
                         window.show_about),
    }
    actions["quit"].setMenuRole(QAction.MenuRole.QuitRole)
    actions["about"].setMenuRole(QAction.MenuRole.AboutRole)

    stack = window.document.undo_stack
    undo = stack.createUndoAction(window)
    undo.setShortcut(QKeySequence(key.Undo))
    undo.setStatusTip(_tr("Undo the last change"))
    undo.setIcon(_icon(window, "edit-undo", sp.SP_ArrowBack))
    redo = stack.createRedoAction(window)
    redo_keys = [*QKeySequence.keyBindings(key.Redo)]
    for extra in ("Ctrl+Shift+Z", "Ctrl+Y"):
        if QKeySequence(extra) not in redo_keys:
            redo_keys.append(QKeySequence(extra))
    redo.setShortcuts(redo_keys)
    redo.setStatusTip(_tr("Redo the last change undone"))
    redo.setIcon(_icon(window, "edit-redo", sp.SP_ArrowForward))
    actions["undo"], actions["redo"] = undo, redo

    bar = window.menuBar()
    file_menu = bar.addMenu(_tr("&File"))
    file_menu.addAction(actions["new"])
    file_menu.addAction(actions["open"])
    sample_menu = file_menu.addMenu(_tr("Open Sa&mple"))
    sample_menu.setStatusTip(_tr("Open one of the sample projects shipped with ccplan"))
    for name, title, path in window.sample_entries():
        sample = _action(window, title.replace("&", "&&"), _tr("Open the {name} sample project").format(
            name=name), partial(window.open_sample, path))
        sample.setObjectName(f"sample_{name}")
        sample_menu.addAction(sample)
        actions[f"sample_{name}"] = sample
    sample_menu.setEnabled(not sample_menu.isEmpty())
    recent_menu = file_menu.addMenu(_tr("Open &Recent"))
    recent_menu.aboutToShow.connect(partial(fill_recent_menu, window, recent_menu))
    window.recent_menu = recent_menu
    fill_recent_menu(window, recent_menu)
    file_menu.addAction(actions["open_team"])
    file_menu.addSeparator()
    file_menu.addAction(actions["save"])
    file_menu.addAction(actions["save_as"])
    file_menu.addAction(actions["publish_team"])
    file_menu.addAction(actions["recover"])
    file_menu.addSeparator()
    export_menu = file_menu.addMenu(_tr("&Export"))
    for name in ("export_workbook", "export_mspdi", "export_csv"):
        export_menu.addAction(actions[name])
    file_menu.addAction(actions["import_inventory"])
    file_menu.addAction(actions["export_template"])
    file_menu.addSeparator()
    file_menu.addAction(actions["quit"])

    edit_menu = bar.addMenu(_tr("&Edit"))
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)

    estate_menu = bar.addMenu(_tr("Es&tate"))
    window.estate_menu = estate_menu
    for action in getattr(window.estate_page, "estate_actions", []):
        estate_menu.addAction(action)
    if not estate_menu.isEmpty():
        estate_menu.addSeparator()
    estate_menu.addAction(actions["suggest_waves"])

    tasks_menu = bar.addMenu(_tr("Tas&ks"))
    window.tasks_menu = tasks_menu
    panel = getattr(window.timeline_page, "task_panel", None)
    for action in getattr(panel, "task_actions", []):
        tasks_menu.addAction(action)
    tasks_menu.setEnabled(not tasks_menu.isEmpty())

    programme_menu = bar.addMenu(_tr("Pr&ogramme"))
    _fill_programme_menu(window, programme_menu, actions)

    view_menu = bar.addMenu(_tr("&View"))
    for number in range(window.tabs.count()):
        page = window.tabs.widget(number)
        assert page is not None
        title = window.tabs.tabText(number).replace("&", "")
        # Ctrl+1 .. Ctrl+9; later pages are reached through this menu and their tab's Alt+mnemonic
        # (Ctrl+0 is the timeline's zoom-to-fit).
        go = _action(window, _tr("Show &{title}").format(title=title),
                     _tr("Show the {title} page").format(title=title),
                     partial(window.tabs.setCurrentWidget, page), f"Ctrl+{number + 1}" if number < 9 else None)
        view_menu.addAction(go)
        actions[f"show_page_{number + 1}"] = go

    help_menu = bar.addMenu(_tr("&Help"))
    help_menu.addAction(actions["about"])
    return actions


def _fill_programme_menu(window: MainWindow, menu: QMenu, actions: dict[str, QAction]) -> None:
    """Baselines, the status dashboard and scenarios: each shows its page, then acts there."""
    tracking, scenarios = window.tracking_page, window.scenarios_page

    def on(page: QWidget, slot: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            window.tabs.setCurrentWidget(page)
            slot()
        return run

    entries = [
        ("save_baseline", _tr("Save &Baseline…"), _tr("Save the current schedule and cost as a named baseline"),
         on(tracking, tracking.bar.save_baseline)),
        ("export_dashboard", _tr("Export &Dashboard…"), _tr("Save the programme status dashboard as PNG or PDF"),
         on(tracking, tracking.export_png_action.trigger)),
        None,
        ("new_scenario", _tr("&New Scenario from Current Plan…"), _tr("Copy the working plan into a new scenario"),
         on(scenarios, scenarios.new_scenario)),
        ("switch_scenario", _tr("&Switch Scenario…"), _tr("Choose a scenario to make the working plan"),
         on(scenarios, scenarios.version_list.setFocus)),
        ("compare_scenarios", _tr("&Compare Scenarios"), _tr("Compare finish, P80 and costs of every scenario"),
         on(scenarios, scenarios.run)),
    ]
    for entry in entries:
        if entry is None:
            menu.addSeparator()
            continue
        key, text, tip, slot = entry
        actions[key] = _action(window, text, tip, slot)
        menu.addAction(actions[key])


def fill_recent_menu(window: MainWindow, menu: QMenu) -> None:
    """Rebuild the recent-files menu, dropping files that no longer exist."""
    menu.clear()
    files = window.settings.recent_files(prune_missing=True)
    for number, name in enumerate(files, start=1):
        path = Path(name)
        text = f"&{number % 10} {path.name.replace('&', '&&')}"
        action = _action(window, text, _tr("Open {path}").format(path=path), partial(window.open_file, path))
        action.setParent(menu)  # menu.clear() deletes only the actions the menu owns
        menu.addAction(action)
    if not files:
        empty = menu.addAction(_tr("No recent files"))
        empty.setStatusTip(_tr("Projects you open or save are listed here"))
        empty.setEnabled(False)
    menu.addSeparator()
    clear = _action(window, _tr("&Clear Recent Files"), _tr("Forget the list of recent files"),
                    window.clear_recent_files)
    clear.setParent(menu)
    clear.setEnabled(bool(files))
    menu.addAction(clear)
