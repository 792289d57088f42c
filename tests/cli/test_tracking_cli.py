"""``ccplan compare`` and ``ccplan status`` as a user runs them."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

from app.engine.edits import InsertItem, SetProjectFields, set_item_fields
from app.engine.model import Dependency, Scenario
from app.engine.review import review
from app.engine.scenarios import SwitchScenario, add_scenario, compare
from app.engine.tracking import assess, capture_baseline
from app.storage.interchange import read_json, write_json
from app.storage.project_file import load_plan, save_plan
from tests.cli.test_cli import assert_one_clear_line, ccplan
from tests.conftest import SAMPLES

MIDSHIRE = SAMPLES / "midshire.json"


def two_scenarios(tmp_path: Path) -> Path:
    plan = read_json(MIDSHIRE)
    plan = add_scenario(plan, "Start next FY").apply(plan).plan
    plan = SwitchScenario("S01").apply(plan).plan
    plan = SetProjectFields((("start_date", date(2027, 4, 1)),)).apply(plan).plan
    plan = SwitchScenario("S01").apply(plan).plan
    path = tmp_path / "two.ccplan"
    save_plan(plan, path)
    return path


def test_compare_json_lists_every_scenario_with_the_engine_figures(tmp_path: Path) -> None:
    path = two_scenarios(tmp_path)
    result = ccplan("compare", path, "--iterations", "200", "--seed", "3", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    rows = doc["scenarios"]
    assert [r["name"] for r in rows] == ["Current plan", "Start next FY"]
    for row in rows:
        assert {"name", "finish", "p80", "one_off", "dual_running", "npc_migrate"} <= row.keys()
    expected = compare(load_plan(path), 200, 3)
    for row, want in zip(rows, expected, strict=True):
        assert row["finish"] == want.finish.isoformat() and row["p80"] == want.p80.isoformat()
        assert row["one_off"] == want.one_off and row["npc_migrate"] == want.npc_migrate
    assert rows[1]["finish"] > rows[0]["finish"]
    text = ccplan("compare", path, "--iterations", "200")
    assert text.returncode == 0 and "Start next FY" in text.stdout and "2 versions" in text.stdout


def test_compare_exits_1_when_a_scenario_cannot_be_scheduled(tmp_path: Path) -> None:
    plan = read_json(MIDSHIRE)
    plan = add_scenario(plan, "Looped").apply(plan).plan
    inner = plan.scenarios[0].plan
    looped = set_item_fields(inner, "tasks", inner.tasks[0].id,
                             predecessors=(Dependency(inner.tasks[1].id),)).apply(inner).plan
    plan = dataclasses.replace(plan, scenarios=(Scenario("S01", looped),))
    path = tmp_path / "looped.json"
    write_json(plan, path)
    result = ccplan("compare", path, "--iterations", "50", "--json")
    assert result.returncode == 1
    rows = json.loads(result.stdout)["scenarios"]
    assert rows[0]["problem"] is None and rows[1]["finish"] is None and "cycle" in rows[1]["problem"].lower()


def test_status_json_gives_rag_per_phase_against_the_baseline(tmp_path: Path) -> None:
    plan = read_json(MIDSHIRE)
    checked = review(plan)
    assert checked.schedule is not None
    baseline = capture_baseline(plan, checked.schedule, None, "B01", "FBC", date(2026, 5, 29))
    plan = InsertItem("baselines", baseline).apply(plan).plan
    plan = SetProjectFields((("baseline", "B01"),)).apply(plan).plan
    path = tmp_path / "tracked.ccplan"
    save_plan(plan, path)

    on_plan = json.loads(ccplan("status", path, "--json").stdout)
    assert on_plan["baseline"]["id"] == "B01" and on_plan["programme"]["slip_days"] == 0
    expected = assess(plan, checked.schedule, checked.calendar, checked.gaps)
    assert [(p["id"], p["rag"]) for p in on_plan["phases"]] == [(a.phase, a.status) for a in expected.phases]
    assert all(p["reasons"] for p in on_plan["phases"])

    late = ccplan("status", path, "--status-date", "2027-03-01", "--json")
    assert late.returncode == 0, late.stderr
    doc = json.loads(late.stdout)
    assert doc["status_date"] == "2027-03-01"
    assert doc["programme"]["rag"] == "red" and doc["programme"]["slip_days"] > 20
    assert any("not started" in r for p in doc["phases"] for r in p["reasons"])
    assert doc["variance"]["finish_days"] == doc["programme"]["slip_days"]

    text = ccplan("status", path)
    assert text.returncode == 0 and "against baseline 'FBC'" in text.stdout
    assert_one_clear_line(ccplan("status", path, "--baseline", "B7"), "no baseline 'B7'", "B01")
    assert_one_clear_line(ccplan("status", path, "--status-date", "1/3/2027"), "not a date")
