"""``app.ui.app.run``: application identity, the window shown with the file given, the exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui import app as ui_app
from app.ui.main_window import MainWindow


@pytest.fixture
def created(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> list[MainWindow]:
    """The windows ``run`` creates (through ``create_main_window``), in order; closed after the test."""
    windows: list[MainWindow] = []
    real_create = ui_app.create_main_window

    def create(path: str | Path | None = None) -> MainWindow:
        window = real_create(path)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    monkeypatch.setattr(ui_app, "create_main_window", create)
    return windows


def test_run_opens_the_file_and_returns_exec_status(demo_json: Path, monkeypatch: pytest.MonkeyPatch,
                                                    created: list[MainWindow]) -> None:
    monkeypatch.setattr(QApplication, "exec", lambda _self: 7)
    assert ui_app.run(str(demo_json), []) == 7
    application = QApplication.instance()
    assert application is not None
    assert application.applicationName() == "ccplan"
    assert application.organizationName() == "ccplan"
    assert created[0].isVisible()
    assert created[0].windowTitle() == "demo-borough[*] — ccplan"


def test_run_shows_the_window_before_it_opens_the_file(demo_json: Path, monkeypatch: pytest.MonkeyPatch,
                                                       created: list[MainWindow]) -> None:
    """Start-up: the window is on screen first, then the file is read under a busy cursor."""
    opening: list[tuple[bool, bool]] = []
    real_open = MainWindow.open_file

    def open_file(self: MainWindow, path: str | Path | None = None, *, remember: bool = True) -> bool:
        opening.append((self.isVisible(), QApplication.overrideCursor() is not None))
        return real_open(self, path, remember=remember)

    monkeypatch.setattr(MainWindow, "open_file", open_file)
    monkeypatch.setattr(QApplication, "exec", lambda _self: 0)
    assert ui_app.run(str(demo_json), []) == 0
    assert opening == [(True, True)]  # visible, busy cursor
    assert QApplication.overrideCursor() is None
    assert created[0].windowTitle() == "demo-borough[*] — ccplan"


def test_create_main_window_opens_the_file_before_returning(qtbot: QtBot, demo_json: Path) -> None:
    window = ui_app.create_main_window(demo_json)
    qtbot.addWidget(window)
    assert not window.isVisible()
    assert window.windowTitle() == "demo-borough[*] — ccplan"


def test_run_offers_recovery_and_opens_a_team_database_once_the_loop_runs(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, created: list[MainWindow]) -> None:
    """``ccplan --db URL`` opens the team plan; any crashed session's autosaves are offered after start-up."""
    calls: list[str] = []
    monkeypatch.setattr(MainWindow, "offer_recovery", lambda self: calls.append("recovery") or False)
    monkeypatch.setattr(MainWindow, "open_team_database",
                        lambda self, url=None: calls.append(f"team {url}") or False)
    def exec_briefly(_self: QApplication) -> int:
        assert calls == []  # nothing runs before the event loop
        qtbot.waitUntil(lambda: len(calls) == 2)
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_briefly)
    assert ui_app.run(None, [], team_url="postgresql+psycopg://ann@db/plans") == 0
    assert calls == ["team postgresql+psycopg://ann@db/plans", "recovery"]
