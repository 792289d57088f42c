"""UI test fixtures: a plan built in code, its interchange JSON, main windows with stubbed dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.engine.model import Freeze, Phase, Plan, Project, System
from app.storage.interchange import write_json
from app.ui.main_window import MainWindow
from app.ui.settings import Settings


def build_demo_plan() -> Plan:
    """A small two-estate plan: four current systems replaced by five target systems over two phases."""
    project = Project(
        name="Demo Borough contact centre", start_date=date(2026, 4, 1), organisation="Demo Borough Council",
        organisation_type="district council",
        freezes=(Freeze("Council tax billing", date(2027, 3, 1), date(2027, 3, 31)),),
        non_working_days=(date(2026, 12, 29), date(2026, 12, 30)),
    )
    phases = (Phase("P1", "Foundations"), Phase("P2", "Cutover"))
    systems = (
        System("C1", "Avaya Aura PBX", "current", "acd", "retire", "Avaya", 120, 48000.0, date(2027, 3, 31),
               replaced_by=("T1",), phase="P2"),
        System("C2", "Legacy IVR", "current", "ivr", "replace", "Avaya", 0, 12000.0, date(2026, 12, 31),
               replaced_by=("T2",)),
        System("C3", "Call recorder", "current", "recording", "archive", "NICE", 120, 9500.5,
               replaced_by=("T3",)),
        System("C4", "Lagan CRM", "current", "crm", "retain", "Verint", 300, 31000.0),
        System("T1", "Cloud contact centre", "target", "platform", "new", "Genesys", 120, 96000.0,
               phase="P1"),
        System("T2", "Cloud IVR", "target", "ivr", "new", "Genesys", 0, 0.0, phase="P1"),
        System("T3", "Cloud recording", "target", "recording", "new", "Genesys", 120, 0.0, phase="P2"),
        System("T4", "SIP trunks", "target", "sip_trunk", "new", "BT", 0, 14400.0, phase="P1"),
        System("T5", "Payments (DTMF masking)", "target", "payments", "new", "PCI Pal", 40, 7200.0),
    )
    return Plan(project=project, phases=phases, systems=systems)


@pytest.fixture
def demo_plan() -> Plan:
    """The plan built in code."""
    return build_demo_plan()


@pytest.fixture
def demo_json(tmp_path: Path, demo_plan: Plan) -> Path:
    """The demo plan written as interchange JSON."""
    path = tmp_path / "demo-borough.json"
    write_json(demo_plan, path)
    return path


class DialogLog:
    """What the stubbed dialogs were asked: unsaved-changes questions and error messages."""

    def __init__(self) -> None:
        self.unsaved_answer = QMessageBox.StandardButton.Discard
        self.unsaved_asked = 0
        self.errors: list[tuple[str, str]] = []
        self.save_path: Path | None = None
        self.open_path: Path | None = None


@pytest.fixture
def make_window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., MainWindow]]:
    """Return a factory of main windows (settings from ``$CCPLAN_CONFIG_DIR``) with dialogs stubbed.

    Each window gets a ``dialogs`` attribute (a ``DialogLog``): set ``unsaved_answer``, ``save_path`` or
    ``open_path`` before acting, and read ``errors`` and ``unsaved_asked`` after.
    """
    created: list[MainWindow] = []
    pending: list[DialogLog] = []  # the log of the window being constructed (it may open a file)

    def log_of(window: MainWindow) -> DialogLog:
        return getattr(window, "dialogs", None) or pending[-1]

    def ask_unsaved(self: MainWindow) -> QMessageBox.StandardButton:
        log_of(self).unsaved_asked += 1
        return log_of(self).unsaved_answer

    monkeypatch.setattr(MainWindow, "_ask_unsaved_changes", ask_unsaved)
    monkeypatch.setattr(MainWindow, "_show_error",
                        lambda self, title, message: log_of(self).errors.append((title, message)))
    monkeypatch.setattr(MainWindow, "_ask_save_path", lambda self: log_of(self).save_path)
    monkeypatch.setattr(MainWindow, "_ask_open_path", lambda self: log_of(self).open_path)

    def make(path: str | Path | None = None, show: bool = False) -> MainWindow:
        from app.ui.app import create_main_window

        pending.append(DialogLog())
        window = create_main_window(path, Settings())
        window.dialogs = pending[-1]  # type: ignore[attr-defined]
        qtbot.addWidget(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
        created.append(window)
        return window

    yield make
    for window in created:
        window.document.undo_stack.setClean()  # closing at teardown must not ask


@pytest.fixture
def window(make_window: Callable[..., MainWindow], demo_json: Path) -> MainWindow:
    """A main window showing the demo plan (opened from its interchange JSON)."""
    return make_window(demo_json)


@pytest.fixture
def hosted(qtbot: QtBot) -> Iterator[Callable[[QWidget], QWidget]]:
    """Return a function that shows a page inside a main window at 1280x800, as the app hosts it.

    A top-level minimum size keeps the offscreen platform from warning on show; windows close at teardown.
    """
    hosts: list[QMainWindow] = []

    def host(widget: QWidget) -> QWidget:
        window = QMainWindow()
        window.setMinimumSize(640, 480)
        window.setCentralWidget(widget)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        hosts.append(window)
        return widget

    yield host
    for window in hosts:
        window.close()
