"""Benchmark the estate analyses on a generated 2,000-system, 6,000-integration estate (run on demand).

    .venv/bin/python benchmarks/bench_estate.py [SYSTEMS] [INTEGRATIONS]

Times validation, gap analysis (including the schedule it needs), wave suggestion, the impact index build
and 100 impact queries; prints medians.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.engine import model as m  # noqa: E402
from app.engine.gaps import analyse_gaps, gap_issues  # noqa: E402
from app.engine.impact import ImpactIndex  # noqa: E402
from app.engine.review import review_plan  # noqa: E402
from app.engine.schedule import compute_schedule  # noqa: E402
from app.engine.validation import validate_plan  # noqa: E402
from app.engine.waves import suggest_waves, waves_to_edit  # noqa: E402

WAVES = 10


def generated_estate(systems: int = 2_000, integrations: int = 6_000, seed: int = 7) -> m.Plan:
    """Half target, half current (each replaced by a target); acyclic dependency links, data flows, bridges,
    shared number ranges, personal data, contracts; a cutover task per 10 targets and a decommission task per
    20 current systems, chained wave by wave."""
    rng = random.Random(seed)
    half = systems // 2
    targets = [f"T{k:04d}" for k in range(half)]
    currents = [f"L{k:04d}" for k in range(systems - half)]
    wave_of = {s: 1 + k * WAVES // len(ids) for ids in (targets, currents) for k, s in enumerate(ids)}
    phases = tuple(m.Phase(f"W{n}", f"Wave {n}") for n in range(1, WAVES + 1))
    estate = [m.System(t, f"Target system {k}", "target", "acd", phase=f"W{wave_of[t]}",
                       personal_data="contact details" if k % 5 == 0 else "") for k, t in enumerate(targets)]
    for k, c in enumerate(currents):
        estate.append(m.System(
            c, f"Legacy system {k}", "current", "platform", replaced_by=(targets[k % half],),
            personal_data="call records" if k % 4 == 0 else "", phase=f"W{wave_of[c]}",
            number_ranges=(f"0300 {k % 150:04d}",) if k % 10 == 0 else (),  # some shared across waves
            contract_end=date(2027, 3, 31) if k % 25 == 0 else None, notice_days=90, renewal_months=12))
    order = targets + currents  # links only run forward in this order, so dependencies stay acyclic
    links = []
    for k in range(integrations):
        a, b = sorted(rng.sample(range(len(order)), 2))
        dependency = rng.random() < 0.6
        links.append(m.Integration(f"I{k:05d}", order[a], order[b], dependency=dependency,
                                   coexistence_bridge=not dependency and rng.random() < 0.1))
    tasks = [m.Task("DPIA", "Programme DPIA", 20, kind="dpia"),
             m.Task("BUILD", "Build", 60, kind="build", predecessors=(m.Dependency("DPIA"),))]
    previous = "BUILD"
    for n in range(1, WAVES + 1):
        go = [t for t in targets if wave_of[t] == n]
        for j in range(0, len(go), 10):
            tasks.append(m.Task(f"GO{n}-{j}", f"Wave {n} go-live {j // 10}", 2, phase=f"W{n}", kind="cutover",
                                systems=tuple(go[j:j + 10]), predecessors=(m.Dependency(previous),)))
        gate = f"GATE{n}"
        ends = tuple(m.Dependency(t.id) for t in tasks if t.id.startswith(f"GO{n}-"))
        tasks.append(m.Task(gate, f"Wave {n} done", 0, phase=f"W{n}", kind="milestone", predecessors=ends))
        previous = gate
    for j in range(0, len(currents), 20):
        group = tuple(currents[j:j + 20])
        tasks.append(m.Task(f"AR{j}", f"Archive {j // 20}", 5, kind="archive", systems=group,
                            predecessors=(m.Dependency(previous),)))
        tasks.append(m.Task(f"DC{j}", f"Decommission {j // 20}", 5, kind="decommission", systems=group,
                            predecessors=(m.Dependency(f"AR{j}"),)))
    project = m.Project("Generated estate", date(2026, 6, 1),
                        freezes=(m.Freeze("Christmas", date(2026, 12, 14), date(2027, 1, 4)),))
    return m.Plan(project, systems=tuple(estate), integrations=tuple(links), phases=phases,
                  tasks=tuple(tasks))


def median_ms(func: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    systems = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000
    integrations = int(sys.argv[2]) if len(sys.argv) > 2 else 6_000
    plan = generated_estate(systems, integrations)
    print(f"{len(plan.systems)} systems, {len(plan.integrations)} integrations, {len(plan.tasks)} tasks")
    print(f"validate_plan: {median_ms(lambda: validate_plan(plan)):.1f} ms")
    print(f"compute_schedule: {median_ms(lambda: compute_schedule(plan)):.1f} ms")
    schedule = compute_schedule(plan)
    report = analyse_gaps(plan, schedule)
    print(f"analyse_gaps (schedule given): {median_ms(lambda: analyse_gaps(plan, schedule)):.1f} ms; "
          f"with compute_schedule: {median_ms(lambda: analyse_gaps(plan, compute_schedule(plan))):.1f} ms "
          f"({len(report.broken_integrations)} broken, {len(report.shared_ranges)} shared ranges, "
          f"{len(gap_issues(plan, report))} warnings)")
    print(f"review_plan (all of the above): {median_ms(lambda: review_plan(plan), 3):.1f} ms")
    waves = suggest_waves(plan)
    print(f"suggest_waves: {median_ms(lambda: suggest_waves(plan)):.1f} ms ({len(waves)} waves); "
          f"waves_to_edit + apply: {median_ms(lambda: waves_to_edit(plan, waves).apply(plan)):.1f} ms")
    print(f"ImpactIndex build: {median_ms(lambda: ImpactIndex(plan)):.1f} ms")
    index = ImpactIndex(plan)
    chosen = random.Random(3).sample([s.id for s in plan.systems], 100)
    per_query = []
    for system_id in chosen:
        t0 = time.perf_counter()
        index.impact_of(system_id)
        per_query.append((time.perf_counter() - t0) * 1000)
    print(f"impact_of x100: total {sum(per_query):.1f} ms, median {statistics.median(per_query):.2f} ms, "
          f"max {max(per_query):.2f} ms")


if __name__ == "__main__":
    main()
