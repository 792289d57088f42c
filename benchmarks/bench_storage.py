"""Benchmark: save and load a 10,000-task plan as a ``.ccplan`` file (median of 5 runs each).

Run on demand: ``.venv/bin/python benchmarks/bench_storage.py [tasks]``. Not part of the test suite.
"""

from __future__ import annotations

import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy  # noqa: E402

from app.engine import model as m  # noqa: E402
from app.storage.project_file import load_plan, save_plan  # noqa: E402


def make_plan(n_tasks: int = 10_000, seed: int = 20251122) -> m.Plan:
    """Return a plan of ``n_tasks`` tasks (about 3 predecessors each), 200 systems and 2,000 cost lines."""
    rng = random.Random(seed)
    day0 = date(2026, 4, 1)
    phases = tuple(m.Phase(f"P{i}", f"Wave {i}", agents=rng.randint(0, 300)) for i in range(10))
    roles = tuple(m.Role(f"R{i}", f"Role {i}", rng.uniform(300, 1200)) for i in range(8))
    systems = tuple(
        m.System(f"S{i}", f"System {i}", rng.choice(m.ESTATES), rng.choice(m.COMPONENT_KIND_KEYS),
                 seats=rng.randint(0, 2000), annual_run_cost=rng.uniform(0, 5e5),
                 contract_end=day0 + timedelta(days=rng.randint(0, 900)), personal_data="Callers' names",
                 replaced_by=(f"S{(i + 1) % 200}",), number_ranges=("0300 123 4000-4999",))
        for i in range(200))
    tasks = []
    for i in range(n_tasks):
        preds = tuple(m.Dependency(f"T{j}", rng.choice(m.DEPENDENCY_TYPES), rng.randint(-2, 5))
                      for j in sorted(rng.sample(range(max(0, i - 50), i), min(i, 3))))
        duration = rng.randint(0, 30)
        tasks.append(m.Task(
            f"T{i}", f"Task {i} \N{EN DASH} migrate", duration, phase=f"P{i % 10}",
            kind=rng.choice(m.TASK_KINDS),
            optimistic=max(0, duration - 2), pessimistic=duration + 5, predecessors=preds,
            systems=(f"S{rng.randrange(200)}",),
            effort=(m.Effort(f"R{rng.randrange(8)}", rng.uniform(0, 20)),),
            deadline=day0 + timedelta(days=rng.randint(100, 1500)), percent_complete=rng.uniform(0, 100)))
    lines = tuple(
        m.CostLine(f"C{i}", f"Line {i}", rng.choice(m.COST_CATEGORIES), "recurring", rng.uniform(0.008, 9000),
                   rng.uniform(1, 500), task=f"T{rng.randrange(n_tasks)}",
                   start=m.CostAnchor(task=f"T{rng.randrange(n_tasks)}"), end=m.CostAnchor(date=day0),
                   ramp=(m.RampStep(day0, 0.5), m.RampStep(day0 + timedelta(days=30), 1.0)))
        for i in range(2000))
    project = m.Project("Benchmark", day0, non_working_days=(day0,), freezes=(m.Freeze("Xmas", day0, day0),))
    return m.Plan(project, systems, (), roles, phases, tuple(tasks), lines)


def _median_seconds(action, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the median save and load times."""
    n_tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    plan = make_plan(n_tasks)
    rows = sum(len(t.predecessors) + len(t.systems) + len(t.effort) + 1 for t in plan.tasks)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.ccplan"
        save = _median_seconds(lambda: save_plan(plan, path))
        load = _median_seconds(lambda: load_plan(path))
        assert load_plan(path) == plan
        size = path.stat().st_size
    print(f"python {platform.python_version()}, SQLAlchemy {sqlalchemy.__version__}")
    print(f"{n_tasks} tasks, ~{rows} task rows, {len(plan.cost_lines)} cost lines; file {size / 1e6:.1f} MB")
    print(f"save_plan median of 5: {save * 1000:.0f} ms")
    print(f"load_plan median of 5: {load * 1000:.0f} ms")


if __name__ == "__main__":
    main()
