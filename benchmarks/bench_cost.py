"""Benchmark the cost engine (run on demand): a 10,000-task plan with effort and 2,000 cost lines.

    .venv/bin/python benchmarks/bench_cost.py
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.engine import model as m  # noqa: E402
from app.engine.cost import compute_costs  # noqa: E402
from app.engine.schedule import compute_schedule  # noqa: E402
from benchmarks.generate import generated_plan  # noqa: E402


def costed_plan(tasks: int = 10_000, lines: int = 2_000, seed: int = 3) -> m.Plan:
    rng = random.Random(seed)
    plan = generated_plan(tasks)
    roles = (m.Role("PM", "Programme manager", 650.0), m.Role("BA", "Business analyst", 550.0))
    with_effort = tuple(dataclasses.replace(t, effort=(m.Effort("PM", rng.uniform(0, 20)),
                                                       m.Effort("BA", rng.uniform(0, 20))))
                        for t in plan.tasks)
    costs = []
    for k in range(lines):
        task = plan.tasks[rng.randrange(tasks)].id
        if k % 2:
            costs.append(m.CostLine(f"C{k}", f"Licence {k}", "CCaaS licences", "recurring", rng.uniform(10, 200),
                                    rng.randint(1, 300), start=m.CostAnchor(task=task, event="finish"),
                                    ob_category="operating"))
        else:
            costs.append(m.CostLine(f"C{k}", f"Work {k}", "Integrations", "one_off", rng.uniform(1e3, 5e4),
                                    task=task if k % 4 else None,
                                    date=None if k % 4 else date(2026, 6, 1) + timedelta(days=rng.randrange(900)),
                                    ob_category="capital"))
    return dataclasses.replace(plan, roles=roles, tasks=with_effort, cost_lines=tuple(costs))


def main() -> None:
    plan = costed_plan()
    schedule = compute_schedule(plan)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        report = compute_costs(plan, schedule)
        times.append(time.perf_counter() - t0)
    print(f"compute_costs: 10,000 tasks with effort, 2,000 cost lines: median {statistics.median(times) * 1000:.0f} ms "
          f"({len(report.lines)} items; NPC migrate £{report.npc_migrate:,.0f})")


if __name__ == "__main__":
    main()
