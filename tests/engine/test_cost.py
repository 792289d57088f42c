"""Cost model (semantics §6): hand-worked cases for each placement rule, the estate, OB, VAT, appraisal."""

from __future__ import annotations

from datetime import date

import pytest

from app.engine import model as m
from app.engine.cost import CostReport, compute_costs, cost_percentiles
from app.engine.schedule import Schedule, compute_schedule

START = date(2026, 4, 1)  # Wednesday, first day of 2026/27


def costs(*lines: m.CostLine, tasks: tuple[m.Task, ...] = (), systems: tuple[m.System, ...] = (),
          roles: tuple[m.Role, ...] = (), **project: object) -> CostReport:
    """The cost report of a plan starting 1 Apr 2026 (England and Wales) with these items."""
    settings: dict[str, object] = {"appraisal_years": 4, **project}
    plan = m.Plan(m.Project("Cost test", START, **settings),  # type: ignore[arg-type]
                  systems=systems, roles=roles, tasks=tasks, cost_lines=lines)
    return compute_costs(plan, compute_schedule(plan))


def one_off(line_id: str = "C1", amount: float = 1000.0, **fields: object) -> m.CostLine:
    return m.CostLine(line_id, line_id, "Hardware", "one_off", amount, **fields)  # type: ignore[arg-type]


def recurring(line_id: str, monthly: float, start: date, end: date | None = None,
              **fields: object) -> m.CostLine:
    return m.CostLine(line_id, line_id, "CCaaS licences", "recurring", monthly,  # type: ignore[arg-type]
                      start=m.CostAnchor(date=start), end=m.CostAnchor(date=end) if end else None, **fields)


def item(report: CostReport, item_id: str) -> dict[str, float]:
    return next(i.by_fy for i in report.lines if i.id == item_id)


def nonzero(by_fy: dict[str, float]) -> dict[str, float]:
    return {k: pytest.approx(v) for k, v in by_fy.items() if abs(v) > 1e-9}


# --- financial years and one-offs ---------------------------------------------------------------------


def test_financial_years_run_april_to_march_from_the_year_of_the_start() -> None:
    report = costs(appraisal_years=3)
    assert report.fy_labels == ("2026/27", "2027/28", "2028/29")
    assert report.currency == "GBP"


def test_a_one_off_on_31_march_and_one_on_1_april_fall_in_different_years() -> None:
    report = costs(one_off("MAR", date=date(2027, 3, 31)), one_off("APR", 500.0, date=date(2027, 4, 1)))
    assert nonzero(item(report, "MAR")) == {"2026/27": 1000.0}
    assert nonzero(item(report, "APR")) == {"2027/28": 500.0}
    assert report.by_fy_migrate["2026/27"] == 1000.0 and report.by_fy_migrate["2027/28"] == 500.0


def test_a_one_off_spread_over_a_task_splits_by_its_working_days_across_31_march() -> None:
    # The task starts Mon 22 Mar 2027 and lasts 10 working days. Good Friday 26 Mar and Easter Monday
    # 29 Mar 2027 are bank holidays, so its days are 22, 23, 24, 25, 30, 31 Mar (6 in 2026/27) and
    # 1, 2, 5, 6 Apr (4 in 2027/28): £10,000 splits £6,000 / £4,000.
    task = m.Task("T", "Build", 10, start_no_earlier_than=date(2027, 3, 22))
    report = costs(one_off("C", 10_000.0, task="T"), tasks=(task,))
    assert nonzero(item(report, "C")) == {"2026/27": 6000.0, "2027/28": 4000.0}


def test_a_one_off_on_a_milestone_falls_on_its_date() -> None:
    task = m.Task("M", "Go-live", 0, start_no_earlier_than=date(2027, 4, 1))
    report = costs(one_off("C", 700.0, task="M"), tasks=(task,))
    assert nonzero(item(report, "C")) == {"2027/28": 700.0}


