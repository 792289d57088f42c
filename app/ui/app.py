"""Starting the desktop app: the QApplication, the main window, and the file given on the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

import app
from app.ui import settings as keys
from app.ui.main_window import MainWindow
from app.ui.resources import app_icon
from app.ui.settings import Settings


def _application(argv: list[str] | None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        application = existing
    else:
        application = QApplication(argv if argv is not None else sys.argv[:1])
    application.setApplicationName("ccplan")
    application.setOrganizationName("ccplan")
    application.setApplicationVersion(app.__version__)
    application.setWindowIcon(app_icon())
    return application


def create_main_window(path: str | Path | None = None, settings: Settings | None = None) -> MainWindow:
    """Create the main window and open ``path`` (a ``.ccplan`` project or interchange ``.json``) if given.

    A QApplication must exist. When no path is given and the "reopen last file" preference is on, the most
    recent file is opened.

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
        window.open_file(path)
    return window


def run(path: str | None = None, argv: list[str] | None = None) -> int:
    """Run the desktop app until its window closes and return the exit status.

    Args:
        path: a file to open at start.
        argv: arguments for Qt (``sys.argv`` by default).
    """
    application = _application(argv)
    window = create_main_window(path)
    window.show()
    return application.exec()
