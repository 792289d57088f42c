"""The full review behind ``ccplan validate``: validation, then the schedule and gap analysis.

``review_plan`` returns ``validate_plan``'s report extended with the warnings of ``gaps.gap_issues`` and
the schedule's ``held-by-freeze`` violations. Missed deadlines come through the gap analysis
(``deadline-missed``), so the schedule's own ``deadline-missed`` violations are not repeated. When the plan
cannot be scheduled (a task cycle, a self-dependency, an unknown or duplicate task id, a negative
duration), only the structural part of the gap analysis runs. When validation finds nothing wrong but the
scheduler still refuses the plan (``PlanError``: the schedule runs past the last year the working calendar
reaches), that is reported as one more error, ``unschedulable``, and the plan is treated as unschedulable.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.engine.gaps import GapReport, analyse_gaps, gap_issues
from app.engine.model import Plan
from app.engine.calendar import WorkingCalendar
from app.engine.schedule import Schedule, TaskNetwork, build_network, compute_schedule
from app.engine.validation import Issue, ValidationReport, validate_plan
from app.errors import PlanError

_UNSCHEDULABLE = frozenset({"task-cycle", "self-dependency", "negative-duration"})
_TASK_STRUCTURE = frozenset({"unknown-reference", "duplicate-id"})


def _schedulable(report: ValidationReport) -> bool:
    """False when an error means the scheduler would refuse the plan or misread it."""
    return not any(issue.code in _UNSCHEDULABLE
                   or (issue.code in _TASK_STRUCTURE and issue.where.startswith("tasks"))
                   for issue in report.errors)


@dataclass(frozen=True)
class PlanReview:
    """Everything the review computed, so callers (the GUI's document) reuse it rather than recompute."""

    report: ValidationReport
    schedule: Schedule | None
    gaps: GapReport
    network: TaskNetwork | None = None
    calendar: WorkingCalendar | None = None


def _calendar_for(plan: Plan, previous: PlanReview | None) -> WorkingCalendar:
    """The previous review's calendar while the nation, start and non-working days are unchanged."""
    project = plan.project
    old = previous.calendar if previous is not None else None
    if old is not None and (old.nation, old.start, old.non_working) == (
            project.nation, project.start_date, frozenset(project.non_working_days)):
        return old
    return WorkingCalendar.for_project(project)


def review(plan: Plan, previous: PlanReview | None = None) -> PlanReview:
    """Validate ``plan``, schedule it when it can be scheduled, analyse its gaps, and collect the issues.

    Args:
        plan: the plan; it may be broken in any way validation reports.
        previous: the review of the plan before an edit; its task network and calendar are reused while
            the links and the calendar settings are unchanged (a duration edit recomputes in milliseconds).

    Returns:
        The report (errors: validation's, then ``unschedulable``; apart from warnings: validation's, then
        the gap analysis's ``integration-broken``, ``shared-number-range``, ``deadline-missed``,
        ``contract-end-missed`` and ``data-protection``, then ``held-by-freeze``; an issue equal to one
        already listed is dropped), the schedule (``None`` when the plan cannot be scheduled) and the gaps.
    """
    report = validate_plan(plan)
    schedule: Schedule | None = None
    network = previous.network if previous is not None else None
    calendar = _calendar_for(plan, previous)
    unscheduled: Issue | None = None
    if _schedulable(report):
        try:
            network = build_network(plan, network)  # reused while no task or link changed
            schedule = compute_schedule(plan, network, calendar)
        except PlanError as exc:  # e.g. the schedule runs past the last year the working calendar reaches
            schedule = None
            unscheduled = Issue("error", "unschedulable", _sentence(exc.message), exc.where or "tasks")
    gaps = analyse_gaps(plan, schedule)
    extra = gap_issues(plan, gaps)
    if schedule is not None:
        rows = {t.id: k for k, t in reversed(list(enumerate(plan.tasks)))}
        extra.extend(Issue("warning", "held-by-freeze", v.message, f"tasks[{rows[v.task]}]")
                     for v in schedule.violations if v.kind == "held-by-freeze" and v.task in rows)
    warnings = tuple(dict.fromkeys((*report.warnings, *extra)))
    errors = (*report.errors, unscheduled) if unscheduled is not None else report.errors
    full = ValidationReport(errors=tuple(dict.fromkeys(errors)), warnings=warnings)
    return PlanReview(full, schedule, gaps, network, calendar)


def _sentence(message: str) -> str:
    """``message`` as an issue's sentence: a capital first letter and a full stop."""
    text = message[:1].upper() + message[1:]
    return text if text.endswith(".") else text + "."


def review_plan(plan: Plan) -> ValidationReport:
    """The report of ``review(plan)``: what ``ccplan validate`` prints."""
    return review(plan).report
