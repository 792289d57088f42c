"""Where money comes from: cost lines, staff effort, and the current estate (planning semantics §6).

Each source becomes ``Draft`` items: one cost with its labels and an array of pounds per financial year of
the horizon (ex VAT, ex optimism bias). ``app.engine.cost`` turns drafts into the report's items and views.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from app.engine.cost_timing import FiscalHorizon, TaskSpread
from app.engine.model import CostAnchor, CostLine, Plan, System
from app.engine.schedule import Schedule

CLIENT_TEAM = "Client programme team"
LEGACY_RUN = "Legacy run"
DUAL_RUNNING = "Dual running"
EXIT_FEES = "Exit fees"
DECOMMISSION_KIND = "decommission"
_ONE_DAY = timedelta(days=1)
_PENNY = 0.005


@dataclass(frozen=True)
class CostWarning:
    """Something the cost model had to assume or leave out: a stable code, a sentence, the item concerned."""

    code: str
    message: str
    subject: str = ""


@dataclass(frozen=True)
class Draft:
    """One cost before it is reported: labels plus pounds per financial year (``fy``, ex VAT)."""

    id: str
    name: str
    category: str
    option: str
    kind: str
    source: str
    system: str | None
    phase: str | None
    ob_category: str
    treatment: str
    fy: np.ndarray
    vat_share: float = 0.0  # irrecoverable VAT per pound: vat_rate x vat_irrecoverable


@dataclass
class Context:
    """What every source needs: the plan, its schedule, the horizon, task spreads, and the warnings list."""

    plan: Plan
    schedule: Schedule
    horizon: FiscalHorizon
    spread: TaskSpread
    warnings: list[CostWarning]

    def anchor_date(self, anchor: CostAnchor | None) -> date | None:
        """The date an anchor names: its own date, or its task's start or (inclusive) finish."""
        if anchor is None:
            return None
        if anchor.date is not None:
            return anchor.date
        if anchor.task is None or anchor.task not in self.schedule.index:
            return None
        if anchor.event == "finish":
            return self.schedule.finish_of(anchor.task)
        return self.schedule.start_of(anchor.task)

    def left_out(self, subject: str, name: str, expected: float, counted: np.ndarray) -> None:
        """Warn when part of a known amount falls outside the horizon."""
        missing = expected - float(counted.sum())
        if abs(missing) >= _PENNY:
            self.warnings.append(CostWarning(
                "outside-horizon", f"£{missing:,.2f} of '{name}' falls outside the appraisal horizon "
                f"({self.horizon.labels[0]} to {self.horizon.labels[-1]}) and is not counted.", subject))


# --- cost lines -----------------------------------------------------------------------------------------


def recurring_period(ctx: Context, line: CostLine) -> tuple[date, date] | None:
    """First and last day (inclusive) a recurring line charges; None when it cannot be placed."""
    first = ctx.anchor_date(line.start)
    last = ctx.anchor_date(line.end) if line.end is not None else ctx.horizon.end
    if first is None or last is None:
        return None
    return first, last


def line_drafts(ctx: Context) -> list[Draft]:
    """Drafts of the plan's cost lines: one-offs on a date or spread over a task, recurring monthly."""
    drafts: list[Draft] = []
    vat_rate = ctx.plan.project.vat_rate
    for line in ctx.plan.cost_lines:
        fy = _line_fy(ctx, line)
        if fy is None:
            continue
        task = ctx.plan.task_by_id.get(line.task) if line.task else None
        phase = line.phase if line.phase is not None else (task.phase if task is not None else None)
        drafts.append(Draft(line.id, line.name, line.category, line.option, line.kind, "line", line.system,
                            phase, line.ob_category, line.treatment, fy, vat_rate * line.vat_irrecoverable))
    return drafts


