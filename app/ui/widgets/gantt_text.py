"""Words on the timeline: a task's hover text and the schedule summary line, from engine results only."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date

from app.engine.model import BaselineTask, Plan
from app.engine.schedule import Schedule
from app.ui.formatting import format_date


def uk_date(value: date) -> str:
    """A date as ``Mon 01/06/2026``."""
    return f"{value:%a} {format_date(value)}"


def task_tooltip(plan: Plan, schedule: Schedule, task_id: str, labels: Mapping[str, str],
                 problem: str = "#c62828") -> str:
    """Return the rich-text hover text of a task: dates, duration, float, criticality and predecessors.

    Args:
        plan: the plan.
        schedule: its schedule.
        task_id: the task.
        labels: translated words: ``start``, ``finish``, ``date``, ``duration``, ``days`` (with ``{n}``),
            ``float``, ``critical``, ``yes``, ``no``, ``predecessors``, ``none``, ``deadline``, ``held``,
            ``phase``, ``lag`` (with ``{n}``).
        problem: the colour of negative float and problems (legible on the theme's tooltip).
    """
    task = plan.task_by_id[task_id]
    i = schedule.index[task_id]
    start, finish = schedule.start_of(task_id), schedule.finish_of(task_id)
    critical = bool(schedule.critical[i])
    phase = plan.phase_by_id.get(task.phase) if task.phase else None
    rows = [f"<b>{html.escape(task.name)}</b> ({html.escape(task.id)})"]
    if phase is not None:
        rows.append(f"{labels['phase']}: {html.escape(phase.name or phase.id)}")
    if task.duration == 0:
        rows.append(f"{labels['date']}: {uk_date(start)}")
    else:
        rows.append(f"{labels['start']}: {uk_date(start)} &nbsp; {labels['finish']}: {uk_date(finish)}")
    rows.append(f"{labels['duration']}: {labels['days'].format(n=task.duration)}")
    total_float = int(schedule.total_float[i])
    colour = problem if total_float < 0 else "inherit"
    rows.append(
        f"{labels['float']}: <span style='color:{colour}'>{labels['days'].format(n=total_float)}</span>"
        f" &nbsp; {labels['critical']}: {labels['yes'] if critical else labels['no']}"
    )
    if task.deadline is not None:
        rows.append(f"{labels['deadline']}: {uk_date(task.deadline)}")
    held = schedule.held_by_freeze.get(task_id)
    if held:
        rows.append(f"{labels['held']}: {html.escape(held)}")
    for violation in schedule.violations:
        if violation.task == task_id and violation.kind != "held-by-freeze":
            rows.append(f"<span style='color:{problem}'>{html.escape(violation.message)}</span>")
    rows.append(f"{labels['predecessors']}:")
    if not task.predecessors:
        rows.append(f"&nbsp;&nbsp;{labels['none']}")
    for dep in task.predecessors:
        other = plan.task_by_id.get(dep.task)
        name = other.name if other is not None else "?"
        lag = f" {labels['lag'].format(n=f'{dep.lag:+d}')}" if dep.lag else ""
        reason = f" — <i>{html.escape(dep.reason)}</i>" if dep.reason else ""
        rows.append(f"&nbsp;&nbsp;{html.escape(dep.task)} {html.escape(name)}: {dep.type}{lag}{reason}")
    return "<br>".join(rows)


def short_date(value: date) -> str:
    """A date as ``1 Feb 2027``."""
    return f"{value.day} {value:%b %Y}"


def baseline_line(saved: BaselineTask, finish_slip: int, labels: Mapping[str, str]) -> str:
    """Return e.g. "Baseline: 1 Feb 2027 – 3 Mar 2027 (finish +5 working days)" for a task's hover text.

    Args:
        saved: the task as the chosen baseline holds it.
        finish_slip: working days from the baseline finish to the forecast finish (positive: later), as
            ``app.engine.tracking.slip`` counts them.
        labels: translated words: ``baseline``, ``finish_slip`` and ``date_slip`` (with ``{days}``),
            ``slip_days`` and ``slip_day`` (with a signed ``{n}``), ``finish_kept`` and ``date_kept``.
    """
    milestone = saved.duration == 0
    if milestone:
        dates = short_date(saved.start)
    else:
        dates = f"{short_date(saved.start)} – {short_date(saved.finish)}"
    if finish_slip:
        days = labels["slip_day" if abs(finish_slip) == 1 else "slip_days"].format(n=f"{finish_slip:+d}")
        moved = labels["date_slip" if milestone else "finish_slip"].format(days=days)
    else:
        moved = labels["date_kept" if milestone else "finish_kept"]
    return f"{labels['baseline']}: {dates} ({moved})"


def summary_line(plan: Plan, schedule: Schedule | None, violations: int, texts: Mapping[str, str]) -> str:
    """Return e.g. "Finish Mon 5 Jun 2028 · 510 working days · 24.2 months · beyond … · 3 violations".

    Args:
        plan: the plan.
        schedule: its schedule, or ``None`` when it cannot be scheduled.
        violations: how many schedule problems to report.
        texts: translated templates: ``unscheduled``, ``finish`` ({date}), ``days`` ({n}), ``months`` ({n}),
            ``beyond`` ({months}, {over}), ``within`` ({months}, {under}), ``violations`` ({n}),
            ``no_violations``.
    """
    if schedule is None:
        return texts["unscheduled"]
    finish = f"{schedule.finish:%a} {schedule.finish.day} {schedule.finish:%b %Y}"
    benchmark = plan.project.benchmark_months
    months = schedule.calendar_months
    parts = [
        texts["finish"].format(date=finish),
        texts["days"].format(n=f"{schedule.working_days:,}"),
        texts["months"].format(n=f"{months:.1f}"),
    ]
    if schedule.within_benchmark:
        parts.append(
            texts["within"].format(months=f"{benchmark:g}", under=f"{max(0.0, benchmark - months):.1f}")
        )
    else:
        parts.append(texts["beyond"].format(months=f"{benchmark:g}", over=f"{months - benchmark:.1f}"))
    parts.append(texts["violations"].format(n=violations) if violations else texts["no_violations"])
    return " · ".join(parts)
