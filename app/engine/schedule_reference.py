"""A plain, task-by-task implementation of the critical-path passes (planning semantics §2-4).

It reads like the specification and serves two purposes: the oracle that the vectorised passes in
``schedule.py`` are tested against, and the pass used for very deep networks (long chains), where a loop
beats per-level numpy calls.
"""

from __future__ import annotations

import math

import numpy as np

from app.engine.calendar import WorkingCalendar
from app.engine.model import Plan
from app.errors import PlanError


def _order(plan: Plan) -> list[int]:
    position = {t.id: i for i, t in enumerate(plan.tasks)}
    successors: list[list[int]] = [[] for _ in plan.tasks]
    indegree = [len(t.predecessors) for t in plan.tasks]
    for i, task in enumerate(plan.tasks):
        for dep in task.predecessors:
            successors[position[dep.task]].append(i)
    ready = [i for i, n in enumerate(indegree) if n == 0]
    order = []
    while ready:
        i = ready.pop()
        order.append(i)
        for s in successors[i]:
            indegree[s] -= 1
            if indegree[s] == 0:
                ready.append(s)
    if len(order) < len(plan.tasks):
        raise PlanError("dependency cycle", where="tasks")
    return order


def reference_passes(
    plan: Plan, cal: WorkingCalendar
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[int, str]]:
    """Return ES, EF, LS, LF (plan order) and the tasks held by a freeze, computed task by task."""
    tasks = plan.tasks
    position = {t.id: i for i, t in enumerate(tasks)}
    order = _order(plan)
    scoped = [(cal.freeze_span(f), set(f.phases)) for f in plan.project.freezes]
    spans = [(span, scope) for span, scope in scoped if span.end > span.first]
    n = len(tasks)
    es, ef, ls, lf = [0] * n, [0] * n, [0] * n, [0] * n
    held: dict[int, str] = {}
    status = plan.project.status_date
    status_index = max(0, cal.index_on_or_after(status)) if status is not None else None
    for i in order:
        task, d = tasks[i], tasks[i].duration
        start = 0
        if task.start_no_earlier_than is not None:
            start = max(start, cal.index_on_or_after(task.start_no_earlier_than))
        if status_index is not None and task.actual_start is None and task.actual_finish is None:
            start = max(start, status_index)  # not started by the status date: it starts no earlier
        for dep in task.predecessors:
            p = position[dep.task]
            bound = {"FS": ef[p] + dep.lag, "SS": es[p] + dep.lag,
                     "FF": ef[p] + dep.lag - d, "SF": es[p] + dep.lag - d}[dep.type]
            start = max(start, bound)
        if task.actual_start is not None:
            start = max(0, cal.index_on_or_after(task.actual_start))
        elif task.kind == "cutover" and task.actual_finish is None:
            moved = True
            while moved:
                moved = False
                for span, scope in spans:
                    if scope and task.phase not in scope:
                        continue  # a freeze scoped to other phases
                    if start < span.end and start + max(d, 1) > span.first:
                        held.setdefault(i, span.name)
                        start, moved = span.end, True
        finish = start + d
        if status_index is not None and task.actual_start is not None and task.actual_finish is None:
            remaining = math.ceil(d * (1 - task.percent_complete / 100) - 1e-9)
            finish = max(finish, status_index + max(remaining, 0))  # remaining work from the status date
        if task.actual_finish is not None:
            finish = max(0, cal.index_on_or_before(task.actual_finish) + 1)
            if task.actual_start is None:
                start = max(finish - d, 0)
            finish = max(finish, start)
        es[i], ef[i] = start, finish
    project_ef = max(ef, default=0)
    successors: list[list[tuple[int, str, int]]] = [[] for _ in tasks]
    for i, task in enumerate(tasks):
        for dep in task.predecessors:
            successors[position[dep.task]].append((i, dep.type, dep.lag))
    for i in reversed(order):
        task, d = tasks[i], tasks[i].duration
        finish = project_ef
        if task.deadline is not None:
            last = cal.index_on_or_before(task.deadline)
            finish = min(finish, last if d == 0 else last + 1)
        for s, kind, lag in successors[i]:
            finish = min(finish, {"FS": ls[s] - lag, "SS": ls[s] - lag + d,
                                  "FF": lf[s] - lag, "SF": lf[s] - lag + d}[kind])
        lf[i], ls[i] = finish, finish - d
    return _array(es), _array(ef), _array(ls), _array(lf), held


def _array(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.int64)