def _line_fy(ctx: Context, line: CostLine) -> np.ndarray | None:
    if line.kind == "one_off":
        if line.date is not None:
            fy = ctx.horizon.on_date(line.amount, line.date)
        elif line.task is not None and line.task in ctx.schedule.index:
            fy = line.amount * ctx.spread.share[ctx.schedule.index[line.task]]
        else:
            ctx.warnings.append(CostWarning("cost-unplaced", f"One-off '{line.name}' has no date or "
                                            "scheduled task to fall on and is not counted.", line.id))
            return None
        ctx.left_out(line.id, line.name, line.amount, fy)
        return fy
    period = recurring_period(ctx, line)
    if period is None:
        ctx.warnings.append(CostWarning("cost-unplaced", f"Recurring '{line.name}' has no start or end the "
                                        "schedule can place and is not counted.", line.id))
        return None
    first, last = period
    if last < first:
        ctx.warnings.append(CostWarning("cost-period-empty", f"Recurring '{line.name}' ends "
                                        f"({last:%d %b %Y}) before it starts ({first:%d %b %Y}) and charges "
                                        "nothing.", line.id))
    elif first < ctx.horizon.start or last > ctx.horizon.end:
        ctx.warnings.append(CostWarning("outside-horizon", f"Recurring '{line.name}' charges outside the "
                                        "appraisal horizon; only the part inside it is counted.", line.id))
    return ctx.horizon.monthly(line.amount, first, last, line.ramp)


# --- staff effort ---------------------------------------------------------------------------------------


def effort_drafts(ctx: Context) -> list[Draft]:
    """One draft per task and role: days x day rate, spread evenly over the task's working days."""
    roles = ctx.plan.role_by_id
    rows: list[int] = []
    amounts: list[float] = []
    labels: list[tuple[str, str, str | None]] = []
    for task in ctx.plan.tasks:
        if not task.effort or task.id not in ctx.schedule.index:
            continue
        for effort in task.effort:
            role = roles.get(effort.role)
            if role is None:
                ctx.warnings.append(CostWarning(
                    "effort-role-unknown", f"Effort on '{task.name}' names role '{effort.role}', which has "
                    "no day rate; not counted.", task.id))
                continue
            rows.append(ctx.schedule.index[task.id])
            amounts.append(effort.days * role.day_rate)
            labels.append((f"effort:{task.id}:{role.id}", f"{role.name}: {task.name}", task.phase))
    if not rows:
        return []
    amount = np.array(amounts, dtype=np.float64)
    matrix = ctx.spread.share[np.array(rows, dtype=np.int64)] * amount[:, None]
    missing = amount - matrix.sum(axis=1)
    outside = np.abs(missing) >= _PENNY
    if outside.any():
        ctx.warnings.append(CostWarning(
            "outside-horizon", f"£{float(missing[outside].sum()):,.2f} of staff effort on "
            f"{int(outside.sum())} task-role pairs falls outside the appraisal horizon "
            f"({ctx.horizon.labels[0]} to {ctx.horizon.labels[-1]}) and is not counted.", "effort"))
    return [Draft(item_id, name, CLIENT_TEAM, "migrate", "one_off", "effort", None, phase, "capital",
                  "revenue", row) for (item_id, name, phase), row in zip(labels, matrix, strict=True)]


# --- the current estate ---------------------------------------------------------------------------------


def decommission_dates(ctx: Context) -> dict[str, date]:
    """Each system's decommission date: the latest finish of the decommission tasks naming it."""
    found: dict[str, date] = {}
    for task in ctx.plan.tasks:
        if task.kind == DECOMMISSION_KIND and task.id in ctx.schedule.index:
            finish = ctx.schedule.finish_of(task.id)
            for system_id in task.systems:
                if system_id not in found or finish > found[system_id]:
                    found[system_id] = finish
    return found


