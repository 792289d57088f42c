"""Programme tracking: baselines, variance against them, and RAG status by documented rules.

A *baseline* is a named snapshot of the schedule (every task's and phase's shown dates) and of the cost
(every cost item's total in the economic base view). *Variance* compares the current forecast, which the
schedule re-forecasts from actuals and the status date (semantics §4), with the chosen baseline: in working
days per task and phase (positive = later than the baseline) and in pounds per cost item (positive = dearer).

RAG status (docs/tracking.md) is per phase and for the programme; every assessment gives its reasons.

* **Red** when the forecast finishes a task after its deadline or stops a current system after its contract
  end (the gap analysis's missed dates), or slips the finish more than ``rag_red_days`` working days past
  the baseline.
* **Amber** when the finish slips more than ``rag_amber_days`` working days past the baseline, when a
  deadline or contract end is kept by ``rag_amber_days`` working days or fewer, or when, at the status
  date, a task the baseline started by then has not started.
* **Green** otherwise.

The programme takes the worst of its phases and of its own checks (its finish against the baseline's, and
dates of tasks and systems in no phase). Without a baseline, only the date rules apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from app.engine.calendar import WorkingCalendar
from app.engine.cost import CostReport
from app.engine.gaps import GapReport, analyse_gaps, system_moves, system_phases
from app.engine.impact import listed
from app.engine.model import Baseline, BaselineCost, BaselinePhase, BaselineTask, Plan, Rag, Task
from app.engine.schedule import Schedule

_ORDER: dict[Rag, int] = {"green": 0, "amber": 1, "red": 2}


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _days(n: int) -> str:
    return f"{n} working day{'s' if n != 1 else ''}"


# --- baselines ---------------------------------------------------------------------------------------------


def capture_baseline(plan: Plan, schedule: Schedule, costs: CostReport | None, baseline_id: str, name: str,
                     saved: date, notes: str = "") -> Baseline:
    """Return a baseline of ``plan``'s current ``schedule`` and ``costs`` (None: no cost figures kept)."""
    tasks = tuple(
        BaselineTask(t.id, t.name, schedule.start_of(t.id), schedule.finish_of(t.id), t.duration, t.phase)
        for t in plan.tasks if t.id in schedule.index)
    phases = tuple(BaselinePhase(p.id, p.name, p.start, p.finish) for p in schedule.phases)
    kept: tuple[BaselineCost, ...] = ()
    one_off = dual = total = npc = 0.0
    if costs is not None:
        kept = tuple(BaselineCost(i.id, i.name, i.total, i.category) for i in costs.items("migrate"))
        one_off, dual, total, npc = costs.one_off, costs.dual_running, costs.total_migrate, costs.npc_migrate
    return Baseline(id=baseline_id, name=name, saved=saved, start=schedule.start, finish=schedule.finish,
                    one_off=one_off, dual_running=dual, total_migrate=total, npc_migrate=npc, tasks=tasks,
                    phases=phases, costs=kept, notes=notes)


def slip(calendar: WorkingCalendar, baseline_day: date, forecast_day: date) -> int:
    """Working days from ``baseline_day`` to ``forecast_day``: positive when the forecast is later.

    Each date counts as the last working day on or before it, so a slip over a weekend is 1, not 3.
    """
    return calendar.index_on_or_before(forecast_day) - calendar.index_on_or_before(baseline_day)


@dataclass(frozen=True)
class DateVariance:
    """A task's or phase's forecast against its baseline (``None`` where the baseline does not hold it)."""

    id: str
    name: str
    phase: str | None
    forecast_start: date
    forecast_finish: date
    baseline_start: date | None
    baseline_finish: date | None
    start_days: int | None
    finish_days: int | None


@dataclass(frozen=True)
class CostVariance:
    """A cost item's total now against its baseline, in pounds (``None`` where one side has no such item)."""

    item: str
    name: str
    category: str
    baseline: float | None
    current: float | None

    @property
    def variance(self) -> float:
        """Current minus baseline (a missing side counts as 0): positive when dearer."""
        return (self.current or 0.0) - (self.baseline or 0.0)