def test_a_one_off_outside_the_horizon_is_left_out_with_a_warning() -> None:
    report = costs(one_off("LATE", date=date(2031, 1, 1)))
    assert report.total_migrate == 0.0
    assert [w.code for w in report.warnings] == ["outside-horizon"]


# --- recurring lines ----------------------------------------------------------------------------------


def test_recurring_part_months_are_pro_rata_by_calendar_days_leap_february_whole() -> None:
    # £3,100/month, 15 Jan to 10 Mar 2028: January 17/31 x 3,100 = 1,700; February 2028 (29 days, leap)
    # whole = 3,100; March 10/31 x 3,100 = 1,000. Total £5,800, all in 2027/28.
    report = costs(recurring("R", 3100.0, date(2028, 1, 15), date(2028, 3, 10)))
    assert nonzero(item(report, "R")) == {"2027/28": 5800.0}


def test_part_of_a_leap_february_is_charged_in_twenty_ninths() -> None:
    # 15-29 Feb 2028 is 15 of 29 days: 15/29 x £2,900 = £1,500.
    report = costs(recurring("R", 2900.0, date(2028, 2, 15), date(2028, 2, 29)))
    assert item(report, "R")["2027/28"] == pytest.approx(1500.0)


def test_recurring_with_no_end_runs_to_the_end_of_the_horizon() -> None:
    report = costs(recurring("R", 1000.0, date(2027, 1, 1)), appraisal_years=3)
    assert nonzero(item(report, "R")) == {"2026/27": 3000.0, "2027/28": 12_000.0, "2028/29": 12_000.0}


def test_ramp_steps_scale_each_day_by_the_share_in_force() -> None:
    # £1,000/month Apr-Jun 2026; ramp 30% from 1 Apr, 60% from 16 May, 100% from 1 Jun.
    # April 300; May (15 x 0.3 + 16 x 0.6) / 31 x 1,000 = 14.1/31 x 1,000; June 1,000.
    ramp = (m.RampStep(date(2026, 5, 16), 0.6), m.RampStep(date(2026, 4, 1), 0.3),
            m.RampStep(date(2026, 6, 1), 1.0))
    report = costs(recurring("R", 1000.0, date(2026, 4, 1), date(2026, 6, 30), ramp=ramp))
    assert item(report, "R")["2026/27"] == pytest.approx(300.0 + 14.1 / 31 * 1000.0 + 1000.0)


def test_days_before_the_first_ramp_step_charge_in_full() -> None:
    ramp = (m.RampStep(date(2026, 4, 16), 0.0),)
    report = costs(recurring("R", 3000.0, date(2026, 4, 1), date(2026, 4, 30), ramp=ramp))
    assert item(report, "R")["2026/27"] == pytest.approx(1500.0)  # 15 of 30 days at 100%, then 0%


def test_recurring_anchors_on_task_start_and_finish() -> None:
    # The task runs Wed 1 Apr to Tue 14 Apr 2026 (10 working days; Good Friday 3 Apr and Easter Monday
    # 6 Apr 2026 are holidays): 14 of April's 30 days at £3,000/month = £1,400.
    task = m.Task("T", "Parallel run", 8)
    line = m.CostLine("R", "R", "Other", "recurring", 3000.0, start=m.CostAnchor(task="T"),
                      end=m.CostAnchor(task="T", event="finish"))
    report = costs(line, tasks=(task,))
    assert item(report, "R")["2026/27"] == pytest.approx(1400.0)


def test_a_recurring_line_ending_before_it_starts_charges_nothing_and_warns() -> None:
    task = m.Task("T", "Early", 5)
    line = m.CostLine("R", "R", "Other", "recurring", 3000.0, start=m.CostAnchor(date=date(2026, 9, 1)),
                      end=m.CostAnchor(task="T", event="finish"))
    report = costs(line, tasks=(task,))
    assert report.total_migrate == 0.0 and [w.code for w in report.warnings] == ["cost-period-empty"]