def charging_starts(ctx: Context) -> tuple[dict[str, date], date | None]:
    """When each target system's first migrate recurring charge starts, and the earliest of any such line."""
    by_system: dict[str, date] = {}
    earliest: date | None = None
    for line in ctx.plan.cost_lines:
        if line.option != "migrate" or line.kind != "recurring" or line.amount == 0.0:
            continue
        period = recurring_period(ctx, line)
        if period is None or period[1] < period[0]:
            continue
        first = period[0]
        earliest = first if earliest is None or first < earliest else earliest
        if line.system is not None and (line.system not in by_system or first < by_system[line.system]):
            by_system[line.system] = first
    return by_system, earliest


def estate_drafts(ctx: Context) -> list[Draft]:
    """Legacy run, dual running and exit fees (migrate), and the do-minimum legacy run, per current system."""
    decommissioned = decommission_dates(ctx)
    starts, earliest = charging_starts(ctx)
    project_start = ctx.plan.project.start_date
    drafts: list[Draft] = []
    for system in ctx.plan.systems:
        if system.estate != "current" or (system.annual_run_cost == 0.0 and system.exit_fee == 0.0):
            continue
        end = _run_end(ctx, system, decommissioned)
        annual = system.annual_run_cost
        leaving = end is not None or bool(system.replaced_by)
        charging = _charging_start(system, starts, earliest) if leaving else None
        last = end if end is not None else ctx.horizon.end
        overlap_from = max(charging, project_start) if charging is not None else last + _ONE_DAY
        if annual:
            legacy = ctx.horizon.monthly(annual, project_start, min(last, overlap_from - _ONE_DAY), months=12)
            dual = ctx.horizon.monthly(annual, overlap_from, last, months=12)
            drafts.append(_estate(system, "legacy-run", LEGACY_RUN, "migrate", "recurring", legacy))
            if dual.any():
                drafts.append(_estate(system, "dual-running", DUAL_RUNNING, "migrate", "recurring", dual))
            whole = ctx.horizon.monthly(annual, project_start, ctx.horizon.end, months=12)
            drafts.append(_estate(system, "legacy-run", LEGACY_RUN, "do_minimum", "recurring", whole))
        if system.exit_fee:
            if end is None:
                ctx.warnings.append(CostWarning(
                    "exit-fee-unplaced", f"'{system.name}' has an exit fee but is never decommissioned; the "
                    "fee is not counted.", system.id))
            else:
                fee = ctx.horizon.on_date(system.exit_fee, end)
                ctx.left_out(system.id, f"Exit fee: {system.name}", system.exit_fee, fee)
                drafts.append(_estate(system, "exit-fee", EXIT_FEES, "migrate", "one_off", fee))
    return drafts


def _run_end(ctx: Context, system: System, decommissioned: dict[str, date]) -> date | None:
    """The last day a current system runs: decommission finish, else contract end (warned), else None."""
    if system.id in decommissioned:
        return decommissioned[system.id]
    if system.contract_end is not None:
        ctx.warnings.append(CostWarning(
            "run-to-contract-end", f"'{system.name}' has no decommission task; it is costed until its "
            f"contract ends on {system.contract_end:%d %b %Y}.", system.id))
        return system.contract_end
    ctx.warnings.append(CostWarning(
        "run-whole-horizon", f"'{system.name}' has no decommission task and no contract end; it is costed "
        "for the whole appraisal horizon.", system.id))
    return None


def _charging_start(system: System, starts: dict[str, date], earliest: date | None) -> date | None:
    """When a replacement of ``system`` starts charging (brief §3.4; see docs/cost.md)."""
    own = [starts[target] for target in system.replaced_by if target in starts]
    return min(own) if own else earliest


def _estate(system: System, source: str, category: str, option: str, kind: str, fy: np.ndarray) -> Draft:
    prefix = {"legacy-run": "Legacy run", "dual-running": "Dual running", "exit-fee": "Exit fee"}[source]
    item_id = f"{source}:{system.id}" if option == "migrate" else f"{source}:{option}:{system.id}"
    return Draft(item_id, f"{prefix}: {system.name}", category, option, kind, source, system.id, system.phase,
                 "none", "revenue", fy)
