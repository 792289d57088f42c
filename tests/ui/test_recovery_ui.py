"""Autosave while modified, gone when clean or closed; on start-up, work a crashed session left is offered:
Recover (an unsaved document), Discard or Later. The dialog itself is reachable by keyboard."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app.engine.edits import SetProjectFields
from app.engine.model import Plan
from app.storage import recovery
from app.storage.interchange import read_json
from app.storage.project_file import load_plan
from app.ui import settings as keys
from app.ui.autosave import RecoveryChoice, ask_recovery
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
from tests.storage.bigplan import big_plan

MakeWindow = Callable[..., MainWindow]


def _edit(window: MainWindow, name: str = "Edited") -> None:
    window.document.push(SetProjectFields((("name", name),), "Rename project"))


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True, check=True)
    return int(child.stdout)


def crashed_autosave(plan: Plan, original: Path | None, name: str = "plan.ccplan") -> recovery.Autosave:
    """An autosave as a ccplan process that has since died would have left it."""
    key = recovery.new_key()
    autosave = recovery.write_autosave(plan, key, name=name, original=original)
    meta = json.loads(autosave.meta_path.read_text(encoding="utf-8"))
    meta["pid"] = _dead_pid()
    autosave.meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return autosave


def test_autosave_while_modified_then_removed_when_saved(window: MainWindow, qtbot: QtBot,
                                                          tmp_path: Path) -> None:
    folder = window.autosave.folder
    assert folder == tmp_path / "data" / "autosave"
    assert window.autosave.timer.interval() == 60_000  # the default: a minute
    assert not window.autosave.timer.isActive()  # nothing to protect yet
    window.autosave.timer.setInterval(20)
    _edit(window, "First edit")
    assert window.autosave.timer.isActive()
    meta_path = window.autosave.plan_path.with_name(window.autosave.key + ".meta.json")
    qtbot.waitUntil(meta_path.exists, timeout=5000)
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["pid"] == os.getpid() and meta["name"] == "demo-borough" and meta["original"] is None
    assert read_json(window.autosave.plan_path) == window.document.plan
    assert recovery.list_recoverable(folder) == []  # ours, and we are alive
    window.dialogs.save_path = tmp_path / "saved.ccplan"  # type: ignore[attr-defined]
    assert window.save()
    assert _files(folder) == []
    assert not window.autosave.timer.isActive()


def test_undo_to_the_saved_state_or_closing_removes_the_autosave(window: MainWindow) -> None:
    _edit(window)
    assert window.autosave.autosave_now()
    assert len(_files(window.autosave.folder)) == 2
    window.menu_actions["undo"].trigger()  # back to the state read from disk
    assert _files(window.autosave.folder) == []
    _edit(window)
    assert window.autosave.autosave_now()
    window.dialogs.unsaved_answer = QMessageBox.StandardButton.Cancel  # type: ignore[attr-defined]
    assert not window.close()
    assert len(_files(window.autosave.folder)) == 2  # still open: still protected
    window.dialogs.unsaved_answer = QMessageBox.StandardButton.Discard  # type: ignore[attr-defined]
    assert window.close()
    assert _files(window.autosave.folder) == []


def test_the_interval_comes_from_settings_and_zero_turns_it_off(make_window: MakeWindow) -> None:
    Settings().set_value(keys.AUTOSAVE_INTERVAL, 0)
    window = make_window()
    _edit(window)
    assert not window.autosave.timer.isActive()
    Settings().set_value(keys.AUTOSAVE_INTERVAL, 5)
    assert make_window().autosave.timer.interval() == 5000


def test_a_failed_autosave_says_so_in_the_status_bar(window: MainWindow,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(recovery, "write_autosave", full)  # as the controller calls it
    plan = window.document.plan
    _edit(window)
    assert not window.autosave.autosave_now()
    assert "Autosave failed: No space left on device" in window.statusBar().currentMessage()
    assert window.document.modified and window.document.plan is not plan


def test_recover_opens_the_crashed_work_as_an_unsaved_document(
        make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = big_plan(40, 3)
    crashed = crashed_autosave(plan, tmp_path / "budget.ccplan")
    window = make_window()
    asked: list[recovery.Autosave] = []

    def recover(_self: MainWindow, autosave: recovery.Autosave) -> RecoveryChoice:
        asked.append(autosave)
        return RecoveryChoice.RECOVER

    monkeypatch.setattr(MainWindow, "_ask_recovery", recover)
    assert window.offer_recovery()
    assert [a.key for a in asked] == [crashed.key]
    assert window.document.plan == plan
    assert window.document.modified and window.isWindowModified()
    assert window.document.path is None  # Save asks where
    assert window.windowTitle() == "budget (recovered)[*] — ccplan"
    assert not window.document.undo_stack.canUndo()
    assert "Recovered unsaved work" in window.statusBar().currentMessage()
    # The crashed session's autosave is replaced by this window's own.
    assert _files(window.autosave.folder) == sorted([f"{window.autosave.key}.json",
                                                     f"{window.autosave.key}.meta.json"])
    assert recovery.list_recoverable() == []
    window.dialogs.unsaved_answer = QMessageBox.StandardButton.Cancel  # type: ignore[attr-defined]
    assert not window.close()  # unsaved: closing asks first
    assert window.dialogs.unsaved_asked == 1  # type: ignore[attr-defined]
    window.dialogs.save_path = tmp_path / "kept.ccplan"  # type: ignore[attr-defined]
    assert window.save()
    assert load_plan(tmp_path / "kept.ccplan") == plan
    assert _files(window.autosave.folder) == []


def test_discard_deletes_and_later_keeps(make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    first = crashed_autosave(big_plan(5, 1), None, "Untitled")
    second = crashed_autosave(big_plan(5, 2), None, "Other")
    window = make_window()
    before = window.document.plan
    answers = [RecoveryChoice.DISCARD, RecoveryChoice.LATER]
    monkeypatch.setattr(MainWindow, "_ask_recovery", lambda self, autosave: answers.pop(0))
    assert not window.offer_recovery()
    assert answers == []
    assert window.document.plan is before and not window.document.modified
    remaining = recovery.list_recoverable()
    assert len(remaining) == 1 and remaining[0].key in (first.key, second.key)
    recovery.discard(remaining[0])
    monkeypatch.setattr(MainWindow, "_ask_recovery", lambda self, autosave: pytest.fail("nothing to offer"))
    assert not window.offer_recovery()


def answer_modal_box(qtbot: QtBot, key: Qt.Key, seen: dict[str, object]) -> None:
    """Once a modal message box shows, note its title, text, default and buttons' names; press ``key``."""
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(20, press)
            return
        seen["names"] = sorted(b.accessibleName() for b in box.findChildren(QPushButton))
        seen["text"] = box.text()
        seen["default"] = box.defaultButton().text()
        seen["title"] = box.windowTitle()
        qtbot.keyClick(box, key)  # type: ignore[no-untyped-call]

    QTimer.singleShot(0, press)


# Qt's message boxes resize themselves on show, which the offscreen platform warns about.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_recovery_question_by_keyboard(make_window: MakeWindow, qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window()
    crashed = crashed_autosave(big_plan(5, 1), tmp_path / "plan.ccplan")
    [autosave] = recovery.list_recoverable()
    seen: dict[str, object] = {}
    answer_modal_box(qtbot, Qt.Key.Key_Escape, seen)
    assert ask_recovery(window, autosave) is RecoveryChoice.LATER
    assert seen["title"] == "Recover unsaved work"
    assert seen["names"] == ["Decide later", "Discard the autosave", "Recover the autosave"]
    assert "plan.ccplan" in str(seen["text"]) and str(tmp_path) in str(seen["text"])
    assert seen["default"] == "&Recover"
    answer_modal_box(qtbot, Qt.Key.Key_Return, seen)
    assert ask_recovery(window, autosave) is RecoveryChoice.RECOVER
    assert crashed.plan_path.exists()
