"""The critical-path schedule: hand-worked examples from planning-semantics §2-4, and properties."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pytest
from hypothesis import given

from app.engine.calendar import WorkingCalendar
from app.engine.model import Dependency, Freeze, Plan, Project, Task
from app.engine.schedule import build_network, compute_schedule
from app.engine.schedule_reference import reference_passes
from app.errors import PlanError
from tests.strategies import plans

MONDAY = date(2026, 6, 1)  # a Monday with no bank holiday near it


def plan_of(*tasks: Task, start: date = MONDAY, **project: object) -> Plan:
    return Plan(Project("Test", start, **project), tasks=tasks)  # type: ignore[arg-type]


def dates(plan: Plan) -> dict[str, tuple[date, date]]:
    s = compute_schedule(plan)
    return {t.id: (s.start_of(t.id), s.finish_of(t.id)) for t in plan.tasks}


def test_five_day_task_starting_monday_finishes_friday() -> None:
    assert dates(plan_of(Task("a", "A", 5)))["a"] == (date(2026, 6, 1), date(2026, 6, 5))


@pytest.mark.parametrize(("kind", "lag", "start", "finish"), [
    # A runs Mon 1 - Fri 5 June (5 days); B takes 3 days.
    ("FS", 0, date(2026, 6, 8), date(2026, 6, 10)),    # B.ES >= A.EF
    ("FS", 2, date(2026, 6, 10), date(2026, 6, 12)),   # two days' lag
    ("FS", -2, date(2026, 6, 4), date(2026, 6, 8)),    # a two-day lead
    ("SS", 1, date(2026, 6, 2), date(2026, 6, 4)),     # B.ES >= A.ES + 1
    ("FF", 0, date(2026, 6, 3), date(2026, 6, 5)),     # B.EF >= A.EF
    ("FF", 3, date(2026, 6, 8), date(2026, 6, 10)),    # finish three days after A
    ("SF", 4, date(2026, 6, 2), date(2026, 6, 4)),     # B.EF >= A.ES + 4 -> B.ES >= 1
])
def test_each_dependency_type(kind: str, lag: int, start: date, finish: date) -> None:
    plan = plan_of(Task("a", "A", 5), Task("b", "B", 3, predecessors=(Dependency("a", kind, lag),)))  # type: ignore[arg-type]
    assert dates(plan)["b"] == (start, finish)


def test_milestone_date_and_project_finish() -> None:
    plan = plan_of(Task("a", "A", 5), Task("m", "Done", 0, predecessors=(Dependency("a"),)))
    s = compute_schedule(plan)
    assert s.start_of("m") == s.finish_of("m") == date(2026, 6, 8)
    assert s.finish == date(2026, 6, 8)  # the last milestone is later than the last working day of A
    assert s.working_days == 6


def test_bank_holiday_is_skipped() -> None:
    plan = plan_of(Task("a", "A", 5), start=date(2026, 8, 27))  # Thu; Mon 31 Aug is a bank holiday
    assert dates(plan)["a"] == (date(2026, 8, 27), date(2026, 9, 3))


def test_scotland_works_easter_monday_england_does_not() -> None:
    task = Task("a", "A", 2)
    assert dates(plan_of(task, start=date(2026, 4, 6)))["a"][0] == date(2026, 4, 7)
    assert dates(plan_of(task, start=date(2026, 4, 6), nation="scotland"))["a"][0] == date(2026, 4, 6)


def test_start_no_earlier_than() -> None:
    plan = plan_of(Task("a", "A", 2, start_no_earlier_than=date(2026, 6, 13)))  # a Saturday
    assert dates(plan)["a"] == (date(2026, 6, 15), date(2026, 6, 16))


def test_freeze_pushes_a_cutover_but_not_other_tasks() -> None:
    christmas = Freeze("Christmas", date(2027, 12, 13), date(2028, 1, 7))
    cut = Task("c", "Go-live W2", 3, kind="cutover", start_no_earlier_than=date(2027, 12, 9))
    build = Task("b", "Build", 3, kind="build", start_no_earlier_than=date(2027, 12, 9))
    s = compute_schedule(plan_of(cut, build, start=date(2027, 11, 1), freezes=(christmas,)))
    assert s.start_of("c") == date(2028, 1, 10)   # would have run Thu 9 - Mon 13: touches the freeze
    assert s.start_of("b") == date(2027, 12, 9)
    assert s.held_by_freeze == {"c": "Christmas"}
    assert [v.kind for v in s.violations] == ["held-by-freeze"]


def test_a_scoped_freeze_holds_only_its_phases() -> None:
    billing = Freeze("Council-tax billing", date(2028, 2, 15), date(2028, 4, 16), phases=("W3",))
    revenues = Task("w3", "W3 go-live", 0, phase="W3", kind="cutover", start_no_earlier_than=date(2028, 3, 7))
    switchboard = Task("w4", "W4 go-live", 0, phase="W4", kind="cutover", start_no_earlier_than=date(2028, 3, 7))
    s = compute_schedule(plan_of(revenues, switchboard, start=date(2027, 11, 1), freezes=(billing,)))
    assert s.start_of("w3") == date(2028, 4, 18)  # Mon 17 Apr 2028 is Easter Monday
    assert s.start_of("w4") == date(2028, 3, 7)
    assert s.held_by_freeze == {"w3": "Council-tax billing"}


def test_freezes_repeat_until_clear() -> None:
    freezes = (Freeze("one", date(2026, 6, 3), date(2026, 6, 5)), Freeze("two", date(2026, 6, 9), date(2026, 6, 9)))
    cut = Task("c", "Cutover", 2, kind="cutover", start_no_earlier_than=date(2026, 6, 2))  # Tue 2 - Wed 3
    assert dates(plan_of(cut, freezes=freezes))["c"] == (date(2026, 6, 10), date(2026, 6, 11))


def test_deadline_gives_negative_float_and_a_violation_without_moving_the_task() -> None:
    a = Task("a", "Procure", 10)
    b = Task("b", "Re-provision ISDN lines", 5, predecessors=(Dependency("a"),), deadline=date(2026, 6, 15))
    s = compute_schedule(plan_of(a, b))
    assert s.finish_of("b") == date(2026, 6, 19)        # not moved
    assert int(s.total_float[s.index["b"]]) == -4          # deadline index 10 + 1 = 11 vs EF 15
    assert int(s.total_float[s.index["a"]]) == -4
    assert s.critical.all()
    (violation,) = s.violations
    assert violation.kind == "deadline-missed" and "4 working days after" in violation.message


def test_float_of_a_parallel_branch() -> None:
    a = Task("a", "Long", 10)
    b = Task("b", "Short", 4)
    end = Task("e", "End", 0, predecessors=(Dependency("a"), Dependency("b")))
    s = compute_schedule(plan_of(a, b, end))
    assert int(s.total_float[s.index["b"]]) == 6
    assert bool(s.critical[s.index["a"]]) and not bool(s.critical[s.index["b"]])


def test_cycle_is_refused_by_name() -> None:
    plan = plan_of(Task("a", "Design", 1, predecessors=(Dependency("b"),)),
                   Task("b", "Build", 1, predecessors=(Dependency("a"),)))
    with pytest.raises(PlanError) as caught:
        compute_schedule(plan)
    assert "Design" in str(caught.value) and "Build" in str(caught.value)


def test_benchmark_window() -> None:
    s = compute_schedule(plan_of(Task("a", "A", 250)))
    assert s.benchmark_end == date(2027, 5, 31)
    assert s.within_benchmark == (s.finish <= date(2027, 5, 31))


def test_network_is_reused_when_only_durations_change() -> None:
    plan = plan_of(Task("a", "A", 5), Task("b", "B", 3, predecessors=(Dependency("a"),)))
    net = build_network(plan)
    longer = dataclasses.replace(plan, tasks=(dataclasses.replace(plan.tasks[0], duration=9), plan.tasks[1]))
    assert build_network(longer, net) is net
    relinked = dataclasses.replace(plan, tasks=(plan.tasks[0], dataclasses.replace(plan.tasks[1], predecessors=())))
    assert build_network(relinked, net) is not net


def _without_actuals(plan: Plan) -> Plan:
    tasks = tuple(dataclasses.replace(t, actual_start=None, actual_finish=None) for t in plan.tasks)
    return dataclasses.replace(plan, tasks=tasks)


@given(plans(max_items=8))
def test_every_dependency_rule_and_constraint_holds(plan: Plan) -> None:
    plan = _without_actuals(plan)
    s = compute_schedule(plan)
    cal = WorkingCalendar.for_project(plan.project)
    pos = s.index
    spans = [(cal.freeze_span(f), set(f.phases)) for f in plan.project.freezes]
    for task in plan.tasks:
        i = pos[task.id]
        es, ef = int(s.es[i]), int(s.ef[i])
        assert es >= 0 and ef == es + task.duration
        if task.start_no_earlier_than:
            assert es >= cal.index_on_or_after(task.start_no_earlier_than)
        for dep in task.predecessors:
            p = pos[dep.task]
            rule = {"FS": es >= s.ef[p] + dep.lag, "SS": es >= s.es[p] + dep.lag,
                    "FF": ef >= s.ef[p] + dep.lag, "SF": ef >= s.es[p] + dep.lag}[dep.type]
            assert rule, (task.id, dep)
        if task.kind == "cutover":
            for span, held in spans:
                if not held or task.phase in held:
                    assert not (es < span.end and es + max(task.duration, 1) > span.first)
        # float and critical flags agree, and LS/LF respect the project end
        assert int(s.ls[i]) - es == int(s.total_float[i])
        assert bool(s.critical[i]) == (int(s.total_float[i]) <= 0)
        assert int(s.lf[i]) <= int(s.ef.max())


@given(plans(max_items=8))
def test_vectorised_passes_equal_the_reference(plan: Plan) -> None:
    s = compute_schedule(plan)
    es, ef, ls, lf, held = reference_passes(plan, WorkingCalendar.for_project(plan.project))
    np.testing.assert_array_equal(s.es, es)
    np.testing.assert_array_equal(s.ef, ef)
    np.testing.assert_array_equal(s.ls, ls)
    np.testing.assert_array_equal(s.lf, lf)
    assert s.held_by_freeze == {plan.tasks[i].id: name for i, name in held.items()}


@given(plans(max_items=8))
def test_a_task_with_zero_float_lies_on_a_path_that_sets_the_finish_or_a_deadline(plan: Plan) -> None:
    plan = _without_actuals(plan)
    s = compute_schedule(plan)
    if plan.tasks and not any(t.deadline for t in plan.tasks):
        assert (s.total_float >= 0).all()
        assert s.critical.any()


def test_status_date_reforecast_keeps_remaining_work_after_it() -> None:
    status = date(2026, 6, 15)  # a Monday: index 10
    done = Task("a", "Design", 5, actual_start=date(2026, 6, 1), actual_finish=date(2026, 6, 5))
    doing = Task("b", "Build", 10, predecessors=(Dependency("a"),), actual_start=date(2026, 6, 8),
                 percent_complete=30)
    waiting = Task("c", "Test", 4, predecessors=(Dependency("a"),))
    s = compute_schedule(plan_of(done, doing, waiting, status_date=status))
    assert (s.start_of("a"), s.finish_of("a")) == (date(2026, 6, 1), date(2026, 6, 5))   # actuals kept
    assert s.start_of("b") == date(2026, 6, 8)
    assert s.finish_of("b") == date(2026, 6, 23)  # 7 working days left from Mon 15 June: 15-23 June
    assert s.start_of("c") == status              # could have started 8 June, but not before the status date


@given(plans(max_items=8))
def test_with_a_status_date_nothing_unstarted_starts_before_it(plan: Plan) -> None:
    if plan.project.status_date is None:
        return
    s = compute_schedule(plan)
    cal = WorkingCalendar.for_project(plan.project)
    first = max(0, cal.index_on_or_after(plan.project.status_date))
    for task in plan.tasks:
        if task.actual_start is None and task.actual_finish is None:
            assert int(s.es[s.index[task.id]]) >= first
