"""Baselines and scenarios in the .ccplan file (revision 0005): lossless, ordered, migrated."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.engine import model as m
from app.engine.cost import compute_costs
from app.engine.review import review
from app.engine.scenarios import add_scenario
from app.engine.tracking import capture_baseline
from app.errors import InputError
from app.storage import interchange
from app.storage.project_file import load_plan, open_project, save_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MIDSHIRE = Path(__file__).resolve().parents[2] / "sample_projects" / "midshire.json"


def tracked() -> m.Plan:
    plan = interchange.read_json(MIDSHIRE)
    checked = review(plan)
    assert checked.schedule is not None
    baseline = capture_baseline(plan, checked.schedule, compute_costs(plan, checked.schedule, checked.calendar),
                                "B01", "FBC \N{POUND SIGN} 'approved'", date(2026, 5, 29), "board 12 May")
    plan = replace(plan, baselines=(baseline, replace(baseline, id="B02", name="Re-plan", tasks=())),
                   project=replace(plan.project, baseline="B02", rag_amber_days=3, rag_red_days=15,
                                   status_date=date(2026, 9, 1)))
    plan = add_scenario(plan, "Start next FY").apply(plan).plan
    later = replace(plan.scenarios[0].plan, project=replace(plan.scenarios[0].plan.project,
                                                            start_date=date(2027, 4, 1)))
    return replace(plan, scenarios=(m.Scenario("S01", later),))


def test_baselines_and_scenarios_round_trip_through_ccplan(tmp_path: Path) -> None:
    plan = tracked()
    path = tmp_path / "p.ccplan"
    save_plan(plan, path)
    assert load_plan(path) == plan
    with sqlite3.connect(path) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("baselines", "baseline_tasks", "baseline_costs", "scenarios")}
    assert counts == {"baselines": 2, "baseline_tasks": len(plan.tasks),
                      "baseline_costs": 2 * len(plan.baselines[0].costs), "scenarios": 1}


def test_baselines_and_scenarios_round_trip_through_json(tmp_path: Path) -> None:
    plan = tracked()
    assert interchange.parse_text(interchange.dumps(plan)) == plan


def test_a_damaged_scenario_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "p.ccplan"
    save_plan(tracked(), path)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE scenarios SET plan_json = '{\"format\": \"ccplan\", \"version\": 1}'")
    with pytest.raises(InputError) as caught:
        load_plan(path)
    assert "scenario 'S01'" in str(caught.value) and "project" in str(caught.value)


def test_an_older_file_upgrades_with_tracking_defaults(tmp_path: Path) -> None:
    fixtures = sorted(FIXTURES.glob("*.ccplan"))
    assert fixtures, "a fixture saved by an older schema is needed"
    path = tmp_path / "old.ccplan"
    shutil.copy(fixtures[0], path)
    opened = open_project(path)
    project = opened.plan.project
    assert (project.baseline, project.rag_amber_days, project.rag_red_days, project.scenario_name) == (
        None, 5, 20, "Current plan")
    assert opened.plan.baselines == () and opened.plan.scenarios == ()
