"""The critical-path schedule (planning semantics §2-4): forward and backward passes on working-day indices.

A ``TaskNetwork`` holds the dependency structure as arrays grouped by topological level; it is rebuilt only
when links change (``build_network(plan, previous)`` reuses the previous one otherwise). ``compute_schedule``
runs both passes vectorised over each level with numpy and returns a ``Schedule`` of arrays plus the dated
summary the CLI and UI show. Freezes hold back ``cutover`` tasks (§1); deadlines never move a task, they bound
the backward pass and are reported when missed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np

from app.engine.calendar import FreezeSpan, WorkingCalendar, add_months
from app.engine.model import Plan, Task
from app.errors import PlanError

CUTOVER_KIND = "cutover"
_PRED_FINISH = {"FS": True, "SS": False, "FF": True, "SF": False}   # rule reads P.EF (else P.ES)
_SUCC_FINISH = {"FS": False, "SS": False, "FF": True, "SF": True}   # rule bounds T.EF (else T.ES)
_DEEP = 4000  # above this many levels the per-level numpy overhead loses to a plain loop


@dataclass(frozen=True)
class TaskNetwork:
    """The dependency structure of a plan's tasks as index arrays, grouped by topological level."""

    task_ids: tuple[str, ...]
    links: tuple[tuple[str, ...], tuple[object, ...]]  # ids and predecessor tuples, to spot link changes
    order: np.ndarray            # task indices in topological order
    pred: np.ndarray             # per edge: predecessor index
    succ: np.ndarray             # per edge: successor index
    lag: np.ndarray              # per edge: lag in working days
    pred_finish: np.ndarray      # per edge: rule reads the predecessor's finish
    succ_finish: np.ndarray      # per edge: rule bounds the successor's finish
    levels: tuple[np.ndarray, ...]          # task indices of each level
    in_edges: tuple[np.ndarray, ...]        # edge indices whose successor is in each level
    out_edges: tuple[np.ndarray, ...]       # edge indices whose predecessor is in each level

    @property
    def deep(self) -> bool:
        """True when a plain loop beats level-vectorised passes (long chains)."""
        return len(self.levels) > _DEEP


def _links_key(plan: Plan) -> tuple[tuple[str, ...], tuple[object, ...]]:
    return tuple(t.id for t in plan.tasks), tuple(t.predecessors for t in plan.tasks)


def build_network(plan: Plan, previous: TaskNetwork | None = None) -> TaskNetwork:
    """Return the task network of ``plan``, reusing ``previous`` when no task or link changed.

    Raises:
        PlanError: the dependencies form a cycle (spelled out by task names).
    """
    ids, preds = _links_key(plan)
    if previous is not None and previous.task_ids == ids and all(
        a is b or a == b for a, b in zip(previous.links[1], preds, strict=True)
    ):
        return previous
    position = {task_id: i for i, task_id in enumerate(ids)}
    pred_l, succ_l, lag_l, pf_l, sf_l = [], [], [], [], []
    for i, task in enumerate(plan.tasks):
        for dep in task.predecessors:
            pred_l.append(position[dep.task])
            succ_l.append(i)
            lag_l.append(dep.lag)
            pf_l.append(_PRED_FINISH[dep.type])
            sf_l.append(_SUCC_FINISH[dep.type])
    n = len(ids)
    pred, succ = np.array(pred_l, dtype=np.int64), np.array(succ_l, dtype=np.int64)
    order, level = _topological_levels(plan, n, pred_l, succ_l)
    depth = int(level.max()) + 1 if n else 0
    by_level = np.argsort(level, kind="stable")
    bounds = np.searchsorted(level[by_level], np.arange(depth + 1))
    levels = tuple(by_level[bounds[k]:bounds[k + 1]] for k in range(depth))
    in_edges = _group(level[succ] if len(succ) else succ, depth)
    out_edges = _group(level[pred] if len(pred) else pred, depth)
    return TaskNetwork(ids, (ids, preds), order, pred, succ, np.array(lag_l, dtype=np.int64),
                       np.array(pf_l, dtype=bool), np.array(sf_l, dtype=bool), levels, in_edges, out_edges)


