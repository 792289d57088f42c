"""Suggested waves: dependencies, bridges, shared ranges, loops, replacements, and accepting them."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from app.engine import model as m
from app.engine.edits import CompoundEdit, InsertItem, ReplaceItems
from app.engine.waves import SuggestedWave, suggest_waves, waves_to_edit
from app.storage.interchange import read_json
from tests.conftest import SAMPLES
from tests.engine.factories import plan


def target(system_id: str, **fields: object) -> m.System:
    return m.System(system_id, f"Target {system_id}", "target", "acd", **fields)  # type: ignore[arg-type]


def current(system_id: str, **fields: object) -> m.System:
    return m.System(system_id, f"Legacy {system_id}", "current", "acd", **fields)  # type: ignore[arg-type]


def dep(source: str, target_id: str, **fields: object) -> m.Integration:
    return m.Integration(f"{source}>{target_id}", source, target_id, **fields)  # type: ignore[arg-type]


def wave_of(waves: tuple[SuggestedWave, ...]) -> dict[str, int]:
    return {s: w.number for w in waves for s in w.systems}


def reasons(waves: tuple[SuggestedWave, ...]) -> dict[str, str]:
    return {s: r for w in waves for s, r in w.reasons.items()}


def test_chain_moves_in_order_with_reasons() -> None:
    p = plan((), (target("A"), target("B"), target("C"), target("D")), (dep("A", "B"), dep("B", "C")))
    waves = suggest_waves(p)
    assert [(w.number, w.systems) for w in waves] == [(1, ("A", "D")), (2, ("B",)), (3, ("C",))]
    why = reasons(waves)
    assert why["A"] == why["D"] == "no dependencies: first wave"
    assert why["B"] == "after Target A (A) (depends on it)"


def test_coexistence_bridge_lets_a_system_move_earlier_and_data_flows_impose_nothing() -> None:
    links = (dep("A", "B", coexistence_bridge=True), dep("A", "C", dependency=False))
    assert wave_of(suggest_waves(plan((), (target("A"), target("B"), target("C")), links))) == {
        "A": 1, "B": 1, "C": 1}


def test_shared_range_is_never_split() -> None:
    systems = (target("T0"), target("T1", number_ranges=("0300 555 0000",)),
               target("T2", number_ranges=("0300 555 0000 ",)))
    waves = suggest_waves(plan((), systems, (dep("T0", "T2"),)))
    assert wave_of(waves) == {"T0": 1, "T1": 2, "T2": 2}
    assert reasons(waves)["T1"] == "with Target T2 (T2) (shares range 0300 555 0000)"
    assert reasons(waves)["T2"].startswith("after Target T0 (T0) (depends on it); with Target T1 (T1)")


def test_loop_created_by_merging_a_range_puts_the_group_in_one_wave() -> None:
    systems = (target("A", number_ranges=("R1",)), target("X"), target("B", number_ranges=("R1",)))
    waves = suggest_waves(plan((), systems, (dep("A", "X"), dep("X", "B"))))
    assert len(waves) == 1 and waves[0].systems == ("A", "X", "B")
    assert "their dependencies loop" in waves[0].reasons["X"]
    assert "with Target A (A) and Target B (B)" in waves[0].reasons["X"]


def test_current_system_moves_after_its_replacements_and_retained_ones_stay() -> None:
    systems = (current("L1", replaced_by=("T1", "T2")), target("T1"), target("T2"), target("T0"),
               current("CRM", action="retain"), current("OLD"), target("KEEP", action="retain"))
    links = (dep("T0", "T2"), dep("CRM", "T0"), dep("OLD", "T1"))
    waves = suggest_waves(plan((), systems, links))
    assert wave_of(waves) == {"T1": 1, "T0": 1, "T2": 2, "L1": 3}
    assert reasons(waves)["L1"] == "after Target T2 (T2) (its replacement)"


def test_empty_estate_has_no_waves() -> None:
    assert suggest_waves(plan((), (current("CRM", action="retain"),))) == ()


def test_midshire_waves_follow_porting_and_decommission_order() -> None:
    midshire = read_json(SAMPLES / "midshire.json")
    wave = wave_of(suggest_waves(midshire))
    assert "A24" not in wave  # the council CRM is retained
    assert wave["A01"] == 1 and wave["A07"] < wave["A08"] < wave["A15"] < wave["A10"] < wave["A11"]
    assert wave["A11"] < wave["A09"] < wave["A13"] < wave["L04"]


# --- properties over random estates ---------------------------------------------------------------------


@st.composite
def estates(draw: st.DrawFn) -> m.Plan:
    n = draw(st.integers(1, 14))
    ranges = st.lists(st.sampled_from(["R1", "R2", "R3"]), max_size=1).map(tuple)
    systems = []
    for k in range(n):
        estate = draw(st.sampled_from(["target", "target", "current"]))
        names = st.sampled_from([f"S{j}" for j in range(n)])
        replaced_by = tuple(draw(st.lists(names, max_size=2, unique=True)))
        systems.append(m.System(f"S{k}", f"System {k}", estate, "acd",  # type: ignore[arg-type]
                                action=draw(st.sampled_from(["replace", "replace", "retain"])),
                                replaced_by=replaced_by if estate == "current" else (),
                                number_ranges=draw(ranges)))
    ends = st.integers(0, n - 1)
    pairs = draw(st.lists(st.tuples(ends, ends, st.booleans(), st.booleans()), max_size=25))
    links = tuple(m.Integration(f"I{k}", f"S{a}", f"S{b}", dependency=d, coexistence_bridge=bridge)
                  for k, (a, b, d, bridge) in enumerate(pairs))
    phases = tuple(m.Phase(p, p) for p in draw(st.lists(st.sampled_from(["W01", "W03", "P1"]), unique=True)))
    return m.Plan(plan().project, systems=tuple(systems), integrations=links, phases=phases)


@given(estates())
def test_waves_respect_every_dependency_and_never_split_a_range(p: m.Plan) -> None:
    waves = suggest_waves(p)
    wave = wave_of(waves)
    known = p.system_by_id
    assert [w.number for w in waves] == list(range(1, len(waves) + 1))
    assert sum(len(w.systems) for w in waves) == len(wave)  # each system once
    assert all(w.systems and set(w.reasons) == set(w.systems) for w in waves)
    for s in p.systems:
        moves = s.action != "retain" and (s.estate == "target" or any(
            r in known and known[r].estate == "target" and known[r].action != "retain"
            for r in s.replaced_by))
        assert (s.id in wave) == moves
        if s.estate == "current" and s.id in wave:
            for r in s.replaced_by:
                if r in wave and known[r].estate == "target":
                    assert wave[r] <= wave[s.id]
    for link in p.integrations:
        u, v = link.source, link.target
        if link.dependency and not link.coexistence_bridge and u in wave and v in wave:
            assert wave[u] <= wave[v]
            if wave[u] == wave[v] and u != v:  # only when grouped: a shared range or a loop
                why = reasons(waves)
                assert "shares range" in why[v] + why[u] or "loop" in why[v]
    for number_range in ("R1", "R2", "R3"):
        assert len({wave[s.id] for s in p.systems if number_range in s.number_ranges and s.id in wave}) <= 1


@given(estates())
def test_accepting_waves_is_one_edit_whose_inverse_restores_the_plan(p: m.Plan) -> None:
    waves = suggest_waves(p)
    edit = waves_to_edit(p, waves)
    applied = edit.apply(p)
    new_phases = applied.plan.phases[len(p.phases):]
    assert [ph.name for ph in new_phases] == [f"Suggested wave {w.number}" for w in waves]
    assert len({ph.id for ph in applied.plan.phases}) == len(applied.plan.phases)
    for wave, phase in zip(waves, new_phases, strict=True):
        assert all(applied.plan.system_by_id[s].phase == phase.id for s in wave.systems)
    assert applied.inverse.apply(applied.plan).plan == p


def test_waves_to_edit_uses_free_phase_ids_and_one_compound_step() -> None:
    p = dataclasses.replace(plan((), (target("A"), target("B")), (dep("A", "B"),)),
                            phases=(m.Phase("W01", "Existing"),))
    edit = waves_to_edit(p, suggest_waves(p))
    assert isinstance(edit, CompoundEdit) and edit.label == "Accept suggested waves"
    assert [e.item.id for e in edit.edits if isinstance(e, InsertItem)] == ["W02", "W03"]
    (assign,) = [e for e in edit.edits if isinstance(e, ReplaceItems)]
    assert [(s.id, s.phase) for s in assign.items] == [("A", "W02"), ("B", "W03")]
    changes = edit.apply(p).changes
    assert changes.touches("phases") and changes.touches("systems") and changes.structural
