"""A project file whose rows hold values no plan may hold is refused as damaged, naming the place.

SQLite keeps whatever a damaged file's bytes say; the reader applies the interchange JSON reader's rules to
what it reads (``repository.check_plan``), so a ``.ccplan`` file gives only what a JSON file could give.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.engine import model as m
from app.errors import InputError
from app.storage.interchange import dumps, parse_text, read_json
from app.storage.project_file import load_plan, open_project, save_plan
from app.storage.repository import check_plan
from tests.conftest import SAMPLES
from tests.storage.bigplan import big_plan

SAMPLE = read_json(SAMPLES / "northvale.json")


def _saved(tmp_path: Path, plan: m.Plan = SAMPLE) -> Path:
    path = tmp_path / "plan.ccplan"
    save_plan(plan, path)
    return path


def _damage(path: Path, *statements: str) -> None:
    """Run SQL on the file as a damaged disk might have left it (no CHECK or foreign key in the way)."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA ignore_check_constraints = ON")
        con.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            con.execute(statement)
        con.commit()


def _refused(path: Path) -> InputError:
    before = path.read_bytes()
    with pytest.raises(InputError) as caught:
        open_project(path)
    error = caught.value
    assert error.path == str(path)
    assert error.message.startswith("the project file is damaged"), error.message
    assert str(error).startswith(str(path)) and len(str(error).splitlines()) == 1, str(error)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    return error


@pytest.mark.parametrize(("sql", "expected"), [
    ("UPDATE systems SET estate = 'cDrrent' WHERE pos = 1",
     '$.systems[1].estate: expected one of "current", "target", got "cDrrent"'),
    ("UPDATE systems SET name = CAST('Avaya' AS BLOB) WHERE pos = 0",
     "$.systems[0].name: expected text, got bytes"),
    ("UPDATE cost_lines SET unit_cost = -30126.0 WHERE pos = 1",
     "$.cost_lines[1].unit_cost: must not be negative, got -30126.0"),
    ("UPDATE tasks SET duration = 2.5 WHERE pos = 2",
     "$.tasks[2].duration: expected a whole number, got the number 2.5"),
    ("UPDATE tasks SET percent_complete = 150 WHERE pos = 0",
     "$.tasks[0].percent_complete: must be a percentage from 0 to 100, got 150.0"),
    ("UPDATE project SET discount_rate = 'high'", "$.project.discount_rate: expected a number, got \"high\""),
    ("UPDATE tasks SET id = (SELECT id FROM tasks WHERE pos = 0) WHERE pos = 1", "duplicate id"),
    ("UPDATE project SET start_date = '9999-12-31'",
     "$.project.start_date: must be from 1990-01-01 to 2999-12-31"),
], ids=["estate", "bytes-for-text", "negative-money", "half-a-day", "percentage", "text-for-a-number",
        "duplicate-id", "start-past-the-calendar"])
def test_values_no_plan_may_hold_are_refused(tmp_path: Path, sql: str, expected: str) -> None:
    path = _saved(tmp_path)
    _damage(path, sql)
    assert expected in _refused(path).message


def test_text_that_is_not_utf8_in_the_table_list_or_the_meta_rows_is_damage(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    _damage(path, "UPDATE ccplan_meta SET value = CAST(X'FF41FE' AS TEXT) WHERE key = 'app'")
    assert "decode" in _refused(path).message


def test_a_line_break_in_a_damaged_value_does_not_break_the_message(tmp_path: Path) -> None:
    path = _saved(tmp_path, dataclasses.replace(SAMPLE, scenarios=(m.Scenario("S1", SAMPLE),)))
    _damage(path, "UPDATE scenarios SET id = 'two' || char(10) || 'lines', plan_json = '{\"format\": 1}'")
    assert "scenario 'two\\nlines'" in _refused(path).message


def test_sound_files_still_load_and_the_check_passes_every_sample() -> None:
    for sample in sorted(SAMPLES.glob("*.json")):
        check_plan(read_json(sample))
    check_plan(big_plan(300, 3))


def test_a_plan_that_passes_the_check_is_sound(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    plan = load_plan(path)
    assert plan == SAMPLE and parse_text(dumps(plan)) == plan


@pytest.mark.parametrize(("change", "reason"), [
    ({"seats": 2**70}, "too large"),
    ({"name": "PBX \ud800"}, "surrogate"),
])
def test_values_sqlite_cannot_store_are_a_clean_save_failure(tmp_path: Path, change: dict[str, object],
                                                             reason: str) -> None:
    system = dataclasses.replace(SAMPLE.systems[0], **change)  # type: ignore[arg-type]
    plan = dataclasses.replace(SAMPLE, systems=(system, *SAMPLE.systems[1:]))
    path = tmp_path / "plan.ccplan"
    path.write_bytes(b"previous")
    with pytest.raises(InputError) as caught:
        save_plan(plan, path)
    assert caught.value.message.startswith("cannot save: ") and reason in caught.value.message
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ccplan"]


def test_the_check_names_a_nested_place() -> None:
    line = SAMPLE.cost_lines[0]
    bad = dataclasses.replace(line, start=m.CostAnchor(date=date(2027, 1, 1), event="middle"))  # type: ignore
    with pytest.raises(InputError) as caught:
        check_plan(dataclasses.replace(SAMPLE, cost_lines=(bad, *SAMPLE.cost_lines[1:])))
    assert caught.value.where == "$.cost_lines[0].start.event"


def test_a_plan_with_a_dangling_reference_still_opens(tmp_path: Path) -> None:
    """An unknown reference is the plan's problem (validation reports it), not damage: the file opens."""
    from dataclasses import replace as _replace

    from app.storage.interchange import read_json
    from app.storage.project_file import open_project, save_plan
    from tests.conftest import SAMPLES

    plan = read_json(SAMPLES / "midshire.json")
    gone = plan.tasks[0].phase
    plan = _replace(plan, phases=tuple(p for p in plan.phases if p.id != gone))
    save_plan(plan, tmp_path / "dangling.ccplan")
    assert open_project(tmp_path / "dangling.ccplan").plan == plan
