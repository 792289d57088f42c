"""Engine results as the JSON-ready dictionaries of the CLI contract (``shared/spec/cli-contract.md``).

Only formatting lives here: dates become ISO text and numpy numbers plain ints; every figure comes from
the engine, so the CLI, the GUI and the exports show the same numbers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.engine.model import Plan
from app.engine.risk import RiskResult
from app.engine.schedule import Schedule


def schedule_to_dict(plan: Plan, schedule: Schedule) -> dict[str, Any]:
    """The ``schedule --json`` document."""
    floats = schedule.total_float.tolist()
    critical = schedule.critical.tolist()
    tasks = []
    for i, task in enumerate(plan.tasks):
        tasks.append({
            "id": task.id, "name": task.name,
            "start": date.fromordinal(int(schedule.start_ordinals[i])).isoformat(),
            "finish": date.fromordinal(int(schedule.finish_ordinals[i])).isoformat(),
            "total_float": int(floats[i]), "critical": bool(critical[i]),
            "duration": task.duration, "phase": task.phase, "kind": task.kind,
            "milestone": task.duration == 0,
        })
    return {
        "start": schedule.start.isoformat(),
        "finish": schedule.finish.isoformat(),
        "working_days": schedule.working_days,
        "calendar_months": schedule.calendar_months,
        "benchmark_months": plan.project.benchmark_months,
        "benchmark_end": schedule.benchmark_end.isoformat(),
        "within_benchmark": schedule.within_benchmark,
        "tasks": tasks,
        "phases": [{"id": p.id, "name": p.name, "start": p.start.isoformat(), "finish": p.finish.isoformat()}
                   for p in schedule.phases],
        "violations": [{"task": v.task, "kind": v.kind, "message": v.message} for v in schedule.violations],
    }


def risk_to_dict(result: RiskResult) -> dict[str, Any]:
    """The ``simulate --json`` document."""
    finish = {f"p{p}": d.isoformat() for p, d in result.percentiles.items()}
    finish["mean"] = result.mean.isoformat()
    return {
        "iterations": result.iterations,
        "seed": result.seed,
        "distribution": result.distribution,
        "finish": finish,
        "deterministic_finish": result.deterministic_finish.isoformat(),
        "benchmark_end": result.benchmark_end.isoformat(),
        "p_within_benchmark": result.p_within_benchmark,
        "p_by_deadline": result.p_by_deadline,
        "criticality": result.criticality,
    }
