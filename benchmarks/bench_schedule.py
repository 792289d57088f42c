"""Benchmark the critical-path engine on a generated 10,000-task plan (run on demand).

    .venv/bin/python benchmarks/bench_schedule.py [TASKS]
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.engine.calendar import WorkingCalendar  # noqa: E402
from app.engine.schedule import build_network, compute_schedule  # noqa: E402
from app.engine.schedule_reference import reference_passes  # noqa: E402
from benchmarks.generate import generated_plan  # noqa: E402


def median_ms(func, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    plan = generated_plan(n)
    edges = sum(len(t.predecessors) for t in plan.tasks)
    cal = WorkingCalendar.for_project(plan.project)
    net = build_network(plan)
    edited = dataclasses.replace(plan, tasks=(dataclasses.replace(plan.tasks[0], duration=7),) + plan.tasks[1:])
    print(f"{n} tasks, {edges} links, {len(net.levels)} levels")
    print(f"build network (structure prep): {median_ms(lambda: build_network(plan)):.1f} ms")
    print(f"recompute after a duration edit (structure cached): "
          f"{median_ms(lambda: compute_schedule(edited, net, cal)):.1f} ms")
    print(f"full compute incl. structure and calendar: {median_ms(lambda: compute_schedule(plan)):.1f} ms")
    print(f"reference task-by-task passes: {median_ms(lambda: reference_passes(plan, cal), 3):.1f} ms")


if __name__ == "__main__":
    main()
