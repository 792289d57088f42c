"""Baselines, variance and RAG status (app.engine.tracking; rules in docs/tracking.md)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine import model as m
from app.engine.calendar import WorkingCalendar
from app.engine.cost import compute_costs
from app.engine.edits import InsertItem, SetProjectFields, set_item_fields
from app.engine.review import review
from app.engine.schedule import compute_schedule
from app.engine.tracking import assess, capture_baseline, slip, variance, worst
from app.storage.interchange import read_json
from tests.conftest import SAMPLES
from tests.engine.factories import task
from tests.strategies import plans

SAVED = date(2026, 3, 30)


def baselined(p: m.Plan, baseline_id: str = "B01") -> m.Plan:
    """``p`` with a baseline of its own schedule and costs, chosen."""
    checked = review(p)
    assert checked.schedule is not None
    costs = compute_costs(p, checked.schedule, checked.calendar)
    b = capture_baseline(p, checked.schedule, costs, baseline_id, "Approved", SAVED)
    p = InsertItem("baselines", b).apply(p).plan
    return SetProjectFields((("baseline", baseline_id),)).apply(p).plan


def status_of(p: m.Plan):  # type: ignore[no-untyped-def]
    checked = review(p)
    assert checked.schedule is not None and checked.calendar is not None
    return assess(p, checked.schedule, checked.calendar, checked.gaps)


def chain() -> m.Plan:
    """Build (A then B, 10 days each) then cut over (C, 5 days) from Wednesday 1 April 2026."""
    return m.Plan(m.Project("Chain", date(2026, 4, 1), rag_amber_days=5, rag_red_days=20),
                  phases=(m.Phase("P1", "Build"), m.Phase("P2", "Cutover")),
                  tasks=(task("A", duration=10, phase="P1"), task("B", "B", "A", duration=10, phase="P1"),
                         task("C", "C", "B", duration=5, phase="P2")))


def test_capture_keeps_every_task_phase_and_cost_item() -> None:
    p = read_json(SAMPLES / "midshire.json")
    checked = review(p)
    assert checked.schedule is not None
    costs = compute_costs(p, checked.schedule, checked.calendar)
    b = capture_baseline(p, checked.schedule, costs, "B01", "FBC", SAVED)
    assert [t.task for t in b.tasks] == [t.id for t in p.tasks]
    assert b.finish == checked.schedule.finish
    assert {x.phase for x in b.phases} == {x.id for x in checked.schedule.phases}
    assert sum(c.amount for c in b.costs) == pytest.approx(costs.total_migrate)
    assert (b.one_off, b.dual_running, b.npc_migrate) == (costs.one_off, costs.dual_running, costs.npc_migrate)


def test_unchanged_plan_has_no_variance_and_is_green() -> None:
    p = baselined(chain())
    report = status_of(p)
    assert report.programme.status == "green"
    assert [a.status for a in report.phases] == ["green", "green"]
    assert report.programme.slip_days == 0
    assert "on the baseline" in report.programme.reason


def test_slip_past_thresholds_turns_amber_then_red_with_the_reason() -> None:
    p = baselined(chain())
    amber = set_item_fields(p, "tasks", "A", duration=16).apply(p).plan  # 6 working days later
    report = status_of(amber)
    by_phase = {a.phase: a for a in report.phases}
    assert by_phase["P1"].status == "amber" and by_phase["P1"].slip_days == 6
    assert "6 working days past the baseline" in by_phase["P1"].reason
    assert report.programme.status == "amber"
    red = set_item_fields(p, "tasks", "A", duration=31).apply(p).plan
    report = status_of(red)
    assert report.programme.status == "red"
    assert "red beyond 20" in report.programme.reason
    assert "2 phases are red" in report.programme.reason


def test_a_missed_deadline_is_red_and_a_close_one_amber() -> None:
    p = chain()
    finish_c = compute_schedule(p).finish_of("C")
    missed = set_item_fields(p, "tasks", "C", deadline=date(2026, 4, 20)).apply(p).plan
    report = status_of(missed)
    assert {a.phase: a.status for a in report.phases}["P2"] == "red"
    close = set_item_fields(p, "tasks", "C", deadline=finish_c).apply(p).plan
    report = status_of(close)
    p2 = {a.phase: a for a in report.phases}["P2"]
    assert p2.status == "amber" and "only 0 working days before its deadline" in p2.reason


def test_a_contract_end_before_the_decommission_is_red() -> None:
    legacy = m.System("L1", "Old ACD", "current", "acd", contract_end=date(2026, 4, 10), phase="P2")
    p = dataclasses.replace(chain(), systems=(legacy,))
    p = set_item_fields(p, "tasks", "C", kind="decommission", systems=("L1",)).apply(p).plan
    report = status_of(p)
    p2 = {a.phase: a for a in report.phases}["P2"]
    assert p2.status == "red" and "Renewal trap" in p2.reason


def test_late_starts_at_the_status_date_are_amber_and_progress_clears_them() -> None:
    p = baselined(chain())
    status = SetProjectFields((("status_date", date(2026, 4, 1)),)).apply(p).plan
    report = status_of(status)
    p1 = {a.phase: a for a in report.phases}["P1"]
    assert p1.status == "amber" and "have not started" not in p1.reason and "has not started: 'A'" in p1.reason
    started = set_item_fields(status, "tasks", "A", actual_start=date(2026, 4, 1),
                              percent_complete=50.0).apply(status).plan
    p1 = {a.phase: a for a in status_of(started).phases}["P1"]
    assert p1.status == "green"
    assert p1.percent_complete == round(100 * 5 / 20, 1)  # A is half done; B not started


def test_status_date_reforecast_moves_remaining_work_and_variance_counts_it() -> None:
    p = baselined(chain())
    later = SetProjectFields((("status_date", date(2026, 5, 1)),)).apply(p).plan  # nothing started
    checked = review(later)
    assert checked.schedule is not None and checked.calendar is not None
    assert checked.schedule.start_of("A") >= date(2026, 5, 1)  # remaining work never before the status date
    moved = variance(later, later.baselines[0], checked.schedule, checked.calendar)
    a = next(t for t in moved.tasks if t.id == "A")
    cal = checked.calendar
    assert a.start_days == slip(cal, date(2026, 4, 1), checked.schedule.start_of("A")) > 0
    assert moved.finish_days == slip(cal, later.baselines[0].finish, checked.schedule.finish)


def test_cost_variance_is_per_item_and_sums_to_the_total_change() -> None:
    line = m.CostLine("L1", "Licences", "CCaaS licences", "one_off", 1000.0, date=date(2026, 5, 1))
    p = baselined(dataclasses.replace(chain(), cost_lines=(line,)))
    dearer = set_item_fields(p, "cost_lines", "L1", unit_cost=1500.0).apply(p).plan
    checked = review(dearer)
    assert checked.schedule is not None and checked.calendar is not None
    costs = compute_costs(dearer, checked.schedule, checked.calendar)
    moved = variance(dearer, dearer.baselines[0], checked.schedule, checked.calendar, costs)
    row = next(c for c in moved.costs if c.item == "L1")
    assert (row.baseline, row.current, row.variance) == (1000.0, 1500.0, 500.0)
    assert moved.total_change == pytest.approx(sum(c.variance for c in moved.costs))


def test_items_only_the_baseline_holds_are_listed() -> None:
    line = m.CostLine("L1", "Licences", "CCaaS licences", "one_off", 1000.0, date=date(2026, 5, 1))
    p = baselined(dataclasses.replace(chain(), cost_lines=(line,)))
    gone = dataclasses.replace(p, cost_lines=())
    checked = review(gone)
    assert checked.schedule is not None and checked.calendar is not None
    moved = variance(gone, gone.baselines[0], checked.schedule, checked.calendar,
                     compute_costs(gone, checked.schedule, checked.calendar))
    assert [(c.item, c.current, c.variance) for c in moved.costs] == [("L1", None, -1000.0)]


def test_without_a_baseline_only_date_rules_apply() -> None:
    report = status_of(chain())
    assert report.baseline is None and report.programme.slip_days is None
    assert report.programme.status == "green" and "no baseline chosen" in report.programme.reason


def test_worst() -> None:
    assert worst([]) == "green"
    assert worst(["green", "amber"]) == "amber"
    assert worst(["amber", "red", "green"]) == "red"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(max_items=5, scenarios=False), st.data())
def test_programme_status_is_the_worst_of_its_phases_and_every_status_has_a_reason(
        p: m.Plan, data: st.DataObject) -> None:
    checked = review(p)
    if checked.schedule is None or checked.calendar is None:
        return
    if p.tasks and data.draw(st.booleans()):
        p = baselined(p)
        checked = review(p)
        assert checked.schedule is not None and checked.calendar is not None
    report = assess(p, checked.schedule, checked.calendar, checked.gaps)
    assert all(a.reasons for a in (report.programme, *report.phases))
    assert report.programme.status == worst([report.programme.status, *(a.status for a in report.phases)])
    assert all(0 <= a.percent_complete <= 100 for a in (report.programme, *report.phases))
    if p.active_baseline is not None and p.active_baseline.saved == SAVED:
        assert report.programme.slip_days == 0  # baselined just now: nothing has moved


def test_slip_counts_working_days_not_calendar_days() -> None:
    cal = WorkingCalendar("england-and-wales", date(2026, 1, 1))
    assert slip(cal, date(2026, 4, 24), date(2026, 4, 27)) == 1  # Friday to Monday
    assert slip(cal, date(2026, 4, 27), date(2026, 4, 24)) == -1
    assert slip(cal, date(2026, 4, 2), date(2026, 4, 7)) == 1  # over Good Friday and Easter Monday


def test_a_finding_in_a_phase_without_tasks_reaches_the_programme() -> None:
    legacy = m.System("L1", "Old ACD", "current", "acd", contract_end=date(2026, 4, 10), phase="PX")
    p = dataclasses.replace(chain(), systems=(legacy,), phases=(*chain().phases, m.Phase("PX", "Empty")))
    p = set_item_fields(p, "tasks", "C", kind="decommission", systems=("L1",)).apply(p).plan
    report = status_of(p)
    assert "PX" not in {a.phase for a in report.phases}  # no tasks, so no phase row
    assert report.programme.status == "red" and "Renewal trap" in report.programme.reason


def test_a_flagged_programme_without_a_baseline_says_so() -> None:
    p = set_item_fields(chain(), "tasks", "C", deadline=date(2026, 4, 20)).apply(chain()).plan
    report = status_of(p)
    assert report.programme.status == "red"
    assert report.programme.reasons[-1] == "No baseline is chosen, so only the date rules apply."
