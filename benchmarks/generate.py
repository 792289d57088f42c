"""Generate large random plans for benchmarks (fixed seed): tasks with ~3 predecessors each."""

from __future__ import annotations

import random
from datetime import date

from app.engine import model as m


def generated_plan(tasks: int = 10_000, preds: int = 3, seed: int = 1, systems: int = 0) -> m.Plan:
    """A plan of ``tasks`` tasks, each depending on up to ``preds`` of the 200 tasks before it."""
    rng = random.Random(seed)
    phases = tuple(m.Phase(f"P{k}", f"Phase {k}") for k in range(10))
    out = []
    for i in range(tasks):
        window = range(max(0, i - 200), i)
        chosen = rng.sample(window, min(len(window), preds)) if i else []
        deps = tuple(m.Dependency(f"T{j}", rng.choice(("FS", "FS", "FS", "SS", "FF", "SF")), rng.randint(-2, 5))
                     for j in chosen)
        d = rng.randint(0, 20)
        out.append(m.Task(f"T{i}", f"Task {i}", d, phase=f"P{i * 10 // tasks}",
                          kind=rng.choice(("build", "test", "cutover", "design")),
                          optimistic=max(0, d - rng.randint(0, 3)), pessimistic=d + rng.randint(0, 10),
                          predecessors=deps))
    project = m.Project("Generated", date(2026, 6, 1),
                        freezes=(m.Freeze("Christmas", date(2026, 12, 14), date(2027, 1, 4)),))
    estate = tuple(m.System(f"S{k}", f"System {k}", "current" if k % 2 else "target", "acd")
                   for k in range(systems))
    return m.Plan(project, systems=estate, phases=phases, tasks=tuple(out))
