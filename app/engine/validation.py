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
                                       of tasks, spelling out one cycle in it by task names
system-cycle                 error     dependency integrations (``dependency=True``) loop among
                                       systems, or one makes a system depend on itself; plain data
                                       flows never count
negative-duration            error     a duration, optimistic or pessimistic estimate below 0
estimate-order               error     optimistic > most likely (duration), or most likely > pessimistic
deadline-before-start        error     a task deadline falls before the project start date
actual-order                 error     a task's actual finish is before its actual start
percent-complete-range       error     percent complete outside 0..100
freeze-order                 error     a freeze window ends before it starts
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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from app.engine.graph import find_cycle, join_cycle, system_dependency_graph, task_graph, unique_labels
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
_ITEM_PATH = re.compile(r"^(systems|integrations|roles|phases|tasks|cost_lines)\[(\d+)\]")
_SINGULAR = {"systems": "system", "integrations": "integration", "roles": "role", "phases": "phase",
             "tasks": "task", "cost_lines": "cost line"}


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
    return ValidationReport(
        errors=tuple(i for i in issues if i.severity == "error"),
        warnings=tuple(i for i in issues if i.severity == "warning"),
    )


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

    Groups come in plan order (``order``: first index of each id); each cycle starts at its earliest node.
    """
    groups = [g for g in nx.strongly_connected_components(graph) if len(g) > 1]
    groups.sort(key=lambda g: min(order[n] for n in g))
    for group in groups:
        cycle = find_cycle(graph.subgraph(group)) or sorted(group, key=order.__getitem__)
        start = min(range(len(cycle)), key=lambda k: order[cycle[k]])
        yield cycle[start:] + cycle[:start], len(group)


def _first_index(ids: Iterator[str]) -> dict[str, int]:
    order: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        order.setdefault(item_id, index)
    return order


def _task_cycle_issues(plan: Plan) -> Iterator[Issue]:
    graph = task_graph(plan)
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
        yield _error("task-cycle", f"Dependency cycle among tasks: {join_cycle(cycle, labels)}{extra}.", where)


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
