"""The registry of every QSettings key ccplan uses, each declared once with its type and default.

Two kinds of key (Picard's setting/persist split): ``preferences/...`` are choices the user makes;
``window/...`` and ``recent/...`` are state the app remembers. Plan data never lives here. The settings
file is ``ccplan.ini`` in ``$CCPLAN_CONFIG_DIR`` when set (tests point it at ``tmp_path``), else in the
user's config folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from platformdirs import user_config_dir
from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

MAX_RECENT_FILES = 10


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One settings key: its name, the Python type stored and the value used when absent."""

    key: str
    type: type
    default: T


WINDOW_GEOMETRY: Setting[QByteArray] = Setting("window/geometry", QByteArray, QByteArray())
WINDOW_STATE: Setting[QByteArray] = Setting("window/state", QByteArray, QByteArray())
WINDOW_TAB: Setting[int] = Setting("window/tab", int, 0)
RECENT_FILES: Setting[list[str]] = Setting("recent/files", list, [])
LAST_FOLDER: Setting[str] = Setting("recent/folder", str, "")
# Team database URLs, newest first, always without their passwords (see app/ui/team.py).
RECENT_TEAM_DATABASES: Setting[list[str]] = Setting("recent/team_databases", list, [])
REOPEN_LAST_FILE: Setting[bool] = Setting("preferences/reopen_last_file", bool, False)
CONFIRM_DISCARD: Setting[bool] = Setting("preferences/confirm_discard", bool, True)
# Seconds between autosaves of a plan with unsaved changes (docs/reliability.md); 0 turns autosave off.
AUTOSAVE_INTERVAL: Setting[int] = Setting("preferences/autosave_interval", int, 60)

REGISTRY: tuple[Setting[Any], ...] = (
    WINDOW_GEOMETRY, WINDOW_STATE, WINDOW_TAB, RECENT_FILES, LAST_FOLDER, REOPEN_LAST_FILE, CONFIRM_DISCARD,
    AUTOSAVE_INTERVAL, RECENT_TEAM_DATABASES,
)


def config_folder() -> Path:
    """Return the folder holding ``ccplan.ini``: ``$CCPLAN_CONFIG_DIR`` or the user config folder."""
    override = os.environ.get("CCPLAN_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(user_config_dir("ccplan", "ccplan", roaming=True))


class Settings:
    """Typed access to the INI settings file through the registry.

    Args:
        folder: where ``ccplan.ini`` lives; ``config_folder()`` when omitted.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else config_folder()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._qsettings = QSettings(str(self.folder / "ccplan.ini"), QSettings.Format.IniFormat)

    @property
    def file_name(self) -> str:
        """The path of the settings file."""
        return self._qsettings.fileName()

    def value(self, setting: Setting[T]) -> T:
        """Return the stored value of ``setting``, or its default when absent or of the wrong type."""
        if not self._qsettings.contains(setting.key):
            default = setting.default
            return list(default) if isinstance(default, list) else default  # type: ignore[return-value]
        raw = self._qsettings.value(setting.key)
        return self._coerce(setting, raw)

    def set_value(self, setting: Setting[T], value: T) -> None:
        """Store ``value`` for ``setting`` and write the file."""
        if setting not in REGISTRY:
            raise KeyError(f"'{setting.key}' is not a registered setting")
        self._qsettings.setValue(setting.key, value)
        self._qsettings.sync()

    def reset(self, setting: Setting[T]) -> None:
        """Forget the stored value of ``setting`` so its default applies."""
        self._qsettings.remove(setting.key)
        self._qsettings.sync()

    @staticmethod
    def _coerce(setting: Setting[T], raw: object) -> T:
        # INI files keep no types: a one-item list reads back as a str, a bool as "true"/"false".
        wanted = setting.type
        result: object
        if wanted is list:
            if raw is None:
                result = []
            elif isinstance(raw, str):
                result = [raw] if raw else []
            else:
                result = [str(item) for item in raw]  # type: ignore[attr-defined]
        elif wanted is bool:
            result = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")
        elif wanted is int:
            try:
                result = int(raw)  # type: ignore[call-overload]
            except (TypeError, ValueError):
                result = setting.default
        elif wanted is QByteArray:
            result = raw if isinstance(raw, QByteArray) else setting.default
        else:
            result = raw if isinstance(raw, wanted) else setting.default
        return result  # type: ignore[return-value]

    # --- recent files ---------------------------------------------------------------------------------

    def recent_files(self, prune_missing: bool = False) -> list[str]:
        """Return the recent files, newest first (at most ten).

        Args:
            prune_missing: drop (and forget) files that no longer exist.
        """
        files = self.value(RECENT_FILES)[:MAX_RECENT_FILES]
        if prune_missing:
            kept = [f for f in files if Path(f).exists()]
            if kept != files:
                self.set_value(RECENT_FILES, kept)
            files = kept
        return files

    def add_recent_file(self, path: str | Path) -> None:
        """Put ``path`` at the top of the recent files (once), keeping at most ten."""
        name = str(Path(path).resolve())
        files = [f for f in self.value(RECENT_FILES) if f != name]
        self.set_value(RECENT_FILES, [name, *files][:MAX_RECENT_FILES])
        self.set_value(LAST_FOLDER, str(Path(name).parent))

    def remove_recent_file(self, path: str | Path) -> None:
        """Forget ``path`` from the recent files."""
        name = str(Path(path).resolve())
        self.set_value(RECENT_FILES, [f for f in self.value(RECENT_FILES) if f != name])

    def clear_recent_files(self) -> None:
        """Forget every recent file."""
        self.set_value(RECENT_FILES, [])