def test_annual_run_target_is_twelve_months_of_the_recurring_lines_at_full_ramp() -> None:
    report = costs(recurring("R", 1000.0, date(2027, 1, 1), ramp=(m.RampStep(date(2027, 1, 1), 0.3),)),
                   recurring("D", 50.0, date(2027, 1, 1), option="do_minimum"))
    assert report.annual_run_target == 12_000.0


# --- staff effort -------------------------------------------------------------------------------------


def test_effort_is_days_times_day_rate_spread_over_the_task_as_client_programme_team() -> None:
    task = m.Task("T", "Build", 10, phase="P2", start_no_earlier_than=date(2027, 3, 22),
                  effort=(m.Effort("PM", 5.0), m.Effort("BA", 2.0)))
    roles = (m.Role("PM", "Project manager", 650.0), m.Role("BA", "Analyst", 550.0))
    report = costs(tasks=(task,), roles=roles)
    assert nonzero(item(report, "effort:T:PM")) == {"2026/27": 1950.0, "2027/28": 1300.0}  # 6/10 and 4/10
    assert report.by_category == {"Client programme team": pytest.approx(3250.0 + 1100.0)}
    assert report.by_phase == {"P2": pytest.approx(4350.0)} and report.one_off == pytest.approx(4350.0)


# --- the current estate -------------------------------------------------------------------------------


def legacy(exit_fee: float = 0.0, **fields: object) -> m.System:
    return m.System("OLD", "Old PBX", "current", "acd", annual_run_cost=365_000.0, exit_fee=exit_fee,
                    **fields)  # type: ignore[arg-type]


DECOMMISSION = m.Task("D", "Decommission", 0, kind="decommission", systems=("OLD",),
                      start_no_earlier_than=date(2026, 10, 15))
# Legacy run at £365,000/yr = £30,416.67/month from 1 Apr to Thu 15 Oct 2026 inclusive:
# 6 whole months 182,500 + 15/31 x 30,416.67 = 14,717.74, so 197,217.74.
RUN_TO_15_OCT = 182_500.0 + 15 / 31 * 365_000.0 / 12


def test_a_legacy_system_runs_from_the_start_until_its_decommission_task_finishes() -> None:
    report = costs(tasks=(DECOMMISSION,), systems=(legacy(),))
    assert nonzero(item(report, "legacy-run:OLD")) == {"2026/27": RUN_TO_15_OCT}
    assert report.by_category == {"Legacy run": pytest.approx(RUN_TO_15_OCT)}
    assert report.dual_running == 0.0 and report.warnings == ()


def test_do_minimum_runs_the_legacy_estate_for_the_whole_horizon() -> None:
    report = costs(tasks=(DECOMMISSION,), systems=(legacy(),), appraisal_years=3)
    assert report.by_fy_do_minimum == {"2026/27": 365_000.0, "2027/28": 365_000.0, "2028/29": 365_000.0}
    assert report.annual_run_current == 365_000.0


def test_dual_running_is_the_overlap_on_its_own_line_and_nothing_is_counted_twice() -> None:
    # The replacement charges from 1 Aug 2026: legacy Apr-Jul = 121,666.67; dual running 1 Aug - 15 Oct =
    # 2 months + 15/31 = 75,551.08; together exactly what the system costs until decommission.
    new = m.System("NEW", "CCaaS", "target", "platform")
    line = recurring("LIC", 100.0, date(2026, 8, 1), system="NEW")
    report = costs(line, tasks=(DECOMMISSION,), systems=(legacy(replaced_by=("NEW",)), new))
    legacy_part, dual = item(report, "legacy-run:OLD")["2026/27"], item(report, "dual-running:OLD")["2026/27"]
    assert legacy_part == pytest.approx(4 * 365_000.0 / 12)
    assert dual == pytest.approx(2 * 365_000.0 / 12 + 15 / 31 * 365_000.0 / 12)
    assert legacy_part + dual == pytest.approx(RUN_TO_15_OCT)
    assert report.dual_running == pytest.approx(dual)
    assert report.by_category["Dual running"] == pytest.approx(dual)


