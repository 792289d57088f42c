"""Gap analysis: each rule positive and negative on hand-built estates, and robustness over generated plans.

The project starts Wed 1 Apr 2026 (England and Wales): working-day index 0 is 1 Apr, 1 is 2 Apr, then Good
Friday (3 Apr) and Easter Monday (6 Apr) are skipped, so index 2 is Tue 7 Apr and index 9 is Thu 16 Apr.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given

from app.engine import model as m
from app.engine.calendar import WorkingCalendar
from app.engine.gaps import GapReport, analyse_gaps, gap_issues, is_pstn_switch_off, system_moves
from app.engine.schedule import compute_schedule
from app.engine.validation import Issue
from app.errors import PlanError
from tests.engine.factories import plan, task
from tests.strategies import plans


def target(system_id: str, **fields: object) -> m.System:
    return m.System(system_id, f"Target {system_id}", "target", "acd", **fields)  # type: ignore[arg-type]


def current(system_id: str, **fields: object) -> m.System:
    return m.System(system_id, f"Legacy {system_id}", "current", "acd", **fields)  # type: ignore[arg-type]


def link(link_id: str, source: str, target_id: str, **fields: object) -> m.Integration:
    return m.Integration(link_id, source, target_id, **fields)  # type: ignore[arg-type]


def cutover(task_id: str, *systems: str, after: int = 0, **fields: object) -> tuple[m.Task, ...]:
    """A cutover starting at working-day index ``after`` (behind a lead-in task of that many days)."""
    lead = task(f"{task_id}-lead", None, duration=after)
    return lead, task(task_id, f"Go-live {task_id}", lead.id, duration=1, kind="cutover", systems=systems,
                      **fields)


def decommission(task_id: str, *systems: str, after: int = 0, duration: int = 1) -> tuple[m.Task, ...]:
    """A decommission starting at index ``after``; it finishes (inclusive) at ``after + duration - 1``."""
    lead = task(f"{task_id}-lead", None, duration=after)
    return lead, task(task_id, f"Switch off {task_id}", lead.id, duration=duration, kind="decommission",
                      systems=systems)


def report_of(p: m.Plan) -> GapReport:
    return analyse_gaps(p, compute_schedule(p))


def codes(p: m.Plan) -> list[str]:
    return [i.code for i in gap_issues(p, report_of(p))]


# --- move dates and broken integrations ----------------------------------------------------------------


def test_integration_broken_for_exactly_the_working_days_between_two_cutovers() -> None:
    p = plan((*cutover("C1", "T1"), *cutover("C2", "T2", after=10)), (target("T1"), target("T2")),
             (link("I1", "T1", "T2", name="Routing feed", dependency=False),))
    (broken,) = report_of(p).broken_integrations
    assert (broken.integration, broken.source, broken.target) == ("I1", "T1", "T2")
    assert broken.working_days == 10
    assert broken.first_broken == date(2026, 4, 1) and broken.last_broken == date(2026, 4, 16)
    assert WorkingCalendar("england-and-wales", date(2026, 4, 1)).working_days_between(
        broken.first_broken, broken.last_broken) == 10
    (issue,) = gap_issues(p, report_of(p))
    assert issue == Issue("warning", "integration-broken", issue.message, "integrations[0]")
    assert "'Routing feed' (I1) is broken for 10 working days, 1 April 2026 to 16 April 2026" in issue.message
    assert "Target T1 (T1) goes live on 1 April 2026" in issue.message


def test_two_current_systems_replaced_in_different_waves_break_their_link() -> None:
    p = plan((*decommission("D1", "L1", after=5), *decommission("D3", "L3", after=20, duration=3)),
             (current("L1"), current("L3")), (link("I1", "L1", "L3", dependency=False),))
    (broken,) = report_of(p).broken_integrations
    assert broken.working_days == 22 - 5  # stops on the inclusive finishes: index 5 and index 22


def test_target_live_before_the_current_system_it_talks_to_is_replaced() -> None:
    p = plan((*cutover("C1", "T1", after=3), *decommission("D1", "L1", after=8)),
             (target("T1"), current("L1")), (link("I1", "L1", "T1", dependency=False),))
    (broken,) = report_of(p).broken_integrations
    assert broken.working_days == 5 and "Legacy L1 (L1) stops on" in broken.reason


def test_a_dependency_followed_in_order_is_not_broken_and_out_of_order_is() -> None:
    in_order = plan((*cutover("C1", "T1"), *cutover("C2", "T2", after=10)), (target("T1"), target("T2")),
                    (link("I1", "T1", "T2"),))
    assert report_of(in_order).broken_integrations == ()
    reversed_ = plan((*cutover("C1", "T1", after=10), *cutover("C2", "T2")), (target("T1"), target("T2")),
                     (link("I1", "T1", "T2"),))
    (broken,) = report_of(reversed_).broken_integrations
    assert broken.working_days == 10
    assert "Target T2 (T2) goes live on 1 April 2026" in broken.reason and "which it depends on" in broken.reason


def test_ports_must_complete_before_the_trunks_cease() -> None:
    """Brief R6: a dependency between two current systems orders their moves (ports before ceasing lines)."""
    p = plan((*decommission("D1", "PORTS", after=10), *decommission("D2", "TRUNKS", after=4)),
             (current("PORTS"), current("TRUNKS")), (link("I1", "PORTS", "TRUNKS"),))
    (broken,) = report_of(p).broken_integrations
    assert broken.working_days == 6 and "which it depends on" in broken.reason


def test_a_new_system_needing_a_legacy_one_breaks_only_if_the_legacy_stops_first() -> None:
    still_there = plan((*cutover("C1", "T1", after=3), *decommission("D1", "L1", after=8)),
                       (target("T1"), current("L1")), (link("I1", "L1", "T1"),))
    assert report_of(still_there).broken_integrations == ()
    gone = plan((*cutover("C1", "T1", after=12), *decommission("D1", "L1", after=2)),
                (target("T1"), current("L1")), (link("I1", "L1", "T1"),))
    (broken,) = report_of(gone).broken_integrations
    assert broken.working_days == 10 and "which needs it" in broken.reason


def test_coexistence_bridge_is_never_broken() -> None:
    p = plan((*cutover("C1", "T1"), *decommission("D1", "L1", after=30)), (target("T1"), current("L1")),
             (link("I1", "L1", "T1", dependency=False, coexistence_bridge=True),))
    assert report_of(p).broken_integrations == ()
    assert "integration-broken" not in codes(p)


def test_retained_end_never_moves_so_the_link_is_not_broken() -> None:
    crm = current("CRM", action="retain")
    tasks = (*cutover("C1", "T1", after=4), *decommission("D1", "CRM", after=9))
    p = plan(tasks, (target("T1"), crm), (link("I1", "CRM", "T1"),))
    assert report_of(p).broken_integrations == ()
    assert "CRM" not in system_moves(p, compute_schedule(p))


def test_same_move_day_or_unknown_move_is_not_broken() -> None:
    same = plan(cutover("C1", "T1", "T2"), (target("T1"), target("T2")), (link("I1", "T1", "T2"),))
    assert report_of(same).broken_integrations == ()
    unplanned = plan(cutover("C1", "T1"), (target("T1"), target("T2")), (link("I1", "T1", "T2"),))
    assert report_of(unplanned).broken_integrations == ()


def test_current_system_stops_when_its_last_replacement_goes_live() -> None:
    p = plan((*cutover("C1", "T1", after=2), *cutover("C2", "T2", after=7)),
             (current("L1", replaced_by=("T1", "T2")), target("T1"), target("T2")))
    moves = system_moves(p, compute_schedule(p))
    assert moves["L1"].index == 7 and "when its replacement Target T2 (T2) goes live" in moves["L1"].how
    assert moves["T1"].index == 2


def test_no_schedule_gives_only_structural_parts() -> None:
    p = plan((*cutover("C1", "T1"), *cutover("C2", "T2", after=10)), (target("T1"), target("T2")),
             (link("I1", "T1", "T2"),))
    report = analyse_gaps(p, None)
    assert report.broken_integrations == () and report.missed_deadlines == ()


# --- exit paths and sources ----------------------------------------------------------------------------


def test_exit_paths_and_sources_are_reported_but_left_to_validation() -> None:
    p = plan((), (current("L1"), current("L2", action="retain"), target("T1"), target("T2", action="retain")))
    report = report_of(p)
    assert report.no_exit_path == ("L1",) and report.no_source == ("T1",)
    assert gap_issues(p, report) == []


# --- shared number ranges (R10) ------------------------------------------------------------------------


def test_shared_range_split_across_waves_warns() -> None:
    phases = (m.Phase("W1", "Wave 1"), m.Phase("W3", "Wave 3"))
    systems = (current("N1", number_ranges=("0300 123 0000-0099",), phase="W1"),
               current("N2", number_ranges=(" 0300 123 0000-0099 ",)),
               target("T1"))
    tasks = (task("GO3", "Wave 3 go-live", duration=1, kind="cutover", systems=("N2",), phase="W3"),)
    p = m.Plan(plan().project, systems=systems, phases=phases, tasks=tasks)
    (shared,) = report_of(p).shared_ranges
    assert shared.number_range == "0300 123 0000-0099" and shared.systems == ("N1", "N2")
    assert shared.phases == ("W1", "W3")
    (issue,) = gap_issues(p, report_of(p))
    assert issue.code == "shared-number-range" and issue.where == "systems[0].number_ranges"
    assert "Wave 1 and Wave 3" in issue.message and "Legacy N1 (N1) and Legacy N2 (N2)" in issue.message
    assert analyse_gaps(p, None).shared_ranges == report_of(p).shared_ranges


def test_shared_range_in_one_wave_does_not_warn() -> None:
    systems = (current("N1", number_ranges=("01632 960000-960999",), phase="W2"),
               current("N2", number_ranges=("01632 960000-960999",), phase="W2"),
               current("N3", number_ranges=("01632 960000-960999",)))
    p = plan((), systems)
    assert report_of(p).shared_ranges == () and codes(p) == []


# --- deadlines: PSTN switch-off, task deadlines, contract ends --------------------------------------------


def test_pstn_switch_off_missed() -> None:
    lines = task("N1", "Re-provision lift lines", duration=400, kind="network")
    switch_off = task("N2", "PSTN/ISDN switch-off", "N1", duration=0, kind="milestone",
                      deadline=date(2027, 1, 31))
    p = plan((lines, switch_off))
    (missed,) = report_of(p).missed_deadlines
    assert missed.what == "N2" and missed.kind == "pstn-switch-off" and missed.deadline == date(2027, 1, 31)
    assert missed.planned > missed.deadline and "PSTN/ISDN switch-off missed" in missed.message
    (issue,) = gap_issues(p, report_of(p))
    assert (issue.code, issue.where) == ("deadline-missed", "tasks[1].deadline")


def test_pstn_recognised_by_date_or_name_and_other_deadlines_are_task_deadlines() -> None:
    assert is_pstn_switch_off(task("A", "Move lifts", deadline=date(2027, 1, 31)))
    assert is_pstn_switch_off(task("B", "ISDN30 switch off", deadline=date(2026, 6, 1)))
    assert is_pstn_switch_off(task("C", "Switch-off of PSTN lines"))
    assert not is_pstn_switch_off(task("D", "Switchboard go-live", deadline=date(2027, 2, 1)))
    late = task("B", "Build", duration=30, deadline=date(2026, 4, 10))
    on_time = task("E", "Early", duration=2, deadline=date(2026, 4, 10))
    (missed,) = report_of(plan((late, on_time))).missed_deadlines
    assert (missed.what, missed.kind) == ("B", "task-deadline")


def test_renewal_trap_when_the_incumbent_stops_after_its_contract_ends() -> None:
    pbx = current("PBX", contract_end=date(2026, 5, 31), notice_days=90, renewal_months=12)
    p = plan(decommission("D1", "PBX", after=60), (pbx,))
    report = report_of(p)
    (missed,) = report.missed_deadlines
    assert (missed.what, missed.kind, missed.deadline) == ("PBX", "contract-end", date(2026, 5, 31))
    assert missed.planned > date(2026, 5, 31)
    assert "serve notice by 2 March 2026 (90 days' notice)" in missed.message
    assert "renews for 12 months" in missed.message
    assert report.notice_deadlines == (("PBX", date(2026, 3, 2)),)
    assert [(i.code, i.where) for i in gap_issues(p, report)] == [
        ("contract-end-missed", "systems[0].contract_end")]


def test_no_renewal_trap_when_the_incumbent_stops_in_time() -> None:
    pbx = current("PBX", contract_end=date(2026, 12, 31), notice_days=30)
    p = plan(decommission("D1", "PBX", after=10), (pbx,))
    assert report_of(p).missed_deadlines == ()
    assert report_of(p).notice_deadlines == (("PBX", date(2026, 12, 1)),)


# --- data protection -----------------------------------------------------------------------------------


def dpia(task_id: str, *systems: str, duration: int = 5, preds: tuple[str, ...] = ()) -> m.Task:
    return task(task_id, "DPIA", *preds, duration=duration, kind="dpia", systems=systems)


def data_warnings(p: m.Plan, scheduled: bool = True) -> list[str]:
    report = analyse_gaps(p, compute_schedule(p) if scheduled else None)
    return [i.message for i in report.data_protection]


def test_target_with_personal_data_needs_a_dpia() -> None:
    tenant = target("T1", personal_data="citizen contact details")
    missing = plan(cutover("C1", "T1", after=10), (tenant,))
    (message,) = data_warnings(missing)
    assert "Target T1 (T1) holds personal data (citizen contact details) and goes live" in message
    assert "no DPIA names it and there is no programme-wide DPIA" in message
    assert analyse_gaps(missing, None).data_protection[0].where == "systems[0].personal_data"


def test_dpia_finishing_after_the_cutover_starts_warns() -> None:
    tenant = target("T1", personal_data="recordings")
    late = plan((*cutover("C1", "T1", after=10), dpia("DP", "T1", duration=11)), (tenant,))
    (message,) = data_warnings(late)
    assert "its DPIA 'DPIA' finishes on" in message and "not before it goes live on" in message
    assert data_warnings(late, scheduled=False) == []  # without a schedule only existence counts


def test_dpia_finishing_before_the_cutover_or_programme_wide_is_fine() -> None:
    tenant = target("T1", personal_data="recordings")
    just_in_time = plan((*cutover("C1", "T1", after=10), dpia("DP", "T1", duration=10)), (tenant,))
    assert data_warnings(just_in_time) == []
    assert data_warnings(plan((*cutover("C1", "T1", after=10), dpia("DP", duration=3)), (tenant,))) == []
    other = plan((*cutover("C1", "T1", after=10), dpia("DP", "T9", duration=3)), (tenant,))
    assert len(data_warnings(other)) == 1


def test_decommissioned_system_with_personal_data_needs_an_archive() -> None:
    legacy = current("L1", personal_data="call recordings")
    tasks = (*decommission("D1", "L1", after=20), dpia("DP", duration=2))
    (message,) = data_warnings(plan(tasks, (legacy,)))
    assert "is decommissioned or replaced" in message
    assert "no data migration or archive task names it" in message
    archived = task("AR", "Export recordings", duration=20, kind="archive", systems=("L1",))
    assert data_warnings(plan((*tasks, archived), (legacy,))) == []
    migrated = task("DM", "Migrate history", duration=25, kind="data_migration", systems=("L1",))
    (late,) = data_warnings(plan((*tasks, migrated), (legacy,)))
    assert "its data migration or archive task 'Migrate history' finishes on" in late
    assert "its decommission 'Switch off D1' starts on" in late


def test_replaced_current_system_is_checked_against_its_replacements_go_live() -> None:
    legacy = current("L1", personal_data="chat transcripts", replaced_by=("T1",))
    tasks = (*cutover("C1", "T1", after=5), dpia("DP", duration=8),
             task("AR", "Archive chats", duration=3, kind="archive", systems=("L1",)))
    (message,) = data_warnings(plan(tasks, (legacy, target("T1"))))
    assert "its DPIA 'DPIA' finishes on" in message
    assert "when its replacement Target T1 (T1) goes live" in message


def test_systems_not_changing_need_no_data_protection_tasks() -> None:
    retained = current("CRM", action="retain", personal_data="case data")
    staying = current("L2", personal_data="case data")  # neither decommissioned nor replaced
    no_data = current("L3", replaced_by=("T1",))
    p = plan(decommission("D1", "CRM", "L3"), (retained, staying, no_data, target("T1")))
    assert data_warnings(p) == []


# --- robustness ----------------------------------------------------------------------------------------


@given(plans())
def test_gap_analysis_never_raises_and_only_warns(p: m.Plan) -> None:
    try:
        schedule = compute_schedule(p)
    except PlanError:
        schedule = None
    for sched in {id(schedule): schedule, 0: None}.values():
        report = analyse_gaps(p, sched)
        issues = gap_issues(p, report)
        assert all(i.severity == "warning" for i in issues)
        assert {i.code for i in issues} <= {"integration-broken", "shared-number-range", "deadline-missed",
                                            "contract-end-missed", "data-protection"}
        for broken in report.broken_integrations:
            assert broken.working_days > 0 and broken.first_broken <= broken.last_broken
