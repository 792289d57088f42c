"""The cost model (planning semantics §6): every cost as an item by UK financial year, views and appraisal.

``compute_costs(plan, schedule)`` places cost lines, staff effort and the current estate's run cost on the
appraisal horizon (``cost_sources``, ``cost_timing``), adds optimism-bias uplifts and irrecoverable VAT as
separate items, and sums the views: by financial year, category, phase and system, each adding up to the
same grand total. Money is GBP in real base-year prices; conventions are in docs/cost.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from app.engine.calendar import WorkingCalendar
from app.engine.cost_appraisal import (
    benefits_first_year,
    discount_factors,
    present_value,
    switching_value,
)
from app.engine.cost_risk import one_off_percentiles
from app.engine.cost_sources import (
    Context,
    CostWarning,
    Draft,
    effort_drafts,
    estate_drafts,
    line_drafts,
)
from app.engine.cost_timing import FiscalHorizon, spread_over_tasks
from app.engine.model import Distribution, Plan
from app.engine.schedule import Schedule

__all__ = ["CostItem", "CostReport", "CostWarning", "compute_costs", "cost_percentiles"]

OPTIMISM_BIAS = "Optimism bias"
IRRECOVERABLE_VAT = "Irrecoverable VAT"
ADJUSTMENT_SOURCES = ("optimism-bias", "vat")  # items outside the economic base view
OPTIONS = ("migrate", "do_minimum")
NO_KEY = ""  # the by_phase / by_system key of items without a phase / system


@dataclass(frozen=True)
class CostItem:
    """One cost, by financial year.

    ``by_fy`` holds pounds ex VAT for every financial-year label of the horizon; ``total`` is their sum.
    ``source`` says where it came from: ``line`` (a cost line), ``effort`` (task effort x day rate),
    ``legacy-run``, ``dual-running``, ``exit-fee`` (the current estate), ``optimism-bias`` or ``vat``
    (adjustments, kept out of the base view). ``system`` and ``phase`` are ids, or None.
    """

    id: str
    name: str
    category: str
    option: str
    kind: str
    source: str
    system: str | None
    phase: str | None
    ob_category: str
    treatment: str
    by_fy: dict[str, float]
    irrecoverable_vat_by_fy: dict[str, float]
    total: float
    irrecoverable_vat: float

    @property
    def is_base(self) -> bool:
        """True for costs in the economic base view (not an optimism-bias or VAT adjustment)."""
        return self.source not in ADJUSTMENT_SOURCES


@dataclass(frozen=True)
class CostReport:
    """The cost model of a plan. Base figures are ex VAT and ex optimism bias unless the name says otherwise.

    ``by_category``, ``by_phase`` and ``by_system`` are of the migrate option's base items and add up to
    ``total_migrate`` = the sum of ``by_fy_migrate``; ``npc_*`` are the discounted sums of ``by_fy_*``.
    Items without a phase or system are under the key ``""``.
    """

    currency: str
    fy_labels: tuple[str, ...]
    lines: tuple[CostItem, ...]
    discount_factors: tuple[float, ...]
    by_fy_migrate: dict[str, float]
    by_fy_do_minimum: dict[str, float]
    by_category: dict[str, float]
    by_category_do_minimum: dict[str, float]
    by_phase: dict[str, float]
    by_system: dict[str, float]
    total_migrate: float
    total_do_minimum: float
    one_off: float
    dual_running: float
    annual_run_current: float
    annual_run_target: float
    npc_migrate: float
    npc_do_minimum: float
    optimism_bias: float
    optimism_bias_capital: float
    optimism_bias_operating: float
    optimism_bias_by_fy: dict[str, float]
    duration_uplift_days: float
    by_fy_migrate_with_ob: dict[str, float]
    total_migrate_with_ob: float
    npc_migrate_with_ob: float
    irrecoverable_vat: float
    irrecoverable_vat_do_minimum: float
    irrecoverable_vat_by_fy_migrate: dict[str, float]
    irrecoverable_vat_by_fy_do_minimum: dict[str, float]
    by_fy_migrate_financial: dict[str, float]
    by_fy_do_minimum_financial: dict[str, float]
    benefits_from_fy: str | None
    switching_value: float | None
    warnings: tuple[CostWarning, ...]
    by_category_by_fy: dict[str, dict[str, float]] = field(default_factory=dict)
    discounted_by_fy_migrate: dict[str, float] = field(default_factory=dict)
    discounted_by_fy_do_minimum: dict[str, float] = field(default_factory=dict)
    npc_difference: float = 0.0  # npc_migrate - npc_do_minimum: what migrating costs more in present value

    def items(self, option: str | None = None, base: bool = True) -> tuple[CostItem, ...]:
        """The items of ``option`` (None: both), base items only unless ``base`` is False."""
        return tuple(i for i in self.lines
                     if (option is None or i.option == option) and (i.is_base or not base))


def compute_costs(plan: Plan, schedule: Schedule, calendar: WorkingCalendar | None = None) -> CostReport:
    """Compute the cost model of ``plan`` on its ``schedule`` (planning semantics §6, docs/cost.md).

    Args:
        plan: the plan.
        schedule: its schedule from ``compute_schedule`` (task dates anchor costs and spread effort).
        calendar: the project's working calendar, to reuse (built from the project otherwise).

    Returns:
        A ``CostReport``; problems the model worked around are in ``warnings``, never raised.
    """
    project = plan.project
    horizon = FiscalHorizon.for_start(project.start_date, project.appraisal_years)
    cal = calendar or WorkingCalendar.for_project(project)
    spread = spread_over_tasks(horizon, cal, schedule.es, schedule.ef)
    ctx = Context(plan, schedule, horizon, spread, [])
    drafts = line_drafts(ctx) + effort_drafts(ctx) + estate_drafts(ctx)
    adjustments = _optimism_bias(plan, drafts, horizon) + _vat(drafts, horizon)
    items = _items(drafts + adjustments, horizon)
    return _report(plan, schedule, horizon, items, drafts, adjustments, ctx.warnings)


def cost_percentiles(plan: Plan, schedule: Schedule, iterations: int = 10_000, seed: int = 0,
                     distribution: Distribution | None = None,
                     report: CostReport | None = None) -> dict[int, float]:
    """P10/P50/P80/P90 of the migrate one-off total from the lines' low/high estimates (``cost_risk``).

    Args:
        plan: the plan.
        schedule: its schedule.
        iterations: number of draws.
        seed: the random seed (the same seed gives the same result).
        distribution: ``pert`` or ``triangular``; None uses the project's setting (default PERT).
        report: the plan's cost report, if already computed.
    """
    return one_off_percentiles(plan, report or compute_costs(plan, schedule), iterations, seed, distribution)


def _optimism_bias(plan: Plan, drafts: list[Draft], horizon: FiscalHorizon) -> list[Draft]:
    """Capital and operating uplifts: resultant OB x the migrate base costs of that OB category."""
    out = []
    for category, bias in (("capital", plan.project.ob_capital), ("operating", plan.project.ob_operating)):
        base = _sum_fy((d.fy for d in drafts if d.option == "migrate" and d.ob_category == category), horizon)
        out.append(Draft(f"optimism-bias:{category}", f"Optimism bias ({category}, {bias.resultant:.0%})",
                         OPTIMISM_BIAS, "migrate", "adjustment", "optimism-bias", None, None, category, "",
                         bias.resultant * base))
    return out


def _vat(drafts: list[Draft], horizon: FiscalHorizon) -> list[Draft]:
    """One irrecoverable-VAT item per option (the financial view only)."""
    out = []
    for option in ("migrate", "do_minimum"):
        vat = _sum_fy((d.fy * d.vat_share for d in drafts if d.option == option and d.vat_share), horizon)
        name = f"Irrecoverable VAT ({option.replace('_', ' ')})"
        out.append(Draft(f"vat:{option}", name, IRRECOVERABLE_VAT, option, "adjustment", "vat", None, None,
                         "none", "", vat))
    return out


def _sum_fy(rows: Iterable[np.ndarray], horizon: FiscalHorizon) -> np.ndarray:
    total = horizon.zeros()
    for row in rows:
        total = total + row
    return total


def _items(drafts: list[Draft], horizon: FiscalHorizon) -> tuple[CostItem, ...]:
    """Report items from drafts, converting the per-year arrays in one go (fast for many items)."""
    if not drafts:
        return ()
    labels = horizon.labels
    matrix = np.vstack([d.fy for d in drafts])
    no_vat = [0.0] * horizon.years
    vat = [(d.fy * d.vat_share).tolist() if d.vat_share else no_vat for d in drafts]
    rows = zip(drafts, matrix.tolist(), vat, matrix.sum(axis=1).tolist(), strict=True)
    return tuple(
        CostItem(d.id, d.name, d.category, d.option, d.kind, d.source, d.system, d.phase, d.ob_category,
                 d.treatment, dict(zip(labels, row, strict=True)), dict(zip(labels, vat_row, strict=True)),
                 total, sum(vat_row))
        for d, row, vat_row, total in rows)


def _group(items: Iterable[CostItem], key: str) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for item in items:
        value = getattr(item, key)
        out[NO_KEY if value is None else value] += item.total
    return dict(out)


def _group_by_fy(items: Iterable[CostItem], labels: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """Category -> FY label -> pounds (migrate, base view); each category's years add up to its total."""
    out: dict[str, dict[str, float]] = {}
    for item in items:
        years = out.setdefault(item.category, dict.fromkeys(labels, 0.0))
        for label, value in item.by_fy.items():
            years[label] += value
    return out


