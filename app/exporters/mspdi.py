"""Microsoft Project XML (MSPDI) export of a plan's schedule, and a small reader for checks and import.

``write_mspdi`` writes the file programme offices open in MS Project: the standard working week with the
nation's bank holidays and the project's non-working days as calendar exceptions, a project summary task,
one summary task per phase (with its tasks under it) and the tasks without a phase at the end. Element
order follows the sequences of Microsoft's Project XML Data Interchange Schema (mspdi_pj12.xsd), which
MS Project enforces. Every date comes from the engine's schedule: a task starts at 08:00 on its start date
and finishes at 17:00 on its (inclusive) finish date; a milestone starts and finishes at 08:00. Durations,
lags and total slack are working days of eight hours (slack and lag in tenths of a minute, as MSPDI
counts). Dependency reasons go into the successor's Notes. ``read_mspdi`` (``app.exporters.mspdi_read``)
reads such a file back with defusedxml, so a hostile file cannot expand entities.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: N817 - writing only; reading goes through defusedxml
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.engine.calendar import WorkingCalendar
from app.engine.model import Plan, Task
from app.engine.schedule import Schedule, compute_schedule
from app.errors import InputError
from app.exporters.mspdi_read import (
    LINK_TYPES,
    MspdiCalendar,
    MspdiException,
    MspdiLink,
    MspdiProject,
    MspdiTask,
    read_mspdi,
)
from app.storage.atomic import atomic_write_bytes

__all__ = [
    "LINK_TYPES", "NAMESPACE", "MspdiCalendar", "MspdiException", "MspdiLink", "MspdiProject", "MspdiTask",
    "read_mspdi", "write_mspdi",
]

NAMESPACE = "http://schemas.microsoft.com/project"
SAVE_VERSION = 14  # Project 2010's format: opened by Project 2010 and every later version
MINUTES_PER_DAY = 480
TENTHS_PER_DAY = MINUTES_PER_DAY * 10  # LinkLag and TotalSlack are in tenths of a minute
CALENDAR_UID = 1
DAY_START = "08:00:00"
DAY_FINISH = "17:00:00"
WORKING_TIMES = (("08:00:00", "12:00:00"), ("13:00:00", "17:00:00"))
FIXED_DURATION = 1   # Task Type: 0 fixed units, 1 fixed duration, 2 fixed work
DAYS_FORMAT = 7      # DurationFormat / LagFormat 7 = days
SNET = 4             # ConstraintType 4 = Start No Earlier Than (0 = As Soon As Possible)
LINK_CODES = {kind: code for code, kind in LINK_TYPES.items()}  # FS -> 1 ...
PROJECT_NAME_MAX = 255  # xsd maxLength of Project/Name
TEXT_MAX = 512          # xsd maxLength of Title, Task/Name, Calendar/Name, Exception/Name
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class _Row:
    """One Task element to write: a summary (project or phase) or a plan task."""

    name: str
    wbs: str
    level: int
    start: datetime
    finish: datetime
    days: int
    milestone: bool
    summary: bool
    critical: bool
    total_float: int
    notes: str = ""
    task: Task | None = None
    uid: int = 0


def write_mspdi(plan: Plan, path: str | Path, schedule: Schedule | None = None) -> None:
    """Write ``plan``'s schedule as a Microsoft Project XML (MSPDI) file, atomically.

    Args:
        plan: the plan.
        path: the ``.xml`` file to write (replaced whole, or left as it was on failure).
        schedule: its schedule from ``compute_schedule`` (computed here when not given).

    Raises:
        InputError: the file cannot be written.
        PlanError: the plan cannot be scheduled (a dependency cycle).
    """
    schedule = schedule if schedule is not None else compute_schedule(plan)
    data = mspdi_bytes(plan, schedule)
    try:
        atomic_write_bytes(Path(path), data)
    except OSError as exc:
        raise InputError(f"cannot write the MS Project file: {exc.strerror or exc}", path=path) from None


def mspdi_bytes(plan: Plan, schedule: Schedule) -> bytes:
    """The MSPDI document of ``plan`` and its ``schedule`` as UTF-8 bytes with an XML declaration."""
    rows = _rows(plan, schedule)
    uid_of = {row.task.id: row.uid for row in rows if row.task is not None}
    root = ET.Element("Project", {"xmlns": NAMESPACE})
    _project_fields(root, plan, rows[0])
    calendars = ET.SubElement(root, "Calendars")
    _calendar(calendars, plan, rows[0].start.date(), rows[0].finish.date())
    tasks = ET.SubElement(root, "Tasks")
    for position, row in enumerate(rows):
        _task(tasks, row, position, uid_of)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body.encode("utf-8") + b"\n"


def _text(value: str, limit: int | None = None) -> str:
    """Text XML 1.0 can carry (control characters dropped), cut to the schema's length limit."""
    clean = _NOT_XML.sub("", value.replace("\r\n", "\n"))
    return clean[:limit] if limit is not None else clean


