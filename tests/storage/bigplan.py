"""A deterministic, larger plan for the storage tests that need many rows (kill test, corruption tests)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.engine import model as m


def big_plan(n_tasks: int, seed: int) -> m.Plan:
    """Return a plan of ``n_tasks`` tasks with about three predecessors each, systems and cost lines."""
    rng = random.Random(seed)
    day0 = date(2026, 4, 1)
    systems = tuple(m.System(f"S{i}", f"System {i} \N{EM DASH} {seed}", "current", "acd",
                             personal_data="names", number_ranges=(f"0300 {i:04d}",)) for i in range(20))
    tasks = tuple(
        m.Task(f"T{i}", f"Task {i} of plan {seed}", rng.randint(0, 20),
               predecessors=tuple(m.Dependency(f"T{j}", lag=rng.randint(-2, 3))
                                  for j in sorted(rng.sample(range(max(0, i - 20), i), min(i, 3)))),
               systems=(f"S{i % 20}",), deadline=day0 + timedelta(days=rng.randint(0, 900)),
               percent_complete=rng.uniform(0, 100))
        for i in range(n_tasks))
    lines = tuple(m.CostLine(f"C{i}", f"Line {i}", "Other", "one_off", rng.uniform(0, 1e5), task=f"T{i}")
                  for i in range(min(n_tasks, 200)))
    return m.Plan(m.Project(f"Big plan {seed}", day0), systems, tasks=tasks, cost_lines=lines)
