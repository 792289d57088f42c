"""Task edits the task panel pushes: add, delete with its dependencies, and links refused when they loop.

Pure functions over the engine model; like ``app.engine.estate_edits`` they return one ``Edit`` per user
action so a cascade is one undoable step. Labels are passed in by the (translating) caller.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from collections.abc import Iterable

from app.engine.edits import CompoundEdit, Edit, RemoveItems, ReplaceItems, set_item_fields
from app.engine.graph import topological_task_ids
from app.engine.model import CostAnchor, CostLine, Dependency, Plan, Task
from app.engine.schedule import compute_schedule
from app.errors import PlanError


def format_dependency(dependency: Dependency) -> str:
    """Return a link as the table shows it: ``"T03 FS"``, ``"T05 SS+2"`` or ``"T06 FS-3"`` (a lead)."""
    lag = f"{dependency.lag:+d}" if dependency.lag else ""
    return f"{dependency.task} {dependency.type}{lag}"


def predecessor_summary(task: Task) -> str:
    """Return every predecessor link of ``task``, e.g. ``"T03 FS, T05 SS+2"``."""
    return ", ".join(format_dependency(d) for d in task.predecessors)


def successors_of(plan: Plan, task_id: str) -> tuple[str, ...]:
    """Return the ids of the tasks that name ``task_id`` as a predecessor, in plan order."""
    return tuple(t.id for t in plan.tasks if any(d.task == task_id for d in t.predecessors))


def delete_tasks_edit(plan: Plan, ids: Iterable[str], label: str = "Delete tasks") -> Edit:
    """Return the edit removing tasks ``ids`` and every reference to them, as one step.

    The surviving tasks lose their links to the deleted ones; cost lines timed by a deleted task keep their
    timing as fixed dates taken from the current schedule (an anchor on its start or finish becomes that
    date; a one-off spread over it falls on its start date), so no pound moves silently. The inverse puts
    everything back exactly.
    """
    doomed = tuple(dict.fromkeys(i for i in ids if i in plan.task_by_id))
    gone = set(doomed)
    relinked = tuple(
        dataclasses.replace(t, predecessors=tuple(d for d in t.predecessors if d.task not in gone))
        for t in plan.tasks if t.id not in gone and any(d.task in gone for d in t.predecessors))
    edits: list[Edit] = []
    if relinked:
        edits.append(ReplaceItems("tasks", relinked, label))
    retimed = _retimed_cost_lines(plan, gone)
    if retimed:
        edits.append(ReplaceItems("cost_lines", retimed, label))
    edits.append(RemoveItems("tasks", doomed, label))
    return CompoundEdit(tuple(edits), label)


def _retimed_cost_lines(plan: Plan, gone: set[str]) -> tuple[CostLine, ...]:
    touched = [c for c in plan.cost_lines
               if c.task in gone or any(a is not None and a.task in gone for a in (c.start, c.end))]
    if not touched:
        return ()
    try:
        schedule = compute_schedule(plan)
    except PlanError:
        schedule = None

    def when(task_id: str, event: str) -> date | None:
        if schedule is None:
            return None
        return schedule.start_of(task_id) if event == "start" else schedule.finish_of(task_id)

    def anchor(a: CostAnchor | None) -> CostAnchor | None:
        if a is None or a.task not in gone:
            return a
        return CostAnchor(date=when(a.task, a.event))

    out = []
    for line in touched:
        changes: dict[str, object] = {"start": anchor(line.start), "end": anchor(line.end)}
        if line.task in gone:
            changes.update(task=None, date=line.date or when(line.task, "start"))
        out.append(dataclasses.replace(line, **changes))  # type: ignore[arg-type]
    return tuple(out)


def cycle_problem(plan: Plan, task_id: str, predecessors: tuple[Dependency, ...]) -> str | None:
    """Return the cycle that giving ``task_id`` these ``predecessors`` would make, spelled out by names.

    Checks the would-be plan with ``topological_task_ids``. A plan that already has a cycle is not
    blamed on the new links (the validation panel reports it), so this returns ``None`` then.

    Returns:
        ``"Build -> Test -> Build"`` style text, or ``None`` when the links are acyclic.
    """
    edit = set_item_fields(plan, "tasks", task_id, predecessors=predecessors)
    try:
        topological_task_ids(edit.apply(plan).plan)
    except PlanError as new_error:
        try:
            topological_task_ids(plan)
        except PlanError:
            return None
        return new_error.message.removeprefix("dependency cycle: ")
    return None


def descendants_of(plan: Plan, task_id: str) -> set[str]:
    """Return the ids of every task that (transitively) follows ``task_id``; linking any of them before
    ``task_id`` would make a cycle."""
    following: dict[str, list[str]] = {}
    for task in plan.tasks:
        for dependency in task.predecessors:
            following.setdefault(dependency.task, []).append(task.id)
    found: set[str] = set()
    stack = [task_id]
    while stack:
        for successor in following.get(stack.pop(), ()):
            if successor not in found:
                found.add(successor)
                stack.append(successor)
    return found


def default_predecessor(plan: Plan, task_id: str) -> str | None:
    """Return the task a new link of ``task_id`` should start from: the nearest earlier task in plan order
    (then later ones) that is not already linked and makes no cycle; ``None`` when there is none."""
    task = plan.task_by_id[task_id]
    excluded = {d.task for d in task.predecessors} | {task_id} | descendants_of(plan, task_id)
    position = next(k for k, t in enumerate(plan.tasks) if t.id == task_id)
    candidates = [t.id for t in reversed(plan.tasks[:position])] + [t.id for t in plan.tasks[position + 1:]]
    return next((c for c in candidates if c not in excluded), None)
