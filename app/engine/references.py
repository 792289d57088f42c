"""Structural integrity of a plan: duplicate ids and references to things that do not exist.

Each problem names its place as a JSON-style path into the interchange form (``tasks[3].predecessors[0].task``)
so that the interchange reader, ``ccplan validate`` and the GUI point at the same spot.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from app.engine.model import Plan


@dataclass(frozen=True)
class Problem:
    """A structural problem at ``where`` (JSON-style path)."""

    where: str
    message: str
    code: str


def _duplicates(name: str, ids: Iterable[str]) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id in seen:
            yield Problem(
                f"{name}[{index}].id",
                f"duplicate id '{item_id}' (first used at {name}[{seen[item_id]}])",
                "duplicate-id",
            )
        else:
            seen[item_id] = index


def structural_problems(plan: Plan) -> list[Problem]:
    """Return every duplicate id and unknown reference in ``plan``, in document order.

    A scenario's plan is checked the same way, its problems placed under ``scenarios[i].plan.``; a scenario
    may not hold scenarios of its own.
    """
    problems = _own_problems(plan)
    for i, scenario in enumerate(plan.scenarios):
        where = f"scenarios[{i}].plan."
        if scenario.plan.scenarios:
            problems.append(Problem(f"{where}scenarios", "a scenario cannot hold scenarios of its own",
                                    "nested-scenario"))
        problems.extend(_own_problems(scenario.plan, where))
    return problems


def _own_problems(plan: Plan, prefix: str = "") -> list[Problem]:
    problems: list[Problem] = []
    for name in ("systems", "integrations", "roles", "phases", "tasks", "cost_lines", "baselines",
                 "scenarios"):
        problems.extend(_duplicates(name, (item.id for item in getattr(plan, name))))
    systems, tasks, phases, roles = plan.system_by_id, plan.task_by_id, plan.phase_by_id, plan.role_by_id

    def ref(where: str, value: str | None, known: Mapping[str, object], what: str) -> None:
        if value is not None and value not in known:
            problems.append(Problem(where, f"unknown {what} '{value}'", "unknown-reference"))

    ref("project.baseline", plan.project.baseline, plan.baseline_by_id, "baseline")
    for i, freeze in enumerate(plan.project.freezes):
        for j, phase_id in enumerate(freeze.phases):
            ref(f"project.freezes[{i}].phases[{j}]", phase_id, phases, "phase")
    for i, system in enumerate(plan.systems):
        for j, target in enumerate(system.replaced_by):
            ref(f"systems[{i}].replaced_by[{j}]", target, systems, "system")
        ref(f"systems[{i}].phase", system.phase, phases, "phase")
    for i, link in enumerate(plan.integrations):
        ref(f"integrations[{i}].source", link.source, systems, "system")
        ref(f"integrations[{i}].target", link.target, systems, "system")
    for i, task in enumerate(plan.tasks):
        ref(f"tasks[{i}].phase", task.phase, phases, "phase")
        for j, dep in enumerate(task.predecessors):
            ref(f"tasks[{i}].predecessors[{j}].task", dep.task, tasks, "task")
            if dep.task == task.id:
                problems.append(Problem(f"tasks[{i}].predecessors[{j}].task",
                                        f"task '{task.id}' cannot depend on itself", "self-dependency"))
        for j, system_id in enumerate(task.systems):
            ref(f"tasks[{i}].systems[{j}]", system_id, systems, "system")
        for j, effort in enumerate(task.effort):
            ref(f"tasks[{i}].effort[{j}].role", effort.role, roles, "role")
    for i, line in enumerate(plan.cost_lines):
        ref(f"cost_lines[{i}].task", line.task, tasks, "task")
        ref(f"cost_lines[{i}].system", line.system, systems, "system")
        ref(f"cost_lines[{i}].phase", line.phase, phases, "phase")
        for end in ("start", "end"):
            anchor = getattr(line, end)
            if anchor is not None:
                ref(f"cost_lines[{i}].{end}.task", anchor.task, tasks, "task")
    if prefix:
        problems = [Problem(prefix + p.where, p.message, p.code) for p in problems]
    return problems
