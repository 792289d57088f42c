"""Edits: applying the inverse restores the plan exactly; change sets; refused edits."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.engine import model as m
from app.engine.edits import (
    COLLECTIONS,
    ChangeSet,
    CompoundEdit,
    Edit,
    EditError,
    InsertItem,
    RemoveItem,
    ReplaceItem,
    SetProjectFields,
    next_id,
    set_item_fields,
)
from tests.engine.factories import plan, task
from tests.strategies import plans

PROJECT_FIELDS = tuple(f.name for f in dataclasses.fields(m.Project))


@st.composite
def set_field_edits(draw: st.DrawFn, current: m.Plan, donor: m.Plan) -> Edit:
    """Set one field of one item to a value taken from an item of another plan (or a fresh id)."""
    collection = draw(st.sampled_from([c for c in COLLECTIONS if getattr(current, c)]))
    item = draw(st.sampled_from(getattr(current, collection)))
    names = [f.name for f in dataclasses.fields(item)]
    field = draw(st.sampled_from(names))
    if field == "id":
        used = {i.id for i in getattr(current, collection)}
        value: Any = next_id(used, "new")
    else:
        donors = getattr(donor, collection)
        value = getattr(draw(st.sampled_from(donors)), field) if donors else getattr(item, field)
    return set_item_fields(current, collection, item.id, **{field: value})


@st.composite
def insert_edits(draw: st.DrawFn, current: m.Plan, donor: m.Plan) -> Edit:
    """Insert an item of another plan, under an id not used yet, at any position (or appended)."""
    collection = draw(st.sampled_from([c for c in COLLECTIONS if getattr(donor, c)]))
    item = draw(st.sampled_from(getattr(donor, collection)))
    items = getattr(current, collection)
    used = {i.id for i in items}
    if item.id in used:
        item = dataclasses.replace(item, id=next_id(used, "ins"))
    index = draw(st.none() | st.integers(-2, len(items) + 2))
    return InsertItem(collection, item, index)


@st.composite
def remove_edits(draw: st.DrawFn, current: m.Plan) -> Edit:
    collection = draw(st.sampled_from([c for c in COLLECTIONS if getattr(current, c)]))
    return RemoveItem(collection, draw(st.sampled_from(getattr(current, collection))).id)


@st.composite
def project_edits(draw: st.DrawFn, current: m.Plan, donor: m.Plan) -> Edit:
    fields = draw(st.lists(st.sampled_from(PROJECT_FIELDS), min_size=1, max_size=4, unique=True))
    return SetProjectFields(tuple((f, getattr(donor.project, f)) for f in fields))


@st.composite
def single_edits(draw: st.DrawFn, current: m.Plan, donor: m.Plan) -> Edit:
    choices: list[st.SearchStrategy[Edit]] = [project_edits(current, donor)]
    if any(getattr(donor, c) for c in COLLECTIONS):
        choices.append(insert_edits(current, donor))
    if any(getattr(current, c) for c in COLLECTIONS):
        choices += [set_field_edits(current, donor), remove_edits(current)]
    return draw(st.one_of(choices))


@st.composite
def edits_for(draw: st.DrawFn, current: m.Plan) -> Edit:
    """One edit, or a compound of several, each fitting the plan as the edits before it left it."""
    donor = draw(plans(max_items=3))
    if not draw(st.booleans()):
        return draw(single_edits(current, donor))
    steps: list[Edit] = []
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(single_edits(current, donor))
        current = edit.apply(current).plan
        steps.append(edit)
    return CompoundEdit(tuple(steps))


@given(st.data())
def test_inverse_restores_the_plan_exactly(data: st.DataObject) -> None:
    original = data.draw(plans())
    edit = data.draw(edits_for(original))
    applied = edit.apply(original)
    restored = applied.inverse.apply(applied.plan)
    assert restored.plan == original
    assert restored.inverse.apply(original).plan == applied.plan  # redo after undo
    assert applied.changes.parts <= set(COLLECTIONS) | {"project"}
    assert restored.changes.parts == applied.changes.parts


@given(plans())
def test_every_item_removed_then_restored_in_place(generated: m.Plan) -> None:
    for collection in COLLECTIONS:
        for item in getattr(generated, collection):
            applied = RemoveItem(collection, item.id).apply(generated)
            assert item.id not in {i.id for i in getattr(applied.plan, collection)}
            assert applied.inverse.apply(applied.plan).plan == generated


# --- change sets ----------------------------------------------------------------------------------------

BASE = plan((task("A", "Alpha"), task("B", "Beta", "A"), task("C", "Gamma")))


def test_setting_a_field_names_the_collection_and_id() -> None:
    applied = set_item_fields(BASE, "tasks", "B", duration=9).apply(BASE)
    assert applied.changes == ChangeSet(frozenset({"tasks"}), frozenset({"B"}), structural=False)
    assert applied.plan.task_by_id["B"].duration == 9
    assert applied.changes.touches("tasks") and not applied.changes.touches("project")


def test_renaming_an_id_is_structural_and_names_both_ids() -> None:
    applied = set_item_fields(BASE, "tasks", "C", id="D").apply(BASE)
    assert applied.changes == ChangeSet(frozenset({"tasks"}), frozenset({"C", "D"}), structural=True)
    assert [t.id for t in applied.plan.tasks] == ["A", "B", "D"]
    assert applied.inverse.apply(applied.plan).plan == BASE


def test_insert_and_remove_are_structural() -> None:
    inserted = InsertItem("tasks", task("Z", "Zeta"), 0).apply(BASE)
    assert [t.id for t in inserted.plan.tasks] == ["Z", "A", "B", "C"]
    assert inserted.changes == ChangeSet(frozenset({"tasks"}), frozenset({"Z"}), structural=True)
    removed = RemoveItem("tasks", "B").apply(BASE)
    assert [t.id for t in removed.plan.tasks] == ["A", "C"]
    assert removed.changes == ChangeSet(frozenset({"tasks"}), frozenset({"B"}), structural=True)
    assert removed.inverse == InsertItem("tasks", BASE.tasks[1], 1, "Delete")


def test_insert_index_is_clamped_and_none_appends() -> None:
    assert InsertItem("tasks", task("Z"), 99).apply(BASE).plan.tasks[-1].id == "Z"
    assert InsertItem("tasks", task("Z"), -5).apply(BASE).plan.tasks[0].id == "Z"
    assert InsertItem("tasks", task("Z")).apply(BASE).plan.tasks[-1].id == "Z"


def test_project_fields_change_the_project_part() -> None:
    applied = SetProjectFields((("name", "Renamed"), ("appraisal_years", 15))).apply(BASE)
    assert applied.plan.project.name == "Renamed" and applied.plan.project.appraisal_years == 15
    assert applied.changes == ChangeSet(frozenset({"project"}))
    assert applied.inverse == SetProjectFields((("name", "Test plan"), ("appraisal_years", 10)),
                                               "Change project settings")


def test_compound_edit_unites_changes_and_undoes_in_reverse() -> None:
    edit = CompoundEdit((
        InsertItem("systems", m.System("S1", "Cloud", "target", "platform")),
        set_item_fields(BASE, "tasks", "A", systems=("S1",)),
        SetProjectFields((("notes", "cascade"),)),
    ), "Add system")
    applied = edit.apply(BASE)
    assert applied.changes == ChangeSet(frozenset({"systems", "tasks", "project"}), frozenset({"S1", "A"}),
                                        structural=True)
    assert isinstance(applied.inverse, CompoundEdit) and applied.inverse.label == "Add system"
    assert [type(e) for e in applied.inverse.edits] == [SetProjectFields, ReplaceItem, RemoveItem]
    assert applied.inverse.apply(applied.plan).plan == BASE


def test_change_sets_combine() -> None:
    a = ChangeSet(frozenset({"tasks"}), frozenset({"A"}))
    b = ChangeSet(frozenset({"systems"}), frozenset({"S"}), structural=True)
    assert a | b == ChangeSet(frozenset({"tasks", "systems"}), frozenset({"A", "S"}), True)
    assert ChangeSet() | ChangeSet() == ChangeSet()


# --- refused edits --------------------------------------------------------------------------------------


@pytest.mark.parametrize("edit", [
    RemoveItem("tasks", "ghost"),
    ReplaceItem("tasks", "ghost", task("ghost")),
    ReplaceItem("tasks", "A", task("B")),  # B is taken
    InsertItem("tasks", task("A")),
    RemoveItem("widgets", "A"),
    SetProjectFields((("name", "ok"), ("colour", "red"))),
    CompoundEdit((RemoveItem("tasks", "A"), RemoveItem("tasks", "A"))),
], ids=["remove-unknown", "replace-unknown", "replace-duplicate", "insert-duplicate", "unknown-collection",
        "project-unknown-field", "compound-second-fails"])
def test_edits_that_do_not_fit_are_refused(edit: Edit) -> None:
    with pytest.raises(EditError):
        edit.apply(BASE)


def test_set_item_fields_refuses_unknown_items_and_fields() -> None:
    with pytest.raises(EditError, match="ghost"):
        set_item_fields(BASE, "tasks", "ghost", duration=1)
    with pytest.raises(EditError, match="colour"):
        set_item_fields(BASE, "tasks", "A", colour="red")
    with pytest.raises(EditError, match="collection"):
        set_item_fields(BASE, "widgets", "A", name="x")


def test_refused_edit_leaves_the_plan_alone() -> None:
    before = dataclasses.replace(BASE)
    with pytest.raises(EditError):
        CompoundEdit((RemoveItem("tasks", "A"), RemoveItem("tasks", "ghost"))).apply(BASE)
    assert BASE == before and [t.id for t in BASE.tasks] == ["A", "B", "C"]


def test_next_id_fills_the_first_gap() -> None:
    assert next_id([], "T") == "T01"
    assert next_id(["T01", "T02", "T04"], "T") == "T03"
    assert next_id((f"T{n:02d}" for n in range(1, 100)), "T") == "T100"


def test_replace_items_sets_many_in_one_pass_and_inverts() -> None:
    from app.engine.edits import ReplaceItems
    from app.engine.model import Plan, Project, System

    systems = tuple(System(f"S{i}", f"System {i}", "current", "acd") for i in range(5))
    plan = Plan(Project("P", __import__("datetime").date(2026, 6, 1)), systems=systems)
    renamed = (dataclasses.replace(systems[1], name="One"), dataclasses.replace(systems[3], name="Three"))
    applied = ReplaceItems("systems", renamed).apply(plan)
    assert [s.name for s in applied.plan.systems] == ["System 0", "One", "System 2", "Three", "System 4"]
    assert applied.changes.ids == {"S1", "S3"} and not applied.changes.structural
    assert applied.inverse.apply(applied.plan).plan == plan
    with pytest.raises(EditError):
        ReplaceItems("systems", (dataclasses.replace(systems[0], id="nope"),)).apply(plan)
    with pytest.raises(EditError):
        ReplaceItems("systems", (systems[0], systems[0])).apply(plan)


@given(plans(), st.data())
def test_bulk_insert_and_remove_invert_exactly(plan: m.Plan, data: st.DataObject) -> None:
    from app.engine.edits import InsertItems, RemoveItems

    if not plan.systems:
        return
    ids = data.draw(st.lists(st.sampled_from([s.id for s in plan.systems]), min_size=1, unique=True))
    removed = RemoveItems("systems", tuple(ids)).apply(plan)
    assert not {s.id for s in removed.plan.systems} & set(ids)
    assert removed.inverse.apply(removed.plan).plan == plan
    extra = tuple(m.System(f"new-{k}", f"New {k}", "target", "acd") for k in range(3))
    added = InsertItems("systems", extra).apply(plan)
    assert added.plan.systems[-3:] == extra
    assert added.inverse.apply(added.plan).plan == plan
    with pytest.raises(EditError):
        InsertItems("systems", (plan.systems[0],)).apply(plan)