@dataclass(frozen=True)
class Variance:
    """Everything the current forecast moved against ``baseline``."""

    baseline: Baseline
    finish_days: int
    tasks: tuple[DateVariance, ...]
    phases: tuple[DateVariance, ...]
    costs: tuple[CostVariance, ...]
    total_current: float | None
    one_off_current: float | None

    @property
    def total_change(self) -> float | None:
        """Pounds more than the baseline over the horizon (base view); None without current costs."""
        return None if self.total_current is None else self.total_current - self.baseline.total_migrate


def variance(plan: Plan, baseline: Baseline, schedule: Schedule, calendar: WorkingCalendar,
             costs: CostReport | None = None) -> Variance:
    """Compare ``schedule`` (and ``costs``) with ``baseline``.

    Tasks and phases follow the plan's order; cost items list the current ones, then those only the
    baseline holds.
    """
    old_tasks = {t.task: t for t in baseline.tasks}
    tasks = []
    for task in plan.tasks:
        if task.id not in schedule.index:
            continue
        was = old_tasks.get(task.id)
        dates = None if was is None else (was.start, was.finish)
        tasks.append(_date_variance(calendar, task.id, task.name, task.phase, schedule.start_of(task.id),
                                    schedule.finish_of(task.id), dates))
    old_phases = {p.phase: p for p in baseline.phases}
    phases = [_date_variance(calendar, p.id, p.name, p.id, p.start, p.finish,
                             (old.start, old.finish) if (old := old_phases.get(p.id)) else None)
              for p in schedule.phases]
    cost_rows: list[CostVariance] = []
    if costs is not None:
        old_costs = {c.item: c for c in baseline.costs}
        current = costs.items("migrate")
        seen = set()
        for item in current:
            seen.add(item.id)
            was_cost = old_costs.get(item.id)
            cost_rows.append(CostVariance(item.id, item.name, item.category,
                                          was_cost.amount if was_cost else None, item.total))
        cost_rows.extend(CostVariance(c.item, c.name, c.category, c.amount, None)
                         for c in baseline.costs if c.item not in seen)
    return Variance(baseline, slip(calendar, baseline.finish, schedule.finish), tuple(tasks), tuple(phases),
                    tuple(cost_rows), None if costs is None else costs.total_migrate,
                    None if costs is None else costs.one_off)


def _date_variance(calendar: WorkingCalendar, item_id: str, name: str, phase: str | None, start: date,
                   finish: date, was: tuple[date, date] | None) -> DateVariance:
    if not was:
        return DateVariance(item_id, name, phase, start, finish, None, None, None, None)
    return DateVariance(item_id, name, phase, start, finish, was[0], was[1], slip(calendar, was[0], start),
                        slip(calendar, was[1], finish))


# --- RAG status --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RagAssessment:
    """The RAG status of one phase (``phase`` its id) or of the programme (``phase`` None), with reasons."""

    phase: str | None
    name: str
    status: Rag
    reasons: tuple[str, ...]
    forecast_finish: date
    baseline_finish: date | None
    slip_days: int | None
    percent_complete: float

    @property
    def reason(self) -> str:
        """The reasons as one sentence-separated text."""
        return " ".join(self.reasons)


@dataclass(frozen=True)
class StatusReport:
    """RAG status per phase and for the programme, at ``status_date``, against ``baseline``."""

    status_date: date | None
    baseline: Baseline | None
    programme: RagAssessment
    phases: tuple[RagAssessment, ...]


@dataclass
class _Findings:
    status: Rag = "green"
    reasons: list[str] | None = None

    def add(self, status: Rag, reason: str) -> None:
        if self.reasons is None:
            self.reasons = []
        if _ORDER[status] > _ORDER[self.status]:
            self.status = status
        self.reasons.append(reason)


