"""Cost model invariants on generated plans: every total is the sum of its parts (semantics §6)."""

from __future__ import annotations

import math

from hypothesis import assume, given
from hypothesis import strategies as st

from app.engine import model as m
from app.engine.cost import CostReport, compute_costs
from app.engine.schedule import Schedule, compute_schedule
from app.errors import PlanError
from tests.strategies import plans


def close(a: float, b: float, scale: float) -> bool:
    """Equal to floating precision, relative to the size of the money involved."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9 * max(1.0, scale))


def check_reconciles(report: CostReport) -> None:
    """By FY, category, phase and system all add up to the same grand total; NPC is the discounted sum."""
    migrate, do_minimum = report.items("migrate"), report.items("do_minimum")
    scale = sum(abs(v) for i in report.lines for v in i.by_fy.values())
    total = report.total_migrate
    assert close(sum(report.by_fy_migrate.values()), total, scale)
    assert close(sum(report.by_category.values()), total, scale)
    assert close(sum(report.by_phase.values()), total, scale)
    assert close(sum(report.by_system.values()), total, scale)
    assert close(sum(i.total for i in migrate), total, scale)
    assert close(sum(report.by_fy_do_minimum.values()), report.total_do_minimum, scale)
    assert close(sum(report.by_category_do_minimum.values()), report.total_do_minimum, scale)
    assert close(sum(i.total for i in do_minimum), report.total_do_minimum, scale)
    for item in report.lines:
        assert list(item.by_fy) == list(report.fy_labels)
        assert close(sum(item.by_fy.values()), item.total, scale)
    for label in report.fy_labels:
        assert close(sum(i.by_fy[label] for i in migrate), report.by_fy_migrate[label], scale)
    factors = report.discount_factors
    for npc, by_fy in ((report.npc_migrate, report.by_fy_migrate),
                       (report.npc_do_minimum, report.by_fy_do_minimum)):
        assert close(npc, sum(v * f for v, f in zip(by_fy.values(), factors, strict=True)), scale)
    assert close(report.total_migrate_with_ob, total + report.optimism_bias, scale)
    assert close(sum(report.optimism_bias_by_fy.values()), report.optimism_bias, scale)
    assert close(report.one_off + sum(i.total for i in migrate if i.kind != "one_off"), total, scale)
    vat = sum(report.irrecoverable_vat_by_fy_migrate.values())
    assert close(vat, report.irrecoverable_vat, scale)
    assert close(sum(report.by_fy_migrate_financial.values()), total + vat, scale)
    assert close(vat, sum(i.irrecoverable_vat for i in migrate), scale)


def schedule_or_skip(plan: m.Plan) -> Schedule:
    try:
        return compute_schedule(plan)
    except (PlanError, ValueError, OverflowError):
        assume(False)
        raise AssertionError("unreachable") from None


@given(plans())
def test_every_total_is_the_sum_of_its_parts(plan: m.Plan) -> None:
    check_reconciles(compute_costs(plan, schedule_or_skip(plan)))


@given(plans(), st.integers(1, 30))
def test_dual_running_and_legacy_run_add_up_to_the_run_until_decommission(plan: m.Plan, years: int) -> None:
    plan = m.Plan(m.Project(plan.project.name, plan.project.start_date, appraisal_years=years),
                  plan.systems, (), plan.roles, plan.phases, plan.tasks, plan.cost_lines)
    report = compute_costs(plan, schedule_or_skip(plan))
    check_reconciles(report)
    for system in plan.systems:
        parts = [i.total for i in report.lines if i.system == system.id and i.option == "migrate"
                 and i.source in ("legacy-run", "dual-running")]
        whole = [i.total for i in report.lines if i.system == system.id and i.option == "do_minimum"
                 and i.source == "legacy-run"]
        if whole:
            assert sum(parts) <= whole[0] * (1 + 1e-9) + 1e-6  # never more than running it throughout


def test_category_by_year_and_discounted_years_reconcile_on_the_samples() -> None:
    import pytest

    from app.engine.cost import compute_costs
    from app.engine.schedule import compute_schedule
    from app.storage.interchange import read_json
    from tests.conftest import SAMPLES

    for path in sorted(SAMPLES.glob("*.json")):
        plan = read_json(path)
        report = compute_costs(plan, compute_schedule(plan))
        for category, years in report.by_category_by_fy.items():
            assert sum(years.values()) == pytest.approx(report.by_category[category], abs=1e-6)
        for label in report.fy_labels:
            column = sum(years[label] for years in report.by_category_by_fy.values())
            assert column == pytest.approx(report.by_fy_migrate[label], abs=1e-6)
        assert sum(report.discounted_by_fy_migrate.values()) == pytest.approx(report.npc_migrate, abs=1e-6)
        assert sum(report.discounted_by_fy_do_minimum.values()) == pytest.approx(report.npc_do_minimum, abs=1e-6)
        assert report.npc_difference == pytest.approx(report.npc_migrate - report.npc_do_minimum)