def test_dual_running_falls_back_to_the_first_migrate_recurring_charge() -> None:
    # No line names the replacement: the earliest migrate recurring line (1 Sep 2026) opens the window.
    line = recurring("LIC", 100.0, date(2026, 9, 1))
    later = recurring("LATER", 1.0, date(2026, 10, 1))
    report = costs(line, later, tasks=(DECOMMISSION,), systems=(legacy(),))
    assert item(report, "dual-running:OLD")["2026/27"] == pytest.approx(365_000.0 / 12 * (1 + 15 / 31))


def test_a_retained_system_with_no_end_runs_the_whole_horizon_with_no_dual_running() -> None:
    report = costs(recurring("LIC", 100.0, date(2026, 9, 1)), systems=(legacy(),), appraisal_years=2)
    assert nonzero(item(report, "legacy-run:OLD")) == {"2026/27": 365_000.0, "2027/28": 365_000.0}
    assert report.dual_running == 0.0
    assert [w.code for w in report.warnings] == ["run-whole-horizon"]


def test_without_a_decommission_task_a_system_runs_to_its_contract_end_with_a_warning() -> None:
    report = costs(systems=(legacy(contract_end=date(2026, 6, 30)),))
    assert item(report, "legacy-run:OLD")["2026/27"] == pytest.approx(3 * 365_000.0 / 12)
    assert [w.code for w in report.warnings] == ["run-to-contract-end"]


def test_the_exit_fee_is_a_one_off_on_the_decommission_date() -> None:
    late = m.Task("D", "Decommission", 0, kind="decommission", systems=("OLD",),
                  start_no_earlier_than=date(2027, 4, 1))
    report = costs(tasks=(late,), systems=(legacy(exit_fee=25_000.0),))
    assert nonzero(item(report, "exit-fee:OLD")) == {"2027/28": 25_000.0}
    assert report.by_category["Exit fees"] == 25_000.0
    assert report.one_off == 25_000.0  # one_off counts exit fees, not the legacy run


# --- optimism bias and VAT ----------------------------------------------------------------------------


def test_optimism_bias_is_a_separate_uplift_of_resultant_times_base() -> None:
    capex = one_off("CAP", 100_000.0, date=date(2026, 6, 1), ob_category="capital")
    opex = recurring("OPS", 1000.0, date(2026, 4, 1), date(2027, 3, 31), ob_category="operating")
    plain = one_off("NONE", 5000.0, date=date(2026, 6, 1))
    report = costs(capex, opex, plain, ob_capital=m.OptimismBias(2.0, 0.5),
                   ob_operating=m.OptimismBias(0.41, 0.0))
    assert report.optimism_bias_capital == pytest.approx(100_000.0)  # (1 - 50%) x 200% = 100%
    assert report.optimism_bias_operating == pytest.approx(0.41 * 12_000.0)
    assert report.optimism_bias == pytest.approx(100_000.0 + 4920.0)
    assert report.total_migrate == pytest.approx(117_000.0)  # base never includes OB
    assert "Optimism bias" not in report.by_category
    assert report.total_migrate_with_ob == pytest.approx(117_000.0 + 104_920.0)
    assert report.npc_migrate_with_ob == pytest.approx(report.total_migrate_with_ob)  # all in t = 0
    assert {i.id for i in report.items("migrate", base=False)} - {i.id for i in report.items("migrate")} == {
        "optimism-bias:capital", "optimism-bias:operating", "vat:migrate"}


def test_duration_optimism_bias_is_days_not_money() -> None:
    report = costs(tasks=(m.Task("T", "Build", 100),), ob_duration=m.OptimismBias(0.54, 0.5))
    assert report.duration_uplift_days == pytest.approx(27.0)
    assert report.optimism_bias == 0.0