def assess(plan: Plan, schedule: Schedule, calendar: WorkingCalendar, gaps: GapReport | None = None,
           baseline: Baseline | None = None) -> StatusReport:
    """Return the RAG status of every phase with tasks and of the programme (rules in the module docstring).

    Args:
        plan: the plan.
        schedule: its schedule (re-forecast from actuals and the status date).
        calendar: the project's working calendar.
        gaps: the gap analysis of ``schedule``, to reuse (computed otherwise).
        baseline: the baseline to measure against; the project's chosen baseline when None.
    """
    base = baseline if baseline is not None else plan.active_baseline
    report = gaps if gaps is not None else analyse_gaps(plan, schedule, calendar)
    project = plan.project
    amber, red = project.rag_amber_days, project.rag_red_days
    phase_of_system = system_phases(plan, schedule)
    dated = _dated_checks(plan, schedule, calendar, report, phase_of_system, amber)
    late = _late_starts(plan, base, project.status_date)
    base_phases = {p.phase: p for p in base.phases} if base is not None else {}
    assessments = []
    for phase in schedule.phases:
        findings = _Findings()
        old = base_phases.get(phase.id)
        days = None if old is None else slip(calendar, old.finish, phase.finish)
        _slip_checks(findings, "The phase", days, amber, red, old.finish if old else None, phase.finish)
        for status, reason in dated.get(phase.id, ()):
            findings.add(status, reason)
        if late.get(phase.id):
            findings.add("amber", _late_text(late[phase.id], project.status_date))
        was = old.finish if old else None
        assessments.append(_assessment(phase.id, phase.name, findings, phase.finish, was, days,
                                       _percent(plan, phase.id), base is not None))
    findings = _Findings()
    days = None if base is None else slip(calendar, base.finish, schedule.finish)
    _slip_checks(findings, "The programme", days, amber, red, base.finish if base else None, schedule.finish)
    assessed = {phase.id for phase in schedule.phases}
    # Findings in no phase, or in a phase with no tasks (so not assessed), are the programme's own.
    for key in [k for k in dated if k not in assessed]:
        for status, reason in dated[key]:
            findings.add(status, reason)
    for key in [k for k in late if k not in assessed]:
        findings.add("amber", _late_text(late[key], project.status_date))
    flagged: tuple[Rag, ...] = ("red", "amber")
    for status in flagged:
        names = [f"'{a.name}'" for a in assessments if a.status == status]
        if names:
            findings.add(status, f"{len(names)} phase{'s are' if len(names) > 1 else ' is'} {status}: "
                                 f"{listed(names)}.")
    programme = _assessment(None, project.name or "Programme", findings, schedule.finish,
                            base.finish if base else None, days, _percent(plan, ...), base is not None)
    return StatusReport(project.status_date, base, programme, tuple(assessments))


def track(plan: Plan, schedule: Schedule, calendar: WorkingCalendar, costs: CostReport | None = None,
          gaps: GapReport | None = None,
          baseline: Baseline | None = None) -> tuple[StatusReport, Variance | None]:
    """RAG status against ``baseline`` (the project's chosen one when None) and the variance to it.

    The variance is None when there is no baseline; its cost rows need ``costs``. What the Tracking page,
    ``ccplan status`` and the workbook's Status sheet all show.
    """
    chosen = baseline if baseline is not None else plan.active_baseline
    status = assess(plan, schedule, calendar, gaps, chosen)
    moved = None if chosen is None else variance(plan, chosen, schedule, calendar, costs)
    return status, moved


def _slip_checks(findings: _Findings, what: str, days: int | None, amber: int, red: int,
                 was: date | None, now: date) -> None:
    if days is None or was is None:
        return
    if days > red:
        findings.add("red", f"{what} forecast finish {_day(now)} is {_days(days)} past the baseline's "
                            f"{_day(was)} (red beyond {red}).")
    elif days > amber:
        findings.add("amber", f"{what} forecast finish {_day(now)} is {_days(days)} past the baseline's "
                              f"{_day(was)} (amber beyond {amber}).")


