"""Where everything on the timeline goes, as arrays: rows, bars by day column, links, bands and markers.

Nothing here computes a schedule date: bars come from ``Schedule.start_ordinals``/``finish_ordinals`` (a day
column is a date ordinal minus ``origin``), bank holidays from the engine's calendar. Rows are in day and row
units, so zooming only changes the pixels per day the painters multiply by.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from app.engine.calendar import WorkingCalendar
from app.engine.model import Plan
from app.engine.schedule import Schedule

ROW_HEIGHT = 22.0
MILESTONE_HALF = 6.0  # half the width of a milestone diamond, in pixels
BAR_INSET = 5.0  # gap above and below a task bar inside its row
PSTN_SWITCH_OFF = date(2027, 1, 31)
_LEAD_DAYS = 14  # day columns shown before the project start
_TAIL_DAYS = 28  # and after the last thing drawn
_FAR_DAYS = 20 * 366  # the chart reaches at most about 20 years either side of the schedule


class RowKind(IntEnum):
    """What a row shows."""

    TASK = 0
    MILESTONE = 1
    PHASE = 2


class MarkerKind(IntEnum):
    """Vertical date lines, in the order they are painted."""

    CONTRACT = 0
    PSTN = 1
    BENCHMARK = 2
    STATUS = 3
    TODAY = 4


@dataclass(frozen=True)
class Marker:
    """A vertical line at ``column`` (day units; the end of a day for deadlines, the middle for today)."""

    kind: MarkerKind
    column: float
    label: str


@dataclass(frozen=True)
class FreezeBand:
    """A freeze window: day columns ``[start, end)``; ``scoped`` when it holds only some phases' cutovers."""

    name: str
    start: float
    end: float
    scoped: bool


@dataclass(frozen=True)
class LinkArrays:
    """Dependencies as plan task indices, cached while no predecessor list changes."""

    key: tuple[object, ...]
    pred: npt.NDArray[np.int64]
    succ: npt.NDArray[np.int64]
    pred_finish: npt.NDArray[np.bool_]  # the link leaves the predecessor's finish (FS, FF)
    succ_finish: npt.NDArray[np.bool_]  # the link enters the successor's finish (FF, SF)


def _empty_int() -> npt.NDArray[np.int64]:
    return np.zeros(0, np.int64)


def _empty_float() -> npt.NDArray[np.float64]:
    return np.zeros(0, np.float64)


def _empty_bool() -> npt.NDArray[np.bool_]:
    return np.zeros(0, bool)


@dataclass(frozen=True)
class GanttGeometry:
    """The timeline of one schedule: per-row arrays plus bands and markers.

    ``start``/``end`` are day columns (``end`` exclusive: the column after an inclusive finish); a
    milestone's ``start`` is its date's column and ``end`` is ``start + 1``. ``deadline`` is the column
    after the deadline day (NaN when none).
    """

    origin: int = 0
    days: int = 0
    kind: npt.NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, np.int8))
    task: npt.NDArray[np.int64] = field(default_factory=_empty_int)
    start: npt.NDArray[np.float64] = field(default_factory=_empty_float)
    end: npt.NDArray[np.float64] = field(default_factory=_empty_float)
    critical: npt.NDArray[np.bool_] = field(default_factory=_empty_bool)
    held: npt.NDArray[np.bool_] = field(default_factory=_empty_bool)
    late: npt.NDArray[np.bool_] = field(default_factory=_empty_bool)
    deadline: npt.NDArray[np.float64] = field(default_factory=_empty_float)
    ids: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    link_pred: npt.NDArray[np.int64] = field(default_factory=_empty_int)  # rows
    link_succ: npt.NDArray[np.int64] = field(default_factory=_empty_int)
    link_pred_finish: npt.NDArray[np.bool_] = field(default_factory=_empty_bool)
    link_succ_finish: npt.NDArray[np.bool_] = field(default_factory=_empty_bool)
    freezes: tuple[FreezeBand, ...] = ()
    non_working: npt.NDArray[np.int64] = field(default_factory=_empty_int)  # weekday holiday columns
    markers: tuple[Marker, ...] = ()

    @property
    def rows(self) -> int:
        """How many rows the timeline has."""
        return len(self.kind)

    @property
    def row_of(self) -> dict[str, int]:
        """The row of each task id (phases are not included)."""
        return {self.ids[r]: r for r in np.flatnonzero(self.task >= 0).tolist()}

    def column(self, day: date) -> int:
        """The day column of ``day``."""
        return day.toordinal() - self.origin


