"""Plan validation: every rule a plan should meet, reported as errors and warnings with a place.

Errors stop a plan being scheduled or costed correctly; warnings point at something probably missing.
Each issue has a stable kebab-case ``code``, one English sentence naming things by name and id, and a
JSON-style path into the interchange form (``tasks[4].optimistic``) shared with ``ccplan validate`` and
the GUI.

===========================  ========  ===============================================================
code                         severity  rule
===========================  ========  ===============================================================
duplicate-id                 error     an id is used twice in one collection (``references``)
unknown-reference            error     a reference to a system, task, phase or role that does not exist
self-dependency              error     a task lists itself as a predecessor
task-cycle                   error     task dependencies loop; one issue per strongly connected group
                                       of tasks, spelling out by task names its shortest cycle
                                       through the group's first task in plan order
system-cycle                 error     dependency integrations (``dependency=True``) loop among
                                       systems, or one makes a system depend on itself; plain data
                                       flows never count
negative-duration            error     a duration, optimistic or pessimistic estimate below 0
estimate-order               error     optimistic > most likely (duration), or most likely > pessimistic
deadline-before-start        error     a task deadline falls before the project start date
actual-order                 error     a task's actual finish is before its actual start
percent-complete-range       error     percent complete outside 0..100
freeze-order                 error     a freeze window ends before it starts
template-invalid             error     a template kept in the project cannot be applied (bad step keys,
                                       links or estimates, or a cycle)
cost-timing                  error     a one-off line with neither date nor task; a recurring line with
                                       no start; a start or end anchor with neither date nor task
cost-period-order            error     a recurring line's end date is before its start date (both dates)
ramp-share                   error     a ramp step's share is outside 0..1
cost-estimate-order          error     a line's low > its amount, or its amount > its high
no-exit-path                 warning   a current system, not retained, with no replacement
                                       (``replaced_by``) and no ``decommission`` task naming it
no-source                    warning   a target system, not retained, that no current system is
                                       replaced by and no ``cutover`` task names
replacement-not-target       warning   ``replaced_by`` names a system of the current estate
target-replaced              warning   a target system has ``replaced_by`` entries
constraint-before-start      warning   a task's start-no-earlier-than date is before the project start
unknown-task-kind            warning   a task kind not in ``model.TASK_KINDS``
unknown-system-kind          warning   a system kind not in ``model.COMPONENT_KIND_KEYS``
unknown-system-action        warning   a system action not in ``model.SYSTEM_ACTIONS``
===========================  ========  ===============================================================

Cycle checks use strongly connected components (linear time), never an enumeration of every cycle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

import networkx as nx

from app.engine.graph import (
    join_cycle,
    partial_task_order,
    shortest_cycle,
    system_dependency_graph,
    task_graph,
    unique_labels,
)
from app.engine.model import (
    COMPONENT_KIND_KEYS,
    SYSTEM_ACTIONS,
    TASK_KINDS,
    CostAnchor,
    CostLine,
    Plan,
    System,
    Task,
)
from app.engine.references import structural_problems

Severity = Literal["error", "warning"]

_TASK_KINDS = frozenset(TASK_KINDS)
_SYSTEM_KINDS = frozenset(COMPONENT_KIND_KEYS)
_SYSTEM_ACTIONS = frozenset(SYSTEM_ACTIONS)
_ITEM_PATH = re.compile(r"^(systems|integrations|roles|phases|tasks|cost_lines|baselines|scenarios)\[(\d+)\]")
_SINGULAR = {"systems": "system", "integrations": "integration", "roles": "role", "phases": "phase",
             "tasks": "task", "cost_lines": "cost line", "baselines": "baseline", "scenarios": "scenario"}


@dataclass(frozen=True)
class Issue:
    """One finding about a plan.

    Attributes:
        severity: ``"error"`` (the plan cannot be computed correctly) or ``"warning"``.
        code: stable kebab-case code, e.g. ``"task-cycle"``.
        message: one English sentence naming things by name and id.
        where: JSON-style path into the interchange form, e.g. ``"tasks[4].optimistic"``.
    """

    severity: Severity
    code: str
    message: str
    where: str


@dataclass(frozen=True)
class ValidationReport:
    """The issues found in a plan, errors kept apart from warnings, each in document order."""

    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Errors, then warnings."""
        return self.errors + self.warnings


