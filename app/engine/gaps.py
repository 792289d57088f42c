"""Gap analysis: where the plan leaves the estate without a path, a link, a number range or a deadline.

``analyse_gaps(plan, schedule)`` returns a ``GapReport`` for the GUI's gaps page; ``gap_issues`` turns it
into warnings for ``ccplan validate`` (via ``app.engine.review``). With no schedule (a cyclic plan), only
the structural parts are filled: exit paths, sources, shared ranges by ``System.phase``, notice dates and
whether DPIA/archive tasks exist at all.

Move dates (working-day indices of the schedule):

* a **target** system goes live on the start of the earliest-starting ``cutover`` task naming it;
* a **current** system stops on the (inclusive) finish of the earliest-finishing ``decommission`` task
  naming it; with none, when the last of its ``replaced_by`` systems goes live;
* a system with action ``retain`` never moves; any other system without such a task has no move date.

Rules:

* **integration-broken**: a link between two systems with move dates on different working days.
  A *data flow* (``dependency`` false) is live traffic between the two ends, so it is broken from the
  earlier move date (inclusive) to the later one (exclusive): one end has moved and the other has not.
  A *dependency* link (the target needs the source first, brief §1.2) orders the two moves: it is broken
  only when the target moves before its source, from the target's move to the source's; followed in order
  it is the plan working as intended, not a gap. The exception is a current source feeding a target system
  (say legacy WFM history into the new WFM): the new system needs the old one still there when it goes
  live, so that link is broken when the source stops first, from its stop to the target's go-live. A link
  with ``coexistence_bridge`` is never broken; nor is one with a retained end, an end without a move date
  or an unknown end.
* **shared-number-range** (domain brief R10): one ``number_ranges`` string (compared after trimming) on
  systems in different phases, where a system's phase is ``System.phase``, else the phase of its earliest
  cutover task.
* **deadline-missed**: the schedule's ``deadline-missed`` violations; a deadline of 31 Jan 2027 or a task
  named like "PSTN/ISDN ... switch-off" is the PSTN/ISDN switch-off (brief §2.7).
* **contract-end-missed** (renewal trap, R9, §2.5): a current system whose stop date is after its
  ``contract_end``; the last day to serve notice is ``contract_end - notice_days`` calendar days.
* **data-protection**: a non-retained system holding ``personal_data`` that goes live (target) or is
  decommissioned or replaced (current) needs a ``dpia`` task naming it, or naming no system at all
  (programme-wide), that finishes before its cutover or decommission starts; a current one also needs a
  ``data_migration`` or ``archive`` task naming it that finishes before its decommission starts. "Finishes
  before" compares working-day indices (``EF <= ES``); with no schedule only existence is checked.

``no-exit-path`` and ``no-source`` are in the report but ``gap_issues`` leaves them to ``validate_plan``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from app.engine.calendar import WorkingCalendar
from app.engine.impact import listed, system_label
from app.engine.model import Plan, System, Task
from app.engine.schedule import Schedule
from app.engine.validation import Issue

PSTN_SWITCH_OFF = date(2027, 1, 31)
_PSTN_NAME = re.compile(r"(pstn|isdn).*switch[\s-]*off|switch[\s-]*off.*(pstn|isdn)", re.IGNORECASE)

DeadlineKind = Literal["task-deadline", "pstn-switch-off", "contract-end"]


@dataclass(frozen=True)
class Move:
    """When a system changes over: ``index`` is a working-day index, ``day`` its date."""

    system: str
    index: int
    day: date
    how: str  # e.g. "goes live on 5 October 2026 (cutover 'W1 go-live')"


@dataclass(frozen=True)
class BrokenIntegration:
    """An integration with one end moved and the other not, from ``first_broken`` to ``last_broken``."""

    integration: str
    source: str
    target: str
    first_broken: date
    last_broken: date
    working_days: int
    reason: str


@dataclass(frozen=True)
class SharedRange:
    """A number range held by systems that move in different phases (waves)."""

    number_range: str
    systems: tuple[str, ...]
    phases: tuple[str, ...]


@dataclass(frozen=True)
class MissedDeadline:
    """A hard date the plan misses: a task deadline, the PSTN/ISDN switch-off or an incumbent contract end."""

    what: str
    kind: DeadlineKind
    deadline: date
    planned: date
    message: str


@dataclass(frozen=True)
class GapReport:
    """The findings of ``analyse_gaps``; each tuple is in plan order."""

    no_exit_path: tuple[str, ...]
    no_source: tuple[str, ...]
    broken_integrations: tuple[BrokenIntegration, ...]
    shared_ranges: tuple[SharedRange, ...]
    missed_deadlines: tuple[MissedDeadline, ...]
    data_protection: tuple[Issue, ...]
    notice_deadlines: tuple[tuple[str, date], ...]


def _day(day: date) -> str:
    """``31 January 2027``."""
    return f"{day.day} {day:%B %Y}"


def _task_name(task: Task) -> str:
    return f"'{task.name.strip()}'" if task.name.strip() else task.id


def _finish_index(schedule: Schedule, row: int) -> int:
    """Working-day index of a task's shown (inclusive) finish; a milestone's own day."""
    return int(schedule.ef[row] - 1 if schedule.duration[row] > 0 else schedule.es[row])


def system_moves(plan: Plan, schedule: Schedule, calendar: WorkingCalendar | None = None) -> dict[str, Move]:
    """Return the move of every system that has one (see the module docstring), keyed by system id."""
    cal = calendar or WorkingCalendar.for_project(plan.project)
    known = plan.system_by_id
    moves: dict[str, Move] = {}
    for row, task in enumerate(plan.tasks):
        if task.kind not in ("cutover", "decommission"):
            continue
        live = task.kind == "cutover"
        index = int(schedule.es[row]) if live else _finish_index(schedule, row)
        for system_id in task.systems:
            system = known.get(system_id)
            if system is None or system.action == "retain" or (system.estate == "target") != live:
                continue
            if system_id not in moves or index < moves[system_id].index:
                day = cal.date_of(index)
                verb = "goes live" if live else "stops"
                moves[system_id] = Move(system_id, index, day, f"{verb} on {_day(day)} ({task.kind} "
                                                                f"{_task_name(task)})")
    for system in plan.systems:
        if system.estate != "current" or system.action == "retain" or system.id in moves:
            continue
        gone_live = [moves[r] for r in system.replaced_by if r in moves and known[r].estate == "target"]
        if gone_live:
            last = max(gone_live, key=lambda m: m.index)
            moves[system.id] = Move(system.id, last.index, last.day,
                                    f"stops on {_day(last.day)}, when its replacement "
                                    f"{system_label(known[last.system])} goes live")
    return moves


def analyse_gaps(plan: Plan, schedule: Schedule | None, calendar: WorkingCalendar | None = None) -> GapReport:
    """Analyse ``plan`` for gaps (rules in the module docstring).

    Args:
        plan: the plan; unknown references are skipped, never raised.
        schedule: ``compute_schedule(plan)``, or ``None`` (e.g. a cyclic plan) for the structural parts only.
        calendar: the project's working calendar, to reuse; built from the project when omitted.
    """
    moves: dict[str, Move] = {}
    cal = calendar
    if schedule is not None:
        cal = cal or WorkingCalendar.for_project(plan.project)
        moves = system_moves(plan, schedule, cal)
    decommissioned = {s for t in plan.tasks if t.kind == "decommission" for s in t.systems}
    cut_over = {s for t in plan.tasks if t.kind == "cutover" for s in t.systems}
    replacements = {r for s in plan.systems if s.estate == "current" for r in s.replaced_by}
    moving = [s for s in plan.systems if s.action != "retain"]
    return GapReport(
        no_exit_path=tuple(s.id for s in moving if s.estate == "current" and not s.replaced_by
                           and s.id not in decommissioned),
        no_source=tuple(s.id for s in moving if s.estate == "target" and s.id not in replacements
                        and s.id not in cut_over),
        broken_integrations=_broken(plan, moves, cal) if cal is not None else (),
        shared_ranges=_shared_ranges(plan, schedule),
        missed_deadlines=_missed(plan, schedule, moves),
        data_protection=_data_protection(plan, schedule, moves),
        notice_deadlines=tuple((s.id, s.contract_end - timedelta(days=s.notice_days)) for s in plan.systems
                               if s.estate == "current" and s.contract_end is not None
                               and s.notice_days is not None),
    )


def _broken(plan: Plan, moves: dict[str, Move], cal: WorkingCalendar) -> tuple[BrokenIntegration, ...]:
    known = plan.system_by_id
    found = []
    for link in plan.integrations:
        if link.coexistence_bridge or link.source not in moves or link.target not in moves:
            continue
        source, target = moves[link.source], moves[link.target]
        if link.dependency and _needs_legacy(known, link.source, link.target):
            if source.index >= target.index:
                continue  # the legacy source is still there when the new system goes live
            early, late = source, target
            reason = (f"{system_label(known[source.system])} {source.how}, before "
                      f"{system_label(known[target.system])}, which needs it, {target.how}")
        elif link.dependency:
            if target.index >= source.index:
                continue  # followed in order: what it depends on moved first (or together)
            early, late = target, source
            reason = (f"{system_label(known[target.system])} {target.how}, before "
                      f"{system_label(known[source.system])}, which it depends on, {source.how}")
        else:
            early, late = sorted((source, target), key=lambda m: m.index)
            if early.index == late.index:
                continue
            reason = (f"{system_label(known[early.system])} {early.how}, but "
                      f"{system_label(known[late.system])} {late.how}; no coexistence bridge covers the "
                      "link in between")
        days = late.index - early.index
        last = cal.date_of(late.index - 1)
        found.append(BrokenIntegration(link.id, link.source, link.target, early.day, last, days, reason))
    return tuple(found)


def _needs_legacy(known: Mapping[str, System], source: str, target: str) -> bool:
    """True for a dependency of a target-estate system on a current one."""
    return known[source].estate == "current" and known[target].estate == "target"


def system_phases(plan: Plan, schedule: Schedule | None) -> dict[str, str]:
    """Each system's phase: its own, else that of its earliest (or, unscheduled, first) cutover task."""
    chosen: dict[str, tuple[int, str]] = {}
    for row, task in enumerate(plan.tasks):
        if task.kind != "cutover" or not task.phase:
            continue
        rank = int(schedule.es[row]) if schedule is not None else row
        for system_id in task.systems:
            if system_id not in chosen or rank < chosen[system_id][0]:
                chosen[system_id] = (rank, task.phase)
    phases = {system_id: phase for system_id, (_, phase) in chosen.items()}
    phases.update({s.id: s.phase for s in plan.systems if s.phase})
    return phases