def _dated_checks(plan: Plan, schedule: Schedule, calendar: WorkingCalendar, gaps: GapReport,
                  phase_of_system: dict[str, str], amber: int) -> dict[str | None, list[tuple[Rag, str]]]:
    """Deadlines and contract ends missed (red) or kept by ``amber`` working days or fewer (amber).

    Keyed by phase id (None: in no phase).
    """
    out: dict[str | None, list[tuple[Rag, str]]] = {}
    tasks = plan.task_by_id
    missed_tasks = set()
    for missed in gaps.missed_deadlines:
        if missed.kind == "contract-end":
            phase = phase_of_system.get(missed.what)
        else:
            missed_tasks.add(missed.what)
            task = tasks.get(missed.what)
            phase = task.phase if task is not None else None
        out.setdefault(phase, []).append(("red", missed.message.strip()))
    for task in plan.tasks:
        if task.deadline is None or task.id in missed_tasks or task.id not in schedule.index:
            continue
        margin = slip(calendar, schedule.finish_of(task.id), task.deadline)
        if 0 <= margin <= amber:
            out.setdefault(task.phase, []).append(("amber", (
                f"'{task.name}' is forecast to finish {_day(schedule.finish_of(task.id))}, only "
                f"{_days(margin)} before its deadline {_day(task.deadline)}.")))
    moves = system_moves(plan, schedule, calendar)
    for system in plan.systems:
        move = moves.get(system.id)
        if system.estate != "current" or system.contract_end is None or move is None:
            continue
        if move.day > system.contract_end:
            continue  # missed: red above
        margin = slip(calendar, move.day, system.contract_end)
        if margin <= amber:
            out.setdefault(phase_of_system.get(system.id), []).append(("amber", (
                f"{system.name or system.id} {move.how}, only {_days(margin)} before its contract ends "
                f"on {_day(system.contract_end)}.")))
    return out


def _late_starts(plan: Plan, baseline: Baseline | None, status: date | None) -> dict[str | None, list[str]]:
    """Tasks the baseline started on or before the status date that have no actual start, by phase."""
    if baseline is None or status is None:
        return {}
    due = {t.task for t in baseline.tasks if t.start <= status}
    out: dict[str | None, list[str]] = {}
    for task in plan.tasks:
        if task.id in due and task.actual_start is None and task.actual_finish is None:
            out.setdefault(task.phase, []).append(task.name or task.id)
    return out


def _late_text(names: Sequence[str], status: date | None) -> str:
    assert status is not None
    quoted = [f"'{n}'" for n in names]
    verb = "has" if len(names) == 1 else "have"
    return (f"{len(names)} task{'s' if len(names) != 1 else ''} due to start by the status date "
            f"{_day(status)} {verb} not started: {listed(quoted)}.")


def _assessment(phase: str | None, name: str, findings: _Findings, finish: date, was: date | None,
                days: int | None, percent: float, has_baseline: bool) -> RagAssessment:
    reasons = list(findings.reasons or [])
    if phase is None and not has_baseline and reasons:
        reasons.append("No baseline is chosen, so only the date rules apply.")
    if not reasons:
        if days is None:
            reasons.append(f"Forecast finish {_day(finish)}; no deadline or contract end at risk"
                           + ("." if has_baseline or phase is not None else "; no baseline chosen."))
        elif days <= 0:
            ahead = f", {_days(-days)} ahead of" if days < 0 else ", on"
            reasons.append(f"Forecast finish {_day(finish)}{ahead} the baseline.")
        else:
            reasons.append(f"Forecast finish {_day(finish)}, {_days(days)} past the baseline, "
                           "within tolerance.")
    return RagAssessment(phase, name, findings.status, tuple(reasons), finish, was, days, percent)


def _percent(plan: Plan, phase: object) -> float:
    """Duration-weighted percent complete of a phase's tasks (``...``: every task); finished counts 100."""
    chosen: Iterable[Task] = plan.tasks if phase is ... else (t for t in plan.tasks if t.phase == phase)
    weight = done = 0.0
    for task in chosen:
        share = 100.0 if task.actual_finish is not None else task.percent_complete
        w = max(task.duration, 1)
        weight += w
        done += w * share
    return round(done / weight, 1) if weight else 0.0


def worst(statuses: Iterable[Rag]) -> Rag:
    """The worst of ``statuses`` (green when there are none)."""
    return max(statuses, key=_ORDER.__getitem__, default="green")
