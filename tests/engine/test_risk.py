"""Monte Carlo invariants (semantics §5): determinism, ordering, the deterministic case, PERT moments."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pytest

from app.engine.model import Dependency, Freeze, Plan, Project, Task
from app.engine.risk import PERT_LAMBDA, pert_quantile_tables, sample_durations, simulate
from app.engine.schedule import compute_schedule
from app.storage.interchange import read_json
from tests.conftest import SAMPLES


def chain(n: int, low: int, mode: int, high: int) -> Plan:
    tasks = [Task(f"T{i}", f"Task {i}", mode, optimistic=low, pessimistic=high,
                  predecessors=(Dependency(f"T{i - 1}"),) if i else ()) for i in range(n)]
    return Plan(Project("Chain", date(2026, 6, 1)), tasks=tuple(tasks))


@pytest.mark.parametrize("sample", ["midshire", "northvale", "citizen-services"])
def test_equal_estimates_give_the_deterministic_finish_at_every_percentile(sample: str) -> None:
    plan = read_json(SAMPLES / f"{sample}.json")
    fixed = dataclasses.replace(plan, tasks=tuple(dataclasses.replace(t, optimistic=None, pessimistic=None)
                                                  for t in plan.tasks))
    result = simulate(fixed, 300, seed=5)
    finish = compute_schedule(fixed).finish
    assert set(result.percentiles.values()) == {finish} and result.mean == finish
    assert result.deterministic_finish == finish


def test_same_seed_same_result_and_percentiles_ordered() -> None:
    plan = read_json(SAMPLES / "midshire.json")
    first, again = simulate(plan, 2500, seed=42), simulate(plan, 2500, seed=42)
    assert np.array_equal(first.finish_index, again.finish_index)
    assert first.criticality == again.criticality
    other = simulate(plan, 2500, seed=43)
    assert not np.array_equal(first.finish_index, other.finish_index)
    p = first.percentiles
    assert p[10] <= p[50] <= p[80] <= p[90]
    assert p[10] >= first.deterministic_finish - (date(2000, 3, 1) - date(2000, 1, 1))
    assert 0.0 <= first.p_within_benchmark <= 1.0
    assert all(0.0 <= c <= 1.0 for c in first.criticality.values())
    assert first.criticality["T01"] == 1.0  # every path starts with mobilisation


def test_a_long_chain_median_is_near_the_sum_of_pert_means() -> None:
    plan = chain(40, 5, 10, 30)
    result = simulate(plan, 4000, seed=3, distribution="pert")
    pert_mean = 40 * (5 + 4 * 10 + 30) / 6
    median = float(np.median(result.finish_index))
    assert median == pytest.approx(pert_mean, rel=0.01)


def test_pert_table_sampling_matches_pert_moments() -> None:
    low, mode, high = np.array([0, 2, 10]), np.array([5, 3, 12]), np.array([20, 9, 40])
    draws = sample_durations(low, mode, high, 200_000, np.random.default_rng(7), "pert")
    for i in range(3):
        a, m, b = float(low[i]), float(mode[i]), float(high[i])
        mean = (a + PERT_LAMBDA * m + b) / (PERT_LAMBDA + 2)
        alpha = 1 + PERT_LAMBDA * (m - a) / (b - a)
        beta = 1 + PERT_LAMBDA * (b - m) / (b - a)
        sd = (b - a) * np.sqrt(alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1)))
        assert draws[i].mean() == pytest.approx(mean, abs=0.01 * (b - a))
        assert draws[i].std() == pytest.approx(sd, rel=0.02)
        assert draws[i].min() >= a and draws[i].max() <= b
    tables = pert_quantile_tables(low, mode, high)
    assert np.all(np.diff(tables, axis=1) >= 0) and np.allclose(tables[:, 0], low) and np.allclose(tables[:, -1], high)


def test_freezes_and_chunks() -> None:
    cut = Task("c", "Go-live", 3, kind="cutover", optimistic=1, pessimistic=10)
    plan = Plan(Project("F", date(2026, 12, 1), freezes=(Freeze("Christmas", date(2026, 12, 14), date(2027, 1, 4)),)),
                tasks=(Task("a", "Build", 5, optimistic=3, pessimistic=12), dataclasses.replace(
                    cut, predecessors=(Dependency("a"),))))
    result = simulate(plan, 3000, seed=1, distribution="triangular")
    finishes = {result.percentiles[p] for p in (10, 50, 80, 90)}
    assert all(not (date(2026, 12, 14) <= f <= date(2027, 1, 4)) for f in finishes)
    with pytest.raises(ValueError):
        simulate(plan, 0)


def test_probability_by_deadline_agrees_with_the_schedule_when_estimates_are_fixed() -> None:
    plan = read_json(SAMPLES / "midshire.json")
    fixed = dataclasses.replace(plan, tasks=tuple(dataclasses.replace(t, optimistic=None, pessimistic=None)
                                                  for t in plan.tasks))
    schedule = compute_schedule(fixed)
    result = simulate(fixed, 200, seed=1)
    late = {v.task for v in schedule.violations if v.kind == "deadline-missed"}
    assert result.p_by_deadline  # Midshire has deadlines (PSTN switch-off, W3 before billing)
    for task_id, p in result.p_by_deadline.items():
        assert p == (0.0 if task_id in late else 1.0), task_id


def test_status_date_reforecast_is_the_deterministic_case_of_the_simulation() -> None:
    status = date(2026, 6, 15)
    tasks = (Task("a", "Design", 5, actual_start=date(2026, 6, 1), actual_finish=date(2026, 6, 5)),
             Task("b", "Build", 10, predecessors=(Dependency("a"),), actual_start=date(2026, 6, 8),
                  percent_complete=30),
             Task("c", "Test", 4, predecessors=(Dependency("b"),)))
    plan = Plan(Project("S", date(2026, 6, 1), status_date=status), tasks=tasks)
    result = simulate(plan, 100, seed=1)
    assert set(result.percentiles.values()) == {compute_schedule(plan).finish}