def _sub(parent: ET.Element, tag: str, value: object) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if isinstance(value, bool):
        element.text = "1" if value else "0"
    else:
        element.text = str(value)
    return element


def _at(day: date, clock: str) -> str:
    return f"{day.isoformat()}T{clock}"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _hours(days: int) -> str:
    """An ISO 8601 duration of whole working days at eight hours a day, as MS Project writes it."""
    return f"PT{days * MINUTES_PER_DAY // 60}H0M0S"


def _task_rows(plan: Plan, schedule: Schedule, tasks: list[Task], wbs: str, level: int) -> list[_Row]:
    index = schedule.index
    floats = schedule.total_float
    critical = schedule.critical
    rows = []
    for number, task in enumerate(tasks, start=1):
        i = index[task.id]
        start = schedule.start_of(task.id)
        finish = schedule.finish_of(task.id)
        milestone = task.duration == 0
        rows.append(_Row(
            name=task.name, wbs=f"{wbs}.{number}" if wbs else str(number), level=level,
            start=datetime.fromisoformat(_at(start, DAY_START)),
            finish=datetime.fromisoformat(_at(finish, DAY_START if milestone else DAY_FINISH)),
            days=int(schedule.ef[i] - schedule.es[i]), milestone=milestone, summary=False,
            critical=bool(critical[i]), total_float=int(floats[i]), notes=_notes(plan, task), task=task,
        ))
    return rows


def _summary(name: str, wbs: str, level: int, children: list[_Row], plan: Plan, schedule: Schedule,
             notes: str = "") -> _Row:
    """A summary row spanning ``children``; its working days come from the schedule's indices."""
    index = schedule.index
    ids = [row.task.id for row in children if row.task is not None]
    if ids:
        days = int(max(schedule.ef[index[t]] for t in ids) - min(schedule.es[index[t]] for t in ids))
        start, finish = min(r.start for r in children), max(r.finish for r in children)
    else:  # a plan without tasks: a one-day-long nothing on the first working day
        days, start = 0, datetime.fromisoformat(_at(schedule.start, DAY_START))
        finish = start
    return _Row(
        name=name, wbs=wbs, level=level, start=start, finish=finish, days=days, milestone=False,
        summary=True, critical=any(r.critical for r in children),
        total_float=min((r.total_float for r in children), default=0), notes=notes,
    )


def _rows(plan: Plan, schedule: Schedule) -> list[_Row]:
    """Rows in outline order: project summary (UID 0), each phase with its tasks, then unphased tasks.

    A phase without tasks has no dates, so it is left out (as in ``schedule --json``).
    """
    body: list[_Row] = []
    leaves: list[_Row] = []
    number = 0
    for phase in plan.phases:
        tasks = [t for t in plan.tasks if t.phase == phase.id]
        if not tasks:
            continue
        number += 1
        children = _task_rows(plan, schedule, tasks, str(number), 2)
        body.append(_summary(phase.name, str(number), 1, children, plan, schedule, phase.description))
        body.extend(children)
        leaves.extend(children)
    known = {p.id for p in plan.phases}
    loose = [t for t in plan.tasks if t.phase not in known]
    children = _task_rows(plan, schedule, loose, "", 1)
    for offset, row in enumerate(children, start=number + 1):
        row.wbs = str(offset)
    body.extend(children)
    leaves.extend(children)
    project = _summary(plan.project.name, "0", 0, leaves, plan, schedule, plan.project.notes)
    rows = [project, *body]
    for uid, row in enumerate(rows):
        row.uid = uid
    return rows


def _notes(plan: Plan, task: Task) -> str:
    """The task's notes, then the reason recorded for each of its dependencies."""
    reasons = []
    for link in task.predecessors:
        if link.reason:
            before = plan.task_by_id[link.task].name if link.task in plan.task_by_id else link.task
            lag = f"{link.lag:+d}d" if link.lag else ""
            reasons.append(f"- {link.type}{lag} after {before}: {link.reason}")
    parts = [task.notes.strip()] if task.notes.strip() else []
    if reasons:
        parts.append("Dependency reasons:\n" + "\n".join(reasons))
    return "\n\n".join(parts)


def _project_fields(root: ET.Element, plan: Plan, summary: _Row) -> None:
    """The Project element's own fields, in the schema's sequence."""
    project = plan.project
    _sub(root, "SaveVersion", SAVE_VERSION)
    _sub(root, "Name", _text(project.name, PROJECT_NAME_MAX))
    _sub(root, "Title", _text(project.name, TEXT_MAX))
    if project.organisation:
        _sub(root, "Company", _text(project.organisation, TEXT_MAX))
    _sub(root, "ScheduleFromStart", True)
    _sub(root, "StartDate", _stamp(summary.start))
    _sub(root, "FinishDate", _stamp(summary.finish))
    _sub(root, "FYStartDate", 4)  # UK public-sector financial year: April
    _sub(root, "CriticalSlackLimit", 0)
    _sub(root, "CurrencyDigits", 2)
    _sub(root, "CurrencySymbol", "£")
    _sub(root, "CurrencyCode", "GBP")
    _sub(root, "CurrencySymbolPosition", 0)
    _sub(root, "CalendarUID", CALENDAR_UID)
    _sub(root, "DefaultStartTime", DAY_START)
    _sub(root, "DefaultFinishTime", DAY_FINISH)
    _sub(root, "MinutesPerDay", MINUTES_PER_DAY)
    _sub(root, "MinutesPerWeek", MINUTES_PER_DAY * 5)
    _sub(root, "DaysPerMonth", 20)
    _sub(root, "DefaultTaskType", FIXED_DURATION)
    _sub(root, "DurationFormat", DAYS_FORMAT)
    _sub(root, "HonorConstraints", True)
    _sub(root, "WeekStartDay", 1)  # Monday
    if project.status_date is not None:
        _sub(root, "StatusDate", _at(project.status_date, DAY_FINISH))


