"""The working calendar's reach: it grows quickly to 31 Dec 3999 and refuses a schedule that runs past it."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import numpy as np
import pytest

from app.engine import model as m
from app.engine.calendar import LAST_YEAR, WorkingCalendar, add_months
from app.engine.review import review
from app.engine.schedule import compute_schedule
from app.errors import PlanError
from tests.engine.factories import plan, task

LAST_DAY = date(LAST_YEAR, 12, 31)


def test_the_calendar_reaches_its_last_year_quickly_and_stops_there() -> None:
    cal = WorkingCalendar("england-and-wales", date(2026, 6, 1))
    began = time.perf_counter()
    last = cal.index_on_or_before(LAST_DAY)
    assert cal.date_of(last) == LAST_DAY  # a Friday
    assert cal.index_on_or_after(date(3000, 1, 1)) < last
    assert time.perf_counter() - began < 2  # was minutes: ten years a time, each rebuilt from the start
    with pytest.raises(PlanError, match="the schedule runs past 31 Dec 3999"):
        cal.date_of(last + 1)
    with pytest.raises(PlanError, match="the schedule runs past 31 Dec 3999"):
        cal.ordinals_of(np.array([0, last + 1]))


def test_dates_past_the_last_year_map_beyond_every_working_day() -> None:
    cal = WorkingCalendar("scotland", date(2026, 6, 1))
    beyond = cal.index_on_or_after(date(9999, 12, 31))
    assert beyond == cal.index_on_or_before(date(4000, 1, 1))
    assert beyond > cal.index_on_or_before(LAST_DAY)
    assert not cal.is_working_day(date(5000, 1, 3))
    assert cal.freeze_span(m.Freeze("Never", date(9999, 1, 1), date(9999, 12, 31))).end == beyond
    assert cal.holidays_between(date(2026, 1, 1), date(9999, 12, 31))[-1][0] <= LAST_DAY
    with pytest.raises(PlanError):
        cal.date_of(beyond)


def test_years_before_year_one_and_month_arithmetic_past_9999_are_plan_errors() -> None:
    cal = WorkingCalendar("england-and-wales", date(2, 3, 1))
    assert cal.date_of(0) == date(2, 3, 1)
    with pytest.raises(PlanError, match="the schedule runs before 01 Jan 1,"):
        cal.date_of(-10_000)
    with pytest.raises(PlanError, match="outside the dates a calendar can hold"):
        add_months(date(9999, 6, 1), 12)
    with pytest.raises(PlanError):
        add_months(date(2026, 6, 1), float("nan"))
    assert add_months(date(9999, 11, 30), 1) == date(9999, 12, 30)  # December of 9999 itself is fine
    with pytest.raises(PlanError, match="after 31 Dec 3999"):
        WorkingCalendar("england-and-wales", date(4000, 1, 3))


def _chain(length: int) -> tuple[m.Task, ...]:
    return tuple(task(f"T{i}", f"Step {i}", duration=99_999, pessimistic=99_999,
                      predecessors=(m.Dependency(f"T{i - 1}", lag=9_999),) if i else ())
                 for i in range(length))


def test_a_chain_of_the_longest_tasks_is_refused_in_well_under_a_second() -> None:
    began = time.perf_counter()
    with pytest.raises(PlanError, match="the schedule runs past 31 Dec 3999"):
        compute_schedule(plan(_chain(5)))
    with pytest.raises(PlanError, match="the schedule runs past 31 Dec 3999"):
        compute_schedule(plan(_chain(60)))  # once ran past 9999 and crashed
    assert time.perf_counter() - began < 5  # was 57 s for five


def test_three_of_the_longest_tasks_still_schedule() -> None:
    schedule = compute_schedule(plan(_chain(3)))
    assert 3000 < schedule.finish.year <= LAST_YEAR


@pytest.mark.parametrize("fields", [
    {"start_no_earlier_than": date(9999, 12, 31)},
    {"actual_start": date(9999, 1, 1)},
    {"actual_finish": date(9999, 1, 1)},
])
def test_a_task_date_past_the_calendar_makes_the_plan_unschedulable(fields: dict[str, Any]) -> None:
    checked = review(plan((task("A", "Alpha", **fields), task("B", "Beta", "A"))))
    assert checked.schedule is None
    assert [i.code for i in checked.report.errors] == ["unschedulable"]
    issue = checked.report.errors[0]
    assert issue.message.startswith("The schedule runs past 31 Dec 3999") and issue.message.endswith(".")
    assert issue.where == "tasks"


def test_a_status_date_past_the_calendar_is_unschedulable_and_a_far_deadline_is_not() -> None:
    far = plan((task("A", "Alpha"),), status_date=date(9999, 12, 31))
    assert review(far).schedule is None
    fine = plan((task("A", "Alpha", deadline=date(9999, 12, 31), kind="cutover"),),
                freezes=(m.Freeze("Later", date(9000, 1, 1), date(9999, 12, 31)),))
    checked = review(fine)
    assert checked.report.ok and checked.schedule is not None
    assert checked.schedule.finish == date(2026, 4, 9)  # five working days from Wed 1 Apr, Easter between