def validate_plan(plan: Plan) -> ValidationReport:
    """Check ``plan`` against every rule in the module's table.

    Args:
        plan: the plan; it may be structurally broken (duplicate ids, unknown references).

    Returns:
        The report. Validation never raises on a plan built from the model's types.
    """
    issues: list[Issue] = []
    issues.extend(_structural_issues(plan))
    issues.extend(_task_cycle_issues(plan))
    issues.extend(_system_cycle_issues(plan))
    issues.extend(_task_issues(plan))
    issues.extend(_project_issues(plan))
    issues.extend(_cost_issues(plan))
    issues.extend(_estate_issues(plan))
    issues.extend(_template_issues(plan))
    return ValidationReport(
        errors=tuple(i for i in issues if i.severity == "error"),
        warnings=tuple(i for i in issues if i.severity == "warning"),
    )


def _template_issues(plan: Plan) -> list[Issue]:
    """A template the planner keeps in the project must be applicable (``templates.template_problems``)."""
    from app.engine.templates import template_problems

    return [_error("template-invalid", f"Template '{t.name}' ({t.id}): {problem}", f"templates[{i}]")
            for i, t in enumerate(plan.templates) for problem in template_problems(t)]


def _error(code: str, message: str, where: str) -> Issue:
    return Issue("error", code, message, where)


def _warning(code: str, message: str, where: str) -> Issue:
    return Issue("warning", code, message, where)


def _label(what: str, item_id: str, name: str) -> str:
    """``task 'Build' (T2)``, or ``task T2`` when the name is blank."""
    return f"{what} '{name.strip()}' ({item_id})" if name.strip() else f"{what} {item_id}"


def _task(task: Task) -> str:
    return _label("task", task.id, task.name)


def _system(system: System) -> str:
    return _label("system", system.id, system.name)


def _line(line: CostLine) -> str:
    return _label("cost line", line.id, line.name)


def _day(day: date) -> str:
    """``1 April 2026``."""
    return f"{day.day} {day:%B %Y}"


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


# --- structure and cycles -------------------------------------------------------------------------------


def _structural_issues(plan: Plan) -> Iterator[Issue]:
    for problem in structural_problems(plan):
        match = _ITEM_PATH.match(problem.where)
        prefix = ""
        if match:
            collection, index = match.group(1), int(match.group(2))
            item = getattr(plan, collection)[index]
            prefix = _label(_SINGULAR[collection], item.id, getattr(item, "name", "")) + ": "
        yield _error(problem.code, _sentence(prefix + problem.message), problem.where)


def _cycles(graph: nx.DiGraph, order: dict[str, int]) -> Iterator[tuple[list[str], int]]:
    """Yield one cycle and its group's size per strongly connected component of two or more nodes.

    Groups come in plan order (``order``: first index of each id); each cycle is the shortest through the
    group's earliest node, and starts there.
    """
    groups = [g for g in nx.strongly_connected_components(graph) if len(g) > 1]
    groups.sort(key=lambda g: min(order[n] for n in g))
    for group in groups:
        start = min(group, key=order.__getitem__)
        yield shortest_cycle(graph, start, within=group) or [start], len(group)


def _first_index(ids: Iterable[str]) -> dict[str, int]:
    order: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        order.setdefault(item_id, index)
    return order


def _task_cycle_issues(plan: Plan) -> Iterator[Issue]:
    _, blocked = partial_task_order(plan)  # linear; builds a networkx graph only when there is a loop
    if not blocked:
        return
    graph = task_graph(plan, only=blocked)
    graph.remove_edges_from(list(nx.selfloop_edges(graph)))  # reported as self-dependency
    order = _first_index(t.id for t in plan.tasks)
    labels: dict[str, str] = {}
    for cycle, size in _cycles(graph, order):
        labels = labels or unique_labels({t.id: t.name for t in reversed(plan.tasks)})
        first = order[cycle[0]]
        closing = next((j for j, dep in enumerate(plan.tasks[first].predecessors) if dep.task == cycle[-1]),
                       None)
        where = f"tasks[{first}].predecessors" + ("" if closing is None else f"[{closing}]")
        extra = f" ({size} tasks in all are caught in this loop)" if size > len(cycle) else ""
        yield _error("task-cycle", f"Dependency cycle among tasks: {join_cycle(cycle, labels)}{extra}.",
                     where)


