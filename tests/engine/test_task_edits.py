"""Task edits: deleting tasks cascades to dependencies and cost-line timing, and undoes exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.engine.model import Plan
from app.engine.references import structural_problems
from app.engine.schedule import compute_schedule
from app.engine.task_edits import delete_tasks_edit
from app.storage.interchange import read_json
from tests.conftest import SAMPLES
from tests.strategies import plans


def test_deleting_a_task_keeps_cost_timing_as_dates() -> None:
    plan = read_json(SAMPLES / "midshire.json")
    timed = [c for c in plan.cost_lines if c.task or (c.start and c.start.task)]
    assert timed, "the sample times some cost lines by tasks"
    line = timed[0]
    task_id = line.task or line.start.task  # type: ignore[union-attr]
    schedule = compute_schedule(plan)
    applied = delete_tasks_edit(plan, [task_id]).apply(plan)
    after = {c.id: c for c in applied.plan.cost_lines}[line.id]
    assert after.task is None and (after.start is None or after.start.task != task_id)
    expected = schedule.start_of(task_id) if line.task else (
        schedule.start_of(task_id) if line.start.event == "start" else schedule.finish_of(task_id))  # type: ignore[union-attr]
    assert (after.date if line.task else after.start.date) == expected  # type: ignore[union-attr]
    assert not [p for p in structural_problems(applied.plan) if task_id in p.message]
    assert applied.inverse.apply(applied.plan).plan == plan


@given(plans(), st.data())
def test_delete_leaves_no_reference_and_inverts(plan: Plan, data: st.DataObject) -> None:
    if not plan.tasks:
        return
    ids = data.draw(st.lists(st.sampled_from([t.id for t in plan.tasks]), min_size=1, unique=True))
    before = {(p.where, p.message) for p in structural_problems(plan)}
    applied = delete_tasks_edit(plan, ids).apply(plan)
    new = [p for p in structural_problems(applied.plan) if (p.where, p.message) not in before]
    assert not [p for p in new if any(f"'{i}'" in p.message for i in ids)]
    assert applied.inverse.apply(applied.plan).plan == plan
