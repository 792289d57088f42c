"""A save that fails (full disk, no permission, read-only folder) says which file and why, keeps the work in
memory (modified, same plan, same undo history) and leaves Save As working."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.engine.edits import SetProjectFields
from app.storage.project_file import load_plan
from app.ui.main_window import MainWindow


def _no_space(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _denied(*_args: object, **_kwargs: object) -> None:
    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))


def _edit(window: MainWindow) -> None:
    window.document.push(SetProjectFields((("name", "Work in progress"),), "Rename project"))


def _assert_work_kept(window: MainWindow, plan: object, undo_index: int) -> None:
    assert window.document.modified and window.isWindowModified()
    assert window.document.plan is plan
    assert window.document.undo_stack.index() == undo_index
    assert window.document.undo_stack.canUndo()


def _errors(window: MainWindow) -> list[tuple[str, str]]:
    return window.dialogs.errors  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize("suffix", [".ccplan", ".json"])
@pytest.mark.parametrize("fault", [("replace", _no_space, "no space left on device"),
                                   ("fsync", _no_space, "no space left on device")],
                         ids=["replace-enospc", "fsync-enospc"])
def test_full_disk_on_save_as_keeps_the_work_and_save_as_works_after(
        window: MainWindow, tmp_path: Path, suffix: str,
        fault: tuple[str, Callable[..., None], str]) -> None:
    name, failure, reason = fault
    _edit(window)
    plan, undo_index = window.document.plan, window.document.undo_stack.index()
    folder = tmp_path / "full"
    folder.mkdir()
    target = folder / f"plan{suffix}"
    window.dialogs.save_path = target  # type: ignore[attr-defined]
    with pytest.MonkeyPatch.context() as patch:  # not the fixture's: undoing it would undo the dialog stubs
        patch.setattr(os, name, failure)
        assert not window.save_as()
    [(title, message)] = _errors(window)
    assert title == "Could not save the file"
    assert "plan" + suffix in message and str(folder) in message
    assert reason in message.lower()
    assert "Save As" in message and "\n" not in message
    _assert_work_kept(window, plan, undo_index)
    assert window.document.path is None
    assert list(folder.iterdir()) == []  # no file, no temporary file, no lock left behind
    elsewhere = tmp_path / f"elsewhere{suffix}"
    window.dialogs.save_path = elsewhere  # type: ignore[attr-defined]
    assert window.save_as()
    assert load_plan(elsewhere) == plan
    assert not window.document.modified
    assert window.document.undo_stack.index() == undo_index  # undo survives the save


def test_full_disk_on_save_in_place_keeps_the_old_file(
        window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "plan.ccplan"
    window.dialogs.save_path = target  # type: ignore[attr-defined]
    assert window.save_as()
    before = target.read_bytes()
    _edit(window)
    plan, undo_index = window.document.plan, window.document.undo_stack.index()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", _no_space)
        assert not window.save()
    assert "plan.ccplan" in _errors(window)[0][1] and "no space left on device" in _errors(window)[0][1]
    _assert_work_kept(window, plan, undo_index)
    assert target.read_bytes() == before
    assert window.save()  # space freed: Save works again, to the same file
    assert load_plan(target) == plan


def test_permission_denied_names_the_file_and_the_reason(
        window: MainWindow, tmp_path: Path) -> None:
    _edit(window)
    plan, undo_index = window.document.plan, window.document.undo_stack.index()
    window.dialogs.save_path = tmp_path / "locked-down.ccplan"  # type: ignore[attr-defined]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "mkstemp", _denied)
        assert not window.save()
    message = _errors(window)[0][1]
    assert "locked-down.ccplan" in message and "permission denied" in message.lower()
    _assert_work_kept(window, plan, undo_index)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="runs as root, and chmod does not stop root writing into a folder; "
                           "test_permission_denied_names_the_file_and_the_reason simulates it instead")
def test_read_only_folder(window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        _edit(window)
        plan, undo_index = window.document.plan, window.document.undo_stack.index()
        window.dialogs.save_path = folder / "plan.ccplan"  # type: ignore[attr-defined]
        assert not window.save()
        message = _errors(window)[0][1]
        assert "plan.ccplan" in message and "permission denied" in message.lower()
        _assert_work_kept(window, plan, undo_index)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)
    window.dialogs.save_path = tmp_path / "plan.ccplan"  # type: ignore[attr-defined]
    assert window.save()