def test_irrecoverable_vat_is_kept_apart_in_the_financial_view_only() -> None:
    headsets = one_off("HS", 8250.0, date=date(2027, 5, 1), vat_irrecoverable=1.0)
    services = one_off("PS", 1000.0, date=date(2027, 5, 1), vat_irrecoverable=0.5)
    report = costs(headsets, services)
    assert report.irrecoverable_vat == pytest.approx(1650.0 + 100.0)
    assert report.by_fy_migrate["2027/28"] == pytest.approx(9250.0)
    assert report.by_fy_migrate_financial["2027/28"] == pytest.approx(9250.0 + 1750.0)
    assert report.npc_migrate == pytest.approx(9250.0 / 1.035)
    assert next(i for i in report.lines if i.id == "PS").irrecoverable_vat == pytest.approx(100.0)


# --- appraisal ----------------------------------------------------------------------------------------


def test_discount_factors_at_3_5_percent_match_the_brief() -> None:
    report = costs(appraisal_years=11)
    brief = (1.0, 0.9662, 0.9335, 0.9019, 0.8714, 0.8420, 0.8135, 0.7860, 0.7594, 0.7337, 0.7089)
    assert tuple(round(f, 4) for f in report.discount_factors) == brief


def test_npc_is_the_discounted_sum_of_each_option_by_year() -> None:
    report = costs(recurring("R", 1000.0, date(2026, 4, 1)),
                   one_off("D", 9000.0, date=date(2028, 1, 1), option="do_minimum"), discount_rate=0.035)
    assert report.npc_migrate == pytest.approx(12_000.0 * sum(1 / 1.035 ** t for t in range(4)))
    assert report.npc_do_minimum == pytest.approx(9000.0 / 1.035)
    assert report.total_do_minimum == 9000.0


def test_the_switching_value_closes_the_gap_from_the_year_after_the_last_cutover() -> None:
    cutover = m.Task("GO", "Go-live", 0, kind="cutover", start_no_earlier_than=date(2027, 1, 5))
    report = costs(one_off("C", 100_000.0, date=date(2026, 6, 1)), tasks=(cutover,))
    assert report.benefits_from_fy == "2027/28"
    assert report.switching_value is not None
    benefit_pv = report.switching_value * sum(report.discount_factors[1:])
    assert report.npc_do_minimum + benefit_pv == pytest.approx(report.npc_migrate)


def test_no_switching_value_is_needed_when_migrate_is_cheaper() -> None:
    report = costs(one_off("D", 5.0, date=date(2026, 6, 1), option="do_minimum"))
    assert report.switching_value == 0.0


# --- three-point cost ---------------------------------------------------------------------------------


def _three_point_plan() -> tuple[m.Plan, Schedule]:
    lines = (one_off("A", 100.0, date=date(2026, 6, 1), low=80.0, high=200.0),
             one_off("B", 50.0, date=date(2026, 6, 1), high=60.0), one_off("C", 10.0, date=date(2026, 6, 1)))
    plan = m.Plan(m.Project("Risk", START, appraisal_years=2), cost_lines=lines)
    return plan, compute_schedule(plan)


def test_cost_percentiles_are_seeded_ordered_and_within_the_ranges() -> None:
    plan, schedule = _three_point_plan()
    first = cost_percentiles(plan, schedule, iterations=4000, seed=7)
    assert first == cost_percentiles(plan, schedule, iterations=4000, seed=7)
    assert list(first) == [10, 50, 80, 90]
    assert 140.0 <= first[10] <= first[50] <= first[80] <= first[90] <= 270.0
    assert first[50] > 160.0  # right-skewed ranges pull the median above the most likely total


def test_cost_percentiles_without_ranges_are_the_one_off_total() -> None:
    plan = m.Plan(m.Project("Risk", START), cost_lines=(one_off("C", 10.0, date=date(2026, 6, 1)),))
    assert cost_percentiles(plan, compute_schedule(plan), iterations=10, seed=1) == {
        10: 10.0, 50: 10.0, 80: 10.0, 90: 10.0}