def _system_cycle_issues(plan: Plan) -> Iterator[Issue]:
    graph = system_dependency_graph(plan)
    order = _first_index(s.id for s in plan.systems)
    for source, _, index in list(nx.selfloop_edges(graph, data="index")):
        link = plan.integrations[index]
        yield _error("system-cycle",
                     f"Integration {link.id} makes {_system(plan.systems[order[source]])} depend on itself.",
                     f"integrations[{index}]")
    graph.remove_edges_from(list(nx.selfloop_edges(graph)))
    labels: dict[str, str] = {}
    for cycle, size in _cycles(graph, order):
        labels = labels or unique_labels({s.id: s.name for s in reversed(plan.systems)})
        extra = f" ({size} systems in all are caught in this loop)" if size > len(cycle) else ""
        yield _error("system-cycle", f"Dependency cycle among systems: {join_cycle(cycle, labels)}{extra}.",
                     f"integrations[{graph.edges[cycle[-1], cycle[0]]['index']}]")


# --- tasks and project settings -------------------------------------------------------------------------


def _task_issues(plan: Plan) -> Iterator[Issue]:
    start = plan.project.start_date
    for i, task in enumerate(plan.tasks):
        name, at = _task(task), f"tasks[{i}]"
        for field, value in (("duration", task.duration), ("optimistic", task.optimistic),
                             ("pessimistic", task.pessimistic)):
            if value is not None and value < 0:
                yield _error("negative-duration",
                             _sentence(f"{name} has a {field} estimate of {value} working days, below zero"),
                             f"{at}.{field}")
        if task.optimistic is not None and task.optimistic > task.duration:
            yield _error("estimate-order", _sentence(
                f"{name} has an optimistic estimate of {task.optimistic} working days, longer than its "
                f"most likely duration of {task.duration}"), f"{at}.optimistic")
        if task.pessimistic is not None and task.duration > task.pessimistic:
            yield _error("estimate-order", _sentence(
                f"{name} has a pessimistic estimate of {task.pessimistic} working days, shorter than its "
                f"most likely duration of {task.duration}"), f"{at}.pessimistic")
        if task.deadline is not None and task.deadline < start:
            yield _error("deadline-before-start", _sentence(
                f"{name} has a deadline of {_day(task.deadline)}, before the project starts on "
                f"{_day(start)}"), f"{at}.deadline")
        if task.start_no_earlier_than is not None and task.start_no_earlier_than < start:
            yield _warning("constraint-before-start", _sentence(
                f"{name} may start no earlier than {_day(task.start_no_earlier_than)}, before the project "
                f"starts on {_day(start)}, so the constraint has no effect"),
                f"{at}.start_no_earlier_than")
        if (task.actual_start is not None and task.actual_finish is not None
                and task.actual_finish < task.actual_start):
            yield _error("actual-order", _sentence(
                f"{name} actually finished on {_day(task.actual_finish)}, before it actually started on "
                f"{_day(task.actual_start)}"), f"{at}.actual_finish")
        if not 0.0 <= task.percent_complete <= 100.0:
            yield _error("percent-complete-range", _sentence(
                f"{name} is {task.percent_complete}% complete; percent complete must be 0 to 100"),
                f"{at}.percent_complete")
        if task.kind not in _TASK_KINDS:
            yield _warning("unknown-task-kind", _sentence(
                f"{name} has kind '{task.kind}', which is not a known task kind"), f"{at}.kind")


def _project_issues(plan: Plan) -> Iterator[Issue]:
    for i, freeze in enumerate(plan.project.freezes):
        if freeze.end < freeze.start:
            label = f"'{freeze.name.strip()}'" if freeze.name.strip() else f"number {i + 1}"
            yield _error("freeze-order", _sentence(
                f"Freeze window {label} ends on {_day(freeze.end)}, before it starts on "
                f"{_day(freeze.start)}"), f"project.freezes[{i}]")


# --- cost lines -----------------------------------------------------------------------------------------


