"""Three-point cost: percentiles of the migrate option's one-off total from the lines' low/high estimates.

Each migrate one-off cost line with a ``low`` or ``high`` draws its amount from PERT-beta (lambda 4; or
triangular, as the project's distribution says) between low and high with the line's amount as the most
likely value (a missing bound is the amount). Lines without low/high, staff effort and exit fees stay fixed.
Draws are independent (no correlation) and the same seed gives the same result. Only the part of a line
inside the appraisal horizon counts, as in the cost report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from app.engine.model import Distribution, Plan
from app.engine.risk import PERCENTILES, sample_durations

if TYPE_CHECKING:
    from app.engine.cost import CostReport


def one_off_percentiles(plan: Plan, report: CostReport, iterations: int, seed: int,
                        distribution: Distribution | None = None) -> dict[int, float]:
    """P10, P50, P80 and P90 of the migrate one-off total (pounds, ex VAT, ex optimism bias).

    Args:
        plan: the plan.
        report: its cost report (``compute_costs``).
        iterations: number of draws (at least 1).
        seed: the random seed.
        distribution: ``pert`` or ``triangular``; None uses the project's setting.

    Returns:
        ``{10: ..., 50: ..., 80: ..., 90: ...}``; every percentile equals ``report.one_off`` when no line
        has a range.
    """
    totals = {item.id: item.total for item in report.items("migrate") if item.source == "line"}
    low, mode, high, inside = [], [], [], []
    for line in plan.cost_lines:
        if (line.option != "migrate" or line.kind != "one_off" or line.id not in totals
                or (line.low is None and line.high is None)):
            continue
        amount = line.amount
        low.append(min(amount, line.low if line.low is not None else amount))
        high.append(max(amount, line.high if line.high is not None else amount))
        mode.append(amount)
        inside.append(totals[line.id] / amount if amount else 1.0)
    size = max(1, iterations)
    if not low:
        return {p: report.one_off for p in PERCENTILES}
    rng = np.random.default_rng(seed)
    draws = sample_durations(np.array(low), np.array(mode), np.array(high), size, rng,
                             distribution or plan.project.distribution)
    change = (np.array(inside)[:, None] * (draws - np.array(mode)[:, None])).sum(axis=0)
    found = np.percentile(report.one_off + change, PERCENTILES)
    return {p: float(v) for p, v in zip(PERCENTILES, found.tolist(), strict=True)}
