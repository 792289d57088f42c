"""Scenarios: alternative versions of the whole plan, kept side by side and compared.

The plan being edited is one version; ``Plan.scenarios`` holds the others, each a complete plan without
scenarios of its own, named by its ``project.scenario_name``. ``SwitchScenario`` swaps the working plan with
a stored one (its own inverse), so every scenario is edited with the same pages, commands and undo stack.
``compare`` works out the figures a board compares options by: finish, P50/P80, one-off cost, dual running,
net present cost and switching value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.engine.cost import compute_costs
from app.engine.edits import (
    EVERYTHING,
    Applied,
    Edit,
    EditError,
    InsertItem,
    ReplaceItem,
    SetProjectFields,
    next_id,
)
from app.engine.model import Plan, Scenario
from app.engine.review import review
from app.engine.risk import simulate

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def as_scenario(plan: Plan, name: str, scenario_id: str | None = None) -> Scenario:
    """Return a scenario holding a copy of ``plan`` (without its scenarios) named ``name``."""
    ids = [s.id for s in plan.scenarios]
    copy = dataclasses.replace(plan, scenarios=(),
                               project=dataclasses.replace(plan.project, scenario_name=name))
    return Scenario(scenario_id or next_id(ids, "S"), copy)


def add_scenario(plan: Plan, name: str) -> InsertItem:
    """The edit that clones the working plan into a new scenario called ``name``.

    Raises:
        EditError: ``name`` is blank or already names a version of the plan.
    """
    _check_name(plan, name, "")
    return InsertItem("scenarios", as_scenario(plan, name.strip()), label=f"New scenario '{name.strip()}'")


def rename_scenario(plan: Plan, scenario_id: str | None, name: str) -> Edit:
    """The edit that renames a scenario (``scenario_id`` None: the working plan).

    Raises:
        EditError: no such scenario, or ``name`` is blank or used by another version.
    """
    _check_name(plan, name, scenario_id)
    label = f"Rename scenario to '{name.strip()}'"
    if scenario_id is None:
        return SetProjectFields((("scenario_name", name.strip()),), label)
    scenario = _find(plan, scenario_id)
    project = dataclasses.replace(scenario.plan.project, scenario_name=name.strip())
    renamed = dataclasses.replace(scenario.plan, project=project)
    return ReplaceItem("scenarios", scenario_id, Scenario(scenario_id, renamed), label)


def _check_name(plan: Plan, name: str, renaming: str | None) -> None:
    """Refuse a blank name or one another version uses (``renaming``: the scenario id being renamed, None
    for the working plan, "" when adding)."""
    name = name.strip()
    if not name:
        raise EditError("a scenario needs a name")
    taken = {s.name.strip().casefold() for s in plan.scenarios if s.id != renaming}
    if renaming is not None:
        taken.add(plan.project.scenario_name.strip().casefold())
    if name.casefold() in taken:
        raise EditError(f"a scenario is already called '{name}'")


def _find(plan: Plan, scenario_id: str) -> Scenario:
    for scenario in plan.scenarios:
        if scenario.id == scenario_id:
            return scenario
    raise EditError(f"no scenario '{scenario_id}'")


@dataclass(frozen=True)
class SwitchScenario(Edit):
    """Make scenario ``scenario_id`` the working plan; the working plan takes its place among the scenarios.

    Applying it twice gives back the plan, so it is its own inverse.
    """

    scenario_id: str
    label: str = "Switch scenario"

    def apply(self, plan: Plan) -> Applied:
        chosen = _find(plan, self.scenario_id)
        parked = Scenario(self.scenario_id, dataclasses.replace(plan, scenarios=()))
        scenarios = tuple(parked if s.id == self.scenario_id else s for s in plan.scenarios)
        new = dataclasses.replace(chosen.plan, scenarios=scenarios)
        return Applied(new, SwitchScenario(self.scenario_id, self.label), EVERYTHING)


@dataclass(frozen=True)
class ScenarioFigures:
    """What a board compares one version of the plan by. Money is pounds, base view (ex VAT, ex OB).

    ``scenario`` is the scenario id, or None for the working plan. When the version cannot be scheduled
    the figures are None and ``problem`` says why.
    """

    scenario: str | None
    name: str
    finish: date | None = None
    p50: date | None = None
    p80: date | None = None
    working_days: int | None = None
    within_benchmark: bool | None = None
    one_off: float | None = None
    dual_running: float | None = None
    total_migrate: float | None = None
    npc_migrate: float | None = None
    npc_do_minimum: float | None = None
    switching_value: float | None = None
    problem: str | None = None


def figures(plan: Plan, scenario: str | None, iterations: int = 1000, seed: int = 1,
            progress: Progress | None = None, cancelled: Cancelled | None = None) -> ScenarioFigures:
    """Work out one version's figures: its schedule, costs and a seeded Monte Carlo run for P50/P80.

    Raises:
        SimulationCancelled: ``cancelled()`` became true.
    """
    name = plan.project.scenario_name
    checked = review(plan)
    if checked.schedule is None:
        first = checked.report.errors[0].message if checked.report.errors else "the plan cannot be scheduled"
        return ScenarioFigures(scenario, name, problem=first)
    schedule = checked.schedule
    costs = compute_costs(plan, schedule, checked.calendar)
    p50 = p80 = None
    if plan.tasks:
        risk = simulate(plan, iterations, seed, progress=progress, cancelled=cancelled,
                        network=checked.network, calendar=checked.calendar)
        p50, p80 = risk.percentiles[50], risk.percentiles[80]
    return ScenarioFigures(
        scenario, name, schedule.finish, p50, p80, schedule.working_days, schedule.within_benchmark,
        costs.one_off, costs.dual_running, costs.total_migrate, costs.npc_migrate, costs.npc_do_minimum,
        costs.switching_value)


def compare(plan: Plan, iterations: int = 1000, seed: int = 1, progress: Progress | None = None,
            cancelled: Cancelled | None = None) -> tuple[ScenarioFigures, ...]:
    """Figures for the working plan, then each scenario in order (the same seed for each).

    ``progress`` is called with ``(iterations done, iterations in all)`` across every version.

    Raises:
        SimulationCancelled: ``cancelled()`` became true.
    """
    versions = [(None, plan), *((s.id, s.plan) for s in plan.scenarios)]
    total = iterations * len(versions)
    out = []
    for k, (scenario_id, version) in enumerate(versions):
        def step(done: int, _all: int, offset: int = k * iterations) -> None:
            if progress is not None:
                progress(offset + done, total)
        out.append(figures(version, scenario_id, iterations, seed, step, cancelled))
        if progress is not None:
            progress((k + 1) * iterations, total)
    return tuple(out)
