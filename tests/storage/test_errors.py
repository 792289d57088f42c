"""Files ccplan must refuse with one clear InputError line, leaving them byte-for-byte untouched."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from app.engine import model as m
from app.errors import InputError
from app.storage import project_file
from app.storage.project_file import NOT_A_PROJECT, NOT_CCPLAN_SQLITE, load_plan, open_project, save_plan
from tests.storage.bigplan import big_plan

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def refused(path: Path, expected: str) -> InputError:
    """Open ``path``, expect an InputError containing ``expected``; check nothing in its folder changed."""
    before = {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}
    with pytest.raises(InputError) as caught:
        open_project(path)
    error = caught.value
    assert expected in error.message, error.message
    assert error.path == str(path)
    assert "\n" not in str(error) and "Traceback" not in str(error)
    after = {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}
    assert after == before
    return error


def saved(tmp_path: Path, name: str = "p.ccplan", plan: m.Plan | None = None) -> Path:
    path = tmp_path / name
    save_plan(plan or m.new_plan("x", date(2026, 1, 1)), path)
    return path


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        open_project(tmp_path / "nope.ccplan")
    assert list(tmp_path.iterdir()) == []


def test_a_folder(tmp_path: Path) -> None:
    (tmp_path / "dir.ccplan").mkdir()
    with pytest.raises(InputError, match="a folder, not a project file"):
        open_project(tmp_path / "dir.ccplan")


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = saved(tmp_path)

    def denied(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(project_file, "open", denied, raising=False)
    refused(path, "cannot read the file: permission denied")


@pytest.mark.skipif(ROOT_USER or os.name != "posix", reason="root ignores file permissions")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    path = saved(tmp_path)
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="cannot read the file"):
            open_project(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("content", [b"", random.Random(7).randbytes(5000), b"\n\t  ", b"PK\x03\x04zip",
                                     b"[1, 2, 3]"], ids=["empty", "random", "blank", "zip", "json-list"])
def test_not_a_project(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.ccplan"
    path.write_bytes(content)
    refused(path, NOT_A_PROJECT)


def _sqlite_file(path: Path, *statements: str) -> Path:
    con = sqlite3.connect(path)
    try:
        for statement in statements:
            con.execute(statement)
        con.commit()
    finally:
        con.close()
    return path


@pytest.mark.parametrize("statements", [
    ("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO customers VALUES (1, 'a')"),
    ("PRAGMA user_version = 3",),
    ("CREATE TABLE ccplan_meta (key TEXT PRIMARY KEY, value TEXT)",
     "INSERT INTO ccplan_meta VALUES ('app', 'x')"),
], ids=["other-tables", "no-tables", "foreign-meta"])
def test_sqlite_but_not_ccplan(tmp_path: Path, statements: tuple[str, ...]) -> None:
    path = _sqlite_file(tmp_path / "other.db", *statements)
    refused(path, NOT_CCPLAN_SQLITE)


def _damage(tmp_path: Path, how: Callable[[bytes], bytes]) -> Path:
    path = saved(tmp_path, plan=big_plan(1500, 3))
    path.write_bytes(how(path.read_bytes()))
    return path


@pytest.mark.parametrize("how", [
    lambda data: data[: len(data) // 2],
    lambda data: data[:100],
    lambda data: data[:8192] + random.Random(1).randbytes(len(data) - 8192),
    lambda data: data[: len(data) // 2] + b"\xff" * 4096 + data[len(data) // 2 + 4096:],
], ids=["truncated-half", "truncated-header", "garbage-after-page-2", "garbage-page"])
def test_damaged_ccplan_file(tmp_path: Path, how: Callable[[bytes], bytes]) -> None:
    path = _damage(tmp_path, how)
    error = refused(path, "the project file is damaged: ")
    assert error.message != "the project file is damaged: "


def test_missing_schema_version_is_damage(tmp_path: Path) -> None:
    path = _sqlite_file(saved(tmp_path), "DROP TABLE alembic_version")
    refused(path, "the project file is damaged: no schema version recorded")


def test_newer_schema_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = _sqlite_file(saved(tmp_path), "UPDATE alembic_version SET version_num = '0099'")
    refused(path, "this project was saved by a newer version of ccplan (schema 0099); "
                  "this version reads up to 0006")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.ccplan"]


def test_save_to_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = saved(tmp_path)
    before = path.read_bytes()

    def denied(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(InputError) as caught:
        save_plan(big_plan(10, 1), path)
    assert caught.value.message == "cannot save: permission denied"
    assert caught.value.path == str(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.ccplan"]


@pytest.mark.skipif(ROOT_USER or os.name != "posix", reason="root ignores folder permissions")
def test_save_to_read_only_folder_for_real(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = saved(folder)
    before = path.read_bytes()
    folder.chmod(0o555)
    try:
        with pytest.raises(InputError, match="cannot save: "):
            save_plan(big_plan(10, 1), path)
    finally:
        folder.chmod(0o755)
    assert path.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["p.ccplan"]


def test_save_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = saved(tmp_path, plan=big_plan(50, 1))
    before = path.read_bytes()
    # SQLite reports SQLITE_FULL exactly as on a full disk once the page limit is reached.
    monkeypatch.setattr(project_file, "SCRATCH_PRAGMAS", (*project_file.SCRATCH_PRAGMAS,
                                                          "PRAGMA max_page_count = 20"))
    with pytest.raises(InputError, match="cannot save: database or disk is full"):
        save_plan(big_plan(3000, 2), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.ccplan"]
    assert load_plan(path) == big_plan(50, 1)


def test_save_json_into_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot save: no such file or directory"):
        save_plan(big_plan(3, 1), tmp_path / "missing" / "p.json")


def test_save_over_a_folder(tmp_path: Path) -> None:
    (tmp_path / "p.ccplan").mkdir()
    with pytest.raises(InputError, match="cannot save: "):
        save_plan(big_plan(3, 1), tmp_path / "p.ccplan")
    assert [p.name for p in tmp_path.iterdir()] == ["p.ccplan"]


def test_copy_of_refused_file_is_unchanged_after_many_attempts(tmp_path: Path) -> None:
    path = _damage(tmp_path, lambda data: data[: len(data) // 3])
    keep = tmp_path / "keep"
    shutil.copy(path, keep)
    for _ in range(3):
        with pytest.raises(InputError):
            load_plan(path)
    assert path.read_bytes() == keep.read_bytes()
