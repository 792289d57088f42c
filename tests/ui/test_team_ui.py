"""Two app windows on one team database: merged saves, the conflict dialog, cancel keeps the work."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox
from sqlalchemy.engine import make_url

from app.engine import model as m
from app.engine.edits import set_item_fields
from app.storage.interchange import read_json
from app.storage.team import display_url as team_display_url
from app.storage.team import open_team, publish
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
from app.ui.team import RECENT_TEAM_DATABASES
from app.ui.team_dialogs import ConflictDialog, TeamDatabaseDialog
from tests.conftest import SAMPLES

Factory = Callable[..., MainWindow]


@pytest.fixture
def midshire() -> m.Plan:
    return read_json(SAMPLES / "midshire.json")


def edit_task(window: MainWindow, task_id: str, **values: object) -> None:
    window.document.push(set_item_fields(window.document.plan, "tasks", task_id, **values))


def two_windows(make_window: Factory, url: str) -> tuple[MainWindow, MainWindow]:
    alice, bob = make_window(), make_window()
    assert alice.team.open(url) and bob.team.open(url)
    return alice, bob


def test_two_windows_on_one_postgresql_plan_show_the_conflict_dialog(
        make_window: Factory, postgres_url: str, midshire: m.Plan) -> None:
    publish(postgres_url, midshire, user="alice@pc1")
    alice, bob = two_windows(make_window, postgres_url)
    assert "team database" in bob.windowTitle()
    task = midshire.tasks[0]
    edit_task(alice, task.id, duration=50)
    assert alice.save() and not alice.document.modified

    edit_task(bob, task.id, duration=90, notes="Bob's estimate")
    seen: dict[str, object] = {}

    def resolve(dialog: ConflictDialog) -> bool:
        dialog.resize(1000, 420)
        shots = os.environ.get("CCPLAN_SCREENSHOTS")
        if shots:
            dialog.grab().save(str(Path(shots) / "team-conflict.png"))
        tree = dialog.tree
        top = tree.topLevelItem(0)
        seen["count"] = tree.topLevelItemCount()
        seen["label"] = top.text(0)
        seen["rows"] = {top.child(i).text(0): [top.child(i).text(c) for c in (2, 3, 4)]
                        for i in range(top.childCount())}
        chooser = tree.itemWidget(top, 1)
        seen["chooser"] = chooser.accessibleName() if isinstance(chooser, QComboBox) else None
        dialog.choose(("tasks", task.id), "mine")
        return True

    bob.team.resolve_conflict = resolve
    assert bob.save()
    assert seen["count"] == 1
    assert seen["label"] == f"Task {task.id} '{task.name}'"
    rows = seen["rows"]
    assert isinstance(rows, dict)
    assert rows["duration"] == [str(task.duration), "90", "50"]
    assert rows["notes"][1] == "Bob's estimate"
    assert str(seen["chooser"]).startswith("Keep for Task")
    assert open_team(postgres_url).plan.task_by_id[task.id].duration == 90
    assert not bob.document.modified


def test_cancelling_the_conflict_writes_nothing_and_keeps_the_edit(
        make_window: Factory, team_url: str, midshire: m.Plan) -> None:
    publish(team_url, midshire)
    alice, bob = two_windows(make_window, team_url)
    task = midshire.tasks[1]
    edit_task(alice, task.id, duration=11)
    assert alice.save()
    edit_task(bob, task.id, duration=22)
    bob.team.resolve_conflict = lambda dialog: False
    assert not bob.save()
    assert bob.document.modified and bob.document.plan.task_by_id[task.id].duration == 22
    assert bob.document.undo_stack.count() == 1
    assert open_team(team_url).plan.task_by_id[task.id].duration == 11


def test_others_changes_to_other_records_are_merged_into_my_window(
        make_window: Factory, team_url: str, midshire: m.Plan) -> None:
    publish(team_url, midshire)
    alice, bob = two_windows(make_window, team_url)
    first, second = midshire.tasks[0].id, midshire.tasks[1].id
    edit_task(alice, first, duration=41)
    assert alice.save()
    edit_task(bob, second, duration=42)
    bob.team.resolve_conflict = lambda dialog: pytest.fail("no conflict expected")
    assert bob.save()
    assert bob.document.plan.task_by_id[first].duration == 41  # Alice's work arrived in Bob's window
    assert bob.document.plan.task_by_id[second].duration == 42
    assert not bob.document.modified
    assert "merged" in bob.statusBar().currentMessage()


def test_open_dialog_keeps_passwords_out_of_urls_and_settings(
        make_window: Factory, postgres_url: str, midshire: m.Plan) -> None:
    publish(postgres_url, midshire)
    window = make_window()
    password = str(make_url(postgres_url).password)

    def fill(dialog: TeamDatabaseDialog) -> bool:
        dialog.url_edit.setCurrentText(postgres_url)  # password typed into the URL
        dialog.accept()
        return dialog.result() == TeamDatabaseDialog.DialogCode.Accepted

    window.team.ask_database = fill
    assert window.team.open()
    assert window.team.url is not None and password not in window.team.url
    remembered = Settings().value(RECENT_TEAM_DATABASES)
    assert remembered == [window.team.url]
    config = Path(os.environ["CCPLAN_CONFIG_DIR"])
    for file in config.rglob("*"):
        if file.is_file():
            assert password not in file.read_text(encoding="utf-8", errors="replace")


def test_opening_a_file_leaves_the_team_database(make_window: Factory, team_url: str, midshire: m.Plan,
                                                 demo_json: Path) -> None:
    publish(team_url, midshire)
    window = make_window()
    assert window.team.open(team_url)
    assert window.open_file(demo_json)
    assert window.team.url is None


def test_a_second_ccplan_process_saving_first_brings_up_the_dialog_here(
        make_window: Factory, postgres_url: str, midshire: m.Plan) -> None:
    """Two real app instances: another ccplan process saves a task this window has also changed."""
    publish(postgres_url, midshire)
    window = make_window()
    assert window.team.open(postgres_url)
    task = midshire.tasks[2]
    edit_task(window, task.id, duration=33)
    peer = subprocess.run([sys.executable, "-m", "tests.ui.team_peer", postgres_url, task.id, "44"],
                          capture_output=True, text=True, timeout=120, check=False,
                          cwd=Path(__file__).resolve().parents[2])
    assert peer.returncode == 0, peer.stderr
    assert peer.stdout.strip() == "2"
    asked: list[tuple[str, ...]] = []

    def take_theirs(dialog: ConflictDialog) -> bool:
        top = dialog.tree.topLevelItem(0)
        asked.append(tuple(top.child(i).text(0) for i in range(top.childCount())))
        dialog.theirs_button.click()
        return True

    window.team.resolve_conflict = take_theirs
    assert window.save()
    assert asked == [("duration",)]
    assert window.document.plan.task_by_id[task.id].duration == 44  # theirs, as chosen
    assert open_team(postgres_url).revision == 3


def test_a_mistyped_password_never_wipes_the_one_in_the_keyring(
        make_window: Factory, postgres_url: str, midshire: m.Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    from app.storage import credentials
    from tests.storage.test_credentials import MemoryKeyring

    publish(postgres_url, midshire)
    monkeypatch.delenv(credentials.ENVIRONMENT, raising=False)
    real = str(make_url(postgres_url).password)
    bare = team_display_url(postgres_url)
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        credentials.remember_password(bare, real)
        window = make_window()
        asked: list[str] = []
        window.team.ask_password = lambda url: asked.append(url) or real  # type: ignore[func-returns-value]
        assert window.team.open(bare, password="mistyped")  # refused once, then asked
        assert asked == [bare]
        assert ring.store == {("ccplan", bare): real}  # the stored password survived the typo
    finally:
        keyring.set_keyring(previous)


@pytest.mark.parametrize("cancellable", [True, False])
def test_team_database_work_shows_progress_without_a_cancel_that_would_lie(cancellable: bool) -> None:
    """A database save commits whether or not anyone waits: its progress dialog offers no Cancel."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    from app.ui.workers import run_with_progress

    buttons: list[int] = []

    def look() -> None:  # on the GUI thread, while the worker runs
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        buttons.extend(len(d.findChildren(QPushButton)) for d in dialogs)

    QTimer.singleShot(50, look)
    assert run_with_progress(None, "Saving…", lambda _p, _c: time.sleep(0.4) or 5,
                             cancellable=cancellable) == (True, 5)
    assert buttons == [1 if cancellable else 0]
