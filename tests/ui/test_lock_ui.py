"""A project another ccplan has open (a real second process) is never written over unasked: Open warns with
Open a Copy / Open Anyway / Cancel; a stale lock is taken over silently; Save As will not write over it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.engine.model import Plan
from app.storage.lockfile import LockOwner, lock_path_for, read_owner
from app.storage.project_file import load_plan, save_plan
from app.ui.autosave import LockChoice, ask_lock_choice
from app.ui.main_window import MainWindow
from tests.storage.test_lockfile import leave_stale_lock, lock_held_by_another_process
from tests.ui.test_recovery_ui import answer_modal_box

MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def project(tmp_path: Path, demo_plan: Plan) -> Path:
    path = tmp_path / "shared.ccplan"
    save_plan(demo_plan, path)
    return path


def _answering(monkeypatch: pytest.MonkeyPatch, choice: LockChoice) -> list[tuple[Path, LockOwner]]:
    asked: list[tuple[Path, LockOwner]] = []

    def ask(_self: MainWindow, path: Path, owner: LockOwner) -> LockChoice:
        asked.append((path, owner))
        return choice

    monkeypatch.setattr(MainWindow, "_ask_locked", ask)
    return asked


def test_opening_takes_the_lock_and_closing_gives_it_back(make_window: MakeWindow, project: Path) -> None:
    window = make_window(project)
    owner = read_owner(project)
    assert owner is not None and owner.pid == os.getpid()
    window.close()
    assert not lock_path_for(project).exists()


@pytest.mark.parametrize("choice", list(LockChoice))
def test_a_project_open_in_another_process_asks_first(
        make_window: MakeWindow, project: Path, demo_plan: Plan, monkeypatch: pytest.MonkeyPatch,
        choice: LockChoice) -> None:
    window = make_window()
    before = window.document.plan
    asked = _answering(monkeypatch, choice)
    with lock_held_by_another_process(project) as holder:
        opened = window.open_file(project)
        [(path, owner)] = asked
        assert path == project and owner.pid == holder.pid
        if choice is LockChoice.CANCEL:
            assert not opened
            assert window.document.plan is before
            assert read_owner(project).pid == holder.pid  # type: ignore[union-attr]
        elif choice is LockChoice.OPEN_COPY:
            assert opened and window.document.plan == demo_plan
            assert window.document.path is None  # Save asks for a new file
            assert window.windowTitle() == "shared (copy)[*] — ccplan"
            assert read_owner(project).pid == holder.pid  # type: ignore[union-attr]
        else:
            assert opened and window.document.path == project
            assert read_owner(project).pid == os.getpid()  # type: ignore[union-attr]
    if choice is LockChoice.OPEN_ANYWAY:
        assert read_owner(project).pid == os.getpid()  # type: ignore[union-attr]  # the holder left ours alone
        window.close()
    assert not lock_path_for(project).exists()


def test_a_stale_lock_is_taken_over_without_asking(make_window: MakeWindow, project: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    dead = leave_stale_lock(project)
    window = make_window()
    asked = _answering(monkeypatch, LockChoice.CANCEL)
    assert window.open_file(project)
    assert asked == []
    owner = read_owner(project)
    assert owner is not None and owner.pid == os.getpid() != dead


def test_save_as_will_not_write_over_a_project_open_elsewhere(
        window: MainWindow, project: Path, tmp_path: Path) -> None:
    before = project.read_bytes()
    window.dialogs.save_path = project  # type: ignore[attr-defined]
    with lock_held_by_another_process(project) as holder:
        assert not window.save_as()
        [(title, message)] = window.dialogs.errors  # type: ignore[attr-defined]
        assert "shared.ccplan" in message and f"pid {holder.pid}" in message and "another name" in message
    assert project.read_bytes() == before
    assert window.document.path is None
    window.dialogs.save_path = tmp_path / "mine.ccplan"  # type: ignore[attr-defined]
    assert window.save_as()
    assert read_owner(tmp_path / "mine.ccplan").pid == os.getpid()  # type: ignore[union-attr]


def test_reopening_in_the_same_process_does_not_ask(make_window: MakeWindow, project: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _answering(monkeypatch, LockChoice.CANCEL)
    first = make_window(project)
    second = make_window(project)
    assert asked == [] and second.document.path == project == first.document.path
    second.close()
    first.close()
    assert load_plan(project) is not None


# Qt's message boxes resize themselves on show, which the offscreen platform warns about.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_lock_question_by_keyboard(window: MainWindow, qtbot: QtBot, project: Path) -> None:
    owner = LockOwner(4242, "desk-17", "alice", "2026-05-01T09:30:00+01:00")
    seen: dict[str, object] = {}
    answer_modal_box(qtbot, Qt.Key.Key_Escape, seen)
    assert ask_lock_choice(window, project, owner) is LockChoice.CANCEL
    assert seen["title"] == "Project in use"
    assert seen["names"] == ["Cancel", "Open a copy", "Open anyway"]
    assert seen["text"] == ("“shared.ccplan” is open in another ccplan "
                            "(alice@desk-17, pid 4242, since 01 May 2026 09:30).")
    answer_modal_box(qtbot, Qt.Key.Key_Return, seen)
    assert ask_lock_choice(window, project, owner) is LockChoice.OPEN_COPY
