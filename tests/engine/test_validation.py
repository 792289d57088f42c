"""validate_plan: each rule positive and negative, cycles by name, and properties over generated plans."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import networkx as nx
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.engine import model as m
from app.engine.graph import find_cycle, task_graph
from app.engine.validation import Issue, ValidationReport, validate_plan
from tests.engine.factories import START, big_plan, plan, task
from tests.strategies import plans


def codes(report: ValidationReport) -> list[str]:
    return [issue.code for issue in report.issues]


def only(report: ValidationReport, code: str) -> Issue:
    found = [issue for issue in report.issues if issue.code == code]
    assert len(found) == 1, report.issues
    return found[0]


def system(system_id: str, name: str, estate: m.Estate, **fields: object) -> m.System:
    return m.System(system_id, name, estate, "acd", **fields)  # type: ignore[arg-type]


def one_off(line_id: str = "C1", **fields: object) -> m.CostLine:
    values: dict[str, object] = {"date": START}
    values.update(fields)
    return m.CostLine(line_id, "Licences", "CCaaS licences", "one_off", 100.0, 2.0, **values)  # type: ignore[arg-type]


def recurring(line_id: str = "C1", **fields: object) -> m.CostLine:
    values: dict[str, object] = {"start": m.CostAnchor(date=START)}
    values.update(fields)
    return m.CostLine(line_id, "Seats", "CCaaS licences", "recurring", 90.0, 10.0, **values)  # type: ignore[arg-type]


# --- the report -----------------------------------------------------------------------------------------


def test_clean_plan_is_ok() -> None:
    tasks = (task("D", "Design", kind="design"), task("B", "Build", "D", kind="build"))
    report = validate_plan(plan(tasks))
    assert report.ok and report.issues == () and report.errors == () and report.warnings == ()


def test_report_keeps_errors_and_warnings_apart() -> None:
    report = validate_plan(plan((task("A", "Alpha", "A", kind="odd"),)))
    assert not report.ok
    assert [i.severity for i in report.errors] == ["error"]
    assert [i.severity for i in report.warnings] == ["warning"]
    assert report.issues == report.errors + report.warnings


# --- structure --------------------------------------------------------------------------------------------


def test_structural_problems_become_errors_naming_the_item() -> None:
    tasks = (task("A", "Alpha", "ghost"), task("A", "Again"), task("S", "Self", "S"))
    report = validate_plan(plan(tasks))
    assert codes(report) == ["duplicate-id", "unknown-reference", "self-dependency"]
    unknown = only(report, "unknown-reference")
    assert unknown.where == "tasks[0].predecessors[0].task"
    assert "Alpha" in unknown.message and "ghost" in unknown.message
    assert only(report, "duplicate-id").where == "tasks[1].id"
    assert "task-cycle" not in codes(report)  # a self-dependency is not reported twice


# --- task cycles ----------------------------------------------------------------------------------------


def test_three_task_cycle_is_spelled_out_in_order() -> None:
    tasks = (task("K", "Kick-off"), task("D", "Design", "K", "T"), task("B", "Build", "D"),
             task("T", "Test", "B"), task("E", "End", "T"))
    issue = only(validate_plan(plan(tasks)), "task-cycle")
    assert issue.severity == "error"
    assert issue.message == "Dependency cycle among tasks: Design -> Build -> Test -> Design."
    assert issue.where == "tasks[1].predecessors[1]"  # Design's link from Test closes the loop


def test_each_separate_cycle_is_reported_once() -> None:
    tasks = (task("A", "A1", "B"), task("B", "B1", "A"), task("C", "C1", "D"), task("D", "D1", "C"),
             task("E", "E1", "A", "C"))
    issues = [i for i in validate_plan(plan(tasks)).issues if i.code == "task-cycle"]
    assert [i.message for i in issues] == ["Dependency cycle among tasks: A1 -> B1 -> A1.",
                                           "Dependency cycle among tasks: C1 -> D1 -> C1."]


def test_tangled_group_is_one_issue_with_its_size() -> None:
    tasks = (task("A", "A", "B", "C"), task("B", "B", "A"), task("C", "C", "A"))
    issue = only(validate_plan(plan(tasks)), "task-cycle")
    assert "3 tasks in all" in issue.message


def test_repeated_task_names_carry_ids() -> None:
    tasks = (task("T1", "Test", "T2"), task("T2", "Test", "T1"))
    issue = only(validate_plan(plan(tasks)), "task-cycle")
    assert "Test (T1) -> Test (T2) -> Test (T1)" in issue.message


@given(plans())
def test_generated_plans_validate_without_task_cycles(generated: m.Plan) -> None:
    report = validate_plan(generated)
    assert "task-cycle" not in codes(report)
    assert all(i.severity == "error" for i in report.errors)
    assert all(i.severity == "warning" for i in report.warnings)
    assert all(i.message.endswith(".") and i.where for i in report.issues)


@given(plans())
def test_a_back_edge_makes_a_task_cycle(generated: m.Plan) -> None:
    chained = [t for t in generated.tasks if t.predecessors]
    assume(chained)
    successor = chained[0]
    predecessor = successor.predecessors[0].task
    tasks = list(generated.tasks)
    index = next(k for k, t in enumerate(tasks) if t.id == predecessor)
    tasks[index] = dataclasses.replace(tasks[index],
                                       predecessors=tasks[index].predecessors + (m.Dependency(successor.id),))
    report = validate_plan(dataclasses.replace(generated, tasks=tuple(tasks)))
    assert "task-cycle" in [i.code for i in report.errors]


SMALL_IDS = st.sampled_from("ABCDE")


@st.composite
def messy_plans(draw: st.DrawFn) -> m.Plan:
    """Plans with repeated ids, unknown references, self-dependencies and cycles of tasks and systems."""
    names = st.sampled_from(["", "Build", "Test"])
    tasks = tuple(m.Task(draw(SMALL_IDS), draw(names), draw(st.integers(-2, 9)),
                         predecessors=tuple(m.Dependency(p) for p in draw(st.lists(SMALL_IDS, max_size=3))),
                         optimistic=draw(st.none() | st.integers(-1, 9)),
                         pessimistic=draw(st.none() | st.integers(-1, 9)))
                  for _ in range(draw(st.integers(0, 7))))
    systems = tuple(m.System(draw(SMALL_IDS), draw(st.sampled_from(["", "Cloud"])),
                             draw(st.sampled_from(m.ESTATES)), "acd",
                             replaced_by=tuple(draw(st.lists(SMALL_IDS, max_size=2))))
                    for _ in range(draw(st.integers(0, 5))))
    links = tuple(m.Integration(draw(SMALL_IDS), draw(SMALL_IDS), draw(SMALL_IDS),
                                dependency=draw(st.booleans()))
                  for _ in range(draw(st.integers(0, 6))))
    return plan(tasks, systems, links)


@given(messy_plans())
def test_messy_plans_validate_without_raising(messy: m.Plan) -> None:
    report = validate_plan(messy)
    graph = task_graph(messy)
    graph.remove_edges_from(list(nx.selfloop_edges(graph)))  # self-dependencies have their own code
    assert ("task-cycle" in codes(report)) == (find_cycle(graph) is not None)
    for issue in report.issues:
        assert issue.where and issue.message.endswith(".")


# --- system cycles --------------------------------------------------------------------------------------


ESTATE = (system("S1", "Network", "target"), system("S2", "Identity", "target"),
          system("S3", "Platform", "target"))


def test_dependency_integrations_in_a_loop_are_an_error_by_system_name() -> None:
    links = (m.Integration("I1", "S1", "S2"), m.Integration("I2", "S2", "S3"),
             m.Integration("I3", "S3", "S1"))
    issue = only(validate_plan(plan(systems=ESTATE, integrations=links)), "system-cycle")
    assert issue.message == "Dependency cycle among systems: Network -> Identity -> Platform -> Network."
    assert issue.where == "integrations[2]"


def test_data_flows_in_a_loop_are_fine() -> None:
    links = (m.Integration("I1", "S1", "S2"), m.Integration("I2", "S2", "S3"),
             m.Integration("I3", "S3", "S1", dependency=False),
             m.Integration("I4", "S2", "S1", dependency=False))
    assert "system-cycle" not in codes(validate_plan(plan(systems=ESTATE, integrations=links)))


def test_a_system_depending_on_itself_is_an_error() -> None:
    issue = only(validate_plan(plan(systems=ESTATE, integrations=(m.Integration("I9", "S2", "S2"),))),
                 "system-cycle")
    assert "Identity" in issue.message and issue.where == "integrations[0]"


# --- the estate -----------------------------------------------------------------------------------------


def test_current_system_without_exit_path_is_a_warning() -> None:
    legacy = system("L1", "Avaya", "current")
    issue = only(validate_plan(plan(systems=(legacy,))), "no-exit-path")
    assert issue.severity == "warning" and "Avaya" in issue.message and issue.where == "systems[0]"


@pytest.mark.parametrize("fix", ["replaced", "decommissioned", "retained"])
def test_current_system_exit_paths(fix: str) -> None:
    legacy = system("L1", "Avaya", "current", replaced_by=("N1",) if fix == "replaced" else (),
                    action="retain" if fix == "retained" else "replace")
    target = system("N1", "Cloud", "target")
    switch_off = task("X", "Switch off", kind="decommission", systems=("L1",))
    tasks = (switch_off,) if fix == "decommissioned" else ()
    cutover = (task("C", "Go live", kind="cutover", systems=("N1",)),)
    assert "no-exit-path" not in codes(validate_plan(plan(tasks + cutover, systems=(legacy, target))))


def test_target_system_without_source_is_a_warning() -> None:
    issue = only(validate_plan(plan(systems=(system("N1", "Cloud", "target"),))), "no-source")
    assert issue.severity == "warning" and "Cloud" in issue.message


@pytest.mark.parametrize("fix", ["replaces", "cutover", "retained"])
def test_target_system_sources(fix: str) -> None:
    legacy = system("L1", "Avaya", "current", replaced_by=("N1",) if fix == "replaces" else (),
                    action="retain")
    target = system("N1", "Cloud", "target", action="retain" if fix == "retained" else "new")
    tasks = (task("C", "Go live", kind="cutover", systems=("N1",)),) if fix == "cutover" else ()
    assert "no-source" not in codes(validate_plan(plan(tasks, systems=(legacy, target))))


def test_pilot_task_is_not_a_cutover() -> None:
    tasks = (task("P", "Pilot", kind="pilot", systems=("N1",)),)
    assert "no-source" in codes(validate_plan(plan(tasks, systems=(system("N1", "Cloud", "target"),))))


def test_replaced_by_a_current_system_and_replacement_of_a_target_are_warnings() -> None:
    systems = (system("L1", "Avaya", "current", replaced_by=("L2",)),
               system("L2", "Mitel", "current", replaced_by=("N1",)),
               system("N1", "Cloud", "target", replaced_by=("N2",)),
               system("N2", "Cloud 2", "target"))
    report = validate_plan(plan(systems=systems))
    issue = only(report, "replacement-not-target")
    assert issue.where == "systems[0].replaced_by[0]" and "Mitel" in issue.message
    assert only(report, "target-replaced").where == "systems[2].replaced_by"
    assert "replacement-not-target" not in codes(validate_plan(plan(systems=systems[1:])))


def test_unknown_system_kind_and_action_are_warnings() -> None:
    odd = m.System("S1", "Thing", "current", "teleporter", action="beam", replaced_by=("S2",))
    report = validate_plan(plan(systems=(odd, system("S2", "Cloud", "target"))))
    assert only(report, "unknown-system-kind").where == "systems[0].kind"
    assert only(report, "unknown-system-action").where == "systems[0].action"
    assert report.ok


# --- tasks ----------------------------------------------------------------------------------------------


def test_estimates_out_of_order_are_errors_at_the_estimate() -> None:
    tasks = (task("A", "Alpha", duration=5, optimistic=6), task("B", "Beta", duration=5, pessimistic=4),
             task("C", "Gamma", duration=5, optimistic=5, pessimistic=5))
    report = validate_plan(plan(tasks))
    assert [(i.code, i.where) for i in report.errors] == [("estimate-order", "tasks[0].optimistic"),
                                                          ("estimate-order", "tasks[1].pessimistic")]
    assert "Alpha" in report.errors[0].message and "6" in report.errors[0].message


def test_negative_estimates_are_errors() -> None:
    report = validate_plan(plan((task("A", "Alpha", duration=-1, optimistic=-2, pessimistic=3),)))
    assert [i.where for i in report.errors if i.code == "negative-duration"] == ["tasks[0].duration",
                                                                                 "tasks[0].optimistic"]


def test_deadline_before_start_is_an_error_and_early_constraint_a_warning() -> None:
    early = START - timedelta(days=1)
    report = validate_plan(plan((task("A", "Alpha", deadline=early, start_no_earlier_than=early),)))
    assert only(report, "deadline-before-start").where == "tasks[0].deadline"
    assert only(report, "constraint-before-start").severity == "warning"
    assert validate_plan(plan((task("A", "Alpha", deadline=START, start_no_earlier_than=START),))).ok


def test_actual_finish_before_actual_start_is_an_error() -> None:
    late, early = START + timedelta(days=9), START + timedelta(days=2)
    issue = only(validate_plan(plan((task("A", "Alpha", actual_start=late, actual_finish=early),))),
                 "actual-order")
    assert issue.where == "tasks[0].actual_finish"
    assert validate_plan(plan((task("A", "Alpha", actual_start=early, actual_finish=late),))).ok


@pytest.mark.parametrize(("percent", "ok"), [(0.0, True), (100.0, True), (-1.0, False), (101.0, False),
                                             (float("nan"), False)])
def test_percent_complete_range(percent: float, ok: bool) -> None:
    assert validate_plan(plan((task("A", percent_complete=percent),))).ok is ok


def test_unknown_task_kind_is_a_warning() -> None:
    report = validate_plan(plan((task("A", "Alpha", kind="wizardry"), task("B", "Beta", kind="cutover"))))
    assert only(report, "unknown-task-kind").where == "tasks[0].kind"
    assert report.ok


# --- project settings -----------------------------------------------------------------------------------


def test_freeze_ending_before_it_starts_is_an_error() -> None:
    freezes = (m.Freeze("Billing", date(2026, 3, 1), date(2026, 3, 31)),
               m.Freeze("Elections", date(2026, 5, 8), date(2026, 5, 1)))
    issue = only(validate_plan(plan(freezes=freezes)), "freeze-order")
    assert issue.where == "project.freezes[1]" and "Elections" in issue.message
    assert validate_plan(plan(freezes=freezes[:1])).ok


# --- cost lines -----------------------------------------------------------------------------------------


def test_well_formed_cost_lines_are_ok() -> None:
    lines = (one_off("C1", low=150.0, high=300.0), one_off("C2", date=None, task="A"),
             recurring("C3", end=m.CostAnchor(date=START + timedelta(days=90)),
                       ramp=(m.RampStep(START, 0.0), m.RampStep(START + timedelta(days=30), 1.0))),
             recurring("C4", start=m.CostAnchor(task="A", event="finish"), end=m.CostAnchor(task="A")))
    assert validate_plan(plan((task("A", kind="build"),), cost_lines=lines)).ok


def test_one_off_line_needs_a_date_or_task() -> None:
    issue = only(validate_plan(plan(cost_lines=(one_off(date=None),))), "cost-timing")
    assert issue.where == "cost_lines[0].date" and "Licences" in issue.message


def test_recurring_line_needs_a_start() -> None:
    assert only(validate_plan(plan(cost_lines=(recurring(start=None),))), "cost-timing").where == \
        "cost_lines[0].start"
    assert only(validate_plan(plan(cost_lines=(recurring(end=m.CostAnchor()),))), "cost-timing").where == \
        "cost_lines[0].end"


def test_recurring_line_ending_before_it_starts_is_an_error() -> None:
    line = recurring(end=m.CostAnchor(date=START - timedelta(days=1)))
    issue = only(validate_plan(plan(cost_lines=(line,))), "cost-period-order")
    assert issue.where == "cost_lines[0].end.date"


def test_ramp_share_outside_zero_to_one_is_an_error() -> None:
    line = recurring(ramp=(m.RampStep(START, 0.5), m.RampStep(START, 1.5)))
    assert only(validate_plan(plan(cost_lines=(line,))), "ramp-share").where == "cost_lines[0].ramp[1].share"


def test_three_point_cost_out_of_order_is_an_error() -> None:
    report = validate_plan(plan(cost_lines=(one_off(low=201.0), one_off("C2", high=199.0))))
    assert [(i.code, i.where) for i in report.errors] == [("cost-estimate-order", "cost_lines[0].low"),
                                                          ("cost-estimate-order", "cost_lines[1].high")]
    assert validate_plan(plan(cost_lines=(one_off(low=200.0, high=200.0),))).ok


# --- size -----------------------------------------------------------------------------------------------


def test_large_plan_validates_and_reports_one_loop() -> None:
    big = big_plan(10_000)
    assert validate_plan(big).ok
    first = dataclasses.replace(big.tasks[0], predecessors=(m.Dependency(big.tasks[-1].id),))
    report = validate_plan(dataclasses.replace(big, tasks=(first,) + big.tasks[1:]))
    assert codes(report) == ["task-cycle"]
    assert report.errors[0].message.startswith("Dependency cycle among tasks: Task 0 -> ")


def test_a_broken_template_in_the_plan_is_an_error() -> None:
    import dataclasses
    from datetime import date

    from app.engine.model import CutoverTemplate, Plan, Project, TemplateLink, TemplateStep

    broken = CutoverTemplate("mine", "My wave", steps=(
        TemplateStep("a", "Design", "design", 5, predecessors=(TemplateLink("b"),)),
        TemplateStep("b", "Build", "build", 5, predecessors=(TemplateLink("a"),))))
    plan = Plan(Project("P", date(2026, 6, 1)), templates=(broken,))
    report = validate_plan(plan)
    assert [i.code for i in report.errors] == ["template-invalid"] * len(report.errors) and report.errors
    assert report.errors[0].where == "templates[0]" and "My wave" in report.errors[0].message
    fixed = dataclasses.replace(broken, steps=(dataclasses.replace(broken.steps[0], predecessors=()), broken.steps[1]))
    assert validate_plan(dataclasses.replace(plan, templates=(fixed,))).ok
