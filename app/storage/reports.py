"""Engine results as the JSON-ready dictionaries of the CLI contract (``shared/spec/cli-contract.md``).

Only formatting lives here: dates become ISO text and numpy numbers plain ints; every figure comes from
the engine, so the CLI, the GUI and the exports show the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from app.engine.cost import CostReport
from app.engine.model import Plan
from app.engine.risk import RiskResult
from app.engine.scenarios import ScenarioFigures
from app.engine.schedule import Schedule
from app.engine.tracking import RagAssessment, StatusReport, Variance


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


def _pounds(value: float) -> float:
    """Money as a JSON number of pounds, unrounded so every total reconciles exactly with its parts."""
    return float(value) + 0.0  # + 0.0 turns -0.0 into 0.0


def cost_to_dict(report: CostReport) -> dict[str, Any]:
    """The ``cost --json`` document: the economic base view (ex VAT, ex optimism bias) plus extra keys.

    Figures are not rounded (display rounds): ``npc_*`` equal the discounted sums of ``by_fy`` and
    ``by_category`` adds up to the sum of ``by_fy[].migrate``, to floating-point precision.
    """
    return {
        "currency": report.currency,
        "one_off": _pounds(report.one_off),
        "dual_running": _pounds(report.dual_running),
        "optimism_bias": _pounds(report.optimism_bias),
        "annual_run_current": _pounds(report.annual_run_current),
        "annual_run_target": _pounds(report.annual_run_target),
        "by_fy": [{"fy": fy, "migrate": _pounds(report.by_fy_migrate.get(fy, 0.0)),
                   "do_minimum": _pounds(report.by_fy_do_minimum.get(fy, 0.0)),
                   "discount_factor": round(factor, 6)}
                  for fy, factor in zip(report.fy_labels, report.discount_factors, strict=True)],
        "by_category": {k: _pounds(v) for k, v in report.by_category.items()},
        "npc_migrate": _pounds(report.npc_migrate),
        "npc_do_minimum": _pounds(report.npc_do_minimum),
        "total_migrate": _pounds(report.total_migrate),
        "total_do_minimum": _pounds(report.total_do_minimum),
        "by_phase": {k: _pounds(v) for k, v in report.by_phase.items()},
        "by_system": {k: _pounds(v) for k, v in report.by_system.items()},
        "optimism_bias_capital": _pounds(report.optimism_bias_capital),
        "optimism_bias_operating": _pounds(report.optimism_bias_operating),
        "npc_migrate_with_optimism_bias": _pounds(report.npc_migrate_with_ob),
        "irrecoverable_vat": _pounds(report.irrecoverable_vat),
        "switching_value": None if report.switching_value is None else _pounds(report.switching_value),
        "benefits_from_fy": report.benefits_from_fy,
        "warnings": [{"code": w.code, "message": w.message} for w in report.warnings],
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _money(value: float | None) -> float | None:
    return None if value is None else _pounds(value)


def comparison_to_dict(figures: Sequence[ScenarioFigures], iterations: int, seed: int) -> dict[str, Any]:
    """The ``compare --json`` document: each version's figures, the working plan first."""
    return {
        "iterations": iterations,
        "seed": seed,
        "scenarios": [{
            "id": f.scenario, "name": f.name, "working": f.scenario is None,
            "finish": _iso(f.finish), "p50": _iso(f.p50), "p80": _iso(f.p80),
            "working_days": f.working_days, "within_benchmark": f.within_benchmark,
            "one_off": _money(f.one_off), "dual_running": _money(f.dual_running),
            "total_migrate": _money(f.total_migrate), "npc_migrate": _money(f.npc_migrate),
            "npc_do_minimum": _money(f.npc_do_minimum), "switching_value": _money(f.switching_value),
            "problem": f.problem,
        } for f in figures],
    }


def _assessment_to_dict(a: RagAssessment) -> dict[str, Any]:
    return {"id": a.phase, "name": a.name, "rag": a.status, "reasons": list(a.reasons),
            "forecast_finish": _iso(a.forecast_finish), "baseline_finish": _iso(a.baseline_finish),
            "slip_days": a.slip_days, "percent_complete": a.percent_complete}


def status_to_dict(report: StatusReport, moved: Variance | None) -> dict[str, Any]:
    """The ``status --json`` document: RAG for the programme and per phase, and variance to the baseline."""
    base = report.baseline
    doc: dict[str, Any] = {
        "status_date": _iso(report.status_date),
        "baseline": None if base is None else {"id": base.id, "name": base.name, "saved": _iso(base.saved),
                                               "finish": _iso(base.finish)},
        "programme": _assessment_to_dict(report.programme),
        "phases": [_assessment_to_dict(a) for a in report.phases],
        "variance": None,
    }
    if moved is not None:
        doc["variance"] = {
            "finish_days": moved.finish_days,
            "total_change": _money(moved.total_change),
            "tasks": [{"id": t.id, "name": t.name, "phase": t.phase, "baseline_start": _iso(t.baseline_start),
                       "baseline_finish": _iso(t.baseline_finish), "forecast_start": _iso(t.forecast_start),
                       "forecast_finish": _iso(t.forecast_finish), "start_days": t.start_days,
                       "finish_days": t.finish_days} for t in moved.tasks],
            "costs": [{"item": c.item, "name": c.name, "category": c.category, "baseline": _money(c.baseline),
                       "current": _money(c.current), "variance": _pounds(c.variance)} for c in moved.costs],
        }
    return doc
