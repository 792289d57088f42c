"""The full review behind ``ccplan validate``: validation, then the schedule and gap analysis.

``review_plan`` returns ``validate_plan``'s report extended with the warnings of ``gaps.gap_issues`` and
the schedule's ``held-by-freeze`` violations. Missed deadlines come through the gap analysis
(``deadline-missed``), so the schedule's own ``deadline-missed`` violations are not repeated. When the plan
cannot be scheduled (a task cycle, a self-dependency, an unknown or duplicate task id, a negative
duration), only the structural part of the gap analysis runs.
"""

from __future__ import annotations

from app.engine.gaps import analyse_gaps, gap_issues
from app.engine.model import Plan
from app.engine.schedule import Schedule, compute_schedule
from app.engine.validation import Issue, ValidationReport, validate_plan
from app.errors import PlanError

_UNSCHEDULABLE = frozenset({"task-cycle", "self-dependency", "negative-duration"})
_TASK_STRUCTURE = frozenset({"unknown-reference", "duplicate-id"})


def _schedulable(report: ValidationReport) -> bool:
    """False when an error means the scheduler would refuse the plan or misread it."""
    return not any(issue.code in _UNSCHEDULABLE
                   or (issue.code in _TASK_STRUCTURE and issue.where.startswith("tasks"))
                   for issue in report.errors)


def review_plan(plan: Plan) -> ValidationReport:
    """Validate ``plan`` and add the gap analysis and freeze warnings.

    Args:
        plan: the plan; it may be broken in any way validation reports.

    Returns:
        Errors (validation's, in its order) apart from warnings: validation's, then the gap analysis's
        (``integration-broken``, ``shared-number-range``, ``deadline-missed``, ``contract-end-missed``,
        ``data-protection``), then ``held-by-freeze``. An issue equal to one already listed is dropped.
    """
    report = validate_plan(plan)
    schedule: Schedule | None = None
    if _schedulable(report):
        try:
            schedule = compute_schedule(plan)
        except PlanError:
            schedule = None
    extra = gap_issues(plan, analyse_gaps(plan, schedule))
    if schedule is not None:
        rows = {t.id: k for k, t in reversed(list(enumerate(plan.tasks)))}
        extra.extend(Issue("warning", "held-by-freeze", v.message, f"tasks[{rows[v.task]}]")
                     for v in schedule.violations if v.kind == "held-by-freeze" and v.task in rows)
    warnings = tuple(dict.fromkeys((*report.warnings, *extra)))
    return ValidationReport(errors=tuple(dict.fromkeys(report.errors)), warnings=warnings)
