"""The finance workbook: ``write_workbook(plan, path)`` writes every sheet of a plan to one ``.xlsx`` file.

Sheets, in order: Summary, Systems, Integrations, Phases, Schedule, Cost lines, Cost by FY, Risk,
Comparison (the working plan and its scenarios side by side), Status (progress against the chosen baseline)
and Assumptions (one module each). The whole workbook is streamed (openpyxl write-only mode: performance notes
§3, B11/B12), so a 10,000-task plan costs little memory; totals are live formulas over the Cost lines table
through defined names (``OneOffCost``, ``NPCMigrate``, ``NPCDoMinimum``, ``DiscountRate``,
``SwitchingValue``, ...). The file is written beside the target and moved over it with ``os.replace``, so a
failure never leaves half a workbook.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook

from app.engine.calendar import WorkingCalendar
from app.engine.cost import CostReport, compute_costs
from app.engine.model import Plan
from app.engine.risk import RiskResult, SimulationCancelled, simulate
from app.engine.scenarios import ScenarioFigures, compare
from app.engine.schedule import Schedule, compute_schedule
from app.engine.tracking import StatusReport, Variance, track
from app.errors import InputError
from app.exporters.excel.assumptions import write_assumptions
from app.exporters.excel.comparison import write_comparison
from app.exporters.excel.cost_by_fy import write_cost_by_fy
from app.exporters.excel.cost_lines import write_cost_lines
from app.exporters.excel.integrations import write_integrations
from app.exporters.excel.phases import write_phases
from app.exporters.excel.risk_sheet import write_risk
from app.exporters.excel.schedule_sheet import write_schedule
from app.exporters.excel.status_sheet import write_status
from app.exporters.excel.summary import write_summary
from app.exporters.excel.systems import write_systems
from app.storage.atomic import atomic_write_with

__all__ = ["SHEETS", "ExportCancelled", "build_workbook", "write_workbook"]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

SHEETS = (
    "Summary",
    "Systems",
    "Integrations",
    "Phases",
    "Schedule",
    "Cost lines",
    "Cost by FY",
    "Risk",
    "Comparison",
    "Status",
    "Assumptions",
)
RISK_ITERATIONS = 2000
RISK_SEED = 1
_RESULTS = 4  # schedule, costs, risk, tracking; then one step per version compared, per sheet, and the save


def steps(plan: Plan) -> int:
    """How many steps ``write_workbook`` reports progress in for ``plan``."""
    return _RESULTS + 1 + len(plan.scenarios) + len(SHEETS) + 1


class ExportCancelled(Exception):  # noqa: N818 - named like SimulationCancelled
    """The caller's ``cancelled()`` turned true; nothing was written."""


