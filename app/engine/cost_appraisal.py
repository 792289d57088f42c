"""Green Book appraisal arithmetic: discount factors, net present cost, switching value (brief §3.7)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.engine.cost_timing import FiscalHorizon
from app.engine.model import Plan
from app.engine.schedule import Schedule

CUTOVER_KIND = "cutover"
DECOMMISSION_KIND = "decommission"


def discount_factors(rate: float, years: int) -> tuple[float, ...]:
    """``1 / (1 + rate)^t`` for t = 0 .. years - 1 (t = 0 is the financial year containing the start)."""
    return tuple(1.0 / (1.0 + rate) ** t for t in range(years))


def present_value(by_fy: Sequence[float], factors: Sequence[float]) -> float:
    """The discounted sum of a per-financial-year series."""
    return sum(value * factor for value, factor in zip(by_fy, factors, strict=True))


def benefits_start_date(plan: Plan, schedule: Schedule) -> date:
    """When the service has moved: the last cutover finish, else the last decommission finish, else the end.

    Benefits for the switching value flow from the financial year after this date.
    """
    for kind in (CUTOVER_KIND, DECOMMISSION_KIND):
        finishes = [schedule.finish_of(t.id) for t in plan.tasks if t.kind == kind and t.id in schedule.index]
        if finishes:
            return max(finishes)
    return schedule.finish


def switching_value(gap: float, factors: Sequence[float], first_year: int) -> float | None:
    """The constant annual benefit from year ``first_year`` to the horizon end whose present value is ``gap``.

    Args:
        gap: ``npc_migrate - npc_do_minimum`` in pounds.
        factors: the discount factors of the horizon.
        first_year: index t of the first year of benefits (clipped to 0).

    Returns:
        0.0 when the gap is not positive (migrate is already no dearer); None when no benefit year is left
        inside the horizon; else ``gap / sum(factors[first_year:])``.
    """
    if gap <= 0.0:
        return 0.0
    annuity = sum(factors[max(0, first_year):])
    if annuity <= 0.0:
        return None
    return gap / annuity


def benefits_first_year(plan: Plan, schedule: Schedule, horizon: FiscalHorizon) -> int:
    """Index t of the financial year after the service has moved (see ``benefits_start_date``)."""
    return max(0, horizon.fy_index(benefits_start_date(plan, schedule)) + 1)
