"""Schema versions: the frozen 0001 fixture upgrades with a backup; migrations and the ORM agree."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.engine import model as m
from app.storage import interchange, migrations, project_file
from app.storage.project_file import _engine, load_plan, open_project, save_plan
from app.storage.schema import Base
from tests.storage.bigplan import big_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_0001 = FIXTURES / "schema-0001.ccplan"


def expected_0001() -> m.Plan:
    return interchange.read_json(FIXTURES / "schema-0001.expected.json")


def revision_of(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def shape(path: Path) -> dict[str, object]:
    """Every table's columns (name, type, not null, default, pk) and foreign keys."""
    con = sqlite3.connect(path)
    try:
        query = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        tables = [r[0] for r in con.execute(query)]
        return {t: (con.execute(f'PRAGMA table_info("{t}")').fetchall(),
                    con.execute(f'PRAGMA foreign_key_list("{t}")').fetchall()) for t in tables}
    finally:
        con.close()


def test_revisions_are_0001_to_0006() -> None:
    assert migrations.known_revisions() == ["0001", "0002", "0003", "0004", "0005", "0006"]
    assert migrations.head_revision() == "0006"


def test_the_0001_fixture_is_really_schema_0001() -> None:
    tables = shape(FIXTURE_0001)
    assert revision_of(FIXTURE_0001) == "0001"
    assert "system_number_ranges" not in tables
    assert {c[1] for c in tables["systems"][0]}.isdisjoint({"personal_data", "classification"})


def test_upgrade_from_0001_fixture_keeps_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "midshire.ccplan"
    shutil.copy(FIXTURE_0001, path)
    opened = open_project(path)
    assert opened.upgraded_from == "0001"
    assert opened.backup_path == tmp_path / "midshire.ccplan.bak-0001"
    assert opened.backup_path.read_bytes() == FIXTURE_0001.read_bytes()
    assert opened.plan == expected_0001()
    assert opened.plan.systems[0].classification == "OFFICIAL" and opened.plan.systems[0].number_ranges == ()
    assert revision_of(path) == migrations.head_revision()
    again = open_project(path)
    assert (again.upgraded_from, again.backup_path, again.plan) == (None, None, expected_0001())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["midshire.ccplan", "midshire.ccplan.bak-0001"]


def test_upgraded_file_has_the_same_schema_as_a_new_file(tmp_path: Path) -> None:
    upgraded = tmp_path / "old.ccplan"
    shutil.copy(FIXTURE_0001, upgraded)
    open_project(upgraded)
    fresh = tmp_path / "new.ccplan"
    save_plan(expected_0001(), fresh)
    assert shape(upgraded) == shape(fresh)


def test_migrations_match_the_orm_models(tmp_path: Path) -> None:
    engine = _engine(tmp_path / "empty.ccplan", "migrate")
    try:
        with engine.connect() as connection, connection.begin():
            migrations.upgrade(connection)
            diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert diffs == []


def test_an_existing_backup_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "p.ccplan"
    shutil.copy(FIXTURE_0001, path)
    (tmp_path / "p.ccplan.bak-0001").write_bytes(b"an older backup")
    opened = open_project(path)
    assert opened.backup_path == tmp_path / "p.ccplan.bak-0001-2"
    assert (tmp_path / "p.ccplan.bak-0001").read_bytes() == b"an older backup"
    assert opened.backup_path.read_bytes() == FIXTURE_0001.read_bytes()


def test_unwritable_old_file_is_upgraded_in_memory_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.ccplan"
    shutil.copy(FIXTURE_0001, path)
    monkeypatch.setattr(project_file, "_writable", lambda _path: False)
    opened = open_project(path)
    assert (opened.upgraded_from, opened.backup_path) == ("0001", None)
    assert opened.plan == expected_0001()
    assert path.read_bytes() == FIXTURE_0001.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["p.ccplan"]


def test_failed_upgrade_rolls_back_and_keeps_the_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.ccplan"
    shutil.copy(FIXTURE_0001, path)
    real_upgrade = migrations.upgrade

    def broken(connection: object, target: str = "head") -> None:
        real_upgrade(connection, target)  # type: ignore[arg-type]
        raise ValueError("simulated failure after the DDL ran")

    monkeypatch.setattr(migrations, "upgrade", broken)
    with pytest.raises(project_file.InputError, match="cannot upgrade the project file: simulated failure"):
        open_project(path)
    assert revision_of(path) == "0001"
    assert shape(path) == shape(FIXTURE_0001)
    assert (tmp_path / "p.ccplan.bak-0001").read_bytes() == FIXTURE_0001.read_bytes()
    monkeypatch.undo()
    assert load_plan(path) == expected_0001()


def test_downgrade_then_upgrade_keeps_0001_fields(tmp_path: Path) -> None:
    plan = big_plan(100, 4)
    path = tmp_path / "p.ccplan"
    save_plan(plan, path)
    engine = _engine(path, "migrate")
    try:
        with engine.connect() as connection, connection.begin():
            migrations.downgrade(connection, "0001")
    finally:
        engine.dispose()
    assert revision_of(path) == "0001"
    opened = open_project(path)
    assert opened.upgraded_from == "0001"
    stripped = tuple(replace(s, personal_data="", classification="OFFICIAL", number_ranges=())
                     for s in plan.systems)
    assert opened.plan == replace(plan, systems=stripped)


def test_new_file_is_stamped_at_head(tmp_path: Path) -> None:
    path = tmp_path / "p.ccplan"
    save_plan(m.new_plan("x", date(2026, 1, 1)), path)
    assert revision_of(path) == "0006"
