"""Starting the desktop app: the QApplication, the main window, and the file given on the command line.

:func:`run` puts the window on screen *before* it opens the file: the window is shown and painted, then the
file is read under a busy cursor, then the event loop starts. ``benchmarks/bench_startup.py`` times both.
"""

from __future__ import annotations

# isort: off
# The engine first, before anything imports Qt: PySide6 reads the source of every module imported after it
# (its ``__feature__`` support), which cost about 0.2 s of start-up for the engine, numpy, networkx and
# holidays. The window needs them all before it can show (its document reviews the empty plan).
import app.engine.review  # noqa: F401
# isort: on

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QDialog

import app
from app.ui import settings as keys
from app.ui.main_window import MainWindow
from app.ui.resources import app_icon
from app.ui.settings import Settings

#: While :func:`run` builds the window, :func:`create_main_window` puts the file to open here instead of
#: opening it, so that ``run`` can show the window first.
_files_to_open: ContextVar[list[Path] | None] = ContextVar("_files_to_open", default=None)
#: The longest ``run`` waits for the window system to expose the new window before it opens the file.
EXPOSE_WAIT_MS = 500


def _application(argv: list[str] | None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        application = existing
    else:
        application = QApplication(argv if argv is not None else sys.argv[:1])
    application.setApplicationName("ccplan")
    application.setOrganizationName("ccplan")
    application.setApplicationVersion(app.__version__)
    # Wayland compositors and docks match the window to resources/linux/org.ccplan.ccplan.desktop by this.
    application.setDesktopFileName("org.ccplan.ccplan")
    application.setWindowIcon(app_icon())
    return application


def create_main_window(path: str | Path | None = None, settings: Settings | None = None) -> MainWindow:
    """Create the main window and open ``path`` (a ``.ccplan`` project or interchange ``.json``) if given.

    A QApplication must exist. When no path is given and the "reopen last file" preference is on, the most
    recent file is opened. The file is open when this returns (except inside :func:`run`, which opens it
    once the window is on screen).

    Args:
        path: the file to open.
        settings: the settings store; read from the config folder when omitted.
    """
    settings = settings if settings is not None else Settings()
    window = MainWindow(settings)
    if path is None and settings.value(keys.REOPEN_LAST_FILE):
        recent = settings.recent_files(prune_missing=True)
        path = recent[0] if recent else None
    if path is not None:
        later = _files_to_open.get()
        if later is None:
            window.open_file(path)
        else:
            later.append(Path(path))
    return window


def run(path: str | None = None, argv: list[str] | None = None, team_url: str | None = None) -> int:
    """Run the desktop app until its window closes and return the exit status.

    The window is shown (and painted) first; the file given, or the one reopened by preference, is opened
    right after, before the event loop starts, with a busy cursor and a status message meanwhile. Once the
    event loop runs, work a crashed ccplan left in its autosaves is offered for recovery.

    Args:
        path: a file to open at start.
        argv: arguments for Qt (``sys.argv`` by default).
        team_url: a team database to open at start (``ccplan --db URL``), instead of ``path``.
    """
    application = _application(argv)
    files: list[Path] = []
    token = _files_to_open.set(files)
    try:
        window = create_main_window(path)
    finally:
        _files_to_open.reset(token)
    window.show()
    for file in files:
        opening = window.tr("Opening {name}…").format(name=file.name)
        window.statusBar().showMessage(opening)
        _wait_until_exposed(window)
        with _busy_cursor():
            window.open_file(file)
        if window.statusBar().currentMessage() == opening:  # not replaced by the outcome (an error dialog)
            window.statusBar().clearMessage()
    if team_url is not None:
        QTimer.singleShot(0, lambda: window.open_team_database(team_url))
    QTimer.singleShot(0, window.offer_recovery)
    return application.exec()


def _wait_until_exposed(window: MainWindow, limit_ms: int = EXPOSE_WAIT_MS) -> None:
    """Run events until the window system has exposed (and Qt painted) ``window``, at most ``limit_ms``.

    User input waits for the application's event loop: nothing can close the window before the file is open.
    """
    no_input = QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
    handle = window.windowHandle()
    if handle is not None and not handle.isExposed():
        loop = QEventLoop()
        deadline = QDeadlineTimer(limit_ms)
        poll = QTimer(interval=5)
        poll.timeout.connect(lambda: loop.quit() if handle.isExposed() or deadline.hasExpired() else None)
        poll.start()
        loop.exec(no_input)
        poll.stop()
    QApplication.processEvents(no_input)  # paint the exposed window and the status message


class _BusyCursor(QObject):
    """The wait cursor while a file opens, back to normal as soon as a dialog (an error, a question) shows."""

    def __init__(self) -> None:
        super().__init__()
        self._busy = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            self.restore()
        return False

    def set(self) -> None:
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        self._busy = True

    def restore(self) -> None:
        if self._busy:
            QApplication.restoreOverrideCursor()
            self._busy = False


@contextmanager
def _busy_cursor() -> Iterator[None]:
    busy = _BusyCursor()
    application = QApplication.instance()
    assert application is not None
    application.installEventFilter(busy)
    busy.set()
    try:
        yield
    finally:
        busy.restore()
        application.removeEventFilter(busy)
