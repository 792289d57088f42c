"""Asking where to save: one place for the save dialog and the file-name suffix rule."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_save_path(parent: QWidget | None, title: str, suggested: str | Path, file_filter: str,
                  suffix: str) -> Path | None:
    """Ask where to save a file; ``None`` when cancelled.

    Args:
        parent: the dialog's parent.
        title: the dialog's title.
        suggested: the file name (or path) offered.
        file_filter: the dialog's filter, e.g. ``"PNG images (*.png)"``.
        suffix: the suffix the file must end with (``".png"``); added when the name typed lacks it.
    """
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