def _shared_ranges(plan: Plan, schedule: Schedule | None) -> tuple[SharedRange, ...]:
    holders: dict[str, list[str]] = {}
    for system in plan.systems:
        for number_range in dict.fromkeys(r.strip() for r in system.number_ranges):
            if number_range:
                holders.setdefault(number_range, []).append(system.id)
    phase_of = system_phases(plan, schedule)
    order = {p.id: k for k, p in reversed(list(enumerate(plan.phases)))}
    found = []
    for number_range, systems in holders.items():
        phases = list(dict.fromkeys(phase_of[s] for s in systems if s in phase_of))
        if len(phases) > 1:
            phases.sort(key=lambda p: order.get(p, len(order)))
            found.append(SharedRange(number_range, tuple(dict.fromkeys(systems)), tuple(phases)))
    return tuple(found)


def is_pstn_switch_off(task: Task) -> bool:
    """True for a task tied to the PSTN/ISDN switch-off: its deadline is 31 Jan 2027, or its name says so."""
    return task.deadline == PSTN_SWITCH_OFF or bool(_PSTN_NAME.search(task.name))


def _missed(plan: Plan, schedule: Schedule | None, moves: dict[str, Move]) -> tuple[MissedDeadline, ...]:
    if schedule is None:
        return ()
    found = []
    rows = {t.id: k for k, t in reversed(list(enumerate(plan.tasks)))}
    for violation in schedule.violations:
        row = rows.get(violation.task)
        if violation.kind != "deadline-missed" or row is None or plan.tasks[row].deadline is None:
            continue
        task = plan.tasks[row]
        assert task.deadline is not None
        planned = date.fromordinal(int(schedule.finish_ordinals[row]))
        if is_pstn_switch_off(task):
            found.append(MissedDeadline(task.id, "pstn-switch-off", task.deadline, planned, (
                f"PSTN/ISDN switch-off missed: {violation.message.rstrip('.')}; copper PSTN and ISDN "
                f"services stop on {_day(PSTN_SWITCH_OFF)} and the date will not move (domain brief §2.7).")))
        else:
            found.append(MissedDeadline(task.id, "task-deadline", task.deadline, planned, violation.message))
    for system in plan.systems:
        move = moves.get(system.id)
        if system.estate != "current" or system.contract_end is None or move is None:
            continue
        if move.day > system.contract_end:
            found.append(MissedDeadline(system.id, "contract-end", system.contract_end, move.day,
                                        _renewal_trap(system, system.contract_end, move)))
    return tuple(found)