def write_workbook(
    plan: Plan,
    path: str | Path,
    *,
    schedule: Schedule | None = None,
    costs: CostReport | None = None,
    risk: RiskResult | None = None,
    comparison: Sequence[ScenarioFigures] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Write the finance workbook of ``plan`` to ``path`` atomically.

    Args:
        plan: the plan.
        path: the ``.xlsx`` file to write (replaced whole, or left as it was on failure).
        schedule: its schedule (computed when None).
        costs: its cost report on that schedule (computed when None).
        risk: a Monte Carlo result (computed when None: 2,000 iterations, seed 1).
        comparison: ``compare(plan)``'s figures for the Comparison sheet: the working plan, then each
            scenario (computed when None, with the Risk sheet's default 2,000 iterations and seed 1).
        progress: called with ``(steps done, steps)`` as the export goes.
        cancelled: polled between steps; when it returns True, ``ExportCancelled`` is raised.

    Raises:
        InputError: the file cannot be written (``cannot write the workbook: ...``).
        PlanError: the plan cannot be scheduled (a dependency cycle).
        ExportCancelled: ``cancelled()`` became true.
    """
    target = Path(path)
    wb = build_workbook(
        plan,
        schedule=schedule,
        costs=costs,
        risk=risk,
        comparison=comparison,
        progress=progress,
        cancelled=cancelled,
    )
    try:
        _save_atomically(wb, target)
    except OSError as exc:
        discard(wb)
        raise InputError(f"cannot write the workbook: {exc.strerror or exc}", path=target) from exc
    except BaseException:
        discard(wb)
        raise
    if progress is not None:
        progress(steps(plan), steps(plan))


def build_workbook(
    plan: Plan,
    *,
    schedule: Schedule | None = None,
    costs: CostReport | None = None,
    risk: RiskResult | None = None,
    comparison: Sequence[ScenarioFigures] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Workbook:
    """Build the (unsaved, write-only) workbook; arguments as ``write_workbook``."""
    step = 0
    total = steps(plan)

    def advance(to: int | None = None) -> None:
        nonlocal step
        if cancelled is not None and cancelled():
            raise ExportCancelled
        if to is not None and to <= step:
            return  # no further along (compare reports iterations; a step is a whole version)
        step = step + 1 if to is None else to
        if progress is not None:
            progress(step, total)

    advance()
    schedule = schedule or compute_schedule(plan)
    advance()
    costs = costs or compute_costs(plan, schedule)
    advance()
    try:
        risk = risk or simulate(plan, iterations=RISK_ITERATIONS, seed=RISK_SEED, cancelled=cancelled)
        advance()
        status, moved = _tracking(plan, schedule, costs)
        comparison = _comparison(plan, comparison, step, advance, cancelled)
    except SimulationCancelled as exc:
        raise ExportCancelled from exc
    benefits_first_year = (
        costs.fy_labels.index(costs.benefits_from_fy)
        if costs.benefits_from_fy in costs.fy_labels
        else len(costs.fy_labels)
    )
    wb = Workbook(write_only=True)
    writers: tuple[Callable[[], object], ...] = (
        lambda: write_summary(wb, plan, schedule, costs, risk),
        lambda: write_systems(wb, plan),
        lambda: write_integrations(wb, plan),
        lambda: write_phases(wb, plan, schedule),
        lambda: write_schedule(wb, plan, schedule),
        lambda: write_cost_lines(wb, costs),
        lambda: write_cost_by_fy(wb, costs),
        lambda: write_risk(wb, plan, risk),
        lambda: write_comparison(wb, plan, comparison),
        lambda: write_status(wb, plan, schedule, status, moved),
        lambda: write_assumptions(wb, plan, costs, benefits_first_year),
    )
    try:
        for writer in writers:
            advance()
            writer()
    except BaseException:
        discard(wb)
        raise
    wb.calculation.fullCalcOnLoad = True
    return wb


def _tracking(plan: Plan, schedule: Schedule, costs: CostReport) -> tuple[StatusReport, Variance | None]:
    """The RAG status against the chosen baseline, and the variance when there is one (as the GUI does)."""
    return track(plan, schedule, WorkingCalendar.for_project(plan.project), costs)


def _comparison(
    plan: Plan,
    given: Sequence[ScenarioFigures] | None,
    done: int,
    advance: Callable[[int | None], None],
    cancelled: Cancelled | None,
) -> Sequence[ScenarioFigures]:
    """``given``, or ``compare(plan)`` with the Risk sheet's defaults; one progress step per version."""
    versions = 1 + len(plan.scenarios)
    if given is None:
        given = compare(
            plan,
            RISK_ITERATIONS,
            RISK_SEED,
            progress=lambda d, n: advance(done + d * versions // max(n, 1)),
            cancelled=cancelled,
        )
    advance(done + versions)
    return given


def discard(wb: Workbook) -> None:
    """Close an unsaved write-only workbook's sheet streams and remove their temporary files."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None or ws.closed:
            continue
        with contextlib.suppress(Exception):
            ws.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def _save_atomically(wb: Workbook, target: Path) -> None:
    """Save beside ``target``, flush to disk, then move it over the target (``app.storage.atomic``)."""
    atomic_write_with(target, lambda tmp: wb.save(tmp))