def _anchor_issues(line: CostLine, end: str, anchor: CostAnchor | None, at: str) -> Iterator[Issue]:
    if anchor is not None and anchor.date is None and anchor.task is None:
        yield _error("cost-timing", _sentence(
            f"The {end} of {_line(line)} names neither a date nor a task"), f"{at}.{end}")


def _cost_issues(plan: Plan) -> Iterator[Issue]:
    for i, line in enumerate(plan.cost_lines):
        name, at = _line(line), f"cost_lines[{i}]"
        if line.kind == "one_off" and line.date is None and line.task is None:
            yield _error("cost-timing", _sentence(
                f"One-off {name} has neither a date nor a task to fall on"), f"{at}.date")
        if line.kind == "recurring":
            if line.start is None:
                yield _error("cost-timing", _sentence(f"Recurring {name} has no start"), f"{at}.start")
            yield from _anchor_issues(line, "start", line.start, at)
            yield from _anchor_issues(line, "end", line.end, at)
            if (line.start is not None and line.end is not None and line.start.date is not None
                    and line.end.date is not None and line.end.date < line.start.date):
                yield _error("cost-period-order", _sentence(
                    f"Recurring {name} ends on {_day(line.end.date)}, before it starts on "
                    f"{_day(line.start.date)}"), f"{at}.end.date")
        for j, step in enumerate(line.ramp):
            if not 0.0 <= step.share <= 1.0:
                yield _error("ramp-share", _sentence(
                    f"Ramp step {j + 1} of {name} charges a share of {step.share}; a share must be 0 to 1"),
                    f"{at}.ramp[{j}].share")
        amount = line.amount
        slack = 1e-9 * max(1.0, abs(amount))  # unit cost x quantity carries rounding
        if line.low is not None and not line.low <= amount + slack:
            yield _error("cost-estimate-order", _sentence(
                f"{name} has a low estimate of £{line.low:,.2f}, above its amount of £{amount:,.2f}"),
                f"{at}.low")
        if line.high is not None and not amount <= line.high + slack:
            yield _error("cost-estimate-order", _sentence(
                f"{name} has a high estimate of £{line.high:,.2f}, below its amount of £{amount:,.2f}"),
                f"{at}.high")


# --- the estate -----------------------------------------------------------------------------------------


def _estate_issues(plan: Plan) -> Iterator[Issue]:
    systems = plan.system_by_id
    decommissioned = {s for t in plan.tasks if t.kind == "decommission" for s in t.systems}
    cut_over = {s for t in plan.tasks if t.kind == "cutover" for s in t.systems}
    replacements = {r for s in plan.systems if s.estate == "current" for r in s.replaced_by}
    for i, system in enumerate(plan.systems):
        name, at = _system(system), f"systems[{i}]"
        if system.kind not in _SYSTEM_KINDS:
            yield _warning("unknown-system-kind", _sentence(
                f"{name} has kind '{system.kind}', which is not a known component kind"), f"{at}.kind")
        if system.action not in _SYSTEM_ACTIONS:
            yield _warning("unknown-system-action", _sentence(
                f"{name} has action '{system.action}', which is not a known system action"),
                f"{at}.action")
        if system.estate == "target" and system.replaced_by:
            yield _warning("target-replaced", _sentence(
                f"{name} is in the target estate but lists systems that replace it"), f"{at}.replaced_by")
        for j, other_id in enumerate(system.replaced_by):
            other = systems.get(other_id)
            if other is not None and other.estate == "current":
                yield _warning("replacement-not-target", _sentence(
                    f"{name} is replaced by {_system(other)}, which is in the current estate, "
                    f"not the target"),
                    f"{at}.replaced_by[{j}]")
        if system.action == "retain":
            continue
        if system.estate == "current" and not system.replaced_by and system.id not in decommissioned:
            yield _warning("no-exit-path", _sentence(
                f"Current {name} has no replacement and no decommission task, so nothing says how it "
                f"leaves the estate"), at)
        if system.estate == "target" and system.id not in replacements and system.id not in cut_over:
            yield _warning("no-source", _sentence(
                f"Target {name} replaces no current system and no cutover task names it, so nothing "
                f"says how it goes live"), at)
