"""``app.ui.app.run``: application identity, the window shown with the file given, the exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui import app as ui_app
from app.ui.main_window import MainWindow


def test_run_opens_the_file_and_returns_exec_status(qtbot: QtBot, demo_json: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[MainWindow] = []
    real_create = ui_app.create_main_window

    def create(path: str | Path | None = None) -> MainWindow:
        window = real_create(path)
        qtbot.addWidget(window)
        shown.append(window)
        return window

    monkeypatch.setattr(ui_app, "create_main_window", create)
    monkeypatch.setattr(QApplication, "exec", lambda _self: 7)
    assert ui_app.run(str(demo_json), []) == 7
    application = QApplication.instance()
    assert application is not None
    assert application.applicationName() == "ccplan"
    assert application.organizationName() == "ccplan"
    assert shown[0].isVisible()
    assert shown[0].windowTitle() == "demo-borough[*] — ccplan"