def _group(edge_levels: np.ndarray, depth: int) -> tuple[np.ndarray, ...]:
    ordered = np.argsort(edge_levels, kind="stable")
    bounds = np.searchsorted(edge_levels[ordered], np.arange(depth + 1))
    return tuple(ordered[bounds[k]:bounds[k + 1]] for k in range(depth))


def _topological_levels(plan: Plan, n: int, pred: list[int], succ: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Kahn's algorithm; level = longest number of links from a task with no predecessors."""
    successors: list[list[int]] = [[] for _ in range(n)]
    indegree = [0] * n
    for p, s in zip(pred, succ, strict=True):
        successors[p].append(s)
        indegree[s] += 1
    level = [0] * n
    ready = [i for i in range(n) if indegree[i] == 0]
    order: list[int] = []
    while ready:
        i = ready.pop()
        order.append(i)
        for s in successors[i]:
            if level[i] + 1 > level[s]:
                level[s] = level[i] + 1
            indegree[s] -= 1
            if indegree[s] == 0:
                ready.append(s)
    if len(order) < n:
        raise _cycle_error(plan)
    return np.array(order, dtype=np.int64), np.array(level, dtype=np.int64)


def _cycle_error(plan: Plan) -> PlanError:
    """The same cycle message as validation gives: the shortest loop, spelled out by task names."""
    from app.engine.graph import topological_task_ids

    try:
        topological_task_ids(plan)
    except PlanError as exc:
        return exc
    return PlanError("dependency cycle", where="tasks")  # unreachable while both agree on cycles


@dataclass(frozen=True)
class Violation:
    """A schedule problem to report: a missed deadline, or a cutover held back by a freeze."""

    task: str
    kind: str
    message: str


@dataclass(frozen=True)
class PhaseDates:
    """A phase's dates rolled up from its tasks."""

    id: str
    name: str
    start: date
    finish: date


@dataclass(frozen=True)
class Schedule:
    """A computed schedule. Arrays are aligned with ``task_ids`` (plan order)."""

    task_ids: tuple[str, ...]
    es: np.ndarray
    ef: np.ndarray
    ls: np.ndarray
    lf: np.ndarray
    duration: np.ndarray
    start_ordinals: np.ndarray
    finish_ordinals: np.ndarray
    start: date
    finish: date
    working_days: int
    benchmark_end: date
    phases: tuple[PhaseDates, ...]
    violations: tuple[Violation, ...]
    held_by_freeze: dict[str, str] = field(default_factory=dict)

    @cached_property
    def index(self) -> dict[str, int]:
        """Position of each task id in the arrays."""
        return {task_id: i for i, task_id in enumerate(self.task_ids)}

    @property
    def total_float(self) -> np.ndarray:
        """Total float in working days (LS - ES); negative where a deadline cannot be met."""
        total: np.ndarray = self.ls - self.es
        return total

    @property
    def critical(self) -> np.ndarray:
        """True where total float is 0 or less."""
        return self.total_float <= 0

    @property
    def calendar_months(self) -> float:
        """Calendar months from the start date to the finish date inclusive (days / 30.4375)."""
        return round(((self.finish - self.start).days + 1) / (365.25 / 12), 2)

    @property
    def within_benchmark(self) -> bool:
        """True when the plan finishes on or before the last day of the benchmark window."""
        return self.finish <= self.benchmark_end

    def start_of(self, task_id: str) -> date:
        """The shown start date of a task."""
        return date.fromordinal(int(self.start_ordinals[self.index[task_id]]))

    def finish_of(self, task_id: str) -> date:
        """The shown (inclusive) finish date of a task; a milestone's date."""
        return date.fromordinal(int(self.finish_ordinals[self.index[task_id]]))


@dataclass
class TaskInputs:
    """Per-task scheduling inputs as arrays (plan order): what the passes read besides the network."""

    duration: np.ndarray
    earliest: np.ndarray       # max(0, start-no-earlier-than index)
    fixed_es: np.ndarray       # actual start index, or -1
    fixed_ef: np.ndarray       # actual finish index + 1, or -1
    cutover: np.ndarray        # bool
    deadline: np.ndarray       # LF bound from a deadline, or a large number
    spans: list[tuple[FreezeSpan, np.ndarray]]  # each freeze and the tasks it holds (cutovers in scope)
    min_finish: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # an in-progress task's remaining work ends no earlier than this EF (-1: no bound); see task_inputs


_NO_BOUND = np.iinfo(np.int64).max // 4


def task_inputs(plan: Plan, calendar: WorkingCalendar) -> TaskInputs:
    """Turn constraints, deadlines, actuals and freezes into working-day index arrays."""
    n = len(plan.tasks)
    duration = np.fromiter((t.duration for t in plan.tasks), dtype=np.int64, count=n)
    earliest = np.zeros(n, dtype=np.int64)
    fixed_es = np.full(n, -1, dtype=np.int64)
    fixed_ef = np.full(n, -1, dtype=np.int64)
    deadline = np.full(n, _NO_BOUND, dtype=np.int64)
    cutover = np.fromiter((t.kind == CUTOVER_KIND for t in plan.tasks), dtype=bool, count=n)
    for i, task in enumerate(plan.tasks):
        if task.start_no_earlier_than is not None:
            earliest[i] = max(0, calendar.index_on_or_after(task.start_no_earlier_than))
        if task.deadline is not None:
            last = calendar.index_on_or_before(task.deadline)
            deadline[i] = last if task.duration == 0 else last + 1
        if task.actual_start is not None:
            fixed_es[i] = max(0, calendar.index_on_or_after(task.actual_start))
        if task.actual_finish is not None:
            fixed_ef[i] = max(0, calendar.index_on_or_before(task.actual_finish) + 1)
    min_finish = _status_bounds(plan, calendar, earliest, fixed_es, fixed_ef)
    spans: list[tuple[FreezeSpan, np.ndarray]] = []
    phases = [t.phase for t in plan.tasks]
    for freeze in plan.project.freezes:
        span = calendar.freeze_span(freeze)
        if span.end > span.first:
            held = set(freeze.phases)
            applies = cutover if not held else cutover & np.fromiter(
                (p in held for p in phases), dtype=bool, count=n)
            spans.append((span, applies))
    spans.sort(key=lambda pair: pair[0].first)
    return TaskInputs(duration, earliest, fixed_es, fixed_ef, cutover, deadline, spans, min_finish)


def _status_bounds(plan: Plan, calendar: WorkingCalendar, earliest: np.ndarray, fixed_es: np.ndarray,
                   fixed_ef: np.ndarray) -> np.ndarray:
    """Re-forecast from the status date (semantics §4): remaining work never lands before it.

    A task not started by the status date starts no earlier than it (``earliest`` is raised in place); a
    task in progress (an actual start, no actual finish) finishes no earlier than the status date plus its
    remaining work, ``ceil(duration x (1 - percent complete / 100))`` working days. Finished tasks keep
    their actuals. Returns the per-task minimum EF (-1 where there is none).
    """
    min_finish = np.full(len(plan.tasks), -1, dtype=np.int64)
    status = plan.project.status_date
    if status is None:
        return min_finish
    status_index = max(0, calendar.index_on_or_after(status))
    for i, task in enumerate(plan.tasks):
        if fixed_ef[i] >= 0:
            continue
        if fixed_es[i] < 0:
            earliest[i] = max(earliest[i], status_index)
        else:
            remaining = math.ceil(task.duration * (1 - task.percent_complete / 100) - 1e-9)
            min_finish[i] = status_index + max(remaining, 0)
    return min_finish


def _clear_freezes(es: np.ndarray, rows: np.ndarray, inp: TaskInputs, held: dict[int, str]) -> None:
    """Move cutover tasks among ``rows`` past every freeze their working days would touch (§1)."""
    rows = rows[inp.cutover[rows] & (inp.fixed_es[rows] < 0) & (inp.fixed_ef[rows] < 0)]
    if not rows.size or not inp.spans:
        return
    occupied = np.maximum(inp.duration[rows], 1)  # a cutover milestone still falls on its day
    moved = True
    while moved:
        moved = False
        for span, applies in inp.spans:
            start = es[rows]
            hit = (start < span.end) & (start + occupied > span.first) & applies[rows]
            if hit.any():
                for row in rows[hit]:
                    held.setdefault(int(row), span.name)
                es[rows[hit]] = span.end
                moved = True


def _forward(net: TaskNetwork, inp: TaskInputs) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    es = inp.earliest.copy()
    ef = np.zeros_like(es)
    held: dict[int, str] = {}
    d = inp.duration
    actuals = bool((inp.fixed_es >= 0).any() or (inp.fixed_ef >= 0).any())
    freezes = bool(inp.spans) and bool(inp.cutover.any())
    for rows, edges in zip(net.levels, net.in_edges, strict=True):
        if edges.size:
            p, s = net.pred[edges], net.succ[edges]
            bound = np.where(net.pred_finish[edges], ef[p], es[p]) + net.lag[edges]
            bound -= np.where(net.succ_finish[edges], d[s], 0)
            np.maximum.at(es, s, bound)
        if actuals:
            _apply_actuals(es, ef, rows, inp)
        if freezes:
            _clear_freezes(es, rows, inp, held)
        if actuals:
            has_finish = inp.fixed_ef[rows] >= 0
            ef[rows] = np.where(has_finish, ef[rows], np.maximum(es[rows] + d[rows], inp.min_finish[rows]))
        else:
            ef[rows] = es[rows] + d[rows]
    return es, ef, held


def _apply_actuals(es: np.ndarray, ef: np.ndarray, rows: np.ndarray, inp: TaskInputs) -> None:
    """Tasks with an actual start take it as ES, with an actual finish take it as EF (§4)."""
    d = inp.duration[rows]
    fixed_start, fixed_finish = inp.fixed_es[rows], inp.fixed_ef[rows]
    start = np.where(fixed_start >= 0, fixed_start, es[rows])
    has_finish = fixed_finish >= 0
    only_finish = has_finish & (fixed_start < 0)  # an actual finish alone fixes the start d days before it
    start = np.where(only_finish, np.maximum(fixed_finish - d, 0), start)
    es[rows] = start
    ef[rows] = np.where(has_finish, np.maximum(fixed_finish, start), 0)


def _backward(net: TaskNetwork, inp: TaskInputs, es: np.ndarray, ef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    project_ef = int(ef.max()) if ef.size else 0
    lf = np.minimum(inp.deadline, project_ef)
    ls = np.zeros_like(lf)
    d = inp.duration
    for rows, edges in zip(reversed(net.levels), reversed(net.out_edges), strict=True):
        if edges.size:
            p, s = net.pred[edges], net.succ[edges]
            bound = np.where(net.succ_finish[edges], lf[s], ls[s]) - net.lag[edges]
            bound += np.where(net.pred_finish[edges], 0, d[p])
            np.minimum.at(lf, p, bound)
        ls[rows] = lf[rows] - d[rows]
    return ls, lf


def compute_schedule(plan: Plan, network: TaskNetwork | None = None,
                     calendar: WorkingCalendar | None = None) -> Schedule:
    """Compute the critical-path schedule of ``plan``.

    Args:
        plan: the plan.
        network: a network from ``build_network`` to reuse (rebuilt if the links changed).
        calendar: the project's working calendar, to reuse across recomputes.

    Raises:
        PlanError: the task dependencies form a cycle.
    """
    net = build_network(plan, network)
    cal = calendar or WorkingCalendar.for_project(plan.project)
    inp = task_inputs(plan, cal)
    if net.deep:
        from app.engine.schedule_reference import reference_passes

        es, ef, ls, lf, held = reference_passes(plan, cal)
    else:
        es, ef, held = _forward(net, inp)
        ls, lf = _backward(net, inp, es, ef)
    return _summarise(plan, cal, inp, net, es, ef, ls, lf, held)


def _summarise(plan: Plan, cal: WorkingCalendar, inp: TaskInputs, net: TaskNetwork, es: np.ndarray,
               ef: np.ndarray, ls: np.ndarray, lf: np.ndarray, held: dict[int, str]) -> Schedule:
    d = inp.duration
    shown_finish = np.where(d > 0, ef - 1, es)
    start_ord = cal.ordinals_of(es)
    finish_ord = cal.ordinals_of(shown_finish)
    finish_index = int(shown_finish.max()) if len(plan.tasks) else 0
    finish = cal.date_of(finish_index)
    start = cal.date_of(0)
    violations = _violations(plan, cal, inp, es, ef, ls, held)
    return Schedule(
        task_ids=net.task_ids, es=es, ef=ef, ls=ls, lf=lf, duration=d, start_ordinals=start_ord,
        finish_ordinals=finish_ord, start=start, finish=finish, working_days=finish_index + 1,
        benchmark_end=add_months(plan.project.start_date, plan.project.benchmark_months) - _ONE_DAY,
        phases=_phase_dates(plan, start_ord, finish_ord), violations=violations,
        held_by_freeze={net.task_ids[i]: name for i, name in held.items()},
    )


def _phase_dates(plan: Plan, start_ord: np.ndarray, finish_ord: np.ndarray) -> tuple[PhaseDates, ...]:
    position = {p.id: k for k, p in enumerate(plan.phases)}
    phase = np.fromiter((position.get(t.phase, -1) if t.phase else -1 for t in plan.tasks),
                        dtype=np.int64, count=len(plan.tasks))
    used = phase >= 0
    first = np.full(len(plan.phases), np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(len(plan.phases), -1, dtype=np.int64)
    np.minimum.at(first, phase[used], start_ord[used])
    np.maximum.at(last, phase[used], finish_ord[used])
    return tuple(PhaseDates(p.id, p.name, date.fromordinal(int(first[k])), date.fromordinal(int(last[k])))
                 for k, p in enumerate(plan.phases) if last[k] >= 0)


def _violations(plan: Plan, cal: WorkingCalendar, inp: TaskInputs, es: np.ndarray, ef: np.ndarray,
                ls: np.ndarray, held: dict[int, str]) -> tuple[Violation, ...]:
    found: list[Violation] = []
    for i in sorted(set(np.flatnonzero(inp.deadline != _NO_BOUND).tolist()) | held.keys()):
        task = plan.tasks[i]
        if task.deadline is not None:
            late = int((es[i] if task.duration == 0 else ef[i]) - inp.deadline[i])
            if late > 0:
                when = cal.date_of(int(es[i] if task.duration == 0 else ef[i] - 1))
                found.append(Violation(task.id, "deadline-missed", _late_message(task, when, late)))
        if i in held:
            found.append(Violation(
                task.id, "held-by-freeze",
                f"Cutover '{task.name}' is held back by the freeze '{held[i]}' and now starts "
                f"{cal.date_of(int(es[i])):%a %d %b %Y}."))
    return tuple(found)


def _late_message(task: Task, when: date, late: int) -> str:
    assert task.deadline is not None
    return (f"'{task.name}' finishes {when:%a %d %b %Y}, {late} working day{'s' if late != 1 else ''} "
            f"after its deadline {task.deadline:%d %b %Y}.")


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)
