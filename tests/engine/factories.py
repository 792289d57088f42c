"""Small hand-built plans for engine tests, and a large generated one for sizing checks."""

from __future__ import annotations

import random
from datetime import date

from app.engine import model as m

START = date(2026, 4, 1)


def task(task_id: str, name: str | None = None, *preds: str, duration: int = 5, kind: str = "other",
         **fields: object) -> m.Task:
    """A task named ``name`` (default: its id) with FS predecessors ``preds`` (or ``predecessors=``)."""
    fields.setdefault("predecessors", tuple(m.Dependency(p) for p in preds))
    return m.Task(task_id, task_id if name is None else name, duration, kind=kind,
                  **fields)  # type: ignore[arg-type]


def plan(tasks: tuple[m.Task, ...] = (), systems: tuple[m.System, ...] = (),
         integrations: tuple[m.Integration, ...] = (), cost_lines: tuple[m.CostLine, ...] = (),
         **project: object) -> m.Plan:
    """A plan starting on ``START`` with the given items."""
    return m.Plan(m.Project("Test plan", START, **project),  # type: ignore[arg-type]
                  systems=systems, integrations=integrations, tasks=tasks, cost_lines=cost_lines)


def big_plan(n_tasks: int = 10_000, deps_per_task: int = 3, seed: int = 1) -> m.Plan:
    """An acyclic plan of ``n_tasks`` tasks with about ``deps_per_task`` predecessors each."""
    rng = random.Random(seed)
    tasks = []
    for i in range(n_tasks):
        preds = sorted({rng.randrange(max(0, i - 200), i) for _ in range(deps_per_task)}) if i else []
        tasks.append(m.Task(f"T{i:05d}", f"Task {i}", rng.randint(0, 20), kind="build",
                            optimistic=0, pessimistic=30,
                            predecessors=tuple(m.Dependency(f"T{p:05d}", lag=rng.randint(-2, 2))
                                               for p in preds)))
    return plan(tuple(tasks))
