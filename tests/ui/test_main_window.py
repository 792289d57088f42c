"""Main window: title and modified mark, undo/redo through the Edit menu, saving, closing, recent files,
window geometry and errors on open."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.engine.edits import SetProjectFields
from app.engine.model import Plan
from app.storage.project_file import load_plan
from app.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]


def _rename(window: MainWindow, qtbot: QtBot, name: str) -> None:
    edit = window.project_page.name_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, name)
    edit.editingFinished.emit()


def test_opening_json_shows_a_named_untitled_document(window: MainWindow, demo_plan: Plan) -> None:
    assert window.windowTitle() == "demo-borough[*] — ccplan"
    assert not window.isWindowModified()
    assert window.document.path is None  # Save goes to Save As
    assert window.estate_page.model.rowCount() == len(demo_plan.systems)
    assert window.project_page.name_edit.text() == demo_plan.project.name
    assert "Save will ask" in window.statusBar().currentMessage()


def test_rename_marks_modified_and_undo_restores(window: MainWindow, qtbot: QtBot, demo_plan: Plan) -> None:
    _rename(window, qtbot, "Renamed programme")
    assert window.document.plan.project.name == "Renamed programme"
    assert window.isWindowModified()
    undo = window.menu_actions["undo"]
    assert undo.text() == "Undo Rename project"
    undo.trigger()
    assert window.document.plan.project.name == demo_plan.project.name
    assert window.project_page.name_edit.text() == demo_plan.project.name
    assert not window.isWindowModified()
    window.menu_actions["redo"].trigger()
    assert window.project_page.name_edit.text() == "Renamed programme"
    assert window.isWindowModified()


def test_redo_has_both_standard_shortcuts(window: MainWindow) -> None:
    shortcuts = {s.toString() for s in window.menu_actions["redo"].shortcuts()}
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= shortcuts
    assert window.menu_actions["undo"].shortcut().toString() == "Ctrl+Z"


def test_save_as_clears_modified_and_keeps_undo(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    _rename(window, qtbot, "Saved name")
    target = tmp_path / "saved.ccplan"
    window.dialogs.save_path = target  # type: ignore[attr-defined]
    assert window.menu_actions["save"].isEnabled()
    window.menu_actions["save"].trigger()  # no file yet: goes to Save As
    assert target.exists()
    assert load_plan(target).project.name == "Saved name"
    assert not window.isWindowModified()
    assert window.windowTitle() == "saved.ccplan[*] — ccplan"
    assert window.document.undo_stack.canUndo()
    window.menu_actions["undo"].trigger()
    assert window.isWindowModified()  # undoing past the save point is a change
    window.menu_actions["save"].trigger()  # now saves in place without asking
    assert load_plan(target).project.name != "Saved name"
    assert window.dialogs.errors == []  # type: ignore[attr-defined]


def test_reopening_a_saved_project(make_window: MakeWindow, window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "round.ccplan"
    window.document.save(target)
    other = make_window(target)
    assert other.windowTitle() == "round.ccplan[*] — ccplan"
    assert other.document.plan == window.document.plan


def test_close_with_unsaved_changes_cancel_keeps_window(make_window: MakeWindow, demo_json: Path,
                                                        qtbot: QtBot) -> None:
    window = make_window(demo_json, show=True)
    window.document.push(SetProjectFields((("name", "Changed"),), "Rename project"))
    window.dialogs.unsaved_answer = QMessageBox.StandardButton.Cancel  # type: ignore[attr-defined]
    assert not window.close()
    assert window.isVisible()
    assert window.dialogs.unsaved_asked == 1  # type: ignore[attr-defined]
    window.dialogs.unsaved_answer = QMessageBox.StandardButton.Discard  # type: ignore[attr-defined]
    assert window.close()


def test_close_with_unsaved_changes_save_writes_file(make_window: MakeWindow, demo_json: Path,
                                                      tmp_path: Path) -> None:
    window = make_window(demo_json)
    window.document.push(SetProjectFields((("name", "Keep me"),), "Rename project"))
    window.dialogs.unsaved_answer = QMessageBox.StandardButton.Save  # type: ignore[attr-defined]
    window.dialogs.save_path = tmp_path / "kept.ccplan"  # type: ignore[attr-defined]
    assert window.close()
    assert load_plan(tmp_path / "kept.ccplan").project.name == "Keep me"


def test_new_with_unsaved_changes_asks(window: MainWindow) -> None:
    window.document.push(SetProjectFields((("name", "Changed"),), "Rename project"))
    window.dialogs.unsaved_answer = QMessageBox.StandardButton.Cancel  # type: ignore[attr-defined]
    window.menu_actions["new"].trigger()
    assert window.document.plan.project.name == "Changed"
    window.dialogs.unsaved_answer = QMessageBox.StandardButton.Discard  # type: ignore[attr-defined]
    window.menu_actions["new"].trigger()
    assert window.document.plan.systems == ()
    assert window.windowTitle() == "Untitled[*] — ccplan"
    assert not window.document.undo_stack.canUndo()


def test_recent_files_updated_and_persisted(make_window: MakeWindow, window: MainWindow,
                                            tmp_path: Path) -> None:
    first, second = tmp_path / "first.ccplan", tmp_path / "second.ccplan"
    for target in (first, second):
        window.dialogs.save_path = target  # type: ignore[attr-defined]
        assert window.save_as()
    assert window.open_file(first)
    assert window.settings.recent_files()[:2] == [str(first.resolve()), str(second.resolve())]
    second.unlink()
    later = make_window()  # a new window reads the same settings file
    menu = later.recent_menu
    assert menu is not None
    menu.aboutToShow.emit()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert any(t.endswith("first.ccplan") for t in texts)
    assert not any(t.endswith("second.ccplan") for t in texts)  # missing files are pruned
    clear = next(a for a in menu.actions() if "Clear" in a.text())
    clear.trigger()
    assert later.settings.recent_files() == []


def test_geometry_persisted_between_windows(make_window: MakeWindow, qtbot: QtBot) -> None:
    # The offscreen screen is 800x600 and restoreGeometry() keeps windows on screen: stay inside it.
    first = make_window(show=True)
    first.resize(780, 560)
    first.tabs.setCurrentIndex(1)
    assert first.close()
    second = make_window(show=True)
    assert second.size() == QSize(780, 560)
    assert second.tabs.currentIndex() == 1
    assert os.path.exists(second.settings.file_name)


def test_opening_random_bytes_shows_error_and_keeps_plan(
    make_window: MakeWindow, demo_json: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(demo_json)
    monkeypatch.undo()  # use the real _show_error, with QMessageBox.critical patched
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    before = window.document.plan
    bad = tmp_path / "garbage.ccplan"
    bad.write_bytes(os.urandom(4096))
    assert not window.open_file(bad)
    assert len(shown) == 1
    assert "\n" not in shown[0] and "Traceback" not in shown[0]
    assert window.document.plan is before
    assert window.windowTitle() == "demo-borough[*] — ccplan"


def test_opening_missing_file_shows_error(window: MainWindow, tmp_path: Path) -> None:
    assert not window.open_file(tmp_path / "nowhere.ccplan")
    assert len(window.dialogs.errors) == 1  # type: ignore[attr-defined]


def test_open_asks_for_a_path(window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "asked.ccplan"
    window.document.save(target)
    window.new_project()
    window.dialogs.open_path = target  # type: ignore[attr-defined]
    window.menu_actions["open"].trigger()
    assert window.document.path == target


def test_validation_status_shown(window: MainWindow) -> None:
    window.document.push(SetProjectFields((("freezes", ()),), "Remove freezes"))
    report = window.document.validation
    label = window.validation_label.text()
    if report.errors or report.warnings:
        assert "warning" in label or "error" in label
    else:
        assert label == "Plan valid"


def test_save_error_keeps_document_modified(window: MainWindow, tmp_path: Path) -> None:
    window.document.push(SetProjectFields((("name", "Unsaved"),), "Rename project"))
    window.dialogs.save_path = tmp_path / "no-such-folder" / "x.ccplan"  # type: ignore[attr-defined]
    assert not window.save()
    assert len(window.dialogs.errors) == 1  # type: ignore[attr-defined]
    assert "\n" not in window.dialogs.errors[0][1]  # type: ignore[attr-defined]
    assert window.isWindowModified()
    assert window.document.plan.project.name == "Unsaved"


def test_upgraded_file_reports_backup_in_status_bar(window: MainWindow, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from app.storage import project_file

    target = tmp_path / "old.ccplan"
    window.document.save(target)
    backup = tmp_path / "old.ccplan.bak-0001"
    real_open = project_file.open_project
    monkeypatch.setattr(project_file, "open_project", lambda path: project_file.OpenedProject(
        real_open(path).plan, "0001", backup))
    assert window.open_file(target)
    message = window.statusBar().currentMessage()
    assert "backed up" in message and str(backup) in message


def test_reopen_last_file_preference(make_window: MakeWindow, window: MainWindow, tmp_path: Path) -> None:
    from app.ui import settings as keys

    target = tmp_path / "last.ccplan"
    window.dialogs.save_path = target  # type: ignore[attr-defined]
    assert window.save_as()
    window.settings.set_value(keys.REOPEN_LAST_FILE, True)
    assert make_window().document.path == target.resolve()


def test_about_box_names_version_and_offline(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    import app

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window.menu_actions["about"].trigger()
    assert app.__version__ in shown[0] and "offline" in shown[0]
