"""Round trips through the native .ccplan file and interchange JSON: every field, order, None and float."""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given

from app.engine import model as m
from app.storage import interchange
from app.storage.project_file import load_plan, open_project, save_plan
from tests.storage.bigplan import big_plan
from tests.strategies import plans

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "sample_projects").glob("*.json"))


@given(plans())
def test_hypothesis_plans_round_trip_through_ccplan(plan: m.Plan) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.ccplan"
        save_plan(plan, path)
        opened = open_project(path)
    assert opened.plan == plan
    assert opened.upgraded_from is None and opened.backup_path is None


@given(plans(max_items=3))
def test_hypothesis_plans_round_trip_through_json(plan: m.Plan) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.json"
        save_plan(plan, path)
        assert load_plan(path) == plan


def test_awkward_values_round_trip_exactly(tmp_path: Path) -> None:
    """The most awkward values a plan may hold (the interchange reader's limits: a project file is checked
    the same way on reading, see test_damaged_values) come back exactly."""
    odd = "\x00nul \N{POUND SIGN} \N{PILE OF POO} \u202eRTL\u202c 'quote\" ; DROP TABLE tasks; --"
    plan = m.Plan(
        m.Project(odd, interchange.FIRST_START, vat_rate=0.1 + 0.2, discount_rate=5e-324,
                  benchmark_months=59.99999999999999,
                  non_working_days=(date(9999, 12, 31), date(2026, 1, 1), date(2026, 1, 1))),
        systems=(m.System("S", odd, "target", "acd", annual_run_cost=0.008, seats=interchange.MAX_WHOLE,
                          notice_days=0, renewal_months=None, number_ranges=("", odd, "")),),
        tasks=(m.Task("A", "", 0, percent_complete=33.333333333333336, optimistic=0, pessimistic=None),
               m.Task("B", odd, 1, predecessors=(m.Dependency("A", "SF", -5, odd),)),),
        cost_lines=(m.CostLine("C", "x", "y", "recurring", 0.008, 1e-9, start=m.CostAnchor(), end=None,
                               low=0.0, high=None),),
    )
    path = tmp_path / "odd.ccplan"
    save_plan(plan, path)
    loaded = load_plan(path)
    assert loaded == plan
    assert loaded.cost_lines[0].start == m.CostAnchor() and loaded.cost_lines[0].end is None
    assert repr(loaded.project.vat_rate) == repr(0.1 + 0.2)


def test_large_plan_round_trips_and_resaves_over_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "big.ccplan"
    first, second = big_plan(2000, 1), big_plan(1500, 2)
    save_plan(first, path)
    assert load_plan(path) == first
    save_plan(second, path)
    assert load_plan(path) == second
    assert [p.name for p in tmp_path.iterdir()] == ["big.ccplan"]


def test_file_is_marked_as_a_ccplan_project(tmp_path: Path) -> None:
    path = tmp_path / "p.ccplan"
    save_plan(m.new_plan("x", date(2026, 1, 1)), path)
    with sqlite3.connect(path) as con:
        meta = dict(con.execute("SELECT key, value FROM ccplan_meta"))
        revision = con.execute("SELECT version_num FROM alembic_version").fetchall()
        foreign_keys = con.execute("PRAGMA foreign_key_list(dependencies)").fetchall()
    con.close()
    assert meta["app"] == "ccplan" and meta["format"] == "ccplan-sqlite-project" and meta["app_version"]
    assert revision == [("0006",)]
    assert foreign_keys and foreign_keys[0][2] == "tasks"


def test_suffix_picks_the_format_and_content_picks_the_reader(tmp_path: Path) -> None:
    plan = replace(m.new_plan("x", date(2026, 1, 1)), roles=(m.Role("R", "r", 1.5),))
    as_json, as_db = tmp_path / "p.JSON", tmp_path / "p.json.ccplan"
    save_plan(plan, as_json)
    save_plan(plan, as_db)
    assert as_json.read_text(encoding="utf-8") == interchange.dumps(plan)
    assert as_db.read_bytes().startswith(b"SQLite format 3\x00")
    renamed = tmp_path / "actually-json.ccplan"
    as_json.rename(renamed)
    assert load_plan(renamed) == plan
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf \n" + interchange.dumps(plan).encode())
    assert load_plan(bom) == plan


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_projects_round_trip(sample: Path, tmp_path: Path) -> None:
    plan = interchange.read_json(sample)
    path = tmp_path / f"{sample.stem}.ccplan"
    save_plan(plan, path)
    assert load_plan(path) == plan
    save_plan(load_plan(path), tmp_path / "again.json")
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == interchange.dumps(plan)


@pytest.mark.parametrize("name", ["a b#c?d%20.ccplan", "plän \N{POUND SIGN}&=.ccplan", "noext"])
def test_awkward_file_names(tmp_path: Path, name: str) -> None:
    plan = big_plan(5, 9)
    path = tmp_path / name
    save_plan(plan, path)
    assert open_project(path).plan == plan
    assert [p.name for p in tmp_path.iterdir()] == [name]
