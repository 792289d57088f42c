"""Three-way merge of plans record by record: nobody's change is lost without a choice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.engine import model as m
from app.engine.merge import PROJECT, changed, label, merge, records
from tests.strategies import plans


def edited(plan: m.Plan, data: st.DataObject, who: str) -> m.Plan:
    """``plan`` with some tasks renamed, some removed, a task added and perhaps the project renamed."""
    tasks = []
    for task in plan.tasks:
        action = data.draw(st.sampled_from(["keep", "keep", "rename", "remove"]), label=f"{who} {task.id}")
        if action == "rename":
            tasks.append(replace(task, name=f"{task.name} ({who})"))
        elif action == "keep":
            tasks.append(task)
    if data.draw(st.booleans(), label=f"{who} adds"):
        tasks.append(m.Task(f"NEW-{who}", f"Added by {who}", 5))
    project = plan.project
    if data.draw(st.booleans(), label=f"{who} renames project"):
        project = replace(project, name=f"{project.name} ({who})")
    return replace(plan, project=project, tasks=tuple(tasks))


@given(plans(max_items=5), st.data())
def test_every_record_comes_from_a_side_and_only_conflicts_need_a_choice(base: m.Plan,
                                                                         data: st.DataObject) -> None:
    mine, theirs = edited(base, data, "me"), edited(base, data, "them")
    result = merge(base, mine, theirs)
    mine_changed, theirs_changed = changed(base, mine), changed(base, theirs)
    merged, ours, other, old = records(result.plan), records(mine), records(theirs), records(base)
    conflicting = {c.key for c in result.conflicts}
    assert conflicting == {k for k in mine_changed & theirs_changed if ours.get(k) != other.get(k)}
    for key in ours.keys() | other.keys() | old.keys():
        if key in conflicting:
            assert merged.get(key) == other.get(key)  # unresolved: theirs stays until the user chooses
        elif key in theirs_changed:
            assert merged.get(key) == other.get(key)  # their change is never silently lost
        else:
            assert merged.get(key) == ours.get(key)  # everything else is mine
    assert set(result.taken) == {k for k in theirs_changed - mine_changed if ours.get(k) != other.get(k)}


@given(plans(max_items=5), st.data())
def test_choosing_mine_for_every_conflict_keeps_mine_there(base: m.Plan, data: st.DataObject) -> None:
    mine, theirs = edited(base, data, "me"), edited(base, data, "them")
    first = merge(base, mine, theirs)
    second = merge(base, mine, theirs, choices={c.key: "mine" for c in first.conflicts})
    assert second.conflicts == ()
    merged, ours = records(second.plan), records(mine)
    for conflict in first.conflicts:
        assert merged.get(conflict.key) == ours.get(conflict.key)


@given(plans(max_items=5))
def test_merging_with_no_change_on_one_side_gives_the_other(plan: m.Plan) -> None:
    renamed = replace(plan, project=replace(plan.project, name=plan.project.name + "!"))
    assert merge(plan, renamed, plan).plan == renamed
    assert merge(plan, plan, renamed).plan == renamed


def test_conflict_describes_fields_and_actions() -> None:
    base = replace(m.new_plan("P", date(2026, 1, 1)), tasks=(m.Task("T1", "Port numbers", 10),))
    mine = replace(base, tasks=(replace(base.tasks[0], duration=12),))
    theirs = replace(base, tasks=())
    (conflict,) = merge(base, mine, theirs).conflicts
    assert conflict.label == "Task T1 'Port numbers'"
    assert conflict.summary == "you changed it, they removed it"
    duration = {f.name: f for f in conflict.fields}["duration"]
    assert (duration.base, duration.mine, duration.theirs) == ("10", "12", "(absent)")
    assert label((PROJECT, "")) == "Project settings"
