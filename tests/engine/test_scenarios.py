"""Scenarios: cloned, renamed, switched (its own inverse), edited independently and compared."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings

from app.engine import model as m
from app.engine.cost import compute_costs
from app.engine.edits import EditError, RemoveItem, SetProjectFields, set_item_fields
from app.engine.review import review
from app.engine.risk import simulate
from app.engine.scenarios import SwitchScenario, add_scenario, compare, figures, rename_scenario
from app.storage.interchange import read_json
from tests.conftest import SAMPLES
from tests.strategies import plans


@pytest.fixture(scope="module")
def midshire() -> m.Plan:
    return read_json(SAMPLES / "midshire.json")


def with_scenario(p: m.Plan, name: str = "Start next year") -> m.Plan:
    return add_scenario(p, name).apply(p).plan


def test_a_new_scenario_is_a_copy_named_and_without_scenarios(midshire: m.Plan) -> None:
    p = with_scenario(with_scenario(midshire, "A"), "B")
    assert [s.id for s in p.scenarios] == ["S01", "S02"]
    assert [s.name for s in p.scenarios] == ["A", "B"]
    second = p.scenarios[1].plan
    assert second.scenarios == ()
    assert second.tasks == midshire.tasks and second.cost_lines == midshire.cost_lines
    assert second.project == dataclasses.replace(midshire.project, scenario_name="B")


@pytest.mark.parametrize("name", ["", "  ", "Current plan", "current PLAN"])
def test_blank_or_taken_names_are_refused(midshire: m.Plan, name: str) -> None:
    with pytest.raises(EditError):
        add_scenario(midshire, name)


def test_rename_a_scenario_and_the_working_plan(midshire: m.Plan) -> None:
    p = with_scenario(midshire, "Phased")
    p = rename_scenario(p, "S01", "Phased by service line").apply(p).plan
    assert p.scenarios[0].name == "Phased by service line"
    p = rename_scenario(p, None, "Big bang").apply(p).plan
    assert p.project.scenario_name == "Big bang"
    with pytest.raises(EditError, match="already called"):
        rename_scenario(p, "S01", "big bang")


def test_switch_swaps_and_is_its_own_inverse(midshire: m.Plan) -> None:
    p = with_scenario(midshire)
    applied = SwitchScenario("S01").apply(p)
    assert applied.plan.project.scenario_name == "Start next year"
    assert [s.name for s in applied.plan.scenarios] == ["Current plan"]
    assert applied.changes.structural and "tasks" in applied.changes.parts
    assert applied.inverse.apply(applied.plan).plan == p


def test_scenarios_are_edited_independently(midshire: m.Plan) -> None:
    p = with_scenario(midshire)
    switched = SwitchScenario("S01").apply(p).plan
    later = SetProjectFields((("start_date", date(2027, 4, 1)),)).apply(switched).plan
    shorter = set_item_fields(later, "tasks", later.tasks[0].id, duration=1).apply(later).plan
    back = SwitchScenario("S01").apply(shorter).plan
    assert back.project == midshire.project and back.tasks == midshire.tasks  # the original untouched
    kept = back.scenarios[0].plan
    assert kept.project.start_date == date(2027, 4, 1) and kept.tasks[0].duration == 1


def test_unknown_scenario_is_an_edit_error(midshire: m.Plan) -> None:
    with pytest.raises(EditError, match="no scenario"):
        SwitchScenario("S09").apply(midshire)
    with pytest.raises(EditError):
        RemoveItem("scenarios", "S09").apply(midshire)


def test_compare_gives_the_engine_figures_for_every_version(midshire: m.Plan) -> None:
    p = with_scenario(midshire)
    switched = SwitchScenario("S01").apply(p).plan
    later = SetProjectFields((("start_date", date(2027, 4, 1)),)).apply(switched).plan
    p = SwitchScenario("S01").apply(later).plan
    seen: list[tuple[int, int]] = []
    rows = compare(p, 300, 5, progress=lambda done, total: seen.append((done, total)))
    assert [r.name for r in rows] == ["Current plan", "Start next year"]
    assert [r.scenario for r in rows] == [None, "S01"]
    checked = review(midshire)
    assert checked.schedule is not None
    costs = compute_costs(midshire, checked.schedule, checked.calendar)
    risk = simulate(midshire, 300, 5)
    first = rows[0]
    assert (first.finish, first.p50, first.p80) == (checked.schedule.finish, risk.percentiles[50],
                                                     risk.percentiles[80])
    assert (first.one_off, first.dual_running, first.npc_migrate, first.switching_value) == (
        costs.one_off, costs.dual_running, costs.npc_migrate, costs.switching_value)
    assert rows[1].finish is not None and first.finish is not None and rows[1].finish > first.finish
    assert seen[-1] == (600, 600) and all(a <= b for (a, _), (b, _) in zip(seen, seen[1:]))


def test_a_version_that_cannot_be_scheduled_reports_why(midshire: m.Plan) -> None:
    first, second = midshire.tasks[0], midshire.tasks[1]
    looped = set_item_fields(midshire, "tasks", first.id,
                             predecessors=(m.Dependency(second.id),)).apply(midshire).plan
    row = figures(looped, None, 50)
    assert row.finish is None and row.problem and "cycle" in row.problem.lower()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(max_items=4))
def test_switching_any_scenario_twice_gives_back_the_plan(p: m.Plan) -> None:
    for scenario in p.scenarios:
        applied = SwitchScenario(scenario.id).apply(p)
        assert applied.plan.scenarios[[s.id for s in p.scenarios].index(scenario.id)].plan == \
            dataclasses.replace(p, scenarios=())
        assert SwitchScenario(scenario.id).apply(applied.plan).plan == p
