"""The settings registry: typed values, defaults, recent files, file location from $CCPLAN_CONFIG_DIR."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray

from app.ui import settings as keys
from app.ui.settings import MAX_RECENT_FILES, REGISTRY, Setting, Settings


def test_file_lives_in_config_dir(tmp_path: Path) -> None:
    settings = Settings()
    assert Path(settings.file_name).parent == tmp_path / "config"
    assert Path(settings.file_name).suffix == ".ini"


def test_keys_are_declared_once_and_prefixed() -> None:
    names = [s.key for s in REGISTRY]
    assert len(names) == len(set(names))
    assert all(n.split("/")[0] in ("window", "recent", "preferences") for n in names)


def test_defaults_and_round_trip() -> None:
    settings = Settings()
    assert settings.value(keys.REOPEN_LAST_FILE) is False
    assert settings.value(keys.WINDOW_GEOMETRY) == QByteArray()
    settings.set_value(keys.REOPEN_LAST_FILE, True)
    settings.set_value(keys.WINDOW_TAB, 1)
    again = Settings()
    assert again.value(keys.REOPEN_LAST_FILE) is True
    assert again.value(keys.WINDOW_TAB) == 1


def test_unregistered_key_refused() -> None:
    with pytest.raises(KeyError):
        Settings().set_value(Setting("plan/name", str, ""), "plan data never goes here")


def test_recent_files_newest_first_unique_and_capped(tmp_path: Path) -> None:
    settings = Settings()
    paths = [tmp_path / f"p{i}.ccplan" for i in range(MAX_RECENT_FILES + 3)]
    for path in paths:
        path.write_text("x")
        settings.add_recent_file(path)
    settings.add_recent_file(paths[5])
    files = Settings().recent_files()
    assert len(files) == MAX_RECENT_FILES
    assert files[0] == str(paths[5].resolve())
    assert len(set(files)) == len(files)


def test_single_recent_file_reads_back_as_list(tmp_path: Path) -> None:
    settings = Settings()
    path = tmp_path / "only.ccplan"
    path.write_text("x")
    settings.add_recent_file(path)
    assert Settings().recent_files(prune_missing=True) == [str(path.resolve())]
    path.unlink()
    assert Settings().recent_files(prune_missing=True) == []
