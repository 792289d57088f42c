"""Estate edits: cascades leave no dangling reference, inverses restore the plan exactly, ids fit in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.engine import model as m
from app.engine.edits import EditError
from app.engine.estate_edits import (
    add_integration_edit,
    add_system_edit,
    delete_integrations_edit,
    delete_systems_edit,
    duplicate_system_edit,
    free_id,
    rename_system_edit,
)
from app.engine.references import structural_problems
from tests.engine.factories import plan, task
from tests.strategies import plans


def _mentions(plan_: m.Plan, system_id: str) -> list[str]:
    """Every place in ``plan_`` that names ``system_id``."""
    found = [f"systems.{s.id}" for s in plan_.systems if s.id == system_id or system_id in s.replaced_by]
    found += [f"integrations.{i.id}" for i in plan_.integrations if system_id in (i.source, i.target)]
    found += [f"tasks.{t.id}" for t in plan_.tasks if system_id in t.systems]
    found += [f"cost_lines.{c.id}" for c in plan_.cost_lines if c.system == system_id]
    return found


@given(st.data())
def test_delete_leaves_no_dangling_reference_and_undo_restores(data: st.DataObject) -> None:
    original = data.draw(plans())
    if not original.systems:
        return
    ids = data.draw(st.lists(st.sampled_from([s.id for s in original.systems]), min_size=1, unique=True))
    before = {(p.code, p.message) for p in structural_problems(original)}
    applied = delete_systems_edit(original, ids).apply(original)
    after = structural_problems(applied.plan)
    assert all((p.code, p.message) in before for p in after if p.code != "duplicate-id")
    assert all(not _mentions(applied.plan, system_id) for system_id in ids)
    assert len(applied.plan.systems) == len(original.systems) - len(ids)
    restored = applied.inverse.apply(applied.plan)
    assert restored.plan == original
    assert restored.inverse.apply(original).plan == applied.plan


@given(st.data())
def test_rename_moves_every_reference_and_undo_restores(data: st.DataObject) -> None:
    original = data.draw(plans())
    if not original.systems:
        return
    old = data.draw(st.sampled_from([s.id for s in original.systems]))
    new = free_id(original.system_by_id, old, "S")
    mentions = _mentions(original, old)
    applied = rename_system_edit(original, old, new).apply(original)
    assert structural_problems(applied.plan) == structural_problems(original)
    assert _mentions(applied.plan, old) == []
    assert len(_mentions(applied.plan, new)) == len(mentions)
    restored = applied.inverse.apply(applied.plan)
    assert restored.plan == original
    assert restored.inverse.apply(original).plan == applied.plan


def _estate() -> m.Plan:
    systems = (
        m.System("A01", "PBX", "current", "acd", replaced_by=("A02", "A03")),
        m.System("A02", "Cloud ACD", "target", "acd"),
        m.System("A03", "Cloud IVR", "target", "ivr"),
        m.System("L01", "Recorder", "current", "recording", replaced_by=("A02",)),
    )
    links = (m.Integration("I001", "A01", "A03"), m.Integration("I002", "A02", "A03"),
             m.Integration("I003", "L01", "A02"))
    lines = (m.CostLine("C1", "PBX support", "Other", "recurring", 100.0, system="A02"),)
    base = plan((task("T1", systems=("A01", "A02")),), systems, links, lines)
    return base


def test_delete_cascades_in_one_step() -> None:
    estate = _estate()
    edit = delete_systems_edit(estate, ["A02"], "Delete system A02")
    applied = edit.apply(estate)
    after = applied.plan
    assert [s.id for s in after.systems] == ["A01", "A03", "L01"]
    assert after.system_by_id["A01"].replaced_by == ("A03",)
    assert after.system_by_id["L01"].replaced_by == ()
    assert [i.id for i in after.integrations] == ["I001"]
    assert after.tasks[0].systems == ("A01",)
    assert after.cost_lines[0].system is None
    assert applied.changes.structural
    assert applied.inverse.label == "Delete system A02"
    assert applied.inverse.apply(after).plan == estate


def test_rename_updates_references() -> None:
    estate = _estate()
    after = rename_system_edit(estate, "A02", "ACD").apply(estate).plan
    assert [s.id for s in after.systems] == ["A01", "ACD", "A03", "L01"]
    assert after.system_by_id["A01"].replaced_by == ("ACD", "A03")
    ends = [(i.source, i.target) for i in after.integrations]
    assert ends == [("A01", "A03"), ("ACD", "A03"), ("L01", "ACD")]
    assert after.tasks[0].systems == ("A01", "ACD")
    assert after.cost_lines[0].system == "ACD"


@pytest.mark.parametrize("bad", ["", "A 02", "A03", "A02"])
def test_rename_refuses_bad_ids(bad: str) -> None:
    with pytest.raises(EditError):
        rename_system_edit(_estate(), "A02", bad)


def test_free_id_follows_the_pattern() -> None:
    used = ["A01", "A02", "A34", "L01", "I074", "CRM"]
    assert free_id(used, "A02", "S") == "A35"
    assert free_id(used, "L01", "S") == "L02"
    assert free_id(used, "I074", "I") == "I075"
    assert free_id(used, "CRM", "S") == "CRM-copy"
    assert free_id([*used, "CRM-copy"], "CRM", "S") == "CRM-copy2"
    assert free_id([], None, "S") == "S01"


def test_duplicate_copies_fields_but_not_integrations() -> None:
    estate = _estate()
    applied = duplicate_system_edit(estate, "A01", "PBX (copy)").apply(estate)
    copy = applied.plan.systems[1]
    assert (copy.id, copy.name, copy.replaced_by, copy.kind) == ("A04", "PBX (copy)", ("A02", "A03"), "acd")
    assert applied.plan.integrations == estate.integrations
    assert applied.inverse.apply(applied.plan).plan == estate


def test_add_system_and_integrations() -> None:
    estate = _estate()
    with pytest.raises(EditError):
        add_system_edit(estate, m.System("A01", "Clash", "target", "acd"))
    added = add_system_edit(estate, m.System("A04", "New", "target", "acd")).apply(estate).plan
    assert added.systems[-1].id == "A04"
    linked = add_integration_edit(estate, "A01", "L01", "PBX feed").apply(estate).plan
    assert linked.integrations[-1] == m.Integration("I004", "A01", "L01", "PBX feed")
    with pytest.raises(EditError):
        add_integration_edit(estate, "A01", "A01")
    with pytest.raises(EditError):
        add_integration_edit(estate, "A01", "nope")
    removed = delete_integrations_edit(estate, ["I001", "I003"]).apply(estate)
    assert [i.id for i in removed.plan.integrations] == ["I002"]
    assert removed.inverse.apply(removed.plan).plan == estate
