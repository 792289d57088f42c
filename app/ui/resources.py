"""Where ccplan's plain resource files (icons, templates) live in source, wheel and PyInstaller layouts."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon


def resource_path(*parts: str) -> Path:
    """Return the path of a file under ``resources/``.

    Args:
        *parts: path components below ``resources/``, e.g. ``("icons", "ccplan.svg")``.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    root = Path(frozen) if frozen else Path(__file__).resolve().parent.parent.parent
    return root.joinpath("resources", *parts)


def app_icon() -> QIcon:
    """Return the application icon (empty if the icon file is missing)."""
    path = resource_path("icons", "ccplan.svg")
    return QIcon(str(path)) if path.exists() else QIcon()