def _renewal_trap(system: System, end: date, move: Move) -> str:
    text = (f"Renewal trap: {system_label(system)} {move.how}, after its contract ends on {_day(end)}")
    if system.notice_days is not None:
        text += (f"; serve notice by {_day(end - timedelta(days=system.notice_days))} "
                 f"({system.notice_days} days' notice)")
    else:
        text += "; check its notice period"
    if system.renewal_months:
        text += f" or the contract renews for {system.renewal_months} months"
    return text + "."


def _data_protection(plan: Plan, schedule: Schedule | None, moves: dict[str, Move]) -> tuple[Issue, ...]:
    kinds = {"dpia": "dpia", "data_migration": "records", "archive": "records",
             "decommission": "decommission"}
    naming: dict[str, dict[str, list[int]]] = {"dpia": {}, "records": {}, "decommission": {}}
    programme_dpia: list[int] = []
    for row, task in enumerate(plan.tasks):
        group = kinds.get(task.kind)
        if group is None:
            continue
        if group == "dpia" and not task.systems:
            programme_dpia.append(row)
        for system_id in dict.fromkeys(task.systems):
            naming[group].setdefault(system_id, []).append(row)
    found: list[Issue] = []
    for position, system in enumerate(plan.systems):
        if not system.personal_data.strip() or system.action == "retain":
            continue
        decommissions = naming["decommission"].get(system.id, [])
        current = system.estate == "current"
        if current and not (decommissions or system.replaced_by):
            continue
        event = _change_event(plan, schedule, system, decommissions if current else [], moves)
        change = "is decommissioned or replaced" if current else "goes live"
        subject = f"{system_label(system)} holds personal data ({system.personal_data.strip()}) and {change}"
        where = f"systems[{position}].personal_data"
        dpia = naming["dpia"].get(system.id, []) + programme_dpia
        problem = _timing_problem(plan, schedule, dpia, event, "DPIA")
        if problem is not None:
            found.append(Issue("warning", "data-protection", f"{subject}, but {problem}.", where))
        if current:
            records = naming["records"].get(system.id, [])
            problem = _timing_problem(plan, schedule, records, event, "data migration or archive task")
            if problem is not None:
                found.append(Issue("warning", "data-protection", f"{subject}, but {problem}, so nothing "
                                   f"says where its records go before it is switched off.", where))
    return tuple(found)


