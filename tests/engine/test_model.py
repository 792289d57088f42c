"""The plan model: estimates, optimism bias, cost amounts and lookups."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given

from app.engine import model as m
from tests.engine.factories import plan, task
from tests.strategies import plans


@pytest.mark.parametrize(("optimistic", "pessimistic", "expected"), [
    (None, None, (10, 10, 10)),
    (6, None, (6, 10, 10)),
    (None, 18, (10, 10, 18)),
    (6, 18, (6, 10, 18)),
    (0, 0, (0, 10, 0)),  # zero is an estimate, not "missing"
])
def test_task_estimates(optimistic: int | None, pessimistic: int | None,
                        expected: tuple[int, int, int]) -> None:
    assert task("A", duration=10, optimistic=optimistic, pessimistic=pessimistic).estimates == expected


def test_milestone_is_zero_duration() -> None:
    assert task("M", duration=0).is_milestone
    assert not task("A", duration=1).is_milestone


@pytest.mark.parametrize(("upper", "mitigation", "resultant"), [
    (2.00, 0.0, 2.00), (0.54, 0.5, 0.27), (0.41, 1.0, 0.0), (2.00, 0.25, 1.50),
])
def test_optimism_bias_resultant(upper: float, mitigation: float, resultant: float) -> None:
    assert m.OptimismBias(upper, mitigation).resultant == pytest.approx(resultant)


def test_project_defaults_follow_the_green_book() -> None:
    project = m.new_plan("P", date(2026, 4, 1)).project
    uppers = (project.ob_capital.upper, project.ob_duration.upper, project.ob_operating.upper)
    assert uppers == (2.0, 0.54, 0.41)
    assert project.discount_rate == 0.035 and project.appraisal_years == 10
    assert project.nation == "england-and-wales" and project.benchmark_months == 12.0


def test_cost_line_amount_is_unit_cost_times_quantity() -> None:
    line = m.CostLine("C1", "Seats", "CCaaS licences", "recurring", 95.0, 250.0)
    assert line.amount == 23_750.0


def test_plan_lookups_by_id() -> None:
    systems = (m.System("S1", "Avaya", "current", "acd"), m.System("S2", "Cloud", "target", "platform"))
    phases = (m.Phase("P1", "Wave 1"),)
    roles = (m.Role("R1", "Architect", 850.0),)
    tasks = (task("A", "Alpha"), task("B", "Beta", "A"))
    built = dataclasses.replace(plan(tasks, systems), phases=phases, roles=roles)
    assert built.system_by_id["S2"].name == "Cloud"
    assert built.task_by_id["B"].predecessors == (m.Dependency("A"),)
    assert built.phase_by_id == {"P1": phases[0]}
    assert built.role_by_id["R1"].day_rate == 850.0
    assert "ghost" not in built.task_by_id


def test_plans_are_immutable_values() -> None:
    first = plan((task("A"),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.tasks = ()  # type: ignore[misc]
    assert first == plan((task("A"),))
    assert first.task_by_id is first.task_by_id  # cached


@given(plans())
def test_lookups_cover_every_item(generated: m.Plan) -> None:
    assert list(generated.task_by_id) == [t.id for t in generated.tasks]
    assert list(generated.system_by_id) == [s.id for s in generated.systems]
    assert all(generated.task_by_id[t.id] is t for t in generated.tasks)
    for t in generated.tasks:
        low, likely, high = t.estimates
        assert low <= likely == t.duration <= high


def test_enumerations_are_consistent() -> None:
    assert len(m.COMPONENT_KIND_KEYS) == len(set(m.COMPONENT_KIND_KEYS)) == 22
    assert set(m.COMPONENT_KIND_LABELS) == set(m.COMPONENT_KIND_KEYS)
    assert "cutover" in m.TASK_KINDS and "decommission" in m.TASK_KINDS
    assert m.DEPENDENCY_TYPES == ("FS", "SS", "FF", "SF")
