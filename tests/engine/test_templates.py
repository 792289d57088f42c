"""Cutover and procurement templates: the built-in library is sound, applying it schedules and undoes."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.engine import model as m
from app.engine.calendar import WorkingCalendar
from app.engine.edits import EditError, InsertItem
from app.engine.graph import find_cycle, task_graph
from app.engine.schedule import compute_schedule
from app.engine.templates import (
    BUILT_IN_TEMPLATES,
    R11_REASON,
    apply_template,
    built_in,
    find_pstn_switch_off,
    porting_lead_days,
    pstn_switch_off_milestone,
    template_from_tasks,
    template_problems,
    tie_to_deadline,
)
from app.storage.interchange import read_json
from tests.engine.factories import plan as small_plan
from tests.engine.factories import task
from tests.strategies import plans

MIDSHIRE = Path(__file__).resolve().parents[2] / "sample_projects" / "midshire.json"
W2_SYSTEMS = ("A10", "A15", "A16", "A25", "A26")  # the systems of Midshire's W2 go-live (A10 current)
TAG = re.compile(r"\[(S|S2|A|V)\]")


@pytest.fixture(scope="module")
def midshire() -> m.Plan:
    return read_json(MIDSHIRE)


def added(before: m.Plan, after: m.Plan) -> list[m.Task]:
    old = {t.id for t in before.tasks}
    return [t for t in after.tasks if t.id not in old]


# --- the built-in library -------------------------------------------------------------------------


@pytest.mark.parametrize("template", BUILT_IN_TEMPLATES, ids=[t.id for t in BUILT_IN_TEMPLATES])
def test_every_built_in_template_is_sound(template: m.CutoverTemplate) -> None:
    assert template_problems(template) == []
    assert template.category in ("cutover", "procurement") and template.name and template.description
    seen: set[str] = set()
    for step in template.steps:
        assert TAG.search(step.source), step.key
        assert all(link.step in seen for link in step.predecessors), step.key  # earlier steps only: acyclic
        assert all(link.reason for link in step.predecessors), step.key
        low, high = step.optimistic, step.pessimistic
        assert low is not None and high is not None and 0 <= low <= step.duration <= high
        seen.add(step.key)


def test_library_has_the_required_templates() -> None:
    ids = {t.id for t in BUILT_IN_TEMPLATES}
    assert {"standard-wave", "big-bang", "phased-service-line", "framework-call-off",
            "framework-call-off-no-standstill", "open-procedure", "competitive-flexible"} <= ids
    assert len(ids) == len(BUILT_IN_TEMPLATES)
    kinds = {t.id: {s.kind for s in t.steps} for t in BUILT_IN_TEMPLATES}
    assert "pilot" in kinds["standard-wave"] and "pilot" not in kinds["big-bang"]
    assert "standstill" in kinds["framework-call-off"] and "standstill" not in kinds[
        "framework-call-off-no-standstill"]
    for tid in ("standard-wave", "big-bang", "phased-service-line"):
        assert {"cutover", "porting", "parallel_run", "decommission", "test", "training"} <= kinds[tid]
    big, wave = built_in("big-bang"), built_in("standard-wave")
    parallel = {t.id: next(s for s in t.steps if s.kind == "parallel_run") for t in (big, wave)}
    assert parallel["big-bang"].duration < parallel["standard-wave"].duration
    with pytest.raises(KeyError):
        built_in("nope")


def test_standard_wave_links_carry_the_domain_rules() -> None:
    steps = {s.key: s for s in built_in("standard-wave").steps}
    reasons = {(link.step, key): link.reason for key, s in steps.items() for link in s.predecessors}
    assert reasons[("test", "cutover")].startswith("R4")
    assert reasons[("training", "cutover")].startswith("R4")
    assert reasons[("porting", "cutover")].startswith("R5")
    assert reasons[("porting", "decommission")].startswith("R6")
    assert reasons[("archive", "decommission")].startswith("R8")
    assert reasons[("network", "test")].startswith("R1")
    porting = steps["porting"]
    assert (porting.optimistic, porting.duration, porting.pessimistic) == (13, 18, 28)
    assert (steps["parallel"].optimistic, steps["parallel"].pessimistic) == (10, 20)  # 2-4 weeks [S2][63]


@pytest.mark.parametrize("template_id", ["framework-call-off", "open-procedure", "competitive-flexible"])
def test_procurement_standstill_starts_with_the_can(template_id: str) -> None:
    steps = {s.key: s for s in built_in(template_id).steps}
    assert steps["can"].duration == 0
    assert steps["standstill"].kind == "standstill" and steps["standstill"].duration == 8
    assert steps["standstill"].predecessors == (
        m.TemplateLink("can", "SS", 0, steps["standstill"].predecessors[0].reason),)
    assert [link.step for link in steps["signature"].predecessors] == ["standstill"]
    if "tendering" in steps:  # s.54 minimum periods were not retrievable (brief §2.2)
        assert steps["tendering"].source.startswith("[V]")


def test_porting_lead_days_follow_the_table() -> None:
    assert porting_lead_days("multi_line_31_150_or_ddi", True) == (10, 15, 25)
    assert porting_lead_days("multi_line_31_150_or_ddi", False) == (13, 18, 28)
    assert porting_lead_days("non_geographic", True) == (7, 12, 22)
    assert porting_lead_days("complex_ddi", False) == (25, 30, 40)
    with pytest.raises(ValueError, match="unknown port type"):
        porting_lead_days("carrier pigeon", True)


def test_template_problems_finds_bad_templates() -> None:
    good = m.TemplateStep("a", "A", "build", 5)
    bad = m.CutoverTemplate("t", "T", steps=(
        good, m.TemplateStep("a", "A again", "build", 5),
        m.TemplateStep("b", "B", "test", 3, optimistic=4,
                       predecessors=(m.TemplateLink("zz"), m.TemplateLink("c"))),
        m.TemplateStep("c", "C", "test", -1, predecessors=(m.TemplateLink("b", "XX"),)),  # type: ignore[arg-type]
    ))
    problems = "\n".join(template_problems(bad))
    assert "step key 'a' is used more than once" in problems
    assert "unknown step 'zz'" in problems
    assert "optimistic estimate is longer" in problems and "duration is negative" in problems
    assert "unknown link type 'XX'" in problems
    assert "cycle: " in problems and ("b -> c -> b" in problems or "c -> b -> c" in problems)
    assert template_problems(m.CutoverTemplate("e", "Empty")) == ["template 'Empty' has no steps"]
    selfish = m.CutoverTemplate("s", "S", steps=(
        m.TemplateStep("a", "A", "x", 1, predecessors=(m.TemplateLink("a"),)),))
    assert template_problems(selfish) == ["template 'S', step 'a' links to itself"]


# --- applying a template --------------------------------------------------------------------------


def test_standard_wave_on_midshire_w2(midshire: m.Plan) -> None:
    template = built_in("standard-wave")
    edit = apply_template(midshire, template, phase="W2", systems=W2_SYSTEMS, after=("T11",))
    assert edit.label == "Add 'Standard wave' tasks for W2"
    applied = edit.apply(midshire)
    new = added(midshire, applied.plan)
    assert len(new) == len(template.steps) == len(applied.plan.tasks) - len(midshire.tasks)
    by_key = {t.id.removeprefix("W2-"): t for t in new}
    assert set(by_key) == {s.key for s in template.steps}
    assert all(t.phase == "W2" for t in new)
    assert by_key["cutover"].systems == ("A15", "A16", "A25", "A26")  # target systems go live
    assert by_key["decommission"].systems == ("A10",)                  # current ones are replaced
    assert by_key["porting"].systems == ("A10",)                       # the number range
    assert by_key["design"].systems == ()
    assert by_key["cutover"].name.startswith(
        "Go-live cutover: P4 W2 Highways, waste & environment, transport (")
    assert by_key["cutover"].name.endswith(" and 2 more)")
    assert "25 x 0300 numbers" in by_key["decommission"].name
    assert by_key["network"].predecessors == (m.Dependency("T11", "FS", 0, "follows Pilot"),)
    assert by_key["design"].predecessors == (m.Dependency("T11", "FS", 0, "follows Pilot"),)
    cut = {d.task: d for d in by_key["cutover"].predecessors}
    assert set(cut) == {"W2-test", "W2-training", "W2-pilot", "W2-porting"}
    assert cut["W2-porting"].reason.startswith("R5")
    step = next(s for s in template.steps if s.key == "porting")
    assert by_key["porting"].estimates == (step.optimistic, step.duration, step.pessimistic)
    assert "[S2][29]" in by_key["porting"].notes

    schedule = compute_schedule(applied.plan)
    go_live = schedule.start_of("W2-cutover")
    for before in ("W2-test", "W2-training", "W2-porting", "W2-pilot"):
        assert schedule.finish_of(before) < go_live
    assert schedule.start_of("W2-network") > schedule.finish_of("T11")
    assert schedule.start_of("W2-decommission") > schedule.finish_of("W2-parallel")
    assert applied.inverse.apply(applied.plan).plan == midshire


def test_ids_never_clash_when_applied_twice(midshire: m.Plan) -> None:
    template = built_in("standard-wave")
    once = apply_template(midshire, template, phase="W2", systems=W2_SYSTEMS).apply(midshire).plan
    twice = apply_template(once, template, phase="W2", systems=W2_SYSTEMS).apply(once).plan
    ids = [t.id for t in twice.tasks]
    assert len(ids) == len(set(ids)) == len(midshire.tasks) + 2 * len(template.steps)
    second = added(once, twice)
    assert all(t.id.startswith("W2-2-") for t in second)
    assert {d.task for t in second for d in t.predecessors} <= {t.id for t in second}
    thrice = apply_template(twice, template, phase="W2", id_prefix="W2").apply(twice).plan
    assert all(t.id.startswith("W2-3-") for t in added(twice, thrice))
    compute_schedule(thrice)


def test_apply_without_phase_or_systems_tidies_placeholders() -> None:
    plan = small_plan()
    new = apply_template(plan, built_in("standard-wave"), phase=None).apply(plan).plan.tasks
    names = {t.id: t.name for t in new}
    assert names["standard-wave-cutover"] == "Go-live cutover"
    assert names["standard-wave-decommission"] == "Decommission legacy"
    assert all("{" not in n and "()" not in n and not n.endswith(":") for n in names.values())


def test_apply_sets_start_no_earlier_than_on_first_steps() -> None:
    plan = small_plan((task("A"),))
    when = date(2026, 9, 1)
    new = apply_template(plan, built_in("framework-call-off"), phase=None, after=("A",),
                         start_no_earlier_than=when, id_prefix="PR").apply(plan).plan.task_by_id
    assert new["PR-spec"].start_no_earlier_than == when
    assert new["PR-spec"].predecessors == (m.Dependency("A", "FS", 0, "follows A"),)
    assert new["PR-competition"].start_no_earlier_than is None


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"phase": "nope"}, "no phase 'nope'"),
    ({"phase": None, "systems": ("nope",)}, "no system 'nope'"),
    ({"phase": None, "after": ("nope",)}, "no task 'nope'"),
])
def test_apply_refuses_unknown_references(midshire: m.Plan, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(EditError, match=message):
        apply_template(midshire, built_in("big-bang"), **kwargs)  # type: ignore[arg-type]


def test_apply_refuses_a_broken_template(midshire: m.Plan) -> None:
    broken = m.CutoverTemplate("b", "B", steps=(
        m.TemplateStep("a", "A", "x", 1, predecessors=(m.TemplateLink("q"),)),))
    with pytest.raises(EditError, match="unknown step 'q'"):
        apply_template(midshire, broken, phase=None)


# --- procurement on the calendar ------------------------------------------------------------------


def _procurement(template_id: str, can_day: date) -> tuple[m.Plan, str]:
    plan = m.new_plan("Procurement", date(2026, 9, 1))
    plan = apply_template(plan, built_in(template_id), phase=None, id_prefix="PR").apply(plan).plan
    can = dataclasses.replace(plan.task_by_id["PR-can"], start_no_earlier_than=can_day)
    return dataclasses.replace(plan, tasks=tuple(can if t.id == can.id else t for t in plan.tasks)), "PR"


def test_standstill_over_christmas_runs_eight_working_days() -> None:
    calendar = WorkingCalendar("england-and-wales", date(2026, 9, 1))
    holidays = (date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1))
    assert not any(calendar.is_working_day(d) for d in holidays)
    assert calendar.is_working_day(date(2026, 12, 24)) and calendar.is_working_day(date(2027, 1, 8))
    plan, _ = _procurement("framework-call-off", date(2026, 12, 24))
    schedule = compute_schedule(plan)
    assert schedule.start_of("PR-can") == date(2026, 12, 24)  # Thursday
    assert schedule.start_of("PR-standstill") == date(2026, 12, 24)  # begins with the day of the CAN
    assert schedule.finish_of("PR-standstill") == date(2027, 1, 7)  # 24, 29, 30, 31 Dec, 4-7 Jan
    assert schedule.start_of("PR-signature") == date(2027, 1, 8)  # Friday
    assert schedule.start_of("PR-cdn") >= schedule.finish_of("PR-signature")


def test_no_standstill_variant_signs_on_the_can_day() -> None:
    plan, _ = _procurement("framework-call-off-no-standstill", date(2026, 12, 24))
    schedule = compute_schedule(plan)
    assert schedule.start_of("PR-signature") == date(2026, 12, 24)
    reason = plan.task_by_id["PR-signature"].predecessors[0].reason
    assert "s.51" in reason and "[V]" in reason


@pytest.mark.parametrize("template_id", ["open-procedure", "competitive-flexible"])
def test_tender_procedures_schedule_within_the_stage_range(template_id: str) -> None:
    plan = m.new_plan("Procurement", date(2026, 9, 1))
    plan = apply_template(plan, built_in(template_id), phase=None).apply(plan).plan
    schedule = compute_schedule(plan)
    weeks = schedule.working_days / 5
    assert 20 <= weeks <= 45  # brief §2.1 stage 3: open / competitive flexible 20 / 30 / 45 weeks
    sign = f"{template_id}-signature"
    assert schedule.start_of(sign) > schedule.start_of(f"{template_id}-can")


# --- deadlines ------------------------------------------------------------------------------------


def test_pstn_milestone_and_tie_give_negative_float_when_late() -> None:
    plan = small_plan((task("ISDN", "Re-provision ISDN lift lines", duration=300),))
    insert = pstn_switch_off_milestone(plan)
    assert isinstance(insert, InsertItem)
    plan = insert.apply(plan).plan
    milestone_id = find_pstn_switch_off(plan)
    assert milestone_id == "PSTN01"
    milestone = plan.task_by_id[milestone_id]
    assert (milestone.name, milestone.duration, milestone.kind, milestone.deadline) == (
        "PSTN/ISDN switch-off", 0, "milestone", date(2027, 1, 31))
    assert pstn_switch_off_milestone(plan) is None
    edit = tie_to_deadline(plan, ["ISDN"], milestone_id)
    applied = edit.apply(plan)
    tied = applied.plan.task_by_id[milestone_id]
    assert tied.predecessors == (m.Dependency("ISDN", "FS", 0, R11_REASON),)
    schedule = compute_schedule(applied.plan)
    assert schedule.total_float[schedule.index["ISDN"]] < 0
    assert any(v.task == milestone_id and v.kind == "deadline-missed" for v in schedule.violations)
    assert applied.inverse.apply(applied.plan).plan == plan
    again = tie_to_deadline(applied.plan, ["ISDN"], milestone_id).apply(applied.plan).plan
    assert again == applied.plan  # already tied: nothing added


def test_tie_to_deadline_refusals_and_other_deadlines() -> None:
    plan = small_plan((task("A"), task("M", None, "A", duration=0, deadline=date(2026, 6, 30)),
                       task("B", None, "M"), task("N", duration=0)))
    tied = tie_to_deadline(plan, ["N"], "M").apply(plan).plan.task_by_id["M"]
    assert tied.predecessors[-1].reason == "finish before M (deadline 30 Jun 2026)"
    with pytest.raises(EditError, match="would make a cycle"):
        tie_to_deadline(plan, ["B"], "M")
    with pytest.raises(EditError, match="has no deadline"):
        tie_to_deadline(plan, ["A"], "N")
    with pytest.raises(EditError, match="no task 'Z'"):
        tie_to_deadline(plan, ["Z"], "M")


def test_midshire_already_has_its_switch_off(midshire: m.Plan) -> None:
    assert find_pstn_switch_off(midshire) == "N02"
    assert pstn_switch_off_milestone(midshire) is None


# --- saving tasks as a template -------------------------------------------------------------------


def test_template_from_tasks_round_trips_through_apply(midshire: m.Plan) -> None:
    original = built_in("standard-wave")
    edit = apply_template(midshire, original, phase="W2", systems=W2_SYSTEMS, after=("T11",))
    plan = edit.apply(midshire).plan
    ids = [t.id for t in added(midshire, plan)]
    saved = template_from_tasks(plan, ids, "my-wave", "My wave")
    assert template_problems(saved) == []
    assert (saved.id, saved.name, saved.category) == ("my-wave", "My wave", "cutover")
    assert [s.key for s in saved.steps] == [s.key for s in original.steps]
    for mine, theirs in zip(saved.steps, original.steps, strict=True):
        assert (mine.kind, mine.duration, mine.optimistic, mine.pessimistic, mine.predecessors) == (
            theirs.kind, theirs.duration, theirs.optimistic, theirs.pessimistic, theirs.predecessors)
        assert TAG.search(mine.source)
    assert saved.steps[8].name.startswith("Go-live cutover: {phase} (")
    again = apply_template(plan, saved, phase="W3", systems=W2_SYSTEMS, after=("T11",)).apply(plan).plan
    w2 = {t.id.removeprefix("W2-"): t for t in added(midshire, plan)}
    w3 = {t.id.removeprefix("W3-"): t for t in added(plan, again)}
    assert w3.keys() == w2.keys()
    for key, task_w3 in w3.items():
        task_w2 = w2[key]
        assert task_w3.estimates == task_w2.estimates
        assert [(d.task.removeprefix("W3-"), d.type, d.lag, d.reason) for d in task_w3.predecessors] == [
            (d.task.removeprefix("W2-"), d.type, d.lag, d.reason) for d in task_w2.predecessors]
    assert "P4 W3 Revenues" in w3["cutover"].name


def test_template_from_tasks_orders_and_trims(midshire: m.Plan) -> None:
    saved = template_from_tasks(midshire, ["T03", "T02"], "proc", "Procurement")
    assert [s.key for s in saved.steps] == ["T02", "T03"]  # no shared "X-" prefix: keys are the ids
    assert saved.steps[0].predecessors == ()  # T01 is outside the selection
    link = midshire.task_by_id["T03"].predecessors[0]
    assert saved.steps[1].predecessors == (m.TemplateLink("T02", "FS", 0, link.reason),)
    assert saved.category == "procurement"
    with pytest.raises(EditError, match="no task 'nope'"):
        template_from_tasks(midshire, ["nope"], "x", "X")


# --- any plan -------------------------------------------------------------------------------------


@given(plans(), st.sampled_from(BUILT_IN_TEMPLATES), st.data())
def test_applying_any_template_to_any_plan_is_acyclic_and_undoes(
    plan: m.Plan, template: m.CutoverTemplate, data: st.DataObject
) -> None:
    plan = dataclasses.replace(plan, phases=(*plan.phases, m.Phase("fresh-phase", "Fresh wave")))
    task_ids = [t.id for t in plan.tasks]
    after = tuple(data.draw(st.lists(st.sampled_from(task_ids), max_size=2, unique=True))) if task_ids else ()
    system_ids = [s.id for s in plan.systems]
    systems = tuple(data.draw(st.lists(st.sampled_from(system_ids), max_size=4, unique=True))
                    ) if system_ids else ()
    applied = apply_template(plan, template, phase="fresh-phase", systems=systems, after=after).apply(plan)
    assert find_cycle(task_graph(applied.plan)) is None
    assert len(applied.plan.tasks) == len(plan.tasks) + len(template.steps)
    assert len({t.id for t in applied.plan.tasks}) == len(applied.plan.tasks)
    assert applied.inverse.apply(applied.plan).plan == plan