def _change_event(plan: Plan, schedule: Schedule | None, system: System, decommissions: list[int],
                  moves: dict[str, Move]) -> tuple[int, str] | None:
    """The working-day index a system's change starts on, and a phrase for it; ``None`` when unknown."""
    if schedule is None:
        return None
    if decommissions:
        row = min(decommissions, key=lambda r: (int(schedule.es[r]), r))
        day = date.fromordinal(int(schedule.start_ordinals[row]))
        return int(schedule.es[row]), f"its decommission {_task_name(plan.tasks[row])} starts on {_day(day)}"
    move = moves.get(system.id)
    return None if move is None else (move.index, f"it {move.how}")


def _timing_problem(plan: Plan, schedule: Schedule | None, rows: list[int], event: tuple[int, str] | None,
                    what: str) -> str | None:
    """Why none of ``rows`` finishes before ``event`` starts; ``None`` when one does."""
    if not rows:
        return f"no {what} names it" + (" and there is no programme-wide DPIA" if what == "DPIA" else "")
    if schedule is None or event is None or any(int(schedule.ef[r]) <= event[0] for r in rows):
        return None
    first = min(rows, key=lambda r: (int(schedule.ef[r]), r))
    finish = date.fromordinal(int(schedule.finish_ordinals[first]))
    return f"its {what} {_task_name(plan.tasks[first])} finishes on {_day(finish)}, not before {event[1]}"