def build_links(plan: Plan, previous: LinkArrays | None = None) -> LinkArrays:
    """Return the plan's dependencies as index arrays, reusing ``previous`` when no link changed."""
    key = tuple(t.predecessors for t in plan.tasks) + tuple(t.id for t in plan.tasks)
    if (
        previous is not None
        and len(previous.key) == len(key)
        and all(a is b or a == b for a, b in zip(previous.key, key, strict=True))
    ):
        return previous
    position = {t.id: i for i, t in enumerate(plan.tasks)}
    pred: list[int] = []
    succ: list[int] = []
    kinds: list[str] = []
    for i, task in enumerate(plan.tasks):
        for dep in task.predecessors:
            j = position.get(dep.task)
            if j is not None:
                pred.append(j)
                succ.append(i)
                kinds.append(dep.type)
    kind = np.array(kinds, dtype="U2")
    return LinkArrays(
        key,
        np.array(pred, np.int64),
        np.array(succ, np.int64),
        np.isin(kind, ("FS", "FF")),
        np.isin(kind, ("FF", "SF")),
    )


def _row_order(plan: Plan, keep: npt.NDArray[np.bool_]) -> tuple[list[int], list[int]]:
    """Return (phase index or -1, task index or -1) per row: each phase then its tasks, then the rest."""
    phase_position = {p.id: k for k, p in enumerate(plan.phases)}
    grouped: list[list[int]] = [[] for _ in plan.phases]
    loose: list[int] = []
    for i, task in enumerate(plan.tasks):
        if not keep[i]:
            continue
        k = phase_position.get(task.phase) if task.phase else None
        (grouped[k] if k is not None else loose).append(i)
    phases: list[int] = []
    tasks: list[int] = []
    for k, members in enumerate(grouped):
        if members:
            phases.append(k)
            tasks.append(-1)
            phases.extend([-1] * len(members))
            tasks.extend(members)
    phases.extend([-1] * len(loose))
    tasks.extend(loose)
    return phases, tasks


def build_geometry(
    plan: Plan,
    schedule: Schedule,
    calendar: WorkingCalendar,
    texts: Mapping[str, str],
    critical_only: bool = False,
    today: date | None = None,
    links: LinkArrays | None = None,
    also: tuple[date, ...] = (),
) -> GanttGeometry:
    """Lay out ``schedule`` as timeline rows.

    Args:
        plan: the plan the schedule was computed from (same task order).
        schedule: its schedule.
        calendar: the project's working calendar (for bank holidays only).
        texts: translated marker labels: ``benchmark`` (with ``{months}``), ``pstn``, ``contract`` (with
            ``{name}``), ``status`` and ``today``.
        critical_only: keep only critical tasks (and the phases holding them).
        today: the date of the today line (``None``: no line).
        links: the plan's links from ``build_links`` (built here when omitted).
        also: more dates the columns must reach, e.g. a baseline's start and finish.
    """
    n = len(plan.tasks)
    critical = np.asarray(schedule.critical, dtype=bool)
    keep = critical if critical_only else np.ones(n, dtype=bool)
    phase_rows, task_rows = _row_order(plan, keep)
    row_task = np.array(task_rows, np.int64)
    is_task = row_task >= 0
    starts = np.asarray(schedule.start_ordinals, np.int64)
    finishes = np.asarray(schedule.finish_ordinals, np.int64)
    duration = np.asarray(schedule.duration, np.int64)
    phase_dates = {p.id: p for p in schedule.phases}

    candidates = [plan.project.start_date.toordinal(), schedule.benchmark_end.toordinal()]
    if n:
        candidates += [int(starts.min()), int(finishes.max())]
    extras = [d for d in (plan.project.status_date, *also) if d is not None]
    extras += [s.contract_end for s in plan.systems if s.estate == "current" and s.contract_end is not None]
    deadlines = [t.deadline for t in plan.tasks if t.deadline is not None]
    # Far-off contract ends, deadlines and status dates do not stretch the chart past _FAR_DAYS of the
    # schedule (a deadline in 9999 would otherwise ask for eight thousand years of columns).
    low, high = min(candidates) - _FAR_DAYS, max(candidates) + _FAR_DAYS
    first = date.fromordinal(max(low, min(candidates + [d.toordinal() for d in extras])) - _LEAD_DAYS)
    first -= timedelta(days=first.weekday())  # columns start on a Monday
    last_ordinal = min(high, max(candidates + [d.toordinal() for d in extras + deadlines])) + _TAIL_DAYS
    origin = first.toordinal()
    days = last_ordinal - origin + 1

    task_index = np.where(is_task, row_task, 0)
    start = (
        np.where(is_task, starts[task_index] - origin, 0).astype(np.float64) if n else np.zeros(len(row_task))
    )
    end = (
        np.where(is_task, finishes[task_index] - origin + 1, 0).astype(np.float64)
        if n
        else np.zeros(len(row_task))
    )
    kind = np.full(len(row_task), RowKind.TASK, np.int8)
    if n:
        kind[is_task & (duration[task_index] == 0)] = RowKind.MILESTONE
    kind[~is_task] = RowKind.PHASE
    ids: list[str] = []
    labels: list[str] = []
    deadline = np.full(len(row_task), np.nan)
    for r, (k, i) in enumerate(zip(phase_rows, task_rows, strict=True)):
        if i >= 0:
            task = plan.tasks[i]
            ids.append(task.id)
            labels.append(task.name)
            if task.deadline is not None:
                deadline[r] = task.deadline.toordinal() - origin + 1
        else:
            phase = plan.phases[k]
            ids.append(phase.id)
            labels.append(phase.name or phase.id)
            dates = phase_dates.get(phase.id)
            if dates is not None:
                start[r] = dates.start.toordinal() - origin
                end[r] = dates.finish.toordinal() - origin + 1
    row_critical = np.zeros(len(row_task), bool)
    late = np.zeros(len(row_task), bool)
    held = np.zeros(len(row_task), bool)
    if n:
        row_critical[is_task] = critical[row_task[is_task]]
        late[is_task] = np.asarray(schedule.total_float)[row_task[is_task]] < 0
        late |= np.nan_to_num(deadline, nan=np.inf) < end
        late &= is_task
        held_ids = schedule.held_by_freeze
        held = np.fromiter((i in held_ids for i in ids), bool, len(ids)) & is_task

    links = links or build_links(plan)
    row_of_task = np.full(n, -1, np.int64)
    row_of_task[row_task[is_task]] = np.flatnonzero(is_task)
    link_pred = row_of_task[links.pred] if len(links.pred) else _empty_int()
    link_succ = row_of_task[links.succ] if len(links.succ) else _empty_int()
    shown = (link_pred >= 0) & (link_succ >= 0)

    freezes = tuple(
        FreezeBand(f.name, f.start.toordinal() - origin, f.end.toordinal() - origin + 1, bool(f.phases))
        for f in plan.project.freezes
    )
    holidays = [d for d, _ in calendar.holidays_between(first, date.fromordinal(last_ordinal))]
    holidays += [
        d for d in plan.project.non_working_days if first.toordinal() <= d.toordinal() <= last_ordinal
    ]
    non_working = np.array(sorted({d.toordinal() - origin for d in holidays if d.weekday() < 5}), np.int64)
    return GanttGeometry(
        origin=origin,
        days=days,
        kind=kind,
        task=row_task,
        start=start,
        end=end,
        critical=row_critical,
        held=held,
        late=late,
        deadline=deadline,
        ids=tuple(ids),
        labels=tuple(labels),
        link_pred=link_pred[shown],
        link_succ=link_succ[shown],
        link_pred_finish=links.pred_finish[shown] if len(shown) else _empty_bool(),
        link_succ_finish=links.succ_finish[shown] if len(shown) else _empty_bool(),
        freezes=freezes,
        non_working=non_working,
        markers=_markers(plan, schedule, texts, origin, days, today),
    )