def _exceptions(plan: Plan, first: date, last: date) -> list[tuple[date, str]]:
    """Bank holidays and project non-working days from ``first`` to a year past ``last``, one per date.

    The extra year keeps the calendar right when the programme office lets the plan slip in MS Project.
    """
    calendar = WorkingCalendar.for_project(plan.project)
    days = dict(calendar.holidays_between(first, last + timedelta(days=366)))
    for day in plan.project.non_working_days:
        days.setdefault(day, "Project non-working day")
    return sorted(days.items())


def _calendar(calendars: ET.Element, plan: Plan, first: date, last: date) -> None:
    """The standard calendar: Mon-Fri 08:00-12:00 and 13:00-17:00, with the exceptions as non-working."""
    calendar = ET.SubElement(calendars, "Calendar")
    _sub(calendar, "UID", CALENDAR_UID)
    _sub(calendar, "Name", "Standard")
    _sub(calendar, "IsBaseCalendar", True)
    week = ET.SubElement(calendar, "WeekDays")
    for day_type in range(1, 8):  # 1 = Sunday ... 7 = Saturday
        weekday = ET.SubElement(week, "WeekDay")
        _sub(weekday, "DayType", day_type)
        working = day_type not in (1, 7)
        _sub(weekday, "DayWorking", working)
        if working:
            times = ET.SubElement(weekday, "WorkingTimes")
            for start, finish in WORKING_TIMES:
                period = ET.SubElement(times, "WorkingTime")
                _sub(period, "FromTime", start)
                _sub(period, "ToTime", finish)
    exceptions = ET.SubElement(calendar, "Exceptions")
    for day, name in _exceptions(plan, min(first, plan.project.start_date), last):
        exception = ET.SubElement(exceptions, "Exception")
        _sub(exception, "EnteredByOccurrences", False)
        period = ET.SubElement(exception, "TimePeriod")
        _sub(period, "FromDate", _at(day, "00:00:00"))
        _sub(period, "ToDate", _at(day, "23:59:00"))
        _sub(exception, "Occurrences", 1)
        _sub(exception, "Name", _text(name, TEXT_MAX))
        _sub(exception, "Type", 1)  # daily
        _sub(exception, "DayWorking", False)


def _task(tasks: ET.Element, row: _Row, position: int, uid_of: dict[str, int]) -> None:
    """One Task element, its children in the schema's sequence."""
    element = ET.SubElement(tasks, "Task")
    _sub(element, "UID", row.uid)
    _sub(element, "ID", position)
    _sub(element, "Name", _text(row.name, TEXT_MAX))
    _sub(element, "Type", FIXED_DURATION)
    _sub(element, "IsNull", False)
    _sub(element, "WBS", row.wbs)
    _sub(element, "OutlineNumber", row.wbs)
    _sub(element, "OutlineLevel", row.level)
    _sub(element, "Start", _stamp(row.start))
    _sub(element, "Finish", _stamp(row.finish))
    _sub(element, "Duration", _hours(row.days))
    _sub(element, "DurationFormat", DAYS_FORMAT)
    _sub(element, "Estimated", False)
    _sub(element, "Milestone", row.milestone)
    _sub(element, "Summary", row.summary)
    _sub(element, "Critical", row.critical)
    _sub(element, "TotalSlack", row.total_float * TENTHS_PER_DAY)
    task = row.task
    snet = task.start_no_earlier_than if task is not None else None
    _sub(element, "ConstraintType", SNET if snet is not None else 0)
    if snet is not None:
        _sub(element, "ConstraintDate", _at(snet, DAY_START))
    if task is not None and task.deadline is not None:
        _sub(element, "Deadline", _at(task.deadline, DAY_FINISH))
    if row.notes:
        _sub(element, "Notes", _text(row.notes))
    if task is None:
        return
    for link in task.predecessors:
        if link.task not in uid_of:
            continue
        predecessor = ET.SubElement(element, "PredecessorLink")
        _sub(predecessor, "PredecessorUID", uid_of[link.task])
        _sub(predecessor, "Type", LINK_CODES[link.type])
        _sub(predecessor, "LinkLag", link.lag * TENTHS_PER_DAY)
        _sub(predecessor, "LagFormat", DAYS_FORMAT)