def gap_issues(plan: Plan, report: GapReport) -> list[Issue]:
    """Return the report's findings as warnings, leaving out ``no-exit-path``/``no-source`` (validation's).

    Codes: ``integration-broken``, ``shared-number-range``, ``deadline-missed``, ``contract-end-missed``
    and ``data-protection``, in that order, each in plan order.
    """
    links = {link.id: k for k, link in reversed(list(enumerate(plan.integrations)))}
    systems = {s.id: k for k, s in reversed(list(enumerate(plan.systems)))}
    tasks = {t.id: k for k, t in reversed(list(enumerate(plan.tasks)))}
    known, phases = plan.system_by_id, plan.phase_by_id
    issues: list[Issue] = []
    for broken in report.broken_integrations:
        link = plan.integrations[links[broken.integration]]
        name = f"'{link.name.strip()}' ({link.id})" if link.name.strip() else link.id
        issues.append(Issue("warning", "integration-broken", (
            f"Integration {name} is broken for {broken.working_days} working "
            f"day{'s' if broken.working_days != 1 else ''}, {_day(broken.first_broken)} to "
            f"{_day(broken.last_broken)}: {broken.reason}."), f"integrations[{links[broken.integration]}]"))
    for shared in report.shared_ranges:
        holders = listed([system_label(known[s]) for s in shared.systems], 10)
        waves = listed([(phases[p].name.strip() or p) if p in phases else p for p in shared.phases], 10)
        issues.append(Issue("warning", "shared-number-range", (
            f"Number range '{shared.number_range}' is shared by {holders}, which move in different waves "
            f"({waves}); services on one range stay on legacy or are forwarded until the whole range "
            f"ports (R10)."), f"systems[{systems[shared.systems[0]]}].number_ranges"))
    for missed in report.missed_deadlines:
        if missed.kind == "contract-end":
            issues.append(Issue("warning", "contract-end-missed", missed.message,
                                f"systems[{systems[missed.what]}].contract_end"))
        else:
            issues.append(Issue("warning", "deadline-missed", missed.message,
                                f"tasks[{tasks[missed.what]}].deadline"))
    issues.sort(key=lambda i: ("integration-broken", "shared-number-range", "deadline-missed",
                               "contract-end-missed").index(i.code))
    issues.extend(report.data_protection)
    return issues