def _column_sums(rows: list[np.ndarray], horizon: FiscalHorizon) -> np.ndarray:
    if not rows:
        return horizon.zeros()
    summed: np.ndarray = np.vstack(rows).sum(axis=0)
    return summed


def _report(plan: Plan, schedule: Schedule, horizon: FiscalHorizon, items: tuple[CostItem, ...],
            drafts: list[Draft], adjustments: list[Draft], warnings: list[CostWarning]) -> CostReport:
    labels = horizon.labels
    factors = discount_factors(plan.project.discount_rate, horizon.years)
    fy = {o: _column_sums([d.fy for d in drafts if d.option == o], horizon) for o in OPTIONS}
    vat = {a.option: a.fy for a in adjustments if a.source == "vat"}
    ob = {a.ob_category: a.fy for a in adjustments if a.source == "optimism-bias"}
    ob_fy = ob["capital"] + ob["operating"]
    with_ob = fy["migrate"] + ob_fy
    migrate = [i for i in items if i.option == "migrate" and i.is_base]
    do_minimum = [i for i in items if i.option == "do_minimum" and i.is_base]
    npc_migrate = present_value(fy["migrate"].tolist(), factors)
    npc_do_minimum = present_value(fy["do_minimum"].tolist(), factors)
    first_benefit = benefits_first_year(plan, schedule, horizon)
    switching = switching_value(npc_migrate - npc_do_minimum, factors, first_benefit)
    if switching is None:
        warnings.append(CostWarning("no-benefit-years", "The service moves in the last financial year of the "
                                    "appraisal horizon or later, so no switching value can be given."))

    def by_label(values: np.ndarray) -> dict[str, float]:
        return dict(zip(labels, values.tolist(), strict=True))

    return CostReport(
        currency="GBP", fy_labels=labels, lines=items, discount_factors=factors,
        by_fy_migrate=by_label(fy["migrate"]), by_fy_do_minimum=by_label(fy["do_minimum"]),
        by_category=_group(migrate, "category"),
        by_category_do_minimum=_group(do_minimum, "category"),
        by_phase=_group(migrate, "phase"), by_system=_group(migrate, "system"),
        total_migrate=float(fy["migrate"].sum()), total_do_minimum=float(fy["do_minimum"].sum()),
        one_off=sum(i.total for i in migrate if i.kind == "one_off"),
        dual_running=sum(i.total for i in migrate if i.source == "dual-running"),
        annual_run_current=sum(s.annual_run_cost for s in plan.systems if s.estate == "current"),
        annual_run_target=12.0 * sum(c.amount for c in plan.cost_lines
                                     if c.option == "migrate" and c.kind == "recurring"),
        npc_migrate=npc_migrate, npc_do_minimum=npc_do_minimum,
        optimism_bias=float(ob_fy.sum()), optimism_bias_capital=float(ob["capital"].sum()),
        optimism_bias_operating=float(ob["operating"].sum()), optimism_bias_by_fy=by_label(ob_fy),
        duration_uplift_days=plan.project.ob_duration.resultant * schedule.working_days,
        by_fy_migrate_with_ob=by_label(with_ob), total_migrate_with_ob=float(with_ob.sum()),
        npc_migrate_with_ob=present_value(with_ob.tolist(), factors),
        irrecoverable_vat=float(vat["migrate"].sum()),
        irrecoverable_vat_do_minimum=float(vat["do_minimum"].sum()),
        irrecoverable_vat_by_fy_migrate=by_label(vat["migrate"]),
        irrecoverable_vat_by_fy_do_minimum=by_label(vat["do_minimum"]),
        by_fy_migrate_financial=by_label(fy["migrate"] + vat["migrate"]),
        by_fy_do_minimum_financial=by_label(fy["do_minimum"] + vat["do_minimum"]),
        benefits_from_fy=labels[first_benefit] if first_benefit < horizon.years else None,
        switching_value=switching,
        warnings=tuple(warnings),
        by_category_by_fy=_group_by_fy(migrate, labels),
        discounted_by_fy_migrate=by_label(fy["migrate"] * np.asarray(factors)),
        discounted_by_fy_do_minimum=by_label(fy["do_minimum"] * np.asarray(factors)),
        npc_difference=npc_migrate - npc_do_minimum,
    )