def _markers(
    plan: Plan, schedule: Schedule, texts: Mapping[str, str], origin: int, days: int, today: date | None
) -> tuple[Marker, ...]:
    found: list[Marker] = []
    for system in plan.systems:
        if system.estate == "current" and system.contract_end is not None:
            found.append(
                Marker(
                    MarkerKind.CONTRACT,
                    system.contract_end.toordinal() - origin + 1,
                    texts["contract"].format(name=system.name),
                )
            )
    if any(t.deadline == PSTN_SWITCH_OFF for t in plan.tasks):
        found.append(Marker(MarkerKind.PSTN, PSTN_SWITCH_OFF.toordinal() - origin + 1, texts["pstn"]))
    found.append(
        Marker(
            MarkerKind.BENCHMARK,
            schedule.benchmark_end.toordinal() - origin + 1,
            texts["benchmark"].format(months=f"{plan.project.benchmark_months:g}"),
        )
    )
    if plan.project.status_date is not None:
        found.append(
            Marker(MarkerKind.STATUS, plan.project.status_date.toordinal() - origin + 1, texts["status"])
        )
    if today is not None and 0 <= today.toordinal() - origin < days:
        found.append(Marker(MarkerKind.TODAY, today.toordinal() - origin + 0.5, texts["today"]))
    return tuple(sorted(found, key=lambda m: m.column))


def row_extents(
    geometry: GanttGeometry, pixels_per_day: float, rows: slice | npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return the left and right pixel edges of the bars (or milestone diamonds) of ``rows``."""
    start, end, kind = geometry.start[rows], geometry.end[rows], geometry.kind[rows]
    left = start * pixels_per_day
    right = np.maximum(end * pixels_per_day, left + 2.0)
    centre = (start + 0.5) * pixels_per_day
    milestone = kind == RowKind.MILESTONE
    return (
        np.where(milestone, centre - MILESTONE_HALF, left),
        np.where(milestone, centre + MILESTONE_HALF, right),
    )
